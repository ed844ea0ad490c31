"""Syntax from other publishing tools, which MkDocs would publish as plain text.

Lessons adapted from other open libraries arrive written for Pandoc (Carpentries
and Quarto fenced divs), GitHub (alerts), MyST/Jupyter Book (labels, directives,
figures), Raspberry Pi's project format (`--- task ---` blocks), MDN (`{{macros}}`),
template engines (`$fields$`, Jinja and Liquid tags) and Kramdown (attribute lists
after blocks). None of these means anything to Python-Markdown: it prints them
as text, and a quiz shows its answers. This module finds each of them outside
code, as Python-Markdown with pymdownx.superfences decides what code is: fenced
blocks (any info string, also in lists and block quotes), indented code blocks
and inline code spans. `core/authoring/convert.py` rewrites the ones it can.

Imports nothing from MkDocs; every pattern here runs in linear time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterator

# The renderer's own rule for a fence's header (the site uses pymdownx.superfences without relaxed headers).
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor
from pymdownx.superfences import RE_NESTED_FENCE_START

# -- what is code ------------------------------------------------------------------------------------

# A fence may sit in a list item or a block quote (superfences handles both); any info string.
_FENCE = re.compile(r"^(?P<prefix>[ \t]*(?:>[ \t]?)*)[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_MYST_INFO = re.compile(r"^\{[A-Za-z][\w-]*\}")
_BARE_FENCE = re.compile(r"^([ \t]*(?:>[ \t]?)*)[ \t]*(`{3,}|~{3,})[ \t]*$")
_QUOTE_PREFIX = re.compile(r"^[ \t]*((?:>[ \t]?)*)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# Blocks whose content is indented by four spaces: admonitions, details, tabs, footnotes, definitions.
_CONTAINER = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?|===|\[\^[^\]\n]*\]:|:[ \t])")
_ADMONITION_START = re.compile(r"^[ \t]{0,3}(?:!!!|\?\?\?\+?)[ \t]")
_HEADING_START = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)*#{1,6}(?:[ \t]|$)")


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _opens_fence(match: re.Match) -> bool:
    """Whether superfences opens a code block here: it refuses a header it does not recognise (such as
    ```` ```html run height=100 ````), and then the lines below are Markdown, raw HTML included.
    A MyST directive (```` ```{note} ````) counts as a fence: it is reported as a whole."""
    info = match.group("info")
    if match.group("fence")[0] == "`" and "`" in info:
        return False
    if _MYST_INFO.match(info.strip()):
        return True
    header = RE_NESTED_FENCE_START.match(match.group("fence") + info)
    return header is not None and not header.group("unrecognized")


def _quote_depth(line: str) -> int:
    return _QUOTE_PREFIX.match(line).group(1).count(">")


@dataclass(frozen=True)
class Fence:
    """One fenced code block: its first and last line (0-based, inclusive) and its info string."""

    start: int
    end: int
    info: str


def code_lines(lines: list[str]) -> tuple[list[bool], list[Fence]]:
    """Which lines Python-Markdown with superfences renders as code, and the fenced blocks among them.

    A fence closes at the first line of at least as many of the same character
    at the same block-quote depth; an unclosed fence is not code (superfences
    leaves it as text). An indented block needs a blank line before it and is
    not code inside a list item or an admonition, where four spaces only continue
    the item (there it needs eight).
    """
    code = [False] * len(lines)
    fences: list[Fence] = []
    # Lines that can close a fence, by (character, block-quote depth): found once, so that many
    # unclosed fences do not make the scan quadratic.
    closers: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for number, line in enumerate(lines):
        bare = _BARE_FENCE.match(line)
        if bare:
            run = bare.group(2)
            closers.setdefault((run[0], bare.group(1).count(">")), []).append((number, len(run)))
    index = 0
    previous_blank = True
    in_container = False
    unclosed = False
    while index < len(lines):
        line = lines[index]
        match = None if unclosed else _FENCE.match(line)
        if match and _opens_fence(match):
            fence, depth = match.group("fence"), match.group("prefix").count(">")
            candidates = closers.get((fence[0], depth), [])
            position = bisect.bisect_right(candidates, (index, len(line) + 1))
            close = next((number for number, length in candidates[position:] if length >= len(fence)), None)
            if close is None:
                unclosed = True  # superfences looks for no other fence after one it could not close
            if close is not None:
                for j in range(index, close + 1):
                    code[j] = True
                fences.append(Fence(index, close, match.group("info").strip()))
                index = close + 1
                previous_blank = False
                continue
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            index += 1
            continue
        indent = _indent(line)
        if indent < 4:
            in_container = bool(_LIST_ITEM.match(line) or _CONTAINER.match(line))
        needed = 8 if in_container else 4
        if indent >= needed and (previous_blank or (index and code[index - 1])):
            code[index] = True
        previous_blank = False
        index += 1
    return code, fences


CODE_PLACEHOLDER = "\x00"


def blank_code(text: str) -> tuple[list[str], list[bool], list[Fence]]:
    """The text's lines with code lines and inline code spans blanked out (offsets kept, except that an
    empty code line holds one placeholder character)."""
    lines = text.split("\n")
    code, fences = code_lines(lines)
    # A code line becomes placeholder characters (as many as it had, at least one), never a blank line:
    # superfences puts a fenced block inside the paragraph around it, so a code span may run across it.
    kept = [(CODE_PLACEHOLDER * max(len(line), 1) if is_code else line) for line, is_code in zip(lines, code)]
    joined = "\n".join(kept)
    if "`" in joined:
        joined = _blank_code_spans(joined)
    return joined.split("\n"), code, fences


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where Python-Markdown starts a new block of inline text: after a blank line, at a heading, and
    at a block quote unless one is open (its lazy lines and its own `>` lines are one paragraph)."""
    starts = [0]
    offset = 0
    in_quote = False
    previous_blank = False
    after_heading = False
    in_list = False
    for line in text.split("\n"):
        stripped = line.strip()
        if offset:
            quote = line.lstrip(" ").startswith(">") and len(line) - len(line.lstrip(" ")) < 4
            heading = bool(_HEADING_START.match(line)) or bool(_ADMONITION_START.match(line))
            item = bool(_LIST_ITEM.match(line)) and len(line) - len(line.lstrip(" ")) < 4
            if previous_blank or heading or after_heading or (quote and not in_quote) or (item and in_list):
                starts.append(offset)
        after_heading = bool(_ADMONITION_START.match(line))
        if _LIST_ITEM.match(line) and len(line) - len(line.lstrip(" ")) < 4 and (previous_blank or in_list
                                                                                 or offset == 0):
            in_list = True
        elif previous_blank and stripped and len(line) - len(line.lstrip(" ")) < 4:
            in_list = False
        if not stripped:
            in_quote = False
        elif line.lstrip(" ").startswith(">"):
            in_quote = True
        previous_blank = not stripped
        offset += len(line) + 1
    return starts


