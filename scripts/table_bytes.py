"""Measure the table builder as a journalist meets it: the bytes a typical table downloads, in Chromium.

Serves a built site from a local HTTP server and opens ``/data/table/`` with a choice in its address — by default
the first two indicators of the list, every organisation of one municipality (the first), the
latest year — waits until the table is drawn and counts what was fetched: the page with its theme, the builder's
list of indicators and objects (with a split by municipality: the list, the municipality's own list of
organisations and territories), and the values files. Figures are printed, never asserted::

    .venv/bin/python scripts/table_bytes.py site/
    .venv/bin/python scripts/table_bytes.py site/ --indicators 1.07,1.09 --municipality 99701000
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_bytes import ARGS, CHROMIUM, Meter, serve  # noqa: E402

INDEX = Path("data") / "table" / "index.json"


def typical_choice(site: Path, indicators: list[str] | None, municipality: str | None) -> str:
    """The address of a typical table: indicators of organisations, one municipality's organisations, the last year.
    With a split the organisations are in the municipality's own file, and the address names it (``m=``)."""
    index = json.loads((site / INDEX).read_text(encoding="utf-8"))
    codes = indicators or [item["code"] for item in index["indicators"]][:2]
    places = {item["id"]: item for item in index["objects"] if item["t"] == "m"}
    place = municipality or next(iter(places))
    listed = index["objects"]
    if places[place].get("file"):
        listed = json.loads((site / INDEX.parent / places[place]["file"]).read_text(encoding="utf-8"))["objects"]
    objects = [f"o:{item['id']}" for item in listed if item["t"] == "o" and item.get("m") == place]
    query = f"?i={','.join(codes)}&e={','.join(objects)}" + (f"&m={place}" if places[place].get("file") else "")
    return query + (f"&y={max(item['year'] for item in index['years'])}" if index.get("years") else "")


def measure(site: Path, query: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        meter = Meter(page)
        page.goto(base + "/data/table/" + query, wait_until="networkidle")
        page.wait_for_selector(".msoko-builder__table tbody tr", timeout=60_000)
        page.wait_for_load_state("networkidle")
        rows = page.eval_on_selector_all(".msoko-builder__table tbody tr", "els => els.length")
        entries = meter.take()
        context.close()
        browser.close()
    hosts = {urlparse(url).netloc for url, _size in entries}
    builder = [(urlparse(url).path, size) for url, size in entries if "/data/table/" in url and urlparse(url).path.endswith(".json")]
    return {
        "address": "/data/table/" + query,
        "rows_drawn": rows,
        "bytes_total": sum(size for _url, size in entries),
        "bytes_builder_files": sum(size for _path, size in builder),
        "bytes_index": sum(size for path, size in builder if path.endswith("/index.json")),
        "bytes_objects": sum(size for path, size in builder if "/data/table/objects/" in path),
        "bytes_values": sum(size for path, size in builder if not path.endswith("/index.json") and "/objects/" not in path),
        "files": sorted(builder),
        "requests": len(entries),
        "hosts": sorted(hosts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--indicators", help="коды показателей через запятую (по умолчанию — первые два в списке)")
    parser.add_argument("--municipality", help="ОКТМО муниципалитета (по умолчанию — первый в списке)")
    args = parser.parse_args()
    codes = args.indicators.split(",") if args.indicators else None
    print(json.dumps(measure(args.site, typical_choice(args.site, codes, args.municipality)), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
