"""Which files content may publish: types on an allow-list, recognised by their bytes as well as their name.

Every file under content/ that is not a Markdown page is published as it is, at the site's own address: an
attachment, an image a page shows, the logo. A web page, a script or an SVG with script in it would run there,
so only the types below are published, each only when its bytes are what its name says:

- documents, spreadsheets and presentations (PDF, Word, Excel, PowerPoint, OpenDocument),
- images (PNG, JPEG, GIF, WebP; SVG only when it passes the SVG allow-list below),
- audio and video (MP3, M4A, MP4, WAV, Ogg, WebM),
- CSV and plain text (UTF-8, not starting like markup),
- zip files of those (each member checked the same way; no zip inside a zip).

Stylesheets are published only at the paths the site's mkdocs.yml names in `extra_css`; every other path the
theme or the toolkit writes is reserved (`reserved_path`).

The SVG check parses the XML (no DOCTYPE, no entities, no processing instructions) and lets through only
SVG elements and attributes listed here; `href` only to a fragment of the same file (or a raster `data:` image
on `<image>`), CSS only without escapes, `@import` or another address. Nothing here imports MkDocs.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..reading.siteconfig import feature_options, read_site_config

MB = 1024 * 1024
DEFAULT_FILE_LIMIT_MB = 20
DEFAULT_RESOURCE_LIMIT_MB = 50
MAX_ZIP_MEMBERS = 1000
STYLESHEETS_FOLDER = "assets/stylesheets/"


def size_text(size: int) -> str:
    """A size as a teacher reads it: `3.5 KB`, `21.3 MB`."""
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size / 1024:,.1f} KB"


@dataclass(frozen=True)
class FilePolicy:
    """What a site allows content to publish: size limits, and the stylesheets its mkdocs.yml names."""

    file_limit_mb: float = DEFAULT_FILE_LIMIT_MB
    resource_limit_mb: float = DEFAULT_RESOURCE_LIMIT_MB
    stylesheets: frozenset[str] = field(default_factory=frozenset)  # paths under content/, from `extra_css`
    search_page: str = "search"  # where the search feature of the projecth plugin publishes its page

    @property
    def file_limit(self) -> int:
        return int(self.file_limit_mb * MB)

    @property
    def resource_limit(self) -> int:
        return int(self.resource_limit_mb * MB)


def site_stylesheets(extra_css) -> frozenset[str]:
    """The local stylesheets of `extra_css`, as paths under content/ (addresses on other hosts are not files)."""
    paths = set()
    for entry in extra_css or ():
        path = entry if isinstance(entry, str) else getattr(entry, "path", None)
        if not isinstance(path, str) or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", path):
            continue
        paths.add(posixpath.normpath(path.lstrip("/")))
    return frozenset(paths)


def policy_from_mkdocs_yml(path: Path) -> FilePolicy:
    """The policy of the site whose mkdocs.yml is `path` (defaults when it is missing or unreadable).

    Read with the toolkit's one safe reader of mkdocs.yml (core/reading/siteconfig.py).
    """
    config = read_site_config(path)
    library, search = feature_options(config, "library"), feature_options(config, "search")

    def number(name: str, default: float) -> float:
        value = library.get(name, default)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else default

    page = search.get("page") if isinstance(search.get("page"), str) else "search"
    return FilePolicy(number("attachment_limit_mb", DEFAULT_FILE_LIMIT_MB),
                      number("resource_limit_mb", DEFAULT_RESOURCE_LIMIT_MB),
                      site_stylesheets(config.get("extra_css")), search_folder(page))


def search_folder(page: str) -> str:
    """The folder of the search page (`search/index.md` or `search.md` -> `search`)."""
    page = page.strip("/")
    if page.endswith("/index.md"):
        page = page[: -len("/index.md")]
    elif page.endswith(".md"):
        page = page[:-3]
    return page or "search"


# -- reserved paths --------------------------------------------------------------------------------

# Folders and files that the theme (Material) or the toolkit write into the site.
_RESERVED_FOLDERS = {
    "assets/javascripts/": "the theme's scripts",
    "assets/stylesheets/": "the theme's stylesheets",
    "assets/projecth/": "the toolkit's own stylesheets and scripts",
    "pagefind/": "the search index, emptied on every build",
    "downloads/": "the download packs the toolkit makes",
}
_RESERVED_FILES = frozenset({"404.html", "taxonomy.yml", "robots.txt", "sitemap.xml", "sitemap.xml.gz",
                             "catalog.json", "catalog.schema.json", "feed.xml", "_headers", "_redirects", "CNAME"})
_FEED = re.compile(r"feed-[a-z0-9-]+\.xml\Z")


def published_path(rel: str) -> str:
    """Where MkDocs (with directory URLs) writes a file of content/: a page `a/b.md` becomes `a/b/index.html`."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    if stem == "404":
        return "404.html"
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        folder = posixpath.dirname(stem)
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/index.html"


