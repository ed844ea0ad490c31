"""`projecth new resource|case-study|entitlement`: start a file that passes the check unchanged.

With its flags it runs unattended (in CI, in scripts). Run in a terminal
without them, it asks for what is missing, one plain question at a time, and
accepts a number from the list or the value itself; it never asks when its
input is not a terminal, so a script cannot hang on a question.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Callable

from ..core.library.curriculum import ENTITLEMENTS_ROOT, VERSION, version_problem
from ..core.model.field_kinds import FieldChecker
from ..core.authoring.from_word import ConversionFailed, Draft, from_docx, from_markdown
from ..core.model.specs import CASE_STUDY_FIELDS, RESOURCE_FIELDS, FieldSpec
from ..core.authoring.scaffold import (
    RESOURCE_BODY,
    case_study_path,
    entitlement_path,
    next_version,
    render_case_study,
    render_entitlement,
    render_file,
    render_resource,
    resource_path,
    resource_values,
    subject_network,
)
from ..core.reading.located_yaml import SCALAR, Node, quote
from ..core.model.taxonomy import Taxonomy, Vocabulary, slugify
from . import add_library_arguments, read_taxonomy, read_valid_library

# The flags each kind cannot do without: asked for in a terminal, demanded otherwise.
REQUIRED = {
    "resource": ("network", "title"),
    "case-study": ("network", "title"),
    "entitlement": ("subject", "phase"),
}
EXAMPLES = {
    "resource": 'projecth new resource --network maths --title "Ratio tables in Year 7"',
    "case-study": 'projecth new case-study --network reading --title "Keep-up phonics in key stage 1"',
    "entitlement": "projecth new entitlement --subject maths --phase secondary",
}


def register(commands) -> None:
    new = commands.add_parser("new", help="start a new file that passes the check (asks for what is missing "
                              "when run in a terminal)")
    kinds = new.add_subparsers(dest="kind", required=True)

    resource = kinds.add_parser("resource", help="a new resource in a network's folder (starts as a draft)")
    resource.add_argument("--network", help="the network group's slug, from taxonomy.yml")
    resource.add_argument("--title", help="the resource's title")
    resource.add_argument("--from", dest="source", metavar="FILE",
                          help="start from a Word document (.docx) or another library's Markdown page: its text, "
                          "images and properties fill the draft")
    add_library_arguments(resource, positional=False)

    case_study = kinds.add_parser("case-study", help="a new case study of a school using the library's resources")
    case_study.add_argument("--network", help="the network group whose resources the school used")
    case_study.add_argument("--title", help="the case study's title")
    case_study.add_argument("--school", help="the school's name, or a pseudonym (default: a TODO to fill in)")
    case_study.add_argument("--resource", dest="resource_id",
                            help="the id of a resource the school used (default: the network's newest)")
    add_library_arguments(case_study, positional=False)

    entitlement = kinds.add_parser("entitlement", help="a new version of a subject and phase's curriculum "
                                   "entitlement (starts in development)")
    entitlement.add_argument("--subject", help="the subject's slug, from taxonomy.yml")
    entitlement.add_argument("--phase", help="the phase's slug, from taxonomy.yml")
    entitlement.add_argument("--network", help="the network that agrees it (default: the subject's network)")
    entitlement.add_argument("--version", help="the academic year, e.g. 2026-27 (default: the year after the "
                             "newest version, or the current year)")
    add_library_arguments(entitlement, positional=False)

    for kind in (resource, case_study, entitlement):
        kind.set_defaults(handler=run)


class Abandoned(Exception):
    """The person at the terminal stopped answering (end of input or Ctrl-C)."""


class Prompter:
    """Asks for missing values. `read` and `write` are the seam: a test passes scripted answers."""

    def __init__(self, read: Callable[[str], str] | None = None, write: Callable[[str], None] | None = None):
        self.read = read or (lambda prompt: input(prompt))
        self.write = write or print

    def _answer(self, prompt: str) -> str:
        try:
            return self.read(prompt).strip()
        except (EOFError, KeyboardInterrupt) as stop:
            raise Abandoned from stop

    def choose(self, question: str, vocabulary: Vocabulary) -> str:
        """One slug of a vocabulary: by its number in the list, its slug or its label."""
        slugs = vocabulary.slugs()
        self.write(question)
        for number, term in enumerate(vocabulary, start=1):
            self.write(f"  {number:>2}. {term.slug} ({term.label})")
        while True:
            answer = self._answer(f"Type a number from 1 to {len(slugs)}, or the name: ")
            if answer.isdigit() and 1 <= int(answer) <= len(slugs):
                return slugs[int(answer) - 1]
            if answer in vocabulary:
                return answer
            near = vocabulary.nearest(answer) if answer else None
            if near and near.lower() in (answer.lower(), answer.lower().replace(" ", "-")):
                return near
            hint = f" Did you mean `{near}`?" if near else ""
            self.write(f"`{answer}` is not one of them.{hint}")

    def text(self, question: str, check: Callable[[str], tuple[str | None, str | None]]) -> str:
        """Plain text, asked again until `check` accepts it."""
        while True:
            value, problem = check(self._answer(question + " "))
            if value is not None:
                return value
            self.write(problem or "Please type an answer.")


def run(args: argparse.Namespace, prompter: Prompter | None = None) -> int:
    """Write the new file; `prompter` asks for missing flags (by default only when stdin is a terminal)."""
    if prompter is None and sys.stdin.isatty():
        prompter = Prompter()
    taxonomy = read_taxonomy(args)
    if taxonomy is None:
        return 1
    draft = None
    if args.kind == "resource" and getattr(args, "source", None):
        draft = _read_source(Path(args.source))
        if draft is None:
            return 2
        args.title = args.title or draft.title or _title_from_name(Path(args.source))
    try:
        ok = _fill_missing(args, taxonomy, prompter)
    except Abandoned:
        print("\nprojecth new: stopped; nothing was written", file=sys.stderr)
        return 2
    if not ok:
        return 2
    if draft is not None:
        return _new_resource_from(args, taxonomy, draft)
    writers = {"resource": _new_resource, "case-study": _new_case_study, "entitlement": _new_entitlement}
    return writers[args.kind](args, taxonomy)


def _fill_missing(args: argparse.Namespace, taxonomy: Taxonomy, prompter: Prompter | None) -> bool:
    missing = [name for name in REQUIRED[args.kind] if not getattr(args, name)]
    if not missing:
        return True
    if prompter is None:
        flags = " and ".join(f"--{name}" for name in missing)
        print(f"projecth new {args.kind}: give {flags}, e.g. `{EXAMPLES[args.kind]}` (run in a terminal, it asks "
              "for them)", file=sys.stderr)
        return False
    questions = {
        "network": lambda: prompter.choose("Which network group is it for?", taxonomy.networks),
        "title": lambda: prompter.text("Its title?", lambda text: checked_text(taxonomy, _title_spec(args), text)),
        "subject": lambda: prompter.choose("Which subject?", taxonomy.subjects),
        "phase": lambda: prompter.choose("Which phase?", taxonomy.phases),
    }
    for name in missing:
        setattr(args, name, questions[name]())
    return True


def _title_spec(args: argparse.Namespace) -> FieldSpec:
    fields = CASE_STUDY_FIELDS if args.kind == "case-study" else RESOURCE_FIELDS
    return next(spec for spec in fields if spec.name == "title")


def checked_text(taxonomy: Taxonomy, spec: FieldSpec, text: str) -> tuple[str | None, str | None]:
    """The text as the check would read it, or the check's own message about it."""
    problems: list[str] = []
    value = FieldChecker(taxonomy, lambda line, col, message: problems.append(message)).value(
        Node(SCALAR, text, 1, 1, raw=text, plain=False), spec)
    return value, (problems[0] if problems else None)


