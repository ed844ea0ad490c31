"""Resource pages rendered ahead in a second process while MkDocs turns Markdown into HTML in this one.

`mkdocs build` renders pages on one core; on a machine with two the other waits for Pagefind. The toolkit's
part of a resource page (breadcrumbs, metadata panel, notices, reuse section, related cards) comes from the
catalogue and never from the page's Markdown, so a forked child renders each resource page's template around a
placeholder for the body, in the order MkDocs will ask for the pages, and the parent puts each body in place.

The parent renders a page itself whenever anything is unexpected: the child failed or logged a warning for it,
or its output does not hold the placeholder exactly once. Errors and warnings are therefore reported by the
parent, as in a one-process build. Nothing here imports MkDocs; the library plugin decides when to use it.
"""

from __future__ import annotations

import logging
import multiprocessing
import secrets
from typing import Callable

#: Renders one page's template with the given text where the page's body goes.
RenderAround = Callable[[str, str], str]


class PrerenderedPages:
    """The child's rendered pages, taken one at a time in the order they were asked for."""

    def __init__(self, process, connection, placeholder: str) -> None:
        self._process = process
        self._connection = connection
        self._placeholder = placeholder
        self._ready: dict[str, str | None] = {}
        self.used = 0  # pages whose prerendered template was used, for the build log and the tests

    @classmethod
    def start(cls, sources: list[str], render_around: RenderAround) -> PrerenderedPages:
        """Fork a child that renders `sources` in this order; call only where forking is safe (no threads)."""
        placeholder = f"\ue000projecth-body-{secrets.token_hex(16)}\ue001"
        reader, writer = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(
            target=_render_all, args=(reader, writer, sources, render_around, placeholder),
            name="projecth-prerender", daemon=True)
        process.start()
        writer.close()
        return cls(process, reader, placeholder)

    def take(self, source: str, body: str) -> str | None:
        """The page for `source` with `body` in place, or None: then the caller renders the page itself."""
        while source not in self._ready and self._connection is not None:
            try:
                item = self._connection.recv()
            except (EOFError, OSError):
                item = None
            if item is None:  # the child has finished (or died): whatever it did not send, the parent renders
                self._connection.close()
                self._connection = None
                break
            self._ready[item[0]] = item[1]
        output = self._ready.pop(source, None)
        if output is None:
            return None
        before, found, after = output.partition(self._placeholder)
        if not found or self._placeholder in after:
            return None
        self.used += 1
        return before + body + after

    def close(self) -> None:
        """Stop the child (finished or not) and release the pipe; safe to call twice."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
        self._ready.clear()


class _WarningSeen(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def _render_all(reader, writer, sources: list[str], render_around: RenderAround, placeholder: str) -> None:
    """The child: render each page and send it; None for a page that failed or warned (the parent redoes it)."""
    reader.close()
    # Log records of the child would bypass the parent's handlers (and `strict`): note them instead, and leave
    # the page to the parent, which logs them itself.
    warned = _WarningSeen()
    for name in (None, "mkdocs"):
        logger = logging.getLogger(name)
        logger.handlers = [warned]
    try:
        for source in sources:
            warned.seen = False
            try:
                output = render_around(source, placeholder)
            except Exception:  # noqa: BLE001 - the parent renders this page again and reports the error
                output = None
            writer.send((source, None if warned.seen else output))
        writer.send(None)
    except (BrokenPipeError, OSError):  # the parent closed the pipe: the build is over or failed
        pass
    finally:
        writer.close()
