"""Copying a resource from another Project H library into this one, as a draft to review and adapt.

The other library's catalog.json says everything about the resource (metadata, licence, addresses);
its Markdown source gives the text. Nothing that library sends is trusted:

- Every address is fetched from the host given on the command line only (https, or http to exactly the
  host and port given), redirects are followed by hand and checked the same way, and the host's
  addresses are resolved and checked BEFORE connecting (no loopback, private, link-local, multicast,
  reserved or cloud-metadata address unless a test opts in to loopback and private ones), and the
  connection goes to the address that was checked, so a second DNS answer cannot move it.
- One import has a total time limit (measured across every read, so a trickling server cannot stretch
  it) and each download a size limit.
- Every record is validated before use: a damaged catalogue gives a message, never a traceback.
- Attachments stay inside the resource's folder, with an allow-listed type that their bytes confirm;
  never a Markdown page, never a dot-folder.
- Images the body uses are downloaded too, given slug names, and the body is rewritten to them.
- The licence of the copy is the strictest of the whole credit chain (the source and everything it was
  itself based on), and the chain is kept in `based_on`, immediate source first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import http.client
import ipaddress
import json
import posixpath
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urljoin, urlsplit

from ..security.files import KINDS, type_problem
from ..library.catalogue import RESOURCES_ROOT
from ..kinds import RESOURCE, kind_of
from ..publishing.catalog_json import CATALOG_PATH
from ..model.licences import KNOWN, LicenceInfo, problems_with, strictest, with_terms
from ..model.specs import MAPPING, STATUS_DRAFT
from ..reading.frontmatter import split_front_matter
from ..reading.located_yaml import quote
from ..model.taxonomy import Taxonomy, slugify

MAX_BYTES = 25 * 1024 * 1024  # the largest file an import fetches
TOTAL_SECONDS = 60.0  # the longest one import may take, every download included
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # everything one import fetches
MAX_REDIRECTS = 5
MAX_CHAIN = 50  # links of a credit chain
CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Addresses that are never fetched, even by a test that allows private ones: cloud instance metadata services.
_METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254"))
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_FILE_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*\Z")

# Attachment types an import accepts: those the toolkit publishes (core/security/files.py, recognised by their bytes
# there), less two. SVG can carry script: it is imported only once converted to PNG by hand. A stylesheet is
# published only where mkdocs.yml names it, never as an attachment.
ATTACHMENT_TYPES = frozenset(KINDS) - {"svg", "css"}
IMAGE_TYPES = ("png", "jpg", "gif", "webp")  # the images a body's references bring, by the name each is saved with

# Markdown images, reference definitions and <img src>: written so that each runs in linear time (no class that
# can overlap the next part of the pattern is repeated without a bound).
_IMAGE = re.compile(r"(!\[[^\[\]\n]{0,1000}\]\(\s{0,20})(<[^<>\n]{1,2000}>|[^\s()<>]{1,2000})"
                    r"((?:\s{1,20}(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\s{0,20}\))")
_IMAGE_REFERENCE = re.compile(r"!\[([^\[\]\n]{0,1000})\](?!\()(?:\[([^\[\]\n]{0,1000})\])?")
_DEFINITION = re.compile(r"(?m)^( {0,3}\[([^\[\]\n]{1,1000})\]:[ \t]{0,20})(<[^<>\n]{1,2000}>|[^\s<>]{1,2000})")
_IMG_SRC = re.compile(r"(<img\b[^<>]{0,2000}?\bsrc[ \t]{0,20}=[ \t]{0,20})(\"[^\"<>]{0,2000}\"|'[^'<>]{0,2000}'"
                      r"|[^\s\"'<>]{1,2000})", re.IGNORECASE)
# Markdown links (not images) with a target: [text](target) or [text](target "title").
_LINK = re.compile(r"((?<!!)\[[^\[\]\n]{0,1000}\]\(\s{0,20})(<[^<>\n]{1,2000}>|[^\s()<>]{1,2000})"
                   r"((?:\s{1,20}\"[^\"\n]{0,500}\")?\s{0,20}\))")


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why and what to do."""


class NotAvailable(ImportRefused):
    """The server answered, but not with the file (404 and the like): nothing unsafe happened."""


@dataclass(frozen=True)
class Limits:
    """How far an import may go. `allow_private_addresses` is for tests and a library on this computer or the
    school's own network: it lets loopback and private addresses through (never link-local or metadata ones)."""

    total_seconds: float = TOTAL_SECONDS
    max_bytes: int = MAX_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_redirects: int = MAX_REDIRECTS
    allow_private_addresses: bool = False


@dataclass
class ImportResult:
    path: Path  # the new draft
    attachments: list[Path] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was changed to fit this library


# -- fetching: one host, checked addresses, bounded time and size -------------------------------------------------


