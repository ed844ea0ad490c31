"""Real builds with the projecth plugin's search: what ships, the header box, hub presets, and failed indexing."""

from __future__ import annotations

import gzip
import html
import json
import logging
import re
import stat
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort


def build_site(root: Path) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    build(config)
    return Path(config.site_dir)


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def set_search_options(root: Path, options: str) -> None:
    """Give the search feature options (`options` indented by six spaces) in the test site's copy of mkdocs.yml."""
    config = root / "mkdocs.yml"
    entry = "  - projecth:\n      library:\n        taxonomy: taxonomy.yml\n"
    text = config.read_text(encoding="utf-8")
    assert text.count(entry) == 1
    search = "      search:\n" + "".join(f"  {line}\n" for line in options.rstrip().splitlines())
    config.write_text(text.replace(entry, entry + search), encoding="utf-8")


def add_resources(site) -> None:
    site.resource("networks/maths/fractions.md", title="Fractions with bar models", published="2025-01-10",
                  tags="[fractions, bar-model]")
    site.resource("networks/maths/ratio.md", title="Ratio tables in Year 7", phases="[secondary]",
                  key_stages="[ks3]", year_groups="[year-7]", published="2025-06-01", resource_type="unit-plan")
    site.resource("networks/english/sentences.md", title="Sentence construction", network="english",
                  subjects="[english]", authors="[Lift Schools English network]", published="2025-03-03")


def fragments(site: Path) -> list[str]:
    """The text Pagefind stored for each indexed page (its fragments are gzip with a short header)."""
    return [gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            for path in (site / "pagefind" / "fragment").glob("*.pf_fragment")]


def test_pagefind_replaces_materials_search_index(site):
    add_resources(site)
    site.resource("networks/maths/unfinished.md", title="Unfinished draft", status="draft")
    out = build_site(site.root)
    assert not (out / "search" / "search_index.json").exists()
    assert (out / "pagefind" / "pagefind.js").is_file()
    stored = fragments(out)
    # Only the three published resources are indexed: not hubs, not the home page, never a draft.
    assert len(stored) == 3
    assert sum("Fractions with bar models" in text for text in stored) == 1
    assert not any("Unfinished draft" in text for text in stored)
    assert (out / "assets" / "projecth" / "search.js").is_file()


def test_resource_page_marks_its_text_filters_and_date_for_the_index(site):
    add_resources(site)
    out = build_site(site.root)
    page = read(out, "networks/maths/fractions/index.html")
    assert '<h1 id="ph-title" data-pagefind-body data-pagefind-weight="10">Fractions with bar models</h1>' in page
    assert 'class="ph-summary" data-pagefind-body data-pagefind-weight="5"' in page
    assert '<div class="ph-body" data-pagefind-body>' in page
    filters = re.findall(r'<span data-pagefind-filter="([a-z_]+)">([^<]*)</span>', page)
    assert filters == [("kind", "Resource"), ("subject", "Maths"), ("phase", "Primary"), ("key_stage", "Key stage 2"),
                       ("year_group", "Year 5"), ("resource_type", "Guide"), ("network", "Maths network"),
                       ("audience", "Teacher")]
    assert '<span data-pagefind-meta="date" data-pagefind-sort="date">2025-01-10</span>' in page
    # The facet names and their taxonomy aliases, and the tags: indexed and weighted, hidden, between two markers.
    facets = page.split('<div class="ph-search-facets" data-pagefind-body data-pagefind-weight="7">', 1)[1]
    facets = facets.split('<span id="ph-search-facets-end"></span>', 1)[0]
    assert '<span id="ph-search-facets"></span>' in facets
    names = re.findall(r"<p>([^<]*)</p>", facets)
    assert names == ["phlibraryentry. Resource.", "Maths, Mathematics, Numeracy.", "Primary.", "Key stage 2, KS2.", "Year 5, Y5, Yr 5.",
                     "Guide.", "Maths network.", "Teacher.", "fractions, bar-model."]
    assert page.index('<div class="ph-search-meta" hidden>') < page.index('class="ph-search-facets"')
    # The word every indexed page carries for listing without a query is the one the search page searches for.
    from projecth.search.facets import BROWSE_WORD
    assert names[0].startswith(f"{BROWSE_WORD}. ")
    # What Pagefind stored: the title without the permalink sign, the summary, the filters.
    stored = next(text for text in fragments(out) if "Fractions with bar models" in text)
    assert '"title":"Fractions with bar models"' in stored
    assert '"key_stage":["Key stage 2"]' in stored
    assert "Key stage 2, KS2. Year 5, Y5, Yr 5." in stored
    assert "¶" not in stored


