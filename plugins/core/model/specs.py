"""The content model: every front-matter field, described once, and the records built from it.

A field's spec says its name, kind (a class in core/model/field_kinds.py that checks it, describes it for the guide,
gives its JSON Schema and exports it), help, vocabulary and the record attribute it fills. The validator,
the record builder (`build_record`), catalog.json, the scaffolder and the contributor guide all read these
specifications, so a field added here reaches every one of them, and they cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from .field_kinds import (  # noqa: F401 - the kinds, named as the specs below use them
    ATTACHMENTS,
    BOOLEAN,
    CHAIN,
    CHOICE,
    DATE,
    DURATION,
    FIELD_KINDS,
    MAPPING,
    MAPPINGS,
    NUMBER,
    RESOURCE_IDS,
    TERM,
    TERM_LIST,
    TEXT,
    TEXT_LIST,
    UNIT_IDS,
    YEAR_UNITS,
    FieldKind,
    iso_duration,
)

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"


@dataclass(frozen=True)
class FieldSpec:
    """What one front-matter field holds, how an author should fill it in, and which record attribute it fills."""

    name: str
    kind: FieldKind
    required: bool
    help: str
    vocabulary: str | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    example: str = ""
    item_fields: tuple["FieldSpec", ...] = ()
    #: Required unless taxonomy.yml waives it for the resource's type or audiences (`phases_required: false`).
    waivable: bool = False
    #: The record attribute it fills; "" means the attribute of the same name.
    attribute: str = ""
    #: For a field of mappings: the record each item becomes (None keeps the mapping as written).
    record: type | None = None
    #: Where the file's path gives the value ("folder", "file name"; a resource's network is its folder):
    #: writing it is optional, and an error only when it disagrees. The loader passes the path's value to
    #: `build_record`.
    from_path: str = ""
    #: The loader makes the record's value from the checked one with what only it knows (files on disk,
    #: the taxonomy's licences, the entitlement's subject), and passes it to `build_record`.
    refined: bool = False
    #: False: checked, but kept on no record (a case study's privacy confirmation).
    stored: bool = True
    #: False: on the record, but not in catalog.json (drafts never appear, so `status` says nothing).
    exported: bool = True

    @property
    def attr(self) -> str:
        return self.attribute or self.name

    @property
    def given(self) -> bool:
        """Whether the loader, not the checked value, gives the record's value."""
        return bool(self.from_path) or self.refined

    def schema(self, taxonomy, extras: dict | None = None) -> dict:
        """The JSON Schema of the field's exported value; `extras` as for `FieldKind.schema`."""
        return {"description": self.help, **self.kind.schema(self, taxonomy, extras)}


def build_record(cls: type, specs: tuple[FieldSpec, ...], values: dict[str, Any], **given: Any) -> Any:
    """The record `cls` from checked values: each spec fills its attribute, through its kind's conversion.

    `given` holds the record's derived attributes (`cls.DERIVED`: its id, path, body line...) and the
    values of the specs the loader gives (`from_path`, `refined`); anything else is a programming error, as
    is a spec the loader should give and did not. A field left out gets the record's default, or its kind's
    empty value.
    """
    fields = {f.name: f for f in dataclasses.fields(cls)}
    derived = set(getattr(cls, "DERIVED", ()))
    kwargs: dict[str, Any] = {}
    for spec in specs:
        if not spec.stored:
            continue
        if spec.given:
            if spec.attr not in given:
                raise TypeError(f"{cls.__name__}: the loader must give `{spec.attr}` (field `{spec.name}` is "
                                f"{'taken from the path' if spec.from_path else 'refined by the loader'})")
            kwargs[spec.attr] = given.pop(spec.attr)
            continue
        value = values.get(spec.name)
        if value is not None:
            kwargs[spec.attr] = spec.kind.record_value(value, spec)
        elif fields[spec.attr].default is dataclasses.MISSING:
            kwargs[spec.attr] = spec.kind.empty(spec)
    stray = set(given) - derived
    if stray:
        raise TypeError(f"{cls.__name__}: {', '.join(sorted(stray))} filled by no field spec and not in its DERIVED")
    return cls(**kwargs, **given)


