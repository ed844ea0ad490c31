"""Rebuilding in one process, as `mkdocs serve` does after an edit: nothing from the first build may survive."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from projecth.core.library import loader as library_module
from projecth.core.reading.parallel import can_fork

from conftest import dirty_preview
from test_build import card_titles, read


def all_html(site_dir: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.html")))


def stylesheets(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)


def test_two_builds_with_the_same_plugins_reflect_an_edit(site):
    site.resource("networks/maths/fractions.md", title="Fractions with bar models", published="2025-01-10")
    site.resource("networks/english/sentences.md", title="Sentence construction", network="english",
                  subjects="[english]", authors="[Lift Schools English network]", published="2025-03-03")
    site.resource("networks/maths/ratio.md", title="Ratio tables", published="2025-06-01", phases="[secondary]",
                  key_stages="[ks3]", year_groups="[year-7]")
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "site"), strict=True)
    plugin = config.plugins["projecth"]
    out = Path(config.site_dir)

    build(config)
    first_catalogue = plugin.build.library.library.catalogue
    assert card_titles(read(out, "subjects/english/index.html")) == ["Sentence construction"]
    first_styles = stylesheets(read(out, "networks/maths/fractions/index.html"))
    assert "ph-review-due" not in read(out, "networks/maths/fractions/index.html")

    # A one-line edit that moves a resource between hubs and makes it overdue; one removed, one added.
    site.resource("networks/english/sentences.md", title="Sentence construction in Year 7", network="english",
                  subjects="[english]", authors="[Lift Schools English network]", published="2025-03-03",
                  phases="[secondary]", key_stages="[ks3]", year_groups="[year-7]")
    site.resource("networks/maths/fractions.md", title="Fractions with bar models", published="2025-01-10",
                  review_by="2020-01-31")
    (site.content / "networks/maths/ratio.md").unlink()
    site.resource("networks/maths/percentages.md", title="Percentages", published="2025-09-09")

    build(config)
    assert config.plugins["projecth"] is plugin  # the same plugin object, as in serve
    catalogue = plugin.build.library.library.catalogue
    assert catalogue is not first_catalogue
    assert sorted(r.title for r in catalogue.resources) == [
        "Fractions with bar models", "Percentages", "Sentence construction in Year 7"]

    everything = all_html(out)
    assert "Ratio tables" not in everything  # the deleted resource is gone from every page
    assert not (out / "networks/maths/ratio").exists()
    assert re.search(r">Sentence construction<", everything) is None  # the old title is nowhere
    assert card_titles(read(out, "subjects/english/index.html")) == ["Sentence construction in Year 7"]
    assert card_titles(read(out, "phases/secondary/index.html")) == ["Sentence construction in Year 7"]
    assert card_titles(read(out, "phases/primary/index.html")) == ["Percentages", "Fractions with bar models"]
    assert card_titles(read(out, "key-stages/ks2/index.html")) == ["Percentages", "Fractions with bar models"]
    assert card_titles(read(out, "subjects/maths/index.html")) == ["Percentages", "Fractions with bar models"]
    library = read(out, "library/index.html")
    assert "Percentages" in library and "Sentence construction in Year 7" in library
    # The pages' own notices come from this build's state, not the last one's.
    assert "ph-review-due" in read(out, "networks/maths/fractions/index.html")
    # Nothing was added twice by plugins that ran their on_config again.
    assert stylesheets(read(out, "networks/maths/fractions/index.html")) == first_styles
    assert read(out, "contribute/fields/index.html").count('id="ph-guide-heading"') == 1


def test_a_dirty_preview_rebuilds_what_an_edit_changed_and_keeps_the_rest(site):
    """`mkdocs serve --dirty` with strict on: a body edit re-renders its page only; a title edit, the listings too."""
    import os
    import time

    site.resource("networks/maths/fractions.md", title="Fractions with bar models", published="2025-01-10")
    site.resource("networks/maths/ratio.md", title="Ratio tables", published="2025-06-01")
    config, rebuild = dirty_preview(site)
    preview = config.plugins["projecth"].library.mode
    try:
        config = rebuild()  # strict, yet MkDocs' warning about dirty builds does not abort it
        out = Path(config.site_dir)
        hub, page = out / "networks/maths/index.html", out / "networks/maths/fractions/index.html"
        preview.wait_for_indexing()
        assert (out / "pagefind" / "pagefind.js").is_file()  # indexed in the background
        assert card_titles(read(out, "networks/maths/index.html")) == ["Ratio tables", "Fractions with bar models"]
        hub_written = hub.stat().st_mtime_ns
        pack = out / "downloads/networks/maths/fractions.zip"
        pack_written = pack.stat().st_mtime_ns
        other_pack = out / "downloads/networks/maths/ratio.zip"
        other_pack_written = other_pack.stat().st_mtime_ns

        time.sleep(0.05)  # file dates must be able to differ
        path = site.content / "networks/maths/fractions.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nA line added while previewing.\n", encoding="utf-8")
        rebuild()
        assert "A line added while previewing." in page.read_text(encoding="utf-8")
        assert hub.stat().st_mtime_ns == hub_written  # nothing it lists changed: not re-rendered
        assert pack.stat().st_mtime_ns != pack_written  # the pack holds the edited file
        assert other_pack.stat().st_mtime_ns == other_pack_written  # this one does not: not copied again

        time.sleep(0.05)
        site.resource("networks/maths/fractions.md", title="Fractions with bar models and number lines",
                      published="2025-01-10")
        os.utime(path)  # newer than the page built a moment ago, whatever the clock's resolution
        rebuild()
        assert card_titles(read(out, "networks/maths/index.html")) == [
            "Ratio tables", "Fractions with bar models and number lines"]
        assert hub.stat().st_mtime_ns != hub_written
    finally:
        config.plugins.on_shutdown()
    assert not preview.sources.exists()


def build_starter(root: Path, site_dir: Path, *, command: str | None, strict: bool = True) -> list[str]:
    """Build the repository's own library; `command` as the `mkdocs` CLI passes it to on_startup."""
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        config.plugins["projecth"].config.search.indexing = False
        if command:
            config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        finally:
            if command:
                config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return messages


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}



