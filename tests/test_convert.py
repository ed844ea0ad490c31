"""`projecth convert`: other libraries' syntax rewritten in place as this site's Markdown, and the page then passes
the check and a strict build.

The pages are written for these tests, in the syntax of a Carpentries episode (Workbench fenced divs and the
older block quotes), a Raspberry Pi project, GitHub and MyST; the schools and lessons are fictional.
"""

from __future__ import annotations

import struct
import textwrap
import zlib

from mkdocs.commands.build import build
from mkdocs.config import load_config

from assertions import projecth
from conftest import front_matter
from projecth.core.authoring.convert import convert_text
from projecth.core.authoring.foreign import find_foreign

CARPENTRIES = textwrap.dedent("""\
    ::::::::::::::::::::::::::::::::::::::: objectives

    - Count the sheep in a field with a loop.

    ::::::::::::::::::::::::::::::::::::::::::::::::::

    ## Counting

    A loop repeats a command.

    ```bash
    for sheep in field/*.txt; do echo "$sheep"; done
    ```

    :::::::::::::::::::::::::::::::::::::::  challenge

    ## How many sheep?

    Write a loop that prints the name of every file in `field/`.

    ::::::::::::::::  solution

    ## Solution

    ```bash
    for sheep in field/*; do echo "$sheep"; done
    ```

    ::::::::::::::::::::::::::

    :::::::::::::::::::::::::::::::::::::::::::::::::::

    ::: callout

    ## Quoting

    Quote a variable that may hold spaces: `"$sheep"`.

    :::

    > [!TIP]
    > Press the up arrow to repeat the last command.

    Older lessons wrote special sections as block quotes:

    > ## Try it
    >
    > Run the loop twice.
    >
    > > ## Solution
    > >
    > > It prints the same names twice.
    > {: .solution}
    {: .challenge}

    ~~~
    ls field
    ~~~
    {: .language-bash}

    (counting-label)=
    ## Counting again

    ```{figure} sheep.png
    :alt: Three sheep in a field
    :name: sheep-figure

    Three sheep, counted.
    ```

    {% raw %}
    ```liquid
    {{ page.root }}
    ```
    {% endraw %}
    """)

RASPBERRY_PI = textwrap.dedent("""\
    ## Draw a circle

    --- task ---

    Open the editor and add this code:

    --- code ---
    ---
    language: python
    filename: main.py
    ---
    from turtle import circle
    circle(50)
    --- /code ---

    --- /task ---

    --- collapse ---
    ---
    title: What you will need
    ---
    A computer with Python 3.
    --- /collapse ---

    --- save ---

    --- challenge ---

    ## Challenge: two circles

    Can you draw a second circle?

    --- hints ---
    --- hint ---
    Call `circle` again.
    --- /hint ---
    --- /hints ---

    --- /challenge ---

    --- question ---
    ---
    legend: Question 1 of 1
    ---
    What does `circle(50)` draw?

    --- choices ---
    - ( ) A square
      --- feedback ---
      Not quite: look at the name.
      --- /feedback ---
    - (x) A circle
      --- feedback ---
      Yes: a circle of radius 50.
      --- /feedback ---
    --- /choices ---
    --- /question ---
    """)


def test_carpentries_episode_is_converted():
    result = convert_text(CARPENTRIES)
    text = result.text
    assert '!!! abstract "Objectives"' in text
    assert '!!! question "How many sheep?"' in text
    assert '    ??? answers "Solution"' in text  # nested, collapsible, titled; a pupil copy leaves it out
    assert '!!! note "Quoting"' in text
    assert '!!! tip "Tip"\n\n    Press the up arrow' in text
    assert '!!! question "Try it"' in text and '    ??? answers "Solution"\n\n        It prints' in text
    assert "~~~bash\nls field\n~~~" in text and "{: .language-bash}" not in text
    assert "## Counting again {#counting-label}" in text
    assert '<figure markdown="span" id="sheep-figure">' in text
    assert "![Three sheep in a field](sheep.png)" in text and "<figcaption>Three sheep, counted.</figcaption>" in text
    assert "{% raw %}" not in text and "{% endraw %}" not in text and "```liquid\n{{ page.root }}\n```" in text
    assert result.left == [] and find_foreign(text) == []
    # code is untouched
    assert '        for sheep in field/*; do echo "$sheep"; done' in text


