"""Checking a Markdown body for what must never be published.

Python-Markdown passes raw HTML straight through, and MkDocs does not check
links written in raw HTML. This scan rejects active content, HTML comments,
third-party requests and broken or escaping links before anything is built.
Code (fenced blocks and inline spans) is blanked out first: a computing lesson
may show `<script>` as an example.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote

from .source import line_col

FORBIDDEN_TAGS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "style", "link", "meta",
        "base", "noscript", "template", "portal",
    }
)
# Attributes whose value is a URL the browser follows or fetches.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background", "data", "cite",
     "longdesc", "lowsrc", "dynsrc", "ping", "manifest"}
)
# Of those, the ones the browser fetches as soon as the page loads.
FETCHING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc"})
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")

# A fence opens a code block only at up to three spaces of indentation; deeper
# ones (inside list items) are scanned as text, which can only over-report.
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Runs of backticks, to pair into code spans; a run after an odd number of backslashes is escaped.
_BACKTICKS = re.compile(r"(\\*)(`+)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Python-Markdown does not process code spans inside raw HTML blocks.
_HTML_LINE_START = re.compile(r"^ {0,3}<[A-Za-z/!]", re.MULTILINE)
_COMMENT = re.compile(r"<!--")
# Quoted attribute values may hold `>`; `/` separates attributes as whitespace does.
_TAG = re.compile(r"""<\s*(/?)\s*([A-Za-z][A-Za-z0-9:.+-]*)((?:"[^"]*"|'[^']*'|[^<>"'])*)>""")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
# Caught anywhere outside code, not only inside a tag this scan recognises:
# a malformed tag (an unclosed quote, say) is still parsed by browsers.
# Case-insensitive by character classes rather than a flag, so the scan can jump between o/O letters;
# the character before the name is checked in Python.
_EVENT_ATTRIBUTE = re.compile(r"([oO][nN][a-zA-Z]{2,})\s*=")
_BEFORE_ATTRIBUTE = frozenset(" \t\n\r\f\v/\"'{:")
_SCRIPT_URL = re.compile(r"[=(\"'<]\s*((?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t)\s*:", re.IGNORECASE)
_ATTR_LIST = re.compile(r"\{:?\s*([^{}\n]*?)\s*\}")
# Link text may hold one level of brackets; written as an unrolled loop so that
# the scan stays linear on long pages.
_LINK = re.compile(r"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                   r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<[^>\n]*>|\S+)", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
# ![alt][label], ![alt][] and ![alt]: the last two use the alt text as the label.
_REFERENCE_IMAGE = re.compile(r"!\[([^\[\]]*)\](?!\()(?:\[([^\[\]]*)\])?")
# The heading scans are anchored on a newline (the text is searched with one prepended), which is
# far faster than a multi-line `^` tried at every position.
_H1_ATX = re.compile(r"\n {0,3}#(?!#)[ \t]*\S")
_H1_HTML = re.compile(r"<\s*h1[\s/>]", re.IGNORECASE)
_SETEXT_UNDERLINE = re.compile(r"\n {0,3}=+[ \t]*(?=\n|\Z)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


@dataclass(frozen=True)
class LinkTargets:
    """What a relative link may point at: published pages, drafts (an error), and other files."""

    pages: frozenset[str]  # src paths of published and generated Markdown pages
    drafts: frozenset[str]
    files: frozenset[str]  # non-Markdown files under content/


Reporter = Callable[[int, int, str], None]


def blank_code(text: str) -> str:
    """Replace code with spaces, keeping every offset, where Python-Markdown would surely render it as code.

    Only closed fences count, and inline code spans only when no line starts
    raw HTML: anything doubtful is scanned as live content.
    """
    if "```" not in text and "~~~" not in text:
        lines = []  # no fence can open: skip the line-by-line pass
    else:
        lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = _FENCE_OPEN.match(lines[index])
        if match is None:
            index += 1
            continue
        fence = match.group(1)
        close = next(
            (j for j in range(index + 1, len(lines))
             if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", lines[j])),
            None,
        )
        if close is None:
            index += 1
            continue
        for j in range(index, close + 1):
            lines[j] = " " * len(lines[j])
        index = close + 1
    if lines:
        text = "\n".join(lines)
    if "`" not in text or _HTML_LINE_START.search(text):
        return text
    return _blank_code_spans(text)


def _blank_code_spans(text: str) -> str:
    """Pair backtick runs as Markdown does: a span closes at the next run of the same length,
    within the same paragraph; an escaped run opens nothing."""
    runs = [(m.start(2), len(m.group(2)), len(m.group(1)) % 2 == 1) for m in _BACKTICKS.finditer(text)]
    chars = list(text)
    index = 0
    while index < len(runs):
        start, length, escaped = runs[index]
        if escaped:
            index += 1
            continue
        close = next((j for j in range(index + 1, len(runs)) if runs[j][1] == length), None)
        if close is None or _BLANK_LINE.search(text, start, runs[close][0]):
            index += 1
            continue
        end = runs[close][0] + length
        chars[start:end] = " " * (end - start)
        index = close + 1
    return "".join(chars)


def classify_url(url: str) -> str:
    """'dangerous', 'external', 'anchor' or 'local', after undoing the tricks that hide a scheme."""
    cleaned = html.unescape(url)
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", cleaned).lower()
    if cleaned.startswith(DANGEROUS_SCHEMES):
        return "dangerous"
    if cleaned.startswith("//") or _SCHEME.match(cleaned):
        return "external"
    if cleaned.startswith("#") or not cleaned:
        return "anchor"
    return "local"


def check_body(text: str, first_line: int, src_path: str, targets: LinkTargets, report: Reporter) -> None:
    """Report every unsafe construct and broken link in one Markdown body."""
    scrubbed = blank_code(text)

    def at(offset: int) -> tuple[int, int]:
        line, col = line_col(scrubbed, offset)
        return line + first_line - 1, col

    lines = "\n" + scrubbed  # offset n here is offset n - 1 of `scrubbed`: a line's start is its newline
    for match in _H1_ATX.finditer(lines):
        report(*at(match.start()), "level-1 heading in the body: the page title comes from `title`, so start the "
               "body's headings at `##`")
    for match in _SETEXT_UNDERLINE.finditer(lines) if "=" in scrubbed else ():
        text_start = lines.rfind("\n", 0, match.start()) + 1
        text_line = lines[text_start:match.start()]
        if text_line and not text_line[0].isspace():
            report(*at(text_start - 1), "level-1 heading (text underlined with `===`): the page title comes from "
                   "`title`, so use `##` headings in the body")
    has_tags = "<" in scrubbed  # the tag, comment and <h1> patterns all need one
    for match in _H1_HTML.finditer(scrubbed) if has_tags else ():
        report(*at(match.start()), "level-1 heading `<h1>` in the body: the page title comes from `title`, so use "
               "`##` headings in the body")
    for match in _COMMENT.finditer(scrubbed) if has_tags else ():
        report(*at(match.start()), "HTML comment `<!--`: comments are published in the page's source where anyone "
               "can read them; delete it (keep notes in the pull request instead)")
    for match in _EVENT_ATTRIBUTE.finditer(scrubbed) if "=" in scrubbed else ():
        if match.start() and scrubbed[match.start() - 1] not in _BEFORE_ATTRIBUTE:
            continue  # part of a longer word, such as `moonset=`
        report(*at(match.start(1)), f"event attribute `{match.group(1).lower()}`{_enclosing(scrubbed, match.start())}: "
               "attributes that run code are not allowed")
    unescaped = html.unescape(scrubbed) if "&" in scrubbed else scrubbed
    if len(unescaped) == len(scrubbed):
        for match in _SCRIPT_URL.finditer(unescaped):
            scheme = re.sub(r"\s+", "", match.group(1)).lower()
            report(*at(match.start(1)), f"`{scheme}:` URL: links that run code are not allowed; link to a page or file")
    for match in _TAG.finditer(scrubbed) if has_tags else ():
        _check_tag(match, at, src_path, targets, report)
    for match in _ATTR_LIST.finditer(scrubbed) if "{" in scrubbed else ():
        _check_attribute_list(match, at, report)
    if "](" in scrubbed:
        for match in _IMAGE.finditer(scrubbed):
            url = match.group(2).strip("<>")
            _check_url(url, True, at(match.start()), src_path, targets, report, markdown=True)
        for match in _LINK.finditer(scrubbed):
            if match.start() > 0 and scrubbed[match.start() - 1] == "!":
                continue  # an image, checked above
            url = match.group(2).strip("<>")
            _check_url(url, False, at(match.start()), src_path, targets, report, markdown=True)
    if "]:" not in scrubbed:
        return
    images_by_reference = {_label(m.group(2) or m.group(1)) for m in _REFERENCE_IMAGE.finditer(scrubbed)}
    for match in _REFERENCE_DEFINITION.finditer(scrubbed):
        url = match.group(2).strip("<>")
        image = _label(match.group(1)) in images_by_reference
        _check_url(url, image, at(match.start()), src_path, targets, report, markdown=True)


def _enclosing(text: str, offset: int) -> str:
    """Where an attribute sits, for the message: in which tag, or in an attribute list."""
    tag_start, tag_end = text.rfind("<", 0, offset), text.rfind(">", 0, offset)
    brace_start, brace_end = text.rfind("{", 0, offset), text.rfind("}", 0, offset)
    if tag_start > tag_end and tag_start > brace_start:
        name = re.match(r"<\s*([A-Za-z][A-Za-z0-9:.+-]*)", text[tag_start:])
        return f" on `<{name.group(1).lower()}>`" if name else ""
    if brace_start > brace_end:
        return " in an attribute list"
    return ""


def _label(text: str) -> str:
    """Reference labels match case-insensitively, with runs of white space folded."""
    return " ".join(text.split()).lower()


def _check_tag(match: re.Match, at, src_path: str, targets: LinkTargets, report: Reporter) -> None:
    name = match.group(2).lower()
    where = at(match.start())
    if classify_url(name) == "dangerous" or name.startswith(DANGEROUS_SCHEMES):
        report(*where, f"`{name.split(':')[0]}:` link: links that run code are not allowed; link to a page or file")
        return
    if ":" in name and name.split(":")[0] in ("http", "https", "mailto", "ftp"):
        return  # a Markdown autolink such as <https://example.org>
    if name in FORBIDDEN_TAGS:
        report(*where, f"raw `<{name}>` tag: it is not allowed in content (it can run code, load other sites or "
               "restyle the page); describe it in Markdown instead")
        return
    for attribute in _ATTRIBUTE.finditer(match.group(3) or ""):
        attr_name = attribute.group(1).lower()
        value = (attribute.group(2) or "").strip("\"'")
        if attr_name.startswith("on"):
            continue  # reported by the scan for event attributes
        if attr_name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.IGNORECASE):
            report(*where, f"`style` on `<{name}>` loads a URL: styles may not fetch anything")
        elif attr_name in URL_ATTRIBUTES:
            # SVG's <image href> and <use href> are fetched as the page loads.
            fetches = attr_name in FETCHING_ATTRIBUTES or (attr_name in ("href", "xlink:href")
                                                           and name not in ("a", "area"))
            for url in (value.split(",") if attr_name == "srcset" else [value]):
                url = url.strip().split(" ")[0]
                _check_url(url, fetches, where, src_path, targets, report, markdown=False)


def _check_attribute_list(match: re.Match, at, report: Reporter) -> None:
    """attr_list (`{: onclick=... }`) and md_in_html can add attributes to Markdown elements."""
    content = match.group(1)
    if "=" not in content:
        return
    for attribute in _ATTRIBUTE.finditer(content):
        name = attribute.group(1).lower().lstrip(".#")
        value = (attribute.group(2) or "").strip("\"'")
        if name.startswith("on"):
            continue  # reported by the scan for event attributes
        if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.IGNORECASE):
            report(*at(match.start()), "`style` in an attribute list loads a URL: styles may not fetch anything")
        elif name in URL_ATTRIBUTES and classify_url(value) == "dangerous":
            report(*at(match.start()), f"`{name}` in an attribute list is a `{value.split(':')[0]}:` URL: not "
                   "allowed")


def _check_url(url: str, fetched: bool, where: tuple[int, int], src_path: str, targets: LinkTargets,
               report: Reporter, markdown: bool) -> None:
    kind = classify_url(url)
    if kind == "dangerous":
        scheme = re.sub(r"[\x00-\x20]+", "", html.unescape(url)).split(":")[0].lower()
        report(*where, f"`{scheme}:` URL: links that run code or embed data are not allowed; link to a page or file")
        return
    if kind == "external":
        if fetched:
            report(*where, f"image or media from another site (`{url}`): pages may not make requests to other "
                   "hosts; download it (if its licence allows), add it under content/ and link to that copy")
        return
    if kind == "anchor":
        return
    _check_local_link(url, where, src_path, targets, report, markdown)


def _check_local_link(url: str, where: tuple[int, int], src_path: str, targets: LinkTargets, report: Reporter,
                      markdown: bool) -> None:
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if path.startswith("/"):
        report(*where, f"absolute link `{url}`: it breaks when the site is not at the root of its domain; write a "
               "relative link to the file, e.g. `../about.md`")
        return
    base = posixpath.dirname(src_path)
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved == ".." or resolved.startswith("../"):
        report(*where, f"link `{url}` leaves the content folder: link only to pages and files inside content/")
        return
    if resolved in targets.drafts:
        report(*where, f"link `{url}` points to a draft, which is not published: publish it first or remove the "
               "link")
        return
    if resolved in targets.pages:
        if not markdown:
            report(*where, f"link to `{url}` in raw HTML: MkDocs does not rewrite it to the page's address; use a "
                   "Markdown link `[text]({url})` instead")
        return
    if resolved in targets.files:
        return
    candidates = [f"{resolved}.md", posixpath.join(resolved, "index.md")]
    existing = next((c for c in candidates if c in targets.pages), None)
    if existing:
        relative = posixpath.relpath(existing, base or ".")
        report(*where, f"link `{url}` points to a folder: link to the page's file instead, `{relative}`")
        return
    report(*where, f"link `{url}` points to `{resolved}`, which does not exist under content/: check the spelling "
           "and the folder (links are relative to this file)")
