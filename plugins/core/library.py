"""Loading a whole library: walk content/, read and validate every file, cross-check references.

The result holds every problem found (never just the first) and, when there
are none, the catalogue that the site is built from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import strictyaml
from .attachments import FilePolicy, check_file, policy_from_mkdocs_yml, reserved_path, size_text
from .body import LinkTargets, MarkdownConfig, check_bodies
from .office import check_marks
from .forked import in_chunks
from .foreign import check_foreign
from .catalogue import RESOURCES_ROOT, Catalogue
from .curriculum import Curriculum, prior_knowledge_cycles
from .diagnostics import Report
from .fields import FieldChecker
from .kinds import KINDS, Kind, LoadContext, kind_of, reserved_folders
from .kinds import Loaded as _Loaded
from .licences import problems_with
from .model import (
    ATTACHMENT_FIELDS,
    BASED_ON_FIELDS,
    PAGE_FIELDS,
    RESOURCE_FIELDS,
    Attachment,
    BasedOn,
    CaseStudy,
    EntitlementDoc,
    Page,
    Resource,
    build_record,
)
from .source import control_characters, decode, split_front_matter
from .strictyaml import MAP, SEQ
from .taxonomy import Taxonomy, slugify

SLUG_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
FILE_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*\Z")


@dataclass
class Library:
    """Everything one load found: the catalogue (None when there are errors) and the report."""

    report: Report
    catalogue: Catalogue | None
    pages: dict[str, Page]
    drafts: frozenset[str]  # src paths of draft resources, which are never published
    # Files that only drafts attach: never published either (a published resource's attachment stays).
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
    that passed the same check before are not rendered again (projecth.core.body.BodyCache).
    """
    content = Path(content_dir)
    today = today or dt.date.today()
    report = Report()
    policy = policy or policy_from_mkdocs_yml(content.parent / "mkdocs.yml")
    markdown, other_files = _scan(content, taxonomy, report, policy, kinds)
    loaded = _load_files(content, markdown, taxonomy, today, other_files, report, processes, policy, kinds)

    def records(kind):
        return [item.record for item in loaded if isinstance(item.record, kind)]

    resources = records(Resource)
    curriculum = Curriculum(records(EntitlementDoc))
    resource_ids = {resource.id: resource for resource in resources}
    drafts = frozenset(item.src_path for item in loaded if item.is_draft)
    draft_ids = {src[:-3] for src in drafts}
    declared_units = set().union(*(item.declared_units for item in loaded))
    for item in loaded:
        _check_resource_refs(item, resource_ids, draft_ids, report)
        _check_unit_refs(item, curriculum, declared_units, report)
    _check_prior_knowledge(curriculum, {edge: (item.src_path, node) for item in loaded
                                        for edge, node in item.prior_edges.items()}, report)

    failed = report.paths_with_errors()
    published = [resource for resource in resources if not resource.is_draft and resource.src_path not in failed]
    pages = {item.src_path: item.record for item in loaded if isinstance(item.record, Page)}
    published_studies = [study for study in records(CaseStudy) if not study.is_draft]
    others = {kind.name: kind.catalogued([item.record for item in loaded
                                          if item.kind == kind.name and item.record is not None], failed)
              for kind in kinds}
    catalogue = Catalogue(taxonomy, published, curriculum, published_studies, pages=pages, kinds=kinds,
                          others=others)

    generated = catalogue.generated_paths()
    _check_collisions(markdown, generated, report)
    _check_aliases([r for r in resources if not r.is_draft], markdown, generated, report)
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
    attached = {attachment.path for resource in published for attachment in resource.attachments}
    draft_files = frozenset(attachment.path for resource in resources if resource.is_draft
                            for attachment in resource.attachments) - attached
    return Library(report, None if report.errors else catalogue, pages, drafts, draft_files)


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
    toolkit own, and files that are not of a type the library publishes (projecth.core.attachments)."""
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


def url_key(src_path: str) -> str:
    """The address a Markdown file is published at, folded the way file systems and URLs may fold it."""
    stem = src_path[:-3]
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        stem = posixpath.dirname(stem)
    return unicodedata.normalize("NFC", stem).casefold()


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


def _page(src: str, root, checker: FieldChecker, body_line: int) -> Page | None:
    values, ok = checker.read(root, PAGE_FIELDS, "a page's", line=1)
    if not ok:
        return None
    return build_record(Page, PAGE_FIELDS, values, src_path=src, body_line=body_line)


def _resource(content: Path, src: str, root, checker: FieldChecker, taxonomy: Taxonomy, today: dt.date, other_files: set[str],
              report: Report, body_line: int, policy: FilePolicy):
    specs = _resource_specs(root, taxonomy)
    values, ok = checker.read(root, specs, "a resource's", line=1)
    failed = not ok

    def at(name: str) -> tuple[int, int]:
        node = root.get(name)
        return (node.line, node.col) if node else (1, 1)

    error = checker.report
    folder_network = src.split("/")[1]  # the folder is checked against taxonomy.yml with the file's name
    if values.get("network") and values["network"] != folder_network:
        error(*at("network"), f"`network` is `{values['network']}` but the file is in the "
              f"`{RESOURCES_ROOT}/{folder_network}/` folder: move the file to `{RESOURCES_ROOT}/{values['network']}/` "
              "or correct the field (or leave it out: the folder gives it)")
        failed = True
    failed |= not _consistent_stages(values, taxonomy, error, at)
    published, updated, review_by = values.get("published"), values.get("updated"), values.get("review_by")
    if published and updated and updated < published:
        error(*at("updated"), f"`updated` ({updated}) is before `published` ({published}): it must be the same "
              "day or later")
        failed = True
    if published and published > today:
        report.warning(src, *at("published"), f"`published` ({published}) is in the future")
    if review_by and review_by < today:
        report.warning(src, *at("review_by"), f"due for review: `review_by` ({review_by}) has passed; the network "
                       "should check the resource and set a new date")
    attachments = _attachments(content, src, values.get("attachments") or [], other_files, error, policy)
    failed |= attachments is None
    based_on = _based_on(values.get("based_on"), values.get("licence"), taxonomy, error)
    failed |= based_on is None
    aliases = _aliases(src, values.get("aliases") or (), root.get("aliases"), error)
    failed |= aliases is None
    if failed:
        return None, values.get("related"), values.get("units")
    resource = build_record(Resource, specs, values, id=src[:-3], src_path=src, body_line=body_line,
                            network=folder_network, attachments=attachments, based_on=based_on, aliases=aliases)
    return resource, values.get("related"), values.get("units")


def _resource_specs(root, taxonomy: Taxonomy) -> tuple:
    """The resource fields, with phases and key stages optional when taxonomy.yml waives them for the type or
    audiences written (as written: a misspelt type is reported by its own check, and the phases stay needed)."""
    def written(name: str) -> list[str]:
        node = root.get(name)
        if node is None:
            return []
        nodes = node.value if node.kind == SEQ else [node]
        return [item.value.strip() for item in nodes if isinstance(getattr(item, "value", None), str)]

    types = written("resource_type")
    if taxonomy.needs_phases(types[0] if types else None, written("audience")):
        return RESOURCE_FIELDS
    return tuple(dataclasses.replace(spec, required=False) if spec.waivable else spec for spec in RESOURCE_FIELDS)


def _based_on(items: list[dict] | None, licence: str | None, taxonomy: Taxonomy,
              error) -> tuple[BasedOn, ...] | None:
    """The credit chain: each link an http(s) address and an open licence the resource's own licence satisfies.

    Every original of the chain binds the adaptation (its ShareAlike, NonCommercial and NoDerivatives terms
    reach through the works in between), so the resource's licence is checked against each, and the
    strictest governs. None when a problem was reported.
    """
    if not items:
        return ()
    own = taxonomy.licence_info(licence) if licence in taxonomy.licences else None
    chain, resolved, ok = [], [], True
    several = len(items) > 1
    for position, item in enumerate(items, start=1):
        node = item["_node"]
        which = f"`based_on` item {position}" if several else "`based_on`"
        url_node = node.get("url")
        if not re.match(r"^https?://[^\s/]+", item["url"]):
            error(url_node.line, url_node.col, f"`based_on.url` is `{item['url']}` ({which}): give the original's "
                  "address, starting with https:// or http://")
            ok = False
        licence_node = node.get("licence")
        written = item["licence"]
        original = taxonomy.resolve_licence(written)
        if original is None:
            error(licence_node.line, licence_node.col, f"`based_on.licence` is `{written}` ({which}), which is not "
                  "a licence taxonomy.yml lists or an open licence the toolkit knows: write its SPDX id or usual "
                  f"name (e.g. `CC-BY-SA-4.0`, `CC BY-NC 4.0`, `OGL-UK-3.0`; listed here: "
                  f"{', '.join(taxonomy.licences.slugs())}). A work used with permission rather than under an "
                  "open licence is not an adaptation basis: credit it in `third_party` instead")
            ok = False
            continue
        resolved.append((which, item["title"], licence_node, original))
        chain.append(build_record(BasedOn, BASED_ON_FIELDS, item, licence=original.id, licence_name=original.label,
                                  licence_url=original.url))
    if own is not None:
        # The strictest terms of the whole chain govern: a hint names only licences that satisfy every original.
        hint = _suggestion(taxonomy, [original for *_, original in resolved])
        for which, title, licence_node, original in resolved:
            for problem in problems_with(own, original):
                error(licence_node.line, licence_node.col, f"{which} (\u201c{title}\u201d): {problem}; but this "
                      f"resource's `licence` is `{own.id}`{hint if not original.no_derivatives else _NOT_ADAPTABLE}")
                ok = False
    if not ok:
        return None
    return tuple(chain)


_NOT_ADAPTABLE = ": remove it from `based_on` and link to it instead, or ask its author for permission"


def _suggestion(taxonomy: Taxonomy, originals: list) -> str:
    """Which of the library's licences would satisfy every original of the chain, as a hint."""
    if any(original.no_derivatives for original in originals):
        return "; a work in the chain cannot be adapted (NoDerivatives), so no licence can fix this"
    fits = [slug for slug in taxonomy.licences.slugs()
            if not any(problems_with(taxonomy.licence_info(slug), original) for original in originals)]
    if not fits:
        return ("; no licence in taxonomy.yml satisfies every work in the chain together (for example ShareAlike "
                "and NonCommercial originals cannot be combined): leave out one of them, or add a licence that "
                "satisfies both, if one exists")
    return f": use {' or '.join(f'`{slug}`' for slug in fits)}"


