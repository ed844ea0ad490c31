"""The library feature of the `projecth` plugin (`projecth: {library: ...}`): a thin adapter from MkDocs events to
the library core. It loads and validates everything, and renders resources, hubs, indexes and the home page.

Per-build state is created in `on_config` and `on_pre_build`, never kept in
module globals, because `mkdocs serve` keeps the plugin alive across
rebuilds.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .buildlog import BuildLog
from .core.security.files import DEFAULT_FILE_LIMIT_MB, DEFAULT_RESOURCE_LIMIT_MB, FilePolicy, search_folder, \
    site_stylesheets, svg_problem
from .core.reading.diagnostics import Report, no_workflow_commands
from .core.kinds import KINDS, ContextOptions, Kind
from .core.security.body_check import CACHE_FEATURE, MarkdownConfig
from .core.library.loader import Library, load_library
from .core.reading.siteconfig import user_cache_dir
from .core.model.taxonomy import Taxonomy, load_taxonomy
from .core.reading.parallel import can_fork, usable_cores
from .preview import BuildMode, DirtyPreview, FullBuild
from .render import FILTERS, TEMPLATES_DIR, NotFoundPage, body, kind_counts, page_context, page_filters, template_for, \
    toolkit_autoescape, toolkit_globals, written_meta

if TYPE_CHECKING:
    from .plugin import BuildState

log = get_plugin_logger(__name__)

STYLESHEET = "assets/projecth/projecth.css"
STYLESHEET_SOURCE = Path(__file__).parent / "assets" / "projecth.css"


# The header's and the drawer's logo, written into the page rather than fetched: the favicon (the same file in the
# starter site) is then the page's only request for it. A logo is inlined only when it is a small SVG of the site's
# own that passes the SVG allow-list, with no ids (it appears twice on a page) and no declarations; any other
# stays an <img>, as Material writes it.
INLINE_LOGO_LIMIT = 4096


def inline_logo(config: MkDocsConfig, files: Files):
    logo = config.theme.get("logo")
    if not isinstance(logo, str) or not logo.lower().endswith(".svg"):
        return None
    file = files.get_file_from_path(logo)
    if file is None:
        return None
    try:
        data = file.content_bytes
    except OSError:
        return None
    if len(data) > INLINE_LOGO_LIMIT or svg_problem(data) is not None:
        return None
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if text.startswith("<?xml"):
        text = text[text.index("?>") + 2:].strip()
    if "<!" in text or "<?" in text or " id=" in text or not text.startswith("<svg"):
        return None
    return Markup(text)


class LibraryConfig(Config):
    taxonomy = c.Type(str, default="taxonomy.yml")
    """The vocabularies file, relative to mkdocs.yml (never inside docs_dir, where it would be published)."""
    attachment_limit_mb = c.Type((int, float), default=DEFAULT_FILE_LIMIT_MB)
    """The largest file content/ may publish (an attachment, an image), in megabytes."""
    resource_limit_mb = c.Type((int, float), default=DEFAULT_RESOURCE_LIMIT_MB)
    """The most one resource's attachments may come to together, in megabytes."""
    atomic = c.Type(bool, default=True)
    """`mkdocs build` writes the site into a new folder beside site_dir and puts it in place only when every
    step, the audit included, has passed: a failed build leaves the last site exactly as it was."""
    related_limit = c.Type(int, default=5)
    newest_on_home = c.Type(int, default=6)
    stylesheet = c.Type(bool, default=True)
    """Add the toolkit's own stylesheet for cards, chips and the metadata panel."""
    contribute_page = c.Type(str, default="contribute.md")
    """The page that explains how to contribute; pages with gaps link to it when it exists."""
    render_ahead = c.Deprecated(
        message="`render_ahead` under `projecth: library:` in mkdocs.yml no longer does anything: resource pages "
                "are always rendered in one process (rendering them ahead in a second one saved too little). "
                "Delete the `render_ahead` line to silence this warning.")
    """Removed on 2026-12-01; a site that still sets it gets a warning, not a failure of its own."""


@dataclass
class LibraryState:
    """What one build knows about the library (`BuildState.library`); replaced on every rebuild."""

    taxonomy: Taxonomy
    library: Library
    # What toolkit templates know of the site (`site` in their context): name, url, the contribute page.
    site: dict = field(default_factory=dict)
    # The pages other features generate, and their templates (the search page, the field reference).
    templates: dict[str, str] = field(default_factory=dict)
    files: Files | None = None  # the build's files, for each page's `link()`


