"""Catalogues of organisations (schools, kindergartens, additional education) and, when the registry holds
several municipalities, one page per municipality. They are the way to the organisation pages, which are
kept out of the global navigation."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import site_search, urls
from ... import typography as ty
from .. import paging
from ..lookups import (
    KIND_NAMES,
    KIND_PLURAL,
    LOCALITY_NAMES,
    TYPE_SHORT,
    change_markup,
    is_missing,
    records,
    shown_value,
)
from ..sort_names import name_key, plain_name
from ..tables import Cell, Column, table
from ..templating import md_escape

if TYPE_CHECKING:
    import pandas as pd

    from ..writer import PageWriter

MUNICIPALITIES = urls.MUNICIPALITIES
#: organisations on one catalogue page
PAGE_ROWS = paging.PAGE_ROWS
#: the indicator that gives an organisation's size in the catalogue, by kind
SIZE_INDICATOR = {"school": "1.31", "kindergarten": "8.09", "additional": "3.12"}
TITLES = {
    "school": ("Школы", "Общеобразовательные организации"),
    "kindergarten": ("Детские сады", "Дошкольные образовательные организации"),
    "additional": ("Дополнительное образование", "Организации дополнительного образования детей"),
}


#: the comparison of chosen organisations (``generator.render.pages.compare``)
COMPARE_PAGE = "compare/index.md"
#: the finder's data of each catalogue, beside it (loaded by finder.js when the visitor filters)
FINDER_DATA = {"school": "schools/finder.json", "kindergarten": "kindergartens/finder.json",
               "additional": "additional/finder.json"}
#: size bands of the finder: (upper bound, exclusive; label); the last has no bound
SIZE_BANDS: tuple[tuple[float | None, str], ...] = (
    (100, "до 100"), (300, "100–299"), (800, "300–799"), (None, "800 и более"))
STATUS_FILTER = (("ШНОР", "ШНОР"), ("ШФНСУ", "ШФНСУ"), ("none", "Без статуса"))


def by_name(organisations: pd.DataFrame) -> pd.DataFrame:
    """Organisations in the order of their names without the legal form (``generator.render.sort_names``)."""
    order = sorted(range(len(organisations)), key=lambda i: (name_key(str(organisations["short_name"].iloc[i])),
                                                             str(organisations["org_id"].iloc[i])))
    return organisations.iloc[order]


def size_band(value: float | None) -> str:
    """The band of a published size; none for «к» or «—» (a band of a hidden count would narrow it)."""
    if value is None:
        return ""
    for bound, label in SIZE_BANDS:
        if bound is None or value < bound:
            return label
    return ""


def _status_years(w: PageWriter) -> dict[str, str]:
    """ШНОР / ШФНСУ marks for the catalogue: statuses of the latest year from the registry."""
    statuses = w.ctx.dataset["statuses"]
    latest = w.data.latest_year
    marks: dict[str, list[str]] = {}
    for row in records(statuses[statuses["year"] == latest].sort_values(["org_id", "status"])):
        marks.setdefault(str(row["org_id"]), []).append("ШНОР" if row["status"] == "shnor" else "ШФНСУ")
    return {org_id: ", ".join(names) for org_id, names in marks.items()}


def short_addresses(addresses: list[str]) -> dict[str, str]:
    """Addresses without the parts every one of them shares (region, municipality) and without the postcode:
    «г. Демонстрационный, ул. Советская, д. 12» reads better in a narrow column than the full line."""
    split = {address: [part.strip() for part in address.split(",")] for address in addresses}
    common = set.intersection(*(set(parts) for parts in split.values())) if len(split) > 1 else set()
    shown = {}
    for address, parts in split.items():
        kept = [p for p in parts if p not in common and not (p.isdigit() and len(p) == 6)]
        shown[address] = ", ".join(kept) if kept else address
    return shown


def organisation_table(w: PageWriter, page: str, organisations: pd.DataFrame, kind: str, *, caption: str,
                       with_municipality: bool) -> tuple[Any, bool]:
    data = w.data
    size_code = SIZE_INDICATOR.get(kind)
    size_item = data.indicator_by_code.get(size_code) if size_code else None
    statuses = _status_years(w) if kind == "school" else {}
    columns = [Column("Наименование"), Column("Вид"), Column("Местность")]
    if with_municipality:
        columns.append(Column("Муниципалитет"))
    columns.append(Column("Адрес"))
    if size_item is not None:
        columns.append(Column(f"{size_item['short_name']}, {ty.school_year(data.latest_year)}", numeric=True))
    if kind == "school":
        columns.append(Column(f"Статус, {ty.school_year(data.latest_year)}"))
    rows, suppressed = [], False
    addresses = short_addresses([str(a) for a in organisations["address"].dropna()])
    for org in records(organisations):
        org_id = str(org["org_id"])
        cells: list[Any] = [Cell(w.org_a(page, org_id), str(org["short_name"]).lower(), header=True),
                            TYPE_SHORT.get(str(org["type"]), org["type"]),
                            LOCALITY_NAMES.get(str(org["locality"]), org["locality"]).split()[0]]
        if with_municipality:
            municipality = data.municipality_by_id.get(str(org["oktmo"]))
            cells.append(municipality["name"] if municipality else org["oktmo"])
        cells.append(addresses.get(str(org["address"]), org["address"]) if not is_missing(org["address"]) else "")
        if size_item is not None:
            value = shown_value(data.series(str(size_code), "organisation", org_id).get(data.latest_year), str(size_item["unit"]))
            suppressed |= value.suppressed
            cells.append(Cell(value.text, value.sort))
        if kind == "school":
            cells.append(statuses.get(org_id, ""))
        rows.append(cells)
    return table(columns, rows, caption=caption, interactive=True, filter_label="Найти по названию, адресу или виду"), suppressed


def finder_records(w: PageWriter, kind: str) -> list[dict[str, Any]]:
    """What the finder filters, one record per organisation of ``kind``, by name: only what the catalogue
    already shows (the size as published, «к» included, and its band only when the size is shown)."""
    data = w.data
    organisations = by_name(data.kind_organisations(kind))
    size_code = SIZE_INDICATOR.get(kind)
    size_item = data.indicator_by_code.get(size_code) if size_code else None
    statuses = _status_years(w) if kind == "school" else {}
    addresses = short_addresses([str(a) for a in organisations["address"].dropna()])
    territories = "territory" in organisations.columns
    rows = []
    for org in records(organisations):
        org_id = str(org["org_id"])
        municipality = data.municipality_by_id.get(str(org["oktmo"]))
        record: dict[str, Any] = {
            "id": org_id,
            "name": str(org["short_name"]),
            "sortName": plain_name(str(org["short_name"])),
            "url": site_search.page_address(urls.organisation(org_id)) if w.publishes("organisations") else "",
            "kind": kind,
            "type": str(org["type"]),
            "typeName": TYPE_SHORT.get(str(org["type"]), str(org["type"])),
            "municipality": str(municipality["name"]) if municipality else str(org["oktmo"]),
            "locality": str(org["locality"]),
            "address": "" if is_missing(org["address"]) else addresses.get(str(org["address"]), str(org["address"])),
            "status": statuses.get(org_id, ""),
        }
        if territories and not is_missing(org["territory"]):
            record["territory"] = str(org["territory"])
        if size_item is not None:
            value = shown_value(data.series(str(size_code), "organisation", org_id).get(data.latest_year), str(size_item["unit"]))
            record["size"] = value.text
            record["band"] = size_band(value.sort)
        rows.append(record)
    return rows


def _options(name: str, label: str, choices: list[tuple[str, str]], field_id: str) -> str:
    options = '<option value="">Все</option>' + "".join(
        f'<option value="{md_escape(value)}">{md_escape(text)}</option>' for value, text in choices)
    return (f'<div class="msoko-finder__field"><label for="{field_id}">{md_escape(label)}</label>'
            f'<select id="{field_id}" name="{name}">{options}</select></div>')


def finder_sources(w: PageWriter, page: str) -> dict[str, str]:
    """The finder's data of every kind the registry has, as addresses from ``page``."""
    return {other: w.href(page, FINDER_DATA[other]).rstrip("/") for other in ("school", "kindergarten", "additional")
            if not w.data.kind_organisations(other).empty}


