"""Defence in depth, in a real browser: every attack family of the red team's list, as if it had got past the content
check and into a published page.

Each attack's Markdown is rendered with the site's own Markdown configuration (as the build would render it), put
into a copy of a built page, and opened in Chromium, served both as GitHub Pages serves the site (only the page's
own CSP `<meta>`) and with the headers of `_headers`. No script may run (no dialog, no `window.__pwned`), and no
host but the site's own may be asked for anything. Then the post-build audit, given the same page, must refuse it:
the check (tests/test_security_policy.py) is the first gate, the audit the second and the browser's policy the
third; this test shows the last two hold on their own.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlsplit

import pytest

from projecth.core.security.site_audit import AuditPolicy, audit_page
from projecth.core.security.body_check import DEFAULT_MARKDOWN, Renderer

from .conftest import serve

# (id, Markdown as a contributor could write it). Payloads call alert() or set window.__pwned, and name hosts that
# must never be contacted; the families follow the red team's report (issue 15) plus variants of ours.
FAMILIES = [
    ("inline-script", "<script>window.__pwned = 1; alert(1)</script>"),
    ("event-handler", '<img src="missing.png" alt="x" onerror="window.__pwned = 1; alert(1)">'),
    ("svg-onload", '<svg onload="window.__pwned = 1"><circle r="4"/></svg>'),
    ("entity-javascript-link", '<a id="go" href="&#106;avascript:window.__pwned=1">go</a>'),
    ("tab-javascript-link", '<a id="go" href="java&#9;script:window.__pwned=1">go</a>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>'),
    ("iframe-other-host", '<iframe src="https://frame.example/"></iframe>'),
    ("object-data", '<object data="https://object.example/x.swf"></object>'),
    ("embed-src", '<embed src="https://embed.example/x.swf">'),
    ("svg-animate-javascript", '<svg><a><animate attributeName="href" values="javascript:window.__pwned=1"/>'
     '<text y="20">x</text></a></svg>'),
    ("css-url-escape", '<p style="background: u\\72l(https://css.example/x.png)">x</p>'),
    ("css-url-entity", '<p style="background: u&#114;l(https://css.example/y.png)">x</p>'),
    ("css-image-set", "<p style=\"background-image: image-set('https://css.example/z.png' 1x)\">x</p>"),
    ("style-element-import", "<style>@import url(https://css.example/a.css); body{display:none}</style>"),
    ("stylesheet-link", '<link rel="stylesheet" href="https://css.example/b.css">'),
    ("tracker-image", '<img src="https://tracker.example/p.gif" alt="">'),
    ("srcset-tracker", '<img src="x.png" srcset="https://tracker.example/q.gif 2x" alt="x">'),
    ("video-poster", '<video poster="https://media.example/p.png" controls></video>'),
    ("audio-src", '<audio src="https://media.example/a.mp3" autoplay></audio>'),
    ("attr-list-image-src", '![Bars](bars.png){: src="https://tracker.example/r.png" }'),
    ("base-href", '<base href="https://base.example/">'),
    ("off-site-form", '<form id="f" action="https://form.example/"><input name="q" value="x"></form>'),
    ("prefetch-link", '<link rel="prefetch" href="https://prefetch.example/">'),
    ("fence-info-bypass", "```html run height=100\n<img src=\"https://tracker.example/s.gif\" alt=\"\">\n"
     "<script>window.__pwned = 1</script>\n```"),
]

# Families no browser policy can stop (navigation is not a fetch): the audit and the check are their only gates.
AUDIT_ONLY = {
    "meta-refresh": '<meta http-equiv="refresh" content="0; url=https://refresh.example/">',
}


@pytest.fixture(scope="module")
def attack_site(starter_site, tmp_path_factory):
    """A copy of the starter site with one page per family: the About page with the family's HTML in its article."""
    folder = tmp_path_factory.mktemp("attacks") / "site"
    shutil.copytree(starter_site[0], folder)
    template = (folder / "about" / "index.html").read_text(encoding="utf-8")
    renderer = Renderer(DEFAULT_MARKDOWN)
    pages = {}
    for name, markdown in [*FAMILIES, *AUDIT_ONLY.items()]:
        html = renderer.render(markdown).html
        assert "</article>" in template
        page = template.replace("</article>", f'<div id="ph-attack">{html}</div></article>', 1)
        (folder / f"attack-{name}").mkdir()
        (folder / f"attack-{name}" / "index.html").write_text(page, encoding="utf-8")
        pages[name] = page
    # The control: the same kind of page with its policy <meta> taken out, where the attacks must be seen to work.
    control = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", template, count=1)
    assert control != template
    control = control.replace("</article>", '<div id="ph-attack"><img src="https://tracker.example/c.gif" alt="">'
                              "<script>window.__pwned = 1</script></div></article>", 1)
    (folder / "control-no-policy").mkdir()
    (folder / "control-no-policy" / "index.html").write_text(control, encoding="utf-8")
    return folder, pages


