"""Unit tests for curriculum entitlements: loading, units, versions, references to units, coverage.

An entitlement file lives at `content/entitlements/SUBJECT/PHASE/VERSION.md`.
Each test writes one or more such files (built by `entitlement_text()`) into a
temporary content folder with the `library` fixture and checks them with the
real taxonomy. As in test_validation.py, a rejection is asserted by its exact
`path:line:col: severity:` prefix and the key phrases of its message, and a
library with errors never produces a catalogue.

Some tests began as strict xfails recording bugs found while writing them; they
pass since the fixes and guard against regressions.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from assertions import locate, expect_error, expect_only_error, projecth
from conftest import TAXONOMY_PATH, LibraryDir, front_matter, resource_text
from projecth.core.library.catalogue import COVERAGE_INDEX, ENTITLEMENTS_INDEX, Catalogue
from projecth.core.library.curriculum import Curriculum, prior_knowledge_cycles, version_problem
from projecth.core.kinds.entitlement import check_entitlement_path
from projecth.core.model.specs import ENTITLEMENT_FIELDS, Unit

# -- building entitlement files --------------------------------------------------------------------

ENT = "entitlements/maths/secondary/2025-26.md"
PRIMARY = "entitlements/maths/primary/2025-26.md"
RES = "networks/maths/bar-models.md"
RES_ID = RES[:-3]

ENT_FIELDS = {
    "subject": "maths",
    "phase": "secondary",
    "network": "maths",
    "version": "2025-26",
    "valid_from": "2025-09-01",
    "status": "in-use",
    "summary": "What every pupil in secondary maths is entitled to.",
}
ENT_BODY = "## How to read this entitlement\n\nUnits are listed by year and half-term.\n"
KNOWLEDGE = "[{domain: Number, statements: [Pupils know the facts of this unit.]}]"


def item(eid: str, statement: str | None = "Every pupil is entitled to this.",
         rationale: str | None = "The network agreed it because it matters later.") -> dict:
    """One entry of `entitlements:`; a value of None leaves the field out."""
    return {"id": eid, "statement": statement, "rationale": rationale}


def unit(local: str | None, title: str | None = None, term: str | None = "autumn-1",
         serves: str | None = "number-sense", prior: list[str] | None = None, **extra: str | None) -> dict:
    """One unit of `years.YEAR:`, values written verbatim; a value of None leaves the field out."""
    fields = {
        "id": local,
        "title": title if title is not None else f"Unit {local}",
        "term": term,
        "entitlements": f"[{serves}]" if serves else None,
        "prior_knowledge": f"[{', '.join(prior)}]" if prior else None,
        "knowledge": KNOWLEDGE,
    }
    fields.update(extra)
    return fields


ITEMS = [item("proportional-reasoning"), item("number-sense")]
# Year 8 is written first, and Year 7's spring unit before its autumn one, so that
# the loaded order (year, then half-term) differs from the order in the file.
YEARS = {
    "year-8": [unit("y8-algebra", "Algebraic thinking")],
    "year-7": [
        unit("y7-ratio", "Ratio and proportion", term="spring-1", serves="proportional-reasoning",
             prior=["y7-number"]),
        unit("y7-number", "Place value"),
    ],
}


def block(entries: list[dict], indent: int) -> str:
    """A YAML block list of small mappings, each value written verbatim after `key: `."""
    lines = []
    for entry in entries:
        first = True
        for key, value in entry.items():
            if value is None:
                continue
            lines.append(" " * indent + ("- " if first else "  ") + f"{key}: {value}")
            first = False
    return "\n".join(lines)


def years_block(years: dict[str, list[dict]]) -> str:
    return "\n" + "\n".join(f"  {year}:\n{block(units, 4)}" for year, units in years.items())


def entitlement_text(year_units: dict[str, list[dict]] | None = None, items: list[dict] | None = None,
                     body: str = ENT_BODY, **overrides: str | None) -> str:
    """A valid entitlement file (maths, secondary, 2025-26).

    `year_units` and `items` replace the default units and entitlements; other keyword arguments
    override top-level fields verbatim (`years="{}"`), and a value of None drops the field.
    """
    fields = dict(ENT_FIELDS)
    fields["entitlements"] = "\n" + block(ITEMS if items is None else items, 2)
    fields["years"] = years_block(YEARS if year_units is None else year_units)
    fields.update(overrides)
    return front_matter(fields) + "\n" + body


def primary_text(years: dict[str, list[dict]] | None = None, **overrides: str | None) -> str:
    """A valid maths primary entitlement, by default one Year 6 unit, `y6-ratio`."""
    years = years or {"year-6": [unit("y6-ratio", "Ratio in Year 6", serves="number-sense")]}
    return entitlement_text(years, phase="primary",
                            summary="What every pupil in primary maths is entitled to.", **overrides)


def version_text(version: str, status: str = "in-use", years: dict | None = None) -> str:
    start = int(version[:4])
    return entitlement_text(years, version=version, status=status, valid_from=f"{start}-09-01")


# -- assertions (as in test_validation.py) -------------------------------------------------------




def entry(text: str, bracketed: str) -> tuple[int, int]:
    """Where the first item of a flow list `[a, b]` starts: the column after the bracket."""
    line, col = locate(text, bracketed)
    return line, col + 1






def valid(library: LibraryDir):
    """The library has no diagnostics at all; returns its catalogue."""
    assert library.lines() == []
    result = library.check()
    assert result.ok and result.catalogue is not None
    return result.catalogue


# -- a valid entitlement ---------------------------------------------------------------------------


class TestValidEntitlement:
    """A valid file loads with every value, its units ordered by year then half-term."""

    def test_helper_builds_the_layout_the_tests_assume(self):
        text = entitlement_text()
        assert text.startswith("---\nsubject: maths\n")
        assert locate(text, "version:") == (5, 1)
        assert "  year-8:\n    - id: y8-algebra\n      title: Algebraic thinking\n" in text
        assert text.endswith(ENT_BODY)

    def test_valid_file_loads(self, library):
        library.write(ENT, entitlement_text())
        catalogue = valid(library)
        curriculum = catalogue.curriculum
        assert curriculum.keys() == ["maths/secondary"]
        doc = curriculum.current["maths/secondary"]
        assert (doc.src_path, doc.subject, doc.phase, doc.network, doc.version, doc.status) == (
            ENT, "maths", "secondary", "maths", "2025-26", "in-use")
        assert doc.valid_from == dt.date(2025, 9, 1)
        assert doc.key == "maths/secondary"
        assert [(e.id, e.statement, e.rationale) for e in doc.entitlements] == [
            ("proportional-reasoning", "Every pupil is entitled to this.",
             "The network agreed it because it matters later."),
            ("number-sense", "Every pupil is entitled to this.", "The network agreed it because it matters later."),
        ]
        closing_fence = entitlement_text().split("\n").index("---", 1) + 1
        assert doc.body_line == closing_fence + 1

    def test_units_are_ordered_by_year_then_half_term_with_full_ids(self, library):
        library.write(ENT, entitlement_text())
        doc = valid(library).curriculum.current["maths/secondary"]
        assert [(u.id, u.local_id, u.year_group, u.term) for u in doc.units] == [
            ("maths/secondary/y7-number", "y7-number", "year-7", "autumn-1"),
            ("maths/secondary/y7-ratio", "y7-ratio", "year-7", "spring-1"),
            ("maths/secondary/y8-algebra", "y8-algebra", "year-8", "autumn-1"),
        ]

    def test_unit_values_are_read(self, library):
        library.write(ENT, entitlement_text())
        curriculum = valid(library).curriculum
        ratio = curriculum.units["maths/secondary/y7-ratio"]
        assert ratio.title == "Ratio and proportion"
        assert ratio.entitlements == ("proportional-reasoning",)
        assert ratio.prior_knowledge == ("maths/secondary/y7-number",)  # a local id is made a full one
        assert [(k.domain, k.statements) for k in ratio.knowledge] == [
            ("Number", ("Pupils know the facts of this unit.",))]
        assert ratio.src_path == "entitlements/maths/secondary/units/y7-ratio/index.md"
        assert curriculum.unit_doc["maths/secondary/y7-ratio"].src_path == ENT

    def test_optional_unit_fields_are_read(self, library):
        years = {"year-7": [unit("y7-ratio", vocabulary="[{term: ratio, definition: A comparison of two amounts.}]",
                                 misconceptions="[A ratio is a fraction of the whole.]",
                                 assessment="A short quiz at the end of the unit.")]}
        library.write(ENT, entitlement_text(year_units=years))
        ratio = valid(library).curriculum.units["maths/secondary/y7-ratio"]
        assert [(v.term, v.definition) for v in ratio.vocabulary] == [("ratio", "A comparison of two amounts.")]
        assert ratio.misconceptions == ("A ratio is a fraction of the whole.",)
        assert ratio.assessment == "A short quiz at the end of the unit."

    def test_units_without_a_term_come_last_in_their_year_in_file_order(self, library):
        years = {"year-7": [unit("y7-b", term=None), unit("y7-c", term="summer-2"), unit("y7-a", term=None),
                            unit("y7-d", term="autumn-2"), unit("y7-e", term="autumn-2")]}
        library.write(ENT, entitlement_text(year_units=years))
        doc = valid(library).curriculum.current["maths/secondary"]
        assert [u.local_id for u in doc.units] == ["y7-d", "y7-e", "y7-c", "y7-b", "y7-a"]

    def test_years_are_ordered_as_in_the_taxonomy_not_as_text(self, library):
        years = {"year-11": [unit("y11-a")], "year-9": [unit("y9-a")], "year-10": [unit("y10-a")]}
        library.write(ENT, entitlement_text(year_units=years))
        doc = valid(library).curriculum.current["maths/secondary"]
        assert [u.year_group for u in doc.units] == ["year-9", "year-10", "year-11"]

    def test_generated_pages_for_the_current_version(self, library):
        library.write(ENT, entitlement_text())
        catalogue = valid(library)
        paths = catalogue.generated_paths()
        for path in (ENTITLEMENTS_INDEX, COVERAGE_INDEX, "entitlements/maths/secondary/index.md",
                     "entitlements/maths/secondary/coverage/index.md",
                     "entitlements/maths/secondary/units/y7-ratio/index.md"):
            assert path in paths
        assert catalogue.generated_title("entitlements/maths/secondary/units/y7-ratio/index.md") == \
            "Ratio and proportion"
        assert catalogue.counts()["entitlements"] == 1


# -- required fields -------------------------------------------------------------------------------

SCALAR_REQUIRED = [spec for spec in ENTITLEMENT_FIELDS if spec.required and spec.name not in ("entitlements", "years")]


class TestRequiredFields:
    """Each required field, at the top, in an entitlement and in a unit, is named when missing."""

    def test_the_model_requires_what_the_tests_expect(self):
        assert [spec.name for spec in ENTITLEMENT_FIELDS if spec.required] == [
            "network", "valid_from", "status", "summary", "entitlements", "years"]
        # The path gives these: written, they must agree with it (issue 14 item 3).
        assert [spec.name for spec in ENTITLEMENT_FIELDS if spec.from_path] == ["subject", "phase", "version"]

    @pytest.mark.parametrize("spec", SCALAR_REQUIRED, ids=lambda spec: spec.name)
    def test_missing_top_level_field(self, library, spec):
        library.write(ENT, entitlement_text(**{spec.name: None}))
        example = [f"(e.g. `{spec.name}: {spec.example}`)"] if spec.example else []
        help_start = spec.help.rstrip(".")[:10].lower()
        expect_only_error(library, ENT, 1, 1, f"missing required field `{spec.name}`: {help_start}", *example)

    def test_missing_years(self, library):
        library.write(ENT, entitlement_text(years=None))
        expect_only_error(library, ENT, 1, 1, "missing required field `years`", "`years: {year-7: [...]}`")

    def test_missing_entitlements(self, library):
        # Every unit then serves an entitlement the file does not define: true, and reported too.
        library.write(ENT, entitlement_text(entitlements=None))
        errors = expect_error(library, ENT, 1, 1, "missing required field `entitlements`")
        assert all("missing required field" in e or "which this file does not define" in e for e in errors), errors

    def test_empty_years(self, library):
        text = entitlement_text(years="{}")
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "{}"), "`years` must map year groups to lists of units")

    def test_year_without_units(self, library):
        text = entitlement_text(years="\n  year-7: []")
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "[]"), "`years.year-7` must be a list of units",
                          "`- id:`")

    @pytest.mark.parametrize("field", ["id", "title", "knowledge"])
    def test_unit_missing_required_field(self, library, field):
        years = {"year-7": [{**unit("y7-ratio", serves="proportional-reasoning"), field: None}]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        line, _ = locate(text, "    - ")
        expect_only_error(library, ENT, line, 7, f"missing required field `{field}` in this unit")

    @pytest.mark.parametrize("field", ["id", "statement", "rationale"])
    def test_entitlement_item_missing_field_is_reported_there(self, library, field):
        items = [item("proportional-reasoning"), {**item("number-sense"), field: None}]
        text = entitlement_text(items=items)
        library.write(ENT, text)
        line = locate(text, "  - id: proportional-reasoning")[0] + 3
        expect_error(library, ENT, line, 5, f"missing required field `{field}` in this `entitlements` item")

    def test_entitlement_without_rationale_is_the_only_error(self, library):
        items = [item("proportional-reasoning"), item("number-sense", rationale=None)]
        text = entitlement_text(items=items)
        library.write(ENT, text)
        expect_only_error(library, ENT, locate(text, "  - id: number-sense")[0], 5,
                          "missing required field `rationale` in this `entitlements` item")

    def test_unknown_unit_field_is_named(self, library):
        years = {"year-7": [unit("y7-ratio", serves="proportional-reasoning", summary="Ratio.")]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "summary: Ratio."), "unknown field `summary`",
                          "a unit's front matter")


# -- vocabularies ----------------------------------------------------------------------------------


class TestVocabulary:
    """Values outside taxonomy.yml are rejected with the nearest one suggested."""

    @pytest.mark.parametrize(
        "field, raw, what, suggestion",
        [
            ("subject", "math", "subjects", "maths"),
            ("phase", "Secondary", "phases", "secondary"),
            ("network", "mathematics", "networks", "maths"),
        ],
    )
    def test_top_level_term(self, library, field, raw, what, suggestion):
        text = entitlement_text(**{field: raw})
        library.write(ENT, text)
        line, col = locate(text, f"\n{field}: {raw}\n")
        expect_only_error(library, ENT, line + 1, len(field) + 3,
                          f"`{raw}` is not in the {what} listed in taxonomy.yml", f"did you mean `{suggestion}`?")

    def test_misspelt_phase_in_both_path_and_field(self, library):
        path = "entitlements/maths/secondry/2025-26.md"
        library.write(path, entitlement_text(phase="secondry"))
        expect_only_error(library, path, 3, 8, "`secondry` is not in the phases", "did you mean `secondary`?")

    def test_unit_term(self, library):
        years = {"year-7": [unit("y7-ratio", serves="proportional-reasoning", term="spring")]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "spring\n"), "`spring` is not in the terms listed",
                          "did you mean `spring-",
                          "allowed: autumn-1, autumn-2, spring-1, spring-2, summer-1, summer-2")

    @pytest.mark.parametrize("raw, suggestion", [("year7", "year-7"), ("Year 7", "year-7"), ("year_8", "year-8")])
    def test_year_group(self, library, raw, suggestion):
        years = {raw: [unit("y7-ratio", serves="proportional-reasoning")]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, f"  {raw}:"[2:]), f"`{raw}` is not a year group in "
                          f"taxonomy.yml: did you mean `{suggestion}`?", "allowed: nursery, reception, year-1")

    def test_status_is_a_choice(self, library):
        library.write(ENT, entitlement_text(status="live"))
        expect_only_error(library, ENT, 7, 9, "`status` is `live`", "allowed: in-use, in-development")


# -- where the file is ----------------------------------------------------------------------------


class TestPaths:
    """Files must be at entitlements/SUBJECT/PHASE/VERSION.md, with fields that agree with the path."""

    @pytest.mark.parametrize("rel", [
        "entitlements/maths/2025-26.md",
        "entitlements/maths/secondary/2025.md",
        "entitlements/maths/secondary/2025-2026.md",
        "entitlements/maths/secondary/current.md",
        "entitlements/maths/secondary/units/y7-ratio.md",
        "entitlements/maths/secondary/2025-26/units.md",
        "entitlements/index.md",
        "entitlements/maths.md",
    ])
    def test_file_not_at_subject_phase_version(self, library, rel):
        library.write(rel, entitlement_text())
        expect_only_error(library, rel, 1, 1, "entitlement files live at `entitlements/SUBJECT/PHASE/VERSION.md`",
                          "e.g. `entitlements/maths/secondary/2025-26.md`", "the other pages there are generated")

    def test_path_check_function(self):
        assert check_entitlement_path("entitlements/maths/secondary/2025-26.md") is None
        assert check_entitlement_path("entitlements/maths/secondary/2025.md") is not None
        assert check_entitlement_path("entitlements/maths/2025-26.md") is not None

    @pytest.mark.parametrize("field, value, line", [("subject", "english", 2), ("version", "2024-25", 5)])
    def test_field_disagrees_with_path(self, library, field, value, line):
        library.write(ENT, entitlement_text(**{field: value}))
        expect_only_error(library, ENT, line, len(field) + 3, f"`{field}` is `{value}` but the file is `{ENT}`",
                          "the path must be `entitlements/SUBJECT/PHASE/VERSION.md` with the same values")

    def test_phase_disagrees_with_path(self, library):
        # The path says primary; the units are in Years 7 and 8, which primary does not have, so those are
        # reported too.
        library.write(PRIMARY, entitlement_text())
        expect_error(library, PRIMARY, 3, 8, "`phase` is `secondary` but the file is "
                     "`entitlements/maths/primary/2025-26.md`")

    def test_file_in_the_wrong_subject_folder(self, library):
        path = "entitlements/english/secondary/2025-26.md"
        library.write(path, entitlement_text())
        expect_only_error(library, path, 2, 10, "`subject` is `maths` but the file is "
                          "`entitlements/english/secondary/2025-26.md`")

    def test_version_years_not_consecutive(self, library):
        path = "entitlements/maths/secondary/2025-27.md"
        library.write(path, entitlement_text(version="2025-27"))
        expect_only_error(library, path, 5, 10, "`version` is `2025-27`: the second year must follow the first",
                          "e.g. 2025-26")

    def test_version_a_single_year_in_quotes(self, library):
        library.write(ENT, entitlement_text(version='"2025"'))
        errors = expect_error(library, ENT, 5, 10, "`version` is `2025`: write the academic year as YYYY-YY",
                              "e.g. 2025-26")
        assert any("`version` is `2025` but the file is" in e for e in errors)

    def test_version_a_single_year_unquoted_is_a_number(self, library):
        library.write(ENT, entitlement_text(version="2025"))
        expect_only_error(library, ENT, 5, 10, "`version` was read as the number 2025", "must be text")

    @pytest.mark.parametrize("version, problem", [
        ("2025-26", None), ("2099-00", None), ("2025-27", "second year must follow the first, e.g. 2025-26"),
        ("2025", "write the academic year as YYYY-YY"), ("25-26", "write the academic year as YYYY-YY"),
        ("2025/26", "write the academic year as YYYY-YY"),
    ])
    def test_version_problem_function(self, version, problem):
        found = version_problem(version)
        assert (found is None) if problem is None else (problem in found)


# -- ids -------------------------------------------------------------------------------------------


class TestIds:
    """Entitlement and unit ids: unique, well formed, and units serve entitlements the file defines."""

    def test_duplicate_entitlement_id_names_both_lines(self, library):
        items = [item("number-sense"), item("proportional-reasoning"), item("number-sense")]
        text = entitlement_text(items=items, year_units={"year-7": [unit("y7-number")]})
        library.write(ENT, text)
        first, _ = locate(text, "- id: number-sense")
        second, col = locate(text, "number-sense\n", 2)
        expect_only_error(library, ENT, second, col, "duplicate entitlement id `number-sense` "
                          f"(also on line {first})", "ids must be unique")

    def test_entitlement_id_not_a_slug(self, library):
        items = [item("proportional-reasoning"), item("Number_Sense")]
        text = entitlement_text(items=items, year_units={"year-7": [unit("y7-ratio", serves="proportional-reasoning")]})
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "Number_Sense"), "entitlement id `Number_Sense` must be "
                          "lower case with hyphens")

    def test_duplicate_unit_id_names_both_lines(self, library):
        years = {"year-7": [unit("y7-number"), unit("y7-ratio", serves="proportional-reasoning")],
                 "year-8": [unit("y7-number", title="Place value again")]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        first, _ = locate(text, "- id: y7-number")
        second, col = locate(text, "- id: y7-number", 2)
        assert second != first
        expect_only_error(library, ENT, second, col + 6, f"duplicate unit id `y7-number` (also on line {first})",
                          "unit ids must be unique within maths/secondary")

    @pytest.mark.parametrize("raw", ["Y7_Ratio", "2025-26", "y7 ratio"])
    def test_unit_id_not_a_slug_or_like_a_version(self, library, raw):
        text = entitlement_text(year_units={"year-7": [unit(raw)]})
        library.write(ENT, text)
        line, col = locate(text, f"- id: {raw}")
        expect_only_error(library, ENT, line, col + 6, f"unit id `{raw}` must be lower case "
                          "with hyphens", "not look like a version")

    def test_unit_serves_an_entitlement_the_file_does_not_define(self, library):
        years = {"year-7": [unit("y7-ratio", serves="proportional-reasonin")]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "[proportional-reasonin]"),
                          "unit `y7-ratio` serves entitlement `proportional-reasonin`, which this file does not define",
                          "did you mean `proportional-reasoning`?")

    def test_unit_serves_an_unknown_entitlement_with_nothing_near(self, library):
        years = {"year-7": [unit("y7-ratio", serves="geometry")]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        message = expect_only_error(library, ENT, *locate(text, "[geometry]"),
                                    "serves entitlement `geometry`, which this file does not define")
        assert "did you mean" not in message


# -- year groups and phases ------------------------------------------------------------------------


class TestYearGroups:
    """A file's year groups must belong to its phase."""

    def test_year_outside_the_phase(self, library):
        years = {"year-5": [unit("y5-fractions")], "year-7": [unit("y7-ratio", serves="proportional-reasoning")]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "year-5:"), "year group `year-5` (key stage `ks2`) is "
                          "outside the phase `secondary`", "whose key stages are ks3, ks4")

    def test_years_of_a_primary_file(self, library):
        library.write(PRIMARY, primary_text(years={"year-1": [unit("y1-count")], "year-6": [unit("y6-ratio")]}))
        doc = valid(library).curriculum.current["maths/primary"]
        assert [u.year_group for u in doc.units] == ["year-1", "year-6"]

    @pytest.mark.parametrize("year", ["year7", "year-5"])
    def test_units_under_a_wrong_year_are_still_known(self, library, year):
        text = entitlement_text(year_units={year: [unit("y7-ratio", serves="proportional-reasoning")]})
        library.write(ENT, text)
        library.resource(RES, units="[maths/secondary/y7-ratio]")
        expect_only_error(library, ENT, *locate(text, f"{year}:"), f"`{year}`")


