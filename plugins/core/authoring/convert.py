"""Rewriting foreign syntax (see core/authoring/foreign.py) as the Markdown this site renders.

Fenced divs (Pandoc, Carpentries, Quarto), MyST colon directives and GitHub
alerts become admonitions; solution, spoiler and hint blocks become collapsible
blocks (pymdownx.details); MyST figures become images with captions; Raspberry
Pi blocks become admonitions, collapsible blocks and fenced code; Kramdown
attribute lists after code become the fence's language, and old-style
Carpentries block quotes closed by `{: .challenge}` become admonitions. Code is
never touched. What it cannot convert is left as it was and listed, located:
exactly what `projecth check` still reports. Converting twice changes nothing.

Imports nothing from MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..publishing.office import ADMONITION_TYPES
from .foreign import (
    _DIV_CLOSE,
    _DIV_OPEN,
    _FENCE,
    _GITHUB_ALERT,
    _KRAMDOWN_IAL,
    _MYST_COLON,
    _MYST_FENCE_INFO,
    _MYST_LABEL,
    _RPI_BLOCK,
    COLLAPSIBLE,
    Finding,
    _alert_type,
    _div_name,
    code_lines,
    find_foreign,
)

# Admonition types for the names other libraries use: the types the check accepts (Material's and the print marks,
# office.ADMONITION_TYPES). Solutions, answers and quiz feedback become `answers`, which a pupil copy leaves out;
# any other name becomes a note titled with that name.
TYPES = {
    "solution": "answers", "solutions": "answers", "answer": "answers", "answers": "answers",
    "feedback": "answers", "challenge": "question", "exercise": "question", "task": "example",
    "discussion": "question", "checklist": "abstract", "hint": "tip", "hints": "tip", "spoiler": "note", "collapse": "note",
    "callout": "note", "prereq": "info", "prerequisite": "info", "testimonial": "quote", "caution": "danger",
    "attention": "warning", "seealso": "info", "important": "info", "error": "failure", "dropdown": "note",
    "objectives": "abstract", "keypoints": "abstract", "questions": "question",
}
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$")
_OPTION = re.compile(r"^[ \t]*:([\w-]+):[ \t]*(.*)$")
_YAML_OPTION = re.compile(r"^[ \t]*([\w-]+)[ \t]*:[ \t]*(.*)$")
_RPI_SEPARATOR = re.compile(r"^[ \t]*---[ \t]*$")
_QUIZ_CHOICE = re.compile(r"^([ \t]*[-*+][ \t]+)\([ xX]\)[ \t]*")
_TOC_LINE = re.compile(r"^[ \t]*(?:[-*+]|1\.)[ \t]+TOC[ \t]*$")
_TITLE_ATTR = re.compile(r"""title\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')""")
_RAW_LINE = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*\{%-?[ \t]*(?:raw|endraw)[ \t]*-?%\}[ \t]*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

Line = tuple  # (text, line number in the file)
BLANK = ("", 0)  # a blank line the conversion adds: never doubled


@dataclass
class Conversion:
    """The converted text, what was changed (file line, description) and what is left (located findings)."""

    text: str
    changed: list[tuple[int, str]] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # converted, but worth a look


def convert_text(text: str) -> Conversion:
    """Convert a whole Markdown file (its front matter, if any, is kept as it is)."""
    match = _FRONT_MATTER.match(text)
    head = match.group(0) if match else ""
    body = text[len(head):]
    first = head.count("\n") + 1
    result = convert_body(body, first)
    return Conversion(head + result.text, result.changed, result.left, result.notes)


def convert_body(body: str, first_line: int = 1) -> Conversion:
    state = Conversion("")
    items = [(text, first_line + number) for number, text in enumerate(body.split("\n"))]
    out = _convert(items, state)
    kept: list[Line] = []
    for text, number in out:
        blank = not text.strip()
        if blank and number == 0 and (not kept or not kept[-1][0].strip()):
            continue  # an added blank line after a blank line
        if blank and kept and not kept[-1][0].strip() and kept[-1][1] == 0:
            kept[-1] = (text, number)  # the author's blank line rather than an added one
            continue
        kept.append((text, number))
    converted = "\n".join(text for text, _ in kept)
    state.text = converted
    state.left = [Finding(f.line + first_line - 1, f.col, f.kind, f.construct, f.fix, f.convertible)
                  for f in find_foreign(converted)]
    return state