def reserved_path(rel: str, policy: FilePolicy) -> str | None:
    """Why content may not write this path (None when it may): the theme or the toolkit write it."""
    dest = published_path(rel)
    folders = {**_RESERVED_FOLDERS, policy.search_page.strip("/") + "/": "the search page (`page` under `projecth: search:`)"}
    for folder, what in folders.items():
        if dest.startswith(folder):
            if folder == STYLESHEETS_FOLDER:
                if rel in policy.stylesheets and rel.endswith(".css"):
                    continue  # the site's own stylesheet, which mkdocs.yml names
                named = ", ".join(f"`{path}`" for path in sorted(policy.stylesheets)) or "none"
                return (f"`{STYLESHEETS_FOLDER}` holds the theme's stylesheets; only the stylesheets that mkdocs.yml "
                        f"names in `extra_css` may be there (it names {named}): move this file, or ask a maintainer "
                        "to add it to `extra_css`")
            return (f"`{folder}` is written by the theme or the toolkit ({what}): a file of the library there would "
                    "replace theirs; move it to another folder")
    if dest in _RESERVED_FILES or _FEED.match(dest):
        if rel == "taxonomy.yml":
            return ("taxonomy.yml belongs beside mkdocs.yml, not inside the content folder, where it would be "
                    "published and could stand in for the real one: delete or move this copy")
        return (f"`{dest}` is written by the theme or the toolkit for the whole site: a file of the library cannot "
                "take its place; rename or remove it")
    return None


# -- file types ------------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the Compound File header of .doc, .xls and .ppt

# extension -> (what it is, in words; the content check)
_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_ODF_TYPES = {"odt": "application/vnd.oasis.opendocument.text",
              "ods": "application/vnd.oasis.opendocument.spreadsheet",
              "odp": "application/vnd.oasis.opendocument.presentation"}
KINDS = {
    "pdf": "a PDF document", "doc": "a Word document", "docx": "a Word document", "odt": "an OpenDocument text",
    "xls": "an Excel spreadsheet", "xlsx": "an Excel spreadsheet", "ods": "an OpenDocument spreadsheet",
    "ppt": "a PowerPoint presentation", "pptx": "a PowerPoint presentation", "odp": "an OpenDocument presentation",
    "png": "a PNG image", "jpg": "a JPEG image", "jpeg": "a JPEG image", "gif": "a GIF image",
    "webp": "a WebP image", "svg": "an SVG image", "mp3": "an MP3 audio file", "m4a": "an M4A audio file",
    "wav": "a WAV audio file", "ogg": "an Ogg audio file", "oga": "an Ogg audio file", "mp4": "an MP4 video",
    "webm": "a WebM video", "csv": "a CSV file", "txt": "a plain text file", "zip": "a zip file",
    "css": "a stylesheet",
}
_WEB = frozenset({"html", "htm", "xhtml", "xht", "shtml", "js", "mjs", "cjs", "php", "svgz", "xml", "xsl", "xslt",
                  "swf", "jar", "exe", "bat", "cmd", "ps1", "sh", "wasm", "hta", "vbs"})


# Types told by their first bytes alone (the others are read whole: zips, text, SVG).
_KNOWN_BY_THEIR_START = frozenset({"pdf", "doc", "xls", "ppt", "png", "jpg", "jpeg", "gif", "webp", "wav", "mp3", "m4a",
                                   "mp4", "ogg", "oga", "webm"})


@dataclass(frozen=True)
class _Ctx:
    policy: FilePolicy
    in_zip: bool = False


