"""Real builds of entitlement and case-study pages, asserting on the HTML and on the links both ways."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from test_build import build_site, card_titles, read

REPO = Path(__file__).resolve().parent.parent

ENTITLEMENT = """---
subject: maths
phase: secondary
network: maths
version: {version}
valid_from: {valid_from}
status: in-use
summary: The maths every pupil is entitled to learn in key stage 3.
entitlements:
  - id: proportional-reasoning
    statement: Every pupil reasons multiplicatively about ratio and proportion.
    rationale: Proportional reasoning underpins GCSE maths and science.
  - id: algebraic-fluency
    statement: Every pupil manipulates algebraic expressions with understanding.
    rationale: Algebra is the language in which later maths is written.
years:
  year-7:
    - id: y7-fractions
      title: {fractions_title}
      term: autumn-1
      entitlements: [proportional-reasoning]
      knowledge:
        - domain: Number
          statements: [Find equivalent fractions, Compare fractions]
    - id: y7-ratio
      title: Ratio and proportion
      term: spring-1
      entitlements: [proportional-reasoning]
      knowledge:
        - domain: Ratio
          statements: [Use ratio notation, Share in a ratio]
      vocabulary:
        - term: ratio
          definition: A comparison of two quantities by how many times one is of the other.
      prior_knowledge: [y7-fractions]
      misconceptions: [Thinking that 2 to 3 and 3 to 2 are the same]
      assessment: A short end-of-unit quiz with one reasoning question.
{extra_unit}
---

## How schools use it

Schools sequence the units within each year as they judge best.
"""

OLD_ONLY_UNIT = """    - id: y7-angles
      title: Angles
      term: summer-1
      knowledge:
        - domain: Geometry
          statements: [Measure angles]"""
NEW_ONLY_UNIT = """  year-8:
    - id: y8-equations
      title: Linear equations
      term: autumn-1
      entitlements: [algebraic-fluency]
      knowledge:
        - domain: Algebra
          statements: [Solve two-step equations]"""

CASE_STUDY = """---
title: Ratio tables in Year 7
summary: How a school made ratio tables a shared habit across Year 7.
school: Harbour Lane Academy (fictional)
illustrative: true
phase: secondary
region: north
context: {pupils_on_roll: 1000-1499, disadvantaged: 30-39}
networks: [maths]
themes: [maths, curriculum]
challenge: Pupils could follow a procedure for sharing in a ratio but could not explain it.
approach: Every teacher used ratio tables in the same way for a term.
impact:
  - {measure: gcse-english-maths-4plus, baseline: 52, result: 58, period: 2023-24 to 2024-25, source: Illustrative figures}
timeline:
  - {when: Autumn 2024, what: Department training on ratio tables}
resources: [networks/maths/ratio]
units: [maths/secondary/y7-ratio]
what_did_not_work: Introducing two representations at once confused pupils.
contact: Maths network lead
privacy: {no_pupil_names: true, small_numbers_suppressed: true, image_consent: true}
published: 2025-11-03
---

## What they did

Teachers agreed one way to draw a ratio table.
"""


@pytest.fixture
def curriculum_site(site):
    site.write("entitlements/maths/secondary/2024-25.md", ENTITLEMENT.format(
        version="2024-25", valid_from="2024-09-01", fractions_title="Fractions", extra_unit=OLD_ONLY_UNIT))
    site.write("entitlements/maths/secondary/2025-26.md", ENTITLEMENT.format(
        version="2025-26", valid_from="2025-09-01", fractions_title="Fractions, decimals and percentages",
        extra_unit=NEW_ONLY_UNIT))
    site.resource("networks/maths/ratio.md", title="Ratio tables in Year 7", phases="[secondary]",
                  key_stages="[ks3]", year_groups="[year-7]", units="[maths/secondary/y7-ratio]")
    site.resource("networks/maths/fractions.md", title="Bar models for fractions")
    site.write("case-studies/ratio-tables.md", CASE_STUDY)
    return site


@pytest.fixture
def built(curriculum_site):
    return build_site(curriculum_site.root)


def test_overview_shows_entitlements_grid_changes_and_versions(built):
    page = read(built, "entitlements/maths/secondary/index.html")
    assert "<h1 id=\"ph-title\">Maths (secondary) curriculum entitlement</h1>" in page
    assert "Every pupil reasons multiplicatively about ratio and proportion." in page
    assert "<strong>Why:</strong> Proportional reasoning underpins GCSE maths and science." in page
    grid = page.split('class="ph-grid"', 1)[1].split("</table>", 1)[0]
    assert re.search(r'<th scope="row">Year 7</th>\s*<td[^>]*>\s*<a href="units/y7-fractions/">', grid)
    assert '<a href="units/y8-equations/">Linear equations</a>' in grid
    changes = page.split('id="ph-changes"', 1)[1].split("</ul>", 1)[0]
    assert "What changed since the 2024-25 version" in page
    assert "Added: <a" in changes and "Linear equations" in changes
    assert "Removed: Angles" in changes
    assert "Renamed: Fractions is now" in changes and "Fractions, decimals and percentages" in changes
    assert "1 of 3 units have resources" in page


def _text(page: str) -> str:
    """What a reader sees of a page's main content: the text, without tags (attributes and URLs are not read)."""
    main = page.split('<article class="md-content__inner', 1)[1].rsplit("</article>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", main)))