def _origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) address; ImportRefused for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ImportRefused(f"`{url}` is not a valid address ({error})") from error
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        shown = f"`{scheme}:`" if scheme else "no `https:`"
        raise ImportRefused(f"`{url}` is {'an' if scheme else 'not a full address, with'} {shown}"
                            f"{' address' if scheme else ''}: the importer fetches only https:// addresses (and "
                            "http:// on the host and port you gave)")
    if parts.username is not None or parts.password is not None:
        raise ImportRefused(f"`{url}` carries a user name or password: give the library's address without one")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ImportRefused(f"`{url}` names no host")
    return scheme, host, port or (443 if scheme == "https" else 80)


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> str | None:
    """Why the importer will not connect to an address, or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return address_problem(embedded, allow_private)
    if ip in _METADATA:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return None if allow_private else "a loopback address (this computer)"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private or not ip.is_global:
        return None if allow_private else "a private address (a local network)"
    return None


class Fetcher:
    """Downloads for ONE import, from the host given and nowhere else, within one time budget."""

    def __init__(self, given: str, limits: Limits, resolve=socket.getaddrinfo, clock=time.monotonic):
        self.scheme, self.host, self.port = _origin(given)
        self.limits = limits
        self._resolve = resolve
        self._clock = clock
        self._deadline = clock() + limits.total_seconds
        self._fetched = 0
        self._context = ssl.create_default_context()

    def where(self) -> str:
        default = 443 if self.scheme == "https" else 80
        return self.host if self.port == default else f"{self.host}:{self.port}"

    def check_url(self, url: str) -> tuple[str, str, int]:
        """The address's origin, if the importer may fetch it: https on the given host (at the given port, or 443),
        or http to exactly the host and port given when that was an http address."""
        scheme, host, port = _origin(url)
        if host.lower() != self.host.lower():
            raise ImportRefused(f"`{url}` is on another host (`{host}`) than the library you gave (`{self.where()}`): "
                                "the importer fetches only from the address you gave")
        if scheme == "http" and (self.scheme != "http" or port != self.port):
            raise ImportRefused(f"`{url}` is a plain http:// address: only https:// is fetched (http:// only to the "
                                "host and port you gave)")
        if scheme == "https" and port != (self.port if self.scheme == "https" else 443):
            raise ImportRefused(f"`{url}` is on another port ({port}) than the library you gave (`{self.where()}`)")
        return scheme, host, port

    def remaining(self, url: str) -> float:
        left = self._deadline - self._clock()
        if left <= 0:
            raise ImportRefused(f"{url}: the import took longer than {self.limits.total_seconds:g} seconds in all "
                                "(the server is too slow, or sends its answer very slowly): nothing was imported")
        return left

    def address_of(self, url: str, host: str, port: int) -> str:
        """The one address to connect to, after checking every address the host name resolves to."""
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
            candidates = [literal]
        except ValueError:
            try:
                answers = self._resolve_within(url, host, port)
            except (socket.gaierror, UnicodeError, OSError) as error:
                raise ImportRefused(f"{url}: the host `{host}` could not be found ({error})") from error
            candidates = []
            for answer in answers:
                try:
                    candidates.append(ipaddress.ip_address(str(answer[4][0]).split("%")[0]))
                except ValueError:
                    continue
        if not candidates:
            raise ImportRefused(f"{url}: the host `{host}` has no address")
        for ip in candidates:
            problem = address_problem(ip, self.limits.allow_private_addresses)
            if problem:
                shown = "" if host.strip("[]") == str(ip) else f" ({ip})"
                hint = " (to import from a library on this computer or your own network, allow private addresses: " \
                       "`projecth import --allow-private-addresses ...`)" if problem.startswith(("a loopback",
                                                                                                 "a private")) else ""
                raise ImportRefused(f"{url}: `{host}` is {problem}{shown}: the importer does not fetch from it. "
                                    f"Give the library's public address{hint}")
        return str(candidates[0])

    def _resolve_within(self, url: str, host: str, port: int) -> list:
        """The host's addresses, looked up within the import's time budget (a slow DNS server cannot stretch it)."""
        answer: dict = {}

        def look_up() -> None:
            try:
                answer["addresses"] = self._resolve(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as error:
                answer["error"] = error

        thread = threading.Thread(target=look_up, daemon=True)
        thread.start()
        thread.join(self.remaining(url))
        if "error" in answer:
            raise answer["error"]
        if "addresses" not in answer:
            self.remaining(url)
            raise ImportRefused(f"{url}: looking up `{host}` took too long")
        return answer["addresses"]

    def get(self, url: str) -> bytes:
        """The bytes at an address, following at most a few redirects, each checked like the first address."""
        current, previous = url.split("#", 1)[0], ""
        for _ in range(self.limits.max_redirects + 1):
            try:
                scheme, host, port = self.check_url(current)
            except ImportRefused as error:
                if not previous:
                    raise
                raise ImportRefused(f"{previous}: the server redirects it, and {error}") from error
            status, location, data = self._get_once(current, scheme, host, port)
            if status not in _REDIRECTS:
                return data
            if not location:
                raise ImportRefused(f"{current}: the server answered {status} (a redirect) without saying where to")
            previous, current = current, urljoin(current, location.strip()).split("#", 1)[0]
        raise ImportRefused(f"{url}: more than {self.limits.max_redirects} redirects: not imported")

    def _get_once(self, url: str, scheme: str, host: str, port: int) -> tuple[int, str, bytes]:
        address = self.address_of(url, host, port)
        timeout = self.remaining(url)
        if scheme == "https":
            connection = _PinnedHTTPSConnection(host, port, address, timeout, self._context)
        else:
            connection = _PinnedHTTPConnection(host, port, address, timeout)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        # The watchdog ends a connection that outlives the budget, whatever it is doing (headers included).
        watchdog = threading.Timer(timeout, connection.abort)
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request("GET", target, headers={"User-Agent": "projecth-import", "Accept-Encoding": "identity",
                                                       "Connection": "close"})
            response = connection.getresponse()
            status = response.status
            if status in _REDIRECTS:
                return status, response.getheader("Location") or "", b""
            if status != 200:
                raise NotAvailable(f"{url}: the server answered {status} {response.reason}")
            encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
            if encoding != "identity":
                raise ImportRefused(f"{url}: the server sent it compressed (`{encoding}`), which the importer does not "
                                    "unpack")
            declared = response.getheader("Content-Length")
            if declared and declared.strip().isdigit() and int(declared) > self.limits.max_bytes:
                raise self._too_large(url)
            chunks, size = [], 0
            while True:
                connection.settimeout(self.remaining(url))
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                self._fetched += len(chunk)
                if size > self.limits.max_bytes:
                    raise self._too_large(url)
                if self._fetched > self.limits.max_total_bytes:
                    raise ImportRefused(f"{url}: the import fetched more than "
                                        f"{self.limits.max_total_bytes // (1024 * 1024)} MB in all: not imported")
                chunks.append(chunk)
                self.remaining(url)
            # An answer cut short (by the watchdog at the time limit, or by the server) is not a whole file.
            self._check_whole(url, connection, declared, size)
            return status, "", b"".join(chunks)
        except ImportRefused:
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            self._check_whole(url, connection, None, 0)  # a connection the watchdog ended says so
            reason = getattr(error, "reason", None) or error.__class__.__name__ + (f": {error}" if str(error) else "")
            raise ImportRefused(f"{url}: could not fetch it ({reason})") from error
        finally:
            watchdog.cancel()
            connection.close()

    def _check_whole(self, url: str, connection: "_Pinned", declared: str | None, size: int) -> None:
        if connection.aborted:
            self.remaining(url)
            raise ImportRefused(f"{url}: the import took longer than {self.limits.total_seconds:g} seconds in all: "
                                "nothing was imported")
        self.remaining(url)
        if declared and declared.strip().isdigit() and size != int(declared):
            raise ImportRefused(f"{url}: the answer ended after {size} of the {int(declared)} bytes it announced: "
                                "not imported; try again later")

    def _too_large(self, url: str) -> ImportRefused:
        return ImportRefused(f"{url} is larger than {self.limits.max_bytes / (1024 * 1024):g} MB: not imported")


class _Pinned:
    """A connection to the address that was checked, never to a fresh DNS answer for the host name."""

    _address: str
    aborted: bool  # set by the watchdog

    def _open(self) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def settimeout(self, seconds: float) -> None:
        if self.sock is not None:
            self.sock.settimeout(max(seconds, 0.001))

    def abort(self) -> None:
        self.aborted = True
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _PinnedHTTPConnection(_Pinned, http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        http.client.HTTPConnection.__init__(self, host, port, timeout=timeout)
        self._address = address
        self.aborted = False

    def connect(self) -> None:
        self.sock = self._open()


class _PinnedHTTPSConnection(_Pinned, http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext):
        http.client.HTTPSConnection.__init__(self, host, port, timeout=timeout, context=context)
        self._address = address
        self.aborted = False

    def connect(self) -> None:
        self.sock = self._context.wrap_socket(self._open(), server_hostname=self.host)


def fetch(url: str, limits: Limits | None = None) -> bytes:
    """GET one address on its own host, with the importer's checks and limits."""
    return Fetcher(url, limits or Limits()).get(url)


