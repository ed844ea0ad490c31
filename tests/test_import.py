"""`projecth import`: a resource from another library's catalogue, served by a test server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, LibraryDir
from projecth.cli import main

# taxonomy.yml lists CC-BY-ND-4.0 (no_derivatives: true) itself; this adds a licence that forbids redistribution.
ND_LICENCE = """licences:
  NO-REDISTRIBUTION:
    label: Trust members only
    url: https://example.org/members-only
    attribution: For members of the trust only.
    allows_adaptation: true
    allows_redistribution: false
"""
SERVER_LIFETIME_SECONDS = 120  # the server stops by itself even if a test hangs


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def other_library(tmp_path_factory, taxonomy):
    """Another trust's library, built for and served at http://127.0.0.1:PORT/ (a free port)."""
    root = tmp_path_factory.mktemp("other")
    for name in ("mkdocs.yml", "overrides", "hooks"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    (root / "taxonomy.yml").write_text((REPO / "taxonomy.yml").read_text().replace("licences:\n", ND_LICENCE, 1))
    lib = LibraryDir(root, taxonomy)
    shutil.copytree(REPO / "content" / "assets", lib.content / "assets")
    lib.write("index.md", "---\ntitle: Other library\n---\n\nWelcome.\n")
    lib.write("about.md", "---\ntitle: About\n---\n\nAbout.\n")
    lib.write("contribute.md", "---\ntitle: Contribute\n---\n\nHow.\n")
    lib.write("accessibility.md", "---\ntitle: Accessibility statement\n---\n\nStatement.\n")
    lib.write("networks/maths/files/bar-model-sheet.csv", "part,whole\n1,4\n")
    lib.resource("networks/maths/bar-models.md", title="Bar models for fractions",
                 authors="[Ann Other, Other Trust Maths network]", time_required="45 minutes",
                 tags="[fractions]", attachments="[{path: files/bar-model-sheet.csv, title: Bar model sheet}]",
                 third_party="[{what: Figure 1, owner: Example Press, licence: Used with permission}]",
                 related="[networks/maths/closed]",
                 body="## Why\n\nSee the [sheet](files/bar-model-sheet.csv) and [the closed one](closed.md#why).\n")
    lib.resource("networks/maths/closed.md", title="No derivatives", licence="CC-BY-ND-4.0")
    lib.resource("networks/maths/members.md", title="Members only", licence="NO-REDISTRIBUTION")
    lib.resource("networks/maths/draft.md", title="Unfinished", status="draft")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler,
                                                                                directory=str(root / "site")))
    server.timeout = 5
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), site_url=base, strict=True)
    build(config)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    stopper = threading.Timer(SERVER_LIFETIME_SECONDS, server.shutdown)
    stopper.daemon = True
    stopper.start()
    yield base, root / "site"
    stopper.cancel()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def run_import(library: LibraryDir, source: str, resource_id: str, network: str = "maths") -> int:
    return main(["import", source, "--id", resource_id, "--network", network, "--allow-private-addresses",
                 "--content", str(library.content), "--taxonomy", str(REPO / "taxonomy.yml"), "--today", "2026-11-23"])


def test_import_over_http_copies_metadata_licence_attachments_as_a_draft(other_library, library, capsys):
    base, _ = other_library
    assert run_import(library, base, "networks/maths/bar-models", network="reading") == 0
    out = capsys.readouterr()
    copied = library.content / "networks/reading/bar-models.md"
    assert str(copied) in out.out
    text = copied.read_text()
    assert "status: draft" in text
    assert "network: reading" in text
    assert 'authors: ["Ann Other", "Other Trust Maths network"]' in text
    assert "licence: CC-BY-4.0" in text
    assert "based_on:\n" in text and f'  url: "{base}networks/maths/bar-models/"' in text
    assert '  author: "Ann Other and Other Trust Maths network (Lift Schools)"' in text  # the trust is credited too
    assert '  licence: "CC-BY-4.0"' in text
    assert 'third_party:\n  - {what: "Figure 1", owner: "Example Press", licence: "Used with permission"}' in text
    assert "related" not in text  # ids of the other library mean nothing here
    assert (library.content / "networks/reading/files/bar-model-sheet.csv").read_text() == "part,whole\n1,4\n"
    # Links: attachments stay relative; the other library's pages become absolute links to them.
    assert "[sheet](files/bar-model-sheet.csv)" in text
    assert f"[the closed one]({base}networks/maths/closed/#why)" in text
    # The draft passes the check, and is not published.
    loaded = library.check()
    assert loaded.report.errors == [], [d.format_text() for d in loaded.report.errors]
    assert "networks/reading/bar-models.md" in loaded.drafts
    assert "imported as a draft" in out.err


def test_import_from_a_local_folder(other_library, library):
    _, built = other_library
    assert run_import(library, str(built), "networks/maths/bar-models") == 0
    assert (library.content / "networks/maths/files/bar-model-sheet.csv").is_file()
    resource = library.check()
    assert resource.report.errors == []


@pytest.mark.parametrize("resource_id, reason", [
    ("networks/maths/closed", "which does not allow adaptations"),
    ("networks/maths/members", "which does not allow it to be published again elsewhere"),
])
def test_a_licence_that_forbids_reuse_is_refused(other_library, library, capsys, resource_id, reason):
    base, _ = other_library
    assert run_import(library, base, resource_id) == 2
    message = capsys.readouterr().err
    assert "refused" in message and reason in message
    assert f"Link to it instead: {base}{resource_id}/" in message
    assert not (library.content / "networks/maths" / (resource_id.rsplit("/", 1)[1] + ".md")).exists()


def test_drafts_and_unknown_ids_are_not_found(other_library, library, capsys):
    base, _ = other_library
    assert run_import(library, base, "networks/maths/draft") == 2
    assert "no published resource `networks/maths/draft`" in capsys.readouterr().err
    assert run_import(library, base, "networks/maths/bar-model") == 2
    assert "Did you mean `networks/maths/bar-models`?" in capsys.readouterr().err


def test_import_refuses_an_unknown_network_an_existing_file_and_a_dead_address(other_library, library, capsys):
    base, _ = other_library
    assert run_import(library, base, "networks/maths/bar-models", network="mathematics") == 2
    assert "`mathematics` is not a network" in capsys.readouterr().err
    library.resource("networks/maths/bar-models.md")
    assert run_import(library, base, "networks/maths/bar-models") == 2
    assert "already exists" in capsys.readouterr().err
    assert run_import(library, base + "nowhere/", "networks/maths/bar-models") == 2
    assert "404" in capsys.readouterr().err