def load_chunk_noting_its_process(*args, **kwargs):
    with open(os.environ["PROJECTH_TEST_LOAD_PIDS"], "a", encoding="utf-8") as pids:
        pids.write(f"{os.getpid()}\n")
    return ORIGINAL_LOAD_CHUNK(*args, **kwargs)


ORIGINAL_LOAD_CHUNK = library_module._load_chunk


@pytest.mark.skipif(not can_fork(), reason="needs fork and more than one core")
def test_mkdocs_build_reads_the_library_on_every_core_and_publishes_the_same_site(starter, tmp_path, monkeypatch):
    # Small enough for `mkdocs build` to read this library's files in two processes too, as it does a large one's.
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(library_module, "_load_chunk", load_chunk_noting_its_process)
    monkeypatch.setenv("PROJECTH_TEST_LOAD_PIDS", str(tmp_path / "pids.txt"))
    build_starter(starter, tmp_path / "forked", command="build")
    assert len(set((tmp_path / "pids.txt").read_text().split())) == 2
    build_starter(starter, tmp_path / "alone", command=None)  # MkDocs' build() called directly
    # Read in this process alone: one more chunk, noted by this test's own process.
    assert (tmp_path / "pids.txt").read_text().split()[2:] == [str(os.getpid())]
    build_starter(starter, tmp_path / "serve", command="serve")  # beside a server's threads: one process too
    assert (tmp_path / "pids.txt").read_text().split()[3:] == [str(os.getpid())]
    built_forked, built_alone = site_files(tmp_path / "forked"), site_files(tmp_path / "alone")
    assert built_forked.keys() == built_alone.keys()
    different = [path for path in built_forked if built_forked[path] != built_alone[path]]
    assert different == []


def test_a_site_that_still_sets_render_ahead_builds_with_a_warning_that_says_what_to_delete(starter, tmp_path):
    config_file = starter / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    assert "  - projecth:\n      library:\n        taxonomy: taxonomy.yml\n" in text
    config_file.write_text(text.replace("        taxonomy: taxonomy.yml\n", "        taxonomy: taxonomy.yml\n        render_ahead: false\n"),
                           encoding="utf-8")
    messages = build_starter(starter, tmp_path / "site", command="build", strict=False)
    warning = [message for message in messages if "render_ahead" in message]
    assert warning and "no longer does anything" in warning[0] and "Delete the `render_ahead` line" in warning[0]
    assert (tmp_path / "site" / "index.html").is_file()