# -- the other library ------------------------------------------------------------------------------------------


class Source:
    """Another library, read over http(s) or from a folder (a built site, or a folder holding catalog.json).

    The catalogue's addresses are absolute under the other library's configured `site_url`; they are read
    from the address given instead (that is where the library was found), and must stay under it.
    """

    def __init__(self, location: str, limits: Limits | None = None):
        self.location = location
        self.limits = limits or Limits()
        self.remote = "://" in location or urlsplit(location).scheme in ("http", "https")
        self.fetcher: Fetcher | None = None
        if self.remote:
            base = location if location.endswith("/") or location.endswith(".json") else location + "/"
            self.fetcher = Fetcher(base, self.limits)
            self.catalog_address = base if base.endswith(".json") else urljoin(base, CATALOG_PATH)
            self.base = self.catalog_address.rsplit("/", 1)[0] + "/"
        else:
            path = Path(location)
            self.catalog_address = str(path / CATALOG_PATH if path.is_dir() else path)
            self.base = str(Path(self.catalog_address).parent)
        self.site_url = ""

    def relative(self, address: str) -> str:
        """An address of the catalogue as a path under the library's root; ImportRefused if it is elsewhere."""
        if not isinstance(address, str) or not address.strip():
            raise ImportRefused(f"the catalogue gives `{address!r}` as an address: {_DAMAGED}")
        address = address.strip().split("#", 1)[0]
        parts = urlsplit(address)
        if self.site_url and address.startswith(self.site_url):
            rel = address[len(self.site_url):]
        elif self.remote and parts.scheme and address.startswith(self.base):
            rel = address[len(self.base):]
        elif not parts.scheme and not parts.netloc and not address.startswith("/"):
            rel = address
        else:
            raise ImportRefused(f"the catalogue points to `{address}`, which is not under the library's own address "
                                f"(`{self.site_url or self.base}`): the importer fetches only from the library you "
                                "gave")
        path = posixpath.normpath(unquote(rel.split("?", 1)[0])) if rel else "."
        if path.startswith("../") or path in ("..", ".") or path.startswith("/") or "\\" in path or "\x00" in path:
            raise ImportRefused(f"the catalogue points to `{address}`, which is not a file inside the library")
        return path

    def read(self, address: str) -> bytes:
        """Bytes at an address of the catalogue, read from the location given."""
        path = self.relative(address)
        if self.fetcher is not None:
            return self.fetcher.get(urljoin(self.base, url_quote(path)))
        return self._read_file(path)

    def read_path(self, path: str) -> bytes:
        """Bytes of a file of the other library's built site, by its path under the site's root."""
        if self.fetcher is not None:
            return self.fetcher.get(urljoin(self.base, url_quote(path)))
        return self._read_file(path)

    def _read_file(self, rel: str) -> bytes:
        root = Path(self.base).resolve()
        path = root.joinpath(*rel.split("/"))
        try:
            resolved = path.resolve()
            if not resolved.is_relative_to(root) or path.is_symlink():
                raise ImportRefused(f"{path} is a link out of the library's folder: not read")
        except OSError as error:
            raise ImportRefused(f"cannot read {path}: {error.strerror or error}") from error
        if not path.is_file():
            raise NotAvailable(f"{path} does not exist")
        if path.stat().st_size > self.limits.max_bytes:
            raise ImportRefused(f"{path} is larger than {self.limits.max_bytes / (1024 * 1024):g} MB: not imported")
        return _read_local(path)

    def catalog(self) -> dict:
        data = self.fetcher.get(self.catalog_address) if self.fetcher else _read_local(Path(self.catalog_address))
        try:
            catalog = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportRefused(f"{self.catalog_address} is not a Project H catalogue (not JSON: {error})") from error
        except RecursionError as error:
            raise ImportRefused(f"{self.catalog_address} is not a Project H catalogue (nested too deeply)") from error
        if not isinstance(catalog, dict) or "resources" not in catalog or "schema_version" not in catalog:
            raise ImportRefused(f"{self.catalog_address} is not a Project H catalogue (no `resources`)")
        if not isinstance(catalog["resources"], list):
            raise ImportRefused(f"{self.catalog_address}: `resources` is {_kind(catalog['resources'])}, not a list: "
                                f"{_DAMAGED}")
        if not str(catalog["schema_version"]).startswith("1."):
            raise ImportRefused(f"the catalogue's schema version is {catalog['schema_version']}; this toolkit reads "
                                "version 1: update the projecth package")
        site = catalog.get("site") if isinstance(catalog.get("site"), dict) else {}
        url = site.get("url") if isinstance(site.get("url"), str) else ""
        self.site_url = url if not url or url.endswith("/") else url + "/"
        return catalog