def _blank_code_spans(text: str) -> str:
    """Blank the code spans Python-Markdown finds, paragraph by paragraph, by asking its own inline processor.

    Its rule is not CommonMark's: a run of backticks with no closing run of the same length is closed by
    the longest shorter run after it (``` ``x` ``` is code); a span may cross lines but not a paragraph's end.
    """
    spans = BacktickInlineProcessor(BACKTICK_RE)
    chars = list(text)
    starts = _paragraph_starts(text)
    ends = starts[1:] + [len(text)]
    for start, end in zip(starts, ends):
        data = text[start:end]
        position = 0
        while "`" in data[position:]:
            match = spans.compiled_re.search(data, position)
            if match is None:
                break
            element, begin, stop = spans.handleMatch(match, data)
            if match.group(1):
                position = match.end(0)
                continue
            if element is not None and not isinstance(element, str):
                for index in range(start + begin, start + stop):
                    if chars[index] != "\n":  # lines stay lines: findings keep their line numbers
                        chars[index] = " "
            position = max(stop, position + 1)
    return "".join(chars)


# -- the constructs ----------------------------------------------------------------------------------

COLLAPSIBLE = frozenset({"solution", "solutions", "spoiler", "hint", "hints", "answer", "answers", "feedback",
                         "collapse"})
GITHUB_ALERTS = ("note", "tip", "important", "warning", "caution")
# Raspberry Pi project blocks that `projecth convert` knows.
RPI_BLOCKS = frozenset({"task", "collapse", "hint", "hints", "challenge", "code", "save", "no-print", "print-only",
                        "question", "choices", "choice", "feedback", "quiz", "new-page"})
