"""The organisation's key measures over the years: for each measure of «Главное» (``summary.*`` in
``msoko.yml``) with values in two years or more, the indicator pages' trend chart — each year's value with its
95 % interval as an error bar — and its data table.

A parent sees whether a school's change is more than the chance spread of a small group; the intervals are the
published ones (``render.trend``), so a year shown as «к» has neither a point nor a bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import typography as ty
from ... import urls
from ..lookups import as_float, shown_value
from ..tables import Cell, Column, table
from ..trend import points, trend_chart

if TYPE_CHECKING:
    from ..writer import PageWriter

#: a trend needs at least this many years with a shown value
MIN_YEARS = 2


def _interval(row: dict[str, Any] | None, unit: str, shown: bool) -> Cell:
    low, high = (as_float(row.get("low")), as_float(row.get("high"))) if row and shown else (None, None)
    if low is None or high is None:
        return Cell(ty.NO_DATA, None)
    first = ty.fmt_value(low, unit).removesuffix(f"{ty.NBSP}%")
    return Cell(f"{first}–\u2060{ty.fmt_value(high, unit)}", low)


def key_trends(w: PageWriter, page: str, org: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """One ``{"chart", "table"}`` per key measure with a trend, and whether a table shows «к»."""
    data = w.data
    org_id, name = str(org["org_id"]), str(org["short_name"])
    years = data.years
    found, suppressed = [], False
    if not w.config.summary.trends:
        return found, suppressed
    for code in (str(code) for code in getattr(w.config.summary, str(org["kind"]), [])):
        item = data.indicator_by_code.get(code)
        series = data.series(code, "organisation", org_id)
        # a share of organisations is, for one organisation, 0 or 100 % («meets СанПиН»): the direction table says
        # it, a line at 100 % would not add anything
        if item is None or not series or item.get("population") == "organisations":
            continue
        unit, short = str(item["unit"]), str(item["short_name"])
        trend = points(series, years, unit)
        if trend.shown < MIN_YEARS:
            continue
        chart = trend_chart(w, page, urls.chart(page, f"trend-{code}"), title=f"{short} по годам ({name})",
                            subject=f"{short}, {name}", name=name, unit=unit, trend=trend)
        persons = str(item["aggregation"]) in ("share", "mean")
        rows = []
        for year in years:
            row = series.get(year)
            if row is None:
                continue
            value = shown_value(row, unit)
            suppressed |= value.suppressed
            size = as_float(row.get("denominator")) if persons and not value.suppressed else None
            rows.append([Cell(ty.school_year(year), year, header=True), Cell(value.text, value.sort),
                         _interval(row, unit, value.sort is not None),
                         Cell(ty.fmt_int(size) if size is not None else ty.NO_DATA, size)])
        columns = [Column("Год"), Column("Значение", numeric=True), Column("Диапазон", numeric=True),
                   Column("Участников", numeric=True)]
        found.append({"code": code, "title": short, "chart": chart,
                      "table": table(columns, rows, caption=f"{short} по учебным годам", search=False)})
    return found, suppressed
