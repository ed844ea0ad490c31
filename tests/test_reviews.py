"""Review dates: the verdict per resource, `projecth report reviews`, and the page's "due for review" notice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import shutil

import pytest

from conftest import TAXONOMY_PATH, TODAY
from projecth.cli import main
from projecth.core.library.reviews import NO_DATE, OVERDUE, UPCOMING, review_of, reviews_by_network
from test_build import build_site, read


def add_reviews(library) -> None:
    """Overdue, upcoming, later and no review date, across two networks (TODAY is 2026-11-23)."""
    library.resource("networks/maths/overdue-long.md", title="Long overdue", review_by="2025-01-31")
    library.resource("networks/maths/overdue-yesterday.md", title="Overdue since yesterday", review_by="2026-11-22")
    library.resource("networks/maths/due-today.md", title="Due today", review_by="2026-11-23")
    library.resource("networks/maths/due-soon.md", title="Due soon", review_by="2027-01-10")
    library.resource("networks/maths/due-later.md", title="Due later", review_by="2028-09-01")
    library.resource("networks/maths/no-date.md", title="No review date")
    library.resource("networks/english/english-overdue.md", title="English overdue", network="english",
                     subjects="[english]", authors="[Lift Schools English network]", review_by="2026-03-01")


@pytest.fixture
def reviewed(library):
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    add_reviews(library)
    return library


def report(library, monkeypatch, capsys, *args: str) -> str:
    monkeypatch.chdir(library.root)
    assert main(["report", "reviews", "content", "--today", TODAY.isoformat(), *args]) == 0
    return capsys.readouterr().out


def test_review_status_boundaries(library):
    library.resource(review_by="2026-11-23")
    resource = library.check().catalogue.resources[0]
    assert review_of(resource, TODAY).status == UPCOMING  # due today is not yet late
    assert review_of(resource, TODAY + dt.timedelta(days=1)).status == OVERDUE
    assert review_of(resource, TODAY + dt.timedelta(days=1)).days == -1
    assert review_of(resource, TODAY - dt.timedelta(days=91)).status == "later"  # beyond the 90-day horizon
    assert review_of(resource, TODAY - dt.timedelta(days=90)).status == UPCOMING


def test_grouped_by_network_in_taxonomy_order_oldest_first(reviewed, taxonomy):
    catalogue = reviewed.check().catalogue
    groups = reviews_by_network(catalogue.resources, taxonomy, TODAY)
    assert [g.network.slug for g in groups] == taxonomy.networks.slugs()  # every network, even with nothing due
    maths = next(g for g in groups if g.network.slug == "maths")
    assert [r.resource.title for r in maths.overdue] == ["Long overdue", "Overdue since yesterday"]
    assert [r.resource.title for r in maths.upcoming] == ["Due today", "Due soon"]
    assert [r.resource.title for r in maths.later] == ["Due later"]
    assert [r.resource.title for r in maths.no_date] == ["No review date"]
    assert [r.status for r in maths.no_date] == [NO_DATE]
    reading = next(g for g in groups if g.network.slug == "reading")
    assert not (reading.overdue or reading.upcoming or reading.later or reading.no_date)


def test_text_report(reviewed, monkeypatch, capsys):
    lines = report(reviewed, monkeypatch, capsys).splitlines()
    assert lines[0] == "Reviews on 2026-11-23: overdue, and due in the next 90 days, by network group"
    maths = lines.index("Maths network: 2 overdue, 2 due in the next 90 days, 1 later, 1 without a review date")
    assert lines[maths + 1:maths + 6] == [
        "  OVERDUE  2025-01-31 (661 days overdue) networks/maths/overdue-long: Long overdue",
        "  OVERDUE  2026-11-22 (1 day overdue) networks/maths/overdue-yesterday: Overdue since yesterday",
        "  upcoming 2026-11-23 (due today) networks/maths/due-today: Due today",
        "  upcoming 2027-01-10 (due in 48 days) networks/maths/due-soon: Due soon",
        "  no date  networks/maths/no-date: No review date",
    ]
    assert "Due later" not in "\n".join(lines)  # counted, not listed
    assert "English network: 1 overdue, 0 due in the next 90 days, 0 later, 0 without a review date" in lines
    assert "Reading network: 0 overdue, 0 due in the next 90 days, 0 later, 0 without a review date" in lines


def test_csv_report(reviewed, monkeypatch, capsys):
    rows = list(csv.DictReader(io.StringIO(report(reviewed, monkeypatch, capsys, "--format", "csv"))))
    assert [(r["network"], r["status"], r["resource"]) for r in rows] == [
        ("english", "overdue", "networks/english/english-overdue"),
        ("maths", "overdue", "networks/maths/overdue-long"),
        ("maths", "overdue", "networks/maths/overdue-yesterday"),
        ("maths", "upcoming", "networks/maths/due-today"),
        ("maths", "upcoming", "networks/maths/due-soon"),
        ("maths", "none", "networks/maths/no-date"),
    ]
    assert rows[1]["days"] == "-661" and rows[1]["review_by"] == "2025-01-31"
    assert rows[-1]["days"] == "" and rows[-1]["review_by"] == ""


def test_markdown_report_and_a_wider_horizon(reviewed, monkeypatch, capsys):
    markdown = report(reviewed, monkeypatch, capsys, "--format", "markdown", "--within", "1000")
    assert "| Maths network | 2 | 3 | 0 | 1 |" in markdown
    assert "| **overdue** | 2025-01-31 (661 days overdue) | Long overdue (`networks/maths/overdue-long`) |" in markdown
    assert "| upcoming | 2028-09-01 (due in 648 days) | Due later (`networks/maths/due-later`) |" in markdown
    assert "## Reading network" not in markdown  # nothing to list


def test_report_with_no_review_dates_at_all(library, monkeypatch, capsys):
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    library.resource()
    out = report(library, monkeypatch, capsys)
    assert "Maths network: 0 overdue, 0 due in the next 90 days, 0 later, 1 without a review date" in out
    assert "OVERDUE" not in out and "upcoming" not in out


def test_review_dates_on_the_built_pages_and_a_strict_build_still_passes(site, caplog):
    site.resource("networks/maths/old.md", title="Old guidance", review_by="2020-01-31")
    site.resource("networks/maths/fresh.md", title="Fresh guidance", review_by="2099-01-31")
    site.resource("networks/maths/undated.md", title="Undated guidance")
    with caplog.at_level(logging.INFO):
        out = build_site(site.root)  # strict: a passed review date warns, never fails
    old = read(out, "networks/maths/old/index.html")
    notice = old.split('<div class="admonition warning ph-review-due" role="note">', 1)[1].split("</div>", 1)[0]
    assert "Due for review" in notice
    assert 'review this resource by <time datetime="2020-01-31">31 January 2020</time>' in notice
    assert old.index("ph-review-due") < old.index('class="ph-summary"')  # right under the title
    for page in ("networks/maths/fresh/index.html", "networks/maths/undated/index.html"):
        assert "ph-review-due" not in read(out, page)
    messages = [record.getMessage() for record in caplog.records]
    assert any("due for review: `review_by` (2020-01-31) has passed" in m for m in messages)
    assert any("1 resource(s) are due for review" in m for m in messages)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and "review" in r.getMessage()]
