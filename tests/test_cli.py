"""The `projecth` command, run as a teacher would run it: a real process, real files."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import TAXONOMY_PATH


def projecth(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "projecth.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(library):
    """A folder with taxonomy.yml beside content/, as in a real library."""
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    return library


def test_check_passes_and_says_what_it_found(project):
    project.resource()
    result = projecth("check", "content", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no errors" in result.stderr and "1 published resource(s)" in result.stderr


def test_check_fails_listing_every_error_sorted(project):
    project.resource("networks/maths/b.md", licence="CC-BY")
    project.resource("networks/maths/a.md", key_stages="[ks9]", summary="<b>bold</b>")
    result = projecth("check", "content", cwd=project.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "content/networks/maths/a.md", "content/networks/maths/a.md", "content/networks/maths/b.md"]
    assert lines[0].startswith("content/networks/maths/a.md:3:10: error: `summary` contains an HTML tag")
    assert lines[1].startswith("content/networks/maths/a.md:7:14: error: `ks9` is not in the key stages")
    assert lines[2].startswith("content/networks/maths/b.md:13:10: error: `CC-BY` is not in the licences")
    assert "3 error(s) in 2 file(s)" in result.stderr
    assert projecth("check", "content", cwd=project.root).stdout == result.stdout


def test_warnings_are_listed_but_do_not_fail(project):
    project.resource(review_by="2020-01-01")
    result = projecth("check", "content", "--today", "2026-11-23", cwd=project.root)
    assert result.returncode == 0
    assert "content/networks/maths/bar-models.md:" in result.stdout
    assert "warning: due for review: `review_by` (2020-01-01) has passed" in result.stdout


def test_github_format_prints_annotations(project):
    project.resource(key_stages="[ks9]")
    result = projecth("check", "content", "--format", "github", cwd=project.root)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=content/networks/maths/bar-models.md,line=7,col=14,title=projecth check::`ks9` is not in")


def test_check_reports_a_broken_taxonomy(project):
    (project.root / "taxonomy.yml").write_text("phases: {}\n")
    result = projecth("check", "content", cwd=project.root)
    assert result.returncode == 1
    assert "taxonomy.yml:1:9: error: section `phases` must map each slug to a label" in result.stdout


def test_new_resource_passes_check_unchanged(project):
    result = projecth("new", "resource", "--network", "reading", "--title", "Phonics: keeping up, not catching up",
                      cwd=project.root)
    assert result.returncode == 0, result.stderr
    written = project.root / result.stdout.strip()
    assert result.stdout.strip() == "content/networks/reading/phonics-keeping-up-not-catching-up.md"
    text = written.read_text()
    assert 'title: "Phonics: keeping up, not catching up"' in text
    assert "status: draft" in text
    # every field of the model is there, filled or shown commented with what it is for
    for field in ("summary:", "network: reading", "key_stages:", "# year_groups:", "# attachments:", "licence:"):
        assert field in text
    check = projecth("check", "content", cwd=project.root)
    assert check.returncode == 0, check.stdout
    assert "0 published resource(s), 1 draft(s)" in check.stderr


def test_new_resource_refuses_unknown_network_bad_title_and_overwrite(project):
    unknown = projecth("new", "resource", "--network", "math", "--title", "Ratio", cwd=project.root)
    assert unknown.returncode == 2 and "Did you mean `maths`?" in unknown.stderr
    markup = projecth("new", "resource", "--network", "maths", "--title", "<b>Ratio</b>", cwd=project.root)
    assert markup.returncode == 2 and "HTML tag" in markup.stderr
    assert projecth("new", "resource", "--network", "maths", "--title", "Ratio", cwd=project.root).returncode == 0
    again = projecth("new", "resource", "--network", "maths", "--title", "Ratio", cwd=project.root)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_console_script_is_installed():
    path = shutil.which("projecth")
    assert path, "pip install registers the `projecth` command"
    result = subprocess.run([path, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "check" in result.stdout and "new" in result.stdout
