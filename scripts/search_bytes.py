"""Measure the site search as a visitor meets it: what each query returns and how many bytes it downloads.

Serves a built site from a local HTTP server, opens it in Debian's Chromium (Playwright) and, for each query,
records the search files fetched before the first keystroke and for the query itself, and the first results.
Works with either engine the site may carry: Pagefind (``pagefind/``) or mkdocs-material's lunr index
(``search/search_index.json``); ``--engine`` forces one. Figures are printed, never asserted::

    .venv/bin/python scripts/search_bytes.py site/ гимназия березовская «Никольской школы» 9901249293
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DEFAULT_QUERIES = ["гимназия", "гимназию", "березовская", "Никольской школы", "ШНОР", "олимп", "ЕГЭ", "1.07"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class Meter:
    """Bytes of every response of a page, split at a mark (before the first keystroke / for a query)."""

    def __init__(self, page: object) -> None:
        self.sizes: list[tuple[str, int]] = []
        page.on("requestfinished", self._finished)  # type: ignore[attr-defined]

    def _finished(self, request: object) -> None:
        sizes = request.sizes()  # type: ignore[attr-defined]
        self.sizes.append((request.url, int(sizes["responseBodySize"])))  # type: ignore[attr-defined]

    def take(self) -> list[tuple[str, int]]:
        taken, self.sizes = self.sizes, []
        return taken


def _search_bytes(entries: list[tuple[str, int]]) -> int:
    return sum(size for url, size in entries if "/pagefind/" in url or "/search/" in url or "workers/search" in url)


def _pagefind_query(page: object, query: str) -> list[str]:
    page.fill("#msoko-search-input", query)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "q => document.querySelector('[data-msoko-search-status]').dataset.query === q", arg=query, timeout=20_000)
    return page.eval_on_selector_all(".msoko-search__result a", "els => els.map(e => e.innerText.split('\\n')[0])")  # type: ignore[attr-defined]


def _lunr_query(page: object, query: str) -> list[str]:
    field = "input.md-search__input"
    page.fill(field, "")  # type: ignore[attr-defined]
    page.type(field, query, delay=20)  # type: ignore[attr-defined]
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    return page.eval_on_selector_all(".md-search-result__list h1", "els => els.map(e => e.innerText)")  # type: ignore[attr-defined]


def measure(root: Path, queries: list[str], engine: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    report: dict[str, object] = {"engine": engine, "queries": []}
    with serve(root) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for query in queries:  # a fresh page (empty cache) per query: the bytes of one visitor's one query
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            meter = Meter(page)
            page.goto(base + "/", wait_until="networkidle")
            page.wait_for_timeout(500)
            before = meter.take()
            if engine == "pagefind":
                page.click("[data-msoko-search-open]")
                results = _pagefind_query(page, query)
            else:
                page.click("input.md-search__input")
                results = _lunr_query(page, query)
            page.wait_for_load_state("networkidle")
            during = meter.take()
            report["queries"].append({  # type: ignore[union-attr]
                "query": query, "results": results[:5], "found": len(results),
                "page_bytes_before_keystroke": sum(size for _url, size in before),
                "search_bytes_before_keystroke": _search_bytes(before),
                "search_bytes_for_query": _search_bytes(during) + _search_bytes(before),
                "requests_for_query": len(during),
            })
            context.close()
        browser.close()
    return report


def index_size(root: Path) -> int:
    folders = [root / "pagefind", root / "search"]
    return sum(path.stat().st_size for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*")
    parser.add_argument("--engine", choices=("pagefind", "lunr"))
    args = parser.parse_args()
    engine = args.engine or ("pagefind" if (args.site / "pagefind").is_dir() else "lunr")
    report = measure(args.site, args.queries or DEFAULT_QUERIES, engine)
    report["index_bytes_on_disk"] = index_size(args.site)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
