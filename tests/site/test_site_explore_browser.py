"""The search, the finder and the comparison of the built demo site in Debian's Chromium: the queries a parent
types, the filters in the address, the chosen organisations side by side, nothing fetched from another host, and
axe-core without violations on each new view."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_site_browser import Watched, browser, server  # noqa: F401 - the fixtures of the site's browser tests

from generator.project import Project
from generator.typography import numero

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + " \
          "v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"


def registry(project: Project) -> list[dict[str, str]]:
    path = project.datapackages / "registry" / "organisations.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def by_name(project: Project, part: str) -> dict[str, str]:
    return next(row for row in registry(project) if part in row["short_name"])


def axe(watched: Watched) -> list[str]:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci)")
    watched.page.add_script_tag(path=str(AXE))
    return watched.page.evaluate(AXE_RUN)


def search(watched: Watched, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the site search and return the results as shown (address, name, kind line)."""
    watched.page.fill("#msoko-search-input", query)
    watched.page.wait_for_function(
        "q => document.querySelector('[data-msoko-search-status]').getAttribute('data-query') === q", arg=query,
        timeout=20_000)
    return watched.page.eval_on_selector_all(
        ".msoko-search__result a",
        "els => els.map(a => ({href: a.getAttribute('href'), name: a.querySelector('.msoko-search__name').innerText, "
        "kind: (a.querySelector('.msoko-search__kind') || {innerText: ''}).innerText}))")


def open_search(watched: Watched) -> None:
    watched.open("")
    watched.page.click("[data-msoko-search-open]")
    assert watched.page.locator("#msoko-search-input").is_visible()


def test_nothing_of_the_index_is_fetched_before_the_first_keystroke(browser, server) -> None:  # noqa: F811
    watched = Watched(browser, server)
    requests: list[str] = []
    watched.page.on("request", lambda request: requests.append(request.url))
    open_search(watched)
    assert not [url for url in requests if "/pagefind/" in url or "search_index" in url]
    search(watched, "школа")
    assert [url for url in requests if "/pagefind/" in url]
    assert watched.hosts == {urlsplit(server).netloc}
    assert watched.errors == []
    watched.page.close()


@pytest.mark.parametrize(("query", "part"), [
    ("гимназия", "Гимназия"),           # one word, no trailing space
    ("гимназию", "Гимназия"),           # an inflected form
    ("березовская", "Берёзовская"),     # е for ё
    ("Никольской школы", "Никольская"),  # two inflected words
    ("гимн", "Гимназия"),               # the beginning of a word
])
def test_search_finds_the_school_first(browser, server, demo_site: Project, query: str, part: str) -> None:  # noqa: F811
    school = by_name(demo_site, part)
    watched = Watched(browser, server)
    open_search(watched)
    results = search(watched, query)
    # among the first three: «березовская» finds «Берёзовский детский сад» as well, by the same stem
    top = [r["href"] for r in results[:3]]
    assert any(f"/organisations/{school['org_id']}/" in href for href in top), results
    first = next(r for r in results if f"/organisations/{school['org_id']}/" in r["href"])
    assert first["name"] == numero(school["short_name"])  # shown with «№» bound to its number
    assert first["kind"].startswith("Школа") and "муниципальный" in first["kind"]  # the kind and the municipality
    assert watched.errors == []
    watched.page.close()


def test_codes_are_found_as_exact_tokens(browser, server, demo_site: Project) -> None:  # noqa: F811
    school = next(row for row in registry(demo_site) if row["kind"] == "school")
    watched = Watched(browser, server)
    open_search(watched)
    for query in (f"ИНН {school['inn']}", school["inn"], school["ogrn"]):
        results = search(watched, query)
        assert results and f"/organisations/{school['org_id']}/" in results[0]["href"], (query, results)
    results = search(watched, "1.07")
    assert "/indicators/1-07/" in results[0]["href"] and results[0]["kind"] == "Показатель"
    watched.page.close()


