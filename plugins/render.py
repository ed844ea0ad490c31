"""Rendering library pages through Jinja templates that a site can override.

The templates live in `projecth/templates/projecth/`; a site overrides any of
them by putting a file of the same name under its theme's `custom_dir`. The
environment escapes every value by default, so front-matter text can never
become markup. Nothing here imports MkDocs: the plugin passes a `link`
function that turns a source path into a URL relative to the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup

from .core.catalogue import FACETS, Catalogue, FacetIndex, Hub
from .core.model import Page, Resource, format_duration

TEMPLATES_DIR = Path(__file__).parent / "templates"

Link = Callable[[str], str]


def long_date(value: dt.date | None) -> str:
    """15 September 2025: unambiguous for British readers."""
    return f"{value.day} {value:%B %Y}" if value else ""


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class Renderer:
    """Renders each kind of library page; one per build, sharing the site's template loader."""

    def __init__(self, loader: jinja2.BaseLoader, catalogue: Catalogue, site: dict, extras: dict | None = None):
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["long_date"] = long_date
        self.env.filters["file_size"] = file_size
        self.env.filters["duration"] = format_duration
        self.catalogue = catalogue
        self.site = site
        self.extras = {} if extras is None else extras
        self.facets = {facet.field: facet for facet in FACETS}

    def add_globals(self, **values) -> None:
        """Let another project plugin offer its own helpers to every toolkit template (e.g. the search page)."""
        self.env.globals.update(values)

    def page(self, template: str, link: Link, **context) -> str:
        """Render one of the toolkit's templates (`projecth/<template>`) for a page."""
        return self._render(template, link, **context)

    def _render(self, template: str, link: Link, **context) -> str:
        return self.env.get_template(f"projecth/{template}").render(
            link=link,
            label=self.catalogue.label,
            hub_path=self._hub_path,
            catalogue=self.catalogue,
            taxonomy=self.catalogue.taxonomy,
            site=self.site,
            extras=self.extras,
            facets=self.facets,
            **context,
        )

    def _hub_path(self, facet_field: str, slug: str) -> str | None:
        hub = self.catalogue.hub(facet_field, slug)
        return hub.src_path if hub else None

    def resource(self, resource: Resource, body: str, link: Link, related_limit: int) -> str:
        return self._render(
            "resource.html",
            link,
            resource=resource,
            body=Markup(body),
            related=self.catalogue.related(resource, related_limit),
            network=self.catalogue.taxonomy.networks[resource.network],
            licence=self.catalogue.taxonomy.licences[resource.licence],
            units=[self.catalogue.curriculum.units[uid] for uid in resource.units
                   if uid in self.catalogue.curriculum.units],
            case_studies=self.catalogue.case_studies_by_resource.get(resource.id, ()),
        )

    def hub(self, hub: Hub, link: Link) -> str:
        return self._render("hub.html", link, hub=hub)

    def facet_index(self, index: FacetIndex, link: Link) -> str:
        return self._render("facet_index.html", link, index=index)

    def library_index(self, link: Link) -> str:
        return self._render("library.html", link, groups=self.catalogue.a_to_z())

    def home(self, page: Page, body: str, link: Link, newest: int) -> str:
        return self._render(
            "home.html",
            link,
            page=page,
            body=Markup(body),
            counts=self.catalogue.counts(),
            newest=self.catalogue.newest(newest),
            ways_in=self.catalogue.ways_in(),
        )
