"""Finding personal data in a case study, however it is written.

A case study may publish a role or a shared mailbox, but never a person's own
e-mail address, a phone number or a date of birth. Someone who wants to get
one past the check can hide it from a plain pattern: `jane&#64;school.org`,
`jane<span>.</span>smith@…`, a zero-width space inside, full-width digits,
"jane dot smith at school dot org", `07700.900.123`, `0044 …`, "DOB 12th of
March 2016". So the text is first *normalised* into what a reader would see,
and the patterns run on that:

1. HTML entities are decoded (twice, so `&amp;#64;` is caught too);
2. invisible and formatting characters (zero-width spaces, joiners, soft
   hyphens, combining marks, variation selectors) are removed, and every other
   character is folded with Unicode NFKC (full-width `＠`, `０７７００`, ligatures),
   dashes to `-`, dot-like marks to `.`, any script's digits to 0-9;
3. Markdown backslash escapes are removed;
4. tags: in one view `<` and `>` become spaces (so attribute values such as
   `href="mailto:…"` and autolinks are read), in the other whole tags and
   Markdown emphasis marks are removed (so `jane<b></b>@…` joins up);
5. runs of white space become one space, as the browser shows them;
6. "at"/"dot" spellings, `(at)`, `[dot]`, ` @ ` become `@` and `.`.

Each step keeps a map from its output offsets to its input offsets, so a
finding is reported at the line where it was written.

Every pattern here runs in linear time: each is either bounded, or starts
only where the run it consumes starts and cannot overlap itself, and the
possessive quantifiers (Python 3.11) stop backtracking into what was matched.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import unquote

# -- findings -----------------------------------------------------------------------------------------

EMAIL, PHONE, BIRTH = "e-mail address", "phone number", "date of birth"


@dataclass(frozen=True)
class Finding:
    kind: str  # EMAIL, PHONE or BIRTH
    start: int  # offsets in the text as written
    end: int
    shown: str  # what was found, redacted: "j…@…", "07…23", "born on …"


# -- role mailboxes -------------------------------------------------------------------------------------

# The words a shared mailbox is made of. A local part is a role mailbox only when EVERY
# part of it (split at `.`, `-`, `_`, `+`) is one of these or a network's name from the
# taxonomy: `reading.team@`, `maths-hub@`, `send.senco@`, `office@` are shared, while
# `jane.smith.head@` or `head.jsmith@` name a person, whatever role word they carry.
ROLE_MAILBOX_WORDS = frozenset((
    "office", "admin", "administration", "enquiries", "enquiry", "info", "information", "contact", "hello",
    "reception", "head", "heads", "headteacher", "headteachers", "principal", "executive", "clerk",
    "governance", "governors", "trustees", "attendance", "safeguarding", "dsl", "senco", "send", "sen",
    "inclusion", "pastoral", "wellbeing", "curriculum", "data", "exams", "admissions", "finance", "hr",
    "payroll", "it", "ict", "helpdesk", "support", "communications", "comms", "press", "media", "careers",
    "library", "team", "teams", "network", "networks", "hub", "lead", "leads", "leadership", "group", "staff",
    "school", "trust", "academy", "reading", "english", "maths", "phonics", "literacy", "numeracy", "science",
    "primary", "secondary", "early", "years", "eyfs",
))

# Top-level domains accepted after a spelt-out "dot": "jane at riverside dot sch dot uk" is an
# address, "looked at a dot on the map" is not.
SPELLED_TLDS = frozenset((
    "uk", "com", "org", "net", "edu", "gov", "sch", "ac", "co", "nhs", "info", "io", "biz", "email", "school",
    "academy", "education", "ie", "eu", "us", "ca", "au", "nz", "de", "fr", "es", "nl", "london", "wales",
    "cymru", "scot", "online", "site",
))
# Words that come before a bare " at " in ordinary prose ("visit us at trust.org.uk",
# "see our website at …"): not an address's local part. Brackets, "(at)", are never prose.
PROSE_BEFORE_AT = frozenset((
    "us", "it", "them", "him", "her", "me", "you", "we", "online", "website", "site", "web", "page", "pages",
    "here", "there", "found", "available", "published", "visit", "see", "look", "looked", "more", "details",
    "resources", "download", "downloads", "link", "links", "this", "that", "is", "are", "was", "were", "be",
    "all", "or", "and", "also", "read", "find", "blog",
))


def is_role_mailbox(address: str, extra_words: Iterable[str] = ()) -> bool:
    """Whether an address's local part is made only of role and team words (or the given network names)."""
    local = address.split("@", 1)[0].casefold()
    parts = [part for part in re.split(r"[._+-]", local) if part]
    words = ROLE_MAILBOX_WORDS.union(word.casefold() for word in extra_words)
    return bool(parts) and all(part in words for part in parts)


