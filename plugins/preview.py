"""How this build renders: every page (`FullBuild`), or what an edit changed (`DirtyPreview`, `mkdocs serve --dirty`).

The `projecth` plugin's features call the same few methods on whichever one the library feature chose in `on_startup`
(`BuildMode`): a full build computes and writes everything, a dirty preview skips work a small edit leaves
alone. Only the audit asks which pages were rendered (`renders_every_page`), to check the whole site or those.

A dirty rebuild re-renders only the pages whose source is newer than their built HTML. MkDocs cannot date a
generated page (hubs, indexes, curriculum and case-study listings), so it re-renders all of them on every
rebuild: at 1,000 resources that, Pagefind and the audit of every page took most of a nine-second rebuild.
Here generated pages get a source file in a folder kept for the whole `serve` session, rewritten only when
what those pages list has changed (`Catalogue.listings_fingerprint`), so that MkDocs skips them otherwise;
generated downloads and exports are rewritten only when their bytes change, and download packs are remembered
from the last rebuild while their inputs are the same.

What a dirty preview does not refresh, as with any dirty MkDocs build: a page whose own source did not change
but that shows something of the edited one (another resource's "related" card with the old title). Restart
`mkdocs serve`, or serve without `--dirty`, to see every page as the published build will be.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

log = get_plugin_logger(__name__)

DIRTY_WARNING = "A 'dirty' build is being performed"
BUILD_LOGGER = "mkdocs.commands.build"


class DirtyWarningAsInfo(logging.Filter):
    """MkDocs warns on every dirty build, and `strict: true` turns that warning into a failed build.

    The warning is about navigation that a dirty build leaves stale. This site's navigation lists only
    generated index pages, which a dirty preview rebuilds whenever what they list changes, so the
    message is kept, as information.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith(DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class BuildMode(Protocol):
    """What the features of the `projecth` plugin ask of this build's way of rendering (`BuildState.mode`)."""

    #: True when every page is rendered: the audit then covers the whole site and writes `_headers`; False when
    #: only the pages an edit changed are (the audit checks those pages as they are rendered).
    renders_every_page: bool
    #: How many processes may read the library's files (more than one only in a one-off `mkdocs build`).
    processes: int

    def next_build(self, listings: str) -> None: ...
    def generated_page(self, config: MkDocsConfig, src_path: str, content: str) -> File: ...
    def generated_file(self, config: MkDocsConfig, src_path: str, data: bytes | str) -> File: ...
    def remember(self, inputs: Callable[[], Hashable], compute: Callable[[], Any]) -> Any: ...
    def index(self, run: Callable[[], None]) -> None: ...
    def wait_for_indexing(self) -> bool: ...
    def stop(self) -> None: ...


@dataclass
class FullBuild:
    """Every page rendered and every file written: `mkdocs build`, plain `mkdocs serve`, MkDocs' `build()`."""

    processes: int = 1
    renders_every_page: bool = True

    def next_build(self, listings: str) -> None:
        pass

    def generated_page(self, config: MkDocsConfig, src_path: str, content: str) -> File:
        return File.generated(config, src_path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)

    def generated_file(self, config: MkDocsConfig, src_path: str, data: bytes | str) -> File:
        return File.generated(config, src_path, content=data, inclusion=InclusionLevel.NOT_IN_NAV)

    def remember(self, inputs: Callable[[], Hashable], compute: Callable[[], Any]) -> Any:
        return compute()  # nothing is kept between builds, so `inputs` are not even read

    def index(self, run: Callable[[], None]) -> None:
        """Run Pagefind now: the build waits for it, and fails when it fails."""
        run()

    def wait_for_indexing(self) -> bool:
        return False

    def stop(self) -> None:
        pass


@dataclass
class DirtyPreview:
    """What one `mkdocs serve --dirty` session keeps between its rebuilds."""

    sources: Path
    processes: int = 1  # forking is not safe beside the server's threads
    renders_every_page: bool = False
    log_filter: DirtyWarningAsInfo = field(default_factory=DirtyWarningAsInfo)
    listings: str = ""  # the fingerprint of the listings at the last rebuild
    listings_changed: bool = True
    indexing: threading.Thread | None = None  # Pagefind, run after a rebuild without holding it up
    digests: dict[str, bytes] = field(default_factory=dict)  # generated file -> digest of what was written
    remembered: dict[Hashable, Any] = field(default_factory=dict)  # values the last rebuild used, by their inputs
    remembered_now: dict[Hashable, Any] = field(default_factory=dict)

    @classmethod
    def start(cls) -> "DirtyPreview":
        preview = cls(Path(tempfile.mkdtemp(prefix="projecth-preview-")))
        logging.getLogger(BUILD_LOGGER).addFilter(preview.log_filter)
        return preview

    def stop(self) -> None:
        self.wait_for_indexing()
        logging.getLogger(BUILD_LOGGER).removeFilter(self.log_filter)
        shutil.rmtree(self.sources, ignore_errors=True)

    def next_build(self, listings: str) -> None:
        """Called once per rebuild with the new fingerprint of what generated pages show."""
        self.listings_changed = listings != self.listings
        self.listings = listings
        # Keep only what the last rebuild used, so that a long session does not pile up old packs.
        self.remembered, self.remembered_now = self.remembered_now, {}

    def generated_page(self, config: MkDocsConfig, src_path: str, content: str) -> File:
        """A generated page with a dated source: rewritten (so rebuilt) only when the listings changed."""
        path = self.sources / src_path
        if self.listings_changed or not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        return File.generated(config, src_path, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV)

    def generated_file(self, config: MkDocsConfig, src_path: str, data: bytes | str) -> File:
        """A generated download or export with a dated source, rewritten (so copied again) only when it changed."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        digest = hashlib.sha256(raw).digest()
        path = self.sources / src_path
        if self.digests.get(src_path) != digest or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
            self.digests[src_path] = digest
        return File.generated(config, src_path, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV)

    def remember(self, inputs: Callable[[], Hashable], compute: Callable[[], Any]) -> Any:
        """What `compute` gave at the last rebuild for the same `inputs()` (which must name every input), or now."""
        key = inputs()
        value = self.remembered[key] if key in self.remembered else compute()
        self.remembered_now[key] = value
        return value

    def index(self, run: Callable[[], None]) -> None:
        """Start `run` (Pagefind) after this rebuild, which is shown at once; the next rebuild waits for it
        before it indexes again. A failure is logged: the preview stays up."""

        def run_and_log() -> None:
            try:
                run()
            except PluginError as error:
                log.error(str(error))

        self.wait_for_indexing()
        self.indexing = threading.Thread(target=run_and_log, name="projecth-pagefind", daemon=True)
        self.indexing.start()
        log.info("Pagefind is indexing the preview in the background; search shows this edit when it is done")

    def wait_for_indexing(self) -> bool:
        """Wait for the last rebuild's Pagefind run; whether there was one."""
        if self.indexing is None:
            return False
        self.indexing.join()
        self.indexing = None
        return True
