"""Case-study privacy checks that a motivated person cannot walk round (issue 15, items 5 and 7).

Every walk-round the red team found, and variants of them, goes through the real loader
(`load_library` via the `library` fixture) or `projecth check` on a temporary content
folder, with the real taxonomy; each must be refused at the line where it was written, with
what was found redacted. The last part measures how the checks grow with the length of
each pattern's worst case, from 10^3 to 10^6 characters, and fails if the time grows much
faster than the length.
"""

from __future__ import annotations

import time

import pytest

from assertions import locate
from conftest import LibraryDir
from projecth.core.security import privacy
from projecth.core.security.privacy import find_images, find_personal_data
from test_case_studies import (CS, CS_BODY, IMAGE, IMAGES, case_study_text, check_lines, valid, value_at,
                               write_case_study)


def body_errors(library: LibraryDir, snippet: str) -> tuple[str, list[str]]:
    text = write_case_study(library, body=f"## Story\n\n{snippet}\n")
    return text, library.errors()


def assert_one_at(library: LibraryDir, snippet: str, needle: str, *phrases: str) -> str:
    """The snippet in the body gives exactly one error, on the line where `needle` is, with every phrase."""
    text, errors = body_errors(library, snippet)
    line, _ = locate(text, needle)
    assert len(errors) == 1, "\n".join(errors)
    assert errors[0].startswith(f"{CS}:{line}:") and all(p in errors[0] for p in phrases), errors[0]
    return errors[0]


# -- e-mail addresses however they are written ----------------------------------------------------------

HIDDEN_EMAILS = [
    ("jane&#64;school.example", "jane"),
    ("jane&commat;school&period;example", "jane"),
    ("jane&#x40;school.example", "jane"),
    ("jane&amp;#64;school.example", "jane"),  # shown on the page as jane&#64;school.example
    ("ja\u200bne.smi\u200dth@school.example", "ja"),  # zero-width space and joiner
    ("jane\u00ad.smith@school\u2060.example", "jane"),  # soft hyphen, word joiner
    ("ja&#8203;ne@school.example", "ja"),
    ("jane<span>.</span>smith@school.example", "jane"),
    ("jane<b></b>@<i>school</i>.example", "jane"),
    ("jane**.**smith@school.example", "jane"),
    ("jane\\.smith\\@school.example", "jane"),
    ("<jane.smith@school.example>", "jane"),  # an autolink
    ('<a href="mailto:jane.smith@school.example">write to us</a>', "<a"),
    ('<a href="mailto:jane.smith%40school.example">write to us</a>', "<a"),
    ("jane at school dot example dot uk", "jane"),
    ("jane dot smith at school dot org", "jane"),
    ("name at school dot org", "name at"),
    ("jane (at) school (dot) org", "jane"),
    ("jane [at] school [dot] org", "jane"),
    ("jane {at} school {dot} sch {dot} uk", "jane"),
    ("jane [ AT ] school [ DOT ] org", "jane"),
    ("jane.smith @ school.example", "jane"),
    ("jane . smith @ school . org", "jane"),
    ("jane.smith AT school DOT org", "jane"),
    ("jane\uff20school\uff0eorg", "jane"),  # full-width @ and .
    ("\uff4a\uff41\uff4e\uff45@school.org", "\uff4a"),  # full-width letters
    ("j\u0332a\u0332n\u0332e\u0332@school.org", "j"),  # combining underline
    ("jane.smith.head@school.example", "jane"),  # a role word does not make it shared
    ("head.jsmith@school.example", "head"),
    ("office+jane@school.example", "office"),
    ("jane.smith@school.example", "jane"),
]


