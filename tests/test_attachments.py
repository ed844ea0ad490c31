"""What content may publish (projecth.core.security.files): real files of each type, and what pretends to be one."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import REPO
from projecth.core.security.files import FilePolicy, check_file, policy_from_mkdocs_yml, reserved_path, svg_problem


# -- real small files ------------------------------------------------------------------------------

def png_bytes() -> bytes:
    """A real 1x1 PNG: signature, IHDR, IDAT (zlib) and IEND, each chunk with its CRC."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def pdf_bytes() -> bytes:
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    body += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref = len(body)
    return body + b"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n" + \
        str(xref).encode() + b"\n%%EOF\n"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():  # a fixed date: the same members give the same bytes
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_bytes() -> bytes:
    """The three parts Word needs to open a document."""
    return zip_bytes({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                               b'package.relationships+xml"/><Override PartName="/word/document.xml" ContentType='
                               b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                               b'</Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                       b'</Relationships>',
        "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                             b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Fractions</w:t></w:r></w:p>'
                             b'</w:body></w:document>',
    })


def odt_bytes() -> bytes:
    return zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#123"/></svg>'


def problem(tmp_path: Path, name: str, data: bytes, policy: FilePolicy | None = None) -> str | None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return check_file(path, name, policy or FilePolicy())


@pytest.mark.parametrize("name, data", [
    ("sheet.png", png_bytes()),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20),
    ("plan.pdf", pdf_bytes()),
    ("plan.docx", docx_bytes()),
    ("plan.odt", odt_bytes()),
    ("record.csv", "pupil,score\nAmira,7\n".encode()),
    ("notes.txt", "Week 1: place value\n".encode()),
    ("diagram.svg", SVG),
    ("pack.zip", zip_bytes({"plan.pdf": pdf_bytes(), "images/sheet.png": png_bytes(), "plan.docx": docx_bytes()})),
])
def test_real_files_of_each_allowed_type_pass(tmp_path, name, data):
    assert problem(tmp_path, name, data) is None


def test_the_sites_own_logo_passes_the_svg_allow_list():
    assert svg_problem((REPO / "content/assets/logo.svg").read_bytes()) is None


def test_a_drawing_programs_extra_namespaces_pass():
    svg = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
           b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
           b'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
           b'xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">'
           b'<sodipodi:namedview pagecolor="#fff"/><defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
           b'</linearGradient></defs><g inkscape:label="Layer 1"><rect fill="url(#g)" width="5" height="5"/>'
           b'<use xlink:href="#g"/></g><style>rect { fill: url(#g); }</style></svg>')
    assert svg_problem(svg) is None


