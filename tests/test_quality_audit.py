"""The built-HTML audit (projecth.core.audit) and the projecth-audit plugin that runs it after every build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from projecth.core.audit import audit_page, audit_site, content_security_policy, headers_file, script_hash

REPO = Path(__file__).resolve().parents[1]

FRAME = """<!doctype html><html><head>
<script>__md_scope=new URL(".",location)</script>
<script src="{depth}assets/javascripts/bundle.abc123.min.js"></script>
<script type="application/ld+json">{{"@type": "Article"}}</script>
</head><body><svg><!--! Font Awesome Free 7.1.0 --><path d=""/></svg>
<article class="md-content__inner">{content}</article>
<script src="{depth}assets/projecth/search.js"></script></body></html>"""


def messages(content: str, rel: str = "networks/maths/index.html", depth: str = "../../") -> list[str]:
    findings, _ = audit_page(rel, FRAME.format(content=content, depth=depth))
    return [finding.message for finding in findings]


def test_a_clean_page_has_no_findings_and_its_theme_script_is_hashed():
    findings, hashes = audit_page("index.html", FRAME.format(content="<p>Hello</p>", depth=""))
    assert findings == []
    assert hashes == {script_hash('__md_scope=new URL(".",location)')}


@pytest.mark.parametrize("content, expected", [
    ('<img src="x.png" onerror="alert(1)">', "event-handler attribute onerror="),
    ('<p><a href="javascript:alert(1)">x</a></p>', "uses a script URL"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "uses a script URL"),
    ('<iframe src="data:text/html,<b>"></iframe>', "uses a script URL"),
    ("<!-- a reviewer's note -->", "an HTML comment"),
    ("<script>alert(1)</script>", "an inline <script> in the page's content"),
    ('<script src="https://cdn.example/x.js"></script>', "from another site"),
    ('<script src="//cdn.example/x.js"></script>', "from another site"),
    ('<script src="../../downloads/evil.js"></script>', "not on the allow-list"),
    ('<script src="../../assets/projecth/../../evil.js"></script>', "not on the allow-list"),
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
    # A theme override that slips an event handler into every page is caught after the build.
    (root / "overrides" / "partials").mkdir(parents=True, exist_ok=True)
    (root / "overrides" / "partials" / "copyright.html").write_text('<p onmouseover="x()">c</p>', encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site2"), strict=True)
    with pytest.raises(Abort):
        build(config)
    assert re.search(r"\n  404\.html:\d+: <p> has an event-handler attribute onmouseover=", caplog.text)
    assert not (root / "site2" / "_headers").exists()
