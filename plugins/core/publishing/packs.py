"""Download packs: zips of a resource's source, the images its body shows, its attachments and ATTRIBUTION.txt,
reproducible byte for byte.

Every entry has a fixed date (the content's own, or SOURCE_DATE_EPOCH when set), the same permissions
and compression, and entries are sorted by name, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from ..model.specs import Resource, Unit
from .attribution import PageUrl, SiteInfo, attachment_name, attribution_txt
from ..model.taxonomy import Taxonomy

ZIP_EPOCH = dt.date(1980, 1, 1)  # the earliest date a zip entry can hold
FILE_MODE = 0o100644  # a regular file, readable by all
ATTRIBUTION = "ATTRIBUTION.txt"
# Where an image from outside the resource's folder goes in its pack (the packed Markdown is pointed at it).
SHARED_IMAGES = "images"

# Image references in Markdown and HTML, each in linear time: `![alt](path "title")`, a reference definition
# `[label]: path` (counted when an image uses the label), and `src`/`srcset` attributes of <img> and <source>.
_INLINE_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\(\s*(<[^<>\n]*>|[^\s()<>]+)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\[([^\[\]\n]*)\]|!\[([^\[\]\n]+)\](?![(\[])")
_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)
_IMG_TAG = re.compile(r"<\s*(?:img|source)\b[^<>]*>", re.IGNORECASE)
_SRC_ATTRIBUTE = re.compile(r"""\b(src|srcset)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _image_references(text: str) -> list[tuple[int, int, str]]:
    """(start, end, written address) of every image reference in a Markdown body; the span is the address's."""
    found: list[tuple[int, int, str]] = []
    for match in _INLINE_IMAGE.finditer(text):
        found.append((match.start(1), match.end(1), match.group(1)))
    used = set()
    for match in _REFERENCE_IMAGE.finditer(text):
        if match.group(3) is not None:  # ![alt]: the alt text is the label
            used.add(_label(match.group(3)))
        else:  # ![alt][label], or ![alt][] with the alt text as the label
            used.add(_label(match.group(2) if match.group(2).strip() else match.group(1)))
    for match in _DEFINITION.finditer(text):
        if _label(match.group(1)) in used:
            found.append((match.start(2), match.end(2), match.group(2)))
    for tag in _IMG_TAG.finditer(text):
        for attribute in _SRC_ATTRIBUTE.finditer(tag.group()):
            value = attribute.group(2)
            start = tag.start() + attribute.start(2)
            if value[:1] in "\"'":
                value, start = value[1:-1], start + 1
            if attribute.group(1).lower() == "srcset":
                offset = 0
                for candidate in value.split(","):
                    address = candidate.strip().split(" ")[0] if candidate.strip() else ""
                    if address:
                        at = value.index(address, offset)
                        found.append((start + at, start + at + len(address), address))
                    offset += len(candidate) + 1
            else:
                found.append((start, start + len(value), value))
    return sorted(found)


def body_images(resource: Resource, content_dir: Path, text: str | None = None) -> list[tuple[int, int, str]]:
    """The local image files the resource's body uses: (start, end, path under content/), one per reference.

    Addresses with a scheme (https:, data:), site-absolute ones and ones that leave content/ are not local
    files of the library and are left alone; so is anything that is not an existing non-Markdown file.
    """
    if text is None:
        text = (content_dir / resource.src_path).read_text(encoding="utf-8")
    base = posixpath.dirname(resource.src_path)
    images = []
    for start, end, written in _image_references(text):
        address = written[1:-1] if written.startswith("<") else written
        address = unquote(address.split("#", 1)[0].split("?", 1)[0])
        if not address or _SCHEME.match(address) or address.startswith(("/", "\\")):
            continue
        path = posixpath.normpath(posixpath.join(base, address))
        if path.startswith("../") or path == ".." or path.endswith(".md"):
            continue
        candidate = content_dir / path
        if candidate.is_file() and not candidate.is_symlink():
            images.append((start, end, path))
    return images


def pack_sources(resource: Resource, content_dir: Path) -> list[str]:
    """Every file under content/ a resource's pack holds (its Markdown, images and attachments)."""
    images = [path for _, _, path in body_images(resource, content_dir)]
    return sorted({resource.src_path, *images, *(a.path for a in resource.attachments)})


def resource_entries(resource: Resource, content_dir: Path, taxonomy: Taxonomy, site: SiteInfo,
                     page_url: PageUrl, folder: str = "", extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The files of a resource's pack, under `folder` (default: the resource's own name)."""
    folder = folder or posixpath.basename(resource.id)
    source = (content_dir / resource.src_path).read_bytes()
    text = source.decode("utf-8")
    base = posixpath.dirname(resource.src_path)
    moved: list[tuple[int, int, str]] = []  # references to rewrite: images from outside the resource's folder
    entries: dict[str, bytes] = {}
    for start, end, path in body_images(resource, content_dir, text):
        relative = posixpath.relpath(path, base)
        if relative.startswith("../"):
            relative = f"{SHARED_IMAGES}/{path}"  # the path under content/: no two can meet
            moved.append((start, end, relative))
        entries[f"{folder}/{relative}"] = (content_dir / path).read_bytes()
    for start, end, relative in reversed(moved):
        text = text[:start] + relative + text[end:]
    entries[f"{folder}/{posixpath.basename(resource.src_path)}"] = text.encode("utf-8") if moved else source
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
