"""School case studies: `case-studies/*.md`, with the index pages by phase, region and theme generated from them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..casestudies import CASE_STUDIES_ROOT, load_case_study
from ..model import CASE_STUDY_FIELDS, CaseStudy
from . import Kind, LoadContext, Loaded, is_draft

if TYPE_CHECKING:  # pragma: no cover
    from ..catalogue import Catalogue
    from ..reuse import PageUrl, SiteInfo
    from ..taxonomy import Taxonomy

FOLDER = CASE_STUDIES_ROOT
CASE_STUDIES_INDEX = f"{FOLDER}/index.md"


class CaseStudyKind(Kind):
    name = "case study"
    folder = FOLDER
    fields = CASE_STUDY_FIELDS
    record_type = CaseStudy
    template = "projecth/case_study.html"
    schema_type = "Article"
    search_kind = "Case study"
    search_date_label = "Published"
    catalog_table = "case_studies"
    catalog_record = "case_study"
    catalog_rank = 1
    in_navigation = False

    def check_path(self, src_path: str, taxonomy: Taxonomy) -> str | None:
        segments = src_path[:-3].split("/")
        if len(segments) != 2 or segments[1] == "index":
            return (f"case studies live directly in `{FOLDER}/` (e.g. `{FOLDER}/phonics-catch-up.md`), and not as "
                    "`index.md`: the index is generated")
        return None

    def load(self, context: LoadContext) -> Loaded:
        c = context
        study, resource_refs, unit_refs = load_case_study(c.src, c.root, c.checker, c.body, c.body_line, c.other_files)
        return Loaded(c.src, c.body, c.body_line, study, resource_refs, unit_refs, is_draft=is_draft(c.root),
                      kind=self.name, refs_field="resources")

    def catalogued(self, records, failed: set[str]) -> list:
        return [study for study in records if not study.is_draft]

    def written(self, catalogue: Catalogue, records) -> dict[str, CaseStudy]:
        return catalogue.case_studies_by_src

    def generated_pages(self, catalogue: Catalogue) -> list[str]:
        return catalogue.case_study_paths()

    def generated_title(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path == CASE_STUDIES_INDEX:
            return "Case studies"
        if src_path in catalogue.case_study_groups:
            return f"Case studies: {catalogue.case_study_groups[src_path].term.label}"
        return None

    def template_for(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path in catalogue.case_studies_by_src:
            return self.template
        if src_path == CASE_STUDIES_INDEX or src_path in catalogue.case_study_groups:
            return "projecth/case_studies_index.html"
        return None

    def date(self, record: CaseStudy) -> dt.date:
        return record.updated or record.published

    own_date = date

    def breadcrumbs(self, catalogue: Catalogue, src_path: str) -> list[str] | None:
        if src_path in catalogue.case_studies_by_src or src_path in catalogue.case_study_groups:
            return [CASE_STUDIES_INDEX]
        return None

    def jsonld(self, record: CaseStudy, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
        from ..jsonld import case_study_jsonld

        return case_study_jsonld(record, catalogue, site, page_url)

    def catalog_records(self, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> list[dict[str, Any]]:
        from ..exports import case_study_record

        return [case_study_record(s, site, page_url) for s in sorted(catalogue.case_studies, key=lambda s: s.id)]


CASE_STUDY = CaseStudyKind()