def network_words(networks: Iterable[str]) -> set[str]:
    """Network slugs and their parts (`early-reading` gives `early-reading`, `early`, `reading`)."""
    words: set[str] = set()
    for slug in networks:
        words.add(slug.casefold())
        words.update(part for part in re.split(r"[._+-]", slug.casefold()) if part)
    return words


# -- a budget of work ----------------------------------------------------------------------------------------

# The patterns run in C in linear time; what costs is Python's work per match. A case study
# needs a few hundred matches at most; 200,000 units (a fraction of a second) is far beyond
# any real text, and a text that needs more is refused with a located message, never passed.
WORK_LIMIT = 200_000
TOO_MUCH = "too much to check"


class TooMuch(Exception):
    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


class _Budget:
    """Per scan: the work left, and the maps that lead from the current step's input back to the source."""

    def __init__(self, limit: int = WORK_LIMIT):
        self.left = limit
        self.maps: list[_Map] = []

    def spend(self, pos: int, cost: int = 1) -> None:
        self.left -= cost
        if self.left < 0:
            for mapping in reversed(self.maps):
                pos = mapping.start(pos)
            raise TooMuch(pos)


# -- offset maps ------------------------------------------------------------------------------------------


class _Map:
    """How one rewriting step moved text: segments of the output, each copied or replaced."""

    __slots__ = ("out", "src", "src_end", "copied")

    def __init__(self) -> None:
        self.out: list[int] = []
        self.src: list[int] = []
        self.src_end: list[int] = []
        self.copied: list[bool] = []

    def add(self, out: int, src: int, src_end: int, copied: bool) -> None:
        self.out.append(out)
        self.src.append(src)
        self.src_end.append(src_end)
        self.copied.append(copied)

    def start(self, pos: int) -> int:
        i = bisect_right(self.out, pos) - 1
        if i < 0:
            return 0
        return self.src[i] + (pos - self.out[i]) if self.copied[i] else self.src[i]

    def end(self, pos: int) -> int:
        if pos <= 0:
            return 0
        i = bisect_right(self.out, pos - 1) - 1
        return self.src[i] + (pos - self.out[i]) if self.copied[i] else self.src_end[i]


def _rewrite(text: str, pattern: re.Pattern, replace: Callable[[re.Match], str], budget: _Budget,
             marks: Callable[[re.Match, int], None] | None = None) -> tuple[str, _Map]:
    """Replace each match, recording where every piece of the output came from."""
    pieces: list[str] = []
    mapping = _Map()
    last = out = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        budget.spend(start)
        new = replace(match)
        if start > last:
            mapping.add(out, last, start, True)
            pieces.append(text[last:start])
            out += start - last
        if marks is not None:
            marks(match, out)
        mapping.add(out, start, end, len(new) == end - start)
        pieces.append(new)
        out += len(new)
        last = end
    mapping.add(out, last, len(text), True)
    pieces.append(text[last:])
    budget.maps.append(mapping)
    return "".join(pieces), mapping


@dataclass
class _View:
    """Normalised text and the maps back to the text as written (applied last to first)."""

    text: str
    maps: list[_Map]
    spelled: list[int]  # offsets in `text` where a spelt-out "at" or "dot" was turned into `@` or `.`
    bare_at: list[int]  # those of them that were a bare " at " between spaces

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        for mapping in reversed(self.maps):
            start, end = mapping.start(start), mapping.end(end)
        return start, max(end, start + 1)

    def spelled_within(self, start: int, end: int, which: str = "spelled") -> bool:
        offsets = getattr(self, which)
        i = bisect_left(offsets, start)
        return i < len(offsets) and offsets[i] < end