def _what(collapsible: bool) -> str:
    return "a collapsible block" if collapsible else "an admonition"


def _type_and_title(name: str, title: str) -> tuple[str, str, bool]:
    name = name.lower()
    collapsible = name in COLLAPSIBLE or name == "dropdown"
    if name.startswith("callout-"):
        name = name[len("callout-"):]
    kind = TYPES.get(name, name)
    if kind not in ADMONITION_TYPES:
        kind, title = "note", title or name.replace("-", " ").capitalize()
    return kind, title, collapsible


def _block(marker: str, kind: str, title: str, children: list[Line], line: int, indent: str,
           state: Conversion, default: str = "") -> list[Line]:
    """An admonition or collapsible block around the converted children."""
    inner = _convert(children, state)
    while inner and not inner[0][0].strip():
        inner = inner[1:]
    if not title and inner:
        heading = _HEADING.match(inner[0][0])
        if heading:
            title, inner = heading.group(1), inner[1:]
    title = title or default or kind.capitalize()
    while inner and not inner[-1][0].strip():
        inner = inner[:-1]
    head = f'{indent}{marker} {kind} "{title.strip()}"'
    lines = [BLANK, (head, line), BLANK]
    lines += [((indent + "    " + text) if text.strip() else "", number) for text, number in inner]
    lines.append(BLANK)
    return lines


def _dedent(children: list[Line], indent: str) -> list[Line]:
    width = len(indent)
    return [(text[width:] if text[:width].strip() == "" else text.lstrip(), number) for text, number in children]


def _dequote(children: list[Line]) -> list[Line]:
    result = []
    for text, number in children:
        stripped = text.lstrip()
        if stripped.startswith(">"):
            stripped = stripped[1:]
            if stripped.startswith(" "):
                stripped = stripped[1:]
        result.append((stripped, number))
    return result


def _options(children: list[Line], style: str) -> tuple[dict, list[Line]]:
    """Leading `:key: value` lines (MyST) or a `---` YAML block (MyST, Raspberry Pi)."""
    options: dict[str, str] = {}
    rest = list(children)
    if rest and _RPI_SEPARATOR.match(rest[0][0]) and style in ("yaml", "any"):
        close = next((i for i in range(1, len(rest)) if _RPI_SEPARATOR.match(rest[i][0])), None)
        if close is not None and all(_YAML_OPTION.match(t) or not t.strip() for t, _ in rest[1:close]):
            for text, _ in rest[1:close]:
                found = _YAML_OPTION.match(text)
                if found:
                    options[found.group(1).lower()] = found.group(2).strip().strip("\"'")
            return options, rest[close + 1:]
    if style in ("colon", "any"):
        while rest and _OPTION.match(rest[0][0]):
            found = _OPTION.match(rest[0][0])
            options[found.group(1).lower()] = found.group(2).strip()
            rest = rest[1:]
    return options, rest


def _find_close(items: list[Line], start: int, code: list[bool], opens, closes) -> int | None:
    """The line that closes the block opened at `start`, counting nested blocks, skipping code."""
    depth = 1
    for index in range(start + 1, len(items)):
        if code[index]:
            continue
        text = items[index][0]
        if closes(text):
            depth -= 1
            if depth == 0:
                return index
        elif opens(text):
            depth += 1
    return None


def _convert(items: list[Line], state: Conversion) -> list[Line]:
    texts = [text for text, _ in items]
    code, fences = code_lines(texts)
    fence_at = {fence.start: fence for fence in fences}
    out: list[Line] = []
    index = 0
    while index < len(items):
        text, number = items[index]
        if index in fence_at:
            index = _fence(items, fence_at[index], out, state)
            continue
        if code[index] or not text.strip():
            out.append(items[index])
            index += 1
            continue
        if "{%" in text and _RAW_LINE.match(text):
            state.changed.append((number, f"Liquid `{text.strip()}`: removed (MkDocs shows the text as it is)"))
            index += 1
            continue
        converted = (_div(items, index, code, out, state) or _rpi(items, index, code, out, state)
                     or _alert(items, index, out, state) or _old_carpentries(items, index, out, state)
                     or _label(items, index, out, state) or _loose_ial(items, index, out, state))
        if converted:
            index = converted
            continue
        out.append(items[index])
        index += 1
    return out


