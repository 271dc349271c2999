"""The built demo site in headless Chromium (Debian's ``chromium`` driven by Playwright): no console error, no
request to another host, the search finds a school, the catalogue sorts and filters, and the version for the
visually impaired is remembered from page to page. The search, the finder and the comparison in detail:
``test_site_explore_browser.py``."""

from __future__ import annotations

import csv
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.project import Project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(demo_site: Project) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(demo_site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page that records console errors, failed requests and every host it asks."""

    def __init__(self, browser: object, base: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.base = base
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.hosts.add(urlsplit(request.url).netloc))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", lambda response: self.errors.append(f"{response.status}: {response.url}")
                     if response.status >= 400 else None)

    def _failed(self, request: object) -> None:
        """Record a request that failed, except one the browser aborted because the page navigated on.

        A favicon still loading when a link is followed is cancelled with ``net::ERR_ABORTED``; that is the
        browser's doing, not the site's. A missing file is caught by its 4xx response instead.
        """
        failure = request.failure or ""  # type: ignore[attr-defined]
        if "ERR_ABORTED" not in failure:
            self.errors.append(f"failed: {request.url} ({failure})")  # type: ignore[attr-defined]

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}/{path}", wait_until="networkidle")


def a_school(project: Project) -> dict[str, str]:
    path = next(project.datapackages.glob("*/organisations.csv"))
    with path.open(encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["kind"] == "school")


def test_pages_load_cleanly_from_this_host_only(browser: object, server: str, demo_site: Project) -> None:
    school = a_school(demo_site)
    watched = Watched(browser, server)
    for path in ("", f"organisations/{school['org_id']}/", "schools/", "indicators/1-07/"):
        watched.open(path)
        assert watched.page.locator("h1").count() == 1, path
    assert watched.errors == []
    assert watched.hosts == {urlsplit(server).netloc}
    watched.page.close()


def test_search_finds_a_school(browser: object, server: str, demo_site: Project) -> None:
    school = a_school(demo_site)
    watched = Watched(browser, server)
    watched.open("")
    watched.page.click("[data-msoko-search-open]")  # the header's search button opens the search dialog
    watched.page.fill("#msoko-search-input", school["short_name"])
    result = watched.page.locator(f".msoko-search__result a[href*='organisations/{school['org_id']}/']")
    result.first.wait_for(timeout=20_000)
    result.first.click()
    watched.page.wait_for_url(f"**/organisations/{school['org_id']}/**")
    assert watched.errors == []
    watched.page.close()


def test_catalogue_sorts_and_filters(browser: object, server: str, demo_site: Project) -> None:
    school = a_school(demo_site)
    watched = Watched(browser, server)
    watched.open("schools/")
    rows = watched.page.locator("table[data-msoko-table] tbody tr")
    total = rows.count()
    # the finder's text field (the catalogue's own filter gives way to it) finds the school across all pages
    watched.page.get_by_label("Название или адрес").fill(school["short_name"])
    watched.page.wait_for_selector("[data-msoko-finder-output]:not([hidden])")
    assert watched.page.locator(".msoko-finder__name").all_inner_texts() == [school["short_name"]]
    watched.page.get_by_label("Название или адрес").fill("")
    watched.page.wait_for_selector("table[data-msoko-table]", state="visible")
    header = watched.page.locator("table[data-msoko-table] thead th").first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    names = [rows.nth(i).locator("th").inner_text() for i in range(total)]
    assert names == sorted(names, key=str.lower, reverse=True) or len(set(names)) < len(names)
    assert watched.errors == []
    watched.page.close()


def test_version_for_the_visually_impaired_is_remembered(browser: object, server: str, demo_site: Project) -> None:
    school = a_school(demo_site)
    watched = Watched(browser, server)
    watched.open("")
    switch = watched.page.locator("[data-msoko-lv]")
    switch.focus()
    watched.page.keyboard.press("Enter")
    assert "msoko-lv" in watched.page.evaluate("document.documentElement.className")
    assert switch.inner_text() == "Обычная версия сайта"
    watched.open(f"organisations/{school['org_id']}/")
    assert "msoko-lv" in watched.page.evaluate("document.documentElement.className")
    watched.page.locator("[data-msoko-lv]").click()
    assert "msoko-lv" not in watched.page.evaluate("document.documentElement.className")
    assert watched.errors == []
    watched.page.close()
