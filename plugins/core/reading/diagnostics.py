"""Content problems, collected rather than raised, so one run reports every one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, located for an editor: path, 1-based line and column."""

    path: str
    line: int
    col: int
    severity: str
    message: str

    def format_text(self, prefix: str = "") -> str:
        """One line, whatever the path and message hold: line breaks and other control characters are written as
        escapes, so that no content can start a line of its own (a CI runner reads `::command` lines)."""
        path = one_line(_join(prefix, self.path))
        if path.startswith(":"):
            path = "./" + path
        return f"{path}:{self.line}:{self.col}: {self.severity}: {one_line(self.message)}"

    def format_github(self, prefix: str = "") -> str:
        """A GitHub Actions workflow command: an annotation on the changed line of a pull request."""
        level = "error" if self.severity == ERROR else "warning"
        message = _github_escape(self.message)
        path = _github_escape_property(_join(prefix, self.path))
        return f"::{level} file={path},line={self.line},col={self.col},title=projecth check::{message}"


# Line breaks (as Python, browsers and the GitHub runner count them) and the other control characters.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def one_line(text: str) -> str:
    """`text` on one line: each line break or control character written as an escape (`\\n`, `\\x1b`)."""
    return _UNSAFE.sub(lambda m: _ESCAPES.get(m.group(), m.group().encode("unicode_escape").decode()), text)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def no_workflow_commands(text: str) -> str:
    """Multi-line text in which no line starts (after spaces) with `::`, which a GitHub runner would obey."""
    lines = _LINE_BREAK.split(text)
    return "\n".join("\\" + line if line.lstrip().startswith("::") else line for line in lines)


def _join(prefix: str, path: str) -> str:
    if not prefix or prefix == ".":
        return path
    return f"{prefix.rstrip('/')}/{path}"


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """Collects diagnostics from every stage; sorted output makes runs comparable."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(path, max(line, 1), max(col, 1), ERROR, message))

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(path, max(line, 1), max(col, 1), WARNING, message))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == WARNING]

    def paths_with_errors(self) -> set[str]:
        """One pass over the diagnostics, so that filtering thousands of files stays linear."""
        return {d.path for d in self.items if d.severity == ERROR}

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))


def format_diagnostics(items: Iterable[Diagnostic], fmt: str = "text", prefix: str = "") -> list[str]:
    if fmt == "github":
        return [d.format_github(prefix) for d in items]
    return [d.format_text(prefix) for d in items]