# -- prior knowledge -------------------------------------------------------------------------------


class TestPriorKnowledge:
    """Prior knowledge must name known units, and must not go round in a circle."""

    def test_local_and_full_ids_across_files(self, library):
        library.write(PRIMARY, primary_text())
        years = {"year-7": [unit("y7-ratio", serves="proportional-reasoning",
                                 prior=["maths/primary/y6-ratio", "y7-number"]), unit("y7-number")]}
        library.write(ENT, entitlement_text(year_units=years))
        curriculum = valid(library).curriculum
        assert curriculum.units["maths/secondary/y7-ratio"].prior_knowledge == (
            "maths/primary/y6-ratio", "maths/secondary/y7-number")
        assert curriculum.keys() == ["maths/primary", "maths/secondary"]
        assert [d.phase for d in curriculum.for_subject("maths")] == ["primary", "secondary"]
        assert curriculum.for_subject("english") == []

    def test_cycle_in_one_file_is_reported_once_where_it_closes(self, library):
        years = {"year-7": [unit("y7-number", prior=["y7-ratio"]),
                            unit("y7-ratio", serves="proportional-reasoning", prior=["y7-number"])]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        # The search starts at y7-number (ids in order); y7-ratio's entry leads back to it.
        expect_only_error(library, ENT, *entry(text, "[y7-number]"),
                          "prior knowledge goes round in a circle: maths/secondary/y7-number -> "
                          "maths/secondary/y7-ratio -> maths/secondary/y7-number",
                          "a unit cannot, through others, come before itself")

    def test_unit_that_is_its_own_prior_knowledge(self, library):
        years = {"year-7": [unit("y7-number", prior=["y7-number"])]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *entry(text, "[y7-number]"),
                          "circle: maths/secondary/y7-number -> maths/secondary/y7-number;")

    def test_longer_cycle_names_every_unit(self, library):
        years = {"year-7": [unit("y7-a", prior=["y7-c"]), unit("y7-b", prior=["y7-a"]),
                            unit("y7-c", prior=["y7-b"])]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        # From y7-a: a -> c -> b -> a; the closing entry is y7-b's `[y7-a]`.
        expect_only_error(library, ENT, *entry(text, "[y7-a]"),
                          "circle: maths/secondary/y7-a -> maths/secondary/y7-c -> maths/secondary/y7-b -> "
                          "maths/secondary/y7-a;")

    def test_cycle_across_two_files(self, library):
        library.write(PRIMARY, primary_text(years={"year-6": [unit("y6-ratio", prior=["maths/secondary/y7-ratio"])]}))
        text = entitlement_text(year_units={"year-7": [unit("y7-ratio", serves="proportional-reasoning",
                                                        prior=["maths/primary/y6-ratio"])]})
        library.write(ENT, text)
        # From maths/primary/y6-ratio: -> maths/secondary/y7-ratio -> back; closed in the secondary file.
        expect_only_error(library, ENT, *locate(text, "maths/primary/y6-ratio]"),
                          "circle: maths/primary/y6-ratio -> maths/secondary/y7-ratio -> maths/primary/y6-ratio;")

    def test_chain_without_a_cycle_is_fine(self, library):
        years = {"year-7": [unit("y7-a"), unit("y7-b", prior=["y7-a"]), unit("y7-c", prior=["y7-a", "y7-b"])]}
        library.write(ENT, entitlement_text(year_units=years))
        valid(library)

    def test_unknown_prior_unit_suggests_the_nearest(self, library):
        years = {"year-7": [unit("y7-number"), unit("y7-ratio", serves="proportional-reasoning",
                                                    prior=["y7-numbr"])]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *locate(text, "y7-numbr"), "unknown unit `maths/secondary/y7-numbr`",
                          "did you mean `maths/secondary/y7-number`?", "a unit id is `subject/phase/unit`")

    def test_cycles_function_reports_each_cycle_once(self):
        def make(uid, *prior):
            return Unit(id=uid, local_id=uid, title=uid, year_group="year-7", term=None, entitlements=(),
                        knowledge=(), vocabulary=(), prior_knowledge=prior, misconceptions=(), assessment="")

        units = {u.id: u for u in [make("a", "b"), make("b", "a", "c"), make("c", "b"), make("d", "a", "x"),
                                   make("e", "e")]}
        assert prior_knowledge_cycles(units) == [["a", "b", "a"], ["b", "c", "b"], ["e", "e"]]
        assert prior_knowledge_cycles({u.id: u for u in [make("a"), make("b", "a")]}) == []


# -- references to units ---------------------------------------------------------------------------


class TestUnitReferences:
    """Resources name units by full id; unknown ids are reported with the nearest one."""

    def test_resource_names_a_unit(self, library):
        library.write(ENT, entitlement_text())
        library.resource(RES, units="[maths/secondary/y7-ratio, maths/secondary/y8-algebra.md]")
        catalogue = valid(library)
        assert catalogue.by_id[RES_ID].units == ("maths/secondary/y7-ratio", "maths/secondary/y8-algebra")
        assert [r.id for r in catalogue.resources_by_unit["maths/secondary/y7-ratio"]] == [RES_ID]
        assert "maths/secondary/y7-number" not in catalogue.resources_by_unit

    def test_resource_names_an_unknown_unit(self, library):
        library.write(ENT, entitlement_text())
        text = resource_text(units="[maths/secondary/y7-ration]")
        library.write(RES, text)
        expect_only_error(library, RES, *locate(text, "maths/secondary/y7-ration"),
                          "unknown unit `maths/secondary/y7-ration`; did you mean `maths/secondary/y7-ratio`?",
                          "(a unit id is `subject/phase/unit`, e.g. `maths/secondary/y7-ratio`)")

    def test_resource_names_a_unit_with_no_entitlements_at_all(self, library):
        text = resource_text(units="[maths/secondary/y7-ratio]")
        library.write(RES, text)
        message = expect_only_error(library, RES, *locate(text, "maths/secondary/y7-ratio"),
                                    "unknown unit `maths/secondary/y7-ratio`")
        assert "did you mean" not in message

    def test_unit_only_in_an_older_version(self, library):
        old_years = {"year-7": [unit("y7-number"), unit("y7-fractions")]}
        library.write("entitlements/maths/secondary/2024-25.md", version_text("2024-25", years=old_years))
        library.write(ENT, entitlement_text())
        text = resource_text(units="[maths/secondary/y7-fractions]")
        library.write(RES, text)
        expect_only_error(library, RES, *locate(text, "maths/secondary/y7-fractions"),
                          "unit `maths/secondary/y7-fractions` was in version 2024-25 but is not in the current "
                          "version of its entitlement", "point to a current unit instead")

    def test_current_version_naming_a_unit_it_removed(self, library):
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))
        years = {"year-7": [unit("y7-ratio", serves="proportional-reasoning", prior=["y7-fractions"])]}
        text = entitlement_text(year_units=years)
        library.write(ENT, text)
        expect_only_error(library, ENT, *entry(text, "[y7-fractions]"), "unit `maths/secondary/y7-fractions` was in "
                          "version 2024-25 but is not in the current version")

    def test_unit_in_a_file_with_other_errors_is_still_known(self, library):
        text = entitlement_text(valid_from="2025-13-01")
        library.write(ENT, text)
        library.resource(RES, units="[maths/secondary/y7-ratio, maths/secondary/y8-algebra]")
        library.resource("networks/maths/other.md", title="Other", units="[maths/secondary/y7-number]")
        errors = library.errors()
        assert all(e.startswith(f"{ENT}:") for e in errors), errors
        assert not any("unknown unit" in e for e in errors)
        expect_error(library, ENT, 6, 13, "not a real date")

    def test_unit_in_a_file_with_an_unknown_subject_is_still_known(self, library):
        # The unit's id comes from the path, so it is known even when the field is wrong.
        library.write(ENT, entitlement_text(network="mathematics"))
        library.resource(RES, units="[maths/secondary/y7-ratio]")
        expect_only_error(library, ENT, 4, 10, "`mathematics` is not in the networks")

    def test_prior_knowledge_into_a_broken_file_is_not_blamed(self, library):
        library.write(PRIMARY, primary_text(valid_from="soon"))
        library.write(ENT, entitlement_text(year_units={"year-7": [unit("y7-ratio", serves="proportional-reasoning",
                                                                   prior=["maths/primary/y6-ratio"])]}))
        expect_only_error(library, PRIMARY, 6, 13, "`valid_from` is `soon`")

    def test_older_version_may_name_its_own_removed_units(self, library):
        # Began as a strict xfail: every version's prior knowledge was checked against the current version only.
        old_years = {"year-7": [unit("y7-fractions"), unit("y7-ratio", serves="proportional-reasoning",
                                                           prior=["y7-fractions"])]}
        library.write("entitlements/maths/secondary/2024-25.md", version_text("2024-25", years=old_years))
        library.write(ENT, entitlement_text())
        valid(library)

    def test_version_in_development_may_name_its_own_new_units(self, library):
        # Began as a strict xfail: a new unit building on another new unit was `not in the current version`.
        library.write(ENT, entitlement_text())
        new_years = {"year-7": [unit("y7-number"), unit("y7-percent"),
                                unit("y7-ratio", serves="proportional-reasoning", prior=["y7-percent"])]}
        library.write("entitlements/maths/secondary/2026-27.md", version_text("2026-27", "in-development", new_years))
        valid(library)


