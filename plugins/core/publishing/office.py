"""Editable copies of resources: a Word document for every resource, a PowerPoint deck for slide decks.

Made with pandoc (the binary in the `pypandoc-binary` wheel; nothing is downloaded). The resource's
Markdown is first turned into pandoc's Markdown: this site's admonitions (`!!! type "Title"`, `??? ...`) become
fenced divs, and the print marks below keep their meaning (answers start a new page in Word; speaker notes
become PowerPoint speaker notes). Links to other pages and files of the library point to the site.

The print marks (a content convention the check enforces, see `check_marks`):

- `!!! teacher "Title"`: for the teacher only (left out of a pupil copy when printing);
- `!!! answers "Answers"` or `??? answers "Answers"`: the answers (left out of a pupil copy; on their own page in a
  teacher copy and in the Word document);
- `!!! notes "Speaker notes"`: in a slide deck, the notes of the slide (section) it is in; PowerPoint speaker notes.

Conversion runs in as few processes as possible: one `pandoc lua` process per core, each converting its share of
the documents with `pandoc.read`/`pandoc.write` in a loop (measured in benchmarks/office.py). Every document is
cached by a hash of everything it is made from (the Markdown, its images, its credit, the date, the pandoc version
and this module's conversion code), so an unchanged resource is never converted again.

Reproducible: pandoc runs with a fixed SOURCE_DATE_EPOCH, then every zip entry and the document properties get the
resource's own date (or the build's SOURCE_DATE_EPOCH), and the zip is rewritten in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import json
import os
import posixpath
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from ..model.specs import Resource
from .packs import reproducible_zip
from .attribution import DOWNLOADS_ROOT, PageUrl, SiteInfo, credit
from ..model.taxonomy import Taxonomy

# Bump when the conversion changes in a way the cache key would not see.
CONVERTER_VERSION = "4"
CACHE_FEATURE = "office"  # its folder among a site's caches (core/reading/siteconfig.py `user_cache_dir`)

TEACHER, ANSWERS, NOTES = "teacher", "answers", "notes"
PRINT_MARKS = (TEACHER, ANSWERS, NOTES)
# Material for MkDocs' admonition types, and this library's print marks: anything else is a mistake.
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite", *PRINT_MARKS,
})
PRESENTATION = "presentation"  # the LRMI type of a resource type whose resources are slide decks

# `!!! type "Title"`, `??? type`, `???+ type ""` at any indentation; the title is optional.
# More class words may follow the type (`!!! info inline end`); the word and space classes never overlap.
_ADMONITION = re.compile(r'^( *)(!!!|\?\?\?\+?)[ \t]+([^\s"]+)((?:[ \t]+[^\s"]+)*)(?:[ \t]+"([^"\n]*)")?[ \t]*$')
# Linear: a match starts only at `{:` and stops at the next brace (a leading `[ \t]*` would rescan long runs of spaces).
_ATTR_LIST = re.compile(r"\{:[^{}\n]*\}")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s()<>]+)")
_IMAGE_TARGET = re.compile(r"!\[[^\[\]\n]*\]\(\s*<?([^\s()<>]+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")

READER = ("markdown-citations-subscript-superscript-tex_math_dollars-raw_tex-yaml_metadata_block"
          "-pandoc_title_block-fancy_lists-example_lists-implicit_figures")
PAGE_BREAK = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'
ZIP_EPOCH_SECONDS = 315532800  # 1980-01-01, what pandoc is told the time is; replaced by the document's date

# The `pandoc lua` script: converts every job of a JSON list (see `_job`) with pandoc.read/pandoc.write.
LUA = r"""
local jobs = pandoc.json.decode(io.open(arg[1], 'r'):read('a'), false)
local function convert(job)
  local doc = pandoc.read(job.markdown, job.reader)
  doc = doc:walk {
    Link = function(el)
      local to = job.links[el.target]
      if to then el.target = to; return el end
    end,
    Image = function(el)
      local to = job.images[el.src]
      if to then el.src = to; return el end
    end,
  }
  doc.meta.title = pandoc.MetaString(job.title)
  doc.meta.author = pandoc.MetaString(job.author)
  doc.meta.lang = pandoc.MetaString('en-GB')
  local options = {}
  if job.reference ~= '' then options.reference_doc = job.reference end
  if job.slide_level > 0 then options.slide_level = job.slide_level end
  local out = io.open(job.out, 'wb')
  out:write(pandoc.write(doc, job.format, options))
  out:close()