class _NoWorkflowCommands(logging.Filter):
    """On MkDocs' log handlers: no logged line, whatever content it quotes, starts with `::` (a GitHub runner
    would obey it as a workflow command, such as `::stop-commands::` or `::add-mask::`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = no_workflow_commands(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True


def _guard_log_lines() -> None:
    for handler in logging.getLogger("mkdocs").handlers:
        if not any(isinstance(existing, _NoWorkflowCommands) for existing in handler.filters):
            handler.addFilter(_NoWorkflowCommands())


class _WarningCount(logging.Handler):
    """Counts MkDocs' warnings during one build, as MkDocs does for --strict (which aborts after on_post_build)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class SiteSwap:
    """One build written into a new folder beside site_dir, put in place only when everything has passed.

    `mkdocs serve` builds into a temporary folder of its own and is left alone. A `--dirty` build starts from a
    copy of the last site (modification times kept, which is how MkDocs tells what changed).
    """

    site_dir: Path  # where the site is published
    building: Path  # where this build writes
    warnings: _WarningCount | None = None  # set in --strict builds

    @classmethod
    def start(cls, site_dir: Path, dirty: bool, strict: bool) -> "SiteSwap":
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
        building.chmod(0o755)  # mkdtemp's 0700 would hide the published site from a web server's user
        if dirty and site_dir.is_dir():
            shutil.copytree(site_dir, building, symlinks=True, dirs_exist_ok=True)
        swap = cls(site_dir, building, _WarningCount() if strict else None)
        if swap.warnings is not None:
            logging.getLogger("mkdocs").addHandler(swap.warnings)
        return swap

    def finish(self) -> bool:
        """Put the new site in place; False (and the last site kept) when --strict will abort on a warning."""
        self._stop_counting()
        if self.warnings is not None and self.warnings.count:
            self.discard()
            return False
        if not self.site_dir.exists() and not self.site_dir.is_symlink():
            os.rename(self.building, self.site_dir)
            return True
        if self.site_dir.is_symlink():  # a link to where a web server reads: replace what is there, keep the link
            self._replace_contents()
            return True
        old = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}.old-", dir=self.site_dir.parent))
        try:
            os.rename(self.site_dir, old / "site")
        except OSError:  # a mount point, say: replace what is inside it instead
            shutil.rmtree(old)
            self._replace_contents()
            return True
        os.rename(self.building, self.site_dir)
        shutil.rmtree(old, ignore_errors=True)
        return True

    def _replace_contents(self) -> None:
        for entry in list(self.site_dir.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in list(self.building.iterdir()):
            os.rename(entry, self.site_dir / entry.name)
        self.building.rmdir()

    def discard(self) -> None:
        self._stop_counting()
        shutil.rmtree(self.building, ignore_errors=True)

    def _stop_counting(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)


class LibraryFeature:
    def __init__(self) -> None:
        self.config = LibraryConfig()  # this build's `projecth: library:` options, set by the plugin in on_config
        self.build: BuildState | None = None  # this build's state, set by the plugin in on_config
        # What on_startup learns; MkDocs' `build()` called directly (without on_startup) is a full build that
        # reads the library in one process.
        self.command: str | None = None
        self.dirty = False
        self.mode: BuildMode = FullBuild()
        # Per build, set again in on_config.
        self.buildlog: BuildLog | None = None
        self.swap: SiteSwap | None = None
        self.policy: FilePolicy | None = None
        self._config: MkDocsConfig | None = None
        # The site's page kinds (core/kinds/), and those another feature publishes (set by the plugin): the library
        # adds the generated pages of the rest.
        self.kinds: tuple[Kind, ...] = KINDS
        self.published_elsewhere: frozenset[Kind] = frozenset()

    # on_startup also makes `mkdocs serve` keep the plugin between rebuilds: only the dirty preview uses that
    # (everything else is per build, from on_config on).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        if command == "serve" and dirty:
            self.mode = DirtyPreview.start()
        else:
            # Forking is safe in a one-off full build, not beside `mkdocs serve`'s threads.
            one_off = command in ("build", "gh-deploy") and not dirty and can_fork()
            self.mode = FullBuild(processes=usable_cores() if one_off else 1)

    def on_shutdown(self) -> None:
        # MkDocs keeps a plugin with on_startup for the rest of the process: a later build must not inherit this.
        self.mode.stop()
        self.mode = FullBuild()
        self.command, self.dirty = None, False

    # First (the plugin's on_config runs at priority 100), so that every plugin sees where this build writes
    # (config.site_dir).
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.buildlog = BuildLog.attach(config.site_dir)  # the terminal shows what to act on, then one line
        self.swap = None
        self._config = None
        _guard_log_lines()
        for name in ("attachment_limit_mb", "resource_limit_mb"):
            if isinstance(self.config[name], bool) or self.config[name] <= 0:
                raise PluginError(f"projecth: `library: {name}` in mkdocs.yml must be a number of megabytes above 0, "
                                  f"not {self.config[name]!r}")
        search = self.build.options.search
        self.policy = FilePolicy(self.config.attachment_limit_mb, self.config.resource_limit_mb,
                                 site_stylesheets(config.extra_css),
                                 search_folder(search.page) if search.enabled else "search")
        # `mkdocs serve` builds into a temporary folder of its own; MkDocs' build() called directly is a build.
        if self.config.atomic and self.command != "serve":
            self.swap = SiteSwap.start(Path(config.site_dir), self.dirty, bool(config.strict))
            config.site_dir = str(self.swap.building)
            self._config = config  # to point site_dir back at the published site when the build ends
        templates = str(TEMPLATES_DIR)
        if templates not in config.theme.dirs:
            # After the site's custom_dir (so a site overrides any toolkit template) and before
            # the theme's own folders (so the toolkit can replace a theme partial).
            custom_dir = config.theme.custom_dir
            position = 1 if custom_dir and config.theme.dirs and config.theme.dirs[0] == custom_dir else 0
            config.theme.dirs.insert(position, templates)
        if self.config.stylesheet and STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        return config

    # The plugin's on_pre_build runs at priority 100: validate before MkDocs cleans site_dir, so that a failed
    # build leaves the last good site in place and publishes nothing.
    def on_pre_build(self, config: MkDocsConfig) -> None:
        config_dir = Path(config.config_file_path or ".").parent
        taxonomy_path = self._taxonomy_path(config, config_dir)
        taxonomy, report = load_taxonomy(taxonomy_path, display_path=_display(taxonomy_path, config_dir))
        if taxonomy is None:
            self._fail(report, "", "taxonomy")
        # In a one-off `mkdocs build`, a large library's files are read on every core, as `projecth check` does.
        # Bodies are checked on the HTML the site's own Markdown configuration renders.
        markdown_config = MarkdownConfig.of(config.markdown_extensions, config.mdx_configs)
        library = load_library(config.docs_dir, taxonomy, processes=self.mode.processes, kinds=self.kinds,
                               policy=self.policy, markdown_config=markdown_config,
                               cache_dir=user_cache_dir(CACHE_FEATURE, config_dir))
        prefix = _display(Path(config.docs_dir), config_dir)
        if library.report.errors:
            self._fail(library.report, prefix, "content")
        for warning in library.report.warnings:
            # Info, not warning: a review date that has passed must not fail a --strict build.
            log.info(warning.format_text(prefix))
        self.mode.wait_for_indexing()  # the last rebuild's Pagefind must not read pages this build rewrites
        self.mode.next_build(library.catalogue.listings_fingerprint())
        self.build.library = LibraryState(taxonomy, library)

    def _taxonomy_path(self, config: MkDocsConfig, config_dir: Path) -> Path:
        # Never from docs_dir: a taxonomy.yml there would be published, and would stand in for the real one.
        configured = Path(self.config.taxonomy)
        return configured if configured.is_absolute() else config_dir / configured

    @staticmethod
    def _fail(report: Report, prefix: str, what: str) -> None:
        errors = report.errors
        for error in errors:
            log.error(error.format_text(prefix))
        raise PluginError(
            f"{len(errors)} {what} error(s), listed above: nothing was built. "
            "Run `projecth check` to see the same list without building."
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        state = self._require_state()
        catalogue = state.library.catalogue
        # Drafts publish nothing: neither the page nor a file that only drafts attach.
        for draft in sorted(state.library.drafts | state.library.draft_files):
            file = files.get_file_from_path(draft)
            if file is not None:
                files.remove(file)
        # Resources, case studies and entitlements are reached through hub and index pages, never listed in the
        # navigation (a navigation listing every page makes each page carry it).
        for src_path in (src for kind in catalogue.kinds if not kind.in_navigation
                         for src in catalogue.written_of(kind)):
            file = files.get_file_from_path(src_path)
            if file is not None:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        for kind in catalogue.kinds:  # the resources' hubs and indexes, and those of any kind no feature publishes
            if kind not in self.published_elsewhere:
                add_generated_pages(files, config, self.build.mode, catalogue, kind.generated_pages(catalogue))
        if self.config.stylesheet:
            files.append(File.generated(config, STYLESHEET, abs_src_path=str(STYLESHEET_SOURCE)))
        state.site = {
            "name": config.site_name,
            "url": config.site_url or "",
            "contribute": self.config.contribute_page if files.get_file_from_path(self.config.contribute_page) else None,
        }
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Toolkit pages render in this environment, MkDocs' own (their templates extend the theme's main.html):
        # their filters and helpers go in here, and escaping is on for the toolkit's templates alone.
        state = self._require_state()
        state.files = files
        env.autoescape = toolkit_autoescape(env.autoescape)
        env.filters.update(FILTERS)
        page_filters(env)
        env.globals.update(toolkit_globals(state.library.catalogue, state.site))
        env.globals["projecth_logo"] = inline_logo(config, files)
        self.buildlog.built(len(files.documentation_pages()), kind_counts(state.library.catalogue))
        return env

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        if template_name == "404.html" and context.get("page") is None:
            # A theme template with no page: give the theme a title and sections, for its skip link.
            context["page"] = NotFoundPage(with_ways_in=bool(context.get("nav")))
        return context

    def on_build_error(self, *, error: Exception) -> None:
        swap = self.swap
        if swap is not None:  # the last site stays exactly as it was
            swap.discard()
            self._restore_site_dir(swap)

    # The very last step of a build, after the audit has passed (the plugin calls it at priority -1000, after
    # every feature's on_post_build): put the new site in place.
    def swap_in(self, *, config: MkDocsConfig) -> None:
        swap = self.swap
        if swap is None:
            return
        if not swap.finish():
            log.info("the build has warnings and --strict is on: the last site was left as it was")
        self._restore_site_dir(swap)

    def _restore_site_dir(self, swap: SiteSwap) -> None:
        self.swap = None
        if self._config is not None:
            self._config.site_dir = str(swap.site_dir)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self._require_state()
        # A written page's title (an entitlement's follows from its path) and description, as its kind says.
        page.meta.update(written_meta(page.file.src_uri, state.library.catalogue))
        # MkDocs picks the template before on_page_context, so the page names it now.
        template = template_for(page.file.src_uri, state.library.catalogue, state.templates)
        if template != "projecth/page.html" or "template" not in page.meta:
            page.meta["template"] = template
        return markdown

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        state = self._require_state()
        context["link"] = page_linker(state.files, page)
        context["body"] = body(page.content)
        # The records of every kind of page, from the kind that holds it (core/kinds/).
        context.update(page_context(page.file.src_uri, state.library.catalogue,
                                    ContextOptions(self.config.related_limit, self.config.newest_on_home)))
        return context

    def _require_state(self) -> LibraryState:
        if self.build is None or self.build.library is None:  # pragma: no cover - on_pre_build always runs first
            raise PluginError("projecth: the library was not loaded (on_pre_build did not run)")
        return self.build.library


class KindPagesFeature:
    """A feature that publishes the generated pages of one page kind (curriculum, case studies): what the pages
    show is the kind's (core/kinds/); a subclass names the kind and its options."""

    kind: Kind

    def __init__(self, config: Config) -> None:
        self.config = config  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = self.build.library.library.catalogue
        add_generated_pages(files, config, self.build.mode, catalogue, self.kind.generated_pages(catalogue))
        return files


def add_generated_pages(files: Files, config: MkDocsConfig, mode: BuildMode, catalogue, paths: list[str]) -> None:
    """Add in-memory pages; the navigation names the index pages it wants, never the rest."""
    for src_path in paths:
        front_matter = yaml.safe_dump({"title": catalogue.generated_title(src_path)}, allow_unicode=True)
        files.append(mode.generated_page(config, src_path, f"---\n{front_matter}---\n"))


def page_linker(files: Files, page: Page):
    """A `link(src_path)` for templates: the target page's URL relative to this page."""
    return linker(files, page.file.src_uri, page.url)


def linker(files: Files, from_src: str, from_url: str):
    """A `link(src_path)` for the page at `from_url` (whose source is `from_src`, for error messages)."""

    by_src = files.src_uris  # targets are already POSIX source paths: skip get_file_from_path's normalising

    def link(target: str) -> str:
        file = by_src.get(target)
        if file is None:
            raise PluginError(f"{from_src}: a template links to `{target}`, which is not in the site")
        return get_relative_url(file.url, from_url)

    return link


def _display(path: Path, base: Path) -> str:
    """A path as the author would type it: relative to mkdocs.yml when inside that folder."""
    try:
        return os.path.relpath(path, base) if Path(path).resolve().is_relative_to(base.resolve()) else str(path)
    except ValueError:  # pragma: no cover - different drives on Windows
        return str(path)
