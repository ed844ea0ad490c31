"""Unit tests for case studies: loading, privacy checks, images, references, and the catalogue's reverse links.

A case study lives at `content/case-studies/NAME.md`. Each test writes one
(built by `case_study_text()`) beside the resource it names into a temporary
content folder with the `library` fixture, and checks them with the real
taxonomy. As in test_validation.py, a rejection is asserted by its exact
`path:line:col: severity:` prefix and the key phrases of its message, and a
library with errors never produces a catalogue.

Some tests began as strict xfails recording bugs found while writing them; they
pass since the fixes and guard against regressions.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from assertions import locate, expect_error, expect_only_error, projecth
from conftest import TAXONOMY_PATH, LibraryDir, front_matter
from projecth.core.security.case_study_privacy import is_role_mailbox, privacy_problems
from projecth.core.library.catalogue import CASE_STUDIES_INDEX
from projecth.core.model.specs import CASE_STUDY_FIELDS

# -- building case studies -------------------------------------------------------------------------

CS = "case-studies/phonics-catch-up.md"
CS_ID = CS[:-3]
RES = "networks/reading/keep-up-phonics.md"
RES_ID = RES[:-3]
OTHER_RES = "networks/maths/bar-models.md"
IMAGE = "case-studies/images/reading-corner.png"


def privacy(no_pupil_names: str = "true", small_numbers_suppressed: str = "true", image_consent: str = "true") -> str:
    return (f"\n  no_pupil_names: {no_pupil_names}\n  small_numbers_suppressed: {small_numbers_suppressed}"
            f"\n  image_consent: {image_consent}")


IMPACT = {"measure": "phonics-check", "baseline": "68", "result": "81", "period": "2023-24 to 2024-25",
          "source": "DfE phonics screening check results"}


def impact(**overrides: str | None) -> str:
    """One `impact` item, values verbatim; a value of None leaves the field out."""
    fields = {**IMPACT, **overrides}
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "\n  - " + "\n    ".join(lines)


CS_FIELDS = {
    "title": "Phonics catch-up in Year 2",
    "summary": "How one primary school closed its phonics gap in a year.",
    "school": "Riverside Primary",
    "phase": "primary",
    "region": "north",
    "context": "\n  pupils_on_roll: 200-399\n  disadvantaged: 30-39\n  send: 10-19",
    "networks": "[reading]",
    "themes": "[reading, phonics]",
    "challenge": "Too many pupils did not pass the phonics check in Year 1.",
    "approach": "Daily keep-up sessions for pupils at risk of falling behind.",
    "impact": impact(),
    "timeline": ("\n  - when: Autumn 2024\n    what: Staff training on keep-up sessions."
                 "\n  - when: September 2024\n    what: Daily sessions began."),
    "resources": f"[{RES_ID}]",
    "what_did_not_work": "Afternoon sessions clashed with other interventions.",
    "contact": "Reading network lead (reading.team@school.example)",
    "privacy": privacy(),
    "published": "2025-11-03",
}
CS_BODY = ("## What we did\n\nWe trained every adult to run keep-up sessions.\n\n"
           "Ask attendance@school.example for the attendance data.\n")


def case_study_text(body: str = CS_BODY, **overrides: str | None) -> str:
    """A valid case study with overrides written verbatim after `key: `; a value of None drops the field."""
    return front_matter(CS_FIELDS, **overrides) + "\n" + body


def write_resource(library: LibraryDir, rel: str = RES, **overrides) -> None:
    fields = dict(network="reading", subjects="[english]", phases="[primary]", key_stages="[ks1]",
                  year_groups="[year-2]", title="Keep-up phonics sessions",
                  summary="How to run daily keep-up phonics sessions.")
    if rel == OTHER_RES:
        fields = dict(title="Bar models for fractions")
    fields.update(overrides)
    library.resource(rel, **fields)


def write_case_study(library: LibraryDir, text: str | None = None, rel: str = CS, **overrides) -> str:
    """The resource a case study names, then the case study; returns the case study's text."""
    write_resource(library)
    text = case_study_text(**overrides) if text is None else text
    library.write(rel, text)
    return text


ENTITLEMENT = """---
subject: english
phase: primary
network: english
version: 2025-26
valid_from: 2025-09-01
status: in-use
summary: What every pupil in primary English is entitled to.
entitlements:
  - id: early-reading
    statement: Every pupil learns to read fluently.
    rationale: Reading unlocks the whole curriculum.
years:
  year-2:
    - id: y2-phonics
      title: Phonics and fluency
      entitlements: [early-reading]
      knowledge: [{domain: Phonics, statements: [Pupils blend sounds to read words.]}]
---

## About

The English network agrees this entitlement.
"""
ENT = "entitlements/english/primary/2025-26.md"
UNIT_PAGE = "../entitlements/english/primary/units/y2-phonics/index.md"  # generated, relative to a case study


