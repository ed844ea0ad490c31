"""Unit tests for the content validator: every rejection in the spec, with its location and advice.

Each bad input is written into a temporary content folder (the `library`
fixture) and checked with the real taxonomy. A test asserts the diagnostic's
exact `path:line:col: severity:` prefix, key phrases of its message (what was
found and how to fix it), and that nothing is published while there are
errors (`check().catalogue is None`).

Several tests (the body bypasses, control characters reaching the YAML reader,
licence suggestions, a date reported twice) began as strict xfails recording
bugs found while writing them; they pass since the fixes and guard against
regressions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
import yaml

from assertions import locate, expect_error, expect_only_error
from conftest import TAXONOMY_PATH, TODAY, VALID_BODY, VALID_FIELDS, LibraryDir, front_matter, resource_text
from projecth.core.model.specs import RESOURCE_FIELDS
from projecth.core.reading.frontmatter import MAX_FILE_BYTES
from projecth.core.model.taxonomy import load_taxonomy

RES = "networks/maths/bar-models.md"
RES_ID = RES[:-3]
OTHER = "networks/maths/other.md"
CSV = "networks/maths/files/record.csv"

# With resource_text(), VALID_FIELDS fill lines 2.. in order; a field's value starts after `name: `.
FIELD_LINE = {name: index + 2 for index, name in enumerate(VALID_FIELDS)}
NEW_FIELD_LINE = len(VALID_FIELDS) + 2  # an extra field is appended after the valid ones


def value_col(name: str) -> int:
    return len(name) + 3








def write_with_neighbours(library: LibraryDir, text: str) -> None:
    """The resource under test plus a valid page and file that links may point to."""
    library.write(RES, text)
    library.resource(OTHER, title="Other resource")
    library.write(CSV, "a,b\n1,2\n")


# -- a valid library ---------------------------------------------------------------------------------


class TestValid:
    """A valid resource and page produce no diagnostics and are published with the values given."""

    def test_valid_resource_has_no_diagnostics_and_is_published(self, library):
        library.resource(RES)
        assert library.lines() == []
        result = library.check()
        assert result.ok
        assert result.catalogue is not None
        resource = result.catalogue.by_id[RES_ID]
        assert resource.title == "Bar models for fractions"
        assert resource.key_stages == ("ks2",)
        assert resource.year_groups == ("year-5",)
        assert resource.published == dt.date(2025, 9, 15)
        assert resource.licence == "CC-BY-4.0"
        assert resource.status == "published"

    def test_valid_page_has_no_diagnostics(self, library):
        library.write("about.md", "---\ntitle: About\nsummary: Who writes the library.\n---\n\nText.\n")
        assert library.lines() == []
        result = library.check()
        assert result.pages["about.md"].title == "About"

    def test_optional_fields_are_read(self, library):
        library.resource(RES, updated="2025-10-01", review_by="2027-09-01", time_required="1 hour 30 minutes",
                         tags="[fractions, representations]", status="published")
        assert library.lines() == []
        resource = library.check().catalogue.by_id[RES_ID]
        assert resource.updated == dt.date(2025, 10, 1)
        assert resource.time_required_minutes == 90
        assert resource.tags == ("fractions", "representations")


# -- reading the file: encoding, fences, size --------------------------------------------------------

VALID_TEXT = resource_text()
VALID_BYTES = VALID_TEXT.encode("utf-8")


class TestSource:
    """Files that cannot be read safely: bad front matter fences, encodings, invisible characters, size."""

    @pytest.mark.parametrize(
        "content, line, col, phrases",
        [
            pytest.param(resource_text(title="Fractions: a: guide"), 2, 17,
                         ("malformed YAML", "mapping values are not allowed", "must be put in quotes"),
                         id="malformed-yaml-colon"),
            pytest.param(resource_text(subjects="[maths"), FIELD_LINE["phases"], 7,
                         ("malformed YAML", "expected ',' or ']'"), id="malformed-yaml-unclosed-list"),
            pytest.param("---\ntitle: Bar models\n\tsummary: Fractions\n---\n", 3, 1,
                         ("tab character used for indentation", "replace the tab with spaces"), id="tab-indent"),
            pytest.param("---\ntitle: Bar models\n  \tsummary: Fractions\n---\n", 3, 3,
                         ("tab character used for indentation",), id="tab-after-spaces"),
            pytest.param("---\n- title\n- summary\n---\n", 2, 1,
                         ("front matter must be fields written as `name: value`",), id="list-not-mapping"),
            pytest.param("---\njust some text\n---\n", 2, 1,
                         ("front matter must be fields written as `name: value`",), id="scalar-not-mapping"),
            pytest.param("---\n---\n\nBody.\n", 1, 1, ("front matter is empty", "add the required fields"),
                         id="empty"),
            pytest.param("---\n# only a comment\n---\n", 1, 1, ("front matter is empty",), id="comment-only"),
            pytest.param("## Why\n\nNo front matter here.\n", 1, 1,
                         ("no front matter", "must start with a `---` line"), id="missing"),
            pytest.param("", 1, 1, ("no front matter",), id="empty-file"),
            pytest.param("---\ntitle: Bar models\nsummary: Fractions\n", 1, 1,
                         ("never closed", "add a line `---`"), id="never-closed"),
            pytest.param("\ufeff" + VALID_TEXT, 1, 1, ("byte order mark", "without BOM"), id="bom"),
            pytest.param("\n\n" + VALID_TEXT, 1, 1,
                         ("2 blank line(s) before the front matter", "start the file with `---`"),
                         id="blank-lines-before-fence"),
        ],
    )
    def test_rejected(self, library, content, line, col, phrases):
        library.write(RES, content)
        expect_only_error(library, RES, line, col, *phrases)

    def test_windows_1252_smart_quote_is_named(self, library):
        # b"\x92" is Word's right single quotation mark saved as Windows-1252; line 2 is the title.
        data = VALID_BYTES.replace(b"title: Bar models", b"title: Bar\x92s models")
        library.write(RES, data)
        message = expect_only_error(library, RES, 2, 11, "byte 0x92 is not valid UTF-8", "save the file as UTF-8")
        assert "right single quotation mark" in message
        assert "Windows-1252" in message

    def test_every_bad_byte_is_reported(self, library):
        data = VALID_BYTES.replace(b"title: Bar models", b"title: Bar\x93models\x94")
        library.write(RES, data)
        errors = library.errors()
        assert [e.split(": error: ")[0] for e in errors] == [f"{RES}:2:11", f"{RES}:2:18"]
        assert "left double quotation mark" in errors[0] and "right double quotation mark" in errors[1]

    def test_unknown_bad_byte_says_not_utf8(self, library):
        library.write(RES, VALID_BYTES.replace(b"## Why", b"## Wh\xff"))
        line, _ = locate(VALID_TEXT, "## Why")
        expect_only_error(library, RES, line, 6, "byte 0xFF is not valid UTF-8", "not saved as UTF-8")

    @pytest.mark.parametrize("char, name", [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x1b", "U+001B"),
                                            ("\x7f", "U+007F"), ("\u202e", "U+202E")])
    def test_control_character_in_body(self, library, char, name):
        text = resource_text(body=f"## Why\n\nBar{char}models\n")
        library.write(RES, text)
        line, col = locate(text, char)
        expect_only_error(library, RES, line, col, f"invisible character {name}", "delete it")

    def test_bidi_override_in_front_matter(self, library):
        library.resource(RES, title="Bar\u202emodels")
        expect_only_error(library, RES, 2, 11, "invisible character U+202E", "right-to-left override")

    @pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
    def test_control_character_in_front_matter(self, library, char):
        library.resource(RES, title=f"Bar{char}models")
        expect_error(library, RES, 2, 11, f"invisible character U+{ord(char):04X}", "delete it")

    def test_control_character_in_front_matter_gives_clean_one_line_output(self, library):
        library.resource(RES, title="Bar\x00models")
        lines = library.lines()
        assert all(re.fullmatch(r"[^:\n]+:\d+:\d+: (error|warning): [^\n]+", line) for line in lines), lines
        assert [line.split(": error: ")[0] for line in lines] == [f"{RES}:2:11"]

    def test_file_over_1_mb(self, library):
        padding = MAX_FILE_BYTES - len(resource_text(body="").encode()) + 1
        library.resource(RES, body="x" * padding)
        expect_only_error(library, RES, 1, 1, "file is 1,048,577 bytes", "the limit is 1 MB", "split it")

    def test_file_of_exactly_1_mb_is_accepted(self, library):
        padding = MAX_FILE_BYTES - len(resource_text(body="").encode())
        library.resource(RES, body="x" * padding)
        assert library.lines() == []


# -- YAML constructs that are refused ----------------------------------------------------------------

BILLION_LAUGHS = (
    "---\n"
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
    "---\n"
)


class TestYamlConstructs:
    """Duplicate keys, anchors, aliases and tags are reported instead of silently applied."""

    def test_duplicate_key_names_both_lines(self, library):
        text = resource_text().replace("summary:", "title: Second title\nsummary:", 1)
        library.write(RES, text)
        expect_only_error(library, RES, 3, 1, "duplicate key `title` on lines 2 and 3", "keep one of them")

    def test_anchor_and_alias(self, library):
        library.resource(RES, title="&name Bar models", summary="*name")
        errors = expect_error(library, RES, 2, 8, "YAML anchor `&name` is not allowed")
        assert any(e.startswith(f"{RES}:3:10: error: YAML alias `*name` is not allowed") for e in errors), errors

    def test_billion_laughs_is_not_expanded(self, library):
        library.write(RES, BILLION_LAUGHS)
        start = time.perf_counter()
        errors = expect_error(library, RES, 2, 4, "YAML anchor `&a` is not allowed")
        assert time.perf_counter() - start < 10
        assert f"{RES}:10:5: error: YAML alias `*h` is not allowed: write the value out in full (aliases can make " \
               "a small file expand without limit)" in errors
        # One error per alias written (8 lines x 9), not one per expanded value (9**9).
        assert sum("YAML alias" in e for e in errors) == 72
        assert len(errors) < 200

    def test_python_tag_is_refused_and_not_run(self, library, tmp_path):
        marker = tmp_path / "pwned"
        library.resource(RES, title=f'!!python/object/apply:os.system ["touch {marker}"]')
        expect_error(library, RES, 2, 8, "YAML tag `!!python/object/apply:os.system` is not allowed", "remove it")
        assert not marker.exists()

    def test_str_tag_is_refused(self, library):
        library.resource(RES, title="!!str Bar models")
        expect_only_error(library, RES, 2, 8, "YAML tag `!!str` is not allowed")

    def test_non_text_key(self, library):
        library.resource(RES, **{"2025": "x"})
        expect_only_error(library, RES, NEW_FIELD_LINE, 1, "key `2025` was read as the number 2025",
                          "keys must be names")


# -- values YAML 1.1 coerces -------------------------------------------------------------------------


class TestCoercion:
    """Unquoted values that YAML 1.1 turns into something other than the text or date written."""

    @pytest.mark.parametrize(
        "raw, phrases",
        [
            ("no", ("read as the yes/no value `false`", "unquoted `no`", 'put it in quotes, e.g. title: "no"')),
            ("yes", ("read as the yes/no value `true`", 'title: "yes"')),
            ("0123", ("read as the number 83", "octal", 'title: "0123"')),
            ("12:30", ("read as the number 750", "base-60", 'title: "12:30"')),
        ],
    )
    def test_title_read_as_other_type(self, library, raw, phrases):
        library.resource(RES, title=raw)
        expect_only_error(library, RES, 2, 8, "`title` was read as", "must be text", *phrases)

    @pytest.mark.parametrize(
        "raw, phrases",
        [
            ("15/09/2025", ("`published` is `15/09/2025`", "YYYY-MM-DD")),
            ("2025-09-15T10:00:00", ("`published` has a time", "give the date only, YYYY-MM-DD")),
            ('"2024-02-30"', ("`2024-02-30`", "not a real date")),
            ("2024-02-30", ("`2024-02-30`", "not a real date")),
            ("[2025-09-15]", ("`published` was read as a seq", "YYYY-MM-DD")),
        ],
    )
    def test_bad_dates(self, library, raw, phrases):
        library.resource(RES, published=raw)
        expect_error(library, RES, FIELD_LINE["published"], value_col("published"), *phrases)

    def test_impossible_date_reported_once(self, library):
        library.resource(RES, published="2024-02-30")
        expect_only_error(library, RES, FIELD_LINE["published"], value_col("published"), "not a real date")

    def test_bare_number_duration(self, library):
        library.resource(RES, time_required="45")
        expect_only_error(library, RES, NEW_FIELD_LINE, value_col("time_required"), "`time_required` is `45`",
                          "`45 minutes`")


# -- controlled vocabularies -------------------------------------------------------------------------


class TestVocabulary:
    """Values outside taxonomy.yml are rejected with the nearest valid value suggested."""

    @pytest.mark.parametrize(
        "field, raw, found, suggestion",
        [
            ("key_stages", "[key-stage-3]", "key-stage-3", "ks3"),
            ("key_stages", "[Key stage 2]", "Key stage 2", "ks2"),
            ("subjects", "[Maths]", "Maths", "maths"),
            ("subjects", "[math]", "math", "maths"),
            ("resource_type", "lesson_plan", "lesson_plan", "lesson-plan"),
            ("network", "mathematics", "mathematics", "maths"),
            ("audience", "[teachers]", "teachers", "teacher"),
            ("year_groups", "[year5]", "year5", "year-5"),
        ],
    )
    def test_nearest_value_suggested(self, library, field, raw, found, suggestion):
        library.resource(RES, **{field: raw})
        col = value_col(field) + (1 if raw.startswith("[") else 0)
        expect_only_error(library, RES, FIELD_LINE[field], col, f"`{found}` is not in the",
                          "listed in taxonomy.yml", f"did you mean `{suggestion}`?", "allowed:")

    def test_unknown_network_lists_the_networks(self, library):
        library.resource(RES, network="astronomy")
        expect_only_error(library, RES, FIELD_LINE["network"], value_col("network"),
                          "`astronomy` is not in the networks listed in taxonomy.yml",
                          "allowed: english, maths, science, computing,", "reading, attendance")

    def test_unknown_licence_lists_the_licences(self, library):
        library.resource(RES, licence="CC-BY")
        expect_only_error(library, RES, FIELD_LINE["licence"], value_col("licence"),
                          "`CC-BY` is not in the licences listed in taxonomy.yml",
                          "allowed: CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, CC-BY-NC-SA-4.0, CC-BY-ND-4.0, "
                          "CC-BY-NC-ND-4.0, CC0-1.0, OGL-UK-3.0")

    @pytest.mark.parametrize("raw, suggestion", [("CC-BY", "CC-BY-4.0"), ("cc-by-4.0", "CC-BY-4.0")])
    def test_licence_suggestion(self, library, raw, suggestion):
        library.resource(RES, licence=raw)
        expect_only_error(library, RES, FIELD_LINE["licence"], value_col("licence"), f"did you mean `{suggestion}`?")

    def test_status_choice(self, library):
        library.resource(RES, status="Draft")
        expect_only_error(library, RES, NEW_FIELD_LINE, value_col("status"), "`status` is `Draft`",
                          "allowed: draft, published")

    def test_listed_twice(self, library):
        library.resource(RES, subjects="[maths, maths]")
        expect_error(library, RES, FIELD_LINE["subjects"], 19, "`maths` is listed twice in `subjects`")


# -- which fields may appear -------------------------------------------------------------------------

REQUIRED = [spec.name for spec in RESOURCE_FIELDS if spec.required]


class TestFieldNames:
    """Unknown keys (typos, `template`) and missing required fields, each named."""

    def test_typo_suggests_field(self, library):
        library.resource(RES, summmary="Fractions")
        expect_only_error(library, RES, NEW_FIELD_LINE, 1, "unknown field `summmary`",
                          "did you mean `summary`?", "allowed fields: title, summary")

    @pytest.mark.parametrize("field", REQUIRED)
    def test_missing_required_field(self, library, field):
        library.resource(RES, **{field: None})
        expect_only_error(library, RES, 1, 1, f"missing required field `{field}`", f"`{field}: ")

    def test_all_missing_fields_are_named(self, library):
        library.resource(RES, title=None, licence=None, subjects=None)
        errors = library.errors()
        assert [e.split(": error: ")[1].split(":")[0] for e in errors] == [
            "missing required field `licence`", "missing required field `subjects`", "missing required field `title`"]

    def test_template_key_rejected_in_resource(self, library):
        library.resource(RES, template="custom.html")
        expect_only_error(library, RES, NEW_FIELD_LINE, 1, "unknown field `template` in a resource's front matter")

    def test_template_key_rejected_in_page(self, library):
        library.write("about.md", "---\ntitle: About\ntemplate: main.html\n---\n\nText.\n")
        expect_only_error(library, "about.md", 3, 1, "unknown field `template` in a page's front matter",
                          "allowed fields: title, summary")

    def test_page_needs_title(self, library):
        library.write("about.md", "---\nsummary: About us.\n---\n\nText.\n")
        expect_only_error(library, "about.md", 1, 1, "missing required field `title`")


# -- plain-text fields -------------------------------------------------------------------------------


class TestPlainText:
    """`title` and `summary` must be plain text of bounded length."""

    @pytest.mark.parametrize(
        "field, raw, what",
        [
            ("title", "Bar <b>models</b>", "an HTML tag (`<b`)"),
            ("title", "Bar &amp; models", "an HTML entity (`&amp;`)"),
            ("summary", "See [the guide](guide.md) first", "a Markdown link (`[the guide](guide.md)`)"),
            ("summary", "A **bold** claim", "Markdown bold (`**b`)"),
            ("title", "Using `bar` models", "a Markdown code mark (backtick)"),
            ("summary", "Hello {{ page.title }}", "a template expression"),
        ],
    )
    def test_markup_rejected(self, library, field, raw, what):
        library.resource(RES, **{field: raw})
        expect_only_error(library, RES, FIELD_LINE[field], value_col(field), f"`{field}` contains {what}",
                          "must be plain text")

    def test_ampersand_alone_is_plain_text(self, library):
        library.resource(RES, title="Tom & Jerry fractions")
        assert library.lines() == []

    @pytest.mark.parametrize("field, limit", [("title", 120), ("summary", 300)])
    def test_too_long(self, library, field, limit):
        library.resource(RES, **{field: "x" * (limit + 1)})
        expect_only_error(library, RES, FIELD_LINE[field], value_col(field),
                          f"`{field}` is {limit + 1} characters long; the limit is {limit}", "shorten it")

    @pytest.mark.parametrize("field, limit", [("title", 120), ("summary", 300)])
    def test_at_limit_is_accepted(self, library, field, limit):
        library.resource(RES, **{field: "x" * limit})
        assert library.lines() == []

    def test_empty_title(self, library):
        library.resource(RES, title='""')
        expect_only_error(library, RES, 2, 8, "`title` is empty", "give it a value")


# -- consistency between fields and with the folder ---------------------------------------------------


class TestConsistency:
    """Phases, key stages and year groups agree; dates are ordered; the network matches the folder."""

    def test_key_stage_not_in_phases(self, library):
        library.resource(RES, phases="[primary]", key_stages="[ks3]", year_groups=None)
        errors = expect_error(library, RES, FIELD_LINE["key_stages"], value_col("key_stages"),
                              "key stage `ks3` does not belong to the phases listed (primary)",
                              "it belongs to secondary;", "add that phase or remove the key stage")
        assert any("phase `primary` is listed but none of its key stages (ks1, ks2)" in e for e in errors)

    def test_phase_without_its_key_stages(self, library):
        library.resource(RES, phases="[primary, secondary]", key_stages="[ks2]")
        expect_only_error(library, RES, FIELD_LINE["key_stages"], value_col("key_stages"),
                          "phase `secondary` is listed but none of its key stages (ks3, ks4)")

    def test_year_group_outside_key_stages(self, library):
        library.resource(RES, year_groups="[year-7]")
        expect_only_error(library, RES, FIELD_LINE["year_groups"], value_col("year_groups"),
                          "year group `year-7` is in key stage `ks3`", "not in `key_stages` (ks2)")

    @pytest.mark.parametrize("stages, years", [("[ks3]", "[year-7]"), ("[eyfs, ks5]", "[reception, year-12]")])
    def test_special_phase_admits_any_key_stage(self, library, stages, years):
        library.resource(RES, phases="[special]", key_stages=stages, year_groups=years)
        assert library.lines() == []
        assert RES_ID in library.check().catalogue.by_id

    def test_special_does_not_excuse_other_phases(self, library):
        library.resource(RES, phases="[special, primary]", key_stages="[ks3]", year_groups=None)
        expect_only_error(library, RES, FIELD_LINE["key_stages"], value_col("key_stages"),
                          "phase `primary` is listed but none of its key stages")

    def test_updated_before_published(self, library):
        library.resource(RES, updated="2025-09-01")
        expect_only_error(library, RES, NEW_FIELD_LINE, value_col("updated"),
                          "`updated` (2025-09-01) is before `published` (2025-09-15)", "same day or later")

    def test_network_does_not_match_folder(self, library):
        library.resource(RES, network="english")
        expect_only_error(library, RES, FIELD_LINE["network"], value_col("network"),
                          "`network` is `english` but the file is in the `networks/maths/` folder",
                          "move the file to `networks/english/` or correct the field")

    def test_resource_outside_a_network_folder(self, library):
        library.resource("networks/bar-models.md")
        expect_only_error(library, "networks/bar-models.md", 1, 1, "resources live inside a network's folder",
                          "`networks/NETWORK/`")

    @pytest.mark.parametrize("folder, hint", [("mathematics", " (did you mean `maths`?)"), ("astronomy", "")])
    def test_folder_not_a_network(self, library, folder, hint):
        path = f"networks/{folder}/bar-models.md"
        library.resource(path)
        expect_only_error(library, path, 1, 1, f"`networks/{folder}/` is not a network listed in taxonomy.yml{hint}",
                          "networks: english, maths, science,", "reading, attendance")

    def test_resource_named_index(self, library):
        library.resource("networks/maths/index.md")
        expect_only_error(library, "networks/maths/index.md", 1, 1, "a resource cannot be called `index.md`")


# -- review dates, drafts and related resources ------------------------------------------------------


class TestLifecycle:
    """Overdue reviews warn; drafts are checked but never published or linked to; `related` ids resolve."""

    def test_review_by_in_the_past_is_a_warning(self, library):
        library.resource(RES, review_by="2026-01-01")
        assert library.errors() == []
        assert library.lines() == [
            f"{RES}:{NEW_FIELD_LINE}:{value_col('review_by')}: warning: due for review: `review_by` (2026-01-01) "
            "has passed; the network should check the resource and set a new date"]
        result = library.check()
        assert result.ok and result.catalogue is not None
        assert RES_ID in result.catalogue.by_id

    def test_review_by_today_is_not_overdue(self, library):
        library.resource(RES, review_by=TODAY.isoformat())
        assert library.lines() == []

    def test_published_in_the_future_is_a_warning(self, library):
        library.resource(RES, published="2027-01-01")
        lines = library.lines()
        assert lines == [f"{RES}:{FIELD_LINE['published']}:12: warning: `published` (2027-01-01) is in the future"]
        assert RES_ID in library.check().catalogue.by_id

    def test_draft_is_validated_but_not_published(self, library):
        library.resource(RES, status="draft")
        library.resource(OTHER, title="Other resource")
        assert library.lines() == []
        result = library.check()
        assert result.catalogue is not None
        assert RES_ID not in result.catalogue.by_id
        assert "networks/maths/other" in result.catalogue.by_id
        assert result.drafts == frozenset({RES})
        assert all(resource.id != RES_ID for resource in result.catalogue.resources)

    def test_draft_errors_are_reported(self, library):
        library.resource(RES, status="draft", key_stages="[key-stage-2]")
        expect_only_error(library, RES, FIELD_LINE["key_stages"], value_col("key_stages") + 1,
                          "did you mean `ks2`?")

    def test_published_related_to_draft(self, library):
        library.resource(RES, status="draft")
        library.resource(OTHER, title="Other resource", related=f"[{RES_ID}]")
        expect_only_error(library, OTHER, NEW_FIELD_LINE, value_col("related") + 1,
                          f"`related` names `{RES_ID}`, which is a draft and is not published")

    def test_published_links_to_draft(self, library):
        library.resource(RES, status="draft")
        text = resource_text(body="## Why\n\nSee [bar models](bar-models.md).\n", title="Other resource")
        library.write(OTHER, text)
        line, col = locate(text, "[bar models]")
        expect_only_error(library, OTHER, line, col, "link `bar-models.md` points to a draft",
                          "publish it first or remove the link")

    def test_draft_may_relate_to_draft(self, library):
        library.resource(RES, status="draft")
        library.resource(OTHER, title="Other resource", status="draft", related=f"[{RES_ID}]")
        assert library.lines() == []

    def test_related_unknown_id_suggests_nearest(self, library):
        library.resource(RES)
        library.resource(OTHER, title="Other resource", related="[networks/maths/bar-model]")
        expect_only_error(library, OTHER, NEW_FIELD_LINE, value_col("related") + 1,
                          "`related` names `networks/maths/bar-model`, which is not a resource",
                          "did you mean `networks/maths/bar-models`?", "path under content/ without `.md`")

    @pytest.mark.parametrize("raw", [RES_ID, RES])
    def test_related_to_itself(self, library, raw):
        library.resource(RES, related=f"[{raw}]")
        expect_only_error(library, RES, NEW_FIELD_LINE, value_col("related") + 1, "`related` lists the resource itself")

    def test_related_valid(self, library):
        library.resource(RES)
        library.resource(OTHER, title="Other resource", related=f"[{RES_ID}]")
        assert library.lines() == []
        assert library.check().catalogue.by_id["networks/maths/other"].related == (RES_ID,)


# -- attachments -------------------------------------------------------------------------------------


class TestAttachments:
    """Attachments must exist inside content/ and have only `path` and `title`."""

    ATT_COL = value_col("attachments") + len("[{path: ")  # where the path value starts

    def test_valid_attachment_records_size_in_bytes(self, library):
        data = "Name,Score\r\nZoë,10\r\n".encode("utf-8")  # 21 bytes, 20 characters
        library.write(CSV, data)
        library.resource(RES, attachments="[{path: files/record.csv, title: Practice record}]")
        assert library.lines() == []
        (attachment,) = library.check().catalogue.by_id[RES_ID].attachments
        assert attachment.path == CSV
        assert attachment.title == "Practice record"
        assert attachment.size_bytes == len(data) == 21
        assert attachment.extension == "csv"

    def test_missing_file(self, library):
        library.resource(RES, attachments="[{path: files/missing.csv, title: Record}]")
        expect_only_error(library, RES, NEW_FIELD_LINE, self.ATT_COL, "attachment `files/missing.csv` does not exist",
                          "looked for `networks/maths/files/missing.csv` under content/")

    @pytest.mark.parametrize("raw", ["../../../../etc/passwd", "/etc/passwd", "../../../outside.csv"])
    def test_path_escapes_content(self, library, raw):
        library.resource(RES, attachments=f"[{{path: {raw}, title: Record}}]")
        expect_only_error(library, RES, NEW_FIELD_LINE, self.ATT_COL, f"attachment `{raw}` is outside the content "
                          "folder", "relative to this file, inside content/")

    def test_unknown_key(self, library):
        library.write(CSV, "a")
        raw = "[{path: files/record.csv, title: Record, size: 3}]"
        library.resource(RES, attachments=raw)
        col = value_col("attachments") + raw.index("size")
        expect_only_error(library, RES, NEW_FIELD_LINE, col, "unknown field `size` in an `attachments` item",
                          "allowed fields: path, title")

    def test_unknown_key_typo_in_block_list(self, library):
        library.write(CSV, "a")
        library.resource(RES, attachments="\n  - path: files/record.csv\n    titel: Record")
        errors = expect_error(library, RES, NEW_FIELD_LINE + 2, 5, "unknown field `titel`", "did you mean `title`?")
        assert any("missing required field `title`" in e for e in errors)

    def test_markdown_page_is_not_an_attachment(self, library):
        library.resource(OTHER, title="Other resource")
        library.resource(RES, attachments="[{path: other.md, title: Other}]")
        expect_only_error(library, RES, NEW_FIELD_LINE, self.ATT_COL, "attachment `other.md` is a Markdown page")


# -- the Markdown body -------------------------------------------------------------------------------

UNSAFE_BODIES = [
    # (id, snippet, needle for the reported position, phrases)
    ("script", "<script>alert(1)</script>", "<script>", ("raw `<script>` tag", "not allowed")),
    ("script-upper", "<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>", ("raw `<script>` tag",)),
    ("iframe", '<iframe src="https://example.org/"></iframe>', "<iframe", ("raw `<iframe>` tag",)),
    ("object", '<object data="movie.swf"></object>', "<object", ("raw `<object>` tag",)),
    ("embed", '<embed src="movie.swf">', "<embed", ("raw `<embed>` tag",)),
    ("form", '<form action="https://example.org/"><input name="q"></form>', "<form", ("raw `<form>` tag",)),
    ("style", "<style>body { display: none }</style>", "<style>", ("raw `<style>` tag",)),
    ("onclick", '<a onclick="alert(1)">Click</a>', "onclick", ("event attribute `onclick` on `<a>`",)),
    ("onerror", "<img src=x.png onerror=alert(1)>", "onerror", ("event attribute `onerror` on `<img>`",)),
    ("onclick-space-quoted", '<a href="#why" onclick="alert(1)">x</a>', "onclick", ("event attribute `onclick` on `<a>`",)),
    ("attr-list", 'A paragraph\n{: onclick="alert(1)" }', "onclick", ("event attribute `onclick` in an attribute list",)),
    ("md-in-html", '<div markdown onmouseover="alert(1)">\nText\n</div>', "onmouseover",
     ("event attribute `onmouseover` on `<div>`",)),
    ("style-url", '<p style="background: url(https://example.org/x.png)">x</p>', "<p", ("`style` on `<p>` loads a URL",)),
    ("md-link-javascript", "[x](javascript:alert(1))", "[x]", ("`javascript:` URL", "not allowed")),
    ("md-image-javascript", "![x](javascript:alert(1))", "![x]", ("`javascript:` URL",)),
    ("md-link-vbscript", "[x](vbscript:msgbox(1))", "[x]", ("`vbscript:` URL",)),
    ("md-link-data", "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x]", ("`data:` URL",)),
    ("html-href-javascript", '<a href="javascript:alert(1)">x</a>', "<a", ("`javascript:` URL",)),
    ("html-img-data", '<img src="data:image/png;base64,AAAA">', "<img", ("`data:` URL",)),
    ("entity-obfuscated-html", '<a href="java&#115;cript:alert(1)">x</a>', "<a", ("`javascript:` URL",)),
    ("entity-obfuscated-md", "[x](java&#115;cript:alert(1))", "[x]", ("`javascript:` URL",)),
    ("hex-entity-tab", '<a href="jav&#x09;ascript:alert(1)">x</a>', "<a", ("`javascript:` URL",)),
    ("named-entity-colon", "[x](javascript&colon;alert(1))", "[x]", ("`javascript:` URL",)),
    ("mixed-case", "[x](JaVaScRiPt:alert(1))", "[x]", ("`javascript:` URL",)),
    ("mixed-case-html", "<IMG SRC=JaVaScRiPt:alert(1)>", "<IMG", ("`javascript:` URL",)),
    ("tab-inside-html", '<a href="java\tscript:alert(1)">x</a>', "<a", ("`javascript:` URL",)),
    ("tab-inside-md", "[x](<java\tscript:alert(1)>)", "[x]", ("`javascript:` URL",)),
    ("reference-definition", "[x][r]\n\n[r]: javascript:alert(1)", "[r]:", ("`javascript:` URL",)),
    ("xlink-href", '<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<a", ("`javascript:` URL",)),
    ("comment", "<!-- note for reviewers -->", "<!--", ("HTML comment", "delete it")),
    ("external-md-image", "![x](https://example.org/a.png)", "![x]",
     ("image or media from another site (`https://example.org/a.png`)", "add it under content/")),
    ("external-html-image", '<img src="//example.org/a.png">', "<img",
     ("image or media from another site (`//example.org/a.png`)",)),
    ("external-srcset", '<img srcset="https://example.org/a.png 1x">', "<img", ("image or media from another site",)),
    ("external-reference-image", "![x][pic]\n\n[pic]: https://example.org/a.png", "[pic]:",
     ("image or media from another site",)),
    ("missing-page", "[x](missing.md)", "[x]",
     ("link `missing.md` points to `networks/maths/missing.md`, which does not exist", "check the spelling")),
    ("missing-file", "[x](files/nope.pdf)", "[x]", ("`networks/maths/files/nope.pdf`, which does not exist",)),
    ("leaves-content", "[x](../../../../etc/passwd)", "[x]", ("leaves the content folder",)),
    ("leaves-content-encoded", "[x](%2e%2e/%2e%2e/%2e%2e/etc/passwd)", "[x]", ("leaves the content folder",)),
    ("html-leaves-content", '<a href="../../../../etc/passwd">x</a>', "<a", ("leaves the content folder",)),
    ("absolute", "[x](/about/)", "[x]", ("absolute link `/about/`", "write a relative link")),
    ("h1-atx", "# A second title", "# A", ("level-1 heading in the body", "`##`")),
    ("h1-setext", "A second title\n==============", "A second", ("level-1 heading (text underlined with `===`)",)),
    ("raw-html-page-link", '<a href="other.md">Other</a>', "<a", ("in raw HTML", "use a Markdown link")),
    ("folder-link", "[x](other)", "[x]", ("points to a folder", "`other.md`")),
]


class TestBodyRejections:
    """Active content, comments, third-party requests and broken links in the body are errors, located."""

    @pytest.mark.parametrize("snippet, needle, phrases", [case[1:] for case in UNSAFE_BODIES],
                             ids=[case[0] for case in UNSAFE_BODIES])
    def test_rejected(self, library, snippet, needle, phrases):
        text = resource_text(body=f"## Why\n\nSome text.\n\n{snippet}\n")
        write_with_neighbours(library, text)
        line, col = locate(text, needle)
        expect_error(library, RES, line, col, *phrases)

    def test_one_message_per_element(self, library):
        # The check reads the rendered HTML: one `<script>` element is one finding (the old scan of the Markdown
        # reported the closing tag too).
        text = resource_text(body="## Why\n\n<script>alert(1)</script>\n")
        library.write(RES, text)
        line, _ = locate(text, "<script>")
        assert library.errors() == [
            f"{RES}:{line}:1: error: raw `<script>` tag: it is not allowed in content (it can run code, load "
            "other sites or restyle the page); describe it in Markdown instead",
        ]

    def test_body_errors_in_a_page(self, library):
        text = "---\ntitle: About\n---\n\n<iframe src=\"x.html\"></iframe>\n"
        library.write("about.md", text)
        expect_error(library, "about.md", 5, 1, "raw `<iframe>` tag")


SAFE_BODIES = [
    ("fenced-script", "```html\n<script>alert(1)</script>\n```"),
    ("tilde-fenced-script", "~~~\n<script>alert(1)</script>\n<!-- comment -->\n~~~"),
    ("inline-code-script", "Write `<script>` tags only in examples."),
    ("double-backtick-code", "Inline ``<script>alert(1)</script>`` here."),
    ("external-link", "[EEF](https://educationendowmentfoundation.org.uk/)"),
    ("autolink", "<https://educationendowmentfoundation.org.uk/>"),
    ("mailto", "[Email us](mailto:maths@example.org)"),
    ("page-link", "[Other](other.md)"),
    ("page-link-anchor", "[Other](other.md#why)"),
    ("file-link", "[Record](files/record.csv)"),
    ("html-file-link", '<a href="files/record.csv">Record</a>'),
    ("anchor", "[Below](#section)\n\n## Section"),
    ("generated-hub-link", "[All maths](../maths/index.md)"),
    ("h2-and-hashtag-in-code", "### Deeper\n\n`# not a heading`"),
    ("plain-attr-list", "A paragraph\n{: .note #intro }"),
    ("html-external-link", '<a href="https://example.org/">Example</a>'),
]


# Malformed tags that Python-Markdown escapes: they reach the page as text, so the check (which reads the rendered
# HTML) accepts them. The old scan of the Markdown refused them.
ESCAPED_AS_TEXT = [
    ("onclick-no-space", '<a href="#x"onclick="alert(1)">x</a>'),
    ("unbalanced-quote-javascript", '<a href="javascript:alert(1)>x</a>'),
]


class TestBodyAccepted:
    """What must NOT be rejected: code examples, external links (not images), links to real pages and files."""

    @pytest.mark.parametrize("snippet", [case[1] for case in SAFE_BODIES], ids=[case[0] for case in SAFE_BODIES])
    def test_accepted(self, library, snippet):
        write_with_neighbours(library, resource_text(body=f"## Why\n\n{snippet}\n"))
        assert library.lines() == []
        assert RES_ID in library.check().catalogue.by_id

    @pytest.mark.parametrize("snippet", [case[1] for case in ESCAPED_AS_TEXT], ids=[case[0] for case in ESCAPED_AS_TEXT])
    def test_escaped_as_text(self, library, snippet):
        write_with_neighbours(library, resource_text(body=f"## Why\n\n{snippet}\n"))
        assert library.lines() == []


# Regression cases: each of these once got past the scan although Python-Markdown renders it live
# (checked against Python-Markdown with the site's extensions), except the last: Python-Markdown escapes
# that malformed tag, and the scan rejects it anyway rather than guess how a parser will read it.
BODY_BYPASSES = [
    ("escaped-backticks-script", "Type \\`<script>alert(1)</script>\\` carefully.", "<script>",
     ("raw `<script>` tag",)),
    ("escaped-backticks-onerror", "\\`<img src=x.png onerror=alert(1)>\\`", "onerror",
     ("event attribute `onerror` on `<img>`",)),
    ("unclosed-fence", "```\n<script>alert(1)</script>", "<script>", ("raw `<script>` tag",)),
    ("indented-fence-marker", "    ```\n<script>alert(1)</script>", "<script>", ("raw `<script>` tag",)),
    ("svg-slash-onload", "<svg/onload=alert(1)>", "onload", ("event attribute `onload` on `<svg>`",)),
    ("linked-image-badge", "[![badge](https://img.shields.io/badge/x.svg)](https://example.org/)", "![badge]",
     ("image or media from another site (`https://img.shields.io/badge/x.svg`)",)),
    ("shortcut-reference-image", "![pic]\n\n[pic]: https://example.org/a.png", "[pic]:",
     ("image or media from another site",)),
    ("collapsed-reference-image", "![pic][]\n\n[pic]: https://example.org/a.png", "[pic]:",
     ("image or media from another site",)),
    ("svg-image-href", '<svg><image href="https://example.org/a.png"/></svg>', "<image",
     ("image or media from another site",)),
    ("raw-html-h1", "<h1>A second title</h1>", "<h1>", ("level-1 heading",)),
    ("quote-hides-closing-bracket", '<img alt=">" src="https://example.org/a.png">', "<img",
     ("image or media from another site",)),
    ("code-span-inside-raw-html", "<div>\n`<script>alert(1)</script>`\n</div>", "<script>",
     ("raw `<script>` tag",)),
]


class TestBodyBypasses:
    """Constructs that once slipped past the scan: live HTML, hidden behind code-like or malformed syntax."""

    @pytest.mark.parametrize("snippet, needle, phrases", [case[1:] for case in BODY_BYPASSES],
                             ids=[case[0] for case in BODY_BYPASSES])
    def test_rejected(self, library, snippet, needle, phrases):
        text = resource_text(body=f"## Why\n\n{snippet}\n")
        library.write(RES, text)
        line, col = locate(text, needle)
        expect_error(library, RES, line, col, *phrases)


# -- paths under content/ ----------------------------------------------------------------------------

SYMLINK = "symbolic link: MkDocs would follow it"


class TestPaths:
    """Symbolic links, badly named files, colliding addresses and reserved folders."""

    @pytest.mark.parametrize("rel", ["networks/maths/host.md", "networks/maths/files/host.txt", "host.md"])
    def test_symlink_to_file(self, library, rel):
        library.resource(RES)
        link = library.content / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink("/etc/hostname", link)
        expect_only_error(library, rel, 1, 1, SYMLINK, "replace it with a real file or folder")

    def test_symlink_to_directory_is_reported_and_not_followed(self, library, tmp_path):
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "secret.md").write_text("---\ntitle: Secret\n---\n\n<script>x</script>\n")
        library.resource(RES)
        os.symlink(outside, library.content / "linked")
        os.symlink("/etc", library.content / "networks" / "maths" / "etc")
        errors = library.errors()
        assert errors == [f"linked:1:1: error: {SYMLINK} and publish whatever it points to (even files outside "
                          "the library); replace it with a real file or folder",
                          f"networks/maths/etc:1:1: error: {SYMLINK} and publish whatever it points to (even "
                          "files outside the library); replace it with a real file or folder"]
        assert library.check().catalogue is None

    @pytest.mark.parametrize(
        "rel, fixed",
        [
            ("networks/maths/Bar Models.md", "networks/maths/bar-models.md"),
            ("About Us.md", "about-us.md"),
            ("networks/maths/bar_models.md", "networks/maths/bar-models.md"),
            ("Guides/intro.md", "guides/intro.md"),
        ],
    )
    def test_bad_markdown_name(self, library, rel, fixed):
        library.write(rel, "---\ntitle: A page\n---\n\nText.\n")
        expect_only_error(library, rel, 1, 1, "lower-case words joined by hyphens", f"rename it, e.g. `{fixed}`")

    @pytest.mark.parametrize(
        "rel, fixed",
        [("networks/maths/files/My File.PDF", "networks/maths/files/my-file.pdf"),
         ("networks/maths/Files/record.csv", "networks/maths/files/record.csv")],
    )
    def test_bad_file_name(self, library, rel, fixed):
        library.resource(RES)
        library.write(rel, "x")
        expect_only_error(library, rel, 1, 1, "must be lower case, without spaces", f"rename it, e.g. `{fixed}`")

    def test_page_beside_folder_index_collide(self, library):
        library.write("guides/foo.md", "---\ntitle: Foo\n---\n\nText.\n")
        library.write("guides/foo/index.md", "---\ntitle: Foo index\n---\n\nText.\n")
        errors = library.errors()
        assert errors == [
            "guides/foo.md:1:1: error: publishes to the same address (`/guides/foo/`) as `guides/foo/index.md`: one "
            "would overwrite the other; rename or move one of them",
            "guides/foo/index.md:1:1: error: publishes to the same address (`/guides/foo/`) as `guides/foo.md`: one "
            "would overwrite the other; rename or move one of them",
        ]
        assert library.check().catalogue is None

    @pytest.mark.parametrize("rel", ["subjects/maths.md", "key-stages/ks2.md", "types/guide.md", "phases/index.md",
                                     "library/extra.md"])
    def test_reserved_generated_folder(self, library, rel):
        library.write(rel, "---\ntitle: Mine\n---\n\nText.\n")
        folder = rel.split("/")[0]
        expect_only_error(library, rel, 1, 1, f"`{folder}/` is reserved for pages the site generates",
                          "move this file elsewhere")


# -- taxonomy.yml ------------------------------------------------------------------------------------

BASE_TAXONOMY = TAXONOMY_PATH.read_text(encoding="utf-8")


def load_modified_taxonomy(tmp_path: Path, text: str):
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    taxonomy, report = load_taxonomy(path, display_path="taxonomy.yml")
    return taxonomy, [d.format_text() for d in report.sorted()]


TAXONOMY_CASES = [
    # (id, old, new, needle locating the error in the new text, phrases)
    ("unknown-section", "regions:\n", "region:\n", "region:",
     ("unknown section `region`", "did you mean `regions`?")),
    ("slug-not-a-slug", "  history: History\n", "  History Of Art: History of art\n", "History Of Art",
     ("`History Of Art` in `subjects` is not a slug", "e.g. `history-of-art`")),
    ("network-bad-kind", "  attendance:\n    label: Attendance network\n    team: \"@lift-schools/attendance-network\"\n"
     "    kind: leadership\n",
     "  attendance:\n    label: Attendance network\n    team: \"@lift-schools/attendance-network\"\n"
     "    kind: pastoral\n", "  attendance:",
     ("network `attendance` has kind `pastoral`", "allowed: subject, leadership")),
    ("phase-unknown-key-stage", "key_stages: [ks5]\n", "key_stages: [ks6]\n", "  post-16:",
     ("phase `post-16` names unknown key stage `ks6`",)),
    ("duplicate-key", "  history: History\n", "  history: History\n  history: History again\n",
     "  history: History again", ("duplicate key `history` on lines",)),
    ("year-unknown-key-stage", "year-13: {label: Year 13, key_stage: ks5", "year-13: {label: Year 13, key_stage: ks7",
     "  year-13", ("year group `year-13` names unknown key stage `ks7`",)),
    ("licence-not-https", "url: https://creativecommons.org/licenses/by/4.0/",
     "url: http://creativecommons.org/licenses/by/4.0/", "  CC-BY-4.0:", ("licence `CC-BY-4.0` needs an https `url`",)),
    ("tab-indentation", "  history: History\n", "\thistory: History\n", "\thistory",
     ("tab character used for indentation",)),
]


class TestTaxonomy:
    """load_taxonomy rejects a broken taxonomy.yml with located errors and returns no taxonomy."""

    def test_real_taxonomy_loads(self, tmp_path):
        taxonomy, lines = load_modified_taxonomy(tmp_path, BASE_TAXONOMY)
        assert taxonomy is not None and lines == []
        assert taxonomy.key_stages_of_phase("primary") == ("ks1", "ks2")

    @pytest.mark.parametrize("old, new, needle, phrases", [case[1:] for case in TAXONOMY_CASES],
                             ids=[case[0] for case in TAXONOMY_CASES])
    def test_rejected(self, tmp_path, old, new, needle, phrases):
        assert BASE_TAXONOMY.count(old) == 1, "the test's edit must apply exactly once"
        text = BASE_TAXONOMY.replace(old, new)
        taxonomy, lines = load_modified_taxonomy(tmp_path, text)
        assert taxonomy is None
        line, col = locate(text, needle)
        col = col + len(needle) - len(needle.lstrip(" ")) if not needle.startswith("\t") else col
        prefix = f"taxonomy.yml:{line}:{col}: error: "
        assert any(l.startswith(prefix) and all(p in l for p in phrases) for l in lines), (prefix, lines)

    def test_duplicate_key_names_both_lines(self, tmp_path):
        text = BASE_TAXONOMY.replace("  history: History\n", "  history: History\n  history: History again\n")
        _, lines = load_modified_taxonomy(tmp_path, text)
        first, _ = locate(text, "  history: History\n")
        assert lines == [f"taxonomy.yml:{first + 1}:3: error: duplicate key `history` on lines {first} and "
                         f"{first + 1}: YAML would silently keep only the last one; keep one of them"]

    @pytest.mark.parametrize(
        "text, message",
        [("", "taxonomy.yml:1:1: error: the taxonomy file is empty"),
         ("- phases\n- subjects\n", "taxonomy.yml:1:1: error: the taxonomy file must be a mapping of sections")],
    )
    def test_empty_or_not_a_mapping(self, tmp_path, text, message):
        taxonomy, lines = load_modified_taxonomy(tmp_path, text)
        assert taxonomy is None and lines == [message]

    def test_missing_section(self, tmp_path):
        start, end = BASE_TAXONOMY.index("regions:"), BASE_TAXONOMY.index("networks:")
        taxonomy, lines = load_modified_taxonomy(tmp_path, BASE_TAXONOMY[:start] + BASE_TAXONOMY[end:])
        assert taxonomy is None
        assert lines == ["taxonomy.yml:1:1: error: missing section `regions`: every section must list at least one "
                         "term"]

    def test_control_character_is_an_error_not_a_crash(self, tmp_path):
        text = BASE_TAXONOMY.replace("  history: History\n", "  history: Hist\x00ory\n")
        taxonomy, lines = load_modified_taxonomy(tmp_path, text)
        assert taxonomy is None
        assert lines and all(line.startswith("taxonomy.yml:") and ": error: " in line for line in lines)

    def test_control_character_is_located(self, tmp_path):
        text = BASE_TAXONOMY.replace("  history: History\n", "  history: Hist\x00ory\n")
        _, lines = load_modified_taxonomy(tmp_path, text)
        line, col = locate(text, "\x00")
        assert len(lines) == 1 and "\n" not in lines[0], lines
        assert lines[0].startswith(f"taxonomy.yml:{line}:{col}: error: "), lines


# -- the report as a whole ---------------------------------------------------------------------------


def write_broken_library(library: LibraryDir, order: tuple[int, ...] = (0, 1, 2, 3, 4)) -> None:
    """Five files with independent problems, written in the given order."""
    writers = [
        lambda: library.resource("networks/maths/aaa.md", subjects="[Maths]"),
        lambda: library.resource("networks/english/zzz.md", network="english", subjects="[english]",
                                 body="## Why\n\n<script>x</script>\n"),
        lambda: library.write("about.md", "---\ntitle: no\n---\n\n# About\n"),
        lambda: library.write("networks/maths/Bad Name.md", "x"),
        lambda: library.resource("networks/reading/mid.md", network="reading", subjects="[english]",
                                 title="Mid", review_by="2026-01-01", summmary="x"),
    ]
    for index in order:
        writers[index]()


class TestReport:
    """All problems in all files are reported in one run, sorted and identically every time."""

    def test_every_problem_in_every_file_is_reported(self, library):
        write_broken_library(library)
        lines = library.lines()
        expected = [
            "about.md:2:8: error: `title` was read as the yes/no value `false`",
            "about.md:5:1: error: level-1 heading in the body",
            "networks/english/zzz.md:18:1: error: raw `<script>` tag",  # one per element (was two: open and close)
            "networks/maths/Bad Name.md:1:1: error: file and folder names must be lower-case",
            "networks/maths/aaa.md:5:12: error: `Maths` is not in the subjects",
            f"networks/reading/mid.md:{NEW_FIELD_LINE}:12: warning: due for review",
            f"networks/reading/mid.md:{NEW_FIELD_LINE + 1}:1: error: unknown field `summmary`",
        ]
        assert len(lines) == len(expected), "\n".join(lines)
        for line, start in zip(lines, expected):
            assert line.startswith(start), (line, start)
        assert library.check().catalogue is None

    def test_output_is_sorted_by_path_line_column(self, library):
        write_broken_library(library)
        diagnostics = library.check().report.sorted()
        keys = [(d.path, d.line, d.col) for d in diagnostics]
        assert keys == sorted(keys)
        # line numbers sort as numbers, not as text
        assert [d.line for d in diagnostics if d.path == "about.md"] == [2, 5]

    def test_two_runs_give_identical_output(self, library):
        write_broken_library(library)
        assert library.lines() == library.lines()
        assert library.errors() == library.errors()

    def test_output_does_not_depend_on_file_creation_order(self, tmp_path, taxonomy):
        first = LibraryDir(tmp_path / "one", taxonomy)
        second = LibraryDir(tmp_path / "two", taxonomy)
        write_broken_library(first, (0, 1, 2, 3, 4))
        write_broken_library(second, (4, 3, 2, 1, 0))
        assert first.lines() == second.lines()
        assert len(first.lines()) == 7  # one finding per <script> element (was 8: open and close tag)

    def test_valid_files_beside_broken_ones_are_not_reported(self, library):
        library.resource(RES)
        library.resource(OTHER, title="Other", key_stages="[ks9]")
        lines = library.lines()
        assert lines and all(line.startswith(f"{OTHER}:") for line in lines)
        assert library.check().catalogue is None

    def test_front_matter_helper_sanity(self):
        # The location constants above assume this layout of resource_text().
        text = resource_text()
        assert text.startswith(front_matter())
        assert locate(text, "title:") == (2, 1)
        assert locate(text, "licence:") == (FIELD_LINE["licence"], 1)
        assert text.endswith(VALID_BODY)
        assert yaml.safe_load(front_matter().strip("-\n"))["published"] == dt.date(2025, 9, 15)


# -- messages that point at the fix --------------------------------------------------------------------


class TestHelpfulMessages:
    """Where the fix goes, and what the author probably meant."""

    def test_unclosed_quote_is_reported_where_it_opens(self, library):
        text = resource_text(title='"Bar models for fractions')
        library.write(RES, text)
        line, col = locate(text, '"Bar models')
        expect_only_error(library, RES, line, col, "quoted scalar that starts here")

    def test_attachment_missing_title_says_it_is_the_attachments(self, library):
        library.write("networks/maths/files/record.csv", "a,b\n")
        text = resource_text(attachments="\n  - path: files/record.csv")
        library.write(RES, text)
        line, col = locate(text, "path: files/record.csv")
        expect_only_error(library, RES, line, col, "missing required field `title` in this `attachments` item")

    @pytest.mark.parametrize("key, meant", [("license", "licence"), ("description", "summary"),
                                            ("author", "authors"), ("summmary", "summary")])
    def test_unknown_key_suggests_the_field_meant(self, library, key, meant):
        text = resource_text(**{key: "x"})
        library.write(RES, text)
        line, col = locate(text, f"\n{key}:")
        expect_error(library, RES, line + 1, 1, f"unknown field `{key}`", f"did you mean `{meant}`?")

    def test_theme_keys_are_refused_with_the_reason(self, library):
        text = resource_text(template="main.html")
        library.write(RES, text)
        errors = library.errors()
        assert any("unknown field `template`" in e and "theme settings are not allowed" in e for e in errors)
        assert not any("did you mean" in e for e in errors)

    def test_a_less_than_sign_in_a_title_is_text_not_a_tag(self, library):
        library.resource(RES, title="'Comparing fractions: when is a < b?'")
        assert library.errors() == []
