"""The reuse feature of the `projecth` plugin: everything another trust needs to reuse the library.

Licence and attribution on resource pages (with a copy button), the Markdown source and a
reproducible pack of every resource and of every curriculum unit, catalog.json with its JSON
Schema, JSON-LD and feed links in every page's head, Atom feeds, redirect pages for old
addresses, and each page's own date in sitemap.xml. A thin adapter: the data comes from
`projecth.core` (exports, jsonld, feeds, packs, redirects, reuse), the markup from templates.

Per-build state (`BuildState.reuse`) is created in `on_files`, never kept in module globals.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .core.publishing import catalog_json as exports, feeds, jsonld, office, packs
from .core.reading.parallel import usable_cores
from .core.library.catalogue import Catalogue
from .core.publishing.addresses import page_date, redirects
from .core.reading.siteconfig import user_cache_dir
from .core.publishing.attribution import SiteInfo, build_date, credit, pack_download, source_download, unit_pack_download
from .render import toolkit_autoescape

if TYPE_CHECKING:
    from .plugin import BuildState

ASSETS = Path(__file__).parent / "assets"
SCRIPT = "assets/projecth/reuse.js"  # linked by the resource page only (the "Copy attribution" button)
STYLESHEET = "assets/projecth/reuse.css"  # linked by the resource and unit pages (their reuse blocks)
FEED_TEMPLATE = "projecth/exports/atom-feed.xml"
PRINT_ASSETS = ("assets/projecth/print.css", "assets/projecth/print.js")  # linked by the resource page only


class ReuseConfig(Config):
    catalog = c.Type(bool, default=True)
    """Publish catalog.json and catalog.schema.json."""
    feeds = c.Type(bool, default=True)
    """Publish Atom feeds (site-wide, per network group, per subject) and link them from pages."""
    packs = c.Type(bool, default=True)
    """Publish each resource's Markdown source and pack, and each curriculum unit's pack."""
    office_cache = c.Type(str, default="")
    """Where converted copies are kept across builds: by default the user's cache folder (~/.cache/projecth/...,
    outside the site's folder, where a pull request could plant a copy); a folder here is relative to mkdocs.yml;
    PROJECTH_OFFICE_CACHE overrides both."""
    office = c.Type(bool, default=True)
    """Publish editable copies (Word; PowerPoint for slide decks), in the pages' downloads and the packs."""


@dataclass
class ReuseState:
    """What one build publishes for reuse; replaced on every rebuild."""

    catalogue: Catalogue
    site: SiteInfo
    urls: dict[str, str]  # source path -> address relative to the site root
    sizes: dict[str, int] = field(default_factory=dict)  # download path -> bytes
    feeds: list = field(default_factory=list)
    unit_packs: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # unit page src -> (pack, size, count)
    last_changed: dict = field(default_factory=dict)  # from the history feature, in on_env
    office: office.OfficeResult = field(default_factory=office.OfficeResult)  # editable copies, with counts


class ReuseContext:
    """What the resource page's reuse partial calls (`reuse.credit(resource)` and so on)."""

    def __init__(self, state: ReuseState):
        self._state = state

    def credit(self, resource) -> str:
        return credit(resource, self._state.catalogue.taxonomy, self._state.site,
                      self._state.site.absolute(self._state.urls[resource.src_path]))

    def source(self, resource) -> str:
        """The source path of the Markdown download (published as `downloads/ID.md`)."""
        return source_download(resource) + ".txt"

    def pack(self, resource) -> str:
        return pack_download(resource)

    def copies(self, resource) -> list[tuple[str, str]]:
        """The resource's editable copies: [(format, download path)], Word first."""
        return self._state.office.by_resource.get(resource.id, [])

    def print_marks(self, resource) -> list[str]:
        """What a pupil copy leaves out ("the teacher notes", "the answers"), in a fixed order."""
        used = self._state.office.marks.get(resource.id, frozenset())
        return [name for mark, name in office.MARK_NAMES.items() if mark in used]

    def size(self, path: str) -> int:
        return self._state.sizes.get(path, 0)