end
local failed = false
for _, job in ipairs(jobs) do
  local ok, problem = pcall(convert, job)
  if not ok then
    io.stderr:write(job.out .. '\t' .. tostring(problem):gsub('\n', ' ') .. '\n')
    failed = true
  end
end
if failed then os.exit(1) end
"""


# ---------------------------------------------------------------------------------------------------------------
# The print marks: checked in every Markdown body.

def check_marks(text: str, first_line: int, report: Callable[[int, int, str], None]) -> None:
    """Report admonitions whose type is not one Material shows or one of the print marks (`!!! answer`, say)."""
    if "!!!" not in text and "???" not in text:
        return
    fence = ""
    for number, line in enumerate(text.split("\n")):
        opened = _FENCE.match(line)
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)[:3]
            continue
        if fence:
            continue
        match = _ADMONITION.match(line)
        if match is None:
            if line.lstrip().startswith(("!!!", "???")):
                report(first_line + number, len(line) - len(line.lstrip()) + 1,
                       f"`{line.strip()[:60]}` is not an admonition: write `!!! type \"Title\"` (for example "
                       "`!!! teacher \"Teacher notes\"`) with the type in lower case and the title in double quotes")
            continue
        kind = match.group(3)
        if kind in ADMONITION_TYPES:
            continue
        close = difflib.get_close_matches(kind.lower(), sorted(ADMONITION_TYPES), n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`? " if close else ""
        report(first_line + number, len(match.group(1)) + len(match.group(2)) + 2,
               f"unknown admonition type `{kind}`: {hint}Use `teacher` for notes only the teacher sees, `answers` for "
               "answers (both left out of a pupil copy), `notes` for a slide's speaker notes, or one of Material's "
               "types such as `note`, `tip` or `warning`")


# ---------------------------------------------------------------------------------------------------------------
# From this site's Markdown to pandoc's.

def to_pandoc_markdown(text: str, fmt: str) -> str:
    """The body in pandoc's Markdown: admonitions as fenced divs, attribute lists (`{: ...}`) dropped."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(_convert_blocks(lines, fmt)) + "\n"


def _convert_blocks(lines: list[str], fmt: str) -> list[str]:
    out: list[str] = []
    index, fence = 0, ""
    while index < len(lines):
        line = lines[index]
        opened = _FENCE.match(line) if ("```" in line or "~~~" in line) else None
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)[:3]
            out.append(line)
            index += 1
            continue
        match = None if fence or line[:1] not in ("!", "?") else _ADMONITION.match(line)
        if match is None:
            out.append(line if fence or "{:" not in line else _ATTR_LIST.sub("", line))
            index += 1
            continue
        # The block: the following lines indented by four spaces, or blank.
        index += 1
        inner: list[str] = []
        while index < len(lines) and (lines[index].startswith("    ") or not lines[index].strip()):
            inner.append(lines[index][4:])
            index += 1
        while inner and not inner[-1].strip():
            inner.pop()
        out.extend(_admonition(match.group(3), match.group(5), _convert_blocks(inner, fmt), fmt))
    return out


def _admonition(kind: str, title: str | None, body: list[str], fmt: str) -> list[str]:
    if title is None:
        title = kind.capitalize()
    if kind == NOTES and fmt == "pptx":
        return ["", "::: notes", *body, ":::", ""]
    heading = [f"**{_escape_markdown(title)}**", ""] if title else []
    before = [PAGE_BREAK, ""] if kind == ANSWERS and fmt == "docx" else []
    return ["", *before, f"::: {{.admonition .{kind}}}", *heading, *body, ":::", ""]


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|~^$@])", r"\\\1", text)


# ---------------------------------------------------------------------------------------------------------------
# Jobs and the cache.

class OfficeError(Exception):
    """pandoc failed on a document: the message names the resource and what pandoc said."""


@dataclass(frozen=True)
class Copy:
    """One editable copy of one resource, ready to convert or to take from the cache."""

    resource_id: str
    format: str  # "docx" or "pptx"
    path: str  # where it is published: downloads/networks/maths/x.docx
    key: str  # the hash of everything it is made from
    job: dict


