"""The `projecth-history` MkDocs plugin: what each page says about its own upkeep.

Every page with a source file says when it last changed (from one `git log`
for the whole content folder) and links to that file for a suggested change;
a resource past its `review_by` says it is due for review. A thin adapter over
`core.history` and `core.reviews`: it puts, per build,

- `extras["last_changed"]`: source path -> date,
- `extras["edit_urls"]`: source path -> the "suggest a change" URL (from `repo_url` and `edit_uri`),
- `extras["reviews"]`: resource source path -> `core.reviews.Review`,

where the library's templates read them (`partials/resource_notices.html` on
resource pages, `partials/page_history.html` everywhere). Per-build state
lives in the library's BuildState, created afresh by every build, because
`mkdocs serve` keeps plugin objects alive across rebuilds.
"""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .core.history import edit_url, git_last_changed, last_changed, own_dates, source_file
from .core.reviews import reviews_by_src
from .mkdocs_library import library_state, page_linker

log = get_plugin_logger(__name__)

HISTORY_TEMPLATE = "partials/page_history.html"


class HistoryConfig(Config):
    git = c.Type(bool, default=True)
    """Read last-changed dates from git; when off (or outside a checkout) pages use their own dates."""
    skip = c.ListOfItems(c.Type(str), default=["index.md"])
    """Source pages that show no history line (the home page is about the library, not itself)."""


class HistoryPlugin(BasePlugin[HistoryConfig]):
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        state = library_state(config)
        sources = [file.src_uri for file in files.documentation_pages() if file.generated_by is None]
        git_dates = git_last_changed(config.docs_dir) if self.config.git else None
        if self.config.git and git_dates is None:
            log.info("last-updated dates: the content folder is not in a git checkout git can read, so pages "
                     "show their own dates")
        state.extras["last_changed"] = last_changed(sources, git_dates, own_dates(state.library.catalogue),
                                                    config.docs_dir)
        state.extras["edit_urls"] = {
            src: url for src in sources
            if (url := edit_url(src, config.repo_url, config.edit_uri, config.edit_uri_template))
        }
        reviews = reviews_by_src(state.library.catalogue.resources, dt.date.today())
        state.extras["reviews"] = reviews
        overdue = sum(1 for review in reviews.values() if review.overdue)
        if overdue:
            # Info, like each resource's own message: a date that has passed must not fail a --strict build.
            log.info(f"{overdue} resource(s) are due for review and say so on their pages; "
                     "`projecth report reviews` lists them by network group")
        return files

    # After the plugins that render library pages (priority 0), so the line goes below what they wrote.
    @event_priority(-50)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = library_state(config)
        src = page.file.src_uri
        if src in self.config.skip or src in state.library.catalogue.by_src:
            return html  # resource pages show it under their title (partials/resource_notices.html)
        source = source_file(src, page.file.generated_by is None, state.library.catalogue)
        if source is None or state.renderer is None:
            return html
        return html + state.renderer.page(HISTORY_TEMPLATE, page_linker(files, page), history_source=source)
