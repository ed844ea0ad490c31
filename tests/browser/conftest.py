"""Browser tests: one small site built once per session, served on 127.0.0.1, driven by Debian's Chromium.

The site holds six resources whose words and facets the tests know, so every
count and every result list below is predictable:

| resource                          | subjects       | phase              | mentions "fractions" | published  |
|-----------------------------------|----------------|--------------------|----------------------|------------|
| Bar models for fractions          | maths          | primary            | title and body       | 2025-09-15 |
| Ratio tables in Year 7            | maths          | secondary          | body                 | 2025-06-01 |
| Reading fluency across subjects   | english, maths | primary            | body                 | 2025-03-03 |
| Persuasive writing toolkit        | english        | secondary          | no                   | 2025-11-20 |
| Phonics in Reception              | english        | early years        | no                   | 2024-10-01 |
| First-day attendance calls        | whole school   | primary, secondary | no                   | 2026-01-12 |
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[2]
SITE_FILES = ("mkdocs.yml", "taxonomy.yml", "overrides", "hooks")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

COMMON = {
    "audience": "[teacher]",
    "licence": "CC-BY-4.0",
}
RESOURCES = {
    "networks/maths/bar-models-for-fractions.md": dict(
        title="Bar models for fractions",
        summary="Drawing bars to compare and add fractions in Year 5.",
        network="maths", subjects="[maths]", phases="[primary]", key_stages="[ks2]", year_groups="[year-5]",
        resource_type="guide", authors="[Lift Schools Maths network]", published="2025-09-15",
        body="## Why bar models\n\nA bar shows equivalent fractions as equal lengths.\n\n"
             "## Common misconceptions\n\nPupils add the denominators of two fractions.\n"),
    "networks/maths/ratio-tables.md": dict(
        title="Ratio tables in Year 7",
        summary="A unit on ratio notation, sharing in a ratio and ratio tables.",
        network="maths", subjects="[maths]", phases="[secondary]", key_stages="[ks3]", year_groups="[year-7]",
        resource_type="unit-plan", authors="[Lift Schools Maths network]", published="2025-06-01",
        body="## Overview\n\nTwelve lessons on ratio.\n\n## Links with fractions\n\n"
             "A ratio of 2 to 3 gives the fractions two fifths and three fifths of the whole.\n"),
    "networks/reading/reading-fluency.md": dict(
        title="Reading fluency across subjects",
        summary="Echo and choral reading of subject texts, from stories to word problems.",
        network="reading", subjects="[english, maths]", phases="[primary]", key_stages="[ks2]",
        resource_type="cpd-session", authors="[Lift Schools Reading network]", published="2025-03-03",
        body="## Fluency in maths\n\nRead word problems about fractions aloud before solving them.\n"),
    "networks/english/persuasive-writing.md": dict(
        title="Persuasive writing toolkit",
        summary="Rhetorical questions, the rule of three and counter-arguments for Key stage 3.",
        network="english", subjects="[english]", phases="[secondary]", key_stages="[ks3]",
        resource_type="toolkit", authors="[Lift Schools English network]", published="2025-11-20",
        body="## Rhetoric\n\nModel a speech that uses rhetoric to persuade an audience.\n"),
    "networks/english/phonics-in-reception.md": dict(
        title="Phonics in Reception",
        summary="Daily phonics lessons with sound cards and blending games.",
        network="english", subjects="[english]", phases="[early-years]", key_stages="[eyfs]",
        year_groups="[reception]", resource_type="lesson-plan", authors="[Lift Schools English network]",
        published="2024-10-01",
        body="## Blending\n\nPupils blend three sounds to read a word.\n"),
    "networks/attendance/first-day-calls.md": dict(
        title="First-day attendance calls",
        summary="A script for calling families on the first day a pupil is absent.",
        network="attendance", subjects="[whole-school]", phases="[primary, secondary]", key_stages="[ks2, ks3]",
        resource_type="checklist", authors="[Lift Schools Attendance network]", published="2026-01-12",
        body="## The call\n\nGreet the family warmly and ask how the pupil is.\n"),
}


def write_resource(content: Path, rel: str, fields: dict) -> None:
    fields = {**COMMON, **fields}
    body = fields.pop("body")
    front = "\n".join(f"{key}: {value}" for key, value in fields.items())
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, str]:
    """The project's own mkdocs.yml, taxonomy and overrides with the six resources above, built once."""
    root = tmp_path_factory.mktemp("search-site")
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    content = root / "content"
    shutil.copytree(REPO / "content" / "assets", content / "assets")
    (content / "index.md").write_text("---\ntitle: Project H\n---\n\nWelcome.\n", encoding="utf-8")
    (content / "about.md").write_text("---\ntitle: About\n---\n\nAbout.\n", encoding="utf-8")
    (content / "contribute.md").write_text("---\ntitle: Contribute\n---\n\nContribute.\n", encoding="utf-8")
    (content / "accessibility.md").write_text("---\ntitle: Accessibility\n---\n\nStatement.\n", encoding="utf-8")
    for rel, fields in RESOURCES.items():
        write_resource(content, rel, fields)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    build(config)
    return Path(config.site_dir), config.site_url or ""


