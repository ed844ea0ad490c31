"""The curriculum index: every entitlement version, the current one of each subject and phase, and its units.

A subject network publishes a new version each year; earlier versions stay published at their own address. Unit ids
(`maths/secondary/y7-ratio`) are stable across versions, so resources and case studies can point at them. Loading
an entitlement file is core/kinds/entitlement.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.specs import EntitlementDoc, Unit

ENTITLEMENTS_ROOT = "entitlements"
VERSION = re.compile(r"^(\d{4})-(\d{2})\Z")


def version_problem(version: str) -> str | None:
    match = VERSION.match(version)
    if not match:
        return f"`version` is `{version}`: write the academic year as YYYY-YY, e.g. 2025-26"
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        return f"`version` is `{version}`: the second year must follow the first, e.g. {start}-{(start + 1) % 100:02d}"
    return None


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
