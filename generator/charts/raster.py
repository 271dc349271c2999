"""A scene as PNG (for the DOCX: Word cannot take SVG), drawn with Pillow from the same layout as the SVG, so
the picture in Word is the picture on the site. Drawn at twice the size and scaled down, for smooth lines."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

from . import metrics
from .scene import Circle, Line, Polygon, Polyline, Rect, Scene, Text

_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}
SUPERSAMPLE = 2


def _dashed(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], colour: str, width: int,
            dash: tuple[float, ...]) -> None:
    if not dash:
        draw.line(points, fill=colour, width=width, joint="curve")
        return
    on, off = dash[0], dash[1] if len(dash) > 1 else dash[0]
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = math.hypot(x2 - x1, y2 - y1)
        if not length:
            continue
        position = 0.0
        while position < length:
            end = min(position + on, length)
            draw.line([(x1 + (x2 - x1) * position / length, y1 + (y2 - y1) * position / length),
                       (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)], fill=colour, width=width)
            position = end + off


def write(scene: Scene, scale: float = 2.0) -> bytes:
    k = scale * SUPERSAMPLE
    size = (round(scene.width * k), round(scene.height * k))
    image = Image.new("RGB", size, "#ffffff")
    draw = ImageDraw.Draw(image)
    for item in scene.items:
        if isinstance(item, Text):
            draw.text((item.x * k, item.y * k), item.text, fill=item.fill, anchor=_ANCHORS[item.anchor],
                      font=metrics.font(round(item.size * k), item.bold))
        elif isinstance(item, Line):
            _dashed(draw, [(item.x1 * k, item.y1 * k), (item.x2 * k, item.y2 * k)], item.stroke,
                    max(1, round(item.width * k)), tuple(d * k for d in item.dash))
        elif isinstance(item, Polyline):
            _dashed(draw, [(x * k, y * k) for x, y in item.points], item.stroke, max(1, round(item.width * k)),
                    tuple(d * k for d in item.dash))
        elif isinstance(item, Rect):
            draw.rectangle([item.x * k, item.y * k, (item.x + item.w) * k, (item.y + item.h) * k], fill=item.fill,
                           outline=item.stroke or None)
        elif isinstance(item, Polygon):
            draw.polygon([(x * k, y * k) for x, y in item.points], fill=item.fill, outline=item.stroke or None)
        elif isinstance(item, Circle):
            draw.ellipse([(item.cx - item.r) * k, (item.cy - item.r) * k, (item.cx + item.r) * k,
                          (item.cy + item.r) * k], fill=item.fill, outline=item.stroke or None)
    image = image.resize((round(scene.width * scale), round(scene.height * scale)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
