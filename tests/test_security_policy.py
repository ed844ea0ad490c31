"""The content check on the allow-list (projecth.core.security.policy through core/security/body_check.py): attack spellings are refused at
their source line, what Python-Markdown renders as code is accepted, and the check grows linearly with the body."""

from __future__ import annotations

import time

import pytest

from projecth.core.security import policy
from projecth.core.security.body_check import DEFAULT_MARKDOWN, LinkTargets, MarkdownConfig, Renderer, check_body, read_markdown_config

from assertions import locate
from conftest import REPO, resource_text

RES = "networks/maths/bar-models.md"

# (id, body snippet, text on the line that must be reported, phrase of the message)
ATTACKS = [
    ("entity-scheme", '<a href="&#106;avascript:alert(1)">x</a>', "<a href", "`javascript:` URL"),
    ("tab-entity-scheme", '<a href="java&#9;script:alert(1)">x</a>', "<a href", "`javascript:` URL"),
    ("newline-entity-scheme", '<a href="java&NewLine;script:alert(1)">x</a>', "<a href", "`javascript:` URL"),
    ("upper-case", '<A HREF="JAVASCRIPT:alert(1)">x</A>', "<A HREF", "`javascript:` URL"),
    ("control-before-scheme", '<a href="&#1;javascript:alert(1)">x</a>', "<a href", "`javascript:` URL"),
    ("namespaced-tag", '<http:x style="background:red">y</http:x>', "<http:x", "raw `<http:x>` tag"),
    ("svg-animate-values", '<svg><a><animate attributeName="href" values="x;javascript:alert(1)"/>'
     '<text>x</text></a></svg>', "<svg>", "`javascript:` URL"),
    ("svg-set-to-after-amp", 'Fish &amp; chips.\n\n<svg><set attributeName="href" to="&#106;avascript:alert(1)"/></svg>',
     "<svg><set", "`javascript:` URL"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<iframe", "raw `<iframe>` tag"),
    ("css-escape-url", '<p style="background: u\\72l(https://example.org/x.png)">x</p>', "<p style", "loads a URL"),
    ("css-entity-url", '<p style="background: u&#114;l(https://example.org/x.png)">x</p>', "<p style",
     "loads a URL"),
    ("css-image-set", "<p style=\"background-image: image-set('https://example.org/x.png' 1x)\">x</p>", "<p style",
     "loads a URL"),
    ("css-comment-url", '<p style="background: ur/**/l(https://example.org/x.png)">x</p>', "<p style",
     "`style` on `<p>`"),
    ("attr-list-image-src", '![Bars](bars.png){: src="https://example.org/x.png" }', "![Bars]",
     "image or media from another site"),
    ("plaintext", "<plaintext>the rest of the page", "<plaintext>", "raw `<plaintext>` tag"),
    ("overlay", '<div style="position:fixed;inset:0;z-index:9999;background:#fff">Your session has expired. '
     "Sign in again</div>", "<div style", "content may not restyle the page"),
    ("hidden-attribution", '<span id="ph-attribution-text">Copy me instead</span>', "<span id",
     "id `ph-attribution-text`"),
    ("theme-config-id", '<div id="__config">{"version": {}}</div>', "<div id", "id `__config`"),
    ("attr-list-id", "## Settings {#__config}", "## Settings", "id `__config`"),
    ("theme-class", '<div class="md-dialog md-dialog--active">Sign in</div>', "<div class", "class `md-dialog`"),
    ("comment", "<!-- reviewers only -->", "<!--", "HTML comment"),
    ("cdata", "<![CDATA[ x ]]>", "<![CDATA[", "HTML comment"),
    ("processing-instruction", "<?php echo 1; ?>", "<?php", "HTML comment"),
    ("html-block", '<div>\n<iframe src="x.html"></iframe>\n</div>', "<iframe", "raw `<iframe>` tag"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0; url=https://example.org/">', "<meta",
     "raw `<meta>` tag"),
    ("off-site-form", '<form action="https://example.org/"><input name="q"></form>', "<form", "raw `<form>` tag"),
    ("tracker-image", '<img src="https://tracker.example/p.gif" alt="">', "<img", "image or media from another site"),
    ("backslash-host", '<img src="\\\\tracker.example\\p.gif" alt="">', "<img", "image or media from another site"),
    ("video-poster", '<video poster="https://example.org/p.png" controls></video>', "<video",
     "image or media from another site"),
    ("ftp-link", '<a href="ftp://example.org/x">x</a>', "<a href", "only https, http, mailto and tel"),
    ("mangled-attr-list", 'A paragraph.\n{: title="a \\"quoted\\" word" }', "{: title", "attribute `quoted"),
]

# Fence info strings and other places where the old scan and Python-Markdown disagreed. Each is either code on
# the page (and accepted) or live HTML (and refused): the check decides on what the renderer produces.
FENCE_BYPASSES = [
    ("multi-word-info", "```html run height=100\n<iframe src=\"x.html\"></iframe>\n```"),
    ("live-sample-info", "```html hidden live-sample___x\n<iframe src=\"x.html\"></iframe>\n```"),
    ("space-before-info", "``` html run\n<iframe src=\"x.html\"></iframe>\n```"),
    ("tilde-multi-word", "~~~html run\n<iframe src=\"x.html\"></iframe>\n~~~"),
    ("long-fence-multi-word", "````html run\n<iframe src=\"x.html\"></iframe>\n````"),
    ("mismatched-close", "````\n<iframe src=\"x.html\"></iframe>\n```\n\nText after."),
    ("unclosed-fence", "```\n<iframe src=\"x.html\"></iframe>"),
    ("fence-in-list", "- Step one\n\n    ```html run\n    <iframe src=\"x.html\"></iframe>\n    ```"),
    ("fence-after-html-block", "<div>\nA box.\n</div>\n```html run\n<iframe src=\"x.html\"></iframe>\n```"),
]

SAFE = [
    ("script-in-backticks-beside-html-block", '<div class="note">\nA box.\n</div>\n\nWrite `<script>` tags in a '
     "file of their own."),
    ("script-in-fence", "```html\n<script>alert(1)</script>\n```"),
    ("script-in-attribute-fence", "``` { .html }\n<script>alert(1)</script>\n```"),
    ("indented-fence-is-code", "    ```html run\n    <iframe src=\"x.html\"></iframe>\n    ```"),
    ("table-alignment", "| a | b |\n|:--|--:|\n| 1 | 2 |"),
    ("footnote", "A claim.[^1]\n\n[^1]: A source."),
    ("details", '??? note "Answer"\n    Forty-two.'),
    ("admonition", '!!! tip "Try this"\n    Draw the bar first.'),
    ("mailto-and-tel", "[Email](mailto:maths@example.org) or [call](tel:+441234567890)"),
    ("md-button", "[Start](#why){ .md-button }"),
    ("abbr", "The EEF said so.\n\n*[EEF]: Education Endowment Foundation"),
]


def write(library, snippet: str) -> str:
    text = resource_text(body=f"## Why\n\nSome text.\n\n{snippet}\n")
    library.write(RES, text)
    return text


@pytest.mark.parametrize("snippet, needle, phrase", [case[1:] for case in ATTACKS], ids=[case[0] for case in ATTACKS])
def test_an_attack_is_refused_at_its_source_line(library, snippet, needle, phrase):
    text = write(library, snippet)
    line, _ = locate(text, needle)
    errors = library.errors()
    assert any(e.startswith(f"{RES}:{line}:") and phrase in e for e in errors), "\n".join(errors)
    assert library.check().catalogue is None


@pytest.mark.parametrize("snippet", [case[1] for case in FENCE_BYPASSES], ids=[case[0] for case in FENCE_BYPASSES])
def test_a_fence_variant_is_code_or_refused_as_the_renderer_decides(library, snippet):
    text = write(library, snippet)
    live = [v for v in policy.check_content_html(Renderer().render(text.split("---\n", 2)[2]).html)
            if v.key == "element:iframe"]
    errors = [e for e in library.errors() if "raw `<iframe>` tag" in e]
    assert len(errors) == len(live)
    if live:
        line, _ = locate(text, '<iframe src="x.html">')
        assert errors[0].startswith(f"{RES}:{line}:"), errors


def test_the_multi_word_fence_of_the_issue_is_live_html_and_refused(library):
    text = write(library, FENCE_BYPASSES[0][1])
    line, col = locate(text, "<iframe")
    assert f"{RES}:{line}:{col}: error: raw `<iframe>` tag" in "\n".join(library.errors())


@pytest.mark.parametrize("snippet", [case[1] for case in SAFE], ids=[case[0] for case in SAFE])
def test_code_and_the_markdown_the_guide_uses_pass(library, snippet):
    write(library, snippet)
    assert library.lines() == []


def test_the_starter_content_uses_no_style_or_reserved_name_the_policy_refuses():
    found = []
    renderer = Renderer(read_markdown_config(REPO / "mkdocs.yml"))
    for path in sorted((REPO / "content").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        found += [(path.name, v.message) for v in policy.check_content_html(renderer.render(body).html)]
    assert found == []


def test_the_site_markdown_configuration_is_read_safely_with_env(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text(
        "site_url: !ENV [SITE_URL, 'http://x/']\nmarkdown_extensions:\n  - toc:\n      permalink: !ENV [MARK, '#']\n"
        "  - attr_list\n  - pymdownx.superfences:\n      custom_fences: []\n", encoding="utf-8")
    monkeypatch.setenv("MARK", "§")
    config = read_markdown_config(tmp_path / "mkdocs.yml")
    assert config.extensions == ("toc", "tables", "fenced_code", "attr_list", "pymdownx.superfences")
    assert config.configs["toc"] == {"permalink": "§"}
    # Any tag but !ENV and !!python/name is read as plain data: nothing is run.
    (tmp_path / "evil.yml").write_text(f"markdown_extensions: !!python/object/apply:os.system ['touch {tmp_path}/pwned']\n")
    assert read_markdown_config(tmp_path / "evil.yml").extensions[-1].startswith("touch")
    assert not (tmp_path / "pwned").exists()


def test_the_check_uses_the_configuration_it_is_given():
    """Without attr_list, `{: .x }` stays text; with it, the attribute list is applied and checked."""
    targets = LinkTargets(frozenset(), frozenset(), frozenset())
    body = "Para\n{: #__config }\n"
    found: list = []
    check_body(body, 1, "a.md", targets, lambda *a: found.append(a), MarkdownConfig.of(["md_in_html"]))
    assert found == []
    check_body(body, 1, "a.md", targets, lambda *a: found.append(a), DEFAULT_MARKDOWN)
    assert [(line, message[:16]) for line, _, message in found] == [(2, "id `__config` on")]  # the list's line


@pytest.mark.parametrize("value, kind", [
    ("javascript:x", "script"), (" JaVa\tScRiPt:x", "script"), ("java\nscript:x", "script"),
    ("\x01javascript:x", "script"), ("data:image/png;base64,AA", "script"), ("vbscript:x", "script"),
    ("https://example.org/", "other-site"), ("//example.org/x", "other-site"), ("\\\\example.org\\x", "other-site"),
    ("/about/", "absolute"), ("#part", "anchor"), ("", "anchor"), ("files/a.pdf", "relative"),
    ("a:b/c", "other-site"),
])
def test_url_kinds(value, kind):
    assert policy.url_kind(value)[0] == kind


# -- linear time ---------------------------------------------------------------------------------------------------

WORST_CASES = {
    "brace-then-spaces": lambda n: "{" + " " * (n - 1),
    "on-repeated": lambda n: "on" * (n // 2),
    "plain-text": lambda n: ("Pupils compare fractions with bars. " * (n // 36 + 1))[:n],
    "attribute-list-openers": lambda n: "{: " * (n // 3),
}
# Not listed: 200,000 `&amp;` in a row, or `<a ` repeated without a `>`. Python-Markdown itself (and CPython 3.11's
# html.parser, which it uses for raw HTML) grows faster than linearly on those, in `mkdocs build` as in the check.


def _seconds(body: str) -> float:
    targets = LinkTargets(frozenset(), frozenset(), frozenset())
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        check_body(body, 1, "a.md", targets, lambda *a: None)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("case", list(WORST_CASES))
def test_the_check_grows_linearly_with_the_body(case):
    """From 10^4 to 10^6 characters (100 times as long) a linear check takes about 100 times as long; a quadratic
    one 10,000 times. Fails beyond 400 times (a wide margin for a busy machine), not on a fixed number of seconds."""
    make = WORST_CASES[case]
    small, large = _seconds(make(10**4)), _seconds(make(10**6))
    assert large / max(small, 1e-4) < 400, (case, small, large)


def test_a_page_python_markdown_would_take_minutes_over_is_refused_within_the_limit(monkeypatch):
    # 4,000 unclosed brackets take Python-Markdown seconds to minutes (far worse than linear); the build would
    # hang on them as long. The check stops at its limit and says why, at the body's first line.
    from projecth.core.security import body_check as body_module
    monkeypatch.setattr(body_module, "CHECK_SECONDS", 0.3)
    found = []
    targets = LinkTargets(pages=frozenset(), drafts=frozenset(), files=frozenset())
    check_body("Intro.\n\n" + "[" * 4000 + "\n", 7, RES, targets, lambda *item: found.append(item))
    assert len(found) == 1
    line, col, message = found[0]
    assert (line, col) == (7, 1)
    assert "takes more than 0.3 seconds to check" in message and "unclosed brackets" in message


def test_a_normal_page_is_checked_well_within_the_limit():
    found = []
    targets = LinkTargets(pages=frozenset(), drafts=frozenset(), files=frozenset())
    check_body("# Title\n\n" + "A paragraph of ordinary text, with *emphasis*.\n\n" * 2000, 1, RES, targets,
               lambda *item: found.append(item))
    assert not [message for _, _, message in found if "seconds to check" in message]


@pytest.mark.parametrize("heading, refused", [
    ("## pH scale", False),                      # the id `ph-scale` comes from the text: a science page may say pH
    ("## pH scale\n\n## pH scale", False),       # and again (`ph-scale_1`)
    ("## Acids {#ph-attribution-text}", True),   # an id content chose, in the toolkit's names
    ('<h2 id="ph-scale">Acids</h2>', True),      # likewise in raw HTML, where the text does not give that id
    ('<div id="__config">{}</div>', True),
])
def test_reserved_ids_are_refused_only_where_content_chose_them(heading, refused):
    found = []
    targets = LinkTargets(pages=frozenset(), drafts=frozenset(), files=frozenset())
    check_body("Intro.\n\n" + heading + "\n\nText.\n", 1, RES, targets, lambda *item: found.append(item))
    assert bool([m for _, _, m in found if "reserved for the site's theme" in m]) is refused, found
