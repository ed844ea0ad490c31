"""The curriculum feature of the `projecth` plugin: entitlement overviews, versions, units and coverage pages.

A thin adapter: the entitlements are loaded and validated with the rest of the
library by the library feature, whose per-build catalogue this feature reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from markupsafe import escape

from .mkdocs_library import add_generated_pages
from .render import curriculum_context

if TYPE_CHECKING:
    from .plugin import BuildState


class CurriculumConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish entitlement, unit and coverage pages; off only for a library without content/entitlements/."""


class CurriculumFeature:
    def __init__(self) -> None:
        self.config = CurriculumConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = self.build.library.library.catalogue
        add_generated_pages(files, config, self.build.mode, catalogue, catalogue.curriculum_paths())
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        catalogue = self.build.library.library.catalogue
        doc = catalogue.curriculum.by_src.get(page.file.src_uri)
        if doc is not None:
            # Entitlement files carry no title of their own: it follows from subject, phase and version.
            page.meta["title"] = catalogue.entitlement_title(doc, version=True)
            page.meta["description"] = escape(doc.summary)
        return markdown

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        # The template (projecth/entitlement.html, unit.html, coverage.html...) is the page's own: see
        # projecth.render.template_for. Its records come through here.
        context.update(curriculum_context(page.file.src_uri, self.build.library.library.catalogue))
        return context
