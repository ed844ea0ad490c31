"""Curriculum entitlements: `entitlements/SUBJECT/PHASE/VERSION.md`, with the overview, unit and coverage pages
generated from them.

This module loads an entitlement file (the values its path gives, its entitlements and units) and checks what
refers to units once every file is read: unit ids in other pages, and prior knowledge that goes round in a circle.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from ..library.curriculum import ENTITLEMENTS_ROOT, VERSION, Curriculum, prior_knowledge_cycles, version_problem
from ..model.field_kinds import FieldChecker
from ..model.specs import ENTITLEMENT_FIELDS, UNIT_FIELDS, EntitlementDoc, Unit, build_record
from ..reading.located_yaml import MAP, SEQ, Node
from ..model.taxonomy import SLUG, Taxonomy
from . import ContextOptions, Kind, LoadContext, Loaded

if TYPE_CHECKING:  # pragma: no cover
    from ..library.catalogue import Catalogue
    from ..reading.diagnostics import Report
    from ..publishing.attribution import PageUrl, SiteInfo

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
    count_label = ("entitlement", "entitlements")
    in_navigation = False

    def check_path(self, src_path: str, taxonomy: Taxonomy) -> str | None:
        return check_entitlement_path(src_path)

    def load(self, context: LoadContext) -> Loaded:
        c = context
        entitlement = load_entitlement(c.src, c.root, c.checker, c.taxonomy, c.body_line, self)
        return Loaded(c.src, c.body, c.body_line, entitlement.doc, [], entitlement.prior_refs,
                      declared_units=entitlement.declared_units, prior_edges=entitlement.prior_edges, kind=self.name)

    def check_library(self, loaded: Sequence[Loaded], report: Report) -> None:
        """Unit ids anywhere must be units of a current entitlement; prior knowledge must not go round in a
        circle."""
        curriculum = Curriculum([item.record for item in loaded if item.kind == self.name and item.record is not None])
        declared_units = set().union(*(item.declared_units for item in loaded))
        for item in loaded:
            _check_unit_refs(item, curriculum, declared_units, report)
        _check_prior_knowledge(curriculum, {edge: (item.src_path, node) for item in loaded
                                            for edge, node in item.prior_edges.items()}, report)

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

    def page_context(self, catalogue: Catalogue, src_path: str, options: ContextOptions) -> dict | None:
        """Entitlement (and overview), unit, coverage and the two curriculum index pages."""
        src = src_path
        curriculum = catalogue.curriculum
        doc = curriculum.by_src.get(src) or catalogue.overview_pages.get(src)
        if doc is not None:
            versioned = src in curriculum.by_src  # a version's own page, with its Markdown; else the overview
            found = {"doc": doc, "current": curriculum.current[doc.key] if versioned else doc,
                     "changes": curriculum.changes(doc), "versions": curriculum.versions[doc.key],
                     "coverage": catalogue.coverage(doc)}
            if not versioned:
                found["body"] = None
            return found
        if src in catalogue.unit_pages:
            unit = catalogue.unit_pages[src]
            return {"unit": unit, "doc": curriculum.unit_doc[unit.id],
                    "resources": catalogue.resources_by_unit.get(unit.id, ()),
                    "case_studies": catalogue.case_studies_by_unit.get(unit.id, ())}
        if src in catalogue.coverage_pages:
            return {"coverage": catalogue.coverage(catalogue.coverage_pages[src])}
        if src in (ENTITLEMENTS_INDEX, COVERAGE_INDEX):
            return {"coverages": catalogue.all_coverage()}
        return None

    def written_title(self, record: EntitlementDoc, catalogue: Catalogue) -> str:
        return self.title(record, catalogue)

    def description(self, record: EntitlementDoc) -> str:
        return record.summary

    def search_names(self, catalogue: Catalogue) -> list[str]:
        return [unit.title for unit in catalogue.unit_pages.values()]

    def count(self, catalogue: Catalogue) -> int:
        return len(catalogue.curriculum.current)  # one an entitlement, however many versions it has

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
        from ..publishing.catalog_json import entitlement_record

        versions = catalogue.curriculum.versions
        return [entitlement_record(doc, catalogue, site, page_url, self.fields) for key in sorted(versions)
                for doc in versions[key]]


ENTITLEMENT = EntitlementKind()


def check_entitlement_path(src_path: str) -> str | None:
    """The problem with where an entitlement file is, or None: it must be entitlements/SUBJECT/PHASE/VERSION.md."""
    parts = src_path[:-3].split("/")
    if len(parts) != 4 or not VERSION.match(parts[3]):
        return (f"entitlement files live at `{FOLDER}/SUBJECT/PHASE/VERSION.md`, e.g. "
                f"`{FOLDER}/maths/secondary/2025-26.md`; the other pages there are generated")
    return None


# -- loading one entitlement file ---------------------------------------------------------------------------


@dataclass
class LoadedEntitlement:
    """One entitlement file as read: the document (None if it has errors), and what other files may refer to."""

    doc: EntitlementDoc | None
    prior_refs: list[tuple[str, Node]]  # checked once every file is read
    declared_units: set[str]  # full ids, even when the file has errors, so references to them are not blamed
    prior_edges: dict[tuple[str, str], Node] = field(default_factory=dict)  # (unit, prior unit) -> where written


def load_entitlement(src: str, root: Node, checker: FieldChecker, taxonomy: Taxonomy,
                     body_line: int, kind: EntitlementKind | None = None) -> LoadedEntitlement:
    """Validate one entitlement file's front matter into an EntitlementDoc, or report why not.

    `kind` gives the field specs and the record type (the registry's entitlement kind when not given)."""
    kind = kind or ENTITLEMENT
    values, ok = checker.read(root, kind.fields, "an entitlement's", line=1)
    report = checker.report

    def at(name: str) -> tuple[int, int]:
        node = root.get(name)
        return (node.line, node.col) if node else (1, 1)

    # The path gives the subject, phase and version (its form is checked with the file's name); writing them
    # is allowed, and an error only when it disagrees.
    _, subject, phase, version = src[:-3].split("/")
    path_gives = {"subject": subject, "phase": phase, "version": version}
    how = f"the path must be `{FOLDER}/SUBJECT/PHASE/VERSION.md` with the same values: move the file"
    from_path: dict[str, str | None] = {}  # field -> the path's value, when it agrees
    for spec in kind.fields:
        if spec.from_path:
            written = values.get(spec.name)
            if spec.name in root.value and written is None:
                ok = False  # written wrongly: its own check reported it
                continue
            value = checker.path_value(spec, written, path_gives[spec.name], root.get(spec.name), src, how)
            ok = ok and value is not None
            from_path[spec.name] = value
    shown_version = values.get("version") or from_path.get("version")  # as written, else as the path gives it
    if shown_version and (problem := version_problem(shown_version)):
        report(*at("version"), problem)
        ok = False
    seen: dict[str, Node] = {}
    for item in values.get("entitlements") or []:
        node = item["_node"].get("id")
        if not SLUG.match(item["id"]):
            report(node.line, node.col, f"entitlement id `{item['id']}` must be lower case with hyphens")
            ok = False
        elif item["id"] in seen:
            report(node.line, node.col, f"duplicate entitlement id `{item['id']}` (also on line "
                   f"{seen[item['id']].line}): ids must be unique")
            ok = False
        seen[item["id"]] = node
    loaded = LoadedEntitlement(None, [], set())
    # Ids written in the file, even where an item has errors, so units serving them are not blamed too.
    declared_ids = set(seen) | set(_raw_ids(root.get("entitlements")))
    units = _units(root.get("years"), values, subject, phase, declared_ids, checker, taxonomy, loaded)
    if units is None or not ok:
        return loaded
    loaded.doc = kind.build(values, src_path=src, body_line=body_line, units=tuple(units), **from_path)
    return loaded


def _units(years: Node | None, values: dict, subject: str, phase: str, entitlement_ids: set[str],
           checker: FieldChecker, taxonomy: Taxonomy, loaded: LoadedEntitlement) -> list[Unit] | None:
    report = checker.report
    if years is None or values.get("years") is None:
        return None
    allowed_stages = set(taxonomy.key_stages_of_phase(phase)) if phase in taxonomy.phases else set()
    units: list[Unit] = []
    seen: dict[str, Node] = {}
    ok = True
    term_order = {slug: index for index, slug in enumerate(taxonomy.terms.slugs())}
    for year, unit_list in years.value.items():
        key = years.keys[year]
        # Declared even under a wrong year, so references to them are not blamed as well.
        loaded.declared_units.update(f"{subject}/{phase}/{uid}" for uid in _raw_ids(unit_list))
        if year not in taxonomy.year_groups:
            near = taxonomy.year_groups.nearest(year)
            hint = f"did you mean `{near}`? " if near else ""
            report(key.line, key.col, f"`{year}` is not a year group in taxonomy.yml: {hint}allowed: "
                   f"{', '.join(taxonomy.year_groups.slugs())}")
            ok = False
            continue
        stage = taxonomy.year_groups[year].get("key_stage")
        if allowed_stages and stage not in allowed_stages:
            report(key.line, key.col, f"year group `{year}` (key stage `{stage}`) is outside the phase `{phase}`, "
                   f"whose key stages are {', '.join(sorted(allowed_stages))}")
            ok = False
            continue
        if unit_list.kind != SEQ or not unit_list.value:
            report(unit_list.line, unit_list.col, f"`years.{year}` must be a list of units, each starting `- id:`")
            ok = False
            continue
        year_units = []
        for position, node in enumerate(unit_list.value):
            if node.kind != MAP:
                report(node.line, node.col, f"each unit of `years.{year}` must have fields such as `id:` and "
                       "`title:`")
                ok = False
                continue
            fields, unit_ok = checker.read(node, UNIT_FIELDS, "a unit's", node.line, node.col,
                                           within=" in this unit", prefix="unit ")
            local = fields.get("id")
            id_node = node.get("id")
            for uid, where in fields.get("prior_knowledge") or ():
                loaded.prior_refs.append((_full_unit_id(uid, subject, phase), where))
                loaded.prior_edges[(f"{subject}/{phase}/{local}", _full_unit_id(uid, subject, phase))] = where
            if local is not None:
                if not SLUG.match(local) or VERSION.match(local):
                    report(id_node.line, id_node.col, f"unit id `{local}` must be lower case with hyphens, and not "
                           "look like a version, e.g. `y7-ratio`")
                    unit_ok = False
                elif local in seen:
                    report(id_node.line, id_node.col, f"duplicate unit id `{local}` (also on line "
                           f"{seen[local].line}): unit ids must be unique within {subject}/{phase}")
                    unit_ok = False
                else:
                    seen[local] = id_node
            for entitlement in fields.get("entitlements") or ():
                if entitlement not in entitlement_ids:
                    near = difflib.get_close_matches(entitlement, sorted(entitlement_ids), n=1)
                    hint = f"; did you mean `{near[0]}`?" if near else ""
                    where = node.get("entitlements")
                    report(where.line, where.col, f"unit `{local}` serves entitlement `{entitlement}`, which this "
                           f"file does not define{hint}")
                    unit_ok = False
            if not unit_ok:
                ok = False
                continue
            prior = tuple(_full_unit_id(uid, subject, phase) for uid, _ in fields.get("prior_knowledge") or ())
            unit = build_record(Unit, UNIT_FIELDS, fields, id=f"{subject}/{phase}/{local}", year_group=year,
                                prior_knowledge=prior)
            year_units.append((term_order.get(fields.get("term"), len(term_order)), position, unit))
        units.extend(unit for _, _, unit in sorted(year_units, key=lambda item: (item[0], item[1])))
    year_order = {slug: index for index, slug in enumerate(taxonomy.year_groups.slugs())}
    units.sort(key=lambda unit: year_order[unit.year_group])  # stable: keeps term order within a year
    return units if ok else None


def _raw_ids(node: Node | None) -> list[str]:
    """The `id:` of each item of a list as written, whether or not the item is otherwise valid."""
    if node is None or node.kind != SEQ:
        return []
    return [item.get("id").value for item in node.value
            if item.kind == MAP and item.get("id") is not None and isinstance(item.get("id").value, str)]


def _full_unit_id(uid: str, subject: str, phase: str) -> str:
    """A unit id as written: `y6-ratio` within the same file, or `subject/phase/unit` anywhere."""
    return uid if "/" in uid else f"{subject}/{phase}/{uid}"


# -- references to units, once every file is read -----------------------------------------------------------


def _check_unit_refs(item: Loaded, curriculum: Curriculum, declared: set[str], report: Report) -> None:
    """Unit ids in resources, case studies and prior knowledge must be units of a current entitlement.

    A unit declared in a file that has errors of its own counts as known: that file's errors are
    reported there, and blaming every reference to it too would only bury them.
    """
    known = curriculum.units
    in_older_versions = curriculum.unit_ids_in_any_version() if item.unit_refs else {}
    for uid, node in item.unit_refs or []:
        if uid in known or uid in item.declared_units or (uid in declared and uid not in in_older_versions):
            continue  # an older version's prior knowledge may name its own units, removed since
        if uid in in_older_versions:
            message = (f"unit `{uid}` was in version {in_older_versions[uid]} but is not in the current version of "
                       "its entitlement: point to a current unit instead")
        else:
            near = difflib.get_close_matches(uid, sorted(declared | set(known)), n=1, cutoff=0.6)
            hint = f"; did you mean `{near[0]}`?" if near else ""
            message = f"unknown unit `{uid}`{hint} (a unit id is `subject/phase/unit`, e.g. `maths/secondary/y7-ratio`)"
        report.error(item.src_path, node.line, node.col, message)


def _check_prior_knowledge(curriculum: Curriculum, edges: dict, report: Report) -> None:
    """Reported where the cycle closes: the prior-knowledge entry that leads back to its start."""
    for cycle in prior_knowledge_cycles(curriculum.units):
        src, node = edges[(cycle[-2], cycle[-1])]
        report.error(src, node.line, node.col, "prior knowledge goes round in a circle: "
                     f"{' -> '.join(cycle)}; a unit cannot, through others, come before itself")