class HeadContext:
    """What `projecth/partials/head.html` calls for each page: its JSON-LD and its feed links."""

    def __init__(self, state: ReuseState, with_feeds: bool):
        self._state = state
        self._with_feeds = with_feeds
        self._feeds = {(feed.facet, feed.slug): feed for feed in state.feeds}

    def feeds(self, page: Page) -> list:
        if not self._with_feeds or not self._feeds:
            return []
        catalogue, src = self._state.catalogue, page.file.src_uri
        chosen = [self._feeds[("", "")]]
        hub = catalogue.hubs.get(src)
        resource = catalogue.by_src.get(src)
        if hub is not None:
            chosen.append(self._feeds.get((hub.facet.field, hub.term.slug)))
        elif resource is not None:
            chosen.append(self._feeds.get(("network", resource.network)))
            chosen.extend(self._feeds.get(("subjects", slug)) for slug in resource.subjects)
        return [feed for feed in chosen if feed is not None]

    def jsonld(self, page: Page) -> list[dict]:
        state, src = self._state, page.file.src_uri
        catalogue, site = state.catalogue, state.site
        url = lambda path: state.urls[path]  # noqa: E731 - the core's page_url
        own = jsonld.page_jsonld(src, catalogue, site, url)  # the page kind's structured data
        found = [own] if own else []
        trail = self._trail(src, page.title or "")
        if trail:
            found.append(jsonld.breadcrumbs_jsonld(trail))
        return found

    def _trail(self, src: str, title: str) -> list[tuple[str, str]]:
        """Home, the page's parents among the library's pages, then the page itself."""
        state = self._state
        catalogue, site = state.catalogue, state.site

        def at(path: str, name: str | None = None) -> tuple[str, str] | None:
            if path not in state.urls:
                return None
            return (name or catalogue.generated_title(path), site.absolute(state.urls[path]))

        parents = [at(path) for path in jsonld.breadcrumb_parents(src, catalogue)]  # from the page's kind
        if src == "index.md" or "index.md" not in state.urls or src not in state.urls:
            return [(title, site.absolute(state.urls[src]))] if src in state.urls else []
        home = (state.site.name, site.absolute(state.urls["index.md"]))
        here = (title, site.absolute(state.urls[src]))
        return [home, *[p for p in parents if p is not None and p[1] != here[1]], here]


def source_dates(content: Path, resources) -> tuple:
    """When each file a pack holds last changed: with the listings fingerprint, all a pack depends on."""
    paths = [path for r in resources for path in packs.pack_sources(r, content)]  # Markdown, images, attachments
    return tuple((path, os.stat(content / path).st_mtime_ns) for path in sorted(paths))


