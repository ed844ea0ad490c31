"""When each page last changed, and where a reader can suggest a change to it.

The dates come from one `git log` over the whole content folder, parsed once: a
call per file would make a 1,000-resource build spend most of its time
starting git. Outside a git checkout (a downloaded zip, a test folder), or for
a file git does not know yet, the page's own dates stand in, then the file's
modification time; nothing here ever fails a build.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping
from urllib.parse import urljoin

# Each commit starts with a line of the record separator and the committer's date (strict ISO 8601);
# the names of the files it changed follow, one a line.
COMMIT_MARK = "\x1e"
GIT_LOG = ("git", "-c", "core.quotePath=false", "log", f"--format={COMMIT_MARK}%cI", "--name-only",
           "--no-renames", "--relative", "--", ".")
GIT_TIMEOUT_SECONDS = 120

if TYPE_CHECKING:  # pragma: no cover
    from .catalogue import Catalogue

Runner = Callable[..., subprocess.CompletedProcess]


def parse_git_log(output: str) -> dict[str, dt.date]:
    """File -> the newest commit date that touched it, from the output of GIT_LOG."""
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in output.split("\n"):  # not splitlines(): it also splits at COMMIT_MARK
        line = line.rstrip("\r")
        if line.startswith(COMMIT_MARK):
            current = dt.date.fromisoformat(line[1:11])
        elif line and current is not None:
            # Commit dates need not fall in log order (rebases, clock skew): keep the newest.
            if line not in dates or dates[line] < current:
                dates[line] = current
    return dates


def git_last_changed(directory: str | Path, run: Runner | None = None) -> dict[str, dt.date] | None:
    """Paths relative to `directory` -> last commit date, with one git call; None when git cannot say."""
    try:
        result = (run or subprocess.run)(GIT_LOG, cwd=str(directory), capture_output=True, text=True, encoding="utf-8",
                     errors="replace", timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # git is not installed, or took too long
    if result.returncode != 0:
        return None  # not a git checkout (or one git refuses to read, e.g. owned by another user)
    return parse_git_log(result.stdout)


def last_changed(src_paths: Iterable[str], git_dates: Mapping[str, dt.date] | None,
                 own_dates: Mapping[str, dt.date], content_dir: str | Path) -> dict[str, dt.date]:
    """Each source file's last change: git's date, else the page's own date, else the file's modification time."""
    content = Path(content_dir)
    found: dict[str, dt.date] = {}
    for src in src_paths:
        date = (git_dates or {}).get(src) or own_dates.get(src)
        if date is None:
            try:
                date = dt.date.fromtimestamp((content / src).stat().st_mtime)
            except OSError:
                continue
        found[src] = date
    return found


def edit_url(src_path: str, repo_url: str | None, edit_uri: str | None,
             edit_uri_template: str | None = None) -> str | None:
    """Where to propose a change to a source file: MkDocs' own rule for `page.edit_url`, for any file."""
    if edit_uri_template:
        path = edit_uri_template.format(path=src_path, path_noext=posixpath.splitext(src_path)[0])
    elif edit_uri:
        path = edit_uri.rstrip("/") + "/" + src_path
    else:
        return None
    if not repo_url:
        return path if "://" in path else None
    return urljoin(repo_url if repo_url.endswith("/") or path.startswith(("?", "#")) else repo_url + "/", path)


def own_dates(catalogue: Catalogue) -> dict[str, dt.date]:
    """What each written page says about its own last change (its kind's `own_date`), for files git does not know."""
    dates: dict[str, dt.date] = {}
    for kind in catalogue.kinds:
        for src, record in catalogue.written_of(kind).items():
            date = kind.own_date(record)
            if date is not None:
                dates[src] = date
    return dates


def source_file(src: str, is_real: bool, catalogue: Catalogue) -> str | None:
    """The file a page is made from: itself, or for a generated page, the one file its kind makes it from.

    Hubs and indexes are made from many files, so they have none.
    """
    if is_real:
        return src
    for kind in catalogue.kinds:
        source = kind.history_source(catalogue, src)
        if source is not None:
            return source
    return None