def finder_fields(w: PageWriter, kind: str | None, found: list[dict[str, Any]], *, municipality: bool = True) -> str:
    """The finder's fields over the records ``found``; ``kind`` is the default kind (a catalogue's own), or
    ``None`` for every kind at once (the map). The field names are the parameters of the address. Without
    ``municipality`` there is no municipality field (a municipality's own map)."""
    data = w.data
    kinds = [(other, TITLES[other][0]) for other in ("school", "kindergarten", "additional")
             if not data.kind_organisations(other).empty]
    types = sorted({(r["type"], r["typeName"]) for r in found}, key=lambda pair: pair[1])
    kind_field = _options("kind", "Вид организации", kinds, "finder-kind")
    if kind is not None:
        kind_field = kind_field.replace(f'<option value="{kind}">', f'<option value="{kind}" data-default>')
    fields = [
        '<div class="msoko-finder__field msoko-finder__field--wide"><label for="finder-q">Название или адрес</label>'
        '<input id="finder-q" name="q" type="search" autocomplete="off" spellcheck="false"></div>',
        kind_field,
    ]
    if len(types) > 1:
        fields.append(_options("type", "Тип", types, "finder-type"))
    if data.several_municipalities and municipality:
        fields.append(_options("municipality", "Муниципалитет",
                               [(str(m["name"]), str(m["name"])) for m in records(data.municipalities)], "finder-municipality"))
    territories = sorted({r["territory"] for r in found if r.get("territory")}, key=name_key)
    if territories:
        fields.append(_options("territory", "Территория", [(t, t) for t in territories], "finder-territory"))
    fields.append(_options("locality", "Местность", [("urban", "Городская"), ("rural", "Сельская")], "finder-locality"))
    if kind in ("school", None) and any(r["kind"] == "school" for r in found):
        fields.append(_options("status", "Статус ШНОР / ШФНСУ", list(STATUS_FILTER), "finder-status"))
    if any(r.get("band") for r in found):
        size_item = data.indicator_by_code.get(SIZE_INDICATOR[kind]) if kind is not None else None
        fields.append(_options("size", f"Численность ({size_item['short_name'].lower()})" if size_item else "Численность",
                               [(label, label) for _bound, label in SIZE_BANDS], "finder-size"))
    return "".join(fields)