# -- normalising --------------------------------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,8};?|#[0-9]{1,10};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*+>|[*`~^]++")
_PERCENT = re.compile(r"%(?:40|2[eE])")
_SPACE_RUN = re.compile(r"  ++")
# Spelt-out forms, searched for in the lower-cased text by what they start with (each search is fast)
_BRACKETED = re.compile(r"[(\[{] ?(at|@|dot|\.) ?[)\]}]")
_BARE = {" at ": "@", " dot ": ".", " @": "@", "@ ": "@", " . ": "."}
# Characters that show nothing, or change nothing a reader sees, beyond Unicode's format (Cf)
# and combining (Mn, Me) categories: Hangul fillers and the Khmer inherent vowels.
_INVISIBLE = frozenset("\u115f\u1160\u17b4\u17b5\u3164\uffa0")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d")
_DOTS = frozenset("\u00b7\u2022\u2024\u2027\u2219\u22c5\u3002\uff0e\uff61\u30fb")
_ASCII_SPACES = {ord(c): " " for c in "\t\r\n\f\v"}


def _fold_char(char: str) -> str:
    if char in _INVISIBLE or unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return ""
    if char in _DASHES:
        return "-"
    if char in _DOTS:
        return "."
    if unicodedata.category(char) in ("Zs", "Zl", "Zp") or char == "\u2800":
        return " "
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded.lower()) == len(folded) else folded.lower()[:1]  # İ


def _fold(text: str, budget: _Budget) -> str:
    """Step 2: characters that fold to one character are translated in place (offsets unchanged);
    the few that vanish or grow (zero-width spaces, ligatures) are rewritten one by one."""
    table: dict[int, str] = dict(_ASCII_SPACES)
    changing: list[str] = []
    for char in {c for c in set(text) if c > "\x7f"}:
        budget.spend(0)
        folded = _fold_char(char)
        if len(folded) == 1:
            table[ord(char)] = folded
        else:
            changing.append(char)
    text = text.translate(table)
    if changing:
        pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(changing)) + "]++")
        text, _ = _rewrite(text, pattern, lambda m: "".join(_fold_char(c) for c in m.group()), budget)
        # a run maps as one piece: its characters are all invisible or all grow, and one line
    return text


def _unescape(match: re.Match) -> str:
    return html.unescape(match.group())


def _views(text: str, budget: _Budget) -> list[_View]:
    for _ in range(2):
        text, _map = _rewrite(text, _ENTITY, _unescape, budget)
    text = _fold(text, budget)
    text, _map = _rewrite(text, _BACKSLASH, lambda m: m.group(1), budget)
    shared = list(budget.maps)
    views = []
    # The second view only differs where there are tags or emphasis marks.
    for keep_tags in ((True, False) if _TAG.search(text) else (True,)):
        budget.maps = list(shared)
        if keep_tags:  # `<` and `>` become spaces, in place: attribute values and autolinks are read
            view_text = text.translate({ord("<"): " ", ord(">"): " "})
        else:
            view_text, _map = _rewrite(text, _TAG, lambda m: "", budget)
        view_text, _map = _rewrite(view_text, _PERCENT, lambda m: "@" if m.group() == "%40" else ".", budget)
        view_text, _map = _rewrite(view_text, _SPACE_RUN, lambda m: " ", budget)
        view_text, spelled, bare_at = _spell(view_text, budget)
        views.append(_View(view_text, list(budget.maps), spelled, bare_at))
    return views


def _spell(text: str, budget: _Budget) -> tuple[str, list[int], list[int]]:
    """Step 6: `(at)`, `[dot]`, " at ", " dot ", " @ ", " . " become `@` and `.`; returns where words were."""
    lower = text.lower()  # the same length: folding left no character whose lower case is longer
    edits: list[tuple[int, int, str, str]] = []
    for match in _BRACKETED.finditer(lower):
        budget.spend(match.start())
        start, end = match.span()
        start -= lower.startswith(" ", start - 1) if start else 0
        end += lower.startswith(" ", end)
        edits.append((start, end, "@" if match.group(1) in ("at", "@") else ".", match.group(1)))
    for literal, new in _BARE.items():
        pos = lower.find(literal)
        while pos >= 0:
            budget.spend(pos)
            end = pos + len(literal)
            end += literal.endswith("@") and lower.startswith(" ", end)
            edits.append((pos, end, new, literal.strip()))
            pos = lower.find(literal, pos + 1)
    edits.sort()
    pieces: list[str] = []
    mapping = _Map()
    spelled: list[int] = []
    bare_at: list[int] = []
    last = out = 0
    for start, end, new, word in edits:
        if start < last:
            continue  # overlaps the one before ("a at dot b")
        if start > last:
            mapping.add(out, last, start, True)
            pieces.append(text[last:start])
            out += start - last
        if word.isalpha():
            spelled.append(out)
            if word == "at" and text[start] == " " and text[end - 1] == " " and text[start + 1] not in "([{":
                bare_at.append(out)
        mapping.add(out, start, end, False)
        pieces.append(new)
        out += 1
        last = end
    mapping.add(out, last, len(text), True)
    pieces.append(text[last:])
    budget.maps.append(mapping)
    return "".join(pieces), spelled, bare_at