MYST_CONVERTIBLE = frozenset({"figure", "image", "note", "tip", "warning", "important", "caution", "danger",
                              "attention", "hint", "seealso", "admonition", "error", "code", "code-block",
                              "code-cell", "dropdown"})

_MYST_COLON = re.compile(r"^ {0,3}(:{3,})[ \t]*\{([A-Za-z][\w-]*)\}")
_DIV_OPEN = re.compile(r"^ {0,3}(:{3,})[ \t]*(\{[^{}\n]*\}|[A-Za-z][\w-]*)")
_DIV_CLOSE = re.compile(r"^ {0,3}:{3,}[ \t]*$")
# Where no code block is, an indented line is text too (a list item's, or a paragraph's continuation):
# the scan finds these constructs at any indentation; `projecth convert` rewrites only the unindented ones.
_ANY_INDENT = re.compile(r"^[ \t]+")
_MYST_FENCE_INFO = re.compile(r"^\{([A-Za-z][\w-]*)\}")
_MYST_LABEL = re.compile(r"^ {0,3}\(([^()\s]+)\)=[ \t]*$")
_GITHUB_ALERT = re.compile(r"^[ \t]*>[ \t]*\[!([A-Za-z]+)\]", re.IGNORECASE)
_RPI_BLOCK = re.compile(r"^ {0,3}---[ \t]*(/?)([a-z][a-z-]*)[ \t]*---[ \t]*$")
_RPI_INGREDIENT = re.compile(r"\[\[\[([\w-]+)\]\]\]")
_KRAMDOWN_IAL = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*\{:[ \t]*([^{}\n]*)\}[ \t]*$")
_KRAMDOWN_EXTENSION = re.compile(r"\{::[A-Za-z]")
_MACRO = re.compile(r"\{\{([^{}\n]{0,200})\}\}")
_LIQUID = re.compile(r"\{%-?([^%\n]{0,200})-?%\}")
_RAW_TAG = re.compile(r"^\{%-?[ \t]*(?:raw|endraw)[ \t]*-?%\}$")
_PLACEHOLDER = re.compile(r"(?<![\w$\\])\$([A-Za-z_][A-Za-z0-9_.-]{1,40})\$(?![\w$])")
# MDN writes `{{domxref("Element")}}`, `{{Compat}}`: a name, maybe arguments, no spaces around it.
_MDN_MACRO = re.compile(r"^[A-Za-z][\w-]*(?:\([^)]*\))?$")


@dataclass(frozen=True)
class Finding:
    """One foreign construct: where it is (1-based line and column of the text given), what it is, the fix."""

    line: int
    col: int
    kind: str  # a short key, e.g. "pandoc-div"
    construct: str  # how the message names it, e.g. "Pandoc fenced div `::: challenge`"
    fix: str  # what to write instead, in plain words
    convertible: bool

    def message(self, src_path: str = "FILE") -> str:
        if self.kind == "missing-alt":
            return f"{self.construct}: {self.fix}"
        how = " or run `projecth convert` on this file" if self.convertible else ""
        return f"{self.construct} is published as plain text by MkDocs: {self.fix}{',' if how else ''}{how}"


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _div_fix(name: str) -> str:
    if name in COLLAPSIBLE:
        kind = {"hint": "tip", "hints": "tip", "spoiler": "note", "collapse": "note"}.get(name, "success")
        return (f"write a collapsible block, `??? {kind} \"{name.capitalize()}\"`, with the content indented by four "
                "spaces")
    return f"write an admonition, `!!! {name or 'note'} \"Title\"`, with the content indented by four spaces"


def _div_name(spec: str) -> str:
    if spec.startswith("{"):
        found = re.search(r"\.([A-Za-z][\w-]*)", spec)
        return found.group(1).lower() if found else ""
    return spec.lower()


