"""Issue 16's "Done when" for imports: a first library, really built and served on 127.0.0.1, and a second library
made with `projecth init`. The import keeps the images and the whole credit chain, its licence is the strictest of
the chain, and the draft passes the second library's own `projecth check` without edits.

The first library's configured site_url is a public address it is NOT served from: the importer must read
everything from the address given.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import struct
import threading
import zlib

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, LibraryDir
from projecth.cli import main
from projecth.core.authoring.importer import based_on_as_list

PUBLIC_URL = "https://first-trust.example/"  # at the root: a site_url with a path trips the audit on 404.html
NETWORK = "teaching-and-learning-network"  # the network `projecth init` makes
SERVER_LIFETIME_SECONDS = 120


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG image, written by hand (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


BAR_PNG = png(8, 4, (31, 78, 121))
WALL_PNG = png(6, 6, (200, 120, 0))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def first_library(tmp_path_factory, taxonomy):
    """The first trust's library: two resources with images, one of them adapted from an NC original (and so
    licensed CC BY-NC-SA 4.0), built with a real `mkdocs build` and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("first")
    for name in ("mkdocs.yml", "overrides", "hooks", "taxonomy.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    lib = LibraryDir(root, taxonomy)
    shutil.copytree(REPO / "content" / "assets", lib.content / "assets")
    lib.write("index.md", "---\ntitle: First library\n---\n\nWelcome.\n")
    lib.write("about.md", "---\ntitle: About\n---\n\nAbout.\n")
    lib.write("contribute.md", "---\ntitle: Contribute\n---\n\nHow.\n")
    lib.write("accessibility.md", "---\ntitle: Accessibility statement\n---\n\nStatement.\n")
    lib.write("networks/maths/images/bar-model.png", BAR_PNG)
    lib.write("networks/maths/images/fraction-wall.png", WALL_PNG)
    lib.resource("networks/maths/bar-models.md", title="Bar models for fractions",
                 authors="[Ann Other]", phases="[primary]", key_stages="[ks2]", year_groups=None,
                 body="## Why\n\n![A bar split into four equal parts](images/bar-model.png)\n\n"
                      "Bar models make the whole and its parts visible.\n")
    lib.resource("networks/maths/fraction-walls.md", title="Fraction walls", licence="CC-BY-NC-SA-4.0",
                 authors="[First Trust Maths network]", phases="[primary]", key_stages="[ks2]", year_groups=None,
                 based_on="{title: Fraction walls in Year 5, author: Example Maths Hub, "
                          "url: https://maths-hub.example/fraction-walls, licence: CC BY-NC 4.0}",
                 body="## Walls\n\n![A fraction wall][wall]\n\nAgain: ![The same wall](images/fraction-wall.png)\n\n"
                      "[wall]: images/fraction-wall.png\n")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), site_url=PUBLIC_URL, strict=True)
    build(config)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler,
                                                                                directory=str(root / "site")))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    stopper = threading.Timer(SERVER_LIFETIME_SECONDS, server.shutdown)
    stopper.daemon = True
    stopper.start()
    yield base
    stopper.cancel()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def second_library(tmp_path):
    root = tmp_path / "second"
    assert main(["init", str(root), "--name", "Second Trust", "--site-url", "https://second-trust.example/",
                 "--today", "2026-11-01"]) == 0
    return root


def import_into(root, base: str, resource_id: str) -> int:
    return main(["import", base, "--id", resource_id, "--network", NETWORK, "--allow-private-addresses",
                 "--content", str(root / "content"), "--taxonomy", str(root / "taxonomy.yml"), "--today", "2026-11-23"])


def front_and_body(path):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def check(root, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", str(root / "content"), "--taxonomy", str(root / "taxonomy.yml"), "--today", "2026-11-23"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_import_keeps_its_images_and_passes_the_second_librarys_check(first_library, second_library, capsys):
    assert import_into(second_library, first_library, "networks/maths/bar-models") == 0, capsys.readouterr()
    folder = second_library / "content" / "networks" / NETWORK
    front, body = front_and_body(folder / "bar-models.md")
    assert front["status"] == "draft"
    assert (folder / "images/bar-models-bar-model.png").read_bytes() == BAR_PNG
    assert "![A bar split into four equal parts](images/bar-models-bar-model.png)" in body
    assert "first-trust.example" not in body and "127.0.0.1" not in body
    # The credit: the copied resource, its author and the trust that published it, at its public address.
    original = front["based_on"] if isinstance(front["based_on"], dict) else front["based_on"][0]
    assert original == {"title": "Bar models for fractions", "author": "Ann Other (Lift Schools)",
                        "url": PUBLIC_URL + "networks/maths/bar-models/", "licence": "CC-BY-4.0"}
    assert front["licence"] == "CC-BY-4.0"
    code, output = check(second_library, capsys)
    assert code == 0, output


def test_an_import_keeps_the_whole_credit_chain_and_its_strictest_licence(first_library, second_library, capsys):
    assert import_into(second_library, first_library, "networks/maths/fraction-walls") in (0, 1)
    out = capsys.readouterr().out
    folder = second_library / "content" / "networks" / NETWORK
    front, body = front_and_body(folder / "fraction-walls.md")
    # The first library's catalogue gives the original's licence as written, or as its SPDX id once the model
    # resolves known names (the licences helper's change): either is kept as given.
    original_licence = front["based_on"][1].pop("licence")
    assert original_licence in ("CC BY-NC 4.0", "CC-BY-NC-4.0")
    assert front["based_on"] == [
        {"title": "Fraction walls", "author": "First Trust Maths network (Lift Schools)",
         "url": PUBLIC_URL + "networks/maths/fraction-walls/", "licence": "CC-BY-NC-SA-4.0"},
        {"title": "Fraction walls in Year 5", "author": "Example Maths Hub",
         "url": "https://maths-hub.example/fraction-walls"},
    ]
    # ShareAlike and NonCommercial stay (a source labelled CC BY above an NC original: test_import_licences.py).
    assert front["licence"] == "CC-BY-NC-SA-4.0"
    assert "note: `based_on`" in out or based_on_as_list()
    # One image, used twice (by a reference and inline): fetched once, both references rewritten.
    assert sorted(p.name for p in (folder / "images").iterdir()) == ["fraction-walls-fraction-wall.png"]
    assert "[wall]: images/fraction-walls-fraction-wall.png" in body
    assert "![The same wall](images/fraction-walls-fraction-wall.png)" in body


@pytest.mark.skipif(not based_on_as_list(), reason="this branch's model takes one `based_on` work; the model "
                    "helper's change makes it a list (then this runs)")
def test_the_imported_credit_chain_passes_the_second_librarys_check(first_library, second_library, capsys):
    assert import_into(second_library, first_library, "networks/maths/fraction-walls") == 0, capsys.readouterr()
    code, output = check(second_library, capsys)
    assert code == 0, output
