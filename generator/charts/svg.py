"""A scene as an SVG document: ``role="img"``, ``<title>`` and ``<desc>``, text as ``<text>`` in px, fixed
number formatting (identical data give identical bytes)."""

from __future__ import annotations

from html import escape

from .scene import Circle, Line, Polygon, Polyline, Rect, Scene, Text

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _points(points: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _dash(dash: tuple[float, ...]) -> str:
    return f' stroke-dasharray="{" ".join(_n(d) for d in dash)}"' if dash else ""


def _stroke(colour: str) -> str:
    return f' stroke="{colour}"' if colour else ""


def _item(item: object) -> str:
    if isinstance(item, Text):
        anchor = "" if item.anchor == "start" else f' text-anchor="{item.anchor}"'
        weight = ' font-weight="bold"' if item.bold else ""
        fill = "" if item.fill == "#1f1f1f" else f' fill="{item.fill}"'
        return (f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{item.size}"{anchor}{weight}{fill}>'
                f"{escape(item.text, quote=False)}</text>")
    if isinstance(item, Line):
        return (f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" y2="{_n(item.y2)}" '
                f'stroke="{item.stroke}" stroke-width="{_n(item.width)}"{_dash(item.dash)}/>')
    if isinstance(item, Polyline):
        return (f'<polyline points="{_points(item.points)}" fill="none" stroke="{item.stroke}" '
                f'stroke-width="{_n(item.width)}" stroke-linejoin="round"{_dash(item.dash)}/>')
    if isinstance(item, Rect):
        return (f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" height="{_n(item.h)}" '
                f'fill="{item.fill}"{_stroke(item.stroke)}/>')
    if isinstance(item, Polygon):
        return f'<polygon points="{_points(item.points)}" fill="{item.fill}"{_stroke(item.stroke)}/>'
    if isinstance(item, Circle):
        return f'<circle cx="{_n(item.cx)}" cy="{_n(item.cy)}" r="{_n(item.r)}" fill="{item.fill}"{_stroke(item.stroke)}/>'
    raise TypeError(item)


def write(scene: Scene, title: str, description: str) -> bytes:
    width, height = _n(scene.width), _n(scene.height)
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="chart-title chart-desc" font-family="{FONT}" fill="#1f1f1f">\n'
        f'<title id="chart-title">{escape(title, quote=False)}</title>\n'
        f'<desc id="chart-desc">{escape(description, quote=False)}</desc>\n'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>\n'
    )
    body = "\n".join(_item(item) for item in scene.items)
    return (head + body + "\n</svg>\n").encode("utf-8")