@dataclass
class OfficeResult:
    """What one build made: the bytes of every copy by its download path, and how many were converted."""

    files: dict[str, bytes] = field(default_factory=dict)
    by_resource: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # resource id -> [(format, path)]
    converted: int = 0
    reused: int = 0
    skipped: int = 0  # not in the cache and not converted (`convert=False`, as on `mkdocs serve`)
    marks: dict[str, frozenset[str]] = field(default_factory=dict)  # resource id -> the print marks it uses


def is_presentation(resource: Resource, taxonomy: Taxonomy) -> bool:
    term = taxonomy.resource_types[resource.resource_type]
    return term.get("lrmi") == PRESENTATION


def formats(resource: Resource, taxonomy: Taxonomy) -> tuple[str, ...]:
    return ("docx", "pptx") if is_presentation(resource, taxonomy) else ("docx",)


def office_download(resource: Resource, fmt: str) -> str:
    return f"{DOWNLOADS_ROOT}/{resource.id}.{fmt}"


def pandoc_path() -> str:
    import pypandoc  # the wheel's own binary; imported here so that importing projecth.core stays quick

    return pypandoc.get_pandoc_path()


def pandoc_version(binary: str) -> str:
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    return done.stdout.split("\n", 1)[0].strip()


def body_of(markdown: str) -> str:
    """The Markdown after its front matter."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---", 4)
        if end != -1:
            after = markdown.find("\n", end + 4)
            return markdown[after + 1:] if after != -1 else ""
    return markdown


def _targets(resource: Resource, body: str, content_dir: Path, site: SiteInfo, page_url: PageUrl):
    """Links to the library's pages and files (made absolute), and images (as files on disk, with their bytes)."""
    links: dict[str, str] = {}
    images: dict[str, str] = {}
    image_bytes: list[tuple[str, str]] = []
    folder = posixpath.dirname(resource.src_path)
    wanted = {match.group(1) for match in _IMAGE_TARGET.finditer(body)}
    for match in _LINK_TARGET.finditer(body):
        target = match.group(1)
        if _SCHEME.match(target) or target.startswith(("#", "/")) or target in links or target in images:
            continue
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(folder, path))
        on_disk = content_dir / resolved
        if target in wanted:
            if on_disk.is_file():
                images[target] = str(on_disk.resolve())
                image_bytes.append((target, hashlib.sha256(on_disk.read_bytes()).hexdigest()))
            continue
        try:
            address = page_url(resolved)
        except KeyError:
            continue
        links[target] = site.absolute(address) + (f"#{anchor}" if anchor else "")
    return links, images, image_bytes


def marks_in(body: str) -> frozenset[str]:
    """The print marks (`teacher`, `answers`, `notes`) a body uses."""
    if "!!!" not in body and "???" not in body:
        return frozenset()
    found = (_ADMONITION.match(line) for line in body.split("\n") if line.lstrip()[:1] in ("!", "?"))
    return frozenset(match.group(3) for match in found if match and match.group(3) in PRINT_MARKS)


MARK_NAMES = {TEACHER: "the teacher notes", ANSWERS: "the answers", NOTES: "the speaker notes"}


def plan(resources: list[Resource], content_dir: Path, taxonomy: Taxonomy, site: SiteInfo, page_url: PageUrl,
         version: str, day: dt.date | None = None, marks: dict | None = None) -> list[Copy]:
    """Every editable copy the library offers, each with its cache key (no conversion happens here); the print
    marks each resource uses go into `marks`."""
    copies = []
    for resource in resources:
        body = body_of((content_dir / resource.src_path).read_text(encoding="utf-8").replace("\r\n", "\n"))
        if marks is not None:
            marks[resource.id] = marks_in(body)
        links, images, image_bytes = _targets(resource, body, content_dir, site, page_url)
        url = site.absolute(page_url(resource.src_path))
        text = credit(resource, taxonomy, site, url)
        when = day or resource.last_changed
        for fmt in formats(resource, taxonomy):
            # The body as written: turned into pandoc's Markdown (`pandoc_markdown`) only when it is converted, so
            # a warm build only hashes. A change to that conversion must change CONVERTER_VERSION.
            job = {"format": fmt, "body": body, "reader": READER, "links": links, "images": images,
                   "title": resource.title, "author": ", ".join(resource.authors), "credit": text,
                   "day": when.isoformat(), "slide_level": slide_level(body) if fmt == "pptx" else 0}
            hashed = {k: v for k, v in job.items() if k != "images"}
            key = hashlib.sha256(json.dumps(
                [CONVERTER_VERSION, LUA, version, hashed, image_bytes, _FOOTER, _SECTION, _BORDERS],
                sort_keys=True, ensure_ascii=True).encode("utf-8")).hexdigest()
            copies.append(Copy(resource.id, fmt, office_download(resource, fmt), key, job))
    return copies


