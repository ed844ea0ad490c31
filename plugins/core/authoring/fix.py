"""The fixes `projecth check` can be sure of, done by machine (`projecth fix`).

- Files and folders named with capitals, spaces or other characters are renamed to slugs
  (`My Photo.PNG` -> `my-photo.png`), and every reference to them is rewritten: Markdown links,
  images and reference definitions, `src`/`href` in raw HTML, and `attachments` paths.
- A link to a page written without `.md` (`[x](other)`, `[x](folder/)`) gets it (`other.md`,
  `folder/index.md`), when that page exists.
- An absolute link (`/lessons/loops/`) in a page adapted from another site (`based_on`) becomes that
  site's full address, which is where it pointed.

Nothing in code (fenced, indented or inline) is changed. A rename whose new name is taken is not made,
and is listed. Imports nothing from MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin

from .foreign import blank_code
from ..model.taxonomy import slugify

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FILE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# A link or image destination without spaces or parentheses; the title, if any, follows.
_LINK = re.compile(r"(!?)\[[^\[\]\n]*\]\(([^()\n]*)\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:([^\n]*)$", re.MULTILINE)
_TITLE = re.compile(r"""[ \t]+(?:"[^"\n]*"|'[^'\n]*')[ \t]*$""")
_HTML_URL = re.compile(r"""\b(src|href)[ \t]*=[ \t]*(["'])([^"'\n]*)\2""", re.IGNORECASE)
_ATTACHMENT = re.compile(r"""^([ \t]*(?:-[ \t]+)?path:[ \t]*)(["']?)([^"'\n#]+?)\2[ \t]*$""", re.MULTILINE)
_BASED_ON_URL = re.compile(r"""^based_on:.*?^[ \t]*-?[ \t]*url:[ \t]*["']?(https?://[^\s"']+)""",
                           re.MULTILINE | re.DOTALL)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Change:
    path: str  # relative to the content folder (the file's new name)
    line: int
    what: str


@dataclass
class FixPlan:
    renames: dict[str, str] = field(default_factory=dict)  # old -> new, files only, relative to content/
    texts: dict[str, str] = field(default_factory=dict)  # new path -> new text, for Markdown files that change
    changes: list[Change] = field(default_factory=list)
    not_done: list[Change] = field(default_factory=list)


def slug_path(rel: str) -> str:
    """The name the check asks for: each folder and the stem a slug, the extension lower case."""
    segments = rel.split("/")
    fixed = [segment if _SLUG.match(segment) else (slugify(segment) or "folder") for segment in segments[:-1]]
    name = segments[-1]
    if name.endswith(".md"):
        stem = name[:-3]
        fixed.append((stem if _SLUG.match(stem) else slugify(stem) or "page") + ".md")
    elif not _FILE.match(name):
        stem, dot, extension = name.rpartition(".")
        fixed.append(f"{slugify(stem) or 'file'}.{slugify(extension)}" if dot and stem else slugify(name) or "file")
    else:
        fixed.append(name)
    return "/".join(fixed)


def _walk(content: Path) -> list[str]:
    found = []
    for folder, subfolders, files in os.walk(content):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                               and not os.path.islink(os.path.join(folder, d)))
        rel_folder = os.path.relpath(folder, content).replace(os.sep, "/")
        for name in sorted(files):
            if name.startswith(".") or os.path.islink(os.path.join(folder, name)):
                continue
            found.append(name if rel_folder == "." else f"{rel_folder}/{name}")
    return found


def plan(content: Path) -> FixPlan:
    result = FixPlan()
    files = _walk(content)
    existing = set(files)
    taken = {rel.casefold(): rel for rel in files}  # file systems may fold case: `A.md` and `a.md` collide
    for rel in files:
        new = slug_path(rel)
        if new == rel:
            continue
        if taken.get(new.casefold(), rel) != rel:
            result.not_done.append(Change(rel, 1, f"not renamed to `{new}`: that name is taken; rename one of them"))
            continue
        del taken[rel.casefold()]
        taken[new.casefold()] = new
        result.renames[rel] = new
        result.changes.append(Change(new, 1, f"renamed `{rel}` to `{new}`"))
    after = {result.renames.get(rel, rel) for rel in files}
    for rel in files:
        if not rel.endswith(".md"):
            continue
        text = (content / rel).read_text(encoding="utf-8", errors="replace")
        new_rel = result.renames.get(rel, rel)
        fixed = _fix_text(text, rel, new_rel, result.renames, existing, after, result)
        if fixed != text:
            result.texts[new_rel] = fixed
    result.changes.sort(key=lambda c: (c.path, c.line))
    return result


