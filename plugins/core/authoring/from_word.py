"""A draft resource from a Word document (.docx) or from another library's Markdown page.

Word documents are read by pandoc, from the `pypandoc-binary` wheel (nothing is
downloaded at run time): headings (shifted one level down, since the page title
comes from `title`), lists, tables, links, emphasis, footnotes and images. Images
are extracted as files beside the draft, named after it (`ratio-tables-1.png`);
an image without alt text gets a TODO that the check refuses until it is written.
The document's properties (title, author, date created, description) fill the
fields they can; the rest are marked for the author.

A Markdown page from elsewhere (Carpentries, Jekyll) keeps its text, converted
by core/authoring/convert.py; its front matter keys that mean something here are kept,
Carpentries objectives, questions and key points become admonitions, and every
other key is listed as not kept.

Imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import yaml

from .convert import convert_body
from .foreign import MISSING_ALT
# Pandoc Lua filter (written for this project): image sizes and empty bookmark spans would otherwise
# force raw HTML; underlining is not used for emphasis on the web.
_FILTER = """
local targets = {}
local function target(el)
  if el.target:sub(1, 1) == "#" then targets[el.target:sub(2)] = true end
end
local function span(el)
  if el.identifier ~= "" and targets[el.identifier] then
    local kept = pandoc.List({pandoc.RawInline("html", '<span id="' .. el.identifier .. '"></span>')})
    kept:extend(el.content)
    return kept
  end
  return el.content
end
local function escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end
-- A captioned picture: a Markdown image (so MkDocs rewrites its address) inside <figure markdown>.
local function figure(fig)
  local images = {}
  fig:walk({Image = function(img) table.insert(images, img) end})
  if #images ~= 1 then return nil end
  local image = images[1]
  image.attributes = {}
  local caption = pandoc.utils.stringify(fig.caption.long)
  if caption == "" or caption == pandoc.utils.stringify(image.caption) then
    return pandoc.Para({image})
  end
  return {pandoc.RawBlock("html", '<figure markdown="span">'), pandoc.Para({image}),
          pandoc.RawBlock("html", "<figcaption>" .. escape(caption) .. "</figcaption>"),
          pandoc.RawBlock("html", "</figure>")}
end
return {
  {Link = target},
  {Figure = figure},
  {Image = function(el) el.attributes = {} return el end, Span = span,
   Underline = function(el) return el.content end},
}
"""
IMAGE_STEM = "projecth-draft-image"  # replaced by the draft's slug once the title is known
_PANDOC_FORMAT = ("markdown_strict+pipe_tables+footnotes+backtick_code_blocks+yaml_metadata_block"
                  "+four_space_rule")  # Python-Markdown needs four spaces to nest a list
_CORE = {"title": "{http://purl.org/dc/elements/1.1/}title", "creator": "{http://purl.org/dc/elements/1.1/}creator",
         "description": "{http://purl.org/dc/elements/1.1/}description",
         "subject": "{http://purl.org/dc/elements/1.1/}subject",
         "created": "{http://purl.org/dc/terms/}created"}
_WEB_IMAGES = {"png", "jpg", "jpeg", "gif", "svg", "webp"}
_EMPTY_ALT_IMAGE = re.compile(r"!\[\]\(")
_HTML_IMG_NO_ALT = re.compile(r"<img (?![^>]*\balt=)")
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%d/%m/%Y")


class ConversionFailed(Exception):
    """The document could not be read (a message for the author)."""


@dataclass
class Draft:
    """What a source document gives a new resource; None where it says nothing."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    summary: str | None = None
    body: str = ""
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name beside the draft, bytes)
    notes: list[str] = field(default_factory=list)  # what the author must look at
    dropped: list[str] = field(default_factory=list)  # source front matter keys not kept

    def name_images(self, slug: str) -> None:
        """Give the extracted images their names beside the draft, `{slug}-{n}.{ext}`."""
        self.body = self.body.replace(IMAGE_STEM, slug)
        self.images = [(name.replace(IMAGE_STEM, slug), data) for name, data in self.images]
        self.notes = [note.replace(IMAGE_STEM, slug) for note in self.notes]


def pandoc_path() -> str:
    try:
        import pypandoc
    except ImportError as error:  # pragma: no cover - a broken installation
        raise ConversionFailed("pandoc is not installed: reinstall Project H (`pip install -e .`), which brings "
                               "the `pypandoc-binary` wheel") from error
    return pypandoc.get_pandoc_path()


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _core_properties(path: Path) -> dict[str, str]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "docProps/core.xml" not in names:
                return {}
            root = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError):
        return {}
    found = {}
    for name, tag in _CORE.items():
        element = root.find(tag)
        if element is not None and (element.text or "").strip():
            found[name] = " ".join(element.text.split())
    return found


def _plain(value) -> str | None:
    """Pandoc metadata as plain text (it is Markdown: drop emphasis marks and escapes)."""
    if value is None:
        return None
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    text = re.sub(r"\\(.)", r"\1", " ".join(str(value).split()))
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    return text or None


