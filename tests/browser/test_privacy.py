"""Privacy gates on the real starter library: no page asks any host but its own for anything, and none sets a
cookie. Every request the browser makes is recorded (and anything leaving 127.0.0.1 is blocked, never sent)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .test_accessibility import PAGE_KINDS, open_kind


@pytest.fixture(scope="module")
def recording(browser, starter_url):
    """One browser context for every page kind, which records each request and lets through only the site's own."""
    # The site's Content-Security-Policy would block most foreign requests before they are made; this gate checks
    # that the pages do not try, so the policy is bypassed here (test_csp.py checks the policy itself).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    requests: list[str] = []
    own = urlsplit(starter_url).netloc

    def route(route):
        requests.append(route.request.url)
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield context, page, requests
    context.close()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_a_page_asks_only_its_own_host_and_sets_no_cookie(recording, starter_url, kind):
    context, page, requests = recording
    requests.clear()
    open_kind(page, starter_url, PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    own = urlsplit(starter_url).netloc
    assert requests, "nothing was recorded"
    assert [url for url in requests if urlsplit(url).netloc != own] == []
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""


def test_the_recorder_sees_a_request_to_another_host(recording, starter_url):
    """The gate can fail: a page that loads an image from elsewhere is caught."""
    context, page, requests = recording
    open_kind(page, starter_url, "about/")
    requests.clear()
    page.evaluate("""() => new Promise(done => {
        const img = new Image(); img.onerror = img.onload = done; img.src = 'https://tracker.example/pixel.gif';
    })""")
    assert "https://tracker.example/pixel.gif" in requests
