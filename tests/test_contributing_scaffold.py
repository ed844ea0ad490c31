"""`projecth new resource|case-study|entitlement`: files that pass the check unchanged, and friendly prompts."""

from __future__ import annotations

import argparse
import builtins
import io
import shutil
import sys

import pytest
import yaml

from conftest import TAXONOMY_PATH, TODAY
from projecth.cli import build_parser, main
from projecth.commands import new
from projecth.core.authoring.field_guide import item_fields
from projecth.core.model.specs import CASE_STUDY_FIELDS, ENTITLEMENT_FIELDS, RESOURCE_FIELDS, YEAR_UNITS
from test_build import build_site, read
from test_build_curriculum import ENTITLEMENT, NEW_ONLY_UNIT


class NotATerminal(io.StringIO):
    """Standard input from a pipe or CI: empty, and not a terminal."""

    buffer = io.BytesIO()  # MkDocs' config loader compares files with sys.stdin.buffer

    def isatty(self) -> bool:
        return False


class Terminal(NotATerminal):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def project(library, monkeypatch):
    """A library folder with taxonomy.yml beside content/, as the working directory; stdin is not a terminal."""
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    monkeypatch.chdir(library.root)
    monkeypatch.setattr(sys, "stdin", NotATerminal())
    return library


def projecth_new(*args: str) -> int:
    return main(["new", *args, "--today", TODAY.isoformat()])


def written_path(capsys) -> str:
    captured = capsys.readouterr()
    return captured.out.strip()


def front_matter(text: str) -> tuple[list[str], dict]:
    lines = text.split("\n")
    end = lines.index("---", 1)
    return lines[1:end], yaml.safe_load("\n".join(lines[1:end]))


def assert_every_field_explained(text: str, specs) -> None:
    """Every field of the model is in the file (given, or commented out with an example), each with a comment."""
    lines, data = front_matter(text)
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            assert "  # " in line, f"no comment beside: {line}"

    def walk(specs, values) -> None:
        for spec in specs:
            assert any(line.lstrip("#- ").startswith(f"{spec.name}:") for line in lines), spec.name
            value = values.get(spec.name) if isinstance(values, dict) else None
            if value is None or not item_fields(spec):
                continue
            if spec.kind == YEAR_UNITS:
                items = [unit for units in value.values() for unit in units]
            else:
                items = value if isinstance(value, list) else [value]
            for item in items:
                walk(item_fields(spec), item)

    walk(specs, data)


def assert_passes_check(project, path: str) -> None:
    result = project.check()
    assert not result.report.errors, [d.format_text() for d in result.report.errors]
    assert not [d for d in result.report.warnings if path.endswith(d.path)]


def add_published_resources(project) -> None:
    project.resource("networks/reading/older.md", title="Older reading guide", network="reading",
                     subjects="[english]", authors="[Lift Schools Reading network]", published="2024-01-01")
    project.resource("networks/reading/newer.md", title="Newer reading guide", network="reading",
                     subjects="[english]", authors="[Lift Schools Reading network]", published="2025-05-01")


def test_new_resource_explains_every_field_and_passes_check(project, capsys):
    assert projecth_new("resource", "--network", "maths", "--title", "Ratio tables: Year 7") == 0
    path = written_path(capsys)
    assert path == "content/networks/maths/ratio-tables-year-7.md"
    text = (project.root / path).read_text()
    assert_every_field_explained(text, RESOURCE_FIELDS)
    assert "status: draft" in text and 'title: "Ratio tables: Year 7"' in text
    assert_passes_check(project, path)
    assert project.check().drafts == frozenset({"networks/maths/ratio-tables-year-7.md"})


