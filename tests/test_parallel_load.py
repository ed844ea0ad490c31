"""`projecth check` reads a large library in several processes: the result must be the one a single process gives."""

from __future__ import annotations

from projecth.core.library import loader as library_module
from projecth.core.reading.diagnostics import Report
from projecth.core.library.loader import load_library

from conftest import TODAY


def test_reading_in_two_processes_gives_the_same_report_and_catalogue(library, monkeypatch):
    for number in range(12):
        library.resource(f"networks/maths/resource-{number:02d}.md", title=f"Resource {number}",
                         related="[networks/maths/resource-00]" if number else None)
    library.resource("networks/maths/bad-licence.md", title="Bad licence", licence="CC-BY-9.9")
    library.resource("networks/english/wrong-folder.md", title="Wrong folder")  # network: maths in the fields
    library.write("networks/maths/no-front-matter.md", "Just text.\n")
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 2)  # small enough to split this library
    serial = load_library(library.content, library.taxonomy, today=TODAY)

    merged = []  # the parallel path merges each process's diagnostics into the report: proof it ran
    extend = Report.extend
    monkeypatch.setattr(Report, "extend", lambda self, items: merged.append(list(items)) or extend(self, items))
    parallel = load_library(library.content, library.taxonomy, today=TODAY, processes=2)
    assert len(merged) == 2

    assert serial.report.sorted() == parallel.report.sorted()
    assert len(serial.report.errors) >= 3  # the three broken files, each named
    assert {d.path for d in serial.report.errors} >= {
        "networks/maths/bad-licence.md", "networks/english/wrong-folder.md", "networks/maths/no-front-matter.md"}
    assert serial.pages == parallel.pages and serial.drafts == parallel.drafts


def test_a_valid_library_read_in_two_processes_has_the_same_catalogue(library, monkeypatch):
    for number in range(9):
        library.resource(f"networks/maths/resource-{number:02d}.md", title=f"Resource {number}",
                         published=f"2025-01-{number + 10:02d}")
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 2)
    serial = load_library(library.content, library.taxonomy, today=TODAY)
    parallel = load_library(library.content, library.taxonomy, today=TODAY, processes=2)
    assert serial.catalogue is not None and parallel.catalogue is not None
    assert serial.catalogue.resources == parallel.catalogue.resources
    assert len(parallel.catalogue.resources) == 9


def test_bodies_checked_in_two_processes_give_the_same_findings_at_the_same_lines(library, monkeypatch):
    """The body check renders and checks bodies in forked processes; links are then checked against the anchors of
    every page, wherever it was rendered, and findings are located at the same source lines."""
    from projecth.core.security import body_check as body_module

    for number in range(8):
        library.resource(f"networks/maths/resource-{number:02d}.md", title=f"Resource {number}",
                         body=f"## Part {number}\n\nSee [the next one](resource-{(number + 1) % 8:02d}.md#part-"
                              f"{(number + 1) % 8}) and [this part](#part-{number}).\n")
    # A wrong anchor into a page the other process renders, an attack, and a link to nowhere: each at its line.
    library.resource("networks/maths/resource-07.md", title="Resource 7",
                     body="## Part 7\n\nSee [the first](resource-00.md#part-9).\n\n"
                          '<a href="java&#9;script:alert(1)">x</a>\n\n[Gone](missing.md)\n')
    monkeypatch.setattr(body_module, "PARALLEL_FROM", 2)
    serial = load_library(library.content, library.taxonomy, today=TODAY)

    chunks = []
    in_chunks = body_module.in_chunks
    monkeypatch.setattr(body_module, "in_chunks",
                        lambda *args: chunks.append(result := in_chunks(*args)) or result)
    parallel = load_library(library.content, library.taxonomy, today=TODAY, processes=2)
    assert [len(result) for result in chunks] == [2]  # the bodies went to two processes

    assert serial.report.sorted() == parallel.report.sorted()
    lines = sorted(d.line for d in parallel.report.errors if d.path == "networks/maths/resource-07.md")
    assert len(lines) == 3 and lines[1] - lines[0] == 2 and lines[2] - lines[1] == 2  # body lines 3, 5 and 7
    messages = " | ".join(d.message for d in parallel.report.errors)
    assert "has no heading or anchor `part-9`" in messages
    assert "`javascript:` URL" in messages
    assert "`networks/maths/missing.md`, which does not exist" in messages
    assert len(parallel.report.errors) == 3