def from_docx(path: Path) -> Draft:
    """Convert a .docx file; images are returned, not written (see `Draft.name_images`)."""
    if not zipfile.is_zipfile(path):
        raise ConversionFailed(f"{path} is not a Word document (.docx): save it from Word as .docx and try again "
                               "(.doc files from before 2007 cannot be read)")
    with tempfile.TemporaryDirectory(prefix="projecth-docx-") as work:
        media = Path(work) / "media-out"
        lua = Path(work) / "filter.lua"
        lua.write_text(_FILTER, encoding="utf-8")
        run = subprocess.run(
            [pandoc_path(), "--from=docx", f"--to={_PANDOC_FORMAT}", "--standalone", "--wrap=none",
             "--shift-heading-level-by=1", f"--extract-media={media}", f"--lua-filter={lua}", str(path)],
            capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            raise ConversionFailed(f"pandoc could not read {path.name}: {run.stderr.strip() or 'no reason given'}"
                                   "; open it in Word, save it again as .docx, and try again")
        output = run.stdout
        draft = Draft()
        meta: dict = {}
        if output.startswith("---\n"):
            end = output.find("\n---\n", 4)
            if end > 0:
                try:
                    meta = yaml.safe_load(output[4:end]) or {}
                except yaml.YAMLError:
                    meta = {}
                output = output[end + 5:]
        # pandoc separates two adjacent lists with an HTML comment, which the check refuses
        body = re.sub(r"(?m)^<!-- -->\n\n?", "", output.lstrip("\n"))
        body, draft.images, image_notes = _collect_images(body, media, IMAGE_STEM)
        draft.notes += image_notes
    core = _core_properties(path)
    draft.title = _plain(meta.get("title")) or core.get("title")
    authors = meta.get("author") or core.get("creator")
    draft.authors = [a for a in ([_plain(x) for x in authors] if isinstance(authors, list) else [_plain(authors)])
                     if a]
    draft.published = parse_date(_plain(meta.get("date"))) or parse_date(core.get("created"))
    draft.summary = (_plain(meta.get("abstract")) or _plain(meta.get("description")) or core.get("description")
                     or _plain(meta.get("subtitle")) or core.get("subject"))
    if re.search(r"(?m)^#(?!#)", body):
        draft.notes.append("the document has headings above Heading 1: they are now `##` headings")
    draft.body = body.rstrip() + "\n"
    return draft


def _collect_images(body: str, media: Path, slug: str) -> tuple[str, list[tuple[str, bytes]], list[str]]:
    images: list[tuple[str, bytes]] = []
    notes: list[str] = []
    prefix = str(media)
    names: dict[str, str] = {}
    for match in re.finditer(re.escape(prefix) + r"/[^\s)\"'>]+", body):
        source = match.group(0)
        if source in names:
            continue
        extension = source.rsplit(".", 1)[-1].lower() if "." in source else "bin"
        extension = "jpg" if extension == "jpeg" else extension
        name = f"{slug}-{len(names) + 1}.{extension}"
        names[source] = name
        file = Path(source)
        if file.is_file():
            images.append((name, file.read_bytes()))
        if extension not in _WEB_IMAGES:
            notes.append(f"image `{name}` is a .{extension} file, which browsers do not show: open the document, "
                         "save the picture as PNG, and replace it")
    for source in sorted(names, key=len, reverse=True):
        body = body.replace(source, names[source])
    for name in dict.fromkeys(m.group(1) for m in re.finditer(r"!\[\]\(([^)\s]+)", body)):
        notes.append(f"image `{name}` has no alt text in the document: describe it in the draft, "
                     f"replacing `{MISSING_ALT}`")
    body = _EMPTY_ALT_IMAGE.sub(f"![{MISSING_ALT}](", body)
    body = _HTML_IMG_NO_ALT.sub(f'<img alt="{MISSING_ALT}" ', body)
    return body, images, notes


# -- Markdown from another library ---------------------------------------------------------------

_KEEP = {"title": "title", "author": "authors", "authors": "authors", "creator": "authors", "date": "published",
         "published": "published", "created": "published", "description": "summary", "summary": "summary",
         "excerpt": "summary", "abstract": "summary", "subtitle": "summary"}
# Carpentries episode keys that are lesson content: kept in the body.
_LISTS = (("objectives", "abstract", "Objectives"), ("questions", "question", "Questions"))
_END_LISTS = (("keypoints", "abstract", "Key points"),)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _admonition(kind: str, title: str, items) -> list[str]:
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list) or not items:
        return []
    return [f'!!! {kind} "{title}"', ""] + [f"    - {' '.join(str(item).split())}" for item in items] + [""]


def from_markdown(text: str) -> Draft:
    """A Markdown page with another library's front matter (or none)."""
    draft = Draft()
    match = _FRONT.match(text)
    meta: dict = {}
    if match:
        try:
            loaded = yaml.safe_load(match.group(1) or "")
        except yaml.YAMLError as error:
            raise ConversionFailed(f"its front matter is not valid YAML ({error}); fix it or delete it, and try "
                                   "again") from error
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[match.end():]
    for key, value in meta.items():
        target = _KEEP.get(str(key).lower())
        if target == "title" and not draft.title:
            draft.title = _plain(value)
        elif target == "authors" and not draft.authors:
            draft.authors = [a for a in (_plain(v) for v in (value if isinstance(value, list) else [value])) if a]
        elif target == "published" and not draft.published:
            draft.published = parse_date(value)
        elif target == "summary" and not draft.summary:
            draft.summary = _plain(value)
        elif str(key).lower() not in {name for name, _, _ in _LISTS + _END_LISTS}:
            draft.dropped.append(str(key))
    start = [line for name, kind, title in _LISTS for line in _admonition(kind, title, meta.get(name))]
    end = [line for name, kind, title in _END_LISTS for line in _admonition(kind, title, meta.get(name))]
    converted = convert_body(text.lstrip("\n"))
    for finding in converted.left:
        draft.notes.append(f"{finding.construct} is left as it was (`projecth check` shows where): {finding.fix}")
    for _, note in converted.notes:
        draft.notes.append(note)
    body = converted.text.rstrip()
    draft.body = "\n".join(start + ([body] if body else []) + ([""] + end if end else [])).rstrip() + "\n"
    return draft
