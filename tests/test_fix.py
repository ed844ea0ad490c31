"""`projecth fix`: the fixes the check is sure of, made by machine, and then the check passes."""

from __future__ import annotations

import shutil

from assertions import projecth
from conftest import TAXONOMY_PATH, VALID_BODY, resource_text
from test_convert import tiny_png


def _project(library):
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    return library


def test_renames_to_slugs_and_rewrites_every_reference(library):
    project = _project(library)
    body = ("## Pictures\n\n![A bar model](Bar Model Photo.PNG)\n\n"
            "<img src=\"Bar Model Photo.PNG\" alt=\"The same\">\n\n"
            "See [the sheet][sheet] and [the other page](Other Page.md#why).\n\n"
            "Code is never touched: `![x](Bar Model Photo.PNG)`\n\n"
            "[sheet]: Worksheets/Week 1.pdf\n")
    project.write("networks/maths/Bar Model Photo.PNG", tiny_png())
    project.write("networks/maths/Worksheets/Week 1.pdf", b"%PDF-1.4\n")
    project.resource("networks/maths/bar-models.md", body=body,
                     attachments='\n  - path: "Worksheets/Week 1.pdf"\n    title: "Week 1 worksheet"')
    project.resource("networks/maths/Other Page.md", title="Other page")
    before = projecth("check", "content", cwd=project.root)
    assert before.returncode == 1

    dry = projecth("fix", "content", "--dry-run", cwd=project.root)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "would fix: renamed `networks/maths/Bar Model Photo.PNG` to `networks/maths/bar-model-photo.png`" \
        in dry.stdout
    assert (project.content / "networks/maths/Bar Model Photo.PNG").exists()  # nothing changed yet

    done = projecth("fix", "content", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == dry.stdout.replace("would fix", "fixed")
    text = (project.content / "networks/maths/bar-models.md").read_text()
    assert "![A bar model](bar-model-photo.png)" in text
    assert '<img src="bar-model-photo.png"' in text
    assert "[the other page](other-page.md#why)" in text
    assert "[sheet]: worksheets/week-1.pdf" in text
    assert 'path: "worksheets/week-1.pdf"' in text
    assert "`![x](Bar Model Photo.PNG)`" in text
    assert (project.content / "networks/maths/worksheets/week-1.pdf").is_file()
    assert not (project.content / "networks/maths/Worksheets").exists()
    after = projecth("check", "content", cwd=project.root)
    assert "Bar Model" not in after.stdout and "Worksheets" not in after.stdout, after.stdout
    assert not any("file and folder names" in line for line in after.stdout.splitlines()), after.stdout


def test_adds_md_to_page_links(library):
    project = _project(library)
    project.resource("networks/maths/a.md", body=VALID_BODY + "\nSee [b](b) and [c](c/#top).\n")
    project.resource("networks/maths/b.md")
    project.resource("networks/maths/c/index.md".replace("index", "c"))  # a page in a folder
    project.write("networks/maths/c/index.md", resource_text(title="C"))
    result = projecth("fix", "content", cwd=project.root)
    text = (project.content / "networks/maths/a.md").read_text()
    assert "[b](b.md)" in text and "[c](c/index.md#top)" in text, result.stdout
    assert "page link without `.md`: `b` -> `b.md`" in result.stdout


def test_absolute_links_in_an_adapted_page_become_the_source_sites(library):
    project = _project(library)
    based_on = ('\n  title: "Loops"\n  author: "A fictional lesson site"'
                '\n  url: "https://lessons.example.org/shell/loops/"\n  licence: CC-BY-4.0')
    project.resource(body=VALID_BODY + "\nSee [the setup](/shell/setup/).\n", based_on=based_on)
    projecth("fix", "content", cwd=project.root)
    text = (project.content / "networks/maths/bar-models.md").read_text()
    assert "[the setup](https://lessons.example.org/shell/setup/)" in text


def test_a_taken_name_is_not_overwritten(library):
    project = _project(library)
    project.write("networks/maths/Photo.png", tiny_png())
    project.write("networks/maths/photo.png", tiny_png() + b"other")
    project.resource()
    result = projecth("fix", "content", cwd=project.root)
    assert result.returncode == 1
    assert "not fixed: not renamed to `networks/maths/photo.png`: that name is taken" in result.stdout
    assert (project.content / "networks/maths/photo.png").read_bytes().endswith(b"other")


def test_nothing_to_fix_changes_nothing(library):
    project = _project(library)
    path = project.resource()
    before = path.read_text()
    result = projecth("fix", "content", cwd=project.root)
    assert result.returncode == 0 and result.stdout == "" and "nothing to fix" in result.stderr
    assert path.read_text() == before
