"""The case-studies feature of the `projecth` plugin: case-study pages, their index and the pages that narrow it.

A thin adapter over the catalogue built by the library feature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .core.kinds import CASE_STUDY
from .mkdocs_library import add_generated_pages

if TYPE_CHECKING:
    from .plugin import BuildState


class CaseStudiesConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish case-study pages and their index; off only for a library without content/case-studies/."""


class CaseStudiesFeature:
    kind = CASE_STUDY  # the page kind it publishes (what its pages show is the kind\'s: core/kinds/)

    def __init__(self) -> None:
        self.config = CaseStudiesConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = self.build.library.library.catalogue
        add_generated_pages(files, config, self.build.mode, catalogue, self.kind.generated_pages(catalogue))
        return files
