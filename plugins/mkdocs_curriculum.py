"""The curriculum feature of the `projecth` plugin: entitlement overviews, versions, units and coverage pages.

A thin adapter: the entitlements are loaded and validated with the rest of the
library by the library feature, whose per-build catalogue this feature reads.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .core.kinds import ENTITLEMENT
from .mkdocs_library import KindPagesFeature


class CurriculumConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish entitlement, unit and coverage pages; off only for a library without content/entitlements/."""


class CurriculumFeature(KindPagesFeature):
    kind = ENTITLEMENT  # the page kind it publishes (what its pages show is the kind's: core/kinds/)

    def __init__(self) -> None:
        super().__init__(CurriculumConfig())