def find_foreign(text: str) -> list[Finding]:
    """Every foreign construct in a Markdown body, outside code, in line order."""
    lines, code, fences = blank_code(text)
    found: list[Finding] = []
    for fence in fences:
        info = _MYST_FENCE_INFO.match(fence.info)
        if info:
            name = info.group(1)
            col = text.split("\n")[fence.start].find("`") + 1 or text.split("\n")[fence.start].find("~") + 1
            if name == "figure" or name == "image":
                fix = ("write the image in Markdown, `![Alt text](file.png)`, with its caption beside it; its "
                       "content is shown as a code block and the image is lost")
            elif name in MYST_CONVERTIBLE:
                fix = f"write an admonition, `!!! {name} \"Title\"`, with the content indented by four spaces"
            else:
                fix = "MkDocs has no equivalent: rewrite it in Markdown"
            found.append(Finding(fence.start + 1, max(col, 1), "myst-directive",
                                 f"MyST directive ```` ```{{{name}}} ````",
                                 fix, name in MYST_CONVERTIBLE))
    open_divs = 0
    for number, original in enumerate(lines):
        if not original.strip() or code[number]:
            continue
        indent = len(original) - len(original.lstrip(" \t"))
        line = original[indent:] if indent > 3 else original
        if ":::" in line:
            myst = _MYST_COLON.match(line)
            if myst:
                name = myst.group(2)
                open_divs += 1
                found.append(Finding(number + 1, original.find(":") + 1, "myst-directive",
                                     f"MyST directive `{myst.group(1)}{{{name}}}`",
                                     _div_fix(name) if name in MYST_CONVERTIBLE else
                                     "MkDocs has no equivalent: rewrite it in Markdown", name in MYST_CONVERTIBLE))
                continue
            opened = _DIV_OPEN.match(line)
            if opened:
                open_divs += 1
                name = _div_name(opened.group(2))
                found.append(Finding(number + 1, original.find(":") + 1,
                                     "pandoc-solution" if name in COLLAPSIBLE else "pandoc-div",
                                     f"Pandoc fenced div `{opened.group(1)[:3]} {_excerpt(opened.group(2))}`",
                                     _div_fix(name), True))
                continue
            if _DIV_CLOSE.match(line):
                if open_divs:
                    open_divs -= 1
                else:
                    found.append(Finding(number + 1, original.find(":") + 1, "pandoc-div",
                                         "the closing line `:::` of a Pandoc fenced div",
                                         "delete it (and write the block above as an admonition)", True))
                continue
        if "---" in line:
            rpi = _RPI_BLOCK.match(line)
            if rpi:
                closing, name = rpi.group(1), rpi.group(2)
                if not closing:
                    known = name in RPI_BLOCKS
                    fix = (_div_fix("hint" if name in ("hint", "hints") else name) if name not in ("code", "save",
                                                                                                     "no-print",
                                                                                                     "print-only",
                                                                                                     "choices")
                           else "write its content as plain Markdown (code as a fenced code block)")
                    found.append(Finding(number + 1, original.find("-") + 1, f"rpi-{name}",
                                         f"Raspberry Pi block `--- {name} ---`",
                                         fix if known else "MkDocs has no equivalent: rewrite it in Markdown", known))
                continue
        if ")=" in line:
            label = _MYST_LABEL.match(line)
            if label:
                found.append(Finding(number + 1, indent + 1, "myst-label", f"MyST label `({label.group(1)})=`",
                                     f"give the heading below it an id instead, `## Heading {{#{label.group(1)}}}`",
                                     True))
                continue
        if "[!" in line:
            alert = _GITHUB_ALERT.match(line)
            if alert:
                name = alert.group(1).lower()
                found.append(Finding(number + 1, original.find(">") + 1, "github-alert",
                                     f"GitHub alert `> [!{alert.group(1)}]`",
                                     f"write an admonition, `!!! {_alert_type(name)}`, with the content indented by "
                                     "four spaces instead of `>`", name in GITHUB_ALERTS))
                continue
        if "{:" in line:
            ial = _KRAMDOWN_IAL.match(line)
            if ial and _kramdown_applies(lines, code, number):
                found.append(Finding(number + 1, original.find("{") + 1, "kramdown-ial",
                                     f"Kramdown attribute list `{{: {_excerpt(ial.group(1))}}}` on a line of its own",
                                     _ial_fix(ial.group(1)), _ial_convertible(lines, code, number, ial.group(1))))
                continue
        found.extend(_inline(original, number))
    return sorted(found, key=lambda f: (f.line, f.col))


def _alert_type(name: str) -> str:
    return {"caution": "danger", "important": "info"}.get(name, name)


def _ial_fix(spec: str) -> str:
    if "toc" in spec:
        return "delete it (and the list line above it): the page's table of contents is made by the theme"
    return ("MkDocs applies an attribute list only at the end of the block it belongs to: for code, write the "
            "language after the opening backticks (```` ```bash ````); for a block quote that is a special "
            "section, write an admonition")


