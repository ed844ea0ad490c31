"""Field kinds, and checking front matter against the model's field specifications.

Each kind of field (plain text, a taxonomy term, a list of units...) is a class that knows how to check a
value from the located YAML node, how to describe itself in the contributor guide, what JSON Schema its
exported value has, how the checked value becomes the record's and how the record's value is exported,
the way MkDocs' config options each validate themselves. Each check says what was found and what is
allowed, so that a teacher can fix the file without knowing YAML's rules.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from ..reading.located_yaml import MAP, SCALAR, SEQ, Node, coercion_note, describe
from .taxonomy import Taxonomy

if TYPE_CHECKING:  # pragma: no cover - the specs are in model.py, which imports the kinds from here
    from .specs import FieldSpec

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
#: Computed properties an exporter adds to one item of a field (an attachment's address, a unit's pack).
ItemExtra = Callable[["FieldSpec", Any], dict]


def no_extra(spec: "FieldSpec", item: Any) -> dict:
    return {}


def without_empty(values: dict) -> dict:
    """Optional values that are absent are left out, never written as null or []."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _found(node: Node) -> str:
    return f"`{node.raw}`" if node.kind == SCALAR else f"a {node.kind}"


# -- the kinds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldKind:
    """One kind of front-matter value. Stateless: a field's own settings (vocabulary, limits) are its spec's.

    Two instances of a kind are equal, so `spec.kind == model.TERM` reads as before.
    """

    name: ClassVar[str] = ""
    #: A value made of the fields of `spec.item_fields` (one mapping, or a list of them).
    nested: ClassVar[bool] = False

    def __str__(self) -> str:
        return self.name

    def check(self, checker: "FieldChecker", node: Node, spec: "FieldSpec", label: str | None = None) -> Any:
        """The value read from `node`, or None when a problem was reported through `checker.report`."""
        raise NotImplementedError  # pragma: no cover

    def form(self, spec: "FieldSpec") -> str:
        """What to write, in words a teacher reads without knowing YAML (the contributor guide)."""
        raise NotImplementedError  # pragma: no cover

    def schema(self, spec: "FieldSpec", taxonomy: Taxonomy, extras: dict | None = None) -> dict:
        """The JSON Schema of the exported value (without its description). `extras`: spec name ->
        (properties an exporter adds to each item, which of them are required)."""
        raise NotImplementedError  # pragma: no cover

    def example(self, spec: "FieldSpec") -> str:
        """What the scaffolder writes, commented out, for a field it leaves out."""
        return spec.example

    def empty(self, spec: "FieldSpec") -> Any:
        """The record's value when the field is left out (and the record gives no default)."""
        return None

    def record_value(self, value: Any, spec: "FieldSpec") -> Any:
        """The record's value from the checked one."""
        return value

    def to_json(self, value: Any, spec: "FieldSpec", extra: ItemExtra = no_extra) -> Any:
        """The exported (catalog.json) value from the record's."""
        if isinstance(value, tuple):
            return list(value)
        return value


def _text_schema(spec: "FieldSpec") -> dict:
    text = {"type": "string", "minLength": 1}
    if spec.max_length:
        text["maxLength"] = spec.max_length
    return text


def _limit(spec: "FieldSpec") -> str:
    return f", up to {spec.max_length} characters" if spec.max_length else ""


# How each vocabulary is named in the guide, where its name alone would read oddly.
VOCABULARY_TITLES = {
    "key_stages": "Key stages",
    "year_groups": "Year groups",
    "resource_types": "Resource types",
    "networks": "Network groups",
    "impact_measures": "Impact measures",
    "roll_bands": "Pupils on roll (bands)",
    "percent_bands": "Percentage bands",
    "terms": "Half-terms",
}


def vocabulary_title(name: str) -> str:
    """A vocabulary's name as the contributor guide says it."""
    return VOCABULARY_TITLES.get(name, name.replace("_", " ").capitalize())


def _vocabulary_words(spec: "FieldSpec") -> str:
    return vocabulary_title(spec.vocabulary) if spec.vocabulary else ""


