"""Ways in and hubs that narrow, in real Chromium, on the starter library at a phone's and a desktop's width.

The home page starts with a search box and the browse routes (phase, key stage, year group, subject, type, network
group) within the first screen and a half; a hub narrows by the other facets with counts that match its cards; and a
Year 5 maths teacher reaches the Year 5 maths resource from the home page in three taps, with or without JavaScript.
The starter library has one Year 5 maths resource: content/networks/maths/bar-models-for-fractions-year-5.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import _guarded

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ROUTES = ("phases", "key-stages", "year-groups", "subjects", "types", "networks")
YEAR_5_MATHS = "networks/maths/bar-models-for-fractions-year-5/"
SHOTS = Path(os.environ["PROJECTH_SCREENSHOTS"]) if os.environ.get("PROJECTH_SCREENSHOTS") else None


@pytest.fixture
def open_page(browser, starter_url, starter_site):
    contexts = []

    def make(screen: str, javascript: bool = True):
        context = browser.new_context(viewport=SCREENS[screen], java_script_enabled=javascript)
        contexts.append(context)
        return _guarded(context, starter_url, starter_site[1])

    yield make
    for context in contexts:
        context.close()


def top(page, selector: str) -> float:
    """Where an element starts, in CSS pixels from the top of the document."""
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


def in_first_screens(page, selector: str, screens: float = 1.5) -> None:
    height = page.viewport_size["height"]
    start = top(page, selector)
    assert start < screens * height, f"{selector} starts at {start:.0f}px, past {screens} screens of {height}px"


def shoot(page, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("screen", SCREENS)
def test_home_starts_with_search_and_every_route(open_page, starter_url, screen):
    page = open_page(screen)
    page.goto(starter_url)
    shoot(page, f"home-{screen}")
    search = page.locator("form.ph-home-search")
    assert search.get_attribute("action").endswith("search/")
    in_first_screens(page, "form.ph-home-search input[name=q]", 1)
    for route in ROUTES:
        assert page.locator(f"#ph-ways-in-{route}").count() == 1, f"no way in by {route}"
    in_first_screens(page, ".ph-ways")
    # The routes come before the page's own text and the newest cards.
    assert top(page, ".ph-ways") < top(page, "#practice-worth-sharing") < top(page, "#ph-newest-heading")
    text = page.locator("article.md-content__inner").inner_text()
    assert "type of resource below" not in text
    # Each route's count is the number of cards on the hub it opens.
    link = page.locator("#ph-ways-in-year-groups ~ ul a", has_text="Year 8").first
    count = int(link.locator(".ph-ways-in__count").inner_text())
    link.click()
    page.wait_for_url("**/year-groups/year-8/")
    # A resource for two subjects is under both headings: the count is of resources, not of cards.
    hrefs = page.locator(".ph-card__title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(set(hrefs)) == count and count > 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("first, second", [("Year 5", "Maths"), ("Maths", "Year 5")], ids=["by-year", "by-subject"])
def test_three_taps_from_home_to_year_5_maths(open_page, starter_url, screen, javascript, first, second):
    page = open_page(screen, javascript)
    height = SCREENS[screen]["height"]
    page.goto(starter_url)
    # Tap 1: the route on the home page, within a screen and a half.
    route = page.locator(".ph-ways a.ph-ways-in__link", has_text=re.compile(rf"^{first}\b")).first
    assert route.evaluate("e => e.getBoundingClientRect().top + window.scrollY") < 1.5 * height
    route.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == first
    # Tap 2: narrow by the other facet, within a screen and a half of the hub.
    narrow = page.locator(".ph-narrow a.ph-narrow__value", has_text=re.compile(rf"^{second}\b")).first
    assert narrow.evaluate("e => e.getBoundingClientRect().top + window.scrollY") < 1.5 * height
    if screen == "phone" and javascript and first == "Year 5":
        shoot(page, "hub-year-5-phone")
    narrow.click()
    page.wait_for_load_state()
    assert page.url.split("#")[1] == "group-maths"
    group = page.locator("#group-maths")
    heading = group.locator("h2").inner_text()
    assert heading.startswith("Year 5: Maths"), heading
    # The heading the link jumped to is on the screen, below the fixed header, with its first card.
    box = group.locator("h2").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert header["height"] <= box["y"] < height, box
    card = group.locator(".ph-card__title a").first
    assert card.bounding_box()["y"] < height
    # Tap 3: the resource.
    card.click()
    page.wait_for_load_state()
    assert page.url.endswith(YEAR_5_MATHS)
    assert "Year 5" in page.locator("h1").inner_text()
    assert not page.page_errors


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("hub", ["subjects/maths/", "key-stages/ks2/", "year-groups/year-5/", "types/guide/"])
def test_hub_counts_match_the_cards_without_javascript(open_page, starter_url, screen, hub):
    page = open_page(screen, javascript=False)
    page.goto(starter_url + hub)
    if screen == "desktop" and hub == "subjects/maths/":
        shoot(page, "hub-maths-desktop")
    if screen == "phone" and hub == "key-stages/ks2/":
        shoot(page, "hub-ks2-phone")
    cards = page.locator(".ph-hub-group .ph-card__title a")
    hrefs = cards.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    total = int(re.match(r"(\d+) resources?", page.locator(".ph-count").inner_text()).group(1))
    assert len(set(hrefs)) == total
    # Grouped: several headings, each saying how many cards it has.
    groups = page.locator(".ph-hub-group")
    assert groups.count() > 1
    for index in range(groups.count()):
        group = groups.nth(index)
        said = int(re.search(r"(\d+) resources?", group.locator("h2 .ph-hub-group__count").inner_text()).group(1))
        assert group.locator(".ph-card").count() == said
    in_first_screens(page, ".ph-narrow")
    # Every narrowing value that leads to a heading leads to exactly as many cards as it says.
    values = page.locator(".ph-narrow a.ph-narrow__value").evaluate_all(
        "links => links.map(a => [a.href, a.querySelector('.ph-narrow__count').textContent])")
    assert values, "nothing to narrow by"
    checked = 0
    for href, count in values:
        if "#" not in href:
            assert "/search/?" in href  # the rest preset the search page with both values
            continue
        page.goto(href)
        anchor = href.split("#", 1)[1]
        assert page.locator(f"#{anchor} .ph-card").count() == int(count), href
        checked += 1
    assert checked
