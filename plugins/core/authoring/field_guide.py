"""The contributor guide's field reference, made from the content model and the taxonomy.

The validator reads the same FieldSpec tables (core/model/specs.py) and the same
taxonomy.yml, so the reference cannot drift from what `projecth check`
enforces: a field added to the model appears here, with its allowed values,
in the next build.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.specs import (
    CASE_STUDY_FIELDS,
    ENTITLEMENT_FIELDS,
    MAPPING,
    PAGE_FIELDS,
    RESOURCE_FIELDS,
    YEAR_UNITS,
    FieldSpec,
)
from ..model.field_kinds import VOCABULARY_TITLES, vocabulary_title  # noqa: F401 - the guide's names for vocabularies
from ..model.taxonomy import Taxonomy, Term, slugify

@dataclass(frozen=True)
class FieldRow:
    """One field as the guide shows it; `within` says where a nested field is written."""

    spec: FieldSpec
    anchor: str
    depth: int
    within: tuple[str, str, str] | None  # a nested field's place, e.g. ("in each", "impact", "item")
    form: str  # what to write, in words ("Plain text, up to 120 characters")

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def required(self) -> bool:
        return self.spec.required

    @property
    def help_parts(self) -> tuple[tuple[str, bool], ...]:
        return code_segments(self.spec.help)


@dataclass(frozen=True)
class FieldGroup:
    """The fields of one kind of file, and where such files live."""

    kind: str
    title: str
    where: str
    scaffold: str  # the command that starts one ("" when there is none)
    rows: tuple[FieldRow, ...]


@dataclass(frozen=True)
class VocabularyTable:
    name: str
    title: str
    anchor: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class FieldReference:
    groups: tuple[FieldGroup, ...]
    vocabularies: tuple[VocabularyTable, ...]

    def vocabulary(self, name: str) -> VocabularyTable | None:
        return next((table for table in self.vocabularies if table.name == name), None)


# Each kind of file: (kind, title, where it lives, the command that starts one, its fields).
KINDS: tuple[tuple[str, str, str, str, tuple[FieldSpec, ...]], ...] = (
    ("resource", "Resources", "content/networks/NETWORK/NAME.md",
     'projecth new resource --network NETWORK --title "TITLE"', RESOURCE_FIELDS),
    ("case-study", "Case studies", "content/case-studies/NAME.md",
     'projecth new case-study --network NETWORK --title "TITLE"', CASE_STUDY_FIELDS),
    ("entitlement", "Curriculum entitlements", "content/entitlements/SUBJECT/PHASE/VERSION.md",
     "projecth new entitlement --subject SUBJECT --phase PHASE", ENTITLEMENT_FIELDS),
    ("page", "Other pages", "content/NAME.md (such as about.md)", "", PAGE_FIELDS),
)


def vocabulary_anchor(name: str) -> str:
    return "values-" + slugify(name)


def field_reference(taxonomy: Taxonomy) -> FieldReference:
    groups = tuple(FieldGroup(kind, title, where, scaffold, tuple(_rows(specs, f"field-{kind}", 0, None)))
                   for kind, title, where, scaffold, specs in KINDS)
    used = []
    for group in groups:
        for row in group.rows:
            if row.spec.vocabulary and row.spec.vocabulary not in used:
                used.append(row.spec.vocabulary)
    if any(row.spec.kind == YEAR_UNITS for group in groups for row in group.rows) and "year_groups" not in used:
        used.append("year_groups")
    vocabularies = tuple(VocabularyTable(name, vocabulary_title(name), vocabulary_anchor(name),
                                         tuple(taxonomy.vocabulary(name))) for name in used)
    return FieldReference(groups, vocabularies)


def _rows(specs: tuple[FieldSpec, ...], prefix: str, depth: int, within: tuple[str, str, str] | None):
    for spec in specs:
        anchor = f"{prefix}-{slugify(spec.name)}"
        yield FieldRow(spec, anchor, depth, within, describe_form(spec))
        children = item_fields(spec)
        if children:
            yield from _rows(children, anchor, depth + 1, _within(spec))


def item_fields(spec: FieldSpec) -> tuple[FieldSpec, ...]:
    """The fields written inside a field: an attachment's, an impact figure's, a unit's."""
    return spec.item_fields


def _within(spec: FieldSpec) -> tuple[str, str, str]:
    if spec.kind == MAPPING:
        return ("in", spec.name, "")
    if spec.kind == YEAR_UNITS:
        return ("in each unit of", spec.name, "")
    return ("in each", spec.name, "item")


def code_segments(text: str) -> tuple[tuple[str, bool], ...]:
    """Help text split at its backticks: (text, is_code) pairs, so the template marks code without HTML here."""
    return tuple((part, index % 2 == 1) for index, part in enumerate(text.split("`")) if part)


def term_details(vocabulary: str, term: Term) -> str:
    """What else taxonomy.yml says about a term that an author needs in order to choose it."""
    if vocabulary == "phases":
        if term.get("any_key_stage") is True:
            return "Any key stage"
        return "Key stages: " + ", ".join(term.get("key_stages") or ())
    if vocabulary in ("resource_types", "audiences") and term.get("phases_required") is False:
        return "Phases and key stages not needed" + ("" if vocabulary == "resource_types" else
                                                     " (when every audience listed says so)")
    if vocabulary == "year_groups":
        return f"Key stage: {term.get('key_stage')}"
    if vocabulary == "networks":
        kind = "Subject network" if term.get("kind") == "subject" else "Network Leadership Group"
        subjects = term.get("subjects") or ()
        return kind + ("; subjects: " + ", ".join(subjects) if subjects else "")
    if vocabulary == "impact_measures":
        return "A percentage" if term.get("unit") == "percent" else "A count"
    if vocabulary == "licences":
        terms = [what for flag, what in (("share_alike", "ShareAlike: adaptations keep the same licence"),
                                         ("non_commercial", "NonCommercial: adaptations stay non-commercial"),
                                         ("no_derivatives", "NoDerivatives: cannot be adapted")) if term.get(flag)]
        if term.get("compatible"):
            terms.append("compatible: " + ", ".join(term.get("compatible")))
        return "; ".join([term.get("url") or "", *terms]).strip("; ")
    return ""


def describe_form(spec: FieldSpec) -> str:
    """What to write for a field, in words a teacher reads without knowing YAML: its kind says."""
    form = spec.kind.form(spec)
    return f"{form}; optional: taken from the {spec.from_path}" if spec.from_path else form


def every_field(specs: tuple[FieldSpec, ...]):
    """Every field and nested field of a model table, depth first: what the guide must list."""
    for spec in specs:
        yield spec
        yield from every_field(item_fields(spec))