@dataclass(frozen=True)
class Text(FieldKind):
    name: ClassVar[str] = "text"  # one line of plain text

    def check(self, checker, node, spec, label=None):
        name = label or spec.name
        report = checker.report
        if node.kind != SCALAR:
            report(node.line, node.col, f"`{name}` must be text, but a {'list' if node.kind == SEQ else 'mapping'}"
                   " was found")
            return None
        if not isinstance(node.value, str):
            if node.value is None:
                report(node.line, node.col, f"`{name}` is empty: give it a value")
                return None
            report(
                node.line,
                node.col,
                f"`{name}` was read as {describe(node.value)}{coercion_note(node)}, but it must be text: "
                f"put it in quotes, e.g. {name}: \"{node.raw}\"",
            )
            return None
        value = " ".join(node.value.split())
        if not value:
            report(node.line, node.col, f"`{name}` is empty: give it a value")
            return None
        for pattern, what in _MARKUP:
            match = pattern.search(value)
            if match:
                report(
                    node.line,
                    node.col,
                    f"`{name}` contains {what} (`{match.group()}`): it must be plain text, because it is shown "
                    "in places where markup is not rendered (titles, search results, metadata)",
                )
                return None
        if spec.max_length and len(value) > spec.max_length:
            report(node.line, node.col,
                   f"`{name}` is {len(value)} characters long; the limit is {spec.max_length}: shorten it")
            return None
        return value

    def form(self, spec):
        return f"Plain text{_limit(spec)}"

    def schema(self, spec, taxonomy, extras=None):
        return _text_schema(spec)

    def empty(self, spec):
        return ""


class _List(FieldKind):
    """A list field; one bare value counts as a list of one."""

    def empty(self, spec):
        return ()

    def record_value(self, value, spec):
        return tuple(value)

    @staticmethod
    def items(checker: "FieldChecker", node: Node, spec: "FieldSpec") -> list[Node]:
        if node.kind == SEQ:
            if not node.value and spec.required:
                checker.report(node.line, node.col, f"`{spec.name}` is an empty list: give at least one value")
            return node.value
        if node.kind == SCALAR and node.value is None:
            if spec.required:
                checker.report(node.line, node.col, f"`{spec.name}` is empty: give at least one value")
            return []
        if node.kind == SCALAR:
            return [node]
        checker.report(node.line, node.col, f"`{spec.name}` must be a list, e.g. `{spec.name}: {spec.example}`")
        return []


@dataclass(frozen=True)
class TextList(_List):
    name: ClassVar[str] = "text-list"  # a list of plain text

    def check(self, checker, node, spec, label=None):
        values, ok = [], True
        for item in self.items(checker, node, spec):
            value = TEXT.check(checker, item, spec)
            if value is None:
                ok = False
            elif value not in values:
                values.append(value)
        return tuple(values) if ok else None

    def form(self, spec):
        limit = _limit(spec)
        return f"A list of plain text, e.g. [first, second]{' (each' + limit + ')' if limit else ''}"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "array", "items": _text_schema(spec)}


@dataclass(frozen=True)
class Term(FieldKind):
    name: ClassVar[str] = "term"  # one slug from a taxonomy vocabulary

    def check(self, checker, node, spec, label=None):
        name = label or spec.name
        vocabulary = checker.taxonomy.vocabulary(spec.vocabulary or "")
        if node.kind != SCALAR:
            checker.report(node.line, node.col, f"`{name}` must be one value, but a list was found")
            return None
        if not isinstance(node.value, str):
            checker.report(
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
        checker.report(
            node.line,
            node.col,
            f"`{value}` is not in the {what} listed in taxonomy.yml: {hint}allowed: {_allowed(vocabulary.slugs())}",
        )
        return None

    def form(self, spec):
        return f"One value from {_vocabulary_words(spec)}"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "string", "enum": taxonomy.vocabulary(spec.vocabulary or "").slugs()}


@dataclass(frozen=True)
class TermList(_List):
    name: ClassVar[str] = "term-list"  # slugs from a taxonomy vocabulary

    def check(self, checker, node, spec, label=None):
        values, ok = [], True
        for item in self.items(checker, node, spec):
            value = TERM.check(checker, item, spec, label=f"{spec.name}")
            if value is None:
                ok = False
            elif value in values:
                checker.report(item.line, item.col, f"`{value}` is listed twice in `{spec.name}`")
            else:
                values.append(value)
        return tuple(values) if ok else None

    def form(self, spec):
        return f"A list of values from {_vocabulary_words(spec)}"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "array", "uniqueItems": True,
                "items": {"type": "string", "enum": taxonomy.vocabulary(spec.vocabulary or "").slugs()}}