def read_headers_file(folder: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The site's `_headers` file (Netlify / Cloudflare Pages format): path patterns, each with indented headers."""
    path = folder / "_headers"
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    if not path.is_file():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as a static host would, with the headers its `_headers` file gives each path."""

    header_rules: list = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.header_rules:
            if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def serve(folder: Path):
    """Serve `folder` on a free port of 127.0.0.1; yields the base address and stops the server afterwards."""
    handler = type("SiteHandler", (QuietHandler,), {"header_rules": read_headers_file(folder)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(built_site: tuple[Path, str]):
    """The built site served on a free port of 127.0.0.1 for the whole session."""
    yield from serve(built_site[0])


@pytest.fixture(scope="session")
def starter_site(tmp_path_factory) -> tuple[Path, str]:
    """The repository's own starter library (content/ as it is), built once with --strict into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("starter-site") / "site"
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir, config.site_url or ""


@pytest.fixture(scope="session")
def starter_url(starter_site: tuple[Path, str]):
    """The starter library served on 127.0.0.1 with the headers of its `_headers` file."""
    yield from serve(starter_site[0])


@pytest.fixture
def starter_page(browser, starter_url, starter_site):
    """A fresh desktop-sized page of the starter library; requests to other hosts are recorded and blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _guarded(context, starter_url, starter_site[1])
    yield page
    context.close()


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser, site_url, built_site):
    """A fresh desktop-sized page; requests to any other host are blocked and fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _guarded(context, site_url, built_site[1])
    yield page
    context.close()
    assert not page.foreign_requests, f"requests to other hosts: {page.foreign_requests}"


@pytest.fixture
def new_page(browser, site_url, built_site):
    """Pages with other settings (a phone's screen, JavaScript off)."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return _guarded(context, site_url, built_site[1])

    yield make
    for context in contexts:
        context.close()


def _guarded(context, site_url: str, configured_url: str):
    page = context.new_page()
    page.foreign_requests = []
    page.page_errors = []

    def route(route):
        url = route.request.url
        if url.startswith(site_url):
            route.continue_()
            return
        # Material fetches the repository's stars from GitHub (repo_url), and absolute links use the configured
        # site_url (the site's own host once published): neither leaves this machine in a test.
        if not url.startswith("https://api.github.com/") and not (configured_url and url.startswith(configured_url)):
            page.foreign_requests.append(url)
        route.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    return page


@pytest.fixture
def clipboard_page(browser, served: str):
    """A desktop page that may use the clipboard and reaches no host but the test module's `served` site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served)
                      else route.abort())
        yield context.new_page()
    finally:
        context.close()
