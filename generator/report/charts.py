"""Draw the report's charts: SVG for the HTML pages and the PDF, PNG for the DOCX (Word cannot take SVG).

Deterministic output: no timestamp, fixed SVG ids (``svg.hashsalt``), the DejaVu Sans font the PDF embeds.
"""

from __future__ import annotations

import functools
import html
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .. import typography as t  # noqa: E402
from .model import Chart  # noqa: E402

#: Okabe & Ito (2008): colours that stay distinct for the common forms of colour-blindness
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "msoko-report",
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure(chart: Chart):
    figure, axes = plt.subplots(figsize=(7.0, 3.6))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: t.fmt_number(value, 0 if value == int(value) else 1)))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    if chart.kind == "line":
        for index, series in enumerate(chart.series):
            labels = [point[0] for point in series.points]
            values = [point[1] for point in series.points]
            axes.plot(labels, values, marker="os^Dv<>p"[index % 8], color=PALETTE[index % len(PALETTE)],
                      label=series.label, linewidth=1.6)
    else:
        categories: list[str] = []
        for series in chart.series:
            categories.extend(label for label, _ in series.points if label not in categories)
        width = 0.8 / max(len(chart.series), 1)
        for index, series in enumerate(chart.series):
            values = dict(series.points)
            positions = [number + (index - (len(chart.series) - 1) / 2) * width for number in range(len(categories))]
            axes.bar([p for p, c in zip(positions, categories, strict=True) if c in values],
                     [values[c] for c in categories if c in values], width=width * 0.95,
                     color=PALETTE[index % len(PALETTE)], label=series.label)
        axes.set_xticks(range(len(categories)), categories, rotation=30, ha="right")
    if chart.unit:
        axes.set_ylabel(chart.unit)
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    return figure


@functools.lru_cache(maxsize=64)
def svg(chart: Chart) -> str:
    """The chart as an SVG document with a ``<title>`` (the caption) for screen readers; drawn once per
    chart even though the site page and the PDF both embed it."""
    with plt.rc_context(STYLE):
        figure = _figure(chart)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    text = buffer.getvalue()
    start = text.index("<svg")
    text = text[start:]
    head_end = text.index(">") + 1
    title = html.escape(chart.caption, quote=False)
    return f'{text[:head_end]}\n<title>{title}</title>{text[head_end:]}'


@functools.lru_cache(maxsize=16)
def png(chart: Chart, dpi: int = 150) -> bytes:
    with plt.rc_context(STYLE):
        figure = _figure(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        plt.close(figure)
    return buffer.getvalue()
