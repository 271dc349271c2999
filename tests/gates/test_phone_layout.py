"""Pages that read on a phone as on a desktop: every kind of page of the demo site opened in Chromium at 375 and
1 280 px. The document never scrolls sideways; no chart text is smaller than 11 CSS px (read from the layout
the browser actually chose and the width it is shown at); a table wider than its box shows a cue, keeps its
row headings in view and, when its key columns (municipality, change) close it, starts scrolled so that the
latest year stands beside the row headings (the municipality and the change follow, the cue says so); and
axe finds no serious or critical violation at the phone's width either.
"""

from __future__ import annotations

import pytest

from .helpers import report
from .pages import REPRESENTATIVE_KINDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (375, 1280)
#: pages the issue names besides one of each kind (a school with the most tables, an indicator with two charts)
NAMED = ("objectivity/", "data/ege/", "organisations/sch-01/", "indicators/1-01/")
SMALLEST_TEXT = 11.0

#: charts are loaded lazily; load every image now (a lazy image below the fold would never load), at most 10 s
LOAD_IMAGES = """() => Promise.race([
  Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode().catch(() => null); })),
  new Promise(resolve => setTimeout(resolve, 10000))])"""

MEASURE = """async () => {
  const sizes = [];
  for (const text of document.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect(); if (box.height) sizes.push(parseFloat(getComputedStyle(text).fontSize));
  }
  for (const image of document.querySelectorAll('figure img')) {
    const shown = image.getBoundingClientRect().width;
    if (!shown || !/\\.svg(\\?|$)/.test(image.currentSrc)) continue;
    const source = await (await fetch(image.currentSrc)).text();
    const viewBox = source.match(/viewBox="[\\d.\\-]+ [\\d.\\-]+ ([\\d.]+)/);
    if (!viewBox) { sizes.push(0); continue; }
    const scale = shown / parseFloat(viewBox[1]);
    for (const m of source.matchAll(/font-size="([\\d.]+)"/g)) sizes.push(parseFloat(m[1]) * scale);
  }
  const wraps = [...document.querySelectorAll('.msoko-table-wrap, .md-typeset__scrollwrap')]
    .filter(w => w.getBoundingClientRect().width && !w.parentElement.closest('.msoko-table-wrap'));
  const tables = wraps.map(wrap => {
    const cue = wrap.previousElementSibling;
    const head = wrap.querySelector('thead tr:last-child');
    const last = head ? head.cells[head.cells.length - 1] : null;
    const first = wrap.querySelector('tbody tr > :first-child');
    const box = wrap.getBoundingClientRect();
    // the first key column: the latest school year (the last header such as 2024/25), beside the row headings
    const years = head ? [...head.cells].filter(c => /^\\d{4}\\/\\d{2}$/.test(c.textContent.trim())) : [];
    const latest = years.length ? years[years.length - 1] : null;
    const lastBox = latest ? latest.getBoundingClientRect() : null;
    const stickyRight = first ? first.getBoundingClientRect().right : box.left;
    return {
      caption: (wrap.getAttribute('aria-label') || wrap.textContent.trim()).slice(0, 60),
      scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
      cue: !!(cue && cue.classList.contains('msoko-scroll-cue') && !cue.hidden && cue.getBoundingClientRect().height > 0),
      sticky: first ? getComputedStyle(first).position === 'sticky' : true,
      key: last ? /^(Муниципалитет|Изменение)/.test(last.textContent.trim()) && head.cells.length >= 3 : false,
      keyVisible: lastBox ? lastBox.left >= Math.max(box.left, stickyRight) - 1 && lastBox.right <= box.right + 1 : true,
    };
  });
  return {width: document.documentElement.scrollWidth, sizes, tables};
}"""


def _paths(pages) -> list[str]:
    """One page of each kind, the pages named above and the report's first part (its charts)."""
    report_part = f"{pages.representatives.get('report', '')}part-1/"
    named = [*NAMED, report_part]
    return list(dict.fromkeys([*pages.representatives.values(), *(p for p in named if p in pages.paths)]))


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_with_readable_charts_and_usable_tables(width, pages, browser, site_url):
    assert {"org-school", "org-kindergarten", "indicator", "direction", "ratings", "objectivity", "dataset",
            "report"} <= set(pages.representatives), "the demo site lacks a page kind the phone test must open"
    page = browser.new_page(viewport={"width": width, "height": 800})
    problems: list[str] = []
    charts = 0
    try:
        for path in _paths(pages):
            page.goto(f"{site_url}/{path}", wait_until="networkidle")
            page.evaluate(LOAD_IMAGES)
            found = page.evaluate(MEASURE)
            if found["width"] > width:
                problems.append(f"/{path}: the document is {found['width']} px wide at {width} px")
            if found["sizes"]:
                charts += 1
                if min(found["sizes"]) < SMALLEST_TEXT:
                    problems.append(f"/{path}: chart text of {min(found['sizes']):.1f} px at {width} px")
            for table in found["tables"]:
                if not table["scrolls"]:
                    continue
                if not table["cue"]:
                    problems.append(f"/{path}: «{table['caption']}» scrolls without a cue at {width} px")
                if not table["sticky"]:
                    problems.append(f"/{path}: «{table['caption']}» loses its row headings when it scrolls")
                if table["key"] and not table["keyVisible"]:
                    problems.append(f"/{path}: «{table['caption']}» hides its latest year at {width} px")
            report(f"phone {width} px /{path}: width {found['width']}, smallest chart text "
                   f"{min(found['sizes']):.1f} px" if found["sizes"] else f"phone {width} px /{path}: width {found['width']}")
    finally:
        page.close()
    assert charts, "no page with a chart was opened"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", [kind for kind in REPRESENTATIVE_KINDS if kind not in ("kindergartens", "additional", "about")])
def test_no_serious_accessibility_violation_at_a_phones_width(kind, pages, browser, site_url, axe_source):
    from .test_accessibility import AXE_RUN, BLOCKING

    path = pages.representatives.get(kind)
    if path is None:
        pytest.skip(f"the demo site has no page of kind «{kind}»")
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(AXE_RUN)
    finally:
        page.close()
    report(f"axe 375 px /{path}: " + (", ".join(f"{v['impact']} {v['id']}" for v in violations) or "no violations"))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(f"{v['impact']} {v['id']}: {v['help']} — {v['nodes']}" for v in blocking)
