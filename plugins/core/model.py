"""The content model: every front-matter field, described once.

The validator, the scaffolder and the contributor guide all read these
specifications, so what the guide says and what the check enforces cannot
drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Field kinds
TEXT = "text"  # one line of plain text
TEXT_LIST = "text-list"  # a list of plain text
TERM = "term"  # one slug from a taxonomy vocabulary
TERM_LIST = "term-list"  # slugs from a taxonomy vocabulary
DATE = "date"  # YYYY-MM-DD
DURATION = "duration"  # "45 minutes", "1 hour 30 minutes"
RESOURCE_IDS = "resource-ids"  # ids of other resources
ATTACHMENTS = "attachments"  # a list of {path, title}
CHOICE = "choice"  # one of a fixed list

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"


@dataclass(frozen=True)
class FieldSpec:
    """What one front-matter field holds, and how an author should fill it in."""

    name: str
    kind: str
    required: bool
    help: str
    vocabulary: str | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    example: str = ""


RESOURCE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", TEXT, True, "The resource's name as teachers will search for it.", max_length=120,
              example="Bar models for fractions in Year 5"),
    FieldSpec("summary", TEXT, True, "One or two plain sentences: what it is and who it helps.", max_length=300,
              example="How to use bar models to teach equivalent fractions, with a worked sequence."),
    FieldSpec("network", TERM, True, "The network group that owns it; the file lives in its folder.",
              vocabulary="networks", example="maths"),
    FieldSpec("subjects", TERM_LIST, True, "The subjects it is for.", vocabulary="subjects", example="[maths]"),
    FieldSpec("phases", TERM_LIST, True, "The phases it is for.", vocabulary="phases", example="[primary]"),
    FieldSpec("key_stages", TERM_LIST, True, "The key stages it is for; each must belong to one of the phases.",
              vocabulary="key_stages", example="[ks2]"),
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
              example="45 minutes"),
    FieldSpec("tags", TEXT_LIST, False, "Free keywords that help search, in lower case.", max_length=40,
              example="[fractions, representations]"),
    FieldSpec("licence", TERM, True, "The licence it is published under (an SPDX id from taxonomy.yml).",
              vocabulary="licences", example="CC-BY-4.0"),
    FieldSpec("related", RESOURCE_IDS, False, "Ids of other resources to read alongside it (path without .md).",
              example="[networks/maths/number-bonds-reception-year-1]"),
    FieldSpec("attachments", ATTACHMENTS, False,
              "Files to download: each a `path` (relative to this file) and a `title`.",
              example="[{path: files/record.csv, title: Practice record (CSV)}]"),
    FieldSpec("status", CHOICE, False, "`draft` is checked but never published; the default is `published`.",
              choices=(STATUS_DRAFT, STATUS_PUBLISHED), example="published"),
)

PAGE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", TEXT, True, "The page title.", max_length=120, example="About Project H"),
    FieldSpec("summary", TEXT, False, "One or two plain sentences, used as the page description.", max_length=300,
              example="What Project H is and who writes it."),
)

ATTACHMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("path", TEXT, True, "The file, relative to the resource's Markdown file.", max_length=200),
    FieldSpec("title", TEXT, True, "What the file is, as a link text.", max_length=120),
)

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
    path: str  # relative to content/, POSIX
    title: str
    size_bytes: int
    extension: str

    @property
    def format_label(self) -> str:
        return FILE_FORMATS.get(self.extension, (self.extension.upper() or "File", ""))[0]

    @property
    def media_type(self) -> str:
        return FILE_FORMATS.get(self.extension, ("", "application/octet-stream"))[1]


@dataclass(frozen=True)
class Resource:
    """One validated resource. Its id is its path under content/ without `.md`."""

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

    src_path: str
    title: str
    summary: str = ""
    body_line: int = 1


@dataclass
class Source:
    """A Markdown file as read from disk, before its front matter is validated."""

    src_path: str
    front_matter_line: int
    body: str
    body_line: int
    meta: object = None  # the strictyaml root node
    extras: dict = field(default_factory=dict)


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 minutes"


def iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
