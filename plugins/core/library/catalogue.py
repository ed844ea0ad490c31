"""The catalogue: published resources indexed once per build, for hubs, listings and related links.

Every look-up a page needs is a dictionary access or a slice of a list built
here, so building N pages stays linear in N.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import defaultdict
from dataclasses import dataclass, replace

from typing import Any, Iterable, Mapping

from .curriculum import ENTITLEMENTS_ROOT, Curriculum
from ..security.case_study_privacy import CASE_STUDIES_ROOT
from ..kinds import CASE_STUDY, ENTITLEMENT, KINDS, PAGE, RESOURCE, Kind, kind_of
from ..kinds.case_study import CASE_STUDIES_INDEX
from ..kinds.entitlement import COVERAGE_INDEX, ENTITLEMENTS_INDEX
from ..kinds.resource import FOLDER as RESOURCES_ROOT
from ..kinds.resource import LIBRARY_INDEX
from ..model.specs import CaseStudy, EntitlementDoc, Page, Resource, Unit
from ..model.taxonomy import Taxonomy, Term

__all__ = ["CASE_STUDIES_INDEX", "COVERAGE_INDEX", "ENTITLEMENTS_INDEX", "LIBRARY_INDEX", "RESOURCES_ROOT"]
# Case-study index pages narrowed by one value: case-studies/by-phase/primary/ and so on.
CASE_STUDY_FACETS: tuple[tuple[str, str, str], ...] = (
    ("phase", "phases", "by-phase"),
    ("region", "regions", "by-region"),
    ("themes", "themes", "by-theme"),
)


@dataclass(frozen=True)
class Facet:
    """A way of grouping resources that gets its own hub pages."""

    field: str  # the Resource attribute
    vocabulary: str  # the taxonomy section its values come from
    folder: str  # where its hub pages are published
    title: str  # the heading of its index page
    singular: str


FACETS: tuple[Facet, ...] = (
    Facet("subjects", "subjects", "subjects", "Subjects", "subject"),
    Facet("phases", "phases", "phases", "Phases", "phase"),
    Facet("key_stages", "key_stages", "key-stages", "Key stages", "key stage"),
    Facet("year_groups", "year_groups", "year-groups", "Year groups", "year group"),
    Facet("resource_type", "resource_types", "types", "Resource types", "resource type"),
    Facet("network", "networks", RESOURCES_ROOT, "Network groups", "network group"),
)

# How much sharing a value of each facet says two resources belong together.
RELATED_WEIGHTS: dict[str, int] = {
    "subjects": 3,
    "year_groups": 2,
    "key_stages": 2,
    "network": 2,
    "resource_type": 1,
    "phases": 1,
}
# Only this many neighbours (by date) on each side are looked at in each
# facet's list, so finding related resources costs the same at any size.
RELATED_WINDOW = 12


# The facet by which each facet's hubs group their cards under headings. Chosen so that a hub narrowed by another
# facet is, wherever it can be, one heading of an existing page: "Year 5 maths" is the Maths heading of the Year 5
# hub, reached from the Maths hub too. One page per facet value, never one per combination.
HUB_GROUPING: dict[str, str] = {
    "subjects": "resource_type",
    "network": "resource_type",
    "phases": "subjects",
    "key_stages": "subjects",
    "year_groups": "subjects",
    "resource_type": "subjects",
}
# The facets a hub offers to narrow by, in the order a teacher thinks of them.
NARROWING: tuple[str, ...] = ("phases", "key_stages", "year_groups", "subjects", "resource_type")
# The ways in on the home page, in the same order, then network groups.
HOME_WAYS_IN: tuple[str, ...] = (*NARROWING, "network")
# The heading of the cards that have no value of the grouping facet (a staff guide has no year group).
UNGROUPED_ANCHOR = "group-other"


def group_anchor(slug: str) -> str:
    """The id of a hub's heading for one value of its grouping facet."""
    return f"group-{slug}"


@dataclass(frozen=True)
class HubGroup:
    """The cards of a hub under one heading: one value of the grouping facet (None: the rest)."""

    term: Term | None
    anchor: str
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class NarrowValue:
    """One way to narrow a hub: a value of another facet, how many of the hub's resources have it, and where
    they are listed. `target` is a page's source path (and `anchor` a heading on it), or None when no page lists
    exactly them: then the link is the search page with both values preset."""

    term: Term
    count: int
    target: str | None
    anchor: str | None


@dataclass(frozen=True)
class NarrowFacet:
    facet: Facet
    values: tuple[NarrowValue, ...]


