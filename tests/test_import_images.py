"""Images travel with an import: fetched from the address given (never from the source's configured site_url or
another host), recognised by their bytes, given slug names beside the draft, and every reference rewritten."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest

from projecth.core.security import files as attachments
from projecth.core.authoring import importer
from test_import_e2e import BAR_PNG, WALL_PNG
from test_import_security import Server, record, refused, run_import, server  # noqa: F401 - `server` is a fixture

PUBLIC = "https://public-trust.example/"  # the source's configured site_url: never contacted
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def serve(server: Server, body: str, **files: bytes) -> None:
    rec = record(PUBLIC, source_url=f"{PUBLIC}downloads/networks/maths/bar-models.md")
    catalog = {"schema_version": "1.0.0", "site": {"name": "Other", "url": PUBLIC, "publisher": "Public Trust"},
               "resources": [rec]}
    server.file("/catalog.json", json.dumps(catalog), "application/json")
    server.file("/downloads/networks/maths/bar-models.md", "---\ntitle: x\n---\n\n" + body, "text/markdown")
    for path, data in files.items():
        server.file("/" + quote(path), data, "image/png")  # as the request line spells it


def imported(library) -> str:
    return (library.content / "networks/maths/bar-models.md").read_text()


def test_images_are_fetched_from_the_address_given_and_renamed(server, library, capsys):
    body = ("## Figures\n\n![A bar model](Images/Bar%20Model.PNG \"Figure 1\")\n\n"
            "<img src=\"images/photo.jpg\" alt=\"A photo of a bar model\">\n\n"
            f"![By its public address]({PUBLIC}networks/maths/images/wall.png)\n\n"
            "![Again](images/../Images/Bar%20Model.PNG)\n\n"
            "A link to the [picture](images/photo.jpg) is a link, not an image.\n")
    serve(server, body, **{"networks/maths/Images/Bar Model.PNG": BAR_PNG,
                           "networks/maths/images/photo.jpg": JPEG,
                           "networks/maths/images/wall.png": WALL_PNG})
    assert run_import(library, server.base) == 0, capsys.readouterr()
    folder = library.content / "networks/maths"
    assert (folder / "images/bar-models-bar-model.png").read_bytes() == BAR_PNG
    assert (folder / "images/bar-models-photo.jpg").read_bytes() == JPEG
    assert (folder / "images/bar-models-wall.png").read_bytes() == WALL_PNG
    text = imported(library)
    assert '![A bar model](images/bar-models-bar-model.png "Figure 1")' in text
    assert '<img src="images/bar-models-photo.jpg" alt="A photo of a bar model">' in text
    assert "![By its public address](images/bar-models-wall.png)" in text
    assert "![Again](images/bar-models-bar-model.png)" in text
    assert f"[picture]({PUBLIC}networks/maths/images/photo.jpg)" in text
    assert server.hits.count("/networks/maths/Images/Bar%20Model.PNG") == 1, "one image, fetched once"
    assert library.check().report.errors == [], [d.format_text() for d in library.check().report.errors]


def test_images_that_cannot_travel_are_left_with_a_note(server, library, capsys):
    body = ("![Elsewhere](https://cdn.example/logo.png)\n\n![Drawing](images/drawing.svg)\n\n"
            "![Missing](images/missing.png)\n\n![Out](../../../../etc/passwd.png)\n\n![Fake](images/fake.png)\n")
    serve(server, body, **{"networks/maths/images/drawing.svg": b"<svg onload='alert(1)'/>",
                           "networks/maths/images/fake.png": b"<html><script>alert(1)</script>"})
    assert run_import(library, server.base) == 1  # written, but the check asks for fixes
    out = capsys.readouterr().out
    assert "image `https://cdn.example/logo.png` is on another site: it was not fetched" in out
    assert "image `images/drawing.svg` is not a PNG, JPEG, GIF or WebP image (by its content)" in out
    assert "image `images/missing.png` could not be fetched" in out and "404" in out
    assert "image `../../../../etc/passwd.png` is outside the other library" in out
    assert "image `images/fake.png` is not a PNG" in out
    assert not (library.content / "networks/maths/images").exists()
    assert "![Drawing](images/drawing.svg)" in imported(library)


def test_an_image_on_a_redirect_off_the_host_refuses_the_import(server, library, capsys):
    serve(server, "![A bar model](images/bar.png)\n")
    server.redirect("/networks/maths/images/bar.png", "http://127.0.0.2/latest/meta-data/")
    assert "is on another host (`127.0.0.2`)" in refused(library, capsys, server.base)


def test_a_different_image_already_here_is_not_overwritten(server, library, capsys):
    library.write("networks/maths/images/bar-models-bar.png", WALL_PNG)
    serve(server, "![A bar model](images/bar.png)\n", **{"networks/maths/images/bar.png": BAR_PNG})
    assert run_import(library, server.base) == 0, capsys.readouterr()
    folder = library.content / "networks/maths/images"
    assert (folder / "bar-models-bar.png").read_bytes() == WALL_PNG
    assert (folder / "bar-models-bar-2.png").read_bytes() == BAR_PNG
    assert "![A bar model](images/bar-models-bar-2.png)" in imported(library)


@pytest.mark.parametrize("name", ["_IMAGE", "_IMAGE_REFERENCE", "_DEFINITION", "_IMG_SRC", "_LINK"])
def test_the_reference_patterns_run_in_linear_time(name):
    """Each pattern's worst cases at 10^5 and 10^6 characters: ten times the text may take at most thirty times as
    long (linear is ten; quadratic would be a hundred)."""
    pattern = getattr(importer, name)
    worst = ["[", "![", "![a](", "<img ", "<img src=", "](", " [a]: ", "![a](x ", "[a](b \"", "x"]

    def seconds(size: int) -> float:
        longest = 0.0
        for unit in worst:
            text = "![a](" + unit * (size // len(unit))
            started = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            longest = max(longest, time.perf_counter() - started)
        return longest

    small = max(min(seconds(100_000) for _ in range(3)), 1e-3)
    large = min(seconds(1_000_000) for _ in range(2))
    assert large < 2.0 and large / small < 30, (name, small, large)


def test_an_svg_the_toolkit_would_publish_is_still_not_imported_as_an_image():
    """The importer chooses its image types from the toolkit's one file-type policy, and leaves SVG out."""
    clean = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1"/></svg>'
    assert attachments.type_problem("drawing.svg", clean) is None  # the SVG allow-list passes it
    assert importer.image_type(clean) is None
    assert importer.image_type(BAR_PNG) == "png" and importer.image_type(JPEG) == "jpg"
    assert importer.image_type(b"<html><script>alert(1)</script>") is None
