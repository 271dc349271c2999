"""The accessibility gate: axe-core 4 (from the npm registry) in Debian's headless Chromium finds no serious or
critical violation on any kind of page of the demo site, in the normal view and in the version for the visually
impaired. The version is switched on the way a reader does it, with the switch button on the page (that it is
remembered from page to page is checked by the site's browser test and by the zoom gate). Each page's results
(every impact, every rule) are reported.
"""

from __future__ import annotations

from collections import Counter

import pytest

from .helpers import report
from .pages import REPRESENTATIVE_KINDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: test id → the mode as the site calls it
MODES = {"normal": "обычная версия", "low-vision": "версия для слабовидящих"}
BLOCKING = ("serious", "critical")
VIEWPORT = {"width": 1280, "height": 900}
LOW_VISION = "document.documentElement.classList.contains('msoko-lv')"
#: no CSS transition or animation still running
SETTLED = "() => document.getAnimations().every(animation => animation.playState !== 'running')"
#: every representative page but those whose template another one already shows (the three catalogues share one,
#: «о проекте» is a hand-written page like the methodology); the zoom gate still opens them all
AXE_KINDS = [kind for kind in REPRESENTATIVE_KINDS if kind not in ("kindergartens", "additional", "about")]
#: axe runs the WCAG 2.0/2.1 A and AA rules and its best practices (its default set)
AXE_RUN = "async () => { const r = await axe.run(document, {resultTypes: ['violations']}); return r.violations.map(" \
          "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), " \
          "count: v.nodes.length})); }"


def audit(page, axe_source: str) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(AXE_RUN)


def describe(kind: str, path: str, mode: str, violations: list[dict]) -> list[dict]:
    """Report one page's results (every impact, every rule) and return its blocking violations."""
    impacts = Counter(violation["impact"] for violation in violations)
    summary = ", ".join(f"{impact}: {impacts[impact]}" for impact in ("critical", "serious", "moderate", "minor") if impacts[impact])
    report(f"axe {REPRESENTATIVE_KINDS[kind]} /{path} [{MODES[mode]}]: {summary or 'no violations'}")
    for violation in violations:
        report(f"  {violation['impact']}: {violation['id']} ({violation['count']}) — {violation['help']}; {violation['nodes'][:3]}")
    return [violation for violation in violations if violation["impact"] in BLOCKING]


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


@pytest.mark.parametrize("kind", AXE_KINDS)
def test_no_serious_accessibility_violations(kind, pages, browser, site_url, axe_source):
    """Both views of one page: audited as loaded, then again after the reader presses the switch."""
    assert kind in pages.representatives, f"the demo site has no page of kind «{kind}»"
    path = pages.representatives[kind]
    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU")  # fresh: nothing remembered yet
    blocking = {}
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{path}", wait_until="load")
        assert not page.evaluate(LOW_VISION), "a fresh visitor gets the version for the visually impaired"
        blocking["normal"] = describe(kind, path, "normal", audit(page, axe_source))
        page.locator("[data-msoko-lv]").first.click()
        assert page.evaluate(LOW_VISION), "the switch did not turn the version for the visually impaired on"
        # the theme's colour transitions (a link's 125 ms) run on: audit the colours the reader sees once they end
        page.wait_for_function(SETTLED)
        blocking["low-vision"] = describe(kind, path, "low-vision", audit(page, axe_source))
    finally:
        context.close()
    assert not any(blocking.values()), "\n".join(
        f"[{MODES[mode]}] {violation['impact']} {violation['id']}: {violation['help']} — {violation['count']} elements, "
        f"e.g. {violation['nodes']}"
        for mode, violations in blocking.items() for violation in violations
    )