def test_a_query_without_matches_says_so(browser, server) -> None:  # noqa: F811
    watched = Watched(browser, server)
    open_search(watched)
    assert search(watched, "абракадабра") == []
    assert watched.page.locator("[data-msoko-search-status]").inner_text().startswith("Ничего не найдено")
    watched.page.close()


def test_search_by_keyboard_only(browser, server, demo_site: Project) -> None:  # noqa: F811
    school = by_name(demo_site, "Гимназия")
    watched = Watched(browser, server)
    watched.open("")
    watched.page.keyboard.press("/")
    assert watched.page.evaluate("document.activeElement.id") == "msoko-search-input"
    watched.page.keyboard.type("гимназия")
    watched.page.wait_for_function("document.querySelector('[data-msoko-search-status]').getAttribute('data-query') === 'гимназия'")
    watched.page.keyboard.press("ArrowDown")
    assert f"/organisations/{school['org_id']}/" in watched.page.evaluate("document.activeElement.getAttribute('href')")
    assert axe(watched) == []  # the open dialog with its results
    watched.page.keyboard.press("Enter")
    watched.page.wait_for_url(f"**/organisations/{school['org_id']}/")
    watched.page.keyboard.press("/")
    watched.page.keyboard.press("Escape")
    assert not watched.page.locator("#msoko-search-input").is_visible()
    assert watched.errors == []
    watched.page.close()


# --- the finder -----------------------------------------------------------------------------------------


def finder_names(watched: Watched) -> list[str]:
    watched.page.wait_for_selector("[data-msoko-finder-output]:not([hidden])")
    return watched.page.eval_on_selector_all(".msoko-finder__name", "els => els.map(e => e.innerText)")


def test_finder_filters_from_the_address_and_lists_by_name(browser, server, demo_site: Project) -> None:  # noqa: F811
    from generator.render.sort_names import name_key

    rural = sorted((row["short_name"] for row in registry(demo_site) if row["kind"] == "school" and row["locality"] == "rural"),
                   key=name_key)
    watched = Watched(browser, server)
    watched.open("schools/?locality=rural")
    assert finder_names(watched) == rural
    assert watched.page.locator("table[data-msoko-table]").is_hidden()  # the plain list gives way to the results
    assert axe(watched) == []
    watched.page.fill("#finder-q", "СОШ")
    watched.page.wait_for_function("location.search.includes('q=')")
    assert finder_names(watched) == [name for name in rural if "СОШ" in name]
    assert "locality=rural" in watched.page.evaluate("location.search")
    watched.page.click(".msoko-finder__reset")
    watched.page.wait_for_function("location.search === ''")
    assert watched.page.locator("table[data-msoko-table]").is_visible()
    assert watched.errors == []
    watched.page.close()


def test_finder_status_filter_matches_the_registry(browser, server, demo_site: Project) -> None:  # noqa: F811
    statuses = demo_site.datapackages / "registry" / "statuses.csv"
    with statuses.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    latest = max(row["year"] for row in rows)
    shnor = {row["org_id"] for row in rows if row["year"] == latest and row["status"] == "shnor"}
    names = {row["org_id"]: row["short_name"] for row in registry(demo_site)}
    watched = Watched(browser, server)
    watched.open("schools/")
    watched.page.select_option("#finder-status", "ШНОР")
    watched.page.wait_for_function("location.search.includes('status=')")
    assert sorted(finder_names(watched)) == sorted(names[org] for org in shnor)
    watched.page.close()


