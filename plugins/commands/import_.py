"""`projecth import SOURCE --id ID --network NETWORK`: a resource from another Project H library, as a draft."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.reading.diagnostics import format_diagnostics
from ..core.library.loader import load_library
from . import add_library_arguments, read_taxonomy


def register(commands) -> None:
    command = commands.add_parser(
        "import", help="copy a resource from another Project H library into a network's folder, as a draft")
    command.add_argument("source", help="the other library: its address (https://...), or a folder holding its "
                                        "built site or catalog.json")
    command.add_argument("--id", dest="resource_id", required=True,
                         help="the resource's id in that library, e.g. networks/maths/bar-models")
    command.add_argument("--network", required=True, help="the network of this library that will own the copy")
    command.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                         help="the longest the whole import may take (default: 60)")
    command.add_argument("--size-limit", type=float, default=None, metavar="MB",
                         help="the largest file the import fetches, in MB (default: 25)")
    command.add_argument("--allow-private-addresses", action="store_true",
                         help="also fetch from this computer (127.0.0.1, localhost) and private network addresses: "
                              "for testing, or a library on the school's own network. Never link-local or cloud "
                              "metadata addresses. Off by default")
    add_library_arguments(command, positional=False)
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: the importer's HTTP client would add 40 ms to the start of every other command.
    from ..core.authoring.importer import ImportRefused, Limits, Source, import_resource

    taxonomy = read_taxonomy(args)
    if taxonomy is None:
        return 1
    content = Path(args.content_dir)
    defaults = Limits()
    if (args.time_limit is not None and args.time_limit <= 0) or (args.size_limit is not None and args.size_limit <= 0):
        print("projecth import: --time-limit and --size-limit must be more than 0", file=sys.stderr)
        return 2
    limits = Limits(total_seconds=args.time_limit if args.time_limit is not None else defaults.total_seconds,
                    max_bytes=int(args.size_limit * 1024 * 1024) if args.size_limit is not None else defaults.max_bytes,
                    allow_private_addresses=args.allow_private_addresses)
    try:
        result = import_resource(Source(args.source, limits), args.resource_id, args.network, content, taxonomy,
                                 args.today)
    except ImportRefused as error:
        print(f"projecth import: refused: {error}", file=sys.stderr)
        return 2
    print(result.path)
    for path in result.attachments:
        print(f"  attachment: {path}")
    for path in result.images:
        print(f"  image: {path}")
    for note in result.notes:
        print(f"  note: {note}")
    src = result.path.relative_to(content).as_posix()
    library = load_library(content, taxonomy, today=args.today)
    problems = [d for d in library.report.errors if d.path == src]
    if problems:
        for line in format_diagnostics(problems, prefix=args.content_dir):
            print(line)
        print("projecth import: the draft was written but needs the fixes above before it passes the check",
              file=sys.stderr)
        return 1
    print("projecth import: imported as a draft (status: draft); review it, say what you changed, then remove "
          "`status: draft` to publish", file=sys.stderr)
    return 0
