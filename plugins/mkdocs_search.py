"""The search feature of the `projecth` plugin: Pagefind search and faceted browsing for a library.

A thin adapter: the filter groups live in `projecth.search.facets`, the
indexing step in `projecth.search.indexer`, the HTML in
`templates/projecth/search*.html` and the toolkit's header partial, the
behaviour in `search/assets/search.js`. The feature adds the search page and
its assets, lets hub pages link to it with their filter preset, and indexes
the built site after the build; a failed indexing fails the build.

Per-build state (`BuildState.search`) is created in `on_config`, never kept in module globals,
because `mkdocs serve` keeps the plugin alive across rebuilds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import jinja2
import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .core.library.catalogue import LIBRARY_INDEX
from .buildlog import PROGRESS
from .search.facets import HUB_FILTERS, search_config, vocabulary_names
from .search.indexer import IndexingError, run_pagefind
from .search.words import library_words, words_json

if TYPE_CHECKING:
    from .plugin import BuildState

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent / "search" / "assets"
SCRIPT = "assets/projecth/search.js"
STYLESHEET = "assets/projecth/search.css"  # the search page's (and the 404 page's), linked by those pages
BOX_STYLESHEET = "assets/projecth/search-box.css"  # the header box's, on every page
# The library's own words, fetched by the search page only when a query finds nothing ("did you mean").
WORDS = "assets/projecth/search-words.json"
# Material's own search plugin, under the names MkDocs may register it by.
MATERIAL_SEARCH = ("search", "material/search")


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)
    """Pagefind search, the search page and the header box; off, a site may use Material's own search instead."""
    page = c.Type(str, default="search/index.md")
    """Where the search page is generated, as a source path (it is published at `search/`)."""
    title = c.Type(str, default="Search the library")
    """The search page's heading, also the header box's label."""
    bundle_dir = c.Type(str, default="pagefind")
    """The folder of the built site that Pagefind writes its index and script to."""
    language = c.Type(str, default="en")
    """The language Pagefind stems words for (an ISO 639-1 code)."""
    indexing = c.Type(bool, default=True)
    """Run Pagefind after the build. Switch off (say with `!ENV`) for quick previews: the search page then
    says it could not load."""
    binary = c.Optional(c.Type(str))
    """The Pagefind executable; by default the one the `pagefind[bin]` package installs."""
    timeout = c.Type(int, default=900)
    """Seconds Pagefind may take before the build fails."""


@dataclass
class SearchState:
    """What one build knows about search; replaced on every rebuild."""

    page_url: str = ""
    browse: list[tuple[str, str]] = field(default_factory=list)


