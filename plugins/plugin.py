"""The `projecth` MkDocs plugin: the whole toolkit as one plugin, its features called in an order this module states.

`projecth: {library: {...}, search: {indexing: false}, ...}` in mkdocs.yml gives each feature its own typed options
(the `XConfig` class of its module); a key no feature knows is an error naming it. Each feature is an object of its
module (`mkdocs_library.LibraryFeature` and so on) with MkDocs' event methods; this plugin calls them, for every
event, in the order of `ORDER`. What one feature computes for another (the catalogue, each page's last change,
the search page's address) is in the typed `BuildState`, made afresh by every build: the plugin defines
on_startup, so `mkdocs serve` keeps it across rebuilds.

The old plugin names (`projecth-library` and seven more) still load, as `OldPluginName`, only to stop the build
with the `projecth:` entry that replaces them, built from their own options.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml
from mkdocs.config.base import Config, ValidationError
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from .mkdocs_audit import AuditConfig, AuditFeature
from .mkdocs_case_studies import CaseStudiesConfig, CaseStudiesFeature
from .mkdocs_curriculum import CurriculumConfig, CurriculumFeature
from .mkdocs_guide import GuideConfig, GuideFeature
from .mkdocs_history import HistoryConfig, HistoryFeature, HistoryState
from .mkdocs_library import LibraryConfig, LibraryFeature, LibraryState
from .mkdocs_reuse import ReuseConfig, ReuseFeature, ReuseState
from .mkdocs_search import SearchConfig, SearchFeature, SearchState
from .preview import BuildMode

# The order in which the plugin calls its features, for every MkDocs event (each calls only the events it has).
ORDER: tuple[str, ...] = (
    # First: loads and validates the whole library (on_pre_build), removes drafts and adds the library's pages
    # (on_files), names each page's template (on_page_markdown); every other feature reads its catalogue.
    "library",
    # Pages generated from the library's catalogue: before reuse, which lists every page's address.
    "curriculum",
    "case_studies",
    # Adds the field reference page when the site has none (before reuse lists addresses).
    "guide",
    # Adds the search page before reuse lists addresses; runs Pagefind in on_post_build, before the audit reads
    # its output.
    "search",
    # After every feature that adds pages, so that catalog.json, feeds, redirects and JSON-LD know every address;
    # gives a unit page its pack (on_page_context).
    "reuse",
    # After the library removed drafts, whose dates it must not publish (reuse reads its dates later, in on_env,
    # for sitemap.xml); each page's history line is its template's (partials/page_history.html).
    "history",
    # Last: its allow-list of scripts is the files every other feature added; it audits the site Pagefind has
    # indexed, and the site swap (the plugin's own last step) waits for it.
    "audit",
)

# Why a feature cannot be switched off, for the error a site gets when it tries.
ALWAYS_ON = MappingProxyType({
    "library": "it loads and checks the content every other feature publishes",
    "reuse": "resource pages show each resource's licence, attribution and downloads",
    "audit": "it is the security check of every built page; `headers: false` leaves out only `_headers`",
})

# The plugin names used before 2026-12-01, and the feature each became.
OLD_NAMES = MappingProxyType({
    "projecth-library": "library",
    "projecth-curriculum": "curriculum",
    "projecth-case-studies": "case_studies",
    "projecth-history": "history",
    "projecth-guide": "guide",
    "projecth-search": "search",
    "projecth-reuse": "reuse",
    "projecth-audit": "audit",
})


class FeatureOptions(c.SubConfig):
    """One feature's options under `projecth:`: a typed sub-config whose unknown keys are errors, not warnings."""

    def __init__(self, name: str, config_class: type[Config]) -> None:
        super().__init__()
        self.name = name  # the key under `projecth:`, for messages
        self.config_class = config_class

    def run_validation(self, value: object) -> Config:
        name = self.name
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ValidationError(f"`{name}:` under `projecth:` in mkdocs.yml must hold the feature's options as "
                                  f"`key: value` lines indented below it, not {value!r}")
        known = [key for key, _ in self.config_class._schema]
        unknown = [key for key in value if key not in known]
        if unknown:
            key = unknown[0]
            if key == "enabled" and name in ALWAYS_ON:
                raise ValidationError(f"`{name}: enabled` under `projecth:` in mkdocs.yml: this feature cannot be "
                                      f"switched off ({ALWAYS_ON[name]}); delete the `enabled` line")
            raise ValidationError(f"`{key}` under `projecth: {name}:` in mkdocs.yml is not one of its options; "
                                  f"they are {', '.join(f'`{k}`' for k in known if k != 'render_ahead')}")
        return super().run_validation(value)


