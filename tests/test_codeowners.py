"""CODEOWNERS generated from taxonomy.yml, and `projecth codeowners --check`."""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, TAXONOMY_PATH
from projecth.cli import main
from projecth.core.authoring.codeowners import DEFAULT_MAINTAINERS, MAINTAINER_PATHS, render_codeowners
from projecth.core.model.taxonomy import load_taxonomy

MAINTAINERS = DEFAULT_MAINTAINERS[0]


def owners_of(codeowners: str, path: str) -> list[str]:
    """GitHub's rule for the patterns the generator writes: the last matching line wins."""
    owners: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *who = line.split()
        if pattern == "*":
            matched = True
        elif pattern.endswith("/"):
            matched = ("/" + path).startswith(pattern)
        else:
            matched = fnmatch.fnmatchcase("/" + path, pattern)
        if matched:
            owners = who
    return owners


@pytest.fixture
def repo(tmp_path):
    """A repository root with the project's taxonomy and no CODEOWNERS yet."""
    shutil.copy(TAXONOMY_PATH, tmp_path / "taxonomy.yml")
    (tmp_path / "content").mkdir()
    return tmp_path


def run(repo, monkeypatch, *args: str) -> int:
    monkeypatch.chdir(repo)
    return main(["codeowners", *args])


def set_team(repo, network: str, team: str | None) -> None:
    """Edit one network's `team` line in the copied taxonomy (None removes it)."""
    text = (repo / "taxonomy.yml").read_text()
    old = f'    team: "@lift-schools/{network}-network"\n'
    assert old in text
    (repo / "taxonomy.yml").write_text(text.replace(old, f'    team: "{team}"\n' if team else ""))


def test_each_network_owns_its_folder_and_maintainers_own_the_code(taxonomy):
    text = render_codeowners(taxonomy).text
    assert owners_of(text, "content/networks/maths/ratio.md") == ["@lift-schools/maths-network"]
    assert owners_of(text, "content/networks/maths/files/record.csv") == ["@lift-schools/maths-network"]
    assert owners_of(text, "content/networks/attendance/x.md") == ["@lift-schools/attendance-network"]
    # Entitlements: the subject network whose subjects include the subject (a leadership group does not count).
    assert owners_of(text, "content/entitlements/english/primary/2025-26.md") == ["@lift-schools/english-network"]
    assert owners_of(text, "content/entitlements/mathematics-eyfs/early-years/2025-26.md") == [
        "@lift-schools/maths-network"]
    assert owners_of(text, "content/entitlements/communication-and-language/early-years/2025-26.md") == [
        MAINTAINERS]
    # Everything that runs code in CI, and CODEOWNERS itself: the maintainers only.
    for path in ("mkdocs.yml", "hooks/lift490.py", "plugins/mkdocs_library.py", "overrides/main.html",
                 ".github/workflows/checks.yml", ".github/CODEOWNERS", "pyproject.toml", "taxonomy.yml",
                 "content/case-studies/x.md", "content/index.md", "README.md"):
        assert owners_of(text, path) == [MAINTAINERS], path


def test_maintainer_lines_come_last_so_nothing_can_take_the_code():
    text = render_codeowners(load_taxonomy(TAXONOMY_PATH)[0]).text
    rules = [line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert rules[-len(MAINTAINER_PATHS):] == list(MAINTAINER_PATHS)
    assert {"/mkdocs.yml", "/hooks/", "/plugins/", "/overrides/", "/.github/", "/.github/CODEOWNERS"} <= set(
        MAINTAINER_PATHS)


def test_the_committed_codeowners_is_up_to_date():
    result = subprocess.run([sys.executable, "-m", "projecth.cli", "codeowners", "--check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "is up to date" in result.stderr


def test_check_fails_when_out_of_date_and_writing_fixes_it(repo, monkeypatch, capsys):
    assert run(repo, monkeypatch, "--check") == 1
    assert "does not exist" in capsys.readouterr().err
    assert run(repo, monkeypatch) == 0
    written = (repo / ".github/CODEOWNERS").read_text()
    assert "/content/networks/maths/ @lift-schools/maths-network" in written
    assert run(repo, monkeypatch, "--check") == 0

    set_team(repo, "maths", "@lift-schools/numeracy")
    capsys.readouterr()
    assert run(repo, monkeypatch, "--check") == 1
    err = capsys.readouterr().err
    assert "-/content/networks/maths/ @lift-schools/maths-network" in err
    assert "+/content/networks/maths/ @lift-schools/numeracy" in err
    assert "out of date with taxonomy.yml; run `projecth codeowners`" in err
    assert (repo / ".github/CODEOWNERS").read_text() == written  # --check writes nothing
    assert run(repo, monkeypatch) == 0
    assert run(repo, monkeypatch, "--check") == 0


def test_a_network_without_a_team_is_left_to_the_maintainers(repo, monkeypatch, capsys):
    set_team(repo, "reading", None)
    assert run(repo, monkeypatch) == 0
    assert "network `reading` has no `team`" in capsys.readouterr().err
    text = (repo / ".github/CODEOWNERS").read_text()
    assert owners_of(text, "content/networks/reading/phonics.md") == [MAINTAINERS]
    assert "# /content/networks/reading/ has no `team` in taxonomy.yml" in text


def test_a_team_that_is_not_a_github_owner_is_reported(repo, monkeypatch, capsys):
    set_team(repo, "maths", "maths network")
    assert run(repo, monkeypatch) == 1
    assert "network `maths` has team `maths network`, which is not a GitHub team" in capsys.readouterr().err
    assert owners_of((repo / ".github/CODEOWNERS").read_text(), "content/networks/maths/x.md") == [MAINTAINERS]


def test_the_maintainers_can_be_given(repo, monkeypatch, capsys):
    assert run(repo, monkeypatch, "--maintainers", "@trust/web-team", "@trust-admin") == 0
    text = (repo / ".github/CODEOWNERS").read_text()
    assert "* @trust/web-team @trust-admin" in text
    assert owners_of(text, "plugins/x.py") == ["@trust/web-team", "@trust-admin"]
    with pytest.raises(SystemExit):
        run(repo, monkeypatch, "--maintainers", "not an owner")
    assert "not a GitHub team" in capsys.readouterr().err