# -- e-mail addresses --------------------------------------------------------------------------------------

_AT = re.compile("@")
_DOMAIN = re.compile(r"[\w-]++(?:\.[\w-]++)++")
_LOCAL_REVERSED = re.compile(r"[\w%+'-]++(?:\.[\w%+'-]++)*+")
_LONGEST_LOCAL = 64  # as RFC 5321 allows


def _emails(view: _View, budget: _Budget) -> Iterable[tuple[int, int, str]]:
    text = view.text
    for at in _AT.finditer(text):
        budget.spend(at.start())
        domain = _DOMAIN.match(text, at.end())
        if domain is None:
            continue
        window = text[max(0, at.start() - _LONGEST_LOCAL):at.start()][::-1]
        local = _LOCAL_REVERSED.match(window)
        if local is None:
            continue
        start, end = at.start() - local.end(), domain.end()
        tld = domain.group().rsplit(".", 1)[-1]
        if not (len(tld) >= 2 and tld.isalpha()):
            continue
        if view.spelled_within(start, end) and tld.casefold() not in SPELLED_TLDS:
            continue
        if view.spelled_within(start, end, "bare_at") and local.group()[::-1].casefold() in PROSE_BEFORE_AT:
            continue
        yield start, end, text[start:end]


def _redact_email(address: str) -> str:
    return f"{address[:1]}…@…"


# -- phone numbers -----------------------------------------------------------------------------------------

# Between two digits, up to three of the marks people write there (any run of spaces counts as one).
_S = r"(?:[.\-/()]|[ ]++){0,3}+"
_AFTER_CC = rf"{_S}(?:44{_S}(?:0{_S})?[1235789](?:{_S}[0-9]){{8,9}}+|[1-9](?:{_S}[0-9]){{6,14}}+)"
# Each begins with a plain character, so the search jumps from one `0` or `+` to the next.
_PHONES = (
    re.compile(rf"\+{_AFTER_CC}"),  # +44 (0)7700 900123, +33 1 23 45 67 89
    re.compile(rf"0(?<![0-9]0)(?:0{_AFTER_CC}|{_S}[1235789](?:{_S}[0-9]){{8,9}}+)"),  # 0044 …, 07700 900123
)
_DATE_IN_NUMBERS = re.compile(
    r"(?<![0-9])(?:[0-9]{1,2}([/.-])[0-9]{1,2}\1(?:[0-9]{4}|[0-9]{2})|[0-9]{4}([/.-])[0-9]{1,2}\2[0-9]{1,2})(?![0-9])"
)


def _only_dates(text: str, start: int, end: int) -> bool:
    """Whether every digit from start to end belongs to a date (01/09/2024 - 15/10/2024 is no phone)."""
    covered = []
    for match in _DATE_IN_NUMBERS.finditer(text, max(0, start - 12), end + 12):
        if _plausible(match.group()):
            covered.append(match.span())
    return all(any(a <= i < b for a, b in covered) for i in range(start, end) if text[i].isdigit())


def _phones(view: _View, budget: _Budget) -> Iterable[tuple[int, int, str]]:
    text = view.text
    for pattern in _PHONES:
        pos = 0
        while True:
            match = pattern.search(text, pos)
            if match is None:
                break
            budget.spend(match.start(), 4)
            if _DATE_IN_NUMBERS.search(text, max(0, match.start() - 12), match.end() + 12):
                budget.spend(match.start(), 50)
                if _only_dates(text, match.start(), match.end()):
                    pos = match.start() + 1
                    continue
            digits = "".join(c for c in match.group() if c.isdigit())
            plus = match.group().startswith("+")
            shown = ("+" if plus else "") + digits[:4 if digits.startswith("00") else 2]
            yield match.start(), match.end(), f"{shown}…{digits[-2:]}"
            pos = match.end()


