"""`projecth check`: every problem in a library, without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.security.body_check import CACHE_FEATURE, read_markdown_config
from ..core.reading.siteconfig import user_cache_dir
from ..core.authoring.check_report import readable, summarise
from ..core.reading.diagnostics import format_diagnostics
from ..core.reading.parallel import usable_cores
from ..core.library.loader import load_library
from . import add_library_arguments, read_taxonomy


def register(commands) -> None:
    check = commands.add_parser("check", help="validate every file of a library, without building the site")
    add_library_arguments(check)
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text: path:line:col lines; github: GitHub Actions annotations")
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    taxonomy = read_taxonomy(args, args.format)
    if taxonomy is None:
        print("projecth check: the taxonomy has errors; fix them first", file=sys.stderr)
        return 1
    # A large library's files are read by as many processes as there are cores (the result is the same).
    # Bodies are checked on the HTML the site's own Markdown configuration renders (mkdocs.yml beside content/).
    site_config = Path(args.content_dir).resolve().parent / "mkdocs.yml"
    markdown_config = read_markdown_config(site_config) if site_config.is_file() else None
    library = load_library(Path(args.content_dir), taxonomy, today=args.today, processes=usable_cores(),
                           markdown_config=markdown_config, cache_dir=user_cache_dir(CACHE_FEATURE, site_config.parent))
    items = library.report.sorted()
    if args.format == "text":  # GitHub annotations stay one per finding, on its own line of the file
        items = readable(items, prefix=args.content_dir)
    for line in format_diagnostics(items, args.format, prefix=args.content_dir):
        print(line)
    summary = summarise(items, _markdown_files(Path(args.content_dir)))
    warnings = summary.warnings
    if summary.errors:
        print(summary.line(), file=sys.stderr)
        return 1
    catalogue = library.catalogue
    versions = sum(len(v) for v in catalogue.curriculum.versions.values())
    print(f"projecth check: {summary.files_checked} file(s) checked; no errors, {warnings} warning(s); "
          f"{len(catalogue)} published resource(s), "
          f"{len(library.drafts)} draft(s), {versions} entitlement version(s), {len(catalogue.case_studies)} "
          "case stud(y/ies)", file=sys.stderr)
    return 0


def _markdown_files(content: Path) -> int:
    """How many Markdown files the check read (hidden files and folders are skipped, as the loader skips them)."""
    if not content.is_dir():
        return 0
    return sum(1 for path in content.rglob("*.md")
               if not any(part.startswith(".") for part in path.relative_to(content).parts))
