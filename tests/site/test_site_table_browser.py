"""The table builder of the built demo site in Debian's Chromium: the choice in the address makes the table, the
cells are the open-data file's values («к» where it hides them), the CSV's numbers are the file's numbers, the
table is built by keyboard and comes back from its address, nothing is fetched from another host, the page fits
a phone and axe-core finds no violation. On a site of two municipalities a link loads only its municipality's
list of organisations, and the organisations of a municipality are listed once it is chosen."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_site_browser import Watched, _Quiet, browser, server  # noqa: F401 - the fixtures of the site's browser tests
from test_site_explore_browser import axe

from generator import typography as ty
from generator.project import Project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEVEL = {"organisation": "o", "territory": "t", "municipality": "m", "region": "r"}


def open_rows(project: Project) -> list[dict[str, str]]:
    path = project.site / "data" / "indicator-values" / "indicator-values.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def a_choice(project: Project) -> tuple[list[str], list[str], list[int], list[dict[str, str]]]:
    """Two indicators, a municipality and two organisations, two years — one of the cells hidden in the file."""
    rows = open_rows(project)
    hidden = next(row for row in rows if row["suppressed"] == "true" and row["entity_type"] == "organisation")
    other = next(row for row in rows if row["indicator"] != hidden["indicator"] and row["suppressed"] == "false"
                 and row["entity_type"] == "organisation" and row["entity_id"] != hidden["entity_id"])
    town = next(row for row in rows if row["entity_type"] == "municipality")
    codes = sorted({hidden["indicator"], other["indicator"]}, key=lambda code: tuple(map(int, code.split("."))))
    objects = [f"m:{town['entity_id']}", f"o:{hidden['entity_id']}", f"o:{other['entity_id']}"]
    years = sorted({int(hidden["year"]), int(other["year"])} | {int(hidden["year"]) - 1})[-2:]
    if int(hidden["year"]) not in years:
        years = sorted({int(hidden["year"]), years[-1]})
    wanted = [row for row in rows if row["indicator"] in codes and f"{LEVEL[row['entity_type']]}:{row['entity_id']}" in objects
              and int(row["year"]) in years]
    return codes, objects, years, wanted


def cell_text(row: dict[str, str] | None) -> str:
    if row is None:
        return ty.NO_DATA
    if row["suppressed"] == "true":
        return ty.SUPPRESSED
    return ty.fmt_value(float(row["value"]), row["unit"]) if row["value"] else ty.NO_DATA


def test_the_address_makes_the_table_and_its_csv_has_the_files_numbers(browser, server, demo_site: Project) -> None:  # noqa: F811
    codes, objects, years, wanted = a_choice(demo_site)
    watched = Watched(browser, server)
    loaded: list[tuple[str, int]] = []
    watched.page.on("response", lambda response: loaded.append((response.url, len(response.body()))))
    watched.open(f"data/table/?i={','.join(codes)}&e={','.join(objects)}&y={','.join(map(str, years))}")
    watched.page.wait_for_selector("table.msoko-builder__table")
    shown = watched.page.eval_on_selector_all(
        "table.msoko-builder__table tbody tr", "trs => trs.map(tr => Array.from(tr.cells).slice(1).map(td => td.innerText))")
    by_key = {(row["indicator"], f"{LEVEL[row['entity_type']]}:{row['entity_id']}", int(row["year"])): row for row in wanted}
    expected = [[cell_text(by_key.get((code, key, year))) for code in codes for year in years] for key in objects]
    assert shown == expected
    assert any(ty.SUPPRESSED in line for line in shown)  # the hidden cell stays «к»

    with watched.page.expect_download() as download:
        watched.page.click("[data-msoko-builder-csv]")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][0] == "Код показателя" and table[0][-1] == "Значение"
    assert len(table) - 1 == len(wanted)
    for line in table[1:]:
        row = by_key[(line[0], next(key for key in objects if key.endswith(":" + line[4])), int(line[6][:4]) + 1)]
        if row["suppressed"] == "true":
            assert line[7] == ty.SUPPRESSED
        else:
            assert float(line[7].replace(",", ".")) == float(row["value"])  # the file's number, not a rounded one

    assert watched.hosts == {urlsplit(server).netloc}
    assert watched.errors == []
    assert axe(watched) == []
    own = [(urlsplit(url).path, size) for url, size in loaded
           if urlsplit(url).path.endswith("table.js") or urlsplit(url).path.startswith("/data/table/") and url.endswith(".json")]
    assert {path.rsplit("/", 1)[-1] for path, _size in own} == {"table.js", "index.json",
                                                               *(code.replace(".", "-") + ".json" for code in codes)}
    print(f"\ntable builder, {len(codes)} indicators: {sum(size for _p, size in own)} bytes of script and data, "  # noqa: T201
          f"{sum(size for _u, size in loaded)} bytes with the page and the theme")
    watched.page.set_viewport_size({"width": 375, "height": 800})
    assert watched.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    watched.page.close()


def test_a_table_built_by_keyboard_comes_back_from_its_address(browser, server, demo_site: Project) -> None:  # noqa: F811
    codes, objects, _years, _wanted = a_choice(demo_site)
    watched = Watched(browser, server)
    watched.open("data/table/")
    page = watched.page
    page.wait_for_selector("#tb-indicator-q")
    assert page.locator("table.msoko-builder__table").count() == 0
    page.focus("#tb-indicator-q")
    page.keyboard.type(codes[0])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == codes[0]
    page.keyboard.press("Space")
    page.focus("#tb-object-q")
    page.keyboard.press("Tab")  # «отметить все показанные»: every municipality
    page.keyboard.press("Enter")
    page.wait_for_selector("table.msoko-builder__table")
    assert page.evaluate("location.search").startswith(f"?i={codes[0]}&e=m:")
    address = page.url
    rows = page.locator("table.msoko-builder__table tbody tr").count()
    assert rows >= 1
    assert axe(watched) == []
    page.goto(address, wait_until="networkidle")
    page.wait_for_selector("table.msoko-builder__table")
    assert page.locator("table.msoko-builder__table tbody tr").count() == rows
    assert page.is_checked(f"#tb-i-{codes[0].replace('.', '-')}")
    assert watched.errors == []
    page.close()


def test_without_javascript_the_page_links_to_the_files(browser, server) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/data/table/")
    links = page.locator("[data-msoko-builder-nojs] a")
    assert links.count() == 4 and page.locator("[data-msoko-builder-nojs]").is_visible()
    assert page.locator("[data-msoko-builder-nojs] a").first.get_attribute("href").endswith("indicator-values.csv")
    context.close()


@pytest.fixture(scope="module")
def split_server(split_site: Project) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(split_site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def place_of(project: Project) -> dict[str, str]:
    with (project.site / "data" / "organisations" / "organisations.csv").open(encoding="utf-8") as handle:
        return {row["org_id"]: row["oktmo"] for row in csv.DictReader(handle)}


def builder_files(loaded: list[str]) -> set[str]:
    return {urlsplit(url).path.removeprefix("/data/table/") for url in loaded
            if urlsplit(url).path.startswith("/data/table/") and url.endswith(".json")}


def test_with_two_municipalities_a_link_loads_only_its_municipalitys_objects(browser, split_server, split_site: Project) -> None:  # noqa: F811
    rows = open_rows(split_site)
    places = place_of(split_site)
    school = next(row for row in rows if row["entity_type"] == "organisation" and row["value"] and row["suppressed"] == "false")
    oktmo, year = places[school["entity_id"]], int(school["year"])
    other = next(place for place in set(places.values()) if place != oktmo)
    codes = sorted({row["indicator"] for row in rows if row["entity_id"] == school["entity_id"] and int(row["year"]) == year},
                   key=lambda code: tuple(map(int, code.split("."))))[:2]
    objects = [f"m:{oktmo}", f"o:{school['entity_id']}"]
    watched = Watched(browser, split_server)
    loaded: list[str] = []
    watched.page.on("request", lambda request: loaded.append(request.url))
    watched.open(f"data/table/?i={','.join(codes)}&e={','.join(objects)}&m={oktmo}&y={year}")
    watched.page.wait_for_selector("table.msoko-builder__table")
    shown = watched.page.eval_on_selector_all(
        "table.msoko-builder__table tbody tr", "trs => trs.map(tr => Array.from(tr.cells).slice(1).map(td => td.innerText))")
    by_key = {(row["indicator"], f"{LEVEL[row['entity_type']]}:{row['entity_id']}", int(row["year"])): row for row in rows}
    assert shown == [[cell_text(by_key.get((code, key, year))) for code in codes] for key in objects]
    assert ty.fmt_value(float(school["value"]), school["unit"]) in shown[1]  # the school's number, not «—»
    files = builder_files(loaded)
    assert f"objects/{oktmo}.json" in files and f"objects/{other}.json" not in files
    assert files == {"index.json", f"objects/{oktmo}.json", *(f"{code.replace('.', '-')}/{oktmo}.json" for code in codes)}
    assert watched.page.evaluate("location.search") == f"?i={','.join(codes)}&e={','.join(objects)}&m={oktmo}&y={year}"
    assert watched.hosts == {urlsplit(split_server).netloc}
    assert watched.errors == []
    watched.page.close()


def test_with_two_municipalities_organisations_are_listed_by_municipality_by_keyboard(browser, split_server, split_site: Project) -> None:  # noqa: F811
    rows = open_rows(split_site)
    places = place_of(split_site)
    names = {row["entity_id"]: row["entity_name"] for row in rows if row["entity_type"] == "organisation"}
    watched = Watched(browser, split_server)
    loaded: list[str] = []
    watched.page.on("request", lambda request: loaded.append(request.url))
    watched.open("data/table/")
    page = watched.page
    page.wait_for_selector("#tb-level")
    page.focus("#tb-level")
    for _ in range(4):
        if page.evaluate("document.activeElement.value") == "o":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "o"
    note = "Выберите муниципальное образование, чтобы увидеть его организации."
    assert page.inner_text(".msoko-builder__status[role=status]") == note
    assert page.locator(".msoko-builder__list").nth(1).inner_text().strip() == note
    assert not any("/objects/" in url for url in loaded)  # nothing of a municipality before one is chosen
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tb-place"
    # the first municipality of the list (arrowing past one would load that one's list too, as a choice of it)
    target = page.eval_on_selector("#tb-place", "select => select.options[1].value")
    expected = sorted(names[ident] for ident in names if places[ident] == target)
    assert expected and len(set(places.values())) == 2
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == target
    page.wait_for_selector(".msoko-builder__list label[for^='tb-e-o-']")
    listed = page.eval_on_selector_all(".msoko-builder__list label[for^='tb-e-o-']", "els => els.map(e => e.innerText.trim())")
    assert sorted(listed) == expected
    assert page.inner_text(".msoko-builder__status[role=status]").endswith(f"{len(expected)}\u00a0организация в списке.")
    assert builder_files(loaded) == {"index.json", f"objects/{target}.json"}
    page.focus("#tb-object-q")
    page.keyboard.press("Tab")  # «отметить все показанные»
    page.keyboard.press("Enter")
    ident = next(ident for ident in names if places[ident] == target)
    assert f"e=o:{ident}&m={target}&" in page.evaluate("location.search")
    assert axe(watched) == []
    assert watched.errors == []
    page.close()