# -- assertions (as in test_validation.py) -------------------------------------------------------




def value_at(text: str, name: str) -> tuple[int, int]:
    """Where the value of the first `name:` line starts."""
    line, col = locate(text, f"{name}: ")
    return line, col + len(name) + 2






def expect_only_error_on_line(library: LibraryDir, path: str, line: int, *phrases: str) -> str:
    """One error, on that line of that file (any column), with every phrase: for behaviour not yet built."""
    errors = library.errors()
    assert len(errors) == 1, "\n".join(errors)
    assert errors[0].startswith(f"{path}:{line}:") and all(p in errors[0] for p in phrases), errors[0]
    return errors[0]


def valid(library: LibraryDir):
    assert library.lines() == []
    result = library.check()
    assert result.ok and result.catalogue is not None
    return result.catalogue


# -- a valid case study ----------------------------------------------------------------------------


class TestValidCaseStudy:
    """A valid case study loads with its values, and the catalogue links it to its resources."""

    def test_helper_builds_a_case_study_after_its_resource(self, library):
        text = write_case_study(library)
        assert text.startswith("---\ntitle: Phonics catch-up in Year 2\n")
        assert (library.content / RES).is_file()

    def test_valid_case_study_loads(self, library):
        write_case_study(library)
        catalogue = valid(library)
        [study] = catalogue.case_studies
        assert catalogue.case_studies_by_src[CS] is study
        assert (study.id, study.src_path, study.title, study.school) == (
            CS_ID, CS, "Phonics catch-up in Year 2", "Riverside Primary")
        assert (study.phase, study.region, study.networks, study.themes) == (
            "primary", "north", ("reading",), ("reading", "phonics"))
        assert study.context == {"pupils_on_roll": "200-399", "disadvantaged": "30-39", "send": "10-19"}
        assert [(i.measure, i.baseline, i.result, i.period, i.source) for i in study.impact] == [
            ("phonics-check", 68.0, 81.0, "2023-24 to 2024-25", "DfE phonics screening check results")]
        assert [(t.when, t.what) for t in study.timeline] == [
            ("Autumn 2024", "Staff training on keep-up sessions."), ("September 2024", "Daily sessions began.")]
        assert study.resources == (RES_ID,)
        assert study.units == ()
        assert study.contact == "Reading network lead (reading.team@school.example)"
        assert study.published == dt.date(2025, 11, 3) and study.updated is None
        assert study.illustrative is False
        assert catalogue.counts()["case_studies"] == 1

    def test_case_study_is_listed_under_each_resource_it_names(self, library):
        write_resource(library, OTHER_RES)
        write_case_study(library, resources=f"[{RES_ID}, {OTHER_RES[:-3]}.md]")
        catalogue = valid(library)
        [study] = catalogue.case_studies
        assert study.resources == (RES_ID, OTHER_RES[:-3])
        assert catalogue.case_studies_by_resource[RES_ID] == [study]
        assert catalogue.case_studies_by_resource[OTHER_RES[:-3]] == [study]

    def test_resource_without_case_studies_has_none(self, library):
        write_resource(library, OTHER_RES)
        write_case_study(library)
        assert valid(library).case_studies_by_resource.get(OTHER_RES[:-3], []) == []

    def test_case_study_groups_by_phase_region_and_theme(self, library):
        write_case_study(library)
        library.write("case-studies/attendance-first-day.md", case_study_text(
            title="First-day calls", phase="secondary", region="london", themes="[attendance]",
            published="2025-12-01"))
        catalogue = valid(library)
        groups = catalogue.case_study_groups
        assert set(groups) == {
            "case-studies/by-phase/primary/index.md", "case-studies/by-phase/secondary/index.md",
            "case-studies/by-region/north/index.md", "case-studies/by-region/london/index.md",
            "case-studies/by-theme/reading/index.md", "case-studies/by-theme/phonics/index.md",
            "case-studies/by-theme/attendance/index.md",
        }
        assert [s.id for s in groups["case-studies/by-phase/primary/index.md"].studies] == [CS_ID]
        assert [s.id for s in groups["case-studies/by-theme/attendance/index.md"].studies] == [
            "case-studies/attendance-first-day"]
        assert groups["case-studies/by-region/north/index.md"].term.label == "North"
        assert catalogue.generated_title("case-studies/by-theme/phonics/index.md") == "Case studies: Phonics"
        # newest first
        assert [s.id for s in catalogue.case_studies] == ["case-studies/attendance-first-day", CS_ID]
        paths = catalogue.generated_paths()
        assert CASE_STUDIES_INDEX in paths
        assert all(path in paths for path in groups)

    def test_links_to_generated_case_study_pages_are_accepted(self, library):
        write_case_study(library, body=CS_BODY + "\nSee [more](by-theme/phonics/index.md) and [all](index.md).\n")
        valid(library)

    def test_optional_fields(self, library):
        write_case_study(library, illustrative="true", updated="2026-01-10", timeline=None)
        [study] = valid(library).case_studies
        assert study.illustrative is True
        assert study.updated == dt.date(2026, 1, 10)
        assert study.timeline == ()

    def test_context_without_send_band(self, library):
        write_case_study(library, context="\n  pupils_on_roll: 1500-plus\n  disadvantaged: 0-9")
        [study] = valid(library).case_studies
        assert study.context == {"pupils_on_roll": "1500-plus", "disadvantaged": "0-9"}


