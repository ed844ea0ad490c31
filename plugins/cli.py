"""The `projecth` command: check a library, scaffold a resource. Works without MkDocs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .core.diagnostics import format_diagnostics
from .core.fields import FieldChecker
from .core.library import load_library
from .core.model import RESOURCE_FIELDS
from .core.scaffold import render_resource, resource_path
from .core.strictyaml import SCALAR, Node
from .core.taxonomy import Taxonomy, load_taxonomy

TAXONOMY_FILE = "taxonomy.yml"


def find_taxonomy(content_dir: Path, explicit: str | None) -> Path:
    """taxonomy.yml at the root of content/, or beside it (next to mkdocs.yml)."""
    if explicit:
        return Path(explicit)
    for candidate in (content_dir / TAXONOMY_FILE, content_dir.parent / TAXONOMY_FILE):
        if candidate.is_file():
            return candidate
    return content_dir.parent / TAXONOMY_FILE


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text}") from error


def _load_taxonomy(content: Path, explicit: str | None, fmt: str) -> Taxonomy | None:
    path = find_taxonomy(content, explicit)
    taxonomy, report = load_taxonomy(path, display_path=str(path))
    for line in format_diagnostics(report.sorted(), fmt):
        print(line)
    return taxonomy


def command_check(args: argparse.Namespace) -> int:
    content = Path(args.content_dir)
    taxonomy = _load_taxonomy(content, args.taxonomy, args.format)
    if taxonomy is None:
        print("projecth check: the taxonomy has errors; fix them first", file=sys.stderr)
        return 1
    library = load_library(content, taxonomy, today=args.today)
    items = library.report.sorted()
    for line in format_diagnostics(items, args.format, prefix=args.content_dir):
        print(line)
    errors, warnings = len(library.report.errors), len(library.report.warnings)
    files = len({d.path for d in items if d.severity == "error"})
    if errors:
        print(f"projecth check: {errors} error(s) in {files} file(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    resources = len(library.catalogue) if library.catalogue is not None else 0
    print(f"projecth check: no errors, {warnings} warning(s); {resources} published resource(s), "
          f"{len(library.drafts)} draft(s)", file=sys.stderr)
    return 0


def command_new(args: argparse.Namespace) -> int:
    content = Path(args.content)
    taxonomy = _load_taxonomy(content, args.taxonomy, "text")
    if taxonomy is None:
        return 1
    if args.network not in taxonomy.networks:
        near = taxonomy.networks.nearest(args.network)
        hint = f" Did you mean `{near}`?" if near else ""
        print(f"projecth new: `{args.network}` is not a network in taxonomy.yml.{hint} "
              f"Networks: {', '.join(taxonomy.networks.slugs())}", file=sys.stderr)
        return 2
    problems: list[str] = []
    title_spec = next(spec for spec in RESOURCE_FIELDS if spec.name == "title")
    title = FieldChecker(taxonomy, lambda line, col, message: problems.append(message)).text(
        Node(SCALAR, args.title, 1, 1, raw=args.title, plain=False), title_spec
    )
    if title is None:
        print(f"projecth new: {problems[0]}", file=sys.stderr)
        return 2
    relative = resource_path(args.network, title)
    target = content / relative
    if target.exists():
        print(f"projecth new: {target} already exists; choose another title", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_resource(taxonomy, args.network, title, args.today), encoding="utf-8")
    print(target)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="projecth", description="Check and grow a Project H library.")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate every file of a library, without building the site")
    check.add_argument("content_dir", nargs="?", default="content", help="the content folder (default: content)")
    check.add_argument("--taxonomy", help="taxonomy.yml (default: in or beside the content folder)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text: path:line:col lines; github: GitHub Actions annotations")
    check.add_argument("--today", type=_date, default=dt.date.today(), help=argparse.SUPPRESS)
    check.set_defaults(handler=command_check)

    new = commands.add_parser("new", help="start a new file that passes the check")
    kinds = new.add_subparsers(dest="kind", required=True)
    resource = kinds.add_parser("resource", help="a new resource in a network's folder")
    resource.add_argument("--network", required=True, help="the network group's slug, from taxonomy.yml")
    resource.add_argument("--title", required=True, help="the resource's title")
    resource.add_argument("--content", default="content", help="the content folder (default: content)")
    resource.add_argument("--taxonomy", help="taxonomy.yml (default: in or beside the content folder)")
    resource.add_argument("--today", type=_date, default=dt.date.today(), help=argparse.SUPPRESS)
    resource.set_defaults(handler=command_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
