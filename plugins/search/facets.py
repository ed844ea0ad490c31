"""The filter groups of the search page, and what a library page says about itself to the index.

Each group is a Pagefind filter (`data-pagefind-filter="NAME"`) whose values
are the taxonomy labels people read ("Maths", "Key stage 2"), so a shared link
reads `search/?subject=Maths&key_stage=Key+stage+2`. The page states its
values through `templates/projecth/partials/search_meta.html`; this module
says which groups exist, in what order, and how hubs map onto them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.kinds import CASE_STUDY, ENTITLEMENT, KINDS as PAGE_KINDS, RESOURCE
from ..core.model.taxonomy import Taxonomy

# The value of the `kind` filter for each kind of library page: each page kind names its own (`Kind.search_kind`).
KIND_RESOURCE = RESOURCE.search_kind
KIND_ENTITLEMENT_UNIT = ENTITLEMENT.search_kind
KIND_CASE_STUDY = CASE_STUDY.search_kind
KINDS = tuple(kind.search_kind for kind in PAGE_KINDS if kind.search_kind)
# One word in the facet names of every indexed page (partials/search_meta.html writes it), so that the search page
# lists pages without a query by searching for it: Pagefind's search without a term fetches every index chunk.
BROWSE_WORD = "phlibraryentry"
# What the date on a result means, by kind: a unit's date is the day its entitlement came into force.
DATE_LABELS = {kind.search_kind: kind.search_date_label for kind in PAGE_KINDS if kind.search_kind}


@dataclass(frozen=True)
class FilterGroup:
    """One group of checkboxes on the search page: OR within it, AND with the others."""

    name: str  # the Pagefind filter name, and the URL parameter
    legend: str  # the fieldset's legend
    vocabulary: str | None = None  # the taxonomy section whose labels are its values, in that order
    chip: bool = True  # shown as a chip on each result
    hub_field: str | None = None  # the catalogue facet whose hub pages link to search with this group preset


FILTER_GROUPS: tuple[FilterGroup, ...] = (
    FilterGroup("kind", "Kind of page"),
    FilterGroup("subject", "Subject", "subjects", hub_field="subjects"),
    FilterGroup("phase", "Phase", "phases", hub_field="phases"),
    FilterGroup("key_stage", "Key stage", "key_stages", hub_field="key_stages"),
    FilterGroup("year_group", "Year group", "year_groups", chip=False, hub_field="year_groups"),
    FilterGroup("resource_type", "Resource type", "resource_types", hub_field="resource_type"),
    FilterGroup("network", "Network group", "networks", hub_field="network"),
    FilterGroup("audience", "Audience", "audiences", chip=False),
    FilterGroup("region", "Region", "regions"),
    FilterGroup("theme", "Theme", "themes"),
)

# The catalogue facet of a hub page -> the filter group its "search within" link presets.
HUB_FILTERS: dict[str, str] = {group.hub_field: group.name for group in FILTER_GROUPS if group.hub_field}


def search_config(taxonomy: Taxonomy) -> dict:
    """What the search page's script needs to know, as plain data for a `data-` attribute.

    The script shows only the groups and values the index actually holds; the
    order of values comes from the taxonomy (phases from early years up, year
    groups in school order), and values the taxonomy does not know come after.

    Each group also lists the other names of its values (the taxonomy's `aliases`): a query that names a value
    ("KS2", "key stage 2", "Year 5") ranks the pages with that value first, and their chip is marked.
    """
    groups = []
    for group in FILTER_GROUPS:
        order = list(KINDS) if group.name == "kind" else []
        aliases: dict[str, list[str]] = {}
        if group.vocabulary:
            vocabulary = taxonomy.vocabulary(group.vocabulary)
            order = [term.label for term in vocabulary]
            aliases = {term.label: list(term.aliases) for term in vocabulary if term.aliases}
        groups.append({"name": group.name, "legend": group.legend, "order": order, "chip": group.chip,
                       "aliases": aliases, "names": group.vocabulary is not None})
    return {"groups": groups, "hideChip": {"kind": [KIND_RESOURCE]}, "dateLabels": DATE_LABELS,
            "browseWord": BROWSE_WORD}


def vocabulary_names(taxonomy: Taxonomy) -> list[str]:
    """Every label and alias of the vocabularies the search page filters on: words for "did you mean"."""
    names: list[str] = list(KINDS)
    for group in FILTER_GROUPS:
        if group.vocabulary:
            for term in taxonomy.vocabulary(group.vocabulary):
                names.append(term.label)
                names.extend(term.aliases)
    return names
