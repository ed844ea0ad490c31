"""The `projecth` command: check, scaffold and report on a library. Works without MkDocs.

Each subcommand lives in `projecth.commands.<name>`; adding one means adding its module here.
"""

from __future__ import annotations

import argparse
import sys

from .commands import check, codeowners, convert, fix, import_, init, new, report

COMMANDS = (check, new, convert, fix, report, init, import_, codeowners)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="projecth", description="Check and grow a Project H library.")
    subcommands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(subcommands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
