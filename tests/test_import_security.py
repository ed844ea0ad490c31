"""`projecth import` trusts nothing the other library sends: hosts, addresses, redirects, time, size, paths, records.

Every case runs against a real HTTP server on 127.0.0.1 (and a second one on 127.0.0.2, standing for another host
or a metadata service), through the real command. Loopback is reached only with `--allow-private-addresses`, the
documented opt-in; without it even the first request is refused.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import socket
import threading
import time
import zipfile
from io import BytesIO

import pytest
import yaml

from conftest import REPO, LibraryDir
from projecth.cli import main
from projecth.core.authoring.importer import Fetcher, ImportRefused, Limits, address_problem, fetch

SERVER_LIFETIME_SECONDS = 120  # the servers stop by themselves even if a test hangs
BODY = "## Why\n\nBar models make the whole and its parts visible.\n"


class Server:
    """A real HTTP server on a loopback address; each test sets its routes: path -> handler(request)."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict = {}
        self.hits: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the base class's name
                server.hits.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                route(self)

            def log_message(self, format, *args):  # noqa: A002
                pass

        self.httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}/"
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.stopper = threading.Timer(SERVER_LIFETIME_SECONDS, self.httpd.shutdown)
        self.stopper.daemon = True
        self.stopper.start()

    def stop(self):
        self.stopper.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def file(self, path: str, data: bytes | str, content_type: str = "application/octet-stream"):
        body = data.encode("utf-8") if isinstance(data, str) else data

        def send(request):
            request.send_response(200)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = send

    def redirect(self, path: str, location: str, status: int = 302):
        def send(request):
            request.send_response(status)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        self.routes[path] = send


@pytest.fixture
def server():
    running = Server()
    yield running
    running.stop()


@pytest.fixture
def other_host():
    """Another host: 127.0.0.2, where a cloud-metadata-like path waits. The importer must never reach it."""
    running = Server("127.0.0.2")
    running.file("/latest/meta-data/iam/security-credentials/role", "SECRET-TOKEN", "text/plain")
    yield running
    running.stop()


def record(base: str, **overrides) -> dict:
    values = {
        "id": "networks/maths/bar-models",
        "url": f"{base}networks/maths/bar-models/",
        "source_url": f"{base}downloads/networks/maths/bar-models.md",
        "pack_url": f"{base}downloads/networks/maths/bar-models.zip",
        "licence_terms": {"id": "CC-BY-4.0", "name": "Creative Commons Attribution 4.0 International",
                          "url": "https://creativecommons.org/licenses/by/4.0/", "allows_adaptation": True,
                          "allows_commercial": True, "allows_redistribution": True},
        "attribution": "Bar models by Ann Other",
        "title": "Bar models for fractions",
        "summary": "How to use bar models to teach equivalent fractions.",
        "network": "maths",
        "subjects": ["maths"],
        "phases": ["primary"],
        "key_stages": ["ks2"],
        "resource_type": "guide",
        "audience": ["teacher"],
        "authors": ["Ann Other"],
        "published": "2025-09-15",
        "licence": "CC-BY-4.0",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def serve_library(server: Server, *records: dict, source: bytes | str | None = None, catalog: dict | None = None):
    """A catalogue (site_url = the served address) and the sources its records name."""
    data = catalog or {"schema_version": "1.0.0", "site": {"name": "Other", "url": server.base,
                                                           "publisher": "Other Trust"},
                       "resources": list(records or [record(server.base)])}
    server.file("/catalog.json", json.dumps(data), "application/json")
    text = source if source is not None else "---\ntitle: Bar models\n---\n\n" + BODY
    server.file("/downloads/networks/maths/bar-models.md", text, "text/markdown")


def run_import(library: LibraryDir, source: str, *extra: str, private: bool = True,
               resource_id: str = "networks/maths/bar-models") -> int:
    return main(["import", source, "--id", resource_id, "--network", "maths",
                 *(["--allow-private-addresses"] if private else []), *extra, "--content", str(library.content),
                 "--taxonomy", str(REPO / "taxonomy.yml"), "--today", "2026-11-23"])


def written(library: LibraryDir) -> list[str]:
    return sorted(p.relative_to(library.content).as_posix() for p in library.content.rglob("*") if p.is_file())


def refused(library: LibraryDir, capsys, source: str, *extra: str, private: bool = True,
            resource_id: str = "networks/maths/bar-models") -> str:
    code = run_import(library, source, *extra, private=private, resource_id=resource_id)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "projecth import: refused:" in err and "Traceback" not in err
    assert written(library) == [], "nothing may be written when an import is refused"
    return err


# -- the happy path, so that every refusal below is a refusal of the attack and not of everything -----------------


def test_a_plain_import_from_the_test_server_works(server, library, capsys):
    serve_library(server)
    assert run_import(library, server.base) == 0, capsys.readouterr().err
    assert written(library) == ["networks/maths/bar-models.md"]


# -- addresses ----------------------------------------------------------------------------------------------------


def test_loopback_is_refused_without_the_opt_in(server, library, capsys):
    serve_library(server)
    err = refused(library, capsys, server.base, private=False)
    assert "is a loopback address (this computer)" in err
    assert server.hits == [], "the address is checked before connecting"


@pytest.mark.parametrize("address, allow_private, reason", [
    ("127.0.0.1", False, "loopback"),
    ("10.1.2.3", False, "private"),
    ("192.168.0.10", False, "private"),
    ("100.64.0.1", False, "private"),  # shared address space, not global
    ("169.254.169.254", True, "metadata"),  # even with the opt-in
    ("169.254.1.1", True, "link-local"),
    ("fd00:ec2::254", True, "metadata"),
    ("fe80::1", True, "link-local"),
    ("::ffff:127.0.0.1", False, "loopback"),  # IPv4-mapped IPv6
    ("::ffff:169.254.169.254", True, "metadata"),
    ("2002:a9fe:a9fe::", True, "metadata"),  # 6to4 wrapping 169.254.169.254
    ("::1", False, "loopback"),
    ("0.0.0.0", True, "unspecified"),
    ("224.0.0.1", True, "multicast"),
    ("240.0.0.1", True, "reserved"),
])
def test_addresses_that_are_never_fetched(address, allow_private, reason):
    assert reason in (address_problem(ipaddress.ip_address(address), allow_private) or "")


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_fetched(address):
    assert address_problem(ipaddress.ip_address(address), False) is None


def test_every_address_of_a_name_is_checked_before_connecting():
    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443)),
               (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 443))]
    fetcher = Fetcher("https://library.example/", Limits(), resolve=lambda *args, **kwargs: answers)
    with pytest.raises(ImportRefused, match=r"`library.example` is a loopback address"):
        fetcher.get("https://library.example/catalog.json")


