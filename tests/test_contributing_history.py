"""Last-updated dates from one `git log`, with fallbacks outside git, and "Suggest a change" links."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess

import pytest

from projecth.core.library.history import edit_url, git_last_changed, last_changed, parse_git_log
from test_build import build_site, read

REPO_EDIT = "https://github.com/lift-schools/project-h/edit/main/content/"


@pytest.fixture(autouse=True)
def no_enclosing_repository(tmp_path, monkeypatch):
    """Git must not find a repository above tmp_path: each test decides whether there is one."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def git(root, *args: str, date: str | None = None) -> None:
    env = dict(os.environ)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=root, env=env, check=True, capture_output=True)


def history_line(page: str) -> str:
    """The page's history line, as text and links without the layout's markup."""
    block = page.split('<div class="md-source-file ph-history">', 1)[1].split("</div>", 1)[0]
    return " · ".join(part.strip() for part in re.findall(r'<span class="md-source-file__fact[^"]*">(.*?)</span>',
                                                         block, re.S))


def key_facts(page: str) -> str:
    """The resource page's row of key facts (with its one date)."""
    return page.split('class="ph-chips ph-facts"', 1)[1].split("</ul>", 1)[0]


def test_parse_git_log_keeps_each_files_newest_date():
    output = ("\x1e2025-08-01T09:00:00+01:00\n\nnetworks/maths/b.md\n"
              "\x1e2025-06-15T10:00:00+00:00\n\nnetworks/maths/a.md\nnetworks/maths/b.md\nabout.md\n"
              "\x1e2025-09-09T10:00:00+00:00\n\nnetworks/maths/a.md\n")  # an older commit with a later date
    assert parse_git_log(output) == {
        "networks/maths/a.md": dt.date(2025, 9, 9),
        "networks/maths/b.md": dt.date(2025, 8, 1),
        "about.md": dt.date(2025, 6, 15),
    }
    assert parse_git_log("") == {}


def test_git_dates_from_a_real_repository(tmp_path):
    content = tmp_path / "content"
    (content / "sub").mkdir(parents=True)
    (content / "a.md").write_text("a\n")
    (content / "sub" / "b.md").write_text("b\n")
    (tmp_path / "outside.md").write_text("not content\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first", date="2025-06-15T10:00:00+00:00")
    (content / "sub" / "b.md").write_text("b, changed\n")
    git(tmp_path, "commit", "-q", "-am", "second", date="2025-08-01T10:00:00+00:00")
    (content / "new.md").write_text("not committed\n")
    assert git_last_changed(content) == {"a.md": dt.date(2025, 6, 15), "sub/b.md": dt.date(2025, 8, 1)}


def test_outside_git_or_without_git_there_are_no_git_dates(tmp_path):
    assert git_last_changed(tmp_path) is None

    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")

    assert git_last_changed(tmp_path, run=no_git) is None


def test_last_changed_prefers_git_then_the_pages_own_date_then_the_file(tmp_path):
    for name in ("in-git.md", "own-date.md", "neither.md"):
        (tmp_path / name).write_text("x\n")
    os.utime(tmp_path / "neither.md", (dt.datetime(2024, 5, 6, 12).timestamp(),) * 2)
    dates = last_changed(["in-git.md", "own-date.md", "neither.md", "gone.md"],
                         {"in-git.md": dt.date(2025, 1, 2)},
                         {"in-git.md": dt.date(2020, 1, 1), "own-date.md": dt.date(2023, 3, 4)}, tmp_path)
    assert dates == {"in-git.md": dt.date(2025, 1, 2), "own-date.md": dt.date(2023, 3, 4),
                     "neither.md": dt.date(2024, 5, 6)}


def test_edit_url_follows_mkdocs_rules():
    repo = "https://github.com/lift-schools/project-h"
    assert edit_url("networks/maths/a.md", repo, "edit/main/content/") == REPO_EDIT + "networks/maths/a.md"
    assert edit_url("a.md", repo + "/", "edit/main/content") == REPO_EDIT + "a.md"
    assert edit_url("a.md", repo, None, "blob/main/content/{path_noext}.md?plain=1") == (
        repo + "/blob/main/content/a.md?plain=1")
    assert edit_url("a.md", None, "https://example.org/edit/") == "https://example.org/edit/a.md"
    assert edit_url("a.md", repo, None) is None
    assert edit_url("a.md", None, "edit/main/") is None


