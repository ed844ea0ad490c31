"""The accessibility statement (content/accessibility.md) and the accessibility of each download on resource pages."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO

STATEMENT = REPO / "content" / "accessibility.md"


def test_the_statement_has_the_sections_the_regulations_expect():
    text = STATEMENT.read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+)$", text, re.MULTILINE)
    for expected in ("How accessible this website is", "Feedback and contact information",
                     "Reporting accessibility problems with this website", "Enforcement procedure",
                     "Compliance status", "Non-accessible content", "Preparation of this accessibility statement"):
        assert expected in headings
    assert re.search(r"is (fully|partially|not) compliant with", text)
    assert "Equality Advisory and Support Service" in text and "Equality and Human Rights Commission" in text
    assert "WCAG" in text or "Web Content Accessibility Guidelines version 2.2" in text


def test_the_statement_says_when_the_site_was_last_tested_and_it_is_not_in_the_future():
    text = STATEMENT.read_text(encoding="utf-8")
    match = re.search(r"last tested on (\d{1,2} [A-Z][a-z]+ \d{4})", text)
    assert match, "the statement must give the date of the last test"
    tested = dt.datetime.strptime(match.group(1), "%d %B %Y").date()
    assert tested <= dt.date.today()


def test_the_statement_is_in_the_navigation():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert {"Accessibility": "accessibility.md"} in config["nav"]


def test_each_download_says_whether_it_is_accessible(site):
    for name in ("checked.csv", "unchecked.csv", "notes.csv"):
        site.write(f"networks/maths/files/{name}", "a,b\n1,2\n")
    site.resource(attachments=(
        "[{path: files/checked.csv, title: Checked file, accessible: true}, "
        "{path: files/unchecked.csv, title: Old file, accessible: false, "
        "accessibility_note: 'Charts 1 < 2 & 3 have no \"text\" yet.'}, "
        "{path: files/notes.csv, title: Notes}]"))
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "site"), strict=True)
    build(config)
    page = (Path(config.site_dir) / "networks/maths/bar-models/index.html").read_text(encoding="utf-8")
    items = {html.unescape(re.sub(r"<[^>]+>", "", item)).split(")", 1)[0].split(" (")[0]: html.unescape(
        re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li><a href=\"[^\"]*\" download>.*?</li>", page, re.S)}
    assert "Checked for accessibility." in items["Checked file"]
    assert "May not be accessible." in items["Old file"]
    assert "Charts 1 < 2 & 3 have no \"text\" yet." in items["Old file"]
    assert "Charts 1 &lt; 2 &amp; 3" in page  # the note is escaped
    assert "Not yet checked for accessibility." in items["Notes"]


def test_an_accessible_flag_must_be_true_or_false(library):
    library.write("networks/maths/files/a.csv", "a\n")
    library.resource(attachments="[{path: files/a.csv, title: A, accessible: maybe}]")
    errors = library.errors()
    assert len(errors) == 1 and "accessible" in errors[0]
    assert library.check().catalogue is None