def _is_zip(data: bytes) -> zipfile.ZipFile | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _content_problem(ext: str, data: bytes, ctx: _Ctx) -> str | None:
    """None when the bytes are a file of this type; otherwise what is wrong, in words."""
    kind = KINDS[ext]
    head = data[:16]
    simple = {
        "pdf": data.startswith(b"%PDF-"),
        "doc": head.startswith(_OLE), "xls": head.startswith(_OLE), "ppt": head.startswith(_OLE),
        "png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "jpg": head.startswith(b"\xff\xd8\xff"), "jpeg": head.startswith(b"\xff\xd8\xff"),
        "gif": head.startswith((b"GIF87a", b"GIF89a")),
        "webp": head[:4] == b"RIFF" and head[8:12] == b"WEBP",
        "wav": head[:4] == b"RIFF" and head[8:12] == b"WAVE",
        "mp3": head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
        "m4a": head[4:8] == b"ftyp", "mp4": head[4:8] == b"ftyp",
        "ogg": head.startswith(b"OggS"), "oga": head.startswith(b"OggS"),
        "webm": head.startswith(b"\x1a\x45\xdf\xa3"),
    }
    if ext in simple:
        return None if simple[ext] else f"its content is not {kind}"
    if ext in _OOXML_PARTS:
        archive = _is_zip(data)
        names = set(archive.namelist()) if archive else set()
        if "[Content_Types].xml" in names and _OOXML_PARTS[ext] in names:
            return None
        return f"its content is not {kind} (no `{_OOXML_PARTS[ext]}` inside)"
    if ext in _ODF_TYPES:
        archive = _is_zip(data)
        try:
            mimetype = archive.read("mimetype") if archive else b""
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            mimetype = b""
        return None if mimetype == _ODF_TYPES[ext].encode() else f"its content is not {kind}"
    if ext in ("csv", "txt", "css"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return f"it is not {kind} saved as UTF-8 text"
        if re.search("[\x00-\x08\x0e-\x1f\x7f]", text):
            return "it contains control characters, so it is not plain text"
        if ext == "css":
            return _css_problem(text, local_only=False)
        if text.lstrip()[:1] == "<":
            return "it starts with `<`, like a web page, which a browser may open as one"
        return None
    if ext == "svg":
        return svg_problem(data)
    if ext == "zip":
        if ctx.in_zip:
            return "a zip file inside a zip file cannot be checked: put its files in the outer zip"
        return _zip_problem(data, ctx)
    return f"`.{ext}` files are not published"  # pragma: no cover - every kind is handled above


def _zip_problem(data: bytes, ctx: _Ctx) -> str | None:
    archive = _is_zip(data)
    if archive is None:
        return "its content is not a zip file"
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        return f"it holds {len(members):,} files; the limit is {MAX_ZIP_MEMBERS:,}"
    total = sum(member.file_size for member in members)
    if total > ctx.policy.file_limit:
        return (f"unzipped it is {size_text(total)}; the limit for one file is {ctx.policy.file_limit_mb:g} MB, "
                "unzipped too")
    inner = _Ctx(ctx.policy, in_zip=True)
    for member in members:
        name = member.filename
        if member.flag_bits & 0x1:
            return f"`{name}` inside it is encrypted, so it cannot be checked"
        if name.startswith("/") or "\\" in name or ".." in name.split("/") or re.search("[\x00-\x1f\x7f]", name):
            return f"`{name}` inside it has a path that could be unpacked outside its folder"
        if name.endswith("/"):
            continue
        try:
            member_data = archive.read(member)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError) as error:
            return f"`{name}` inside it cannot be read ({error})"
        problem = _type_problem(posixpath.basename(name), member_data, inner)
        if problem:
            return f"`{name}` inside it: {problem}"
    return None


def _type_problem(name: str, data: bytes, ctx: _Ctx) -> str | None:
    stem, dot, ext = name.rpartition(".")
    ext = ext.lower() if dot and stem else ""
    if ext not in KINDS or (ext == "css" and ctx.in_zip):
        if ext in _WEB:
            return (f"`.{ext}` files cannot be published: a web page or script would run on the library's own "
                    "address; publish it as a PDF, or put its text in a Markdown page")
        shown = f"`.{ext}` files" if ext else "files without a known extension"
        return (f"{shown} cannot be published; allowed: documents (PDF, Word, Excel, PowerPoint, OpenDocument), "
                "images (PNG, JPEG, GIF, WebP, SVG), audio and video (MP3, M4A, MP4, WAV, Ogg, WebM), CSV, plain "
                "text, and zip files of those")
    problem = _content_problem(ext, data, ctx)
    if problem and problem.startswith("its content is not"):
        return f"{problem}: save it again as {KINDS[ext]}, or give it the extension of what it is"
    return problem


def type_problem(name: str, data: bytes, policy: FilePolicy | None = None) -> str | None:
    """Why bytes to be saved as `name` are not a type content may publish (by name and by content), or None: the
    check `check_file` makes of a file, for bytes not yet written (an import)."""
    return _type_problem(posixpath.basename(name), data, _Ctx(policy or FilePolicy()))


