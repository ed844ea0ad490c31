"""The `projecth-case-studies` MkDocs plugin: case-study pages, their index and the pages that narrow it.

A thin adapter over the catalogue built by `projecth-library`.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .core.catalogue import CASE_STUDIES_INDEX, CASE_STUDY_FACETS
from .mkdocs_library import add_generated_pages, library_state, page_linker


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

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = library_state(config)
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
