"""The one `projecth` plugin: typed options per feature, features in the order plugins/plugin.py states, a build
state made afresh by every build, and the old plugin names answered with their exact replacement."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs import exceptions
from mkdocs.commands.build import build
from mkdocs.config import load_config

from projecth.cli import main
from projecth.plugin import ORDER, ProjecthPlugin

ENTRY = "  - projecth:\n      library:\n        taxonomy: taxonomy.yml\n"



def set_plugins(root: Path, entry: str) -> None:
    """Replace the `projecth` entry under `plugins:` in the site's mkdocs.yml with `entry`."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(ENTRY) == 1
    config.write_text(text.replace(ENTRY, entry), encoding="utf-8")


class Messages(logging.Handler):
    """What MkDocs logs while a test builds (its command line is not there to print it)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __enter__(self) -> "Messages":
        logger = logging.getLogger("mkdocs")
        self._level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logger = logging.getLogger("mkdocs")
        logger.removeHandler(self)
        logger.setLevel(self._level)


def load(root: Path, strict: bool = True):
    return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=strict)


# -- one plugin, options per feature ---------------------------------------------------------------------

def test_one_plugin_with_options_per_feature_builds_the_starter_site_in_the_stated_order(starter, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # a page's sitemap date is then only what history found
    set_plugins(starter, ENTRY + "      search:\n        indexing: false\n"
                                 "      history:\n        skip: [index.md, about.md]\n"
                                 "      reuse:\n        feeds: false\n")
    config = load(starter)
    assert [name for name in config.plugins if "projecth" in name] == ["projecth"]  # beside the site's hook
    plugin = config.plugins["projecth"]
    assert isinstance(plugin, ProjecthPlugin)
    assert plugin.config.search.indexing is False and plugin.config.history.skip == ["index.md", "about.md"]
    assert plugin.config.library.taxonomy == "taxonomy.yml" and plugin.config.audit.headers is True  # defaults
    build(config)
    site = starter / "site"
    assert (site / "catalog.json").is_file() and (site / "_headers").is_file()
    assert not (site / "pagefind").exists()  # search: indexing: false
    assert not (site / "feed.xml").exists()  # reuse: feeds: false
    assert "ph-history" not in (site / "about/index.html").read_text(encoding="utf-8")  # history: skip
    assert "ph-history" in (site / "accessibility/index.html").read_text(encoding="utf-8")

    # The order is the one plugins/plugin.py states, for every event, each feature that has the event.
    ran = plugin.build.ran
    assert ran["on_config"] == ("library", "search", "reuse", "audit")
    assert ran["on_pre_build"] == ("library",)
    assert ran["on_files"] == ORDER
    # Every page kind's records come through the library's (from the kind that holds the page, core/kinds/).
    assert ran["on_page_context"] == ("library", "guide", "search", "reuse", "history")
    assert ran["on_post_build"] == ("search", "audit")
    # ...and it shows: on a unit's page, reuse's pack comes after what curriculum gave the template, and history's line
    # after both.
    units = [path for path in site.rglob("index.html") if 'id="ph-unit-pack-heading"' in path.read_text("utf-8")]
    assert units
    for path in units:
        page = path.read_text(encoding="utf-8")
        assert page.index('id="ph-serves-heading"') < page.index('id="ph-unit-pack-heading"') < page.index("ph-history")
    # Sitemap dates come from the history feature (run after reuse's on_files): a page's own last change.
    assert "about.md" not in plugin.build.library.library.catalogue.by_src
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    changed = plugin.build.history.last_changed["about.md"].isoformat()
    about = sitemap[sitemap.index("/about/</loc>"):]
    assert about[: about.index("</url>")].count(f"<lastmod>{changed}</lastmod>") == 1


def test_each_build_gets_a_new_state_and_its_own_options(site):
    site.resource("networks/maths/fractions.md", title="Fractions")
    original = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    set_plugins(site.root, ENTRY + "      search:\n        indexing: false\n")
    config = load(site.root)
    plugin = config.plugins["projecth"]
    build(config)
    first = plugin.build
    assert first.search.page_url == "search/" and first.reuse is not None
    # As `mkdocs serve` does: the same plugin object, options read again.
    (site.root / "mkdocs.yml").write_text(original, encoding="utf-8")
    set_plugins(site.root, ENTRY + "      search:\n        enabled: false\n")
    config = load(site.root)
    assert config.plugins["projecth"] is plugin
    build(config)
    assert plugin.build is not first and plugin.build.search is None
    assert "search" not in plugin.build.ran["on_files"]
    assert not (site.root / "site/search").exists()
    assert 'class="ph-header-search"' not in (site.root / "site/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("options", "expected"), [
    ("      search:\n        indexin: false\n",
     "Plugin 'projecth' option 'search': `indexin` under `projecth: search:` in mkdocs.yml is not one of its "
     "options; they are `enabled`, `page`, `title`, `bundle_dir`, `language`, `indexing`, `binary`, `timeout`"),
    ("      serach:\n        indexing: false\n",
     "Plugin 'projecth' option 'serach': `serach` under `projecth:` in mkdocs.yml is not one of its features; "
     "they are `library`, `curriculum`, `case_studies`, `guide`, `search`, `reuse`, `history`, `audit`"),
    ("      audit:\n        enabled: false\n",
     "Plugin 'projecth' option 'audit': `audit: enabled` under `projecth:` in mkdocs.yml: this feature cannot be "
     "switched off"),
    ("      history: yes\n",
     "Plugin 'projecth' option 'history': `history:` under `projecth:` in mkdocs.yml must hold the feature's "
     "options"),
])
def test_an_unknown_or_misplaced_option_is_an_error_naming_where_it_is(site, options, expected):
    set_plugins(site.root, ENTRY + options)
    with Messages() as messages, pytest.raises(exceptions.Abort, match="configuration error"):
        load(site.root, strict=False)  # an error, not a warning that only --strict would stop on
    assert any(expected in line for line in messages.lines), messages.lines


def test_switching_off_curriculum_while_content_has_entitlements_is_refused(starter):
    set_plugins(starter, ENTRY + "      curriculum:\n        enabled: false\n")
    with Messages() as messages, pytest.raises(exceptions.Abort):
        build(load(starter))
    assert any(line.startswith("content/entitlements/") and "is an entitlement, but `curriculum: {enabled: false}`"
               in line and "delete that `enabled` line" in line for line in messages.lines), messages.lines
    assert not (starter / "site").exists()


# -- the old plugin names --------------------------------------------------------------------------------

OLD_ENTRIES = """\
  - projecth-library:
      taxonomy: taxonomy.yml
      related_limit: 3
  - projecth-curriculum
  - projecth-case-studies
  - projecth-guide
  - projecth-search:
      indexing: false
  - projecth-reuse
  - projecth-audit