# -- required fields -------------------------------------------------------------------------------

REQUIRED = [spec for spec in CASE_STUDY_FIELDS if spec.required]


class TestRequiredFields:
    """Each required field is named when missing, at the top and inside context, impact and privacy."""

    def test_the_model_requires_what_the_tests_expect(self):
        assert [spec.name for spec in REQUIRED] == [
            "title", "summary", "school", "phase", "region", "context", "networks", "themes", "challenge",
            "approach", "impact", "resources", "what_did_not_work", "contact", "privacy", "published"]

    @pytest.mark.parametrize("spec", REQUIRED, ids=lambda spec: spec.name)
    def test_missing_required_field(self, library, spec):
        write_case_study(library, **{spec.name: None})
        example = [f"(e.g. `{spec.name}: {spec.example}`)"] if spec.example else []
        expect_only_error(library, CS, 1, 1, f"missing required field `{spec.name}`", *example)

    @pytest.mark.parametrize("field", ["pupils_on_roll", "disadvantaged"])
    def test_missing_context_band(self, library, field):
        context = "\n".join(line for line in CS_FIELDS["context"].split("\n") if not line.startswith(f"  {field}:"))
        text = write_case_study(library, context=context)
        expect_only_error(library, CS, locate(text, "context:")[0] + 1, 3,
                          f"missing required field `{field}` in `context`")

    @pytest.mark.parametrize("field", ["measure", "baseline", "result", "period", "source"])
    def test_missing_impact_field(self, library, field):
        text = write_case_study(library, impact=impact(**{field: None}))
        line, col = locate(text, "  - ")
        expect_only_error(library, CS, line, col + 4, f"missing required field `{field}` in this `impact` item")

    @pytest.mark.parametrize("field", ["no_pupil_names", "small_numbers_suppressed", "image_consent"])
    def test_missing_privacy_flag(self, library, field):
        flags = {"no_pupil_names": "true", "small_numbers_suppressed": "true", "image_consent": "true"}
        text = write_case_study(library, privacy="".join(f"\n  {k}: {v}" for k, v in flags.items() if k != field))
        expect_only_error(library, CS, locate(text, "privacy:")[0] + 1, 3,
                          f"missing required field `{field}` in `privacy`")

    def test_unknown_field_is_named(self, library):
        text = write_case_study(library, pupil_names="none")
        line = locate(text, "\npupil_names:")[0] + 1
        expect_only_error(library, CS, line, 1, "unknown field `pupil_names` in a case "
                          "study's front matter")

    @pytest.mark.parametrize("rel", ["case-studies/index.md", "case-studies/2025/phonics.md"])
    def test_case_study_in_the_wrong_place(self, library, rel):
        write_case_study(library, rel=rel)
        expect_only_error(library, rel, 1, 1, "case studies live directly in `case-studies/`", "not as `index.md`")


# -- the author's privacy confirmation ---------------------------------------------------------------

FLAGS = ["no_pupil_names", "small_numbers_suppressed", "image_consent"]


class TestPrivacyConfirmation:
    """`privacy` must confirm all three checks; a false flag stops publication."""

    @pytest.mark.parametrize("flag", FLAGS)
    def test_flag_false(self, library, flag):
        text = write_case_study(library, privacy=privacy(**{flag: "false"}))
        expect_only_error(library, CS, *value_at(text, flag), f"`privacy.{flag}` is false",
                          "a case study can be published only when the author confirms it",
                          "fix the text first, then set it to true")

    def test_every_false_flag_is_reported(self, library):
        write_case_study(library, privacy=privacy("false", "false", "false"))
        errors = library.errors()
        assert [e.split(": error: ")[1].split(" is false")[0] for e in errors] == [
            f"`privacy.{flag}`" for flag in FLAGS]

    def test_flag_written_no_is_false(self, library):
        text = write_case_study(library, privacy=privacy(no_pupil_names="no"))
        expect_only_error(library, CS, *value_at(text, "no_pupil_names"), "`privacy.no_pupil_names` is false")

    @pytest.mark.parametrize("raw", ["maybe", '"true"', "1"])
    def test_flag_not_a_boolean(self, library, raw):
        text = write_case_study(library, privacy=privacy(image_consent=raw))
        expect_only_error(library, CS, *value_at(text, "image_consent"), "`privacy.image_consent` is",
                          "it must be `true` or `false`")

    def test_privacy_not_a_mapping(self, library):
        text = write_case_study(library, privacy="true")
        expect_only_error(library, CS, *value_at(text, "privacy"), "`privacy` must be fields written as "
                          "`name: value`", "`no_pupil_names`")


