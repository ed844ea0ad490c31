"""Editable copies (Word, PowerPoint) through real builds with the real pandoc, and the print marks' check."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from assertions import expect_only_error
from projecth.core.publishing import office
from projecth.core.reading.siteconfig import user_cache_dir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

WORKSHEET = """\
!!! teacher "For the teacher"
    ## Teacher notes

    Use it after teaching the balance method.

## Section A: warm up

Solve each equation.

1. x + 7 = 15
2. 4x = 28

![A balance with x + 7 on one side and 15 on the other](balance.png)

| Question | Hint |
|---|---|
| 1 | Subtract seven |
| 2 | Divide by four |

## Section B: brackets

- Expand first
- Then solve

Use the [ratio unit plan](ratio.md) for more.

??? answers "Answers"
    | Question | Answer |
    |---|---|
    | 1 | x = 8 |
    | 2 | x = 7 |
"""

DECK = """\
## About this deck

A short briefing for form tutors.

### Slide 1: Attendance starts in the form room

**On the slide:** You notice first.

!!! notes "Speaker notes"
    Ask tutors for one story of a pupil they helped.

### Slide 2: Small amounts add up

| Days off | Attendance |
|---|---|
| One a fortnight | 90% |

!!! notes "Speaker notes"
    Persistent absence means missing ten per cent.
"""


@pytest.fixture(autouse=True)
def own_office_cache(monkeypatch, tmp_path):
    """These tests watch the site's own cache (in the user's cache folder, here a temporary one), not the suite's
    shared one (tests/conftest.py)."""
    monkeypatch.delenv("PROJECTH_OFFICE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def png(width: int = 4, height: int = 3) -> bytes:
    """A real (tiny, grey) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def office_site(site) -> None:
    site.write("networks/maths/balance.png", png())
    site.resource("networks/maths/equations.md", body=WORKSHEET, title="Solving equations worksheet",
                  resource_type="worksheet", phases="[secondary]", key_stages="[ks3]", year_groups="[year-8]")
    site.resource("networks/maths/ratio.md", title="Ratio unit plan", phases="[secondary]", key_stages="[ks3]",
                  year_groups="[year-7]", resource_type="unit-plan")
    site.resource("networks/attendance/tutor-deck.md", body=DECK, title="Tutor attendance slide deck",
                  network="attendance", subjects="[whole-school]", resource_type="slide-deck",
                  authors="[Lift Schools Attendance network]")


