"""New files that pass the check unchanged, with a comment beside every field saying what it is for.

One writer serves resources, case studies and curriculum entitlements: it walks
the model's field tables (core/model/specs.py), writes the starting values chosen
here, and shows every optional field it leaves out as a commented example, so
an author sees the whole model in the file they are editing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Union

from ..security.case_study_privacy import CASE_STUDIES_ROOT
from ..library.catalogue import RESOURCES_ROOT
from ..library.curriculum import ENTITLEMENTS_ROOT, VERSION
from .field_guide import item_fields
from ..model.specs import (
    CASE_STUDY_FIELDS,
    CHOICE,
    ENTITLEMENT_FIELDS,
    RESOURCE_FIELDS,
    STATUS_DRAFT,
    YEAR_UNITS,
    FieldSpec,
    Resource,
)
from ..reading.located_yaml import quote
from ..model.taxonomy import Taxonomy, slugify

# What a field is given: YAML written inline after `name:`, a nested mapping (name -> value; for an
# entitlement's `years`, year group -> list of units), or a list of mappings.
Value = Union[str, dict, list]

REFERENCE_NOTE = "# What every field is for is written beside it; the site's contributor guide lists them all."


def resource_path(network: str, title: str) -> str:
    return f"{RESOURCES_ROOT}/{network}/{slugify(title) or 'new-resource'}.md"


def case_study_path(title: str) -> str:
    return f"{CASE_STUDIES_ROOT}/{slugify(title) or 'new-case-study'}.md"


def entitlement_path(subject: str, phase: str, version: str) -> str:
    return f"{ENTITLEMENTS_ROOT}/{subject}/{phase}/{version}.md"


def _quoted_list(items: list[str]) -> str:
    return "[" + ", ".join(quote(item) for item in items) + "]"


def _a_year_later(today: dt.date) -> dt.date:
    return today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) \
        else today + dt.timedelta(days=365)


def _preferred(taxonomy: Taxonomy, vocabulary: str, wanted: str) -> str:
    """`wanted` when this taxonomy has it, else its first term: another trust's lists may differ."""
    terms = taxonomy.vocabulary(vocabulary)
    return wanted if wanted in terms else terms.slugs()[0]


def _default_licence(taxonomy: Taxonomy) -> str:
    chooser = getattr(taxonomy, "default_licence", None)  # taxonomy.yml may mark one `default: true`
    return chooser() if chooser else _preferred(taxonomy, "licences", "CC-BY-4.0")


# -- the writer ----------------------------------------------------------------------------------


def field_note(spec: FieldSpec) -> str:
    """The comment beside a field: required or optional, what it is for, where its values come from."""
    note = (f"optional (taken from the {spec.from_path})" if spec.from_path else "required" if spec.required
            else "optional") + ": " + spec.help
    if spec.vocabulary:
        note += f" Allowed values: see `{spec.vocabulary}` in taxonomy.yml."
    elif spec.kind == CHOICE:
        note += f" One of: {', '.join(spec.choices)}."
    return note


def render_fields(specs: tuple[FieldSpec, ...], values: dict[str, Value], indent: str = "",
                  notes: dict[str, str] | None = None) -> list[str]:
    """YAML lines for one mapping: each field with its comment, or a commented example when not given.

    A field the path gives (`from_path`) is written commented out with the value the path gives it.

    `notes` adds a word about a starting value, by field name (at any depth).
    """
    notes = notes or {}
    lines = []
    for spec in specs:
        note = field_note(spec) + (f" {notes[spec.name]}" if spec.name in notes else "")
        value = values.get(spec.name)
        if spec.from_path and isinstance(value, str):  # the path gives it: shown, commented out, as it will be
            lines.append(f"{indent}# {spec.name}: {value}  # {note}")
        elif value is None:
            example = f" {spec.kind.example(spec)}" if spec.kind.example(spec) else ""
            lines.append(f"{indent}# {spec.name}:{example}  # {note}")
        elif isinstance(value, str):
            lines.append(f"{indent}{spec.name}: {value}  # {note}")
        elif spec.kind == YEAR_UNITS:
            lines.append(f"{indent}{spec.name}:  # {note}")
            for year, units in value.items():
                lines.append(f"{indent}  {year}:  # a year group from taxonomy.yml; its units follow, each "
                             "starting `- id:`")
                lines += _items(item_fields(spec), units, indent + "    ", notes)
        elif isinstance(value, dict):
            lines.append(f"{indent}{spec.name}:  # {note}")
            lines += render_fields(item_fields(spec), value, indent + "  ", notes)
        else:
            lines.append(f"{indent}{spec.name}:  # {note}")
            lines += _items(item_fields(spec), value, indent + "  ", notes)
    return lines