class ProjecthConfig(Config):
    library = FeatureOptions("library", LibraryConfig)
    curriculum = FeatureOptions("curriculum", CurriculumConfig)
    case_studies = FeatureOptions("case_studies", CaseStudiesConfig)
    guide = FeatureOptions("guide", GuideConfig)
    search = FeatureOptions("search", SearchConfig)
    reuse = FeatureOptions("reuse", ReuseConfig)
    history = FeatureOptions("history", HistoryConfig)
    audit = FeatureOptions("audit", AuditConfig)

    def validate(self):
        failed, warnings = super().validate()
        # MkDocs only warns about a key it does not know; here a misspelt feature would silently get defaults.
        unknown = [key for key, _ in warnings if key not in self._schema_keys]
        for key in unknown:
            failed.append((key, ValidationError(
                f"`{key}` under `projecth:` in mkdocs.yml is not one of its features; they are "
                f"{', '.join(f'`{name}`' for name in ORDER)}")))
        return failed, [(key, message) for key, message in warnings if key not in unknown]


@dataclass
class BuildState:
    """What one build knows, feature by feature; made afresh in on_config, so nothing survives a rebuild."""

    options: ProjecthConfig  # this build's `projecth:` options
    # A full build, or what `mkdocs serve --dirty` keeps between rebuilds (projecth.preview): the features call
    # it the same way in both.
    mode: BuildMode
    library: LibraryState | None = None  # the library feature's, from on_pre_build
    search: SearchState | None = None  # the search feature's, from on_config
    reuse: ReuseState | None = None  # the reuse feature's, from on_files
    history: HistoryState | None = None  # the history feature's, from on_files
    # Each event the plugin has run, and the features it called for it, in the order it called them.
    ran: dict[str, tuple[str, ...]] = field(default_factory=dict)


class ProjecthPlugin(BasePlugin[ProjecthConfig]):
    def __init__(self) -> None:
        super().__init__()
        # One object per feature, for the plugin's whole life (what on_startup tells them stays for `serve`).
        self.library = LibraryFeature()
        self.curriculum = CurriculumFeature()
        self.case_studies = CaseStudiesFeature()
        self.guide = GuideFeature()
        self.search = SearchFeature()
        self.reuse = ReuseFeature()
        self.history = HistoryFeature()
        self.audit = AuditFeature()
        # The page kinds a feature of their own publishes (and can leave out): the library publishes the rest.
        self.library.published_elsewhere = frozenset(feature.kind for _, feature in self.features(enabled_only=False)
                                                     if hasattr(feature, "kind"))
        self.build: BuildState | None = None  # per build, from on_config
        self._handlers: dict[str, tuple[tuple[str, Callable], ...]] = {}  # event -> this build's (feature, method)

    def features(self, enabled_only: bool = True) -> list[tuple[str, Any]]:
        """(name, feature object) in ORDER; by default only those this build's options switch on."""
        return [(name, getattr(self, name)) for name in ORDER
                if not enabled_only or getattr(self.config[name], "enabled", True)]

    def _handlers_for(self, event: str) -> tuple[tuple[str, Callable], ...]:
        if event not in self._handlers:
            self._handlers[event] = tuple((name, getattr(feature, event)) for name, feature in self.features()
                                          if hasattr(feature, event))
        return self._handlers[event]

    def _chain(self, event: str, item, **kwargs):
        """Call `event` on each feature in order, each given what the one before returned (as MkDocs does)."""
        handlers = self._handlers_for(event)
        if self.build is not None and event not in self.build.ran:
            self.build.ran[event] = tuple(name for name, _ in handlers)
        for _, method in handlers:
            result = method(item, **kwargs)
            if result is not None:
                item = result
        return item

    def _run(self, event: str, **kwargs) -> None:
        handlers = self._handlers_for(event)
        if self.build is not None and event not in self.build.ran:
            self.build.ran[event] = tuple(name for name, _ in handlers)
        for _, method in handlers:
            method(**kwargs)

    # -- MkDocs events. The priorities order the toolkit against MkDocs, the theme and other plugins and hooks;
    # the order among the toolkit's own features is ORDER.

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Every feature, switched on or not: options may change between `mkdocs serve` rebuilds.
        for _, feature in self.features(enabled_only=False):
            if hasattr(feature, "on_startup"):
                feature.on_startup(command=command, dirty=dirty)

    def on_shutdown(self) -> None:
        for _, feature in self.features(enabled_only=False):
            if hasattr(feature, "on_shutdown"):
                feature.on_shutdown()

    # First, so that every other plugin sees where this build writes (the library feature sets config.site_dir).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.build = BuildState(self.config, self.library.mode)
        self._handlers = {}
        for name, feature in self.features(enabled_only=False):
            feature.config, feature.build = self.config[name], self.build
        return self._chain("on_config", config)

    # First: validate before other plugins and before MkDocs cleans site_dir, so that a failed build leaves the
    # last good site in place and publishes nothing.
    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._run("on_pre_build", config=config)
        self._refuse_content_left_out()

    def _refuse_content_left_out(self) -> None:
        """A switched-off curriculum or case-study feature must not leave written pages unpublished, silently."""
        catalogue = self.build.library.library.catalogue
        for name, what in (("curriculum", "an entitlement"), ("case_studies", "a case study")):
            pages = catalogue.written_of(getattr(self, name).kind)
            if pages and not self.config[name].enabled:
                raise PluginError(f"content/{min(pages)} is {what}, but `{name}: {{enabled: false}}` under "
                                  f"`projecth:` in mkdocs.yml leaves such pages out: delete that `enabled` line, "
                                  f"or move the files out of content/")

    def on_files(self, files, *, config: MkDocsConfig):
        return self._chain("on_files", files, config=config)

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files) -> str:
        return self._chain("on_page_markdown", markdown, page=page, config=config, files=files)

    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        return self._chain("on_page_context", context, page=page, config=config, nav=nav)

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        return self._chain("on_template_context", context, template_name=template_name, config=config)

    def on_env(self, env, *, config: MkDocsConfig, files):
        return self._chain("on_env", env, config=config, files=files)

    # After any other plugin or hook has changed the page: the audit fills its policy and checks what is published.
    @event_priority(-110)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._chain("on_post_template", output_content, template_name=template_name, config=config)

    @event_priority(-110)
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return self._chain("on_post_page", output, page=page, config=config)

    # After every other plugin's and hook's on_post_build: Pagefind (search) reads the pages as published, then the
    # audit checks them and Pagefind's output; whatever wrote into the site before, the audit sees it.
    @event_priority(-110)
    def _features_post_build(self, *, config: MkDocsConfig) -> None:
        self._run("on_post_build", config=config)

    # The very last step of a build, once the audit has passed: put the new site in place.
    @event_priority(-1000)
    def _swap_in(self, *, config: MkDocsConfig) -> None:
        self.library.swap_in(config=config)

    on_post_build = CombinedEvent(_features_post_build, _swap_in)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self._run("on_build_error", error=error)