def stored_specs(specs: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
    return tuple(spec for spec in specs if spec.stored)


# Attachment formats a teacher recognises, by file extension.
FILE_FORMATS: dict[str, tuple[str, str]] = {
    "pdf": ("PDF", "application/pdf"),
    "docx": ("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "doc": ("Word document", "application/msword"),
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "xlsx": ("Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("OpenDocument text", "application/vnd.oasis.opendocument.text"),
    "ods": ("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("OpenDocument presentation", "application/vnd.oasis.opendocument.presentation"),
    "csv": ("CSV spreadsheet", "text/csv"),
    "txt": ("Plain text", "text/plain"),
    "png": ("PNG image", "image/png"),
    "jpg": ("JPEG image", "image/jpeg"),
    "jpeg": ("JPEG image", "image/jpeg"),
    "svg": ("SVG image", "image/svg+xml"),
    "mp3": ("MP3 audio", "audio/mpeg"),
    "mp4": ("MP4 video", "video/mp4"),
    "zip": ("Zip archive", "application/zip"),
}


@dataclass(frozen=True)
class Attachment:
    DERIVED: ClassVar[tuple[str, ...]] = ("size_bytes", "extension")

    path: str  # relative to content/, POSIX
    title: str
    size_bytes: int
    extension: str
    #: True or False as the contributor declared it; None when not declared (the page says it is not checked).
    accessible: bool | None = None
    accessibility_note: str = ""

    @property
    def format_label(self) -> str:
        return FILE_FORMATS.get(self.extension, (self.extension.upper() or "File", ""))[0]

    @property
    def media_type(self) -> str:
        return FILE_FORMATS.get(self.extension, ("", "application/octet-stream"))[1]


@dataclass(frozen=True)
class BasedOn:
    """One link of a resource's credit chain: a work it adapts (directly, or through the link before it).

    `licence` is the licence's SPDX id, as taxonomy.yml or the toolkit's list of open licences gives it;
    `licence_name` and `licence_url` say it in words and where to read it.
    """

    DERIVED: ClassVar[tuple[str, ...]] = ("licence_name", "licence_url")

    title: str
    author: str
    url: str
    licence: str
    licence_name: str = ""
    licence_url: str = ""


@dataclass(frozen=True)
class ThirdParty:
    """Material inside a resource that its licence does not cover."""

    DERIVED: ClassVar[tuple[str, ...]] = ()

    what: str
    owner: str
    source: str = ""
    licence: str = ""


@dataclass(frozen=True)
class Resource:
    """One validated resource. Its id is its path under content/ without `.md`."""

    DERIVED: ClassVar[tuple[str, ...]] = ("id", "src_path", "body_line")

    id: str
    src_path: str
    title: str
    summary: str
    network: str
    subjects: tuple[str, ...]
    phases: tuple[str, ...]
    key_stages: tuple[str, ...]
    resource_type: str
    audience: tuple[str, ...]
    authors: tuple[str, ...]
    published: dt.date
    licence: str
    year_groups: tuple[str, ...] = ()
    updated: dt.date | None = None
    review_by: dt.date | None = None
    time_required_minutes: int | None = None
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    status: str = STATUS_PUBLISHED
    body_line: int = 1
    units: tuple[str, ...] = ()
    based_on: tuple[BasedOn, ...] = ()  # the immediate source first, then its sources
    third_party: tuple[ThirdParty, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == STATUS_DRAFT

    @property
    def last_changed(self) -> dt.date:
        return self.updated or self.published

    def facet_values(self, facet: str) -> tuple[str, ...]:
        value = getattr(self, facet)
        return value if isinstance(value, tuple) else (value,)


@dataclass(frozen=True)
class Page:
    """Any other Markdown page (home, about, contribute)."""

    DERIVED: ClassVar[tuple[str, ...]] = ("src_path", "body_line")

    src_path: str
    title: str
    summary: str = ""
    body_line: int = 1


@dataclass(frozen=True)
class EntitlementItem:
    DERIVED: ClassVar[tuple[str, ...]] = ()

    id: str
    statement: str
    rationale: str


@dataclass(frozen=True)
class KnowledgeDomain:
    DERIVED: ClassVar[tuple[str, ...]] = ()

    domain: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class VocabularyItem:
    DERIVED: ClassVar[tuple[str, ...]] = ()

    term: str
    definition: str


@dataclass(frozen=True)
class Unit:
    """A unit of a subject specification; `id` is `subject/phase/local-id`, stable across versions."""

    DERIVED: ClassVar[tuple[str, ...]] = ("id", "year_group")

    id: str
    local_id: str
    title: str
    year_group: str
    term: str | None
    entitlements: tuple[str, ...]
    knowledge: tuple[KnowledgeDomain, ...]
    vocabulary: tuple[VocabularyItem, ...]
    prior_knowledge: tuple[str, ...]
    misconceptions: tuple[str, ...]
    assessment: str

    @property
    def src_path(self) -> str:
        subject, phase, local = self.id.split("/")
        return f"entitlements/{subject}/{phase}/units/{local}/index.md"


@dataclass(frozen=True)
class EntitlementDoc:
    """One version of a subject and phase's curriculum entitlement, from one file."""

    DERIVED: ClassVar[tuple[str, ...]] = ("src_path", "body_line")

    src_path: str
    subject: str
    phase: str
    network: str
    version: str
    valid_from: dt.date
    status: str
    summary: str
    entitlements: tuple[EntitlementItem, ...]
    units: tuple[Unit, ...]  # in year order, then term, then file order
    body_line: int = 1

    @property
    def key(self) -> str:
        return f"{self.subject}/{self.phase}"


@dataclass(frozen=True)
class ImpactFigure:
    DERIVED: ClassVar[tuple[str, ...]] = ()

    measure: str
    baseline: float
    result: float
    period: str
    source: str


@dataclass(frozen=True)
class TimelineStep:
    DERIVED: ClassVar[tuple[str, ...]] = ()

    when: str
    what: str


@dataclass(frozen=True)
class CaseStudy:
    """A school's story of using the library's resources; its id is its path without `.md`."""

    DERIVED: ClassVar[tuple[str, ...]] = ("id", "src_path", "body_line")

    id: str
    src_path: str
    title: str
    summary: str
    school: str
    illustrative: bool
    phase: str
    region: str
    context: dict[str, str]
    networks: tuple[str, ...]
    themes: tuple[str, ...]
    challenge: str
    approach: str
    impact: tuple[ImpactFigure, ...]
    timeline: tuple[TimelineStep, ...]
    resources: tuple[str, ...]
    units: tuple[str, ...]
    what_did_not_work: str
    contact: str
    published: dt.date
    updated: dt.date | None = None
    body_line: int = 1
    status: str = STATUS_PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == STATUS_DRAFT



# -- the field specifications ------------------------------------------------------------------

BASED_ON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", TEXT, True, "The original work's title.", max_length=200, example="Fractions guidance"),
    FieldSpec("author", TEXT, True, "Who made the original, as they ask to be credited.", max_length=200,
              example="Another Trust"),
    FieldSpec("url", TEXT, True, "Where the original is published (an http or https address).", max_length=500,
              example="https://example.org/fractions"),
    FieldSpec("licence", TEXT, True, "The original's licence: an SPDX id (e.g. `CC-BY-SA-4.0`) or its usual name "
              "(e.g. `CC BY-SA 2.5`, `Open Government Licence v3.0`). It must be an open licence that taxonomy.yml "
              "lists or the toolkit knows; other permissions belong in `third_party`.", max_length=200,
              example="CC-BY-4.0", refined=True),
)
THIRD_PARTY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("what", TEXT, True, "Which part, e.g. `Figure 2` or `the extract from Holes`.", max_length=200,
              example="Figure 2"),
    FieldSpec("owner", TEXT, True, "Who owns it.", max_length=200, example="Example Publisher"),
    FieldSpec("source", TEXT, False, "Where it comes from: a citation or an address.", max_length=500),
    FieldSpec("licence", TEXT, False, "Its licence, or the permission under which it is used.", max_length=200,
              example="Used with permission"),
)

ATTACHMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("path", TEXT, True, "The file, relative to the resource's Markdown file.", max_length=200,
              refined=True),
    FieldSpec("title", TEXT, True, "What the file is, as a link text.", max_length=120),
    FieldSpec("accessible", BOOLEAN, False,
              "Whether the file has been checked as accessible (tagged headings, alt text, readable with a screen "
              "reader): `true` or `false`. The resource page says so; left out, it says it has not been checked.",
              example="true"),
    FieldSpec("accessibility_note", TEXT, False,
              "What is not accessible in the file, or where to find an accessible version; shown beside it.",
              max_length=300, example="The diagrams have no text descriptions yet."),
)

RESOURCE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", TEXT, True, "The resource's name as teachers will search for it.", max_length=120,
              example="Bar models for fractions in Year 5"),
    FieldSpec("summary", TEXT, True, "One or two plain sentences: what it is and who it helps.", max_length=300,
              example="How to use bar models to teach equivalent fractions, with a worked sequence."),
    FieldSpec("network", TERM, False, "The network group that owns it: the folder the file is in, "
              "`networks/NETWORK/`.", vocabulary="networks", example="maths", from_path="folder"),
    FieldSpec("subjects", TERM_LIST, True, "The subjects it is for.", vocabulary="subjects", example="[maths]"),
    FieldSpec("phases", TERM_LIST, True, "The phases it is for. Not needed when its resource type, or every one "
              "of its audiences, is marked `phases_required: false` in taxonomy.yml (CPD, leadership, governance).",
              vocabulary="phases", example="[primary]", waivable=True),
    FieldSpec("key_stages", TERM_LIST, True, "The key stages it is for; each must belong to one of the phases. Not "
              "needed when phases are not.", vocabulary="key_stages", example="[ks2]", waivable=True),
    FieldSpec("year_groups", TERM_LIST, False, "The year groups it is for; each must be in one of the key stages.",
              vocabulary="year_groups", example="[year-5]"),
    FieldSpec("resource_type", TERM, True, "What kind of resource it is.", vocabulary="resource_types",
              example="guide"),
    FieldSpec("audience", TERM_LIST, True, "Who should read or use it.", vocabulary="audiences",
              example="[teacher, teaching-assistant]"),
    FieldSpec("authors", TEXT_LIST, True, "Who wrote it: people or groups, as they wish to be credited.",
              max_length=120, example="[Lift Schools Maths network]"),
    FieldSpec("published", DATE, True, "The date it was first published, as YYYY-MM-DD.", example="2025-09-15"),
    FieldSpec("updated", DATE, False, "The date of the last substantial change, as YYYY-MM-DD.",
              example="2026-01-10"),
    FieldSpec("review_by", DATE, False, "When the network should next check it is still right, as YYYY-MM-DD.",
              example="2027-09-01"),
    FieldSpec("time_required", DURATION, False, "How long it takes to use, e.g. `45 minutes` or `1 hour 30 minutes`.",
              example="45 minutes", attribute="time_required_minutes"),
    FieldSpec("tags", TEXT_LIST, False, "Free keywords that help search, in lower case.", max_length=40,
              example="[fractions, representations]"),
    FieldSpec("licence", TERM, True, "The licence it is published under (an SPDX id from taxonomy.yml).",
              vocabulary="licences", example="CC-BY-4.0"),
    FieldSpec("related", RESOURCE_IDS, False, "Ids of other resources to read alongside it (path without .md).",
              example="[networks/maths/number-bonds-reception-year-1]"),
    FieldSpec("units", UNIT_IDS, False, "Curriculum units it helps to teach: ids such as `maths/secondary/y7-ratio`.",
              example="[maths/secondary/y7-ratio]"),
    FieldSpec("attachments", ATTACHMENTS, False,
              "Files to download: each a `path` (relative to this file) and a `title`.",
              example="[{path: files/record.csv, title: Practice record (CSV)}]",
              item_fields=ATTACHMENT_FIELDS, record=Attachment, refined=True),
    FieldSpec("status", CHOICE, False, "`draft` is checked but never published; the default is `published`.",
              choices=(STATUS_DRAFT, STATUS_PUBLISHED), example="published", exported=False),
    FieldSpec("based_on", CHAIN, False,
              "The work this resource adapts, and the works that one adapts in turn: a list, the immediate source "
              "first, then its sources, each with `title`, `author`, `url` and `licence` (one work may be written "
              "on its own, without the list). Every link is credited on the page. The resource's `licence` must "
              "satisfy every original's: a NonCommercial original keeps it NonCommercial, a ShareAlike one keeps "
              "the same licence (or one it lists as compatible), and a NoDerivatives original cannot be adapted.",
              example="[{title: Fractions guidance, author: Another Trust, url: https://example.org/fractions, "
                      "licence: CC-BY-4.0}]",
              item_fields=BASED_ON_FIELDS, record=BasedOn, refined=True),
    FieldSpec("third_party", MAPPINGS, False,
              "Material inside it that belongs to someone else and is not covered by its licence: each with "
              "`what`, `owner`, and optionally `source` and `licence` (or the permission given).",
              example="[{what: Figure 2, owner: Example Publisher, licence: Used with permission}]",
              item_fields=THIRD_PARTY_FIELDS, record=ThirdParty),
    FieldSpec("aliases", TEXT_LIST, False,
              "Old ids of this resource (paths under content/ without `.md`) whose addresses must keep working "
              "after a move or rename; each publishes a redirect page.", max_length=200,
              example="[networks/maths/old-name]", refined=True),
)

