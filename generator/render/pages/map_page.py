"""The map of organisations at ``/map/``: the registry's coordinates drawn as an inline SVG, with no tile server
and no request to another host, and the same organisations as a list (the accessible way to them).

The projection is the plain equirectangular one with the longitude scaled by the cosine of the middle latitude:
at the scale of a municipality or a region it keeps distances and directions close enough for «where is it»,
which is all the map is for. Each point is a link to the organisation's page; the kinds differ by shape as well
as by colour. No number is drawn: the map shows where organisations are, nothing about their results.

In a region of several municipalities each municipality has its own map (``map/<ОКТМО>/``), and ``/map/`` shows
the municipalities, one point each at the middle of its organisations: all of a region's 3 000 organisations on
one page were 1,7 MB of HTML, and a phone screen shows a cloud of points, not where a school is.
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
from .catalogues import TITLES, by_name, finder_fields, finder_records, finder_sources, short_addresses

if TYPE_CHECKING:
    from ..writer import PageWriter

MAP_PAGE = "map/index.md"


def municipality_map(oktmo: str) -> str:
    """A municipality's own map, in a region of several."""
    return f"map/{oktmo}/index.md"


#: the territory boundaries beside the registry's tables (GeoJSON: polygons in longitude/latitude, each feature's
#: ``properties`` naming a ``territory_id`` of the registry or a municipality's ``oktmo``); optional
BOUNDARIES = "boundaries.geojson"
BOUNDARY_STYLE = 'fill="none" stroke="#5a6378" stroke-width="1.5" stroke-dasharray="6 3"'

WIDTH = 800
PADDING = 24
#: kind → (colour, SVG shape) — the shape tells the kinds apart without colour
MARKS = {"school": ("#1f3a93", "circle"), "kindergarten": ("#a8201a", "square"), "additional": ("#17683a", "diamond"),
         "municipality": ("#4a4a4a", "circle")}
#: what the legend calls each kind of point
MARK_NAMES = {**KIND_NAMES, "municipality": "Муниципалитет"}
ORGANISATIONS = ("организация", "организации", "организаций")


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
    # a municipality's point (the region's map) is larger than an organisation's
    return f'<circle cx="{x}" cy="{y}" r="{9 if kind == "municipality" else 6}" fill="{colour}" stroke="#fff"/>'


def drawing(w: PageWriter, page: str, points: list[tuple[str, str, str, float, float]], caption: str) -> Markup:
    """The map of ``points`` — (name, address of its page, kind, latitude, longitude) — with the outlines of the
    registry's boundaries; ``caption`` says what the points are."""
    outlines = boundaries(w)
    vertices = [point for _name, rings in outlines for ring in rings for point in ring]
    placed, height = project([(lat, lon) for _name, _to, _kind, lat, lon in points] + vertices)
    placed, corners = placed[:len(points)], iter(placed[len(points):])
    lines = []
    for _name, rings in outlines:
        path = "".join("M" + "L".join(f"{x} {y}" for x, y in (next(corners) for _point in ring)) + "Z" for ring in rings)
        lines.append(f'<path d="{path}" {BOUNDARY_STYLE}/>')
    marks = []
    for (name, to, kind, _lat, _lon), (x, y) in zip(points, placed, strict=True):
        label, href = md_escape(name), md_escape(w.href(page, to))
        marks.append(f'<a href="{href}" aria-label="{label}"><title>{label}</title>{_mark(kind, x, y)}</a>')
    legend = ('<li><svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true">'
              f'<path d="M2 8L22 8" {BOUNDARY_STYLE}/></svg> Граница</li>' if outlines else "") + "".join(
        f'<li><svg width="{side}" height="{side}" viewBox="0 0 {side} {side}" aria-hidden="true">'
        f'{_mark(kind, side // 2, side // 2)}</svg> {md_escape(MARK_NAMES[kind])}</li>'
        for kind, side in ((kind, 20 if kind == "municipality" else 16) for kind in MARKS)
        if any(point[2] == kind for point in points))
    return Markup(
        '<figure class="msoko-map">'
        f'<svg class="msoko-map__svg" viewBox="0 0 {WIDTH} {height}" aria-labelledby="msoko-map-caption">'
        f'<rect width="{WIDTH}" height="{height}" fill="#f4f6fb"/>' + "".join(lines) + "".join(marks) + "</svg>"
        f'<ul class="msoko-map__legend">{legend}</ul>'
        f'<figcaption id="msoko-map-caption">{caption}'
        + (f" Пунктир — {'границы' if len(outlines) > 1 else 'граница'}: "
           + str(md_escape(", ".join(name for name, _rings in outlines))) + "." if outlines else "")
        + "</figcaption></figure>"
    )