_DAMAGED = "the other library's catalog.json is damaged or was not written by Project H; ask its maintainers to " \
           "rebuild their site"


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true or false", type(None): "empty",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _read_local(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"cannot read {path}: {error.strerror or error}") from error


# -- the record, validated ------------------------------------------------------------------------------------------


def find_record(catalog: dict, resource_id: str) -> dict:
    wanted = resource_id.strip().strip("/")
    wanted = wanted[:-3] if wanted.endswith(".md") else wanted
    records = [r for r in catalog.get("resources", []) if isinstance(r, dict)]
    for record in records:
        if record.get("id") == wanted:
            return validate_record(record)
    ids = [r["id"] for r in records if isinstance(r.get("id"), str)]
    near = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.5)
    hint = f" Did you mean `{near[0]}`?" if near else ""
    raise ImportRefused(f"the catalogue has no published resource `{wanted}`.{hint}")


def _text(record: dict, name: str, where: str, required: bool = True) -> str | None:
    value = record.get(name)
    if value is None and not required:
        return None
    if value is None:
        raise ImportRefused(f"{where} has no `{name}`: {_DAMAGED}")
    if not isinstance(value, str):
        raise ImportRefused(f"{where} has {_kind(value)} as its `{name}`, not text: {_DAMAGED}")
    if not value.strip():
        raise ImportRefused(f"{where} has an empty `{name}`: {_DAMAGED}")
    if "\x00" in value:
        raise ImportRefused(f"{where}: `{name}` holds a NUL character: {_DAMAGED}")
    return value.strip()


def _texts(record: dict, name: str, where: str) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ImportRefused(f"{where}: `{name}` is {_kind(value)}, not a list of text: {_DAMAGED}")
    return [v.strip() for v in value]


def _url(record: dict, name: str, where: str) -> str:
    value = _text(record, name, where)
    if not re.match(r"https?://[^\s/]+", value, re.IGNORECASE) or any(c.isspace() for c in value):
        raise ImportRefused(f"{where}: `{name}` is `{value}`, not an https:// or http:// address: {_DAMAGED}")
    return value


