"""Copying a resource from another Project H library into this one, as a draft to review and adapt.

The other library's catalog.json says everything about the resource (metadata, licence, addresses);
its Markdown source gives the text. The licence decides whether the copy is allowed at all: one that
forbids adaptation or redistribution is refused. The copy keeps the licence and the authors, and
credits the original in `based_on`, so its page says it was adapted and changes were made.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .catalogue import RESOURCES_ROOT
from .exports import CATALOG_PATH
from .model import RESOURCE_FIELDS, STATUS_DRAFT
from .source import split_front_matter
from .strictyaml import quote
from .taxonomy import Taxonomy

MAX_BYTES = 25 * 1024 * 1024  # the largest file an import fetches
TIMEOUT_SECONDS = 20
# Markdown links and images with a relative target: [text](target) or ![alt](target "title").
_LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why and what to do."""


@dataclass
class ImportResult:
    path: Path  # the new draft
    attachments: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was changed to fit this library


class Source:
    """Another library, read over http(s) or from a folder (a built site, or a folder holding catalog.json)."""

    def __init__(self, location: str):
        self.location = location
        self.remote = urlsplit(location).scheme in ("http", "https")
        if self.remote:
            self.base = location if location.endswith("/") or location.endswith(".json") else location + "/"
            self.catalog_address = self.base if self.base.endswith(".json") else urljoin(self.base, CATALOG_PATH)
            self.base = self.catalog_address.rsplit("/", 1)[0] + "/"
        else:
            path = Path(location)
            self.catalog_address = str(path / CATALOG_PATH if path.is_dir() else path)
            self.base = str(Path(self.catalog_address).parent)
        self.site_url = ""

    def read(self, address: str) -> bytes:
        """Bytes at an address of the catalogue (absolute, under the library's own site_url, or relative)."""
        relative = None
        if self.site_url and address.startswith(self.site_url):
            relative = address[len(self.site_url):]
        elif not urlsplit(address).scheme:
            relative = address
        if self.remote:
            url = urljoin(self.base, relative) if relative is not None else address
            return fetch(url)
        if relative is None:
            if urlsplit(address).scheme in ("http", "https"):
                return fetch(address)
            raise ImportRefused(f"cannot read `{address}`")
        path = Path(self.base, *[part for part in relative.split("/") if part not in ("", ".", "..")])
        try:
            return path.read_bytes()
        except OSError as error:
            raise ImportRefused(f"cannot read {path}: {error.strerror}") from error

    def catalog(self) -> dict:
        data = fetch(self.catalog_address) if self.remote else _read_local(Path(self.catalog_address))
        try:
            catalog = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportRefused(f"{self.catalog_address} is not a Project H catalogue (not JSON: {error})") from error
        if not isinstance(catalog, dict) or "resources" not in catalog or "schema_version" not in catalog:
            raise ImportRefused(f"{self.catalog_address} is not a Project H catalogue (no `resources`)")
        if not str(catalog["schema_version"]).startswith("1."):
            raise ImportRefused(f"the catalogue's schema version is {catalog['schema_version']}; this toolkit reads "
                                "version 1: update the projecth package")
        self.site_url = str(catalog.get("site", {}).get("url", ""))
        return catalog


def _read_local(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"cannot read {path}: {error.strerror or error}") from error


