"""`projecth init DIR --name "Their Trust"`: a new library for another trust, that checks and builds as it is."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..core.authoring.new_site import LICENCES, BrandError, SkeletonOptions, skeleton_files
from . import date_argument

LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


def register(commands) -> None:
    init = commands.add_parser("init", help="start a new library for another trust: configuration, taxonomy, "
                                            "one network and one resource")
    init.add_argument("directory", help="the folder to create (it must not exist, or be empty)")
    init.add_argument("--name", required=True, help="the trust's name, e.g. \"Their Trust\"")
    init.add_argument("--site-url", default="http://127.0.0.1:8000/",
                      help="the base address the library will be published at (default: a local preview)")
    init.add_argument("--repo-url", default="", help="the library's repository, e.g. https://github.com/org/library")
    init.add_argument("--primary", default="#1f4e79",
                      help="the header colour, as #rrggbb; white text on it must reach 4.5:1 (default: #1f4e79)")
    init.add_argument("--accent", help="the colour links turn on hover, as #rrggbb; 4.5:1 on white")
    init.add_argument("--licence", default="CC-BY-4.0", choices=LICENCES,
                      help="the licence new resources start with (default: CC-BY-4.0)")
    init.add_argument("--network", default="Teaching and learning network", help="the name of the first network")
    init.add_argument("--logo", help="a logo file (SVG, PNG, JPEG or WebP) to use instead of the generated one")
    init.add_argument("--today", type=date_argument, default=None, help=argparse.SUPPRESS)
    init.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    target = Path(args.directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"projecth init: {target} already exists and is not empty; choose a new folder", file=sys.stderr)
        return 2
    logo = Path(args.logo) if args.logo else None
    if logo is not None:
        if not logo.is_file():
            print(f"projecth init: the logo {logo} does not exist", file=sys.stderr)
            return 2
        if logo.suffix.lower() not in LOGO_SUFFIXES:
            found = logo.suffix or "a file without an extension"
            print(f"projecth init: the logo must be one of {', '.join(LOGO_SUFFIXES)}, not {found}", file=sys.stderr)
            return 2
    options = SkeletonOptions(
        name=args.name, site_url=args.site_url, repo_url=args.repo_url, primary=args.primary, accent=args.accent,
        licence=args.licence, network=args.network,
        logo_suffix=logo.suffix.lower() if logo else ".svg", generated_logo=logo is None,
    )
    try:
        files = skeleton_files(options, args.today or dt.date.today())
    except BrandError as error:
        print(f"projecth init: {error}", file=sys.stderr)
        return 2
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if logo is not None:
        shutil.copyfile(logo, target / "content" / "assets" / f"logo{options.logo_suffix}")
    print(f"projecth init: created the library of {options.name} in {target}. Next:\n"
          f"  cd {target}\n  projecth check content\n  mkdocs serve")
    return 0
