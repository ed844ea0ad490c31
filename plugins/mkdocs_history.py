"""The history feature of the `projecth` plugin: what each page says about its own upkeep.

Every page with a source file says when it last changed (from one `git log`
for the whole content folder) and links to that file for a suggested change;
a resource past its `review_by` says it is due for review. A thin adapter over
`core.history` and `core.reviews`: per build, it puts each page's last change, its "suggest a change" URL
(from `repo_url` and `edit_uri`) and each resource's review verdict in the build state (`BuildState.history`,
created afresh by every build, because `mkdocs serve` keeps the plugin alive across rebuilds), and gives each page
its own as `history` in the page context, where the toolkit's templates read it (`partials/resource_notices.html`
on resource pages, `partials/page_history.html` everywhere else).
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
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .core.library.history import edit_url, git_last_changed, last_changed, own_dates, source_file
from .core.library.reviews import Review, reviews_by_src

if TYPE_CHECKING:
    from .plugin import BuildState

log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class PageHistory:
    """What a page says about its upkeep (`history` in its template's context)."""

    changed: dt.date | None = None  # when its source file last changed
    suggest_url: str | None = None  # where to suggest a change
    review: object = None  # a resource's core.reviews.Review


class HistoryConfig(Config):
    enabled = c.Type(bool, default=True)
    """Show each page's last change, its "Suggest a change" link and the "due for review" notice."""
    git = c.Type(bool, default=True)
    """Read last-changed dates from git; when off (or outside a checkout) pages use their own dates."""
    skip = c.ListOfItems(c.Type(str), default=["index.md"])
    """Source pages that show no history line (the home page is about the library, not itself)."""


@dataclass
class HistoryState:
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
        self.build.history = HistoryState(
            last_changed=last_changed(sources, git_dates, own_dates(state.library.catalogue), config.docs_dir),
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

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        state, history = self.build.library, self.build.history
        src = page.file.src_uri
        if src in state.library.catalogue.by_src:
            # A resource page shows where to suggest a change under its title (partials/resource_notices.html),
            # and its own dates (published, updated) among its key facts: not the file's, a second date.
            context["history"] = PageHistory(suggest_url=history.edit_urls.get(src), review=history.reviews.get(src))
            return context
        if src in self.config.skip:
            return context
        source = source_file(src, page.file.generated_by is None, state.library.catalogue)
        if source is not None:
            context["history"] = PageHistory(history.last_changed.get(source), history.edit_urls.get(source))
        return context