def _known(vocabulary: Vocabulary, value: str, what: str, kind: str) -> bool:
    if value in vocabulary:
        return True
    near = vocabulary.nearest(value)
    hint = f" Did you mean `{near}`?" if near else ""
    print(f"projecth new {kind}: `{value}` is not a {what} in taxonomy.yml.{hint} Allowed: "
          f"{', '.join(vocabulary.slugs())}", file=sys.stderr)
    return False


def _write(target: Path, text: str, kind: str) -> int:
    if target.exists():
        print(f"projecth new {kind}: {target} already exists; choose another title", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(target)
    print(f"projecth new {kind}: wrote {target}. Replace every TODO, run `projecth check`, and preview it with "
          "`mkdocs serve`.", file=sys.stderr)
    return 0


def _new_resource(args: argparse.Namespace, taxonomy: Taxonomy) -> int:
    if not _known(taxonomy.networks, args.network, "network", args.kind):
        return 2
    title, problem = checked_text(taxonomy, _title_spec(args), args.title)
    if title is None:
        print(f"projecth new {args.kind}: {problem}", file=sys.stderr)
        return 2
    target = Path(args.content_dir) / resource_path(args.network, title)
    return _write(target, render_resource(taxonomy, args.network, title, args.today), args.kind)


def _new_case_study(args: argparse.Namespace, taxonomy: Taxonomy) -> int:
    if not _known(taxonomy.networks, args.network, "network", args.kind):
        return 2
    title, problem = checked_text(taxonomy, _title_spec(args), args.title)
    school, school_problem = (checked_text(taxonomy, next(s for s in CASE_STUDY_FIELDS if s.name == "school"),
                                           args.school) if args.school else (None, None))
    if title is None or (args.school and school is None):
        print(f"projecth new {args.kind}: {problem or school_problem}", file=sys.stderr)
        return 2
    library = read_valid_library(args, "new")
    if library is None:
        return 1
    catalogue = library.catalogue
    if args.resource_id:
        wanted = args.resource_id.strip("/").removesuffix(".md")
        resource = catalogue.by_id.get(wanted)
        if resource is None:
            print(f"projecth new {args.kind}: `{args.resource_id}` is not a published resource (an id is the file's "
                  "path under content/ without `.md`, e.g. `networks/maths/ratio-tables`)", file=sys.stderr)
            return 2
    else:
        own = sorted((r for r in catalogue.resources if r.network == args.network),
                     key=lambda r: (r.published, r.id), reverse=True)
        if not own:
            print(f"projecth new {args.kind}: a case study names the resources the school used, and the "
                  f"{taxonomy.networks[args.network].label} has none published yet: give --resource", file=sys.stderr)
            return 2
        resource = own[0]
    target = Path(args.content_dir) / case_study_path(title)
    text = render_case_study(taxonomy, args.network, title, resource, args.today, school)
    return _write(target, text, args.kind)


def _new_entitlement(args: argparse.Namespace, taxonomy: Taxonomy) -> int:
    if not (_known(taxonomy.subjects, args.subject, "subject", args.kind)
            and _known(taxonomy.phases, args.phase, "phase", args.kind)):
        return 2
    network = args.network or subject_network(taxonomy, args.subject)
    if network is None:
        print(f"projecth new {args.kind}: no network in taxonomy.yml lists the subject `{args.subject}`: give "
              "--network", file=sys.stderr)
        return 2
    if not _known(taxonomy.networks, network, "network", args.kind):
        return 2
    folder = Path(args.content_dir) / ENTITLEMENTS_ROOT / args.subject / args.phase
    existing = [path.stem for path in folder.glob("*.md") if VERSION.match(path.stem)] if folder.is_dir() else []
    version = args.version or next_version(existing, args.today)
    problem = version_problem(version)
    if problem:
        print(f"projecth new {args.kind}: {problem}", file=sys.stderr)
        return 2
    target = Path(args.content_dir) / entitlement_path(args.subject, args.phase, version)
    if target.exists():
        print(f"projecth new {args.kind}: {target} already exists; give another --version", file=sys.stderr)
        return 2
    return _write(target, render_entitlement(taxonomy, args.subject, args.phase, network, version), args.kind)


# -- from a Word document or another library's page ----------------------------------------------


def _read_source(path: Path) -> Draft | None:
    try:
        if path.suffix.lower() == ".docx":
            return from_docx(path)
        if path.suffix.lower() in (".md", ".markdown"):
            return from_markdown(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
        print(f"projecth new resource: {path} is neither a Word document (.docx) nor a Markdown page (.md); save "
              "it from Word as .docx, or give a .md file", file=sys.stderr)
        return None
    except (OSError, UnicodeDecodeError) as error:
        print(f"projecth new resource: cannot read {path}: {error}", file=sys.stderr)
    except ConversionFailed as error:
        print(f"projecth new resource: {error}", file=sys.stderr)
    return None


def _title_from_name(path: Path) -> str:
    return " ".join(path.stem.replace("_", " ").replace("-", " ").split()).capitalize() or "New resource"


def _new_resource_from(args: argparse.Namespace, taxonomy: Taxonomy, draft: Draft) -> int:
    """The draft: every field filled from the source where it says, the rest marked for the author."""
    if not _known(taxonomy.networks, args.network, "network", args.kind):
        return 2
    title, problem = checked_text(taxonomy, _title_spec(args), args.title)
    if title is None:
        print(f"projecth new {args.kind}: the title `{args.title}`: {problem}; give another with --title",
              file=sys.stderr)
        return 2
    slug = slugify(title) or "new-resource"
    draft.name_images(slug)
    target = Path(args.content_dir) / resource_path(args.network, title)
    values = resource_values(taxonomy, args.network, title, args.today)
    source = Path(args.source).name
    notes = {"title": f"(from {source})" if draft.title and draft.title == args.title else ""}
    if draft.authors:
        values["authors"] = "[" + ", ".join(quote(author) for author in draft.authors) + "]"
        notes["authors"] = f"(from {source}: check these are the people to credit)"
    else:
        notes["authors"] = f"TODO: {source} names no author: credit the people who wrote it."
    if draft.published:
        values["published"] = draft.published.isoformat()
        notes["published"] = f"(the date in {source})"
    else:
        notes["published"] = f"TODO: {source} gives no date: today's date is a placeholder."
    summary_spec = next(spec for spec in RESOURCE_FIELDS if spec.name == "summary")
    summary, summary_problem = (checked_text(taxonomy, summary_spec, draft.summary) if draft.summary
                                else (None, None))
    if summary:
        values["summary"] = quote(summary)
        notes["summary"] = f"(from {source})"
    elif draft.summary:
        draft.notes.append(f"the document's description was not used as `summary`: {summary_problem}")
    for name in ("subjects", "phases", "key_stages", "resource_type", "audience", "licence"):
        notes[name] = "TODO: a starting value, not from the document: set it."
    notes = {name: note for name, note in notes.items() if note}
    in_place = target.exists() and target.resolve() == Path(args.source).resolve()
    if target.exists() and not in_place:
        print(f"projecth new {args.kind}: {target} already exists; choose another title with --title",
              file=sys.stderr)
        return 2
    taken = [name for name, _ in draft.images if (target.parent / name).exists()]
    if taken:
        print(f"projecth new {args.kind}: {', '.join(taken)} already exist(s) in {target.parent}; choose another "
              "title with --title", file=sys.stderr)
        return 2
    body = draft.body.rstrip("\n").split("\n") if draft.body.strip() else RESOURCE_BODY
    text = render_file(RESOURCE_FIELDS, values, body, notes)
    target.parent.mkdir(parents=True, exist_ok=True)
    for name, data in draft.images:
        (target.parent / name).write_bytes(data)
    target.write_text(text, encoding="utf-8")
    print(target)
    for name, _ in draft.images:
        print(f"projecth new {args.kind}: wrote image {target.parent / name}", file=sys.stderr)
    if draft.dropped:
        print(f"projecth new {args.kind}: not kept from {source}'s front matter (no such field here): "
              f"{', '.join(f'`{key}`' for key in draft.dropped)}", file=sys.stderr)
    for note, times in Counter(draft.notes).items():
        again = f" ({times} times)" if times > 1 else ""
        print(f"projecth new {args.kind}: check: {note}{again}", file=sys.stderr)
    how = "in place of the page it was" if in_place else f"from {source}"
    print(f"projecth new {args.kind}: wrote {target} {how}, as a draft. Replace every TODO, set the "
          "fields marked as starting values, run `projecth check`, and preview it with `mkdocs serve`.",
          file=sys.stderr)
    return 0