def _aliases(src: str, aliases: tuple[str, ...], node, error) -> tuple[str, ...] | None:
    """Old ids: lower-case paths under content/ without `.md`, never the resource's own id."""
    result, ok = [], True
    for alias in aliases:
        value = alias.strip("/")
        value = value[:-3] if value.endswith(".md") else value
        if not all(SLUG_NAME.match(segment) for segment in value.split("/")):
            error(node.line, node.col, f"alias `{alias}` is not an id: write the old path under content/ without "
                  "`.md`, in lower-case words joined by hyphens, e.g. `networks/maths/old-name`")
            ok = False
        elif value == src[:-3]:
            error(node.line, node.col, f"alias `{alias}` is the resource's own id: list only old ids")
            ok = False
        elif value not in result:
            result.append(value)
    return tuple(result) if ok else None


def _check_aliases(resources: list[Resource], markdown: list[str], generated: list[str], report: Report) -> None:
    """An alias must not take the address of a page, a generated page or another alias."""
    taken = {url_key(src): src for src in markdown}
    taken.update({url_key(src): f"{src} (generated)" for src in generated})
    claimed: dict[str, str] = {}
    for resource in resources:
        for alias in resource.aliases:
            key = url_key(alias + ".md")
            if key in taken:
                report.error(resource.src_path, 1, 1, f"alias `{alias}` is the address of `{taken[key]}`: a redirect "
                             "there would hide that page; remove the alias")
            elif key in claimed and claimed[key] != resource.src_path:
                report.error(resource.src_path, 1, 1, f"alias `{alias}` is also an alias of `{claimed[key]}`: an old "
                             "address can redirect to one resource only")
            else:
                claimed[key] = resource.src_path


