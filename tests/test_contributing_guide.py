"""The contributor guide: the field reference generated from the model, and the hand-written page's example."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import REPO
from projecth.core.authoring.field_guide import KINDS, every_field, field_reference
from projecth.core.library.loader import load_library
from projecth.core.model.specs import (
    CASE_STUDY_FIELDS,
    ENTITLEMENT_FIELDS,
    PAGE_FIELDS,
    RESOURCE_FIELDS,
    UNIT_FIELDS,
)
from test_build import build_site, read


def rows_of(page: str) -> dict[str, str]:
    """Each field row of the built reference, by its id."""
    return dict(re.findall(r'<tr id="(field-[^"]+)" class="ph-field[^"]*">(.*?)</tr>', page, re.S))


def cell_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_reference_covers_every_field_of_every_model_table(taxonomy):
    reference = field_reference(taxonomy)
    tables = {"resource": RESOURCE_FIELDS, "case-study": CASE_STUDY_FIELDS, "entitlement": ENTITLEMENT_FIELDS,
              "page": PAGE_FIELDS}
    assert [group.kind for group in reference.groups] == list(tables)
    for group in reference.groups:
        assert [row.spec for row in group.rows] == list(every_field(tables[group.kind])), group.kind
    units = [row.spec for row in reference.groups[2].rows if row.within and row.within[1] == "years"]
    assert units == list(UNIT_FIELDS)  # an entitlement's units, field by field
    assert len({row.anchor for group in reference.groups for row in group.rows}) == sum(
        len(group.rows) for group in reference.groups)  # anchors are unique


def test_built_reference_lists_every_field_its_requirement_and_allowed_values(site, taxonomy):
    out = build_site(site.root)
    page = read(out, "contribute/fields/index.html")
    rows = rows_of(page)
    reference = field_reference(taxonomy)
    for group in reference.groups:
        for row in group.rows:
            shown = cell_text(rows[row.anchor])
            assert shown.count("Required") + shown.count("Optional") >= 1
            assert ("Required" if row.spec.required else "Optional") in shown, row.anchor
            assert row.spec.help.replace("`", "") in shown, row.anchor
            assert row.form in shown
            if row.spec.vocabulary:
                assert f'href="#values-{row.spec.vocabulary.replace("_", "-")}"' in rows[row.anchor]
    assert len(rows) == sum(len(group.rows) for group in reference.groups)
    assert "<code>status</code>" in rows["field-resource-status"] and "One of: draft, published" in cell_text(
        rows["field-resource-status"])
    nested = cell_text(rows["field-case-study-impact-measure"])
    assert "in each impact item" in nested and "Required" in nested
    assert "in each unit of years" in cell_text(rows["field-entitlement-years-knowledge"])
    for table in reference.vocabularies:
        section = page.split(f'id="{table.anchor}"', 1)[1].split("</table>", 1)[0]
        for term in table.terms:
            assert f"<td><code>{html.escape(term.slug)}</code></td>" in section, (table.name, term.slug)
    assert {"subjects", "phases", "key_stages", "networks", "licences", "regions", "themes",
            "year_groups"} <= {table.name for table in reference.vocabularies}
    toc = page.split('aria-label="Table of contents"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#fields-case-study"' in toc and 'href="#allowed-values"' in toc  # the sections are in the TOC


def test_allowed_values_come_from_the_sites_taxonomy(site):
    taxonomy = site.root / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text().replace("  whole-school: Whole school\n",
                                                     "  whole-school: Whole school\n  latin: Latin\n"))
    page = read(build_site(site.root), "contribute/fields/index.html")
    subjects = page.split('id="values-subjects"', 1)[1].split("</table>", 1)[0]
    assert "<td><code>latin</code></td><td>Latin</td>" in subjects


def test_a_sites_own_introduction_comes_first(site):
    site.write("contribute/fields.md", "---\ntitle: Fields\n---\n\nOur own introduction.\n")
    page = read(build_site(site.root), "contribute/fields/index.html")
    assert page.index("Our own introduction.") < page.index('id="ph-guide-heading"')
    assert "field-resource-title" in page


def test_a_page_at_the_same_address_stops_the_build(site):
    site.write("contribute/fields/index.md", "---\ntitle: Clash\n---\n\nText.\n")
    with pytest.raises((PluginError, Abort)):
        build_site(site.root)


def test_the_contribute_page_links_to_the_reference_and_it_exists():
    text = (REPO / "content" / "contribute.md").read_text()
    assert "](contribute/fields.md)" in text
    assert (REPO / "content" / "contribute" / "fields.md").is_file()
    for command in ("projecth new resource", "projecth new case-study", "projecth new entitlement",
                    "projecth check content", "mkdocs serve", "projecth report reviews"):
        assert command in text, command


def test_the_worked_example_on_the_contribute_page_passes_the_check(tmp_path, taxonomy):
    """The guide's worked example is real front matter: it must stay valid as the model changes."""
    text = (REPO / "content" / "contribute.md").read_text()
    example = re.search(r"```yaml\n(---\n.*?\n---)\n```", text, re.S).group(1)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    worked = content / "networks" / "maths" / "worked-example.md"
    worked.write_text(example + "\n\n## Why\n\nText.\n", encoding="utf-8")
    for path in re.findall(r"path: (\S+)", example):
        (worked.parent / path).parent.mkdir(parents=True, exist_ok=True)
        (worked.parent / path).write_text("pupil,score\n")
    library = load_library(content, taxonomy)
    problems = [d.format_text() for d in library.report.sorted() if d.path.endswith("worked-example.md")]
    assert problems == []
    fields = set(re.findall(r"^(\w+):", example, re.M))
    assert fields >= {spec.name for spec in RESOURCE_FIELDS if spec.required}


def test_every_kind_names_the_command_that_starts_it():
    commands = {kind: scaffold for kind, _, _, scaffold, _ in KINDS}
    assert commands["resource"].startswith("projecth new resource")
    assert commands["case-study"].startswith("projecth new case-study")
    assert commands["entitlement"].startswith("projecth new entitlement")