PAGE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", TEXT, True, "The page title.", max_length=120, example="About Project H"),
    FieldSpec("summary", TEXT, False, "One or two plain sentences, used as the page description.", max_length=300,
              example="What Project H is and who writes it."),
)

ENTITLEMENT_STATUSES = ("in-use", "in-development")

ENTITLEMENT_ITEM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", TEXT, True, "A short stable id, lower case with hyphens.", max_length=60, example="number-sense"),
    FieldSpec("statement", TEXT, True, "What every pupil is entitled to.", max_length=400),
    FieldSpec("rationale", TEXT, True, "Why: the reason the network gives for this entitlement.", max_length=1200),
)
KNOWLEDGE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("domain", TEXT, True, "The knowledge domain, e.g. Number or Reading comprehension.", max_length=80),
    FieldSpec("statements", TEXT_LIST, True, "What pupils must know, one statement each.", max_length=400),
)
VOCABULARY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("term", TEXT, True, "A word pupils must learn.", max_length=60),
    FieldSpec("definition", TEXT, True, "Its meaning, in words pupils can use.", max_length=300),
)
UNIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", TEXT, True, "A short stable id, unique in the subject and phase.", max_length=60,
              example="y7-ratio", attribute="local_id"),
    FieldSpec("title", TEXT, True, "The unit's name.", max_length=120, example="Ratio and proportion"),
    FieldSpec("term", TERM, False, "The half-term it is usually taught in (schools may sequence differently).",
              vocabulary="terms", example="spring-1"),
    FieldSpec("entitlements", TEXT_LIST, False, "Ids of the entitlements this unit serves.", max_length=60,
              example="[proportional-reasoning]"),
    FieldSpec("knowledge", MAPPINGS, True, "The minimum knowledge, by knowledge domain.",
              item_fields=KNOWLEDGE_FIELDS, record=KnowledgeDomain),
    FieldSpec("vocabulary", MAPPINGS, False, "Key vocabulary with definitions.", item_fields=VOCABULARY_FIELDS,
              record=VocabularyItem),
    FieldSpec("prior_knowledge", UNIT_IDS, False, "Units pupils should have met first (ids).",
              example="[maths/primary/y6-ratio]", refined=True),
    FieldSpec("misconceptions", TEXT_LIST, False, "Common misconceptions to plan for.", max_length=400),
    FieldSpec("assessment", TEXT, False, "How the unit is assessed.", max_length=800),
)
ENTITLEMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("subject", TERM, False, "The subject: the folder the file is in, `entitlements/SUBJECT/`.",
              vocabulary="subjects", example="maths", from_path="folder"),
    FieldSpec("phase", TERM, False, "The phase: the folder inside the subject's, `entitlements/SUBJECT/PHASE/`.",
              vocabulary="phases", example="secondary", from_path="folder"),
    FieldSpec("network", TERM, True, "The subject network that agrees it.", vocabulary="networks", example="maths"),
    FieldSpec("version", TEXT, False, "The academic year it is for, e.g. 2025-26: the file's name, "
              "`entitlements/SUBJECT/PHASE/VERSION.md`.", max_length=7, example="2025-26", from_path="file name"),
    FieldSpec("valid_from", DATE, True, "The date it takes effect.", example="2025-09-01"),
    FieldSpec("status", CHOICE, True, "`in-use`, or `in-development` while the network drafts it.",
              choices=ENTITLEMENT_STATUSES, example="in-use"),
    FieldSpec("summary", TEXT, True, "One or two plain sentences describing the entitlement.", max_length=300),
    FieldSpec("entitlements", MAPPINGS, True, "The pupil entitlements, each with an id, a statement and a rationale.",
              item_fields=ENTITLEMENT_ITEM_FIELDS, record=EntitlementItem),
    FieldSpec("years", YEAR_UNITS, True, "For each year group (e.g. `year-7`), the list of its units.",
              example="{year-7: [...]}", item_fields=UNIT_FIELDS, attribute="units", record=Unit, refined=True),
)

