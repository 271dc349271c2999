"""The keyboard and zoom gate, in headless Chromium.

Keyboard: on the schools catalogue and on an organisation page, pressing Tab from the top of the page reaches
every link a reader can see, and each focused link shows a focus indicator (an outline or a shadow).

Zoom: the Russian rules for official sites ask for text scaled to 200 % without horizontal scrolling. A
1280-pixel-wide window at 200 % zoom lays pages out in 640 CSS pixels at a device pixel ratio of 2, which is how
the browser is set up here; no page may then be wider than the window (``scrollWidth ≤ innerWidth``). Wide
tables scroll inside their own focusable box, never the page.
"""

from __future__ import annotations

import pytest

from .helpers import report
from .pages import REPRESENTATIVE_KINDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WINDOW = 1280
ZOOM = 2
KEYBOARD_PAGES = ("schools", "org-school")

#: every visible link of the page, as a list of unique keys (the same key is given to focused elements)
VISIBLE_LINKS = """() => {
  const key = (el) => { if (!el.dataset.gateKey) { el.dataset.gateKey = String(window.__gateKeys = (window.__gateKeys || 0) + 1); } return el.dataset.gateKey; };
  return Array.from(document.querySelectorAll('a[href]'))
    .filter((el) => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0)
    .map((el) => [key(el), el.getAttribute('href'), (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)]);
}"""
#: the focused element: its key, whether it is a link, and whether a focus indicator is drawn
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  if (!el.dataset.gateKey) { el.dataset.gateKey = String(window.__gateKeys = (window.__gateKeys || 0) + 1); }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return [el.dataset.gateKey, el.tagName.toLowerCase(), el.getAttribute('href'), outline || shadow, el.matches(':focus-visible')];
}"""
WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]"
#: elements sticking out of the window (for the failure message)
WIDE = """() => Array.from(document.querySelectorAll('body *'))
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && el.checkVisibility())
  .slice(0, 8).map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
    + ' → ' + Math.round(el.getBoundingClientRect().right) + 'px')"""


@pytest.mark.parametrize("kind", KEYBOARD_PAGES)
def test_tab_reaches_every_link_with_a_visible_focus(kind, browser, pages, site_url):
    context = browser.new_context(viewport={"width": WINDOW, "height": 900}, locale="ru-RU")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{pages.representatives[kind]}", wait_until="load")
        links = {key: (href, text) for key, href, text in page.evaluate(VISIBLE_LINKS)}
        assert links, "no visible links"
        reached: set[str] = set()
        unmarked: list[str] = []
        presses = 0
        first = None
        while presses < 3 * len(links) + 100:  # every link, every button and field, and some slack
            presses += 1
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:
                continue
            key, tag, href, indicated, focus_visible = focused
            if key == first:
                break  # one full round through the page
            first = first or key
            if tag == "a":
                reached.add(key)
                if not (indicated and focus_visible):
                    unmarked.append(f"{href} (outline/shadow: {indicated}, :focus-visible: {focus_visible})")
        missing = [f"{href} «{text}»" for key, (href, text) in links.items() if key not in reached]
        report(f"keyboard /{pages.representatives[kind]}: {len(links)} visible links, {len(reached & links.keys())} reached "
              f"in {presses} presses of Tab; {len(unmarked)} without a visible focus")
        assert not missing, f"{len(missing)} links never receive the focus: {missing[:20]}"
        assert not unmarked, f"focus not visible on: {unmarked[:20]}"
    finally:
        context.close()


@pytest.mark.parametrize("low_vision", [False, True], ids=["normal", "low-vision"])
def test_no_horizontal_scrolling_at_200_percent(low_vision, browser, pages, site_url):
    context = browser.new_context(
        viewport={"width": WINDOW // ZOOM, "height": 900 // ZOOM}, device_scale_factor=ZOOM, locale="ru-RU",
    )
    if low_vision:
        context.add_init_script("try { localStorage.setItem('msoko-lv', '1'); } catch (e) {}")
    page = context.new_page()
    too_wide: list[str] = []
    widths: dict[str, int] = {}
    try:
        # the measurement itself: a home page with one element twice as wide as the window must fail it
        page.goto(f"{site_url}/", wait_until="load")
        page.evaluate("document.querySelector('.md-content').insertAdjacentHTML('beforeend', '<p style=\"width: 1300px\">x</p>')")
        scroll, inner, _ = page.evaluate(WIDTH)
        assert scroll > inner, "a page wider than the window was not measured as such"
        for kind in REPRESENTATIVE_KINDS:
            path = pages.representatives[kind]
            page.goto(f"{site_url}/{path}", wait_until="load")
            if low_vision:
                assert page.evaluate("document.documentElement.classList.contains('msoko-lv')"), path
            scroll, inner, body = page.evaluate(WIDTH)
            widths[path] = max(scroll, body)
            if max(scroll, body) > inner:
                too_wide.append(f"/{path} ({REPRESENTATIVE_KINDS[kind]}): {max(scroll, body)} > {inner}; {page.evaluate(WIDE)}")
    finally:
        context.close()
    widest = max(widths, key=widths.get)
    report(f"zoom 200 % ({'версия для слабовидящих' if low_vision else 'обычная версия'}): {len(widths)} pages in a "
           f"{WINDOW // ZOOM}-px layout viewport; widest document /{widest}: {widths[widest]} px")
    assert not too_wide, "pages that scroll sideways at 200 %:\n" + "\n".join(too_wide)
