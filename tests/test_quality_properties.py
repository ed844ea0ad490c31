"""Property-based tests of the content check (hypothesis): whatever a contributor writes in front matter or in a
Markdown body, the validator answers with messages and never crashes, and a page that fails is never published.

Bounded so that the suite stays fast: a few dozen examples per property, no deadline (file I/O varies)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TAXONOMY_PATH, VALID_BODY, VALID_FIELDS, front_matter
from projecth.core.library.loader import load_library
from projecth.core.model.taxonomy import load_taxonomy

SRC = "networks/maths/bar-models.md"
TODAY = dt.date(2026, 1, 10)
BOUNDED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that YAML, Markdown and HTML treat specially, mixed with ordinary text.
TRICKY = [
    "<script>alert(1)</script>", "<b onclick=x>", "{: onclick=\"x\" }", "[a](javascript:alert(1))", "<!-- c -->",
    "![i](https://example.org/i.png)", "<iframe src=x>", "`code`", "```\n", "    indented\n", "&lt;", "&#x3c;",
    "no", "0123", "12:30", "2024-02-30", "&a", "*a", "!!python/object", "[", "{", "'", '"', "\t", "\ufeff", "\x00",
    "\r\n", "---\n", "# Heading\n", "[link](../other.md)", "<", ">", "é", "“smart”", "\u202e",
]
fragments = st.one_of(st.sampled_from(TRICKY), st.text(max_size=20))
values = st.lists(fragments, max_size=6).map("".join)
bodies = st.lists(st.one_of(fragments, st.just("\n\n")), max_size=12).map("".join)


@pytest.fixture(scope="module")
def taxonomy():
    loaded, report = load_taxonomy(TAXONOMY_PATH)
    assert loaded is not None
    return loaded


def check(taxonomy, text: str):
    root = Path(tempfile.mkdtemp(prefix="projecth-prop-"))
    try:
        path = root / SRC
        path.parent.mkdir(parents=True)
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        return load_library(root, taxonomy, today=TODAY)
    finally:
        shutil.rmtree(root)


def assert_answers_and_never_publishes_a_failure(library) -> None:
    diagnostics = library.report.sorted()
    for diagnostic in diagnostics:
        line = diagnostic.format_text()
        assert line.startswith(SRC + ":") and diagnostic.message.strip(), line
    if library.report.errors:
        assert library.catalogue is None
    else:
        assert library.catalogue is not None
        assert [resource.src_path for resource in library.catalogue.resources] == [SRC]


def test_the_valid_resource_is_published(taxonomy):
    library = check(taxonomy, front_matter() + "\n" + VALID_BODY)
    assert library.ok and library.catalogue is not None


@BOUNDED
@given(field=st.sampled_from(sorted(VALID_FIELDS) + ["tags", "updated", "unknown_field"]), value=values)
def test_any_front_matter_value_gets_an_answer(taxonomy, field, value):
    text = front_matter(**{field: value}) + "\n" + VALID_BODY
    assert_answers_and_never_publishes_a_failure(check(taxonomy, text))


@BOUNDED
@given(value=values)
def test_any_quoted_title_gets_an_answer(taxonomy, value):
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    text = front_matter(title=f'"{escaped}"') + "\n" + VALID_BODY
    assert_answers_and_never_publishes_a_failure(check(taxonomy, text))


@BOUNDED
@given(body=bodies)
def test_any_markdown_body_gets_an_answer(taxonomy, body):
    assert_answers_and_never_publishes_a_failure(check(taxonomy, front_matter() + "\n" + body))


@BOUNDED
@given(prefix=bodies, dangerous=st.sampled_from(["<script>alert(1)</script>", "<b onclick=x>b</b>",
                                                 "[a](javascript:alert(1))", "<!-- note -->"]))
def test_dangerous_markup_in_running_text_is_never_published(taxonomy, prefix, dangerous):
    # Whatever comes before it, a dangerous piece in its own paragraph is found (or the page fails anyway).
    library = check(taxonomy, front_matter() + "\n" + prefix.replace("`", "") + "\n\n" + dangerous + "\n")
    assert_answers_and_never_publishes_a_failure(library)
    assert library.catalogue is None
