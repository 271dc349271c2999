"""Widths of text in the charts' font, so that labels are wrapped and placed, never cut or overlapping.

The charts name DejaVu Sans first; its widths are read from the font file with Pillow (the widest of the usual
sans-serif fonts, so a browser that falls back to Arial or Roboto only gains room).
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import ImageFont

SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")
_REFERENCE_SIZE = 100


def font_file(bold: bool = False) -> Path:
    """DejaVu Sans from the system, else the copy matplotlib ships (a dependency of the project)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    if (SYSTEM_FONTS / name).is_file():
        return SYSTEM_FONTS / name
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / name


@functools.lru_cache(maxsize=8)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(bold)), size)


@functools.lru_cache(maxsize=65536)
def _reference_width(text: str, bold: bool) -> float:
    return float(font(_REFERENCE_SIZE, bold).getlength(text))


def width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of ``text`` at ``size`` px."""
    return _reference_width(text, bold) * size / _REFERENCE_SIZE


def wrap(text: str, size: float, room: float, max_lines: int = 3) -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``room`` (a word wider than that keeps its line);
    beyond ``max_lines`` the last line ends with «…» at a word boundary, never inside a word."""
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and width(candidate, size) > room:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while " " in last and width(last + "…", size) > room:
            last = last.rsplit(" ", 1)[0]
        kept[-1] = last + "…"
        return kept
    return lines or [""]