def _fence(items: list[Line], fence, out: list[Line], state: Conversion) -> int:
    opener, number = items[fence.start]
    myst = _MYST_FENCE_INFO.match(fence.info)
    if myst:
        replaced = _myst(myst.group(1), fence.info[myst.end():].strip(), items[fence.start + 1:fence.end], number,
                         state, "any")
        if replaced is not None:
            out.extend(replaced)
            return fence.end + 1
    after = fence.end + 1
    ial = _KRAMDOWN_IAL.match(items[after][0]) if after < len(items) else None
    if ial and _quote_depth_of(items[after][0]) == _quote_depth_of(opener):
        classes = [part[1:] for part in ial.group(1).split() if part.startswith(".")]
        language = next((c[len("language-"):] for c in classes if c.startswith("language-")), None)
        language = language or next((c for c in classes), None)
        match = _FENCE.match(opener)
        if language and not match.group("info").strip():
            opener = opener[:match.end("fence")] + language
            state.changed.append((items[after][1], f"Kramdown attribute list `{{: {ial.group(1).strip()}}}`: "
                                                   f"the code block above is now marked as `{language}`"))
        else:
            state.changed.append((items[after][1], f"Kramdown attribute list `{{: {ial.group(1).strip()}}}` "
                                                   "after code: removed (the code block keeps its language)"))
        out.append((opener, number))
        out.extend(items[fence.start + 1:fence.end + 1])
        return after + 1
    out.extend(items[fence.start:fence.end + 1])
    return fence.end + 1


def _quote_depth_of(text: str) -> int:
    return re.match(r"^[ \t]*((?:>[ \t]?)*)", text).group(1).count(">")


def _myst(name: str, argument: str, children: list[Line], number: int, state: Conversion,
          style: str) -> list[Line] | None:
    """A MyST directive, from a backtick fence or a colon fence; None if it has no Markdown equivalent."""
    options, rest = _options(children, style)
    if name in ("figure", "image"):
        alt = options.get("alt", "")
        caption = " ".join(text.strip() for text, _ in rest if text.strip())
        image = f"![{alt}]({argument})"
        if "width" in options:
            image += f'{{ width="{options["width"].strip(chr(34))}" }}'
        state.changed.append((number, f"MyST {name} `{argument}`: now an image"
                                      + (" with its caption" if caption and name == "figure" else "")))
        if not alt:
            state.notes.append((number, f"the image `{argument}` has no alt text: describe it between the "
                                        "square brackets, `![A description](...)`"))
        if name == "image" or not caption:
            return [BLANK, (image, number), BLANK]
        ident = f' id="{options["name"]}"' if options.get("name") else ""
        return [BLANK, (f'<figure markdown="span"{ident}>', number), (f"  {image}", number),
                (f"  <figcaption>{caption}</figcaption>", number), ("</figure>", number), BLANK]
    if name in ("code", "code-block", "code-cell", "sourcecode"):
        state.changed.append((number, f"MyST {name}: now a fenced code block"))
        language = argument.split()[0] if argument else ""
        return [("```" + language, number)] + rest + [("```", number)]
    if name in ("admonition", "dropdown") or name in TYPES or name in ("note", "tip", "warning", "danger", "hint"):
        classes = options.get("class", "").split()
        kind_name = classes[0] if name == "admonition" and classes else name
        title = argument if name in ("admonition", "dropdown") or argument else ""
        kind, title, collapsible = _type_and_title(kind_name, title)
        collapsible = collapsible or "dropdown" in classes
        state.changed.append((number, f"MyST directive `{{{name}}}`: now {_what(collapsible)}"))
        return _block("???" if collapsible else "!!!", kind, title, rest, number, "", state,
                      default=kind_name.capitalize())
    return None