# -- e-mail addresses ------------------------------------------------------------------------------

TEXT_FIELDS = ["title", "summary", "school", "challenge", "approach", "what_did_not_work"]


class TestEmailAddresses:
    """Only role or shared mailboxes may appear; a person's own address is refused wherever it is."""

    @pytest.mark.parametrize("contact", [
        "jane.smith@school.example", "Head of reading, j.smith@school.example", "jsmith@school.example",
    ])
    def test_personal_address_in_contact(self, library, contact):
        text = write_case_study(library, contact=contact)
        address = contact.split(" ")[-1]
        expect_only_error(library, CS, *value_at(text, "contact"), f"`contact` is a person's e-mail address "
                          f"(`{address[0]}…@…`)", "give a role (e.g. Reading network lead) or a shared mailbox")

    @pytest.mark.parametrize("contact", [
        "attendance@school.example", "reading.team@school.example", "Reading network lead",
        "Office (office@riverside.sch.example)", "Maths-Hub@school.example", "send.senco@school.example",
    ])
    def test_role_mailbox_in_contact_is_fine(self, library, contact):
        write_case_study(library, contact=contact)
        valid(library)

    @pytest.mark.parametrize("field", TEXT_FIELDS)
    def test_personal_address_in_a_text_field(self, library, field):
        text = write_case_study(library, **{field: f"{CS_FIELDS[field][:40]} j.bloggs@school.example"})
        expect_only_error(library, CS, *value_at(text, field), f"`{field}`: `j…@…` looks like "
                          "a person's e-mail address", "only a role or a shared mailbox")

    def test_personal_address_in_the_timeline(self, library):
        timeline = "\n  - when: Autumn 2024\n    what: Training led by j.bloggs@school.example."
        text = write_case_study(library, timeline=timeline)
        expect_only_error(library, CS, *value_at(text, "what"), "`timeline.what`: `j…@…` "
                          "looks like a person's e-mail address")

    def test_personal_address_in_the_body(self, library):
        body = "## Contact\n\nFor the data, write to\nsam.jones@school.example today.\n"
        text = write_case_study(library, body=body)
        expect_only_error(library, CS, *locate(text, "sam.jones@"), "`s…@…` looks like a "
                          "person's e-mail address", "(such as attendance@school.example)")

    def test_every_personal_address_in_the_body_is_reported(self, library):
        body = "## Contact\n\nWrite to a.b@school.example or c.d@school.example.\n"
        text = write_case_study(library, body=body)
        errors = library.errors()
        assert [e.split(": error: ")[0] for e in errors] == [
            f"{CS}:{locate(text, 'a.b@')[0]}:{locate(text, 'a.b@')[1]}",
            f"{CS}:{locate(text, 'c.d@')[0]}:{locate(text, 'c.d@')[1]}"]

    @pytest.mark.parametrize("address", ["attendance@school.example", "reading.team@school.example",
                                         "Info@school.example", "english-network@trust.example"])
    def test_role_mailboxes_in_the_body_are_fine(self, library, address):
        write_case_study(library, body=f"## Contact\n\nWrite to {address} for the data.\n")
        valid(library)

    @pytest.mark.parametrize("address, role", [
        ("attendance@school.example", True), ("reading.team@school.example", True), ("head@school.example", True),
        ("jane.smith@school.example", False), ("jsmith@school.example", False), ("teamwork@school.example", False),
    ])
    def test_is_role_mailbox(self, address, role):
        assert is_role_mailbox(address) is role

    def test_personal_address_in_an_impact_source(self, library):
        text = write_case_study(library, impact=impact(source="School data from j.bloggs@school.example"))
        expect_only_error_on_line(library, CS, locate(text, "source:")[0], "`j…@…`",
                                  "e-mail address")


# -- phone numbers ---------------------------------------------------------------------------------