# -- versions --------------------------------------------------------------------------------------

OLD = "entitlements/maths/secondary/2024-25.md"
NEXT = "entitlements/maths/secondary/2026-27.md"
OLD_YEARS = {
    "year-7": [unit("y7-number"), unit("y7-ratio", "Ratio", serves="proportional-reasoning"),
               unit("y7-fractions", "Fractions")],
}


class TestVersions:
    """The current version is the newest in use; changes() compares a version with the one before."""

    def test_newest_in_use_is_current(self, library):
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))
        library.write(ENT, entitlement_text())
        curriculum = valid(library).curriculum
        assert [d.version for d in curriculum.versions["maths/secondary"]] == ["2024-25", "2025-26"]
        assert curriculum.current["maths/secondary"].version == "2025-26"
        assert set(curriculum.units) == {"maths/secondary/y7-number", "maths/secondary/y7-ratio",
                                         "maths/secondary/y8-algebra"}
        assert set(curriculum.by_src) == {OLD, ENT}

    def test_newer_version_in_development_does_not_replace_the_current_one(self, library):
        library.write(ENT, entitlement_text())
        library.write(NEXT, version_text("2026-27", "in-development",
                                         years={"year-7": [unit("y7-number"), unit("y7-new")]}))
        curriculum = valid(library).curriculum
        assert curriculum.current["maths/secondary"].version == "2025-26"
        assert "maths/secondary/y7-new" not in curriculum.units
        assert [d.version for d in curriculum.versions["maths/secondary"]] == ["2025-26", "2026-27"]

    def test_only_versions_in_development_shows_the_newest(self, library):
        library.write(OLD, version_text("2024-25", "in-development", years=OLD_YEARS))
        library.write(ENT, entitlement_text(status="in-development"))
        assert valid(library).curriculum.current["maths/secondary"].version == "2025-26"

    def test_older_in_use_beats_newer_in_development(self, library):
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))
        library.write(ENT, entitlement_text(status="in-development"))
        curriculum = valid(library).curriculum
        assert curriculum.current["maths/secondary"].version == "2024-25"
        assert "maths/secondary/y7-fractions" in curriculum.units

    def test_changes_lists_added_removed_and_renamed_units(self, library):
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))
        library.write(ENT, entitlement_text())
        curriculum = valid(library).curriculum
        current = curriculum.current["maths/secondary"]
        changes = curriculum.changes(current)
        assert changes.previous.version == "2024-25"
        assert curriculum.previous(current) is changes.previous
        assert [u.id for u in changes.added] == ["maths/secondary/y8-algebra"]
        assert [u.id for u in changes.removed] == ["maths/secondary/y7-fractions"]
        assert [(before.title, after.title) for before, after in changes.renamed] == [
            ("Unit y7-number", "Place value"), ("Ratio", "Ratio and proportion")]  # in the new version's order
        assert changes.any

    def test_first_version_has_no_changes(self, library):
        library.write(ENT, entitlement_text())
        curriculum = valid(library).curriculum
        changes = curriculum.changes(curriculum.current["maths/secondary"])
        assert changes.previous is None and not changes.any
        assert (changes.added, changes.removed, changes.renamed) == ((), (), ())

    def test_unchanged_version_has_no_changes(self, library):
        library.write(OLD, version_text("2024-25"))
        library.write(ENT, entitlement_text())
        curriculum = valid(library).curriculum
        assert not curriculum.changes(curriculum.current["maths/secondary"]).any

    def test_unit_ids_in_any_version_gives_the_latest_version(self, library):
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))
        library.write(ENT, entitlement_text())
        found = valid(library).curriculum.unit_ids_in_any_version()
        assert found["maths/secondary/y7-fractions"] == "2024-25"
        assert found["maths/secondary/y7-ratio"] == "2025-26"

    def test_unit_pages_only_for_the_current_version(self, library):
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))
        library.write(ENT, entitlement_text())
        paths = valid(library).generated_paths()
        assert "entitlements/maths/secondary/units/y8-algebra/index.md" in paths
        assert "entitlements/maths/secondary/units/y7-fractions/index.md" not in paths

    def test_curriculum_without_a_library(self):
        curriculum = Curriculum([])
        assert curriculum.keys() == [] and curriculum.units == {}