def test_raspberry_pi_project_is_converted():
    result = convert_text(RASPBERRY_PI)
    text = result.text
    assert '!!! example "Task"' in text
    assert '    `main.py`:\n\n    ```python\n    from turtle import circle\n    circle(50)\n    ```' in text
    assert '??? note "What you will need"\n\n    A computer with Python 3.' in text
    assert "**Save your project**" in text
    assert '!!! question "Challenge: two circles"' in text and '    ??? tip "Hint"' in text
    assert '!!! question "Question 1 of 1"' in text
    # the answers are no longer shown: feedback is collapsed and the correct choice is not marked
    assert "(x)" not in text and '      ??? answers "Feedback"' in text
    assert any("correct choice" in note for _, note in result.notes)
    assert result.left == [] and find_foreign(text) == []


def test_converting_twice_changes_nothing():
    for page in (CARPENTRIES, RASPBERRY_PI):
        once = convert_text(page).text
        again = convert_text(once)
        assert again.text == once and again.changed == []


def test_what_cannot_be_converted_is_left_and_listed():
    page = "## A\n\nSee {{domxref(\"Element\")}}.\n\n{% include notes.md %}\n\n```{toctree}\nother\n```\n"
    result = convert_text(page)
    assert result.text == page
    assert [(f.line, f.kind) for f in result.left] == [(1 + 2, "macro"), (5, "liquid"), (7, "myst-directive")]


def test_front_matter_is_kept_and_lines_are_those_of_the_file():
    page = "---\ntitle: Sheep\n---\n\n::: challenge\nCount.\n:::\n"
    result = convert_text(page)
    assert result.text.startswith("---\ntitle: Sheep\n---\n")
    assert result.changed[0][0] == 5


def tiny_png() -> bytes:
    """A real 1x1 PNG, written here (no third-party image)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
            + chunk(b"IEND", b""))


def test_converted_pages_pass_the_check_and_a_strict_build(site, tmp_path):
    root = site.root
    folder = root / "content" / "networks" / "maths"
    folder.mkdir(parents=True, exist_ok=True)
    fields = dict(subjects="[computing]", phases="[secondary]", key_stages="[ks3]", year_groups="[year-7]")
    (folder / "counting-sheep.md").write_text(front_matter(title="Counting sheep with loops", **fields) + "\n"
                                              + CARPENTRIES)
    (folder / "draw-a-circle.md").write_text(front_matter(title="Draw a circle", **fields) + "\n" + RASPBERRY_PI)
    (folder / "sheep.png").write_bytes(tiny_png())

    before = projecth("check", "content", cwd=root)
    assert before.returncode == 1
    assert "Pandoc fenced div" in before.stdout and "Raspberry Pi block" in before.stdout

    converted = projecth("convert", "content/networks/maths/counting-sheep.md",
                         "content/networks/maths/draw-a-circle.md", cwd=root)
    assert converted.returncode == 0, converted.stdout + converted.stderr
    assert "content/networks/maths/counting-sheep.md:" in converted.stdout and "now an admonition" in converted.stdout

    after = projecth("check", "content", cwd=root)
    assert after.returncode == 0, after.stdout + after.stderr

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"), strict=True)
    build(config)
    sheep = (tmp_path / "out" / "networks" / "maths" / "counting-sheep" / "index.html").read_text()
    assert ":::" not in sheep and "{: ." not in sheep
    assert '<details class="answers">' in sheep and "<summary>Solution</summary>" in sheep
    assert '<figure id="sheep-figure">' in sheep and 'alt="Three sheep in a field"' in sheep
    assert 'id="counting-label"' in sheep
    circle = (tmp_path / "out" / "networks" / "maths" / "draw-a-circle" / "index.html").read_text()
    assert "--- " not in circle and "(x)" not in circle
    assert "<summary>Feedback</summary>" in circle