def test_the_connection_goes_to_the_address_that_was_checked(server):
    """A name resolved once, checked, and connected to by that address: a second DNS answer (rebinding) never
    comes into it. `library.invalid` cannot resolve through the system, so the fetch works only if the importer
    connects to the checked address."""
    seen = []

    def resolve(host, port, **kwargs):
        seen.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    server.file("/x.txt", "hello", "text/plain")
    fetcher = Fetcher(f"http://library.invalid:{server.port}/", Limits(allow_private_addresses=True), resolve=resolve)
    assert fetcher.get(f"http://library.invalid:{server.port}/x.txt") == b"hello"
    assert seen == ["library.invalid"]


# -- hosts, schemes and redirects ---------------------------------------------------------------------------------


def test_a_redirect_to_another_host_is_refused(server, other_host, library, capsys):
    serve_library(server)
    server.redirect("/downloads/networks/maths/bar-models.md",
                    f"{other_host.base}latest/meta-data/iam/security-credentials/role")
    err = refused(library, capsys, server.base)
    assert "is on another host (`127.0.0.2`)" in err
    assert other_host.hits == []


def test_a_redirect_to_ftp_is_refused(server, library, capsys):
    serve_library(server)
    server.redirect("/catalog.json", "ftp://127.0.0.1/catalog.json", status=301)
    err = refused(library, capsys, server.base)
    assert "the server redirects it, and `ftp://127.0.0.1/catalog.json` is an `ftp:` address: the importer " \
           "fetches only https:// addresses" in err


def test_a_metadata_like_source_url_on_another_address_is_never_fetched(server, other_host, library, capsys):
    """The red team's case: source_url on 127.0.0.2 at a metadata-style path became the draft's body."""
    stolen = f"{other_host.base}latest/meta-data/iam/security-credentials/role"
    serve_library(server, record(server.base, source_url=stolen))
    err = refused(library, capsys, server.base)
    assert f"the catalogue points to `{stolen}`, which is not under the library's own address" in err
    assert other_host.hits == []


def test_an_attachment_on_another_host_is_never_fetched(server, other_host, library, capsys):
    other_host.file("/sheet.csv", "a,b\n1,2\n", "text/csv")
    serve_library(server, record(server.base, attachments=[{"path": "files/sheet.csv", "title": "Sheet",
                                                            "url": f"{other_host.base}sheet.csv"}]))
    err = refused(library, capsys, server.base)
    assert "is not under the library's own address" in err
    assert other_host.hits == []


