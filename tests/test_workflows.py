"""The GitHub files: workflows that parse, run on the right events with the least permissions and call
commands that exist; the pull request template; and the issue form, whose networks follow taxonomy.yml."""

from __future__ import annotations

import shlex
import subprocess

import click
import pytest
import yaml
from mkdocs.__main__ import cli as mkdocs_cli

from conftest import REPO
from projecth.cli import build_parser

GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean true.
    on = workflow.get("on", workflow.get(True))
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(workflow: dict) -> list[list[str]]:
    """Each command line of every `run:` script, split as the shell would (comments and blank lines left out)."""
    found = []
    for step in steps(workflow):
        for line in step.get("run", "").splitlines():
            line = line.strip()
            if line and not line.startswith("#") and not line.startswith(("{", "}", "echo")):
                found.append(shlex.split(line, comments=True))
    return found


def step_using(workflow: dict, action: str) -> dict:
    return next(step for step in steps(workflow) if step.get("uses", "").startswith(action + "@"))


@pytest.fixture(scope="module")
def checks() -> dict:
    return load("checks.yml")


@pytest.fixture(scope="module")
def publish() -> dict:
    return load("publish.yml")


def test_every_workflow_parses_and_never_runs_on_pull_request_target():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {"checks.yml", "publish.yml"} <= {f.name for f in files}
    for path in files:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["name"] and workflow["jobs"]
        assert "pull_request_target" not in triggers(workflow)
        code = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
        assert not [line for line in code if "pull_request_target" in line], path.name
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for step in steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False  # no token left behind for later steps
                assert step["with"]["fetch-depth"] == 0  # git history for "Last updated"


def test_checks_run_on_pull_requests_with_read_only_permissions(checks):
    assert set(triggers(checks)) == {"pull_request"}
    for job in checks["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}


def test_checks_call_the_check_the_build_and_the_tests(checks):
    lines = [" ".join(command) for command in commands(checks)]
    assert "projecth check content --format github" in lines
    assert "projecth codeowners --check" in lines
    assert "mkdocs build --strict --site-dir site" in lines
    assert any(line.startswith("bash scripts/test") for line in lines)
    order = [next(i for i, line in enumerate(lines) if line.startswith(prefix))
             for prefix in ("python -m pip install", "projecth check", "mkdocs build", "bash scripts/test")]
    assert order == sorted(order)
    upload = step_using(checks, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site" and upload["with"]["name"] == "site-preview"


def test_publish_builds_main_reproducibly_and_deploys_with_pages_permissions_only(publish):
    on = triggers(publish)
    assert on["push"] == {"branches": ["main"]}
    assert not {"pull_request", "pull_request_target"} & set(on)
    build_job, deploy_job = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert "permissions" not in build_job  # the build runs with contents: read only
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["needs"] == "build" and deploy_job["environment"]["name"] == "github-pages"
    script = next(step["run"] for step in build_job["steps"] if "mkdocs build" in step.get("run", ""))
    assert 'export SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"' in script
    assert script.index("SOURCE_DATE_EPOCH") < script.index("mkdocs build --strict")
    assert step_using(publish, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    assert step_using(publish, "actions/deploy-pages")


@pytest.mark.parametrize("name", ["checks.yml", "publish.yml"])
def test_the_commands_the_workflows_call_exist(name):
    workflow = load(name)
    for command in commands(workflow):
        if command[0] == "projecth":
            build_parser().parse_args(command[1:])  # exits (fails the test) on an unknown command or option
        elif command[0] == "mkdocs":
            group_context = click.Context(mkdocs_cli)
            subcommand = mkdocs_cli.get_command(group_context, command[1])
            assert subcommand is not None, command
            subcommand.make_context(command[1], command[2:], parent=group_context)
        elif command[:2] == ["bash", "scripts/test"]:
            assert (REPO / "scripts/test").is_file()
        elif command[:3] == ["python", "-m", "pip"]:
            assert (REPO / "pyproject.toml").is_file()
        elif command[0] == "export":
            pass
        else:
            pytest.fail(f"{name}: a command this test does not know: {command}")
    for step in steps(workflow):
        if "run" in step:
            syntax = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True)
            assert syntax.returncode == 0, (step.get("name"), syntax.stderr)


def test_pull_request_template_asks_for_the_checks():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for needed in ("projecth check content", "mkdocs serve", "review_by", "privacy", "- [ ]"):
        assert needed in text


def test_issue_form_is_valid_and_offers_the_taxonomys_networks(taxonomy):
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "suggest-a-resource.yml").read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and form["body"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] != "markdown":
            assert item["attributes"]["label"]
    network = next(item for item in form["body"] if item.get("id") == "network")
    assert network["attributes"]["options"] == [term.label for term in taxonomy.networks] + ["Not sure"]


def test_codeowners_is_where_github_reads_it():
    assert (GITHUB / "CODEOWNERS").is_file()
    assert not (REPO / "CODEOWNERS").exists() and not (REPO / "docs" / "CODEOWNERS").exists()  # one file only