def _consistent_stages(values: dict, taxonomy: Taxonomy, error, at) -> bool:
    """Key stages must belong to the phases, every phase needs one of its key stages, years their key stage."""
    phases, stages, years = values.get("phases"), values.get("key_stages"), values.get("year_groups")
    ok = True
    if phases and stages:
        allowed = {stage for phase in phases for stage in taxonomy.key_stages_of_phase(phase)}
        for stage in stages:
            if stage not in allowed:
                owners = [p.slug for p in taxonomy.phases if stage in p.get("key_stages", ())]
                error(*at("key_stages"), f"key stage `{stage}` does not belong to the phases listed "
                      f"({', '.join(phases)}): it belongs to {', '.join(owners)}; add that phase or remove the key "
                      "stage")
                ok = False
        for phase in phases:
            own = taxonomy.key_stages_of_phase(phase)
            if not taxonomy.admits_any_key_stage(phase) and not set(own) & set(stages):
                error(*at("key_stages"), f"phase `{phase}` is listed but none of its key stages "
                      f"({', '.join(own)}) is in `key_stages`")
                ok = False
    if years and stages:
        for year in years:
            stage = taxonomy.year_groups[year].get("key_stage")
            if stage not in stages:
                error(*at("year_groups"), f"year group `{year}` is in key stage `{stage}`, which is not in "
                      f"`key_stages` ({', '.join(stages)})")
                ok = False
    return ok


