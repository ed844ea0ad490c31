"""Checking front matter against the model's field specifications.

Each check says what was found and what is allowed, so that a teacher can fix
the file without knowing YAML's rules.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Callable

from .model import (
    ATTACHMENT_FIELDS,
    ATTACHMENTS,
    BOOLEAN,
    CHAIN,
    CHOICE,
    DATE,
    DURATION,
    MAPPING,
    MAPPINGS,
    NUMBER,
    RESOURCE_IDS,
    TERM,
    TERM_LIST,
    TEXT,
    TEXT_LIST,
    UNIT_IDS,
    YEAR_UNITS,
    FieldSpec,
)
from .strictyaml import MAP, SCALAR, SEQ, Node, coercion_note, describe
from .taxonomy import Taxonomy

# Markup that would reach templates and metadata: HTML tags, entities, and the
# Markdown that a plain-text field would show literally.
_MARKUP = [
    (re.compile(r"</?[A-Za-z!?]"), "an HTML tag"),
    (re.compile(r"&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"), "an HTML entity"),
    (re.compile(r"\[[^\]]*\]\([^)]*\)"), "a Markdown link"),
    (re.compile(r"(\*\*|__)\S"), "Markdown bold"),
    (re.compile(r"`"), "a Markdown code mark (backtick)"),
    (re.compile(r"\{\{|\{%"), "a template expression"),
]
_DURATION_PART = re.compile(r"(\d+)\s*(hours?|hrs?|h|minutes?|mins?|m)\b", re.IGNORECASE)
_ISO_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?\Z")

# Front-matter keys that MkDocs or Material would act on (choosing a template, hiding navigation).
THEME_KEYS = frozenset({"template", "hide", "icon", "search", "social", "subtitle"})
# Names authors reach for from other tools, and the field they mean.
KEY_ALIASES = {
    "license": "licence", "description": "summary", "author": "authors", "date": "published",
    "type": "resource_type", "subject": "subjects", "phase": "phases", "key_stage": "key_stages",
    "keystage": "key_stages", "year_group": "year_groups", "years": "year_groups", "tag": "tags",
    "modified": "updated", "review": "review_by", "draft": "status",
}

Reporter = Callable[[int, int, str], None]


class FieldChecker:
    """Validates the fields of one front-matter mapping, reporting through `report(line, col, message)`."""

    def __init__(self, taxonomy: Taxonomy, report: Reporter):
        self.taxonomy = taxonomy
        self.report = report

    def check_keys(self, root: Node, specs: tuple[FieldSpec, ...], what: str) -> None:
        """Unknown keys are errors: a misspelt field must not vanish silently."""
        known = [spec.name for spec in specs]
        for name, key in root.keys.items():
            if name not in known:
                near = [KEY_ALIASES[name]] if KEY_ALIASES.get(name) in known else difflib.get_close_matches(
                    name, known, n=1, cutoff=0.75)
                hint = f"did you mean `{near[0]}`? " if near else ""
                if name in THEME_KEYS:
                    hint = "the site decides how pages are laid out, so theme settings are not allowed here; "
                self.report(
                    key.line,
                    key.col,
                    f"unknown field `{name}` in {what} front matter: {hint}allowed fields: {', '.join(known)}",
                )

    def missing(self, root: Node, specs: tuple[FieldSpec, ...], line: int, col: int = 1, within: str = "") -> None:
        for spec in specs:
            if spec.required and spec.name not in root.value:
                example = f" (e.g. `{spec.name}: {spec.example}`)" if spec.example else ""
                help_text = spec.help.rstrip(".")
                self.report(line, col, f"missing required field `{spec.name}`{within}: "
                            f"{help_text[0].lower()}{help_text[1:]}{example}")

    # -- single values -----------------------------------------------------

    def text(self, node: Node, spec: FieldSpec, label: str | None = None) -> str | None:
        name = label or spec.name
        if node.kind != SCALAR:
            self.report(node.line, node.col, f"`{name}` must be text, but a {'list' if node.kind == SEQ else 'mapping'}"
                        " was found")
            return None
        if not isinstance(node.value, str):
            if node.value is None:
                self.report(node.line, node.col, f"`{name}` is empty: give it a value")
                return None
            self.report(
                node.line,
                node.col,
                f"`{name}` was read as {describe(node.value)}{coercion_note(node)}, but it must be text: "
                f"put it in quotes, e.g. {name}: \"{node.raw}\"",
            )
            return None
        value = " ".join(node.value.split())
        if not value:
            self.report(node.line, node.col, f"`{name}` is empty: give it a value")
            return None
        for pattern, what in _MARKUP:
            match = pattern.search(value)
            if match:
                self.report(
                    node.line,
                    node.col,
                    f"`{name}` contains {what} (`{match.group()}`): it must be plain text, because it is shown "
                    "in places where markup is not rendered (titles, search results, metadata)",
                )
                return None
        if spec.max_length and len(value) > spec.max_length:
            self.report(
                node.line,
                node.col,
                f"`{name}` is {len(value)} characters long; the limit is {spec.max_length}: shorten it",
            )
            return None
        return value

    def term(self, node: Node, spec: FieldSpec, label: str | None = None) -> str | None:
        name = label or spec.name
        vocabulary = self.taxonomy.vocabulary(spec.vocabulary or "")
        if node.kind != SCALAR:
            self.report(node.line, node.col, f"`{name}` must be one value, but a list was found")
            return None
        if not isinstance(node.value, str):
            self.report(
                node.line,
                node.col,
                f"`{name}` was read as {describe(node.value)}{coercion_note(node)}; it must be one of: "
                f"{_allowed(vocabulary.slugs())}",
            )
            return None
        value = node.value.strip()
        if value in vocabulary:
            return value
        near = vocabulary.nearest(value)
        hint = f"did you mean `{near}`? " if near else ""
        what = spec.vocabulary.replace("_", " ") if spec.vocabulary else "allowed values"
        self.report(
            node.line,
            node.col,
            f"`{value}` is not in the {what} listed in taxonomy.yml: {hint}allowed: {_allowed(vocabulary.slugs())}",
        )
        return None

    def choice(self, node: Node, spec: FieldSpec) -> str | None:
        if node.kind == SCALAR and isinstance(node.value, str) and node.value.strip() in spec.choices:
            return node.value.strip()
        found = f"`{node.raw}`" if node.kind == SCALAR else f"a {node.kind}"
        self.report(node.line, node.col, f"`{spec.name}` is {found}; allowed: {_allowed(spec.choices)}")
        return None

    def date(self, node: Node, spec: FieldSpec) -> dt.date | None:
        value = node.value if node.kind == SCALAR else None
        if isinstance(value, dt.datetime):
            self.report(node.line, node.col, f"`{spec.name}` has a time (`{node.raw}`): give the date only, YYYY-MM-DD")
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and node.plain and re.match(r"^\d{4}-\d{1,2}-\d{1,2}\Z", value.strip()):
            return None  # YAML read it as a date and could not make one: the YAML reader reported it
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                if re.match(r"^\d{4}-\d{2}-\d{2}\Z", value.strip()):
                    self.report(node.line, node.col, f"`{spec.name}` is `{value}`, which is not a real date")
                else:
                    self.report(
                        node.line,
                        node.col,
                        f"`{spec.name}` is `{value}`: write the date as YYYY-MM-DD, e.g. {spec.example or '2025-09-01'}",
                    )
                return None
        found = describe(value) if node.kind == SCALAR else f"a {node.kind}"
        self.report(node.line, node.col, f"`{spec.name}` was read as {found}: write the date as YYYY-MM-DD")
        return None

    def duration(self, node: Node, spec: FieldSpec) -> int | None:
        if node.kind == SCALAR and isinstance(node.value, str):
            minutes = parse_duration(node.value)
            if minutes:
                return minutes
        found = f"`{node.raw}`" if node.kind == SCALAR else f"a {node.kind}"
        self.report(
            node.line,
            node.col,
            f"`{spec.name}` is {found}: write a length of time such as `45 minutes`, `2 hours` or "
            "`1 hour 30 minutes`",
        )
        return None

    # -- lists ---------------------------------------------------------------

    def items(self, node: Node, spec: FieldSpec) -> list[Node]:
        """A list field's items; one bare value counts as a list of one."""
        if node.kind == SEQ:
            if not node.value and spec.required:
                self.report(node.line, node.col, f"`{spec.name}` is an empty list: give at least one value")
            return node.value
        if node.kind == SCALAR and node.value is None:
            if spec.required:
                self.report(node.line, node.col, f"`{spec.name}` is empty: give at least one value")
            return []
        if node.kind == SCALAR:
            return [node]
        self.report(node.line, node.col, f"`{spec.name}` must be a list, e.g. `{spec.name}: {spec.example}`")
        return []

    def term_list(self, node: Node, spec: FieldSpec) -> tuple[str, ...] | None:
        values, ok = [], True
        for item in self.items(node, spec):
            value = self.term(item, spec, label=f"{spec.name}")
            if value is None:
                ok = False
            elif value in values:
                self.report(item.line, item.col, f"`{value}` is listed twice in `{spec.name}`")
            else:
                values.append(value)
        return tuple(values) if ok else None

    def text_list(self, node: Node, spec: FieldSpec) -> tuple[str, ...] | None:
        values, ok = [], True
        for item in self.items(node, spec):
            value = self.text(item, spec)
            if value is None:
                ok = False
            elif value not in values:
                values.append(value)
        return tuple(values) if ok else None

    def ids(self, node: Node, spec: FieldSpec) -> list[tuple[str, Node]] | None:
        """Resource or unit ids, each with its node so a broken reference can be located later."""
        found, ok = [], True
        for item in self.items(node, spec):
            if item.kind != SCALAR or not isinstance(item.value, str) or not item.value.strip():
                self.report(item.line, item.col, f"`{spec.name}` items must be ids such as "
                            f"`{spec.example.strip('[]')}`")
                ok = False
                continue
            value = item.value.strip().strip("/")
            if value.endswith(".md"):
                value = value[:-3]
            found.append((value, item))
        return found if ok else None

    def number(self, node: Node, spec: FieldSpec, label: str | None = None) -> float | None:
        value = node.value if node.kind == SCALAR else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip().rstrip("%"))
            except ValueError:
                pass
        found = f"`{node.raw}`" if node.kind == SCALAR else f"a {node.kind}"
        self.report(node.line, node.col, f"`{label or spec.name}` is {found}: it must be a number, e.g. "
                    f"{spec.example or '42'}")
        return None

    def boolean(self, node: Node, spec: FieldSpec, label: str | None = None) -> bool | None:
        if node.kind == SCALAR and isinstance(node.value, bool):
            return node.value
        found = f"`{node.raw}`" if node.kind == SCALAR else f"a {node.kind}"
        self.report(node.line, node.col, f"`{label or spec.name}` is {found}: it must be `true` or `false`")
        return None

    def read(self, root: Node, specs: tuple[FieldSpec, ...], what: str, line: int | None = None,
             col: int = 1, within: str = "", prefix: str = "") -> tuple[dict[str, Any], bool]:
        """Check a mapping against field specs: unknown keys, missing fields, then each value.

        Returns the values read (None where a value was wrong) and whether all were right.
        """
        self.check_keys(root, specs, what)
        self.missing(root, specs, root.line if line is None else line, col, within)
        values: dict[str, Any] = {}
        ok = not any(spec.required and spec.name not in root.value for spec in specs)
        known = {spec.name for spec in specs}
        ok = ok and all(name in known for name in root.value)
        for spec in specs:
            node = root.get(spec.name)
            if node is not None:
                values[spec.name] = self.value(node, spec, label=prefix + spec.name)
                ok = ok and values[spec.name] is not None
        return values, ok

    def mapping(self, node: Node, spec: FieldSpec, label: str | None = None) -> dict | None:
        name = label or spec.name
        if node.kind != MAP:
            self.report(node.line, node.col, f"`{name}` must be fields written as `name: value`, with "
                        f"{', '.join(f'`{s.name}`' for s in spec.item_fields)}")
            return None
        values, ok = self.read(node, spec.item_fields, f"`{name}`'s", node.line, node.col,
                               within=f" in `{name}`", prefix=f"{name}.")
        values["_node"] = node
        return values if ok else None

    def mapping_list(self, node: Node, spec: FieldSpec, item_specs: tuple[FieldSpec, ...],
                     label: str | None = None) -> list[dict] | None:
        """A list of small mappings (attachments, impact figures): each item's fields checked like top-level ones."""
        name = label or spec.name
        result, ok = [], True
        for item in self.items(node, spec):
            if item.kind != MAP:
                self.report(item.line, item.col, f"each `{name}` item must have "
                            f"{' and '.join(f'`{s.name}`' for s in item_specs if s.required)}")
                ok = False
                continue
            values, item_ok = self.read(item, item_specs, f"an `{name}` item's", item.line, item.col,
                                        within=f" in this `{name}` item", prefix=f"{name}.")
            values["_node"] = item
            ok = ok and item_ok
            if item_ok:
                result.append(values)
        return result if ok else None

    def value(self, node: Node, spec: FieldSpec, label: str | None = None) -> Any:
        """Dispatch on the field's kind; None means the problem was reported."""
        if spec.kind == TEXT:
            return self.text(node, spec, label)
        if spec.kind == TEXT_LIST:
            return self.text_list(node, spec)
        if spec.kind == TERM:
            return self.term(node, spec, label)
        if spec.kind == TERM_LIST:
            return self.term_list(node, spec)
        if spec.kind == DATE:
            return self.date(node, spec)
        if spec.kind == DURATION:
            return self.duration(node, spec)
        if spec.kind == CHOICE:
            return self.choice(node, spec)
        if spec.kind in (RESOURCE_IDS, UNIT_IDS):
            return self.ids(node, spec)
        if spec.kind == NUMBER:
            return self.number(node, spec, label)
        if spec.kind == BOOLEAN:
            return self.boolean(node, spec, label)
        if spec.kind == MAPPING:
            return self.mapping(node, spec, label)
        if spec.kind == MAPPINGS:
            return self.mapping_list(node, spec, spec.item_fields, label)
        if spec.kind == CHAIN:
            if node.kind == MAP:  # one mapping on its own: a chain of one
                single = self.mapping(node, spec, label)
                return None if single is None else [single]
            return self.mapping_list(node, spec, spec.item_fields, label)
        if spec.kind == ATTACHMENTS:
            return self.mapping_list(node, spec, ATTACHMENT_FIELDS, label)
        if spec.kind == YEAR_UNITS:
            if node.kind == MAP and node.value:
                return node  # each year and unit is checked by the curriculum loader
            self.report(node.line, node.col, f"`{spec.name}` must map year groups to lists of units, e.g. "
                        "`year-7:` followed by `- id: ...` lines")
            return None
        raise ValueError(f"unknown field kind {spec.kind}")  # pragma: no cover - a programming error


def parse_duration(text: str) -> int | None:
    """Minutes in "45 minutes", "1 hour 30 minutes", "2 hrs" or ISO 8601 "PT1H30M"; None if unreadable."""
    text = text.strip()
    iso = _ISO_DURATION.match(text.upper())
    if iso and (iso.group(1) or iso.group(2)):
        return int(iso.group(1) or 0) * 60 + int(iso.group(2) or 0)
    parts = _DURATION_PART.findall(text)
    leftover = _DURATION_PART.sub("", text).replace("and", "").replace(",", "").strip()
    if not parts or leftover:
        return None
    minutes = 0
    for amount, unit in parts:
        minutes += int(amount) * (60 if unit.lower().startswith("h") else 1)
    return minutes or None


def _allowed(values) -> str:
    values = list(values)
    if len(values) > 40:
        return ", ".join(values[:40]) + f" (and {len(values) - 40} more in taxonomy.yml)"
    return ", ".join(values)
