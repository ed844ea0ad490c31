"""Real MkDocs builds in tmp_path, asserting on the HTML a teacher would receive."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import REPO


def build_site(root: Path, site_dir: Path | None = None) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir or root / "site"), strict=True)
    build(config)
    return Path(config.site_dir)


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def card_titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'class="ph-card__title"><a href="[^"]*">([^<]*)</a>', page)]


def add_three_resources(site) -> None:
    site.resource("networks/maths/fractions.md", title="Fractions with bar models", published="2025-01-10")
    site.resource("networks/maths/ratio.md", title="Ratio tables in Year 7", phases="[secondary]",
                  key_stages="[ks3]", year_groups="[year-7]", published="2025-06-01",
                  resource_type="unit-plan")
    site.resource("networks/english/sentences.md", title="Sentence construction", network="english",
                  subjects="[english]", authors="[Lift Schools English network]", published="2025-03-03")


def test_hub_lists_exactly_its_resources_newest_first(site):
    add_three_resources(site)
    out = build_site(site.root)
    maths = read(out, "subjects/maths/index.html")
    # Grouped under a heading per resource type (in the taxonomy's order), newest first in each.
    assert card_titles(maths) == ["Fractions with bar models", "Ratio tables in Year 7"]
    assert "2 resources, by resource type, newest first." in maths
    english = read(out, "subjects/english/index.html")
    assert card_titles(english) == ["Sentence construction"]
    primary = read(out, "phases/primary/index.html")
    assert card_titles(primary) == ["Sentence construction", "Fractions with bar models"]
    network = read(out, "networks/maths/index.html")
    assert "Subject network" in network and "Maths leads from every phase" in network


def test_empty_library_builds_with_valid_navigation(site):
    out = build_site(site.root)
    assert "No resources are published yet." in read(out, "subjects/index.html")
    assert not list((out / "subjects").glob("*/index.html"))
    assert re.search(r"<strong>0</strong> resources", read(out, "index.html"))


def test_no_empty_hubs_and_facet_indexes_list_counts(site):
    add_three_resources(site)
    out = build_site(site.root)
    assert not (out / "subjects/science").exists()
    assert not (out / "phases/post-16").exists()
    assert (out / "key-stages/ks3/index.html").exists()
    subjects = read(out, "subjects/index.html")
    assert re.search(r">English</a> <span[^>]*>1 resource</span>", subjects)
    assert re.search(r">Maths</a> <span[^>]*>2 resources</span>", subjects)
    assert "Science" not in subjects


def test_draft_is_validated_but_never_published(site):
    add_three_resources(site)
    site.resource("networks/maths/unfinished.md", title="Unfinished draft", status="draft")
    out = build_site(site.root)
    assert not (out / "networks/maths/unfinished").exists()
    for page in ("subjects/maths/index.html", "library/index.html", "index.html", "networks/maths/index.html"):
        assert "Unfinished draft" not in read(out, page)
    assert not (out / "search/search_index.json").exists()  # Pagefind indexes only what was built
    assert "unfinished" not in read(out, "sitemap.xml")


def test_resource_page_shows_metadata_downloads_and_related(site):
    add_three_resources(site)
    site.write("networks/maths/files/practice-record.csv", "pupil,score\n" * 50)
    site.resource(
        "networks/maths/equivalence.md",
        title="Equivalent fractions",
        related="[networks/maths/ratio]",
        attachments="[{path: files/practice-record.csv, title: Practice record}]",
        updated="2026-01-05",
        review_by="2027-09-01",
        time_required="1 hour 30 minutes",
    )
    out = build_site(site.root)
    page = read(out, "networks/maths/equivalence/index.html")
    assert '<nav class="ph-breadcrumbs" aria-label="Breadcrumb">' in page
    assert '<a href="../">Maths network</a>' in page
    assert '<a href="../../../subjects/maths/">Maths</a>' in page
    assert '<a href="../../../key-stages/ks2/">Key stage 2</a>' in page
    assert "Year 5" in page
    assert '<time datetime="2025-09-15">15 September 2025</time>' in page
    assert '<time datetime="2026-01-05">5 January 2026</time>' in page
    assert "1 hour 30 minutes" in page
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">' in page
    assert '<a href="../files/practice-record.csv" download>Practice record</a>' in page
    assert "(CSV spreadsheet, 600 bytes)" in page
    assert (out / "networks/maths/files/practice-record.csv").read_text() == "pupil,score\n" * 50
    related = page.split('id="ph-related-heading"', 1)[1]
    titles = card_titles(related)
    assert titles[0] == "Ratio tables in Year 7"  # declared first
    assert "Fractions with bar models" in titles  # then by shared facets
    assert "Equivalent fractions" not in titles


def test_home_page_shows_counts_newest_and_ways_in(site):
    add_three_resources(site)
    out = build_site(site.root)
    home = read(out, "index.html")
    assert "Welcome." in home
    assert re.search(r"<strong>3</strong> resources</a>", home)
    assert re.search(r"<strong>2</strong> network groups</a>", home)
    assert re.search(r"<strong>2</strong> subjects</a>", home)
    newest = home.split('id="ph-newest-heading"', 1)[1]
    assert card_titles(newest) == ["Ratio tables in Year 7", "Sentence construction", "Fractions with bar models"]
    assert 'id="ph-ways-in-phases"' in home and 'id="ph-ways-in-networks"' in home


def test_library_index_is_a_to_z(site):
    add_three_resources(site)
    out = build_site(site.root)
    index = read(out, "library/index.html")
    letters = re.findall(r'<h2 id="letter-([a-z]+)">', index)
    assert letters == ["f", "r", "s"]
    assert index.index("Fractions with bar models") < index.index("Ratio tables") < index.index("Sentence")


def test_navigation_lists_hubs_never_resources(site):
    add_three_resources(site)
    out = build_site(site.root)
    nav = read(out, "networks/maths/fractions/index.html").split('<nav class="md-nav md-nav--primary"', 1)[1]
    nav = nav.split("</nav>", 1)[0]
    assert "By subject" in nav
    assert "Fractions with bar models" not in nav
    assert "Ratio tables" not in nav


def test_invalid_file_fails_the_build_names_it_and_keeps_the_last_site(site, caplog):
    add_three_resources(site)
    out = build_site(site.root)
    published = read(out, "networks/maths/fractions/index.html")
    site.resource("networks/maths/broken.md", key_stages="[key-stage-3]", phases="[secondary]")
    site.write("networks/maths/also-broken.md", "---\ntitle: no\n---\n")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(site.root)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("content/networks/maths/broken.md:7:14: error:" in m and "did you mean `ks3`" in m for m in errors)
    assert any("content/networks/maths/also-broken.md:2:8: error: `title` was read as" in m for m in errors)
    # Validation runs before MkDocs cleans the site directory: the last good site is untouched.
    assert read(out, "networks/maths/fractions/index.html") == published
    assert not (out / "networks/maths/broken").exists()


def test_front_matter_text_is_escaped_in_the_page_head(site):
    site.resource("networks/maths/quotes.md", title="""'Say "the whole" every time'""",
                  summary="""'A "quoted" summary > that must stay inside its attribute'""")
    out = build_site(site.root)
    page = read(out, "networks/maths/quotes/index.html")
    description = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert description, "the meta description must stay one attribute"
    assert html.unescape(description.group(1)) == 'A "quoted" summary > that must stay inside its attribute'
    assert re.search(r"<h1[^>]*>Say &#34;the whole&#34; every time</h1>", page)


def test_no_request_to_another_host(site):
    add_three_resources(site)
    out = build_site(site.root)
    for page in ("index.html", "networks/maths/fractions/index.html", "subjects/maths/index.html"):
        text = read(out, page)
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        loads = re.findall(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="([^"]+)"', text)
        loads += [href for tag, href in re.findall(r'(<link\b[^>]*\bhref="([^"]+)"[^>]*>)', text)
                  if 'rel="canonical"' not in tag]
        assert loads, "the page loads its own scripts and stylesheets"
        for url in loads:
            assert not re.match(r"^(https?:)?//", url), f"{page} loads {url}"


def test_site_hook_expands_the_lift_490_shortcode(site):
    add_three_resources(site)
    site.write("about.md", "---\ntitle: About\n---\n\n[[lift-490]]\n")
    out = build_site(site.root)
    about = read(out, "about/index.html")
    assert "[[lift-490]]" not in about
    assert "Lift 490: our ambition for 2028" in about
    assert "grade 4 or above in English and maths" in about


def test_starter_site_builds_strict(tmp_path):
    """The repository's own site, as a new user builds it."""
    out = build_site(REPO, site_dir=tmp_path / "site")
    home = read(out, "index.html")
    count = int(re.search(r"<strong>(\d+)</strong> resources", home).group(1))
    assert count >= 24
    networks = read(out, "networks/index.html")
    for name in ("English network", "Maths network", "Reading network", "Attendance network"):
        assert name in networks
    assert (out / "about/index.html").exists() and (out / "contribute/index.html").exists()
    # Issue 17 item 8 on the starter library itself: case studies tell each part once, say once that they are
    # illustrative and give a contact a reader can use; the entitlement has one "What changed"; no raw unit id.
    for study in sorted((out / "case-studies").glob("*/index.html")):
        if study.parent.name.startswith("by-"):
            continue
        page = study.read_text(encoding="utf-8")
        main = page.split('<article class="md-content__inner', 1)[1].rsplit("</article>", 1)[0]
        heads = [re.sub(r"<[^>]*>|\u00b6", "", h).strip() for h in re.findall(r"<h[1-6] id=[^>]*>(.*?)</h[1-6]>", main, re.S)]
        assert len(heads) == len(set(heads)), (study, heads)
        assert not {"The challenge", "The approach", "What did not work"} & set(heads), (study, heads)
        # The study's own text (the cards of the resources it used are theirs to word).
        text = re.sub(r"<[^>]*>", " ", main.split('id="ph-used-heading"', 1)[0]).lower()
        assert text.count("illustrative example") == 1 and main.count("ph-illustrative") == 1, study
        assert re.search(r'id="ph-contact".*?<a href="(mailto:|\.\./\.\./networks/)', main, re.S), study
    version = read(out, "entitlements/maths/secondary/2025-26/index.html")
    assert len(re.findall(r"<h2[^>]*>What changed", version)) == 1
    unit = read(out, "entitlements/maths/secondary/units/y7-ratio/index.html").split('<article class="md-content__inner', 1)[1]
    assert "maths/secondary/y7-ratio" not in re.sub(r"<[^>]*>", " ", unit)