"""

REPLACEMENT = """\
  - projecth:
      library:
        taxonomy: taxonomy.yml
        related_limit: 3
      search:
        indexing: false
      history:
        enabled: false
"""


def test_old_plugin_names_stop_the_build_with_their_exact_replacement_which_builds(site):
    site.resource("networks/maths/fractions.md", title="Fractions")
    set_plugins(site.root, OLD_ENTRIES)  # as mkdocs.yml was before 2026-12-01, without projecth-history
    with Messages() as messages, pytest.raises(exceptions.Abort):
        build(load(site.root))
    [message] = [line for line in messages.lines if "projecth-library" in line]
    assert message.startswith("mkdocs.yml lists `projecth-library`, `projecth-curriculum`, `projecth-case-studies`, "
                              "`projecth-guide`, `projecth-search`, `projecth-reuse`, `projecth-audit`: the toolkit "
                              "is now one plugin, `projecth`. Replace those lines")
    assert message.endswith("\n\n" + REPLACEMENT)
    assert not (site.root / "site").exists()

    # What it says to write builds, with the old options in force.
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(text.replace(OLD_ENTRIES, REPLACEMENT), encoding="utf-8")
    config = load(site.root)
    build(config)
    plugin = config.plugins["projecth"]
    assert plugin.config.library.related_limit == 3 and plugin.build.history is None
    assert (site.root / "site/networks/maths/fractions/index.html").is_file()
    assert not (site.root / "site/pagefind").exists()


def test_an_old_name_beside_the_new_plugin_is_refused_too(site):
    set_plugins(site.root, ENTRY + "  - projecth-search:\n      indexing: false\n")
    with Messages() as messages, pytest.raises(exceptions.Abort):
        build(load(site.root))
    assert any(line.startswith("mkdocs.yml lists `projecth-search` beside `projecth`") for line in messages.lines)


# -- what `projecth init` writes --------------------------------------------------------------------------

def test_projecth_init_writes_the_one_plugin_and_its_site_builds(tmp_path):
    target = tmp_path / "their-library"
    assert main(["init", str(target), "--name", "Their Trust", "--today", "2026-01-15"]) == 0
    text = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert ENTRY in text and "projecth-" not in text
    config = load_config(str(target / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    assert list(config.plugins) == ["projecth"]  # the skeleton has no hooks
    build(config)
    assert config.plugins["projecth"].build.ran["on_files"] == ORDER
    assert (tmp_path / "site/_headers").is_file() and (tmp_path / "site/pagefind/pagefind.js").is_file()
