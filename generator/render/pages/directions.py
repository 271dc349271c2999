"""The directions of monitoring: an overview page and one page per direction with its indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import typography as ty
from ... import urls
from ..docs import NavEntry
from ..lookups import change_markup, shown_value
from ..tables import Cell, Column, table

if TYPE_CHECKING:
    from ..writer import PageWriter

INDICATOR_FORMS = ("показатель", "показателя", "показателей")


def indicator_table(w: PageWriter, page: str, indicators: list[dict[str, Any]], *, caption: str,
                    with_direction: bool = False) -> tuple[Any, bool]:
    """Indicators with the territory's latest value and change; returns the table and whether «к» occurs."""
    data = w.data
    entity_type, entity_id, _ = data.territory
    year = data.latest_year
    columns = [Column("Код"), Column("Показатель")]
    if with_direction:
        columns.append(Column("Направление"))
    columns += [Column("Единица"), Column(f"Значение, {ty.school_year(year)}", numeric=True),
                Column("Изменение за год", numeric=True), Column("Источник данных")]
    rows, suppressed = [], False
    for item in indicators:
        code = str(item["code"])
        row = data.series(code, entity_type, entity_id).get(year)
        value = shown_value(row, item["unit"])
        suppressed |= value.suppressed
        cells: list[Any] = [Cell(code, code), w.indicator_a(page, code)]
        if with_direction:
            cells.append(Cell(str(item["direction"]), int(item["direction"])))
        change = row.get("change") if row else None
        cells += [item["unit"], Cell(value.text, value.sort), Cell(change_markup(row, item["unit"]), change),
                  item["source"]]
        rows.append(cells)
    return table(columns, rows, caption=caption, interactive=True, filter_label="Найти показатель"), suppressed


def write(w: PageWriter) -> None:
    data = w.data
    _, _, territory = data.territory
    by_direction: dict[int, list[dict[str, Any]]] = {}
    for item in data.catalogue_rows:
        by_direction.setdefault(int(item["direction"]), []).append(item)
    overview = []
    menu: list[NavEntry] = []
    for direction in data.directions:
        code = int(direction["code"])
        path = urls.direction(str(direction["slug"]))
        indicators = by_direction.get(code, [])
        overview.append({
            "code": code, "name": direction["name"], "description": direction["description"],
            "href": w.href(urls.DIRECTIONS, path), "count": ty.count_noun(len(indicators), INDICATOR_FORMS).capitalize(),
        })
        results = sum(1 for item in indicators if item["kind"] == "result")
        summary = (f"В направлении {ty.count_noun(len(indicators), INDICATOR_FORMS)}: результатов — {ty.fmt_int(results)}, "
                   f"контекстных — {ty.fmt_int(len(indicators) - results)}. Значения — {territory}, {ty.school_year_long(data.latest_year)}.")
        indicators_table, suppressed = indicator_table(w, path, indicators, caption=f"Показатели направления «{direction['name']}»")
        w.page(path, "direction.md.j2", title=f"{code}. {direction['name']}", description=direction["description"],
               summary=summary, table=indicators_table, legend=suppressed, wide=True)
        menu.append(NavEntry(f"{direction['code']}. {direction['name']}", path))
    w.page(urls.DIRECTIONS, "directions.md.j2", title="Направления мониторинга", menu="Направления", submenu=tuple(menu),
           directions=overview,
           year=data.latest_year, territory=territory)