PHONES = ["01632 960123", "+44 7700 900123", "07700900123", "07700 900 123", "0161 496 0000",
          "+44 (0)7700 900123", "+447700900123", "01632-960123", "020 7946 0000"]


def redacted(phone: str) -> str:
    """How a message shows a phone number: its first two digits (or +44) and its last two."""
    digits = "".join(c for c in phone if c.isdigit())
    return f"{'+' if phone.startswith('+') else ''}{digits[:2]}…{digits[-2:]}"


class TestPhoneNumbers:
    """UK phone numbers are refused in the body, the contact and the text fields."""

    @pytest.mark.parametrize("phone", PHONES)
    def test_phone_in_the_body(self, library, phone):
        body = f"## Contact\n\nRing the office on {phone} for details.\n"
        text = write_case_study(library, body=body)
        expect_only_error(library, CS, *locate(text, phone), f"`{redacted(phone)}` looks like a phone number",
                          "case studies must not publish phone numbers")

    @pytest.mark.parametrize("phone", ["01632 960123", "+44 7700 900123", "07700900123"])
    def test_phone_in_contact(self, library, phone):
        text = write_case_study(library, contact=f"Reading lead, {phone}")
        expect_only_error(library, CS, *value_at(text, "contact"), f"`contact` has a phone number (`{redacted(phone)}`)",
                          "give a role or a shared mailbox instead")

    def test_phone_and_personal_address_in_contact_are_both_reported(self, library):
        text = write_case_study(library, contact="Jane Smith, jane.smith@school.example, 01632 960123")
        errors = expect_error(library, CS, *value_at(text, "contact"), "`contact` has a phone number")
        assert len(errors) == 2 and "`contact` is a person's e-mail address" in "".join(errors)

    @pytest.mark.parametrize("field", TEXT_FIELDS)
    def test_phone_in_a_text_field(self, library, field):
        text = write_case_study(library, **{field: f"{CS_FIELDS[field][:40]} 07700 900123"})
        expect_only_error(library, CS, *value_at(text, field), f"`{field}`: `07…23` looks like a phone "
                          "number")

    @pytest.mark.parametrize("snippet", [
        "Attendance rose from 91.2% to 95.0% in 2024-25.",
        "Results for 2023-24 to 2024-25: 68 then 81 (a rise of 13 points).",
        "In Autumn 2024 and September 2024 we met on 01/09/2024 and 2024-10-15.",
        "The school has 350 pupils, 1,250 books and URN 100000.",
        "Version 2.0.1 of the plan, section 0.5.",
    ])
    def test_ordinary_numbers_are_not_phone_numbers(self, library, snippet):
        write_case_study(library, body=f"## Results\n\n{snippet}\n")
        valid(library)

    def test_area_code_in_brackets(self, library):
        text = write_case_study(library, body="## Contact\n\nRing (01632) 960123 for details.\n")
        expect_only_error_on_line(library, CS, locate(text, "(01632)")[0], "looks like a phone number")


# -- dates of birth --------------------------------------------------------------------------------


class TestDatesOfBirth:
    """A date of birth could identify a pupil; ordinary dates in a timeline are fine."""

    @pytest.mark.parametrize("snippet, needle", [
        ("One pupil (DOB 12/03/2016) made rapid progress.", "DOB"),
        ("A pupil born on 3 March 2016 joined in Year 2.", "born on"),
        ("Records list the date of birth: 2016-03-12 for one pupil.", "date of birth"),
        ("Her birthday, 12th March 2016, fell in the testing week.", "birthday"),
        ("dob: 12.03.16 was on the form.", "dob"),
    ])
    def test_date_of_birth_in_the_body(self, library, snippet, needle):
        text = write_case_study(library, body=f"## Story\n\n{snippet}\n")
        expect_only_error(library, CS, *locate(text, needle), "this looks like a date of birth",
                          "could identify a pupil")

    @pytest.mark.parametrize("field", ["challenge", "approach", "what_did_not_work"])
    def test_date_of_birth_in_a_text_field(self, library, field):
        text = write_case_study(library, **{field: "One pupil, born on 3 March 2016, struggled."})
        expect_only_error(library, CS, *value_at(text, field), f"`{field}`: this looks like a date of birth")

    @pytest.mark.parametrize("snippet", [
        "We started in Autumn 2024 and reviewed in September 2024.",
        "The plan was agreed on 3 March 2024 and reviewed on 2024-07-12.",
        "Pupils born in 2016 were in Year 2 that year.",
        "The school was born out of a merger in 2012.",
    ])
    def test_ordinary_dates_are_fine(self, library, snippet):
        write_case_study(library, body=f"## Timeline\n\n{snippet}\n")
        valid(library)

    def test_dotted_dob(self, library):
        text = write_case_study(library, body="## Story\n\nOne pupil (D.O.B. 12/03/2016) made rapid progress.\n")
        expect_only_error_on_line(library, CS, locate(text, "D.O.B.")[0], "this looks like a date of birth")

    def test_privacy_problems_function(self):
        found = privacy_problems("Call 01632 960123 or jane.smith@school.example; DOB 12/03/2016.")
        assert [(offset, message.split(" ")[0]) for offset, message in sorted(found)] == [
            (5, "`01…23`"), (21, "`j…@…`"), (48, "this")]
        assert privacy_problems("Ask attendance@school.example in Autumn 2024.") == []