@pytest.mark.parametrize("name, data, expected", [
    ("page.html", b"<p>hi</p>", "`.html` files cannot be published: a web page or script"),
    ("page.htm", b"<p>hi</p>", "`.htm` files cannot be published"),
    ("page.xhtml", b"<html/>", "`.xhtml` files cannot be published"),
    ("app.js", b"alert(1)", "`.js` files cannot be published"),
    ("page.xml", b"<x/>", "`.xml` files cannot be published"),
    ("README", b"text", "files without a known extension cannot be published"),
    ("tool.exe", b"MZ", "`.exe` files cannot be published"),
    ("worksheet.pdf", b"<html><script>alert(1)</script></html>", "its content is not a PDF document: save it again"),
    ("sheet.png", b"<svg onload=alert(1)>", "its content is not a PNG image"),
    ("plan.docx", zip_bytes({"index.html": b"<script>alert(1)</script>"}), "its content is not a Word document"),
    ("plan.docx", pdf_bytes(), "its content is not a Word document"),
    ("notes.txt", b"<html><script>alert(1)</script>", "starts with `<`, like a web page"),
    ("notes.txt", b"caf\xe9", "not a plain text file saved as UTF-8"),
    ("record.csv", b"a,b\x00\x01", "control characters"),
    ("pack.zip", b"PK\x03\x04 not really", "its content is not a zip file"),
    ("pack.zip", zip_bytes({"plan.pdf": pdf_bytes(), "evil.html": b"<script>"}), "`evil.html` inside it: `.html`"),
    ("pack.zip", zip_bytes({"inner.zip": zip_bytes({"a.txt": b"a"})}), "a zip file inside a zip file"),
    ("pack.zip", zip_bytes({"../../etc/x.txt": b"a"}), "could be unpacked outside its folder"),
    ("pack.zip", zip_bytes({"logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'}),
     "`logo.svg` inside it: `<svg>` has the attribute `onload`"),
    ("pack.zip", zip_bytes({"fake.pdf": b"<script>"}), "`fake.pdf` inside it: its content is not a PDF document"),
])
def test_what_is_not_on_the_allow_list_or_not_what_it_says_is_refused(tmp_path, name, data, expected):
    found = problem(tmp_path, name, data)
    assert found is not None and expected in found, found


SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize("svg, expected", [
    (f"<svg {SVG_NS}><script>alert(1)</script></svg>", "`<script>`, which is not on the SVG allow-list"),
    (f'<svg {SVG_NS} onload="alert(1)"/>', "the attribute `onload`"),
    (f'<svg {SVG_NS}><rect ONCLICK="alert(1)"/></svg>', "the attribute `ONCLICK`"),
    (f'<svg {SVG_NS}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
     "`<foreignObject>`"),
    (f'<svg {SVG_NS}><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
     "`<script>` from http://www.w3.org/1999/xhtml, which is not part of SVG"),
    (f'<svg {SVG_NS} {XLINK}><use xlink:href="https://evil.example/s.svg#x"/></svg>',
     "links to `https://evil.example/s.svg#x`"),
    (f'<svg {SVG_NS}><image href="//evil.example/p.png"/></svg>', "links to `//evil.example/p.png`"),
    (f'<svg {SVG_NS}><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>', "links to `data:image/svg+xml"),
    (f'<svg {SVG_NS} {XLINK}><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "`<a>`"),
    (f'<svg {SVG_NS}><animate attributeName="href" values="javascript:alert(1)"/></svg>', "`<animate>`"),
    (f'<svg {SVG_NS}><set attributeName="href" to="&#106;avascript:alert(1)"/></svg>', "`<set>`"),
    (f'<svg {SVG_NS}><style>@import url(https://evil.example/x.css);</style></svg>', "`@import`"),
    (f'<svg {SVG_NS}><style>rect {{ fill: url(https://evil.example/x.svg#g) }}</style></svg>', "another address"),
    (f'<svg {SVG_NS}><style>rect {{ fill: URL(x.svg#g) }}</style></svg>', "`url(...)` to load a file"),
    (f'<svg {SVG_NS}><style><![CDATA[rect {{ background: u\\72l(https://evil.example/) }}]]></style></svg>',
     "backslash escape"),
    (f'<svg {SVG_NS}><rect style="fill: u&#114;l(https://evil.example/x)"/></svg>', "another address"),
    (f'<svg {SVG_NS}><rect style="fill: u&#114;l(evil.svg#x)"/></svg>', "`url(...)` to load a file"),
    (f'<svg {SVG_NS}><rect style="fill: url(https:evil.example/x)"/></svg>', "`url(...)` to load a file"),
    (f'<svg {SVG_NS}><rect fill="url(https://evil.example/x#g)"/></svg>', "`url(...)` may only refer"),
    (f'<svg {SVG_NS}><rect style="background: image-set(\'https://evil.example/a.png\' 1x)"/></svg>',
     "another address"),
    (f'<svg {SVG_NS}><rect style="background: image-set(\'https:evil.example/a.png\' 1x)"/></svg>',
     "names an address"),
    (f'<!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]><svg {SVG_NS}><text>&a;</text></svg>', "DOCTYPE"),
    (f'<?xml-stylesheet href="https://evil.example/x.css"?><svg {SVG_NS}/>', "processing instruction"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', "not an SVG image"),
    (f"<svg {SVG_NS}><rect></svg>", "not well-formed XML"),
    ("<svg><script>alert(1)</script></svg>", "not an SVG image"),  # no namespace: a browser would not draw it
])
def test_svg_outside_the_allow_list_is_refused_however_it_is_spelt(svg, expected):
    found = svg_problem(svg.encode())
    assert found is not None and expected in found, found


def test_size_limit_per_file_is_checked_before_reading(tmp_path):
    policy = FilePolicy(file_limit_mb=0.01)
    found = problem(tmp_path, "plan.pdf", pdf_bytes() + b"%" * 20_000, policy)
    assert found.startswith("cannot be published: the file is 19.7 KB; the limit for one file is 0.01 MB")
    assert "`attachment_limit_mb` under `projecth: library:` in mkdocs.yml" in found
    assert problem(tmp_path, "plan.pdf", pdf_bytes(), policy) is None


def test_a_zip_that_unpacks_beyond_the_limit_is_refused(tmp_path):
    bomb = zip_bytes({"big.txt": b"a" * 200_000})
    assert len(bomb) < 10_000
    found = problem(tmp_path, "pack.zip", bomb, FilePolicy(file_limit_mb=0.1))
    assert "unzipped it is 195.3 KB; the limit for one file is 0.1 MB, unzipped too" in found


@pytest.mark.parametrize("rel", [
    "assets/javascripts/bundle.f13b1293.min.js", "assets/stylesheets/main.css", "assets/projecth/projecth.css",
    "search/index.md", "search.md", "pagefind/pagefind.js", "downloads/networks/maths/x.zip", "404.md", "404.html",
    "taxonomy.yml", "robots.txt", "sitemap.xml", "catalog.json", "feed.xml", "feed-subject-maths.xml", "_headers",
    "assets/javascripts/index.md",
])
def test_paths_the_theme_or_toolkit_write_are_reserved(rel):
    assert reserved_path(rel, FilePolicy(stylesheets=frozenset({"assets/stylesheets/brand.css"}))) is not None


def test_only_the_stylesheets_mkdocs_yml_names_may_be_in_the_theme_folder(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_url: !ENV [SITE_URL, 'http://127.0.0.1:8000/']\n"
        "extra_css:\n  - assets/stylesheets/brand.css\n  - https://cdn.example/x.css\n"
        "plugins:\n  - projecth:\n      library:\n        attachment_limit_mb: 5\n        resource_limit_mb: 8\n"
        "      search:\n        page: find.md\n"
        "hooks:\n  - !!python/name:os.system\n", encoding="utf-8")
    policy = policy_from_mkdocs_yml(tmp_path / "mkdocs.yml")
    assert policy == FilePolicy(5, 8, frozenset({"assets/stylesheets/brand.css"}), "find")
    assert reserved_path("assets/stylesheets/brand.css", policy) is None
    assert "it names `assets/stylesheets/brand.css`" in reserved_path("assets/stylesheets/evil.css", policy)
    assert reserved_path("find/index.md", policy) is not None
    assert reserved_path("networks/maths/files/plan.pdf", policy) is None
    # Naming a path of the toolkit's own in extra_css does not hand it to content.
    toolkit = FilePolicy(stylesheets=frozenset({"assets/projecth/projecth.css", "assets/javascripts/x.css"}))
    assert reserved_path("assets/projecth/projecth.css", toolkit) is not None
    assert reserved_path("assets/javascripts/x.css", toolkit) is not None


def test_a_stylesheet_elsewhere_is_not_published(tmp_path):
    assert "a stylesheet is published only where mkdocs.yml names it" in problem(tmp_path, "extra.css", b"a{}")
    brand = FilePolicy(stylesheets=frozenset({"assets/stylesheets/brand.css"}))
    assert problem(tmp_path, "assets/stylesheets/brand.css", b":root { --x: 1px; }", brand) is None
    found = problem(tmp_path, "assets/stylesheets/brand.css", b"body{background:url(https://evil.example/t.gif)}",
                    brand)
    assert "another address" in found
    found = problem(tmp_path, "assets/stylesheets/brand.css", b"body{background:URL( 'https:evil.example/t.gif')}",
                    brand)
    assert "only files of the site itself may be loaded" in found
    assert problem(tmp_path, "assets/stylesheets/brand.css", b"body{background:url(img/t.png)} /* // */", brand) is None
