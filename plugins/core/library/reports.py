"""Reports for network groups, as text, CSV or Markdown: the same figures the coverage pages show."""

from __future__ import annotations

import csv
import io

from .catalogue import Catalogue

FORMATS = ("text", "csv", "markdown")

# A cell a spreadsheet would read as a formula (or, after a tab or carriage return, shift into one).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that Excel, LibreOffice and Google Sheets show as text: text that starts like a formula
    (`=HYPERLINK(...)`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row):
    """`spreadsheet_safe` on every cell of a row: a sequence, or a mapping as csv.DictWriter takes it."""
    if isinstance(row, dict):
        return {key: spreadsheet_safe(value) for key, value in row.items()}
    return [spreadsheet_safe(value) for value in row]


def coverage_rows(catalogue: Catalogue) -> list[dict[str, str]]:
    """One row per unit of every current entitlement, with the resources that support it."""
    rows = []
    for coverage in catalogue.all_coverage():
        doc = coverage.doc
        for item in coverage.units:
            rows.append({
                "entitlement": f"{doc.subject}/{doc.phase}",
                "version": doc.version,
                "year_group": item.unit.year_group,
                "unit": item.unit.id,
                "title": item.unit.title,
                "entitlements": " ".join(item.unit.entitlements),
                "resources": " ".join(resource.id for resource in item.resources),
                "covered": "yes" if item.resources else "no",
            })
    return rows


def coverage_report(catalogue: Catalogue, fmt: str = "text") -> str:
    if fmt == "csv":
        return _csv(coverage_rows(catalogue))
    if fmt == "markdown":
        return _coverage_markdown(catalogue)
    return _coverage_text(catalogue)


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    fields = list(rows[0]) if rows else ["entitlement", "version", "year_group", "unit", "title", "entitlements",
                                         "resources", "covered"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue()


def _coverage_text(catalogue: Catalogue) -> str:
    lines = []
    for coverage in catalogue.all_coverage():
        doc = coverage.doc
        lines.append(f"{catalogue.entitlement_title(doc, version=True)}: {coverage.covered} of {len(coverage.units)} "
                     f"units have resources ({coverage.percent}%)")
        for entitlement_id, units in coverage.entitlements:
            covered = sum(1 for item in units if item.resources)
            lines.append(f"  entitlement {entitlement_id}: {covered} of {len(units)} units covered")
        for item in coverage.units:
            mark = "covered" if item.resources else "GAP    "
            count = f"{len(item.resources)} resource(s)" if item.resources else "no resources"
            lines.append(f"  {mark} {item.unit.id} ({item.unit.year_group}): {item.unit.title}; {count}")
        lines.append("")
    if not lines:
        return "No curriculum entitlements.\n"
    return "\n".join(lines)


def _coverage_markdown(catalogue: Catalogue) -> str:
    lines = ["| Entitlement | Version | Units | With resources | Gaps | Covered |", "|---|---|---|---|---|---|"]
    for coverage in catalogue.all_coverage():
        doc = coverage.doc
        lines.append(f"| {doc.subject}/{doc.phase} | {doc.version} | {len(coverage.units)} | {coverage.covered} | "
                     f"{len(coverage.gaps)} | {coverage.percent}% |")
    for coverage in catalogue.all_coverage():
        lines += ["", f"## {catalogue.entitlement_title(coverage.doc, version=True)}", "",
                  "| Year | Unit | Resources |", "|---|---|---|"]
        for item in coverage.units:
            resources = ", ".join(f"`{r.id}`" for r in item.resources) or "**gap**"
            lines.append(f"| {item.unit.year_group} | {_cell(item.unit.title)} (`{item.unit.id}`) | {resources} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