# -- images ----------------------------------------------------------------------------------------

IMAGES = "\n  - path: images/reading-corner.png\n    alt: {alt}\n    consent: {consent}"
IMAGE_BODY = CS_BODY + "\n![Pupils reading in the library corner](images/reading-corner.png)\n"
PNG = b"\x89PNG\r\n\x1a\n"


class TestImages:
    """An image in the text must be declared in `images` with alt text and consent, and must exist."""

    def test_declared_image_with_alt_and_consent_is_fine(self, library):
        library.write(IMAGE, PNG)
        write_case_study(library, body=IMAGE_BODY, images=IMAGES.format(alt="Pupils reading", consent="true"))
        valid(library)

    def test_html_image_declared_is_fine(self, library):
        library.write(IMAGE, PNG)
        write_case_study(library, body=CS_BODY + '\n<img src="images/reading-corner.png" alt="Pupils reading">\n',
                         images=IMAGES.format(alt="Pupils reading", consent="true"))
        valid(library)

    def test_image_not_declared(self, library):
        library.write(IMAGE, PNG)
        text = write_case_study(library, body=IMAGE_BODY)
        expect_only_error(library, CS, *locate(text, "![Pupils"), "image `images/reading-corner.png` is not listed "
                          "in `images`", "list it with its alt text and `consent: true`")

    def test_html_image_not_declared(self, library):
        library.write(IMAGE, PNG)
        text = write_case_study(library, body=CS_BODY + '\n<img src="images/reading-corner.png" alt="Reading">\n')
        expect_only_error(library, CS, *locate(text, "<img"), "image `images/reading-corner.png` is not listed")

    def test_image_declared_without_consent(self, library):
        library.write(IMAGE, PNG)
        text = write_case_study(library, body=IMAGE_BODY, images=IMAGES.format(alt="Pupils reading", consent="false"))
        line, col = locate(text, "    consent: false")
        expect_only_error(library, CS, line, col + len("    consent: "), "image `images/reading-corner.png` has no "
                          "consent", "set `consent: true` only when consent was given, or remove the image")

    def test_image_declared_with_empty_alt(self, library):
        library.write(IMAGE, PNG)
        text = write_case_study(library, body=IMAGE_BODY, images=IMAGES.format(alt='""', consent="true"))
        expect_error(library, CS, *value_at(text, "alt"), "`images.alt` is empty")

    @pytest.mark.parametrize("images", [IMAGES.format(alt='""', consent="true"),
                                        "\n  - path: images/reading-corner.png\n    alt: Pupils reading"],
                             ids=["empty-alt", "no-consent-field"])
    def test_image_with_a_problem_is_not_also_unlisted(self, library, images):
        library.write(IMAGE, PNG)
        write_case_study(library, body=IMAGE_BODY, images=images)
        errors = library.errors()
        assert len(errors) == 1 and "not listed in `images`" not in errors[0], errors

    def test_declared_image_that_does_not_exist(self, library):
        text = write_case_study(library, body=IMAGE_BODY, images=IMAGES.format(alt="Pupils reading", consent="true"))
        errors = expect_error(library, CS, *value_at(text, "path"), "image `images/reading-corner.png` does "
                              "not exist (looked for `case-studies/images/reading-corner.png`)")
        # the body's link to it is broken too, and says so where it is
        line, col = locate(text, "![Pupils")
        prefix = f"{CS}:{line}:{col}: error: link `images/reading-corner.png` points to"
        assert any(e.startswith(prefix) for e in errors)
        assert len(errors) == 2

    def test_markdown_image_without_alt(self, library):
        library.write(IMAGE, PNG)
        text = write_case_study(library, body=CS_BODY + "\n![](images/reading-corner.png)\n",
                                images=IMAGES.format(alt="Pupils reading", consent="true"))
        expect_only_error(library, CS, *locate(text, "![]"), "image without alt text", "`![description](...)`")

    def test_html_image_without_alt(self, library):
        library.write(IMAGE, PNG)
        text = write_case_study(library, body=CS_BODY + '\n<img src="images/reading-corner.png">\n',
                                images=IMAGES.format(alt="Pupils reading", consent="true"))
        expect_only_error_on_line(library, CS, locate(text, "<img")[0], "alt")

    def test_image_path_is_relative_to_the_case_study(self, library):
        library.write(IMAGE, PNG)
        write_case_study(library, body=CS_BODY + "\n![Pupils reading](./images/../images/reading-corner.png)\n",
                         images="\n  - path: ./images/reading-corner.png\n    alt: Pupils reading\n    consent: true")
        valid(library)

    def test_declared_but_unused_image_is_fine(self, library):
        library.write(IMAGE, PNG)
        write_case_study(library, images=IMAGES.format(alt="Pupils reading", consent="true"))
        valid(library)


