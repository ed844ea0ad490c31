"""Taxonomy aliases (the short forms search indexes beside each label) and the search page's word helpers."""

from __future__ import annotations

from pathlib import Path

from projecth.core.model.taxonomy import load_taxonomy
from projecth.search.facets import search_config
from projecth.search.words import library_words

REPO = Path(__file__).resolve().parents[1]


def load(tmp_path: Path, text: str):
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    return load_taxonomy(path, "taxonomy.yml")


def with_key_stages(block: str) -> str:
    """The project's taxonomy.yml with its key stages replaced by `block`."""
    text = (REPO / "taxonomy.yml").read_text(encoding="utf-8")
    start = text.index("key_stages:\n")
    end = text.index("year_groups:\n")
    return text[:start] + block + "\n" + text[end:]


def test_the_project_taxonomy_lists_the_short_forms_teachers_type():
    taxonomy, report = load_taxonomy(REPO / "taxonomy.yml")
    assert not report.errors
    assert taxonomy.key_stages["eyfs"].aliases == ("EYFS", "Foundation stage")
    assert taxonomy.key_stages["ks4"].aliases[0] == "KS4"
    assert taxonomy.year_groups["year-5"].aliases == ("Y5", "Yr 5")
    assert "Mathematics" in taxonomy.subjects["maths"].aliases
    assert taxonomy.subjects["english"].aliases == ()
    # The search page gets them for each group's values.
    groups = {group["name"]: group for group in search_config(taxonomy)["groups"]}
    assert groups["key_stage"]["aliases"]["Key stage 2"] == ["KS2"]
    assert groups["kind"]["names"] is False and groups["subject"]["names"] is True


def test_aliases_must_be_a_list_of_text(tmp_path):
    block = ("key_stages:\n  eyfs:\n    label: Early Years Foundation Stage\n    aliases: EYFS\n"
             "  ks1:\n    label: Key stage 1\n    aliases: [KS1, '', KS1]\n"
             "  ks2: {label: Key stage 2}\n  ks3: {label: Key stage 3}\n  ks4: {label: Key stage 4}\n"
             "  ks5: {label: Key stage 5}\n")
    taxonomy, report = load(tmp_path, with_key_stages(block))
    assert taxonomy is None
    lines = [d.format_text() for d in report.errors]
    assert any("taxonomy.yml:" in line and "`key_stages.eyfs.aliases` must be a list of other names, e.g. "
               "`aliases: [KS2]`" in line for line in lines), lines
    assert any("each alias of `key_stages.ks1` must be a word or a few words of text" in line for line in lines)
    assert any("`key_stages.ks1` lists the alias `KS1` twice; keep one" in line for line in lines)


def test_an_alias_may_name_one_term_only(tmp_path):
    block = ("key_stages:\n  eyfs: {label: Early Years Foundation Stage}\n  ks1: {label: Key stage 1, aliases: [KS1]}\n"
             "  ks2: {label: Key stage 2, aliases: [key stage 1]}\n  ks3: {label: Key stage 3}\n"
             "  ks4: {label: Key stage 4}\n  ks5: {label: Key stage 5}\n")
    taxonomy, report = load(tmp_path, with_key_stages(block))
    assert taxonomy is None
    [error] = [d for d in report.errors if "alias" in d.message]
    assert error.message == ("the alias `key stage 1` of `key_stages.ks2` is already a name of `key_stages.ks1`: "
                             "give each name to one term only")
    assert error.line > 1


def test_library_words_are_distinct_most_frequent_first_and_skip_numbers_and_short_words():
    words = library_words(["Bar models for fractions", "Fractions in Year 5", "KS2 fractions", "An ox"])
    assert words[0] == "fractions"
    assert "ks2" in words and "5" not in words and "an" not in words and "ox" not in words
    assert words[1:] == sorted(words[1:])  # the rest appear once each: in alphabetical order
    assert len(words) == len(set(words))