def validate_record(record: dict) -> dict:
    """A copy of the record with every field the importer uses checked; ImportRefused names what is wrong."""
    raw_id = record.get("id")
    where = f"the catalogue's record `{raw_id}`"
    rid = _text(record, "id", where)
    if not all(_SLUG.match(segment) for segment in rid.split("/")) or kind_of(f"{rid}.md") is not RESOURCE:
        raise ImportRefused(f"{where}: the id is not a path of lower-case words under `{RESOURCES_ROOT}/`: {_DAMAGED}")
    checked = dict(record)
    checked["id"] = rid
    for name in ("title", "summary", "licence"):
        checked[name] = _text(record, name, where)
    for name in ("url", "source_url"):
        checked[name] = _url(record, name, where)
    authors = record.get("authors")
    if not isinstance(authors, list) or not authors:
        shown = {None: "no `authors`", "[]": "no authors (`authors: []`)"}.get(
            None if authors is None else json.dumps(authors), f"{_kind(authors)} as its `authors`, not a list")
        raise ImportRefused(f"{where} has {shown}: a resource needs at least one author to be credited; {_DAMAGED}")
    checked["authors"] = _texts(record, "authors", where)
    for name in ("subjects", "phases", "key_stages", "year_groups", "audience", "tags", "resource_type"):
        checked[name] = _texts(record, name, where)
    checked["time_required"] = _text(record, "time_required", where, required=False)
    terms = record.get("licence_terms")
    if terms is not None and not isinstance(terms, dict):
        raise ImportRefused(f"{where}: `licence_terms` is {_kind(terms)}, not an object: {_DAMAGED}")
    checked["licence_terms"] = terms or {}
    attachments = record.get("attachments") or []
    if not isinstance(attachments, list):
        raise ImportRefused(f"{where}: `attachments` is {_kind(attachments)}, not a list: {_DAMAGED}")
    checked["attachments"] = []
    for number, item in enumerate(attachments, start=1):
        item_where = f"{where}, attachment {number}"
        if not isinstance(item, dict):
            raise ImportRefused(f"{item_where} is {_kind(item)} (`{str(item)[:80]}`), not an object with `path`, "
                                f"`title` and `url`: {_DAMAGED}")
        checked["attachments"].append({"path": _text(item, "path", item_where),
                                       "title": _text(item, "title", item_where), "url": _url(item, "url", item_where)})
    third_party = record.get("third_party") or []
    if not isinstance(third_party, list):
        raise ImportRefused(f"{where}: `third_party` is {_kind(third_party)}, not a list: {_DAMAGED}")
    checked["third_party"] = []
    for number, item in enumerate(third_party, start=1):
        item_where = f"{where}, third-party item {number}"
        if not isinstance(item, dict):
            raise ImportRefused(f"{item_where} is {_kind(item)}, not an object: {_DAMAGED}")
        values = {"what": _text(item, "what", item_where), "owner": _text(item, "owner", item_where)}
        for key in ("source", "licence"):
            value = _text(item, key, item_where, required=False)
            if value:
                values[key] = value
        checked["third_party"].append(values)
    checked["based_on"] = _chain(record.get("based_on"), where)
    return checked


def _chain(value: object, where: str) -> list[dict]:
    """The source's own credit chain: a list of mappings (or one mapping, the older form)."""
    if value is None or value == [] or value == {}:
        return []
    links = [value] if isinstance(value, dict) else value
    if not isinstance(links, list):
        raise ImportRefused(f"{where}: `based_on` is {_kind(value)}, not a list of works: {_DAMAGED}")
    if len(links) > MAX_CHAIN:
        raise ImportRefused(f"{where}: `based_on` lists {len(links)} works, more than {MAX_CHAIN}: {_DAMAGED}")
    chain = []
    for number, link in enumerate(links, start=1):
        link_where = f"{where}, `based_on` work {number}"
        if not isinstance(link, dict):
            raise ImportRefused(f"{link_where} is {_kind(link)}, not an object with title, author, url and licence: "
                                f"{_DAMAGED}")
        chain.append({"title": _text(link, "title", link_where), "author": _text(link, "author", link_where),
                      "url": _url(link, "url", link_where), "licence": _text(link, "licence", link_where)})
    return chain


# -- licences: the strictest of the chain governs ---------------------------------------------------------------
# Every fact about a licence comes from this library's taxonomy.yml (its flags) or the toolkit's one list of open
# licences, and every rule from core/model/licences.py: nothing here knows a licence by its id.


@dataclass(frozen=True)
class _Work:
    """One link of the credit chain as the licence rules see it."""

    who: str  # how the messages name it
    written: str  # its licence, as the catalogue writes it
    shown: str  # its licence, as the messages name it
    licence: LicenceInfo


def licence_facts(licence: str, taxonomy: Taxonomy, terms: dict | None = None) -> LicenceInfo | None:
    """A licence as the rules read it: this library's taxonomy first (its flags), then the toolkit's known licences;
    the catalogue's `licence_terms` can only add conditions. None when it is neither listed nor known."""
    return with_terms(taxonomy.resolve_licence(licence), licence, terms or {})


def _redistributable(licence: LicenceInfo, taxonomy: Taxonomy) -> bool:
    return licence.id not in taxonomy.licences or taxonomy.licence_allows(licence.id, "redistribution")


def _refuse_closed(who: str, shown: str, licence: LicenceInfo, redistributable: bool, link_url: str) -> None:
    if licence.no_derivatives:
        raise ImportRefused(f"{who} is licensed under {shown}, which does not allow adaptations: it cannot be "
                            f"imported to adapt. Link to it instead: {link_url}")
    if not redistributable:
        raise ImportRefused(f"{who} is licensed under {shown}, which does not allow it to be published again "
                            f"elsewhere: it cannot be imported. Link to it instead: {link_url}")


def _works(record: dict, chain: list[dict], taxonomy: Taxonomy) -> list[_Work]:
    """The chain's licences, the source first; ImportRefused at the first that is ND, not to be shared, or unknown."""
    link_url = record["url"]
    terms = record["licence_terms"]
    name = terms.get("name") if isinstance(terms.get("name"), str) else record["licence"]
    source = licence_facts(record["licence"], taxonomy, terms)
    # What the terms say is refused even of a licence not known here.
    stated = source or with_terms(LicenceInfo(record["licence"], name, ""), record["licence"], terms)
    _refuse_closed(f"`{record['id']}`", name, stated,
                   terms.get("allows_redistribution") is not False and _redistributable(stated, taxonomy), link_url)
    if source is None:
        raise ImportRefused(f"`{record['id']}` is licensed under {name} (`{record['licence']}`), which this toolkit "
                            "does not recognise and this library's taxonomy.yml does not list: add it under `licences` "
                            f"(url: {terms.get('url')}) with its conditions first, or link to it: {link_url}")
    works = [_Work(f"`{record['id']}`", record["licence"], name, source)]
    for link in chain[1:]:
        work = f"\u201c{link['title']}\u201d by {link['author']}"
        facts = licence_facts(link["licence"], taxonomy)
        if facts is None:
            raise ImportRefused(f"{work}, which it is based on, is licensed under `{link['licence']}`, which this "
                                "toolkit does not recognise: its conditions cannot be kept, so it is not imported. "
                                f"Link to it instead: {link_url}")
        _refuse_closed(f"{work}, which it is based on,", link["licence"], facts, _redistributable(facts, taxonomy),
                       link_url)
        works.append(_Work(work, link["licence"], link["licence"], facts))
    return works