# -- references to resources and units -------------------------------------------------------------


class TestReferences:
    """`resources` must name published resources; `units` must name current units."""

    def test_unknown_resource_suggests_the_nearest(self, library):
        text = write_case_study(library, resources="[networks/reading/keep-up-phonic]")
        expect_only_error(library, CS, *locate(text, "networks/reading/keep-up-phonic]"),
                          "`resources` names `networks/reading/keep-up-phonic`, which is not a resource",
                          f"did you mean `{RES_ID}`?", "(an id is the file's path under content/ without `.md`)")

    def test_resource_that_is_a_draft(self, library):
        library.resource(OTHER_RES, title="Draft", status="draft")
        text = write_case_study(library, resources=f"[{RES_ID}, {OTHER_RES[:-3]}]")
        expect_only_error(library, CS, *locate(text, OTHER_RES[:-3]), f"`resources` names `{OTHER_RES[:-3]}`, "
                          "which is a draft and is not published")

    def test_resource_that_is_a_page(self, library):
        library.write("about.md", "---\ntitle: About\n---\n\nText.\n")
        text = write_case_study(library, resources="[about]")
        expect_only_error(library, CS, *locate(text, "about]"), "`resources` names `about`, which is not a resource")

    def test_empty_resources(self, library):
        text = write_case_study(library, resources="[]")
        expect_only_error(library, CS, *value_at(text, "resources"), "`resources` is an empty list")

    def test_case_study_names_a_unit(self, library):
        library.write(ENT, ENTITLEMENT)
        write_case_study(library, units="[english/primary/y2-phonics]",
                         body=CS_BODY + f"\nSee [the unit]({UNIT_PAGE}).\n")
        catalogue = valid(library)
        [study] = catalogue.case_studies
        assert study.units == ("english/primary/y2-phonics",)
        assert catalogue.case_studies_by_unit["english/primary/y2-phonics"] == [study]

    def test_case_study_names_an_unknown_unit(self, library):
        library.write(ENT, ENTITLEMENT)
        text = write_case_study(library, units="[english/primary/y2-phonic]")
        expect_only_error(library, CS, *locate(text, "english/primary/y2-phonic]"),
                          "unknown unit `english/primary/y2-phonic`; did you mean `english/primary/y2-phonics`?")

    def test_case_study_links_to_a_unit_that_does_not_exist(self, library):
        library.write(ENT, ENTITLEMENT)
        target = "../entitlements/english/primary/units/y2-reading/index.md"
        text = write_case_study(library, body=CS_BODY + f"\nSee [the unit]({target}).\n")
        expect_only_error(library, CS, *locate(text, "[the unit]"), f"link `{target}` points to",
                          "which does not exist under content/")


# -- impact, context and other values ----------------------------------------------------------------