def _items(specs: tuple[FieldSpec, ...], items: list[dict], indent: str, notes: dict[str, str]) -> list[str]:
    """A YAML list of mappings: each item's first written field carries the `- `."""
    lines = []
    for item in items:
        item_lines = render_fields(specs, item, indent + "  ", notes)
        first = next(i for i, line in enumerate(item_lines) if not line.lstrip().startswith("#"))
        item_lines[first] = indent + "- " + item_lines[first][len(indent) + 2:]
        lines += item_lines
    return lines


def render_file(specs: tuple[FieldSpec, ...], values: dict[str, Value], body: list[str],
                notes: dict[str, str] | None = None) -> str:
    return "\n".join(["---", REFERENCE_NOTE, *render_fields(specs, values, notes=notes), "---", "", *body, ""])


# -- resources -----------------------------------------------------------------------------------


def resource_values(taxonomy: Taxonomy, network: str, title: str, today: dt.date) -> dict[str, str]:
    """Starting values chosen from the taxonomy so that the file validates; the author edits them."""
    subjects = list(taxonomy.networks[network].get("subjects") or []) or [taxonomy.subjects.slugs()[0]]
    phase = _preferred(taxonomy, "phases", "secondary")
    stages = list(taxonomy.key_stages_of_phase(phase))[:1]
    return {
        "title": quote(title),
        "summary": quote("TODO: one or two plain sentences saying what this is and who it helps."),
        "network": network,  # the folder gives it: written commented out
        "subjects": f"[{subjects[0]}]",
        "phases": f"[{phase}]",
        "key_stages": f"[{', '.join(stages)}]",
        "resource_type": _preferred(taxonomy, "resource_types", "guide"),
        "audience": f"[{_preferred(taxonomy, 'audiences', 'teacher')}]",
        "authors": _quoted_list([taxonomy.networks[network].label]),
        "published": today.isoformat(),
        "review_by": _a_year_later(today).isoformat(),
        "licence": _default_licence(taxonomy),
        "status": STATUS_DRAFT,
    }


RESOURCE_BODY = [
    "## Why this matters",
    "",
    "TODO: the problem this resource helps with, in a short paragraph.",
    "",
    "## How to use it",
    "",
    "1. TODO: the first step.",
    "2. TODO: the next step.",
    "",
    # The print marks (see content/contribute.md): a pupil copy leaves both boxes out. Delete a box you do not need.
    '!!! teacher "For the teacher"',
    "    TODO: what only the teacher needs (timings, misconceptions, how to adapt it). Left out of a pupil copy.",
    "",
    '??? answers "Answers"',
    "    TODO: the answers, if pupils answer questions. Left out of a pupil copy; on their own page in a teacher copy.",
    "",
    "## Checking it is working",
    "",
    "TODO: what a teacher or leader should look for.",
]


def render_resource(taxonomy: Taxonomy, network: str, title: str, today: dt.date) -> str:
    return render_file(RESOURCE_FIELDS, resource_values(taxonomy, network, title, today), RESOURCE_BODY)


# -- case studies --------------------------------------------------------------------------------


