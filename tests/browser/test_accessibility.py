"""Accessibility gates on the real starter library: axe-core (WCAG 2.2 A/AA rules) on one page of every kind, in
the light and the dark scheme, and keyboard use: skip link, visible focus, the header search and the filters.

axe-core is the copy bundled in the `axe-playwright-python` package (no npm, nothing fetched).
"""

from __future__ import annotations

import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, expect

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# One page of every kind in the starter library (content/), by address under the site's root.
PAGE_KINDS = {
    "home": "",
    "resource": "networks/maths/bar-models-for-fractions-year-5/",
    "resource with attachments": "networks/maths/solving-linear-equations-worksheet/",
    "subject hubs": "subjects/",
    "subject hub": "subjects/maths/",
    "phase hub": "phases/primary/",
    "key stage hub": "key-stages/ks2/",
    "resource type hub": "types/guide/",
    "network hubs": "networks/",
    "network hub": "networks/maths/",
    "library index": "library/",
    "search with results": "search/?q=fractions",
    "search with filters": "search/?q=fractions&subject=Maths",
    "entitlements": "entitlements/",
    "entitlement overview": "entitlements/maths/secondary/",
    "entitlement version": "entitlements/maths/secondary/2025-26/",
    "unit": "entitlements/maths/secondary/units/y7-ratio/",
    "coverage": "entitlements/coverage/",
    "subject coverage": "entitlements/maths/secondary/coverage/",
    "case-study index": "case-studies/",
    "case study": "case-studies/keep-up-phonics-key-stage-1/",
    "case studies by theme": "case-studies/by-theme/maths/",
    "contribute": "contribute/",
    "field reference": "contribute/fields/",
    "about": "about/",
    "accessibility statement": "accessibility/",
    "404": "404.html",
}


def open_kind(page: Page, base: str, path: str) -> None:
    page.goto(base + path, wait_until="load")
    if path.startswith("search/?q="):
        # The results are drawn by script: wait until the live region has announced them.
        expect(page.get_by_role("status")).to_have_text(re.compile(r"\d+ results? for"))


def axe_violations(page: Page) -> list[str]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{violation['id']} ({violation['impact']}): {node['target']}: {node['failureSummary']}"
            for violation in result["violations"] for node in violation["nodes"]]


@pytest.fixture(scope="module", params=["light", "dark", "light-phone"])
def scheme_page(request, browser):
    """One page per colour scheme (and the light one at a phone's width too), reused across the page kinds (axe is
    injected before any page script)."""
    scheme, _, phone = request.param.partition("-")
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.add_init_script(AXE_SOURCE)
    page = context.new_page()
    page.scheme = scheme
    yield page
    context.close()


# Known, and said in the accessibility statement: at a phone's width a wide table scrolls inside its own box
# (Material's .md-typeset__scrollwrap), which has no tabindex; Chromium (156 here) still lets Tab reach and scroll
# it, other browsers may not. Only that rule, only on these pages: anything else still fails, and so does the day
# the problem is gone (remove the entry and the statement's paragraph then).
KNOWN_ON_A_PHONE = {"resource": "scrollable-region-focusable", "field reference": "scrollable-region-focusable"}


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_wcag_violations_on_any_page_kind(scheme_page, starter_url, kind):
    open_kind(scheme_page, starter_url, PAGE_KINDS[kind])
    assert scheme_page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
        "slate" if scheme_page.scheme == "dark" else "default")
    violations = axe_violations(scheme_page)
    known = KNOWN_ON_A_PHONE.get(kind) if scheme_page.viewport_size["width"] < 600 else None
    if known:
        assert violations and all(v.startswith(known + " ") for v in violations), violations
        pytest.xfail(f"known at 390 px, in the accessibility statement: {violations[0].split(':')[0]}")
    assert violations == []


def test_axe_finds_a_violation_when_there_is_one(starter_page, starter_url):
    """The gate can fail: the same run over a page with a low-contrast link and an image without alt text."""
    open_kind(starter_page, starter_url, "about/")
    starter_page.evaluate("""() => {
        const p = document.querySelector('.md-content p');
        p.insertAdjacentHTML('beforeend', ' <img src="../assets/logo.svg">');
        p.style.color = '#bbbbbb';
    }""")
    found = " ".join(axe_violations(starter_page))
    assert "image-alt" in found and "color-contrast" in found


