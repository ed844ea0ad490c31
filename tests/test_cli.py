"""The `projecth` command, run as a teacher would run it: a real process, real files."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from assertions import projecth
from conftest import TAXONOMY_PATH




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


def test_report_coverage_in_text_csv_and_markdown(project):
    from test_build_curriculum import ENTITLEMENT, NEW_ONLY_UNIT

    project.write("entitlements/maths/secondary/2025-26.md", ENTITLEMENT.format(
        version="2025-26", valid_from="2025-09-01", fractions_title="Fractions", extra_unit=NEW_ONLY_UNIT))
    project.resource("networks/maths/ratio.md", phases="[secondary]", key_stages="[ks3]", year_groups="[year-7]",
                     units="[maths/secondary/y7-ratio]")
    text = projecth("report", "coverage", "content", cwd=project.root)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Maths (secondary) curriculum entitlement, 2025-26: 1 of 3 units have resources (33%)"
    assert "  entitlement proportional-reasoning: 1 of 2 units covered" in lines
    assert "  GAP     maths/secondary/y8-equations (year-8): Linear equations; no resources" in lines
    assert "  covered maths/secondary/y7-ratio (year-7): Ratio and proportion; 1 resource(s)" in lines

    csv_out = projecth("report", "coverage", "content", "--format", "csv", cwd=project.root).stdout.splitlines()
    assert csv_out[0] == "entitlement,version,year_group,unit,title,entitlements,resources,covered"
    assert ("maths/secondary,2025-26,year-7,maths/secondary/y7-ratio,Ratio and proportion,proportional-reasoning,"
            "networks/maths/ratio,yes") in csv_out
    assert len(csv_out) == 4

    markdown = projecth("report", "coverage", "content", "--format", "markdown", cwd=project.root).stdout
    assert "| maths/secondary | 2025-26 | 3 | 1 | 2 | 33% |" in markdown
    assert "| year-8 | Linear equations (`maths/secondary/y8-equations`) | **gap** |" in markdown


def test_report_refuses_a_library_with_errors(project):
    project.resource(units="[maths/secondary/y7-nothing]")
    result = projecth("report", "coverage", "content", cwd=project.root)
    assert result.returncode == 1
    assert "unknown unit `maths/secondary/y7-nothing`" in result.stderr
