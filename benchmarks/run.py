"""Build benchmark: what the project's plugins cost at 250, 1,000 and 5,000 resources, against the targets.

    python3 benchmarks/run.py                                   # 250, 1,000 and 5,000 resources, 3 runs each
    python3 benchmarks/run.py --sizes 250 --runs 1 --no-browser  # a quick look
    python3 benchmarks/run.py --report /tmp/bench.md --json /tmp/bench.json

For each size it generates a synthetic library into WORK/N once (benchmarks/generate.py; kept for later runs
with the same size, seed and generator) and commits it to a git repository there, because the history feature
reads `git log`. Then, `--runs` times, each step in a fresh process so that its peak memory is its own:

1. `projecth check content`;
2. the full build: the library's own mkdocs.yml, every project plugin, Pagefind indexing included;
3. the same without indexing (`projecth: {search: {indexing: false}}`), then Pagefind alone on that site;
4. plain Material: WORK/N/mkdocs-plain.yml, derived from mkdocs.yml: same theme settings without the
   project's templates, same Markdown extensions and hooks, Material's own `search` plugin and nothing else,
   strict off, and a navigation of the four static top pages (resources unlisted, as in the full build);
5. plain Material without search (WORK/N/mkdocs-plain-nosearch.yml), the counterpart of 3.

It reports medians (every run in brackets): times and their ratios, the growth from one size to the next,
peak memory (the MkDocs process, and its children: Pagefind and git), the built site's bytes, the HTML of a
typical resource page and any render-blocking file from another host, and (once per size, in Chromium at
phone width, unless --no-browser) the bytes of a first search query, with PASS/FAIL against the targets.
The report is printed and written to --report as Markdown.

Builds run through this script's hidden `--_child CONFIG SITE_DIR [--no-index]` mode: MkDocs in-process
(`load_config` + `build`, as `mkdocs build` does), printing its time and peak memory as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import logging
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATE = HERE / "generate.py"
# What generate.py reads or copies from the repository, besides itself.
GENERATOR_INPUTS = ("benchmarks/generate.py", "benchmarks/corpus.txt", "mkdocs.yml", "taxonomy.yml", "overrides",
                    "hooks", "content/assets")
MARKER = ".benchmark-library.json"
STATIC_PAGES = (("Home", "index.md"), ("About", "about.md"), ("Contribute", "contribute.md"),
                ("Accessibility", "accessibility.md"))
QUERIES = ("fractions", "retrieval practice")
# The steps of one round, in the order they run; "index" is Pagefind alone on the "noindex" site.
BUILDS = {
    "full": "full build (every project plugin, Pagefind)",
    "noindex": "full build, indexing off",
    "plain": "plain Material (Material search)",
    "plain_nosearch": "plain Material, no search",
}
KB = 1024
MB = 1024 * 1024
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


# --- The child: one MkDocs build, in-process --------------------------------------------------------------------

def child(argv: list[str]) -> int:
    """Build once and print wall time and peak memory as JSON: run in a process of its own by the parent."""
    config_file, site_dir = argv[0], argv[1]
    warnings = _count_warnings()
    started = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file, site_dir=site_dir)
    if "--no-index" in argv:
        config.plugins["projecth"].config.search.indexing = False
    # As `mkdocs build` does: plugins learn the command (the library feature reads the library's files on every
    # core only in a one-off build).
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds,
        # ru_maxrss is in KB on Linux. SELF: this process, i.e. MkDocs; CHILDREN: the largest child it waited
        # for (Pagefind in a full build; else a forked helper, whose resident set counts what it shares with
        # MkDocs, or git).
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "warnings": warnings.count,
    }))
    return 0


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _count_warnings() -> _Counter:
    """Warnings go to stderr (as `mkdocs build -q` shows them) and are counted: a noisy build is slower."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    counter = _Counter()
    logger.addHandler(stream)
    logger.addHandler(counter)
    return counter