class ReuseFeature:
    def __init__(self) -> None:
        self.config = ReuseConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config
        self.serving = False  # set by on_startup; MkDocs' build() called directly converts, as a build does

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` stays quick: editable copies come from the cache only; a full build converts the rest.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.serving = False  # MkDocs keeps a plugin with on_startup: a later build in this process converts again

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # reuse.css and reuse.js are linked by the pages with a reuse block (partials/resource_reuse.html and
        # exports/unit_pack.html), not from every page.
        return config

    # After every feature that adds pages (library, curriculum, case studies, guide and search, in the plugin's
    # order), so that every page's address is known for catalog.json, feeds and JSON-LD.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        library = self.build.library
        catalogue = library.library.catalogue
        site = SiteInfo(
            name=config.site_name,
            url=config.site_url or "http://127.0.0.1:8000/",
            publisher=config.site_author or config.site_name,
            description=config.site_description or "",
            repo_url=config.repo_url or "",
        )
        urls = {file.src_uri: file.url for file in files if file.inclusion.is_included()}
        state = self.build.reuse = ReuseState(catalogue, site, urls)
        page_url = urls.__getitem__
        content = Path(config.docs_dir)
        day = build_date()

        mode = self.build.mode  # a full build, or `mkdocs serve --dirty` (projecth.preview)

        def publish(path: str, data: bytes | str, dest: str | None = None) -> File:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"projecth: content/{path} is where the site publishes a generated file; "
                                  "rename or move it")
            file = mode.generated_file(config, path, data)
            if dest is not None:
                file.dest_uri = dest
            files.append(file)
            state.sizes[path] = len(data if isinstance(data, bytes) else data.encode("utf-8"))
            urls[path] = file.url
            return file

        def remembered(key: tuple, compute, holds=()):
            """From the last dirty rebuild when none of its inputs changed (the catalogue's records, which the
            listings fingerprint covers, the site, the day, what `key` names and the files of the resources it
            `holds`), else computed now. A full build just computes."""
            return mode.remember(lambda: (mode.listings, site, day, config.use_directory_urls, *key,
                                          *source_dates(content, holds)), compute)

        for asset in (SCRIPT, STYLESHEET, *PRINT_ASSETS):
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / Path(asset).name)))
        if self.config.packs and self.config.office:
            site_root = Path(config.config_file_path).parent
            cache = (os.environ.get("PROJECTH_OFFICE_CACHE")
                     or (site_root / self.config.office_cache if self.config.office_cache
                         else user_cache_dir(office.CACHE_FEATURE, site_root)))
            try:
                state.office = office.make_copies(catalogue.resources, content, catalogue.taxonomy, site, page_url,
                                                  Path(cache), day, convert=not self.serving,
                                                  processes=usable_cores())
            except office.OfficeError as error:
                raise PluginError(f"projecth: {error}") from None
            for path, data in state.office.files.items():
                publish(path, data)
        if self.config.packs:
            for resource in catalogue.resources:
                extra = {posixpath.basename(path): state.office.files[path]
                         for _, path in state.office.by_resource.get(resource.id, [])}
                # Served as a download, not rendered: a source path MkDocs does not read as a page.
                source = source_download(resource)
                publish(source + ".txt", (content / resource.src_path).read_bytes(), dest=source)
                state.sizes[source] = state.sizes[source + ".txt"]
                urls[source] = urls[source + ".txt"]
                publish(pack_download(resource), remembered(
                    ("pack", resource.src_path, *sorted((name, len(data)) for name, data in extra.items())),
                    lambda: packs.resource_pack(resource, content, catalogue.taxonomy, site, page_url, day, extra),
                    holds=[resource]))
            for unit in catalogue.curriculum.units.values():
                supporting = list(catalogue.resources_by_unit.get(unit.id, ()))
                if supporting:
                    path = unit_pack_download(unit)
                    publish(path, remembered(
                        ("unit pack", unit.id),
                        lambda: packs.unit_pack(unit, supporting, content, catalogue.taxonomy, site, page_url, day),
                        holds=supporting))
                    state.unit_packs[unit.src_path] = (path, state.sizes[path], len(supporting))
        if self.config.catalog:
            publish(exports.CATALOG_PATH, remembered(
                ("catalog",), lambda: exports.dumps(exports.build_catalog(catalogue, site, page_url))))
            publish(exports.SCHEMA_PATH, remembered(
                ("schema",), lambda: exports.dumps(exports.build_schema(catalogue.taxonomy, site))))
        # The feeds and redirect pages are files, not pages: rendered now, in an environment made as MkDocs makes
        # its own (the theme's folders, the site's custom_dir first), escaping on for the toolkit's templates.
        env = config.theme.get_env()
        env.autoescape = toolkit_autoescape(env.autoescape)
        env.trim_blocks = env.lstrip_blocks = True  # a feed's lines as the template shows them
        feed_template = files.get_file_from_path(FEED_TEMPLATE)
        if feed_template is not None:  # a template, not a file of the theme to publish as it is
            files.remove(feed_template)
        if self.config.feeds:
            state.feeds = remembered(("feeds",), lambda: feeds.build_feeds(catalogue, site, page_url))
            template = env.get_template(FEED_TEMPLATE)
            for feed in state.feeds:
                publish(feed.path, remembered(
                    ("feed", feed.path), lambda: template.render(feed=feed, site=site) + "\n"))
        redirect = env.get_template("projecth/exports/redirect.html")
        for item in redirects(catalogue, urls):
            dest = item.dest(config.use_directory_urls)
            target_url = urls[item.target]
            from_url = dest[: -len("index.html")] if dest.endswith("/index.html") else dest
            publish(dest, redirect.render(title=item.title,
                                          target=get_relative_url(target_url, from_url),
                                          canonical=site.absolute(target_url)) + "\n")
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        state = self._require_state()
        # Each page's own date for sitemap.xml: the history feature's dates, computed after this feature's on_files.
        state.last_changed = self.build.history.last_changed if self.build.history is not None else {}
        env.globals["projecth_head"] = HeadContext(state, self.config.feeds)
        # MkDocs' own sitemap.xml (rendered next, before any page) prints each page's `update_date`: make it the
        # page's own date, from its content (core.redirects.page_date), never the time of the build; a page
        # without one has none.
        build_day = build_date()
        for file in files.documentation_pages():
            if file.page is not None:
                day = page_date(file.src_uri, state.catalogue, state.last_changed, build_day)
                file.page.update_date = day.isoformat() if day else ""
        return env

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
        # What the resource page's reuse and print sections call (`reuse.credit(resource)`...), and a unit's pack.
        state = self._require_state()
        context["reuse"] = ReuseContext(state)
        found = state.unit_packs.get(page.file.src_uri)
        if found is not None:
            path, size, count = found
            context["unit_pack"] = {"path": path, "size": size, "count": count}
        return context

    def _require_state(self) -> ReuseState:
        if self.build is None or self.build.reuse is None:  # pragma: no cover - MkDocs always runs on_files first
            raise PluginError("projecth: the reuse feature's on_files did not run")
        return self.build.reuse