# -- dates of birth -----------------------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])")
_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_ORDINAL = (rf"(?:{_UNITS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
            rf"|eighteenth|nineteenth|twentieth|twenty[ -]?(?:{_UNITS})|thirtieth|thirty[ -]?first)")
_DAY = rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})"
_YEAR = r"(?:'?[0-9]{2}(?![0-9])|[0-9]{4})"
_SEP = r"[ ./,-]{0,2}"
_DATE = re.compile(
    r"(?<![a-z0-9])(?:"
    r"[0-9]{1,2}[/. -][0-9]{1,2}(?:[/. -](?:[0-9]{4}|[0-9]{2}))?(?![0-9])"
    r"|[0-9]{4}[/.-][0-9]{1,2}[/.-][0-9]{1,2}(?![0-9])"
    r"|[0-9]{8}(?![0-9])|[0-9]{6}(?![0-9])"
    rf"|(?:the )?{_DAY}{_SEP}(?:of )?{_MONTH}(?:{_SEP}{_YEAR})?"
    rf"|{_MONTH}{_SEP}(?:the )?{_DAY}(?![a-z0-9])(?:{_SEP}{_YEAR})?"
    r")",
    re.IGNORECASE,
)
# Starts with a case-sensitive class, so the search skips to the next b or d quickly.
_BIRTH_WORD = re.compile(
    r"[bBdD](?<![a-zA-Z][bBdD])"
    r"(?i:ate of birth|orn(?![a-z])|irth[a-z]{0,8}+|(?<=d) ?\.? ?o ?\.? ?b(?![a-z])\.?|(?<=b)\.(?<![.]b\.))"
)
_AFTER, _BEFORE = 60, 25  # how far a date may be from the birth word, in normalised characters
_LONGEST_DATE = 40
_SENTENCE_END = re.compile(r"[.!?;] ")


def _plausible(date: str) -> bool:
    numbers = [int(n) for n in re.findall(r"[0-9]+", date)]
    if re.search(r"[a-z]", date, re.IGNORECASE) or not numbers:
        return True
    if len(numbers) == 1:  # 12032016 or 120316
        text = date.strip()
        numbers = [int(text[:2]), int(text[2:4])]
    if len(numbers) >= 3 and numbers[0] > 31:  # 2016-03-12
        numbers = [numbers[2], numbers[1]]
    day, month = numbers[0], numbers[1]
    return (1 <= day <= 31 and 1 <= month <= 12) or (1 <= month <= 31 and 1 <= day <= 12)


def _births(view: _View, budget: _Budget) -> Iterable[tuple[int, int, str]]:
    text = view.text
    for word in _BIRTH_WORD.finditer(text):
        budget.spend(word.start(), 20)
        weak = word.group().lower() == "b."  # "b. 12/03/2016": only straight before a date
        reach = 2 if weak else _AFTER
        after = next((d for d in _DATE.finditer(text, word.end(), word.end() + reach + _LONGEST_DATE)
                      if d.start() - word.end() <= reach and _plausible(d.group())
                      and _gap_ok(text[word.end():d.start()])), None)
        if after is not None:
            yield word.start(), after.end(), f"{word.group()} …"
            continue
        if weak:
            continue
        before = [d for d in _DATE.finditer(text, max(0, word.start() - _BEFORE - _LONGEST_DATE), word.start())
                  if word.start() - d.end() <= _BEFORE and _plausible(d.group())
                  and _gap_ok(text[d.end():word.start()])]
        if before:
            yield before[-1].start(), word.end(), f"… {word.group()}"


def _gap_ok(gap: str) -> bool:
    """The words between a birth word and a date carry no other number and no sentence end."""
    return not any(c.isdigit() for c in gap) and (len(gap) <= 3 or not _SENTENCE_END.search(gap))


# -- scanning ------------------------------------------------------------------------------------------------

_MATCHERS = ((EMAIL, _emails), (PHONE, _phones), (BIRTH, _births))


