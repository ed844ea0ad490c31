"""The guide feature of the `projecth` plugin: the contributor guide's field reference, generated at every build.

The reference is rendered from the content model and taxonomy.yml (through
`core.guide`) onto one page, by default `contribute/fields.md`. When the site
has that file, its text introduces the reference and the tables follow it;
when it has not, the feature makes the page. Either way the tables are never
written by hand, so they cannot drift from what `projecth check` enforces.
"""

from __future__ import annotations

import yaml
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .core.authoring.field_guide import field_reference, term_details

if TYPE_CHECKING:
    from .plugin import BuildState


# The reference's heading (in templates/projecth/guide_fields.html), for the table of contents.
GUIDE_HEADING = "Every field, and what it may hold"


class GuideConfig(Config):
    enabled = c.Type(bool, default=True)
    """Generate the field reference (the navigation must then not name its page)."""
    page = c.Type(str, default="contribute/fields.md")
    """The page that carries the field reference, as a source path under docs_dir."""
    title = c.Type(str, default="Field reference")
    """The page's title when the feature makes the page itself."""


class GuideFeature:
    def __init__(self) -> None:
        self.config = GuideConfig()  # set by the plugin in on_config
        self.build: BuildState | None = None  # set by the plugin in on_config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        page = self.config.page
        if not page.endswith(".md"):
            raise PluginError(f"projecth: `guide: page` must be a Markdown source path such as "
                              f"contribute/fields.md, not `{page}`")
        twin = _same_address(page)
        if files.get_file_from_path(twin) is not None:
            raise PluginError(f"content/{twin} would be published where the field reference goes "
                              f"(content/{page}); remove one of them, or set `page` under `projecth: guide:` in "
                              "mkdocs.yml")
        self.build.library.templates[page] = "projecth/guide.html"
        if files.get_file_from_path(page) is None:
            front_matter = yaml.safe_dump({"title": self.config.title}, allow_unicode=True)
            files.append(File.generated(config, page, content=f"---\n{front_matter}---\n",
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        # The page's template (projecth/guide.html: its own text, then the reference) is set with every other
        # page's (projecth.render.template_for); its sections reach the table of contents from there.
        if page.file.src_uri == self.config.page:
            state = self.build.library
            context.update(reference=field_reference(state.taxonomy), term_details=term_details,
                           heading=GUIDE_HEADING)
        return context


def _same_address(src: str) -> str:
    """`contribute/fields.md` and `contribute/fields/index.md` publish to the same address."""
    if src.endswith("/index.md"):
        return src[: -len("/index.md")] + ".md"
    return src[: -len(".md")] + "/index.md"