def test_new_case_study_passes_check_and_starts_illustrative(project, capsys):
    add_published_resources(project)
    assert projecth_new("case-study", "--network", "reading", "--title", "Keep-up phonics in key stage 1",
                        "--school", "Millbrook Primary (fictional)") == 0
    path = written_path(capsys)
    assert path == "content/case-studies/keep-up-phonics-in-key-stage-1.md"
    text = (project.root / path).read_text()
    assert_every_field_explained(text, CASE_STUDY_FIELDS)
    _, data = front_matter(text)
    assert data["resources"] == ["networks/reading/newer"]  # the network's newest resource
    assert data["illustrative"] is True and data["school"] == "Millbrook Primary (fictional)"
    assert data["networks"] == ["reading"]
    assert data["status"] == "draft"  # checked, never published until the author says so
    assert_passes_check(project, path)
    library = project.check()
    assert path.removeprefix("content/") in library.drafts
    assert "case-studies/keep-up-phonics-in-key-stage-1.md" not in library.catalogue.case_studies_by_src
    published = (project.root / path).read_text().replace("status: draft", "status: published")
    (project.root / path).write_text(published)
    study = project.check().catalogue.case_studies_by_src["case-studies/keep-up-phonics-in-key-stage-1.md"]
    assert study.illustrative and study.resources == ("networks/reading/newer",)


def test_new_case_study_names_a_given_resource_and_refuses_without_one(project, capsys):
    add_published_resources(project)
    assert projecth_new("case-study", "--network", "reading", "--title", "A", "--resource",
                        "networks/reading/older.md") == 0
    text = (project.root / written_path(capsys)).read_text()
    assert "resources: [networks/reading/older]" in text
    assert projecth_new("case-study", "--network", "reading", "--title", "B", "--resource", "networks/x") == 2
    assert "`networks/x` is not a published resource" in capsys.readouterr().err
    assert projecth_new("case-study", "--network", "attendance", "--title", "C") == 2
    assert "Attendance network has none published yet: give --resource" in capsys.readouterr().err


def test_new_entitlement_passes_check_in_development(project, capsys):
    assert projecth_new("entitlement", "--subject", "maths", "--phase", "primary") == 0
    path = written_path(capsys)
    assert path == "content/entitlements/maths/primary/2026-27.md"  # TODAY is 2026-11-23: this academic year
    text = (project.root / path).read_text()
    assert_every_field_explained(text, ENTITLEMENT_FIELDS)
    _, data = front_matter(text)
    assert data["network"] == "maths" and data["status"] == "in-development"
    assert list(data["years"]) == ["year-1"] and data["years"]["year-1"][0]["id"] == "y1-first-unit"
    assert str(data["valid_from"]) == "2026-09-01"
    assert_passes_check(project, path)


def test_new_entitlement_version_follows_the_newest_and_keeps_it_current(project, capsys):
    project.write("entitlements/maths/secondary/2025-26.md", ENTITLEMENT.format(
        version="2025-26", valid_from="2025-09-01", fractions_title="Fractions", extra_unit=NEW_ONLY_UNIT))
    assert projecth_new("entitlement", "--subject", "maths", "--phase", "secondary") == 0
    assert written_path(capsys) == "content/entitlements/maths/secondary/2026-27.md"
    curriculum = project.check().catalogue.curriculum
    assert [doc.version for doc in curriculum.versions["maths/secondary"]] == ["2025-26", "2026-27"]
    assert curriculum.current["maths/secondary"].version == "2025-26"  # in development: not current yet
    assert projecth_new("entitlement", "--subject", "maths", "--phase", "secondary", "--version", "2026-27") == 2
    assert "already exists" in capsys.readouterr().err
    assert projecth_new("entitlement", "--subject", "maths", "--phase", "secondary", "--version", "2027-29") == 2
    assert "the second year must follow the first" in capsys.readouterr().err


def test_new_entitlement_refuses_unknown_subject_and_a_subject_without_a_network(project, capsys):
    assert projecth_new("entitlement", "--subject", "math", "--phase", "primary") == 2
    assert "`math` is not a subject in taxonomy.yml. Did you mean `maths`?" in capsys.readouterr().err
    assert projecth_new("entitlement", "--subject", "communication-and-language", "--phase", "early-years") == 2
    assert ("no network in taxonomy.yml lists the subject `communication-and-language`: give --network"
            in capsys.readouterr().err)
    assert projecth_new("entitlement", "--subject", "communication-and-language", "--phase", "early-years",
                        "--network", "english") == 0


