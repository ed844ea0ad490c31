"""The first ten minutes on a fresh machine: the README's own two commands, run as written with the machine's
system Python in a fresh clone, serve the site and install the test extra; a clean build prints only what to act
on, then one line saying what was built and where; `/a-z/` leads to the A to Z.

The two command lines are read from README.md's "Set up" section, so the README and this test cannot drift. The
test appends arguments the scripts forward: to `mkdocs serve` a free port (`-a 127.0.0.1:PORT`), to pytest
`--collect-only -q` (which imports every test module, so a missing test dependency fails it, without running
the suite inside itself).
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from projecth.buildlog import PROGRESS, BuildLog
from projecth.core.library.catalogue import LIBRARY_INDEX
from projecth.core.publishing.addresses import redirects

REPO = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")
CLOSING_LINE = re.compile(r"INFO    -  Built (\d+) pages \((\d+) resources, (\d+) case studies, (\d+) entitlements\) "
                          r"into (\S+) in \d+\.\d s")
BANNER = "end of life"
NOT_IN_NAV = 'not included in the "nav"'


def readme_commands() -> list[str]:
    """The shell blocks of README.md's "Set up" section, in order: serve, then test."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def clone(tmp_path: Path) -> Path:
    """The repository as committed (HEAD), as a newcomer gets it."""
    if not (REPO / ".git").exists():
        pytest.skip("the repository is not a git checkout, so there is no HEAD to clone")
    target = tmp_path / "project-h"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(target)], check=True, capture_output=True)
    return target


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without its virtual environment or site address, as a new shell has it."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "SITE_URL", "NO_MKDOCS_2_WARNING", "PYTHONPATH", "PYTEST_ADDOPTS")}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep) if part != venv_bin)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def system_python() -> str:
    if not SYSTEM_PYTHON.exists():
        pytest.skip(f"this machine has no system Python at {SYSTEM_PYTHON}")
    version = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version_info >= (3, 11))"],
                             capture_output=True, text=True).stdout.strip()
    if version != "True":
        pytest.skip(f"the system Python at {SYSTEM_PYTHON} is older than 3.11 (Project H needs 3.11)")
    return str(SYSTEM_PYTHON)


