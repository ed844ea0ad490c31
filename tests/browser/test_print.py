"""Printing a resource in real Chromium: without the site's chrome, as a pupil copy and as a teacher copy.

The Year 8 worksheet of the starter library (content/networks/maths/solving-linear-equations-worksheet.md) marks its
teacher notes (`!!! teacher`) and answers (`??? answers`). The PDFs are read with poppler's pdftotext
(scripts/test installs poppler-utils); pages are counted in the PDF itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

WORKSHEET = "networks/maths/solving-linear-equations-worksheet/"
ANSWER = "Cara is 6, Ben is 18"  # in the answers table only
TEACHER_NOTE = "mini-whiteboard check"  # in the teacher notes only
QUESTION = "Ben is three times as old as Cara"  # a question: in every copy
CHROME = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-banner",
          ".ph-breadcrumbs", ".ph-copies", ".ph-meta", ".ph-reuse", ".ph-related", ".ph-history__suggest",
          ".ph-copy__button")
SHOTS = Path(os.environ.get("PROJECTH_SCREENSHOTS", "")) if os.environ.get("PROJECTH_SCREENSHOTS") else None


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page (poppler's pdftotext separates pages with a form feed)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (scripts/test does)")
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def choose(page, copy: str) -> None:
    """Press a print button as a teacher would; the print dialog itself is replaced (Chromium has none headless)."""
    page.evaluate("() => { window.print = () => { window.phPrinted = (window.phPrinted || 0) + 1; }; }")
    page.get_by_role("button", name=f"Print {copy} copy").click()
    assert page.evaluate("window.phPrinted") == 1
    page.emulate_media(media="print")


def pdf(page) -> bytes:
    return page.pdf(format="A4", prefer_css_page_size=True)


def test_print_drops_the_site_and_keeps_the_resource(starter_page, starter_url):
    page = starter_page
    page.goto(starter_url + WORKSHEET)
    page.emulate_media(media="print")
    for selector in CHROME:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} is printed"
    assert page.locator("h1").is_visible()
    assert page.get_by_role("heading", name="Section E: forming and solving equations").is_visible()
    credit = page.locator(".ph-print-credit")
    assert credit.is_visible() and "is licensed under Creative Commons" in credit.inner_text()
    # Headings stay with what follows; table rows are not split.
    assert page.locator(".ph-body h2").first.evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
    assert page.locator(".ph-body tr").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    page.emulate_media(media="screen")
    assert not credit.is_visible()  # the credit line is for paper; the page has its reuse block
    assert page.page_errors == []


def test_pupil_copy_has_no_answers_or_teacher_notes_and_fewer_pages(starter_page, starter_url, tmp_path):
    page = starter_page
    page.goto(starter_url + WORKSHEET)
    # Before: the page printed as it was without print.css (the site's chrome, answers and all).
    page.evaluate("document.querySelector('link[href$=\"print.css\"]').disabled = true")
    page.emulate_media(media="print")
    before = pages_of(pdf(page))
    page.emulate_media(media="screen")
    page.evaluate("document.querySelector('link[href$=\"print.css\"]').disabled = false")

    choose(page, "pupil")
    assert not page.get_by_text(ANSWER).is_visible()
    assert not page.locator(".ph-body .teacher").first.is_visible()
    copy = pdf(page)
    text = one_line(" ".join(pdf_text(copy, tmp_path)))
    assert QUESTION in text and "Section A" in text
    assert ANSWER not in text and "Answers" not in text and TEACHER_NOTE not in text
    assert "Suggest a change" not in text and "Related resources" not in text and "Reuse this resource" not in text
    assert pages_of(copy) < before, (pages_of(copy), before)
    assert pages_of(copy) <= 3, pages_of(copy)
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / "year-8-pupil-copy.pdf").write_bytes(copy)


def test_teacher_copy_has_everything_with_the_answers_on_their_own_page(starter_page, starter_url, tmp_path):
    page = starter_page
    page.goto(starter_url + WORKSHEET)
    choose(page, "teacher")
    answers = page.locator("details.answers")
    assert answers.evaluate("e => e.open")  # opened for printing: a closed block prints without its content
    assert answers.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    copy = pdf(page)
    texts = [one_line(text) for text in pdf_text(copy, tmp_path)]
    with_answers = [text for text in texts if ANSWER in text]
    assert len(with_answers) == 1
    assert with_answers[0].strip().startswith("Answers"), with_answers[0][:120]  # a page of its own from the top
    assert QUESTION not in with_answers[0]
    assert TEACHER_NOTE in " ".join(texts)
    if SHOTS:
        (SHOTS / "year-8-teacher-copy.pdf").write_bytes(copy)


@pytest.mark.parametrize("width", [390, 1280])
def test_print_buttons_sit_under_the_summary_at_phone_and_desktop_widths(browser, starter_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(starter_url + WORKSHEET)
        buttons = page.locator(".ph-print__button")
        assert buttons.count() == 2 and buttons.first.is_visible()
        summary = page.locator(".ph-summary").bounding_box()
        word = page.get_by_role("link", name="Word document")
        assert word.is_visible() and word.bounding_box()["y"] > summary["y"]
        assert buttons.first.bounding_box()["y"] < page.locator(".ph-meta").bounding_box()["y"]
        for button in buttons.all():
            box = button.bounding_box()
            assert box["height"] >= 24 and box["x"] + box["width"] <= width
        if SHOTS:
            page.screenshot(path=str(SHOTS / f"year-8-worksheet-{width}.png"))
    finally:
        context.close()


def test_without_javascript_there_are_no_dead_buttons(browser, starter_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(starter_url + WORKSHEET)
        assert not page.locator(".ph-print__button").first.is_visible()
        assert page.get_by_role("link", name="Word document").is_visible()
    finally:
        context.close()
