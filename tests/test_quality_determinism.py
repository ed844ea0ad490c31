"""Deterministic builds: two clean builds of the same sources, in different folders and with different
PYTHONHASHSEED, write byte-for-byte the same site (SOURCE_DATE_EPOCH from the last commit, as publish.yml sets it)."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("mkdocs.yml", "taxonomy.yml", "overrides", "hooks", "content")


def last_commit_epoch() -> str:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                             check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return "1767225600"  # 2026-01-01, outside a git checkout


def build_copy(root: Path, hashseed: str, epoch: str) -> Path:
    root.mkdir(parents=True)
    for name in SOURCES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "SOURCE_DATE_EPOCH": epoch}
    env.pop("SITE_URL", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "site"],
                   cwd=root, env=env, check=True, capture_output=True, text=True)
    return root / "site"


def all_files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def test_two_clean_builds_are_byte_for_byte_identical(tmp_path):
    epoch = last_commit_epoch()
    first = build_copy(tmp_path / "first-checkout", "1", epoch)
    second = build_copy(tmp_path / "elsewhere" / "second", "4242", epoch)
    files = all_files(first)
    assert files == all_files(second)
    assert {"_headers", "sitemap.xml", "sitemap.xml.gz", "catalog.json", "feed.xml"} <= set(files)
    # Pagefind's filter files are among them: projecth-audit rewrites them in a stable order (core/publishing/pagefind_order.py).
    assert any(name.startswith("pagefind/filter/") for name in files)
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_the_comparison_sees_a_difference(tmp_path):
    """The gate can fail: filecmp compares contents, not just sizes and times."""
    first = tmp_path / "a"
    first.mkdir()
    (first / "x.html").write_text("<p>a</p>", encoding="utf-8")
    second = tmp_path / "b"
    second.mkdir()
    (second / "x.html").write_text("<p>b</p>", encoding="utf-8")
    _, mismatch, _ = filecmp.cmpfiles(first, second, ["x.html"], shallow=False)
    assert mismatch == ["x.html"]
