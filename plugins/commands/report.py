"""`projecth report`: reports for network groups (coverage of the curriculum by resources, reviews due)."""

from __future__ import annotations

import argparse
import sys

from ..core.library.reports import FORMATS, coverage_report
from ..core.library.reviews import DEFAULT_HORIZON_DAYS, reviews_report
from . import add_library_arguments, read_valid_library


def register(commands) -> None:
    report = commands.add_parser("report", help="reports for network groups")
    reports = report.add_subparsers(dest="report", required=True)
    coverage = reports.add_parser("coverage", help="which curriculum units have resources, and the gaps")
    add_library_arguments(coverage)
    coverage.add_argument("--format", choices=FORMATS, default="text")
    coverage.set_defaults(handler=report_coverage)
    reviews = reports.add_parser("reviews", help="resources past their review date, and those due soon, by network")
    add_library_arguments(reviews)
    reviews.add_argument("--format", choices=FORMATS, default="text")
    reviews.add_argument("--within", type=days_argument, default=DEFAULT_HORIZON_DAYS, metavar="DAYS",
                         help=f"list reviews due in the next DAYS days as upcoming (default {DEFAULT_HORIZON_DAYS})")
    reviews.set_defaults(handler=report_reviews)


def report_coverage(args: argparse.Namespace) -> int:
    library = read_valid_library(args, "report")
    if library is None:
        return 1
    sys.stdout.write(coverage_report(library.catalogue, args.format))
    return 0


def days_argument(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a number of days (0 or more): {text}")
    return int(text)


def report_reviews(args: argparse.Namespace) -> int:
    library = read_valid_library(args, "report")
    if library is None:
        return 1
    sys.stdout.write(reviews_report(library.catalogue.resources, library.catalogue.taxonomy, args.today,
                                    args.format, args.within))
    return 0
