"""Preview benchmark: how long `mkdocs serve` takes to rebuild after a one-line edit.

    python benchmarks/preview.py                       # the starter library and 1,000 resources
    python benchmarks/preview.py --sizes 0 --runs 3    # the starter library only (size 0)

For each library (the repository's own content, "size 0", and synthetic
libraries from benchmarks/generate.py, fixed seed) it copies the site to a
temporary folder, makes it a git repository with one commit (so the
last-updated dates come from git, as in a real checkout), builds it once, then
`--runs` times: changes one line of one resource's body and rebuilds exactly
as `mkdocs serve`'s file watcher does (`load_config` again, then
`build(config, serve_url=...)`, in the same process). It reports the median
rebuild time (and the range) for three ways of serving:

- `serve`: `mkdocs serve` as it is, Pagefind indexing included;
- `no index`: the same with the search feature's `indexing: false`, the quickest preview that is still complete;
- `dirty`: `mkdocs serve --dirty` (strict as in mkdocs.yml), which re-renders only the files that changed;
  the toolkit (plugins/preview.py) re-renders generated hubs and indexes only when what they list changed and
  lets Pagefind catch up in the background, after the rebuild. Other pages that show something of the edited
  one may be stale until a full rebuild.

After every rebuild it checks that the edit is on the page, that the hubs list
the same number of resources as before and that the catalogue has them all:
a rebuild that is fast but wrong would not count.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, beside this file)

SERVE_URL = "http://127.0.0.1:8000/"
MODES = ("serve", "no index", "dirty")
STARTER_FILES = ("mkdocs.yml", "taxonomy.yml", "content", "overrides", "hooks")


def make_site(size: int, root: Path) -> Path:
    """The starter library (size 0) or a synthetic one, as a git repository with one commit."""
    if size == 0:
        root.mkdir(parents=True)
        for name in STARTER_FILES:
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    else:
        generate.generate(root, size, seed=490)
    git = ["git", "-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "library"], cwd=root, check=True)
    return root


def edited_resource(root: Path) -> Path:
    """A resource in the middle of the library, the same one every run."""
    resources = sorted((root / "content" / "networks").glob("*/*.md"))
    return resources[len(resources) // 2]


def one_line_edit(path: Path, run: int) -> str:
    """Change the body's last line, as an author fixing a sentence would; returns the new words."""
    marker = f"Edited in preview run {run}."
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    if lines[-1].startswith("Edited in preview run"):
        lines[-1] = marker
    else:
        lines += ["", marker]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return marker


def serve_config(root: Path, site_dir: Path, mode: str):
    """What `mkdocs serve`'s builder loads on every change."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = SERVE_URL
    if mode == "no index":
        config.plugins["projecth"].config.search.indexing = False
    return config


def hub_counts(site_dir: Path) -> dict[str, int]:
    """Resource cards on each network hub: what must not change when one body line does."""
    counts = {}
    for page in sorted((site_dir / "networks").glob("*/index.html")):
        counts[page.parent.name] = page.read_text(encoding="utf-8").count('class="ph-card__title"')
    return counts


def wait_for_search(config) -> bool:
    """Wait for a dirty preview's background Pagefind run; whether there was one."""
    return config.plugins["projecth"].build.mode.wait_for_indexing()


def measure(root: Path, mode: str, runs: int) -> dict:
    site_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))
    dirty = mode == "dirty"
    try:
        started = time.perf_counter()
        config = serve_config(root, site_dir, mode)
        # What `mkdocs serve` does once, before its first build; plugins that define on_startup are then kept
        # (and reused by every later load_config) until on_shutdown.
        config.plugins.on_startup(command="serve", dirty=dirty)
        build(config, serve_url=SERVE_URL, dirty=dirty)
        first = time.perf_counter() - started
        catalogue_size = len(config.plugins["projecth"].build.library.library.catalogue)
        hubs = hub_counts(site_dir)
        target = edited_resource(root)
        page = site_dir / target.relative_to(root / "content").with_suffix("") / "index.html"
        times, catch_up = [], []
        for run in range(1, runs + 1):
            wait_for_search(config)  # an author pauses longer than Pagefind takes to catch up
            marker = one_line_edit(target, run)
            started = time.perf_counter()
            config = serve_config(root, site_dir, mode)
            build(config, serve_url=SERVE_URL, dirty=dirty)
            times.append(time.perf_counter() - started)
            if wait_for_search(config):
                catch_up.append(time.perf_counter() - started)
            assert marker in page.read_text(encoding="utf-8"), f"{mode}: the edit is not on the rebuilt page"
            assert len(config.plugins["projecth"].build.library.library.catalogue) == catalogue_size
            assert hub_counts(site_dir) == hubs, f"{mode}: a hub changed after a one-line edit"
        config.plugins.on_shutdown()
        return {"first": first, "times": times, "search_caught_up": catch_up,
                "pages": sum(1 for _ in site_dir.rglob("*.html")), "resources": catalogue_size}
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
        subprocess.run(["git", "checkout", "-q", "--", "."], cwd=root, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000],
                        help="libraries to measure: 0 is the starter library, N a synthetic one (default: 0 1000)")
    parser.add_argument("--runs", type=int, default=3, help="rebuilds per mode (default 3; the median is reported)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    args = parser.parse_args(argv)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    rows = []
    with tempfile.TemporaryDirectory(prefix="projecth-preview-") as scratch:
        for size in args.sizes:
            root = make_site(size, Path(scratch) / f"site-{size}")
            for mode in args.modes:
                result = measure(root, mode, args.runs)
                times = result["times"]
                rows.append((size, mode, result, times))
                print(f"{'starter' if size == 0 else size} ({result['resources']} resources, {result['pages']} pages) "
                      f"{mode}: first build {result['first']:.1f} s; rebuild after a one-line edit: median "
                      f"{statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})"
                      + (f"; search caught up after {statistics.median(result['search_caught_up']):.2f} s"
                         if result["search_caught_up"] else ""), flush=True)
    print()
    print("| Library | Pages | Mode | First build | Rebuild after a one-line edit (median) | Runs "
          "| Search caught up (median) |")
    print("|---|---|---|---|---|---|---|")
    for size, mode, result, times in rows:
        library = "starter" if size == 0 else f"{size:,} resources"
        caught_up = result["search_caught_up"]
        print(f"| {library} ({result['resources']} resources) | {result['pages']:,} | {mode} | "
              f"{result['first']:.1f} s | {statistics.median(times):.2f} s | "
              f"{', '.join(f'{t:.2f}' for t in times)} | "
              f"{f'{statistics.median(caught_up):.2f} s' if caught_up else 'with the rebuild'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