def _attachments(content: Path, src: str, items: list[dict], other_files: set[str], error,
                 policy: FilePolicy | None = None) -> tuple[Attachment, ...] | None:
    """Each listed file must be in content/, not a page; together no larger than the site's limit per resource.

    Each file's type and size are checked where it is, by `_scan` (projecth.core.attachments)."""
    policy = policy or FilePolicy()
    result, ok = [], True
    base = posixpath.dirname(src)
    for item in items:
        node = item["_node"].get("path")
        raw = item["path"]
        path = posixpath.normpath(posixpath.join(base, raw))
        if raw.startswith("/") or path.startswith("../") or path == "..":
            error(node.line, node.col, f"attachment `{raw}` is outside the content folder: give a path relative "
                  "to this file, inside content/")
            ok = False
        elif path.endswith(".md"):
            error(node.line, node.col, f"attachment `{raw}` is a Markdown page: link to it in the text or list it in "
                  "`related` instead")
            ok = False
        elif path not in other_files:
            error(node.line, node.col, f"attachment `{raw}` does not exist (looked for `{path}` under content/)")
            ok = False
        else:
            size = (content / path).stat().st_size
            result.append(build_record(Attachment, ATTACHMENT_FIELDS, item, path=path, size_bytes=size,
                                       extension=posixpath.splitext(path)[1].lstrip(".").lower()))
    total = sum(attachment.size_bytes for attachment in result)
    if ok and total > policy.resource_limit:
        node = items[0]["_node"]
        error(node.line, node.col, f"the attachments come to {size_text(total)}; the limit for one resource is "
              f"{policy.resource_limit_mb:g} MB: make them smaller, split the resource, or ask a maintainer to raise "
              "`resource_limit_mb` under `projecth: library:` in mkdocs.yml")
        ok = False
    return tuple(result) if ok else None


def _check_resource_refs(item: _Loaded, ids: dict[str, Resource], draft_ids: set[str], report: Report) -> None:
    """`related` of a resource and `resources` of a case study must name published resources."""
    field_name = item.refs_field
    for rid, node in item.resource_refs or []:
        if rid == item.src_path[:-3]:
            report.error(item.src_path, node.line, node.col, f"`{field_name}` lists the resource itself")
        elif rid in draft_ids and not item.is_draft:
            report.error(item.src_path, node.line, node.col, f"`{field_name}` names `{rid}`, which is a draft and is "
                         "not published")
        elif rid not in ids and rid not in draft_ids:
            near = difflib.get_close_matches(rid, list(ids), n=1, cutoff=0.6)
            hint = f"; did you mean `{near[0]}`?" if near else ""
            report.error(item.src_path, node.line, node.col, f"`{field_name}` names `{rid}`, which is not a resource"
                         f"{hint} (an id is the file's path under content/ without `.md`)")


def _check_unit_refs(item: _Loaded, curriculum: Curriculum, declared: set[str], report: Report) -> None:
    """Unit ids in resources, case studies and prior knowledge must be units of a current entitlement.

    A unit declared in a file that has errors of its own counts as known: that file's errors are
    reported there, and blaming every reference to it too would only bury them.
    """
    known = curriculum.units
    in_older_versions = curriculum.unit_ids_in_any_version() if item.unit_refs else {}
    for uid, node in item.unit_refs or []:
        if uid in known or uid in item.declared_units or (uid in declared and uid not in in_older_versions):
            continue  # an older version's prior knowledge may name its own units, removed since
        if uid in in_older_versions:
            message = (f"unit `{uid}` was in version {in_older_versions[uid]} but is not in the current version of "
                       "its entitlement: point to a current unit instead")
        else:
            near = difflib.get_close_matches(uid, sorted(declared | set(known)), n=1, cutoff=0.6)
            hint = f"; did you mean `{near[0]}`?" if near else ""
            message = f"unknown unit `{uid}`{hint} (a unit id is `subject/phase/unit`, e.g. `maths/secondary/y7-ratio`)"
        report.error(item.src_path, node.line, node.col, message)


def _check_prior_knowledge(curriculum: Curriculum, edges: dict, report: Report) -> None:
    """Reported where the cycle closes: the prior-knowledge entry that leads back to its start."""
    for cycle in prior_knowledge_cycles(curriculum.units):
        src, node = edges[(cycle[-2], cycle[-1])]
        report.error(src, node.line, node.col, "prior knowledge goes round in a circle: "
                     f"{' -> '.join(cycle)}; a unit cannot, through others, come before itself")