def choose_licence(record: dict, chain: list[dict], taxonomy: Taxonomy, notes: list[str]) -> str:
    """The licence of the copy: the source's own if it keeps every condition of the chain, else the listed licence
    that does with the fewest added conditions; ImportRefused when none can (or ND, anywhere in the chain)."""
    link_url = record["url"]
    works = _works(record, chain, taxonomy)

    def keeps(candidate: LicenceInfo) -> bool:
        return candidate.allows_adaptation and not any(problems_with(candidate, work.licence) for work in works)

    anywhere = [*KNOWN.values(), *(work.licence for work in works)]
    listed = [taxonomy.licence_info(slug) for slug in taxonomy.licences.slugs()]
    if not any(keeps(candidate) for candidate in anywhere + listed):
        parts = "; ".join(f"{work.who} is {work.shown}" for work in works
                          if work.licence.share_alike or work.licence.non_commercial)
        raise ImportRefused(f"the credit chain has conditions no one licence can keep ({parts}): ShareAlike asks for "
                            f"the same licence, NonCommercial for a non-commercial one. Link to it instead: {link_url}")
    fitting = [candidate for candidate in listed if keeps(candidate) and _redistributable(candidate, taxonomy)]
    if any(candidate.id == record["licence"] for candidate in fitting):
        return record["licence"]
    # The fewest added conditions first (ShareAlike or NonCommercial only when the chain asks for it), then the
    # order of taxonomy.yml.
    needs = (any(work.licence.share_alike for work in works), any(work.licence.non_commercial for work in works))
    fitting.sort(key=lambda candidate: (candidate.share_alike > needs[0], candidate.non_commercial > needs[1]))
    # The licence that governs: the strictest of the chain's licences that keep the whole chain (when none does, the
    # strictest of all, and the messages name a licence that would keep it).
    keeping = [work.licence for work in works if keeps(work.licence)]
    governing = strictest(keeping or [work.licence for work in works])
    strict = next(work for work in works if work.licence is governing)
    wanted = strict.written if keeping else next(candidate.id for candidate in anywhere + listed if keeps(candidate))
    conditions = " and ".join(c for c, on in (("ShareAlike", governing.share_alike),
                                              ("NonCommercial", governing.non_commercial)) if on)
    if not fitting:
        if not conditions:
            raise ImportRefused(f"`{record['id']}` is licensed under {strict.shown} (`{record['licence']}`), which "
                                "this library's taxonomy.yml does not list: add it under `licences` (url: "
                                f"{record['licence_terms'].get('url')}) first, so that its terms are shown on the page")
        raise ImportRefused(f"{strict.who} is licensed under {strict.shown} ({conditions}), so the copy must keep "
                            f"that licence's conditions, but this library's taxonomy.yml lists no licence that does: "
                            f"add `{wanted}` under `licences` first (or link to it: {link_url})")
    chosen = fitting[0].id
    notes.append(f"licence: the source is labelled `{record['licence']}`, but {strict.who} is licensed under "
                 f"{strict.shown}" + (f" ({conditions})" if conditions else "") + "; "
                 f"the strictest licence of the chain governs, so the copy is licensed `{chosen}`")
    return chosen


# -- attachments and images -----------------------------------------------------------------------------------------


def _safe_path(raw: str, what: str) -> str:
    """An attachment path relative to the resource's folder: inside it, no dot-folder, lower-case slug segments."""
    if "\\" in raw or "\x00" in raw or raw.startswith("/") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw):
        raise ImportRefused(f"{what} `{raw}` is not a relative path inside the resource's folder: not imported")
    segments = raw.split("/")
    if any(s in ("", ".", "..") for s in segments):
        raise ImportRefused(f"{what} `{raw}` leaves the resource's folder or names no file: not imported")
    if any(s.startswith(".") for s in segments):
        raise ImportRefused(f"{what} `{raw}` is in a hidden (dot) folder or is a hidden file: not imported")
    stem, dot, extension = segments[-1].rpartition(".")
    extension = extension.lower()
    if not dot or not stem:
        raise ImportRefused(f"{what} `{raw}` has no file type (no extension): not imported")
    if extension == "md":
        raise ImportRefused(f"{what} `{raw}` is a Markdown page, which would be published as a page of this library: "
                            "not imported")
    if extension not in ATTACHMENT_TYPES:
        raise ImportRefused(f"{what} `{raw}` is a `.{extension}` file: attachments may be documents, spreadsheets, "
                            f"presentations, images, audio, video, CSV, plain text or zip files "
                            f"({', '.join(sorted(ATTACHMENT_TYPES))}): not imported")
    folders = [slugify(s) or "files" for s in segments[:-1]]
    return "/".join(folders + [f"{slugify(stem) or 'file'}.{extension}"])


def image_type(data: bytes) -> str | None:
    """The image type the bytes are (by the toolkit's own content check), or None."""
    return next((kind for kind in IMAGE_TYPES if type_problem(f"image.{kind}", data) is None), None)