def test_a_redirect_within_the_host_is_followed(server, library, capsys):
    serve_library(server)
    text = "---\ntitle: x\n---\n\n" + BODY
    server.file("/moved/bar-models.md", text, "text/markdown")
    server.redirect("/downloads/networks/maths/bar-models.md", "/moved/bar-models.md", status=301)
    assert run_import(library, server.base) == 0, capsys.readouterr().err
    assert "Bar models make the whole" in (library.content / "networks/maths/bar-models.md").read_text()


def test_a_redirect_loop_ends(server, library, capsys):
    serve_library(server)
    server.redirect("/downloads/networks/maths/bar-models.md", "/downloads/networks/maths/bar-models.md")
    err = refused(library, capsys, server.base)
    assert "more than 5 redirects" in err


def test_plain_http_to_another_port_or_https_elsewhere_is_refused(server):
    fetcher = Fetcher(server.base, Limits(allow_private_addresses=True))
    with pytest.raises(ImportRefused, match="plain http:// address"):
        fetcher.check_url(f"http://127.0.0.1:{server.port + 1}/catalog.json")
    with pytest.raises(ImportRefused, match="another host"):
        fetcher.check_url("https://127.0.0.2/catalog.json")
    with pytest.raises(ImportRefused, match="user name or password"):
        fetcher.check_url(f"http://user:secret@127.0.0.1:{server.port}/catalog.json")
    with pytest.raises(ImportRefused, match="`file:`"):
        fetch("file:///etc/passwd")
    https = Fetcher("https://library.example/", Limits())
    with pytest.raises(ImportRefused, match="plain http:// address"):
        https.check_url("http://library.example/catalog.json")  # no downgrade from https


# -- time and size --------------------------------------------------------------------------------------------------


def trickle(request, headers_first: bool = True, seconds: float = 30):
    """One byte every 0.1 s: every read succeeds in time, only the total is too long."""
    request.wfile.write(b"HTTP/1.1 200 OK\r\n")
    if headers_first:
        request.wfile.write(b"Content-Type: text/markdown\r\nContent-Length: 100000\r\n\r\n")
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            request.wfile.write(b"x" if headers_first else b"X-Slow: y\r\n"[:1])
            request.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass  # the importer hung up: what it should do


@pytest.mark.parametrize("headers_first", [True, False], ids=["trickling-body", "trickling-headers"])
def test_a_trickling_server_cannot_stretch_the_time_limit(server, library, capsys, headers_first):
    serve_library(server)
    server.routes["/downloads/networks/maths/bar-models.md"] = lambda request: trickle(request, headers_first)
    started = time.monotonic()
    err = refused(library, capsys, server.base, "--time-limit", "1.5")
    elapsed = time.monotonic() - started
    assert "the import took longer than 1.5 seconds in all" in err
    assert elapsed < 5, f"the limit is on the whole import, but it took {elapsed:.1f} s"


def test_a_stalled_answer_ends_at_the_time_limit(server, library, capsys):
    serve_library(server)

    def stall(request):
        request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nx")
        request.wfile.flush()
        time.sleep(10)

    server.routes["/downloads/networks/maths/bar-models.md"] = stall
    started = time.monotonic()
    assert "the import took longer than 1 seconds in all" in refused(library, capsys, server.base, "--time-limit", "1")
    assert time.monotonic() - started < 4


def test_an_answer_cut_short_is_not_taken_for_the_whole_file(server, library, capsys):
    serve_library(server)

    def short(request):
        request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n---\ntitle: x\n")
        request.close_connection = True

    server.routes["/downloads/networks/maths/bar-models.md"] = short
    assert "the answer ended after 13 of the 1000 bytes it announced" in refused(library, capsys, server.base)


def test_an_oversized_download_is_refused(server, library, capsys):
    serve_library(server, source="x" * (2 * 1024 * 1024))
    err = refused(library, capsys, server.base, "--size-limit", "1")
    assert "is larger than 1 MB: not imported" in err


def test_an_oversized_download_without_a_length_is_refused_while_reading(server, library, capsys):
    serve_library(server)

    def endless(request):
        request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/markdown\r\nConnection: close\r\n\r\n")
        try:
            for _ in range(64):  # 4 MB at most, in 64 KB pieces, with no Content-Length
                request.wfile.write(b"y" * 65536)
        except OSError:
            pass

    server.routes["/downloads/networks/maths/bar-models.md"] = endless
    err = refused(library, capsys, server.base, "--size-limit", "1")
    assert "is larger than 1 MB" in err


