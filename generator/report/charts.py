"""The report's charts, drawn by ``generator.charts`` like the site's: the same palette in the same order, the
same honest axes, text as text (searchable in the PDF), a phone layout for the report's pages on the site, PNG
for the DOCX (Word cannot take SVG), a data table and a text alternative that states the values.
"""

from __future__ import annotations

import functools

from .. import charts as common
from .. import typography as t
from ..render.charts import picture
from .model import Chart, Row, Table

#: the report's units as the chart module names them
_UNITS = {"%": "процент", "балл": "балл"}


def _categories(chart: Chart) -> list[str]:
    seen: list[str] = []
    for series in chart.series:
        seen.extend(label for label, _ in series.points if label not in seen)
    # years in their order (a series may miss one); categories in the order the first series gives them
    return sorted(seen) if chart.kind == "line" else seen


def _unit(chart: Chart) -> str:
    return _UNITS.get(chart.unit, chart.unit)


def _value(value: float | None, chart: Chart) -> str:
    return t.fmt_value(value, _unit(chart))


def description(chart: Chart) -> str:
    """The chart in words, every value stated: what a screen reader reads and what the image's alt says."""
    kind = "Линейная диаграмма" if chart.kind == "line" else "Столбчатая диаграмма"
    parts = [f"{series.label}: " + ", ".join(f"{label} — {_value(value, chart)}" for label, value in series.points)
             for series in chart.series]
    return f"{kind}. {chart.caption}. " + "; ".join(parts) + "."


@functools.lru_cache(maxsize=64)
def common_chart(chart: Chart) -> common.Chart:
    """The report's chart in the site's model: a line chart over years, or horizontal bars by category."""
    labels = _categories(chart)
    series = []
    for series_item in chart.series:
        values = dict(series_item.points)
        series.append({"name": series_item.label, "values": [values.get(label) for label in labels]})
    kind = "trend" if chart.kind == "line" else "bars"
    return common.Chart(path=f"{chart.id}.svg", kind=kind, title=chart.caption, description=description(chart),
                        unit=_unit(chart), labels=labels, series=series)


def data_table(chart: Chart) -> Table:
    """The numbers behind the chart: one row per line of a line chart, one per category of a bar chart."""
    labels = _categories(chart)
    if chart.kind == "line":
        header = ("Показатель", *labels)
        rows = tuple(Row(cells=((series.label,), *((_value(dict(series.points).get(label), chart),) for label in labels)))
                     for series in chart.series)
        numeric = (False, *(True for _ in labels))
    else:
        # Word's table needs a word in every header cell; the report's bar charts compare subjects
        header = ("Предмет" if "по предметам" in chart.caption else "Категория", *(series.label for series in chart.series))
        rows = tuple(Row(cells=((label,), *((_value(dict(series.points).get(label), chart),) for series in chart.series)))
                     for label in labels)
        numeric = (False, *(True for _ in chart.series))
    caption = f"Данные к рисунку {chart.number}" if chart.number else f"Данные рисунка «{chart.caption}»"
    return Table(caption=caption, header=header, rows=rows, numeric=numeric)


@functools.lru_cache(maxsize=64)
def svg(chart: Chart, narrow: bool = False) -> str:
    """The chart as an SVG document (the wide layout for the PDF and desktops, ``narrow`` for phones); drawn
    once per chart even though the site page and the PDF both embed it."""
    return common.svg(common_chart(chart), narrow).decode("utf-8")


@functools.lru_cache(maxsize=16)
def png(chart: Chart, scale: float = 2.5) -> bytes:
    """The wide layout as PNG for the DOCX."""
    return common.png(common_chart(chart), scale)


def narrow_chart_path(path: str) -> str:
    """Where the phone layout of a report chart goes on the site."""
    return common.narrow_path(path)


def figure_html(chart: Chart, wide: str, narrow: str) -> str:
    """The chart on a report page of the site: the phone layout first, the wide one from 45em."""
    return f'<figure class="msoko-chart">{picture(wide, narrow, description(chart))}</figure>'

