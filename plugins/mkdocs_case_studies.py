"""The case-studies feature of the `projecth` plugin: case-study pages, their index and the pages that narrow it.

A thin adapter over the catalogue built by the library feature.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .core.kinds import CASE_STUDY
from .mkdocs_library import KindPagesFeature


class CaseStudiesConfig(Config):
    enabled = c.Type(bool, default=True)
    """Publish case-study pages and their index; off only for a library without content/case-studies/."""


class CaseStudiesFeature(KindPagesFeature):
    kind = CASE_STUDY  # the page kind it publishes (what its pages show is the kind's: core/kinds/)

    def __init__(self) -> None:
        super().__init__(CaseStudiesConfig())