def _div(items: list[Line], index: int, code: list[bool], out: list[Line], state: Conversion) -> int | None:
    text, number = items[index]
    if ":::" not in text:
        return None
    myst = _MYST_COLON.match(text)
    opened = myst or _DIV_OPEN.match(text)
    if not opened:
        return None
    close = _find_close(items, index, code, lambda t: bool(_DIV_OPEN.match(t)), lambda t: bool(_DIV_CLOSE.match(t)))
    if close is None:
        return None  # left as it is: the check reports it
    children = items[index + 1:close]
    if myst:
        argument = text[myst.end():].strip()
        replaced = _myst(myst.group(2), argument, children, number, state, "colon")
        if replaced is None:
            return None
        out.extend(replaced)
        return close + 1
    spec = opened.group(2)
    name = _div_name(spec) or "note"
    title_attr = _TITLE_ATTR.search(spec) if spec.startswith("{") else None
    title = (title_attr.group(1) or title_attr.group(2)) if title_attr else text[opened.end():].strip(" :")
    kind, title, collapsible = _type_and_title(name, title)
    collapsible = collapsible or 'collapse="true"' in spec
    state.changed.append((number, f"Pandoc fenced div `::: {spec}`: now {_what(collapsible)}"))
    out.extend(_block("???" if collapsible else "!!!", kind, title, children, number, "", state,
                      default=name.replace("-", " ").capitalize()))
    return close + 1


RPI_TITLES = {"task": "Task", "challenge": "Challenge", "hint": "Hint", "collapse": "More", "question": "Question",
              "feedback": "Feedback"}


