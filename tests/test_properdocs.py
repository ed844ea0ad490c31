"""Another engine can run it: the starter site built with MkDocs and with ProperDocs (the maintained fork of MkDocs
1.x, from the test extra) is byte for byte the same, Pagefind's index included, apart from the
`<meta name="generator">` line that names the engine. Both engines live in one environment: ProperDocs installs
as its own package (`properdocs`) and, when its command runs, answers the plugins' `mkdocs` imports itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("mkdocs.yml", "taxonomy.yml", "overrides", "hooks", "content")
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
EPOCH = "1767225600"  # 2026-01-01: dates in packs, feeds and the sitemap come from it, never the clock


def build(root: Path, engine: str, site: str, *options: str) -> dict[str, bytes]:
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env.update(SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "--site-dir", site, *options], cwd=root,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{engine} build failed:\n{done.stderr}"
    out = root / site
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def test_mkdocs_and_properdocs_build_the_same_site(tmp_path):
    for name in SOURCES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    by_mkdocs = build(tmp_path, "mkdocs", "site-mkdocs")
    # ProperDocs looks for properdocs.yml first and asks to rename mkdocs.yml: the site's file is named instead.
    by_properdocs = build(tmp_path, "properdocs", "site-properdocs", "-f", "mkdocs.yml")
    assert by_mkdocs.keys() == by_properdocs.keys()
    assert len(by_mkdocs) > 300 and any(name.startswith("pagefind/") for name in by_mkdocs)
    # Each engine really built its own: the one line that may differ names it.
    assert b"mkdocs-1." in GENERATOR.search(by_mkdocs["index.html"]).group(1)
    assert b"ProperDocs" in GENERATOR.search(by_properdocs["index.html"]).group(1)
    different = [name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name]
                 and GENERATOR.sub(b"", by_mkdocs[name]) != GENERATOR.sub(b"", by_properdocs[name])]
    assert different == []