def fetch(url: str) -> bytes:
    """GET over http(s), bounded in time and size."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImportRefused(f"`{url}` is not an http or https address")
    request = urllib.request.Request(url, headers={"User-Agent": "projecth-import"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ImportRefused(f"{url}: the server answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ImportRefused(f"{url}: could not fetch it ({reason})") from error
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB: not imported")
    return data


def find_record(catalog: dict, resource_id: str) -> dict:
    wanted = resource_id.strip().strip("/")
    wanted = wanted[:-3] if wanted.endswith(".md") else wanted
    for record in catalog.get("resources", []):
        if record.get("id") == wanted:
            return record
    ids = [record.get("id", "") for record in catalog.get("resources", [])]
    import difflib

    near = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.5)
    hint = f" Did you mean `{near[0]}`?" if near else ""
    raise ImportRefused(f"the catalogue has no published resource `{wanted}`.{hint}")


def check_licence(record: dict, taxonomy: Taxonomy) -> str:
    """The licence id, if it lets this library adapt and republish the resource; otherwise ImportRefused."""
    terms = record.get("licence_terms") or {}
    licence = record.get("licence", "")
    name = terms.get("name") or licence
    if terms.get("allows_adaptation") is False:
        raise ImportRefused(f"`{record['id']}` is licensed under {name}, which does not allow adaptations: it cannot "
                            f"be imported to adapt. Link to it instead: {record.get('url')}")
    if terms.get("allows_redistribution") is False:
        raise ImportRefused(f"`{record['id']}` is licensed under {name}, which does not allow it to be published "
                            f"again elsewhere: it cannot be imported. Link to it instead: {record.get('url')}")
    if licence not in taxonomy.licences:
        raise ImportRefused(f"`{record['id']}` is licensed under {name} (`{licence}`), which this library's "
                            f"taxonomy.yml does not list: add it under `licences` (url: {terms.get('url')}) first, "
                            "so that its terms are shown on the page")
    return licence


def import_resource(source: Source, resource_id: str, network: str, content_dir: Path, taxonomy: Taxonomy,
                    today: dt.date) -> ImportResult:
    if network not in taxonomy.networks:
        near = taxonomy.networks.nearest(network)
        hint = f" Did you mean `{near}`?" if near else ""
        raise ImportRefused(f"`{network}` is not a network in taxonomy.yml.{hint} Networks: "
                            f"{', '.join(taxonomy.networks.slugs())}")
    catalog = source.catalog()
    record = find_record(catalog, resource_id)
    licence = check_licence(record, taxonomy)
    name = posixpath.basename(record["id"])
    folder = f"{RESOURCES_ROOT}/{network}"
    target = content_dir / folder / f"{name}.md"
    if target.exists():
        raise ImportRefused(f"{target} already exists: it may have been imported before; remove it first")
    text = source.read(record["source_url"]).decode("utf-8")
    split, problems = split_front_matter(text.replace("\r\n", "\n"))
    if problems:
        raise ImportRefused(f"the source of `{record['id']}` cannot be read: {problems[0].message}")
    result = ImportResult(target)
    attachments = []
    for item in record.get("attachments", []):
        rel = posixpath.normpath(item["path"])
        if rel.startswith("../") or rel.startswith("/") or rel == "..":
            raise ImportRefused(f"attachment `{item['path']}` points outside the resource's folder: not imported")
        data = source.read(item["url"])
        path = content_dir / folder / rel
        if path.exists() and path.read_bytes() != data:
            raise ImportRefused(f"{path} already exists with other content: move it, then import again")
        attachments.append((path, data, rel, item["title"]))
    body = rewrite_links(split.body, record, {rel for _, _, rel, _ in attachments}, source.site_url)
    front = front_matter(record, network, licence, taxonomy, today, [(rel, title) for _, _, rel, title in attachments],
                         result.notes)
    target.parent.mkdir(parents=True, exist_ok=True)
    for path, data, _, _ in attachments:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result.attachments.append(path)
    target.write_text(front + "\n" + body.lstrip("\n"), encoding="utf-8")
    return result


def rewrite_links(body: str, record: dict, attachments: set[str], site_url: str) -> str:
    """Relative links to the other library's pages become absolute links to them; attachments stay relative."""
    base = record["url"]
    folder = posixpath.dirname(record["id"])

    def replace(match: re.Match) -> str:
        target = match.group(2)
        if urlsplit(target).scheme or target.startswith("#") or target.startswith("mailto:"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        if posixpath.normpath(path) in attachments:
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved.endswith(".md"):
            stem = resolved[:-3]
            stem = stem[: -len("index")] if stem.endswith("index") else stem + "/"
            url = urljoin(site_url or base, stem.lstrip("/"))
        else:
            url = urljoin(site_url or base, resolved)
        return f"{match.group(1)}{url}{'#' + anchor if anchor else ''}{match.group(3)}"

    return _LINK.sub(replace, body)


def _list(items) -> str:
    return "[" + ", ".join(quote(item) for item in items) + "]"


def front_matter(record: dict, network: str, licence: str, taxonomy: Taxonomy, today: dt.date,
                 attachments: list[tuple[str, str]], notes: list[str]) -> str:
    """Front matter for the draft, in the model's field order; values outside this taxonomy are dropped."""

    def known(name: str, vocabulary: str) -> list[str]:
        values = record.get(name) or []
        values = values if isinstance(values, list) else [values]
        kept = [v for v in values if v in taxonomy.vocabulary(vocabulary)]
        dropped = [v for v in values if v not in kept]
        if dropped:
            notes.append(f"`{name}`: {', '.join(dropped)} not in this library's taxonomy.yml, left out")
        return kept

    subjects = known("subjects", "subjects") or list(taxonomy.networks[network].get("subjects") or [])[:1]
    resource_type = (known("resource_type", "resource_types") or ["guide"])[0]
    audience = known("audience", "audiences") or taxonomy.audiences.slugs()[:1]
    values = {
        "title": quote(record["title"]),
        "summary": quote(record["summary"]),
        "network": network,
        "subjects": _list(subjects),
        "phases": _list(known("phases", "phases")),
        "key_stages": _list(known("key_stages", "key_stages")),
        "year_groups": _list(known("year_groups", "year_groups")) if record.get("year_groups") else None,
        "resource_type": resource_type,
        "audience": _list(audience),
        "authors": _list(record["authors"]),
        "published": today.isoformat(),
        "time_required": quote(record["time_required"]) if record.get("time_required") else None,
        "tags": _list(record["tags"]) if record.get("tags") else None,
        "licence": licence,
        "attachments": None,
        "status": STATUS_DRAFT,
        "based_on": None,
        "third_party": None,
    }
    lines = ["---"]
    for spec in RESOURCE_FIELDS:
        value = values.get(spec.name)
        if spec.name == "attachments" and attachments:
            lines.append("attachments:")
            lines += [f"  - {{path: {quote(path)}, title: {quote(title)}}}" for path, title in attachments]
        elif spec.name == "based_on":
            authors = record["authors"]
            lines += ["# Imported: the original, credited on the page; say what you changed in the text.",
                      "based_on:",
                      f"  title: {quote(record['title'])}",
                      f"  author: {quote(', '.join(authors[:-1]) + ' and ' + authors[-1] if len(authors) > 1 else authors[0])}",
                      f"  url: {quote(record['url'])}",
                      f"  licence: {quote(record['licence'])}"]
        elif spec.name == "third_party" and record.get("third_party"):
            lines.append("third_party:")
            for item in record["third_party"]:
                parts = ", ".join(f"{key}: {quote(item[key])}" for key in ("what", "owner", "source", "licence")
                                  if item.get(key))
                lines.append(f"  - {{{parts}}}")
        elif value is not None and value != "[]":
            lines.append(f"{spec.name}: {value}")
    if record.get("based_on"):
        original = record["based_on"]
        notes.append(f"the original is itself adapted from \u201c{original.get('title')}\u201d by "
                     f"{original.get('author')} ({original.get('url')}): keep that credit in the text")
    lines.append("---")
    return "\n".join(lines) + "\n"
