"""Review dates: which resources are past their `review_by`, which are coming up, by network group.

A resource's `review_by` is the network's promise to check it is still right.
The resource page says when that date has passed; this module gives the same
verdict to the page, the build's log and `projecth report reviews`, so they
never disagree about what is overdue.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Iterable

from ..model.specs import Resource
from .reports import safe_row
from ..model.taxonomy import Taxonomy, Term

OVERDUE = "overdue"  # review_by has passed
UPCOMING = "upcoming"  # due within the horizon (today counts as upcoming: it is not yet late)
LATER = "later"  # due after the horizon
NO_DATE = "none"  # no review_by at all
DEFAULT_HORIZON_DAYS = 90
FORMATS = ("text", "csv", "markdown")
CSV_COLUMNS = ("network", "status", "review_by", "days", "resource", "title")


@dataclass(frozen=True)
class Review:
    """One resource's review status on a given day."""

    resource: Resource
    status: str
    days: int | None  # days from today until review_by: negative once it has passed; None without a date

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE


def review_of(resource: Resource, today: dt.date, horizon_days: int = DEFAULT_HORIZON_DAYS) -> Review:
    if resource.review_by is None:
        return Review(resource, NO_DATE, None)
    days = (resource.review_by - today).days
    status = OVERDUE if days < 0 else UPCOMING if days <= horizon_days else LATER
    return Review(resource, status, days)


def reviews_by_src(resources: Iterable[Resource], today: dt.date,
                   horizon_days: int = DEFAULT_HORIZON_DAYS) -> dict[str, Review]:
    """Source path -> review, for every resource with a review date (what the pages read)."""
    return {r.src_path: review_of(r, today, horizon_days) for r in resources if r.review_by is not None}


@dataclass
class NetworkReviews:
    """One network group's reviews: overdue and upcoming in date order, and what has no date."""

    network: Term
    overdue: list[Review] = field(default_factory=list)
    upcoming: list[Review] = field(default_factory=list)
    later: list[Review] = field(default_factory=list)
    no_date: list[Review] = field(default_factory=list)


def reviews_by_network(resources: Iterable[Resource], taxonomy: Taxonomy, today: dt.date,
                       horizon_days: int = DEFAULT_HORIZON_DAYS) -> list[NetworkReviews]:
    """Every network of the taxonomy, in its order, even one with nothing to review."""
    groups = {network.slug: NetworkReviews(network) for network in taxonomy.networks}
    buckets = {OVERDUE: "overdue", UPCOMING: "upcoming", LATER: "later", NO_DATE: "no_date"}
    for resource in resources:
        review = review_of(resource, today, horizon_days)
        getattr(groups[resource.network], buckets[review.status]).append(review)
    for group in groups.values():
        for reviews in (group.overdue, group.upcoming, group.later):
            reviews.sort(key=lambda r: (r.resource.review_by, r.resource.id))
        group.no_date.sort(key=lambda r: r.resource.id)
    return list(groups.values())


def reviews_report(resources: Iterable[Resource], taxonomy: Taxonomy, today: dt.date, fmt: str = "text",
                   horizon_days: int = DEFAULT_HORIZON_DAYS) -> str:
    groups = reviews_by_network(resources, taxonomy, today, horizon_days)
    if fmt == "csv":
        return _csv(groups)
    if fmt == "markdown":
        return _markdown(groups, today, horizon_days)
    return _text(groups, today, horizon_days)


def _when(review: Review) -> str:
    days = review.days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def _text(groups: list[NetworkReviews], today: dt.date, horizon: int) -> str:
    lines = [f"Reviews on {today.isoformat()}: overdue, and due in the next {horizon} days, by network group", ""]
    for group in groups:
        lines.append(f"{group.network.label}: {len(group.overdue)} overdue, {len(group.upcoming)} due in the next "
                     f"{horizon} days, {len(group.later)} later, {len(group.no_date)} without a review date")
        for review in group.overdue + group.upcoming:
            mark = "OVERDUE " if review.overdue else "upcoming"
            lines.append(f"  {mark} {review.resource.review_by.isoformat()} ({_when(review)}) "
                         f"{review.resource.id}: {review.resource.title}")
        for review in group.no_date:
            lines.append(f"  no date  {review.resource.id}: {review.resource.title}")
        lines.append("")
    return "\n".join(lines)


def _csv(groups: list[NetworkReviews]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in groups:
        for review in group.overdue + group.upcoming + group.no_date:
            resource = review.resource
            writer.writerow(safe_row((group.network.slug, review.status,
                             resource.review_by.isoformat() if resource.review_by else "",
                             "" if review.days is None else review.days, resource.id, resource.title)))
    return out.getvalue()


def _markdown(groups: list[NetworkReviews], today: dt.date, horizon: int) -> str:
    lines = [f"# Reviews on {today.isoformat()}", "",
             f"| Network group | Overdue | Due in the next {horizon} days | Later | No review date |",
             "|---|---|---|---|---|"]
    for group in groups:
        lines.append(f"| {_cell(group.network.label)} | {len(group.overdue)} | {len(group.upcoming)} | "
                     f"{len(group.later)} | {len(group.no_date)} |")
    for group in groups:
        listed = group.overdue + group.upcoming + group.no_date
        if not listed:
            continue
        lines += ["", f"## {group.network.label}", "", "| Status | Review by | Resource |", "|---|---|---|"]
        for review in listed:
            resource = review.resource
            status = "**overdue**" if review.overdue else "upcoming" if review.status == UPCOMING else "no date"
            when = f"{resource.review_by.isoformat()} ({_when(review)})" if resource.review_by else ""
            lines.append(f"| {status} | {when} | {_cell(resource.title)} (`{resource.id}`) |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