Located = list[tuple[dict[str, Any], float, float]]


def _located(w: PageWriter) -> Located:
    if "latitude" not in w.data.organisations.columns or "longitude" not in w.data.organisations.columns:
        return []
    return located(records(by_name(w.data.organisations)))


def _by_municipality(found: Located) -> dict[str, Located]:
    """ОКТМО → its located organisations (by name), in order of ОКТМО."""
    places: dict[str, Located] = {}
    for item in found:
        places.setdefault(str(item[0]["oktmo"]), []).append(item)
    return dict(sorted(places.items()))


def municipality_maps(w: PageWriter) -> dict[str, str]:
    """ОКТМО → the map that shows the municipality's organisations (its own map in a region, else the one map);
    a municipality none of whose organisations has coordinates is not in it."""
    places = _by_municipality(_located(w))
    return {oktmo: municipality_map(oktmo) if len(places) > 1 else MAP_PAGE for oktmo in places}


def write(w: PageWriter) -> None:
    """The map page, when the registry has coordinates for at least one organisation; in a region, a map per
    municipality and the municipalities' map."""
    found = _located(w)
    if not found:
        return
    # the finder's records of every kind, made once for all the maps' filters
    finder = [record for kind in finder_sources(w, MAP_PAGE) for record in finder_records(w, kind)]
    places = _by_municipality(found)
    if len(places) < 2:
        _organisations_map(w, MAP_PAGE, "Карта организаций", found, len(w.data.organisations) - len(found), finder)
        return
    names = {oktmo: str(row["name"]) for oktmo, row in w.data.municipality_by_id.items()}
    registered = w.data.organisations["oktmo"].astype(str).value_counts().to_dict()
    for oktmo, own in places.items():
        _organisations_map(w, municipality_map(oktmo), f"Карта организаций: {names.get(oktmo, oktmo)}", own,
                           int(registered.get(oktmo, 0)) - len(own), finder, region=True)
    _municipalities_map(w, places, names, len(found))


def _organisations_map(w: PageWriter, page: str, title: str, found: Located, missing: int,
                       finder: list[dict[str, Any]], *, region: bool = False) -> None:
    """A map of organisations with their list under it (and the finder's filters over both, offering the values
    of these organisations' ``finder`` records)."""
    addresses = short_addresses([str(org["address"]) for org, _lat, _lon in found if org.get("address")])
    rows = [[Cell(w.org_a(page, str(org["org_id"])), header=True),
             KIND_NAMES.get(str(org["kind"]), str(org["kind"])),
             TYPE_SHORT.get(str(org["type"]), str(org["type"])),
             LOCALITY_NAMES.get(str(org["locality"]), str(org["locality"])),
             addresses.get(str(org.get("address")), str(org.get("address") or ""))]
            for org, _lat, _lon in found]
    listing = table([Column("Наименование"), Column("Вид"), Column("Тип"), Column("Местность"), Column("Адрес")], rows,
                    caption="Организации на карте, по названию", search=False)
    note = (f"Без координат в реестре и потому не на карте: {ty.count_noun(missing, ORGANISATIONS)}." if missing else "")
    points = [(str(org["short_name"]), urls.organisation(str(org["org_id"])), str(org["kind"]), lat, lon)
              for org, lat, lon in found]
    caption = (f"Организации по координатам реестра: {ty.count_noun(len(found), ORGANISATIONS)}. Подложки нет — карта не "
               "обращается к другим сайтам; точка ведёт на страницу организации.")
    shown = {str(org["org_id"]) for org, _lat, _lon in found}
    w.page(page, "map.md.j2", title=title, drawing=drawing(w, page, points, caption), listing=listing, note=note,
           filters=filters(w, page, [record for record in finder if record["id"] in shown]),
           region=w.href(page, MAP_PAGE) if region else "", wide=True)


