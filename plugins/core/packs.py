"""Download packs: zips of a resource's source, attachments and ATTRIBUTION.txt, reproducible byte for byte.

Every entry has a fixed date (the content's own, or SOURCE_DATE_EPOCH when set), the same permissions
and compression, and entries are sorted by name, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from pathlib import Path

from .model import Resource, Unit
from .reuse import PageUrl, SiteInfo, attachment_name, attribution_txt
from .taxonomy import Taxonomy

ZIP_EPOCH = dt.date(1980, 1, 1)  # the earliest date a zip entry can hold
FILE_MODE = 0o100644  # a regular file, readable by all
ATTRIBUTION = "ATTRIBUTION.txt"


def reproducible_zip(entries: dict[str, bytes], day: dt.date) -> bytes:
    """A zip of `entries` (name -> bytes) whose bytes depend on nothing but its arguments."""
    day = max(day, ZIP_EPOCH)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.external_attr = FILE_MODE << 16
            info.create_system = 3  # Unix, so the permissions above are read as such everywhere
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def resource_entries(resource: Resource, content_dir: Path, taxonomy: Taxonomy, site: SiteInfo,
                     page_url: PageUrl, folder: str = "", extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The files of a resource's pack, under `folder` (default: the resource's own name)."""
    folder = folder or posixpath.basename(resource.id)
    entries = {f"{folder}/{posixpath.basename(resource.src_path)}": (content_dir / resource.src_path).read_bytes()}
    for attachment in resource.attachments:
        entries[f"{folder}/{attachment_name(resource, attachment.path)}"] = (content_dir / attachment.path).read_bytes()
    url = site.absolute(page_url(resource.src_path))
    entries[f"{folder}/{ATTRIBUTION}"] = attribution_txt(
        [(resource, url)], taxonomy, site, f"{resource.title}: attribution and licence").encode("utf-8")
    entries.update({f"{folder}/{name}": data for name, data in (extra or {}).items()})  # editable copies
    return entries


def resource_pack(resource: Resource, content_dir: Path, taxonomy: Taxonomy, site: SiteInfo, page_url: PageUrl,
                  day: dt.date | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    return reproducible_zip(resource_entries(resource, content_dir, taxonomy, site, page_url, extra=extra),
                            day or resource.last_changed)


def unit_pack(unit: Unit, resources: list[Resource], content_dir: Path, taxonomy: Taxonomy, site: SiteInfo,
              page_url: PageUrl, day: dt.date | None = None) -> bytes:
    """Every supporting resource of a unit, each in its own folder, with one ATTRIBUTION.txt for them all."""
    folder = unit.local_id
    entries: dict[str, bytes] = {}
    for resource in sorted(resources, key=lambda r: r.id):
        inner = f"{folder}/{resource.network}-{posixpath.basename(resource.id)}"
        entries.update(resource_entries(resource, content_dir, taxonomy, site, page_url, inner))
    listed = [(r, site.absolute(page_url(r.src_path))) for r in sorted(resources, key=lambda r: r.id)]
    entries[f"{folder}/{ATTRIBUTION}"] = attribution_txt(
        listed, taxonomy, site, f"{unit.title}: resources, attribution and licences").encode("utf-8")
    newest = max((r.last_changed for r in resources), default=ZIP_EPOCH)
    return reproducible_zip(entries, day or newest)