def test_scaffolded_files_build(site, monkeypatch, capsys):
    """What `projecth new` writes builds under --strict (drafts are checked, not built; the case study is
    published here to see its page)."""
    shutil.copy(TAXONOMY_PATH, site.root / "taxonomy.yml")
    add_published_resources(site)
    monkeypatch.chdir(site.root)
    monkeypatch.setattr(sys, "stdin", NotATerminal())
    assert projecth_new("resource", "--network", "maths", "--title", "Fractions") == 0
    assert projecth_new("case-study", "--network", "reading", "--title", "Reading routines") == 0
    assert projecth_new("entitlement", "--subject", "english", "--phase", "primary") == 0
    study = site.content / "case-studies/reading-routines.md"
    study.write_text(study.read_text().replace("status: draft", "status: published"))
    out = build_site(site.root)
    assert "An illustrative example" in read(out, "case-studies/reading-routines/index.html")
    assert "TODO: the unit&#39;s name" in read(out, "entitlements/english/primary/units/y1-first-unit/index.html")
    assert not (out / "networks/maths/fractions").exists()


def test_without_a_terminal_missing_flags_are_an_error_not_a_question(project, capsys, monkeypatch):
    monkeypatch.setattr(builtins, "input", lambda prompt="": pytest.fail("asked a question without a terminal"))
    assert projecth_new("resource", "--title", "Ratio") == 2
    err = capsys.readouterr().err
    assert "projecth new resource: give --network, e.g. `projecth new resource --network maths" in err
    assert projecth_new("entitlement") == 2
    assert "give --subject and --phase" in capsys.readouterr().err
    assert not list((project.content).rglob("*.md"))


def parsed(*args: str) -> argparse.Namespace:
    return build_parser().parse_args(["new", *args, "--today", TODAY.isoformat()])


def scripted(answers: list[str]) -> tuple[new.Prompter, list[str]]:
    """A prompter that reads the given answers in turn and records everything it shows."""
    shown: list[str] = []
    queue = iter(answers)

    def read(prompt: str) -> str:
        shown.append(prompt)
        try:
            return next(queue)
        except StopIteration:
            raise EOFError from None

    return new.Prompter(read=read, write=shown.append), shown


def test_prompts_accept_a_number_a_slug_or_a_label_and_ask_again(project, capsys):
    prompter, shown = scripted(["99", "math", "2", "<b>Ratio</b>", "", "Ratio tables in Year 7"])
    assert new.run(parsed("resource"), prompter) == 0
    assert written_path(capsys) == "content/networks/maths/ratio-tables-in-year-7.md"
    assert shown[0] == "Which network group is it for?"
    assert "   2. maths (Maths network)" in shown
    assert "`99` is not one of them." in shown
    assert "`math` is not one of them. Did you mean `maths`?" in shown
    assert any("contains an HTML tag" in line for line in shown)
    assert "`title` is empty: give it a value" in shown
    assert_passes_check(project, "networks/maths/ratio-tables-in-year-7.md")

    prompter, shown = scripted(["Key stage 3", "Maths"])  # a label works too
    assert new.run(parsed("entitlement", "--phase", "secondary"), prompter) == 0
    assert any(line.startswith("`Key stage 3` is not one of them.") for line in shown)
    assert written_path(capsys) == "content/entitlements/maths/secondary/2026-27.md"


def test_prompts_only_ask_for_what_is_missing(project, capsys):
    prompter, shown = scripted(["Attendance in Year 11"])
    assert new.run(parsed("resource", "--network", "attendance"), prompter) == 0
    assert shown == ["Its title? "]
    assert written_path(capsys) == "content/networks/attendance/attendance-in-year-11.md"


def test_stopping_at_a_prompt_writes_nothing(project, capsys):
    prompter, _ = scripted(["1"])  # a network, then the input ends before the title
    assert new.run(parsed("resource"), prompter) == 2
    assert "stopped; nothing was written" in capsys.readouterr().err
    assert not list(project.content.rglob("*.md"))


def test_in_a_terminal_it_asks(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter(["reading", "Phonics for older readers"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    assert projecth_new("resource") == 0
    assert "content/networks/reading/phonics-for-older-readers.md" in capsys.readouterr().out
