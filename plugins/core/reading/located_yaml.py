"""A stricter YAML reader for front matter and taxonomy files.

PyYAML's safe loader still keeps the last of two duplicate keys, expands
anchors and aliases (a "billion laughs" file), honours explicit tags, and
silently turns `no` into False, `0123` into 83 and `12:30` into 750. Here every
value keeps its line, column and source text so that the validator can say
exactly what was found, and those constructs are reported instead.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

MAP = "map"
SEQ = "seq"
SCALAR = "scalar"
#: Lists and mappings nested deeper than this are an error: nothing the toolkit reads needs more than a few
#: levels, and reading them one inside another would otherwise run out of Python's stack (RecursionError).
MAX_DEPTH = 40
TOO_DEEP = (f"lists or mappings are nested too deep here (more than {MAX_DEPTH} levels): no field needs that; "
            "check the indentation and the brackets")


class _NoKeys(Mapping):
    """The `keys` of every node that is not a mapping: one shared object, so it cannot be written to."""

    def __getitem__(self, key: str) -> "Node":
        raise KeyError(key)

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


_NO_KEYS: Mapping[str, "Node"] = _NoKeys()


@dataclass(slots=True)
class Node:
    """A YAML value with where it came from (1-based line and column in the file)."""

    kind: str
    value: Any  # dict[str, Node] for MAP, list[Node] for SEQ, the constructed value for SCALAR
    line: int
    col: int
    raw: str = ""  # a scalar's source text, before YAML typed it
    plain: bool = True  # an unquoted scalar: the only kind YAML coerces
    keys: Mapping[str, "Node"] = field(default_factory=lambda: _NO_KEYS)  # MAP: where each key was written

    def get(self, key: str) -> "Node | None":
        return self.value.get(key) if self.kind == MAP else None

    def to_python(self) -> Any:
        if self.kind == MAP:
            return {k: v.to_python() for k, v in self.value.items()}
        if self.kind == SEQ:
            return [v.to_python() for v in self.value]
        return self.value


@dataclass(frozen=True)
class Problem:
    line: int
    col: int
    message: str


# libyaml's C parser when PyYAML was built with it (about ten times faster);
# the events are the same either way, and composing them stays here.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT_TAG = "tag:yaml.org,2002:str"


class _Composer:
    """Builds located nodes from parser events, reporting anchors, aliases, tags and duplicate keys."""

    def __init__(self, loader: Any, line_offset: int, problems: list[Problem]):
        self.loader = loader
        self.offset = line_offset
        self.problems = problems
        # First characters for which YAML might type a plain scalar as something other than text.
        self.typed_starts = loader.yaml_implicit_resolvers
        self.depth = 0  # lists and mappings open around the node being read
        self.too_deep = False  # reported once per document

    def report(self, mark: Any, message: str) -> None:
        self.problems.append(Problem(mark.line + 1 + self.offset, mark.column + 1, message))

    def document(self) -> Node | None:
        self.loader.get_event()  # StreamStart
        if self.loader.check_event(yaml.StreamEndEvent):
            return None
        self.loader.get_event()  # DocumentStart
        root = self.node(self.loader.get_event())
        self.loader.get_event()  # DocumentEnd
        if not self.loader.check_event(yaml.StreamEndEvent):
            event = self.loader.peek_event()
            self.report(event.start_mark, "a second YAML document (`---` or `...`) inside the front matter: remove it")
        return root

    def node(self, event: Any) -> Node:
        """The node that starts with `event`: each loop below fetches its next event once (no peeking)."""
        line, col = event.start_mark.line + 1 + self.offset, event.start_mark.column + 1
        if event.__class__ is yaml.ScalarEvent and event.tag is None and event.anchor is None:
            # Most values are text: quoted, or plain and starting with a character that no YAML type
            # starts with. They need neither the resolver nor the constructor (half the time of a check).
            value = event.value
            plain = not event.style
            if not plain or (value and value[0] not in self.typed_starts):
                return Node(SCALAR, value, line, col, value, plain)
            return self.scalar(event, line, col, False)
        if isinstance(event, yaml.AliasEvent):
            self.report(
                event.start_mark,
                f"YAML alias `*{event.anchor}` is not allowed: write the value out in full "
                "(aliases can make a small file expand without limit)",
            )
            return Node(SCALAR, None, line, col, raw="")
        if event.anchor is not None:
            self.report(event.start_mark, f"YAML anchor `&{event.anchor}` is not allowed: write each value out in full")
        explicit_tag = event.tag is not None and event.tag != "!"
        if explicit_tag and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            shown = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.report(
                event.start_mark,
                f"YAML tag `{shown}` is not allowed: remove it (tags can make YAML build arbitrary objects)",
            )
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if self.depth >= MAX_DEPTH:
                return self.skip_too_deep(event, line, col)
            self.depth += 1
            try:
                if isinstance(event, yaml.MappingStartEvent):
                    return self.mapping(line, col)
                items = []
                next_event = self.loader.get_event
                while (item := next_event()).__class__ is not yaml.SequenceEndEvent:
                    items.append(self.node(item))
                return Node(SEQ, items, line, col)
            finally:
                self.depth -= 1
        return self.scalar(event, line, col, explicit_tag)

    def skip_too_deep(self, event: Any, line: int, col: int) -> Node:
        """Report a list or mapping nested too deep, and read past it without descending (no recursion)."""
        if not self.too_deep:
            self.too_deep = True
            self.report(event.start_mark, TOO_DEEP)
        level = 1
        while level:
            inner = self.loader.get_event()
            if isinstance(inner, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                level += 1
            elif isinstance(inner, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                level -= 1
        return Node(SCALAR, None, line, col, raw="")

    def mapping(self, line: int, col: int) -> Node:
        values: dict[str, Node] = {}
        keys: dict[str, Node] = {}
        next_event = self.loader.get_event
        while (event := next_event()).__class__ is not yaml.MappingEndEvent:
            key = self.node(event)
            value = self.node(next_event())
            if key.kind != SCALAR or not isinstance(key.value, str):
                shown = key.raw if key.kind == SCALAR else key.kind
                self.problems.append(
                    Problem(key.line, key.col, f"key `{shown}` was read as {describe(key.value)}; keys must be names")
                )
                continue
            name = key.value
            if name in keys:
                self.problems.append(
                    Problem(
                        key.line,
                        key.col,
                        f"duplicate key `{name}` on lines {keys[name].line} and {key.line}: "
                        "YAML would silently keep only the last one; keep one of them",
                    )
                )
                continue
            keys[name] = key
            values[name] = value
        return Node(MAP, values, line, col, keys=keys)

    def scalar(self, event: Any, line: int, col: int, explicit_tag: bool) -> Node:
        plain = event.style in (None, "")
        implicit = event.implicit if not explicit_tag else (plain, not plain)
        tag = self.loader.resolve(yaml.ScalarNode, event.value, implicit)
        if tag == _TEXT_TAG:
            return Node(SCALAR, event.value, line, col, event.value, plain)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError) as error:
            if tag == "tag:yaml.org,2002:timestamp":
                message = f"`{event.value}` is not a real date ({error}); give a date that exists, as YYYY-MM-DD"
            else:
                message = f"`{event.value}` could not be read: {error}"
            self.problems.append(Problem(line, col, message))
            value = event.value
        return Node(SCALAR, value, line, col, raw=event.value, plain=plain)


def quote(text: object) -> str:
    """Any text as a double-quoted YAML scalar, for files the toolkit writes: a JSON string is one."""
    return json.dumps(str(text), ensure_ascii=False)


def find_tab_indentation(text: str, line_offset: int = 0) -> list[Problem]:
    """Tabs in indentation make YAML fail with a cryptic scanner error; name each line instead."""
    problems: list[Problem] = []
    if "\t" not in text:
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            problems.append(
                Problem(
                    number + line_offset,
                    line.index("\t") + 1,
                    "tab character used for indentation: YAML needs spaces here (replace the tab with spaces)",
                )
            )
    return problems


def parse(text: str, line_offset: int = 0) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into located nodes.

    `line_offset` is the number of lines before `text` in its file, so that
    every line number refers to the file the author edits.
    """
    problems = find_tab_indentation(text, line_offset)
    if problems:
        return None, problems
    composer = None
    try:
        loader = _Loader(text)
        composer = _Composer(loader, line_offset, problems)
        root = composer.document()
    except yaml.reader.ReaderError as error:
        # Control characters: callers check for them first; this keeps the message on one line if not.
        before = text[: error.position]
        line, col = before.count("\n") + 1 + line_offset, len(before) - (before.rfind("\n") + 1) + 1
        problems.append(Problem(line, col, f"invisible character U+{error.character:04X} is not allowed: delete it"
                                if isinstance(error.character, int) else "a character YAML cannot read: delete it"))
        return None, problems
    except yaml.MarkedYAMLError as error:
        # "while scanning a quoted scalar": the place where it started is where the fix goes.
        started = error.context_mark if error.context and "scanning" in error.context else None
        mark = started or error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        what = error.problem or error.context or "malformed YAML"
        if "nesting depth" in what:  # libyaml's own limit, met while skipping what was already reported
            if composer is not None and composer.too_deep:
                return None, problems
            problems.append(Problem(line, col, TOO_DEEP))
            return None, problems
        if started is not None:
            what = f"{error.context.replace('while ', '')} that starts here: {what}"
        problems.append(Problem(line, col, f"malformed YAML: {what}{_yaml_hint(what)}"))
        return None, problems
    except yaml.YAMLError as error:  # pragma: no cover - both parsers raise marked errors for text input
        problems.append(Problem(1 + line_offset, 1, f"malformed YAML: {error}"))
        return None, problems
    loader.dispose()
    return root, problems


def _yaml_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return " (a value that contains `: ` must be put in quotes)"
    if "found unexpected end of stream" in what:
        return " (a quote is opened but never closed)"
    if "found character" in what and "that cannot start any token" in what:
        return " (put the value in quotes)"
    if "could not find expected ':'" in what:
        return " (each line needs `key: value`; a long value must be indented or quoted)"
    return ""


def describe(value: Any) -> str:
    """How YAML typed a value, in words an author recognises."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the yes/no value `{str(value).lower()}`"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text `{value}`"


def coercion_note(node: Node) -> str:
    """Why YAML 1.1 turned this unquoted text into something else, when it is surprising."""
    raw = node.raw.strip()
    if isinstance(node.value, bool):
        return f" (YAML 1.1 reads an unquoted `{raw}` as {str(node.value).lower()})"
    if isinstance(node.value, int) and ":" in raw:
        return f" (YAML 1.1 reads `{raw}` as a base-60 number)"
    if isinstance(node.value, int) and raw.lstrip("+-").startswith("0") and raw.lstrip("+-") not in ("0",):
        return f" (YAML 1.1 reads `{raw}`, with its leading zero, as an octal number)"
    return ""
