"""What a build prints in the terminal: only what a user must act on, and one closing line saying what was built
and where ("Built 72 pages (30 resources, 4 case studies, 2 entitlements) into site/ in 3.1 s").

MkDocs' own progress lines ("Cleaning site directory", "Building documentation to directory") and the toolkit's
(log calls with `extra=PROGRESS`) are left out unless the command runs with `--verbose`. Only the terminal is
quietened: the filter sits on the stream handler the `mkdocs` (or `properdocs`) command prints through, so every
record still reaches any other handler, such as a test's. Nothing happens when MkDocs' `build()` is called
without its command line, which installs no such handler.
"""

from __future__ import annotations

import logging
import os
import re
from types import MappingProxyType
from typing import Iterable

PROGRESS = MappingProxyType({"projecth_progress": True})
"""Pass as `extra=PROGRESS` to a log call that reports progress rather than something to act on."""

# The stream handlers that the `mkdocs` and `properdocs` commands install on their loggers (mkdocs/__main__.py).
TERMINAL_HANDLERS = (("mkdocs", "MkDocsStreamHandler"), ("properdocs", "ProperDocsStreamHandler"))
ENGINE_PROGRESS = ("Cleaning site directory", "Building documentation to directory: ")
FINISHED = re.compile(r"Documentation built in ([0-9]+(?:\.[0-9]+)?) seconds")


class BuildLog:
    """One build's terminal output; a new one replaces the last at every build (and rebuild under `mkdocs serve`)."""

    def __init__(self, site_dir: str, verbose: bool):
        self.site_dir = site_dir
        self.verbose = verbose
        self.built_what: str | None = None
        self._filter = _TerminalFilter(self)
        self._handlers: list[logging.Handler] = []

    @classmethod
    def attach(cls, site_dir: str) -> BuildLog:
        """Start quietening the terminal for this build, taking over from the last build's BuildLog."""
        handlers = list(_terminal_handlers())
        verbose = any(logger.getEffectiveLevel() <= logging.DEBUG for logger, _ in handlers)
        log = cls(site_dir, verbose)
        for _, handler in handlers:
            for old in [f for f in handler.filters if isinstance(f, _TerminalFilter)]:
                handler.removeFilter(old)
            handler.addFilter(log._filter)
            log._handlers.append(handler)
        return log

    def detach(self) -> None:
        for handler in self._handlers:
            handler.removeFilter(self._filter)
        self._handlers.clear()

    def built(self, pages: int, counts: Iterable[tuple[int, str, str]]) -> None:
        """What this build makes: its pages, and how many of them are of each kind that counts its pages
        ((count, one, many), as the page kinds give them: projecth.render.kind_counts)."""
        kinds = ", ".join(_number(count, one, many) for count, one, many in counts)
        self.built_what = f"{_number(pages, 'page', 'pages')} ({kinds})"

    def closing_line(self, seconds: float) -> str:
        return f"Built {self.built_what} into {_display_dir(self.site_dir)} in {seconds:.1f} s"


class _TerminalFilter(logging.Filter):
    def __init__(self, log: BuildLog):
        super().__init__()
        self.log = log

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "projecth_progress", False):
            return self.log.verbose
        if record.levelno != logging.INFO or not record.name.endswith(".commands.build"):
            return True
        message = record.getMessage()
        if message.startswith(ENGINE_PROGRESS):
            return self.log.verbose
        finished = FINISHED.fullmatch(message)
        if finished and self.log.built_what is not None:
            record.msg, record.args = self.log.closing_line(float(finished.group(1))), ()
        return True


def _terminal_handlers():
    known = logging.Logger.manager.loggerDict
    for name, handler_name in TERMINAL_HANDLERS:
        logger = known.get(name)
        if isinstance(logger, logging.Logger):
            for handler in logger.handlers:
                if handler.get_name() == handler_name:
                    yield logger, handler


def _number(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _display_dir(path: str) -> str:
    """The site folder as the user would type it: relative to the current folder when inside it."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    try:
        inside = os.path.commonpath([absolute, here]) == here
    except ValueError:  # pragma: no cover - different drives on Windows
        inside = False
    shown = os.path.relpath(absolute, here) if inside and absolute != here else absolute
    return shown.rstrip("/\\") + "/"
