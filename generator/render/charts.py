"""SVG charts of the site, drawn with matplotlib: trend lines, comparison bars, stacked mark distributions and
the distribution of a value across organisations.

A page describes a chart as data (``Chart``); this module draws it. Every SVG carries a ``<title>`` and a
``<desc>`` (the text alternative), uses the Okabe–Ito palette (distinguishable with colour-blindness), Russian
numbers on its axes and no timestamp or random id, so identical data give identical bytes. Drawing is
CPU-bound (about 30 ms a chart): charts are drawn in a pool of processes, and a cache keyed by the hash of a
chart's data and of this module's code skips charts that did not change since the last build.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import typography as ty

if TYPE_CHECKING:
    from .docs import DocsTree

#: Okabe & Ito (2008): eight colours that stay distinct for the common forms of colour-blindness
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
#: marks «2»…«5»: from vermillion (poor) through sky blue to dark blue (excellent), all Okabe–Ito
MARK_COLOURS = ("#D55E00", "#E69F00", "#56B4E9", "#0072B2")
WIDTH_IN = 7.2
DPI = 100
WORKERS = 2
#: fewer charts than this are drawn in this process: starting workers costs more than it saves
POOL_THRESHOLD = 12
#: a distribution over more organisations than this is a histogram, not one bar per organisation
MAX_BARS = 40


@dataclass(frozen=True)
class Chart:
    """One chart to draw: where it goes, what it says in words, and its data.

    ``kind`` is ``trend`` (``labels`` on x, ``series`` of values with gaps as ``None``), ``bars`` (horizontal
    bars: ``labels`` and ``series``), ``stacked`` (100 % bars: ``labels``, ``series`` = segments) or
    ``distribution`` (``labels`` = organisations, ``series[0]`` = their values, ``reference`` = the municipal
    value drawn as a line).
    """

    path: str
    kind: str
    title: str
    description: str
    unit: str
    labels: list[str]
    series: list[dict[str, Any]]
    reference: float | None = None
    reference_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self) -> str:
        """Hash of everything that shapes the drawing (not of where it is written)."""
        payload = {k: v for k, v in asdict(self).items() if k != "path"}
        payload["code"] = _CODE_VERSION
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _code_version() -> str:
    import matplotlib

    source = Path(__file__).read_bytes()
    return hashlib.sha256(source + matplotlib.__version__.encode()).hexdigest()[:16]


_CODE_VERSION = _code_version()


@dataclass
class ChartStats:
    drawn: int = 0
    cached: int = 0

    @property
    def total(self) -> int:
        return self.drawn + self.cached


# --- number formatting ------------------------------------------------------------------------------------


def axis_label(value: float, unit: str, step: float) -> str:
    """A tick label in Russian: ``12,5 %``, ``1 200``; as many decimals as the tick step needs."""
    digits = next((d for d in range(4) if abs(round(step, d) - step) < 1e-9), 3)
    text = ty.fmt_number(value, digits)
    return f"{text}{ty.NBSP}%" if unit == "процент" else text


def _russian_axis(axis: Any, unit: str) -> None:
    from matplotlib.ticker import FuncFormatter

    def formatter(value: float, _position: int) -> str:
        ticks = axis.get_majorticklocs()
        step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
        return axis_label(value, unit, step)

    axis.set_major_formatter(FuncFormatter(formatter))


# --- drawing ----------------------------------------------------------------------------------------------

_RC = {
    "svg.hashsalt": "msoko",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.labelcolor": "#1f1f1f",
    "xtick.color": "#1f1f1f",
    "ytick.color": "#1f1f1f",
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "svg.image_inline": True,
    "axes.axisbelow": True,
}


def _clip(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _legend(fig: Any, ax: Any, columns: int) -> None:
    """The legend at the bottom of the figure, in the space ``_margins`` keeps for it."""
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 0.01), bbox_transform=fig.transFigure, ncol=columns)


def _values(series: dict[str, Any]) -> list[float]:
    return [math.nan if v is None else float(v) for v in series["values"]]


def _draw_trend(fig: Any, chart: Chart) -> None:
    ax = fig.add_subplot()
    x = list(range(len(chart.labels)))
    markers = ("o", "s", "^", "D", "v", "P")
    for index, series in enumerate(chart.series):
        style = "--" if series.get("dashed") else "-"
        ax.plot(x, _values(series), style, marker=markers[index % len(markers)], color=PALETTE[index % len(PALETTE)],
                linewidth=2, markersize=5, label=series["name"])
    ax.set_xticks(x, chart.labels)
    ax.set_xlim(-0.3, len(x) - 0.7)
    ax.grid(axis="x", visible=False)
    _russian_axis(ax.yaxis, chart.unit)
    if chart.unit == "процент":
        top = max([v for s in chart.series for v in _values(s) if not math.isnan(v)] or [100])
        ax.set_ylim(0, min(100, top * 1.15) if top > 0 else 100)
    if len(chart.series) > 1:
        _legend(fig, ax, _legend_columns(chart))


def _draw_bars(fig: Any, chart: Chart) -> None:
    import numpy as np

    ax = fig.add_subplot()
    count = len(chart.labels)
    height = 0.8 / max(1, len(chart.series))
    positions = np.arange(count)
    for index, series in enumerate(chart.series):
        offsets = positions - 0.4 + height * (index + 0.5)
        values = [0.0 if math.isnan(v) else v for v in _values(series)]
        # one series needs no legend entry (the caption names it); several do
        label = series["name"] if len(chart.series) > 1 else "_nolegend_"
        ax.barh(offsets, values, height=height * 0.92, color=PALETTE[index % len(PALETTE)], label=label)
    ax.set_yticks(positions, [_clip(label) for label in chart.labels])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    _russian_axis(ax.xaxis, chart.unit)
    if chart.reference is not None:
        ax.axvline(chart.reference, color="#000000", linestyle="--", linewidth=1.2, label=chart.reference_label)
    if len(chart.series) > 1 or chart.reference is not None:
        _legend(fig, ax, 3)


def _draw_stacked(fig: Any, chart: Chart) -> None:
    import numpy as np

    ax = fig.add_subplot()
    positions = np.arange(len(chart.labels))
    left = np.zeros(len(chart.labels))
    colours = chart.extra.get("colours") or MARK_COLOURS
    for index, series in enumerate(chart.series):
        values = np.array([0.0 if math.isnan(v) else v for v in _values(series)])
        ax.barh(positions, values, left=left, height=0.62, color=colours[index % len(colours)], label=series["name"],
                edgecolor="#ffffff", linewidth=0.6)
        for position, start, width in zip(positions, left, values, strict=True):
            if width >= 7:
                light = colours[index % len(colours)] in ("#0072B2", "#D55E00", "#000000", "#009E73")
                ax.text(start + width / 2, position, ty.fmt_number(width, 0), ha="center", va="center", fontsize=8,
                        color="#ffffff" if light else "#000000")
        left = left + values
    ax.set_yticks(positions, [_clip(label) for label in chart.labels])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.grid(axis="y", visible=False)
    _russian_axis(ax.xaxis, "процент")
    _legend(fig, ax, min(6, len(chart.series)))


def _draw_distribution(fig: Any, chart: Chart) -> None:
    values = [v for v in _values(chart.series[0]) if not math.isnan(v)]
    if len(values) <= MAX_BARS:
        pairs = [(label, v) for label, v in zip(chart.labels, _values(chart.series[0]), strict=True) if not math.isnan(v)]
        pairs.sort(key=lambda pair: (-pair[1], pair[0]))
        sorted_chart = Chart(chart.path, "bars", chart.title, chart.description, chart.unit, [p[0] for p in pairs],
                             [{"name": chart.series[0]["name"], "values": [p[1] for p in pairs]}],
                             chart.reference, chart.reference_label)
        _draw_bars(fig, sorted_chart)
        return
    ax = fig.add_subplot()
    ax.hist(values, bins=min(30, max(8, int(math.sqrt(len(values))))), color=PALETTE[0], edgecolor="#ffffff")
    ax.set_ylabel("Число организаций")
    _russian_axis(ax.xaxis, chart.unit)
    if chart.reference is not None:
        ax.axvline(chart.reference, color="#000000", linestyle="--", linewidth=1.2, label=chart.reference_label)
        _legend(fig, ax, 2)


_DRAW = {"trend": _draw_trend, "bars": _draw_bars, "stacked": _draw_stacked, "distribution": _draw_distribution}


def _legend_columns(chart: Chart) -> int:
    longest = max((len(str(series["name"])) for series in chart.series), default=0)
    return min(len(chart.series), 3 if longest <= 22 else 2 if longest <= 40 else 1)


def _height(chart: Chart) -> float:
    if chart.kind == "trend":
        return 3.2 + 0.27 * _legend_rows(chart)
    rows = len(chart.labels)
    if chart.kind == "distribution" and rows > MAX_BARS:
        return 3.4
    per_row = 0.3 if chart.kind != "bars" or len(chart.series) == 1 else 0.22 * len(chart.series) + 0.1
    return min(14.0, 1.3 + per_row * rows)


#: inches per character of a 10-pt DejaVu Sans label (a little above the real mean, so labels are never cut)
CHAR_IN = 0.095
#: longer axis labels are shortened with «…» (the table beside the chart has the full names)
MAX_LABEL = 36


def _legend_rows(chart: Chart) -> int:
    if chart.kind == "trend":
        return math.ceil(len(chart.series) / _legend_columns(chart)) if len(chart.series) > 1 else 0
    if chart.kind == "stacked":
        return 1
    return 1 if len(chart.series) > 1 or chart.reference is not None else 0


def _margins(chart: Chart, height: float) -> dict[str, float]:
    """Fixed margins from the longest label and the legend: half the time of matplotlib's constrained layout."""
    horizontal = chart.kind in ("bars", "stacked") or (chart.kind == "distribution" and len(chart.labels) <= MAX_BARS)
    longest = max((len(_clip(label)) for label in chart.labels), default=4)
    left_in = 0.3 + CHAR_IN * longest if horizontal else 0.85
    bottom_in = 0.45 + 0.27 * _legend_rows(chart) + (0.1 if _legend_rows(chart) else 0)
    return {"left": left_in / WIDTH_IN, "right": 1 - 0.3 / WIDTH_IN, "top": 1 - 0.15 / height, "bottom": bottom_in / height}


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _accessible(svg: str, chart: Chart) -> str:
    """Give the SVG a role, a ``<title>`` and a ``<desc>``; drop the DOCTYPE and comment lines before ``<svg>``."""
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("matplotlib produced no <svg> element")
    opening = match.group(0)[:-1] + ' role="img" aria-labelledby="chart-title chart-desc">'
    head = (
        f'<title id="chart-title">{html.escape(chart.title)}</title>'
        f'<desc id="chart-desc">{html.escape(chart.description)}</desc>'
    )
    return '<?xml version="1.0" encoding="utf-8"?>\n' + opening + "\n" + head + svg[match.end():]


