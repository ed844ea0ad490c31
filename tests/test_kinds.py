"""Page kinds as a registry (projecth.core.kinds): which kind owns a path, that nothing else tests a path prefix,
and that a new kind, registered in a test-local registry, is loaded, checked and catalogued without other edits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from projecth.core.publishing import jsonld
from projecth.core.library.catalogue import Catalogue
from projecth.core.publishing.catalog_json import build_catalog
from projecth.core.library.history import own_dates, source_file
from projecth.core.kinds import CASE_STUDY, ENTITLEMENT, KINDS, PAGE, RESOURCE, ContextOptions, Kind, kind_of
from projecth.core.library.loader import load_library
from projecth.core.model.specs import TEXT, FieldSpec
from projecth.core.publishing.addresses import page_date
from projecth.core.publishing.attribution import SiteInfo

from conftest import TODAY

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
KINDS_PACKAGE = PLUGINS / "core" / "kinds"
TEMPLATES = PLUGINS / "templates"

# The ways the code used to decide a page's kind from its path. Each alternative is a literal or a bounded class, so
# the search is linear in the length of the file.
PREFIX_TEST = re.compile(
    r"\bis_(?:resource|case_study|entitlement)_path\b"  # the old predicates
    r"|startswith\(\s*f?[\"'](?:networks|entitlements|case-studies)/"  # a folder written out
    r"|startswith\(\s*f?[\"']?\{?[A-Z_]*_ROOT\b"  # startswith(RESOURCES_ROOT + "/"), startswith(f"{X_ROOT}/")
    r"|startswith\([^)\n]*\.folder\b"  # startswith(RESOURCE.folder ...): ask kind_of() instead
    r"|(?:==|!=)\s*[A-Z_]*_ROOT\b|\b[A-Z_]*_ROOT\s*(?:==|!=)"  # segments[0] == ENTITLEMENTS_ROOT
    r"|\]\s*(?:==|!=)\s*[\"'](?:networks|entitlements|case-studies)[\"']"  # segments[0] == "networks"
)


def prefix_tests(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if KINDS_PACKAGE in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if PREFIX_TEST.search(line):
                found.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    return found


def test_nothing_outside_the_kinds_package_tests_a_path_prefix():
    assert prefix_tests(PLUGINS) == [], "decide a page's kind with projecth.core.kinds.kind_of(), not its prefix"


@pytest.mark.parametrize("line", [
    'if src.startswith("networks/"):',
    "if path.startswith(RESOURCES_ROOT + '/'):",
    'ok = rid.startswith(f"{RESOURCES_ROOT}/")',
    "if segments[0] == ENTITLEMENTS_ROOT:",
    'if parts[0] == "case-studies":',
    "if is_case_study_path(item.src_path):",
    "if src.startswith(RESOURCE.folder + '/'):",
])
def test_the_prefix_search_finds_each_old_form(tmp_path, line):
    module = tmp_path / "plugins" / "core" / "someone.py"
    module.parent.mkdir(parents=True)
    module.write_text(f"def f(src, path, rid, segments, parts, item):\n    {line}\n        pass\n", encoding="utf-8")
    assert prefix_tests(tmp_path / "plugins") == [f"plugins/core/someone.py:2: {line}"]


def test_each_path_has_one_kind_and_page_owns_the_rest():
    assert KINDS[-1] is PAGE
    assert kind_of("networks/maths/bar-models.md") is RESOURCE
    assert kind_of("entitlements/maths/secondary/2025-26.md") is ENTITLEMENT
    assert kind_of("case-studies/phonics-catch-up.md") is CASE_STUDY
    for src in ("index.md", "about.md", "networks.md", "networksx/a.md", "case-studies.md", "guides/networks/a.md"):
        assert kind_of(src) is PAGE, src
    assert len({kind.name for kind in KINDS}) == len(KINDS)


def test_each_kind_names_a_template_that_exists():
    for kind in KINDS:
        assert kind.template, kind
        if kind.template.startswith("projecth/"):
            assert (TEMPLATES / kind.template).is_file(), kind.template


def test_the_starter_kinds_answer_for_their_pages(library):
    library.resource()
    library.write("about.md", "---\ntitle: About\n---\n\nAbout.\n")
    catalogue = library.check().catalogue
    assert catalogue is not None
    kind, resource = catalogue.record_for("networks/maths/bar-models.md")
    assert kind is RESOURCE and resource.title == "Bar models for fractions"
    assert catalogue.record_for("about.md")[0] is PAGE
    assert catalogue.record_for("subjects/maths/index.md") is None  # generated, not written
    assert catalogue.generated_by("subjects/maths/index.md") is RESOURCE
    assert catalogue.generated_by("about.md") is None
    assert jsonld.breadcrumb_parents("networks/maths/bar-models.md", catalogue) == [
        "networks/index.md", "networks/maths/index.md"]
    assert jsonld.breadcrumb_parents("subjects/maths/index.md", catalogue) == ["subjects/index.md"]
    assert jsonld.breadcrumb_parents("about.md", catalogue) == []
    assert jsonld.page_jsonld("about.md", catalogue, SiteInfo("H", "https://h.example/", "T"), str) is None


# -- a kind the toolkit does not have: glossary entries, one file a term ------------------------------------


@dataclass(frozen=True)
class GlossaryEntry:
    src_path: str
    title: str
    definition: str


GLOSSARY_INDEX = "glossary/index.md"


class GlossaryKind(Kind):
    """Defined here only: loader, checks and catalogue must take it up from the registry alone."""

    name = "glossary entry"
    folder = "glossary"
    fields = (
        FieldSpec("title", TEXT, True, "The term, as a teacher would look it up.", max_length=80),
        FieldSpec("definition", TEXT, True, "What it means, in one or two sentences.", max_length=300),
    )
    record_type = GlossaryEntry
    template = "projecth/glossary_entry.html"
    catalog_table = "glossary"
    catalog_rank = 3

    def check_path(self, src_path, taxonomy):
        if src_path.count("/") != 1 or src_path == GLOSSARY_INDEX:
            return "glossary entries live directly in `glossary/`, one file a term: the index is generated"
        return None

    def make_record(self, context, values):
        return GlossaryEntry(context.src, values["title"], values["definition"])

    def generated_pages(self, catalogue):
        return [GLOSSARY_INDEX]

    def generated_title(self, catalogue, src_path):
        return "Glossary" if src_path == GLOSSARY_INDEX else None

    def breadcrumbs(self, catalogue, src_path):
        return [GLOSSARY_INDEX] if src_path in catalogue.written_of(self) else None

    def catalog_records(self, catalogue, site, page_url):
        return [{"term": entry.title, "definition": entry.definition, "url": site.absolute(page_url(src))}
                for src, entry in catalogue.written_of(self).items()]

    def page_context(self, catalogue, src_path, options):
        entry = catalogue.written_of(self).get(src_path)
        return {"entry": entry, "index": GLOSSARY_INDEX} if entry is not None else None

    def description(self, record):
        return record.definition


GLOSSARY = GlossaryKind()
WITH_GLOSSARY = (RESOURCE, ENTITLEMENT, CASE_STUDY, GLOSSARY, PAGE)
ENTRY = "---\ntitle: Retrieval practice\ndefinition: Recalling what was learnt, to make it stick.\n---\n\nMore.\n"


def glossary_library(library):
    library.resource()
    library.write("glossary/retrieval-practice.md", ENTRY)
    library.write("about.md", "---\ntitle: About\n---\n\nSee the [glossary](glossary/index.md).\n")
    return library


def test_a_new_kind_is_loaded_checked_and_catalogued_from_the_registry_alone(library):
    glossary_library(library)
    loaded = load_library(library.content, library.taxonomy, today=TODAY, kinds=WITH_GLOSSARY)
    assert [d.format_text() for d in loaded.report.sorted()] == []
    catalogue = loaded.catalogue
    assert catalogue.kinds == WITH_GLOSSARY
    entry = GlossaryEntry("glossary/retrieval-practice.md", "Retrieval practice",
                          "Recalling what was learnt, to make it stick.")
    assert catalogue.record_for("glossary/retrieval-practice.md") == (GLOSSARY, entry)
    assert GLOSSARY_INDEX in catalogue.generated_paths()  # so the about page's link to it is valid
    assert catalogue.generated_title(GLOSSARY_INDEX) == "Glossary"
    assert catalogue.generated_by(GLOSSARY_INDEX) is GLOSSARY
    assert jsonld.breadcrumb_parents("glossary/retrieval-practice.md", catalogue) == [GLOSSARY_INDEX]
    assert page_date("glossary/retrieval-practice.md", catalogue, {}, dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert "glossary/retrieval-practice.md" not in own_dates(catalogue)
    assert source_file(GLOSSARY_INDEX, False, catalogue) is None
    site = SiteInfo("Project H", "https://h.example/", "Lift Schools")
    catalog = build_catalog(catalogue, site, lambda src: src[:-3] + "/")
    assert list(catalog)[-4:] == ["resources", "case_studies", "entitlements", "glossary"]
    assert catalog["glossary"] == [{"term": "Retrieval practice", "definition": entry.definition,
                                    "url": "https://h.example/glossary/retrieval-practice/"}]


def test_a_new_kinds_records_are_part_of_what_generated_pages_list(library):
    glossary_library(library)
    before = load_library(library.content, library.taxonomy, today=TODAY, kinds=WITH_GLOSSARY).catalogue
    library.write("glossary/retrieval-practice.md", ENTRY.replace("to make it stick", "so that it sticks"))
    after = load_library(library.content, library.taxonomy, today=TODAY, kinds=WITH_GLOSSARY).catalogue
    assert before.listings_fingerprint() != after.listings_fingerprint()
    library.write("glossary/retrieval-practice.md", ENTRY.replace("More.", "Much more."))  # a body: not listed
    again = load_library(library.content, library.taxonomy, today=TODAY, kinds=WITH_GLOSSARY).catalogue
    assert again.listings_fingerprint() == before.listings_fingerprint()


# The new kind's template: the one file a site adds beside the kind's module (here in the site's custom_dir).
GLOSSARY_TEMPLATE = """{% extends "projecth/base.html" %}
{% block ph_content %}
<nav aria-label="Breadcrumb"><a href="{{ link(index) }}">Glossary</a></nav>
<h1 id="ph-title">{{ entry.title }}</h1>
<p class="ph-definition">{{ entry.definition }}</p>
{{ body }}
{% endblock %}
"""


def test_a_new_kind_renders_its_pages_from_its_module_and_its_template(site, taxonomy):
    """What a new kind needs to publish pages: its module (here GlossaryKind, above: folder, fields, record,
    template, page_context, description), its template, and a registry that holds it (the library feature's
    `kinds`: there is no mkdocs.yml option naming kinds). Nothing in the plugin layer names it."""
    site.resource()
    site.write("glossary/retrieval-practice.md", ENTRY.replace("to make it stick", "so it sticks & lasts"))
    template = site.root / "overrides" / "projecth" / "glossary_entry.html"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text(GLOSSARY_TEMPLATE, encoding="utf-8")
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "site"), strict=True)
    library_feature = config.plugins["projecth"].library
    library_feature.kinds = WITH_GLOSSARY
    try:
        build(config)
    finally:  # MkDocs keeps a plugin with on_startup for the rest of the process: later builds have the four kinds
        library_feature.kinds = KINDS
    page = (Path(config.site_dir) / "glossary" / "retrieval-practice" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="ph-title">Retrieval practice</h1>' in page
    # Its record, escaped (toolkit templates render with autoescaping on), as the page and its meta description.
    assert '<p class="ph-definition">Recalling what was learnt, so it sticks &amp; lasts.</p>' in page
    assert '<meta name="description" content="Recalling what was learnt, so it sticks &amp; lasts.">' in page
    assert "<p>More.</p>" in page  # its Markdown body
    assert '<a href="../">Glossary</a>' in page  # the generated index, published by the library feature
    assert '<a href="#ph-title" class="md-skip">' in page  # base.html's table of contents gives the skip link
    assert (Path(config.site_dir) / "glossary" / "index.html").is_file()
    catalogue = load_library(site.content, taxonomy, today=TODAY, kinds=WITH_GLOSSARY).catalogue
    assert GLOSSARY.page_context(catalogue, "about.md", ContextOptions()) is None


def test_without_the_kind_the_same_files_are_plain_pages(library):
    glossary_library(library)
    errors = [d.format_text() for d in load_library(library.content, library.taxonomy, today=TODAY).report.errors]
    assert any(e.startswith("glossary/retrieval-practice.md:") and "definition" in e for e in errors), errors
    assert any(e.startswith("about.md:") and "glossary/index.md" in e for e in errors), errors


def test_the_new_kind_reports_its_own_problems_by_file(library):
    library.write("glossary/retrieval-practice.md", "---\ntitle: Retrieval practice\n---\n\nMore.\n")
    library.write("glossary/terms/spacing.md", ENTRY)
    report = load_library(library.content, library.taxonomy, today=TODAY, kinds=WITH_GLOSSARY).report
    lines = [d.format_text() for d in report.errors]
    assert any(line.startswith("glossary/retrieval-practice.md:") and "`definition`" in line for line in lines), lines
    assert ("glossary/terms/spacing.md:1:1: error: glossary entries live directly in `glossary/`, one file a term: "
            "the index is generated") in lines


def test_a_catalogue_made_by_hand_has_the_built_in_kinds(taxonomy):
    catalogue = Catalogue(taxonomy, [])
    assert catalogue.kinds == KINDS
    assert catalogue.record_for("networks/maths/x.md") is None
    assert catalogue.generated_by("library/index.md") is RESOURCE


def test_every_page_of_the_starter_library_belongs_to_exactly_one_kind(taxonomy):
    root = Path(__file__).resolve().parent.parent
    library = load_library(root / "content", taxonomy, today=TODAY)
    catalogue = library.catalogue
    assert catalogue is not None, [d.format_text() for d in library.report.errors]
    written = {src: kind for kind in KINDS for src in catalogue.written_of(kind)}
    assert set(written) == {p.relative_to(root / "content").as_posix()
                            for p in (root / "content").rglob("*.md")} - library.drafts
    for src, kind in written.items():
        assert catalogue.kind_of(src) is kind and catalogue.record_for(src)[0] is kind, src
        assert [k for k in KINDS if k.template_for(catalogue, src)] == [kind], src
    generated = catalogue.generated_paths()
    assert len(generated) == len(set(generated)) and not set(generated) & set(written)
    for src in generated:
        owners = [kind for kind in KINDS if kind.generated_title(catalogue, src) is not None]
        assert len(owners) == 1 and owners[0] is catalogue.generated_by(src), src
        assert [k for k in KINDS if k.template_for(catalogue, src)] == owners, src
    assert catalogue.template_for("networks/maths/bar-models-for-fractions-year-5.md") == "projecth/resource.html"
    assert catalogue.template_for("index.md") == "projecth/home.html"
    assert catalogue.template_for("subjects/maths/index.md") == "projecth/hub.html"
    assert catalogue.template_for("entitlements/coverage/index.md") == "projecth/coverage_all.html"
    assert catalogue.template_for("case-studies/by-phase/primary/index.md") == "projecth/case_studies_index.html"
