"""Resource pages rendered ahead in a second process (projecth.prerender): the same site, or the parent's own work."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from projecth.core import library as library_module
from projecth.core.forked import can_fork
from projecth.prerender import PrerenderedPages

from conftest import REPO

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and more than one core")


def page_around(src: str, placeholder: str) -> str:
    return f"<h1>{src}</h1>\n{placeholder}\n<footer>{src}</footer>"


def test_each_page_gets_its_own_body_whatever_order_they_are_taken_in():
    pages = PrerenderedPages.start(["a", "b", "c", "d"], page_around)
    try:
        assert pages.take("b", "<p>B</p>") == "<h1>b</h1>\n<p>B</p>\n<footer>b</footer>"
        assert pages.take("a", "<p>A</p>") == "<h1>a</h1>\n<p>A</p>\n<footer>a</footer>"
        assert pages.take("d", "<p>D</p>") == "<h1>d</h1>\n<p>D</p>\n<footer>d</footer>"
        assert pages.take("c", "") == "<h1>c</h1>\n\n<footer>c</footer>"
        assert pages.take("a", "<p>A</p>") is None  # each page once; the parent renders any other
        assert pages.take("not-asked-for", "x") is None  # after the child has finished: nothing to wait for
        assert pages.used == 4
    finally:
        pages.close()


def test_the_parent_renders_any_page_the_child_could_not():
    def render(src: str, placeholder: str) -> str:
        if src == "raises":
            raise ValueError("a template error")
        if src == "warns":
            logging.getLogger("mkdocs.plugins.projecth").warning("a warning the parent must log itself")
        if src == "no-body":
            return "<p>a template without the body</p>"
        if src == "two-bodies":
            return placeholder + placeholder
        return page_around(src, placeholder)

    pages = PrerenderedPages.start(["raises", "warns", "no-body", "two-bodies", "fine"], render)
    try:
        for src in ("raises", "warns", "no-body", "two-bodies"):
            assert pages.take(src, "<p>body</p>") is None, src
        assert pages.take("fine", "<p>body</p>") == page_around("fine", "<p>body</p>")
        assert pages.used == 1
    finally:
        pages.close()


def test_closing_stops_a_child_that_is_still_sending():
    big = "x" * 100_000  # more than a pipe holds: the child blocks until the parent reads or closes
    pages = PrerenderedPages.start([f"page-{n}" for n in range(50)], lambda src, placeholder: big + placeholder)
    process = pages._process
    assert pages.take("page-0", "") == big
    pages.close()
    assert not process.is_alive()
    pages.close()  # twice is harmless


def build_starter(root: Path, site_dir: Path, *, command: str | None) -> list[str]:
    """Build the repository's own library; `command` as the `mkdocs` CLI passes it to on_startup."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins["projecth-search"].config.indexing = False
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    if command:
        config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        if command:
            config.plugins.on_shutdown()
        logger.removeHandler(handler)
        logger.setLevel(level)
    return messages


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    for name in ("mkdocs.yml", "taxonomy.yml", "overrides", "hooks", "content"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


def load_chunk_noting_its_process(*args, **kwargs):
    with open(os.environ["PROJECTH_TEST_LOAD_PIDS"], "a", encoding="utf-8") as pids:
        pids.write(f"{os.getpid()}\n")
    return ORIGINAL_LOAD_CHUNK(*args, **kwargs)


ORIGINAL_LOAD_CHUNK = library_module._load_chunk


def test_mkdocs_build_renders_resource_pages_ahead_and_publishes_the_same_site(starter, tmp_path, monkeypatch):
    # Small enough for `mkdocs build` to read this library's files in two processes too, as it does a large one's.
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(library_module, "_load_chunk", load_chunk_noting_its_process)
    monkeypatch.setenv("PROJECTH_TEST_LOAD_PIDS", str(tmp_path / "pids.txt"))
    ahead = build_starter(starter, tmp_path / "ahead", command="build")
    assert len(set((tmp_path / "pids.txt").read_text().split())) == 2
    alone = build_starter(starter, tmp_path / "alone", command=None)  # MkDocs' build() called directly
    # Read in this process alone: one more chunk, noted by this test's own process.
    assert (tmp_path / "pids.txt").read_text().split()[2:] == [str(os.getpid())]
    resources = len(list((starter / "content" / "networks").glob("*/*.md"))) - len(
        list((starter / "content" / "networks").glob("*/index.md")))
    assert resources >= 20
    assert any(m.endswith(f"rendered {resources} resource pages' templates in a second process") for m in ahead)
    assert not any("in a second process" in message for message in alone)
    built_ahead, built_alone = site_files(tmp_path / "ahead"), site_files(tmp_path / "alone")
    assert built_ahead.keys() == built_alone.keys()
    different = [path for path in built_ahead if built_ahead[path] != built_alone[path]]
    assert different == []


def test_serve_and_sites_that_override_toolkit_templates_render_in_one_process(starter, tmp_path):
    assert not any("in a second process" in m for m in build_starter(starter, tmp_path / "serve", command="serve"))
    override = starter / "overrides" / "projecth" / "resource.html"
    override.parent.mkdir(parents=True)
    override.write_text((REPO / "plugins/templates/projecth/resource.html").read_text(encoding="utf-8")
                        .replace("{{ body }}", '{{ body }}<p class="words">{{ body | wordcount }}</p>'),
                        encoding="utf-8")
    build_starter(starter, tmp_path / "override", command="build")
    page = next((tmp_path / "override" / "networks").glob("*/*/index.html")).read_text(encoding="utf-8")
    count = int(page.split('<p class="words">')[1].split("<")[0])
    assert count > 50  # the real body's words, not a placeholder's
