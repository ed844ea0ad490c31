"""What another trust needs to reuse a resource legally: the site it comes from, addresses, attribution.

Shared by the catalogue export, JSON-LD, feeds and packs. Nothing here imports MkDocs: the plugin
gives a `SiteInfo` (from mkdocs.yml) and a function from a source path to the page's address.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin

from ..model.specs import Resource, Unit
from ..model.taxonomy import Taxonomy

DOWNLOADS_ROOT = "downloads"
LANGUAGE = "en-GB"

# A source path (`networks/maths/x.md`, or a generated page's) -> its address relative to the site root.
PageUrl = Callable[[str], str]


@dataclass(frozen=True)
class SiteInfo:
    """The library as mkdocs.yml describes it: everything another trust changes by configuration."""

    name: str
    url: str  # the base address, ending in "/"
    publisher: str  # the trust that publishes the library (mkdocs.yml `site_author`)
    description: str = ""
    repo_url: str = ""

    def absolute(self, relative: str) -> str:
        base = self.url if self.url.endswith("/") else self.url + "/"
        return urljoin(base, relative.lstrip("/") if relative not in ("", ".", "./") else "")


def source_download(resource: Resource) -> str:
    """Where the resource's Markdown source is published: downloads/networks/maths/x.md."""
    return f"{DOWNLOADS_ROOT}/{resource.id}.md"


def pack_download(resource: Resource) -> str:
    return f"{DOWNLOADS_ROOT}/{resource.id}.zip"


def unit_pack_download(unit: Unit) -> str:
    return f"{DOWNLOADS_ROOT}/entitlements/{unit.id}.zip"


def attachment_name(resource: Resource, path: str) -> str:
    """An attachment's path relative to the resource's folder (as its Markdown links to it), inside a pack."""
    relative = posixpath.relpath(path, posixpath.dirname(resource.src_path))
    return relative if not relative.startswith("../") else f"files/{posixpath.basename(path)}"


def licence_terms(taxonomy: Taxonomy, slug: str) -> dict:
    """The licence's details as a reuser needs them; the allows_* flags default to true when not stated."""
    term = taxonomy.licences[slug]
    info = taxonomy.licence_info(slug)
    return {
        "id": slug,
        "name": term.label,
        "url": term.get("url"),
        "attribution": term.get("attribution"),
        "allows_adaptation": taxonomy.licence_allows(slug, "adaptation"),
        "allows_commercial": taxonomy.licence_allows(slug, "commercial"),
        "allows_redistribution": taxonomy.licence_allows(slug, "redistribution"),
        "share_alike": info.share_alike,
        "non_commercial": info.non_commercial,
        "no_derivatives": info.no_derivatives,
        "compatible": list(info.compatible),
    }


def credit(resource: Resource, taxonomy: Taxonomy, site: SiteInfo, url: str) -> str:
    """The TASL attribution (title, author, source, licence) a reuser copies, in one paragraph of plain text."""
    licence = taxonomy.licences[resource.licence]
    text = (f"\u201c{resource.title}\u201d by {_names(resource.authors)}, from {site.name} ({site.publisher}), {url}, "
            f"is licensed under {licence.label} ({licence.get('url')}).")
    text += chain_text(resource.based_on)
    if resource.third_party:
        text += " " + third_party_text(resource)
    return text


def chain_text(chain) -> str:
    """The credit chain in sentences: the immediate source, then each work the one before adapts."""
    if not chain:
        return ""
    first = chain[0]
    text = (f" It is adapted from \u201c{first.title}\u201d by {first.author} ({first.url}), used under "
            f"{based_on_licence_text(first)}; changes were made.")
    for adapted, source in zip(chain, chain[1:]):
        text += (f" \u201c{adapted.title}\u201d is itself adapted from \u201c{source.title}\u201d by "
                 f"{source.author} ({source.url}), under {based_on_licence_text(source)}.")
    return text


def based_on_licence_text(original) -> str:
    """An original's licence as a reuser cites it: its name and, where known, its address."""
    name = original.licence_name or original.licence
    return f"{name} ({original.licence_url})" if original.licence_url else name


def third_party_text(resource: Resource) -> str:
    parts = []
    for item in resource.third_party:
        detail = ", ".join(x for x in (item.owner, item.licence) if x)
        parts.append(f"{item.what} ({detail})")
    return f"Not covered by this licence: {'; '.join(parts)}."


def attribution_txt(resources: list[tuple[Resource, str]], taxonomy: Taxonomy, site: SiteInfo,
                    heading: str) -> str:
    """ATTRIBUTION.txt of a pack: for each resource its credit, licence and third-party material, as plain text."""
    lines = [heading, "=" * len(heading), ""]
    for resource, url in resources:
        licence = taxonomy.licences[resource.licence]
        lines += [
            resource.title,
            "-" * len(resource.title),
            f"Title: {resource.title}",
            f"Author: {_names(resource.authors)}",
            f"Source: {url}",
            f"Licence: {licence.label} ({resource.licence}), {licence.get('url')}",
            f"Published: {resource.published.isoformat()}"
            + (f"; updated {resource.updated.isoformat()}" if resource.updated else ""),
            "",
            "Attribution to copy:",
            credit(resource, taxonomy, site, url),
            "",
        ]
        if licence.get("attribution"):
            lines += [licence.get("attribution"), ""]
        if resource.based_on:
            lines += ["Based on (the work it adapts first, then the works that one adapts in turn); changes were made:"]
            for position, original in enumerate(resource.based_on, start=1):
                lines.append(f"{position}. \u201c{original.title}\u201d by {original.author}, {original.url}, "
                             f"under {based_on_licence_text(original)} ({original.licence}).")
            lines.append("")
        for item in resource.third_party:
            lines += [f"Third-party material not covered by the licence: {item.what}, owned by {item.owner}"
                      + (f"; source: {item.source}" if item.source else "")
                      + (f"; {item.licence}" if item.licence else "") + ".", ""]
    return "\n".join(lines).rstrip() + "\n"


def _names(authors: tuple[str, ...]) -> str:
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


def build_date(environ: dict | None = None) -> dt.date | None:
    """SOURCE_DATE_EPOCH as a date (reproducible builds), or None when it is not set."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return None