def pandoc_markdown(job: dict) -> str:
    """What pandoc reads for a job: its body in pandoc's Markdown, and a slide deck's closing credit slide."""
    markdown = to_pandoc_markdown(job["body"], job["format"])
    if job["format"] == "pptx":
        markdown += f"\n## Credit and licence\n\n{_escape_markdown(job['credit'])}\n"
        if job["slide_level"] == 3:
            markdown = _sections_as_slides(markdown)
    return markdown


def _sections_as_slides(markdown: str) -> str:
    """With `###` slides, a `##` heading with content of its own becomes a slide's title (pandoc would make a title
    slide and an untitled one); a `##` heading followed at once by `###` slides stays a section title slide."""
    lines = markdown.split("\n")
    headings = []  # (index, level) of every `##` and `###` heading outside code
    fence = ""
    for index, line in enumerate(lines):
        opened = _FENCE.match(line) if ("```" in line or "~~~" in line) else None
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)[:3]
        elif not fence and line.startswith("##"):
            level = 3 if line.startswith("### ") else 2 if line.startswith("## ") else 0
            if level:
                headings.append((index, level))
    for position, (index, level) in enumerate(headings):
        if level != 2:
            continue
        following = headings[position + 1] if position + 1 < len(headings) else (len(lines), 2)
        if following[1] != 3 or any(line.strip() for line in lines[index + 1:following[0]]):
            lines[index] = "#" + lines[index]  # its own content: a slide, not a section title
    return "\n".join(lines)


def slide_level(body: str) -> int:
    """One slide per section: the deepest heading level used (`##` or `###`), so `### Slide 3` is a slide."""
    deepest = 2
    fence = ""
    for line in body.split("\n"):
        opened = _FENCE.match(line)
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)[:3]
        elif not fence and line.startswith("### "):
            deepest = 3
    return deepest


class Cache:
    """Converted copies by key, in a folder kept across builds (CI can cache it)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, copy: Copy) -> Path:
        return self.folder / f"{copy.key}.{copy.format}"

    def get(self, copy: Copy) -> bytes | None:
        try:
            return self.path(copy).read_bytes()
        except OSError:
            return None

    def put(self, copy: Copy, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(copy)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)  # atomic: two builds sharing the cache never see half a file


def make_copies(resources: list[Resource], content_dir: Path, taxonomy: Taxonomy, site: SiteInfo,
                page_url: PageUrl, cache_dir: Path, day: dt.date | None = None, convert: bool = True,
                processes: int = 1) -> OfficeResult:
    """Every resource's editable copies, from the cache where they are there, else converted now (if `convert`)."""
    binary = pandoc_path()
    result = OfficeResult()
    copies = plan(resources, content_dir, taxonomy, site, page_url, pandoc_version(binary), day, result.marks)
    cache = Cache(cache_dir)
    missing = []
    for copy in copies:
        data = cache.get(copy)
        if data is None:
            missing.append(copy)
        else:
            result.files[copy.path] = data
            result.reused += 1
    if missing and convert:
        for copy, data in zip(missing, convert_all(binary, missing, processes)):
            cache.put(copy, data)
            result.files[copy.path] = data
            result.converted += 1
    elif missing:
        result.skipped = len(missing)
    for copy in copies:
        if copy.path in result.files:
            result.by_resource.setdefault(copy.resource_id, []).append((copy.format, copy.path))
    return result