def test_the_readme_gives_the_two_commands_and_ci_runs_the_second():
    serve, test = readme_commands()
    assert serve.startswith("bash scripts/") and test.startswith("bash scripts/")
    ci = [line.strip() for line in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    assert ci[-1] == test


def test_the_readmes_commands_serve_the_site_and_install_the_tests_with_the_systems_python(tmp_path):
    python = system_python()
    serve, test = readme_commands()
    root = clone(tmp_path)
    env = clean_env(PYTHON=python)
    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(["bash", "-c", f"{serve} -a 127.0.0.1:{port}"], cwd=root, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        status, home = None, ""
        deadline = time.monotonic() + 420
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, home = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(1)
        output = log_path.read_text(encoding="utf-8")
        assert status == 200, f"the site was not served; {serve!r} printed:\n{output}"
        site_name = re.search(r"^site_name: (.+)$", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
        assert f"{site_name}</title>" in home
        assert "../library/" in get(f"http://127.0.0.1:{port}/a-z/")[1]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    output = log_path.read_text(encoding="utf-8")
    # Made by the system's Python, and the build said only what it built.
    assert f"home = {Path(python).parent}" in (root / ".venv/pyvenv.cfg").read_text(encoding="utf-8")
    assert BANNER not in output and NOT_IN_NAV not in output, output
    assert CLOSING_LINE.search(output), output
    assert f"Serving on http://127.0.0.1:{port}/" in output

    first = subprocess.run(["bash", "-c", f"{test} --collect-only -q"], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"^\d+ tests collected", first.stdout, flags=re.M), first.stdout
    assert "installing Project H and its test tools into .venv" in first.stderr
    # Every distribution the test extra names is installed in the clone's environment.
    missing = subprocess.run([str(root / ".venv/bin/python"), "-c", MISSING_TEST_EXTRAS], capture_output=True,
                             text=True, check=True).stdout.split()
    assert missing == []
    # Idempotent: a second run reuses .venv and installs nothing.
    again = subprocess.run(["bash", "-c", f"{test} --collect-only -q"], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "installing" not in again.stderr and "making the virtual environment" not in again.stderr


MISSING_TEST_EXTRAS = """
import re
from importlib.metadata import PackageNotFoundError, requires, version
for requirement in requires("projecth"):
    if "extra == " in requirement and '"test"' in requirement:
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        try:
            version(name)
        except PackageNotFoundError:
            print(name)
"""


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    # The banner is Material's, silenced by the project's .venv (tested above); this test is about the rest.
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], cwd=root,
                          env=clean_env(NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True, timeout=600)


def test_a_clean_build_prints_one_line_and_an_unlisted_page_is_still_reported(tmp_path):
    root = clone(tmp_path)
    clean = mkdocs_build(root)
    assert clean.returncode == 0, clean.stderr
    lines = [line for line in clean.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and CLOSING_LINE.fullmatch(lines[0]), clean.stderr
    pages, resources, studies, entitlements, where = CLOSING_LINE.fullmatch(lines[0]).groups()
    site = root / "site"
    rendered = [path for path in site.rglob("*.html") if b'<meta name="generator"' in path.read_bytes()]
    assert int(pages) == len(rendered) - 1  # every page the theme rendered, but the 404 page
    content = root / "content"
    assert int(resources) == len([p for p in content.glob("networks/*/*.md") if p.name != "index.md"])
    assert int(studies) == len(list(content.glob("case-studies/*.md")))
    assert int(entitlements) >= 2 and where == "site/"
    # The A to Z's guessable address leads to it.
    assert '<meta http-equiv="refresh" content="0; url=../library/">' in (site / "a-z/index.html").read_text()

    # A contributor's page that no navigation and no index lists is still named, once.
    (content / "unlisted.md").write_text("---\ntitle: Unlisted\n---\n\nNot in the navigation.\n", encoding="utf-8")
    unlisted = mkdocs_build(root)
    assert unlisted.returncode == 0, unlisted.stderr
    assert NOT_IN_NAV in unlisted.stderr
    listed = unlisted.stderr.split(NOT_IN_NAV, 1)[1].split("INFO", 1)[0]
    assert [line.strip() for line in listed.splitlines() if line.strip().startswith("- ")] == ["- unlisted.md"]


def terminal(name: str = "MkDocsStreamHandler") -> tuple[logging.Logger, list[str], list[str]]:
    """A logger with a stream handler named as the `mkdocs` command names its own, and a test's handler beside it."""
    logger = logging.getLogger("mkdocs")
    shown: list[str] = []
    seen: list[str] = []
    stream = logging.Handler()
    stream.set_name(name)
    stream.emit = lambda record: shown.append(record.getMessage())
    other = logging.Handler()
    other.emit = lambda record: seen.append(record.getMessage())
    logger.addHandler(stream)
    logger.addHandler(other)
    return logger, shown, seen


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG])
def test_progress_shows_only_when_verbose_and_other_handlers_see_everything(level):
    logger, shown, seen = terminal()
    saved = logger.level
    logger.setLevel(level)
    try:
        buildlog = BuildLog.attach("site")
        buildlog.built(5, [(1, "resource", "resources"), (2, "case study", "case studies"),
                           (1, "entitlement", "entitlements")])
        build = logging.getLogger("mkdocs.commands.build")
        build.info("Cleaning site directory")
        logging.getLogger("mkdocs.plugins.projecth.x").info("audited %d pages", 5, extra=PROGRESS)
        logging.getLogger("mkdocs.plugins.projecth.x").info("a review date has passed")
        build.info("Documentation built in 1.23 seconds")
        buildlog.detach()
    finally:
        logger.setLevel(saved)
        for handler in logger.handlers[-2:]:
            logger.removeHandler(handler)
    closing = "Built 5 pages (1 resource, 2 case studies, 1 entitlement) into site/ in 1.2 s"
    if level == logging.INFO:
        assert shown == ["a review date has passed", closing]
    else:
        assert shown == ["Cleaning site directory", "audited 5 pages", "a review date has passed", closing]
    assert seen[:3] == ["Cleaning site directory", "audited 5 pages", "a review date has passed"]


def test_a_new_build_takes_over_the_terminal_from_the_last():
    logger, shown, _ = terminal()
    try:
        first = BuildLog.attach("site")
        second = BuildLog.attach("elsewhere")
        stream = logger.handlers[-2]
        assert [f for f in stream.filters if type(f).__name__ == "_TerminalFilter"] == [second._filter]
        assert first._filter not in stream.filters
        second.detach()
        assert stream.filters == []
    finally:
        for handler in logger.handlers[-2:]:
            logger.removeHandler(handler)


def test_the_a_to_z_redirect_is_left_out_where_a_page_or_an_alias_has_its_address(library):
    library.resource()
    catalogue = library.check().catalogue
    assert [(r.alias, r.target, r.title) for r in redirects(catalogue, {LIBRARY_INDEX})] == [
        ("a-z", LIBRARY_INDEX, "Library A to Z")]
    assert redirects(catalogue, {LIBRARY_INDEX, "a-z.md"}) == []
    assert redirects(catalogue, {LIBRARY_INDEX, "a-z/index.md"}) == []
    library.resource("networks/maths/moved.md", aliases="[a-z]")
    moved = library.check()
    assert [(r.alias, r.target) for r in redirects(moved.catalogue, {LIBRARY_INDEX})] == [
        ("a-z", "networks/maths/moved.md")]
