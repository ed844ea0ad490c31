"""Reading a Markdown file's bytes into front matter and body, refusing what would hide or corrupt either."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_FILE_BYTES = 1024 * 1024
MAX_REPORTED_PER_KIND = 10

# Bytes that Word and other Windows programs write for typographic characters
# when a file is saved as Windows-1252 instead of UTF-8.
_WINDOWS_1252_HINTS = {
    0x85: "… (ellipsis)",
    0x91: "‘ (left single quotation mark)",
    0x92: "’ (right single quotation mark or apostrophe)",
    0x93: "“ (left double quotation mark)",
    0x94: "” (right double quotation mark)",
    0x96: "– (en dash)",
    0x97: "— (em dash)",
    0xA3: "£ (pound sign)",
    0xA0: "a non-breaking space",
}

# C0 and C1 control characters other than tab and newline, and the bidirectional
# overrides that can make text read differently from how it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FENCE = re.compile(r"(---|\.\.\.)[ \t]*\Z")


@dataclass(frozen=True)
class SourceProblem:
    line: int
    col: int
    message: str


@dataclass(frozen=True)
class SplitSource:
    """A file cut into its front matter and body; line numbers stay those of the file."""

    front_matter: str | None
    front_matter_line: int  # the line of the first front-matter line (after `---`)
    body: str
    body_line: int  # the file line on which the body starts


def decode(data: bytes) -> tuple[str | None, list[SourceProblem]]:
    """Decode UTF-8 strictly, naming each bad byte and what it probably was."""
    problems: list[SourceProblem] = []
    if len(data) > MAX_FILE_BYTES:
        problems.append(
            SourceProblem(
                1,
                1,
                f"file is {len(data):,} bytes; the limit is 1 MB ({MAX_FILE_BYTES:,} bytes): "
                "split it, or move large material into an attachment",
            )
        )
        return None, problems
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.extend(_bad_bytes(data))
        return None, problems
    return text, problems


def _bad_bytes(data: bytes) -> list[SourceProblem]:
    problems = []
    position = 0
    while position < len(data) and len(problems) < MAX_REPORTED_PER_KIND:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            start = position + error.start
            byte = data[start]
            line = data.count(b"\n", 0, start) + 1
            line_start = data.rfind(b"\n", 0, start) + 1
            col = len(data[line_start:start].decode("utf-8", "replace")) + 1
            hint = _WINDOWS_1252_HINTS.get(byte)
            if hint:
                what = f"it looks like {hint} saved by Word or another Windows program as Windows-1252"
            else:
                what = "the file is not saved as UTF-8"
            problems.append(
                SourceProblem(line, col, f"byte 0x{byte:02X} is not valid UTF-8: {what}; save the file as UTF-8")
            )
            position = start + 1
    return problems


def control_characters(text: str) -> list[SourceProblem]:
    problems = []
    for match in _CONTROL.finditer(text):
        if len(problems) >= MAX_REPORTED_PER_KIND:
            break
        line, col = line_col(text, match.start())
        char = match.group()
        name = unicodedata.name(char, None) or f"control character U+{ord(char):04X}"
        problems.append(
            SourceProblem(
                line, col, f"invisible character U+{ord(char):04X} ({name.lower()}) is not allowed: delete it"
            )
        )
    return problems


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def split_front_matter(text: str) -> tuple[SplitSource, list[SourceProblem]]:
    """Cut off a `---` fenced YAML block that must start on the first line.

    Blank lines or a byte order mark before the fence make MkDocs treat the
    front matter as page text and publish it, so those are problems too; so does
    a closing fence with no line break after it (MkDocs' `mkdocs.utils.meta`
    needs one, and would publish the whole file, YAML comments included).
    """
    problems: list[SourceProblem] = []
    if text.startswith("\ufeff"):
        problems.append(
            SourceProblem(
                1,
                1,
                "file starts with a byte order mark (BOM), which hides the front matter: save it as UTF-8 without BOM",
            )
        )
        text = text[1:]
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and first > 0 and lines[first].strip() == "---":
            problems.append(
                SourceProblem(
                    1,
                    1,
                    f"{first} blank line(s) before the front matter's `---` hide it: "
                    "MkDocs would publish it as text; start the file with `---`",
                )
            )
        elif first is not None and lines[first].startswith((" ", "\t")) and lines[first].strip() == "---":
            problems.append(
                SourceProblem(first + 1, 1, "the front matter's `---` must start at the beginning of the line")
            )
        return SplitSource(None, 1, text, 1), problems
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            if index == len(lines) - 1:
                problems.append(SourceProblem(
                    index + 1, 1, f"the front matter's closing `{lines[index].strip()}` is the file's last line, "
                    "with no line break after it: MkDocs would not see the front matter and would publish the "
                    "whole file as text; end the file with a line break (press Enter after it)"))
                return SplitSource(None, 1, "", len(lines) + 1), problems
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return SplitSource(front, 2, body, index + 2), problems
    problems.append(
        SourceProblem(1, 1, "the front matter that starts on line 1 is never closed: add a line `---` after it")
    )
    return SplitSource(None, 1, "", len(lines) + 1), problems
