"""The HTML parser under the allow-list (projecth.core.security.policy.parse_fragment): it must build the tree a browser
builds, keep text where it stands, and refuse (quickly) nesting deeper than a browser builds."""

from __future__ import annotations

import time

import pytest

from projecth.core.security import policy
from projecth.core.security.body_check import LinkTargets, check_body


def keys(html: str) -> list[str]:
    return [violation.key for violation in policy.check_content_html(html)]


@pytest.mark.parametrize("html", [
    # Chromium parses what is inside `<select>` (customisable select) and reads `<noscript>` as text when scripts
    # run; a parser that drops the `<img>` or keeps the attribute value whole would not see the event attribute.
    '<select><img src=x onerror="alert(1)"></select>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
])
def test_the_tree_is_the_one_a_browser_builds(html):
    assert "event:onerror" in keys(html)


def test_a_paragraph_after_a_table_start_is_kept_as_browsers_keep_it():
    root = policy.parse_fragment("<p><table><p>x")
    assert [child.tag.rpartition("}")[2] for child in root] == ["p", "p", "table"]
    assert root[1].text == "x"


def test_text_and_tails_stay_where_they_are():
    root = policy.parse_fragment('a<h2 id="pupils-b-c">Pupils <em>b</em> c<!-- n --></h2>d')
    heading = root[0]
    assert (root.text, heading.text, heading[0].text, heading[0].tail, heading.tail) == ("a", "Pupils ", "b", " c",
                                                                                           "d")
    assert not isinstance(heading[1].tag, str) and heading[1].text == " n "
    assert keys('<h2 id="pupils-b-c">Pupils <em>b</em> c</h2>') == []  # the id is the heading's own slug


def test_namespaces_and_namespaced_attributes_are_those_of_the_standard():
    root = policy.parse_fragment('<svg><image xlink:href="https://example.org/x.png"/></svg><math><mi>x</mi></math>')
    svg, math = root
    assert svg.tag == f"{{{policy.SVG_NS}}}svg" and math.tag == f"{{{policy.MATHML_NS}}}math"
    assert svg[0].attrib == {"{http://www.w3.org/1999/xlink}href": "https://example.org/x.png"}
    assert "url:xlink:href" in keys('<svg><image xlink:href="https://example.org/x.png"/></svg>')


def test_a_megabyte_of_nesting_is_refused_within_a_second():
    depth = 100_000
    start = time.perf_counter()
    found = keys("<div>" * depth + "x" + "</div>" * depth)
    assert found == ["nesting"] and time.perf_counter() - start < 1


@pytest.mark.parametrize("html", ["<div>" * 600 + "x" + "</div>" * 600, "x <b>" * 600, "<span><em>" * 300])
def test_nesting_deeper_than_browsers_build_is_refused_before_parsing(html):
    assert keys(html) == ["nesting"]


def test_long_runs_of_unclosed_paragraphs_and_items_are_not_deep():
    assert "nesting" not in keys("<p>a" * 5000 + "<ul>" + "<li>b" * 5000 + "</ul>")
    assert keys("<div>" * 500 + "x" + "</div>" * 500) == []  # as deep as a browser nests: parsed and checked


def test_a_deeply_nested_body_is_refused_at_its_line():
    found = []
    check_body("## Why\n\nSome text.\n\n" + "<div>" * 600 + "\n", 10, "networks/maths/a.md",
               LinkTargets(frozenset(), frozenset(), frozenset()), lambda *item: found.append(item))
    assert [(line, "nested more than 512 deep" in message) for line, _col, message in found] == [(14, True)]
