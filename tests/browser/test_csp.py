"""Content security in the browser: the starter library served with the headers of its own `_headers` file, and
no page kind reports a Content-Security-Policy violation (scripts, styles, the search's wasm and fetches)."""

from __future__ import annotations

import pytest

from .test_accessibility import PAGE_KINDS, open_kind

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture(scope="module")
def csp_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_csp = []
    page.on("console", lambda message: "Content Security Policy" in message.text and page.console_csp.append(message.text))
    yield page
    context.close()


def test_every_response_carries_the_security_headers(csp_page, starter_url):
    response = csp_page.goto(starter_url)
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "'sha256-" in policy
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_page_kind_reports_a_csp_violation(csp_page, starter_url, kind):
    csp_page.console_csp.clear()
    open_kind(csp_page, starter_url, PAGE_KINDS[kind])
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.evaluate("window.__cspViolations") == []
    assert csp_page.console_csp == []


def test_the_search_works_under_the_policy(csp_page, starter_url):
    """Pagefind loads its script, fetches its index and runs its wasm: results appear."""
    open_kind(csp_page, starter_url, "search/?q=fractions")
    assert csp_page.locator(".ph-result").count() > 0


def test_an_injected_inline_script_is_reported(csp_page, starter_url):
    """The gate can fail: an inline script the policy does not list is blocked and reported."""
    open_kind(csp_page, starter_url, "about/")
    with pytest.raises(Exception):
        csp_page.add_script_tag(content="window.__ran = true;")
    csp_page.wait_for_function("window.__cspViolations.length > 0")
    assert csp_page.evaluate("window.__ran === undefined")
    assert "script-src" in csp_page.evaluate("window.__cspViolations")[0]
