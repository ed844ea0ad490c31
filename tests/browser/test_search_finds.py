"""Search finds what teachers type: facet names and short forms, whole words, "did you mean", on a phone too.

Two sites: the six resources of conftest.py, and the repository's own starter library (for facets the six do not
cover, such as Key stage 4). Which pages have which facet is read from the built pages themselves.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}


def status(page: Page):
    return page.get_by_role("status")


def result_paths(page: Page) -> list[str]:
    return [href for href in page.locator(".ph-result__link").evaluate_all("links => links.map(a => a.pathname)")]


def pages_with(site: Path, name: str, value: str) -> set[str]:
    """The addresses of the built pages that carry the Pagefind filter `name` = `value`."""
    found = set()
    marker = f'<span data-pagefind-filter="{name}">{value}</span>'
    for path in site.rglob("index.html"):
        if marker in path.read_text(encoding="utf-8"):
            found.add("/" + path.parent.relative_to(site).as_posix().strip(".") + "/")
    return {address.replace("//", "/") for address in found}


def search(page: Page, base: str, query: str) -> None:
    page.goto(f"{base}search/?q={query}")
    expect(status(page)).to_have_text(re.compile(r"result"))


@pytest.mark.parametrize(("query", "name", "value"), [
    ("EYFS", "key_stage", "Early Years Foundation Stage"),
    ("KS4", "key_stage", "Key stage 4"),
    ("key stage 2", "key_stage", "Key stage 2"),
    ("Year 5", "year_group", "Year 5"),
    ("Y5", "year_group", "Year 5"),
])
def test_a_facets_name_or_short_form_finds_its_pages_first(starter_page, starter_url, starter_site, query, name,
                                                           value):
    having = pages_with(starter_site[0], name, value)
    assert len(having) >= 3, f"the starter library has too few pages with {value} to test with"
    search(starter_page, starter_url, query)
    shown = result_paths(starter_page)
    assert shown, f"nothing found for {query!r}"
    first = shown[: min(len(having), len(shown))]
    assert set(first) <= having, f"{query!r}: {sorted(set(first) - having)} come before pages with {value}"
    if name == "key_stage":
        # The chip of the value the query named is marked on each of those results.
        expect(starter_page.locator(".ph-result").first.locator(".ph-chip mark")).to_have_text(value)


def test_a_word_the_library_does_not_have_finds_nothing_and_highlights_no_stem(starter_page, starter_url):
    # Pagefind alone answers "behaviour" with every page that has "be" in it, highlighted.
    search(starter_page, starter_url, "behaviour")
    expect(status(starter_page)).to_have_text(re.compile(r"^No results for “behaviour”"))
    expect(starter_page.locator(".ph-result")).to_have_count(0)
    # A whole word is highlighted as a whole word, never the part of a longer one that the query starts with.
    search(starter_page, starter_url, "KS4")
    marks = starter_page.locator(".ph-result__excerpt mark").all_inner_texts()
    assert all(re.sub(r"\W", "", mark).lower() == "ks4" for mark in marks), marks


def test_a_misspelt_word_offers_the_librarys_own_word(page, site_url):
    page.goto(f"{site_url}search/?q=fractons")
    expect(status(page)).to_have_text("No results for “fractons”. Try other words, or fewer filters. "
                                      "Did you mean fractions?")
    page.get_by_role("link", name="fractions").click()
    expect(status(page)).to_have_text("3 results for “fractions”")
    expect(page.get_by_label("Search for")).to_have_value("fractions")
    expect(page).to_have_url(re.compile(r"\?q=fractions$"))


def test_excerpts_name_their_section_without_repeating_it(page, site_url):
    page.goto(f"{site_url}search/?q=rhetoric")
    card = page.locator(".ph-result")
    expect(card.get_by_role("link", name="Rhetoric")).to_be_visible()
    # Pagefind's own excerpt starts with the heading again ("Rhetoric: Rhetoric. Model a speech ...").
    expect(card.locator(".ph-result__text")).to_have_text(re.compile(r"^Model a speech that uses"))


def test_entitlement_units_show_the_day_their_entitlement_came_into_force(starter_page, starter_url):
    search(starter_page, starter_url, "inference")
    unit = starter_page.locator(".ph-result", has=starter_page.get_by_role(
        "link", name="Inference and evidence in fiction", exact=True))
    expect(unit.locator(".ph-result__date")).to_have_text("In force from 1 September 2025")
    resource = starter_page.locator(".ph-result", has=starter_page.locator(".ph-chip", has_text="Guide")).first
    expect(resource.locator(".ph-result__date")).to_have_text(re.compile(r"^Published "))


def test_on_a_phone_results_come_first_and_filters_sit_behind_one_button(new_page, site_url):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{site_url}search/?q=fractions&subject=Maths")
    expect(status(page)).to_have_text("3 results for “fractions” in Maths")
    summary = page.locator("summary", has_text="Filters")
    expect(summary).to_have_text("Filters (1 active)")
    expect(page.get_by_role("group", name="Subject")).to_be_hidden()
    first = page.locator(".ph-result").first.bounding_box()
    assert first["y"] + 60 < PHONE["height"], f"the first result starts {first['y']:.0f} px down"

    # Ticking a filter changes what is on the screen: the button under the filters counts the results.
    summary.click()
    show = page.get_by_role("button", name=re.compile(r"^Show \d+ results?$"))
    expect(show).to_have_text("Show 3 results")
    page.get_by_role("group", name="Phase").get_by_text(re.compile(r"^Secondary \(")).click()
    expect(show).to_have_text("Show 1 result")
    expect(show).to_be_in_viewport()
    expect(status(page)).to_have_text("1 result for “fractions” in Maths; Secondary")
    expect(summary).to_have_text("Filters (2 active)")
    show.click()
    expect(page.get_by_role("group", name="Subject")).to_be_hidden()
    expect(page.locator(".ph-result__link").first).to_be_focused()
    assert not page.page_errors


def test_every_control_of_the_search_page_is_at_least_24_px_square(new_page, site_url):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{site_url}search/?q=fractions")
    expect(status(page)).to_have_text("3 results for “fractions”")
    page.locator("summary", has_text="Filters").click()
    expect(page.get_by_role("group", name="Subject")).to_be_visible()
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.ph-search input, .ph-search button, .ph-search summary, .ph-search label.ph-facet__label, .ph-result__link, '
        + '.ph-header-search__button')]
      .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => { const r = el.getBoundingClientRect();
                     return [el.className || el.tagName, el.textContent.trim().slice(0, 30), r.width, r.height]; })
      .filter(([, , w, h]) => w < 24 || h < 24)""")
    assert small == [], f"controls under 24 x 24 px: {small}"
    boxes = page.locator(".ph-facet__input").evaluate_all(
        "els => els.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().height)")
    assert len(boxes) >= 4 and min(boxes) >= 24, boxes


