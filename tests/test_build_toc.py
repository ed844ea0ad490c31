"""One way to render: every page of the starter library renders in the theme's environment with a table of contents
that lists every section its template wrote, so the theme prints its skip link (to the page's title) on every page.

A real build of the repository's own content (content/ as it is) into tmp_path; the assertions read the HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO

# The pages a test names, one of every kind (the rest are checked all the same).
KINDS = {
    "home": "index.html",
    "resource": "networks/maths/bar-models-for-fractions-year-5/index.html",
    "hub": "subjects/maths/index.html",
    "facet index": "subjects/index.html",
    "A to Z": "library/index.html",
    "search": "search/index.html",
    "entitlement": "entitlements/maths/secondary/index.html",
    "unit": "entitlements/maths/secondary/units/y7-fractions/index.html",
    "coverage": "entitlements/maths/secondary/coverage/index.html",
    "coverage index": "entitlements/coverage/index.html",
    "case study": "case-studies/bar-models-fractions-years-5-6/index.html",
    "case-study index": "case-studies/index.html",
    "field reference": "contribute/fields/index.html",
    "about": "about/index.html",
    "404": "404.html",
}

# Pages whose text is their own Markdown: the theme writes their title (without an id) unless the Markdown has one.
MARKDOWN_PAGES = {"about/index.html", "accessibility/index.html", "contribute/index.html", "contribute/fields/index.html"}

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
TOC = re.compile(r'<nav class="md-nav md-nav--secondary"[^>]*>(.*?)</nav>\s*</div>\s*</div>\s*</div>', re.S)
HEADING = re.compile(r'<h([1-3])\b[^>]*\bid="([^"]+)"')
SKIP = re.compile(r'<a href="([^"]*)" class="md-skip">')


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("toc") / "site"
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins["projecth"].config.search.indexing = False  # search's index is not what this test reads
    build(config)
    return site_dir


def pages(site: Path) -> list[Path]:
    """Every page the theme rendered (redirect pages, which are not, have no article)."""
    return [path for path in sorted(site.rglob("*.html"))
            if "pagefind" not in path.parts and '<article class="md-content__inner' in path.read_text("utf-8")]


def sections(page: str) -> tuple[list[tuple[int, str]], str, str | None]:
    article = ARTICLE.search(page)
    assert article, "no article"
    toc = TOC.search(page)
    skip = SKIP.search(page)
    return HEADING.findall(article.group(1)), toc.group(1) if toc else "", skip.group(1) if skip else None


def test_every_kind_of_page_is_there(starter):
    rendered = {path.relative_to(starter).as_posix() for path in pages(starter)}
    assert set(KINDS.values()) <= rendered, set(KINDS.values()) - rendered


def test_every_section_is_in_the_table_of_contents_and_the_skip_link_goes_to_the_title(starter):
    checked = 0
    for path in pages(starter):
        rel = path.relative_to(starter).as_posix()
        found, toc, skip = sections(path.read_text("utf-8"))
        assert found, f"{rel}: no heading with an id"
        level, first = int(found[0][0]), found[0][1]
        if rel not in MARKDOWN_PAGES:  # a toolkit page: its title (a Markdown page's first heading is its own)
            assert level == 1, f"{rel}: the first heading with an id is not the page's title"
        assert skip == f"#{first}", f"{rel}: the skip link goes to {skip}, not to the first heading #{first}"
        missing = [ident for level, ident in found[1:] if f'href="#{ident}"' not in toc]
        assert not missing, f"{rel}: sections missing from the table of contents: {missing}"
        checked += 1
    assert checked >= 100


@pytest.mark.parametrize("kind", ["resource", "hub", "unit", "case study", "coverage"])
def test_generated_sections_are_listed(starter, kind):
    """The sections the toolkit's templates add, not only the Markdown body's headings."""
    found, toc, _ = sections((starter / KINDS[kind]).read_text("utf-8"))
    generated = [ident for _, ident in found if ident.startswith(("ph-", "group-", "letter-", "fields-"))][1:]
    assert generated, kind
    assert all(f'href="#{ident}"' in toc for ident in generated), kind


def test_resource_page_downloads_and_print_come_under_the_summary(starter):
    page = (starter / KINDS["resource"]).read_text("utf-8")
    order = [page.index(marker) for marker in (
        'class="ph-summary"', 'class="ph-chips ph-facts"', 'class="ph-copies"', 'class="ph-meta"',
        'class="ph-body"', 'class="ph-reuse"')]
    assert order == sorted(order)
    # One date, labelled for what it is; the file's own last change is not a second one.
    facts = page.split('class="ph-chips ph-facts"', 1)[1].split("</ul>", 1)[0]
    assert len(re.findall(r"<time ", facts)) == 1 and ("Updated" in facts or "Published" in facts)
    assert "Source last changed" not in page
    # Year groups link to their hubs.
    assert re.search(r'<a href="[./]*year-groups/year-5/">Year 5</a>', facts), facts


def test_headings_read_ids_labels_and_text_in_order():
    from projecth.render import headings

    html = ('<h1 id="t">Title <a class="headerlink" href="#t">¶</a></h1><h2>No id</h2>'
            '<h2 id="g" data-toc-label="Maths">Maths <span>3 resources</span></h2><h3 id="x">A &amp; <em>B</em></h3>')
    assert headings(html) == [(1, "t", "Title"), (2, "g", "Maths"), (3, "x", "A &amp; B")]
    # Unclosed headings and stray closing tags: no error, nothing made up; linear on long input.
    assert headings("<h2 id='a'>open" + "</h3>" * 50_000) == []