def case_study_values(taxonomy: Taxonomy, network: str, title: str, resource: Resource, today: dt.date,
                      school: str | None = None) -> dict[str, Value]:
    """Starting values for a case study about using `resource`; placeholders say TODO.

    The file starts as a draft (checked, never published) and as `illustrative: true`, so that even
    if it were published unfinished, its placeholder figures would never pass for a real school's.
    """
    bands = taxonomy.roll_bands.slugs()
    percent = taxonomy.percent_bands.slugs()
    measure = _preferred(taxonomy, "impact_measures", "attendance" if network == "attendance" else "reading-age")
    return {
        "title": quote(title),
        "summary": quote("TODO: one or two plain sentences: what the school did and what changed."),
        "school": quote(school or "TODO: the school's name, or a pseudonym"),
        "illustrative": "true",
        "phase": resource.phases[0] if resource.phases else _preferred(taxonomy, "phases", "primary"),
        "region": taxonomy.regions.slugs()[0],
        "context": {"pupils_on_roll": bands[len(bands) // 2], "disadvantaged": percent[len(percent) // 2]},
        "networks": f"[{network}]",
        "themes": f"[{_preferred(taxonomy, 'themes', network)}]",
        "challenge": quote("TODO: the problem the school faced, in a short paragraph."),
        "approach": quote("TODO: what the school did, in brief."),
        "impact": [{"measure": measure, "baseline": "0", "result": "0",
                    "period": quote("TODO: when, e.g. 2024-25 to 2025-26"),
                    "source": quote("TODO: where the figures come from")}],
        "resources": f"[{resource.id}]",
        "what_did_not_work": quote("TODO: what the school would do differently."),
        "contact": quote(f"{taxonomy.networks[network].label} lead"),
        "privacy": {"no_pupil_names": "true", "small_numbers_suppressed": "true", "image_consent": "true"},
        "published": today.isoformat(),
        "status": STATUS_DRAFT,
    }


# Why the case study starts with these values: said beside them in the file.
CASE_STUDY_NOTES = {
    "illustrative": "It starts as true so that, unfinished, its placeholder figures are never shown as a real "
                    "school's results: remove this line when it describes a real school.",
    "no_pupil_names": "Re-read your text before you keep true.",
    "small_numbers_suppressed": "Re-read your figures before you keep true.",
    "image_consent": "Keep true only if every image has consent (or there are none).",
    "resources": "It starts with the network's newest resource: list the ones the school used.",
}

CASE_STUDY_BODY = [
    "## Context",
    "",
    "TODO: the school and why it wanted to change, without naming pupils or staff.",
    "",
    "## What they did",
    "",
    "TODO: the steps the school took, with links to the library's resources it used.",
    "",
    "## What changed",
    "",
    "TODO: what the figures in `impact` show, and what staff and pupils noticed.",
]


def render_case_study(taxonomy: Taxonomy, network: str, title: str, resource: Resource, today: dt.date,
                      school: str | None = None) -> str:
    values = case_study_values(taxonomy, network, title, resource, today, school)
    return render_file(CASE_STUDY_FIELDS, values, CASE_STUDY_BODY, CASE_STUDY_NOTES)


# -- curriculum entitlements ---------------------------------------------------------------------


def academic_year(today: dt.date) -> str:
    """The academic year a date falls in, as an entitlement version: 2026-11-23 -> 2026-27."""
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def next_version(existing: list[str], today: dt.date) -> str:
    """The year after the newest existing version; the current academic year when there is none."""
    versions = sorted(v for v in existing if VERSION.match(v))
    if not versions:
        return academic_year(today)
    start = int(versions[-1][:4]) + 1
    return f"{start}-{(start + 1) % 100:02d}"


def subject_network(taxonomy: Taxonomy, subject: str) -> str | None:
    """The network that agrees a subject's entitlement: a subject network listing it, else any network that does."""
    listing = [n for n in taxonomy.networks if subject in (n.get("subjects") or ())]
    preferred = [n for n in listing if n.get("kind") == "subject"] or listing
    return preferred[0].slug if preferred else None


def first_year_group(taxonomy: Taxonomy, phase: str) -> str:
    stages = set(taxonomy.key_stages_of_phase(phase))
    return next(year.slug for year in taxonomy.year_groups if year.get("key_stage") in stages)


def _unit_prefix(year: str) -> str:
    match = re.match(r"^year-(\d+)\Z", year)
    return f"y{match.group(1)}" if match else year


def entitlement_values(taxonomy: Taxonomy, subject: str, phase: str, network: str, version: str) -> dict[str, Value]:
    """A skeleton entitlement: one entitlement and one unit to copy, in development until the network agrees it."""
    year = first_year_group(taxonomy, phase)
    unit: dict[str, Value] = {
        "id": f"{_unit_prefix(year)}-first-unit",
        "title": quote("TODO: the unit's name"),
        "entitlements": "[first-entitlement]",
        "knowledge": [{"domain": quote("TODO: a knowledge domain, e.g. Number"),
                       "statements": _quoted_list(["TODO: something every pupil must know."])}],
    }
    if taxonomy.terms.slugs():
        unit["term"] = taxonomy.terms.slugs()[0]
    return {
        "subject": subject,
        "phase": phase,
        "network": network,
        "version": version,
        "valid_from": f"{version[:4]}-09-01",
        "status": "in-development",
        "summary": quote("TODO: one or two plain sentences describing the entitlement."),
        "entitlements": [{"id": "first-entitlement",
                          "statement": quote("TODO: what every pupil is entitled to."),
                          "rationale": quote("TODO: why the network makes this an entitlement.")}],
        "years": {year: [unit]},
    }


ENTITLEMENT_BODY = [
    "## How schools use this entitlement",
    "",
    "TODO: how schools build on it, and what the network expects.",
]


def render_entitlement(taxonomy: Taxonomy, subject: str, phase: str, network: str, version: str) -> str:
    return render_file(ENTITLEMENT_FIELDS, entitlement_values(taxonomy, subject, phase, network, version),
                       ENTITLEMENT_BODY)
