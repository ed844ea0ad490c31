"""Curriculum entitlements: `entitlements/SUBJECT/PHASE/VERSION.md`, with the overview, unit and coverage pages
generated from them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..curriculum import ENTITLEMENTS_ROOT, check_entitlement_path, load_entitlement
from ..model import ENTITLEMENT_FIELDS, EntitlementDoc
from . import Kind, LoadContext, Loaded

if TYPE_CHECKING:  # pragma: no cover
    from ..catalogue import Catalogue
    from ..reuse import PageUrl, SiteInfo
    from ..taxonomy import Taxonomy

FOLDER = ENTITLEMENTS_ROOT
ENTITLEMENTS_INDEX = f"{FOLDER}/index.md"
COVERAGE_INDEX = f"{FOLDER}/coverage/index.md"


class EntitlementKind(Kind):
    name = "entitlement"
    folder = FOLDER
    fields = ENTITLEMENT_FIELDS
    record_type = EntitlementDoc
    template = "projecth/entitlement.html"
    schema_type = None  # no structured data yet
    search_kind = "Entitlement unit"  # its unit pages are indexed, not the entitlement files
    search_date_label = "In force from"  # a unit's date is the day its entitlement came into force
    catalog_table = "entitlements"
    catalog_record = "entitlement"
    catalog_rank = 2
    in_navigation = False

    def check_path(self, src_path: str, taxonomy: Taxonomy) -> str | None:
        return check_entitlement_path(src_path)

    def load(self, context: LoadContext) -> Loaded:
        c = context
        entitlement = load_entitlement(c.src, c.root, c.checker, c.taxonomy, c.body_line)
        return Loaded(c.src, c.body, c.body_line, entitlement.doc, [], entitlement.prior_refs,
                      declared_units=entitlement.declared_units, prior_edges=entitlement.prior_edges, kind=self.name)

    def catalogued(self, records, failed: set[str]) -> list:
        return list(records)  # every version: earlier ones stay published at their own address

    def written(self, catalogue: Catalogue, records) -> dict[str, EntitlementDoc]:
        return catalogue.curriculum.by_src

    def generated_pages(self, catalogue: Catalogue) -> list[str]:
        return catalogue.curriculum_paths()

    def title(self, record: EntitlementDoc, catalogue: Catalogue | None = None) -> str:
        # Entitlement files carry no title of their own: it follows from subject, phase and version.
        return catalogue.entitlement_title(record, version=True) if catalogue is not None else record.src_path

    def generated_title(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path in catalogue.overview_pages:
            return catalogue.entitlement_title(catalogue.overview_pages[src_path])
        if src_path in catalogue.coverage_pages:
            doc = catalogue.coverage_pages[src_path]
            return (f"Coverage: {catalogue.label('subjects', doc.subject)} "
                    f"({catalogue.label('phases', doc.phase).lower()})")
        if src_path in catalogue.unit_pages:
            return catalogue.unit_pages[src_path].title
        if src_path == ENTITLEMENTS_INDEX:
            return "Curriculum entitlements"
        if src_path == COVERAGE_INDEX:
            return "Curriculum coverage"
        return None

    def template_for(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path in catalogue.curriculum.by_src or src_path in catalogue.overview_pages:
            return self.template
        if src_path in catalogue.unit_pages:
            return "projecth/unit.html"
        if src_path in catalogue.coverage_pages:
            return "projecth/coverage.html"
        if src_path == ENTITLEMENTS_INDEX:
            return "projecth/entitlements_index.html"
        if src_path == COVERAGE_INDEX:
            return "projecth/coverage_all.html"
        return None

    def date(self, record: EntitlementDoc) -> dt.date:
        return record.valid_from

    def _doc_of(self, catalogue: Catalogue, src_path: str) -> EntitlementDoc | None:
        """The entitlement an entitlement file, overview page or unit page is made from."""
        doc = catalogue.curriculum.by_src.get(src_path) or catalogue.overview_pages.get(src_path)
        if doc is None and src_path in catalogue.unit_pages:
            doc = catalogue.curriculum.unit_doc.get(catalogue.unit_pages[src_path].id)
        return doc

    def page_date(self, catalogue: Catalogue, src_path: str) -> dt.date | None:
        doc = self._doc_of(catalogue, src_path)  # coverage pages have no date of their own
        return self.date(doc) if doc is not None else None

    def breadcrumbs(self, catalogue: Catalogue, src_path: str) -> list[str] | None:
        if src_path in catalogue.unit_pages:
            doc = catalogue.curriculum.unit_doc[catalogue.unit_pages[src_path].id]
            return [ENTITLEMENTS_INDEX, catalogue.overview_path(doc)]
        if (src_path in catalogue.overview_pages or src_path in catalogue.coverage_pages
                or src_path in catalogue.curriculum.by_src):
            return [ENTITLEMENTS_INDEX]
        return None

    def history_source(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path in catalogue.unit_pages:
            return catalogue.curriculum.unit_doc[catalogue.unit_pages[src_path].id].src_path
        if src_path in catalogue.overview_pages:
            return catalogue.overview_pages[src_path].src_path
        return None

    def catalog_records(self, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> list[dict[str, Any]]:
        from ..exports import entitlement_record

        versions = catalogue.curriculum.versions
        return [entitlement_record(doc, catalogue, site, page_url) for key in sorted(versions)
                for doc in versions[key]]


ENTITLEMENT = EntitlementKind()