def _headings(page: str) -> list[str]:
    """The page's sections: its headings with an id (cards' titles have none), as a reader sees them."""
    return [html.unescape(re.sub(r"<[^>]*>", "", text)).replace("\u00b6", "").strip()
            for text in re.findall(r"<h[1-6] id=[^>]*>(.*?)</h[1-6]>", page, re.S)]


def test_the_year_grid_comes_before_the_rationale_and_the_versions_own_text(built):
    for rel in ("entitlements/maths/secondary/index.html", "entitlements/maths/secondary/2025-26/index.html"):
        heads = _headings(read(built, rel))
        assert heads.index("Year by year") < heads.index("About this entitlement") < heads.index(
            "Pupil entitlements"), (rel, heads)
    version = _headings(read(built, "entitlements/maths/secondary/2025-26/index.html"))
    assert version.index("Year by year") < version.index("How schools use it") < version.index("All versions")


def test_one_what_changed_section_the_bodys_own_when_it_has_one(curriculum_site):
    site = curriculum_site
    text = (site.content / "entitlements/maths/secondary/2025-26.md").read_text()
    site.write("entitlements/maths/secondary/2025-26.md", text + "\n## What changed from 2024-25\n\n"
               "We added linear equations to Year 8, so that algebra starts a year earlier.\n")
    out = build_site(site.root)
    version = read(out, "entitlements/maths/secondary/2025-26/index.html")
    changed = [h for h in _headings(version) if h.lower().startswith("what changed")]
    assert changed == ["What changed from 2024-25"], _headings(version)
    assert 'id="ph-changes"' not in version and "so that algebra starts a year earlier" in version
    # The overview has no Markdown of its own: the generated list is its one section.
    overview = read(out, "entitlements/maths/secondary/index.html")
    assert [h for h in _headings(overview) if h.lower().startswith("what changed")] == [
        "What changed since the 2024-25 version"]
    # The starter library's 2025-26 version, which says what changed itself, has the one section too.
    starter = (REPO / "content/entitlements/maths/secondary/2025-26.md").read_text()
    assert starter.count("## What changed") == 1


def test_unit_page_shows_no_raw_id_and_its_own_phase_first(curriculum_site):
    site = curriculum_site
    site.resource("networks/maths/primary-ratio.md", title="Sharing in a ratio in Year 6", phases="[primary]",
                  key_stages="[ks2]", year_groups="[year-6]", units="[maths/secondary/y7-ratio]",
                  published="2026-01-05")
    site.resource("networks/maths/both-ratio.md", title="Ratio across transition", phases="[primary, secondary]",
                  key_stages="[ks2, ks3]", year_groups="[year-6, year-7]", units="[maths/secondary/y7-ratio]",
                  published="2025-01-05")
    out = build_site(site.root)
    page = read(out, "entitlements/maths/secondary/units/y7-ratio/index.html")
    text = _text(page)
    assert "maths/secondary/y7-ratio" not in text and "y7-ratio" not in text, text
    assert "Unit id" not in text
    assert re.search(r'<p class="ph-summary"[^>]*>Maths, Year 7, usually taught in Spring 1\.</p>', page)
    resources = page.split('id="ph-unit-resources"', 1)[1].split('id="ph-unit-case-studies"', 1)[0]
    own, other = resources.split('id="ph-unit-other-phase"', 1)
    assert sorted(card_titles(own)) == ["Ratio across transition", "Ratio tables in Year 7"]
    assert card_titles(other) == ["Sharing in a ratio in Year 6"]
    assert re.search(r'<h3 id="ph-unit-other-phase">From another phase \(primary\)</h3>', resources)
    assert "Written for primary, not for secondary" in other
    # A unit with resources of its own phase only has no such heading.
    fractions = read(out, "entitlements/maths/secondary/units/y7-fractions/index.html")
    assert "ph-unit-other-phase" not in fractions


