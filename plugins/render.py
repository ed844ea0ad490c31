"""One way to render: toolkit pages name a template that extends the theme's `main.html`, and MkDocs' own Jinja
environment renders it with the page's records in the page context (as Material's blog plugin does).

Here: which template a page gets (`template_for`, the one place that decides), the filters and globals every
toolkit template may use, autoescaping for the toolkit's templates (`projecth/...`, never the theme's), the page
context and meta of each page (asked of the kind that holds it), and the table of contents made from the headings
a template wrote, so that the theme prints its table of contents and its "Skip to content" link on every page kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Callable

from jinja2 import pass_context
from markupsafe import Markup, escape
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .core.kinds import ContextOptions
from .core.library.catalogue import FACETS, Catalogue
from .core.model.specs import format_duration

TEMPLATES_DIR = Path(__file__).parent / "templates"
TOOLKIT_PREFIX = "projecth/"
# The template of every page no other kind owns: the theme's content, then the page's history line.
PAGE_TEMPLATE = "projecth/page.html"

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


def heading_texts(html: str | None) -> list[str]:
    """The titles of the headings (with ids) in rendered HTML, as a reader sees them: for a template to leave out
    a generated section whose title the page's own Markdown already has (case studies, entitlements)."""
    return [unescape(text) for _, _, text in headings(str(html or ""))]


FILTERS = {"long_date": long_date, "file_size": file_size, "duration": format_duration,
           "heading_texts": heading_texts}


def toolkit_autoescape(previous):
    """Autoescaping for the toolkit's templates (`projecth/...`), the environment's own choice for the rest.

    MkDocs' environment escapes nothing, and the theme's templates are written for that; the toolkit's are
    written for escaping on, so front-matter text never becomes markup."""

    def choose(name: str | None) -> bool:
        if name and name.startswith(TOOLKIT_PREFIX):
            return True
        return previous(name) if callable(previous) else bool(previous)

    return choose


def template_for(src: str, catalogue: Catalogue, special: dict[str, str]) -> str:
    """The template of the page published from `src`: the one place that decides.

    `special` maps the source paths of pages other features generate (the search page, the field reference) to
    their templates; every other page's template is the one its kind names (core/kinds/)."""
    if src in special:
        return special[src]
    return catalogue.template_for(src) or PAGE_TEMPLATE


def toolkit_globals(catalogue: Catalogue, site: dict) -> dict:
    """What every toolkit template may use, whatever the page (registered in the environment once per build)."""

    def hub_path(facet_field: str, slug: str) -> str | None:
        hub = catalogue.hub(facet_field, slug)
        return hub.src_path if hub else None

    return {
        "label": catalogue.label,
        "hub_path": hub_path,
        "catalogue": catalogue,
        "taxonomy": catalogue.taxonomy,
        "site": site,
        "facets": {facet.field: facet for facet in FACETS},
        "projecth_sections": sections_toc,
    }


# -- the page context and the meta of each page, from the kind that holds it ------------------------------------

def page_context(src: str, catalogue: Catalogue, options: ContextOptions) -> dict:
    """What the page published from `src` gives its template: the one place that asks, of the kind that holds the
    page (written or generated), its records (core/kinds/: `Kind.page_context`); nothing for pages no kind holds."""
    for kind in catalogue.kinds:
        found = kind.page_context(catalogue, src, options)
        if found is not None:
            return found
    return {}


def written_meta(src: str, catalogue: Catalogue) -> dict[str, str]:
    """The title and meta description a written page takes from its record, as its kind says (`Kind.written_title`,
    `Kind.description`); escaped, since Material writes page.meta.description into an attribute as it is."""
    found = catalogue.record_for(src)
    if found is None:
        return {}
    kind, record = found
    meta = {}
    title = kind.written_title(record, catalogue)
    if title is not None:
        meta["title"] = title
    description = kind.description(record)
    if description is not None:
        meta["description"] = escape(description)
    return meta


