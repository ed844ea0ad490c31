"""The case-studies feature of the `projecth` plugin: case-study pages, their index and the pages that narrow it.

A thin adapter over the catalogue built by the library feature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .core.catalogue import CASE_STUDIES_INDEX, CASE_STUDY_FACETS
from .mkdocs_library import add_generated_pages, page_linker

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

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self.build.library
        catalogue, render = state.library.catalogue, state.renderer.page
        src = page.file.src_uri
        link = page_linker(files, page)
        if src in catalogue.case_studies_by_src:
            study = catalogue.case_studies_by_src[src]
            return render("case_study.html", link, study=study, body=Markup(html),
                          resources=[catalogue.by_id[rid] for rid in study.resources if rid in catalogue.by_id],
                          units=[catalogue.curriculum.units[uid] for uid in study.units
                                 if uid in catalogue.curriculum.units])
        if src == CASE_STUDIES_INDEX or src in catalogue.case_study_groups:
            group = catalogue.case_study_groups.get(src)
            groups = [(folder, vocabulary, [g for g in catalogue.case_study_groups.values() if g.facet == facet])
                      for facet, vocabulary, folder in CASE_STUDY_FACETS]
            return render("case_studies_index.html", link, group=group, groups=groups,
                          studies=group.studies if group else catalogue.case_studies)
        return html