class TestValues:
    """Figures must be numbers; measures and bands come from taxonomy.yml; illustrative is a boolean."""

    @pytest.mark.parametrize("field, raw", [("baseline", "high"), ("result", "about 80"), ("baseline", "[68]")])
    def test_impact_figure_not_a_number(self, library, field, raw):
        text = write_case_study(library, impact=impact(**{field: raw}))
        expect_only_error(library, CS, *value_at(text, field), f"`impact.{field}` is",
                          "it must be a number, e.g. ")

    def test_impact_figures_as_percent_and_decimal(self, library):
        write_case_study(library, impact=impact(baseline="68.5%", result="'81'"))
        [study] = valid(library).case_studies
        assert (study.impact[0].baseline, study.impact[0].result) == (68.5, 81.0)

    def test_impact_measure_outside_the_vocabulary(self, library):
        text = write_case_study(library, impact=impact(measure="phonics"))
        expect_only_error(library, CS, *value_at(text, "measure"), "`phonics` is not in the impact measures listed "
                          "in taxonomy.yml", "did you mean `phonics-check`?", "allowed: phonics-check, reading-age")

    @pytest.mark.parametrize("field, raw, found", [
        ("pupils_on_roll", "350", "`context.pupils_on_roll` was read as the number 350; it must be one of: "
         "under-200, 200-399"),
        ("pupils_on_roll", "about 350", "`about 350` is not in the roll bands listed in taxonomy.yml"),
        ("disadvantaged", "35%", "`35%` is not in the percent bands listed in taxonomy.yml"),
        ("send", "10-20", "`10-20` is not in the percent bands listed in taxonomy.yml"),
    ])
    def test_context_band_outside_the_vocabulary(self, library, field, raw, found):
        context = re.sub(rf"({field}: )\S+", rf"\g<1>{raw}", CS_FIELDS["context"])
        text = write_case_study(library, context=context)
        allowed = "1500-plus" if field == "pupils_on_roll" else "50-plus"
        expect_only_error(library, CS, *value_at(text, field), found, allowed)

    @pytest.mark.parametrize("field, raw, suggestion", [
        ("phase", "Primary", "primary"), ("region", "northern", "north"), ("themes", "[phonic]", "phonics"),
        ("networks", "[read]", "reading"),
    ])
    def test_vocabulary_suggestions(self, library, field, raw, suggestion):
        text = write_case_study(library, **{field: raw})
        line, col = value_at(text, field)
        expect_only_error(library, CS, line, col + raw.startswith("["), f"did you mean `{suggestion}`?")

    @pytest.mark.parametrize("raw, expected", [("true", True), ("false", False), ("yes", True), ("no", False),
                                               ("on", True)])
    def test_illustrative_accepts_yaml_booleans(self, library, raw, expected):
        # YAML 1.1 reads unquoted yes/no/on as booleans, and a boolean field takes them as written.
        write_case_study(library, illustrative=raw)
        [study] = valid(library).case_studies
        assert study.illustrative is expected

    def test_illustrative_left_out_is_false(self, library):
        write_case_study(library)
        assert valid(library).case_studies[0].illustrative is False

    @pytest.mark.parametrize("raw", ['"yes"', "maybe", "1", "[true]"])
    def test_illustrative_must_be_a_boolean(self, library, raw):
        text = write_case_study(library, illustrative=raw)
        expect_only_error(library, CS, *value_at(text, "illustrative"), "`illustrative` is",
                          "it must be `true` or `false`")

    def test_updated_date_must_be_a_date(self, library):
        text = write_case_study(library, updated="Feb 2026")
        expect_only_error(library, CS, *value_at(text, "updated"), "`updated` is `Feb 2026`", "YYYY-MM-DD")


# -- the command line -------------------------------------------------------------------------------

DIAGNOSTIC_LINE = re.compile(r"^content/[^:\n]+:(\d+):(\d+): (error|warning): [^\n]+$")




def check_lines(library: LibraryDir) -> tuple[subprocess.CompletedProcess, list[str]]:
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    result = projecth("check", "content", "--today", "2026-11-23", cwd=library.root)
    return result, result.stdout.splitlines()


def assert_one_sorted_line_each(lines: list[str], stdout: str) -> None:
    assert all(DIAGNOSTIC_LINE.match(line) for line in lines), stdout
    keys = [(line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])) for line in lines]
    assert keys == sorted(keys), stdout


class TestCommandLine:
    """`projecth check` prints one line per problem, sorted by file, line and column."""

    def test_case_study_problems_one_sorted_line_each(self, library):
        body = ("## Story\n\nRing 01632 960123 or write to jane.smith@school.example.\n\n"
                "A pupil born on 3 March 2016 joined.\n\n![](images/missing.png)\n")
        write_case_study(library, body=body, contact="j.smith@school.example", privacy=privacy(image_consent="false"),
                         resources="[networks/reading/nothing]", illustrative="maybe")
        library.write("case-studies/another.md", case_study_text(impact=impact(baseline="lots")))
        result, lines = check_lines(library)
        assert result.returncode == 1
        assert len(lines) >= 10, result.stdout
        assert_one_sorted_line_each(lines, result.stdout)
        assert lines[0].startswith("content/case-studies/another.md:")
        assert f"{len(lines)} error(s) in 2 file(s)" in result.stderr
        assert lines[-1].startswith(f"content/{CS}:") and "link `images/missing.png` points to" in lines[-1]

    def test_valid_case_study_passes(self, library):
        write_case_study(library)
        result, lines = check_lines(library)
        assert result.returncode == 0, result.stdout
        assert lines == []

    def test_phone_number_wrapped_across_lines_stays_one_line(self, library):
        write_case_study(library, body="## Contact\n\nRing the office on 07700\n900123 for details.\n")
        result, lines = check_lines(library)
        assert result.returncode == 1
        assert len(lines) == 1, result.stdout
        assert_one_sorted_line_each(lines, result.stdout)