def check_file(path: Path, rel: str, policy: FilePolicy) -> str | None:
    """Why the file at `path` (content-relative `rel`) cannot be published, or None when it can."""
    size = path.stat().st_size
    if size > policy.file_limit:
        return (f"cannot be published: the file is {size_text(size)}; the limit for one file is "
                f"{policy.file_limit_mb:g} MB: make it "
                "smaller (compress images, split the document), or ask a maintainer to raise "
                "`attachment_limit_mb` under `projecth: library:` in mkdocs.yml")
    if rel.lower().endswith(".css") and rel not in policy.stylesheets:
        return ("a stylesheet is published only where mkdocs.yml names it in `extra_css` (it names "
                f"{', '.join(f'`{p}`' for p in sorted(policy.stylesheets)) or 'none'}): remove this file, or ask a "
                "maintainer to add it there")
    name = posixpath.basename(rel)
    if name.rpartition(".")[2].lower() in _KNOWN_BY_THEIR_START:
        with path.open("rb") as file:  # a video of 20 MB need not be read to see what it is
            problem = _type_problem(name, file.read(64), _Ctx(policy))
    else:
        problem = _type_problem(name, path.read_bytes(), _Ctx(policy))
    if problem and "cannot be published" not in problem:
        return f"cannot be published: {problem}"
    return problem


# -- SVG -------------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# What drawing programs add beside the drawing: no browser acts on elements or attributes in these.
_EDITOR_NS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
})

