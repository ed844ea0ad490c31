"""Plain pages: every Markdown file no other kind owns (the home page, about, contribute...).

A page needs only its title; this module loads it and picks the theme's template (the home page's own)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.specs import PAGE_FIELDS, Page
from . import ContextOptions, Kind, LoadContext, Loaded

if TYPE_CHECKING:  # pragma: no cover
    from ..library.catalogue import Catalogue

HOME = "index.md"


class PageKind(Kind):
    name = "page"
    folder = None
    fields = PAGE_FIELDS
    record_type = Page
    template = "projecth/page.html"  # the theme's page, with the toolkit's history line and table of contents

    def owns(self, src_path: str) -> bool:
        return True  # last in the registry: what no other kind owns

    def load(self, context: LoadContext) -> Loaded:
        c = context
        values, ok = c.checker.read(c.root, self.fields, "a page's", line=1)
        page = self.build(values, src_path=c.src, body_line=c.body_line) if ok else None
        return Loaded(c.src, c.body, c.body_line, page, kind=self.name)

    def template_for(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path == HOME and src_path in catalogue.pages:
            return "projecth/home.html"  # the home page shows the newest resources and the ways in
        return self.template if src_path in catalogue.pages else None

    def page_context(self, catalogue: Catalogue, src_path: str, options: ContextOptions) -> dict | None:
        """The home page's listings; nothing for any other page (the theme shows its Markdown)."""
        if src_path not in catalogue.pages:
            return None
        if src_path == HOME:
            return {"counts": catalogue.counts(), "newest": catalogue.newest(options.newest_on_home),
                    "ways_in": catalogue.ways_in()}
        return {}

    def description(self, record: Page) -> str | None:
        return record.summary or None

    def catalogued(self, records, failed: set[str]) -> list:
        return list(records)

    def written(self, catalogue: Catalogue, records) -> dict[str, Page]:
        return catalogue.pages


PAGE = PageKind()