# -- links to generated pages -----------------------------------------------------------------------


class TestLinks:
    """The link checker knows the pages generated for units, overviews and coverage."""

    @pytest.mark.parametrize("target", [
        "../entitlements/maths/secondary/units/y7-ratio/index.md",
        "../entitlements/maths/secondary/index.md",
        "../entitlements/maths/secondary/coverage/index.md",
        "../entitlements/index.md",
        "../entitlements/coverage/index.md",
        "../entitlements/maths/secondary/2025-26.md",
    ])
    def test_link_to_a_generated_page_is_accepted(self, library, target):
        library.write(ENT, entitlement_text())
        library.write("help/units.md", f"---\ntitle: Units\n---\n\nSee [the unit]({target}).\n")
        valid(library)

    def test_link_from_a_resource_to_a_unit_page(self, library):
        library.write(ENT, entitlement_text())
        target = "../../entitlements/maths/secondary/units/y7-ratio/index.md"
        library.resource(RES, body=f"## Why\n\nSee [ratio]({target}).\n")
        valid(library)

    @pytest.mark.parametrize("unit_id", ["y7-ratios", "y7-fractions"])
    def test_link_to_a_unit_that_does_not_exist(self, library, unit_id):
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))  # y7-fractions is only in an older version
        library.write(ENT, entitlement_text())
        target = f"../entitlements/maths/secondary/units/{unit_id}/index.md"
        text = f"---\ntitle: Units\n---\n\nSee [the unit]({target}).\n"
        library.write("help/units.md", text)
        expect_only_error(library, "help/units.md", *locate(text, "[the unit]"), f"link `{target}` points to "
                          f"`entitlements/maths/secondary/units/{unit_id}/index.md`, which does not exist")

    def test_unit_pages_do_not_exist_without_entitlements(self, library):
        target = "../entitlements/maths/secondary/units/y7-ratio/index.md"
        library.write("help/units.md", f"---\ntitle: Units\n---\n\nSee [the unit]({target}).\n")
        expect_only_error(library, "help/units.md", 5, 5, "which does not exist")