def _fix_text(text: str, old_rel: str, new_rel: str, renames: dict[str, str], existing: set[str], after: set[str],
              result: FixPlan) -> str:
    head_match = _FRONT_MATTER.match(text)
    head = head_match.group(0) if head_match else ""
    based_on = _BASED_ON_URL.search(head)
    source_site = based_on.group(1) if based_on else None
    edits: list[tuple[int, int, str, str]] = []  # start, end, replacement, description

    def consider(start: int, end: int, url: str, is_page_link: bool) -> None:
        replacement, why = _fixed_url(url, old_rel, new_rel, renames, existing, after, is_page_link, source_site)
        if replacement is not None and replacement != url:
            edits.append((start, end, replacement, f"{why}: `{url}` -> `{replacement}`"))

    for match in _ATTACHMENT.finditer(head):
        consider(match.start(3), match.end(3), match.group(3), False)
    body_start = len(head)
    body = text[body_start:]
    scrubbed_lines, code, _ = blank_code(body)
    scrubbed = "\n".join(" " * len(line) if is_code else blanked  # every offset as in the text
                         for line, blanked, is_code in zip(body.split("\n"), scrubbed_lines, code))
    for match in _LINK.finditer(scrubbed):
        start, end = _destination(match, 2)
        consider(body_start + start, body_start + end, scrubbed[start:end], not match.group(1))
    for match in _REFERENCE.finditer(scrubbed):
        start, end = _destination(match, 1)
        consider(body_start + start, body_start + end, scrubbed[start:end], True)
    for match in _HTML_URL.finditer(scrubbed):
        consider(body_start + match.start(3), body_start + match.end(3), match.group(3), False)
    for start, end, replacement, why in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    for start, _, _, why in sorted(edits):
        line = text.count("\n", 0, start) + 1  # edits keep lines: a URL holds no newline
        result.changes.append(Change(new_rel, line, why))
    return text


def _destination(match: re.Match, group: int) -> tuple[int, int]:
    """Where the address is in a link's `(...)` or a reference definition: without spaces, `<>` or a title."""
    start, end = match.start(group), match.end(group)
    inner = match.string[start:end]
    title = _TITLE.search(inner)
    if title:
        end = start + title.start()
        inner = inner[:title.start()]
    start += len(inner) - len(inner.lstrip())
    end -= len(inner) - len(inner.rstrip())
    if match.string[start:start + 1] == "<" and match.string[end - 1:end] == ">":
        start, end = start + 1, end - 1
    return start, end


def _fixed_url(url: str, old_rel: str, new_rel: str, renames: dict[str, str], existing: set[str], after: set[str],
               is_page_link: bool, source_site: str | None) -> tuple[str | None, str]:
    if url.startswith("#") or url.startswith("//") or _SCHEME.match(url):
        return None, ""
    if url.startswith("/"):
        if source_site and is_page_link:
            return urljoin(source_site, url), "absolute link to the site it came from"
        return None, ""
    path, suffix = _split(url)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(old_rel), unquote(path))) if path else old_rel
    if target.startswith("../") or target == "..":
        return None, ""
    why = "link to a renamed file"
    if target not in existing and is_page_link:
        for candidate in (f"{target}.md", posixpath.join(target, "index.md")):
            if candidate in existing:
                target, why = candidate, "page link without `.md`"
                break
        else:
            return None, ""
    elif target not in existing:
        return None, ""
    new_target = renames.get(target, target)
    if new_target == target and posixpath.dirname(new_rel) == posixpath.dirname(old_rel) and why != \
            "page link without `.md`":
        return None, ""
    if new_target == target and why == "link to a renamed file":
        why = "link from a renamed file"
    relative = posixpath.relpath(new_target, posixpath.dirname(new_rel) or ".")
    return relative + suffix, why


def _split(url: str) -> tuple[str, str]:
    for mark in ("#", "?"):
        if mark in url:
            index = url.index(mark)
            return url[:index], url[index:]
    return url, ""


def apply(content: Path, fixes: FixPlan) -> None:
    """Rename, then write the rewritten Markdown files (at their new names)."""
    for old, new in fixes.renames.items():
        target = content / new
        target.parent.mkdir(parents=True, exist_ok=True)
        (content / old).rename(target)
    for rel, text in fixes.texts.items():
        (content / rel).write_text(text, encoding="utf-8")
    # remove the folders renaming emptied
    for old in sorted({posixpath.dirname(o) for o in fixes.renames}, key=len, reverse=True):
        folder = content / old
        while old and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            old = posixpath.dirname(old)
            folder = content / old
