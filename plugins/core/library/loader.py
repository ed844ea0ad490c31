"""Loading a whole library: walk content/, hand every file to its page kind, run the kinds' cross-checks.

The result holds every problem found (never just the first) and, when there are none, the catalogue that the site
is built from. What a file of each kind must hold, and what refers to what, is the kind's (core/kinds/).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..reading import located_yaml as strictyaml
from ..security.files import FilePolicy, check_file, policy_from_mkdocs_yml, reserved_path
from ..security.body_check import LinkTargets, MarkdownConfig, check_bodies
from ..publishing.office import check_marks
from ..reading.parallel import in_chunks
from ..authoring.foreign import check_foreign
from .catalogue import Catalogue
from ..reading.diagnostics import Report
from ..model.field_kinds import FieldChecker
from ..kinds import KINDS, Kind, LoadContext, kind_of, reserved_folders, url_key
from ..kinds import Loaded as _Loaded
from ..reading.frontmatter import control_characters, decode, split_front_matter
from ..reading.located_yaml import MAP
from ..model.taxonomy import Taxonomy, slugify

SLUG_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
FILE_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*\Z")


@dataclass
class Library:
    """Everything one load found: the catalogue (None when there are errors) and the report."""

    report: Report
    catalogue: Catalogue | None
    pages: dict[str, Any]  # src path -> record of each plain page
    drafts: frozenset[str]  # src paths of draft pages (resources, case studies), which are never published
    # Files that only drafts attach or show (images): never published either, unless a published page uses them.
    draft_files: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.report.errors


#: Below this many Markdown files, reading them in one process is quicker than starting others.
PARALLEL_FROM = 1000


def load_library(content_dir: str | Path, taxonomy: Taxonomy, today: dt.date | None = None,
                 processes: int = 1, policy: FilePolicy | None = None,
                 markdown_config: MarkdownConfig | None = None, kinds: tuple[Kind, ...] = KINDS,
                 cache_dir: str | Path | None = None) -> Library:
    """Validate every file under content_dir; build the catalogue of what is published.

    `processes` > 1 reads a large library's files in that many processes (forked: only for a one-off run such
    as `projecth check` or `mkdocs build`, never inside a program with threads, such as `mkdocs serve`); the
    result is the same. `policy` is what the site allows content to publish (size limits, its stylesheets); by
    default, that of the mkdocs.yml beside content_dir. `markdown_config` is the site's Markdown configuration
    (the starter site's when not given): bodies are checked on the HTML it renders. `kinds` is the registry of
    page kinds (projecth.core.kinds): each file is loaded by the kind that owns its path. With `cache_dir`, bodies
    that passed the same check before are not rendered again (projecth.core.security.body_check.BodyCache).
    """
    content = Path(content_dir)
    today = today or dt.date.today()
    report = Report()
    policy = policy or policy_from_mkdocs_yml(content.parent / "mkdocs.yml")
    markdown, other_files = _scan(content, taxonomy, report, policy, kinds)
    loaded = _load_files(content, markdown, taxonomy, today, other_files, report, processes, policy, kinds)

    drafts = frozenset(item.src_path for item in loaded if item.is_draft)
    for kind in kinds:  # references between files: each kind checks those into its own records
        kind.check_library(loaded, report)

    failed = report.paths_with_errors()
    catalogued = {kind.name: kind.catalogued([item.record for item in loaded
                                              if item.kind == kind.name and item.record is not None], failed)
                  for kind in kinds}
    catalogue = Catalogue.of_kinds(taxonomy, catalogued, kinds)

    generated = catalogue.generated_paths()
    _check_collisions(markdown, generated, report)
    taken = {url_key(src): src for src in markdown}
    taken.update({url_key(src): f"{src} (generated)" for src in generated})
    for kind in kinds:  # addresses a kind's records claim beside their own (a resource's old ids)
        kind.check_addresses(loaded, taken, report)
    targets = LinkTargets(
        pages=frozenset(set(markdown) - drafts) | frozenset(generated),
        drafts=drafts,
        files=frozenset(other_files),
    )
    check_bodies([(item.src_path, item.body, item.body_line) for item in loaded], targets, report.error,
                 markdown_config, processes, cache_dir)
    for item in loaded:
        def reporter(line: int, col: int, message: str, _src: str = item.src_path) -> None:
            report.error(_src, line, col, message)

        check_foreign(item.body, item.body_line, item.src_path, reporter)
        check_marks(item.body, item.body_line, reporter)  # admonition types: the print marks and Material's
    return Library(report, None if report.errors else catalogue, catalogue.pages, drafts, _draft_files(loaded))


def _draft_files(loaded: list[_Loaded]) -> frozenset[str]:
    """The files that drafts attach or show and no published page uses: never published.

    A published page uses a file its record lists (an attachment) or whose name its text mentions (an image, a
    link, a reference definition: in any spelling the name survives, the file stays, so no published page breaks).
    """
    wanted = set().union(*(item.files for item in loaded if item.is_draft))
    if not wanted:
        return frozenset()
    published = [item for item in loaded if not item.is_draft]
    wanted -= set().union(*(item.files for item in published))
    by_name: dict[str, set[str]] = {}
    for path in wanted:
        by_name.setdefault(posixpath.basename(path), set()).add(path)
    for item in published:
        for name in [name for name in by_name if name in item.body]:
            wanted -= by_name.pop(name)
    return frozenset(wanted)


def _load_files(content: Path, markdown: list[str], taxonomy: Taxonomy, today: dt.date, other_files: set[str],
                report: Report, processes: int, policy: FilePolicy, kinds: tuple[Kind, ...] = KINDS) -> list[_Loaded]:
    """Each file's own checks, in file order; in forked processes for a large library when asked."""
    work = functools.partial(_load_chunk, content, taxonomy=taxonomy, today=today, other_files=other_files,
                             policy=policy, kinds=kinds)
    loaded: list[_Loaded] = []
    for chunk_loaded, diagnostics in in_chunks(work, markdown, processes, PARALLEL_FROM):
        loaded += chunk_loaded
        report.extend(diagnostics)
    return loaded


def _load_chunk(content: Path, chunk: list[str], *, taxonomy: Taxonomy, today: dt.date,
                other_files: set[str], policy: FilePolicy,
                kinds: tuple[Kind, ...] = KINDS) -> tuple[list[_Loaded], list]:
    report = Report()
    return ([_load_markdown(content, src, taxonomy, today, other_files, report, policy, kinds) for src in chunk],
            report.items)


# -- the file tree -------------------------------------------------------------------------------


def _scan(content: Path, taxonomy: Taxonomy, report: Report,
          policy: FilePolicy | None = None, kinds: tuple[Kind, ...] = KINDS) -> tuple[list[str], set[str]]:
    """List Markdown and other files; report symbolic links, bad names, misplaced files, paths the theme or the
    toolkit own, and files that are not of a type the library publishes (projecth.core.security.files)."""
    policy = policy or FilePolicy()
    reserved_names = reserved_folders(kinds)
    markdown: list[str] = []
    other: set[str] = set()
    if not content.is_dir():
        report.error(str(content), 1, 1, "the content folder does not exist")
        return markdown, other
    folders = [("", os.fspath(content))]
    while folders:  # depth first, a folder's files before its subfolders', like os.walk
        rel_root, folder = folders.pop()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        subfolders = []
        for entry in entries:  # DirEntry answers is_symlink/is_dir from the listing, without a stat per file
            name = entry.name
            rel = f"{rel_root}/{name}" if rel_root else name
            if entry.is_symlink():
                report.error(rel, 1, 1, "symbolic link: MkDocs would follow it and publish whatever it points to "
                             "(even files outside the library); replace it with a real file or folder")
            elif name.startswith("."):
                continue
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append((rel, entry.path))
            elif name.endswith(".md"):
                reserved = reserved_path(rel, policy)
                if reserved:
                    report.error(rel, 1, 1, reserved)
                elif _check_markdown_name(rel, taxonomy, report, kinds, reserved_names):
                    markdown.append(rel)
            else:
                if _check_file_name(rel, report):
                    reserved = reserved_path(rel, policy)
                    problem = reserved or check_file(Path(entry.path), rel, policy)
                    if problem:
                        report.error(rel, 1, 1, problem)
                other.add(rel)
        folders.extend(reversed(subfolders))
    return sorted(markdown), other


def _check_markdown_name(rel: str, taxonomy: Taxonomy, report: Report, kinds: tuple[Kind, ...] = KINDS,
                         reserved: frozenset[str] | None = None) -> bool:
    """Names in lower-case words; the file where its kind allows; not in a folder generated pages take."""
    segments = rel[:-3].split("/")
    for segment in segments:
        if not SLUG_NAME.match(segment):
            fixed = "/".join(slugify(s) or "page" for s in segments) + ".md"
            report.error(rel, 1, 1, f"file and folder names must be lower-case words joined by hyphens (no spaces, "
                         f"capitals or other characters): rename it, e.g. `{fixed}`")
            return False
    problem = kind_of(rel, kinds).check_path(rel, taxonomy)  # where the file's kind allows its files to be
    if problem:
        report.error(rel, 1, 1, problem)
        return False
    if segments[0] in (reserved_folders(kinds) if reserved is None else reserved):
        report.error(rel, 1, 1, f"`{segments[0]}/` is reserved for pages the site generates from the resources' "
                     "front matter: move this file elsewhere")
        return False
    return True


def _check_file_name(rel: str, report: Report) -> bool:
    segments = rel.split("/")
    for segment in segments:
        if not FILE_NAME.match(segment):
            report.error(rel, 1, 1, "file and folder names must be lower case, without spaces: rename it, e.g. "
                         f"`{'/'.join(_fix_file_name(s) for s in segments)}`")
            return False
    return True


def _fix_file_name(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return slugify(name) or "file"
    return f"{slugify(stem) or 'file'}.{slugify(extension)}"


def _check_collisions(markdown: list[str], generated: list[str], report: Report) -> None:
    """Two sources, one address: one page would silently overwrite the other."""
    by_key: dict[str, list[str]] = {}
    for src in markdown:
        by_key.setdefault(url_key(src), []).append(src)
    for src in generated:
        by_key.setdefault(url_key(src), []).append(f"{src} (generated)")
    for key, sources in by_key.items():
        if len(sources) < 2:
            continue
        for src in sources:
            if src.endswith("(generated)"):
                continue
            others = ", ".join(f"`{other}`" for other in sources if other != src)
            report.error(src, 1, 1, f"publishes to the same address (`/{key}/`) as {others}: one would overwrite "
                         "the other; rename or move one of them")


# -- one Markdown file ---------------------------------------------------------------------------


def _load_markdown(content: Path, src: str, taxonomy: Taxonomy, today: dt.date, other_files: set[str],
                   report: Report, policy: FilePolicy, kinds: tuple[Kind, ...] = KINDS) -> _Loaded:
    def error(line: int, col: int, message: str) -> None:
        report.error(src, line, col, message)

    empty = _Loaded(src, "", 1, None)
    text, problems = decode((content / src).read_bytes())
    for problem in problems:
        error(problem.line, problem.col, problem.message)
    if text is None:
        return empty
    text = text.replace("\r\n", "\n")
    invisible = control_characters(text)
    for problem in invisible:
        error(problem.line, problem.col, problem.message)
    if invisible:
        return empty  # each is reported where it is; the YAML reader would only repeat them
    split, problems = split_front_matter(text)
    for problem in problems:
        error(problem.line, problem.col, problem.message)
    if problems:
        return _Loaded(src, "", 1, None)
    if split.front_matter is None:
        error(1, 1, "no front matter: the file must start with a `---` line, then fields such as `title:`, then "
              "another `---` line")
        return _Loaded(src, split.body, split.body_line, None)
    root, yaml_problems = strictyaml.parse(split.front_matter, line_offset=split.front_matter_line - 1)
    for problem in yaml_problems:
        error(problem.line, problem.col, problem.message)
    if root is None:
        if not yaml_problems:
            error(1, 1, "the front matter is empty: add the required fields")
        return _Loaded(src, split.body, split.body_line, None)
    if root.kind != MAP:
        error(root.line, root.col, "the front matter must be fields written as `name: value`, one per line")
        return _Loaded(src, split.body, split.body_line, None)
    checker = FieldChecker(taxonomy, error)
    return kind_of(src, kinds).load(LoadContext(content, src, root, checker, taxonomy, today, other_files, report,
                                                split.body, split.body_line, policy))
