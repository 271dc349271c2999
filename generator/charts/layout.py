"""Where every mark and word of a chart goes, for a canvas of a given width.

Text keeps its size at every width (13 px labels, 12 px ticks and values): on a phone the canvas is narrow and
the layout changes — category labels move above their bars, year labels break after «/», legends wrap — rather
than a desktop drawing shrunk until it cannot be read. Value axes are honest: shares run from 0 to 100 %,
other values from zero (or from below it, when a value is negative); a line never starts at an arbitrary floor.
"""

from __future__ import annotations

import math
from typing import Any

from . import metrics
from .model import MARK_COLOURS, PALETTE, Chart, axis_label, value_label
from .scene import AXIS, GRID, TEXT, Circle, Line, Polygon, Polyline, Rect, Scene, Text

LABEL = 13
TICK = 12
PAD = 6.0
DASH = (6.0, 4.0)
REFERENCE = "#000000"
#: colours dark enough for white text on them (contrast ≥ 4,5 : 1 with bold text ≥ 3 : 1)
DARK = {"#0072B2", "#D55E00", "#009E73", "#000000"}


def _line(size: int) -> float:
    return round(size * 1.3, 1)


def _finite(values: list[Any]) -> list[float]:
    return [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2,5, 5 × 10ⁿ not below ``raw``."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw - 1e-12)


def value_axis(values: list[float], unit: str, narrow: bool, *, share: bool | None = None) -> tuple[float, float, list[float]]:
    """The value range and its ticks: 0–100 for shares, from zero (or the lowest negative value) otherwise."""
    if share if share is not None else unit == "процент":
        step = 25.0 if narrow else 20.0
        return 0.0, 100.0, [step * i for i in range(int(100 / step) + 1)]
    top, bottom = max(values + [0.0]), min(values + [0.0])
    step = nice_step((top - bottom) / (4 if narrow else 5))
    high, low = math.ceil(top / step - 1e-9) * step, math.floor(bottom / step + 1e-9) * step
    if high <= low:
        high = low + step
    count = round((high - low) / step)
    return low, high, [round(low + step * i, 10) for i in range(count + 1)]


def _step(ticks: list[float]) -> float:
    return ticks[1] - ticks[0] if len(ticks) > 1 else 1.0


def _marker(scene: Scene, index: int, x: float, y: float, colour: str) -> None:
    """A distinct shape per series, so lines are told apart without colour."""
    shape = index % 5
    if shape == 0:
        scene.add(Circle(x, y, 4.0, colour, "#ffffff"))
    elif shape == 1:
        scene.add(Rect(x - 3.8, y - 3.8, 7.6, 7.6, colour, "#ffffff"))
    elif shape == 2:
        scene.add(Polygon(((x, y - 5.0), (x + 4.8, y + 3.6), (x - 4.8, y + 3.6)), colour, "#ffffff"))
    elif shape == 3:
        scene.add(Polygon(((x, y - 5.2), (x + 5.2, y), (x, y + 5.2), (x - 5.2, y)), colour, "#ffffff"))
    else:
        scene.add(Polygon(((x, y + 5.0), (x + 4.8, y - 3.6), (x - 4.8, y - 3.6)), colour, "#ffffff"))


# --- legend ------------------------------------------------------------------------------------------------


def _legend(scene: Scene, entries: list[tuple[str, str, str, int]], y: float) -> float:
    """Entries (name, colour, swatch ``line``/``dash``/``box``, marker index) flowing in rows from ``y``;
    returns the height used. A name too long for one row is wrapped at spaces."""
    if not entries:
        return 0.0
    room = scene.width - 2 * PAD
    swatch = 24.0
    row_height = _line(LABEL)
    x, top = PAD, y
    rows_used = 0.0
    current_height = row_height
    for name, colour, kind, marker in entries:
        text_room = room - swatch - 6
        lines = metrics.wrap(name, LABEL, text_room, max_lines=4)
        item_width = swatch + 6 + max(metrics.width(line, LABEL) for line in lines)
        if x > PAD and (x + item_width > PAD + room or len(lines) > 1):
            rows_used += current_height
            x, current_height = PAD, row_height
        base = top + rows_used
        middle = base + row_height / 2
        if kind == "box":
            scene.add(Rect(x + 4, middle - 6, 14, 12, colour))
        else:
            scene.add(Line(x, middle, x + swatch, middle, colour, 2.0 if kind == "line" else 1.6,
                           DASH if kind == "dash" else ()))
            if marker >= 0:
                _marker(scene, marker, x + swatch / 2, middle, colour)
        for number, line in enumerate(lines):
            scene.add(Text(x + swatch + 6, base + row_height * number + LABEL * 0.95 + (row_height - LABEL) / 2, line, LABEL))
        current_height = max(current_height, row_height * len(lines))
        x += item_width + 16
        if len(lines) > 1:
            rows_used += current_height
            x, current_height = PAD, row_height
    if x > PAD:
        rows_used += current_height
    return rows_used + 4


def _series_entries(chart: Chart) -> list[tuple[str, str, str, int]]:
    return [(str(s["name"]), PALETTE[i % len(PALETTE)], "dash" if s.get("dashed") else "line", i)
            for i, s in enumerate(chart.series)]


def _reference_entry(chart: Chart) -> list[tuple[str, str, str, int]]:
    if chart.reference is None:
        return []
    name = f"{chart.reference_label}: {value_label(chart.reference, chart.unit)}" if chart.reference_label else \
        value_label(chart.reference, chart.unit)
    return [(name, REFERENCE, "dash", -1)]


# --- trend -------------------------------------------------------------------------------------------------


def _year_lines(labels: list[str], room: float) -> tuple[list[list[str]], int]:
    """Each label on one line if all fit, else broken after «/» (``2023/`` over ``24``); ``every`` > 1 when
    even that does not fit and only every n-th label can be shown."""
    if all(metrics.width(label, TICK) <= room - 4 for label in labels):
        return [[label] for label in labels], 1
    broken = [[label[: label.index("/") + 1], label[label.index("/") + 1:]] if "/" in label else [label]
              for label in labels]
    widest = max(metrics.width(line, TICK) for lines in broken for line in lines)
    every = 1
    while widest > room * every - 4:
        every += 1
    return broken, every


def trend(chart: Chart, width: float, narrow: bool) -> Scene:
    scene = Scene(width, 0)
    values = [v for s in chart.series for key in ("values", "low", "high") for v in _finite(list(s.get(key) or []))]
    low, high, ticks = value_axis(values, chart.unit, narrow)
    step = _step(ticks)
    tick_texts = [axis_label(t, chart.unit, step) for t in ticks]
    left = PAD + max(metrics.width(text, TICK) for text in tick_texts) + 8
    right = width - PAD - 4
    single = len(chart.series) == 1
    top = PAD + (TICK + 8 if single else 6)
    plot_height = 190.0 if narrow else 210.0
    bottom = top + plot_height

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * plot_height

    count = max(1, len(chart.labels))
    slot = (right - left) / count
    xs = [left + slot * (i + 0.5) for i in range(count)]
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        scene.add(Line(left, y, right, y, GRID if tick != low else AXIS, 1.0))
        scene.add(Text(left - 6, y + TICK * 0.35, text, TICK, "end"))
    labels_fit = single and all(
        metrics.width(value_label(v, chart.unit), TICK) <= slot - 2 for v in _finite(list(chart.series[0]["values"])))
    for index, series in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        points = [_number(v) for v in series["values"]]
        run: list[tuple[float, float]] = []
        for x, value in [*zip(xs, points, strict=False), (0.0, None)]:
            if value is None:
                if len(run) > 1:
                    scene.add(Polyline(tuple(run), colour, 2.0, DASH if series.get("dashed") else ()))
                run = []
            else:
                run.append((x, y_of(value)))
        lows, highs = list(series.get("low") or []), list(series.get("high") or [])
        for i, (x, value) in enumerate(zip(xs, points, strict=False)):
            lo = _number(lows[i]) if i < len(lows) else None
            hi = _number(highs[i]) if i < len(highs) else None
            if lo is not None and hi is not None:
                scene.add(Line(x, y_of(lo), x, y_of(hi), colour, 1.4), Line(x - 4, y_of(lo), x + 4, y_of(lo), colour, 1.4),
                          Line(x - 4, y_of(hi), x + 4, y_of(hi), colour, 1.4))
            if value is not None:
                _marker(scene, index, x, y_of(value), colour)
                if labels_fit:
                    above = y_of(max(value, hi if hi is not None else value)) - 8
                    scene.add(Text(x, above, value_label(value, chart.unit), TICK, "middle"))
    year_lines, every = _year_lines(list(chart.labels), slot)
    y = bottom + 6 + TICK
    for i, (x, lines) in enumerate(zip(xs, year_lines, strict=True)):
        if i % every and i != count - 1:
            continue
        for number, line in enumerate(lines):
            scene.add(Text(x, y + _line(TICK) * number, line, TICK, "middle"))
    y += _line(TICK) * (max(len(lines) for lines in year_lines) - 1) + 10
    entries = _series_entries(chart) + _reference_entry(chart) if not single or chart.reference is not None else []
    y += _legend(scene, entries, y)
    scene.height = math.ceil(y + PAD)
    return scene


# --- horizontal bars and stacked bars --------------------------------------------------------------------


def bars(chart: Chart, width: float, narrow: bool, *, stacked: bool = False) -> Scene:
    scene = Scene(width, 0)
    count = len(chart.series)
    bar = 18.0 if stacked or count == 1 else 15.0
    values = [v for s in chart.series for key in ("values", "high", "low") for v in _finite(list(s.get(key) or []))]
    if chart.reference is not None:
        values.append(chart.reference)
    low, high, ticks = value_axis(values, chart.unit, narrow, share=True if stacked else None)
    step = _step(ticks)
    tick_texts = [axis_label(t, "процент" if stacked else chart.unit, step) for t in ticks]
    value_room = 0.0 if stacked else max(
        [metrics.width(value_label(v, chart.unit), TICK) for v in values] + [0.0]) + 10
    label_widths = [metrics.width(label, LABEL) for label in chart.labels] or [0.0]
    if narrow:
        label_room = width - 2 * PAD
        left = PAD + metrics.width(tick_texts[0], TICK) / 2
    else:
        label_room = min(0.36 * width, max(label_widths) + 2)
        left = PAD + label_room + 10
    right = width - PAD - max(value_room, metrics.width(tick_texts[-1], TICK) / 2)

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    marks = Scene(width, 0)
    y = PAD + 4
    for row, label in enumerate(chart.labels):
        lines = metrics.wrap(label, LABEL, label_room, max_lines=2 if narrow else 3)
        group = bar if stacked else count * bar + (count - 1) * 2
        if narrow:
            for number, line in enumerate(lines):
                marks.add(Text(PAD, y + LABEL * 0.95 + _line(LABEL) * number, line, LABEL))
            y += _line(LABEL) * len(lines) + 3
            start = y
        else:
            block = max(group, _line(LABEL) * len(lines))
            start = y + (block - group) / 2
            first = y + (block - _line(LABEL) * len(lines)) / 2 + LABEL * 0.95
            for number, line in enumerate(lines):
                marks.add(Text(left - 8, first + _line(LABEL) * number, line, LABEL, "end"))
            y = y + block - group
        if stacked:
            position = 0.0
            colours = chart.extra.get("colours") or MARK_COLOURS
            for index, series in enumerate(chart.series):
                value = _number(series["values"][row]) or 0.0
                colour = colours[index % len(colours)]
                x0, x1 = x_of(position), x_of(min(100.0, position + value))
                if x1 > x0:
                    marks.add(Rect(x0, start, x1 - x0, bar, colour, "#ffffff"))
                    text = value_label(value, "единица") if value >= 1 else ""
                    if text and metrics.width(text, TICK, bold=True) + 6 <= x1 - x0:
                        marks.add(Text((x0 + x1) / 2, start + bar / 2 + TICK * 0.35, text, TICK, "middle",
                                       "#ffffff" if colour in DARK else TEXT, bold=True))
                position += value
        else:
            for index, series in enumerate(chart.series):
                colour = PALETTE[index % len(PALETTE)]
                top = start + index * (bar + 2)
                value = _number(series["values"][row])
                if value is None:
                    marks.add(Text(left + 4, top + bar / 2 + TICK * 0.35, "нет данных", TICK))
                    continue
                marks.add(Rect(min(x_of(0.0), x_of(value)), top, abs(x_of(value) - x_of(0.0)), bar, colour))
                end = x_of(value)
                lows, highs = list(series.get("low") or []), list(series.get("high") or [])
                lo = _number(lows[row]) if row < len(lows) else None
                hi = _number(highs[row]) if row < len(highs) else None
                if lo is not None and hi is not None:
                    middle = top + bar / 2
                    marks.add(Line(x_of(lo), middle, x_of(hi), middle, TEXT, 1.4),
                              Line(x_of(lo), middle - 4, x_of(lo), middle + 4, TEXT, 1.4),
                              Line(x_of(hi), middle - 4, x_of(hi), middle + 4, TEXT, 1.4))
                    end = max(end, x_of(hi))
                marks.add(Text(end + 4, top + bar / 2 + TICK * 0.35, value_label(value, chart.unit), TICK))
        y = start + group + (14 if narrow else 10)
    plot_top, plot_bottom = PAD, y - 4
    for tick, text in zip(ticks, tick_texts, strict=True):
        x = x_of(tick)
        scene.add(Line(x, plot_top, x, plot_bottom, AXIS if tick == 0 else GRID, 1.0))
        scene.add(Text(x, plot_bottom + 4 + TICK, text, TICK, "middle"))
    scene.items.extend(marks.items)
    if chart.reference is not None:
        x = x_of(chart.reference)
        scene.add(Line(x, plot_top, x, plot_bottom, REFERENCE, 1.6, DASH))
    y = plot_bottom + 4 + TICK + 12
    if stacked:
        colours = chart.extra.get("colours") or MARK_COLOURS
        entries = [(str(s["name"]), colours[i % len(colours)], "box", -1) for i, s in enumerate(chart.series)]
    else:
        boxes = [(str(s["name"]), PALETTE[i % len(PALETTE)], "box", -1) for i, s in enumerate(chart.series)]
        entries = (boxes if count > 1 else []) + _reference_entry(chart)
    y += _legend(scene, entries, y)
    scene.height = math.ceil(y + PAD)
    return scene


# --- distribution: a histogram, never a ranking ----------------------------------------------------------


def bins(chart: Chart, narrow: bool = False) -> tuple[list[float], list[int]]:
    """Bin edges and counts of the organisations' values: tenths of 0–100 for shares, a round step otherwise
    (the last bin includes its upper edge)."""
    values = _finite(list(chart.series[0]["values"]))
    if chart.unit == "процент":
        edges = [10.0 * i for i in range(11)]
    else:
        span = values + ([chart.reference] if chart.reference is not None else [])
        bottom, top = min(span, default=0.0), max(span, default=1.0)
        step = nice_step(max(top - bottom, 1e-9) / (6 if narrow else 8))
        start = math.floor(bottom / step + 1e-9) * step
        end = max(math.ceil(top / step - 1e-9) * step, start + step)
        edges = [round(start + step * i, 10) for i in range(round((end - start) / step) + 1)]
    counts = [0] * (len(edges) - 1)
    for value in values:
        index = next((i for i in range(len(counts)) if value < edges[i + 1]), len(counts) - 1)
        counts[max(0, index)] += 1
    return edges, counts


def distribution(chart: Chart, width: float, narrow: bool) -> Scene:
    scene = Scene(width, 0)
    edges, counts = bins(chart, narrow)
    count_step = max(1.0, nice_step(max(counts + [1]) / 4))
    top_count = max(count_step, math.ceil(max(counts + [1]) / count_step) * count_step)
    y_ticks = [count_step * i for i in range(round(top_count / count_step) + 1)]
    y_texts = [axis_label(t, "единица", 1.0) for t in y_ticks]
    left = PAD + max(metrics.width(t, TICK) for t in y_texts) + 8
    right = width - PAD - 14
    scene.add(Text(PAD, PAD + TICK, "Число организаций", TICK))
    top = PAD + TICK + 14
    plot_height = 170.0 if narrow else 190.0
    bottom = top + plot_height

    def y_of(value: float) -> float:
        return bottom - value / top_count * plot_height

    def x_of(value: float) -> float:
        return left + (value - edges[0]) / (edges[-1] - edges[0]) * (right - left)

    for tick, text in zip(y_ticks, y_texts, strict=True):
        scene.add(Line(left, y_of(tick), right, y_of(tick), AXIS if tick == 0 else GRID, 1.0))
        scene.add(Text(left - 6, y_of(tick) + TICK * 0.35, text, TICK, "end"))
    for i, number in enumerate(counts):
        if not number:
            continue
        x0, x1 = x_of(edges[i]) + 1, x_of(edges[i + 1]) - 1
        scene.add(Rect(x0, y_of(number), x1 - x0, y_of(0) - y_of(number), PALETTE[0]))
        text = str(number)
        if metrics.width(text, TICK) <= x1 - x0 + 2:
            scene.add(Text((x0 + x1) / 2, y_of(number) - 4, text, TICK, "middle"))
    step = edges[1] - edges[0]
    edge_texts = [axis_label(e, chart.unit, step) for e in edges]
    slot = (right - left) / (len(edges) - 1)
    every = 1
    while max(metrics.width(t, TICK) for t in edge_texts) > slot * every - 4:
        every += 1
    for i, (edge, text) in enumerate(zip(edges, edge_texts, strict=True)):
        if i % every == 0:
            scene.add(Line(x_of(edge), bottom, x_of(edge), bottom + 4, AXIS, 1.0))
            scene.add(Text(x_of(edge), bottom + 6 + TICK, text, TICK, "middle"))
    if chart.reference is not None and edges[0] <= chart.reference <= edges[-1]:
        scene.add(Line(x_of(chart.reference), top - 6, x_of(chart.reference), bottom, REFERENCE, 1.6, DASH))
    y = bottom + 6 + TICK + 12
    y += _legend(scene, _reference_entry(chart), y)
    scene.height = math.ceil(y + PAD)
    return scene


def draw(chart: Chart, width: float, narrow: bool) -> Scene:
    if chart.kind == "trend":
        return trend(chart, width, narrow)
    if chart.kind == "bars":
        return bars(chart, width, narrow)
    if chart.kind == "stacked":
        return bars(chart, width, narrow, stacked=True)
    if chart.kind == "distribution":
        return distribution(chart, width, narrow)
    raise ValueError(f"unknown chart kind {chart.kind!r}")