@dataclass(frozen=True)
class Hub:
    """A generated page listing every published resource with one facet value, grouped, newest first in each group."""

    facet: Facet
    term: Term
    src_path: str
    resources: tuple[Resource, ...]
    grouped_by: Facet | None = None
    groups: tuple[HubGroup, ...] = ()
    narrowing: tuple[NarrowFacet, ...] = ()


@dataclass(frozen=True)
class FacetIndex:
    """A generated page listing a facet's non-empty hubs."""

    facet: Facet
    src_path: str
    hubs: tuple[Hub, ...]


def newest_first(item: Resource | CaseStudy) -> tuple:
    return (-item.published.toordinal(), item.title.casefold(), item.id)


@dataclass(frozen=True)
class UnitCoverage:
    unit: Unit
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class Coverage:
    """Which units of one entitlement have supporting resources, and which are gaps."""

    doc: EntitlementDoc
    units: tuple[UnitCoverage, ...]
    entitlements: tuple[tuple[str, tuple[UnitCoverage, ...]], ...]  # entitlement id -> its units

    @property
    def covered(self) -> int:
        return sum(1 for item in self.units if item.resources)

    @property
    def gaps(self) -> tuple[UnitCoverage, ...]:
        return tuple(item for item in self.units if not item.resources)

    @property
    def percent(self) -> int:
        return round(100 * self.covered / len(self.units)) if self.units else 0


#: A case study's field sections, each with the body headings that cover the same part: the section's own title
#: and the heading `projecth new case-study` writes for it. A field's section shows only when the body has none.
CASE_STUDY_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("challenge", ("The challenge", "Challenge", "Context")),
    ("approach", ("The approach", "Approach", "What they did")),
    ("timeline", ("Timeline",)),
    ("what_did_not_work", ("What did not work", "What they would do differently")),
)


@dataclass(frozen=True)
class CaseStudyGroup:
    """A generated page of the case studies that share one phase, region or theme."""

    facet: str
    vocabulary: str
    term: Term
    src_path: str
    studies: tuple[CaseStudy, ...]


def hub_path(facet: Facet, slug: str) -> str:
    return posixpath.join(facet.folder, slug, "index.md")


