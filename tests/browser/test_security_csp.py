"""The Content-Security-Policy as GitHub Pages serves the site: no `_headers`, so only each page's own
`<meta http-equiv="Content-Security-Policy">` applies. It blocks an injected inline script, and no page kind
reports a violation."""

from __future__ import annotations

import shutil

import pytest

from .conftest import serve
from .test_accessibility import PAGE_KINDS, open_kind
from .test_csp import csp_page  # noqa: F401 - the page that records violations, a fixture


@pytest.fixture(scope="module")
def pages_url(starter_site, tmp_path_factory):
    """The starter site without its `_headers` file, served as GitHub Pages serves it."""
    folder = tmp_path_factory.mktemp("github-pages") / "site"
    shutil.copytree(starter_site[0], folder)
    (folder / "_headers").unlink()
    yield from serve(folder)


def test_without_headers_the_page_still_has_a_policy(csp_page, pages_url):
    response = csp_page.goto(pages_url)
    assert "content-security-policy" not in response.headers
    policy = csp_page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'none'" in policy and "'sha256-" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_page_kind_reports_a_violation_under_the_meta_policy(csp_page, pages_url, kind):
    csp_page.console_csp.clear()
    open_kind(csp_page, pages_url, PAGE_KINDS[kind])
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.evaluate("window.__cspViolations") == []
    assert csp_page.console_csp == []


def test_the_meta_policy_blocks_an_injected_inline_script(csp_page, pages_url):
    open_kind(csp_page, pages_url, "about/")
    with pytest.raises(Exception):
        csp_page.add_script_tag(content="window.__ran = true;")
    csp_page.wait_for_function("window.__cspViolations.length > 0")
    assert csp_page.evaluate("window.__ran === undefined")
    assert "script-src" in csp_page.evaluate("window.__cspViolations")[0]


def test_the_theme_scripts_run_under_the_meta_policy(csp_page, pages_url):
    """Material's inline scripts are allowed by their hashes: its scope object exists and the page is scripted."""
    open_kind(csp_page, pages_url, "about/")
    assert csp_page.evaluate("typeof __md_scope") == "object"
    assert csp_page.evaluate("document.documentElement.classList.contains('js')")
