"""Stable addresses: every alias of a resource (an old id) becomes a small page that sends readers on, and so do
the addresses a reader is likely to guess for the site's own pages (`/a-z/` for the A to Z at `/library/`)."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Collection
from dataclasses import dataclass

from ..library.catalogue import LIBRARY_INDEX, Catalogue

# Addresses a reader may type for a page that lives elsewhere: (the guessed address, the page's source path).
# Each is left out where a page or a resource's alias already has that address.
GUESSED_ADDRESSES = (("a-z", LIBRARY_INDEX),)


@dataclass(frozen=True)
class Redirect:
    alias: str  # the old id, e.g. networks/maths/old-name
    target: str  # the source path of the page it now lives at
    title: str  # the title of that page

    def dest(self, use_directory_urls: bool) -> str:
        """The file the redirect page is written to, where the old page was."""
        return posixpath.join(self.alias, "index.html") if use_directory_urls else f"{self.alias}.html"


def redirects(catalogue: Catalogue, pages: Collection[str] = ()) -> list[Redirect]:
    """Every published resource's aliases, then the guessed addresses that no page in `pages` (source paths) and
    no alias takes, in a stable order (the loader refuses aliases that collide)."""
    found = [Redirect(alias, resource.src_path, resource.title) for resource in catalogue.resources
             for alias in resource.aliases]
    taken = {item.alias for item in found}
    for alias, target in GUESSED_ADDRESSES:
        free = alias not in taken and f"{alias}.md" not in pages and f"{alias}/index.md" not in pages
        if free and target in pages:
            found.append(Redirect(alias, target, catalogue.generated_title(target)))
    return sorted(found, key=lambda r: r.alias)


def page_date(src: str, catalogue: Catalogue, last_changed: dict, build_day: dt.date | None) -> dt.date | None:
    """A page's last-modified date for sitemap.xml, from the content's own dates where it has them.

    The date its page kind gives (`Kind.page_date`: resources and case studies `updated` or `published`,
    entitlement pages `valid_from`, hubs their newest resource's); any other page: the date another plugin
    found (e.g. from git), else the build's SOURCE_DATE_EPOCH, else None (left out, never the wall clock).
    """
    for kind in catalogue.kinds:
        date = kind.page_date(catalogue, src)
        if date is not None:
            return date
    known = last_changed.get(src)
    if isinstance(known, dt.datetime):
        return known.date()
    if isinstance(known, dt.date):
        return known
    if isinstance(known, str):
        try:
            return dt.date.fromisoformat(known[:10])
        except ValueError:
            pass
    return build_day