def _rpi(items: list[Line], index: int, code: list[bool], out: list[Line], state: Conversion) -> int | None:
    text, number = items[index]
    if "---" not in text:
        return None
    opened = _RPI_BLOCK.match(text)
    if not opened or opened.group(1):
        return None
    name = opened.group(2)
    indent = text[: len(text) - len(text.lstrip())]
    if indent:  # inside a list item (quiz feedback): Python-Markdown needs four spaces to continue it
        indent = " " * (-(-len(indent.expandtabs(4)) // 4) * 4)
    if name == "save":
        state.changed.append((number, "Raspberry Pi `--- save ---`: now a line saying to save the project"))
        out.extend([BLANK, (f"{indent}**Save your project**", number), BLANK])
        return index + 1
    close = _find_close(items, index, code,
                        lambda t: bool(re.match(r"^[ \t]*---[ \t]*%s[ \t]*---[ \t]*$" % re.escape(name), t)),
                        lambda t: bool(re.match(r"^[ \t]*---[ \t]*/%s[ \t]*---[ \t]*$" % re.escape(name), t)))
    if close is None or name not in RPI_TITLES and name not in ("code", "hints", "no-print", "print-only",
                                                                  "choices"):
        return None
    options, children = _options(_dedent(items[index + 1:close], text[: len(text) - len(text.lstrip())]), "yaml")
    if name == "code":
        if any(_FENCE.match(t) for t, _ in children):
            block = children  # already fenced
        else:
            while children and not children[-1][0].strip():
                children = children[:-1]
            block = [("```" + options.get("language", ""), number)] + children + [("```", items[close][1])]
        lines = [BLANK]
        if options.get("filename"):
            lines += [(f"`{options['filename']}`:", number), BLANK]
        out.extend([((indent + t) if t.strip() else "", n) for t, n in lines + block + [BLANK]])
        state.changed.append((number, "Raspberry Pi `--- code ---`: now a fenced code block"))
        return close + 1
    if name in ("hints", "no-print", "print-only", "choices"):
        inner = _convert(children, state)
        if name == "choices":
            inner = [(_QUIZ_CHOICE.sub(r"\1", t), n) for t, n in inner]
            state.notes.append((number, "quiz choices: the correct choice is no longer marked `(x)`; each choice's "
                                        "feedback is in a collapsible block"))
        if name == "print-only":
            state.notes.append((number, "print-only content is now shown on the page: delete it if it repeats "
                                        "what is above"))
        out.extend([BLANK] + [((indent + t) if t.strip() else "", n) for t, n in inner] + [BLANK])
        state.changed.append((number, f"Raspberry Pi `--- {name} ---`: its content is kept, without the markers"))
        return close + 1
    kind = {"task": "example", "challenge": "question", "hint": "tip", "collapse": "note", "question": "question",
            "feedback": "answers"}[name]
    title = options.get("title") or options.get("legend") or ("" if name in ("challenge", "task")
                                                               else RPI_TITLES[name])
    collapsible = name in ("hint", "collapse", "feedback")
    state.changed.append((number, f"Raspberry Pi `--- {name} ---`: now {_what(collapsible)}"))
    out.extend(_block("???" if collapsible else "!!!", kind, title, children, number, indent, state,
                      default=RPI_TITLES[name]))
    return close + 1


def _alert(items: list[Line], index: int, out: list[Line], state: Conversion) -> int | None:
    text, number = items[index]
    alert = _GITHUB_ALERT.match(text) if "[!" in text else None
    if not alert or alert.group(1).lower() not in ("note", "tip", "important", "warning", "caution"):
        return None
    end = index + 1
    while end < len(items) and items[end][0].lstrip().startswith(">"):
        end += 1
    first = text[alert.end():].strip()
    children = ([(first, number)] if first else []) + _dequote(items[index + 1:end])
    name = alert.group(1).lower()
    state.changed.append((number, f"GitHub alert `[!{alert.group(1)}]`: now an admonition"))
    out.extend(_block("!!!", _alert_type(name), name.capitalize(), children, number, "", state))
    return end


def _old_carpentries(items: list[Line], index: int, out: list[Line], state: Conversion) -> int | None:
    """A block quote closed by `{: .challenge}` on the next line (Carpentries lessons before 2023)."""
    text, number = items[index]
    if not text.lstrip().startswith(">") or (index and items[index - 1][0].lstrip().startswith(">")):
        return None
    end = index + 1
    while end < len(items) and items[end][0].lstrip().startswith(">"):
        end += 1
    ial = _KRAMDOWN_IAL.match(items[end][0]) if end < len(items) else None
    if not ial or _quote_depth_of(items[end][0]) != _quote_depth_of(text) - 1:
        return None
    classes = [part[1:] for part in ial.group(1).split() if part.startswith(".")]
    if not classes:
        return None
    kind, title, collapsible = _type_and_title(classes[0], "")
    state.changed.append((number, f"block quote with `{{: .{classes[0]}}}`: now "
                                  f"{'a collapsible block' if collapsible else 'an admonition'}"))
    out.extend(_block("???" if collapsible else "!!!", kind, "", _dequote(items[index:end]), number, "", state,
                      default=classes[0].replace("-", " ").capitalize()))
    return end + 1


def _label(items: list[Line], index: int, out: list[Line], state: Conversion) -> int | None:
    text, number = items[index]
    label = _MYST_LABEL.match(text) if ")=" in text else None
    if not label:
        return None
    following = next((j for j in range(index + 1, len(items)) if items[j][0].strip()), None)
    if following is not None and _HEADING.match(items[following][0]) and "{" not in items[following][0]:
        heading, heading_line = items[following]
        out.extend(items[index + 1:following])
        out.append((f"{heading.rstrip()} {{#{label.group(1)}}}", heading_line))
        state.changed.append((number, f"MyST label `({label.group(1)})=`: now the id of the heading below it"))
        return following + 1
    state.changed.append((number, f"MyST label `({label.group(1)})=`: removed (no heading follows it)"))
    state.notes.append((number, f"links to `#{label.group(1)}` no longer have a target: point them at a heading"))
    return index + 1


def _loose_ial(items: list[Line], index: int, out: list[Line], state: Conversion) -> int | None:
    text, number = items[index]
    ial = _KRAMDOWN_IAL.match(text) if "{:" in text else None
    if not ial:
        return None
    spec = ial.group(1).strip()
    before = out[-1][0] if out else ""
    if "toc" in spec.split() or spec in ("toc", ".no_toc"):
        if _TOC_LINE.match(before):
            out.pop()
        state.changed.append((number, f"Kramdown `{{: {spec}}}`: removed (the theme makes the table of contents)"))
        return index + 1
    if before.strip() and not before.lstrip().startswith(">"):
        return None  # at the end of a paragraph: attr_list applies it, as Kramdown did
    state.changed.append((number, f"Kramdown attribute list `{{: {spec}}}` on its own: removed (it applied to "
                                  "nothing MkDocs knows)"))
    return index + 1
