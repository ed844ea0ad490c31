"""`projecth init`: a new library for another trust that passes the check and builds, rebranded by configuration."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from projecth.cli import main
from projecth.core.authoring.new_site import BrandError, brand, contrast, parse_hex


def init(tmp_path: Path, *extra: str) -> Path:
    target = tmp_path / "their-library"
    assert main(["init", str(target), "--name", "Their Trust", "--today", "2026-01-15", *extra]) == 0
    return target


def test_skeleton_passes_the_check_and_builds_with_its_own_brand(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    target = init(tmp_path, "--primary", "#0b5d1e", "--site-url", "https://library.their.example/",
                  "--repo-url", "https://github.com/their/library", "--network", "Science network",
                  "--licence", "OGL-UK-3.0")
    for rel in ("mkdocs.yml", "taxonomy.yml", "README.md", "content/index.md",
                "content/networks/science-network/getting-started-with-the-library.md",
                "content/assets/stylesheets/brand.css", "content/assets/logo.svg"):
        assert (target / rel).is_file(), rel
    capsys.readouterr()
    assert main(["check", str(target / "content"), "--today", "2026-01-15"]) == 0
    assert "no errors" in capsys.readouterr().err
    config = load_config(str(target / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    build(config)
    site = tmp_path / "site"
    home = (site / "index.html").read_text()
    assert "<title>Their Trust - Their Trust</title>" in home
    assert 'href="https://github.com/their/library"' in home
    assert '<link rel="canonical" href="https://library.their.example/">' in home
    assert "Lift" not in home and "Project H" not in (site / "about/index.html").read_text().split("<body")[1]
    css = (site / "assets/stylesheets/brand.css").read_text()
    assert "--md-primary-fg-color: #0b5d1e;" in css
    assert "Their Trust" in (site / "assets/logo.svg").read_text()
    catalog = json.loads((site / "catalog.json").read_text())
    assert catalog["site"] == {"name": "Their Trust", "url": "https://library.their.example/",
                               "publisher": "Their Trust"}
    [resource] = catalog["resources"]
    assert resource["licence"] == "OGL-UK-3.0"  # the chosen default licence
    assert resource["network"] == "science-network"
    assert resource["attribution"].startswith("\u201cGetting started with the library\u201d by Science network, "
                                              "from Their Trust (Their Trust), https://library.their.example/")
    assert re.search(r"default: true", (target / "taxonomy.yml").read_text())
    page = (site / "networks/science-network/getting-started-with-the-library/index.html").read_text()
    assert "Open Government Licence v3.0" in page
    # The whole toolkit is on: history (a "Suggest a change" link into their repository), the contributors'
    # field reference in the navigation, and the audit's security headers.
    about = (site / "about/index.html").read_text()
    assert 'href="https://github.com/their/library/edit/main/content/about.md"' in about
    fields = (site / "contribute/fields/index.html").read_text()
    assert "Every field, and what it may hold" in fields and "Science network" in fields
    assert 'href="contribute/fields/"' in home  # listed in the navigation
    assert "Content-Security-Policy: default-src 'none'" in (site / "_headers").read_text()


def test_skeleton_marks_the_default_licence_for_new_resources(tmp_path):
    from projecth.core.model.taxonomy import load_taxonomy

    target = init(tmp_path, "--licence", "CC-BY-NC-SA-4.0")
    taxonomy, report = load_taxonomy(target / "taxonomy.yml")
    assert taxonomy is not None, [d.format_text() for d in report.sorted()]
    assert taxonomy.default_licence() == "CC-BY-NC-SA-4.0"
    # A subject network for every national-curriculum subject, then the trust's own network.
    assert taxonomy.networks.slugs()[-1] == "teaching-and-learning-network"
    assert {"english", "maths", "science", "computing", "history"} <= set(taxonomy.networks.slugs())
    assert main(["new", "resource", "--network", "teaching-and-learning-network", "--title", "Second one",
                 "--content", str(target / "content"), "--today", "2026-01-15"]) == 0
    created = target / "content/networks/teaching-and-learning-network/second-one.md"
    assert re.search(r"^licence: CC-BY-NC-SA-4.0\b", created.read_text(), re.M)


def test_own_logo_is_used(tmp_path):
    logo = tmp_path / "crest.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    target = init(tmp_path, "--logo", str(logo))
    assert (target / "content/assets/logo.png").read_bytes() == logo.read_bytes()
    assert not (target / "content/assets/logo.svg").exists()
    assert "logo: assets/logo.png" in (target / "mkdocs.yml").read_text()


def test_a_primary_colour_white_text_cannot_be_read_on_is_refused(tmp_path, capsys):
    assert main(["init", str(tmp_path / "x"), "--name", "T", "--primary", "#ffcc00"]) == 2
    message = capsys.readouterr().err
    assert "contrast of 1.5:1 with the white text" in message and "at least 4.5:1" in message
    assert not (tmp_path / "x").exists()
    assert main(["init", str(tmp_path / "y"), "--name", "T", "--accent", "#ff99cc"]) == 2
    assert "accent colour" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "z"), "--name", "T", "--primary", "navy"]) == 2
    assert "not a colour" in capsys.readouterr().err


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("mine")
    assert main(["init", str(tmp_path / "taken"), "--name", "T"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "taken" / "file.txt").read_text() == "mine"


def test_contrast_follows_wcag():
    assert contrast(parse_hex("#000000"), parse_hex("#ffffff")) == pytest.approx(21.0)
    assert contrast(parse_hex("#14466e"), parse_hex("#fff")) == pytest.approx(9.9, abs=0.1)
    colours = brand("#1f4e79")
    assert colours.primary_contrast >= 4.5
    with pytest.raises(BrandError):
        brand("#777777")  # 4.48:1: just under