def convert_all(binary: str, copies: list[Copy], processes: int = 1) -> list[bytes]:
    """Convert `copies` with `processes` concurrent `pandoc lua` processes; the bytes, in order."""
    if not copies:
        return []
    processes = max(1, min(processes, len(copies)))
    with tempfile.TemporaryDirectory(prefix="projecth-office-") as work:
        folder = Path(work)
        script = folder / "convert.lua"
        script.write_text(LUA, encoding="utf-8")
        base = None
        jobs = []
        for number, copy in enumerate(copies):
            job = dict(copy.job, out=str(folder / f"{number}.{copy.format}"), reference="",
                       markdown=pandoc_markdown(copy.job))
            del job["body"]
            if copy.format == "docx":
                if base is None:
                    base = default_reference(binary)
                reference = folder / f"{number}.reference.docx"
                reference.write_bytes(reference_docx(base, copy.job["credit"]))
                job["reference"] = str(reference)
            jobs.append(job)
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(ZIP_EPOCH_SECONDS))
        running = []
        for share in range(processes):
            listing = folder / f"jobs-{share}.json"
            listing.write_text(json.dumps(jobs[share::processes]), encoding="utf-8")
            running.append(subprocess.Popen([binary, "lua", str(script), str(listing)], env=env,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        problems = []
        for process in running:
            _, errors = process.communicate()
            if process.returncode != 0:
                problems.append(errors.decode("utf-8", "replace").strip())
        if problems:
            by_out = {job["out"]: copy for job, copy in zip(jobs, copies)}
            lines = []
            for line in "\n".join(problems).splitlines():
                out, _, message = line.partition("\t")
                copy = by_out.get(out)
                lines.append(f"content/{copy.resource_id}.md ({copy.format}): {message}" if copy else line)
            raise OfficeError("pandoc could not make these editable copies: " + "; ".join(lines))
        return [normalise(Path(job["out"]).read_bytes(), dt.date.fromisoformat(job["day"])) for job in jobs]


def default_reference(binary: str) -> bytes:
    done = subprocess.run([binary, "--print-default-data-file", "reference.docx"], capture_output=True, check=True,
                          env=dict(os.environ, SOURCE_DATE_EPOCH=str(ZIP_EPOCH_SECONDS)))
    return done.stdout


# ---------------------------------------------------------------------------------------------------------------
# The Word reference document (A4, the credit in the footer) and reproducible zips.

_FOOTER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
           '<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:ftr>')
_SECTION = ('<w:footerReference w:type="default" r:id="rIdProjectHFooter"/>'
            '<w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" '
            'w:gutter="0"/>')
FOOTER_PART = "word/footer1.xml"
_BORDERS = "<w:tblBorders>" + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"


def reference_docx(base: bytes, footer_text: str) -> bytes:
    """pandoc's reference.docx with A4 pages, 2 cm margins and `footer_text` in every page's footer."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries[FOOTER_PART] = _FOOTER.format(text=escape(footer_text)).encode("utf-8")
    rels = entries["word/_rels/document.xml.rels"].decode("utf-8")
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
        'Id="rIdProjectHFooter" Target="footer1.xml" /></Relationships>').encode("utf-8")
    types = entries["[Content_Types].xml"].decode("utf-8")
    entries["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footer1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" /></Types>').encode("utf-8")
    entries["word/styles.xml"] = _bordered_tables(entries["word/styles.xml"].decode("utf-8")).encode("utf-8")
    document = entries["word/document.xml"].decode("utf-8")
    start = document.rindex("<w:sectPr>")
    entries["word/document.xml"] = (document[:start] + "<w:sectPr>" + _SECTION
                                    + document[start + len("<w:sectPr>"):]).encode("utf-8")
    return reproducible_zip(entries, dt.date(1980, 1, 1))


def _bordered_tables(styles: str) -> str:
    """Thin borders round every cell of the default table style, as a worksheet's tables need on paper."""
    start = styles.find('w:styleId="Table"')
    indent = styles.find("<w:tblInd ", start)
    end = styles.find("/>", indent)
    if start == -1 or indent == -1 or end == -1:
        return styles
    return styles[:end + 2] + _BORDERS + styles[end + 2:]


def normalise(data: bytes, day: dt.date) -> bytes:
    """The document with `day` as its date everywhere (zip entries, created and modified), in a fixed order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    core = "docProps/core.xml"
    if core in entries:
        stamp = f"{day.isoformat()}T00:00:00Z"
        entries[core] = entries[core].replace(b"1980-01-01T00:00:00Z", stamp.encode("ascii"))
    return reproducible_zip(entries, day)
