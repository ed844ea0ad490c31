"""The built site's HTML, checked after the build (MkDocs-free).

The content check refuses scripts, event attributes, `javascript:` URLs and comments in Markdown; this audit
checks what actually reached the built pages, whichever template, plugin or hook put it there:

- a `<script src>` must name one of the allow-listed files (the theme's bundle, the toolkit's own scripts and
  Pagefind's); an inline script that runs must sit in the theme's frame, never in the page's article;
- no element has an event-handler attribute (`onclick`, ...);
- no URL attribute uses `javascript:`, `vbscript:` or `data:text/html`;
- no HTML comment, except the licence comments inside the theme's icons (`<!--! Font Awesome ...`).

It also computes what the Content-Security-Policy of the `_headers` file needs: the sha256 of every inline script
the theme writes (Material's palette and scope scripts, which differ with each page's depth).
"""

from __future__ import annotations

import base64
import fnmatch
import functools
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .forked import in_chunks

#: Scripts a page may load, as patterns over the address under the site's root.
ALLOWED_SCRIPTS = (
    "assets/javascripts/bundle.*.min.js",
    "assets/projecth/*.js",
    "pagefind/*.js",
)
#: `<script type>` values that hold data, not code: the browser never runs them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
#: Comments the theme's own icons carry (their licence notice).
ALLOWED_COMMENT = re.compile(r"^! (Font Awesome|Material Design)")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background"}
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class AuditResult:
    findings: list[Finding] = field(default_factory=list)
    #: sha256 source expressions ("'sha256-...'") of the inline scripts the theme writes, sorted.
    script_hashes: list[str] = field(default_factory=list)
    pages: int = 0


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class _PageAudit(HTMLParser):
    def __init__(self, rel: str, page_dir: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rel = rel
        self.page_dir = page_dir
        self.findings: list[Finding] = []
        self.hashes: set[str] = set()
        self.stack: list[str] = []
        self.article_depth: int | None = None
        self.in_script: bool = False
        self.script_runs: bool = False
        self.script_text: list[str] = []
        self.script_line = 0

    def _add(self, message: str) -> None:
        self.findings.append(Finding(self.rel, self.getpos()[0], message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self._add(f"<{tag}> has an event-handler attribute {name}=")
            if name in URL_ATTRIBUTES and value and BAD_URL.match(value):
                self._add(f"<{tag} {name}> uses a script URL: {value[:60]!r}")
        if tag == "script":
            values = dict(attrs)
            kind = (values.get("type") or "").strip().lower()
            src = values.get("src")
            if src is not None:
                self._check_src(src)
            self.in_script = True
            self.script_runs = src is None and kind not in DATA_SCRIPT_TYPES
            self.script_text = []
            self.script_line = self.getpos()[0]
        if tag == "article" and self.article_depth is None:
            self.article_depth = len(self.stack)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script:
            self.in_script = False
            if self.script_runs:
                if self.article_depth is not None:
                    self.findings.append(Finding(self.rel, self.script_line, "an inline <script> in the page's content"))
                else:
                    self.hashes.add(script_hash("".join(self.script_text)))
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break
        if self.article_depth is not None and len(self.stack) <= self.article_depth:
            self.article_depth = None

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.script_text.append(data)

    def handle_comment(self, data: str) -> None:
        if not ALLOWED_COMMENT.match(data):
            self._add(f"an HTML comment: <!--{data[:40]}-->")

    def _check_src(self, src: str) -> None:
        problem = script_src_problem(src, self.page_dir)
        if problem:
            self._add(problem)


def script_src_problem(src: str, page_dir: str) -> str | None:
    """Why a page in `page_dir` may not load the script at `src`, or None when it is on the allow-list."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE):
        return f"a <script> from another site or scheme: {src}"
    parts: list[str] = [] if src.startswith("/") else [p for p in page_dir.split("/") if p]
    for part in src.split("?", 1)[0].split("#", 1)[0].lstrip("/").split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    target = "/".join(parts)
    if not any(fnmatch.fnmatchcase(target, pattern) for pattern in ALLOWED_SCRIPTS):
        return f"a <script> that is not on the allow-list: {src}"
    return None

def audit_page(rel: str, text: str) -> tuple[list[Finding], set[str]]:
    """Findings for one built page (`rel` is its path under the site, e.g. `networks/index.html`)."""
    clean = clean_page_hashes(rel, text)
    if clean is not None:
        return [], clean
    return full_audit(rel, text)


def full_audit(rel: str, text: str) -> tuple[list[Finding], set[str]]:
    """Every tag through Python's HTML parser: exact file-and-line findings, but about 10 ms a page."""
    auditor = _PageAudit(rel, rel.rpartition("/")[0])
    auditor.feed(text)
    auditor.close()
    return auditor.findings, auditor.hashes


# -- the quick pass ------------------------------------------------------------------------------------------------
# Parsing every tag of every page with HTMLParser took longer than MkDocs' own rendering. Almost every page is clean,
# so a few whole-page regular expressions look for anything that could become a finding; only a page where one
# matches (or whose scripts are not plainly in order) goes through the full parser, which then says what and where.
# Each pattern errs towards matching: a false alarm costs one full parse, a miss would let a finding through.

#: The start of a script or style element, whose content is raw text (no tags), to its closing `>`.
_RAW_TEXT_START = re.compile(r"""<(script|style)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.IGNORECASE)
_RAW_TEXT_END = {"script": re.compile(r"</script(?=[\s/>])", re.IGNORECASE),
                 "style": re.compile(r"</style(?=[\s/>])", re.IGNORECASE)}
#: An attribute named on... with a value, searched in the lower-cased page (a case-blind search is much slower);
#: it counts where it follows whitespace, `/` or a quote, as attributes do.
_HANDLER_CANDIDATE = re.compile(r"on[a-z]+\s*=")
_BEFORE_ATTRIBUTE = frozenset(" \t\n\r\f/\"'")
#: An attribute value that starts like a script URL (BAD_URL), quoted or not.
_SCRIPT_URL_CANDIDATE = re.compile(r"""=\s*["']?\s*(javascript|vbscript|data\s*:\s*text/html)""", re.IGNORECASE)
#: A character reference early in an attribute value, where it could spell a script URL or hide one from the
#: pattern above once decoded (`&#106;avascript:`, `javascript&colon;`, `data:text&sol;html`).
_REFERENCE_IN_URL_START = re.compile(r"""=\s*["']?[\sa-zA-Z:/]*&""")
#: Declarations, comments and bogus comments: `<!...`, `</` not followed by a letter.
_DECLARATION = re.compile(r"<!|</(?![a-zA-Z])")
_ALLOWED_DECLARATION = re.compile(r"<!doctype[\s>]|<!--! (Font Awesome|Material Design)", re.IGNORECASE)
_ARTICLE_TAG = re.compile(r"<(/?)article(?=[\s/>])", re.IGNORECASE)


class _StartTag(HTMLParser):
    """The attributes of one start tag, read exactly as the full audit reads them."""

    def __init__(self, tag_text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str | None] = {}
        self.feed(tag_text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = dict(attrs)


@functools.lru_cache(maxsize=1024)
def _script_attributes(tag_text: str) -> tuple[str, str | None]:
    """(type, src) of a `<script>` start tag: the same few tags recur on every page, so each is parsed once."""
    attrs = _StartTag(tag_text).attrs
    return (attrs.get("type") or "").strip().lower(), attrs.get("src")


def clean_page_hashes(rel: str, text: str) -> set[str] | None:
    """The inline-script hashes of a page with nothing to report, or None when it needs the full audit."""
    outside: list[str] = []  # the page without the content of its script and style elements
    outside_length = 0
    scripts: list[tuple[int, str, str]] = []  # (offset in `outside`, start tag, content)
    position = 0
    while True:
        start = _RAW_TEXT_START.search(text, position)
        if start is None:
            outside.append(text[position:])
            break
        end = _RAW_TEXT_END[start.group(1).lower()].search(text, start.end())
        if end is None:
            return None  # an unclosed script or style element
        outside.append(text[position:start.end()])
        outside_length += start.end() - position
        if start.group(1).lower() == "script":
            scripts.append((outside_length - len(start.group()), start.group(), text[start.end():end.start()]))
        position = end.start()
    page = "".join(outside)
    if _SCRIPT_URL_CANDIDATE.search(page) or _REFERENCE_IN_URL_START.search(page):
        return None
    lowered = page.lower()
    for match in _HANDLER_CANDIDATE.finditer(lowered):
        if match.start() and lowered[match.start() - 1] in _BEFORE_ATTRIBUTE:
            return None
    for match in _DECLARATION.finditer(page):
        if not _ALLOWED_DECLARATION.match(page, match.start()):
            return None
    articles = [(m.start(), m.group(1) == "/") for m in _ARTICLE_TAG.finditer(page)]
    hashes: set[str] = set()
    for offset, start_tag, content in scripts:
        kind, src = _script_attributes(start_tag)
        if src is not None:
            if script_src_problem(src, rel.rpartition("/")[0]):
                return None
        elif kind not in DATA_SCRIPT_TYPES:
            if _inside_article(articles, offset):
                return None
            hashes.add(script_hash(content))
    return hashes


def _inside_article(articles: list[tuple[int, bool]], offset: int) -> bool:
    """Whether any <article> opened before `offset` is still open there (counting only article tags)."""
    depth = 0
    for position, closing in articles:
        if position > offset:
            break
        depth = max(depth - 1, 0) if closing else depth + 1
    return depth > 0


#: Below this many pages a second process costs more than it saves.
PARALLEL_FROM = 500


def audit_site(site_dir: Path, processes: int = 1) -> AuditResult:
    """Audit every HTML file under `site_dir`, in a stable order.

    `processes` > 1 audits a large site's pages in that many forked processes (only where forking is safe: a
    one-off build, not beside a server's threads); the findings come back in the same order as from one."""
    rels = [path.relative_to(site_dir).as_posix() for path in sorted(site_dir.rglob("*.html"))]
    parts = in_chunks(functools.partial(_audit_pages, site_dir), rels, processes, PARALLEL_FROM)
    result = AuditResult()
    hashes: set[str] = set()
    for findings, page_hashes, pages in parts:
        result.findings.extend(findings)
        hashes |= page_hashes
        result.pages += pages
    result.script_hashes = sorted(hashes)
    return result


def _audit_pages(site_dir: Path, rels: list[str]) -> tuple[list[Finding], set[str], int]:
    """One process's share of the site: its findings, inline-script hashes and page count."""
    findings: list[Finding] = []
    hashes: set[str] = set()
    for rel in rels:
        page_findings, page_hashes = audit_page(rel, (site_dir / rel).read_text(encoding="utf-8", errors="replace"))
        findings.extend(page_findings)
        hashes |= page_hashes
    return findings, hashes, len(rels)


def content_security_policy(script_hashes: list[str]) -> str:
    """The policy the site needs and no more: its own files, the theme's inline scripts by hash, Pagefind's wasm."""
    script = " ".join(["'self'", "'wasm-unsafe-eval'", *script_hashes])
    return "; ".join([
        "default-src 'none'",
        f"script-src {script}",
        "style-src 'self'",
        # Material's icons in its stylesheet are data: SVGs.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def headers_file(script_hashes: list[str]) -> str:
    """The `_headers` file (Netlify, Cloudflare Pages) for every path of the site."""
    lines = [
        "# Security headers for static hosts that read _headers (Netlify, Cloudflare Pages); written by projecth-audit.",
        "/*",
        f"  Content-Security-Policy: {content_security_policy(script_hashes)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "  X-Frame-Options: DENY",
    ]
    return "\n".join(lines) + "\n"