@dataclass(frozen=True)
class Date(FieldKind):
    name: ClassVar[str] = "date"  # YYYY-MM-DD

    def check(self, checker, node, spec, label=None):
        report = checker.report
        value = node.value if node.kind == SCALAR else None
        if isinstance(value, dt.datetime):
            report(node.line, node.col, f"`{spec.name}` has a time (`{node.raw}`): give the date only, YYYY-MM-DD")
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
                    report(node.line, node.col, f"`{spec.name}` is `{value}`, which is not a real date")
                else:
                    report(node.line, node.col,
                           f"`{spec.name}` is `{value}`: write the date as YYYY-MM-DD, e.g. "
                           f"{spec.example or '2025-09-01'}")
                return None
        found = describe(value) if node.kind == SCALAR else f"a {node.kind}"
        report(node.line, node.col, f"`{spec.name}` was read as {found}: write the date as YYYY-MM-DD")
        return None

    def form(self, spec):
        return "A date, written YYYY-MM-DD"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def to_json(self, value, spec, extra=no_extra):
        return None if value is None else value.isoformat()


@dataclass(frozen=True)
class Duration(FieldKind):
    name: ClassVar[str] = "duration"  # "45 minutes", "1 hour 30 minutes"; the record holds minutes

    def check(self, checker, node, spec, label=None):
        if node.kind == SCALAR and isinstance(node.value, str):
            minutes = parse_duration(node.value)
            if minutes:
                return minutes
        checker.report(node.line, node.col, f"`{spec.name}` is {_found(node)}: write a length of time such as "
                       "`45 minutes`, `2 hours` or `1 hour 30 minutes`")
        return None

    def form(self, spec):
        return "A length of time, such as 45 minutes or 1 hour 30 minutes"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "string", "pattern": r"^PT(\d+H)?(\d+M)?$"}

    def to_json(self, value, spec, extra=no_extra):
        return iso_duration(value) if value else None


class _Ids(_List):
    """Ids of other files, each kept with its node while loading, so a broken reference can be located later."""

    def check(self, checker, node, spec, label=None):
        found, ok = [], True
        for item in self.items(checker, node, spec):
            if item.kind != SCALAR or not isinstance(item.value, str) or not item.value.strip():
                checker.report(item.line, item.col, f"`{spec.name}` items must be ids such as "
                               f"`{spec.example.strip('[]')}`")
                ok = False
                continue
            value = item.value.strip().strip("/")
            if value.endswith(".md"):
                value = value[:-3]
            found.append((value, item))
        return found if ok else None

    def record_value(self, value, spec):
        return tuple(uid for uid, _ in value)

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "array", "items": {"type": "string", "minLength": 1}}


@dataclass(frozen=True)
class ResourceIds(_Ids):
    name: ClassVar[str] = "resource-ids"  # ids of other resources

    def form(self, spec):
        return "A list of resource ids: a resource's path under content/ without .md"


@dataclass(frozen=True)
class UnitIds(_Ids):
    name: ClassVar[str] = "unit-ids"  # ids of curriculum units, subject/phase/unit

    def form(self, spec):
        return "A list of curriculum unit ids, written subject/phase/unit"


@dataclass(frozen=True)
class Choice(FieldKind):
    name: ClassVar[str] = "choice"  # one of a fixed list

    def check(self, checker, node, spec, label=None):
        if node.kind == SCALAR and isinstance(node.value, str) and node.value.strip() in spec.choices:
            return node.value.strip()
        checker.report(node.line, node.col, f"`{spec.name}` is {_found(node)}; allowed: {_allowed(spec.choices)}")
        return None

    def form(self, spec):
        return "One of: " + ", ".join(spec.choices)

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "string", "enum": list(spec.choices)}


@dataclass(frozen=True)
class Number(FieldKind):
    name: ClassVar[str] = "number"  # a number (impact figures)

    def check(self, checker, node, spec, label=None):
        value = node.value if node.kind == SCALAR else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip().rstrip("%"))
            except ValueError:
                pass
        checker.report(node.line, node.col, f"`{label or spec.name}` is {_found(node)}: it must be a number, e.g. "
                       f"{spec.example or '42'}")
        return None

    def form(self, spec):
        return "A number"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "number"}


@dataclass(frozen=True)
class Boolean(FieldKind):
    name: ClassVar[str] = "boolean"  # true or false

    def check(self, checker, node, spec, label=None):
        if node.kind == SCALAR and isinstance(node.value, bool):
            return node.value
        checker.report(node.line, node.col, f"`{label or spec.name}` is {_found(node)}: it must be `true` or `false`")
        return None

    def form(self, spec):
        return "true or false"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "boolean"}

    def empty(self, spec):
        return False


def _object(specs, taxonomy: Taxonomy, extras: dict | None, name: str) -> dict:
    """The JSON Schema of one mapping of fields, with what an exporter adds to it (by the field's name)."""
    extra_properties, required_extra = (extras or {}).get(name, ({}, ()))
    properties = {spec.name: spec.schema(taxonomy, extras) for spec in specs if spec.exported}
    properties.update(extra_properties)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in specs if spec.exported and (spec.required or spec.from_path)]
        + list(required_extra),
        "properties": properties,
    }


