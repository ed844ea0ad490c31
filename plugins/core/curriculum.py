"""Curriculum entitlements: one file per subject, phase and version, and the units they specify.

A subject network publishes a new version each year; earlier versions stay
published at their own address. Unit ids (`maths/secondary/y7-ratio`) are
stable across versions, so resources and case studies can point at them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .fields import FieldChecker
from .model import ENTITLEMENT_FIELDS, UNIT_FIELDS, EntitlementDoc, Unit, build_record
from .strictyaml import MAP, SEQ, Node
from .taxonomy import SLUG, Taxonomy

ENTITLEMENTS_ROOT = "entitlements"
VERSION = re.compile(r"^(\d{4})-(\d{2})\Z")


def check_entitlement_path(src_path: str) -> str | None:
    """The problem with where an entitlement file is, or None: it must be entitlements/SUBJECT/PHASE/VERSION.md."""
    parts = src_path[:-3].split("/")
    if len(parts) != 4 or not VERSION.match(parts[3]):
        return (f"entitlement files live at `{ENTITLEMENTS_ROOT}/SUBJECT/PHASE/VERSION.md`, e.g. "
                f"`{ENTITLEMENTS_ROOT}/maths/secondary/2025-26.md`; the other pages there are generated")
    return None


def version_problem(version: str) -> str | None:
    match = VERSION.match(version)
    if not match:
        return f"`version` is `{version}`: write the academic year as YYYY-YY, e.g. 2025-26"
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        return f"`version` is `{version}`: the second year must follow the first, e.g. {start}-{(start + 1) % 100:02d}"
    return None


@dataclass
class LoadedEntitlement:
    """One entitlement file as read: the document (None if it has errors), and what other files may refer to."""

    doc: EntitlementDoc | None
    prior_refs: list[tuple[str, Node]]  # checked once every file is read
    declared_units: set[str]  # full ids, even when the file has errors, so references to them are not blamed
    prior_edges: dict[tuple[str, str], Node] = field(default_factory=dict)  # (unit, prior unit) -> where written


def load_entitlement(src: str, root: Node, checker: FieldChecker, taxonomy: Taxonomy,
                     body_line: int) -> LoadedEntitlement:
    """Validate one entitlement file's front matter into an EntitlementDoc, or report why not."""
    values, ok = checker.read(root, ENTITLEMENT_FIELDS, "an entitlement's", line=1)
    report = checker.report

    def at(name: str) -> tuple[int, int]:
        node = root.get(name)
        return (node.line, node.col) if node else (1, 1)

    # The path gives the subject, phase and version (its form is checked with the file's name); writing them
    # is allowed, and an error only when it disagrees.
    _, subject, phase, version = src[:-3].split("/")
    path_gives = {"subject": subject, "phase": phase, "version": version}
    how = f"the path must be `{ENTITLEMENTS_ROOT}/SUBJECT/PHASE/VERSION.md` with the same values: move the file"
    from_path: dict[str, str | None] = {}  # field -> the path's value, when it agrees
    for spec in ENTITLEMENT_FIELDS:
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
    loaded.doc = build_record(EntitlementDoc, ENTITLEMENT_FIELDS, values, src_path=src, body_line=body_line,
                              units=tuple(units), **from_path)
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


@dataclass(frozen=True)
class Changes:
    """What a version changed since the one before it."""

    previous: EntitlementDoc | None
    added: tuple[Unit, ...]
    removed: tuple[Unit, ...]
    renamed: tuple[tuple[Unit, Unit], ...]  # (before, after)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.renamed)


class Curriculum:
    """Every published entitlement version, the current one of each subject and phase, and its units."""

    def __init__(self, docs: list[EntitlementDoc]):
        self.versions: dict[str, list[EntitlementDoc]] = {}
        for doc in sorted(docs, key=lambda d: (d.key, d.version)):
            self.versions.setdefault(doc.key, []).append(doc)
        self.current: dict[str, EntitlementDoc] = {key: _current(versions) for key, versions in self.versions.items()}
        self.units: dict[str, Unit] = {unit.id: unit for doc in self.current.values() for unit in doc.units}
        self.unit_doc: dict[str, EntitlementDoc] = {unit.id: doc for doc in self.current.values() for unit in doc.units}
        self.by_src = {doc.src_path: doc for versions in self.versions.values() for doc in versions}

    def keys(self) -> list[str]:
        return sorted(self.current)

    def for_subject(self, subject: str) -> list[EntitlementDoc]:
        return [doc for key, doc in sorted(self.current.items()) if doc.subject == subject]

    def previous(self, doc: EntitlementDoc) -> EntitlementDoc | None:
        versions = self.versions[doc.key]
        index = versions.index(doc)
        return versions[index - 1] if index > 0 else None

    def changes(self, doc: EntitlementDoc) -> Changes:
        before = self.previous(doc)
        if before is None:
            return Changes(None, (), (), ())
        old = {unit.local_id: unit for unit in before.units}
        new = {unit.local_id: unit for unit in doc.units}
        return Changes(
            before,
            added=tuple(unit for unit in doc.units if unit.local_id not in old),
            removed=tuple(unit for unit in before.units if unit.local_id not in new),
            renamed=tuple((old[u.local_id], u) for u in doc.units if u.local_id in old and old[u.local_id].title != u.title),
        )

    def unit_ids_in_any_version(self) -> dict[str, str]:
        """Unit id -> the latest version that has it, to explain a reference to a removed unit."""
        found: dict[str, str] = {}
        for versions in self.versions.values():
            for doc in versions:
                for unit in doc.units:
                    found[unit.id] = doc.version
        return found


def _current(versions: list[EntitlementDoc]) -> EntitlementDoc:
    """The newest version in use; a library with only drafts in development shows the newest of those."""
    in_use = [doc for doc in versions if doc.status == "in-use"]
    return (in_use or versions)[-1]


def prior_knowledge_cycles(units: dict[str, Unit]) -> list[list[str]]:
    """Each cycle of prior knowledge once (a unit cannot, through others, come before itself)."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {uid: WHITE for uid in units}
    cycles: list[list[str]] = []
    for start in sorted(units):
        if colour[start] != WHITE:
            continue
        stack = [(start, iter(units[start].prior_knowledge))]
        path = [start]
        colour[start] = GREY
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = BLACK
                stack.pop()
                path.pop()
                continue
            if child not in units:
                continue
            if colour[child] == GREY:
                cycles.append(path[path.index(child):] + [child])
            elif colour[child] == WHITE:
                colour[child] = GREY
                stack.append((child, iter(units[child].prior_knowledge)))
                path.append(child)
    return cycles
