"""A phone-friendly, waste-free site (issue 17, items 7, 9, 10 (the drawer), 11), in Chromium at 390 and 1280 px.

The starter library is built once (conftest.starter_site) and served on 127.0.0.1; every page kind is opened at a
phone's width and a desktop's.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = [pytest.param(PHONE, id="390px"), pytest.param(DESKTOP, id="1280px")]

# One page of every kind the starter library has.
PAGE_KINDS = [
    "",  # home
    "library/",  # A to Z
    "subjects/maths/",  # a hub
    "networks/maths/bar-models-for-fractions-year-5/",  # a resource with a table
    "entitlements/",
    "entitlements/maths/secondary/",  # an entitlement overview with its year grid
    "entitlements/maths/secondary/2025-26/",  # the full text of a version
    "entitlements/maths/secondary/units/y7-ratio/",  # a unit
    "entitlements/coverage/",  # coverage of every entitlement: a wide table
    "entitlements/maths/secondary/coverage/",
    "case-studies/",
    "case-studies/attendance-special-school/",
    "search/?q=fractions",
    "contribute/fields/",  # the field reference: a wide table
    "about/",
    "404.html",
]


@pytest.fixture
def open_page(browser, starter_url, starter_site):
    """A fresh page of the starter library at the given viewport; records every response (address, type)."""
    contexts = []

    def make(viewport: dict):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.responses = []
        page.on("response", lambda response: page.responses.append(
            (response.url, response.request.resource_type, response.status)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_no_page_kind_scrolls_sideways(open_page, starter_url, viewport):
    page = open_page(viewport)
    wide = []
    for path in PAGE_KINDS:
        page.goto(starter_url + path)
        page.wait_for_load_state("networkidle")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide.append(f"{path or 'home'}: {scroll} px wide at {inner} px")
    assert not wide, wide


@pytest.mark.parametrize("path", ["entitlements/coverage/", "contribute/fields/",
                                  "networks/maths/bar-models-for-fractions-year-5/"])
def test_wide_tables_scroll_inside_their_own_box_with_a_cue(open_page, starter_url, path):
    page = open_page(PHONE)
    page.goto(starter_url + path)
    page.wait_for_load_state("networkidle")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.md-content table')].map(table => {
        const box = table.closest('.md-typeset__scrollwrap') || table;
        const style = getComputedStyle(box);
        return {wide: table.scrollWidth > box.clientWidth, overflow: style.overflowX,
                right: box.getBoundingClientRect().right, shadow: style.backgroundImage};
    })""")
    wide = [box for box in boxes if box["wide"]]
    assert wide, f"no table on {path} is wider than a phone: the test shows nothing"
    for box in wide:
        assert box["overflow"] == "auto", box
        assert box["right"] <= 390, box  # the box itself stays on screen; its content scrolls
        assert "radial-gradient" in box["shadow"], box  # the shadow that says there is more to the side
    # The box scrolls: its content moves when scrolled.
    moved = page.evaluate("""() => {
        const table = [...document.querySelectorAll('.md-content table')].find(t => {
            const box = t.closest('.md-typeset__scrollwrap') || t; return t.scrollWidth > box.clientWidth; });
        const box = table.closest('.md-typeset__scrollwrap') || table;
        box.scrollLeft = 100; return box.scrollLeft; }""")
    assert moved > 0


def _grid(page):
    return page.evaluate("""() => {
        const grid = document.querySelector('table.ph-grid');
        const cells = [...grid.querySelectorAll('tbody td')];
        return {
            head: getComputedStyle(grid.querySelector('thead')).position,
            display: getComputedStyle(cells[0]).display,
            shown: cells.filter(td => td.offsetParent !== null).map(td => getComputedStyle(td, '::before').content),
            empty: cells.filter(td => !td.textContent.trim()).length,
            gridRight: grid.getBoundingClientRect().right,
            // A word broken over two lines has two client rects on one text node of one word.
            broken: [...grid.querySelectorAll('tbody td a')].filter(a => {
                const words = a.textContent.trim().split(/[\\s-]+/);  // a break after a hyphen is a word's own
                const range = document.createRange();
                const node = a.firstChild; let at = node.textContent.indexOf(words[0]);
                return words.some(word => {
                    at = node.textContent.indexOf(word, at);
                    range.setStart(node, at); range.setEnd(node, at + word.length); at += word.length;
                    return range.getClientRects().length > 1;
                });
            }).map(a => a.textContent.trim()),
        };
    }""")