def test_a_compressed_answer_is_not_unpacked(server, library, capsys):
    serve_library(server)

    def gzipped(request):
        request.send_response(200)
        request.send_header("Content-Encoding", "gzip")
        request.send_header("Content-Length", "4")
        request.end_headers()
        request.wfile.write(b"\x1f\x8b\x08\x00")

    server.routes["/downloads/networks/maths/bar-models.md"] = gzipped
    assert "sent it compressed (`gzip`)" in refused(library, capsys, server.base)


# -- attachments ----------------------------------------------------------------------------------------------------


def attachment_record(server: Server, path: str, data: bytes | str = "a,b\n1,2\n", served: str = "/files/a") -> dict:
    server.file(served, data)
    return record(server.base, attachments=[{"path": path, "title": "Sheet", "url": server.base + served[1:]}])


@pytest.mark.parametrize("path, reason", [
    ("../evil.csv", "leaves the resource's folder"),
    ("files/../../../evil.csv", "leaves the resource's folder"),
    ("/etc/evil.csv", "not a relative path inside the resource's folder"),
    ("files\\..\\evil.csv", "not a relative path"),
    ("C:evil.csv", "not a relative path"),
    (".", "leaves the resource's folder or names no file"),
    ("files/", "leaves the resource's folder or names no file"),
    (".github/workflows/evil.yml", "hidden (dot) folder"),
    ("files/.htaccess", "hidden (dot) folder or is a hidden file"),
    ("evil.md", "is a Markdown page"),
    ("files/Evil.MD", "is a Markdown page"),
    ("files/page.html", "is a `.html` file"),
    ("files/drawing.svg", "is a `.svg` file"),
    ("files/run.js", "is a `.js` file"),
    ("files/README", "has no file type"),
])
def test_hostile_attachment_paths_are_refused(server, library, capsys, path, reason):
    serve_library(server, attachment_record(server, path))
    err = refused(library, capsys, server.base)
    assert f"attachment `{path}`" in err and reason in err
    assert server.hits.count("/files/a") == 0, "a refused path is not even fetched"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("path, data, reason", [
    ("files/sheet.pdf", "<html><script>alert(1)</script></html>", "its content is not a PDF"),
    ("files/photo.png", "<svg onload=alert(1)>", "its content is not a PNG image"),
    ("files/sheet.csv", b"name\x00\x01\x02", "control characters, so it is not plain text"),
    ("files/sheet.csv", "caf\xe9".encode("latin-1"), "not a CSV file saved as UTF-8 text"),
    ("files/pack.zip", zipped({"../../evil.csv": b"x"}), "could be unpacked outside its folder"),
    ("files/pack.zip", zipped({"page.html": b"<script>"}), "`.html` files cannot be published"),
    ("files/lesson.docx", zipped({"hello.txt": b"x"}), "its content is not a Word document"),
])
def test_attachments_are_identified_by_content(server, library, capsys, path, data, reason):
    serve_library(server, attachment_record(server, path, data))
    err = refused(library, capsys, server.base)
    assert reason in err


def test_upper_case_attachment_names_get_slug_names_and_the_links_follow(server, library, capsys):
    body = "## Why\n\nSee the [sheet](Files/Bar%20Model%20Sheet.csv).\n"
    serve_library(server, attachment_record(server, "Files/Bar Model Sheet.csv"),
                  source="---\ntitle: x\n---\n\n" + body)
    assert run_import(library, server.base) == 0, capsys.readouterr()
    assert (library.content / "networks/maths/files/bar-model-sheet.csv").read_text() == "a,b\n1,2\n"
    text = (library.content / "networks/maths/bar-models.md").read_text()
    assert "[sheet](files/bar-model-sheet.csv)" in text
    assert '{path: "files/bar-model-sheet.csv", title: "Sheet"}' in text
    assert library.check().report.errors == []


# -- malformed records: a message each, never a traceback ----------------------------------------------------------


