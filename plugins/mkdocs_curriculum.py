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
from mkdocs.structure.pages import Page
from markupsafe import Markup, escape

from .core.catalogue import COVERAGE_INDEX, ENTITLEMENTS_INDEX
from .mkdocs_library import add_generated_pages, page_linker

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

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self.build.library
        catalogue, render = state.library.catalogue, state.renderer.page
        curriculum = catalogue.curriculum
        src = page.file.src_uri
        link = page_linker(files, page)
        if src in curriculum.by_src:
            doc = curriculum.by_src[src]
            return render("entitlement.html", link, doc=doc, body=Markup(html),
                          current=curriculum.current[doc.key], changes=curriculum.changes(doc),
                          versions=curriculum.versions[doc.key], coverage=catalogue.coverage(doc))
        if src in catalogue.overview_pages:
            doc = catalogue.overview_pages[src]
            return render("entitlement.html", link, doc=doc, body=None, current=doc,
                          changes=curriculum.changes(doc), versions=curriculum.versions[doc.key],
                          coverage=catalogue.coverage(doc))
        if src in catalogue.unit_pages:
            unit = catalogue.unit_pages[src]
            return render("unit.html", link, unit=unit, doc=curriculum.unit_doc[unit.id],
                          resources=catalogue.resources_by_unit.get(unit.id, ()),
                          case_studies=catalogue.case_studies_by_unit.get(unit.id, ()))
        if src in catalogue.coverage_pages:
            return render("coverage.html", link, coverage=catalogue.coverage(catalogue.coverage_pages[src]))
        if src == ENTITLEMENTS_INDEX:
            return render("entitlements_index.html", link, coverages=catalogue.all_coverage())
        if src == COVERAGE_INDEX:
            return render("coverage_all.html", link, coverages=catalogue.all_coverage())
        return html
