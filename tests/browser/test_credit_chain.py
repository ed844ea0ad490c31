"""The whole credit chain as a reader sees it in a real browser (Debian's Chromium): every link shown, and copied."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from test_build import build_site
from test_licences import CHAIN

from .conftest import serve


@pytest.fixture
def served(site):
    site.resource("networks/maths/scratch.md", title="Scratch with bar models", licence="CC-BY-SA-4.0",
                  based_on=CHAIN)
    yield from serve(build_site(site.root))


def test_every_link_of_the_chain_is_shown_and_copied(served, clipboard_page):
    page = clipboard_page
    page.goto(f"{served}networks/maths/scratch/")
    based_on = page.locator(".ph-reuse__based-on")
    expect(based_on).to_be_visible()
    expect(based_on.get_by_role("link", name="Using bar models")).to_have_attribute(
        "href", "https://other.example/networks/computing/bar-models/")
    items = based_on.get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Getting started with Scratch by Raspberry Pi Foundation, under "
                                         "Creative Commons Attribution-ShareAlike 4.0 International")
    expect(items.nth(1)).to_contain_text("Programming fundamentals by The Carpentries")
    page.get_by_role("button", name="Copy attribution").click()
    expect(page.get_by_role("status").filter(has_text="Attribution")).to_have_text("Attribution copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    for title in ("Using bar models", "Getting started with Scratch", "Programming fundamentals"):
        assert title in copied
