"""Running Pagefind over a built site.

The binary comes from the `pagefind[bin]` package on PyPI, so indexing needs
no download at build time. Any failure (no binary, a non-zero exit, a time
limit, no bundle written) raises `IndexingError` with Pagefind's own words, so
a build can stop rather than publish a site whose search is broken.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# Pagefind skips <nav>, <footer>, <script> and <form> by itself; these are the
# other pieces of a page that must never reach an excerpt: heading permalinks
# (the "¶" MkDocs adds) and Material's copy-to-clipboard buttons.
EXCLUDE_SELECTORS = (".headerlink", ".md-clipboard")
ENTRY_FILE = "pagefind.js"


class IndexingError(Exception):
    """Pagefind could not index the site; the message says why, in Pagefind's words where it gave any."""


@dataclass(frozen=True)
class IndexResult:
    pages: int
    words: int
    filters: int
    seconds: float
    bundle: Path
    output: str

    @property
    def whole_pages(self) -> bool:
        """True when no page marked its text with `data-pagefind-body`, so Pagefind indexed every page whole."""
        return "Did not find a data-pagefind-body element" in self.output


def find_binary(configured: str | None = None) -> Path:
    """The Pagefind executable: the configured path, else the one the `pagefind[bin]` package ships."""
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise IndexingError(f"the Pagefind binary `{configured}` set in mkdocs.yml does not exist")
        return path
    try:
        # Honours PAGEFIND_BINARY_PATH, then pagefind_bin (installed by `pagefind[bin]`), then the PATH.
        from pagefind.service import get_executable
    except ImportError as error:  # pragma: no cover - pagefind is a dependency of the package
        raise IndexingError("the `pagefind` package is not installed: run `pip install 'pagefind[bin]'`") from error
    found = get_executable()
    if found is None or not Path(found).is_file():
        raise IndexingError("no Pagefind binary found: install it with `pip install 'pagefind[bin]'`")
    return Path(found)


def pagefind_command(binary: Path, site_dir: Path, output_subdir: str, language: str,
                     keep_index_url: bool = False) -> list[str]:
    command = [str(binary), "--site", str(site_dir), "--output-subdir", output_subdir]
    if keep_index_url:
        # A site built without directory URLs links to `page/index.html`: keep that in result URLs.
        command.append("--keep-index-url")
    if language:
        # One language for the whole site: Pagefind would otherwise split the index by <html lang>.
        command += ["--force-language", language]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def _count(pattern: str, output: str) -> int:
    match = re.search(pattern, output)
    return int(match.group(1)) if match else 0


def run_pagefind(
    site_dir: str | Path,
    *,
    output_subdir: str = "pagefind",
    language: str = "en",
    binary: str | None = None,
    timeout: float = 900,
    keep_index_url: bool = False,
) -> IndexResult:
    """Index `site_dir` into `site_dir/output_subdir`; raise IndexingError when anything goes wrong."""
    site = Path(site_dir)
    executable = find_binary(binary)
    bundle = site / output_subdir
    if bundle.is_dir():
        # Pagefind adds to its folder and never removes: files of an earlier index (a `--dirty` build,
        # `mkdocs serve`) would be published beside the new ones.
        shutil.rmtree(bundle)
    command = pagefind_command(executable, site, output_subdir, language, keep_index_url)
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            # No colour codes in what we quote back to the author.
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise IndexingError(f"Pagefind did not finish within {timeout:g} seconds") from error
    except OSError as error:
        raise IndexingError(f"Pagefind could not be started ({executable}): {error}") from error
    seconds = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise IndexingError(f"Pagefind failed (exit status {completed.returncode}): {_explain(completed)}")
    if not (bundle / ENTRY_FILE).is_file():
        raise IndexingError(f"Pagefind exited without writing {output_subdir}/{ENTRY_FILE}: {_explain(completed)}")
    return IndexResult(
        pages=_count(r"Indexed (\d+) pages?", output),
        words=_count(r"Indexed (\d+) words?", output),
        filters=_count(r"Indexed (\d+) filters?", output),
        seconds=seconds,
        bundle=bundle,
        output=output,
    )


def _explain(completed: subprocess.CompletedProcess) -> str:
    """What Pagefind said on stderr (each line once), else the end of what it printed."""
    lines = list(dict.fromkeys(line.strip() for line in completed.stderr.splitlines() if line.strip()))
    if lines:
        return " ".join(lines)[-1000:]
    text = completed.stdout.strip()
    return text[-500:] if text else "it printed nothing"
