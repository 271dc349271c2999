"""Pages of the territories below the municipality (okrugs, districts, settlements) and their list.

Each page shows where the territory lies (the chain up to the municipality), the territories inside it, its
key indicators — Σ numerator / Σ denominator over its organisations, as published by the analytics, beside the
municipality's value — and its organisations. Written only when the project has territories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...territories import KINDS, MUNICIPALITY_KINDS, kind_title, territory_members
from ..lookups import as_float, change_markup, is_missing, records, shown_value
from ..tables import Cell, Column, table
from ..templating import md_escape
from .catalogues import TITLES, organisation_table

if TYPE_CHECKING:
    import pandas as pd

    from ..writer import PageWriter

ORGANISATIONS = ("организация", "организации", "организаций")
#: «из 6 школ»: the genitive forms after «из» by the kind an indicator is about
KIND_GENITIVE = {"school": ("школы", "школ"), "kindergarten": ("детского сада", "детских садов"),
                 "additional": ("организации", "организаций")}
#: a count indicator is not compared with the municipality's total (a school's 13 with the city's 21 265)
SUM = "sum"


def territory_rows(w: PageWriter) -> pd.DataFrame:
    """The territory entities in the order of the tree (parents before children, names within a level)."""
    entities = w.ctx.results.entities
    return entities[entities["entity_type"] == "territory"].sort_values(["name", "entity_id"]).reset_index(drop=True)


def _path(w: PageWriter, page: str, territory: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> Markup:
    """«Город Москва › Северный административный округ»: the territories this one is part of, from the
    municipality down to the parent (the order of a breadcrumb), each a link."""
    parts = []
    current = territory
    while current["parent_type"] == "territory" and str(current["parent_id"]) in by_id:
        current = by_id[str(current["parent_id"])]
        parts.append(w.a(page, urls.territory(str(current["entity_id"])), current["name"]))
        if len(parts) > len(by_id):
            break
    municipality = w.data.municipality_by_id.get(str(territory["oktmo"]))
    if municipality is not None:
        name = str(municipality["name"])
        parts.append(w.a(page, urls.municipality(str(territory["oktmo"])), name) if w.data.several_municipalities
                     else w.a(page, urls.HOME, name))
    return Markup(f"{ty.NBSP}› ").join(reversed(parts))


def count_change(w: PageWriter, comparison: dict[str, Any] | None, unit: str, kind: str) -> Markup:
    """A count's change like for like, with its coverage: «+9 чел. (данные 6 из 6 школ)»; «—» without it."""
    if comparison is None or as_float(comparison.get("like_for_like_change")) is None:
        return Markup(ty.NO_DATA)
    change = float(comparison["like_for_like_change"])
    covered = int(comparison["like_for_like_organisations"])
    total = comparison.get("organisations")
    total = int(total) if as_float(total) is not None else covered
    forms = KIND_GENITIVE.get(kind, ("организации", "организаций"))
    text = f"{ty.fmt_change(change, unit)}; данные {ty.fmt_int(covered)} из {ty.count_noun_genitive(total, forms)}"
    arrow = "▲" if round(change, 1) > 0 else "▼" if round(change, 1) < 0 else "▶"
    return Markup(f'<span class="msoko-same"><span aria-hidden="true">{arrow}</span> {md_escape(text)}</span>')


def count_median(comparison: dict[str, Any] | None, unit: str) -> str:
    if comparison is None or as_float(comparison.get("median")) is None:
        return ty.NO_DATA
    return f"медиана {ty.fmt_value(float(comparison['median']), unit)}"


