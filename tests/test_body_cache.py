"""The body check's cache (projecth.core.security.body_check.BodyCache): an unchanged body that passed is not rendered again, and
nothing the cache holds can hide a problem: a changed body, a body with findings, a link that broke since, or a
change of Markdown configuration is checked in full."""

from __future__ import annotations

import json

import pytest

from projecth.core.security import body_check as body_module
from projecth.core.security.body_check import DEFAULT_MARKDOWN, MarkdownConfig
from projecth.core.library.loader import load_library

from conftest import TODAY


@pytest.fixture
def renders(monkeypatch):
    """The bodies rendered in full by the check, in order (one process: no forking in these tests)."""
    seen: list[str] = []
    summarise = body_module._summarise_chunk
    monkeypatch.setattr(body_module, "_summarise_chunk",
                        lambda markdown, chunk: seen.extend(text for text, _ in chunk) or summarise(markdown, chunk))
    return seen


def check(library, tmp_path, markdown=None):
    return load_library(library.content, library.taxonomy, today=TODAY, cache_dir=tmp_path / "cache",
                        markdown_config=markdown)


def messages(result) -> list[str]:
    return [d.format_text() for d in result.report.sorted()]


def test_an_unchanged_clean_library_is_not_rendered_again(library, tmp_path, renders):
    for number in range(3):
        library.resource(f"networks/maths/resource-{number}.md", title=f"Resource {number}",
                         body=f"## Part {number}\n\nSee [the next](resource-{(number + 1) % 3}.md#part-"
                              f"{(number + 1) % 3}).\n")
    first = check(library, tmp_path)
    assert first.ok and len(renders) == 3
    renders.clear()
    second = check(library, tmp_path)
    assert second.ok and renders == []
    assert messages(first) == messages(second)

    library.resource("networks/maths/resource-1.md", title="Resource 1", body="## Part 1\n\nChanged.\n")
    renders.clear()
    assert check(library, tmp_path).ok
    assert [text.strip() for text in renders] == ["## Part 1\n\nChanged."]  # only the edited body


def test_a_body_with_findings_is_checked_in_full_every_time(library, tmp_path, renders):
    library.resource(body='## Why\n\n<a href="java&#9;script:alert(1)">x</a>\n')
    first = check(library, tmp_path)
    renders.clear()
    second = check(library, tmp_path)
    assert len(renders) == 1
    assert messages(first) == messages(second) and "`javascript:` URL" in " ".join(messages(second))


def test_a_link_is_checked_against_the_library_as_it_is_now(library, tmp_path, renders):
    library.resource("networks/maths/a.md", title="A", body="## Why\n\nSee [B](b.md#method).\n")
    library.resource("networks/maths/b.md", title="B", body="## Method\n\nText.\n")
    assert check(library, tmp_path).ok
    library.resource("networks/maths/b.md", title="B", body="## Approach\n\nText.\n")  # the anchor is gone
    renders.clear()
    result = check(library, tmp_path)
    # a.md comes from the cache, and its link is still checked
    assert [text.strip() for text in renders] == ["## Approach\n\nText."]
    assert any("networks/maths/a.md" in line and "no heading or anchor `method`" in line for line in messages(result))


def test_another_markdown_configuration_or_a_damaged_file_checks_everything(library, tmp_path, renders):
    library.resource(body="## Why\n\nText.\n")
    check(library, tmp_path)
    renders.clear()
    check(library, tmp_path, MarkdownConfig.of(["admonition"], {"toc": {"permalink": False}}))
    assert len(renders) == 1
    (tmp_path / "cache" / "bodies.json").write_text("{not json", encoding="utf-8")
    renders.clear()
    assert check(library, tmp_path).ok and len(renders) == 1
    stored = json.loads((tmp_path / "cache" / "bodies.json").read_text(encoding="utf-8"))
    assert stored["fingerprint"] == body_module._fingerprint(DEFAULT_MARKDOWN) and len(stored["entries"]) == 1


def test_an_entry_for_other_text_cannot_pass_a_body(library, tmp_path, renders):
    """The entry's key is the body's hash: a clean body's entry is not taken for an edited one."""
    library.resource(body="## Why\n\nText.\n")
    check(library, tmp_path)
    library.resource(body="## Why\n\nText.\n\n<iframe src=x.html></iframe>\n")
    renders.clear()
    result = check(library, tmp_path)
    assert len(renders) == 1 and "raw `<iframe>` tag" in " ".join(messages(result))


def test_no_cache_where_an_extension_renders_more_than_the_body(library, tmp_path, renders):
    """`pymdownx.snippets` includes other files: the included file may change while the body stays the same."""
    snippets = MarkdownConfig.of([*DEFAULT_MARKDOWN.extensions, "pymdownx.snippets"], DEFAULT_MARKDOWN.configs)
    assert body_module.cacheable(DEFAULT_MARKDOWN) and not body_module.cacheable(snippets)
    library.resource(body="## Why\n\nText.\n")
    check(library, tmp_path, snippets)
    check(library, tmp_path, snippets)
    assert len(renders) == 2 and not (tmp_path / "cache").exists()


def test_a_cache_planted_in_the_site_folder_is_never_read(site, monkeypatch, caplog):
    """A pull request can add any file to the site's folder, even one .gitignore hides: the body check's cache is
    kept outside it (core/reading/siteconfig.py `user_cache_dir`), so an entry that records an attack as passed is ignored
    by `projecth check` and by the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from projecth.cli import main
    from projecth.core.security.body_check import CACHE_FEATURE, BodyCache, _Summary, read_markdown_config
    from projecth.core.reading.siteconfig import user_cache_dir
    from projecth.core.reading.frontmatter import split_front_matter

    path = site.resource(body="## Why\n\n<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>\n")
    split, _ = split_front_matter(path.read_text(encoding="utf-8"))
    markdown = read_markdown_config(site.root / "mkdocs.yml")
    # What the planted file would do if the check read it: the attack passes.
    planted = BodyCache(site.root / ".cache" / "projecth" / CACHE_FEATURE, markdown)
    planted.put(split.body, _Summary(set(), [], []))
    planted.save()
    fooled = load_library(site.content, site.taxonomy, today=TODAY, markdown_config=markdown,
                          cache_dir=site.root / ".cache" / "projecth" / CACHE_FEATURE)
    assert not fooled.report.errors

    real = user_cache_dir(CACHE_FEATURE, site.root)
    assert not real.resolve().is_relative_to(site.root.resolve())
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 1
    with pytest.raises(Exception):
        build(load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "site"), strict=True))
    assert "bar-models.md:18:1: error: raw `<iframe>` tag" in caplog.text
    assert not (site.root / "site").exists()
