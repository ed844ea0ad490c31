"""Checking a Markdown body on the HTML it becomes, before anything is built.

Each body is rendered with the site's own Markdown configuration (the `markdown_extensions` of mkdocs.yml, given
as plain data), so whatever Python-Markdown treats as code is code for the check and nothing else is. The HTML
is checked against the one allow-list (`core/security/policy.py`); links and anchors are checked against the library, as
MkDocs will check them; every finding is reported at the line of the Markdown it came from.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import posixpath
import re
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote

import markdown as python_markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import policy
from ..reading.parallel import in_chunks
from ..reading.siteconfig import read_site_config
from ..reading.frontmatter import line_col

#: How long one page may take to check. Python-Markdown slows down far worse than linearly on some inputs
#: (thousands of unclosed `[` or `<a `: 8,000 of either took minutes here), and the build would hang on them
#: too; a page that takes longer is refused before MkDocs renders it. Enforced in the main thread only
#: (`projecth check`, `mkdocs build`); a `mkdocs serve` rebuild thread renders without a limit.
CHECK_SECONDS = 5.0

#: What MkDocs always enables before the site's own extensions.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownConfig:
    """The site's Markdown configuration as plain data: extension names and their settings."""

    extensions: tuple = ()
    configs: dict = field(default_factory=dict)

    @classmethod
    def of(cls, extensions: Iterable, configs: dict | None = None) -> "MarkdownConfig":
        """From mkdocs.yml's `markdown_extensions` (names, or one-key mappings of name to settings)."""
        names: list = list(MKDOCS_BUILTIN_EXTENSIONS)
        settings = {key: dict(value or {}) for key, value in (configs or {}).items()}
        for entry in extensions or ():
            if isinstance(entry, dict):
                for name, value in entry.items():
                    settings[name] = dict(value or {})
                    entry = name
            if entry not in names:
                names.append(entry)
        return cls(tuple(names), settings)


def read_markdown_config(mkdocs_yml: str | os.PathLike) -> MarkdownConfig:
    """The Markdown configuration of a site's mkdocs.yml (for `projecth check`, which builds nothing)."""
    data = read_site_config(mkdocs_yml)
    return MarkdownConfig.of(data.get("markdown_extensions") or [], data.get("mdx_configs") or {})


#: The starter site's configuration (mkdocs.yml), for callers that do not read one.
DEFAULT_MARKDOWN = MarkdownConfig.of(
    ["admonition", "attr_list", "md_in_html", "tables", "def_list", "footnotes", "abbr", "pymdownx.details",
     "pymdownx.superfences"], {"toc": {"permalink": True}})


@dataclass(frozen=True)
class LinkTargets:
    """What a relative link may point at: published pages, drafts (an error), and other files."""

    pages: frozenset[str]  # src paths of published and generated Markdown pages
    drafts: frozenset[str]
    files: frozenset[str]  # non-Markdown files under content/


Reporter = Callable[[int, int, str], None]


class _Anchors(Treeprocessor):
    """The ids MkDocs will know a page by: collected from the element tree, as MkDocs' own anchor check does."""

    def __init__(self, md) -> None:
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, root) -> None:
        for element in root.iter():
            for name in ("id", "name") if element.tag == "a" else ("id",):
                if element.get(name):
                    self.ids.add(element.get(name))


class _AnchorsExtension(Extension):
    def extendMarkdown(self, md) -> None:
        self.processor = _Anchors(md)
        md.treeprocessors.register(self.processor, "projecth_anchors", 0.5)  # after toc and attr_list


@dataclass
class Rendered:
    html: str
    anchors: set[str]
    raw_links: set[str]  # href values of <a> elements that came from raw HTML (MkDocs does not rewrite them)


class Renderer:
    """One Markdown converter for a whole check (per check, never shared between builds)."""

    def __init__(self, config: MarkdownConfig | None = None) -> None:
        config = config or DEFAULT_MARKDOWN
        self._anchors = _AnchorsExtension()
        self._md = python_markdown.Markdown(extensions=[*config.extensions, self._anchors],
                                            extension_configs=config.configs)

    def render(self, text: str) -> Rendered:
        self._md.reset()
        self._anchors.processor.ids = set()
        output = self._md.convert(text)
        raw_links: set[str] = set()
        for block in self._md.htmlStash.rawHtmlBlocks:
            if isinstance(block, str) and "<" in block and not policy.too_deep(block):  # else refused as a whole
                for element in policy.parse_fragment(block).iter():
                    if isinstance(element.tag, str) and element.tag.endswith("}a") and element.get("href"):
                        raw_links.add(element.get("href"))
        return Rendered(output, set(self._anchors.processor.ids), raw_links)


