"""The search page in a real browser: what a teacher types, ticks, sees and shares.

The site and its six resources are described in conftest.py.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

FRACTIONS = {"Bar models for fractions", "Ratio tables in Year 7", "Reading fluency across subjects"}


def open_search(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}search/{query}")


def titles(page: Page) -> list[str]:
    return page.locator(".ph-result__link").all_inner_texts()


def status(page: Page):
    # The live region that announces each result count to screen readers.
    return page.get_by_role("status")


def facet(page: Page, legend: str, value: str):
    return page.get_by_role("group", name=legend).get_by_role("checkbox", name=re.compile(rf"^{re.escape(value)} \("))


def count_label(page: Page, legend: str, value: str):
    """The label beside a value's checkbox, which shows its count: `Maths (3)`."""
    return page.get_by_role("group", name=legend).locator("label").filter(
        has_text=re.compile(rf"(^|\s){re.escape(value)} \("))


def tab_to(page: Page, condition: str, limit: int = 80) -> None:
    """Press Tab until the focused element meets `condition` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return Boolean({condition}); }})()"):
            return
    raise AssertionError(f"no element with {condition} was reached with the Tab key")


def test_typing_a_query_shows_its_results_with_summary_chips_and_date(page, site_url):
    open_search(page, site_url)
    page.get_by_label("Search for").press_sequentially("fractions")
    expect(status(page)).to_have_text("3 results for “fractions”")
    expect(page.get_by_text("Search needs JavaScript")).to_be_hidden()
    assert set(titles(page)) == FRACTIONS
    expect(page).to_have_url(re.compile(r"/search/\?q=fractions$"))
    card = page.locator(".ph-result", has_text="Bar models for fractions")
    expect(card.locator(".ph-result__summary")).to_have_text("Drawing bars to compare and add fractions in Year 5.")
    expect(card.locator(".ph-chip")).to_have_text(["Maths", "Primary", "Key stage 2", "Guide", "Maths network"])
    expect(card.locator("time")).to_have_text("15 September 2025")
    expect(card.get_by_role("link", name="Bar models for fractions")).to_have_attribute(
        "href", "/networks/maths/bar-models-for-fractions/")
    assert not page.page_errors


def test_excerpt_names_and_links_the_section_where_the_words_match(page, site_url):
    open_search(page, site_url, "?q=misconceptions")
    expect(status(page)).to_have_text("1 result for “misconceptions”")
    card = page.locator(".ph-result")
    section = card.get_by_role("link", name="Common misconceptions")
    expect(section).to_have_attribute("href", "/networks/maths/bar-models-for-fractions/#common-misconceptions")
    expect(card.locator(".ph-result__excerpt mark")).to_have_text(re.compile(r"^misconceptions"))
    expect(card.locator(".ph-result__excerpt")).to_contain_text("Pupils add the denominators")


def test_a_filter_changes_the_counts_and_the_results(page, site_url):
    open_search(page, site_url, "?q=fractions")
    expect(status(page)).to_have_text("3 results for “fractions”")
    expect(count_label(page, "Subject", "Maths")).to_have_text("Maths (3)")
    expect(count_label(page, "Subject", "English")).to_have_text("English (1)")
    expect(count_label(page, "Phase", "Primary")).to_have_text("Primary (2)")
    expect(count_label(page, "Phase", "Secondary")).to_have_text("Secondary (1)")
    # Early years has no result for this query: no empty choice is offered.
    expect(count_label(page, "Phase", "Early years")).to_be_hidden()

    facet(page, "Phase", "Secondary").check()
    expect(status(page)).to_have_text("1 result for “fractions” in Secondary")
    assert titles(page) == ["Ratio tables in Year 7"]
    expect(count_label(page, "Subject", "Maths")).to_have_text("Maths (1)")
    expect(count_label(page, "Subject", "English")).to_be_hidden()
    # The phase group's own counts ignore the phase chosen: they say what ticking another phase adds.
    expect(count_label(page, "Phase", "Primary")).to_have_text("Primary (2)")
    expect(page).to_have_url(re.compile(r"\?q=fractions&phase=Secondary$"))


def test_a_second_value_in_a_group_widens_and_groups_narrow_each_other(page, site_url):
    open_search(page, site_url)
    expect(status(page)).to_have_text("6 results, newest first")
    facet(page, "Subject", "English").check()
    expect(status(page)).to_have_text("3 results in English, newest first")
    facet(page, "Subject", "Maths").check()
    expect(status(page)).to_have_text("5 results in English or Maths, newest first")
    # Without a query, what the filters match is listed newest first.
    assert titles(page) == ["Persuasive writing toolkit", "Bar models for fractions", "Ratio tables in Year 7",
                            "Reading fluency across subjects", "Phonics in Reception"]
    expect(page).to_have_url(re.compile(r"\?subject=English&subject=Maths$"))
    facet(page, "Phase", "Primary").check()
    expect(status(page)).to_have_text("2 results in English or Maths; Primary, newest first")
    assert titles(page) == ["Bar models for fractions", "Reading fluency across subjects"]
    page.get_by_role("button", name="Clear all filters").click()
    expect(status(page)).to_have_text("6 results, newest first")
    expect(page).to_have_url(re.compile(r"/search/$"))


def test_an_address_with_query_and_filters_restores_them_and_back_goes_back(page, site_url):
    open_search(page, site_url, "?q=fractions&phase=Primary")
    expect(status(page)).to_have_text("2 results for “fractions” in Primary")
    expect(page.get_by_label("Search for")).to_have_value("fractions")
    expect(facet(page, "Phase", "Primary")).to_be_checked()
    assert set(titles(page)) == {"Bar models for fractions", "Reading fluency across subjects"}

    facet(page, "Subject", "English").check()
    expect(status(page)).to_have_text("1 result for “fractions” in English; Primary")
    page.go_back()
    expect(status(page)).to_have_text("2 results for “fractions” in Primary")
    expect(facet(page, "Subject", "English")).not_to_be_checked()
    page.go_forward()
    expect(status(page)).to_have_text("1 result for “fractions” in English; Primary")
    expect(facet(page, "Subject", "English")).to_be_checked()


def test_every_step_works_with_the_keyboard_alone(page, site_url):
    page.goto(site_url)
    tab_to(page, "el.id === 'ph-header-search-input'")
    page.keyboard.type("fractions")
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("3 results for “fractions”")
    expect(page).to_have_url(re.compile(r"/search/\?q=fractions$"))

    tab_to(page, "el.type === 'checkbox' && el.value === 'Secondary'")
    # The focused control shows where the keyboard is.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Space")
    expect(status(page)).to_have_text("1 result for “fractions” in Secondary")

    tab_to(page, "el.classList.contains('ph-result__link')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/networks/maths/ratio-tables/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ratio tables in Year 7")


def test_hub_page_links_to_search_with_its_filter_preset(page, site_url):
    page.goto(f"{site_url}subjects/maths/")
    page.get_by_role("link", name="Search within Maths").click()
    expect(status(page)).to_have_text("3 results in Maths, newest first")
    expect(facet(page, "Subject", "Maths")).to_be_checked()
    assert titles(page) == ["Bar models for fractions", "Ratio tables in Year 7", "Reading fluency across subjects"]


def test_phone_starts_with_filters_folded_and_opens_them(new_page, site_url):
    page = new_page(viewport={"width": 390, "height": 844})
    open_search(page, site_url, "?q=fractions")
    expect(status(page)).to_have_text("3 results for “fractions”")
    expect(page.get_by_role("group", name="Subject")).to_be_hidden()
    page.get_by_text("Filters", exact=True).click()
    expect(count_label(page, "Subject", "Maths")).to_have_text("Maths (3)")
    assert not page.foreign_requests


def test_without_javascript_the_page_says_so_and_points_to_the_hubs(new_page, site_url):
    page = new_page(java_script_enabled=False)
    open_search(page, site_url)
    expect(page.get_by_text("Search needs JavaScript")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(0)
    page.get_by_role("link", name="Subjects").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subjects")