CONTEXT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("pupils_on_roll", TERM, True, "A band, not an exact number.", vocabulary="roll_bands",
              example="400-599"),
    FieldSpec("disadvantaged", TERM, True, "The band of the share of disadvantaged pupils.",
              vocabulary="percent_bands", example="30-39"),
    FieldSpec("send", TERM, False, "The band of the share of pupils with SEND.", vocabulary="percent_bands",
              example="10-19"),
)
IMPACT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("measure", TERM, True, "What was measured.", vocabulary="impact_measures", example="phonics-check"),
    FieldSpec("baseline", NUMBER, True, "The figure before.", example="68"),
    FieldSpec("result", NUMBER, True, "The figure after.", example="81"),
    FieldSpec("period", TEXT, True, "When, e.g. 2023-24 to 2024-25.", max_length=60),
    FieldSpec("source", TEXT, True, "Where the figures come from.", max_length=200),
)
TIMELINE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("when", TEXT, True, "A term or month.", max_length=60, example="Autumn 2024"),
    FieldSpec("what", TEXT, True, "What happened.", max_length=300),
)
PRIVACY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("no_pupil_names", BOOLEAN, True, "Confirm that no pupil is named.", example="true"),
    FieldSpec("small_numbers_suppressed", BOOLEAN, True, "Confirm that no figure counts so few pupils that they "
              "could be identified.", example="true"),
    FieldSpec("image_consent", BOOLEAN, True, "Confirm consent for every image (true also when there are none).",
              example="true"),
)
IMAGE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("path", TEXT, True, "The image, relative to the case study's file.", max_length=200),
    FieldSpec("alt", TEXT, True, "What the image shows, for people who cannot see it.", max_length=300),
    FieldSpec("consent", BOOLEAN, True, "Consent was given for this image.", example="true"),
)
CASE_STUDY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", TEXT, True, "The case study's title.", max_length=120),
    FieldSpec("summary", TEXT, True, "One or two plain sentences.", max_length=300),
    FieldSpec("school", TEXT, True, "The school's name, or a pseudonym.", max_length=120),
    FieldSpec("illustrative", BOOLEAN, False, "`true` for an illustrative example rather than a real school.",
              example="true"),
    FieldSpec("phase", TERM, True, "The school's phase.", vocabulary="phases", example="primary"),
    FieldSpec("region", TERM, True, "The trust region.", vocabulary="regions", example="north"),
    FieldSpec("context", MAPPING, True, "The school's context, in bands.", item_fields=CONTEXT_FIELDS),
    FieldSpec("networks", TERM_LIST, True, "The network groups involved.", vocabulary="networks",
              example="[reading]"),
    FieldSpec("themes", TERM_LIST, True, "The school-improvement themes.", vocabulary="themes",
              example="[reading, phonics]"),
    FieldSpec("challenge", TEXT, True, "The problem the school faced.", max_length=1200),
    FieldSpec("approach", TEXT, True, "What the school did, in brief.", max_length=1500),
    FieldSpec("impact", MAPPINGS, True, "What changed: measure, baseline, result, period and source.",
              item_fields=IMPACT_FIELDS, record=ImpactFigure),
    FieldSpec("timeline", MAPPINGS, False, "The main steps, in order.", item_fields=TIMELINE_FIELDS,
              record=TimelineStep),
    FieldSpec("resources", RESOURCE_IDS, True, "Ids of the library's resources the school used.",
              example="[networks/reading/keep-up-phonics-interventions]"),
    FieldSpec("units", UNIT_IDS, False, "Curriculum units involved (ids).", example="[english/primary/y2-phonics]"),
    FieldSpec("what_did_not_work", TEXT, True, "What the school would do differently.", max_length=1200),
    FieldSpec("contact", TEXT, True, "A role or a shared mailbox, never a person's own address.", max_length=120,
              example="Reading network lead"),
    FieldSpec("privacy", MAPPING, True, "The author's privacy confirmation.", item_fields=PRIVACY_FIELDS,
              stored=False),
    FieldSpec("images", MAPPINGS, False, "Every image in the text, with its alt text and consent.",
              item_fields=IMAGE_FIELDS, stored=False),
    FieldSpec("published", DATE, True, "The date it was published, as YYYY-MM-DD.", example="2025-11-03"),
    FieldSpec("updated", DATE, False, "The date of the last substantial change.", example="2026-02-01"),
    FieldSpec("status", CHOICE, False, "`draft` is checked but never published; the default is `published`.",
              choices=(STATUS_DRAFT, STATUS_PUBLISHED), example="published"),
)

