"""`projecth convert FILE…`: rewrite other libraries' syntax (Pandoc, Carpentries, GitHub, MyST, Raspberry Pi,
Kramdown) as the Markdown this site renders, in place; list what it could not convert.

Exit status: 0 when nothing is left to do by hand, 1 when something is (listed), 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.authoring.convert import convert_text


def register(commands) -> None:
    convert = commands.add_parser(
        "convert", help="rewrite foreign syntax (fenced divs, GitHub alerts, MyST, Raspberry Pi blocks, Kramdown "
        "attribute lists) as this site's Markdown, in place")
    convert.add_argument("files", nargs="+", metavar="FILE", help="Markdown files to convert")
    convert.add_argument("--dry-run", action="store_true", help="say what would change, without writing")
    convert.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(f"projecth convert: cannot read {name}: {error}", file=sys.stderr)
            status = 2
            continue
        newline_fixed = text.replace("\r\n", "\n")
        result = convert_text(newline_fixed)
        changed = result.text != newline_fixed
        if changed and not args.dry_run:
            path.write_text(result.text, encoding="utf-8")
        verb = "would change" if args.dry_run else "changed"
        for line, what in result.changed:
            print(f"{name}:{line}: {verb}: {what}")
        for line, what in result.notes:
            print(f"{name}:{line}: check: {what}")
        for finding in result.left:
            print(f"{name}:{finding.line}:{finding.col}: not converted: {finding.message(name)}")
        summary = (f"{len(result.changed)} change(s)" if changed else "nothing to convert")
        left = f"; {len(result.left)} left to do by hand (above)" if result.left else ""
        print(f"projecth convert: {name}: {summary}{left}", file=sys.stderr)
        if result.left and status == 0:
            status = 1
    return status