def test_build_in_a_git_checkout_dates_pages_with_one_git_call(site, monkeypatch):
    site.resource("networks/maths/a.md", title="Resource A", published="2025-01-10")
    site.resource("networks/maths/b.md", title="Resource B", published="2025-01-10")
    git(site.root, "init", "-q")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "first", date="2025-06-15T10:00:00+00:00")
    site.resource("networks/maths/b.md", title="Resource B, revised", published="2025-01-10")
    git(site.root, "commit", "-q", "-am", "second", date="2025-08-01T10:00:00+00:00")
    site.resource("networks/maths/c.md", title="Resource C", published="2025-02-02", updated="2025-03-03")

    git_calls = []
    real_run = subprocess.run

    def counting_run(args, *rest, **kwargs):
        if args and args[0] == "git":
            git_calls.append(args)
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    out = build_site(site.root)
    assert len(git_calls) == 1, git_calls  # one `git log` for the whole library, not one per file

    # A resource page shows one date, its own (`updated`, else `published`, among its key facts), not its file's
    # last commit as a second one (issue 17): its history line is where to suggest a change.
    a = read(out, "networks/maths/a/index.html")
    assert history_line(a) == f'<a href="{REPO_EDIT}networks/maths/a.md" rel="nofollow">Suggest a change</a>'
    assert 'Published <time datetime="2025-01-10">10 January 2025</time>' in key_facts(a)
    b = read(out, "networks/maths/b/index.html")
    assert "1 August 2025" not in b and "10 January 2025" in key_facts(b)
    assert 'Updated <time datetime="2025-03-03">3 March 2025</time>' in key_facts(read(out, "networks/maths/c/index.html"))
    about = read(out, "about/index.html")
    assert f'<a href="{REPO_EDIT}about.md" rel="nofollow">Suggest a change</a>' in history_line(about)
    assert "15 June 2025" in history_line(about)


def test_build_outside_git_uses_the_pages_own_dates(site):
    site.resource("networks/maths/a.md", title="Resource A", published="2025-01-10")
    site.resource("networks/maths/b.md", title="Resource B", published="2025-01-10", updated="2025-04-05")
    os.utime(site.content / "about.md", (dt.datetime(2024, 5, 6, 12).timestamp(),) * 2)
    out = build_site(site.root)
    assert "10 January 2025" in key_facts(read(out, "networks/maths/a/index.html"))
    assert "Updated <time datetime=\"2025-04-05\">5 April 2025</time>" in key_facts(read(out, "networks/maths/b/index.html"))
    assert '<time datetime="2024-05-06">6 May 2024</time>' in history_line(read(out, "about/index.html"))
    # The history line is under the resource's title, before its summary.
    page = read(out, "networks/maths/a/index.html")
    assert page.index("<h1") < page.index('ph-history"') < page.index('class="ph-summary"')
    # Generated pages made from many files have none; nor has the home page.
    for generated in ("subjects/maths/index.html", "networks/maths/index.html", "library/index.html", "index.html"):
        assert 'ph-history"' not in read(out, generated), generated


def test_generated_curriculum_pages_point_at_their_entitlement_file(site):
    from test_build_curriculum import ENTITLEMENT, NEW_ONLY_UNIT

    site.write("entitlements/maths/secondary/2025-26.md", ENTITLEMENT.format(
        version="2025-26", valid_from="2025-09-01", fractions_title="Fractions", extra_unit=NEW_ONLY_UNIT))
    out = build_site(site.root)
    source = f'<a href="{REPO_EDIT}entitlements/maths/secondary/2025-26.md" rel="nofollow">Suggest a change</a>'
    for page in ("entitlements/maths/secondary/2025-26/index.html", "entitlements/maths/secondary/index.html",
                 "entitlements/maths/secondary/units/y7-ratio/index.html"):
        assert source in history_line(read(out, page)), page
    assert 'ph-history"' not in read(out, "entitlements/maths/secondary/coverage/index.html")
