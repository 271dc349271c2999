"""The finder's and the comparison's files publish no number of their own: every value in them is the value the
open-data file publishes for the same organisation (or municipality), indicator and year, and a value the
disclosure control hides there is «к» here too. A file that repeats published values gives the attacker of
``tests/privacy`` nothing new, so these checks are what keeps the new files inside the control."""

from __future__ import annotations

import csv
import json

import pytest

from generator import typography as ty
from generator.project import Project

pytestmark = pytest.mark.slow


def published(project: Project) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """(indicator, entity type, entity, school year) → the open-data row."""
    path = project.site / "data" / "indicator-values" / "indicator-values.csv"
    with path.open(encoding="utf-8") as handle:
        return {(row["indicator"], row["entity_type"], row["entity_id"], ty.school_year(int(row["year"]))): row
                for row in csv.DictReader(handle)}


def as_published(row: dict[str, str] | None) -> str:
    if row is None:
        return ty.NO_DATA
    if row["suppressed"] == "true":
        return ty.SUPPRESSED
    return ty.fmt_value(float(row["value"]), row["unit"]) if row["value"] != "" else ty.NO_DATA


def same_value(shown: str, row: dict[str, str] | None) -> bool:
    """``shown`` is the open-data value as a page shows it: «к» exactly where the file hides it, «—» where it has
    none, otherwise the file's number rounded to the shown digits (the file keeps four decimals, so a value
    such as 61,25 may round either way: half a unit of the last shown digit is allowed)."""
    expected = as_published(row)
    if ty.SUPPRESSED in (shown, expected) or ty.NO_DATA in (shown, expected):
        return shown == expected
    number = shown.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").rstrip("%").replace(",", ".")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return abs(float(number) - float(row["value"])) <= 0.5 * 10 ** -decimals + 1e-6


def test_compare_values_are_the_published_values(demo_site: Project) -> None:
    rows = published(demo_site)
    municipalities = {}
    with (demo_site.datapackages / "registry" / "organisations.csv").open(encoding="utf-8") as handle:
        for org in csv.DictReader(handle):
            municipalities[org["org_id"]] = org["oktmo"]
    files = sorted((demo_site.site / "compare").glob("*.json"))
    assert len(files) == len(municipalities)
    hidden = compared = 0
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        for measure in record["measures"]:
            key = (measure["code"], "organisation", record["id"], measure["year"])
            assert same_value(measure["value"], rows.get(key)), (path.name, measure)
            town = (measure["code"], "municipality", municipalities[record["id"]], measure["year"])
            assert same_value(measure["municipal"], rows.get(town)), (path.name, measure)
            hidden += measure["value"] == ty.SUPPRESSED
            compared += 1
    assert compared and hidden  # the demo has hidden values among the key measures: they stay «к»


def test_compare_intervals_are_those_of_the_organisation_pages(demo_site: Project) -> None:
    """Each interval beside a compared value is the «вероятный диапазон» the organisation's own page publishes for
    the same indicator, and there is none beside a «к» (the disclosure control refuses that)."""
    import html as html_lib
    import re

    shown = 0
    for path in sorted((demo_site.site / "compare").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        page = html_lib.unescape((demo_site.site / "organisations" / record["id"] / "index.html").read_text(encoding="utf-8"))
        rows: dict[str, str] = {}
        for match in re.finditer(r"<tr>.*?indicators/(\d-\d\d)/.*?</tr>", page, re.S):
            rows[match.group(1)] = rows.get(match.group(1), "") + match.group(0)
        for measure in record["measures"]:
            if measure["value"] == ty.SUPPRESSED:
                assert measure["interval"] == "", (path.name, measure)
            elif measure["interval"]:
                assert measure["interval"] in rows[measure["code"].replace(".", "-")], (path.name, measure)
                shown += 1
    assert shown


def test_finder_sizes_are_published_and_a_hidden_size_has_no_band(demo_site: Project) -> None:
    from generator.render.pages.catalogues import SIZE_INDICATOR

    rows = published(demo_site)
    for kind, folder in (("school", "schools"), ("kindergarten", "kindergartens"), ("additional", "additional")):
        path = demo_site.site / folder / "finder.json"
        if not path.is_file():
            continue
        for record in json.loads(path.read_text(encoding="utf-8")):
            if "size" not in record:
                continue
            series = [row for key, row in rows.items()
                      if key[:3] == (SIZE_INDICATOR[kind], "organisation", record["id"])]
            latest = max(series, key=lambda row: int(row["year"])) if series else None
            assert record["size"] == ty.NO_DATA or same_value(record["size"], latest), record
            if record["size"] in (ty.SUPPRESSED, ty.NO_DATA):
                assert record["band"] == ""


def test_map_draws_the_boundaries_the_registry_supplies(demo_site: Project) -> None:
    """The demo's registry ships a fictional outline of its municipality: the map draws one dashed path per
    outline, in the same box as the points, and its caption names what the lines are."""
    import re

    from generator.render.pages.map_page import BOUNDARIES

    features = json.loads((demo_site.datapackages / "registry" / BOUNDARIES).read_text(encoding="utf-8"))["features"]
    page = (demo_site.site / "map" / "index.html").read_text(encoding="utf-8")
    svg = page[page.index('<svg class="msoko-map__svg"'):page.index("</svg>", page.index('<svg class="msoko-map__svg"'))]
    paths = re.findall(r'<path d="([^"]+)" fill="none"', svg)
    assert len(paths) == len(features)
    width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    corners = [tuple(map(float, pair.split())) for pair in re.findall(r"[ML]([\d.]+ [\d.]+)", paths[0])]
    assert len(corners) == len(features[0]["geometry"]["coordinates"][0])
    assert all(0 <= x <= width and 0 <= y <= height for x, y in corners)
    with (demo_site.datapackages / "registry" / "municipalities.csv").open(encoding="utf-8") as handle:
        town = next(csv.DictReader(handle))
    assert "Пунктир — граница: " + town["name"].replace("(", "&#40;").replace(")", "&#41;") in page
