"""Draw a chart: SVG at the wide and the narrow width, PNG for Word, and the text alternative that states
the values."""

from __future__ import annotations

import hashlib
from pathlib import Path

import PIL

from .. import typography as ty
from . import layout, metrics, raster
from . import svg as svg_writer
from .model import Chart, axis_label

#: canvas widths in CSS px: the desktop and print layout, and the phone layout (a 375-px screen shows about
#: 343 px of content, so the narrow chart is shown at its own size and its 12–13 px text stays 12–13 px)
WIDE = 640
NARROW = 340


def _code_version() -> str:
    """Hash of this package's code, Pillow's version and the font: what shapes a chart besides its data."""
    digest = hashlib.sha256(PIL.__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + source.read_bytes())
    digest.update(metrics.font_file().name.encode() + str(metrics.font_file().stat().st_size).encode())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def narrow_path(path: str) -> str:
    """Where the phone layout of a chart goes: ``trend.svg`` → ``trend-narrow.svg``."""
    stem = path[:-4] if path.endswith(".svg") else path
    return f"{stem}-narrow.svg"


def alternative(chart: Chart) -> str:
    """The chart in words: the page's description, and for a histogram the count in each interval."""
    if chart.kind != "distribution":
        return chart.description
    edges, counts = layout.bins(chart)
    step = edges[1] - edges[0]
    parts = []
    for low, high, count in zip(edges, edges[1:], counts, strict=False):
        if count:
            low_text = axis_label(low, "", step)
            high_text = axis_label(high, chart.unit, step)
            parts.append(f"{low_text}–{high_text} — {ty.count_noun(count, ('организация', 'организации', 'организаций'))}")
    return f"{chart.description} Гистограмма по интервалам значений: {'; '.join(parts)}." if parts else chart.description


def svg(chart: Chart, narrow: bool = False) -> bytes:
    """The chart as an SVG document at the wide or the narrow width (deterministic bytes)."""
    scene = layout.draw(chart, NARROW if narrow else WIDE, narrow)
    return svg_writer.write(scene, chart.title, alternative(chart))


def png(chart: Chart, scale: float = 2.5) -> bytes:
    """The wide layout as PNG, ``scale`` pixels per CSS px (2,5 gives 1 600 px across: sharp at 16 cm)."""
    return raster.write(layout.draw(chart, WIDE, False), scale)