def draw(chart: Chart) -> bytes:
    """Draw one chart as SVG bytes (deterministic: no date, fixed hash salt for element ids)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        height = _height(chart)
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        _DRAW[chart.kind](fig, chart)
        fig.subplots_adjust(**_margins(chart, height))
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), chart).encode("utf-8")


def _draw_many(charts: Sequence[Chart]) -> list[bytes]:
    return [draw(chart) for chart in charts]


# --- the cache and the pool -------------------------------------------------------------------------------


class ChartDrawing:
    """Charts drawn by worker processes while the build goes on in this one.

    The pages register their charts first; the open-data and report sections then run here while the workers
    draw, so both cores stay busy. ``render_charts`` collects the drawings and draws what was added later.
    """

    def __init__(self, cache: Path, *, workers: int = WORKERS) -> None:
        self.cache = cache
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.jobs: list[tuple[list[str], Any]] = []

    def start(self, charts: Sequence[Chart]) -> None:
        """Send the charts missing from the cache to the workers (a handful is left to draw here later)."""
        self.cache.mkdir(parents=True, exist_ok=True)
        missing: dict[str, Chart] = {}
        for chart in charts:
            key = chart.key()
            if key not in missing and not (self.cache / f"{key}.svg").is_file():
                missing[key] = chart
        todo = list(missing.items())
        if len(todo) < POOL_THRESHOLD or self.workers < 2:
            return
        size = max(1, min(32, len(todo) // (self.workers * 4)))
        self.pool = ProcessPoolExecutor(max_workers=self.workers)
        for i in range(0, len(todo), size):
            chunk = todo[i:i + size]
            self.jobs.append(([key for key, _ in chunk], self.pool.submit(_draw_many, [chart for _, chart in chunk])))

    def collect(self) -> int:
        """Wait for the workers and store their drawings in the cache; returns how many were drawn."""
        drawn = 0
        for keys, job in self.jobs:
            for key, svg in zip(keys, job.result(), strict=True):
                _store(self.cache, key, svg)
                drawn += 1
        self.jobs = []
        self.close()
        return drawn

    def close(self) -> None:
        """Stop the workers (after a failure elsewhere, without waiting for charts nobody will publish)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def render_charts(charts: Sequence[Chart], docs: DocsTree, cache: Path, *, workers: int = WORKERS,
                  drawing: ChartDrawing | None = None) -> ChartStats:
    """Write every chart into the docs tree, drawing only those whose data or code changed since last time.

    ``drawing`` holds charts already sent to worker processes; they are collected first. Cache entries not
    used by this build are removed, so the cache holds exactly the current site's charts.
    """
    cache.mkdir(parents=True, exist_ok=True)
    stats = ChartStats()
    drawn_before = drawing.collect() if drawing is not None else 0
    keys = [chart.key() for chart in charts]
    missing: dict[str, Chart] = {}
    for chart, key in zip(charts, keys, strict=True):
        if not (cache / f"{key}.svg").is_file():
            missing.setdefault(key, chart)
    todo = list(missing.items())
    if todo:
        if len(todo) >= POOL_THRESHOLD and workers > 1:
            size = max(1, min(32, len(todo) // (workers * 4)))
            chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                drawn = pool.map(_draw_many, [[chart for _, chart in chunk] for chunk in chunks])
                for chunk, svgs in zip(chunks, drawn, strict=True):
                    for (key, _), svg in zip(chunk, svgs, strict=True):
                        _store(cache, key, svg)
        else:
            for key, chart in todo:
                _store(cache, key, draw(chart))
    stats.drawn = drawn_before + len(todo)
    stats.cached = len(set(keys)) - stats.drawn
    for chart, key in zip(charts, keys, strict=True):
        docs.copy_file(chart.path, cache / f"{key}.svg", f"диаграмма «{chart.title}»")
    used = {f"{key}.svg" for key in keys}
    for entry in cache.glob("*.svg"):
        if entry.name not in used:
            entry.unlink()
    return stats


def _store(cache: Path, key: str, svg: bytes) -> None:
    """Write through a temporary name, so an interrupted build never leaves half a chart in the cache."""
    temporary = cache / f".{key}.tmp"
    temporary.write_bytes(svg)
    temporary.replace(cache / f"{key}.svg")
