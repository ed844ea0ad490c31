"""catalog.json and its JSON Schema: generated from the model, valid against each other, never showing drafts."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from projecth.core.publishing.catalog_json import NOT_EXPORTED, SCHEMA_VERSION, build_catalog, build_schema, field_schema
from projecth.core.model.specs import CASE_STUDY_FIELDS, ENTITLEMENT_FIELDS, RESOURCE_FIELDS
from projecth.core.publishing.attribution import SiteInfo
from test_build import build_site, read
from test_reuse import ENTITLEMENT, reuse_site

SITE = SiteInfo("Project H", "https://h.example/", "Lift Schools")


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(schema: dict, data: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(data)]


def test_built_catalog_validates_against_its_own_schema_and_has_everything(site):
    from test_case_studies import write_case_study  # noqa: PLC0415

    reuse_site(site)
    write_case_study(site)
    site.write("entitlements/maths/primary/2025-26.md", ENTITLEMENT)
    site.resource("networks/maths/unfinished.md", title="Unfinished draft", status="draft")
    out = build_site(site.root)
    catalog = json.loads(read(out, "catalog.json"))
    schema = json.loads(read(out, "catalog.schema.json"))
    assert errors(schema, catalog) == []
    assert catalog["schema_version"] == SCHEMA_VERSION
    assert catalog["$schema"] == "http://127.0.0.1:8000/catalog.schema.json" == schema["$id"]
    ids = [r["id"] for r in catalog["resources"]]
    assert ids == sorted(ids) and "networks/maths/unfinished" not in ids
    assert "Unfinished" not in read(out, "catalog.json")
    fractions = next(r for r in catalog["resources"] if r["id"] == "networks/maths/fractions")
    assert fractions["url"] == "http://127.0.0.1:8000/networks/maths/fractions/"
    assert fractions["source_url"] == "http://127.0.0.1:8000/downloads/networks/maths/fractions.md"
    assert fractions["pack_url"] == "http://127.0.0.1:8000/downloads/networks/maths/fractions.zip"
    assert fractions["licence"] == "CC-BY-4.0"
    assert fractions["licence_terms"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert fractions["licence_terms"]["allows_adaptation"] is True
    assert fractions["published"] == "2025-01-10" and fractions["updated"] == "2025-06-02"
    assert fractions["time_required"] == "PT45M"
    assert fractions["attachments"] == [{"path": "files/practice-record.csv", "title": "Practice record",
                                         "url": "http://127.0.0.1:8000/networks/maths/files/practice-record.csv",
                                         "media_type": "text/csv", "size_bytes": 12}]
    assert fractions["based_on"] == [{"title": "Fractions on a number line", "author": "Another Trust",
                                      "url": "https://example.org/fractions", "licence": "CC-BY-4.0"}]
    assert fractions["third_party"] == [{"what": "Figure 2", "owner": "Example Publisher",
                                         "licence": "Used with permission"}]
    assert fractions["aliases"] == ["networks/maths/old-fractions"]
    assert "status" not in fractions
    # Every address resolves to a file of the built site.
    for url in (fractions["url"], fractions["source_url"], fractions["pack_url"], fractions["attachments"][0]["url"]):
        rel = url.removeprefix("http://127.0.0.1:8000/")
        assert (out / rel).is_file() or (out / rel / "index.html").is_file(), url
    study = catalog["case_studies"][0]
    assert study["id"] == "case-studies/phonics-catch-up" and "privacy" not in study
    assert study["impact"][0]["measure"] == "phonics-check"
    entitlement = catalog["entitlements"][0]
    assert entitlement["id"] == "entitlements/maths/primary/2025-26" and entitlement["current"] is True
    unit = entitlement["years"]["year-5"][0]
    assert unit["unit_id"] == "maths/primary/y5-fractions"
    assert unit["url"] == "http://127.0.0.1:8000/entitlements/maths/primary/units/y5-fractions/"


def test_schema_is_generated_from_the_model_field_specs(taxonomy):
    schema = build_schema(taxonomy, SITE)
    for record, specs in (("resource", RESOURCE_FIELDS), ("case_study", CASE_STUDY_FIELDS),
                          ("entitlement", ENTITLEMENT_FIELDS)):
        definition = schema["$defs"][record]
        exported = {spec.name for spec in specs} - NOT_EXPORTED[record]
        assert exported <= set(definition["properties"]), record
        assert definition["additionalProperties"] is False
        waived = {spec.name for spec in specs if spec.waivable} if taxonomy.phases_optional_somewhere() else set()
        required = {spec.name for spec in specs if spec.required} - NOT_EXPORTED[record]
        assert required - waived <= set(definition["required"])
        assert not waived & set(definition["required"])
    resource = schema["$defs"]["resource"]["properties"]
    assert resource["licence"]["enum"] == taxonomy.licences.slugs()
    assert resource["subjects"]["items"]["enum"] == taxonomy.subjects.slugs()
    assert resource["title"]["maxLength"] == 120
    assert resource["based_on"]["type"] == "array"
    assert set(resource["based_on"]["items"]["required"]) == {"title", "author", "url", "licence"}
    assert "status" not in resource


def test_a_field_added_to_the_model_but_not_exported_fails_validation(library, taxonomy):
    """What `additionalProperties: false` and the required lists buy: exports and schema cannot drift."""
    reuse_site(library)
    catalogue = library.check().catalogue
    urls = {**{r.src_path: r.id + "/" for r in catalogue.resources},
            **{a.path: a.path for r in catalogue.resources for a in r.attachments}}
    catalog = build_catalog(catalogue, SITE, urls.__getitem__)
    schema = build_schema(taxonomy, SITE)
    assert errors(schema, catalog) == []
    extra = copy.deepcopy(catalog)
    extra["resources"][0]["difficulty"] = "hard"  # exported, but not in the model
    assert any("difficulty" in e for e in errors(schema, extra))
    missing = copy.deepcopy(catalog)
    del missing["resources"][0]["licence"]  # in the model, required, but not exported
    assert any("'licence' is a required property" in e for e in errors(schema, missing))
    wrong = copy.deepcopy(catalog)
    wrong["resources"][0]["subjects"] = ["astrology"]
    assert errors(schema, wrong)


@pytest.mark.parametrize("spec", [s for s in RESOURCE_FIELDS + CASE_STUDY_FIELDS + ENTITLEMENT_FIELDS],
                         ids=lambda s: s.name)
def test_every_field_kind_has_a_schema(spec, taxonomy):
    jsonschema.Draft202012Validator.check_schema(field_schema(spec, taxonomy))