class TestHiddenEmailAddresses:
    @pytest.mark.parametrize("snippet, needle", HIDDEN_EMAILS, ids=[s for s, _ in HIDDEN_EMAILS])
    def test_refused_in_the_body(self, library, snippet, needle):
        error = assert_one_at(library, f"For the data, write to {snippet} today.", needle,
                              "looks like a person's e-mail address", "role mailbox")
        assert "smith" not in error.split(": error: ")[1].split(":")[0], "the message must not repeat the address"

    def test_the_message_is_redacted(self, library):
        error = assert_one_at(library, "Write to jane.smith@school.example.", "jane", "`j…@…`")
        assert "jane.smith" not in error and "school.example`" not in error

    def test_split_over_two_lines_is_found_on_the_first(self, library):
        text = write_case_study(library, body="## Story\n\nWrite to jane dot smith\nat school dot org today.\n")
        errors = library.errors()
        assert len(errors) == 1 and errors[0].startswith(f"{CS}:{locate(text, 'jane dot')[0]}:"), errors

    @pytest.mark.parametrize("snippet", [
        "Visit us at trust.org.uk for more.",
        "See our website at riverside.sch.uk for the plan.",
        "Pupils looked at a dot on the map.",
        "We met at school. Then we planned.",
        "Ask office (at) riverside dot sch dot uk, or attendance [at] school [dot] example.",
        "The reading network at reading.team@school.example shared its plan.",
        "Version 1.2@3.4 of the tracker.",
    ])
    def test_ordinary_prose_and_role_mailboxes_pass(self, library, snippet):
        write_case_study(library, body=f"## Story\n\n{snippet}\n")
        valid(library)

    @pytest.mark.parametrize("local, role", [
        ("reading", True), ("attendance.team", True), ("maths-hub", True), ("english-network", True),
        ("jane.smith.head", False), ("headteacher.jsmith", False), ("teamwork", False), ("readingjane", False),
        ("office+jane", False), ("info", True), ("admin", True), ("enquiries", True),
    ])
    def test_role_mailboxes_are_an_allow_list_of_exact_parts(self, local, role):
        assert privacy.is_role_mailbox(f"{local}@school.example") is role

    def test_network_names_from_the_taxonomy_are_role_mailboxes(self, library):
        # `attendance` is a network in the real taxonomy; `sensory` is not a role word
        write_case_study(library, body="## Story\n\nWrite to attendance-network@school.example.\n")
        valid(library)
        assert privacy.is_role_mailbox("sensory@school.example") is False
        assert privacy.is_role_mailbox("sensory@school.example", privacy.network_words(["sensory"])) is True


# -- phone numbers however they are written -------------------------------------------------------------

HIDDEN_PHONES = [
    "07700.900.123", "07700/900123", "01632 / 960 123", "0161.496.0000", "07700&#32;900&#32;123",
    "&#48;7700 900123", "0044 7700 900123", "00 44 7700 900123", "0044 (0)7700 900123", "+44 (0)7700 900123",
    "+44 (0) 7700 900 123", "+ 44 7700 900123", "+44.7700.900123", "07700-900-123", "07700 - 900 - 123",
    "0 7 7 0 0 9 0 0 1 2 3", "0\u200b7700 900123", "\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13",
    "07700\u2013900123", "07700\u00a0900123", "<span>07700</span> <span>900123</span>", "077<b>00</b>900123",
    "(020) 7946 0000", "+33 1 23 45 67 89", "+1 202 555 0100", "0033 1 23 45 67 89",
]


class TestHiddenPhoneNumbers:
    @pytest.mark.parametrize("phone", HIDDEN_PHONES)
    def test_refused_in_the_body(self, library, phone):
        error = assert_one_at(library, f"Ring the office on {phone} for details.", "Ring",
                              "looks like a phone number", "must not publish phone numbers")
        assert "900123" not in error and "7946" not in error

    @pytest.mark.parametrize("snippet", [
        "In Autumn 2024 and September 2024 we met on 01/09/2024 and 2024-10-15.",
        "From 01/09/2024 - 15/10/2024 the sessions ran daily.",
        "Attendance rose from 91.2% to 95.0% in 2024-25; 0.5 of a grade on average.",
        "The school has 350 pupils, 1,250 books and URN 100000.",
        "Scores of 0 to 10, then 2023-24 to 2024-25.",
    ])
    def test_ordinary_numbers_pass(self, library, snippet):
        write_case_study(library, body=f"## Results\n\n{snippet}\n")
        valid(library)


# -- dates of birth in any wording ----------------------------------------------------------------------