# --- The library ------------------------------------------------------------------------------------------------

def library(work: Path, size: int, seed: int) -> tuple[Path, str]:
    """WORK/N with a generated library committed to git; reused when size, seed and generator are the same."""
    root = work / str(size)
    wanted = {"resources": size, "seed": seed, "inputs_sha256": generator_inputs()}
    marker = root / MARKER
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return root, "reused"
    why = "generated" if not marker.is_file() else "generated again (size, seed, generate.py or what it copies changed)"
    root.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(GENERATE), str(root), "--resources", str(size), "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL)
    git = ["git", "-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.org", "-c", "commit.gpgsign=false"]
    if (root / ".git").exists():
        shutil.rmtree(root / ".git")
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "library"], cwd=root, check=True)
    # Written after the commit, like the plain configurations and the builds: none of them is content.
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return root, why


def generator_inputs() -> str:
    """A digest of generate.py and what it copies from the repository: a change means a different library."""
    digest = hashlib.sha256()
    for name in GENERATOR_INPUTS:
        path = REPO / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(file.relative_to(REPO).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def plain_configs(root: Path) -> dict[str, Path]:
    """Plain-Material configurations derived from the library's mkdocs.yml, written beside it."""
    from mkdocs.utils.yaml import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as source:
        config = yaml_load(source)  # resolves !ENV as MkDocs does
    docs = root / config.get("docs_dir", "docs")
    # Material's theme settings, without the site's custom_dir (the toolkit's templates come in through
    # the projecth plugin, which is off here).
    config["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    config["strict"] = False
    # Same navigation policy as the full build: the static top pages are listed, the resources are not.
    static = [(title, page) for title, page in STATIC_PAGES if (docs / page).is_file()]
    config["nav"] = [{title: page} for title, page in static]
    # Mark everything else as deliberately unlisted, so MkDocs does not report it as omitted from the nav.
    listed = {page for _, page in static}
    unlisted = sorted({p.relative_to(docs).parts[0] + ("/" if p.parent != docs else "")
                       for p in docs.rglob("*.md") if p.relative_to(docs).as_posix() not in listed})
    config["not_in_nav"] = Block("\n".join(f"/{name}" for name in unlisted) + "\n")
    # Case studies link to entitlement unit pages that the curriculum feature generates: without it they are
    # missing, which is expected here, so it is not worth a warning per link.
    config.setdefault("validation", {}).setdefault("links", {})["not_found"] = "info"
    paths = {}
    for name, plugins in (("plain", ["search"]), ("plain_nosearch", [])):
        config["plugins"] = plugins
        path = root / ("mkdocs-plain.yml" if plugins else "mkdocs-plain-nosearch.yml")
        header = ("# Written by benchmarks/run.py from mkdocs.yml: plain Material, project plugins off "
                  f"({'Material search' if plugins else 'no search'}).\n")
        path.write_text(header + to_yaml(config), encoding="utf-8")
        paths[name] = path
    return paths


class Block(str):
    """A string written as a YAML literal block (`|`), one pattern a line, as one would write it by hand."""


def to_yaml(config: dict) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(Block, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text,
                                                                                 style="|"))
    return yaml.dump(config, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120)


# --- Steps ------------------------------------------------------------------------------------------------------

def check(root: Path) -> float:
    """`projecth check content`, as an author runs it (the console script's module, without a shim)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "projecth.cli", "check", "content"], cwd=root, env=ENV,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"projecth check failed in {root}:\n{done.stdout}{done.stderr}")
    return seconds


def build(root: Path, config: Path, site_dir: Path, no_index: bool = False) -> dict:
    """One build in a fresh process and a fresh site folder; wall time as `time mkdocs build` would show."""
    shutil.rmtree(site_dir, ignore_errors=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--_child", str(config), str(site_dir)]
    started = time.perf_counter()
    done = subprocess.run(command + (["--no-index"] if no_index else []), cwd=root, env=ENV,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed ({config.name}, {site_dir}):\n{done.stderr[-5000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    # The first warnings, if any, to say in the report what a noisy build complained about.
    warnings = [line for line in done.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    return {"wall": wall, **figures, "first_warnings": [line[:300] for line in warnings[:3]]}


def pagefind_alone(site_dir: Path) -> dict:
    """Pagefind on a site built without indexing, through search.py's index() (one run, its own process)."""
    import search  # benchmarks/search.py

    result = search.index(site_dir, 1)
    return {"seconds": result["seconds_all"][0], "peak_mb": result["peak_mb"], "pages": result["pages"],
            "bundle": result["bundle"]}


def one_round(root: Path, plain: dict[str, Path], sites: Path) -> dict:
    """One round: check, the four builds and Pagefind alone, in a fixed order."""
    figures = {"check": check(root)}
    mkdocs_yml = root / "mkdocs.yml"
    figures["full"] = build(root, mkdocs_yml, sites / "full")
    figures["noindex"] = build(root, mkdocs_yml, sites / "noindex", no_index=True)
    figures["index"] = pagefind_alone(sites / "noindex")
    figures["plain"] = build(root, plain["plain"], sites / "plain")
    figures["plain_nosearch"] = build(root, plain["plain_nosearch"], sites / "plain_nosearch")
    return figures


# --- What the built site weighs ---------------------------------------------------------------------------------

def site_bytes(site_dir: Path) -> dict:
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    pagefind = site_dir / "pagefind"
    total = sum(p.stat().st_size for p in files)
    bundle = sum(p.stat().st_size for p in files if pagefind in p.parents)
    return {"total": total, "without_pagefind": total - bundle, "pagefind": bundle,
            "files": len(files), "html_pages": sum(1 for p in files if p.suffix == ".html")}


TAG = re.compile(r"<(link|script)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def blocking_off_site(html: str, site_host: str) -> list[str]:
    """Stylesheets and classic scripts from another host that hold up rendering: what a visitor waits for."""
    found = []
    for tag, raw in TAG.findall(html):
        attributes = {m.group(1).lower(): next((g for g in m.group(2, 3, 4) if g is not None), "")
                      for m in ATTRIBUTE.finditer(raw)}
        if tag.lower() == "link":
            url = attributes.get("href", "")
            blocking = "stylesheet" in attributes.get("rel", "").lower().split() and \
                attributes.get("media", "all").lower() not in ("print", "not all")
        else:
            url = attributes.get("src", "")
            blocking = not ({"async", "defer"} & attributes.keys()) and attributes.get("type", "") != "module"
        host = urlsplit(url).netloc if url.startswith(("http:", "https:", "//")) else ""
        if blocking and host and host != site_host:
            found.append(f"<{tag} {raw.strip()}>")
    return found


def resource_pages(site_dir: Path, site_host: str) -> dict:
    """Size of resource pages (networks/NETWORK/SLUG/index.html, not the hubs) and off-site blocking files."""
    pages = sorted(site_dir.glob("networks/*/*/index.html"))
    sizes = {page: page.stat().st_size for page in pages}
    ordered = sorted(pages, key=lambda p: (sizes[p], str(p)))
    typical = ordered[(len(ordered) - 1) // 2]  # a real page of the median size
    html = typical.read_bytes()
    blocking_all_pages = 0
    blocking_resources = 0
    examples: list[str] = []
    for page in site_dir.rglob("*.html"):
        found = blocking_off_site(page.read_text(encoding="utf-8", errors="replace"), site_host)
        blocking_all_pages += len(found)
        if page in sizes:
            blocking_resources += len(found)
        examples += found[: max(0, 3 - len(examples))]
    return {
        "count": len(pages),
        "median_bytes": statistics.median(sizes.values()),
        "max_bytes": max(sizes.values()),
        "typical_page": typical.relative_to(site_dir).as_posix(),
        "typical_bytes": len(html),
        "typical_gzip_bytes": len(gzip.compress(html, compresslevel=6, mtime=0)),
        "typical_blocking": blocking_off_site(html.decode("utf-8", errors="replace"), site_host),
        "blocking_on_resource_pages": blocking_resources,
        "blocking_on_all_pages": blocking_all_pages,
        "blocking_examples": examples,
    }


def first_queries(site_dir: Path) -> dict:
    """search.py's static host and Chromium: bytes of a first query on a phone and on a desktop."""
    import search  # benchmarks/search.py

    figures = search.browse(site_dir, QUERIES)
    return {query: {"phone_gzip": f["phone_first_query"]["search_gzip"],
                    "phone_uncompressed": f["phone_first_query"]["search_uncompressed"],
                    "desktop_gzip": f["desktop_first_query"]["search_gzip"],
                    "desktop_uncompressed": f["desktop_first_query"]["search_uncompressed"],
                    "results": f["results"]}
            for query, f in figures.items()}


# --- One size ---------------------------------------------------------------------------------------------------

def measure(size: int, args: argparse.Namespace) -> dict:
    root, how = library(args.work, size, args.seed)
    say(f"{size:,} resources: library {how} in {root}")
    plain = plain_configs(root)
    sites = root / "builds"
    runs = []
    for number in range(1, args.runs + 1):
        runs.append(one_round(root, plain, sites))
        r = runs[-1]
        say(f"  run {number}: check {r['check']:.2f} s, full {r['full']['wall']:.1f} s, no index "
            f"{r['noindex']['wall']:.1f} s, Pagefind {r['index']['seconds']:.1f} s, plain {r['plain']['wall']:.1f} s, "
            f"plain no search {r['plain_nosearch']['wall']:.1f} s")
    site_host = urlsplit(site_url(root)).netloc
    result = {
        "resources": size,
        "library": str(root),
        "library_was": how,
        "runs": runs,
        "site": site_bytes(sites / "full"),
        "plain_site": site_bytes(sites / "plain"),
        "resource_pages": resource_pages(sites / "full", site_host),
        "pagefind_bundle": runs[-1]["index"]["bundle"],
        "warnings": {name: [r[name]["warnings"] for r in runs] for name in BUILDS},
    }
    if not args.no_browser:
        say("  first queries in Chromium")
        result["queries"] = first_queries(sites / "full")
    return result


def site_url(root: Path) -> str:
    from mkdocs.utils.yaml import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as source:
        return yaml_load(source).get("site_url") or ""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- Figures ----------------------------------------------------------------------------------------------------

def series(result: dict, name: str, field: str = "wall") -> list[float]:
    """One figure of every run: a build's field, the check's time or Pagefind's."""
    if name == "check":
        return [r["check"] for r in result["runs"]]
    if name == "index":
        return [r["index"]["seconds" if field == "wall" else field] for r in result["runs"]]
    return [r[name][field] for r in result["runs"]]


def ratios(result: dict, top: str, bottom: str) -> list[float]:
    return [a / b for a, b in zip(series(result, top), series(result, bottom))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def cell(values: list[float], fmt: str = "{:.1f}", unit: str = " s") -> str:
    """"62.1 s (61.0, 62.1, 64.3)": the median, then every run."""
    text = fmt.format(median(values)) + unit
    if len(values) > 1:
        text += " (" + ", ".join(fmt.format(v) for v in values) + ")"
    return text


def kb(value: float) -> str:
    return f"{value / KB:.1f} KB"


def mb(value: float) -> str:
    return f"{value / MB:.1f} MB"


# --- Targets ----------------------------------------------------------------------------------------------------

def targets(results: dict[int, dict]) -> list[tuple[str, str, str]]:
    """(target, measured, PASS/FAIL) rows; at the largest size measured when 5,000 was not."""
    sizes = sorted(results)
    big = 5000 if 5000 in results else sizes[-1]
    at = f"at {big:,}"
    note = "" if big == 5000 else f" (at {big:,}, not 5,000)"
    r = results[big]
    rows = []

    def row(target: str, measured: str, ok: bool | None) -> None:
        verdict = "n/a" if ok is None else ("PASS" if ok else "FAIL") + note
        rows.append((target, measured, verdict))

    overhead = median(series(r, "full")) / median(series(r, "plain"))
    row("Project plugins add at most 15% to plain Material at 5,000 (full / plain, both with search) ≤ 1.15",
        f"{overhead:.2f} {at}", overhead <= 1.15)
    overhead = median(series(r, "noindex")) / median(series(r, "plain_nosearch"))
    row("The same without search on either side (full, indexing off / plain, no search) ≤ 1.15",
        f"{overhead:.2f} {at}", overhead <= 1.15)
    if 1000 in results and 5000 in results:
        growth = median(series(results[5000], "full")) / median(series(results[1000], "full"))
        rows.append(("Full build time(5,000) / time(1,000) ≤ 5.5", f"{growth:.2f}",
                     "PASS" if growth <= 5.5 else "FAIL"))
    else:
        rows.append(("Full build time(5,000) / time(1,000) ≤ 5.5", "not measured (needs both sizes)", "n/a"))
    checked = median(series(r, "check"))
    row("`projecth check` at 5,000 under 3 s", f"{checked:.2f} s {at}", checked < 3)
    speed = median(series(r, "full")) / checked
    row("`projecth check` at least 10x faster than the full build", f"{speed:.1f}x {at}", speed >= 10)
    peak = median(series(r, "full", "peak_mb"))
    row("Peak memory of the build (MkDocs process, full build) at 5,000 under 1 GB", f"{peak:,.0f} MB {at}",
        peak < 1024)
    peak = median(series(r, "full", "children_peak_mb"))
    row("Peak memory of Pagefind during the full build at 5,000 under 1 GB (for information)",
        f"{peak:,.0f} MB {at}", peak < 1024)
    page = r["resource_pages"]
    row("A resource page's own HTML under 60 KB uncompressed (the largest page)",
        f"{kb(page['max_bytes'])} (median {kb(page['median_bytes'])}) {at}", page["max_bytes"] < 60 * KB)
    blocking = sum(results[s]["resource_pages"]["blocking_on_all_pages"] for s in sizes)
    rows.append(("Nothing render-blocking from other hosts (every built page, every size)",
                 f"{blocking} found", "PASS" if blocking == 0 else "FAIL"))
    for query in QUERIES:
        target = f"First query \"{query}\" (phone) under 150 KB gzip at 5,000"
        if "queries" in r:
            wire = r["queries"][query]["phone_gzip"]
            row(target, f"{kb(wire)} {at}", wire < 150 * KB)
        else:
            rows.append((target, "not measured (--no-browser)", "n/a"))
    return rows


# --- Report -----------------------------------------------------------------------------------------------------

def machine() -> list[tuple[str, str]]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) * KB for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        from projecth.search.indexer import find_binary

        pagefind = subprocess.run([str(find_binary(None)), "--version"], capture_output=True, text=True,
                                  check=False).stdout.strip()
    except Exception as error:  # noqa: BLE001 (a report line, not a failure)
        pagefind = f"unknown ({error})"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [("CPU", cpu), ("Cores", str(os.cpu_count())), ("RAM", f"{memory / 1024 ** 3:.1f} GB"),
            ("Load average at the start", load), ("Python", platform.python_version()),
            ("MkDocs", version("mkdocs")), ("Material", version("mkdocs-material")), ("Pagefind", pagefind),
            ("projecth", version("projecth"))]


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows] + [""]


def report(results: dict[int, dict], args: argparse.Namespace, started: str, info: list) -> str:
    sizes = sorted(results)
    head = ["", *(f"{s:,} resources" for s in sizes)]
    runs = args.runs
    lines = ["# Build benchmark", "",
             f"Date: {started}. Command: `{' '.join(shlex.quote(a) for a in ['python3', *sys.argv])}`.", "",
             f"Medians of {runs} run(s), every run in brackets. Times are wall-clock seconds of a whole process "
             "(interpreter start included), as `time mkdocs build` shows them."
             + (" Fewer than three runs: the medians are only indicative." if runs < 3 else ""), ""]
    lines += table(["Machine", ""], [[k, v] for k, v in info])

    lines += ["## Time", ""]
    rows = [[label, *(cell(series(results[s], name)) for s in sizes)]
            for name, label in (("check", "`projecth check content`"), *BUILDS.items(),
                                ("index", "Pagefind alone on the built site"))]
    lines += table(head, rows)

    lines += ["## What the project plugins add", "",
              "Full build divided by plain Material: ratio of the medians (each run's ratio in brackets).", ""]
    rows = []
    for top, bottom, label in (("full", "plain", "full / plain Material (both with search)"),
                               ("noindex", "plain_nosearch", "full, indexing off / plain Material, no search")):
        rows.append([label, *(f"{median(series(results[s], top)) / median(series(results[s], bottom)):.2f}"
                              + bracket(ratios(results[s], top, bottom)) for s in sizes)])
    rows.append(["full build / `projecth check`",
                 *(f"{median(series(results[s], 'full')) / median(series(results[s], 'check')):.1f}x" for s in sizes)])
    lines += table(head, rows)

    pairs = list(zip(sizes, sizes[1:]))
    if pairs:
        lines += ["## Growth", "", "Median time at one size divided by the median at the size before.", ""]
        rows = [[label, *(f"{median(series(results[b], name)) / median(series(results[a], name)):.2f}"
                          for a, b in pairs)]
                for name, label in (("check", "`projecth check`"), *BUILDS.items(), ("index", "Pagefind alone"))]
        lines += table(["", *(f"time({b:,}) / time({a:,})" for a, b in pairs)], rows)

    lines += ["## Peak memory", "",
              "Resident set peak (`ru_maxrss`) of the MkDocs process, and of the largest process it waited for "
              "(Pagefind in the full build, the largest by far; the forked helpers of a build share most of their "
              "memory with MkDocs).", ""]
    rows = []
    for name, label in BUILDS.items():
        rows.append([f"{label}: MkDocs", *(cell(series(results[s], name, "peak_mb"), "{:,.0f}", " MB")
                                            for s in sizes)])
    rows.append(["full build: Pagefind (child)",
                 *(cell(series(results[s], "full", "children_peak_mb"), "{:,.0f}", " MB") for s in sizes)])
    rows.append(["Pagefind alone", *(cell(series(results[s], "index", "peak_mb"), "{:,.0f}", " MB") for s in sizes)])
    lines += table(head, rows)

    lines += ["## Built site", ""]
    site = {s: results[s]["site"] for s in sizes}
    rows = [["HTML pages (full build)", *(f"{site[s]['html_pages']:,}" for s in sizes)],
            ["files (full build)", *(f"{site[s]['files']:,}" for s in sizes)],
            ["total bytes (full build)", *(mb(site[s]["total"]) for s in sizes)],
            ["without `pagefind/`", *(mb(site[s]["without_pagefind"]) for s in sizes)],
            ["`pagefind/`", *(mb(site[s]["pagefind"]) for s in sizes)],
            ["plain Material (with its search index)", *(mb(results[s]["plain_site"]["total"]) for s in sizes)]]
    lines += table(head, rows)

    lines += ["## Resource pages", "",
              "`networks/NETWORK/SLUG/index.html` (not the network hubs). Render-blocking: a stylesheet, or a "
              "script without async, defer or type=module, whose address is on another host.", ""]
    page = {s: results[s]["resource_pages"] for s in sizes}
    rows = [["resource pages", *(f"{page[s]['count']:,}" for s in sizes)],
            ["median HTML", *(kb(page[s]["median_bytes"]) for s in sizes)],
            ["largest HTML", *(kb(page[s]["max_bytes"]) for s in sizes)],
            ["a median page", *(f"`{page[s]['typical_page']}`: {kb(page[s]['typical_bytes'])}, "
                                f"{kb(page[s]['typical_gzip_bytes'])} gzip" for s in sizes)],
            ["render-blocking from other hosts: that page", *(str(len(page[s]["typical_blocking"])) for s in sizes)],
            ["... all resource pages", *(str(page[s]["blocking_on_resource_pages"]) for s in sizes)],
            ["... every HTML page of the site", *(str(page[s]["blocking_on_all_pages"]) for s in sizes)]]
    lines += table(head, rows)
    examples = [e for s in sizes for e in page[s]["blocking_examples"]]
    if examples:
        lines += ["Examples:", "", *(f"- `{e}`" for e in examples[:5]), ""]

    lines += ["## First search query", ""]
    if any("queries" in results[s] for s in sizes):
        lines += ["Bytes downloaded for the results of a query typed in the header box (`search/?q=...`), page "
                  "itself excluded (benchmarks/search.py). Phone: 390 px wide, filters folded; desktop: 1280 px, "
                  "filters open and loaded. One browser run per size.", ""]
        rows = []
        for query in QUERIES:
            for where in ("phone", "desktop"):
                rows.append([f"\"{query}\", {where}", *(
                    f"{kb(results[s]['queries'][query][f'{where}_gzip'])} gzip "
                    f"({kb(results[s]['queries'][query][f'{where}_uncompressed'])})" if "queries" in results[s]
                    else "not measured" for s in sizes)])
        lines += table(head, rows)
    else:
        lines += ["Not measured (`--no-browser`).", ""]
    bundle = {s: results[s]["pagefind_bundle"] for s in sizes}
    lines += table(["Pagefind bundle", *head[1:]], [
        ["entry metadata", *(kb(bundle[s]["meta_bytes"]) for s in sizes)],
        ["index chunks", *(f"{bundle[s]['index_chunks']} of {kb(bundle[s]['index_chunk_mean'])} on average"
                           for s in sizes)],
        ["filter data", *(kb(bundle[s]["filter_chunks_total"]) for s in sizes)]])

    warned = [f"{BUILDS[name]} at {s:,}: {', '.join(map(str, counts))}"
              for s in sizes for name, counts in results[s]["warnings"].items() if any(counts)]
    if warned:
        lines += ["MkDocs warnings per run: " + "; ".join(warned) + " (the first of them are in the JSON).", ""]

    lines += ["## Targets", ""]
    lines += table(["Target", "Measured", "Result"], [list(r) for r in targets(results)])
    plain = results[sizes[-1]]["library"]
    lines += [f"Plain Material is built from `mkdocs-plain.yml` and `mkdocs-plain-nosearch.yml`, written beside "
              f"the library's mkdocs.yml (e.g. `{plain}`).", ""]
    return "\n".join(lines)


def bracket(values: list[float]) -> str:
    return " (" + ", ".join(f"{v:.2f}" for v in values) + ")" if len(values) > 1 else ""


# --- Main -------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_child"]:
        return child(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="rounds per size (default 3; medians reported)")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "projecth-bench",
                        help="where the libraries and builds go, one folder per size (kept for later runs)")
    parser.add_argument("--report", type=Path, default=None, help="write the Markdown report here too")
    parser.add_argument("--json", type=Path, default=None, help="write every figure to this JSON file")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measure in Chromium")
    parser.add_argument("--seed", type=int, default=490)
    args = parser.parse_args(argv)
    args.work = args.work.resolve()
    sys.path.insert(0, str(HERE))  # for search.py
    started = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    info = machine()
    results = {size: measure(size, args) for size in sorted(set(args.sizes))}
    text = report(results, args, started, info)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"date": started, "command": sys.argv, "machine": dict(info),
                                         "sizes": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
