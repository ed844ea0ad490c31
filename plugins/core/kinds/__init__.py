"""Page kinds: what a Markdown file is (resource, entitlement, case study or plain page) and all that follows from it.

Each kind is one module of this package and owns its folder, its field specs, its record type, the rules for where
its files may be, how a file is loaded and cross-checked, the pages it generates, the title and date its pages show,
its template and the data its template gets (`page_context`, plain data), its meta description, its JSON-LD type
and its breadcrumb parents. Everything else asks `kind_of()` or iterates `KINDS`:
nothing outside this package tests a path prefix or names a kind's specs or record type.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from ..security import privacy
from ..model.specs import STATUS_DRAFT, build_record

if TYPE_CHECKING:  # pragma: no cover - names for annotations only
    from ..security.files import FilePolicy
    from ..library.catalogue import Catalogue
    from ..reading.diagnostics import Report
    from ..model.field_kinds import FieldChecker
    from ..publishing.attribution import PageUrl, SiteInfo
    from ..reading.located_yaml import Node
    from ..model.taxonomy import Taxonomy


@dataclass
class Loaded:
    """A Markdown file after its front matter is checked: references and the body wait for the whole library."""

    src_path: str
    body: str
    body_line: int
    record: Any
    resource_refs: list = field(default_factory=list)  # (id, node) from `related` or a case study's `resources`
    unit_refs: list = field(default_factory=list)  # (id, node) from `units` or `prior_knowledge`
    is_draft: bool = False
    declared_units: set = field(default_factory=set)  # an entitlement file's unit ids, even if it has errors
    prior_edges: dict = field(default_factory=dict)  # (unit, prior unit) -> node, to locate a cycle
    kind: str = ""  # the name of the kind that loaded it
    refs_field: str = "related"  # the field `resource_refs` came from, for the messages about them
    # Files under content/ the page publishes with it (its attachments, the images it shows): a draft's are
    # published only when a published page uses them too.
    files: frozenset = frozenset()


@dataclass(frozen=True)
class LoadContext:
    """What loading one file may use: its parsed front matter and the library around it."""

    content: Path
    src: str
    root: Node
    checker: FieldChecker
    taxonomy: Taxonomy
    today: dt.date
    other_files: set[str]
    report: Report
    body: str
    body_line: int
    policy: FilePolicy


@dataclass(frozen=True)
class ContextOptions:
    """The site's options that a page context depends on (`projecth: library:` in mkdocs.yml)."""

    related_limit: int = 5  # how many related resources a resource page lists
    newest_on_home: int = 6  # how many new resources the home page shows


def url_key(src_path: str) -> str:
    """The address a Markdown file is published at, folded the way file systems and URLs may fold it."""
    stem = src_path[:-3]
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        stem = posixpath.dirname(stem)
    return unicodedata.normalize("NFC", stem).casefold()


def body_images(src_path: str, body: str, other_files: set[str]) -> frozenset[str]:
    """The files under content/ that a Markdown body shows as images (in any form the privacy scan knows).

    A body with more images, tags or attributes than the scan can afford gives none (a case study reports it).
    """
    try:
        uses = privacy.find_images(body)
    except privacy.TooMuch:
        return frozenset()
    base = posixpath.dirname(src_path)
    paths = {posixpath.normpath(posixpath.join(base, privacy.url_path(url))) for use in uses for url in use.urls}
    return frozenset(paths & other_files)


def is_draft(root: Node) -> bool:
    """Whether front matter says `status: draft` (as written: the field's own check reports a bad value)."""
    status = root.get("status")
    return status is not None and status.value == STATUS_DRAFT