BIRTHS = [
    ("One pupil (b. 12/03/2016) joined.", "b. 12"),
    ("DOB 12th of March 2016 was on the form.", "DOB"),
    ("A pupil born on 3 March 2016 joined.", "born"),
    ("Her date of birth: 2016-03-12.", "date of birth"),
    ("D.O.B.: 12.03.16.", "D.O.B."),
    ("d o b 12 03 2016.", "d o b"),
    ("Born 12-Mar-2016, she joined.", "Born"),
    ("Her birthday is on the twelfth of March.", "birthday"),
    ("He was born on the twenty-first of June, 2016.", "born"),
    ("His birthdate is March 3rd, 2016.", "birthdate"),
    ("She was born 12032016.", "born"),
    ("12 March 2016 (her date of birth).", "12 March"),
    ("BORN ON 3 MARCH 2016.", "BORN"),
    ("bo&#114;n on 3 March 2016.", "bo&#114;n"),
    ("b\u200born on 3 March 2016.", "b\u200born"),
    ("born on <b>3 March 2016</b>.", "born"),
    ("born on \uff13 March 2016.", "born"),
]


class TestDatesOfBirth:
    @pytest.mark.parametrize("snippet, needle", BIRTHS, ids=[s for s, _ in BIRTHS])
    def test_refused_in_the_body(self, library, snippet, needle):
        assert_one_at(library, snippet, needle, "this looks like a date of birth", "age bands")

    @pytest.mark.parametrize("snippet", [
        "Pupils born in 2016 were in Year 2 that year.",
        "The school was born out of a merger in 2012.",
        "Pupils born in 2016 joined on 3 March 2024.",
        "She was born abroad. On 3 March 2024 she joined the school.",
        "We started on 3 March 2024 and reviewed on 2024-07-12; Autumn 2024 was busy.",
        "The idea was born at a network meeting.",
    ])
    def test_timeline_dates_pass(self, library, snippet):
        write_case_study(library, body=f"## Timeline\n\n{snippet}\n")
        valid(library)


# -- every field of a case study ------------------------------------------------------------------------