# -- coverage ---------------------------------------------------------------------------------------


class TestCoverage:
    """Catalogue.coverage counts the units that published resources support, and lists the gaps."""

    def test_covered_units_and_gaps(self, library):
        library.write(ENT, entitlement_text())
        library.resource(RES, units="[maths/secondary/y7-ratio]")
        library.resource("networks/maths/place-value.md", title="Place value", units="[maths/secondary/y7-ratio, "
                         "maths/secondary/y7-number]", published="2025-10-01")
        library.resource("networks/maths/draft.md", title="Draft", status="draft",
                         units="[maths/secondary/y8-algebra]")
        catalogue = valid(library)
        coverage = catalogue.coverage(catalogue.curriculum.current["maths/secondary"])
        assert coverage.covered == 2
        assert [g.unit.id for g in coverage.gaps] == ["maths/secondary/y8-algebra"]  # a draft does not count
        assert coverage.percent == 67
        by_unit = {u.unit.local_id: [r.id for r in u.resources] for u in coverage.units}
        assert by_unit == {"y7-number": ["networks/maths/place-value"],
                           "y7-ratio": ["networks/maths/place-value", RES_ID],  # newest first
                           "y8-algebra": []}
        assert [(eid, [u.unit.local_id for u in units]) for eid, units in coverage.entitlements] == [
            ("proportional-reasoning", ["y7-ratio"]), ("number-sense", ["y7-number", "y8-algebra"])]

    def test_no_resources_means_every_unit_is_a_gap(self, library):
        library.write(ENT, entitlement_text())
        library.resource(RES)  # no `units`
        catalogue = valid(library)
        coverage = catalogue.coverage(catalogue.curriculum.current["maths/secondary"])
        assert (coverage.covered, coverage.percent, len(coverage.gaps)) == (0, 0, 3)

    def test_full_coverage(self, library):
        library.write(ENT, entitlement_text())
        library.resource(RES, units="[maths/secondary/y7-ratio, maths/secondary/y7-number, "
                         "maths/secondary/y8-algebra]")
        catalogue = valid(library)
        coverage = catalogue.coverage(catalogue.curriculum.current["maths/secondary"])
        assert (coverage.covered, coverage.percent, coverage.gaps) == (3, 100, ())

    def test_all_coverage_is_one_per_current_entitlement(self, library):
        library.write(PRIMARY, primary_text())
        library.write(OLD, version_text("2024-25", years=OLD_YEARS))
        library.write(ENT, entitlement_text())
        library.resource(RES, units="[maths/primary/y6-ratio]")
        catalogue = valid(library)
        assert [(c.doc.key, c.doc.version, c.covered) for c in catalogue.all_coverage()] == [
            ("maths/primary", "2025-26", 1), ("maths/secondary", "2025-26", 0)]

    def test_coverage_of_a_catalogue_built_directly(self, library, taxonomy):
        library.write(ENT, entitlement_text())
        curriculum = valid(library).curriculum
        catalogue = Catalogue(taxonomy, [], curriculum)
        coverage = catalogue.coverage(curriculum.current["maths/secondary"])
        assert coverage.covered == 0 and len(coverage.units) == 3