def check_body(text: str, first_line: int, src_path: str, targets: LinkTargets, report: Reporter,
               markdown: MarkdownConfig | None = None) -> None:
    """Report every unsafe construct and broken link in one Markdown body."""
    check_bodies([(src_path, text, first_line)], targets, lambda _src, *rest: report(*rest), markdown)


#: Below this many bodies, checking them in one process is quicker than starting others.
PARALLEL_FROM = 100


@dataclass
class _Summary:
    """What the check needs of one rendered body (picklable, so that forked processes can send it back)."""

    anchors: set[str]
    violations: list[policy.Violation]  # what the allow-list refuses
    links: list[tuple[str, str, str, bool]]  # (element, attribute, url, written in Markdown) of in-site URLs
    too_slow: bool = False


def check_bodies(bodies: list[tuple[str, str, int]], targets: LinkTargets, report: Callable[..., None],
                 markdown: MarkdownConfig | None = None, processes: int = 1,
                 cache_dir: str | os.PathLike | None = None) -> None:
    """Check every (src_path, body, first line) of a library; `report(src_path, line, col, message)`.

    All bodies are rendered and checked against the allow-list first (in `processes` forked processes for a
    large library: only in a one-off run, never beside threads), so that a link into another page can then be
    checked against that page's anchors. Only a body with findings is rendered again, in parts, to locate them.
    With `cache_dir`, a body the allow-list already passed with the same check is not rendered again (BodyCache),
    unless an extension may render from more than the body (CACHEABLE_EXTENSIONS).
    """
    cache = BodyCache(cache_dir, markdown) if cache_dir is not None and cacheable(markdown) else None
    summaries: list[_Summary | None] = [cache.get(text) if cache else None for _src, text, _line in bodies]
    missing = [index for index, summary in enumerate(summaries) if summary is None]
    work = functools.partial(_summarise_chunk, markdown)
    rendered: list[_Summary] = []
    for part in in_chunks(work, [bodies[index][1:] for index in missing], processes, PARALLEL_FROM):
        rendered += part
    for index, summary in zip(missing, rendered):
        summaries[index] = summary
        if cache and not summary.violations and not summary.too_slow:
            cache.put(bodies[index][1], summary)
    if cache:
        cache.save()
    anchors = {src: summary.anchors for (src, _, _), summary in zip(bodies, summaries) if not summary.too_slow}
    renderer: Renderer | None = None
    for (src, text, first_line), summary in zip(bodies, summaries):
        if summary.too_slow:
            report(src, first_line, 1, _too_slow_message())
            continue
        found = summary.violations + _link_findings(summary.links, src, targets, anchors)
        if not found:
            continue
        renderer = renderer or Renderer(markdown)

        def findings(body: str, _src: str = src, _renderer: Renderer = renderer) -> list[policy.Violation]:
            violations, links = _summarise(_renderer.render(body))
            return violations + _link_findings(links, _src, targets, anchors)
        try:
            with _time_limit(CHECK_SECONDS):
                located = _locate(text, found, findings)
        except _TooSlow:
            located = [(1, 1, _too_slow_message())]
        for line, col, message in located:
            report(src, line + first_line - 1, col, message)


def _summarise_chunk(markdown: MarkdownConfig | None, chunk: list[tuple[str, int]]) -> list[_Summary]:
    """Render and check each body of a chunk (in this process or a forked one)."""
    renderer = Renderer(markdown)
    summaries = []
    for text, _first_line in chunk:
        try:
            with _time_limit(CHECK_SECONDS):
                rendered = renderer.render(text)
                violations, links = _summarise(rendered)
        except _TooSlow:
            summaries.append(_Summary(set(), [], [], too_slow=True))
            continue
        summaries.append(_Summary(rendered.anchors, violations, links))
    return summaries