def kind_counts(catalogue: Catalogue) -> list[tuple[int, str, str]]:
    """(count, one, many) of each kind a build's closing line counts, in catalog.json's order of the kinds."""
    return [(kind.count(catalogue), *kind.count_label)
            for kind in sorted(catalogue.kinds, key=lambda kind: kind.catalog_rank) if kind.count_label]


# -- the table of contents, from the headings a template wrote ----------------------------------------------------

# Linear: one pass over the tags of headings (no nested quantifiers), then one over the tags inside each heading.
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b([^>]*)>", re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_TOC_LABEL = re.compile(r"""\bdata-toc-label\s*=\s*["']([^"']*)["']""")
_TAG = re.compile(r"<[^>]*>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
_SPACE = re.compile(r"\s+")
TOC_LEVELS = 3  # the generated sections listed: h1 to h3 (the Markdown body's own entries are kept whatever level)


@dataclass
class _Heading:
    level: int
    id: str
    title: str
    children: list = field(default_factory=list)


def headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, title) of every heading with an id, in document order."""
    found = []
    start = None  # (level, id, label, end of the opening tag)
    for match in _HEADING_TAG.finditer(html):
        closing, level, attributes = match.group(1), int(match.group(2)), match.group(3)
        if not closing:
            ident = _ID.search(attributes)
            label = _TOC_LABEL.search(attributes)
            start = (level, ident.group(1) if ident else None, label.group(1) if label else None, match.end())
        elif start is not None and start[0] == level:
            if start[1]:
                text = start[2] if start[2] is not None else _TAG.sub("", _HEADERLINK.sub("", html[start[3]:match.start()]))
                found.append((level, start[1], _SPACE.sub(" ", text).strip()))
            start = None
    return found


def sections_toc(page, html: str) -> str:
    """Make `page.toc` list every section `html` (the page's content as its template wrote it) has, in order.

    Called by `projecth/base.html` before the theme renders the page, so the theme's table of contents and its
    skip link (to the first entry) cover generated sections as well as the Markdown body's headings. Entries
    the Markdown already had are kept as they are (their titles, their deeper levels). Returns nothing to print."""
    if page is None or not hasattr(page, "toc"):
        return ""
    known: dict[str, AnchorLink] = {}
    pending = list(page.toc)
    while pending:
        link = pending.pop()
        known[link.id] = link
        pending.extend(link.children)
    items: list[AnchorLink] = []
    stack: list[AnchorLink] = []
    for level, ident, title in headings(str(html)):
        link = known.pop(ident, None)
        if link is None:
            if level > TOC_LEVELS:
                continue
            link = AnchorLink(title, ident, level)
        link.children = []
        while stack and stack[-1].level >= link.level:
            stack.pop()
        (stack[-1].children if stack else items).append(link)
        stack.append(link)
    page.toc = TableOfContents(items)
    return ""


class NotFoundPage:
    """What the 404 page (a theme template with no page of its own) gives the theme as `page`: a title and a
    table of contents, so the theme prints its skip link there too. The ids are those 404.html writes."""

    def __init__(self, with_ways_in: bool):
        title = AnchorLink("Page not found", "ph-not-found", 1)
        if with_ways_in:
            title.children = [AnchorLink("Ways in", "ph-ways-in", 2)]
        self.toc = TableOfContents([title])
        self.title = "Page not found"
        self.meta: dict = {}


def page_filters(env) -> None:
    """MkDocs' `url` and `script_tag` filters make addresses relative to `page`, and absolute from the site root
    when there is none (the 404 page, served at any address): keep that for the 404 page's stand-in."""
    for name in ("url", "script_tag"):
        original = env.filters[name]

        @pass_context
        def without_stand_in(context, value, original=original):
            if isinstance(context.get("page"), NotFoundPage):
                return original({"page": None, "base_url": context["base_url"]}, value)
            return original(context, value)

        env.filters[name] = without_stand_in


def body(content: str | None) -> Markup:
    """The page's own Markdown, as MkDocs rendered it (and the body scan checked): markup, not text to escape."""
    return Markup(content or "")
