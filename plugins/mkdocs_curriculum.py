"""The `projecth-curriculum` MkDocs plugin: entitlement overviews, versions, units and coverage pages.

A thin adapter: the entitlements are loaded and validated with the rest of the
library by `projecth-library`, whose per-build catalogue this plugin reads.
"""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from markupsafe import escape

from .mkdocs_library import add_generated_pages, library_state
from .render import curriculum_context


class CurriculumConfig(Config):
    pass


class CurriculumPlugin(BasePlugin[CurriculumConfig]):
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = library_state(config).library.catalogue
        add_generated_pages(files, config, catalogue, catalogue.curriculum_paths())
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        catalogue = library_state(config).library.catalogue
        doc = catalogue.curriculum.by_src.get(page.file.src_uri)
        if doc is not None:
            # Entitlement files carry no title of their own: it follows from subject, phase and version.
            page.meta["title"] = catalogue.entitlement_title(doc, version=True)
            page.meta["description"] = escape(doc.summary)
        return markdown

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        # The template (projecth/entitlement.html, unit.html, coverage.html...) is the page's own: see
        # projecth.render.template_for. Its records come through here.
        context.update(curriculum_context(page.file.src_uri, library_state(config).library.catalogue))
        return context
