"""WCAG 2.4.1 on every kind of page: the first Tab lands on the theme's "Skip to content" link, and following it moves
focus into the page's main content (the next Tab stays there), at a phone's width and at a desktop's.

Material prints its skip link only for a page with a table of contents; the toolkit's pages list their generated
sections in `page.toc` (projecth.render.sections_toc), and the 404 page gives the theme a stand-in with its title.
"""

from __future__ import annotations

import pytest

from .conftest import _guarded

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

# One page of every kind in the starter library.
PAGES = {
    "home": "",
    "resource": "networks/maths/bar-models-for-fractions-year-5/",
    "hub": "subjects/maths/",
    "facet index": "subjects/",
    "A to Z": "library/",
    # With a query: without one, search.js puts the cursor in the box on arrival (the header's search button opens
    # it so), and the first Tab then leaves the box.
    "search": "search/?q=fractions",
    "entitlement": "entitlements/maths/secondary/",
    "entitlement version": "entitlements/maths/secondary/2025-26/",
    "unit": "entitlements/maths/secondary/units/y7-fractions/",
    "coverage": "entitlements/maths/secondary/coverage/",
    "coverage index": "entitlements/coverage/",
    "entitlement index": "entitlements/",
    "case study": "case-studies/bar-models-fractions-years-5-6/",
    "case-study index": "case-studies/",
    "case-study group": "case-studies/by-theme/maths/",
    "field reference": "contribute/fields/",
    "about": "about/",
    "404": "404.html",
}


@pytest.fixture
def open_page(browser, starter_url, starter_site):
    contexts = []

    def make(screen: str):
        context = browser.new_context(viewport=SCREENS[screen])
        contexts.append(context)
        return _guarded(context, starter_url, starter_site[1])

    yield make
    for context in contexts:
        context.close()


FOCUSED = """() => {
  const element = document.activeElement;
  return {
    tag: element.tagName.toLowerCase(),
    skip: element.classList.contains("md-skip"),
    href: element.getAttribute("href"),
    text: element.textContent.trim(),
    inContent: Boolean(element.closest(".md-content")),
  };
}"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("kind", PAGES)
def test_the_first_tab_stop_skips_to_the_content(open_page, starter_url, kind, screen):
    page = open_page(screen)
    page.goto(starter_url + PAGES[kind])
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["skip"], f"{kind} at {screen}: the first Tab lands on {first}, not the skip link"
    assert first["text"] == "Skip to content"
    assert page.locator("a.md-skip").is_visible(), "the skip link shows when it has focus"
    target = first["href"]
    assert target.startswith("#") and len(target) > 1
    # Its target is the page's title, in the main content.
    assert page.locator(f".md-content {target}").count() == 1, f"{kind}: {target} is not in the main content"
    page.keyboard.press("Enter")
    page.wait_for_function("hash => location.hash === hash", arg=target)
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert after["inContent"], f"{kind} at {screen}: after the skip link, Tab goes to {after}, outside the content"
