"""A new resource file that passes the check unchanged, with a comment on every field."""

from __future__ import annotations

import datetime as dt
import json

from .catalogue import RESOURCES_ROOT
from .model import RESOURCE_FIELDS, STATUS_DRAFT
from .taxonomy import Taxonomy, slugify


def resource_path(network: str, title: str) -> str:
    return f"{RESOURCES_ROOT}/{network}/{slugify(title) or 'new-resource'}.md"


def _quoted(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar: safe for any title.
    return json.dumps(text, ensure_ascii=False)


def resource_values(taxonomy: Taxonomy, network: str, title: str, today: dt.date) -> dict[str, str]:
    """Starting values chosen from the taxonomy so that the file validates; the author edits them."""
    subjects = list(taxonomy.networks[network].get("subjects") or []) or [taxonomy.subjects.slugs()[0]]
    phase = "secondary" if "secondary" in taxonomy.phases else taxonomy.phases.slugs()[0]
    stages = list(taxonomy.key_stages_of_phase(phase))[:1]
    resource_type = "guide" if "guide" in taxonomy.resource_types else taxonomy.resource_types.slugs()[0]
    audience = "teacher" if "teacher" in taxonomy.audiences else taxonomy.audiences.slugs()[0]
    licence = "CC-BY-4.0" if "CC-BY-4.0" in taxonomy.licences else taxonomy.licences.slugs()[0]
    return {
        "title": _quoted(title),
        "summary": _quoted("TODO: one or two plain sentences saying what this is and who it helps."),
        "network": network,
        "subjects": f"[{subjects[0]}]",
        "phases": f"[{phase}]",
        "key_stages": f"[{', '.join(stages)}]",
        "resource_type": resource_type,
        "audience": f"[{audience}]",
        "authors": _quoted_list([taxonomy.networks[network].label]),
        "published": today.isoformat(),
        "review_by": today.replace(year=today.year + 1).isoformat() if not (today.month == 2 and today.day == 29)
        else (today + dt.timedelta(days=365)).isoformat(),
        "licence": licence,
        "status": STATUS_DRAFT,
    }


def _quoted_list(items: list[str]) -> str:
    return "[" + ", ".join(_quoted(item) for item in items) + "]"


def render_resource(taxonomy: Taxonomy, network: str, title: str, today: dt.date) -> str:
    values = resource_values(taxonomy, network, title, today)
    lines = ["---"]
    for spec in RESOURCE_FIELDS:
        note = ("required" if spec.required else "optional") + ": " + spec.help
        if spec.vocabulary:
            note += f" Allowed values: see `{spec.vocabulary}` in taxonomy.yml."
        if spec.name in values:
            lines.append(f"{spec.name}: {values[spec.name]}  # {note}")
        else:
            lines.append(f"# {spec.name}: {spec.example}  # {note}")
    lines += [
        "---",
        "",
        "## Why this matters",
        "",
        "TODO: the problem this resource helps with, in a short paragraph.",
        "",
        "## How to use it",
        "",
        "1. TODO: the first step.",
        "2. TODO: the next step.",
        "",
        "## Checking it is working",
        "",
        "TODO: what a teacher or leader should look for.",
        "",
    ]
    return "\n".join(lines)