class _Images:
    """The images a body uses, brought from the other library and named for this one (per import)."""

    def __init__(self, source: Source, record: dict, folder: Path, attachments: dict[str, str], notes: list[str]):
        self.source = source
        self.base_dir = posixpath.dirname(record["id"])
        self.folder = folder
        self.attachments = attachments  # source path -> local path
        self.notes = notes
        self.by_source: dict[str, str | None] = {}  # site path -> local path relative to the folder
        self.files: dict[str, bytes] = {}  # local path -> bytes to write
        self.name = posixpath.basename(record["id"])

    def local(self, target: str) -> str | None:
        """The local path to write instead of `target`, or None to leave the reference as it is."""
        bare = target.strip().strip("<>").strip()
        if not bare or bare.startswith("#"):
            return None
        parts = urlsplit(bare)
        if parts.scheme or parts.netloc or bare.startswith("/"):
            try:
                rel_site = self.source.relative(bare)
            except ImportRefused:
                if parts.scheme.lower() != "data":
                    self.notes.append(f"image `{bare}` is on another site: it was not fetched; download it if its "
                                      "licence allows, put it beside the page and link to that copy")
                return None
        else:
            path = posixpath.normpath(unquote(parts.path))
            if path in self.attachments:
                return self.attachments[path]
            rel_site = posixpath.normpath(posixpath.join(self.base_dir, path))
            if rel_site.startswith("../") or rel_site in ("..", "."):
                self.notes.append(f"image `{bare}` is outside the other library: it was not fetched")
                return None
        if rel_site in self.by_source:
            return self.by_source[rel_site]
        self.by_source[rel_site] = None
        try:
            data = self.source.read_path(rel_site)
        except NotAvailable as error:
            self.notes.append(f"image `{bare}` could not be fetched ({error}): the reference is left as it was")
            return None
        kind = image_type(data)
        if kind is None:
            self.notes.append(f"image `{bare}` is not a PNG, JPEG, GIF or WebP image (by its content): it was not "
                              "imported; convert it to PNG and add it by hand")
            return None
        stem = posixpath.splitext(posixpath.basename(rel_site))[0]
        base = f"images/{self.name}-{slugify(stem) or 'image'}"
        local, number = f"{base}.{kind}", 1
        while (local in self.files and self.files[local] != data) or \
                ((self.folder / local).exists() and (self.folder / local).read_bytes() != data):
            number += 1
            local = f"{base}-{number}.{kind}"
        self.files[local] = data
        self.by_source[rel_site] = local
        return local

    def rewrite(self, body: str) -> str:
        def markdown_image(match: re.Match) -> str:
            local = self.local(match.group(2))
            return match.group(0) if local is None else f"{match.group(1)}{local}{match.group(3)}"

        def html_image(match: re.Match) -> str:
            raw = match.group(2)
            value = raw[1:-1] if raw[:1] in "\"'" else raw
            local = self.local(value)
            return match.group(0) if local is None else f'{match.group(1)}"{local}"'

        body = _IMAGE.sub(markdown_image, body) if "![" in body else body
        if "]:" in body and "![" in body:
            labels = {" ".join((m.group(2) or m.group(1)).split()).lower() for m in _IMAGE_REFERENCE.finditer(body)}

            def definition(match: re.Match) -> str:
                if " ".join(match.group(2).split()).lower() not in labels:
                    return match.group(0)
                local = self.local(match.group(3))
                return match.group(0) if local is None else f"{match.group(1)}{local}"

            body = _DEFINITION.sub(definition, body)
        return _IMG_SRC.sub(html_image, body) if "<img" in body.lower() else body


# -- the import -----------------------------------------------------------------------------------------------------


def import_resource(source: Source, resource_id: str, network: str, content_dir: Path, taxonomy: Taxonomy,
                    today: dt.date) -> ImportResult:
    if network not in taxonomy.networks:
        near = taxonomy.networks.nearest(network)
        hint = f" Did you mean `{near}`?" if near else ""
        raise ImportRefused(f"`{network}` is not a network in taxonomy.yml.{hint} Networks: "
                            f"{', '.join(taxonomy.networks.slugs())}")
    catalog = source.catalog()
    record = find_record(catalog, resource_id)
    site = catalog.get("site") if isinstance(catalog.get("site"), dict) else {}
    publisher = next((site[k].strip() for k in ("publisher", "name") if isinstance(site.get(k), str)
                      and site[k].strip()), "")
    chain = [immediate_source(record, publisher)] + record["based_on"]
    result = ImportResult(Path())
    licence = choose_licence(record, chain, taxonomy, result.notes)
    name = posixpath.basename(record["id"])
    folder_rel = f"{RESOURCES_ROOT}/{network}"
    folder = content_dir / folder_rel
    target = folder / f"{name}.md"
    result.path = target
    if target.exists() or target.is_symlink():
        raise ImportRefused(f"{target} already exists: it may have been imported before; remove it first")
    raw = source.read(record["source_url"])
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ImportRefused(f"the source of `{record['id']}` ({record['source_url']}) is not UTF-8 text (byte "
                            f"0x{raw[error.start]:02x} at position {error.start}): the other library must save it as "
                            "UTF-8; nothing was imported") from error
    split, problems = split_front_matter(text.replace("\r\n", "\n"))
    if problems:
        raise ImportRefused(f"the source of `{record['id']}` cannot be read: {problems[0].message}")
    attachments, renamed = [], {}
    for item in record["attachments"]:
        rel = _safe_path(item["path"], "attachment")
        data = source.read(item["url"])
        problem = type_problem(rel, data)
        if problem:
            raise ImportRefused(f"attachment `{item['path']}` ({item['url']}): {problem}: not imported")
        if rel != item["path"]:
            result.notes.append(f"attachment `{item['path']}` renamed `{rel}` (file names here are lower-case words)")
        renamed[posixpath.normpath(item["path"])] = rel
        attachments.append((rel, data, item["title"]))
    images = _Images(source, record, folder, renamed, result.notes)
    body = images.rewrite(split.body)
    body = rewrite_links(body, record, renamed, source.site_url)
    writes = [(rel, data) for rel, data, _ in attachments] + list(images.files.items())
    for rel, data in writes:
        _check_target(folder, rel)
        path = folder / rel
        if path.exists() and path.read_bytes() != data:
            raise ImportRefused(f"{path} already exists with other content: move it, then import again")
    front = front_matter(record, network, licence, taxonomy, today, [(rel, title) for rel, _, title in attachments],
                         result.notes, chain)
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in writes:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        (result.images if rel in images.files else result.attachments).append(path)
    target.write_text(front + "\n" + body.lstrip("\n"), encoding="utf-8")
    return result


