"""The `projecth-case-studies` MkDocs plugin: case-study pages, their index and the pages that narrow it.

A thin adapter over the catalogue built by `projecth-library`.
"""

from __future__ import annotations

from markupsafe import escape
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .mkdocs_library import add_generated_pages, library_state
from .render import case_studies_context


class CaseStudiesConfig(Config):
    pass


class CaseStudiesPlugin(BasePlugin[CaseStudiesConfig]):
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = library_state(config).library.catalogue
        add_generated_pages(files, config, catalogue, catalogue.case_study_paths())
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        study = library_state(config).library.catalogue.case_studies_by_src.get(page.file.src_uri)
        if study is not None:
            page.meta["description"] = escape(study.summary)
        return markdown

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        # The template (projecth/case_study.html, case_studies_index.html) is the page's own: see
        # projecth.render.template_for. Its records come through here.
        context.update(case_studies_context(page.file.src_uri, library_state(config).library.catalogue))
        return context
