"""The map of a region of several municipalities: ``/map/`` shows the municipalities, each leading to a map of its
own organisations, so that no page carries every organisation of a region (3 000 of them were 1,7 MB of HTML)."""

from __future__ import annotations

import csv
import re

import pytest

from generator.project import Project

pytestmark = pytest.mark.slow

POINT = re.compile(r'<a href="([^"]+)" aria-label="([^"]+)"><title>')


def points(page: str) -> list[tuple[str, str]]:
    """(address, name) of every point of the page's map."""
    svg = page[page.index('<svg class="msoko-map__svg"'):page.index("</svg>", page.index('<svg class="msoko-map__svg"'))]
    return POINT.findall(svg)


def registry(project: Project) -> list[dict[str, str]]:
    with (project.root / "datapackages" / "registry" / "organisations.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["latitude"] and row["longitude"]]


def test_a_regions_map_leads_to_a_map_per_municipality_with_its_own_organisations(split_site: Project) -> None:
    organisations = registry(split_site)
    places = sorted({row["oktmo"] for row in organisations})
    assert len(places) == 2, "the fixture has its two schools in two municipalities"
    overview = (split_site.site / "map" / "index.html").read_text(encoding="utf-8")
    # one point per municipality, each to its own map; no organisation on the overview's map
    assert sorted(href for href, _name in points(overview)) == sorted(f"{oktmo}/" for oktmo in places)
    assert "organisations/" not in "".join(href for href, _name in points(overview))
    shown: list[str] = []
    for oktmo in places:
        page = (split_site.site / "map" / oktmo / "index.html").read_text(encoding="utf-8")
        own = sorted(row["org_id"] for row in organisations if row["oktmo"] == oktmo)
        on_map = sorted(href.strip("/").split("/")[-1] for href, _name in points(page))
        assert on_map == own
        listed = re.findall(r'<a href="\.\./\.\./organisations/([^/"]+)/"', page[page.index('id="msoko-map-list"'):])
        assert sorted(listed) == own
        # a municipality's map filters its own organisations: no municipality to choose, a way back to the overview
        assert 'name="municipality"' not in page
        assert '<a href="../">общей карте</a>' in page
        shown += on_map
    assert sorted(shown) == sorted(row["org_id"] for row in organisations)


def test_a_regions_map_lists_each_municipality_with_the_count_its_map_shows(split_site: Project) -> None:
    organisations = registry(split_site)
    overview = (split_site.site / "map" / "index.html").read_text(encoding="utf-8")
    table = overview[overview.index('id="msoko-map-list"'):]
    rows = re.findall(r'<a href="(\d+)/">[^<]+</a></th>(.*?)</tr>', table, flags=re.S)
    assert rows, "the overview lists the municipalities"
    for oktmo, cells in rows:
        numbers = [int(value) for value in re.findall(r">(\d+)</td>", cells)]
        assert numbers[-1] == sum(row["oktmo"] == oktmo for row in organisations)
        assert sum(numbers[:-1]) == numbers[-1]


def test_a_municipalitys_page_links_to_the_map_of_its_organisations(split_site: Project) -> None:
    for oktmo in sorted({row["oktmo"] for row in registry(split_site)}):
        page = (split_site.site / "municipalities" / oktmo / "index.html").read_text(encoding="utf-8")
        assert f'<a href="../../map/{oktmo}/">Организации муниципалитета на карте</a>' in page
