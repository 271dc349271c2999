"""One value's years as a line with each year's 95 % interval as an error bar: the trend chart of the
indicator pages (a territory) and of the organisation pages (its key measures), drawn and described alike.

The bounds come from the published rows (``compute.uncertainty``), and only beside a value that is shown:
the disclosure control (``privacy.derived``) has checked that no interval stands beside a hidden value, and a
year shown as «к» gets neither a point nor a bar here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import typography as ty
from ..charts import Chart
from .lookups import as_float, shown_value

if TYPE_CHECKING:
    from .writer import PageWriter


@dataclass(frozen=True)
class TrendPoints:
    """The shown values of a series by year (``None`` where there is none or it is hidden) and their bounds."""

    labels: list[str]
    values: list[float | None]
    lows: list[float | None]
    highs: list[float | None]
    suppressed: bool

    @property
    def shown(self) -> int:
        return sum(value is not None for value in self.values)


def points(series: dict[int, dict[str, Any]], years: list[int], unit: str) -> TrendPoints:
    """The values and interval bounds of ``series`` over ``years``; a bound only beside a shown value, and
    only both bounds together."""
    values, lows, highs, suppressed = [], [], [], False
    for year in years:
        row = series.get(year)
        value = shown_value(row, unit)
        suppressed |= value.suppressed
        values.append(value.sort)
        low, high = (as_float(row.get("low")), as_float(row.get("high"))) if row and value.sort is not None else (None, None)
        both = low is not None and high is not None
        lows.append(low if both else None)
        highs.append(high if both else None)
    return TrendPoints([ty.school_year(year) for year in years], values, lows, highs, suppressed)


def described(trend: TrendPoints, unit: str) -> str:
    """Each shown year's value and its range, in words (the chart's text alternative states the values)."""
    return "; ".join(
        f"{label} — {ty.fmt_value(value, unit)}"
        + (f" (вероятный диапазон {ty.fmt_value(low, unit)}–{ty.fmt_value(high, unit)})" if low is not None else "")
        for label, value, low, high in zip(trend.labels, trend.values, trend.lows, trend.highs, strict=True)
        if value is not None)


def trend_chart(w: PageWriter, page: str, path: str, *, title: str, subject: str, name: str, unit: str,
                trend: TrendPoints) -> Markup | None:
    """The registered chart's figure (``None`` without a shown value): one line named ``name``, the error bars
    where the rows have bounds; ``subject`` opens the description («1.20 Успешность ВПР, Школа № 1»)."""
    if not trend.shown:
        return None
    line: dict[str, Any] = {"name": name, "values": trend.values}
    if any(low is not None for low in trend.lows):
        line.update(low=trend.lows, high=trend.highs)
    return w.chart(Chart(
        path=path, kind="trend", title=title,
        description=f"Линейная диаграмма. {subject}, по учебным годам: {described(trend, unit)}.",
        unit=unit, labels=trend.labels, series=[line],
    ), page)