def test_previous_version_stays_reachable_and_says_it_is_not_current(built):
    old = read(built, "entitlements/maths/secondary/2024-25/index.html")
    assert "<h1 id=\"ph-title\">Maths (secondary) curriculum entitlement, 2024-25</h1>" in old
    assert "This is the 2024-25 version, kept for reference." in old
    assert "Angles" in old
    current = read(built, "entitlements/maths/secondary/2025-26/index.html")
    assert "kept for reference" not in current
    assert "Schools sequence the units within each year as they judge best." in current


def test_unit_page_shows_knowledge_links_and_both_directions(built):
    page = read(built, "entitlements/maths/secondary/units/y7-ratio/index.html")
    assert re.search(r"<h1[^>]*>Ratio and proportion</h1>", page)
    assert "Use ratio notation" in page and "Share in a ratio" in page
    assert "<dt>ratio</dt>" in page
    assert '<a href="../y7-fractions/">Fractions, decimals and percentages</a> (Year 7)' in page
    assert "Thinking that 2 to 3 and 3 to 2 are the same" in page
    assert card_titles(page.split('id="ph-unit-resources"', 1)[1]) == ["Ratio tables in Year 7"]
    assert '<a href="../../../../../case-studies/ratio-tables/">Ratio tables in Year 7</a>' in page
    gap = read(built, "entitlements/maths/secondary/units/y8-equations/index.html")
    assert "No resource supports this unit yet." in gap and 'href="../../../../../contribute/"' in gap


def test_coverage_pages_show_real_coverage_and_gaps(built):
    page = read(built, "entitlements/maths/secondary/coverage/index.html")
    assert re.search(r"<strong>1</strong> of 3 units .* <strong>2</strong> have none yet", page)
    rows = re.findall(r'<tr( class="ph-gap-row")?>\s*<td>Year \d</td>\s*<th scope="row"><a href="[^"]*">([^<]*)</a>',
                      page)
    assert [(bool(gap), title) for gap, title in rows] == [
        (True, "Fractions, decimals and percentages"), (False, "Ratio and proportion"), (True, "Linear equations")]
    everything = read(built, "entitlements/coverage/index.html")
    assert re.search(r"Maths \(secondary\)</a></th>\s*<td>2025-26</td>\s*<td>3</td>\s*<td>1</td>\s*<td>2</td>\s*"
                     r"<td>33%</td>", everything)


def test_case_study_page_glance_impact_chart_and_resources(built):
    page = read(built, "case-studies/ratio-tables/index.html")
    assert "An illustrative example" in page and "Harbour Lane Academy (fictional) is not a real school" in page
    assert "<dd>1,000 to 1,499 pupils</dd>" in page and "<dd>30% to 39%</dd>" in page
    assert re.search(r"GCSE grade 4 or above in English and maths</th><td>52%</td><td>58%</td>", page)
    chart = re.search(r'<svg[^>]*role="img" aria-labelledby="(ph-chart-1)"', page)
    assert chart and f'<figcaption id="{chart.group(1)}">' in page
    assert "52% before and 58% after (2023-24 to 2024-25).</figcaption>" in page
    assert card_titles(page.split('id="ph-used-heading"', 1)[1]) == ["Ratio tables in Year 7"]
    assert "Introducing two representations at once confused pupils." in page


def test_case_study_shows_each_part_once_one_notice_and_a_contact_to_use(built):
    page = read(built, "case-studies/ratio-tables/index.html")
    heads = _headings(page)
    assert len(heads) == len(set(heads)), heads
    # The body's "What they did" tells the approach: the field's own section is left out; the others, which the
    # body has no heading for, stay.
    assert "What they did" in heads and "The approach" not in heads
    assert "Every teacher used ratio tables in the same way for a term." not in _text(page)
    assert {"The challenge", "Timeline", "What did not work"} <= set(heads)
    own_text = _text(page.split('id="ph-used-heading"', 1)[0] + "</article>")
    assert own_text.lower().count("illustrative example") == 1 and page.count("ph-illustrative") == 1
    contact = page.split('id="ph-contact"', 1)[1].split("</p>", 1)[0]
    assert 'Maths network lead: reach them through the <a href="../../networks/maths/">Maths network' in contact