#: The name of BodyCache's folder among a site's caches (core/reading/siteconfig.py `user_cache_dir`: outside the site's
#: folder, so that no pull request can plant a body recorded as passed).
CACHE_FEATURE = "check"
#: Bump when the check changes in a way the fingerprint would not see.
_CACHE_FORMAT = 1
#: Extensions whose output depends on the body and their settings alone. Any other (`pymdownx.snippets` includes
#: other files, `pymdownx.b64` reads images, a site's own extension may read anything) turns the cache off: an
#: included file could change while the body's text, and so its entry, stays the same.
CACHEABLE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc",
    "sane_lists", "smarty", "nl2br", "legacy_attrs", "legacy_em", "extra", "codehilite",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.tasklist", "pymdownx.mark", "pymdownx.caret", "pymdownx.tilde", "pymdownx.keys",
    "pymdownx.smartsymbols", "pymdownx.betterem", "pymdownx.saneheaders", "pymdownx.emoji", "pymdownx.critic",
})


def cacheable(markdown: MarkdownConfig | None) -> bool:
    """Whether BodyCache may be used with this Markdown configuration (see CACHEABLE_EXTENSIONS)."""
    return all(str(name).removeprefix("markdown.extensions.") in CACHEABLE_EXTENSIONS
               for name in (markdown or DEFAULT_MARKDOWN).extensions)


