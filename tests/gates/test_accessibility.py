"""The accessibility gate: axe-core 4 (from the npm registry) in Debian's headless Chromium finds no serious or
critical violation on any kind of page of the demo site, in the normal view and in the version for the visually
impaired. The version is switched on the way a reader does it — the switch button on the first page — and must
then stay on from page to page. Each page's results (every impact, every rule) are printed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from .pages import REPRESENTATIVE_KINDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: test id → the mode as the site calls it
MODES = {"normal": "обычная версия", "low-vision": "версия для слабовидящих"}
BLOCKING = ("serious", "critical")
VIEWPORT = {"width": 1280, "height": 900}
#: axe runs the WCAG 2.0/2.1 A and AA rules and its best practices (its default set)
AXE_RUN = "async () => { const r = await axe.run(document, {resultTypes: ['violations']}); return r.violations.map(" \
          "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), " \
          "count: v.nodes.length})); }"


@pytest.fixture(scope="module")
def contexts(browser, site_url) -> Iterator[dict[str, object]]:
    """One browser context per mode; in the second the reader has pressed the switch on the home page."""
    made = {}
    for mode in MODES:
        context = browser.new_context(viewport=VIEWPORT, locale="ru-RU")
        if mode == "low-vision":
            page = context.new_page()
            page.goto(f"{site_url}/", wait_until="load")
            switch = page.locator("[data-msoko-lv]").first
            switch.click()
            assert page.evaluate("document.documentElement.classList.contains('msoko-lv')"), "the switch did nothing"
            page.close()
        made[mode] = context
    yield made
    for context in made.values():
        context.close()


def audit(context, url: str, axe_source: str, low_vision: bool) -> list[dict]:
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        on = page.evaluate("document.documentElement.classList.contains('msoko-lv')")
        assert on == low_vision, f"{url}: version for the visually impaired is {'on' if on else 'off'}"
        page.add_script_tag(content=axe_source)
        return page.evaluate(AXE_RUN)
    finally:
        page.close()


def test_axe_reports_a_broken_page(browser, axe_source):
    """The pipeline itself: axe injected into Chromium finds an image without a text alternative."""
    page = browser.new_page()
    try:
        page.set_content('<!doctype html><html lang="ru"><head><title>т</title></head><body><main>'
                         '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                         '<p style="color:#bbb;background:#fff">бледный текст</p></main></body></html>')
        page.add_script_tag(content=axe_source)
        found = {violation["id"]: violation["impact"] for violation in page.evaluate(AXE_RUN)}
    finally:
        page.close()
    assert found.get("image-alt") == "critical" and found.get("color-contrast") == "serious", found


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("kind", list(REPRESENTATIVE_KINDS))
def test_no_serious_accessibility_violations(kind, mode, pages, contexts, site_url, axe_source):
    assert kind in pages.representatives, f"the demo site has no page of kind «{kind}»"
    path = pages.representatives[kind]
    violations = audit(contexts[mode], f"{site_url}/{path}", axe_source, low_vision=mode == "low-vision")
    impacts = Counter(violation["impact"] for violation in violations)
    summary = ", ".join(f"{impact}: {impacts[impact]}" for impact in ("critical", "serious", "moderate", "minor") if impacts[impact])
    print(f"\naxe {REPRESENTATIVE_KINDS[kind]} /{path} [{MODES[mode]}]: {summary or 'no violations'}")
    for violation in violations:
        print(f"  {violation['impact']}: {violation['id']} ({violation['count']}) — {violation['help']}; {violation['nodes'][:3]}")
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING]
    assert not blocking, "\n".join(
        f"{violation['impact']} {violation['id']}: {violation['help']} — {violation['count']} elements, e.g. {violation['nodes']}"
        for violation in blocking
    )
