"""Reuse by other trusts: licence and attribution on pages, packs, JSON-LD, feeds, redirects and sitemap dates."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zipfile
from pathlib import Path

import feedparser

from projecth.core.publishing.packs import reproducible_zip
from projecth.core.publishing.addresses import page_date
from projecth.core.publishing.attribution import SiteInfo, credit
from projecth.core.model.taxonomy import load_taxonomy
from test_build import build_site, read

BASED_ON = ("{title: Fractions on a number line, author: Another Trust, url: https://example.org/fractions, "
            "licence: CC-BY-4.0}")
THIRD_PARTY = "[{what: Figure 2, owner: Example Publisher, licence: Used with permission}]"


def jsonld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def of_type(page: str, kind: str) -> dict:
    found = [item for item in jsonld(page) if item.get("@type") == kind]
    assert len(found) == 1, [item.get("@type") for item in jsonld(page)]
    return found[0]


def reuse_site(site) -> None:
    site.write("networks/maths/files/practice-record.csv", "pupil,score\n")
    site.resource("networks/maths/fractions.md", title="Fractions with bar models", published="2025-01-10",
                  updated="2025-06-02", attachments="[{path: files/practice-record.csv, title: Practice record}]",
                  based_on=BASED_ON, third_party=THIRD_PARTY, aliases="[networks/maths/old-fractions]",
                  time_required="45 minutes")
    site.resource("networks/english/sentences.md", title="Sentence construction", network="english",
                  subjects="[english]", authors="[Jo Bloggs, Lift Schools English network]", published="2025-03-03")


# -- the core -------------------------------------------------------------------------------------


def test_credit_is_tasl_and_names_the_original_and_third_party(library):
    reuse_site(library)
    catalogue = library.check().catalogue
    resource = catalogue.by_id["networks/maths/fractions"]
    site = SiteInfo("Project H", "https://h.example/", "Lift Schools")
    text = credit(resource, catalogue.taxonomy, site, "https://h.example/networks/maths/fractions/")
    assert text.startswith("\u201cFractions with bar models\u201d by Lift Schools Maths network, from Project H "
                           "(Lift Schools), https://h.example/networks/maths/fractions/, is licensed under Creative "
                           "Commons Attribution 4.0 International (https://creativecommons.org/licenses/by/4.0/).")
    assert "adapted from \u201cFractions on a number line\u201d by Another Trust (https://example.org/fractions)" in text
    assert "changes were made" in text
    assert "Not covered by this licence: Figure 2 (Example Publisher, Used with permission)." in text


def test_based_on_third_party_and_aliases_are_validated(library):
    library.resource("networks/maths/a.md", based_on="{title: X, author: Y, url: ftp://x, licence: CC-BY-4.0}")
    library.resource("networks/maths/b.md", based_on="{title: X, author: Y, url: https://x.org}")
    library.resource("networks/maths/c.md", third_party="[{what: Figure 1}]")
    library.resource("networks/maths/d.md", aliases="[networks/maths/d]")
    library.resource("networks/maths/e.md", aliases="[Networks/Maths/Old Name]")
    library.resource("networks/maths/f.md", aliases="[networks/maths/a]")
    library.resource("networks/maths/g.md", aliases="[networks/maths/old]")
    library.resource("networks/maths/h.md", aliases="[networks/maths/old]")
    library.resource("networks/maths/i.md", licence="CC-BY-4.0",
                     based_on="{title: X, author: Y, url: https://x.org, licence: CC-BY-NC-SA-4.0}")
    errors = "\n".join(library.errors())
    assert "networks/maths/a.md:" in errors and "`based_on.url` is `ftp://x`" in errors
    assert "missing required field `licence` in `based_on`" in errors
    assert "missing required field `owner` in this `third_party` item" in errors
    assert "alias `networks/maths/d` is the resource's own id" in errors
    assert "alias `Networks/Maths/Old Name` is not an id" in errors
    assert "alias `networks/maths/a` is the address of `networks/maths/a.md`" in errors
    assert "alias `networks/maths/old` is also an alias of" in errors
    assert "ShareAlike" in errors and "networks/maths/i.md" in errors


def test_a_licence_that_is_neither_listed_nor_known_is_refused(library):
    library.resource(based_on="{title: X, author: Y, url: https://x.org, licence: \"All rights reserved, used "
                              "with permission\"}")
    errors = "\n".join(library.errors())
    assert "networks/maths/bar-models.md:" in errors
    assert "`based_on.licence` is `All rights reserved, used with permission`" in errors
    assert "not a licence taxonomy.yml lists or an open licence the toolkit knows" in errors
    assert "`third_party`" in errors


def test_a_licence_that_forbids_adaptation_cannot_be_the_basis(library):
    library.resource(based_on="{title: X, author: Y, url: https://x.org, licence: CC-BY-ND-4.0}")
    assert any("does not allow adaptations" in e for e in library.errors())


def test_reproducible_zip_is_sorted_dated_and_identical():
    one = reproducible_zip({"b.txt": b"2", "a/c.txt": b"1"}, dt.date(2025, 6, 2))
    two = reproducible_zip({"a/c.txt": b"1", "b.txt": b"2"}, dt.date(2025, 6, 2))
    assert one == two
    infos = zipfile.ZipFile(io.BytesIO(one)).infolist()
    assert [i.filename for i in infos] == ["a/c.txt", "b.txt"]
    assert {i.date_time for i in infos} == {(2025, 6, 2, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert reproducible_zip({"b.txt": b"2"}, dt.date(2025, 6, 3)) != reproducible_zip({"b.txt": b"2"},
                                                                                       dt.date(2025, 6, 2))


def test_page_dates_come_from_the_content(library):
    reuse_site(library)
    catalogue = library.check().catalogue
    assert page_date("networks/maths/fractions.md", catalogue, {}, None) == dt.date(2025, 6, 2)
    assert page_date("subjects/maths/index.md", catalogue, {}, None) == dt.date(2025, 6, 2)
    assert page_date("about.md", catalogue, {}, None) is None
    assert page_date("about.md", catalogue, {}, dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert page_date("about.md", catalogue, {"about.md": "2025-12-24T10:00:00+00:00"}, None) == dt.date(2025, 12, 24)


# -- real builds ------------------------------------------------------------------------------------


def test_resource_page_shows_licence_attribution_copy_button_and_downloads(site):
    reuse_site(site)
    out = build_site(site.root)
    page = read(out, "networks/maths/fractions/index.html")
    section = page.split('<section class="ph-reuse"', 1)[1].split("</section>", 1)[0]
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">Creative Commons Attribution 4.0 ' \
           'International</a>' in section
    attribution = re.search(r'<p id="ph-attribution-text">(.*?)</p>', section, re.S).group(1)
    assert html.unescape(attribution).startswith("\u201cFractions with bar models\u201d by Lift Schools Maths "
                                                 "network, from Project H (Lift Schools), http://127.0.0.1:8000/"
                                                 "networks/maths/fractions/, is licensed under")
    # A real button (keyboard operable), shown by the script, which says what happened in a live region.
    assert re.search(r'<button type="button" class="[^"]*ph-copy__button" data-ph-copy="ph-attribution-text" '
                     r'hidden>Copy attribution</button>', section)
    assert 'role="status" aria-live="polite"' in section
    assert not re.search(r"\son[a-z]+=", page), "no inline event handlers"
    assert '<script src="../../../assets/projecth/reuse.js"></script>' in page
    script = read(out, "assets/projecth/reuse.js")
    assert "addEventListener(\"click\"" in script and "button.hidden = false" in script
    # The original is credited and changes are declared; third-party material is excluded.
    assert 'adapted from <a href="https://example.org/fractions">Fractions on a number line</a> by Another Trust' \
        in section and "Changes were made." in section
    assert "not covered by this licence" in section and "Figure 2: Example Publisher (Used with permission)" in section
    assert '<a href="../../../downloads/networks/maths/fractions.md" download>Markdown source</a>' in section
    assert '<a href="../../../downloads/networks/maths/fractions.zip" download>Pack (zip)</a>' in section
    # Downloads come right under the summary (issue 17), before the reuse block.
    assert page.index('class="ph-summary"') < page.index('class="ph-downloads"') < page.index('class="ph-reuse"')
    source = (out / "downloads/networks/maths/fractions.md").read_bytes()
    assert source == (site.content / "networks/maths/fractions.md").read_bytes()


def test_packs_hold_what_they_say_and_are_identical_across_builds(site, tmp_path):
    reuse_site(site)
    site.write("entitlements/maths/primary/2025-26.md", ENTITLEMENT)
    site.resource("networks/maths/unit-guide.md", title="Unit guide", units="[maths/primary/y5-fractions]",
                  published="2025-02-01")
    first = build_site(site.root, tmp_path / "one")
    second = build_site(site.root, tmp_path / "two")
    pack = (first / "downloads/networks/maths/fractions.zip").read_bytes()
    assert pack == (second / "downloads/networks/maths/fractions.zip").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(pack))
    assert archive.namelist() == ["fractions/ATTRIBUTION.txt", "fractions/files/practice-record.csv",
                                  "fractions/fractions.docx", "fractions/fractions.md"]
    assert archive.read("fractions/files/practice-record.csv") == b"pupil,score\n"
    assert archive.read("fractions/fractions.md") == (site.content / "networks/maths/fractions.md").read_bytes()
    attribution = archive.read("fractions/ATTRIBUTION.txt").decode()
    assert "Title: Fractions with bar models" in attribution
    assert "Author: Lift Schools Maths network" in attribution
    assert "Source: http://127.0.0.1:8000/networks/maths/fractions/" in attribution
    assert "Licence: Creative Commons Attribution 4.0 International (CC-BY-4.0)" in attribution
    assert ("1. \u201cFractions on a number line\u201d by Another Trust, https://example.org/fractions, under "
            "Creative Commons Attribution 4.0 International") in attribution
    assert "Third-party material not covered by the licence: Figure 2, owned by Example Publisher" in attribution
    assert {i.date_time for i in archive.infolist()} == {(2025, 6, 2, 0, 0, 0)}
    # The unit's pack: every supporting resource, and one attribution for all of them.
    unit_zip = (first / "downloads/entitlements/maths/primary/y5-fractions.zip").read_bytes()
    assert unit_zip == (second / "downloads/entitlements/maths/primary/y5-fractions.zip").read_bytes()
    names = zipfile.ZipFile(io.BytesIO(unit_zip)).namelist()
    assert names == ["y5-fractions/ATTRIBUTION.txt", "y5-fractions/maths-unit-guide/ATTRIBUTION.txt",
                     "y5-fractions/maths-unit-guide/unit-guide.md"]
    unit_page = read(first, "entitlements/maths/primary/units/y5-fractions/index.html")
    assert re.search(r'<a href="../../../../../downloads/entitlements/maths/primary/y5-fractions.zip" download>'
                     r'Fractions: every supporting resource \(zip, [^)]*\)</a>. It holds 1 resource', unit_page)
    for rel in ("catalog.json", "feed.xml", "sitemap.xml", "networks/maths/fractions/index.html"):
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_json_ld_describes_resources_case_studies_and_breadcrumbs(site):
    reuse_site(site)
    site.write("entitlements/maths/primary/2025-26.md", ENTITLEMENT)
    site.resource("networks/maths/unit-guide.md", title="Unit guide", units="[maths/primary/y5-fractions]",
                  published="2025-02-01", year_groups="[year-5]")
    out = build_site(site.root)
    page = read(out, "networks/maths/fractions/index.html")
    data = of_type(page, "LearningResource")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Fractions with bar models"
    assert data["description"] == "How to use bar models to teach equivalent fractions."
    assert data["learningResourceType"] == "educator curriculum guide"
    assert {"@type": "DefinedTerm", "name": "Key stage 2", "termCode": "ks2"} in data["educationalLevel"]
    assert {"@type": "DefinedTerm", "name": "Year 5", "termCode": "year-5"} in data["educationalLevel"]
    assert data["about"] == [{"@type": "DefinedTerm", "name": "Maths", "termCode": "maths"}]
    alignment = {(a["alignmentType"], a["targetName"]) for a in data["educationalAlignment"]}
    assert alignment == {("educationalSubject", "Maths"), ("educationalLevel", "Key stage 2")}
    assert data["audience"] == [{"@type": "EducationalAudience", "educationalRole": "teacher", "name": "Teacher"}]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["isAccessibleForFree"] is True
    assert data["author"] == [{"@type": "Organization", "name": "Lift Schools Maths network"}]
    assert data["publisher"]["name"] == "Lift Schools"
    assert (data["dateCreated"], data["dateModified"]) == ("2025-01-10", "2025-06-02")
    assert data["creditText"].startswith("\u201cFractions with bar models\u201d by")
    assert data["inLanguage"] == "en-GB"
    assert data["timeRequired"] == "PT45M"
    assert data["isBasedOn"] == {"@type": "CreativeWork", "name": "Fractions on a number line",
                                 "url": "https://example.org/fractions",
                                 "author": {"@type": "Organization", "name": "Another Trust"},
                                 "license": "https://creativecommons.org/licenses/by/4.0/"}
    assert data["associatedMedia"][0]["encodingFormat"] == "text/csv"
    assert data["url"] == "http://127.0.0.1:8000/networks/maths/fractions/"
    guide = of_type(read(out, "networks/maths/unit-guide/index.html"), "LearningResource")
    assert guide["teaches"] == [{"@type": "DefinedTerm", "name": "Fractions", "termCode": "maths/primary/y5-fractions",
                                 "url": "http://127.0.0.1:8000/entitlements/maths/primary/units/y5-fractions/"}]
    people = of_type(read(out, "networks/english/sentences/index.html"), "LearningResource")["author"]
    assert people == [{"@type": "Person", "name": "Jo Bloggs"},
                      {"@type": "Organization", "name": "Lift Schools English network"}]
    crumbs = of_type(page, "BreadcrumbList")["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Project H", "http://127.0.0.1:8000/"),
        (2, "Network groups", "http://127.0.0.1:8000/networks/"),
        (3, "Maths network", "http://127.0.0.1:8000/networks/maths/"),
        (4, "Fractions with bar models", "http://127.0.0.1:8000/networks/maths/fractions/"),
    ]
    # Every page has structured data; text cannot close the script element.
    for rel in ("index.html", "about/index.html", "subjects/maths/index.html", "library/index.html"):
        assert of_type(read(out, rel), "BreadcrumbList")
    assert "</script>" not in page.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]


def test_case_study_json_ld_is_an_article(site):
    from test_case_studies import write_case_study  # noqa: PLC0415 - the case-study tests' valid example

    write_case_study(site)
    out = build_site(site.root)
    article = of_type(read(out, "case-studies/phonics-catch-up/index.html"), "Article")
    assert article["headline"] and article["datePublished"] and article["publisher"]["name"] == "Lift Schools"
    assert article["about"] and article["inLanguage"] == "en-GB"
    assert article["url"] == "http://127.0.0.1:8000/case-studies/phonics-catch-up/"
    assert article["mentions"][0]["url"] == "http://127.0.0.1:8000/networks/reading/keep-up-phonics/"


def test_feeds_parse_and_are_linked_from_pages(site):
    reuse_site(site)
    out = build_site(site.root)
    everything = feedparser.parse(read(out, "feed.xml"))
    assert not everything.bozo, everything.get("bozo_exception")
    assert [e.title for e in everything.entries] == ["Fractions with bar models", "Sentence construction"]
    first = everything.entries[0]
    assert first.link == "http://127.0.0.1:8000/networks/maths/fractions/"
    assert first.updated == "2025-06-02T00:00:00Z" and first.published == "2025-01-10T00:00:00Z"
    assert first.summary == "How to use bar models to teach equivalent fractions."
    for entry in everything.entries:
        assert entry.link and entry.updated_parsed and entry.summary
    maths = feedparser.parse(read(out, "feed-network-maths.xml"))
    assert not maths.bozo and [e.title for e in maths.entries] == ["Fractions with bar models"]
    english = feedparser.parse(read(out, "feed-subject-english.xml"))
    assert [e.title for e in english.entries] == ["Sentence construction"]
    assert not (out / "feed-subject-science.xml").exists()
    links = re.findall(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]*" href="([^"]*)">',
                       read(out, "networks/maths/fractions/index.html"))
    # Relative, like every other address the page loads; the feeds' own contents are absolute.
    assert links == ["../../../feed.xml", "../../../feed-network-maths.xml",
                     "../../../feed-subject-maths.xml"]
    for link in links:
        assert (out / "networks/maths/fractions" / link).resolve().is_file()
    hub = read(out, "subjects/english/index.html")
    assert 'href="../../feed-subject-english.xml"' in hub
    assert 'href="../feed.xml"' in read(out, "about/index.html")


def test_feed_text_is_escaped(site):
    site.resource(title="'Fish & chips \"at\" 5 > 3'", summary="A & B < C")
    out = build_site(site.root)
    text = read(out, "feed.xml")
    assert "Fish &amp; chips" in text and "5 &gt; 3" in text and "A &amp; B &lt; C" in text
    parsed = feedparser.parse(text)
    assert not parsed.bozo and parsed.entries[0].title == 'Fish & chips "at" 5 > 3'
    assert parsed.entries[0].summary == "A & B < C"


def test_old_address_redirects_to_the_new_page(site):
    reuse_site(site)
    out = build_site(site.root)
    old = read(out, "networks/maths/old-fractions/index.html")
    target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', old).group(1)
    landed = (out / "networks/maths/old-fractions" / target / "index.html").resolve()
    assert landed == (out / "networks/maths/fractions/index.html").resolve()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/networks/maths/fractions/">' in old
    assert f'<a href="{target}">Fractions with bar models</a>' in old
    assert "<script" not in old
    assert "old-fractions" not in read(out, "sitemap.xml")


def test_sitemap_lists_every_page_with_its_own_date(site, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    reuse_site(site)
    site.resource("networks/maths/unfinished.md", title="Unfinished", status="draft")
    out = build_site(site.root)
    sitemap = read(out, "sitemap.xml")
    entries = dict(re.findall(r"<loc>([^<]*)</loc>(?:\s*<lastmod>([^<]*)</lastmod>)?", sitemap))
    assert entries["http://127.0.0.1:8000/networks/maths/fractions/"] == "2025-06-02"
    assert entries["http://127.0.0.1:8000/networks/english/sentences/"] == "2025-03-03"
    assert entries["http://127.0.0.1:8000/subjects/maths/"] == "2025-06-02"
    # A generated page with no date of its own: left out, never the time of the build.
    assert entries["http://127.0.0.1:8000/library/"] == ""
    assert not any("unfinished" in loc for loc in entries)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    out = build_site(site.root)
    entries = dict(re.findall(r"<loc>([^<]*)</loc>(?:\s*<lastmod>([^<]*)</lastmod>)?", read(out, "sitemap.xml")))
    assert entries["http://127.0.0.1:8000/library/"] == "2026-01-01"
    assert entries["http://127.0.0.1:8000/networks/maths/fractions/"] == "2025-06-02"


ENTITLEMENT = """---
subject: maths
phase: primary
network: maths
version: 2025-26
valid_from: 2025-09-01
status: in-use
summary: What every pupil learns in primary maths.
entitlements:
  - id: number-sense
    statement: Every pupil understands fractions.
    rationale: Fractions underpin ratio.
years:
  year-5:
    - id: y5-fractions
      title: Fractions
      term: autumn-1
      entitlements: [number-sense]
      knowledge:
        - domain: Number
          statements: [Equivalent fractions name the same amount.]
---
"""