def build_with_state(root: Path, site_dir: Path):
    """A real build; returns the site folder and the reuse feature's per-build state (its office counters)."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir, config.plugins["projecth"].build.reuse


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def texts(xml: bytes, tag: str) -> list[str]:
    return [node.text or "" for node in ElementTree.fromstring(xml).iter(tag)]


def paragraphs_with_style(document: bytes, style: str) -> list[str]:
    found = []
    for paragraph in ElementTree.fromstring(document).iter(f"{W}p"):
        styles = [s.get(f"{W}val") for s in paragraph.iter(f"{W}pStyle")]
        if style in styles:
            found.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return found


DOCX = "downloads/networks/maths/equations.docx"
PPTX = "downloads/networks/attendance/tutor-deck.pptx"


@pytest.fixture
def built(site, tmp_path):
    office_site(site)
    return build_with_state(site.root, tmp_path / "first")


def test_word_copy_is_valid_ooxml_with_the_headings_tables_image_and_credit_in_its_footer(built):
    out, state = built
    docx = parts((out / DOCX).read_bytes())
    assert "[Content_Types].xml" in docx
    document = docx["word/document.xml"]
    assert paragraphs_with_style(document, "Heading2") == ["Teacher notes", "Section A: warm up", "Section B: brackets"]
    words = texts(document, f"{W}t")
    cells = ["".join(t.text or "" for t in cell.iter(f"{W}t"))
             for cell in ElementTree.fromstring(document).iter(f"{W}tc")]
    assert {"Subtract seven", "Divide by four", "x = 8", "x = 7"} <= set(cells)
    assert "Solve each equation." in words and "Expand first" in words
    assert len(list(ElementTree.fromstring(document).iter(f"{W}numPr"))) >= 4  # both lists are real Word lists
    assert [name for name in docx if name.startswith("word/media/")], "the image is embedded"
    assert b'w:type="page"' in document  # the answers start a new page
    # The link to another resource goes to its page on the site.
    rels = docx["word/_rels/document.xml.rels"].decode()
    assert 'Target="http://127.0.0.1:8000/networks/maths/ratio/"' in rels or "/networks/maths/ratio/" in rels
    footer = " ".join(texts(docx["word/footer1.xml"], f"{W}t"))
    assert "Solving equations worksheet" in footer
    assert "is licensed under Creative Commons Attribution 4.0 International" in footer
    assert "footer1.xml" in rels
    core = docx["docProps/core.xml"].decode()
    assert "<dc:title>Solving equations worksheet</dc:title>" in core
    assert "2025-09-15T00:00:00Z" in core  # the resource's own date, not the time of the build
    assert state.office.converted == 4 and state.office.reused == 0  # three Word copies and one PowerPoint


def test_slide_deck_gets_powerpoint_one_slide_per_section_with_speaker_notes(built):
    out, _ = built
    pptx = parts((out / PPTX).read_bytes())
    slides = sorted((name for name in pptx if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)),
                    key=lambda name: int(re.findall(r"\d+", name)[0]))
    on_slides = [" ".join(texts(pptx[name], f"{A}t")) for name in slides]
    titled = [text for text in on_slides if "Slide 1: Attendance" in text or "Slide 2: Small amounts" in text]
    assert len(titled) == 2, on_slides
    assert "One a fortnight" in titled[1] and "90%" in titled[1]
    assert not any("Ask tutors for one story" in text for text in on_slides)  # notes are not on the slide
    notes = " ".join(" ".join(texts(data, f"{A}t")) for name, data in pptx.items()
                     if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", name))
    assert "Ask tutors for one story of a pupil they helped." in notes
    assert "Persistent absence means missing ten per cent." in notes
    assert "is licensed under Creative Commons Attribution 4.0 International" in on_slides[-1]
    # A worksheet is not a slide deck: no PowerPoint copy.
    assert not (out / "downloads/networks/maths/equations.pptx").exists()


def test_copies_are_linked_from_the_page_and_are_in_the_pack(built):
    out, _ = built
    page = (out / "networks/maths/equations/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[./]*downloads/networks/maths/equations\.docx" download>Word document</a>', page)
    assert 'data-ph-print="pupil"' in page and 'data-ph-print="teacher"' in page
    deck = (out / "networks/attendance/tutor-deck/index.html").read_text(encoding="utf-8")
    assert "tutor-deck.pptx\" download>PowerPoint slides</a>" in deck
    pack = parts((out / "downloads/networks/maths/equations.zip").read_bytes())
    assert pack["equations/equations.docx"] == (out / DOCX).read_bytes()
    deck_pack = parts((out / "downloads/networks/attendance/tutor-deck.zip").read_bytes())
    assert deck_pack["tutor-deck/tutor-deck.pptx"] == (out / PPTX).read_bytes()


def test_rebuilds_give_the_same_bytes_and_reuse_the_cache(site, built, tmp_path):
    out, _ = built
    cache = user_cache_dir(office.CACHE_FEATURE, site.root)
    cached = {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in cache.iterdir()}
    assert len(cached) == 4

    again, state = build_with_state(site.root, tmp_path / "second")
    assert (state.office.converted, state.office.reused) == (0, 4)
    assert {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in cache.iterdir()} == cached
    for path in (DOCX, PPTX, "downloads/networks/maths/equations.zip"):
        assert (again / path).read_bytes() == (out / path).read_bytes(), path

    # Converted again from nothing (an empty cache), pandoc gives the same bytes: the copies are reproducible.
    for path in cache.iterdir():
        path.unlink()
    cold, state = build_with_state(site.root, tmp_path / "third")
    assert state.office.converted == 4
    for path in (DOCX, PPTX, "downloads/networks/maths/equations.zip"):
        assert (cold / path).read_bytes() == (out / path).read_bytes(), path

    # Only a changed resource is converted again.
    site.resource("networks/maths/ratio.md", title="Ratio unit plan", phases="[secondary]", key_stages="[ks3]",
                  year_groups="[year-7]", resource_type="unit-plan", body="## Why\n\nRatio tables, changed.\n")
    _, state = build_with_state(site.root, tmp_path / "fourth")
    assert (state.office.converted, state.office.reused) == (1, 3)


def test_without_conversion_only_cached_copies_are_offered(site, taxonomy, tmp_path):
    """What `mkdocs serve` does: nothing is converted; a copy in the cache is still used."""
    from projecth.core.library.loader import load_library
    from projecth.core.publishing.attribution import SiteInfo

    office_site(site)
    catalogue = load_library(site.content, taxonomy).catalogue
    info = SiteInfo(name="Library", url="https://example.org/", publisher="Trust")
    url = lambda path: path[:-3] + "/"  # noqa: E731
    cache = tmp_path / "cache"
    result = office.make_copies(catalogue.resources, site.content, taxonomy, info, url, cache, convert=False)
    assert (result.converted, result.reused, result.skipped, result.files) == (0, 0, 4, {})
    office.make_copies(catalogue.resources[:1], site.content, taxonomy, info, url, cache)
    result = office.make_copies(catalogue.resources, site.content, taxonomy, info, url, cache, convert=False)
    assert (result.converted, result.reused, result.skipped) == (0, 1, 3)
    assert list(result.by_resource) == [catalogue.resources[0].id]


def test_admonitions_become_pandoc_divs_and_speaker_notes():
    body = ('Intro {: .lead }\n\n!!! tip "Say it"\n    Outer\n\n    ??? answers "Answers"\n        Inner *x*\n\n'
            '```\n!!! not-an-admonition\n```\n\n!!! notes "Speaker notes"\n    Talk.\n')
    docx = office.to_pandoc_markdown(body, "docx")
    assert "{: .lead }" not in docx and "Intro" in docx
    assert "::: {.admonition .tip}\n**Say it**\n\nOuter\n" in docx
    assert "::: {.admonition .answers}\n**Answers**\n\nInner *x*\n:::" in docx
    assert "```\n!!! not-an-admonition\n```" in docx
    assert "::: {.admonition .notes}" in docx
    assert "::: notes\nTalk.\n:::" in office.to_pandoc_markdown(body, "pptx")
    assert office.marks_in(body) == {"answers", "notes"}


def test_the_conversion_stays_linear_on_hostile_lines():
    """Long runs of what the patterns look for, on one line: each must take about as long as reading it."""
    import time

    for line in (" " * 200_000 + "{:", "!!! " + " " * 200_000 + "x", "![" * 100_000, "{:" * 100_000):
        started = time.perf_counter()
        office.to_pandoc_markdown(line + "\n", "docx")
        office.marks_in(line)
        office.check_marks(line, 1, lambda *args: None)
        assert time.perf_counter() - started < 2, line[:20]


def test_a_misspelt_print_mark_fails_the_check(library):
    body = "## Questions\n\n1. 2 + 2\n\n??? answer \"Answers\"\n    4\n"
    library.resource(body=body)
    expect_only_error(library, "networks/maths/bar-models.md", 20, 5, "unknown admonition type `answer`",
                      "did you mean `answers`?", "left out of a pupil copy")


def test_the_print_marks_and_materials_types_pass_the_check(library):
    body = ('## Questions\n\n!!! teacher "For the teacher"\n    Notes.\n\n??? answers "Answers"\n    4\n\n'
            '!!! notes "Speaker notes"\n    Talk.\n\n!!! warning\n    Careful.\n\n???+ tip ""\n    Tip.\n\n'
            '!!! info inline end "Aside"\n    Beside.\n')
    library.resource(body=body)
    assert library.errors() == []


def test_a_document_pandoc_cannot_convert_is_named(tmp_path):
    good = office.Copy("networks/maths/good", "docx", "downloads/networks/maths/good.docx", "a", {
        "format": "docx", "body": "## Fine\n", "reader": office.READER, "links": {}, "images": {},
        "title": "Good", "author": "A", "credit": "Credit", "day": "2025-01-01", "slide_level": 0})
    bad = office.Copy("networks/maths/bad", "docx", "downloads/networks/maths/bad.docx", "b",
                      dict(good.job, format="no-such-format", title="Bad"))
    with pytest.raises(office.OfficeError) as raised:
        office.convert_all(office.pandoc_path(), [good, bad])
    assert "content/networks/maths/bad.md (docx)" in str(raised.value)
    assert "networks/maths/good" not in str(raised.value)


def test_mkdocs_serve_offers_only_cached_copies_and_converts_nothing(site, tmp_path):
    """`mkdocs serve` starts the plugins with command="serve": nothing is converted, cached copies are offered."""
    office_site(site)

    def serve_build(site_dir: Path):
        config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return config.plugins["projecth"].build.reuse

    state = serve_build(tmp_path / "served")
    assert (state.office.converted, state.office.skipped) == (0, 4)
    assert not (tmp_path / "served" / DOCX).exists()
    page = (tmp_path / "served/networks/maths/equations/index.html").read_text(encoding="utf-8")
    assert "Word document" not in page and 'data-ph-print="pupil"' in page
    assert not user_cache_dir(office.CACHE_FEATURE, site.root).exists()

    _, state = build_with_state(site.root, tmp_path / "full")  # a full build converts and fills the cache
    assert state.office.converted == 4
    state = serve_build(tmp_path / "served-again")
    assert (state.office.converted, state.office.reused) == (0, 4)
    assert (tmp_path / "served-again" / DOCX).read_bytes() == (tmp_path / "full" / DOCX).read_bytes()


def test_a_deck_section_without_slides_under_it_is_one_titled_slide():
    job = {"format": "pptx", "body": DECK + "\n## Pitfalls\n\n- Too many words\n", "credit": "Credit.",
           "slide_level": office.slide_level(DECK)}
    markdown = office.pandoc_markdown(job)
    assert job["slide_level"] == 3
    assert markdown.startswith("### About this deck\n") and "\n### Pitfalls\n" in markdown
    assert "\n### Credit and licence\n" in markdown
    assert "\n### Slide 1: Attendance starts in the form room\n" in markdown
    with_section = office.pandoc_markdown(dict(job, body="## The slides\n\n### Slide 1\n\nText.\n"))
    assert "\n### Slide 1\n" in with_section
    assert "\n## The slides\n" in "\n" + with_section  # a section title slide: slides follow it