@pytest.fixture(scope="module", params=["github-pages", "with-headers"])
def attack_url(request, attack_site):
    folder, _ = attack_site
    if request.param == "github-pages":
        served = folder.parent / "pages-site"
        if not served.exists():
            shutil.copytree(folder, served)
            (served / "_headers").unlink()
        folder = served
    yield from serve(folder)


@pytest.fixture
def watched(browser, attack_url):
    """A fresh page that records dialogs and every request to a host other than the site's, and answers none."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    site_host = urlsplit(attack_url).netloc
    page = context.new_page()
    page.other_hosts, page.dialogs = [], []

    def route(route):
        if urlsplit(route.request.url).netloc != site_host:
            page.other_hosts.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


@pytest.mark.parametrize("name", [family[0] for family in FAMILIES])
def test_an_attack_that_got_into_a_page_runs_nothing_and_contacts_no_other_host(watched, attack_url, name):
    watched.goto(f"{attack_url}attack-{name}/", wait_until="load")
    assert watched.locator("#ph-attack").count() == 1
    for link in watched.locator('#ph-attack a[id="go"]').all():  # what a reader would click
        link.click(no_wait_after=True)
    form = watched.locator("#ph-attack form")
    if form.count():
        watched.evaluate("document.querySelector('#ph-attack form').submit()")
    watched.wait_for_timeout(400)  # animations, error events and late loads
    assert watched.evaluate("window.__pwned === undefined")
    assert watched.dialogs == []
    assert watched.other_hosts == [], f"{name} reached another host"


@pytest.fixture(scope="module")
def site_rules(attack_site):
    """The audit's rules for this site: its own script files (the starter content publishes none)."""
    folder, _ = attack_site
    return AuditPolicy.of(sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.js")
                                 if "pagefind" not in path.parts))


def test_the_page_the_attacks_go_into_passes_the_audit(attack_site, site_rules):
    folder, _ = attack_site
    findings, _ = audit_page("about/index.html", (folder / "about" / "index.html").read_text("utf-8"), site_rules)
    assert findings == []


@pytest.mark.parametrize("name", [family[0] for family in FAMILIES] + list(AUDIT_ONLY))
def test_the_audit_refuses_every_attack_family_in_a_built_page(attack_site, site_rules, name):
    _, pages = attack_site
    findings, _ = audit_page(f"attack-{name}/index.html", pages[name], site_rules)
    assert findings, f"the audit passed the {name} attack"
    assert all(finding.path == f"attack-{name}/index.html" and finding.line > 1 for finding in findings)


def test_the_detectors_see_an_attack_where_no_policy_stops_it(watched, attack_url, request):
    """The gate can fail: the page without its policy <meta>, served without headers, runs the script and asks the
    other host (with `_headers`, the header policy still stops both, as the other tests rely on)."""
    watched.goto(f"{attack_url}control-no-policy/", wait_until="load")
    watched.wait_for_timeout(200)
    stopped = watched.evaluate("window.__pwned === undefined"), not watched.other_hosts
    if "github-pages" in request.node.callspec.id:
        assert stopped == (False, False)
    else:
        assert stopped == (True, True)
