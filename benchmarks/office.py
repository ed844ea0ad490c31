"""What the editable copies (Word, PowerPoint) cost a build: cold (nothing cached) and warm (all cached).

    python benchmarks/office.py                          # the starter library and a generated 1,000-resource one
    python benchmarks/office.py --sizes 0 --runs 3       # the starter library only (size 0), three runs
    python benchmarks/office.py --per-document 30        # also time one `pandoc` process per document, on 30

It calls what the projecth plugin's reuse feature calls (`projecth.core.publishing.office.make_copies`) on the loaded library, so the
figures are the conversion's own share of a build: cold with an empty cache folder, warm with the cache the cold
run filled (what CI sees with the cache kept, and what every local rebuild sees). Conversion runs in one
`pandoc lua` process per core (`--processes`, default all usable cores); `--per-document N` times the other way,
one `pandoc` process per document (`pandoc -f markdown -o x.docx`), on the first N documents, for comparison.
Times are medians of `--runs` runs, with every run shown.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from projecth.core.publishing import office# noqa: E402
from projecth.core.reading.parallel import usable_cores  # noqa: E402
from projecth.core.library.loader import load_library  # noqa: E402
from projecth.core.publishing.attribution import SiteInfo  # noqa: E402
from projecth.core.model.taxonomy import load_taxonomy  # noqa: E402


def library_at(size: int, work: Path) -> Path:
    """The site folder for `size` resources: the repository itself for 0, else a generated library (kept)."""
    if size == 0:
        return REPO
    folder = work / str(size)
    if not (folder / "mkdocs.yml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(folder), "--resources", str(size)], check=True)
    return folder


def measure(root: Path, runs: int, processes: int, per_document: int) -> dict:
    taxonomy, _ = load_taxonomy(root / "taxonomy.yml")
    library = load_library(root / "content", taxonomy)
    assert library.catalogue is not None, "the library does not pass the check"
    resources = library.catalogue.resources
    site = SiteInfo(name="Benchmark library", url="https://example.org/", publisher="A trust")
    page_url = lambda path: path[:-3] + "/" if path.endswith(".md") else path  # noqa: E731
    content = root / "content"
    cold, warm, documents = [], [], 0
    for _ in range(runs):
        cache = Path(tempfile.mkdtemp(prefix="projecth-office-bench-"))
        try:
            started = time.perf_counter()
            result = office.make_copies(resources, content, taxonomy, site, page_url, cache, processes=processes)
            cold.append(time.perf_counter() - started)
            documents = result.converted
            started = time.perf_counter()
            again = office.make_copies(resources, content, taxonomy, site, page_url, cache, processes=processes)
            warm.append(time.perf_counter() - started)
            assert again.converted == 0 and again.reused == documents
            assert again.files == result.files, "a warm build must give the same bytes"
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    figures = {"resources": len(resources), "documents": documents, "cold": cold, "warm": warm}
    if per_document:
        figures["per_document"] = one_process_each(resources[:per_document], content, taxonomy, site, page_url)
    return figures


def one_process_each(resources, content: Path, taxonomy, site, page_url) -> tuple[int, float]:
    """One `pandoc` process per document (the same Markdown, straight to .docx): (documents, seconds)."""
    binary = office.pandoc_path()
    copies = [copy for copy in office.plan(resources, content, taxonomy, site, page_url, "x") if copy.format == "docx"]
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        for number, copy in enumerate(copies):
            subprocess.run([binary, "-f", office.READER, "-o", f"{work}/{number}.docx"],
                           input=office.pandoc_markdown(copy.job).encode("utf-8"), check=True)
        return len(copies), time.perf_counter() - started


def shown(times: list[float], documents: int) -> str:
    median = statistics.median(times)
    each = f", {1000 * median / documents:.0f} ms a document" if documents else ""
    return f"{median:.2f} s{each} (runs: {', '.join(f'{t:.2f}' for t in times)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000],
                        help="libraries to measure: 0 is the starter library, N a generated one (default 0 1000)")
    parser.add_argument("--runs", type=int, default=1, help="cold+warm rounds per size (default 1; median shown)")
    parser.add_argument("--processes", type=int, default=usable_cores(), help="pandoc lua processes (default: cores)")
    parser.add_argument("--per-document", type=int, default=0, metavar="N",
                        help="also time one pandoc process per document on the first N documents")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "projecth-bench",
                        help="where generated libraries are kept between runs")
    args = parser.parse_args(argv)
    binary = office.pandoc_path()
    print(f"{office.pandoc_version(binary)}; {args.processes} pandoc lua process(es)")
    for size in args.sizes:
        root = library_at(size, args.work)
        figures = measure(root, args.runs, args.processes, args.per_document)
        name = "starter library" if size == 0 else f"generated library, {size} resources"
        print(f"\n{name}: {figures['resources']} resources, {figures['documents']} documents")
        print(f"  cold (empty cache): {shown(figures['cold'], figures['documents'])}")
        print(f"  warm (all cached):  {shown(figures['warm'], figures['documents'])}")
        if "per_document" in figures:
            count, seconds = figures["per_document"]
            print(f"  one pandoc process per document: {seconds:.2f} s for {count}, "
                  f"{1000 * seconds / count:.0f} ms a document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