class Kind:
    """One kind of page. Subclasses set the attributes and override what differs; instances hold no state."""

    name: str = ""
    folder: str | None = None  # its files live under `folder/`; None: every file no other kind owns
    fields: tuple = ()  # the FieldSpecs of its front matter (core/model/specs.py)
    record_type: type | None = None
    template: str = ""  # the toolkit template its pages render with
    schema_type: str | None = None  # its JSON-LD @type, when it has structured data
    search_kind: str | None = None  # its value of the search page's `kind` filter, when its pages are indexed
    search_date_label: str | None = None  # what the date on a search result of this kind means
    catalog_table: str | None = None  # its table in catalog.json
    catalog_record: str | None = None  # the schema of that table's records (a `$defs` key of catalog.schema.json)
    catalog_rank: int = 0  # where that table comes in catalog.json
    in_navigation: bool = True  # whether its written pages may be listed in the navigation
    reserved_folders: frozenset[str] = frozenset()  # folders its generated pages take: no file may be written there
    count_label: tuple[str, str] | None = None  # (one, many): how a build's closing line counts its pages, if it does

    def owns(self, src_path: str) -> bool:
        """Whether a Markdown file at this source path (under content/) is of this kind."""
        return self.folder is not None and src_path.startswith(self.folder + "/")

    def check_path(self, src_path: str, taxonomy: Taxonomy) -> str | None:
        """The problem with where a file of this kind is (a message for the author), or None."""
        return None

    def load(self, context: LoadContext) -> Loaded:
        """The file's record (None when its front matter has errors, each reported) and its references."""
        values, ok = context.checker.read(context.root, self.fields, f"a {self.name}'s", line=1)
        record = self.make_record(context, values) if ok else None
        draft = is_draft(context.root)
        files = body_images(context.src, context.body, context.other_files) if draft else frozenset()
        return Loaded(context.src, context.body, context.body_line, record, is_draft=draft, kind=self.name,
                      files=files)

    def make_record(self, context: LoadContext, values: dict) -> Any:
        """The record of valid front matter (for kinds that use the base `load`)."""
        raise NotImplementedError(f"page kind {self.name!r} defines neither load() nor make_record()")

    def build(self, values: dict, **given: Any) -> Any:
        """The record of checked values, built from this kind's specs into its record type (`given`: what the
        path or the loader gives)."""
        return build_record(self.record_type, self.fields, values, **given)

    def check_library(self, loaded: Sequence[Loaded], report: Report) -> None:
        """Cross-checks that need every file read (references into this kind's records), before the catalogue."""

    def check_addresses(self, loaded: Sequence[Loaded], taken: Mapping[str, str], report: Report) -> None:
        """Cross-checks of the addresses its records claim beside their own; `taken`: `url_key` -> the page
        (written or generated) already there."""

    def catalogued(self, records: Iterable[Any], failed: set[str]) -> list:
        """Which loaded records the catalogue holds: those published, from files without errors."""
        return [record for record in records if getattr(record, "status", None) != STATUS_DRAFT
                and record.src_path not in failed]

    def written(self, catalogue: Catalogue, records: Iterable[Any]) -> Mapping[str, Any]:
        """Source path -> record of the written pages of this kind the catalogue holds."""
        return {record.src_path: record for record in sorted(records, key=lambda r: r.src_path)}

    def generated_pages(self, catalogue: Catalogue) -> list[str]:
        """Source paths of the pages this kind generates from the catalogue."""
        return []

    def generated_title(self, catalogue: Catalogue, src_path: str) -> str | None:
        """The title of one of its generated pages; None when the page is not one of them."""
        return None

    def template_for(self, catalogue: Catalogue, src_path: str) -> str | None:
        """The template of one of its pages, written or generated; None when the page is not one of them."""
        return self.template if src_path in catalogue.written_of(self) else None

    def title(self, record: Any, catalogue: Catalogue | None = None) -> str:
        """The title a page of this kind shows (the catalogue gives the labels a title may be made of)."""
        return record.title

    def date(self, record: Any) -> dt.date | None:
        """The one date a page of this kind shows (and its sitemap `lastmod`)."""
        return None

    def own_date(self, record: Any) -> dt.date | None:
        """What a written page says about its own last change, when git does not know the file."""
        return None

    def page_date(self, catalogue: Catalogue, src_path: str) -> dt.date | None:
        """The date of any page of this kind, written or generated; None when it has none or is not its page."""
        record = catalogue.written_of(self).get(src_path)
        return self.date(record) if record is not None else None

    def page_context(self, catalogue: Catalogue, src_path: str, options: ContextOptions) -> dict | None:
        """What its template gets for one of its pages, written or generated (plain data: records, listings);
        None when the page is not one of them."""
        record = catalogue.written_of(self).get(src_path)
        return {"record": record} if record is not None else None

    def written_title(self, record: Any, catalogue: Catalogue) -> str | None:
        """The title a written page takes in place of its front matter's, for kinds whose files carry none."""
        return None

    def description(self, record: Any) -> str | None:
        """A written page's meta description (plain text), or None to leave the site's own."""
        return None

    def search_names(self, catalogue: Catalogue) -> list[str]:
        """What the search page's "did you mean" may suggest from its pages (titles, tags), in their order."""
        return []

    def count(self, catalogue: Catalogue) -> int:
        """How many it publishes, as a build's closing line counts them (with `count_label`)."""
        return len(catalogue.written_of(self))

    def breadcrumbs(self, catalogue: Catalogue, src_path: str) -> list[str] | None:
        """Source paths of a page's parents, home excluded, nearest last; None when the page is not its page."""
        return None

    def history_source(self, catalogue: Catalogue, src_path: str) -> str | None:
        """The file a generated page is made from, for its history line; None when it is made from many or none."""
        return None

    def jsonld(self, record: Any, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict | None:
        """The page's schema.org structured data (of type `schema_type`), or None."""
        return None

    def catalog_records(self, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> list[dict]:
        """Its table of catalog.json (for kinds with a `catalog_table`)."""
        return []

    # -- `projecth check` advice for a file that is not yet one of the library's ---------------------------

    def required_count(self) -> int:
        """How many required fields `projecth check` counts when it folds a foreign file's messages."""
        return 1  # a page needs its title

    def adopt_command(self, src_path: str, shown: str) -> str | None:
        """The command that turns a foreign file at this path into one of this kind, or None."""
        return None

    def __repr__(self) -> str:
        return f"<page kind {self.name}>"


from .resource import RESOURCE  # noqa: E402 - the kinds subclass Kind, above
from .entitlement import ENTITLEMENT  # noqa: E402
from .case_study import CASE_STUDY  # noqa: E402
from .page import PAGE  # noqa: E402

#: Every kind, in the order files are offered to them: page last, it owns what no other kind owns.
KINDS: tuple[Kind, ...] = (RESOURCE, ENTITLEMENT, CASE_STUDY, PAGE)


def kind_of(src_path: str, kinds: tuple[Kind, ...] = KINDS) -> Kind:
    """The kind of the Markdown file at `src_path` (a source path under content/)."""
    for kind in kinds:
        if kind.owns(src_path):
            return kind
    raise LookupError(f"no page kind owns `{src_path}`: the registry must end with a kind that owns every path")


def reserved_folders(kinds: tuple[Kind, ...] = KINDS) -> frozenset[str]:
    """Folders that generated pages take, of every kind."""
    return frozenset().union(*(kind.reserved_folders for kind in kinds))


__all__ = ["CASE_STUDY", "ENTITLEMENT", "KINDS", "PAGE", "RESOURCE", "ContextOptions", "Kind", "LoadContext",
           "Loaded", "body_images", "is_draft", "kind_of", "reserved_folders", "url_key"]