# --- Keyboard --------------------------------------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A visually hidden radio (Material's colour-scheme toggle) shows its focus on the label that follows it.
  const next = el.nextElementSibling;
  const shown = next && next.tagName === 'LABEL' && el.getBoundingClientRect().width <= 1 ? next : el;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  const path = [];
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    path.unshift(Array.prototype.indexOf.call(node.parentElement.children, node));
  }
  return {tag: el.tagName, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
          cls: el.className && el.className.baseVal === undefined ? el.className : '',
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== 'none', visible: box.width > 0 && box.height > 0, path};
}"""


def focused(page: Page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_through(page: Page, limit: int = 200) -> list[dict]:
    """Every stop of the Tab key from the top of the page until focus leaves the page or comes back round."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None or (stops and now["path"] == stops[0]["path"]):
            break
        stops.append(now)
    return stops


def test_the_first_tab_reaches_a_visible_skip_link_that_moves_to_the_content(starter_page, starter_url):
    open_kind(starter_page, starter_url, PAGE_KINDS["resource"])
    starter_page.keyboard.press("Tab")
    skip = starter_page.locator(".md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text(re.compile("Skip to content", re.I))
    box = skip.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 5 and box["y"] >= 0  # on screen when focused
    starter_page.keyboard.press("Enter")
    target = skip.get_attribute("href")
    expect(starter_page).to_have_url(re.compile(re.escape(target) + "$"))
    # The next Tab starts inside the article, past the header and the navigation.
    starter_page.keyboard.press("Tab")
    assert starter_page.evaluate("document.activeElement.closest('article') !== null")


@pytest.mark.parametrize("kind", ["resource", "search with filters", "unit", "case study"])
def test_every_tab_stop_shows_focus_and_follows_the_page_order(starter_page, starter_url, kind):
    open_kind(starter_page, starter_url, PAGE_KINDS[kind])
    stops = tab_through(starter_page)
    assert len(stops) > 10
    hidden = [stop for stop in stops if not stop["visible"] and "md-skip" not in stop["cls"]]
    assert hidden == [], "Tab stops on something that cannot be seen"
    unmarked = [stop for stop in stops if not (stop["outline"] or stop["shadow"])]
    assert unmarked == [], "focused controls without a visible focus indicator"
    # No positive tabindex or reordering: each stop comes after the one before in the document.
    paths = [stop["path"] for stop in stops]
    assert paths == sorted(paths)


def test_the_header_search_works_from_the_keyboard(starter_page, starter_url):
    open_kind(starter_page, starter_url, PAGE_KINDS["resource"])
    for _ in range(30):
        starter_page.keyboard.press("Tab")
        if starter_page.evaluate("document.activeElement.id") == "ph-header-search-input":
            break
    else:
        raise AssertionError("the header search was not reached with the Tab key")
    starter_page.keyboard.type("fractions")
    starter_page.keyboard.press("Enter")
    expect(starter_page.get_by_role("status")).to_have_text(re.compile(r"\d+ results? for “fractions”"))


def test_every_filter_can_be_reached_and_toggled_from_the_keyboard(starter_page, starter_url):
    open_kind(starter_page, starter_url, "search/?q=the")
    boxes = starter_page.locator(".ph-search__filters input[type=checkbox]")
    expect(boxes.first).to_be_attached()
    total = boxes.count()
    assert total > 10
    reached: set[str] = set()
    for _ in range(total * 3 + 60):
        starter_page.keyboard.press("Tab")
        current = starter_page.evaluate(
            "(() => { const el = document.activeElement; return el.type === 'checkbox' ? el.name + '=' + el.value : null })()")
        if current and current not in reached:
            reached.add(current)
            before = starter_page.get_by_role("status").inner_text()
            starter_page.keyboard.press("Space")
            assert starter_page.evaluate("document.activeElement.checked")
            expect(starter_page.get_by_role("status")).not_to_have_text(before)
            starter_page.keyboard.press("Space")
            assert not starter_page.evaluate("document.activeElement.checked")
            expect(starter_page.get_by_role("status")).to_have_text(before)
        if len(reached) == total:
            break
    assert len(reached) == total
