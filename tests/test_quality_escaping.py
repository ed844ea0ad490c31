"""Plain-text front-matter values (titles, summaries, authors, tags) are escaped wherever a template uses them: every
built page that shows them holds them as text, and attributes (the meta description) keep them whole."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from projecth.core.security.site_audit import audit_site

TITLE = "Fish & chips: \"best\" 1 < 2 'quoted'"
SUMMARY = "Tom & Jerry say \"hi\" > 'bye' when 3 < 4 and a=b."
AUTHOR = "O'Brien & Sons"
TAG = "r&d"


class RawText(HTMLParser):
    """Finds `&` and `<` left unescaped in text, with the element they are in (charrefs are not converted, so an
    escaped `&amp;` arrives as an entity, and a raw `&` or `<` as data)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.raw: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        self.stack.append(f"{tag}.{classes}")

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop().split(".", 1)[0] == tag:
                break

    def handle_data(self, data):
        inside = self.stack[-1] if self.stack else ""
        if not inside.startswith("script") and ("&" in data or "<" in data):
            self.raw.append((" > ".join(self.stack), data.strip()))


# Material's own partials that print a page's title without escaping it: the navigation (nav-item.html), the
# previous/next links (footer.html) and the page heading (content.html). The content check refuses markup in titles,
# so what reaches them is `&` or `<` followed by a space, which browsers read as text; the rest is escaped.
MATERIAL_RAW = re.compile(r"(^| > )(nav\.md-nav|footer\.md-footer|h1\.)")


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.descriptions: list[str] = []
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.descriptions.append(values.get("content") or "")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data)

    def handle_endtag(self, tag):
        self._in_title = False


def test_special_characters_in_front_matter_are_escaped_on_every_page(site):
    quoted = TITLE.replace("'", "''")
    site.resource(title=f"'{quoted}'", summary=f"'{SUMMARY.replace(chr(39), chr(39) * 2)}'",
                  authors=f"[\"{AUTHOR}\"]", tags=f"[{TAG}]")
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "site"), strict=True)
    build(config)
    site_dir = Path(config.site_dir)
    # The audit with the rules this build used (the exact scripts the theme and the toolkit published).
    assert audit_site(site_dir, rules=config.plugins["projecth"].audit.rules).findings == []
    pages = 0
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "chips" not in text:
            continue
        pages += 1
        # Data blocks (JSON-LD, Material's config) are JSON, not HTML: only text and attributes matter.
        finder = RawText()
        finder.feed(text)
        unescaped = [(where, data) for where, data in finder.raw if not MATERIAL_RAW.search(where)]
        assert unescaped == [], f"{path.relative_to(site_dir)} holds text unescaped"
        assert "content=\"Tom & Jerry" not in text
    assert pages >= 3  # the resource, its hubs, the A to Z
    page = Collector()
    page.feed((site_dir / "networks/maths/bar-models/index.html").read_text(encoding="utf-8"))
    assert page.descriptions == [SUMMARY]
    assert any(TITLE in title for title in page.titles)
