"""School case studies: `case-studies/*.md`, with the index pages by phase, region and theme generated from them.

This module loads a case study and makes the checks that guard it: the author's privacy confirmation, personal data
in every field and in the text (found by core/security/privacy.py), and every image declared with alt text and consent.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Iterator

from ..security import privacy
from ..security.case_study_privacy import CASE_STUDIES_ROOT
from ..model.field_kinds import FieldChecker
from ..model.specs import CASE_STUDY_FIELDS, CaseStudy
from ..reading.frontmatter import MAX_REPORTED_PER_KIND
from ..reading.located_yaml import MAP, SEQ, Node
from . import ContextOptions, Kind, LoadContext, Loaded, body_images, is_draft

if TYPE_CHECKING:  # pragma: no cover
    from ..library.catalogue import Catalogue
    from ..publishing.attribution import PageUrl, SiteInfo
    from ..model.taxonomy import Taxonomy

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
    count_label = ("case study", "case studies")
    in_navigation = False

    def check_path(self, src_path: str, taxonomy: Taxonomy) -> str | None:
        segments = src_path[:-3].split("/")
        if len(segments) != 2 or segments[1] == "index":
            return (f"case studies live directly in `{FOLDER}/` (e.g. `{FOLDER}/phonics-catch-up.md`), and not as "
                    "`index.md`: the index is generated")
        return None

    def load(self, context: LoadContext) -> Loaded:
        c = context
        study, resource_refs, unit_refs = self.load_case_study(c.src, c.root, c.checker, c.body, c.body_line,
                                                               c.other_files)
        draft = is_draft(c.root)
        # The images it declares; a draft's also those its text shows (a draft publishes none of them).
        files = _declared_images(c.src, c.root.get("images"))
        if draft:
            files |= body_images(c.src, c.body, c.other_files)
        return Loaded(c.src, c.body, c.body_line, study, resource_refs, unit_refs, is_draft=draft,
                      kind=self.name, refs_field="resources", files=frozenset(files))

    def load_case_study(self, src: str, root: Node, checker: FieldChecker, body: str, body_line: int,
                        other_files: set[str]) -> tuple[CaseStudy | None, list, list]:
        """Validate a case study's front matter and privacy; returns it with its resource and unit references."""
        report = checker.report
        values, ok = checker.read(root, self.fields, "a case study's", line=1)

        confirmed = values.get("privacy")
        if confirmed:
            for name in ("no_pupil_names", "small_numbers_suppressed", "image_consent"):
                if confirmed.get(name) is False:
                    node = confirmed["_node"].get(name)
                    report(node.line, node.col, f"`privacy.{name}` is false: a case study can be published only "
                           "when the author confirms it; fix the text first, then set it to true")
                    ok = False
        words = privacy.network_words(checker.taxonomy.networks.slugs())
        ok = _check_front_matter_privacy(root, words, report) and ok
        ok = _check_body_privacy(body, body_line, words, report) and ok
        ok = _check_images(src, body, body_line, root.get("images"), other_files, report) and ok
        if not ok:
            return None, values.get("resources") or [], values.get("units") or []
        study = self.build(values, id=src[:-3], src_path=src, body_line=body_line)
        return study, values.get("resources") or [], values.get("units") or []

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

    def page_context(self, catalogue: Catalogue, src_path: str, options: ContextOptions) -> dict | None:
        """A case study, the case-study index and the pages that narrow it."""
        from ..library.catalogue import CASE_STUDY_FACETS

        src = src_path
        if src in catalogue.case_studies_by_src:
            study = catalogue.case_studies_by_src[src]
            return {"study": study,
                    "resources": [catalogue.by_id[rid] for rid in study.resources if rid in catalogue.by_id],
                    "units": [catalogue.curriculum.units[uid] for uid in study.units
                              if uid in catalogue.curriculum.units]}
        if src == CASE_STUDIES_INDEX or src in catalogue.case_study_groups:
            group = catalogue.case_study_groups.get(src)
            groups = [(folder, vocabulary, [g for g in catalogue.case_study_groups.values() if g.facet == facet])
                      for facet, vocabulary, folder in CASE_STUDY_FACETS]
            return {"group": group, "groups": groups, "studies": group.studies if group else catalogue.case_studies}
        return None

    def description(self, record: CaseStudy) -> str:
        return record.summary

    def search_names(self, catalogue: Catalogue) -> list[str]:
        return [study.title for study in catalogue.case_studies]

    def count(self, catalogue: Catalogue) -> int:
        return len(catalogue.case_studies)

    def date(self, record: CaseStudy) -> dt.date:
        return record.updated or record.published

    own_date = date

    def breadcrumbs(self, catalogue: Catalogue, src_path: str) -> list[str] | None:
        if src_path in catalogue.case_studies_by_src or src_path in catalogue.case_study_groups:
            return [CASE_STUDIES_INDEX]
        return None

    def jsonld(self, record: CaseStudy, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
        from ..publishing.jsonld import case_study_jsonld

        return case_study_jsonld(record, catalogue, site, page_url)

    def catalog_records(self, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> list[dict[str, Any]]:
        from ..publishing.catalog_json import case_study_record

        return [case_study_record(s, site, page_url, self.fields)
                for s in sorted(catalogue.case_studies, key=lambda s: s.id)]


CASE_STUDY = CaseStudyKind()


# -- the checks that guard a case study ------------------------------------------------------------------


def _scalars(node: Node, name: str) -> Iterator[tuple[Node, str, str]]:
    """Every text a front matter holds, with the field it is in: keys, values, list items, nested mappings."""
    if node.kind == MAP:
        for key, value in node.value.items():
            inner = f"{name}.{key}" if name else key
            key_node = node.keys.get(key)
            if key_node is not None:
                yield key_node, inner, key
            yield from _scalars(value, inner)
    elif node.kind == SEQ:
        for item in node.value:
            yield from _scalars(item, name)
    else:
        text = node.raw if node.raw else ("" if node.value is None else str(node.value))
        yield node, name, text


def _check_front_matter_privacy(root: Node, words: set[str], report) -> bool:
    """Privacy checks on every field, located at the value (or key) that holds the finding."""
    ok = True
    for node, name, text in _scalars(root, ""):
        findings = privacy.find_personal_data(text, words)
        for finding in findings[:MAX_REPORTED_PER_KIND]:
            message = (privacy.describe_in_contact(finding) if name == "contact"
                       else f"`{name}`: {privacy.describe(finding)}")
            report(node.line, node.col, message)
            ok = False
    return ok


def _check_body_privacy(body: str, body_line: int, words: set[str], report) -> bool:
    findings = privacy.find_personal_data(body, words)
    lines = _Lines(body)
    shown: dict[str, int] = {}
    for finding in findings:
        shown[finding.kind] = shown.get(finding.kind, 0) + 1
        if shown[finding.kind] <= MAX_REPORTED_PER_KIND:
            line, col = lines.at(finding.start)
            report(line + body_line - 1, col, privacy.describe(finding))
    for kind, count in shown.items():
        if count > MAX_REPORTED_PER_KIND:
            first_unlisted = [f for f in findings if f.kind == kind][MAX_REPORTED_PER_KIND]
            line, col = lines.at(first_unlisted.start)
            report(line + body_line - 1, col, f"{count - MAX_REPORTED_PER_KIND} more of the same kind "
                   f"({kind}) in the text, not listed one by one: remove them all")
    return not findings


class _Lines:
    """Line and column of an offset, with the line starts found once (a long text has many findings)."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def _declared_images(src: str, images: Node | None) -> set[str]:
    """The paths of the images a case study declares in `images`, as written (under content/)."""
    base = posixpath.dirname(src)
    return {posixpath.normpath(posixpath.join(base, path_node.value))
            for item in (images.value if images is not None and images.kind == SEQ else [])
            if item.kind == MAP and (path_node := item.get("path")) is not None and isinstance(path_node.value, str)}


def _check_images(src: str, body: str, body_line: int, images: Node | None, other_files: set[str], report) -> bool:
    """Every image in the text must be declared with alt text and consent, and must exist.

    Declarations are read as written, so one faulty entry (reported by the field checks)
    does not also make its image look undeclared.
    """
    ok = True
    base = posixpath.dirname(src)
    declared: set[str] = set()
    for item in (images.value if images is not None and images.kind == "seq" else []):
        path_node = item.get("path") if item.kind == "map" else None
        if path_node is None or not isinstance(path_node.value, str):
            continue
        path = posixpath.normpath(posixpath.join(base, path_node.value))
        declared.add(path)
        consent = item.get("consent")
        if consent is not None and consent.value is False:
            report(consent.line, consent.col, f"image `{path_node.value}` has no consent: set `consent: true` only "
                   "when consent was given, or remove the image")
            ok = False
        if path not in other_files:
            report(path_node.line, path_node.col, f"image `{path_node.value}` does not exist (looked for `{path}`)")
            ok = False
    lines = _Lines(body)
    try:
        uses = privacy.find_images(body)
    except privacy.TooMuch as stop:
        line, col = lines.at(stop.offset)
        report(line + body_line - 1, col, "this text has too many images, tags or attributes to check for "
               "consent and alt text: split the case study")
        return False
    for use in uses:
        line, col = lines.at(use.offset)
        line += body_line - 1
        if use.needs_alt and not privacy.has_text(use.alt):
            report(line, col, "image without alt text: describe what it shows (`![description](...)`, or `alt=` "
                   "in HTML)")
            ok = False
        for url in use.urls:
            path = posixpath.normpath(posixpath.join(base, privacy.url_path(url)))
            if path not in declared:
                shown = url if len(url) <= 80 else url[:77] + "..."
                report(line, col, f"image `{shown}` is not listed in `images`: list it with its alt text and "
                       "`consent: true`")
                ok = False
    return ok