def item_json(item: Any, specs, parent: "FieldSpec", extra: ItemExtra) -> dict:
    """One item of a nested field, exported: each exported field of its record, then what the exporter adds."""
    if isinstance(item, dict):  # a mapping kept as written (a case study's context)
        values = dict(item)
    else:
        values = {spec.name: spec.kind.to_json(getattr(item, spec.attr), spec, extra)
                  for spec in specs if spec.exported and spec.stored}
    values.update(extra(parent, item))
    return without_empty(values)


class _Nested(FieldKind):
    nested: ClassVar[bool] = True

    def item_record(self, values: dict, spec: "FieldSpec") -> Any:
        from .specs import build_record

        if spec.record is None:  # kept as a mapping of what was written
            return {key: value for key, value in values.items() if not key.startswith("_") and value}
        return build_record(spec.record, spec.item_fields, values)


@dataclass(frozen=True)
class Mapping(_Nested):
    name: ClassVar[str] = "mapping"  # one small mapping described by `item_fields`

    def check(self, checker, node, spec, label=None):
        name = label or spec.name
        if node.kind != MAP:
            checker.report(node.line, node.col, f"`{name}` must be fields written as `name: value`, with "
                           f"{', '.join(f'`{s.name}`' for s in spec.item_fields)}")
            return None
        values, ok = checker.read(node, spec.item_fields, f"`{name}`'s", node.line, node.col,
                                  within=f" in `{name}`", prefix=f"{name}.")
        values["_node"] = node
        return values if ok else None

    def form(self, spec):
        return "The fields below, written underneath and indented"

    def schema(self, spec, taxonomy, extras=None):
        return _object(spec.item_fields, taxonomy, extras, spec.name)

    def empty(self, spec):
        return {}

    def record_value(self, value, spec):
        return self.item_record(value, spec)

    def to_json(self, value, spec, extra=no_extra):
        return None if value is None else item_json(value, spec.item_fields, spec, extra)


@dataclass(frozen=True)
class Mappings(_Nested):
    name: ClassVar[str] = "mappings"  # a list of small mappings, each described by `item_fields`

    def check(self, checker, node, spec, label=None):
        """Each item's fields are checked like top-level ones."""
        name = label or spec.name
        item_specs = spec.item_fields
        result, ok = [], True
        for item in _List.items(checker, node, spec):
            if item.kind != MAP:
                checker.report(item.line, item.col, f"each `{name}` item must have "
                               f"{' and '.join(f'`{s.name}`' for s in item_specs if s.required)}")
                ok = False
                continue
            values, item_ok = checker.read(item, item_specs, f"an `{name}` item's", item.line, item.col,
                                           within=f" in this `{name}` item", prefix=f"{name}.")
            values["_node"] = item
            ok = ok and item_ok
            if item_ok:
                result.append(values)
        return result if ok else None

    def form(self, spec):
        return "A list of items, each with the fields below"

    def schema(self, spec, taxonomy, extras=None):
        return {"type": "array", "items": _object(spec.item_fields, taxonomy, extras, spec.name)}

    def empty(self, spec):
        return ()

    def record_value(self, value, spec):
        return tuple(self.item_record(item, spec) for item in value)

    def to_json(self, value, spec, extra=no_extra):
        return [item_json(item, spec.item_fields, spec, extra) for item in value or ()]


@dataclass(frozen=True)
class Chain(Mappings):
    name: ClassVar[str] = "chain"  # a list of small mappings in order (one mapping alone counts as a list of one)

    def check(self, checker, node, spec, label=None):
        if node.kind == MAP:  # one mapping on its own: a chain of one
            single = MAPPING.check(checker, node, spec, label)
            return None if single is None else [single]
        return super().check(checker, node, spec, label)

    def form(self, spec):
        return ("A list of items in order, each with the fields below; a single item may be written on its own, "
                "without the list")


@dataclass(frozen=True)
class Attachments(Mappings):
    name: ClassVar[str] = "attachments"  # a list of {path, title}

    def form(self, spec):
        return "A list of files, each with the fields below"