def malformed(base: str, case: str) -> tuple[dict | None, bytes | None]:
    """(catalogue, source) for each malformed case."""
    catalog = {"schema_version": "1.0.0", "site": {"name": "Other", "url": base}, "resources": [record(base)]}
    source = None
    if case == "missing title":
        catalog["resources"] = [record(base, title=None)]
    elif case == "authors empty":
        catalog["resources"] = [record(base, authors=[])]
    elif case == "authors text":
        catalog["resources"] = [record(base, authors="Ann Other")]
    elif case == "latin-1 source":
        source = "---\ntitle: x\n---\n\nCaf\xe9 au lait.\n".encode("latin-1")
    elif case == "resources object":
        catalog["resources"] = {"networks/maths/bar-models": record(base)}
    elif case == "attachment string":
        catalog["resources"] = [record(base, attachments=["files/sheet.csv"])]
    elif case == "attachment path dot":
        catalog["resources"] = [record(base, attachments=[{"path": ".", "title": "x", "url": base + "files/a"}])]
    elif case == "attachment without url":
        catalog["resources"] = [record(base, attachments=[{"path": "files/a.csv", "title": "x"}])]
    elif case == "title a number":
        catalog["resources"] = [record(base, title=42)]
    elif case == "licence_terms list":
        catalog["resources"] = [record(base, licence_terms=["CC-BY-4.0"])]
    elif case == "based_on text":
        catalog["resources"] = [record(base, based_on="Someone's book")]
    elif case == "based_on without licence":
        catalog["resources"] = [record(base, based_on=[{"title": "t", "author": "a", "url": "https://example.org/"}])]
    elif case == "id escapes":
        catalog["resources"] = [record(base, id="networks/maths/../../../.github/workflows/bar-models")]
    elif case == "subjects object":
        catalog["resources"] = [record(base, subjects={"maths": True})]
    elif case == "url not http":
        catalog["resources"] = [record(base, url="javascript:alert(1)")]
    elif case == "deeply nested":
        catalog = None
    return catalog, source


@pytest.mark.parametrize("case, message", [
    ("missing title", "the catalogue's record `networks/maths/bar-models` has no `title`"),
    ("authors empty", "has no authors (`authors: []`)"),
    ("authors text", "has text as its `authors`, not a list"),
    ("latin-1 source", "is not UTF-8 text (byte 0xe9 at position"),
    ("resources object", "`resources` is an object, not a list"),
    ("attachment string", "attachment 1 is text (`files/sheet.csv`), not an object with `path`"),
    ("attachment path dot", "attachment `.` leaves the resource's folder or names no file"),
    ("attachment without url", "attachment 1 has no `url`"),
    ("title a number", "has a number as its `title`, not text"),
    ("licence_terms list", "`licence_terms` is a list, not an object"),
    ("based_on text", "`based_on` is text, not a list of works"),
    ("based_on without licence", "`based_on` work 1 has no `licence`"),
    ("id escapes", "the id is not a path of lower-case words"),
    ("subjects object", "`subjects` is an object, not a list of text"),
    ("url not http", "`url` is `javascript:alert(1)`, not an https:// or http:// address"),
    ("deeply nested", "nested too deeply"),
])
def test_a_malformed_record_gets_a_message_not_a_traceback(server, library, capsys, case, message):
    catalog, source = malformed(server.base, case)
    if catalog is None:
        server.file("/catalog.json", '{"schema_version": "1.0.0", "resources": ' + "[" * 100_000 + "]" * 100_000 + "}")
    else:
        serve_library(server, catalog=catalog, source=source)
    wanted = catalog["resources"][0]["id"] if case == "id escapes" else "networks/maths/bar-models"
    err = refused(library, capsys, server.base, resource_id=wanted)
    assert message in err, err


def test_a_slow_name_lookup_counts_against_the_time_limit():
    def slow(host, port, **kwargs):
        time.sleep(5)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    fetcher = Fetcher("https://library.example/", Limits(total_seconds=0.5), resolve=slow)
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="the import took longer than 0.5 seconds in all"):
        fetcher.get("https://library.example/catalog.json")
    assert time.monotonic() - started < 2


def test_a_chain_given_as_a_list_is_kept_whole_and_in_order(server, library, capsys):
    """catalog.json gives `based_on` as a list (the model helper's form): every link is kept, after the source."""
    chain = [{"title": "Walls in Year 5", "author": "Example Maths Hub", "url": "https://hub.example/walls",
              "licence": "CC-BY-4.0"},
             {"title": "Fraction walls", "author": "A. Teacher", "url": "https://teacher.example/walls",
              "licence": "OGL-UK-3.0"}]
    serve_library(server, record(server.base, based_on=chain))
    assert run_import(library, server.base) in (0, 1)
    text = (library.content / "networks/maths/bar-models.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["based_on"] == [{"title": "Bar models for fractions", "author": "Ann Other (Other Trust)",
                                  "url": f"{server.base}networks/maths/bar-models/", "licence": "CC-BY-4.0"}, *chain]
    assert front["licence"] == "CC-BY-4.0"
