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
import functools
import hashlib
import re
import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from . import policy
from ..reading.parallel import in_chunks

#: The scripts Pagefind writes under its folder (the others a page may load come from the theme and the toolkit,
#: listed by the plugin from the files it actually publishes: exact paths, never patterns).
PAGEFIND_SCRIPTS = ("pagefind.js", "pagefind-ui.js", "pagefind-worker.js", "pagefind-highlight.js",
                    "pagefind-modular-ui.js", "pagefind-component-ui.js")
#: Elements no published page may hold, whoever wrote them.
FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
                                "plaintext", "xmp", "noembed", "fencedframe"})
#: `<link rel>` values that make the browser fetch the `href` as the page loads.
FETCHING_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                                "prefetch", "prerender", "manifest", "dns-prefetch", "preconnect", "import"})
#: The inline scripts of Material's page frame (9.x), the scope's address emptied (it differs by depth):
#: the only inline scripts a page may run, and so the only ones whose hashes go into the policy.
THEME_INLINE_SCRIPTS = frozenset({
    '__md_scope=new URL("",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}',
    'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
})
_SCOPE = re.compile(r'new URL\("[^"\\\n]*",location\)')


@dataclass(frozen=True)
class AuditPolicy:
    """What the theme and the toolkit publish, for one build: the exact script paths (under the site's root)."""

    scripts: frozenset[str] = frozenset()
    #: Inline scripts allowed outside the article, compared by inline_script_shape.
    inline_scripts: frozenset[str] = THEME_INLINE_SCRIPTS

    @classmethod
    def of(cls, scripts, pagefind_dir: str = "pagefind") -> "AuditPolicy":
        return cls(frozenset(scripts) | {f"{pagefind_dir}/{name}" for name in PAGEFIND_SCRIPTS})


def inline_script_shape(text: str) -> str:
    """An inline script with the scope's address emptied and outer white space trimmed."""
    return _SCOPE.sub('new URL("",location)', text.strip())
