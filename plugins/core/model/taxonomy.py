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

from ..reading import located_yaml as strictyaml
from ..reading.diagnostics import Report
from .licences import KNOWN, LicenceInfo, licence_key, resolve_known
from ..reading.frontmatter import control_characters
from ..reading.located_yaml import MAP, SCALAR, SEQ, Node

# The flags the licence rules read, and the older spellings of two of them (still read, with a warning).
LICENCE_FLAGS = ("share_alike", "non_commercial", "no_derivatives")
OLD_LICENCE_FLAGS = ("allows_adaptation", "allows_commercial")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*\Z")
NETWORK_KINDS = ("subject", "leadership")

# Section name -> (extra fields allowed beside `label`, which of them are required).
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # `any_key_stage: true` marks a phase (special schools) that admits any key stage; it needs no `key_stages`.
    "phases": (("key_stages", "any_key_stage"), ()),
    "key_stages": ((), ()),
    "year_groups": (("key_stage",), ("key_stage",)),
    "subjects": ((), ()),
    # `phases_required: false`: resources of this type (or whose every audience says so) need no phases.
    "resource_types": (("lrmi", "phases_required"), ()),
    "audiences": (("role", "phases_required"), ()),
    "regions": ((), ()),
    "networks": (("kind", "remit", "subjects", "team"), ("kind", "remit")),
    "licences": (("url", "attribution", "share_alike", "non_commercial", "no_derivatives", "compatible",
                  "allows_redistribution", "default", *OLD_LICENCE_FLAGS), ("url", "attribution")),
    "terms": ((), ()),
    "themes": ((), ()),
    "impact_measures": (("unit",), ("unit",)),
    "roll_bands": ((), ()),
    "percent_bands": ((), ()),
}
# Settings written at the top of taxonomy.yml beside the sections: name -> what it says.
SETTINGS: dict[str, str] = {
    "curriculum_framework": "the curriculum the phases, key stages and subjects belong to, as structured data names "
                            "it (e.g. National Curriculum for England)",
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
    curriculum_framework: str = ""

    def vocabulary(self, name: str) -> Vocabulary:
        return getattr(self, name)

    def key_stages_of_phase(self, phase: str) -> tuple[str, ...]:
        """The key stages a phase admits: its own list, or every key stage for a phase marked `any_key_stage`."""
        if self.admits_any_key_stage(phase):
            return tuple(self.key_stages.slugs())
        return tuple(self.phases[phase].get("key_stages", ()))

    def admits_any_key_stage(self, phase: str) -> bool:
        return self.phases[phase].get("any_key_stage") is True

    def needs_phases(self, resource_type: str | None, audiences: tuple[str, ...] | list[str]) -> bool:
        """Whether a resource must give phases and key stages: not when its type, or every one of its
        audiences, is marked `phases_required: false` in taxonomy.yml."""
        if resource_type in self.resource_types and self.resource_types[resource_type].get("phases_required") is False:
            return False
        known = [slug for slug in audiences if slug in self.audiences]
        return not (known and all(self.audiences[slug].get("phases_required") is False for slug in known))

    def phases_optional_somewhere(self) -> bool:
        return any(term.get("phases_required") is False for term in (*self.resource_types, *self.audiences))

    def default_licence(self) -> str:
        """The licence new resources start with: the one marked `default: true`, else the first listed."""
        marked = [term.slug for term in self.licences if term.get("default") is True]
        return (marked or self.licences.slugs())[0]

    def licence_allows(self, slug: str, what: str) -> bool:
        """Whether a listed licence allows `adaptation`, `commercial` use or `redistribution` (default: yes)."""
        info = self.licence_info(slug)
        if what == "adaptation":
            return info.allows_adaptation
        if what == "commercial":
            return info.allows_commercial
        return self.licences[slug].get("allows_redistribution", True) is not False

    def licence_info(self, slug: str) -> LicenceInfo:
        """A listed licence as the rules read it: its flags from taxonomy.yml."""
        term = self.licences[slug]
        return LicenceInfo(
            id=slug, label=term.label, url=term.get("url") or "",
            share_alike=term.get("share_alike") is True,
            non_commercial=term.get("non_commercial") is True or term.get("allows_commercial") is False,
            no_derivatives=term.get("no_derivatives") is True or term.get("allows_adaptation") is False,
            compatible=tuple(term.get("compatible") or ()),
        )

    def resolve_licence(self, text: str) -> LicenceInfo | None:
        """The licence `text` names: one of taxonomy.yml's (by id or name), else a known open licence, else None."""
        value = str(text).strip()
        if value in self.licences:
            return self.licence_info(value)
        key = licence_key(value)
        for term in self.licences:
            if key and key in (licence_key(term.slug), licence_key(term.label)):
                return self.licence_info(term.slug)
        known = resolve_known(value)
        if known is not None and known.id in self.licences:
            return self.licence_info(known.id)
        return known


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
    settings: dict[str, str] = {}
    for name, key in root.keys.items():
        if name in SETTINGS:
            node = root.value[name]
            if node.kind != SCALAR or not isinstance(node.value, str) or not node.value.strip():
                report.error(shown, node.line, node.col, f"`{name}` must be one line of text: {SETTINGS[name]}")
            else:
                settings[name] = " ".join(node.value.split())
        elif name not in SECTIONS:
            near = difflib.get_close_matches(name, [*SECTIONS, *SETTINGS], n=1)
            hint = f"; did you mean `{near[0]}`?" if near else ""
            report.error(shown, key.line, key.col, f"unknown section `{name}`{hint} Allowed: "
                         f"{', '.join([*SECTIONS, *SETTINGS])}")
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
    taxonomy = Taxonomy(path=shown, **vocabularies, **settings)
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
        anywhere = phase.get("any_key_stage")
        if anywhere is not None and not isinstance(anywhere, bool):
            report.error(shown, *where("phases", phase.slug), f"`phases.{phase.slug}.any_key_stage` must be `true` "
                         "or `false`")
        if anywhere is True and stages is None:
            continue
        if not isinstance(stages, list) or not stages:
            report.error(shown, *where("phases", phase.slug), f"`phases.{phase.slug}.key_stages` must be a list "
                         "of key stages (or mark the phase `any_key_stage: true` if it admits every key stage)")
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
    for section in ("resource_types", "audiences"):
        for term in taxonomy.vocabulary(section):
            flag = term.get("phases_required")
            if flag is not None and not isinstance(flag, bool):
                report.error(shown, *where(section, term.slug), f"`{section}.{term.slug}.phases_required` must be "
                             "`true` or `false`")
    _check_licences(taxonomy, shown, report, where)


def _check_licences(taxonomy: Taxonomy, shown: str, report: Report, where) -> None:
    """Flags are booleans, old spellings are named, and a licence the core knows must carry its real flags."""
    defaults = [licence.slug for licence in taxonomy.licences if licence.get("default") is True]
    if len(defaults) > 1:
        report.error(shown, *where("licences", defaults[1]), f"more than one licence is marked `default: true` "
                     f"({', '.join(defaults)}): mark one only")
    for licence in taxonomy.licences:
        at = where("licences", licence.slug)
        for flag in (*LICENCE_FLAGS, *OLD_LICENCE_FLAGS, "allows_redistribution", "default"):
            if licence.get(flag) is not None and not isinstance(licence.get(flag), bool):
                report.error(shown, *at, f"`licences.{licence.slug}.{flag}` must be `true` or `false`")
        renamed = {"allows_adaptation": "no_derivatives", "allows_commercial": "non_commercial"}
        for old, new in renamed.items():
            if isinstance(licence.get(old), bool):
                if isinstance(licence.get(new), bool) and licence.get(new) == licence.get(old):
                    report.error(shown, *at, f"`licences.{licence.slug}` says both `{old}: "
                                 f"{str(licence.get(old)).lower()}` and `{new}: {str(licence.get(new)).lower()}`, "
                                 f"which disagree: keep `{new}` only")
                else:
                    report.warning(shown, *at, f"`licences.{licence.slug}.{old}` is the old spelling: write "
                                   f"`{new}: {str(not licence.get(old)).lower()}` instead")
        compatible = licence.get("compatible")
        if compatible is not None and (not isinstance(compatible, list)
                                       or not all(isinstance(c, str) and SPDX_ID.match(c) for c in compatible)):
            report.error(shown, *at, f"`licences.{licence.slug}.compatible` must be a list of licence ids, e.g. "
                         "`[CC-BY-SA-4.0]`")
        elif compatible and licence.get("share_alike") is not True:
            report.error(shown, *at, f"`licences.{licence.slug}.compatible` lists licences an adaptation may use "
                         "instead of a ShareAlike licence: it needs `share_alike: true`, or remove it")
        known = KNOWN.get(licence.slug)
        if known is not None and not report.errors:
            info = taxonomy.licence_info(licence.slug)
            for flag in LICENCE_FLAGS:
                if getattr(info, flag) != getattr(known, flag):
                    report.error(shown, *at, f"`{licence.slug}` is {known.label}, for which `{flag}` is "
                                 f"`{str(getattr(known, flag)).lower()}`, but taxonomy.yml says "
                                 f"`{str(getattr(info, flag)).lower()}`: write `{flag}: "
                                 f"{str(getattr(known, flag)).lower()}` (the rules on adaptations read it)")
        url = licence.get("url")
        if not isinstance(url, str) or not url.startswith("https://"):
            report.error(shown, *where("licences", licence.slug), f"licence `{licence.slug}` needs an https `url`")
