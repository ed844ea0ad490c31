"""The copy-attribution button in a real browser (Debian's Chromium), used with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from test_build import build_site
from test_reuse import reuse_site

from .conftest import serve


@pytest.fixture
def served(site):
    reuse_site(site)
    yield from serve(build_site(site.root))


def test_copy_button_works_with_the_keyboard(served, clipboard_page):
    """Uses the session's browser (tests/browser/conftest.py): one Playwright per test session."""
    page = clipboard_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served}networks/maths/fractions/")
    button = page.get_by_role("button", name="Copy attribution")
    expect(button).to_be_visible()
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.dataset.phCopy") is not None:
            break
    else:
        pytest.fail("the copy button cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Attribution")).to_have_text("Attribution copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = page.locator("#ph-attribution-text").inner_text()
    assert copied == shown.strip()
    assert copied.startswith("\u201cFractions with bar models\u201d by Lift Schools Maths network")
    assert errors == []
