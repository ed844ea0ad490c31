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

from .core.kinds import ENTITLEMENT
from .mkdocs_library import add_generated_pages

if TYPE_CHECKING:
    from .plugin import BuildState


class CurriculumConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish entitlement, unit and coverage pages; off only for a library without content/entitlements/."""


class CurriculumFeature:
    kind = ENTITLEMENT  # the page kind it publishes (what its pages show is the kind\'s: core/kinds/)

    def __init__(self) -> None:
        self.config = CurriculumConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = self.build.library.library.catalogue
        add_generated_pages(files, config, self.build.mode, catalogue, self.kind.generated_pages(catalogue))
        return files