class SearchFeature:
    def __init__(self) -> None:
        self.config = SearchConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.build.search = SearchState()
        enabled = [name for name in MATERIAL_SEARCH if name in config.plugins]
        if enabled:
            raise PluginError(
                f"projecth's search replaces Material's search, but the `{enabled[0]}` plugin is also enabled: remove "
                "`- search` from `plugins` in mkdocs.yml (otherwise every visitor downloads its whole index), or "
                "switch ours off with `search: {enabled: false}` under `projecth:`"
            )
        if BOX_STYLESHEET not in config.extra_css:
            # The header box is on every page; the search page's own stylesheet and script are linked by that
            # page alone (projecth/search.html), and the stylesheet by the 404 page, for its search box.
            config.extra_css.append(BOX_STYLESHEET)
        return config

    # After the library feature's on_files (the plugin's order), which creates the renderer of hub pages that
    # this feature gives the search page's address to.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        library = self.build.library
        page = self.config.page
        for taken in {page, _alternative_source(page)}:
            if files.get_file_from_path(taken) is not None:
                raise PluginError(f"content/{taken} would be published where the search page goes; rename it, "
                                  "or set `page` under `projecth: search:` in mkdocs.yml to another address")
        bundle = self.config.bundle_dir.strip("/") + "/"
        clash = next((file.src_uri for file in files if file.dest_uri.startswith(bundle)), None)
        if clash:
            raise PluginError(f"content/{clash} would be published inside `{bundle}`, the folder the search index "
                              "is written to (and emptied on every build); move it, or set `bundle_dir` under "
                              "`projecth: search:` in mkdocs.yml")
        front_matter = yaml.safe_dump({"title": self.config.title, "hide": ["navigation", "toc"]},
                                      allow_unicode=True)
        search_file = File.generated(config, page, content=f"---\n{front_matter}---\n",
                                     inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(search_file)
        for name in (SCRIPT, STYLESHEET, BOX_STYLESHEET):
            files.append(File.generated(config, name, abs_src_path=str(ASSETS_DIR / Path(name).name)))
        self.build.search.page_url = search_file.url
        catalogue = library.library.catalogue
        files.append(File.generated(config, WORDS, content=words_json(library_words(_searchable_names(catalogue)))))
        self.build.search.browse = [(index.src_path, index.facet.title) for index in catalogue.facet_indexes.values()]
        self.build.search.browse.insert(0, (LIBRARY_INDEX, "Library A to Z"))
        library.templates[page] = "projecth/search.html"
        return files

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # Read by the toolkit's partials/header.html, which then shows the search box.
        env.globals["projecth_search"] = {"url": self.build.search.page_url, "label": self.config.title,
                                          "stylesheet": STYLESHEET}
        return env

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        # Every toolkit page may link to search (the home page's box, a hub's "search within"); the search page
        # itself (projecth/search.html, which a site can override from its custom_dir) gets what its script needs.
        context.update(search_page=self.config.page, search_preset=_preset)
        if page.file.src_uri != self.config.page:
            return context
        library = self.build.library
        root = get_relative_url(".", page.url)
        context.update(
            search_title=self.config.title,
            browse=self.build.search.browse,
            search_config=search_config(library.taxonomy),
            bundle_url=f"{root.rstrip('/')}/{self.config.bundle_dir.strip('/')}/",
            root_url=root if root.endswith("/") else f"{root}/",
            script=SCRIPT,
            stylesheet=STYLESHEET,
            words=WORDS,
        )
        return context

    # The plugin's on_post_build runs at priority -110, and this feature just before the audit: Pagefind reads the
    # pages as published, after any other plugin has finished writing or rewriting them in its own on_post_build.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.indexing:
            log.info("search indexing is switched off (`indexing: false`): the search page will not work")
            return
        state = self.build.library
        # Counted now: a dirty preview indexes in the background, while the next rebuild may replace the state.
        expected = len(state.library.catalogue)
        self.build.mode.index(lambda: self._index(config, expected))

    def _index(self, config: MkDocsConfig, expected: int) -> None:
        try:
            result = run_pagefind(
                config.site_dir,
                output_subdir=self.config.bundle_dir,
                language=self.config.language,
                binary=self.config.binary,
                timeout=self.config.timeout,
                keep_index_url=not config.use_directory_urls,
            )
        except IndexingError as error:
            raise PluginError(f"search indexing failed, so the build fails: {error}") from error
        log.info(f"Pagefind indexed {result.pages} pages ({result.words} words, {result.filters} filters) "
                 f"in {result.seconds:.1f} s", extra=PROGRESS)
        if expected and result.whole_pages:
            log.warning("no page carries `data-pagefind-body`, so Pagefind indexed every page whole, menus and "
                        "all: does the site override templates/projecth/resource.html without it?")
        elif result.pages < expected:
            log.warning(f"Pagefind indexed {result.pages} pages but the library publishes {expected} resources: "
                        "does every resource page still carry `data-pagefind-body` (templates/projecth/"
                        "resource.html)?")


def _searchable_names(catalogue) -> list[str]:
    """What "did you mean" may suggest: titles and tags of what is indexed, and the filters' labels and aliases."""
    names = [name for kind in catalogue.kinds for name in kind.search_names(catalogue)]  # as each kind says
    names.extend(vocabulary_names(catalogue.taxonomy))
    return names


def _alternative_source(src: str) -> str:
    """`search/index.md` and `search.md` publish to the same address."""
    if src.endswith("/index.md"):
        return src[: -len("/index.md")] + ".md"
    return src[: -len(".md")] + "/index.md" if src.endswith(".md") else src


def _preset(facet_field: str, label: str) -> str:
    """The query string of a hub's "search within" link: `?subject=Maths`."""
    name = HUB_FILTERS.get(facet_field)
    return f"?{urlencode({name: label})}" if name else ""
