"""Search benchmark: Pagefind indexing time and the bytes a browser downloads for a first query.

    python benchmarks/search.py                      # 1,000 and 5,000 resources
    python benchmarks/search.py --sizes 1000 --runs 1

For each size it generates a synthetic library (benchmarks/generate.py, fixed
seed), builds it with MkDocs with indexing switched off, then times Pagefind on
the built site on its own (median of --runs, with the peak memory of the
Pagefind process). It then serves the site on 127.0.0.1 the way a static host
does (gzip for text files; Pagefind's index files are gzip already and are
sent as they are) and opens the search page in Chromium with a query in the
address, as a visitor arriving from the header box does:

- phone: a 390 px wide screen, where the filters start folded away, so the
  first query loads no filter data; then the visitor opens the filters;
- desktop: a wide screen, where the filters are open and load after the
  first results; then the visitor ticks a second filter value.

Every response is counted by the server, so the figures are what crossed the
wire (gzip) and what the files weigh (uncompressed), per kind of file. The
page itself (HTML, Material's CSS and JS) is listed apart: it is the same for
any page of the site.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, beside this file)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}
QUERIES = ("fractions", "attendance", "retrieval practice")


# --- A static host ----------------------------------------------------------------------------------------------

class Host(http.server.ThreadingHTTPServer):
    """Serves a folder like a static host (gzip for text), counting every response."""

    daemon_threads = True

    def __init__(self, folder: Path):
        self.folder = folder
        self.log: list[tuple[str, int, int]] = []  # (path, bytes on the wire, bytes of the file)
        self.lock = threading.Lock()
        self.gzipped: dict[Path, bytes] = {}
        super().__init__(("127.0.0.1", 0), functools.partial(HostHandler, directory=str(folder)))

    def take(self) -> list[tuple[str, int, int]]:
        with self.lock:
            taken, self.log = self.log, []
        return taken


class HostHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        raw = len(body)
        encoding = None
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            host: Host = self.server  # type: ignore[assignment]
            if path not in host.gzipped:
                host.gzipped[path] = gzip.compress(body, compresslevel=6, mtime=0)
            body, encoding = host.gzipped[path], "gzip"
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(body)
        host = self.server
        with host.lock:
            host.log.append((self.path.split("?", 1)[0], len(body), raw))


def kind_of(path: str) -> str:
    if "/pagefind/" not in path:
        # search-box.css styles the header box of every page: it is part of the page; search.css and search.js are
        # the search page's own.
        return "search UI" if path.endswith(("/assets/projecth/search.js", "/assets/projecth/search.css")) else "page"
    name = path.rsplit("/", 1)[-1]
    if name == "pagefind.js":
        return "entry script"
    if name == "pagefind-worker.js":
        return "worker script"
    if name == "pagefind-entry.json" or name.endswith(".pf_meta"):
        return "entry metadata"
    if name.endswith(".pagefind"):
        return "wasm"
    for folder in ("index", "fragment", "filter"):
        if f"/pagefind/{folder}/" in path:
            return {"index": "index chunks", "fragment": "fragments", "filter": "filter chunks"}[folder]
    return "other"


def summarise(log: list[tuple[str, int, int]]) -> dict:
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for path, wire, raw in log:
        entry = kinds[kind_of(path)]
        entry[0] += 1
        entry[1] += wire
        entry[2] += raw
    search = [v for k, v in kinds.items() if k != "page"]
    return {
        "kinds": {k: {"files": v[0], "gzip": v[1], "uncompressed": v[2]} for k, v in sorted(kinds.items())},
        "search_gzip": sum(v[1] for v in search),
        "search_uncompressed": sum(v[2] for v in search),
        "pagefind_gzip": sum(v[1] for k, v in kinds.items() if k not in ("page", "search UI")),
    }


# --- Steps ------------------------------------------------------------------------------------------------------

def build(site_root: Path) -> float:
    """Build with MkDocs, indexing switched off (it is timed on its own)."""
    config = site_root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # The projecth plugin's search feature, as in the library's mkdocs.yml (`  - projecth:` with its options).
    text = re.sub(r"^  - projecth:\s*$", "  - projecth:\n      search:\n        indexing: false", text, count=1,
                  flags=re.MULTILINE)
    config.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site_root, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - started


def index(site_dir: Path, runs: int) -> dict:
    seconds, peaks, result = [], [], None
    for _ in range(runs):
        # Each run in a child process of its own, so its peak memory is its own.
        code = ("import json, resource, sys; from projecth.search.indexer import run_pagefind; "
                "r = run_pagefind(sys.argv[1]); "
                "print(json.dumps({'pages': r.pages, 'seconds': r.seconds, "
                "'peak_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))")
        out = subprocess.run([sys.executable, "-c", code, str(site_dir)], check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        seconds.append(result["seconds"])
        peaks.append(result["peak_kb"])
    bundle = site_dir / "pagefind"
    sizes = {folder: [p.stat().st_size for p in (bundle / folder).glob("*")] for folder in ("index", "fragment", "filter")}
    meta = next(bundle.glob("pagefind.*.pf_meta")).stat().st_size
    return {
        "pages": result["pages"],
        "seconds_median": statistics.median(seconds),
        "seconds_all": seconds,
        "peak_mb": max(peaks) / 1024,
        "bundle": {
            "meta_bytes": meta,
            "wasm_bytes": (bundle / "wasm.en.pagefind").stat().st_size,
            "index_chunks": len(sizes["index"]),
            "index_chunk_mean": statistics.mean(sizes["index"]),
            "fragment_mean": statistics.mean(sizes["fragment"]),
            "filter_chunks_total": sum(sizes["filter"]),
        },
    }


def browse(site_dir: Path, queries: tuple[str, ...]) -> dict:
    from playwright.sync_api import expect, sync_playwright

    host = Host(site_dir)
    thread = threading.Thread(target=host.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{host.server_port}/"
    figures: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for query in queries:
                address = f"{base}search/?q={query.replace(' ', '+')}"
                # Phone: first query without filter data, then the visitor opens the filters.
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                host.take()
                page.goto(address)
                expect(page.locator("[data-ph-search-status]")).to_contain_text("result", timeout=60_000)
                page.wait_for_load_state("networkidle")
                phone_first = summarise(host.take())
                page.locator(".ph-search__filters-summary").click()
                expect(page.locator(".ph-facet__count").first).to_have_text(re.compile(r"\(\d"), timeout=60_000)
                page.wait_for_load_state("networkidle")
                phone_filters = summarise(host.take())
                context.close()
                # Desktop: the filters are open and load after the first results; then a filter is ticked.
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(address)
                expect(page.locator("[data-ph-search-status]")).to_contain_text("result", timeout=60_000)
                expect(page.locator(".ph-facet__count").first).to_have_text(re.compile(r"\(\d"), timeout=60_000)
                page.wait_for_load_state("networkidle")
                desktop_first = summarise(host.take())
                status = page.locator("[data-ph-search-status]").inner_text()
                page.locator(".ph-facet input").first.check()
                expect(page.locator("[data-ph-search-status]")).not_to_have_text(status, timeout=60_000)
                page.wait_for_load_state("networkidle")
                desktop_filter = summarise(host.take())
                context.close()
                figures[query] = {"phone_first_query": phone_first, "phone_open_filters": phone_filters,
                                  "desktop_first_query": desktop_first, "desktop_tick_filter": desktop_filter,
                                  "results": status}
            browser.close()
    finally:
        host.shutdown()
        host.server_close()
    return figures


# --- Report -----------------------------------------------------------------------------------------------------

def kb(value: float) -> str:
    return f"{value / 1024:.1f} KB"


def report(size: int, built: float, indexed: dict, figures: dict) -> list[str]:
    lines = [f"## {size:,} resources", "",
             f"- build (MkDocs, indexing off): {built:.1f} s",
             f"- Pagefind indexing: {indexed['seconds_median']:.1f} s median of "
             f"{len(indexed['seconds_all'])} ({', '.join(f'{s:.1f}' for s in indexed['seconds_all'])}), "
             f"{indexed['pages']:,} pages, peak memory {indexed['peak_mb']:.0f} MB",
             f"- bundle: entry metadata {kb(indexed['bundle']['meta_bytes'])}, wasm {kb(indexed['bundle']['wasm_bytes'])}, "
             f"{indexed['bundle']['index_chunks']} index chunks of {kb(indexed['bundle']['index_chunk_mean'])} on average, "
             f"fragments of {kb(indexed['bundle']['fragment_mean'])} on average, "
             f"filter chunks {kb(indexed['bundle']['filter_chunks_total'])} in all", ""]
    lines += ["| query | phone: first query | phone: + open filters | desktop: first query with filters | "
              "desktop: + tick a filter |", "|---|---|---|---|---|"]
    for query, f in figures.items():
        cells = [f"{kb(s['search_gzip'])} gzip ({kb(s['search_uncompressed'])})"
                 for s in (f["phone_first_query"], f["phone_open_filters"], f["desktop_first_query"],
                           f["desktop_tick_filter"])]
        lines.append(f"| {query} | " + " | ".join(cells) + " |")
    first = next(iter(figures.values()))
    lines += ["", f"Breakdown of the phone's first query for \"{next(iter(figures))}\" (gzip, uncompressed):", ""]
    for kind, v in first["phone_first_query"]["kinds"].items():
        lines.append(f"- {kind}: {v['files']} file(s), {kb(v['gzip'])}, {kb(v['uncompressed'])}")
    lines += ["", f"Breakdown of opening the filters:", ""]
    for kind, v in first["phone_open_filters"]["kinds"].items():
        lines.append(f"- {kind}: {v['files']} file(s), {kb(v['gzip'])}, {kb(v['uncompressed'])}")
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="indexing runs per size (median reported)")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "projecth-search-bench")
    parser.add_argument("--queries", nargs="+", default=list(QUERIES))
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse a library built by an earlier run in --work (after changing only the search UI)")
    args = parser.parse_args(argv)
    everything, lines = {}, []
    for size in args.sizes:
        root = args.work / f"library-{size}"
        if args.reuse and (root / "site" / "index.html").is_file():
            built = float("nan")  # built by an earlier run
        else:
            generate.generate(root, size, seed=490)
            built = build(root)
        indexed = index(root / "site", args.runs)
        figures = browse(root / "site", tuple(args.queries))
        everything[size] = {"build_seconds": built, "indexing": indexed, "queries": figures}
        lines += report(size, built, indexed, figures)
        print("\n".join(report(size, built, indexed, figures)), flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