def test_case_study_contact_mailbox_is_a_mailto_link_and_covered_fields_go(curriculum_site):
    site = curriculum_site
    text = CASE_STUDY.replace("contact: Maths network lead", "contact: Maths network lead (enquiries@lift-schools.example)")
    text = text.replace("## What they did", "## Context\n\nA large school.\n\n## What they did\n\nThe same.\n\n"
                        "## What they would do differently\n\nOne representation.\n\n## Timeline\n\nA year.\n\n")
    site.write("case-studies/ratio-tables.md", text)
    page = read(build_site(site.root), "case-studies/ratio-tables/index.html")
    contact = page.split('id="ph-contact"', 1)[1].split("</p>", 1)[0]
    assert ('Maths network lead (<a href="mailto:enquiries@lift-schools.example">enquiries@lift-schools.example</a>)'
            in contact), contact
    heads = _headings(page)
    assert not {"The challenge", "The approach", "What did not work"} & set(heads), heads
    # The body's own "Timeline" is the one: the field's list is not shown as well.
    assert heads.count("Timeline") == 1 and 'id="ph-timeline"' not in page and len(heads) == len(set(heads))


def test_resource_page_lists_its_case_studies_and_units(built):
    page = read(built, "networks/maths/ratio/index.html")
    used = page.split('id="ph-case-studies-heading"', 1)[1]
    assert '<a href="../../../case-studies/ratio-tables/">Ratio tables in Year 7</a>' in used
    assert '<a href="../../../entitlements/maths/secondary/units/y7-ratio/">Ratio and proportion</a> (Year 7)' in page
    other = read(built, "networks/maths/fractions/index.html")
    assert "ph-case-studies-heading" not in other


def test_case_study_index_narrows_by_phase_region_and_theme(built):
    index = read(built, "case-studies/index.html")
    assert '<a href="by-phase/secondary/">Secondary</a> <span class="ph-hub-list__count">(1)</span>' in index
    assert '<a href="by-region/north/">North</a>' in index and '<a href="by-theme/curriculum/">Curriculum</a>' in index
    theme = read(built, "case-studies/by-theme/maths/index.html")
    assert re.search(r"<h1[^>]*>Case studies: Maths</h1>", theme) and "Ratio tables in Year 7" in theme
    assert not (built / "case-studies/by-region/london").exists()


def test_subject_hub_links_its_entitlement_and_nav_lists_the_indexes(built):
    hub = read(built, "subjects/maths/index.html")
    assert '<a href="../../entitlements/maths/secondary/">Maths (secondary) curriculum entitlement</a> (2025-26)' in hub
    index = read(built, "entitlements/index.html")
    assert "Maths (secondary) curriculum entitlement" in index
    home = read(built, "index.html")
    assert re.search(r"<strong>1</strong> curriculum entitlement</a>", home)
    assert re.search(r"<strong>1</strong> case study</a>", home)


def test_teacher_journey_hub_to_entitlement_to_unit_to_resource_to_case_study_and_back(built):
    """Follow the links a teacher would click, resolving each relative URL, and come back."""
    import posixpath

    def follow(page_path: str, text: str) -> str:
        page = read(built, page_path)
        match = re.search(r'<a href="([^"#]*)"[^>]*>' + re.escape(html.escape(text, quote=False)) + "<", page)
        assert match, f"no link '{text}' on {page_path}"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), match.group(1)))
        return posixpath.join(target, "index.html")

    step = follow("subjects/maths/index.html", "Maths (secondary) curriculum entitlement")
    step = follow(step, "Ratio and proportion")
    resource = follow(step, "Ratio tables in Year 7")
    assert resource == "networks/maths/ratio/index.html"
    study = follow(resource, "Ratio tables in Year 7")
    assert study == "case-studies/ratio-tables/index.html"
    back = follow(study, "Ratio and proportion")
    assert back == "entitlements/maths/secondary/units/y7-ratio/index.html"


def test_draft_case_study_is_checked_but_not_published(curriculum_site):
    draft = CASE_STUDY.replace("title: Ratio tables in Year 7", "title: Unfinished story").replace(
        "published: 2025-11-03", "published: 2025-11-03\nstatus: draft")
    curriculum_site.write("case-studies/unfinished.md", draft)
    assert curriculum_site.errors() == []
    out = build_site(curriculum_site.root)
    assert not (out / "case-studies/unfinished").exists()
    assert "Unfinished story" not in read(out, "case-studies/index.html")
    assert "Unfinished story" not in read(out, "networks/maths/ratio/index.html")
    curriculum_site.write("case-studies/unfinished.md", draft.replace("contact: Maths network lead",
                                                                      "contact: jo.bloggs@school.example"))
    assert any("person's e-mail address" in e for e in curriculum_site.errors())
