"""`projecth fix [--dry-run] [content]`: make the fixes the check is sure of, and say what changed.

Renames files and folders to slugs and rewrites every reference to them, adds `.md` to page links
written without it, and turns absolute links in adapted pages into the source site's full addresses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.authoring.fix import apply, plan


def register(commands) -> None:
    fix = commands.add_parser("fix", help="rename files to slugs (rewriting every reference), add `.md` to page "
                              "links, and make absolute links in adapted pages full addresses")
    fix.add_argument("content_dir", nargs="?", default="content", help="the content folder (default: content)")
    fix.add_argument("--dry-run", action="store_true", help="show what would change, without changing anything")
    fix.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    content = Path(args.content_dir)
    if not content.is_dir():
        print(f"projecth fix: {content} is not a folder", file=sys.stderr)
        return 2
    fixes = plan(content)
    prefix = args.content_dir.rstrip("/")
    verb = "would fix" if args.dry_run else "fixed"
    for change in fixes.changes:
        print(f"{prefix}/{change.path}:{change.line}: {verb}: {change.what}")
    for change in fixes.not_done:
        print(f"{prefix}/{change.path}:{change.line}: not fixed: {change.what}")
    if not args.dry_run:
        apply(content, fixes)
    count = len(fixes.changes)
    if not count:
        print("projecth fix: nothing to fix", file=sys.stderr)
    elif args.dry_run:
        print(f"projecth fix: {count} fix(es) to make; run `projecth fix` without --dry-run to make them",
              file=sys.stderr)
    else:
        print(f"projecth fix: {count} fix(es) made; run `projecth check` for anything left", file=sys.stderr)
    return 1 if fixes.not_done else 0
