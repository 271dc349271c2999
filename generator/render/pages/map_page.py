"""The map of organisations at ``/map/``: the registry's coordinates drawn as an inline SVG, with no tile server
and no request to another host, and the same organisations as a list (the accessible way to them).

The projection is the plain equirectangular one with the longitude scaled by the cosine of the middle latitude:
at the scale of a municipality or a region it keeps distances and directions close enough for «where is it»,
which is all the map is for. Each point is a link to the organisation's page; the kinds differ by shape as well
as by colour. No number is drawn: the map shows where organisations are, nothing about their results.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...errors import BuildError
from ..lookups import KIND_NAMES, LOCALITY_NAMES, TYPE_SHORT, as_float, records
from ..tables import Cell, Column, table
from ..templating import md_escape
from .catalogues import by_name, finder_fields, finder_records, finder_sources, short_addresses

if TYPE_CHECKING:
    from ..writer import PageWriter

MAP_PAGE = "map/index.md"
#: the territory boundaries beside the registry's tables (GeoJSON: polygons in longitude/latitude, each feature's
#: ``properties`` naming a ``territory_id`` of the registry or a municipality's ``oktmo``); optional
BOUNDARIES = "boundaries.geojson"
BOUNDARY_STYLE = 'fill="none" stroke="#5a6378" stroke-width="1.5" stroke-dasharray="6 3"'

WIDTH = 800
PADDING = 24
#: kind → (colour, SVG shape) — the shape tells the kinds apart without colour
MARKS = {"school": ("#1f3a93", "circle"), "kindergarten": ("#a8201a", "square"), "additional": ("#17683a", "diamond")}


def located(organisations: list[dict[str, Any]]) -> list[tuple[dict[str, Any], float, float]]:
    """Organisations with a usable latitude and longitude (others are left off the map, not guessed)."""
    found = []
    for org in organisations:
        lat, lon = as_float(org.get("latitude")), as_float(org.get("longitude"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        found.append((org, lat, lon))
    return found


def project(points: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], float]:
    """Latitude/longitude → SVG coordinates in a box ``WIDTH`` wide; returns the points and the box height."""
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * scale_x, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    unit = (WIDTH - 2 * PADDING) / max(span_x, span_y)
    height = round(span_y * unit + 2 * PADDING) if span_y * unit >= 1 else 2 * PADDING
    placed = [(round(PADDING + (lon - min(lons)) * scale_x * unit, 1), round(PADDING + (max(lats) - lat) * unit, 1))
              for lat, lon in points]
    return placed, max(height, 2 * PADDING)


def boundaries(w: PageWriter) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """(name, rings of (latitude, longitude)) of every outline in the registry package's ``boundaries.geojson``
    whose feature names a known territory or municipality; none without the file. A file that is not GeoJSON
    stops the build with the reason (a map with silently missing borders would mislead)."""
    resource = w.ctx.dataset.resources.get("organisations")
    path = resource.path.parent / BOUNDARIES if resource is not None else None
    if path is None or not path.is_file():
        return []
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        names = {str(row["territory_id"]): str(row["name"]) for row in records(w.ctx.dataset["territories"])} \
            if "territories" in w.ctx.dataset.tables else {}
        names |= {str(row["oktmo"]): str(row["name"]) for row in records(w.data.municipalities)}
        found = []
        for feature in features:
            properties = feature.get("properties") or {}
            name = names.get(str(properties.get("territory_id") or properties.get("oktmo") or ""))
            geometry = feature.get("geometry") or {}
            polygons = {"Polygon": [geometry.get("coordinates")], "MultiPolygon": geometry.get("coordinates")}.get(
                str(geometry.get("type")), [])
            rings = [[(float(lat), float(lon)) for lon, lat, *_rest in ring] for polygon in polygons for ring in polygon]
            if name and rings:
                found.append((name, rings))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BuildError(f"Файл границ «{path.name}» не читается как GeoJSON: {error}.",
                         "исправьте файл (FeatureCollection из Polygon/MultiPolygon, в properties — territory_id "
                         "или oktmo) или уберите его: карта обойдётся без границ.") from error
    return found


def _mark(kind: str, x: float, y: float) -> str:
    colour, shape = MARKS.get(kind, ("#4a4a4a", "circle"))
    if shape == "square":
        return f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" fill="{colour}" stroke="#fff"/>'
    if shape == "diamond":
        return f'<path d="M{x} {y - 7}L{x + 7} {y}L{x} {y + 7}L{x - 7} {y}Z" fill="{colour}" stroke="#fff"/>'
    return f'<circle cx="{x}" cy="{y}" r="6" fill="{colour}" stroke="#fff"/>'


def drawing(w: PageWriter, found: list[tuple[dict[str, Any], float, float]]) -> Markup:
    outlines = boundaries(w)
    vertices = [point for _name, rings in outlines for ring in rings for point in ring]
    placed, height = project([(lat, lon) for _org, lat, lon in found] + vertices)
    placed, corners = placed[:len(found)], iter(placed[len(found):])
    lines = []
    for _name, rings in outlines:
        path = "".join("M" + "L".join(f"{x} {y}" for x, y in (next(corners) for _point in ring)) + "Z" for ring in rings)
        lines.append(f'<path d="{path}" {BOUNDARY_STYLE}/>')
    marks = []
    for (org, _lat, _lon), (x, y) in zip(found, placed, strict=True):
        name = md_escape(str(org["short_name"]))
        href = md_escape(w.href(MAP_PAGE, urls.organisation(str(org["org_id"]))))
        marks.append(f'<a href="{href}" aria-label="{name}"><title>{name}</title>{_mark(str(org["kind"]), x, y)}</a>')
    legend = ('<li><svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true">'
              f'<path d="M2 8L22 8" {BOUNDARY_STYLE}/></svg> Граница</li>' if outlines else "") + "".join(
        f'<li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{_mark(kind, 8, 8)}</svg> '
        f"{md_escape(KIND_NAMES[kind])}</li>"
        for kind in MARKS if any(str(org["kind"]) == kind for org, _lat, _lon in found))
    return Markup(
        '<figure class="msoko-map">'
        f'<svg class="msoko-map__svg" viewBox="0 0 {WIDTH} {height}" aria-labelledby="msoko-map-caption">'
        f'<rect width="{WIDTH}" height="{height}" fill="#f4f6fb"/>' + "".join(lines) + "".join(marks) + "</svg>"
        f'<ul class="msoko-map__legend">{legend}</ul>'
        f'<figcaption id="msoko-map-caption">Организации по координатам реестра: '
        f"{ty.count_noun(len(found), ('организация', 'организации', 'организаций'))}. Подложки нет — "
        "карта не обращается к другим сайтам; точка ведёт на страницу организации."
        + (f" Пунктир — {'границы' if len(outlines) > 1 else 'граница'}: "
           + str(md_escape(", ".join(name for name, _rings in outlines))) + "." if outlines else "")
        + "</figcaption></figure>"
    )


def write(w: PageWriter) -> None:
    """The map page, when the registry has coordinates for at least one organisation."""
    if "latitude" not in w.data.organisations.columns or "longitude" not in w.data.organisations.columns:
        return
    found = located(records(by_name(w.data.organisations)))
    if not found:
        return
    addresses = short_addresses([str(org["address"]) for org, _lat, _lon in found if org.get("address")])
    rows = [[Cell(w.org_a(MAP_PAGE, str(org["org_id"])), header=True),
             KIND_NAMES.get(str(org["kind"]), str(org["kind"])),
             TYPE_SHORT.get(str(org["type"]), str(org["type"])),
             LOCALITY_NAMES.get(str(org["locality"]), str(org["locality"])),
             addresses.get(str(org.get("address")), str(org.get("address") or ""))]
            for org, _lat, _lon in found]
    listing = table([Column("Наименование"), Column("Вид"), Column("Тип"), Column("Местность"), Column("Адрес")], rows,
                    caption="Организации на карте, по названию", search=False)
    missing = len(w.data.organisations) - len(found)
    note = (f"Без координат в реестре и потому не на карте: "
            f"{ty.count_noun(missing, ('организация', 'организации', 'организаций'))}." if missing else "")
    w.page(MAP_PAGE, "map.md.j2", title="Карта организаций", drawing=drawing(w, found), listing=listing, note=note,
           filters=filters(w), wide=True)


def filters(w: PageWriter) -> Markup:
    """The finder's filters over the map and its list (``map.js`` hides the points and rows that do not match,
    from the same finder files the catalogues read); hidden without JavaScript, when the map shows everything."""
    found = [record for kind in finder_sources(w, MAP_PAGE) for record in finder_records(w, kind)]
    config = json.dumps({"sources": finder_sources(w, MAP_PAGE)}, ensure_ascii=False, sort_keys=True)
    return Markup(
        f'<form class="msoko-finder" data-msoko-map-filter="{md_escape(config)}" role="search" '
        'aria-label="Отбор организаций на карте" hidden>\n'
        f'<div class="msoko-finder__fields">{finder_fields(w, None, found)}</div>\n'
        '<p class="msoko-finder__note">Те же фильтры, что в каталогах; карта и список под ней показывают одни и те же '
        "организации. Выбор сохраняется в адресе страницы.</p>\n"
        '<p class="msoko-finder__actions"><button type="reset" class="msoko-finder__reset">Сбросить фильтры</button></p>\n'
        '</form>\n<p class="msoko-finder__status" role="status" data-msoko-map-status></p>')