class Catalogue:
    """Published resources, indexed by id, by source path and by every facet value."""

    def __init__(self, taxonomy: Taxonomy, resources: list[Resource], curriculum: Curriculum | None = None,
                 case_studies: list[CaseStudy] | None = None, *, pages: Mapping[str, Page] | None = None,
                 kinds: tuple[Kind, ...] = KINDS, others: Mapping[str, Iterable[Any]] | None = None):
        """`kinds` is the registry of page kinds; `others` the published records of kinds beyond the four built in
        (by kind name): each kind says which of them are its written pages (`Kind.written`)."""
        self.taxonomy = taxonomy
        self.kinds = kinds
        self.pages: dict[str, Page] = dict(pages or {})
        self.curriculum = curriculum or Curriculum([])
        self.case_studies: tuple[CaseStudy, ...] = tuple(sorted(case_studies or (), key=newest_first))
        self.case_studies_by_src = {study.src_path: study for study in self.case_studies}
        self.resources: tuple[Resource, ...] = tuple(sorted(resources, key=newest_first))
        self.by_id = {resource.id: resource for resource in self.resources}
        self.by_src = {resource.src_path: resource for resource in self.resources}
        self._postings: dict[str, dict[str, list[Resource]]] = {name: defaultdict(list) for name in RELATED_WEIGHTS}
        for facet in FACETS:
            self._postings.setdefault(facet.field, defaultdict(list))
        for resource in self.resources:
            for name, postings in self._postings.items():
                for value in resource.facet_values(name):
                    postings[value].append(resource)
        self._positions = {
            (name, value): {resource.id: index for index, resource in enumerate(listed)}
            for name, postings in self._postings.items()
            for value, listed in postings.items()
        }
        self.hubs: dict[str, Hub] = {}
        self.facet_indexes: dict[str, FacetIndex] = {}
        for facet in FACETS:
            hubs = []
            for term in taxonomy.vocabulary(facet.vocabulary):
                listed = self._postings[facet.field].get(term.slug)
                if listed:
                    hub = Hub(facet, term, hub_path(facet, term.slug), tuple(listed))
                    self.hubs[hub.src_path] = hub
                    hubs.append(hub)
            # Index pages always exist, so that a navigation naming them stays valid
            # in a library that has no resources of that kind yet.
            index = FacetIndex(facet, posixpath.join(facet.folder, "index.md"), tuple(hubs))
            self.facet_indexes[index.src_path] = index
        self._group_and_narrow_hubs()
        self._index_curriculum_and_case_studies()
        self._written = {kind.name: kind.written(self, (others or {}).get(kind.name, ())) for kind in kinds}

    @classmethod
    def of_kinds(cls, taxonomy: Taxonomy, catalogued: Mapping[str, list], kinds: tuple[Kind, ...] = KINDS) -> Catalogue:
        """The catalogue of the records each kind catalogues (by kind name: `Kind.catalogued`)."""
        return cls(taxonomy, catalogued.get(RESOURCE.name, []), Curriculum(catalogued.get(ENTITLEMENT.name, [])),
                   catalogued.get(CASE_STUDY.name, []),
                   pages={page.src_path: page for page in catalogued.get(PAGE.name, [])}, kinds=kinds,
                   others=catalogued)

    # -- page kinds ------------------------------------------------------------------------------

    def written_of(self, kind: Kind) -> Mapping[str, Any]:
        """Source path -> record of the published written pages of one kind."""
        return self._written.get(kind.name, {})

    def kind_of(self, src_path: str) -> Kind:
        """The kind that owns a Markdown file at this source path, in this catalogue's registry."""
        return kind_of(src_path, self.kinds)

    def record_for(self, src_path: str) -> tuple[Kind, Any] | None:
        """The kind and record of a published written page (a resource, an entitlement file, a case study, a plain
        page...); None for a generated page or a path the catalogue does not hold."""
        kind = kind_of(src_path, self.kinds)
        record = self.written_of(kind).get(src_path)
        return (kind, record) if record is not None else None

    def template_for(self, src_path: str) -> str | None:
        """The template a page renders with, written or generated, as its kind says; None for a page no kind holds."""
        for kind in self.kinds:
            template = kind.template_for(self, src_path)
            if template is not None:
                return template
        return None

    def generated_by(self, src_path: str) -> Kind | None:
        """The kind that generates the page at this source path, or None when no kind does."""
        return next((kind for kind in self.kinds if kind.generated_title(self, src_path) is not None), None)

    def _group_and_narrow_hubs(self) -> None:
        """Each hub's headings and its ways to narrow, with counts: a pass over each hub's resources per facet,
        so the cost is linear in the number of (resource, facet value) pairs, whatever the number of hubs."""
        by_field = {facet.field: facet for facet in FACETS}
        groups: dict[str, tuple[HubGroup, ...]] = {}
        for src, hub in self.hubs.items():
            grouping = by_field.get(HUB_GROUPING.get(hub.facet.field, ""))
            if grouping is not None:
                groups[src] = self._groups(hub.resources, grouping)
        for index in self.facet_indexes.values():
            index_hubs = []
            for hub in index.hubs:
                grouping = by_field.get(HUB_GROUPING.get(hub.facet.field, ""))
                narrowing = tuple(
                    narrowed for narrowed in (self._narrow(hub, by_field[name], grouping) for name in NARROWING
                                              if name != hub.facet.field)
                    if narrowed is not None
                )
                full = replace(hub, grouped_by=grouping, groups=groups.get(hub.src_path, ()), narrowing=narrowing)
                self.hubs[hub.src_path] = full
                index_hubs.append(full)
            self.facet_indexes[index.src_path] = replace(index, hubs=tuple(index_hubs))

    def _groups(self, resources: tuple[Resource, ...], grouping: Facet) -> tuple[HubGroup, ...]:
        listed: dict[str, list[Resource]] = defaultdict(list)
        rest: list[Resource] = []
        for resource in resources:  # already newest first, so every group is too
            values = resource.facet_values(grouping.field)
            for value in values:
                listed[value].append(resource)
            if not values:
                rest.append(resource)
        found = [HubGroup(term, group_anchor(term.slug), tuple(listed[term.slug]))
                 for term in self.taxonomy.vocabulary(grouping.vocabulary) if term.slug in listed]
        if rest:
            found.append(HubGroup(None, UNGROUPED_ANCHOR, tuple(rest)))
        return tuple(found)

    def _narrow(self, hub: Hub, facet: Facet, grouping: Facet | None) -> NarrowFacet | None:
        counts: dict[str, int] = defaultdict(int)
        for resource in hub.resources:
            for value in resource.facet_values(facet.field):
                counts[value] += 1
        if not counts or (len(counts) == 1 and next(iter(counts.values())) == len(hub.resources)):
            return None  # nothing to narrow: every resource has the same single value, or none has any
        values = []
        for term in self.taxonomy.vocabulary(facet.vocabulary):
            count = counts.get(term.slug)
            if not count:
                continue
            target, anchor = None, None
            if grouping is not None and facet.field == grouping.field:
                target, anchor = hub.src_path, group_anchor(term.slug)  # a heading of this page
            elif HUB_GROUPING.get(facet.field) == hub.facet.field:
                other = self.hubs.get(hub_path(facet, term.slug))  # this hub's heading on that value's hub
                if other is not None:
                    target, anchor = other.src_path, group_anchor(hub.term.slug)
            values.append(NarrowValue(term, count, target, anchor))
        return NarrowFacet(facet, tuple(values))

    def ways_in(self) -> list[FacetIndex]:
        """The facet indexes the home page offers as ways in, in HOME_WAYS_IN order."""
        by_field = {index.facet.field: index for index in self.facet_indexes.values()}
        return [by_field[name] for name in HOME_WAYS_IN if name in by_field]


    def listings_fingerprint(self) -> str:
        """A digest of every record that generated pages show (front matter, units, case studies, vocabularies).

        Bodies are not records, so editing a body leaves it alone: a quick preview uses that to skip
        re-rendering every hub and index page after an edit that cannot change them.
        """
        digest = hashlib.sha256()
        # The records of every kind that generates pages (resources, entitlements, case studies, and any kind added).
        parts = [tuple(self.written_of(kind).values()) for kind in self.kinds if kind.generated_pages(self)]
        for part in (self.taxonomy, *parts):
            digest.update(repr(part).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
    def _index_curriculum_and_case_studies(self) -> None:
        """Reverse links, built once: unit -> resources, resource -> case studies, unit -> case studies."""
        self.resources_by_unit: dict[str, list[Resource]] = defaultdict(list)
        for resource in self.resources:
            for uid in resource.units:
                self.resources_by_unit[uid].append(resource)
        self.case_studies_by_resource: dict[str, list[CaseStudy]] = defaultdict(list)
        self.case_studies_by_unit: dict[str, list[CaseStudy]] = defaultdict(list)
        for study in self.case_studies:
            for rid in study.resources:
                self.case_studies_by_resource[rid].append(study)
            for uid in study.units:
                self.case_studies_by_unit[uid].append(study)
        self.unit_pages = {unit.src_path: unit for unit in self.curriculum.units.values()}
        self.overview_pages = {self.overview_path(doc): doc for doc in self.curriculum.current.values()}
        self.coverage_pages = {self.coverage_path(doc): doc for doc in self.curriculum.current.values()}
        self.case_study_groups: dict[str, CaseStudyGroup] = {}
        for facet, vocabulary, folder in CASE_STUDY_FACETS:
            for term in self.taxonomy.vocabulary(vocabulary):
                studies = tuple(s for s in self.case_studies if term.slug in _values(getattr(s, facet)))
                if studies:
                    path = posixpath.join(CASE_STUDIES_ROOT, folder, term.slug, "index.md")
                    self.case_study_groups[path] = CaseStudyGroup(facet, vocabulary, term, path, studies)

    def __len__(self) -> int:
        return len(self.resources)

    def library_paths(self) -> list[str]:
        return [*self.facet_indexes, *self.hubs, LIBRARY_INDEX]

    def curriculum_paths(self) -> list[str]:
        return [ENTITLEMENTS_INDEX, COVERAGE_INDEX, *self.overview_pages, *self.coverage_pages, *self.unit_pages]

    def case_study_paths(self) -> list[str]:
        return [CASE_STUDIES_INDEX, *self.case_study_groups]

    def generated_paths(self) -> list[str]:
        """Source paths of every page the site generates, for link checks and address collisions."""
        return [path for kind in self.kinds for path in kind.generated_pages(self)]

    @staticmethod
    def case_study_sections(body_headings: Iterable[str]) -> frozenset[str]:
        """The front-matter fields a case study's page gives a section of their own: those whose subject the
        Markdown body has no heading for. The body, where there is one, tells the same part at more length and
        with links, so it is the one kept; the field stays the short form (cards, search, catalog.json)."""
        have = {" ".join(text.split()).casefold() for text in body_headings}
        return frozenset(name for name, titles in CASE_STUDY_SECTIONS if not have & {t.casefold() for t in titles})

    @staticmethod
    def contact_mailbox(contact: str) -> tuple[str, str, str] | None:
        """(the text before, the address, the text after) when a case study's contact holds a mailbox (the
        privacy check has already refused a person's own address), for a mailto link; else None. One pass over
        the words: no pattern that could backtrack."""
        for word in contact.split():
            address = word.strip("()<>[],;:.")
            local, at, domain = address.partition("@")
            if at and local and "." in domain.strip(".") and "@" not in domain:
                start = contact.index(address)
                return contact[:start], address, contact[start + len(address):]
        return None

    @staticmethod
    def by_phase(resources: Iterable[Resource], phase: str) -> tuple[tuple[Resource, ...], tuple[Resource, ...]]:
        """(those for `phase`, those for other phases only), each in the order given: a unit's page lists the
        resources of its own phase first. A resource with no phases (CPD, leadership) is for every phase."""
        resources = tuple(resources)
        own = tuple(r for r in resources if not r.phases or phase in r.phases)
        return own, tuple(r for r in resources if r.phases and phase not in r.phases)

    @staticmethod
    def overview_path(doc: EntitlementDoc) -> str:
        return posixpath.join(ENTITLEMENTS_ROOT, doc.subject, doc.phase, "index.md")

    @staticmethod
    def coverage_path(doc: EntitlementDoc) -> str:
        return posixpath.join(ENTITLEMENTS_ROOT, doc.subject, doc.phase, "coverage", "index.md")

    def coverage(self, doc: EntitlementDoc) -> Coverage:
        units = tuple(UnitCoverage(unit, tuple(self.resources_by_unit.get(unit.id, ()))) for unit in doc.units)
        by_entitlement = tuple(
            (item.id, tuple(u for u in units if item.id in u.unit.entitlements)) for item in doc.entitlements
        )
        return Coverage(doc, units, by_entitlement)

    def all_coverage(self) -> list[Coverage]:
        return [self.coverage(self.curriculum.current[key]) for key in self.curriculum.keys()]

    def hub(self, facet_field: str, slug: str) -> Hub | None:
        facet = next((f for f in FACETS if f.field == facet_field), None)
        return self.hubs.get(hub_path(facet, slug)) if facet else None

    def newest(self, count: int) -> tuple[Resource, ...]:
        return self.resources[:count]

    def a_to_z(self) -> list[tuple[str, list[Resource]]]:
        """Resources grouped by the first letter of their title (digits and symbols under '#')."""
        groups: dict[str, list[Resource]] = defaultdict(list)
        for resource in sorted(self.resources, key=lambda r: (r.title.casefold(), r.id)):
            first = resource.title[:1].upper()
            groups[first if first.isalpha() and first.isascii() else "#"].append(resource)
        return sorted(groups.items(), key=lambda item: (item[0] != "#", item[0]))

    def related(self, resource: Resource, limit: int = 5) -> list[Resource]:
        """Declared related resources first, then the closest by shared facets.

        Candidates come from a window of date-neighbours in each of the
        resource's facet lists, never from every other resource.
        """
        chosen = [self.by_id[rid] for rid in resource.related if rid in self.by_id][:limit]
        scores: dict[str, int] = defaultdict(int)
        for name, weight in RELATED_WEIGHTS.items():
            for value in resource.facet_values(name):
                listed = self._postings[name].get(value, ())
                position = self._positions.get((name, value), {}).get(resource.id)
                if position is None:
                    continue
                start = max(0, position - RELATED_WINDOW)
                for other in listed[start : position + RELATED_WINDOW + 1]:
                    scores[other.id] += weight
        taken = {resource.id, *(r.id for r in chosen)}
        day = resource.published.toordinal()
        ranked = sorted(
            (rid for rid in scores if rid not in taken),
            key=lambda rid: (-scores[rid], abs(self.by_id[rid].published.toordinal() - day), rid),
        )
        chosen.extend(self.by_id[rid] for rid in ranked[: max(0, limit - len(chosen))])
        return chosen

    def counts(self) -> dict[str, int]:
        return {
            "resources": len(self.resources),
            "case_studies": len(self.case_studies),
            "entitlements": len(self.curriculum.current),
            "networks": len(self._postings["network"]),
            "subjects": len(self._postings["subjects"]),
            "types": len(self._postings["resource_type"]),
        }

    def label(self, vocabulary: str, slug: str) -> str:
        return self.taxonomy.vocabulary(vocabulary).label(slug)

    def entitlement_title(self, doc: EntitlementDoc, version: bool = False) -> str:
        """Maths (secondary) curriculum entitlement[, 2025-26]."""
        title = (f"{self.label('subjects', doc.subject)} ({self.label('phases', doc.phase).lower()}) "
                 "curriculum entitlement")
        return f"{title}, {doc.version}" if version else title

    def generated_title(self, src_path: str) -> str:
        """The title of any page the site generates."""
        for kind in self.kinds:
            title = kind.generated_title(self, src_path)
            if title is not None:
                return title
        raise KeyError(src_path)


def _values(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)