@dataclass(frozen=True)
class YearUnits(_Nested):
    name: ClassVar[str] = "year-units"  # year group -> list of units (an entitlement's `years`)

    def check(self, checker, node, spec, label=None):
        if node.kind == MAP and node.value:
            return node  # each year and unit is checked by the curriculum loader
        checker.report(node.line, node.col, f"`{spec.name}` must map year groups to lists of units, e.g. "
                       "`year-7:` followed by `- id: ...` lines")
        return None

    def form(self, spec):
        return "For each year group (from Year groups), a list of units, each with the fields below"

    def schema(self, spec, taxonomy, extras=None):
        unit = _object(spec.item_fields, taxonomy, extras, spec.name)
        return {"type": "object", "propertyNames": {"enum": taxonomy.year_groups.slugs()},
                "additionalProperties": {"type": "array", "items": unit}}

    def empty(self, spec):
        return ()

    def to_json(self, value, spec, extra=no_extra):
        """The record holds the units in order, each knowing its year group; the export groups them by year."""
        years: dict[str, list] = {}
        for unit in value or ():
            years.setdefault(unit.year_group, []).append(item_json(unit, spec.item_fields, spec, extra))
        return years


TEXT, TEXT_LIST, TERM, TERM_LIST = Text(), TextList(), Term(), TermList()
DATE, DURATION, RESOURCE_IDS, UNIT_IDS = Date(), Duration(), ResourceIds(), UnitIds()
CHOICE, NUMBER, BOOLEAN = Choice(), Number(), Boolean()
MAPPING, MAPPINGS, CHAIN, ATTACHMENTS, YEAR_UNITS = Mapping(), Mappings(), Chain(), Attachments(), YearUnits()
#: Every kind, so a test can hold each to its duties (a check, a form, a schema).
FIELD_KINDS: tuple[FieldKind, ...] = (TEXT, TEXT_LIST, TERM, TERM_LIST, DATE, DURATION, RESOURCE_IDS, UNIT_IDS,
                                      CHOICE, NUMBER, BOOLEAN, MAPPING, MAPPINGS, CHAIN, ATTACHMENTS, YEAR_UNITS)


# -- one front-matter mapping ------------------------------------------------------------------------


class FieldChecker:
    """Validates the fields of one front-matter mapping, reporting through `report(line, col, message)`.

    It holds what every field kind's check needs (the taxonomy, where to report); the checks are the kinds'.
    """

    def __init__(self, taxonomy: Taxonomy, report: Reporter):
        self.taxonomy = taxonomy
        self.report = report

    def check_keys(self, root: Node, specs: tuple["FieldSpec", ...], what: str) -> None:
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

    def missing(self, root: Node, specs: tuple["FieldSpec", ...], line: int, col: int = 1, within: str = "") -> None:
        for spec in specs:
            if spec.required and spec.name not in root.value:
                example = f" (e.g. `{spec.name}: {spec.example}`)" if spec.example else ""
                help_text = spec.help.rstrip(".")
                self.report(line, col, f"missing required field `{spec.name}`{within}: "
                            f"{help_text[0].lower()}{help_text[1:]}{example}")

    def read(self, root: Node, specs: tuple["FieldSpec", ...], what: str, line: int | None = None,
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

    def value(self, node: Node, spec: "FieldSpec", label: str | None = None) -> Any:
        """The field's kind checks it; None means the problem was reported."""
        return spec.kind.check(self, node, spec, label)

    def path_value(self, spec: "FieldSpec", written: Any, given: str, where: Node | None, src: str,
                   how: str) -> str | None:
        """A value the path gives (a resource's network, an entitlement's subject): writing it is allowed, and an
        error only when it disagrees. `how` says what the path must look like. None when a problem was reported."""
        if written is not None and written != given:
            at = (where.line, where.col) if where is not None else (1, 1)
            self.report(*at, f"`{spec.name}` is `{written}` but the file is `{src}`, whose path gives `{given}`: "
                        f"{how}; or leave `{spec.name}` out, and the path gives it")
            return None
        if spec.vocabulary and given not in self.taxonomy.vocabulary(spec.vocabulary):
            vocabulary = self.taxonomy.vocabulary(spec.vocabulary)
            near = vocabulary.nearest(given)
            hint = f" (did you mean `{near}`?)" if near else ""
            self.report(1, 1, f"the path `{src}` gives the {spec.name} `{given}`, which is not in the "
                        f"{spec.vocabulary.replace('_', ' ')} listed in taxonomy.yml{hint}: rename the folder; "
                        f"allowed: {_allowed(vocabulary.slugs())}")
            return None
        return given


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


def iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _allowed(values) -> str:
    values = list(values)
    if len(values) > 40:
        return ", ".join(values[:40]) + f" (and {len(values) - 40} more in taxonomy.yml)"
    return ", ".join(values)