class BodyCache:
    """Bodies the allow-list passed, by a hash of their text, so that an unchanged body is not rendered again.

    An entry holds what a clean body gives the rest of the check (its anchors and in-site links: links are
    checked again on every run, against the library as it is then); a body with any finding is never stored.
    The whole file is valid only for one fingerprint: this module's and the policy's source, the versions of
    Python-Markdown, its extensions' modules and the HTML parser, and the site's Markdown configuration. A
    change to any of them checks every body again. Entries not used by a run are dropped when it saves.
    """

    def __init__(self, folder: str | os.PathLike, markdown: MarkdownConfig | None) -> None:
        self.path = Path(folder) / "bodies.json"
        self.fingerprint = _fingerprint(markdown or DEFAULT_MARKDOWN)
        self._known: dict = {}
        self._used: dict = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("fingerprint") == self.fingerprint:
            entries = data.get("entries")
            self._known = entries if isinstance(entries, dict) else {}

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, text: str) -> _Summary | None:
        key = self._key(text)
        entry = self._known.get(key)
        try:
            summary = _Summary(set(entry["anchors"]), [], [(str(e), str(a), str(u), bool(m))
                                                         for e, a, u, m in entry["links"]])
        except (TypeError, KeyError, ValueError):
            return None
        self._used[key] = entry
        return summary

    def put(self, text: str, summary: _Summary) -> None:
        self._used[self._key(text)] = {"anchors": sorted(summary.anchors), "links": summary.links}

    def save(self) -> None:
        """Write the entries this run used (atomically; a folder that cannot be written is left alone)."""
        if self._used == self._known:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps({"fingerprint": self.fingerprint, "entries": self._used}),
                                 encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _fingerprint(markdown: MarkdownConfig) -> str:
    """A digest of everything besides the body that decides what the check finds in it."""
    digest = hashlib.sha256(f"{_CACHE_FORMAT}\n".encode())

    def plain(value):  # settings may hold functions (a slugify): name them, not their address
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"

    digest.update(json.dumps([list(markdown.extensions), markdown.configs], sort_keys=True,
                             default=plain).encode())
    for module in (__file__, policy.__file__):
        digest.update(Path(module).read_bytes())
    for distribution in ("Markdown", "pymdown-extensions", "markupever"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{distribution}={importlib.metadata.version(distribution)}\n".encode())
    for name in markdown.extensions:
        origin = _extension_file(str(name))
        digest.update(f"{name}:{origin}\n".encode())
        if origin:
            with contextlib.suppress(OSError):
                digest.update(Path(origin).read_bytes())
    return digest.hexdigest()


def _extension_file(name: str) -> str | None:
    """The source file of a Markdown extension named as mkdocs.yml names it (`toc`, `pymdownx.details`...)."""
    module = name.partition(":")[0]
    for candidate in (module, f"markdown.extensions.{module}"):
        try:
            spec = importlib.util.find_spec(candidate)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            return spec.origin
    return None


class _TooSlow(Exception):
    pass


def _too_slow_message() -> str:
    return (f"this page takes more than {CHECK_SECONDS:g} seconds to check, so the site would take as long to "
            "build it: Python-Markdown slows down badly on long runs of unclosed brackets (`[`), tags (`<a `) or "
            "entities; remove the repeated characters or split the page")


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise _TooSlow in the block after `seconds` (a real-time alarm; only where signals can be used)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(_signum, _frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _summarise(result: Rendered) -> tuple[list[policy.Violation], list[tuple[str, str, str, bool]]]:
    """The allow-list's findings on a rendered body, and its in-site URLs (checked once every body is known)."""
    try:
        root = policy.parse_fragment(result.html)
    except policy.TooDeep:
        return [policy.too_deep_violation()], []
    found = policy.check_content_tree(root)
    links: list[tuple[str, str, str, bool]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rpartition("}")[2]
        for attribute in ("href", "src", "srcset", "poster"):
            value = element.get(attribute)
            if value is None:
                continue
            urls = policy.srcset_urls(value) if attribute == "srcset" else [value]
            for url in urls:
                kind, _ = policy.url_kind(url)
                if kind in ("relative", "absolute", "anchor"):
                    links.append((name, attribute, url, not (name == "a" and value in result.raw_links)))
    return found, links


def _link_findings(links: list[tuple[str, str, str, bool]], src_path: str, targets: LinkTargets,
                   anchors: dict[str, set[str]]) -> list[policy.Violation]:
    found = []
    for name, attribute, url, markdown in links:
        kind, _ = policy.url_kind(url)
        message = _local_link_problem(url, kind, src_path, targets, anchors, markdown=markdown)
        if message:
            found.append(policy.Violation(f"link:{url}", message, name, attribute, url))
    return found


def _local_link_problem(url: str, kind: str, src_path: str, targets: LinkTargets, anchors: dict[str, set[str]],
                        markdown: bool) -> str | None:
    path, _, fragment = url.partition("#")
    path = unquote(path.split("?", 1)[0])
    if kind == "anchor":
        own = anchors.get(src_path)
        if fragment and own is not None and unquote(fragment) not in own:
            return (f"link `{url}`: this page has no heading or anchor `{fragment}`; check the heading's spelling "
                    "(an anchor is the heading in lower case, with hyphens for spaces)")
        return None
    if kind == "absolute":
        return (f"absolute link `{url}`: it breaks when the site is not at the root of its domain; write a relative "
                "link to the file, e.g. `../about.md`")
    base = posixpath.dirname(src_path)
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved == ".." or resolved.startswith("../"):
        return f"link `{url}` leaves the content folder: link only to pages and files inside content/"
    if resolved in targets.drafts:
        return f"link `{url}` points to a draft, which is not published: publish it first or remove the link"
    if resolved in targets.pages:
        if not markdown:
            return (f"link to `{url}` in raw HTML: MkDocs does not rewrite it to the page's address; use a Markdown "
                    f"link `[text]({url})` instead")
        other = anchors.get(resolved)  # None for generated pages, whose anchors are not known here
        if fragment and other is not None and unquote(fragment) not in other:
            return (f"link `{url}`: `{resolved}` has no heading or anchor `{fragment}`; check the heading's spelling "
                    "(an anchor is the heading in lower case, with hyphens for spaces)")
        return None
    if resolved in targets.files:
        return None
    candidates = [f"{resolved}.md", posixpath.join(resolved, "index.md")]
    existing = next((c for c in candidates if c in targets.pages), None)
    if existing:
        relative = posixpath.relpath(existing, base or ".")
        return f"link `{url}` points to a folder: link to the page's file instead, `{relative}`"
    return (f"link `{url}` points to `{resolved}`, which does not exist under content/: check the spelling and the "
            "folder (links are relative to this file)")


# -- from a finding in the HTML back to the Markdown line ----------------------------------------------------------

#: At most this many findings of one file are located by rendering parts of it; the rest by their text alone.
MAX_BISECTIONS = 24

_REFERENCE_DEFINITION = re.compile(r" {0,3}\[[^\]\n]+\]:")
_ATX_H1 = re.compile(r" {0,3}#(?!#)")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*\Z")


def _needle(violation: policy.Violation) -> re.Pattern | None:
    """What the finding's source must contain, as written (names cannot be spelt with entities)."""
    key = violation.key
    if key == "comment":
        return re.compile(r"<!--|<!\[|<\?|<!", re.IGNORECASE)
    if key == "h1":
        return None
    if key.startswith("element:"):
        return re.compile(r"<\s*" + re.escape(violation.element) + r"(?=[\s/>]|\Z)", re.IGNORECASE)
    if key.startswith(("event:", "attribute:", "style:")):
        name = violation.attribute.rpartition(":")[2]
        return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?=\s*=|[\s/>}]|\Z)", re.IGNORECASE)
    if violation.value:
        return re.compile(re.escape(violation.value))
    return None


def _locate(text: str, violations: list[policy.Violation],
            findings: Callable[[str], list[policy.Violation]]) -> list[tuple[int, int, str]]:
    """(line, col, message) in `text` for each violation, in order of position."""
    located: list[tuple[int, int, str]] = []
    by_needle: dict[str, list[int]] = {}
    needles = [_needle(v) for v in violations]
    for index, needle in enumerate(needles):
        if needle is not None:
            by_needle.setdefault(needle.pattern, []).append(index)
    offsets: dict[int, int] = {}
    for pattern, indexes in by_needle.items():
        occurrences = [m.start() for m in needles[indexes[0]].finditer(text)]
        if len(occurrences) == len(indexes):  # one occurrence for each finding: they correspond in order
            offsets.update(zip(indexes, occurrences))
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    cache: dict[int, list[policy.Violation]] = {len(lines): violations}
    seen: dict[str, int] = {}
    bisections = 0
    for index, violation in enumerate(violations):
        nth = seen.get(violation.key, 0)
        seen[violation.key] = nth + 1
        if index in offsets:
            line, col = line_col(text, offsets[index])
            located.append(_column(text, lines, line, col, violation))
            continue
        line = 1
        if bisections < MAX_BISECTIONS:
            bisections += 1
            line = _first_prefix(lines, violation.key, nth, findings, cache)
        col = 1
        needle = needles[index]
        match = needle.search(lines[line - 1]) if needle is not None else None
        if match:
            col = match.start() + 1
        located.append(_column(text, lines, line, col, violation, searched=match is not None))
    return sorted(located)


def _first_prefix(lines: list[str], key: str, nth: int, findings, cache: dict) -> int:
    """The fewest lines whose rendering already holds the nth finding with this key (bisection)."""
    def count(n: int) -> int:
        if n not in cache:
            cache[n] = findings("\n".join(lines[:n]) + "\n")
        return sum(1 for v in cache[n] if v.key == key)

    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if count(middle) > nth:
            high = middle
        else:
            low = middle + 1
    return low


def _column(text: str, lines: list[str], line: int, col: int, violation: policy.Violation,
            searched: bool = True) -> tuple[int, int, str]:
    """The line and column to report and the message, from what surrounds the finding in its line."""
    col, message = _column_in(lines, line, col, violation, searched)
    if violation.key == "h1" and "underlined" in message:
        return line - 1, 1, message
    return line, col, message


def _column_in(lines: list[str], line: int, col: int, violation: policy.Violation,
               searched: bool) -> tuple[int, str]:
    source = lines[line - 1]
    before = source[:col - 1]
    message = violation.message
    if violation.key == "h1":
        if _ATX_H1.match(source):
            return source.index("#") + 1, ("level-1 heading in the body: the page title comes from `title`, so "
                                          "start the body's headings at `##`")
        if _SETEXT_H1.match(source) and line > 1:
            return col, ("level-1 heading (text underlined with `===`): the page title comes from `title`, so use "
                         "`##` headings in the body")
        match = re.search(r"<\s*h1", source, re.IGNORECASE)
        return (match.start() + 1 if match else col), message
    if violation.key.startswith("event:"):
        brace, close = before.rfind("{"), before.rfind("}")
        if brace > close and before.rfind("<") < brace:
            message = message.replace(f" on `<{violation.element}>`", " in an attribute list")
        return col, message
    if violation.key.startswith(("element:", "comment", "attribute:")):
        return col, message
    # A URL, a style, a reserved name: point at the link, the tag or the definition that holds it.
    if _REFERENCE_DEFINITION.match(source):
        return source.index("[") + 1, message
    if searched and re.search(r"\]\(\s*<?\s*\Z", before):
        return _link_start(source, before.rfind("](")) + 1, message
    tag = before.rfind("<")
    if searched and tag >= 0 and ">" not in before[tag:]:
        return tag + 1, message
    element = re.search(r"<\s*" + re.escape(violation.element) + r"(?=[\s/>])", source, re.IGNORECASE)
    if element:
        return element.start() + 1, message
    if not searched:
        link = re.search(r"!?\[", source)
        if link:
            return link.start() + 1, message
        return len(source) - len(source.lstrip()) + 1, message
    return col, message


def _link_start(source: str, close: int) -> int:
    """The `[` (or `![`) that opens the link text ending at `close` (the `]` of `](`)."""
    depth = 0
    for position in range(close, -1, -1):
        char = source[position]
        if char == "]":
            depth += 1
        elif char == "[":
            depth -= 1
            if depth == 0:
                return position - 1 if position and source[position - 1] == "!" else position
    return 0