# -- the old plugin names -----------------------------------------------------------------------------------

class OldPluginName(BasePlugin):
    """`projecth-library` and the seven other names of before 2026-12-01: the first to run stops the build with one
    message that gives the `projecth:` entry replacing them all, built from their own options.

    Stopping rather than building with a warning: both mkdocs.yml files the toolkit writes set `strict: true`,
    where any warning stops the build anyway, and a site that listed `projecth` beside an old name would run
    features twice."""

    def __init__(self) -> None:
        super().__init__()
        self.options: dict = {}

    def load_config(self, options: dict, config_file_path: str | None = None):
        # Any options: they are carried into the replacement, not checked here (a warning would hide the message).
        self.options = dict(options or {})
        return [], []

    @event_priority(1000)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        listed = {name.split(" #")[0]: plugin.options for name, plugin in config.plugins.items()
                  if isinstance(plugin, OldPluginName)}
        raise PluginError(old_names_message(listed, "projecth" in config.plugins))


def old_names_message(listed: dict[str, dict], has_new: bool = False) -> str:
    """The one message for a mkdocs.yml that lists old plugin names (`listed`: old name -> its options)."""
    names = ", ".join(f"`{name}`" for name in OLD_NAMES if name in listed)
    if has_new:
        return (f"mkdocs.yml lists {names} beside `projecth`, which now does all of it: delete those lines under "
                f"`plugins:`, and move their options under `projecth:`, as here:\n\n{replacement_yaml(listed)}")
    return (f"mkdocs.yml lists {names}: the toolkit is now one plugin, `projecth`. Replace those lines under "
            f"`plugins:` with these (built from your options; a `!ENV` value shows what it gave this build):\n\n"
            f"{replacement_yaml(listed)}")


def replacement_yaml(listed: dict[str, dict]) -> str:
    """The `projecth` entry under `plugins:` that does what the old names in `listed` did, with their options;
    a switchable feature whose old plugin was not listed is switched off."""
    features: dict[str, dict] = {}
    for old, feature in OLD_NAMES.items():
        if old in listed:
            if listed[old]:
                features[feature] = listed[old]
        elif feature not in ALWAYS_ON:
            features[feature] = {"enabled": False}
    ordered = {name: features[name] for name in ORDER if name in features}
    if not ordered:
        return "  - projecth\n"
    body = yaml.safe_dump(ordered, sort_keys=False, default_flow_style=False, allow_unicode=True)
    return "  - projecth:\n" + textwrap.indent(body, " " * 6)