def finder_form(w: PageWriter, page: str, kind: str, found: list[dict[str, Any]]) -> Markup:
    """The finder's form above the catalogue: hidden until finder.js runs (without JavaScript the catalogue is
    the plain list under it). Every choice is one parameter of the address, so a filtered list can be shared."""
    config = json.dumps({"kind": kind, "sources": finder_sources(w, page), "root": w.href(page, urls.HOME),
                         "compare": w.href(page, COMPARE_PAGE)}, ensure_ascii=False, sort_keys=True)
    return Markup(
        f'<form class="msoko-finder" data-msoko-finder="{md_escape(config)}" role="search" aria-label="Поиск организаций" hidden>\n'
        '<div class="msoko-finder__fields">' + finder_fields(w, kind, found) + "</div>\n"
        '<p class="msoko-finder__note">Список всегда упорядочен по названию: результаты не ранжируются по '
        "показателям. Выбор сохраняется в адресе страницы — ссылкой можно поделиться.</p>\n"
        '<p class="msoko-finder__actions"><button type="reset" class="msoko-finder__reset">Сбросить фильтры</button></p>\n'
        "</form>\n"
        '<div class="msoko-finder__output" data-msoko-finder-output hidden>'
        '<p class="msoko-finder__status" role="status" data-msoko-finder-status></p>'
        '<ol class="msoko-finder__results" data-msoko-finder-results></ol>'
        '<button type="button" class="msoko-finder__more" data-msoko-finder-more hidden>Показать ещё</button>'
        "</div>"
    )