def _municipalities_map(w: PageWriter, places: dict[str, Located], names: dict[str, str], located_count: int) -> None:
    """``/map/`` of a region: a point per municipality (the middle of its organisations), each leading to its own
    map, and the municipalities listed with how many organisations of each kind their maps show."""
    kinds = [kind for kind in TITLES if any(str(org["kind"]) == kind for own in places.values() for org, _la, _lo in own)]
    points, rows = [], []
    for oktmo, own in sorted(places.items(), key=lambda item: (names.get(item[0], item[0]), item[0])):
        name = names.get(oktmo, oktmo)
        points.append((name, municipality_map(oktmo), "municipality",
                       sum(lat for _org, lat, _lon in own) / len(own), sum(lon for _org, _lat, lon in own) / len(own)))
        rows.append([Cell(w.a(MAP_PAGE, municipality_map(oktmo), name), header=True),
                     *(Cell(ty.fmt_int(count), count)
                       for count in (sum(str(org["kind"]) == kind for org, _lat, _lon in own) for kind in kinds)),
                     Cell(ty.fmt_int(len(own)), len(own))])
    listing = table([Column("Муниципалитет"), *(Column(TITLES[kind][0], numeric=True) for kind in kinds),
                     Column("Всего", numeric=True)], rows, caption="Организации на картах муниципалитетов", search=False)
    missing = len(w.data.organisations) - located_count
    note = (f"Без координат в реестре и потому не на картах: {ty.count_noun(missing, ORGANISATIONS)}." if missing else "")
    caption = (f"Муниципалитеты: {ty.count_noun(len(points), ('муниципалитет', 'муниципалитета', 'муниципалитетов'))}. "
               "Подложки нет — карта не обращается к другим сайтам; точка стоит посередине организаций муниципалитета "
               "и ведёт на его карту.")
    w.page(MAP_PAGE, "map_region.md.j2", title="Карта организаций", drawing=drawing(w, MAP_PAGE, points, caption),
           listing=listing, note=note, count=ty.count_noun(located_count, ORGANISATIONS), wide=True)


def filters(w: PageWriter, page: str, found: list[dict[str, Any]]) -> Markup:
    """The finder's filters over the map and its list (``map.js`` hides the points and rows that do not match,
    from the same finder files the catalogues read); hidden without JavaScript, when the map shows everything.
    The fields offer the values of the finder's records ``found`` (a municipality's map: its own only)."""
    config = json.dumps({"sources": finder_sources(w, page)}, ensure_ascii=False, sort_keys=True)
    return Markup(
        f'<form class="msoko-finder" data-msoko-map-filter="{md_escape(config)}" role="search" '
        'aria-label="Отбор организаций на карте" hidden>\n'
        f'<div class="msoko-finder__fields">{finder_fields(w, None, found, municipality=page == MAP_PAGE)}</div>\n'
        '<p class="msoko-finder__note">Те же фильтры, что в каталогах; карта и список под ней показывают одни и те же '
        "организации. Выбор сохраняется в адресе страницы.</p>\n"
        '<p class="msoko-finder__actions"><button type="reset" class="msoko-finder__reset">Сбросить фильтры</button></p>\n'
        '</form>\n<p class="msoko-finder__status" role="status" data-msoko-map-status></p>')