def test_catalogue_without_javascript_is_the_plain_list(browser, server, demo_site: Project) -> None:  # noqa: F811
    schools = [row for row in registry(demo_site) if row["kind"] == "school"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/schools/?locality=rural")
    assert page.locator("table.msoko-table tbody tr").count() == len(schools)
    assert page.locator("form[data-msoko-finder]").is_hidden()
    context.close()


def test_catalogue_is_sorted_by_the_name_without_the_legal_form(demo_site: Project) -> None:
    from generator.render.sort_names import name_key

    html = (demo_site.site / "schools" / "index.html").read_text(encoding="utf-8")
    shown = [row for row in registry(demo_site) if row["kind"] == "school"]
    positions = sorted(shown, key=lambda row: html.index(f"organisations/{row['org_id']}/"))
    assert [row["short_name"] for row in positions] == sorted((row["short_name"] for row in shown), key=name_key)


# --- the comparison -------------------------------------------------------------------------------------


def test_compare_shows_the_chosen_organisations_and_their_csv(browser, server, demo_site: Project) -> None:  # noqa: F811
    schools = [row for row in registry(demo_site) if row["kind"] == "school"][:3]
    ids = ",".join(row["org_id"] for row in schools)
    watched = Watched(browser, server)
    watched.open(f"compare/?ids={ids}")
    watched.page.wait_for_selector("table.msoko-compare__table")
    heads = watched.page.eval_on_selector_all("table.msoko-compare__table thead th", "els => els.map(e => e.innerText)")
    assert heads[1:4] == [row["short_name"] for row in schools] and heads[4].startswith("Муниципалитет: ")
    record = json.loads((demo_site.site / "compare" / f"{schools[0]['org_id']}.json").read_text(encoding="utf-8"))
    first_column = watched.page.eval_on_selector_all(
        "table.msoko-compare__table tbody tr td:nth-of-type(1)",
        "els => els.map(e => [e.querySelector('.msoko-compare__value').innerText, "
        "(e.querySelector('.msoko-compare__interval') || {innerText: ''}).innerText])")
    assert first_column == [[m["value"], f"диапазон {m['interval']}" if m["interval"] else ""] for m in record["measures"]]
    assert any(m["interval"] for m in record["measures"])  # the uncertainty beside the value, as on its page
    with watched.page.expect_download() as download:
        watched.page.click("[data-msoko-compare-csv]")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][4:7] == [row["short_name"] for row in schools]
    assert [line[4] for line in table[1:]] == [m["value"].replace("\u00a0", " ").replace("\u202f", " ") for m in record["measures"]]
    assert table[0][-3] == f"Вероятный диапазон: {schools[0]['short_name']}"
    assert [line[-3] for line in table[1:]] == [m["interval"].replace("\u00a0", " ") for m in record["measures"]]
    assert axe(watched) == []
    assert watched.hosts == {urlsplit(server).netloc}
    assert watched.errors == []
    watched.page.close()


def test_compare_from_the_finder_and_an_organisation_page(browser, server, demo_site: Project) -> None:  # noqa: F811
    schools = [row for row in registry(demo_site) if row["kind"] == "school" and row["locality"] == "rural"][:2]
    watched = Watched(browser, server)
    watched.open(f"organisations/{schools[0]['org_id']}/")
    watched.page.get_by_role("button", name="Добавить к сравнению").click()
    watched.open("schools/?locality=rural")
    finder_names(watched)
    watched.page.locator(f".msoko-finder__choose input[value='{schools[1]['org_id']}']").check()
    watched.page.get_by_role("link", name="Сравнить выбранные").click()
    watched.page.wait_for_selector("table.msoko-compare__table")
    assert f"ids={schools[0]['org_id']},{schools[1]['org_id']}" in watched.page.url
    watched.page.set_viewport_size({"width": 375, "height": 800})
    assert watched.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert watched.errors == []
    watched.page.close()


# --- the map --------------------------------------------------------------------------------------------


def test_map_draws_every_located_organisation_and_its_list_works_by_keyboard(browser, server, demo_site: Project) -> None:  # noqa: F811
    from generator.render.sort_names import name_key

    located = [row for row in registry(demo_site) if row["latitude"] and row["longitude"]]
    watched = Watched(browser, server)
    watched.open("map/")
    points = watched.page.eval_on_selector_all("svg.msoko-map__svg a", "els => els.map(a => a.getAttribute('aria-label'))")
    assert sorted(points) == sorted(numero(row["short_name"]) for row in located)
    box = watched.page.locator("svg.msoko-map__svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    listed = watched.page.eval_on_selector_all("#msoko-map-list ~ .msoko-table-wrap tbody th",
                                               "els => els.map(e => e.innerText)")
    assert listed == [numero(name) for name in sorted((row["short_name"] for row in located), key=name_key)]
    first = watched.page.locator("#msoko-map-list ~ .msoko-table-wrap tbody th a").first
    first.focus()
    watched.page.keyboard.press("Enter")
    watched.page.wait_for_url("**/organisations/**")
    watched.page.wait_for_load_state("networkidle")  # a request cut short by the next navigation is not an error
    watched.open("map/")
    assert axe(watched) == []
    assert watched.hosts == {urlsplit(server).netloc}
    assert watched.errors == []
    watched.page.close()