def test_year_grid_is_a_list_per_year_on_a_phone(open_page, starter_url):
    page = open_page(PHONE)
    page.goto(starter_url + "entitlements/maths/secondary/")
    grid = _grid(page)
    assert grid["display"] == "block"
    assert grid["head"] == "absolute"  # the column heads are read by screen readers, not shown
    assert grid["shown"] and all(re.match(r'^"(Autumn|Spring|Summer) \d: "|^"Any time: "', text) for text in grid["shown"]), \
        grid["shown"]  # each unit under its half-term's name, no empty half-terms
    assert grid["empty"] > 0 and len(grid["shown"]) < len(grid["shown"]) + grid["empty"]
    assert grid["gridRight"] <= 390
    assert not grid["broken"], f"words broken mid-word: {grid['broken']}"


def test_year_grid_is_a_table_on_a_desktop(open_page, starter_url):
    page = open_page(DESKTOP)
    page.goto(starter_url + "entitlements/maths/secondary/")
    grid = _grid(page)
    assert grid["display"] == "table-cell" and grid["head"] != "absolute"
    assert not grid["broken"], f"words broken mid-word: {grid['broken']}"


def _focus_walk(page, steps: int) -> list[dict]:
    seen = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => { const e = document.activeElement;
            return {inDrawer: !!e.closest('.md-sidebar--primary'), text: (e.textContent || '').trim().slice(0, 40),
                    x: Math.round(e.getBoundingClientRect().left)}; }"""))
    return seen


def test_focus_never_enters_the_closed_drawer_on_a_phone(open_page, starter_url):
    page = open_page(PHONE)
    page.goto(starter_url + "networks/maths/bar-models-for-fractions-year-5/")
    page.wait_for_load_state("networkidle")
    walked = _focus_walk(page, 40)
    inside = [stop for stop in walked if stop["inDrawer"]]
    assert not inside, f"Tab reached the closed drawer: {inside[:5]}"
    assert any(stop["text"] for stop in walked)  # Tab did walk the page
    # Opened, its links are reachable again.
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_timeout(400)
    link = page.locator(".md-sidebar--primary a.md-nav__link").first
    assert link.is_visible()
    walked = _focus_walk(page, 40)
    assert any(stop["inDrawer"] for stop in walked), "the open drawer's links take no focus"


def test_focus_never_enters_the_closed_drawer_on_any_page_kind(open_page, starter_url):
    page = open_page(PHONE)
    reached = {}
    for path in PAGE_KINDS:
        page.goto(starter_url + path)
        page.wait_for_load_state("networkidle")
        inside = [stop for stop in _focus_walk(page, 25) if stop["inDrawer"]]
        if inside:
            reached[path or "home"] = inside[:3]
    assert not reached, f"Tab reached the closed drawer: {reached}"


def test_desktop_navigation_stays_reachable(open_page, starter_url):
    page = open_page(DESKTOP)
    page.goto(starter_url + "networks/maths/bar-models-for-fractions-year-5/")
    page.wait_for_load_state("networkidle")
    assert any(stop["inDrawer"] for stop in _focus_walk(page, 30))


@pytest.mark.parametrize("viewport", WIDTHS)
def test_404_page_has_search_and_ways_in_that_work_from_any_depth(open_page, starter_url, starter_site, viewport):
    body = (Path(starter_site[0]) / "404.html").read_text(encoding="utf-8")
    page = open_page(viewport)
    missing = starter_url + "networks/maths/no-such-resource/deeper/"
    # A host serves 404.html at whatever address was asked for.
    page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    page.goto(missing)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator(".md-header").is_visible()
    stylesheets = page.evaluate("[...document.styleSheets].filter(s => s.href).length")
    assert stylesheets >= 3  # the page is styled at this depth: its stylesheets loaded
    links = page.locator(".md-content a[href]").evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])")
    titles = [title for title, _ in links]
    for way in ("A to Z", "By subject", "By phase", "By key stage", "Entitlements", "Case studies",
                "How to contribute"):
        assert way in titles, titles
    for title, href in links:
        assert href.startswith(starter_url), href
        response = page.request.get(href)
        assert response.status == 200, f"{title}: {href} is {response.status}"
    box = page.locator("#ph-not-found-query")  # the header has a search box of the same name
    assert box.is_visible()
    box.fill("fractions")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=fractions"))
    page.wait_for_selector(".ph-search__list li", timeout=20000)


@pytest.mark.parametrize("path", ["", "networks/maths/bar-models-for-fractions-year-5/", "search/?q=fractions"])
def test_no_wasted_requests(open_page, starter_url, path):
    page = open_page(DESKTOP)
    page.goto(starter_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    addresses = [url for url, _, _ in page.responses]
    assert not [url for url in addresses if "sitemap.xml" in url], addresses
    assert not [url for url, _, status in page.responses if status >= 400], page.responses
    # One request for the logo: the favicon. The header's and the drawer's logo are written into the page.
    logos = [(url, kind) for url, kind, _ in page.responses if url.endswith("/logo.svg")]
    assert len(logos) == 1, page.responses
    # Per-feature stylesheets only where they are used: the search page's on the search page, the reuse block's
    # on the resource page; the header box's small one everywhere.
    sheets = {url.rsplit("/", 1)[1] for url, kind, _ in page.responses if kind == "stylesheet"}
    assert "search-box.css" in sheets
    assert ("search.css" in sheets) == path.startswith("search/"), sheets
    assert ("reuse.css" in sheets) == path.startswith("networks/"), sheets
    assert ("print.css" in sheets) == path.startswith("networks/"), sheets
    scripts = {url.rsplit("/", 1)[1] for url, kind, _ in page.responses if kind == "script"}
    assert ("reuse.js" in scripts) == path.startswith("networks/"), scripts
    # Feeds are still announced, for feed readers: rel holds "alternate".
    rels = page.locator("link[type='application/atom+xml']").evaluate_all("links => links.map(l => l.rel)")
    assert rels and all("alternate" in rel.split() for rel in rels)


@pytest.mark.parametrize("viewport", WIDTHS)
def test_the_logo_shows_without_a_request_of_its_own(open_page, starter_url, viewport):
    page = open_page(viewport)
    page.goto(starter_url + "case-studies/attendance-special-school/")
    page.wait_for_load_state("networkidle")
    # On a desktop the header shows it; on a phone (where the theme hides the header's) the opened drawer does.
    if viewport is PHONE:
        page.locator(".md-header label[for=__drawer]").click()
        page.wait_for_timeout(400)
    logo = page.locator(".md-header .md-logo svg" if viewport is DESKTOP else ".md-nav--primary .md-logo svg").first
    box = logo.bounding_box()
    assert box and box["width"] >= 20 and box["height"] >= 20, box
    # Named by its link, once; the drawing itself is hidden from assistive technology.
    assert logo.evaluate("svg => svg.closest('a.md-logo').getAttribute('aria-label')") == "Project H"
    assert logo.evaluate("svg => svg.closest('[aria-hidden=true]') !== null")
    assert not [url for url, kind, _ in page.responses if url.endswith("/logo.svg") and kind == "image"]


def test_a_first_search_fetches_no_sitemap(open_page, starter_url, starter_site):
    page = open_page(PHONE)
    page.goto(starter_url + "search/?q=maths")
    page.wait_for_selector(".ph-search__list li", timeout=20000)
    assert not [url for url, _, _ in page.responses if "sitemap.xml" in url]
    # The sitemap is still published, for search engines.
    assert page.request.get(urljoin(starter_url, "sitemap.xml")).status == 200