def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 minutes"


#: Each record and the specs that fill it, nested ones included: what the model's own tests hold together.
RECORD_SPECS: tuple[tuple[type, tuple[FieldSpec, ...]], ...] = (
    (Resource, RESOURCE_FIELDS),
    (Page, PAGE_FIELDS),
    (EntitlementDoc, ENTITLEMENT_FIELDS),
    (CaseStudy, CASE_STUDY_FIELDS),
)


def nested_records(specs: tuple[FieldSpec, ...]):
    """(record, item specs) of every nested field that becomes records, at any depth."""
    for spec in specs:
        if spec.record is not None:
            yield spec.record, spec.item_fields
        yield from nested_records(spec.item_fields)



def disagreements(record: type, specs: tuple[FieldSpec, ...]) -> list[str]:
    """Where a record and the specs that fill it disagree: a spec's attribute the record lacks, an attribute no
    spec fills that is not among the record's DERIVED, an attribute two specs fill. Empty when they agree."""
    attributes = [f.name for f in dataclasses.fields(record)]
    derived = tuple(getattr(record, "DERIVED", ()))
    filled = [spec.attr for spec in specs if spec.stored]
    problems = [f"{record.__name__} has no attribute `{attr}` for field `{spec.name}`"
                for spec in specs if spec.stored and (attr := spec.attr) not in attributes]
    problems += [f"{record.__name__}.{name} is filled by no field spec and is not in {record.__name__}.DERIVED"
                 for name in attributes if name not in filled and name not in derived]
    problems += [f"{record.__name__}.{name} is filled by a field spec and also listed in DERIVED"
                 for name in derived if name in filled]
    problems += [f"{record.__name__}.{name} is filled by two field specs"
                 for name in sorted(set(filled)) if filled.count(name) > 1]
    return problems
