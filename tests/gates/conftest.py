"""Fixtures of the quality gates: the demo site (built once per session by ``demo_site`` of ``tests/conftest.py``)
served on 127.0.0.1 by ``http.server`` in a thread, Debian's headless Chromium driven by Playwright, and axe-core
from ``node_modules``. A missing tool skips a gate locally and fails it when ``CI`` is set."""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from projects import ROOT

from generator.project import Project

from .helpers import RESULTS, require
from .pages import SitePages, site_pages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # the test output stays readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A page left before all its files arrived (the browser moves on) is not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def pages(demo_site: Project) -> SitePages:
    """The built demo site's pages, sorted into kinds (home, direction, indicator, organisation…)."""
    return site_pages(demo_site)


@pytest.fixture(scope="session")
def site_url(demo_site: Project) -> Iterator[str]:
    """The built demo site served over HTTP on a free port of 127.0.0.1 (the browser gates open it there)."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site.site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's package; Playwright's own download is not used)."""
    require(CHROMIUM.exists() or shutil.which("chromium") is not None, "Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright Python package")
        raise
    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle from the npm registry (package.json, installed by ``npm ci`` in setup.sh)."""
    require(AXE.is_file(), f"axe-core ({AXE.relative_to(ROOT)}; npm ci)")
    return AXE.read_text(encoding="utf-8")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The gates' measurements (axe per page, validator and link counts, keyboard, zoom) in every test log."""
    if RESULTS:
        terminalreporter.section("quality gates")
        for line in RESULTS:
            terminalreporter.write_line(line)