#: `<script type>` values that hold data, not code: the browser never runs them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
#: Comments the theme's own icons carry (their licence notice).
ALLOWED_COMMENT = re.compile(r"^! (Font Awesome|Material Design)")
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
    def __init__(self, rel: str, page_dir: str, rules: AuditPolicy) -> None:
        super().__init__(convert_charrefs=True)
        self.rel = rel
        self.page_dir = page_dir
        self.rules = rules
        self.findings: list[Finding] = []
        self.hashes: set[str] = set()
        self.stack: list[str] = []
        self.article_depth: int | None = None
        self.in_script: bool = False
        self.script_runs: bool = False
        self.script_text: list[str] = []
        self.script_line = 0
        self.in_style = False
        self.scripts_seen = 0
        self.csp_meta = 0
        self.reserved_ids: set[str] = set()
        self.csp_content = ""

    def _add(self, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(self.rel, line or self.getpos()[0], message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            self._check_attribute(tag, name, value or "", values)
        if tag in FORBIDDEN_ELEMENTS:
            self._add(f"a <{tag}> element: no page may hold one (it embeds or loads another document, or breaks the "
                      "page)")
        elif tag == "meta" and "http-equiv" in values:
            self._check_meta(values)
        elif tag == "form":
            action = values.get("action", "")
            if policy.url_kind(action)[0] in ("other-site", "script"):
                self._add(f"a <form> that posts to another site: {action[:60]!r}")
        elif tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            if rels & FETCHING_LINK_RELS and policy.url_kind(values["href"])[0] in ("other-site", "script"):
                self._add(f"a <link rel={values.get('rel')}> that loads from another site: {values['href'][:60]!r}")
        if tag == "script":
            self.scripts_seen += 1
            kind = values.get("type", "").strip().lower()
            src = values.get("src") if "src" in values else None
            if src is not None:
                self._check_src(src)
            self.in_script = True
            self.script_runs = src is None and kind not in DATA_SCRIPT_TYPES
            self.script_text = []
            self.script_line = self.getpos()[0]
        if tag == "style":
            self.in_style = True
        if tag == "article" and self.article_depth is None:
            self.article_depth = len(self.stack)
        if tag not in VOID:
            self.stack.append(tag)

    def _check_attribute(self, tag: str, name: str, value: str, values: dict) -> None:
        local = name.rpartition(":")[2]
        if local.startswith("on"):
            self._add(f"<{tag}> has an event-handler attribute {name}=")
            return
        if tag == "script" and local == "src":
            return  # checked against the exact list of the theme's and the toolkit's scripts
        if local in policy.LINK_ATTRIBUTES or local in policy.FETCHING_ATTRIBUTES or local in ("to", "values"):
            urls = policy.srcset_urls(value) if local in ("srcset", "imagesrcset") else [value]
            if local in ("to", "values"):
                urls = re.split(r"[;\s]+", value)
            for url in urls:
                kind, _ = policy.url_kind(url)
                if kind == "script":
                    self._add(f"<{tag} {name}> uses a script URL: {value[:60]!r}")
                elif (kind == "other-site" and policy.is_fetching(tag, local) and tag != "link"
                      and local not in ("to", "values")):
                    self._add(f"<{tag} {name}> loads from another site: {url[:60]!r}")
        elif local == "srcdoc":
            self._add(f"<{tag}> has a srcdoc= attribute (a whole page inside this one)")
        elif local == "style" and policy.css_fetches(value):
            self._add(f"<{tag}> has a style that loads a URL: {value[:60]!r}")
        elif local == "id" and value.startswith(policy.RESERVED_PREFIXES):
            if value in self.reserved_ids:
                self._add(f"a second element with id {value!r}: the theme and the toolkit rely on that id, so content "
                          "(or a hook) wrote one of its own")
            self.reserved_ids.add(value)

    def _check_meta(self, values: dict) -> None:
        equiv = values.get("http-equiv", "").strip().lower()
        if equiv == "content-security-policy" and self.scripts_seen == 0 and self.article_depth is None \
                and not self.csp_meta:
            self.csp_meta += 1
            self.csp_content = values.get("content", "")
            return
        if equiv == "refresh":
            target = values.get("content", "").partition("=")[2].strip().strip("'\"")
            if policy.url_kind(target)[0] in ("relative", "absolute", "anchor") and self.article_depth is None:
                return  # the toolkit's redirect pages for old addresses
        self._add(f"a <meta http-equiv={equiv!r}>: only the toolkit's Content-Security-Policy, first in <head>, and "
                  "its redirects within the site are allowed")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if tag == "style":
            self.in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script:
            self.in_script = False
            if self.script_runs:
                text = "".join(self.script_text)
                if self.article_depth is not None:
                    self.findings.append(Finding(self.rel, self.script_line, "an inline <script> in the page's content"))
                elif inline_script_shape(text) not in self.rules.inline_scripts:
                    self.findings.append(Finding(self.rel, self.script_line, "an inline <script> that is not one of "
                                                 f"the theme's own: {text.strip()[:60]!r}"))
                else:
                    self.hashes.add(script_hash(text))
        if tag == "style":
            self.in_style = False
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break
        if self.article_depth is not None and len(self.stack) <= self.article_depth:
            self.article_depth = None

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.script_text.append(data)
        elif self.in_style and policy.css_fetches(data):
            self._add("a <style> element that loads a URL")

    def handle_comment(self, data: str) -> None:
        if not ALLOWED_COMMENT.match(data):
            self._add(f"an HTML comment: <!--{data[:40]}-->")

    def handle_pi(self, data: str) -> None:
        self._add(f"a processing instruction: <?{data[:40]}")

    def unknown_decl(self, data: str) -> None:
        self._add(f"a declaration: <![{data[:40]}")

    def _check_src(self, src: str) -> None:
        problem = script_src_problem(src, self.page_dir, self.rules)
        if problem:
            self._add(problem)

    def close(self) -> None:
        super().close()
        if self.scripts_seen and not self.csp_meta:
            self.findings.append(Finding(self.rel, 1, "no <meta http-equiv=\"Content-Security-Policy\"> before the "
                                         "page's first script (the toolkit's main.html writes it)"))
        elif self.csp_meta and self.csp_content != content_security_policy(self.hashes, meta=True):
            self.findings.append(Finding(self.rel, 1, "the page's Content-Security-Policy <meta> is not the policy "
                                         f"for its scripts: {self.csp_content[:80]!r}"))


def script_src_problem(src: str, page_dir: str, rules: AuditPolicy) -> str | None:
    """Why a page in `page_dir` may not load the script at `src`, or None when it is one the theme or the toolkit
    publishes (the exact path, after `.` and `..` are resolved as the browser resolves them)."""
    if policy.url_kind(src)[0] in ("other-site", "script"):
        return f"a <script> from another site or scheme: {src}"
    parts: list[str] = [] if src.startswith("/") else [p for p in page_dir.split("/") if p]
    for part in src.split("?", 1)[0].split("#", 1)[0].lstrip("/").split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    target = "/".join(parts)
    if target not in rules.scripts:
        return f"a <script> that is not on the allow-list: {src}"
    return None


def audit_page(rel: str, text: str, rules: AuditPolicy | None = None) -> tuple[list[Finding], set[str]]:
    """Findings for one built page (`rel` is its path under the site, e.g. `networks/index.html`)."""
    rules = rules or AuditPolicy()
    clean = clean_page_hashes(rel, text, rules)
    if clean is not None:
        return [], clean
    return full_audit(rel, text, rules)


def full_audit(rel: str, text: str, rules: AuditPolicy | None = None) -> tuple[list[Finding], set[str]]:
    """Every tag through Python's HTML parser: exact file-and-line findings, but about 10 ms a page."""
    auditor = _PageAudit(rel, rel.rpartition("/")[0], rules or AuditPolicy())
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
#: An attribute value that starts like a script URL (policy.SCRIPT_SCHEMES), quoted or not, controls and all.
_SCRIPT_URL_CANDIDATE = re.compile(r"""=\s*["']?[\x00-\x20]*(j|v|d|l|m)[\x00-\x20]*(a|b|i|o)""", re.IGNORECASE)
_SCRIPT_URL_WORDS = re.compile(r"[\x00-\x20]*".join("javascript") + "|" + r"[\x00-\x20]*".join("vbscript") + "|"
                               + r"[\x00-\x20]*".join("data") + r"[\x00-\x20]*:|" + r"[\x00-\x20]*".join("livescript")
                               + "|" + r"[\x00-\x20]*".join("mocha"), re.IGNORECASE)
#: Elements and markup that always need the full audit: what no page may hold, forms, SVG that fetches or animates
#: an address, processing instructions.
_ALWAYS_AUDITED = re.compile(r"<(?:iframe|frame|frameset|object|embed|applet|base|portal|plaintext|xmp|noembed|"
                             r"fencedframe|image|use|feimage|animate|set)(?=[\s/>])|<\?|srcdoc|srcset|formaction",
                             re.IGNORECASE)
#: A fetching attribute whose value starts with a scheme or `//` (another site).
_FETCH_ELSEWHERE = re.compile(r"""(?<![\w-])(?:src|poster|data|background|lowsrc|dynsrc)\s*=\s*["']?"""
                              r"""[\x00-\x20]*(?:[a-zA-Z][\w+.\-]*:|[/\\]{2})""", re.IGNORECASE)
_HTTP_EQUIV = re.compile(r"http-equiv", re.IGNORECASE)
_FORM_TAG = re.compile(r"""<form(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_LINK_TAG = re.compile(r"""<link(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"""(?<![\w-])style\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)""", re.IGNORECASE)
_CSP_META_CONTENT = re.compile(r"""<meta http-equiv="Content-Security-Policy" content="([^"]*)">""")
_RESERVED_ID = re.compile(r"""(?<![\w-])id\s*=\s*["']?((?:__|ph-|md-)[^"'\s>]*)""", re.IGNORECASE)
#: A character reference early in an attribute value, where it could spell a script URL or hide one from the
#: pattern above once decoded (`&#106;avascript:`, `javascript&colon;`, `data:text&sol;html`).
_REFERENCE_IN_URL_START = re.compile(r"""=\s*["']?[\sa-zA-Z:/]*&""")
#: Declarations, comments and bogus comments: `<!...`, `</` not followed by a letter.
_DECLARATION = re.compile(r"<!|</(?![a-zA-Z])|<\?")
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


def _link_problem(tag_text: str) -> bool:
    """Whether a `<link>` start tag makes the browser fetch from another site."""
    attrs = _StartTag(tag_text).attrs
    rels = set((attrs.get("rel") or "").lower().split())
    return bool(rels & FETCHING_LINK_RELS) and policy.url_kind(attrs.get("href") or "")[0] in ("other-site", "script")


def clean_page_hashes(rel: str, text: str, rules: AuditPolicy | None = None) -> set[str] | None:
    """The inline-script hashes of a page with nothing to report, or None when it needs the full audit."""
    rules = rules or AuditPolicy()
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
        elif policy.css_fetches(text[start.end():end.start()]):
            return None  # a <style> element that loads something
        position = end.start()
    page = "".join(outside)
    for match in _SCRIPT_URL_CANDIDATE.finditer(page):
        if _SCRIPT_URL_WORDS.match(page, match.start(1)):
            return None
    if _REFERENCE_IN_URL_START.search(page) or _ALWAYS_AUDITED.search(page) or _FETCH_ELSEWHERE.search(page):
        return None
    equivs = [m.start() for m in _HTTP_EQUIV.finditer(page)]
    if scripts and (len(equivs) != 1 or equivs[0] > scripts[0][0]):
        return None  # no policy <meta>, another <meta http-equiv>, or the policy after a script
    if not scripts and equivs:
        return None
    for match in _LINK_TAG.finditer(page):
        if "://" in match.group() or "//" in match.group() or "&" in match.group():
            if _link_problem(match.group()):
                return None
    for match in _FORM_TAG.finditer(page):
        if policy.url_kind(_StartTag(match.group()).attrs.get("action") or "")[0] in ("other-site", "script"):
            return None
    for match in _STYLE_ATTRIBUTE.finditer(page):
        if policy.css_fetches(html.unescape(match.group(1))):
            return None
    reserved = [m.group(1) for m in _RESERVED_ID.finditer(page)]
    if len(reserved) != len(set(reserved)):
        return None
    meta = _CSP_META_CONTENT.search(page)
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
            if script_src_problem(src, rel.rpartition("/")[0], rules):
                return None
        elif kind not in DATA_SCRIPT_TYPES:
            if _inside_article(articles, offset) or inline_script_shape(content) not in rules.inline_scripts:
                return None
            hashes.add(script_hash(content))
    if scripts and (meta is None or html.unescape(meta.group(1)) != content_security_policy(hashes, meta=True)):
        return None
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


def audit_site(site_dir: Path, processes: int = 1, rules: AuditPolicy | None = None) -> AuditResult:
    """Audit every HTML file under `site_dir`, in a stable order.

    `processes` > 1 audits a large site's pages in that many forked processes (only where forking is safe: a
    one-off build, not beside a server's threads); the findings come back in the same order as from one."""
    rels = [path.relative_to(site_dir).as_posix() for path in sorted(site_dir.rglob("*.html"))]
    parts = in_chunks(functools.partial(_audit_pages, site_dir, rules or AuditPolicy()), rels, processes,
                      PARALLEL_FROM)
    result = AuditResult()
    hashes: set[str] = set()
    for findings, page_hashes, pages in parts:
        result.findings.extend(findings)
        hashes |= page_hashes
        result.pages += pages
    result.script_hashes = sorted(hashes)
    return result


def _audit_pages(site_dir: Path, rules: AuditPolicy, rels: list[str]) -> tuple[list[Finding], set[str], int]:
    """One process's share of the site: its findings, inline-script hashes and page count."""
    findings: list[Finding] = []
    hashes: set[str] = set()
    for rel in rels:
        page_findings, page_hashes = audit_page(rel, (site_dir / rel).read_text(encoding="utf-8", errors="replace"),
                                                rules)
        findings.extend(page_findings)
        hashes |= page_hashes
    return findings, hashes, len(rels)


def content_security_policy(script_hashes, meta: bool = False) -> str:
    """The policy the site needs and no more: its own files, the theme's inline scripts by hash, Pagefind's wasm.

    `meta`: the form for a `<meta http-equiv>` in each page (GitHub Pages sends no headers of a site's own), the
    same policy without `frame-ancestors`, which browsers ignore in a meta element (X-Frame-Options cannot be
    sent there either: a host that honours `_headers` adds both)."""
    script = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(script_hashes)])
    directives = [
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
        "object-src 'none'",
    ]
    if not meta:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


#: What main.html writes as the policy meta's content, for the audit plugin to fill in once the page is rendered
#: (the hashes are those of the page's own theme scripts, which depend on its depth).
CSP_PLACEHOLDER = "projecth-content-security-policy"
_CSP_META = re.compile(r"""(<meta http-equiv="Content-Security-Policy" content=")""" + CSP_PLACEHOLDER + '"')


def fill_csp_meta(text: str, rules: AuditPolicy | None = None) -> str:
    """The page with its policy meta filled in: the hashes of the theme's inline scripts this page runs."""
    match = _CSP_META.search(text, 0, text.find("</head>") if "</head>" in text else len(text))
    if match is None:
        return text
    rules = rules or AuditPolicy()
    hashes = set()
    for start in _RAW_TEXT_START.finditer(text):
        if start.group(1).lower() != "script":
            continue
        kind, src = _script_attributes(start.group())
        end = _RAW_TEXT_END["script"].search(text, start.end())
        if src is None and kind not in DATA_SCRIPT_TYPES and end is not None:
            content = text[start.end():end.start()]
            if inline_script_shape(content) in rules.inline_scripts:  # only the theme's own scripts are hashed
                hashes.add(script_hash(content))
    return text[:match.end(1)] + content_security_policy(hashes, meta=True) + text[match.end(1) + len(CSP_PLACEHOLDER):]


def headers_file(script_hashes: list[str]) -> str:
    """The `_headers` file (Netlify, Cloudflare Pages) for every path of the site."""
    lines = [
        "# Security headers for static hosts that read _headers (Netlify, Cloudflare Pages); written by projecth.",
        "/*",
        f"  Content-Security-Policy: {content_security_policy(script_hashes)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "  X-Frame-Options: DENY",
    ]
    return "\n".join(lines) + "\n"
