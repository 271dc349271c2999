"""The charts of the site and of the annual report: one data model, one layout, two outputs.

A page or a report section describes a chart as data (``Chart``); ``layout`` places every mark and word on a
canvas of a given width (a wide one for desktops and print, a narrow one for phones, where text keeps its size
and the layout changes instead of shrinking); ``svg`` writes the canvas as SVG with real ``<text>`` (searchable,
sized in CSS px) and ``raster`` as PNG for Word, which cannot take SVG. Same palette and order everywhere.
"""

from .draw import CODE_VERSION, NARROW, WIDE, alternative, narrow_path, png, svg
from .model import MARK_COLOURS, PALETTE, Chart, axis_label

__all__ = ["CODE_VERSION", "MARK_COLOURS", "NARROW", "PALETTE", "WIDE", "Chart", "alternative", "axis_label",
           "narrow_path", "png", "svg"]