SVG_ELEMENTS = frozenset("""
svg g defs symbol use title desc metadata switch style
path rect circle ellipse line polyline polygon text tspan textPath image
linearGradient radialGradient stop clipPath mask pattern marker
filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge
feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split())

SVG_ATTRIBUTES = frozenset("""
id class style transform lang tabindex role focusable version baseProfile viewBox preserveAspectRatio
x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength dx dy rotate textLength lengthAdjust
startOffset method spacing side
fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray
stroke-dashoffset stroke-opacity opacity color display visibility overflow clip clip-path clip-rule mask filter
marker-start marker-mid marker-end paint-order vector-effect shape-rendering text-rendering image-rendering
color-rendering color-interpolation color-interpolation-filters mix-blend-mode isolation enable-background
font font-family font-size font-size-adjust font-stretch font-style font-variant font-weight text-anchor
dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing text-decoration writing-mode
direction unicode-bidi kerning glyph-orientation-horizontal glyph-orientation-vertical white-space
offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod
patternUnits patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits
markerWidth markerHeight markerUnits refX refY orient
filterUnits primitiveUnits filterRes in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues
slope intercept amplitude exponent order kernelMatrix divisor bias targetX targetY edgeMode kernelUnitLength
preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent lighting-color azimuth elevation
pointsAtX pointsAtY pointsAtZ limitingConeAngle scale xChannelSelector yChannelSelector flood-color flood-opacity
radius baseFrequency numOctaves seed stitchTiles requiredFeatures requiredExtensions systemLanguage media
aria-label aria-labelledby aria-describedby aria-hidden aria-roledescription href
""".split())

_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
# Over lower-cased CSS (quicker than IGNORECASE); CSS function names are not case-sensitive.
_NOT_LOCAL_URL = re.compile(r"url\((?!\s*['\"]?#[a-z0-9_.:-]*['\"]?\s*\))")  # a url() not to `#name`
# Each searched once over the whole text, at C speed, and linear: no two unbounded repeats side by side.
_URL_WITH_SCHEME = re.compile(r"url\(\s*(?:['\"]\s*)?[a-z][a-z0-9+.-]*:")
_STRING_WITH_SCHEME = re.compile(r"['\"]\s*[a-z][a-z0-9+.-]*:\S")  # "https:evil.example" loads, too


def _without_comments(css: str) -> str:
    """CSS with its `/* ... */` comments removed (an unclosed one runs to the end), in one pass."""
    parts, position = [], 0
    while (start := css.find("/*", position)) != -1:
        parts.append(css[position:start])
        end = css.find("*/", start + 2)
        if end == -1:
            return "".join(parts)
        position = end + 2
    parts.append(css[position:])
    return "".join(parts)


def _css_problem(css: str, local_only: bool = True) -> str | None:
    """CSS that can load nothing from another address: no escapes, no @import, no address with a scheme or `//`;
    in an SVG (`local_only`) `url()` only to `#fragments`, in the site's stylesheet to its own files."""
    if "\\" in css:
        return "its CSS contains a backslash escape, which can hide what it loads: write the characters out"
    css = _without_comments(css).lower()
    if "@import" in css:
        return "its CSS uses `@import`, which loads another stylesheet: copy the rules in instead"
    if "//" in css:
        return "its CSS names another address (`//`): nothing may be loaded from another address"
    if local_only:
        if _NOT_LOCAL_URL.search(css):
            return ("its CSS uses `url(...)` to load a file: only references inside the file (`url(#name)`) are "
                    "allowed here")
    elif found := _URL_WITH_SCHEME.search(css):
        return f"its CSS loads `{css[found.start():found.end() + 40]}`: only files of the site itself may be loaded"
    if found := _STRING_WITH_SCHEME.search(css):
        return (f"its CSS names an address ({css[found.start():found.end() + 40]}): nothing may be loaded from "
                "another address")
    return None


class _SvgError(Exception):
    pass


def svg_problem(data: bytes) -> str | None:
    """Why this SVG could run script or load from another address (None when it passes the allow-list)."""
    state = {"root": None, "style": 0, "css": []}

    def fail(message: str):
        raise _SvgError(message)

    def split(name: str) -> tuple[str, str]:
        ns, _, local = name.rpartition(" ")
        return ns, local

    def start(name, attrs):
        ns, local = split(name)
        if state["root"] is None:
            state["root"] = (ns, local)
            if (ns, local) != (SVG_NS, "svg"):
                fail("it is not an SVG image (its first element is not `<svg>` in the SVG namespace)")
        if ns in _EDITOR_NS:
            return
        if ns != SVG_NS:
            shown = f"`<{local}>` from {ns or 'no namespace'}"
            fail(f"it contains {shown}, which is not part of SVG: only drawing elements are allowed")
        if local not in SVG_ELEMENTS:
            fail(f"it contains `<{local}>`, which is not on the SVG allow-list (no script, links, animation, "
                 "`<foreignObject>` or embedded pages): export it again as a plain SVG, or as a PNG")
        if local == "style":
            state["style"] += 1
        for attr, value in attrs.items():
            ans, alocal = split(attr)
            if ans in _EDITOR_NS or (ans == XML_NS and alocal in ("space", "lang")):
                continue
            if ans == XLINK_NS and alocal == "title":
                continue
            if ans not in ("", XLINK_NS) or (ans == XLINK_NS and alocal != "href") or (
                    not ans and alocal not in SVG_ATTRIBUTES):
                fail(f"`<{local}>` has the attribute `{alocal}`, which is not on the SVG allow-list (no event "
                     "handlers such as `onload`): remove it, or export the drawing again as a plain SVG")
            if alocal == "href":
                if not (value.startswith("#") or (local == "image" and _DATA_IMAGE.match(value))):
                    fail(f"`<{local}>` links to `{value[:80]}`: an SVG may refer only to parts of itself (`#name`) "
                         "or embed a PNG, JPEG, GIF or WebP image as `data:`")
            elif alocal == "style":
                problem = _css_problem(value)
                if problem:
                    fail(f"the `style` of `<{local}>`: {problem.replace('its CSS', 'it')}")
            elif _NOT_LOCAL_URL.search(value.lower()):
                fail(f"`{alocal}` of `<{local}>` is `{value[:80]}`: `url(...)` may only refer to parts of the file "
                     "(`url(#name)`)")

    def end(name):
        ns, local = split(name)
        if ns == SVG_NS and local == "style":
            state["style"] -= 1

    def text(data_):
        if state["style"]:
            state["css"].append(data_)

    def doctype(*_):
        fail("it has a DOCTYPE, which can define entities that expand without limit: remove the `<!DOCTYPE ...>`")

    def entity(*_):
        fail("it declares an entity: remove it")

    def instruction(target, _data):
        fail(f"it contains the processing instruction `<?{target} ...?>`, which can load a stylesheet: remove it")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _SvgError as error:
        return f"{error} (line {parser.CurrentLineNumber})"
    except expat.ExpatError as error:
        return f"it is not well-formed XML ({expat.errors.messages.get(error.code, 'malformed')}, line {error.lineno})"
    if state["root"] is None:
        return "it is not an SVG image (no `<svg>` element)"
    problem = _css_problem("".join(state["css"]))
    if problem:
        return f"its `<style>`: {problem.replace('its CSS', 'it')}"
    return None