def find_personal_data(text: str, role_words: Iterable[str] = ()) -> list[Finding]:
    """Every personal e-mail address, phone number and date of birth in the text, in order, once each.

    A text that would take more work than any real case study (WORK_LIMIT) ends the list with a
    TOO_MUCH finding where the work ran out."""
    words = list(role_words)
    budget = _Budget()
    found: dict[str, list[tuple[int, int, str]]] = {kind: [] for kind, _ in _MATCHERS}
    too_much: list[Finding] = []
    try:
        for view in _views(text, budget):
            budget.maps = view.maps
            for kind, matcher in _MATCHERS:
                for start, end, shown in matcher(view, budget):
                    if kind == EMAIL:
                        if is_role_mailbox(shown, words):
                            continue
                        shown = _redact_email(shown)
                    found[kind].append((*view.source_span(start, end), shown))
    except TooMuch as stop:
        too_much.append(Finding(TOO_MUCH, stop.offset, stop.offset + 1, ""))
    findings = []
    for kind, spans in found.items():
        reach = -1
        for start, end, shown in sorted(spans):
            if start >= reach:  # the same thing seen in both views, or overlapping, is one finding
                findings.append(Finding(kind, start, end, shown))
            reach = max(reach, end)
    return sorted(findings, key=lambda f: (f.start, f.kind)) + too_much


# -- messages ------------------------------------------------------------------------------------------------

FIX = {
    EMAIL: "case studies may give only a role or a shared mailbox (such as attendance@school.example), "
           "never a person's own address: use the network's role mailbox (such as reading@school.example)",
    PHONE: "case studies must not publish phone numbers; give a role or a shared mailbox instead",
    BIRTH: "case studies must not publish anything that could identify a pupil; describe age bands or year "
           "groups (such as \"a pupil in Year 2\") instead of dates of birth",
}


def describe(finding: Finding) -> str:
    """What was found (redacted) and how to fix it, for a teacher."""
    if finding.kind == TOO_MUCH:
        return (f"this text is too long or too full of markup to check for personal data (more than "
                f"{WORK_LIMIT:,} steps of work from here on): split the case study, or remove repeated "
                "markup, entities or numbers")
    if finding.kind == EMAIL:
        return f"`{finding.shown}` looks like a person's e-mail address: {FIX[EMAIL]}"
    if finding.kind == PHONE:
        return f"`{finding.shown}` looks like a phone number: {FIX[PHONE]}"
    return f"this looks like a date of birth (`{finding.shown}`): {FIX[BIRTH]}"


def describe_in_contact(finding: Finding) -> str:
    if finding.kind == EMAIL:
        return (f"`contact` is a person's e-mail address (`{finding.shown}`): give a role (e.g. Reading network "
                "lead) or a shared mailbox such as reading@school.example")
    if finding.kind == PHONE:
        return f"`contact` has a phone number (`{finding.shown}`): give a role or a shared mailbox instead"
    return f"`contact`: {describe(finding)}"


# -- images ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageUse:
    """An image (or other picture-like media) the text shows, however it is written."""

    offset: int  # where it is written
    urls: tuple[str, ...]  # every address it loads (src, srcset candidates, href, poster ...)
    alt: str | None  # its text alternative, None when there is none
    needs_alt: bool  # `<source>` and `<video>` take theirs from the element around them


_IMAGE_MARKDOWN = re.compile(r"!\[([^\[\]]*+)\]")
_INLINE_TARGET = re.compile(
    r"\(\s*+(?:<([^<>\n]*+)>|([^\s()]*+(?:\([^\s()]*+\)[^\s()]*+)*+))"
    r"(?:\s++(?:\"[^\"]*+\"|'[^']*+'|\([^()]*+\)))?\s*+\)"
)
_LOOSE_TARGET = re.compile(r"\(\s*+<?([^\s()>]*+)")  # stops at the next `(`: linear on `![a](![a](...`
_REFERENCE = re.compile(r"\[([^\[\]]*+)\]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]++)\]:[ \t]*+\n?[ \t]*+<?([^\s<>]++)>?", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*+)\}")
_MEDIA_TAG = re.compile(r"<(img|image|feimage|source|video|input|object|embed)(?=[\s/>])", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r"[\s/]*+(?:(>)|([^\s/>=]++)(?:\s*+=\s*+(?:\"([^\"]*+)(\"?)|'([^']*+)('?)|([^\s>]*+)))?)"
)
_URL_ATTRIBUTES = {
    "img": ("src", "srcset"), "input": ("src",), "source": ("src", "srcset"), "image": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "video": ("poster", "src"), "object": ("data",), "embed": ("src",),
}


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _attributes(text: str, pos: int, budget: _Budget) -> tuple[dict[str, str], int]:
    """HTML attributes from `pos` as a browser reads them (the first of a name wins), and where they end."""
    found: dict[str, str] = {}
    while pos < len(text):
        budget.spend(pos)
        match = _ATTRIBUTE.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        if match.group(1):
            break
        value = next((v for v in (match.group(3), match.group(5), match.group(7)) if v is not None), "")
        found.setdefault(match.group(2).casefold(), html.unescape(value))
        if match.group(4) == "" or match.group(6) == "":  # a quote left open runs to the end
            break
    return found, pos