def test_the_library_words_for_did_you_mean_are_written_at_build_time(site):
    add_resources(site)
    out = build_site(site.root)
    words = json.loads(read(out, "assets/projecth/search-words.json"))
    # Titles, tags, and the labels and aliases of the filters, once each, most frequent first; no body text.
    assert {"fractions", "bar", "models", "ratio", "tables", "sentence", "construction", "model"} <= set(words)
    assert {"ks2", "eyfs", "mathematics", "reception", "year"} <= set(words)
    assert len(words) == len(set(words))
    assert words.index("year") < words.index("fractions")
    assert "denominators" not in words
    search = read(out, "search/index.html")
    assert 'data-words="../assets/projecth/search-words.json"' in search


def test_search_page_and_header_box(site):
    add_resources(site)
    out = build_site(site.root)
    search = read(out, "search/index.html")
    assert "<h1 id=\"ph-title\">Search the library</h1>" in search
    assert 'data-bundle="../pagefind/"' in search and 'data-root="../"' in search
    assert '<script type="module" src="../assets/projecth/search.js"></script>' in search
    assert "Search needs JavaScript" in search
    for href in ("../library/", "../subjects/", "../phases/", "../key-stages/", "../types/", "../networks/"):
        assert f'<a href="{href}">' in search.split("Search needs JavaScript", 1)[1].split("</div>", 1)[0]
    config = re.search(r"data-config='([^']*)'", search).group(1)
    assert '"name": "key_stage"' in html.unescape(config)
    # No inline script of ours, no inline handler anywhere on the page.
    assert not re.search(r"\son[a-z]+=", search)
    for page in ("index.html", "networks/maths/fractions/index.html", "subjects/maths/index.html", "about/index.html"):
        text = read(out, page)
        box = re.search(r'<form class="ph-header-search" role="search" aria-label="Site" action="([^"]+)"', text)
        assert box, f"{page} has no header search box"
        assert 'name="q"' in text and 'for="ph-header-search-input"' in text
        assert 'data-md-component="search"' not in text, f"{page} still has Material's search"
    assert re.search(r'action="\.\./\.\./\.\./search/"', read(out, "networks/maths/fractions/index.html"))


def test_every_hub_links_to_search_with_its_preset(site):
    add_resources(site)
    out = build_site(site.root)
    hubs = sorted(out.glob("*/*/index.html"))
    hubs = [path for path in hubs if path.parent.parent.name in ("subjects", "phases", "key-stages", "types",
                                                                   "networks")]
    assert len(hubs) >= 10
    presets = {}
    for path in hubs:
        link = re.search(r'<p class="ph-search-within"><a href="\.\./\.\./search/(\?[^"]*)">Search within ([^<]*)</a>',
                         path.read_text(encoding="utf-8"))
        assert link, f"{path.relative_to(out)} does not link to search"
        presets[path.relative_to(out).parent.as_posix()] = (html.unescape(link.group(1)), link.group(2))
    assert presets["subjects/maths"] == ("?subject=Maths", "Maths")
    assert presets["key-stages/ks2"] == ("?key_stage=Key+stage+2", "Key stage 2")
    assert presets["types/unit-plan"] == ("?resource_type=Unit+plan", "Unit plan")
    assert presets["networks/english"] == ("?network=English+network", "English network")
    assert presets["phases/secondary"] == ("?phase=Secondary", "Secondary")


def test_failed_indexing_fails_the_build_with_pagefinds_reason(site, caplog):
    add_resources(site)
    broken = site.root / "broken-pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: could not write the index: disk full' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    set_search_options(site.root, f"      binary: {broken}")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(site.root)
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "search indexing failed, so the build fails" in messages
    assert "exit status 3" in messages and "could not write the index: disk full" in messages


def test_missing_pagefind_binary_fails_the_build(site, caplog):
    set_search_options(site.root, "      binary: /nonexistent/pagefind")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(site.root)
    assert "the Pagefind binary `/nonexistent/pagefind` set in mkdocs.yml does not exist" in caplog.text


def test_materials_search_alongside_is_refused(site, caplog):
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n", 1),
                      encoding="utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(site.root)
    assert "remove `- search` from `plugins` in mkdocs.yml" in caplog.text


def test_content_at_the_search_address_is_refused(site, caplog):
    site.write("search.md", "---\ntitle: Search\n---\n\nMy own search page.\n")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(site.root)
    assert "content/search.md:1:1: error: `search/` is written by the theme or the toolkit (the search page" in caplog.text


def test_a_resource_template_without_indexed_text_is_caught(site, caplog):
    add_resources(site)
    site.write("../overrides/projecth/resource.html", "<h1>{{ resource.title }}</h1>\n{{ body }}\n")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(site.root)  # strict: the warning fails the build
    assert "no page carries `data-pagefind-body`" in caplog.text


def test_indexing_replaces_an_earlier_bundle(site):
    from projecth.search.indexer import run_pagefind

    add_resources(site)
    out = build_site(site.root)
    stale = out / "pagefind" / "fragment" / "en_0000000.pf_fragment"
    stale.write_bytes(b"left by an earlier index")
    result = run_pagefind(out)
    assert result.pages == 3 and not result.whole_pages
    assert not stale.exists()
    assert len(fragments(out)) == 3
