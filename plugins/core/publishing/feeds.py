"""Atom feeds of new and updated resources: the data only; the XML is a template (`projecth/feed.xml`).

One feed for the whole library, one per network group and one per subject. Entries are newest change
first; a feed's `updated` is its newest entry's, so the same content always gives the same feed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..library.catalogue import Catalogue
from ..model.specs import Resource
from .attribution import PageUrl, SiteInfo

# Feeds sit at the site root: Material's script fetches `sitemap.xml` beside the address of every
# <link rel="alternate"> on a page, which for feeds in a folder would be a 404 on every page view.
ALL_FEED = "feed.xml"
ENTRIES_PER_FEED = 50
# The facets that get feeds: (Resource attribute, taxonomy vocabulary, name part: feed-network-maths.xml).
FEED_FACETS = (("network", "networks", "network"), ("subjects", "subjects", "subject"))


@dataclass(frozen=True)
class Entry:
    id: str  # the resource's address: stable, and unique in every feed
    title: str
    url: str
    published: str  # RFC 3339
    updated: str
    summary: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    path: str  # where it is published, relative to the site root
    title: str
    subtitle: str
    url: str  # its own address (rel="self")
    site_url: str  # the HTML page it belongs to (rel="alternate")
    updated: str
    entries: tuple[Entry, ...]
    facet: str = ""  # the Resource attribute it narrows, or "" for the whole library
    slug: str = ""


def timestamp(day: dt.date) -> str:
    """Midnight UTC of the day: resources carry dates, and Atom needs a date-time."""
    return f"{day.isoformat()}T00:00:00Z"


def feed_path(facet: str, slug: str) -> str:
    part = next(part for field, _, part in FEED_FACETS if field == facet)
    return f"feed-{part}-{slug}.xml"


def _by_change(resource: Resource) -> tuple:
    return (-resource.last_changed.toordinal(), -resource.published.toordinal(), resource.id)


def build_feeds(catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> list[Feed]:
    """The site-wide feed, then one per network group and subject that has resources."""

    def entry(resource: Resource) -> Entry:
        url = site.absolute(page_url(resource.src_path))
        categories = [catalogue.label("resource_types", resource.resource_type)]
        categories += [catalogue.label("subjects", s) for s in resource.subjects]
        return Entry(url, resource.title, url, timestamp(resource.published), timestamp(resource.last_changed),
                     resource.summary, resource.authors, tuple(categories))

    def feed(path: str, title: str, subtitle: str, page: str, resources, facet: str = "", slug: str = "") -> Feed:
        chosen = sorted(resources, key=_by_change)[:ENTRIES_PER_FEED]
        entries = tuple(entry(r) for r in chosen)
        updated = max((e.updated for e in entries), default=timestamp(dt.date(1970, 1, 1)))
        return Feed(path, title, subtitle, site.absolute(path), site.absolute(page), updated, entries, facet, slug)

    feeds = [feed(ALL_FEED, f"{site.name}: new and updated resources",
                  f"Every resource of {site.name}, newest change first.", "", catalogue.resources)]
    for facet, vocabulary, _ in FEED_FACETS:
        for term in catalogue.taxonomy.vocabulary(vocabulary):
            hub = catalogue.hub(facet, term.slug)
            if hub is None:
                continue
            feeds.append(feed(feed_path(facet, term.slug), f"{site.name}: {term.label}",
                              f"New and updated resources: {term.label}.", page_url(hub.src_path),
                              hub.resources, facet, term.slug))
    return feeds
