"""`projecth check`'s report, readable for a folder of a hundred pages from elsewhere.

Each file's problems come together, the most useful first: what stops the file
being read at all, then errors in line order, then warnings. A file that is not
yet a page of this library (no front matter, or most required fields missing:
what a page from another site looks like) gets one message saying what to run,
instead of a dozen about fields it was never going to have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Iterable

from ..reading.diagnostics import ERROR, Diagnostic
from ..kinds import kind_of

# The beginnings of the loader's own messages (core/library/loader.py, core/model/field_kinds.py) that this report folds.
NO_FRONT_MATTER = "no front matter:"
EMPTY_FRONT_MATTER = "the front matter is empty"
MISSING_FIELD = "missing required field `"
UNKNOWN_FIELD = "unknown field `"
FOREIGN = ("is published as plain text by MkDocs", "for the fix")  # core/authoring/foreign.py's messages

BAD_NAME = "file and folder names must be lower"  # core/library/loader.py
# core/security/body_check.py, for `[x](other)` when `other.md` exists: "link `other` points to a folder: link to the page's
# file instead, `other.md`". Said here as what to write, until body.py says it so.
_FOLDER_LINK = re.compile(r"^link `([^`]*)` points to a folder: link to the page's file instead, `([^`]*)`$")

#: A file missing at least this share of the required fields is treated as not yet written for this library.
MOSTLY_MISSING = 0.5


@dataclass(frozen=True)
class Summary:
    files_checked: int
    files_with_errors: int
    errors: int
    warnings: int

    def line(self) -> str:
        return (f"projecth check: {self.files_checked} file(s) checked; {self.errors} error(s) in "
                f"{self.files_with_errors} file(s), {self.warnings} warning(s)")


def _field(message: str, prefix: str) -> str:
    return message[len(prefix):].split("`", 1)[0]


def _required_count(path: str) -> int:
    return kind_of(path).required_count()


def _fold(path: str, items: list[Diagnostic], prefix: str) -> list[Diagnostic]:
    """One message for a file that is not yet this library's, else its items, most useful first."""
    messages = [d.message for d in items]
    no_front_matter = any(m.startswith((NO_FRONT_MATTER, EMPTY_FRONT_MATTER)) for m in messages)
    missing = [_field(m, MISSING_FIELD) for m in messages if m.startswith(MISSING_FIELD) and " in " not in
               m.split(":", 1)[0]]
    required = _required_count(path)
    if not no_front_matter and (not missing or len(missing) < max(2, required * MOSTLY_MISSING)):
        return sorted(items, key=lambda d: (d.severity != ERROR, d.line, d.col, d.message))
    shown = f"{prefix.rstrip('/')}/{path}" if prefix and prefix != "." else path
    unknown = sorted({_field(m, UNKNOWN_FIELD) for m in messages if m.startswith(UNKNOWN_FIELD)})
    foreign = sum(1 for m in messages if any(marker in m for marker in FOREIGN))
    others = len(items) - len([m for m in messages if m.startswith((NO_FRONT_MATTER, EMPTY_FRONT_MATTER,
                                                                      MISSING_FIELD, UNKNOWN_FIELD))]) - foreign
    if no_front_matter:
        what = "it has no front matter"
    else:
        what = (f"its front matter lacks {len(missing)} of the {required} required fields "
                f"({', '.join(f'`{name}`' for name in missing)})")
        if unknown:
            what += f" and has {len(unknown)} this library does not use ({', '.join(f'`{n}`' for n in unknown)})"
    command = kind_of(path).adopt_command(path, shown)
    if command:
        run = command
    else:
        run = ("add front matter at the top: a `---` line, `title: \"The page's title\"`, and another `---` line"
               + (f", and run `projecth convert {shown}`" if foreign else ""))
    extra = []
    if foreign:
        extra.append(f"{foreign} piece(s) of another library's syntax, which MkDocs would show as text (the command "
                     "converts what it can)" if command else
                     f"{foreign} piece(s) of another library's syntax, which MkDocs would show as text")
    if others > 0:
        extra.append(f"{others} other problem(s), listed once the front matter is in place")
    tail = f" It also has {' and '.join(extra)}." if extra else ""
    message = f"this is not yet a page of this library: {what}. To start, {run}.{tail}"
    return [Diagnostic(path, 1, 1, ERROR, message)]


def _with_hint(item: Diagnostic) -> Diagnostic:
    """Say what to write, and name the command that makes the fix by machine."""
    folder = _FOLDER_LINK.match(item.message)
    if folder:
        return replace(item, message=f"page link `{folder.group(1)}` without `.md`: write `{folder.group(2)}` "
                                     "(`projecth fix` adds it to every such link)")
    if item.message.startswith(BAD_NAME):
        return replace(item, message=item.message + " (`projecth fix` renames it and corrects every link to it)")
    return item


def readable(items: Iterable[Diagnostic], prefix: str = "") -> list[Diagnostic]:
    """The diagnostics grouped per file (files in path order), each group folded and ordered."""
    result: list[Diagnostic] = []
    for path, group in groupby(sorted(items, key=lambda d: d.path), key=lambda d: d.path):
        result += _fold(path, [_with_hint(item) for item in group], prefix)
    return result


def summarise(items: list[Diagnostic], files_checked: int) -> Summary:
    errors = [d for d in items if d.severity == ERROR]
    return Summary(files_checked, len({d.path for d in errors}), len(errors), len(items) - len(errors))