def test_the_header_search_button_on_a_phone_puts_the_cursor_in_the_box(new_page, site_url):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{site_url}networks/maths/ratio-tables/")
    page.locator(".ph-header-search__button").click()
    expect(page).to_have_url(re.compile(r"/search/(\?q=)?$"))
    expect(page.get_by_label("Search for")).to_be_focused()
    # A hub's "search within" link shows its results and leaves the keyboard closed.
    page.goto(f"{site_url}search/?subject=Maths")
    expect(status(page)).to_have_text("3 results in Maths, newest first")
    expect(page.get_by_label("Search for")).not_to_be_focused()


def test_listing_without_a_query_fetches_one_index_chunk_not_all_of_them(starter_page, starter_url, starter_site):
    chunks = sorted((starter_site[0] / "pagefind" / "index").glob("*.pf_index"))
    assert len(chunks) >= 3, "the starter library's index is too small to tell one chunk from all"
    fetched = []
    starter_page.on("request", lambda request: fetched.append(request.url) if "/pagefind/index/" in request.url else None)
    starter_page.goto(f"{starter_url}search/?subject=Maths")
    maths = len(pages_with(starter_site[0], "subject", "Maths"))
    expect(status(starter_page)).to_have_text(f"{maths} results in Maths, newest first")
    starter_page.wait_for_load_state("networkidle")
    assert len(fetched) == 1, f"{len(fetched)} of {len(chunks)} index chunks fetched to list without a query"