def _indicators(w: PageWriter, page: str, territory_id: str) -> tuple[Any, bool, bool]:
    """The headline indicators of the territory beside the municipality's (and the region's and Russia's when
    the project has them); rows without a value are left out."""
    data = w.data
    results = w.ctx.results
    year = data.latest_year
    body, suppressed, counts = [], False, False
    region = {code: results.regional(code, year) for code in (str(i["code"]) for i in data.catalogue_rows)}
    russia = {code: results.reference(code, year, "russia") for code in region}
    with_region = any(region.values())
    with_russia = any(russia.values())
    for item in data.catalogue_rows:
        if not bool(item["headline"]):
            continue
        code = str(item["code"])
        row = data.series(code, "territory", territory_id).get(year)
        if row is None:
            continue
        unit = str(item["unit"])
        value = shown_value(row, unit)
        suppressed |= value.suppressed
        municipal = as_float(row.get("municipal_value"))
        if str(item["aggregation"]) == SUM:
            counts = True
            comparison = results.count_comparison(code, "territory", territory_id, year)
            compared = Cell(count_median(comparison, unit), None)
            change = count_change(w, comparison, unit, str(item["applies_to"]))
            extra = [Cell("", None)] * (with_region + with_russia)
        else:
            compared = Cell(ty.fmt_value(municipal, unit) if municipal is not None else ty.NO_DATA, municipal)
            change = change_markup(row, unit)
            extra = []
            if with_region:
                found = region[code]
                extra.append(Cell(ty.fmt_value(found[0], unit) if found else ty.NO_DATA, found[0] if found else None))
            if with_russia:
                found = russia[code]
                extra.append(Cell(ty.fmt_value(found[0], unit) if found else ty.NO_DATA, found[0] if found else None))
        body.append([Cell(w.indicator_a(page, code, str(item["short_name"])), header=True),
                     Cell(value.text, value.sort), compared, *extra, change])
    if not body:
        return "", False, False
    columns = [Column("Показатель"), Column(f"Значение, {ty.school_year(year)}", numeric=True),
               Column("Муниципалитет", numeric=True)]
    if with_region:
        columns.append(Column("Регион", numeric=True))
    if with_russia:
        columns.append(Column("Россия", numeric=True))
    columns.append(Column("Изменение за год", numeric=True))
    return table(columns, body, caption="Ключевые показатели территории"), suppressed, counts


def _children(w: PageWriter, page: str, children: list[dict[str, Any]]) -> Any:
    rows = [[Cell(w.a(page, urls.territory(str(child["entity_id"])), child["name"]), str(child["name"]), header=True),
             kind_title(child["kind"])] for child in children]
    return table([Column("Территория"), Column("Вид")], rows, caption="Территории в составе")