def test_map_points_are_large_enough_to_see_and_touch_on_a_phone(browser, server, demo_site: Project) -> None:  # noqa: F811
    """The drawing is scaled to the screen: on a 375 px phone every point is drawn at least 10 px across (about
    5 px before), about its own place on the map; on a wide screen at the drawing's own size."""
    # per point: its size and centre on the screen, and the size and centre its shape has in the scaled drawing
    measure = ("els => els.map(e => { const r = e.getBoundingClientRect(); const b = e.getBBox(); "
               "const m = e.ownerSVGElement.getScreenCTM(); "  # the drawing's units on the screen
               "return {w: r.width, h: r.height, x: r.left + r.width / 2, y: r.top + r.height / 2, "
               "natural: Math.min(b.width, b.height) * m.a, "
               "cx: m.e + (b.x + b.width / 2) * m.a, cy: m.f + (b.y + b.height / 2) * m.d}; })")
    for width in (375, 1280):
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(f"{server}/map/", wait_until="networkidle")
        points = page.eval_on_selector_all("svg.msoko-map__svg a > :not(title)", measure)
        page.close()
        assert points
        for point in points:
            # the centre stays within a tenth of the point's size of where the drawing puts it
            assert max(abs(point["x"] - point["cx"]), abs(point["y"] - point["cy"])) < max(1.0, point["w"] / 10), point
            if width == 375:
                assert min(point["w"], point["h"]) >= 10, point
            else:
                assert abs(min(point["w"], point["h"]) - point["natural"]) < 0.5, point


def test_map_filters_are_the_finders_and_hide_points_and_rows_alike(browser, server, demo_site: Project) -> None:  # noqa: F811
    located = [row for row in registry(demo_site) if row["latitude"] and row["longitude"]]
    rural_schools = sorted(numero(row["short_name"]) for row in located if row["kind"] == "school" and row["locality"] == "rural")
    assert 0 < len(rural_schools) < len(located)
    watched = Watched(browser, server)
    watched.open("map/?kind=school&locality=rural")
    page = watched.page
    page.wait_for_function("document.querySelector('[data-msoko-map-status]').innerText !== ''")
    shown_points = page.eval_on_selector_all(
        "svg.msoko-map__svg a", "els => els.filter(a => getComputedStyle(a).display !== 'none').map(a => a.getAttribute('aria-label'))")
    shown_rows = page.eval_on_selector_all("#msoko-map-list ~ .msoko-table-wrap tbody tr:not([hidden]) th",
                                           "els => els.map(e => e.innerText)")
    assert sorted(shown_points) == rural_schools
    assert sorted(shown_rows) == rural_schools
    assert page.locator("[data-msoko-map-status]").inner_text().endswith(f"из {len(located)}.")
    assert axe(watched) == []
    # by keyboard: the text field narrows both, the first listed school is reached with Tab and opened with Enter
    name = rural_schools[0]
    page.focus("#finder-q")
    page.keyboard.type(name.split("«")[1].split()[0].rstrip("»"))
    page.wait_for_function("location.search.includes('q=')")
    assert page.eval_on_selector_all("#msoko-map-list ~ .msoko-table-wrap tbody tr:not([hidden]) th",
                                     "els => els.map(e => e.innerText)")[0] == name
    page.click(".msoko-finder__reset")
    page.wait_for_function("location.search === ''")
    assert page.locator("#msoko-map-list ~ .msoko-table-wrap tbody tr:not([hidden])").count() == len(located)
    assert watched.hosts == {urlsplit(server).netloc}
    assert watched.errors == []
    page.close()
