"""`projecth check` on a folder of pages from elsewhere: one message per page that is not yet this library's,
each file's problems together and the most useful first, and a summary line of counts."""

from __future__ import annotations

import shutil

import pytest

from assertions import projecth
from conftest import TAXONOMY_PATH, VALID_BODY, resource_text
from projecth.core.authoring.check_report import readable, summarise
from projecth.core.reading.diagnostics import ERROR, WARNING, Diagnostic

EPISODE = "---\ntitle: Loops\nteaching: 40\nexercises: 10\n---\n\n::: challenge\nCount.\n:::\n\n{{ page.root }}\n"


@pytest.fixture
def project(library):
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    return library


def test_a_foreign_page_gets_one_message_that_says_what_to_run(project):
    project.write("networks/maths/loops.md", EPISODE)
    result = projecth("check", "content", cwd=project.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    line = lines[0]
    assert line.startswith("content/networks/maths/loops.md:1:1: error: this is not yet a page of this library: ")
    assert "`summary`" in line and "`teaching`" in line and "`exercises`" in line
    assert "run `projecth new resource --from content/networks/maths/loops.md --network maths`" in line
    assert "2 piece(s) of another library's syntax, which MkDocs would show as text" in line
    # the GitHub annotations stay one per finding
    github = projecth("check", "content", "--format", "github", cwd=project.root)
    assert len(github.stdout.splitlines()) > 5
    assert all(line.startswith("::error file=content/networks/maths/loops.md") for line in github.stdout.splitlines())


def test_a_page_without_front_matter_gets_one_message(project):
    project.write("networks/maths/notes.md", "## Notes\n\nSome notes.\n")
    project.write("handbook.md", "## Handbook\n\n> [!NOTE]\n> Read me.\n")
    result = projecth("check", "content", cwd=project.root)
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith("content/handbook.md:1:1: error: this is not yet a page of this library: it has no "
                               "front matter. To start, add front matter at the top")
    assert "run `projecth convert content/handbook.md`" in lines[0]
    assert lines[1].startswith("content/networks/maths/notes.md:1:1: error: this is not yet a page")
    assert "projecth new resource --from content/networks/maths/notes.md --network maths" in lines[1]


def test_a_file_missing_one_field_is_reported_as_before(project):
    project.write("networks/maths/a.md", resource_text(summary=None))
    lines = projecth("check", "content", cwd=project.root).stdout.splitlines()
    assert len(lines) == 1 and "missing required field `summary`" in lines[0]


def test_summary_line_counts_files_errors_and_warnings(project):
    project.resource("networks/maths/a.md", key_stages="[ks9]")
    project.resource("networks/maths/b.md", review_by="2020-01-01")
    project.resource("networks/maths/c.md")
    result = projecth("check", "content", "--today", "2026-11-23", cwd=project.root)
    assert "projecth check: 3 file(s) checked; 1 error(s) in 1 file(s), 1 warning(s)" in result.stderr
    passing = projecth("check", "content", "--today", "2026-11-23", cwd=project.root)
    assert passing.returncode == 1
    (project.content / "networks/maths/a.md").write_text(resource_text(VALID_BODY))
    ok = projecth("check", "content", "--today", "2026-11-23", cwd=project.root)
    assert ok.returncode == 0 and "3 file(s) checked; no errors, 1 warning(s)" in ok.stderr


def test_in_each_file_errors_come_before_warnings():
    items = [Diagnostic("a.md", 2, 1, WARNING, "due for review"), Diagnostic("a.md", 9, 1, ERROR, "broken link"),
             Diagnostic("b.md", 1, 1, ERROR, "bad"), Diagnostic("a.md", 5, 1, ERROR, "bad value")]
    ordered = readable(items)
    assert [(d.path, d.line) for d in ordered] == [("a.md", 5), ("a.md", 9), ("a.md", 2), ("b.md", 1)]
    summary = summarise(ordered, files_checked=4)
    assert (summary.files_checked, summary.files_with_errors, summary.errors, summary.warnings) == (4, 2, 3, 1)


def test_a_page_link_without_md_says_what_to_write_and_a_bad_name_names_the_fix(project):
    project.resource("networks/maths/a.md", body=VALID_BODY + "\nSee [b](b).\n")
    project.resource("networks/maths/b.md")
    project.write("networks/maths/Bar Photo.png", b"\x89PNG\r\n")
    lines = projecth("check", "content", cwd=project.root).stdout.splitlines()
    link = next(line for line in lines if line.startswith("content/networks/maths/a.md:"))
    assert "page link `b` without `.md`: write `b.md`" in link and "points to a folder" not in link
    name = next(line for line in lines if "Bar Photo.png" in line)
    assert "(`projecth fix` renames it and corrects every link to it)" in name