def _ial_convertible(lines: list[str], code: list[bool], number: int, spec: str) -> bool:
    previous = _previous(lines, code, number)
    return previous == "code" or previous == "quote" or "toc" in spec


def _previous(lines: list[str], code: list[bool], number: int) -> str:
    """What comes just before line `number`: 'code' (a closing fence), 'quote', 'blank', 'text' or 'start'."""
    if number == 0:
        return "start"
    if code[number - 1]:
        return "code"
    before = lines[number - 1]
    if not before.strip():
        return "blank"
    if before.lstrip().startswith(">") and _quote_depth(before) > _quote_depth(lines[number]):
        return "quote"
    if _FENCE.match(before):  # the closing fence of a block inside a block quote, blanked as code
        return "code"
    return "text"


def _kramdown_applies(lines: list[str], code: list[bool], number: int) -> bool:
    """Where Python-Markdown's attr_list would not take it: after code, a block quote, a blank line or a list."""
    spec = _KRAMDOWN_IAL.match(lines[number]).group(1)
    if "toc" in spec.split() or spec.strip().startswith(".no_toc") or spec.strip() == "toc":
        return True
    return _previous(lines, code, number) in ("code", "quote", "blank", "start")


def _inline(line: str, number: int) -> Iterator[Finding]:
    if MISSING_ALT in line:
        yield Finding(number + 1, line.index(MISSING_ALT) + 1, "missing-alt", "an image without alt text",
                      f"replace `{MISSING_ALT}` with a short description of what the image shows, for readers "
                      "who cannot see it (or `\"\"`, an empty description, if it is only decoration)", False)
    if "{{" in line:
        for match in _MACRO.finditer(line):
            inner = match.group(1)
            mdn = bool(_MDN_MACRO.match(inner))
            written = _excerpt(match.group(0), 60)
            construct = f"MDN macro `{written}`" if mdn else f"template variable `{written}` (Jinja or Liquid)"
            yield Finding(number + 1, match.start() + 1, "macro", construct,
                          "replace it with what it stood for (a link, a note or plain text)", False)
    if "{%" in line:
        for match in _LIQUID.finditer(line):
            raw = _RAW_TAG.match(match.group(0))
            yield Finding(number + 1, match.start() + 1, "liquid-raw" if raw else "liquid",
                          f"Jinja or Liquid tag `{_excerpt(match.group(0), 60)}`",
                          "delete it: MkDocs shows the text around it as it is" if raw
                          else "replace it with what it stood for (a link, a page's text), or delete it", bool(raw))
    if "{::" in line:
        for match in _KRAMDOWN_EXTENSION.finditer(line):
            yield Finding(number + 1, match.start() + 1, "kramdown-extension", "Kramdown extension `{::`",
                          "delete it and write the content in Markdown", False)
    if "[[[" in line:
        for match in _RPI_INGREDIENT.finditer(line):
            yield Finding(number + 1, match.start() + 1, "rpi-ingredient",
                          f"Raspberry Pi ingredient `[[[{match.group(1)}]]]`",
                          "copy the ingredient's text here (or link to it), then delete this line", False)
    if line.count("$") >= 2:
        for match in _PLACEHOLDER.finditer(line):
            yield Finding(number + 1, match.start() + 1, "placeholder",
                          f"template field `${match.group(1)}$`",
                          "replace it with the value it stood for", False)


Reporter = Callable[[int, int, str], None]
#: The alt text `projecth new resource --from` writes for an image that has none: the check refuses it.
MISSING_ALT = "TODO: describe this image"


def check_foreign(text: str, first_line: int, src_path: str, report: Reporter) -> None:
    """Report every foreign construct in a body that starts on file line `first_line`.

    The first of each kind carries the whole explanation; the rest of that kind say where it is.
    """
    seen: dict[str, int] = {}
    for finding in find_foreign(text):
        line = finding.line + first_line - 1
        if finding.kind in seen:
            how = " (or run `projecth convert` on this file)" if finding.convertible else ""
            report(line, finding.col, f"{finding.construct}: see line {seen[finding.kind]} for the fix{how}")
            continue
        seen[finding.kind] = line
        report(line, finding.col, finding.message(src_path))
