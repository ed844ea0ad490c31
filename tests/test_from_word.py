"""`projecth new resource --from`: a draft from a Word document (real pandoc, both ways) or from another library's
Markdown page, which passes the check and a strict build with only the edits the messages ask for.

The Word document is made here, by pandoc, from Markdown written for this test (fictional teachers).
"""

from __future__ import annotations

import re
import subprocess
import textwrap

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from assertions import projecth
from projecth.core.authoring.foreign import MISSING_ALT
from projecth.core.authoring.from_word import ConversionFailed, from_docx, pandoc_path
from test_convert import CARPENTRIES, tiny_png

SOURCE = textwrap.dedent("""\
    ---
    title: Fractions on a number line
    author: [A. Teacher, B. Teacher]
    date: 2025-03-14
    description: How Year 5 pupils place fractions on a number line, for teachers planning the unit.
    ---

    # Why it matters

    Pupils who *see* fractions as **numbers** compare them more easily.

    ![A number line from 0 to 1 marked in quarters](line.png)

    ![](line.png)

    ## Steps

    1. Draw the line.
    2. Mark the ends.
        - 0 on the left
        - 1 on the right

    | Fraction | Position |
    |---|---|
    | 1/4 | a quarter of the way |
    | 1/2 | half way |

    See [the guidance](https://www.example.org/fractions).
    """)


@pytest.fixture
def lesson_docx(tmp_path):
    folder = tmp_path / "word"
    folder.mkdir()
    (folder / "line.png").write_bytes(tiny_png())
    (folder / "lesson.md").write_text(SOURCE)
    subprocess.run([pandoc_path(), "lesson.md", "-o", "lesson.docx"], cwd=folder, check=True)
    return folder / "lesson.docx"


def test_the_document_becomes_markdown_with_its_properties(lesson_docx):
    draft = from_docx(lesson_docx)
    draft.name_images("fractions")
    assert draft.title == "Fractions on a number line"
    assert draft.authors == ["A. Teacher", "B. Teacher"]
    assert draft.published.isoformat() == "2025-03-14"
    assert draft.summary.startswith("How Year 5 pupils place fractions")
    body = draft.body
    assert "## Why it matters" in body and "### Steps" in body  # one level down: the title is the page's h1
    assert "*see*" in body and "**numbers**" in body
    assert "![A number line from 0 to 1 marked in quarters](fractions-1.png)" in body
    assert f"![{MISSING_ALT}](fractions-1.png)" in body
    assert re.search(r"\| 1/4 +\| a quarter of the way +\|", body)
    assert "[the guidance](https://www.example.org/fractions)" in body
    assert re.search(r"\n    -   0 on the left", body)  # nested four spaces, as Python-Markdown needs
    assert [name for name, _ in draft.images] == ["fractions-1.png"]
    assert draft.images[0][1] == tiny_png()
    assert any("no alt text" in note for note in draft.notes)


def test_not_a_word_document_is_refused(tmp_path):
    fake = tmp_path / "old.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0 a .doc from 2003")
    with pytest.raises(ConversionFailed, match="not a Word document"):
        from_docx(fake)


def _publish(path):
    """The author's edits the messages ask for: describe the image; then publish the draft."""
    text = path.read_text()
    text = text.replace(MISSING_ALT, "The same number line, unlabelled")
    return path.write_text(text.replace("status: draft", "status: published"))


def test_new_resource_from_word_passes_check_and_strict_build(site, tmp_path, lesson_docx):
    root = site.root
    result = projecth("new", "resource", "--from", str(lesson_docx), "--network", "maths", cwd=root)
    assert result.returncode == 0, result.stderr
    draft = root / result.stdout.strip()
    assert draft == root / "content/networks/maths/fractions-on-a-number-line.md"
    assert (draft.parent / "fractions-on-a-number-line-1.png").read_bytes() == tiny_png()
    text = draft.read_text()
    assert 'title: "Fractions on a number line"' in text
    assert 'authors: ["A. Teacher", "B. Teacher"]' in text and "published: 2025-03-14" in text
    assert 'summary: "How Year 5 pupils place fractions' in text
    assert "TODO: a starting value, not from the document" in text  # what the document could not say
    assert "no alt text" in result.stderr

    check = projecth("check", "content", cwd=root)
    assert check.returncode == 1
    assert "an image without alt text" in check.stdout and MISSING_ALT in check.stdout

    _publish(draft)
    check = projecth("check", "content", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"), strict=True)
    build(config)
    page = (tmp_path / "out/networks/maths/fractions-on-a-number-line/index.html").read_text()
    assert "<table>" in page and "<em>see</em>" in page and "<strong>numbers</strong>" in page
    assert 'alt="A number line from 0 to 1 marked in quarters"' in page
    assert 'href="https://www.example.org/fractions"' in page
    assert re.search(r"<h2[^>]*>Why it matters", page)
    assert (tmp_path / "out/networks/maths/fractions-on-a-number-line-1.png").is_file()


def test_new_resource_from_a_carpentries_page(site, tmp_path):
    root = site.root
    episode = root / "episode.md"
    episode.write_text(textwrap.dedent("""\
        ---
        title: "Counting sheep with loops"
        teaching: 10
        exercises: 5
        questions:
        - "How can I repeat a command?"
        objectives:
        - "Write a loop."
        keypoints:
        - "A loop repeats commands for each item."
        ---
        """) + "\n" + CARPENTRIES)
    (root / "content/networks/maths/sheep.png").parent.mkdir(parents=True, exist_ok=True)
    (root / "content/networks/maths/sheep.png").write_bytes(tiny_png())
    result = projecth("new", "resource", "--from", str(episode), "--network", "maths", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "not kept from episode.md's front matter (no such field here): `teaching`, `exercises`" in result.stderr
    draft = root / result.stdout.strip()
    text = draft.read_text()
    assert '!!! question "Questions"\n\n    - How can I repeat a command?' in text
    assert '!!! abstract "Key points"' in text and '!!! question "How many sheep?"' in text
    assert ":::" not in text
    _publish(draft)
    check = projecth("check", "content", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"), strict=True))
    page = (tmp_path / "out/networks/maths/counting-sheep-with-loops/index.html").read_text()
    assert "<summary>Solution</summary>" in page and "Key points" in page