class TestEveryField:
    def test_date_of_birth_in_contact(self, library):
        text = write_case_study(library, contact="Reading lead (born 12/03/1980)")
        errors = library.errors()
        assert errors == [e for e in errors if e.startswith(f"{CS}:{value_at(text, 'contact')[0]}:")]
        assert len(errors) == 1 and "`contact`: this looks like a date of birth" in errors[0]

    @pytest.mark.parametrize("contact", ["jane&#64;school.example", "jane at school dot org",
                                         "j\u200bsmith@school.example", "head.jsmith@school.example"])
    def test_hidden_personal_address_in_contact(self, library, contact):
        text = write_case_study(library, contact=f'"{contact}"')
        errors = [e for e in library.errors() if "`contact` is a person's e-mail address" in e]
        assert len(errors) == 1 and errors[0].startswith(f"{CS}:{value_at(text, 'contact')[0]}:"), errors

    def test_hidden_phone_in_contact(self, library):
        text = write_case_study(library, contact="Reading lead, 07700.900.123")
        errors = library.errors()
        assert len(errors) == 1 and "`contact` has a phone number (`07…23`)" in errors[0], errors
        assert errors[0].startswith(f"{CS}:{value_at(text, 'contact')[0]}:")

    @pytest.mark.parametrize("field, value, name", [
        ("timeline", "\n  - when: born 12/03/2016\n    what: Joined the school.", "timeline.when"),
        ("impact", None, "impact.period"),
        ("context", "\n  pupils_on_roll: 200-399\n  disadvantaged: 30-39\n  send: 07700 900123", "context.send"),
    ])
    def test_nested_fields(self, library, field, value, name):
        from test_case_studies import impact
        if value is None:
            value = impact(period="2023-24, ring 07700 900123")
        write_case_study(library, **{field: value})
        errors = library.errors()
        assert any(f"`{name}`:" in e for e in errors), errors

    def test_image_alt_text_in_front_matter(self, library):
        write_case_study(library, body=CS_BODY + "\n![Pupils reading](images/reading-corner.png)\n",
                         images=IMAGES.format(alt="Jane, DOB 12/03/2016", consent="true"))
        library.write(IMAGE, b"\x89PNG\r\n\x1a\n")
        errors = library.errors()
        assert len(errors) == 1 and "`images.alt`: this looks like a date of birth" in errors[0], errors

    def test_a_phone_number_typed_as_a_number(self, library):
        from test_case_studies import impact
        write_case_study(library, impact=impact(baseline="07700900123"))
        assert any("`impact.baseline`" in e and "phone number" in e for e in library.errors())

    def test_the_starter_content_passes(self):
        from pathlib import Path

        from assertions import projecth
        root = Path(__file__).resolve().parent.parent
        result = projecth("check", "content", cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr


# -- every image form -----------------------------------------------------------------------------------

DECLARED = IMAGES.format(alt="Pupils reading", consent="true")
NO_ALT = "image without alt text"
UNLISTED = "is not listed in `images`"


class TestImages:
    @pytest.mark.parametrize("snippet, found", [
        ("![Pupils][pic]\n\n[pic]: images/pupil.png", UNLISTED),
        ("![][pic]\n\n[pic]: images/reading-corner.png", NO_ALT),
        ("![pic]\n\n[pic]: images/pupil.png", UNLISTED),
        ("![Pupils][]\n\n[pupils]: images/pupil.png", UNLISTED),
        ("![Pupils][pic]\n\n[pic]: images/reading-corner.png\n[PIC]: images/pupil.png", UNLISTED),
        ('<img src="images/reading-corner.png" srcset="images/pupil.png 2x" alt="Reading">', UNLISTED),
        ('<img srcset="images/pupil.png 1x, images/reading-corner.png 2x" alt="Reading">', UNLISTED),
        ('<picture><source srcset="images/pupil.webp"><img src="images/reading-corner.png" alt="Reading">'
         "</picture>", UNLISTED),
        ('<svg><image href="images/pupil.png" aria-label="A pupil"/></svg>', UNLISTED),
        ('<svg><image xlink:href="images/reading-corner.png"/></svg>', NO_ALT),
        ('<svg><filter><feImage href="images/pupil.png"/></filter></svg>', UNLISTED),
        ('<video poster="images/pupil.png" src="images/reading-corner.png"></video>', UNLISTED),
        ('<input type="image" src="images/reading-corner.png">', NO_ALT),
        ("![Pupils reading](images/reading-corner.png){: alt=\"\" }", NO_ALT),
        ("![Pupils reading](images/reading-corner.png){: srcset=\"images/pupil.png 2x\" }", UNLISTED),
        ("![Pupils reading](images/reading-corner.png){: src=\"images/pupil.png\" }", UNLISTED),
        ("![&#8203;](images/reading-corner.png)", NO_ALT),
        ("![**](images/reading-corner.png)", NO_ALT),
        ('<img src="images/reading-corner.png" alt="&nbsp;">', NO_ALT),
        ('<IMG SRC="images/pupil.png" ALT="Pupil">', UNLISTED),
        ('<img alt="Reading" src="images/pupil&#46;png">', UNLISTED),
        ('<img alt="a > b" src="images/pupil.png">', UNLISTED),
        ("![Pupil](https://other.example/pupil.png)", UNLISTED),
    ])
    def test_refused(self, library, snippet, found):
        library.write(IMAGE, b"\x89PNG\r\n\x1a\n")
        text = write_case_study(library, body=CS_BODY + "\n" + snippet + "\n", images=DECLARED)
        first = snippet.split("\n")[0][:4]
        errors = library.errors()
        assert errors and any(found in e for e in errors), errors
        line = locate(text, first, 1)[0]
        assert all(e.startswith(f"{CS}:{line}:") for e in errors if found in e), errors

    @pytest.mark.parametrize("snippet", [
        "![Pupils reading][pic]\n\n[pic]: images/reading-corner.png",
        '<picture><source srcset="images/reading-corner.png"><img src="images/reading-corner.png" '
        'alt="Reading"></picture>',
        "![Pupils reading](images/reading-corner.png){: .wide }",
        # (raw `<svg>` is refused by the content policy itself, however its image is declared)
        "![Pupils reading](images/reading-corner.png?v=2)",
        "[not an image][nothing] and ![undefined reference] shown as text",
    ])
    def test_declared_forms_pass(self, library, snippet):
        library.write(IMAGE, b"\x89PNG\r\n\x1a\n")
        write_case_study(library, body=CS_BODY + "\n" + snippet + "\n", images=DECLARED)
        valid(library)

    def test_find_images_reads_every_form(self):
        text = ('![a](x.png) ![b][r] <img src="y.png" srcset="z.png 2x, w.png 3x" alt="c"> '
                '<source src="v.webm"> <svg><image href="u.png"/></svg>\n\n[r]: t.png\n')
        assert [use.urls for use in find_images(text)] == [
            ("x.png",), ("t.png",), ("y.png", "z.png", "w.png"), ("v.webm",), ("u.png",)]


# -- the command line -------------------------------------------------------------------------------------


def test_projecth_check_reports_each_walk_round_once_located_and_redacted(library):
    body = ("## Story\n\nWrite to jane&#64;school.example or sam dot jones at school dot org.\n\n"
            "Ring 0044 7700 900123.\n\nOne pupil (b. 12/03/2016) joined.\n")
    text = write_case_study(library, body=body)
    result, lines = check_lines(library)
    assert result.returncode == 1
    expected = [locate(text, "jane&#64;"), locate(text, "sam dot"), locate(text, "0044"), locate(text, "b. 12")]
    assert [tuple(int(x) for x in line.split(":")[1:3]) for line in lines] == expected, result.stdout
    assert "jane" not in result.stdout and "jones" not in result.stdout and "900123" not in result.stdout


# -- linear time ------------------------------------------------------------------------------------------

WORST_CASES = {
    "e-mail chain": "a.", "many @": "a@", "addresses": "a@a.", "spelt at": " at ", "spelt dot": " dot ",
    "bracketed at": "(at)", "entities": "&amp;", "entity starts": "&#", "ampersands": "&", "tag starts": "<a",
    "open quotes": '<img alt="', "spaced digits": "0 ", "zeros": "0", "plus signs": "+ 0", "dashed": "0-",
    "dates": "01/01/2000 ", "birth words": "born ", "birth and number": "born 1 ", "worded dates": "12 march ",
    "b.": "b. ", "image starts": "![", "inline images": "![a](", "references": "![a][", "definitions": "[a]: x\n",
    "attribute lists": "![a](x){", "zero-width": "\u200b", "ligatures": "\ufb01", "accents": "\u00e9",
    "spaces": "  ", "backslashes": "\\", "mixed": "jane dot smith at 0", "srcset": '<img srcset="a,',
    "emphasis": "**", "phone-like": "07700 900123 ",
}


def _time(text: str) -> float:
    start = time.perf_counter()
    find_personal_data(text)
    try:
        find_images(text)
    except privacy.TooMuch:
        pass
    return time.perf_counter() - start


@pytest.mark.parametrize("unit", WORST_CASES.values(), ids=WORST_CASES.keys())
def test_each_pattern_grows_linearly(unit):
    """From 10^3 to 10^6 characters of each pattern's worst case, time grows about as the length does.

    Ratios, not seconds: each tenfold longer text may take at most 30 times as long from 10^5
    to 10^6 (a quadratic pattern takes 100 times as long) and 50 times from 10^4 to 10^5, where
    caches and start-up still show; the smaller sizes take the best of three runs."""
    sizes = (10**3, 10**4, 10**5, 10**6)
    times = {}
    for size in sizes:
        text = (unit * (size // len(unit) + 1))[:size]
        times[size] = min(_time(text) for _ in range(3 if size < 10**6 else 1))
    assert times[10**6] / max(times[10**5], 1e-4) < 30, times
    assert times[10**5] / max(times[10**4], 1e-4) < 50, times


def test_a_large_case_study_grows_linearly(library):
    """A real case study's body repeated to 100 KB and to 1 MB checks ten times slower, not a hundred."""
    paragraph = ("We trained every adult to run keep-up sessions at 9 am, and the reading network shared its "
                 "plan on 3 March 2024 (see attendance@school.example). **Results** rose from 68% to 81%.\n\n")

    def check_seconds(size: int) -> float:
        body = "## Story\n\n" + paragraph * (size // len(paragraph))
        write_case_study(library, body=body)
        start = time.perf_counter()
        errors = library.errors()
        assert errors == [], errors[:3]
        return time.perf_counter() - start

    check_seconds(10_000)
    small, large = check_seconds(100_000), check_seconds(1_000_000)
    assert large / small < 25, (small, large)


def test_a_text_needing_more_work_than_any_case_study_is_refused_at_its_line(library):
    body = "## Story\n\n" + "Write to office at school.\n" * 5 + "a@ " * 250_000 + "\n"
    text = write_case_study(library, body=body)
    errors = library.errors()
    assert any("too long or too full of markup to check for personal data" in e for e in errors), errors[:3]
    line = int(next(e for e in errors if "too long" in e).split(":")[1])
    assert line == locate(text, "a@ ")[0]
