"""`projecth codeowners`: write .github/CODEOWNERS from taxonomy.yml, or check that it is up to date."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ..core.authoring.codeowners import CODEOWNERS_PATH, DEFAULT_MAINTAINERS, OWNER, render_codeowners
from . import find_taxonomy, read_taxonomy


def register(commands) -> None:
    codeowners = commands.add_parser(
        "codeowners", help="write .github/CODEOWNERS from taxonomy.yml (each network's team owns its folder)")
    codeowners.add_argument("--check", action="store_true",
                            help="write nothing; fail when the file differs from what taxonomy.yml gives")
    codeowners.add_argument("--output", default=CODEOWNERS_PATH, help=f"the file (default: {CODEOWNERS_PATH})")
    codeowners.add_argument("--maintainers", nargs="+", type=owner_argument, default=list(DEFAULT_MAINTAINERS),
                            metavar="OWNER", help="who owns everything else, and all code "
                            f"(default: {' '.join(DEFAULT_MAINTAINERS)})")
    codeowners.add_argument("--content", dest="content_dir", default="content",
                            help="the content folder, relative to the repository's root (default: content)")
    codeowners.add_argument("--taxonomy", help="taxonomy.yml (default: in or beside the content folder)")
    codeowners.set_defaults(handler=run)


def owner_argument(text: str) -> str:
    if not OWNER.match(text):
        raise argparse.ArgumentTypeError(f"not a GitHub team (@org/team), user (@name) or e-mail address: {text}")
    return text


def run(args: argparse.Namespace) -> int:
    taxonomy = read_taxonomy(args)
    if taxonomy is None:
        print(f"projecth codeowners: {find_taxonomy(Path(args.content_dir), args.taxonomy)} has errors; fix them "
              "first", file=sys.stderr)
        return 1
    result = render_codeowners(taxonomy, tuple(args.maintainers), args.content_dir)
    for problem in result.problems:
        print(f"projecth codeowners: {problem}", file=sys.stderr)
    for network in result.unowned:
        print(f"projecth codeowners: network `{network}` has no `team` in taxonomy.yml, so the maintainers review "
              "its resources", file=sys.stderr)
    output = Path(args.output)
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if args.check:
        if current == result.text:
            print(f"projecth codeowners: {output} is up to date", file=sys.stderr)
            return 1 if result.problems else 0
        if current is None:
            print(f"projecth codeowners: {output} does not exist; run `projecth codeowners` to write it",
                  file=sys.stderr)
        else:
            sys.stderr.writelines(difflib.unified_diff(current.splitlines(keepends=True),
                                                       result.text.splitlines(keepends=True),
                                                       f"{output} (as it is)", f"{output} (from taxonomy.yml)"))
            print(f"projecth codeowners: {output} is out of date with taxonomy.yml; run `projecth codeowners` and "
                  "commit the result", file=sys.stderr)
        return 1
    if current != result.text:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(result.text, encoding="utf-8")
    print(output)
    return 1 if result.problems else 0