def counts_csv(w: PageWriter) -> bytes:
    """``Results.counts`` as CSV (numbers with a dot, whole counts without decimals): what the pages show
    about count indicators, with the organisations each like-for-like sum is made of."""
    import csv
    import io

    frame = w.ctx.results.counts
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell_text(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _cell_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""
    if isinstance(value, float):
        return f"{value + 0.0:.4f}".rstrip("0").rstrip(".") if value != 0 else "0"
    return str(value)


def write(w: PageWriter) -> None:
    if not w.ctx.results.counts.empty:
        w.docs.write_bytes(urls.COUNT_COMPARISONS, counts_csv(w), "сравнения показателей-счётчиков")
    territories = territory_rows(w)
    if territories.empty:
        return
    data = w.data
    members = territory_members(w.ctx.results.entities)
    orgs_of: dict[str, list[str]] = {}
    for org_id, territory_id in members.itertuples(index=False, name=None):
        orgs_of.setdefault(str(territory_id), []).append(str(org_id))
    items = records(territories)
    by_id = {str(item["entity_id"]): item for item in items}
    children: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item["parent_type"] == "territory":
            children.setdefault(str(item["parent_id"]), []).append(item)
    for item in items:
        territory_id = str(item["entity_id"])
        page = urls.territory(territory_id)
        inside = set(orgs_of.get(territory_id, []))
        orgs = data.organisations[data.organisations["org_id"].isin(inside)]
        indicators, suppressed, counts = _indicators(w, page, territory_id)
        groups = []
        for kind in ("school", "kindergarten", "additional"):
            subset = orgs[orgs["kind"] == kind]
            if subset.empty:
                continue
            group_table, group_suppressed = organisation_table(w, page, subset, kind, caption=TITLES[kind][1],
                                                               with_municipality=False)
            suppressed |= group_suppressed
            groups.append({"title": TITLES[kind][0], "table": group_table})
        own = f", ОКТМО {item['territory_oktmo']}" if _has(item, "territory_oktmo") else ""
        path = _path(w, page, item, by_id)
        summary = Markup(f"{_capital(kind_title(item['kind']))}{own}.") + (Markup(" Входит в: ") + path + Markup(".") if path else Markup(
            "")) + Markup(f" {ty.count_noun(len(orgs), ORGANISATIONS)}.")
        if not indicators and orgs.empty:
            summary += Markup(" Данных об организациях территории нет.")
        note = ("Значения территории — суммы числителей и знаменателей по её организациям. Показатели-счётчики "
                "(человек, единиц) с итогом муниципалитета не сравниваются: рядом — медиана организаций территории, "
                "а изменение за год считается по организациям с опубликованными данными в обоих годах.") if counts else (
                "Значения территории — суммы числителей и знаменателей по её организациям.")
        kids = sorted(children.get(territory_id, []), key=lambda child: (str(child["name"]), str(child["entity_id"])))
        w.page(page, "territory.md.j2", title=str(item["name"]), summary=summary, indicators=indicators, note=note,
               children=_children(w, page, kids) if kids else "", children_title=_plural_title(kids),
               groups=groups, legend=suppressed, wide=True)
    _index(w, items, orgs_of)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _has(item: dict[str, Any], column: str) -> bool:
    value = item.get(column)
    return value is not None and value == value and str(value) not in ("", "<NA>")


def _plural_title(children: list[dict[str, Any]]) -> str:
    kinds = {str(child["kind"]) for child in children}
    if len(kinds) == 1 and (kind := KINDS.get(kinds.pop())) is not None:
        return _capital(kind.plural)
    return "Территории в составе"


def _index(w: PageWriter, items: list[dict[str, Any]], orgs_of: dict[str, list[str]]) -> None:
    """The list of every territory: kind, where it lies, how many organisations."""
    page = urls.TERRITORIES
    by_id = {str(item["entity_id"]): item for item in items}
    kinds = w.data.organisations.set_index("org_id")["kind"]
    rows = []
    nested = any(item["parent_type"] == "territory" for item in items)  # a column of blanks helps no one
    for item in items:
        parent = by_id.get(str(item["parent_id"])) if item["parent_type"] == "territory" else None
        inside = orgs_of.get(str(item["entity_id"]), [])
        schools = int((kinds.reindex(inside) == "school").sum())
        cells = [Cell(w.a(page, urls.territory(str(item["entity_id"])), item["name"]), str(item["name"]), header=True),
                 kind_title(item["kind"])]
        if nested:
            cells.append(Cell(parent["name"] if parent else "", str(parent["name"]) if parent else ""))
        rows.append([*cells, Cell(ty.fmt_int(schools), schools), Cell(ty.fmt_int(len(inside)), len(inside))])
    columns = [Column("Территория"), Column("Вид"), *([Column("В составе")] if nested else []),
               Column("Школы", numeric=True), Column("Все организации", numeric=True)]
    municipalities = sorted({MUNICIPALITY_KINDS.get(str(m["kind"]), "") for m in records(w.data.municipalities)} - {""})
    summary = (f"Территории внутри {'муниципальных образований' if w.data.several_municipalities else 'муниципального образования'}: "
               f"{ty.count_noun(len(items), ('территория', 'территории', 'территорий'))}. Страница территории — её организации "
               "и показатели, рассчитанные по ним.")
    if municipalities and not w.data.several_municipalities:
        summary += f" Вид муниципального образования — {municipalities[0]}."
    w.page(page, "territories.md.j2", title="Территории", summary=summary,
           table=table(columns, rows, caption="Территории", interactive=True, filter_label="Найти территорию"), wide=True)


def count(w: PageWriter) -> int:
    """How many territories the site has pages for (the home page and the municipality page link to them)."""
    return len(territory_rows(w))
