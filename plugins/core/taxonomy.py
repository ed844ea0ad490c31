"""Controlled vocabularies, read from a trust's taxonomy.yml.

The lists are data so that another trust changes one file, not the code. The
file is validated as strictly as content: a typo here would otherwise reject
(or admit) every resource that uses the term.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import strictyaml
from .diagnostics import Report
from .source import control_characters
from .strictyaml import MAP, SCALAR, SEQ, Node

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")
NETWORK_KINDS = ("subject", "leadership")

# Section name -> (extra fields allowed beside `label`, which of them are required).
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "phases": (("key_stages",), ("key_stages",)),
    "key_stages": ((), ()),
    "year_groups": (("key_stage",), ("key_stage",)),
    "subjects": ((), ()),
    "resource_types": (("lrmi",), ()),
    "audiences": (("role",), ()),
    "regions": ((), ()),
    "networks": (("kind", "remit", "subjects", "team"), ("kind", "remit")),
    "licences": (("url", "attribution", "allows_adaptation", "allows_commercial", "allows_redistribution", "default"),
                 ("url", "attribution")),
    "terms": ((), ()),
    "themes": ((), ()),
    "impact_measures": (("unit",), ("unit",)),
    "roll_bands": ((), ()),
    "percent_bands": ((), ()),
}
# Sections a library without entitlements or case studies may leave out.
# Any term may list `aliases`: the short forms and other names people type for it ("KS2", "EYFS", "PE"). Search
# indexes them beside the label; nothing else reads them.
ALIASES = "aliases"
OPTIONAL_SECTIONS = frozenset({"terms", "themes", "impact_measures", "roll_bands", "percent_bands"})
IMPACT_UNITS = ("percent", "count")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a slug, the label people read, and any extra fields."""

    slug: str
    label: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self.extra.get(name, default)

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names for the term, as listed under `aliases` (checked to be a list of text when loaded)."""
        return tuple(self.extra.get(ALIASES, ()))


@dataclass
class Vocabulary:
    name: str
    terms: dict[str, Term]

    def __contains__(self, slug: object) -> bool:
        return slug in self.terms

    def __getitem__(self, slug: str) -> Term:
        return self.terms[slug]

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def label(self, slug: str) -> str:
        term = self.terms.get(slug)
        return term.label if term else slug

    def slugs(self) -> list[str]:
        return list(self.terms)

    def nearest(self, value: str) -> str | None:
        """The term an author most likely meant: by slug, or by label ("Key stage 3" -> ks3)."""
        # Compared in lower case: licence ids are upper-case SPDX ids (CC-BY-4.0).
        lowered = str(value).strip().lower()
        known = {slug.lower(): slug for slug in self.terms}
        known.update({slugify(term.label): term.slug for term in self if slugify(term.label) not in known})
        known.update({term.label.lower(): term.slug for term in self if term.label.lower() not in known})
        for candidate in (lowered, slugify(lowered)):
            if candidate in known:
                return known[candidate]
        match = difflib.get_close_matches(lowered, list(known), n=1, cutoff=0.6)
        return known[match[0]] if match else None


@dataclass
class Taxonomy:
    phases: Vocabulary
    key_stages: Vocabulary
    year_groups: Vocabulary
    subjects: Vocabulary
    resource_types: Vocabulary
    audiences: Vocabulary
    regions: Vocabulary
    networks: Vocabulary
    licences: Vocabulary
    terms: Vocabulary
    themes: Vocabulary
    impact_measures: Vocabulary
    roll_bands: Vocabulary
    percent_bands: Vocabulary
    path: str = "taxonomy.yml"

    def vocabulary(self, name: str) -> Vocabulary:
        return getattr(self, name)

    def key_stages_of_phase(self, phase: str) -> tuple[str, ...]:
        return tuple(self.phases[phase].get("key_stages", ()))

    def default_licence(self) -> str:
        """The licence new resources start with: the one marked `default: true`, else the first listed."""
        marked = [term.slug for term in self.licences if term.get("default") is True]
        return (marked or self.licences.slugs())[0]

    def licence_allows(self, slug: str, what: str) -> bool:
        """Whether a listed licence allows `adaptation`, `commercial` use or `redistribution` (default: yes)."""
        return self.licences[slug].get(f"allows_{what}", True) is not False


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: the form of every slug and file name."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def load_taxonomy(path: str | Path, display_path: str | None = None) -> tuple[Taxonomy | None, Report]:
    """Read and check taxonomy.yml; returns None with errors when it cannot be used."""
    report = Report()
    shown = display_path or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        report.error(shown, 1, 1, f"cannot read the taxonomy file: {error.strerror}")
        return None, report
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        report.error(shown, 1, 1, f"the taxonomy file is not UTF-8 (byte 0x{data[error.start]:02X})")
        return None, report
    text = text.replace("\r\n", "\n")
    invisible = control_characters(text)
    for problem in invisible:
        report.error(shown, problem.line, problem.col, problem.message)
    if invisible:
        return None, report
    root, problems = strictyaml.parse(text)
    for problem in problems:
        report.error(shown, problem.line, problem.col, problem.message)
    if root is None or problems:
        if root is None and not problems:
            report.error(shown, 1, 1, "the taxonomy file is empty")
        return None, report
    if root.kind != MAP:
        report.error(shown, root.line, root.col, "the taxonomy file must be a mapping of sections")
        return None, report
    for name, key in root.keys.items():
        if name not in SECTIONS:
            near = difflib.get_close_matches(name, list(SECTIONS), n=1)
            hint = f"; did you mean `{near[0]}`?" if near else ""
            report.error(shown, key.line, key.col, f"unknown section `{name}`{hint} Allowed: {', '.join(SECTIONS)}")
    vocabularies: dict[str, Vocabulary] = {}
    for name, (extras, required) in SECTIONS.items():
        extras = (*extras, ALIASES)
        node = root.get(name)
        if node is None and name in OPTIONAL_SECTIONS:
            vocabularies[name] = Vocabulary(name, {})
            continue
        if node is None:
            report.error(shown, 1, 1, f"missing section `{name}`: every section must list at least one term")
            vocabularies[name] = Vocabulary(name, {})
            continue
        vocabularies[name] = _read_section(name, node, extras, required, shown, report)
    if report.errors:
        return None, report
    taxonomy = Taxonomy(path=shown, **vocabularies)
    _check_references(taxonomy, root, shown, report)
    if report.errors:
        return None, report
    return taxonomy, report


def _read_section(
    name: str, node: Node, extras: tuple[str, ...], required: tuple[str, ...], shown: str, report: Report
) -> Vocabulary:
    terms: dict[str, Term] = {}
    if node.kind != MAP or not node.value:
        report.error(shown, node.line, node.col, f"section `{name}` must map each slug to a label")
        return Vocabulary(name, terms)
    for slug, value in node.value.items():
        key = node.keys[slug]
        valid_slug = SPDX_ID.match(slug) if name == "licences" else SLUG.match(slug)
        if not valid_slug:
            report.error(
                shown,
                key.line,
                key.col,
                f"`{slug}` in `{name}` is not a slug: use lower-case letters, digits and hyphens, e.g. `{slugify(slug)}`",
            )
            continue
        if value.kind == SCALAR and isinstance(value.value, str) and not extras:
            terms[slug] = Term(slug, value.value.strip())
            continue
        if value.kind == SCALAR and isinstance(value.value, str) and not required:
            terms[slug] = Term(slug, value.value.strip())
            continue
        if value.kind != MAP:
            report.error(shown, value.line, value.col, f"`{name}.{slug}` must be a mapping with `label`")
            continue
        extra: dict[str, Any] = {}
        for field_name, field_node in value.value.items():
            field_key = value.keys[field_name]
            if field_name == "label":
                continue
            if field_name not in extras:
                allowed = ", ".join(("label",) + extras)
                report.error(
                    shown,
                    field_key.line,
                    field_key.col,
                    f"unknown field `{field_name}` in `{name}.{slug}`; allowed: {allowed}",
                )
                continue
            if field_name == ALIASES:
                aliases = _read_aliases(field_node, f"{name}.{slug}", shown, report)
                if aliases:
                    extra[ALIASES] = aliases
                continue
            extra[field_name] = field_node.to_python()
        label = value.get("label")
        if label is None or label.kind != SCALAR or not isinstance(label.value, str) or not label.value.strip():
            report.error(shown, value.line, value.col, f"`{name}.{slug}` needs a `label` in text")
            continue
        for field_name in required:
            if field_name not in extra:
                report.error(shown, value.line, value.col, f"`{name}.{slug}` needs `{field_name}`")
        terms[slug] = Term(slug, label.value.strip(), extra)
    return Vocabulary(name, terms)


def _read_aliases(node: Node, where: str, shown: str, report: Report) -> tuple[str, ...]:
    """`aliases: [KS2, key stage two]`: a list of short texts, none empty, none twice."""
    items = node.value if node.kind == SEQ else None
    if items is None:
        report.error(shown, node.line, node.col, f"`{where}.aliases` must be a list of other names, e.g. "
                     "`aliases: [KS2]`")
        return ()
    aliases: list[str] = []
    for item in items:
        text = item.value.strip() if item.kind == SCALAR and isinstance(item.value, str) else ""
        if not text:
            report.error(shown, item.line, item.col, f"each alias of `{where}` must be a word or a few words of "
                         "text; remove the empty or non-text entry")
        elif text.lower() in (known.lower() for known in aliases):
            report.error(shown, item.line, item.col, f"`{where}` lists the alias `{text}` twice; keep one")
        else:
            aliases.append(text)
    return tuple(aliases)


def _check_references(taxonomy: Taxonomy, root: Node, shown: str, report: Report) -> None:
    """Fields that name other terms must name terms that exist."""

    def where(section: str, slug: str) -> tuple[int, int]:
        key = root.value[section].keys[slug]
        return key.line, key.col

    for section in SECTIONS:
        # An alias that is another term's label or alias would make a search for it ambiguous.
        names: dict[str, str] = {term.label.lower(): term.slug for term in taxonomy.vocabulary(section)}
        for term in taxonomy.vocabulary(section):
            for alias in term.aliases:
                owner = names.setdefault(alias.lower(), term.slug)
                if owner != term.slug:
                    report.error(shown, *where(section, term.slug), f"the alias `{alias}` of `{section}.{term.slug}` "
                                 f"is already a name of `{section}.{owner}`: give each name to one term only")

    for phase in taxonomy.phases:
        stages = phase.get("key_stages")
        if not isinstance(stages, list) or not stages:
            report.error(shown, *where("phases", phase.slug), f"`phases.{phase.slug}.key_stages` must be a list")
            continue
        for stage in stages:
            if stage not in taxonomy.key_stages:
                report.error(
                    shown, *where("phases", phase.slug), f"phase `{phase.slug}` names unknown key stage `{stage}`"
                )
    for year in taxonomy.year_groups:
        if year.get("key_stage") not in taxonomy.key_stages:
            report.error(
                shown,
                *where("year_groups", year.slug),
                f"year group `{year.slug}` names unknown key stage `{year.get('key_stage')}`",
            )
    for network in taxonomy.networks:
        if network.get("kind") not in NETWORK_KINDS:
            report.error(
                shown,
                *where("networks", network.slug),
                f"network `{network.slug}` has kind `{network.get('kind')}`; allowed: {', '.join(NETWORK_KINDS)}",
            )
        subjects = network.get("subjects", [])
        if not isinstance(subjects, list):
            subjects = [subjects]
        for subject in subjects:
            if subject not in taxonomy.subjects:
                report.error(
                    shown,
                    *where("networks", network.slug),
                    f"network `{network.slug}` names unknown subject `{subject}`",
                )
    for measure in taxonomy.impact_measures:
        if measure.get("unit") not in IMPACT_UNITS:
            report.error(shown, *where("impact_measures", measure.slug), f"impact measure `{measure.slug}` has unit "
                         f"`{measure.get('unit')}`; allowed: {', '.join(IMPACT_UNITS)}")
    defaults = [licence.slug for licence in taxonomy.licences if licence.get("default") is True]
    if len(defaults) > 1:
        report.error(shown, *where("licences", defaults[1]), f"more than one licence is marked `default: true` "
                     f"({', '.join(defaults)}): mark one only")
    for licence in taxonomy.licences:
        for flag in ("allows_adaptation", "allows_commercial", "allows_redistribution", "default"):
            if licence.get(flag) is not None and not isinstance(licence.get(flag), bool):
                report.error(shown, *where("licences", licence.slug), f"`licences.{licence.slug}.{flag}` must be "
                             "`true` or `false`")
        url = licence.get("url")
        if not isinstance(url, str) or not url.startswith("https://"):
            report.error(shown, *where("licences", licence.slug), f"licence `{licence.slug}` needs an https `url`")
