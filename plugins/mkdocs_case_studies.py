"""The case-studies feature of the `projecth` plugin: case-study pages, their index and the pages that narrow it.

A thin adapter over the catalogue built by the library feature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .mkdocs_library import add_generated_pages
from .render import case_studies_context

if TYPE_CHECKING:
    from .plugin import BuildState


class CaseStudiesConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish case-study pages and their index; off only for a library without content/case-studies/."""


class CaseStudiesFeature:
    def __init__(self) -> None:
        self.config = CaseStudiesConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = self.build.library.library.catalogue
        add_generated_pages(files, config, self.build.mode, catalogue, catalogue.case_study_paths())
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        study = self.build.library.library.catalogue.case_studies_by_src.get(page.file.src_uri)
        if study is not None:
            page.meta["description"] = escape(study.summary)
        return markdown

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        # The template (projecth/case_study.html, case_studies_index.html) is the page's own: see
        # projecth.render.template_for. Its records come through here.
        context.update(case_studies_context(page.file.src_uri, self.build.library.library.catalogue))
        return context
