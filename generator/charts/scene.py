"""The canvas a layout fills: a few drawing primitives in CSS px, written out by ``svg`` and ``raster``."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT = "#1f1f1f"
AXIS = "#555555"
GRID = "#dddddd"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = AXIS
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 2.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class Text:
    """One line of text; ``y`` is its baseline; ``anchor`` is ``start``, ``middle`` or ``end``."""

    x: float
    y: float
    text: str
    size: int
    anchor: str = "start"
    fill: str = TEXT
    bold: bool = False


Item = Line | Polyline | Rect | Polygon | Circle | Text


@dataclass
class Scene:
    width: float
    height: float
    items: list[Item] = field(default_factory=list)

    def add(self, *items: Item) -> None:
        self.items.extend(items)
