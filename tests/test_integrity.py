"""Nothing half-published, nothing the theme owns replaced, nothing a CI runner or spreadsheet would obey.

Real builds in tmp_path (MkDocs, Pagefind, the audit), real `projecth` and `mkdocs` processes.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils.meta import get_data

from assertions import projecth
from conftest import TAXONOMY_PATH, TODAY, front_matter
from projecth.core.reading import located_yaml as strictyaml
from projecth.core.authoring.codeowners import render_codeowners
from projecth.core.reading.diagnostics import Diagnostic
from projecth.core.library.reports import spreadsheet_safe
from projecth.core.reading.frontmatter import split_front_matter
from projecth.core.model.taxonomy import load_taxonomy
from projecth.mkdocs_library import SiteSwap
from test_attachments import docx_bytes, pdf_bytes, png_bytes

# A site hook that acts when a marker file is beside mkdocs.yml: after the pages are written, before the toolkit's
# last steps (Pagefind, then the audit, at -110).
HOOK = '''
import logging
from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority(-105)
def on_post_build(config):
    root = Path(config.config_file_path).parent
    site = Path(config.site_dir)
    (root / "built-into.txt").write_text(str(site))
    if (root / "inject-handler").exists():
        page = site / "index.html"
        page.write_text(page.read_text().replace("</body>", '<div onclick="alert(1)">x</div></body>'))
    if (root / "inject-warning").exists():
        logging.getLogger("mkdocs.hooks.test").warning("a warning after the pages were written")
'''


@pytest.fixture
def hooked(site):
    (site.root / "hooks" / "inject.py").write_text(HOOK, encoding="utf-8")
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - hooks/lift490.py\n" in text
    config.write_text(text.replace("  - hooks/lift490.py\n", "  - hooks/lift490.py\n  - hooks/inject.py\n"),
                      encoding="utf-8")
    return site


def build_site(root: Path, **plugin_calls) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    for name, (event, kwargs) in plugin_calls.items():
        getattr(config.plugins[name], event)(**kwargs)
    try:
        build(config)
    finally:
        # MkDocs keeps a plugin that has on_startup for the rest of the process, as `mkdocs serve` does: what a
        # test started (a serve) must end, or the next test's build would still be a serve.
        if any(event == "on_startup" for event, _ in plugin_calls.values()):
            config.plugins.on_shutdown()
    assert config.site_dir == str(root / "site")  # pointed back at the published folder for gh-deploy
    return root / "site"


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def beside(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.iterdir() if path.name.startswith(f".{site.name}."))


# -- nothing half-published ------------------------------------------------------------------------

def test_a_build_whose_audit_fails_leaves_the_last_site_byte_for_byte(hooked):
    hooked.resource("networks/maths/fractions.md", title="Fractions")
    out = build_site(hooked.root)
    assert (out / "_headers").is_file() and (out / "pagefind").is_dir()
    before = tree(out)
    built_into = Path((hooked.root / "built-into.txt").read_text())
    assert built_into.parent == out.parent and built_into.name.startswith(".site.building-")

    hooked.resource("networks/maths/ratio.md", title="Ratio tables")
    (hooked.root / "inject-handler").write_text("")
    with pytest.raises(Abort):
        build_site(hooked.root)
    assert tree(out) == before  # `_headers` and Pagefind's index included
    assert not (out / "networks/maths/ratio").exists()
    assert beside(out) == []  # the failed build's folder is gone


def test_a_strict_build_with_a_late_warning_leaves_the_last_site(hooked):
    hooked.resource("networks/maths/fractions.md", title="Fractions")
    out = build_site(hooked.root)
    before = tree(out)
    hooked.resource("networks/maths/ratio.md", title="Ratio tables")
    (hooked.root / "inject-warning").write_text("")
    with pytest.raises(Abort, match="in strict mode"):
        build_site(hooked.root)
    assert tree(out) == before
    assert beside(out) == []


def test_a_good_build_replaces_the_whole_site(hooked):
    hooked.resource("networks/maths/fractions.md", title="Fractions")
    out = build_site(hooked.root)
    (out / "left-over.txt").write_text("from an earlier build")
    hooked.resource("networks/maths/ratio.md", title="Ratio tables")
    build_site(hooked.root)
    assert (out / "networks/maths/ratio/index.html").is_file()
    assert not (out / "left-over.txt").exists()  # as a clean build leaves it
    assert out.stat().st_mode & 0o777 == 0o755  # readable by a web server's user, unlike mkdtemp's folder
    assert (out / "_headers").is_file()
    assert beside(out) == []


def test_mkdocs_serve_builds_where_it_says(hooked):
    hooked.resource("networks/maths/fractions.md", title="Fractions")
    out = build_site(hooked.root, projecth=("on_startup", {"command": "serve", "dirty": False}))
    assert Path((hooked.root / "built-into.txt").read_text()) == out  # serve's own folder: no swap
    assert beside(out) == []


def test_a_dirty_build_starts_from_a_copy_of_the_last_site(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("old")
    os.utime(site / "a" / "index.html", (1_000_000, 1_000_000))
    swap = SiteSwap.start(site, dirty=True, strict=False)
    copied = swap.building / "a" / "index.html"
    assert copied.read_text() == "old" and copied.stat().st_mtime == 1_000_000  # MkDocs compares times
    copied.write_text("new")
    assert (site / "a" / "index.html").read_text() == "old"
    assert swap.finish()
    assert (site / "a" / "index.html").read_text() == "new"
    assert beside(site) == []


def test_a_site_dir_that_is_a_link_keeps_the_link_and_gets_the_new_site(tmp_path):
    served = tmp_path / "www"
    served.mkdir()
    (served / "old.html").write_text("old")
    site = tmp_path / "site"
    site.symlink_to(served, target_is_directory=True)
    swap = SiteSwap.start(site, dirty=False, strict=False)
    (swap.building / "index.html").write_text("new")
    assert swap.finish()
    assert site.is_symlink() and sorted(p.name for p in served.iterdir()) == ["index.html"]
    assert beside(site) == []


# -- drafts, reserved paths, types ------------------------------------------------------------------

def test_a_drafts_attachment_is_not_published_but_a_shared_one_is(site):
    site.write("networks/maths/files/draft-only.pdf", pdf_bytes())
    site.write("networks/maths/files/shared.docx", docx_bytes())
    site.resource("networks/maths/unfinished.md", title="Unfinished", status="draft",
                  attachments="[{path: files/draft-only.pdf, title: Plan}, {path: files/shared.docx, title: Sheet}]")
    site.resource("networks/maths/fractions.md", title="Fractions",
                  attachments="[{path: files/shared.docx, title: Sheet}]")
    out = build_site(site.root)
    assert not (out / "networks/maths/unfinished").exists()
    assert not (out / "networks/maths/files/draft-only.pdf").exists()
    assert (out / "networks/maths/files/shared.docx").read_bytes() == docx_bytes()


def test_the_images_a_draft_resource_shows_are_published_only_with_it_or_a_published_page(site):
    site.write("networks/maths/images/draft-diagram.png", png_bytes())
    site.write("networks/maths/images/shared.png", png_bytes())
    body = ("## Teaching\n\n![A bar model split into quarters](images/draft-diagram.png)\n\n"
            "![A number line](images/shared.png)\n")
    site.resource("networks/maths/unfinished.md", body, title="Unfinished", status="draft")
    site.resource("networks/maths/fractions.md", "## Teaching\n\n![A number line](images/shared.png)\n",
                  title="Fractions")
    out = build_site(site.root)
    assert not (out / "networks/maths/unfinished").exists()
    assert not (out / "networks/maths/images/draft-diagram.png").exists()
    assert (out / "networks/maths/images/shared.png").read_bytes() == png_bytes()  # a published page shows it
    site.resource("networks/maths/unfinished.md", body, title="Unfinished")  # published now
    out = build_site(site.root)
    assert (out / "networks/maths/images/draft-diagram.png").read_bytes() == png_bytes()
    assert 'src="../images/draft-diagram.png"' in (out / "networks/maths/unfinished/index.html").read_text()


def test_a_draft_case_studys_images_are_published_only_with_it(site):
    from test_case_studies import CS, IMAGE, IMAGE_BODY, IMAGES, case_study_text, write_resource

    site.write(IMAGE, png_bytes())
    site.write("case-studies/images/timetable.png", png_bytes())  # declared in `images`, not in the text
    images = IMAGES.format(alt="Pupils reading", consent="true") + (
        "\n  - path: images/timetable.png\n    alt: The week's timetable\n    consent: true")
    write_resource(site)
    site.write(CS, case_study_text(IMAGE_BODY, images=images, status="draft"))
    out = build_site(site.root)
    assert not (out / CS[:-3]).exists()
    assert not (out / IMAGE).exists() and not (out / "case-studies/images/timetable.png").exists()
    site.write(CS, case_study_text(IMAGE_BODY, images=images))
    out = build_site(site.root)
    assert (out / IMAGE).read_bytes() == png_bytes()
    assert (out / "case-studies/images/timetable.png").read_bytes() == png_bytes()


def errors_of(root: Path, caplog) -> list[str]:
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(root)
    return [record.getMessage().removeprefix("projecth: ") for record in caplog.records
            if record.levelno >= logging.ERROR]


def test_content_cannot_write_what_the_theme_or_toolkit_own(site, caplog):
    site.write("assets/javascripts/bundle.f13b1293.min.js", "alert(1)")
    site.write("assets/stylesheets/extra.css", "body{}")
    site.write("robots.txt", "User-agent: *\nDisallow: /\n")
    site.write("search/index.md", "---\ntitle: Search\n---\n")
    site.write("taxonomy.yml", TAXONOMY_PATH.read_text(encoding="utf-8"))
    errors = errors_of(site.root, caplog)
    for path, phrase in [
        ("assets/javascripts/bundle.f13b1293.min.js", "`assets/javascripts/` is written by the theme or the toolkit"),
        ("assets/stylesheets/extra.css", "it names `assets/stylesheets/brand.css`"),
        ("robots.txt", "`robots.txt` is written by the theme or the toolkit"),
        ("search/index.md", "`search/` is written by the theme or the toolkit"),
        ("taxonomy.yml", "taxonomy.yml belongs beside mkdocs.yml"),
    ]:
        assert any(m.startswith(f"content/{path}:1:1: error: ") and phrase in m for m in errors), (path, errors)
    # The site's own stylesheet, named in extra_css, is allowed; nothing else was reported.
    assert len([m for m in errors if ": error: " in m]) == 5, errors
    assert not (site.root / "site").exists()
    assert beside(site.root / "site") == []


def test_the_taxonomy_inside_content_is_never_read(site, caplog):
    # Were content/taxonomy.yml read, `maths` would be no network and the resource an error.
    site.write("taxonomy.yml", "networks:\n  english:\n    label: English\n")
    site.resource("networks/maths/fractions.md", title="Fractions")
    errors = errors_of(site.root, caplog)
    assert [m for m in errors if ": error: " in m] == [
        next(m for m in errors if m.startswith("content/taxonomy.yml:1:1: error: taxonomy.yml belongs beside"))]


def test_attachments_and_published_files_are_checked_by_content(site, caplog):
    site.write("networks/maths/files/diagram.svg",
               '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>')
    site.write("networks/maths/files/plan.pdf", "<html><script>alert(1)</script></html>")
    site.write("networks/maths/files/sheet.png", png_bytes())
    site.write("assets/page.htm", "<script>alert(1)</script>")
    site.resource("networks/maths/fractions.md", title="Fractions",
                  attachments="[{path: files/diagram.svg, title: Diagram}, {path: files/plan.pdf, title: Plan}, "
                              "{path: files/sheet.png, title: Sheet}]")
    errors = [m for m in errors_of(site.root, caplog) if ": error: " in m]
    assert sorted(m.split(": error: ")[0] for m in errors) == [
        "content/assets/page.htm:1:1", "content/networks/maths/files/diagram.svg:1:1",
        "content/networks/maths/files/plan.pdf:1:1"], errors
    assert any("`<rect>` has the attribute `onclick`" in m for m in errors)
    assert any("its content is not a PDF document" in m for m in errors)
    assert any("`.htm` files cannot be published" in m for m in errors)


def test_size_limits_come_from_mkdocs_yml(site, caplog):
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "        taxonomy: taxonomy.yml\n",
        "        taxonomy: taxonomy.yml\n        attachment_limit_mb: 0.003\n        resource_limit_mb: 0.004\n"))
    site.write("networks/maths/files/a.csv", "pupil,score\n" * 200)  # 2,400 bytes
    site.write("networks/maths/files/b.csv", "pupil,score\n" * 200)
    site.write("networks/maths/files/c.csv", "pupil,score\n" * 300)  # 3,600 bytes: over 0.003 MB
    text = front_matter(title="Fractions", attachments="[{path: files/a.csv, title: A}, {path: files/b.csv, title: B}]")
    site.write("networks/maths/fractions.md", text + "\nBody.\n")
    errors = [m for m in errors_of(site.root, caplog) if ": error: " in m]
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("attachments:"))) + 1
    assert any(m.startswith(f"content/networks/maths/fractions.md:{line}:") and
               "the attachments come to 4.7 KB; the limit for one resource is 0.004 MB" in m for m in errors), errors
    assert any(m.startswith("content/networks/maths/files/c.csv:1:1: error: cannot be published: the file is 3.5 KB; "
                                "the limit for one file is 0.003 MB") and
               "`attachment_limit_mb`" in m for m in errors), errors
    # projecth check reads the same limits from mkdocs.yml, with a safe loader.
    shutil.copy(TAXONOMY_PATH, site.root / "taxonomy.yml")
    result = projecth("check", "content", cwd=site.root)
    assert result.returncode == 1
    assert "the limit for one resource is 0.004 MB" in result.stdout
    assert "content/networks/maths/files/c.csv:1:1: error: cannot be published: the file is 3.5 KB" in result.stdout


# -- front matter MkDocs would not see -------------------------------------------------------------

FRONT_MATTER_CASES = [
    "---\ntitle: A\n---\nBody\n",
    "---\ntitle: A\n---",  # no line break after the closing fence
    "---\ntitle: A # a comment\n---",
    "---\ntitle: A\n...\nBody\n",
    "---\ntitle: A\n--- \n\nBody\n",
    "---\ntitle: A\n---   ",
    "---\ntitle: A\n...",
    "---  \ntitle: A\n---\n",
    "---\n- a\n- b\n---\nBody\n",  # not a mapping
    "---\ntitle: [A\n---\nBody\n",  # malformed
    "\n---\ntitle: A\n---\n",
    "---\n---\nBody\n",
    "title: A\n\nBody\n",
]


@pytest.mark.parametrize("text", FRONT_MATTER_CASES)
def test_front_matter_is_accepted_only_where_mkdocs_sees_it(text):
    split, problems = split_front_matter(text)
    root, yaml_problems = (strictyaml.parse(split.front_matter, split.front_matter_line - 1)
                           if split.front_matter is not None and not problems else (None, []))
    accepted = not problems and root is not None and not yaml_problems and root.kind == strictyaml.MAP
    body, meta = get_data(text)
    # Whatever the check accepts, MkDocs reads as front matter (never publishing it as text); what the check
    # refuses is an error, so a file MkDocs would read some other way (MultiMarkdown `key: value`) never builds.
    if text.startswith("---\ntitle: A") and text.rstrip(" ").endswith(("---", "...")):
        assert not meta and not accepted and problems  # the closing fence ends the file
    if accepted:
        assert meta, (text, problems, yaml_problems)
        assert meta == root.to_python()
        assert split.body.lstrip("\n") == body


def test_a_closing_fence_without_a_line_break_is_a_located_error(library):
    library.write("networks/maths/fractions.md", front_matter(title="Fractions").rstrip("\n"))
    errors = library.errors()
    closing = front_matter(title="Fractions").count("\n")
    assert errors == [f"networks/maths/fractions.md:{closing}:1: error: the front matter's closing `---` is the "
                      "file's last line, with no line break after it: MkDocs would not see the front matter and "
                      "would publish the whole file as text; end the file with a line break (press Enter after it)"]


@pytest.mark.parametrize("nested", [
    "\n  x:\n    " + "- " * 2000 + "1",
    "{x: " * 2000 + "1" + "}" * 2000,
    "[" * 2000 + "]" * 2000,
], ids=["block", "flow-mapping", "flow-list"])
def test_yaml_nested_two_thousand_deep_is_a_located_error(library, nested):
    path = library.resource(based_on=nested)
    text = path.read_text()
    errors = library.errors()  # not RecursionError
    line = text.count("\n", 0, text.index("based_on:")) + 1
    assert len(errors) == 1 and errors[0].startswith("networks/maths/bar-models.md:"), errors
    assert line <= int(errors[0].split(":")[1]) <= line + 2
    assert "error: lists or mappings are nested too deep here (more than 40 levels)" in errors[0]


# -- safe output -----------------------------------------------------------------------------------

EVIL_KEY = '"x\\n::warning title=Pwned::owned\\r::stop-commands::t0ken"'


def no_command_lines(text: str) -> bool:
    return not any(line.lstrip().startswith("::") for line in text.replace("\r", "\n").split("\n"))


def test_projecth_check_prints_no_workflow_command_from_content(tmp_path, library):
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    library.write("networks/maths/fractions.md", front_matter(**{EVIL_KEY: "1"}) + "\nBody.\n")
    text = projecth("check", "content", cwd=library.root)
    assert text.returncode == 1 and "`x\\n::warning title=Pwned::owned\\r::stop-commands::t0ken`" in text.stdout
    assert no_command_lines(text.stdout) and no_command_lines(text.stderr), text.stdout
    github = projecth("check", "content", "--format", "github", cwd=library.root)
    lines = github.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=content/networks/maths/fractions.md,line="), lines
    assert "x%0A::warning title=Pwned::owned%0D::stop-commands::t0ken" in lines[0]  # inside the one annotation


def test_mkdocs_build_logs_no_workflow_command_from_content(site):
    site.write("networks/maths/fractions.md", front_matter(**{EVIL_KEY: "1"}) + "\nBody.\n")
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=site.root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "fractions.md" in result.stderr and "x\\n::warning title=Pwned" in result.stderr, result.stderr
    assert no_command_lines(result.stdout) and no_command_lines(result.stderr), result.stderr


def test_a_diagnostic_is_always_one_line():
    line = Diagnostic("::evil\n.md", 1, 1, "error", "key `a\r\n::add-mask::x\u2028y`").format_text()
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    assert line.startswith("./::evil\\n.md:1:1: error: key `a\\r\\n::add-mask::x\\u2028y`")


@pytest.mark.parametrize("cell", ['=HYPERLINK("https://evil.example","Click")', "+1", "-1+2", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_csv_cells_that_start_like_formulas_are_text(cell):
    assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("Fractions") == "Fractions" and spreadsheet_safe(-3) == -3


def test_report_reviews_csv_neutralises_a_formula_in_a_title(tmp_path, library):
    shutil.copy(TAXONOMY_PATH, library.root / "taxonomy.yml")
    library.resource(title="'=HYPERLINK(\"https://evil.example\",\"Open\")'", review_by="2026-01-01")
    result = projecth("report", "reviews", "content", "--format", "csv", "--today", TODAY.isoformat(),
                      cwd=library.root)
    assert result.returncode == 0, result.stderr
    row = result.stdout.splitlines()[1]
    assert row.endswith(',"\'=HYPERLINK(""https://evil.example"",""Open"")"'), row
    assert ",=" not in result.stdout


def test_a_taxonomy_key_with_a_trailing_newline_is_not_a_slug(tmp_path):
    text = TAXONOMY_PATH.read_text(encoding="utf-8")
    assert "\n  maths:\n" in text
    path = tmp_path / "taxonomy.yml"
    path.write_text(text.replace("\n  maths:\n", '\n  "maths\\n* @evil/owners":\n', 1), encoding="utf-8")
    taxonomy, report = load_taxonomy(path)
    assert taxonomy is None or all("@evil" not in line for line in render_codeowners(taxonomy).text.splitlines())
    assert report.errors, "a key with a line break must be reported"


def test_codeowners_refuses_a_content_folder_it_cannot_write(tmp_path):
    taxonomy, _ = load_taxonomy(TAXONOMY_PATH)
    with pytest.raises(ValueError, match="cannot be written in CODEOWNERS"):
        render_codeowners(taxonomy, content_dir="content\n* @evil/owners")
    assert "\n* @evil" not in render_codeowners(taxonomy).text
