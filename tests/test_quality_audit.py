"""The built-HTML audit (projecth.core.security.site_audit) and the projecth-audit plugin that runs it after every build."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from projecth.core.security import site_audit as audit_module
from projecth.core.security.site_audit import audit_page as _audit_page
from projecth.core.security.site_audit import (
    THEME_INLINE_SCRIPTS,
    AuditPolicy,
    clean_page_hashes as _clean_page_hashes,
    content_security_policy,
    fill_csp_meta,
    full_audit as _full_audit,
    headers_file,
    script_hash,
)

REPO = Path(__file__).resolve().parents[1]

# The audit allows the exact script paths a build publishes (the plugin lists them); these are the frame's.
RULES = AuditPolicy.of({"assets/javascripts/bundle.abc123.min.js", "assets/projecth/search.js"})
SCOPE_SCRIPT = next(script for script in THEME_INLINE_SCRIPTS if script.startswith("__md_scope"))


def theme_scope(depth: str) -> str:
    return SCOPE_SCRIPT.replace('new URL("",location)', f'new URL("{depth or "."}",location)')


# The page's policy <meta> is written by main.html and filled in after rendering, as the build does.
FRAME_TEMPLATE = """<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="projecth-content-security-policy">
<script>@SCOPE@</script>
<script src="{depth}assets/javascripts/bundle.abc123.min.js"></script>
<script type="application/ld+json">{{"@type": "Article"}}</script>
</head><body><svg><!--! Font Awesome Free 7.1.0 --><path d=""/></svg>
<article class="md-content__inner">{content}</article>
<script src="{depth}assets/projecth/search.js"></script></body></html>"""


class _Frame:
    """FRAME.format(content=..., depth=...) gives a built page: the theme's scope script for that depth and the
    policy <meta> filled in."""

    def format(self, content: str, depth: str) -> str:
        page = FRAME_TEMPLATE.format(content=content, depth=depth).replace("@SCOPE@", theme_scope(depth))
        return fill_csp_meta(page, RULES)

    def replace(self, *args) -> "_Frame":
        return self


FRAME = _Frame()


def audit_page(rel, text, rules=RULES):
    return audit_module.audit_page(rel, text, rules)


def audit_site(site_dir, processes=1, rules=RULES):
    return audit_module.audit_site(site_dir, processes, rules)


def clean_page_hashes(rel, text, rules=RULES):
    return _clean_page_hashes(rel, text, rules)


def full_audit(rel, text, rules=RULES):
    return _full_audit(rel, text, rules)


def messages(content: str, rel: str = "networks/maths/index.html", depth: str = "../../") -> list[str]:
    findings, _ = audit_page(rel, FRAME.format(content=content, depth=depth))
    return [finding.message for finding in findings]


def test_a_clean_page_has_no_findings_and_its_theme_script_is_hashed():
    findings, hashes = audit_page("index.html", FRAME.format(content="<p>Hello</p>", depth=""))
    assert findings == []
    assert hashes == {script_hash(theme_scope(""))}


@pytest.mark.parametrize("content, expected", [
    ('<img src="x.png" onerror="alert(1)">', "event-handler attribute onerror="),
    ('<p><a href="javascript:alert(1)">x</a></p>', "uses a script URL"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "uses a script URL"),
    ('<img src="data:text/html,<b>">', "uses a script URL"),
    ("<!-- a reviewer's note -->", "an HTML comment"),
    ("<script>alert(1)</script>", "an inline <script> in the page's content"),
    ('<script src="https://cdn.example/x.js"></script>', "from another site"),
    ('<script src="//cdn.example/x.js"></script>', "from another site"),
    ('<script src="../../downloads/evil.js"></script>', "not on the allow-list"),
    ('<script src="../../assets/projecth/../../evil.js"></script>', "not on the allow-list"),
    ('<script src="../../assets/projecth/%2e%2e/x.js"></script>', "not on the allow-list"),
    ('<script src="../../assets/projecth/other.js"></script>', "not on the allow-list"),
])
def test_what_must_not_reach_a_page_is_found(content, expected):
    found = messages(content)
    assert len(found) == 1 and expected in found[0], found


def test_data_scripts_and_allow_listed_files_pass_anywhere():
    assert messages('<script type="application/json">{"a": 1}</script>'
                    '<script src="../../pagefind/pagefind.js"></script>') == []


def test_findings_name_the_file_and_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(FRAME.format(content="\n\n<b onclick=x>", depth="../"), encoding="utf-8")
    (tmp_path / "index.html").write_text(FRAME.format(content="", depth=""), encoding="utf-8")
    result = audit_site(tmp_path)
    assert result.pages == 2
    assert [str(finding) for finding in result.findings] == ["a/index.html:8: <b> has an event-handler attribute onclick="]


def audit_page_noting_its_process(rel: str, text: str, rules=RULES):
    with open(os.environ["PROJECTH_TEST_AUDIT_PIDS"], "a", encoding="utf-8") as pids:
        pids.write(f"{os.getpid()}\n")
    return _audit_page(rel, text, rules)


def test_a_site_audited_in_two_processes_gives_what_one_process_gives(tmp_path, monkeypatch):
    from projecth.core.security import site_audit as audit_module

    bad = ['<b onclick="x">', "<!-- a note -->", '<a href="javascript:x">x</a>']
    for number in range(12):
        folder = tmp_path / f"page-{number:02d}"
        folder.mkdir()
        depth = "../"
        content = bad[number % 3] if number % 4 == 1 else "<p>Fine</p>"
        # Pages at other depths carry another theme script, hence another hash.
        if number % 5 == 0:
            folder, depth = folder / "deeper", "../../"
            folder.mkdir()
        frame = FRAME.replace("new URL(\".\"", f"new URL(\"{depth}\"") if number % 5 == 0 else FRAME
        (folder / "index.html").write_text(frame.format(content=content, depth=depth), encoding="utf-8")
    one = audit_site(tmp_path)
    monkeypatch.setattr(audit_module, "PARALLEL_FROM", 2)  # small enough to split this site

    # Each page audited notes its process in a file: proof that the site was split between two.
    monkeypatch.setenv("PROJECTH_TEST_AUDIT_PIDS", str(tmp_path / "pids.txt"))
    monkeypatch.setattr(audit_module, "audit_page", audit_page_noting_its_process)
    two = audit_site(tmp_path, processes=2)
    pids = (tmp_path / "pids.txt").read_text().split()
    assert len(pids) == 12 and sorted(pids.count(pid) for pid in set(pids)) == [6, 6]
    assert two.pages == one.pages == 12
    assert [str(f) for f in two.findings] == [str(f) for f in one.findings]
    assert len(one.findings) == 3
    assert two.script_hashes == one.script_hashes and len(one.script_hashes) == 2


def test_the_policy_lists_the_hashes_and_nothing_unsafe():
    policy = content_security_policy(["'sha256-abc='"])
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='" in policy
    assert "unsafe-inline" not in policy and "default-src 'none'" in policy
    text = headers_file(["'sha256-abc='"])
    assert text.splitlines()[1] == "/*"
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert f"\n  {name}: " in text


def site_copy(tmp_path: Path) -> Path:
    for name in ("mkdocs.yml", "taxonomy.yml", "overrides", "hooks", "content"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


def test_the_build_writes_headers_and_fails_on_a_finding_naming_the_file(tmp_path, caplog):
    root = site_copy(tmp_path)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    build(config)
    headers = (root / "site" / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: default-src 'none'" in headers and "'sha256-" in headers
    # Most of the starter site's pages take the quick pass, and each of those gets the full audit's answer.
    pages = sorted((root / "site").rglob("*.html"))
    # The build's own rules: the theme's and the toolkit's scripts, as published.
    built = AuditPolicy.of({path.relative_to(root / "site").as_posix() for folder in ("assets/javascripts",
                            "assets/projecth") for path in (root / "site" / folder).rglob("*.js")})
    quick_pages = 0
    for path in pages:
        rel, text = path.relative_to(root / "site").as_posix(), path.read_text(encoding="utf-8")
        quick = clean_page_hashes(rel, text, built)
        if quick is not None:
            quick_pages += 1
            assert full_audit(rel, text, built) == ([], quick), rel
    assert quick_pages >= 0.9 * len(pages), (quick_pages, len(pages))
    # A theme override that slips an event handler into every page is caught after the build.
    (root / "overrides" / "partials").mkdir(parents=True, exist_ok=True)
    (root / "overrides" / "partials" / "copyright.html").write_text('<p onmouseover="x()">c</p>', encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site2"), strict=True)
    with pytest.raises(Abort):
        build(config)
    assert re.search(r"\n  404\.html:\d+: <p> has an event-handler attribute onmouseover=", caplog.text)
    assert not (root / "site2" / "_headers").exists()


# -- the quick pass: a page goes through the full parser whenever anything could be a finding --------------------

@pytest.mark.parametrize("content", [
    '<img src="x.png" onerror="alert(1)">',
    '<img src="x.png"\tONLOAD = "alert(1)">',
    '<a title="x"onmouseover=alert(1)>x</a>',
    '<svg/onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    "<a href=' vbscript:x'>x</a>",
    '<iframe src="data: text/html,<b>"></iframe>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#x20;&#x6A;avascript:alert(1)">x</a>',
    "<!-- a reviewer's note -->",
    "<!bogus comment>",
    "</ bogus>",
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="https://cdn.example/x.js"></script>',
    '<script src="../../downloads/evil.js"></script>',
    "<script>unclosed",
    "<style>p {}",
])
def test_the_quick_pass_leaves_every_possible_finding_to_the_full_audit(content):
    page = FRAME.format(content=content, depth="../../")
    assert clean_page_hashes("networks/maths/index.html", page) is None


@pytest.mark.parametrize("content", [
    "<p>Hello</p>",
    "<p>Lessons on Monday = fine; based on data</p>",  # words with `on` are not attributes
    '<a href="../javascripts-guide/">Guides to scripts</a>',  # `javascript` inside an address
    '<meta name="description" content="A guide. Pupils&#39; work">',  # a reference after other text
    "<style>p { color: red }</style><pre>&lt;!-- shown, not a comment --&gt;</pre>",
    '<script type="application/json">{"onclick=": "<!-- in data -->"}</script>',
])
def test_the_quick_pass_clears_clean_pages_with_the_full_audits_hashes(content):
    page = FRAME.format(content=content, depth="../../")
    quick = clean_page_hashes("networks/maths/index.html", page)
    assert quick is not None
    assert full_audit("networks/maths/index.html", page) == ([], quick)