def _map_link(w: PageWriter, page: str) -> str:
    """The address of the map from ``page`` when the build draws one (the registry has coordinates), else ""."""
    from .map_page import MAP_PAGE, located

    columns = w.data.organisations.columns
    if "latitude" not in columns or "longitude" not in columns or not located(records(w.data.organisations)):
        return ""
    return w.href(page, MAP_PAGE)


def _catalogue(w: PageWriter, kind: str) -> None:
    """The catalogue of one kind: one sortable table, split into pages of ``PAGE_ROWS`` for large registries
    (a page must stay small; the site search finds any organisation across the pages)."""
    data = w.data
    organisations = by_name(data.kind_organisations(kind))
    if organisations.empty:
        return
    found = finder_records(w, kind)
    w.docs.write_text(FINDER_DATA[kind], json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                      f"данные поиска организаций «{TITLES[kind][0]}»")
    title, long_title = TITLES[kind]
    urban = int((organisations["locality"] == "urban").sum())
    summary = (f"{long_title}: {ty.count_noun(len(organisations), KIND_PLURAL[kind])}, из них в городской местности — "
               f"{ty.fmt_int(urban)}, в сельской — {ty.fmt_int(len(organisations) - urban)}. "
               "Наименование ведёт на страницу организации с показателями и результатами. Организации можно отобрать "
               "по виду, типу, местности, статусу и численности, найти по названию и выбрать до четырёх для сравнения.")
    chunks = paging.chunks(organisations, PAGE_ROWS)
    pages = [urls.catalogue_page(kind, number) for number in range(1, len(chunks) + 1)]
    labels = [f"{plain_name(str(chunk['short_name'].iloc[0]))} — {plain_name(str(chunk['short_name'].iloc[-1]))}"
              for chunk in chunks]
    for number, (chunk, page) in enumerate(zip(chunks, pages, strict=True), start=1):
        caption = long_title if len(chunks) == 1 else f"{long_title}, страница {number} из {len(chunks)}"
        catalogue_table, suppressed = organisation_table(w, page, chunk, kind, caption=caption,
                                                         with_municipality=data.several_municipalities)
        pager = paging.pager(w, page, pages, labels, name="Страницы каталога") if len(chunks) > 1 else ""
        w.page(page, "catalogue.md.j2", title=title if number == 1 else f"{title}: страница {number}", summary=summary,
               pager=pager, table=catalogue_table, legend=suppressed, wide=True, finder=finder_form(w, page, kind, found),
               map_link=_map_link(w, page), menu=title if number == 1 else "")


def _municipalities(w: PageWriter) -> None:
    from .map_page import municipality_maps

    data = w.data
    maps = municipality_maps(w)
    rows = []
    for municipality in records(data.municipalities):
        oktmo = str(municipality["oktmo"])
        orgs = data.organisations[data.organisations["oktmo"] == oktmo]
        rows.append([Cell(w.a(MUNICIPALITIES, urls.municipality(oktmo), municipality["name"]), str(municipality["name"]), header=True),
                     Cell(oktmo, oktmo)] +
                    [Cell(ty.fmt_int(int((orgs["kind"] == kind).sum())), int((orgs["kind"] == kind).sum()))
                     for kind in ("school", "kindergarten", "additional")])
        _municipality_page(w, municipality, orgs, maps.get(str(municipality["oktmo"]), ""))
    columns = [Column("Муниципалитет"), Column("ОКТМО"), Column("Школы", numeric=True), Column("Детские сады", numeric=True),
               Column("Дополнительное образование", numeric=True)]
    summary = f"Муниципальные образования: {ty.count_noun(len(data.municipalities), ('муниципалитет', 'муниципалитета', 'муниципалитетов'))}."
    w.page(MUNICIPALITIES, "municipalities.md.j2", title="Муниципалитеты", menu="Муниципалитеты", summary=summary,
           table=table(columns, rows, caption="Муниципалитеты", interactive=True, filter_label="Найти муниципалитет"), wide=True)


