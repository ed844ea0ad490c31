"""The `projecth` subcommands, one module each; each module's `register(subparsers)` adds its parser.

Shared here: finding taxonomy.yml, reading dates, and loading a library the way every command does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..core.reading.diagnostics import format_diagnostics
from ..core.library.loader import Library, load_library
from ..core.model.taxonomy import Taxonomy, load_taxonomy

TAXONOMY_FILE = "taxonomy.yml"


def find_taxonomy(content_dir: Path, explicit: str | None) -> Path:
    """taxonomy.yml beside content/ (next to mkdocs.yml); never inside it, where it would be published."""
    if explicit:
        return Path(explicit)
    return content_dir.parent / TAXONOMY_FILE


def date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text}") from error


def add_library_arguments(parser: argparse.ArgumentParser, positional: bool = True) -> None:
    """The content folder, the taxonomy and the (hidden) date every library command takes."""
    if positional:
        parser.add_argument("content_dir", nargs="?", default="content", help="the content folder (default: content)")
    else:
        parser.add_argument("--content", dest="content_dir", default="content",
                            help="the content folder (default: content)")
    parser.add_argument("--taxonomy", help="taxonomy.yml (default: in or beside the content folder)")
    parser.add_argument("--today", type=date_argument, default=dt.date.today(), help=argparse.SUPPRESS)


def read_taxonomy(args: argparse.Namespace, fmt: str = "text") -> Taxonomy | None:
    """Load taxonomy.yml, printing its problems (as `fmt`); None when it cannot be used."""
    path = find_taxonomy(Path(args.content_dir), args.taxonomy)
    taxonomy, report = load_taxonomy(path, display_path=str(path))
    for line in format_diagnostics(report.sorted(), fmt):
        print(line)
    return taxonomy


def read_valid_library(args: argparse.Namespace, command: str) -> Library | None:
    """For commands that need a library without errors: print why not, or return it."""
    taxonomy = read_taxonomy(args)
    if taxonomy is None:
        return None
    library = load_library(Path(args.content_dir), taxonomy, today=args.today)
    if library.catalogue is None:
        for line in format_diagnostics(library.report.errors, prefix=args.content_dir):
            print(line, file=sys.stderr)
        print(f"projecth {command}: the library has errors (above); fix them first", file=sys.stderr)
        return None
    return library