def _check_target(folder: Path, rel: str) -> None:
    """Nothing is written through a link out of the resource's folder."""
    path = folder
    for segment in rel.split("/"):
        path = path / segment
        if path.is_symlink():
            raise ImportRefused(f"{path} is a link: the importer does not write through it")


def immediate_source(record: dict, publisher: str) -> dict:
    """The first link of the chain: the resource copied, credited to its authors and the trust that published it."""
    authors = record["authors"]
    names = ", ".join(authors[:-1]) + " and " + authors[-1] if len(authors) > 1 else authors[0]
    if publisher and publisher.lower() not in (a.lower() for a in authors):
        names = f"{names} ({publisher})"
    return {"title": record["title"], "author": names, "url": record["url"], "licence": record["licence"]}


def rewrite_links(body: str, record: dict, attachments: dict[str, str], site_url: str) -> str:
    """Relative links to the other library's pages become absolute links to them; attachments stay relative."""
    base = record["url"]
    folder = posixpath.dirname(record["id"])

    def replace(match: re.Match) -> str:
        target = match.group(2).strip("<>")
        if urlsplit(target).scheme or target.startswith("#") or target.startswith("//"):
            return match.group(0)
        if target.startswith("/"):  # absolute on the other site: its full address there
            return f"{match.group(1)}{urljoin(site_url or base, target)}{match.group(3)}"
        path, _, anchor = target.partition("#")
        normal = posixpath.normpath(unquote(path)) if path else ""
        if normal in attachments:
            return f"{match.group(1)}{attachments[normal]}{'#' + anchor if anchor else ''}{match.group(3)}"
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved.startswith("../") or resolved == "..":
            return match.group(0)
        if resolved.endswith(".md"):
            stem = resolved[:-3]
            stem = stem[: -len("index")] if stem.endswith("index") else stem + "/"
            url = urljoin(site_url or base, stem.lstrip("/"))
        else:
            url = urljoin(site_url or base, resolved)
        return f"{match.group(1)}{url}{'#' + anchor if anchor else ''}{match.group(3)}"

    return _LINK.sub(replace, body) if "](" in body else body


def _list(items) -> str:
    return "[" + ", ".join(quote(item) for item in items) + "]"


def based_on_as_list() -> bool:
    """Whether this toolkit's model takes `based_on` as a list (the credit chain) rather than one mapping."""
    spec = next((s for s in RESOURCE.fields if s.name == "based_on"), None)
    return spec is not None and spec.kind != MAPPING


def front_matter(record: dict, network: str, licence: str, taxonomy: Taxonomy, today: dt.date,
                 attachments: list[tuple[str, str]], notes: list[str], chain: list[dict] | None = None) -> str:
    """Front matter for the draft, in the model's field order; values outside this taxonomy are dropped."""

    def known(name: str, vocabulary: str) -> list[str]:
        values = record.get(name) or []
        values = values if isinstance(values, list) else [values]
        kept = [v for v in values if v in taxonomy.vocabulary(vocabulary)]
        dropped = [v for v in values if v not in kept]
        if dropped:
            notes.append(f"`{name}`: {', '.join(dropped)} not in this library's taxonomy.yml, left out")
        return kept

    chain = chain if chain is not None else [immediate_source(record, "")] + list(record.get("based_on") or [])
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
    for spec in RESOURCE.fields:
        value = values.get(spec.name)
        if spec.name == "attachments" and attachments:
            lines.append("attachments:")
            lines += [f"  - {{path: {quote(path)}, title: {quote(title)}}}" for path, title in attachments]
        elif spec.name == "based_on":
            lines += ["# Imported: the credit chain, the copied resource first, then the works it is based on; "
                      "say what you changed in the text.",
                      "based_on:"]
            if len(chain) == 1 and not based_on_as_list():
                lines += [f"  {key}: {quote(chain[0][key])}" for key in ("title", "author", "url", "licence")]
            else:
                for link in chain:
                    lines += [f"  - title: {quote(link['title'])}"]
                    lines += [f"    {key}: {quote(link[key])}" for key in ("author", "url", "licence")]
        elif spec.name == "third_party" and record.get("third_party"):
            lines.append("third_party:")
            for item in record["third_party"]:
                parts = ", ".join(f"{key}: {quote(item[key])}" for key in ("what", "owner", "source", "licence")
                                  if item.get(key))
                lines.append(f"  - {{{parts}}}")
        elif value is not None and value != "[]":
            lines.append(f"{spec.name}: {value}")
    if len(chain) > 1 and not based_on_as_list():
        notes.append("`based_on` lists the whole credit chain; this version of the toolkit takes one work there, so "
                     "the check will ask for the list to be cut down until the toolkit is updated")
    lines.append("---")
    return "\n".join(lines) + "\n"