def _municipality_page(w: PageWriter, municipality: dict[str, Any], orgs: pd.DataFrame, map_page: str) -> None:
    """A municipality's page; ``map_page`` — the map of its organisations, "" when none has coordinates."""
    data = w.data
    oktmo = str(municipality["oktmo"])
    page = urls.municipality(oktmo)
    year = data.latest_year
    body, suppressed = [], False
    for item in data.catalogue_rows:
        if not bool(item["headline"]):
            continue
        row = data.series(str(item["code"]), "municipality", oktmo).get(year)
        value = shown_value(row, str(item["unit"]))
        suppressed |= value.suppressed
        body.append([Cell(w.indicator_a(page, str(item["code"]), str(item["short_name"])), header=True),
                     Cell(value.text, value.sort), change_markup(row, str(item["unit"]))])
    indicators = table([Column("Показатель"), Column(f"Значение, {ty.school_year(year)}", numeric=True),
                        Column("Изменение за год", numeric=True)], body, caption="Ключевые показатели")
    groups = []
    for kind in ("school", "kindergarten", "additional"):
        subset = orgs[orgs["kind"] == kind]
        if subset.empty:
            continue
        group_table, group_suppressed = organisation_table(w, page, subset, kind, caption=TITLES[kind][1], with_municipality=False)
        suppressed |= group_suppressed
        groups.append({"title": TITLES[kind][0], "table": group_table})
    summary = f"{municipality['name']}, ОКТМО {oktmo}: {ty.count_noun(len(orgs), ('организация', 'организации', 'организаций'))}."
    w.page(page, "municipality.md.j2", title=str(municipality["name"]), summary=summary, indicators=indicators,
           groups=groups, legend=suppressed, territories=_territory_links(w, page, oktmo),
           map_link=w.href(page, map_page) if map_page else "")


def _territory_links(w: PageWriter, page: str, oktmo: str) -> list[Any]:
    """Links to the territories directly inside the municipality (each page links further down)."""
    entities = w.ctx.results.entities
    top = entities[(entities["entity_type"] == "territory") & (entities["parent_type"] == "municipality")
                   & (entities["parent_id"] == oktmo)].sort_values(["name", "entity_id"])
    return [w.a(page, urls.territory(str(row["entity_id"])), row["name"]) for row in records(top)]


def search_meta(w: PageWriter) -> dict[str, dict[str, str]]:
    """The kind and municipality of each organisation and municipality page, shown beside search results."""
    data = w.data
    meta: dict[str, dict[str, str]] = {}
    for org in records(data.organisations):
        municipality = data.municipality_by_id.get(str(org["oktmo"]))
        meta[site_search.page_address(urls.organisation(str(org["org_id"])))] = {
            "kind": KIND_NAMES.get(str(org["kind"]), str(org["kind"])),
            "place": str(municipality["name"]) if municipality else "",
            "org": str(org["org_id"]),
        }
    for municipality in records(data.municipalities):
        meta[site_search.page_address(urls.municipality(str(municipality["oktmo"])))] = {
            "kind": "Муниципалитет", "place": str(municipality["name"])}
    return meta


def write(w: PageWriter) -> None:
    w.docs.write_text(site_search.META_FILE, site_search.meta_text(search_meta(w)), "типы страниц для поиска по сайту")
    for kind in ("school", "kindergarten", "additional"):
        _catalogue(w, kind)
    if w.data.several_municipalities:
        _municipalities(w)
