"""Assertions shared by the validation tests: where a problem is, and that it was reported."""

from __future__ import annotations

import subprocess
import sys

from conftest import LibraryDir


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the n-th occurrence of needle in text."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def expect_error(library: LibraryDir, path: str, line: int, col: int, *phrases: str) -> list[str]:
    """Assert an error at path:line:col whose message has every phrase, and that nothing is published."""
    errors = library.errors()
    prefix = f"{path}:{line}:{col}: error: "
    matching = [e for e in errors if e.startswith(prefix) and all(p in e for p in phrases)]
    assert matching, f"no error starting {prefix!r} containing {phrases}; got:\n" + "\n".join(errors)
    assert library.check().catalogue is None, "a library with errors must not produce a catalogue"
    return errors


def expect_only_error(library: LibraryDir, path: str, line: int, col: int, *phrases: str) -> str:
    """As expect_error, and that diagnostic is the only one (no noise, no warnings)."""
    errors = expect_error(library, path, line, col, *phrases)
    assert len(errors) == 1, "\n".join(errors)
    assert library.lines() == errors
    return errors[0]


def projecth(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """The `projecth` command, run as a separate process the way an author runs it."""
    return subprocess.run([sys.executable, "-m", "projecth.cli", *args], cwd=cwd, capture_output=True, text=True)