def _srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def _markdown_url(url: str) -> str:
    return html.unescape(_BACKSLASH.sub(lambda m: m.group(1), url))


def find_images(text: str) -> list[ImageUse]:
    """Every image the text shows; raises TooMuch where a text needs more work than any real one."""
    return _find_images(text, _Budget())


def _find_images(text: str, budget: _Budget) -> list[ImageUse]:
    """Markdown inline and reference images (with any `{: …}` attribute list), and HTML `<img>`,
    `srcset`, `<picture><source>`, SVG `<image>`/`<feImage>`, `<video poster>`, `<input type=image>`,
    `<object>` and `<embed>`. Read from the text as written, in one pass each."""
    definitions: dict[str, list[str]] = {}
    for match in _DEFINITION.finditer(text):  # every definition of a label counts, whichever wins
        budget.spend(match.start())
        definitions.setdefault(_label(match.group(1)), []).append(_markdown_url(match.group(2)))
    uses: list[ImageUse] = []
    for match in _IMAGE_MARKDOWN.finditer(text):
        budget.spend(match.start(), 2)
        alt, end = match.group(1), match.end()
        if text.startswith("(", end):
            target = _INLINE_TARGET.match(text, end)
            if target:
                urls, end = [target.group(1) if target.group(1) is not None else target.group(2)], target.end()
            else:
                urls = [_LOOSE_TARGET.match(text, end).group(1)]
            urls = [_markdown_url(u) for u in urls]
        else:
            reference = _REFERENCE.match(text, end)
            label = reference.group(1) if reference and reference.group(1).strip() else alt
            if reference:
                end = reference.end()
            urls = definitions.get(_label(label), [])
            if not urls:
                continue  # an undefined reference is shown as text, not as an image
        attr_list = _ATTR_LIST.match(text, end)
        if attr_list:
            attributes, _ = _attributes(attr_list.group(1) + ">", 0, budget)
            alt = attributes.get("alt", alt)
            urls = ([attributes["src"]] if "src" in attributes else urls) + _srcset(attributes.get("srcset", ""))
        uses.append(ImageUse(match.start(), tuple(u for u in urls if u), alt, True))
    pos = 0
    while True:
        match = _MEDIA_TAG.search(text, pos)
        if match is None:
            break
        budget.spend(match.start(), 2)
        name = match.group(1).casefold()
        attributes, pos = _attributes(text, match.end(), budget)
        if name == "input" and attributes.get("type", "").strip().casefold() != "image":
            continue
        urls = []
        for attribute in _URL_ATTRIBUTES[name]:
            value = attributes.get(attribute, "").strip()
            urls += _srcset(value) if attribute == "srcset" else [value]
        alt = attributes.get("alt") if name not in ("image", "feimage") else (
            attributes.get("aria-label") or attributes.get("alt"))
        needs_alt = name in ("img", "input", "image", "feimage")
        if any(urls):
            uses.append(ImageUse(match.start(), tuple(u for u in urls if u), alt, needs_alt))
    return sorted(uses, key=lambda use: use.offset)


def has_text(alt: str | None) -> bool:
    """Alt text a screen reader can read: not empty, not only spaces, invisible characters or marks."""
    return alt is not None and any(c.isalnum() for c in html.unescape(html.unescape(alt)))


def url_path(url: str) -> str:
    """The file an image address names: without query or fragment, percent-escapes decoded."""
    return unquote(url.split("#", 1)[0].split("?", 1)[0])
