"""Shared fixtures: the real taxonomy, and small libraries written into tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from projecth.core.library.loader import Library, load_library
from projecth.core.model.taxonomy import Taxonomy, load_taxonomy

REPO = Path(__file__).resolve().parent.parent
TAXONOMY_PATH = REPO / "taxonomy.yml"
TODAY = dt.date(2026, 11, 23)

VALID_FIELDS = {
    "title": "Bar models for fractions",
    "summary": "How to use bar models to teach equivalent fractions.",
    "network": "maths",
    "subjects": "[maths]",
    "phases": "[primary]",
    "key_stages": "[ks2]",
    "year_groups": "[year-5]",
    "resource_type": "guide",
    "audience": "[teacher]",
    "authors": "[Lift Schools Maths network]",
    "published": "2025-09-15",
    "licence": "CC-BY-4.0",
}
VALID_BODY = "## Why\n\nBar models make the whole and its parts visible.\n"


def front_matter(fields: dict[str, str | None] | None = None, **overrides: str | None) -> str:
    """Front matter text from VALID_FIELDS with overrides; a value of None drops the field.

    Values are written verbatim after `key: `, so a test controls exactly what
    YAML sees (quotes, lists, block scalars).
    """
    merged = dict(VALID_FIELDS if fields is None else fields)
    merged.update(overrides)
    lines = [f"{key}: {value}" for key, value in merged.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def resource_text(body: str = VALID_BODY, **overrides: str | None) -> str:
    return front_matter(**overrides) + "\n" + body


class LibraryDir:
    """A content folder in tmp_path that a test fills with files and then checks."""

    def __init__(self, root: Path, taxonomy: Taxonomy):
        self.root = root
        self.content = root / "content"
        self.content.mkdir(parents=True, exist_ok=True)
        self.taxonomy = taxonomy

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def resource(self, rel: str = "networks/maths/bar-models.md", body: str = VALID_BODY, **overrides) -> Path:
        return self.write(rel, resource_text(body, **overrides))

    def check(self, today: dt.date = TODAY) -> Library:
        return load_library(self.content, self.taxonomy, today=today)

    def lines(self, today: dt.date = TODAY) -> list[str]:
        """Every diagnostic as `path:line:col: severity: message`."""
        return [d.format_text() for d in self.check(today).report.sorted()]

    def errors(self, today: dt.date = TODAY) -> list[str]:
        return [d.format_text() for d in self.check(today).report.errors]


@pytest.fixture(scope="session", autouse=True)
def shared_office_cache(tmp_path_factory):
    """One cache of Word and PowerPoint copies for the whole run (keyed by content hash, so sharing is safe):
    each test build would otherwise convert every starter resource with pandoc again. tests/test_office.py,
    which tests the cache itself, turns it off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROJECTH_OFFICE_CACHE", str(tmp_path_factory.mktemp("office-cache")))
        # The sites' other caches (the body check's, core/reading/siteconfig.py `user_cache_dir`) go to a folder of the
        # run's own, not the user's ~/.cache.
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    loaded, report = load_taxonomy(TAXONOMY_PATH)
    assert loaded is not None, [d.format_text() for d in report.sorted()]
    return loaded


@pytest.fixture
def library(tmp_path: Path, taxonomy: Taxonomy) -> LibraryDir:
    return LibraryDir(tmp_path, taxonomy)


SITE_FILES = ("mkdocs.yml", "taxonomy.yml", "overrides", "hooks")


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A copy of the repository's own library and configuration in tmp_path (its content/ included)."""
    for name in (*SITE_FILES, "content"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


@pytest.fixture
def site(tmp_path: Path, taxonomy: Taxonomy) -> LibraryDir:
    """A buildable site in tmp_path: the project's mkdocs.yml, taxonomy and overrides, with home, about and
    contribute pages and the brand assets, but no resources (tests add their own)."""
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    lib = LibraryDir(tmp_path, taxonomy)
    shutil.copytree(REPO / "content" / "assets", lib.content / "assets")
    lib.write("index.md", "---\ntitle: Project H\nsummary: The open practice library.\n---\n\nWelcome.\n")
    lib.write("about.md", "---\ntitle: About\n---\n\nAbout the library.\n")
    lib.write("contribute.md", "---\ntitle: Contribute\n---\n\nHow to contribute.\n")
    lib.write("accessibility.md", "---\ntitle: Accessibility statement\n---\n\nLast tested on 23 November 2026.\n")
    return lib


def dirty_preview(site: LibraryDir):
    """As `mkdocs serve --dirty` with strict on: (the plugins' config, a function that rebuilds into site/).

    The caller ends it with `config.plugins.on_shutdown()`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    serve_url = "http://127.0.0.1:8000/"

    def rebuild():
        config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "site"), strict=True)
        config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=True)
        return config

    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "site"), strict=True)
    config.plugins.on_startup(command="serve", dirty=True)
    return config, rebuild
