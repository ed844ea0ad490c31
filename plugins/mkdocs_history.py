"""The history feature of the `projecth` plugin: what each page says about its own upkeep.

Every page with a source file says when it last changed (from one `git log`
for the whole content folder) and links to that file for a suggested change;
a resource past its `review_by` says it is due for review. A thin adapter over
`core.history` and `core.reviews`: it puts, per build, a `PageHistory` in the
build state (`BuildState.history`), which the library's templates read as
`extras["last_changed"]`, `extras["edit_urls"]` and `extras["reviews"]`
(`partials/resource_notices.html` on resource pages, `partials/page_history.html`
everywhere). The build state is created afresh by every build, because
`mkdocs serve` keeps the plugin alive across rebuilds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .core.history import edit_url, git_last_changed, last_changed
from .core.library import Library
from .core.reviews import Review, reviews_by_src
from .mkdocs_library import page_linker

if TYPE_CHECKING:
    from .plugin import BuildState

log = get_plugin_logger(__name__)

HISTORY_TEMPLATE = "partials/page_history.html"


class HistoryConfig(Config):
    enabled = c.Type(bool, default=True)
    """Show each page's last change, its "Suggest a change" link and the "due for review" notice."""
    git = c.Type(bool, default=True)
    """Read last-changed dates from git; when off (or outside a checkout) pages use their own dates."""
    skip = c.ListOfItems(c.Type(str), default=["index.md"])
    """Source pages that show no history line (the home page is about the library, not itself)."""


@dataclass
class PageHistory:
    """What one build knows about each page's upkeep (`BuildState.history`)."""

    last_changed: dict[str, dt.date] = field(default_factory=dict)  # source path -> date
    edit_urls: dict[str, str] = field(default_factory=dict)  # source path -> the "suggest a change" URL
    reviews: dict[str, Review] = field(default_factory=dict)  # resource source path -> its review


class HistoryFeature:
    def __init__(self) -> None:
        self.config = HistoryConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        state = self.build.library
        sources = [file.src_uri for file in files.documentation_pages() if file.generated_by is None]
        git_dates = git_last_changed(config.docs_dir) if self.config.git else None
        if self.config.git and git_dates is None:
            log.info("last-updated dates: the content folder is not in a git checkout git can read, so pages "
                     "show their own dates")
        reviews = reviews_by_src(state.library.catalogue.resources, dt.date.today())
        self.build.history = PageHistory(
            last_changed=last_changed(sources, git_dates, own_dates(state.library), config.docs_dir),
            edit_urls={
                src: url for src in sources
                if (url := edit_url(src, config.repo_url, config.edit_uri, config.edit_uri_template))
            },
            reviews=reviews,
        )
        overdue = sum(1 for review in reviews.values() if review.overdue)
        if overdue:
            # Info, like each resource's own message: a date that has passed must not fail a --strict build.
            log.info(f"{overdue} resource(s) are due for review and say so on their pages; "
                     "`projecth report reviews` lists them by network group")
        return files

    # After the features that render library pages and reuse's unit packs (the plugin's order), so the line goes
    # below what they wrote.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self.build.library
        src = page.file.src_uri
        if src in self.config.skip or src in state.library.catalogue.by_src:
            return html  # resource pages show it under their title (partials/resource_notices.html)
        source = source_file(src, page.file.generated_by is None, state.library)
        if source is None or state.renderer is None:
            return html
        return html + state.renderer.page(HISTORY_TEMPLATE, page_linker(files, page), history_source=source)


def source_file(src: str, is_real: bool, library: Library) -> str | None:
    """The file a page is made from: itself, or for a generated curriculum page, its entitlement file.

    Hubs and indexes are made from many files, so they have none.
    """
    if is_real:
        return src
    catalogue = library.catalogue
    if src in catalogue.unit_pages:
        return catalogue.curriculum.unit_doc[catalogue.unit_pages[src].id].src_path
    if src in catalogue.overview_pages:
        return catalogue.overview_pages[src].src_path
    return None


def own_dates(library: Library) -> dict[str, dt.date]:
    """What each page says about its own last change, for files git does not know."""
    catalogue = library.catalogue
    dates = {resource.src_path: resource.last_changed for resource in catalogue.resources}
    dates.update({study.src_path: study.updated or study.published for study in catalogue.case_studies})
    return dates