# -- the command line -------------------------------------------------------------------------------

DIAGNOSTIC_LINE = re.compile(r"^content/[^:\n]+:(\d+):(\d+): (error|warning): [^\n]+$")




def test_check_prints_one_sorted_line_per_entitlement_problem(library):
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    library.write(ENT, entitlement_text(network="mathematics", year_units={
        "year-5": [unit("y5-a")],
        "year-7": [unit("y7-a", prior=["y7-b"]), unit("y7-b", serves="geometry", prior=["y7-a"]),
                   unit("y7-a", title="Again")]}))
    library.write(PRIMARY, primary_text(years={"year-6": [unit("y6-ratio", prior=["y6-missing"])]}))
    library.resource(RES, units="[maths/secondary/y9-nothing, maths/secondary/y7-a]", summary="<b>x</b>")
    result = projecth("check", "content", "--today", "2026-11-23", cwd=library.root)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) >= 7, result.stdout
    assert all(DIAGNOSTIC_LINE.match(line) for line in lines), result.stdout
    keys = [(line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])) for line in lines]
    assert keys == sorted(keys)
    assert len(set(lines)) == len(lines)
    assert f"{len(lines)} error(s) in 3 file(s)" in result.stderr
    assert projecth("check", "content", "--today", "2026-11-23", cwd=library.root).stdout == result.stdout
    assert lines[0].startswith(f"content/{PRIMARY}:") and "unknown unit `maths/primary/y6-missing`" in lines[0]
    assert any("duplicate unit id `y7-a`" in line for line in lines)
    assert lines[-1].startswith(f"content/{RES}:") and "unknown unit `maths/secondary/y9-nothing`" in lines[-1]
