"""Catalogues of organisations (schools, kindergartens, additional education) and, when the registry holds
several municipalities, one page per municipality. They are the way to the organisation pages, which are
kept out of the global navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import typography as ty
from ... import urls
from .. import paging
from ..lookups import KIND_PLURAL, LOCALITY_NAMES, TYPE_SHORT, change_markup, is_missing, records, shown_value
from ..tables import Cell, Column, table

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


def _catalogue(w: PageWriter, kind: str) -> None:
    """The catalogue of one kind: one sortable table, split into pages of ``PAGE_ROWS`` for large registries
    (a page must stay small; the site search finds any organisation across the pages)."""
    data = w.data
    organisations = data.kind_organisations(kind)
    if organisations.empty:
        return
    title, long_title = TITLES[kind]
    urban = int((organisations["locality"] == "urban").sum())
    summary = (f"{long_title}: {ty.count_noun(len(organisations), KIND_PLURAL[kind])}, из них в городской местности — "
               f"{ty.fmt_int(urban)}, в сельской — {ty.fmt_int(len(organisations) - urban)}. "
               "Наименование ведёт на страницу организации с показателями и результатами. Таблицу можно упорядочить "
               "по любому столбцу и отфильтровать по тексту.")
    chunks = paging.chunks(organisations, PAGE_ROWS)
    pages = [urls.catalogue_page(kind, number) for number in range(1, len(chunks) + 1)]
    labels = [f"{chunk['short_name'].iloc[0]} — {chunk['short_name'].iloc[-1]}" for chunk in chunks]
    for number, (chunk, page) in enumerate(zip(chunks, pages, strict=True), start=1):
        caption = long_title if len(chunks) == 1 else f"{long_title}, страница {number} из {len(chunks)}"
        catalogue_table, suppressed = organisation_table(w, page, chunk, kind, caption=caption,
                                                         with_municipality=data.several_municipalities)
        pager = paging.pager(w, page, pages, labels, name="Страницы каталога") if len(chunks) > 1 else ""
        w.page(page, "catalogue.md.j2", title=title if number == 1 else f"{title}: страница {number}", summary=summary,
               pager=pager, table=catalogue_table, legend=suppressed, wide=True)


def _municipalities(w: PageWriter) -> None:
    data = w.data
    rows = []
    for municipality in records(data.municipalities):
        oktmo = str(municipality["oktmo"])
        orgs = data.organisations[data.organisations["oktmo"] == oktmo]
        rows.append([Cell(w.a(MUNICIPALITIES, urls.municipality(oktmo), municipality["name"]), str(municipality["name"]), header=True),
                     Cell(oktmo, oktmo)] +
                    [Cell(ty.fmt_int(int((orgs["kind"] == kind).sum())), int((orgs["kind"] == kind).sum()))
                     for kind in ("school", "kindergarten", "additional")])
        _municipality_page(w, municipality, orgs)
    columns = [Column("Муниципалитет"), Column("ОКТМО"), Column("Школы", numeric=True), Column("Детские сады", numeric=True),
               Column("Дополнительное образование", numeric=True)]
    summary = f"Муниципальные образования: {ty.count_noun(len(data.municipalities), ('муниципалитет', 'муниципалитета', 'муниципалитетов'))}."
    w.page(MUNICIPALITIES, "municipalities.md.j2", title="Муниципалитеты", summary=summary,
           table=table(columns, rows, caption="Муниципалитеты", interactive=True, filter_label="Найти муниципалитет"), wide=True)


def _municipality_page(w: PageWriter, municipality: dict[str, Any], orgs: pd.DataFrame) -> None:
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
           groups=groups, legend=suppressed, territories=_territory_links(w, page, oktmo))


def _territory_links(w: PageWriter, page: str, oktmo: str) -> list[Any]:
    """Links to the territories directly inside the municipality (each page links further down)."""
    entities = w.ctx.results.entities
    top = entities[(entities["entity_type"] == "territory") & (entities["parent_type"] == "municipality")
                   & (entities["parent_id"] == oktmo)].sort_values(["name", "entity_id"])
    return [w.a(page, urls.territory(str(row["entity_id"])), row["name"]) for row in records(top)]


def write(w: PageWriter) -> None:
    for kind in ("school", "kindergarten", "additional"):
        _catalogue(w, kind)
    if w.data.several_municipalities:
        _municipalities(w)
