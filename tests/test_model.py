"""The content model is the single source: specs and records agree, records are built from the specs, a new
field reaches the record and catalog.json with no other edit, and values the path gives come from the path."""

from __future__ import annotations

import dataclasses

import jsonschema
import pytest

from conftest import TODAY
from projecth.core.model import specs as model
from projecth.core.publishing.catalog_json import build_catalog, build_schema, field_schema
from projecth.core.model.field_kinds import FIELD_KINDS, FieldChecker
from projecth.core.authoring.field_guide import describe_form, field_reference
from projecth.core.kinds import RESOURCE
from projecth.core.model.specs import (
    RECORD_SPECS,
    RESOURCE_FIELDS,
    TEXT_LIST,
    FieldSpec,
    Resource,
    build_record,
    disagreements,
    nested_records,
)
from projecth.core.publishing.attribution import SiteInfo
from projecth.core.authoring.scaffold import render_entitlement, render_resource
from test_curriculum import ENT, entitlement_text

SITE = SiteInfo("Project H", "https://h.example/", "Lift Schools")


def every_record_and_specs():
    for record, specs in RECORD_SPECS:
        yield record, specs
        yield from nested_records(specs)


# -- specs and records agree -------------------------------------------------------------------------


@pytest.mark.parametrize("record, specs", list(every_record_and_specs()), ids=lambda v: getattr(v, "__name__", ""))
def test_every_record_agrees_with_its_specs(record, specs):
    assert disagreements(record, specs) == []


def test_the_agreement_test_catches_a_spec_without_an_attribute_and_an_attribute_without_a_spec():
    extra_spec = RESOURCE_FIELDS + (FieldSpec("prior_knowledge", TEXT_LIST, False, "What pupils should know first."),)
    assert disagreements(Resource, extra_spec) == [
        "Resource has no attribute `prior_knowledge` for field `prior_knowledge`"]
    without_tags = tuple(spec for spec in RESOURCE_FIELDS if spec.name != "tags")
    assert disagreements(Resource, without_tags) == [
        "Resource.tags is filled by no field spec and is not in Resource.DERIVED"]
    renamed = tuple(dataclasses.replace(spec, attribute="minutes") if spec.name == "time_required" else spec
                    for spec in RESOURCE_FIELDS)
    assert "Resource has no attribute `minutes` for field `time_required`" in disagreements(Resource, renamed)


def test_every_record_spec_is_covered_and_every_kind_is_used():
    kinds = {type(spec.kind) for record, specs in every_record_and_specs() for spec in specs}
    kinds |= {type(spec.kind) for spec in model.ATTACHMENT_FIELDS}
    assert kinds == {type(kind) for kind in FIELD_KINDS}


def test_build_record_refuses_what_no_spec_fills_and_a_missing_path_value():
    values = {"title": "About"}
    page = build_record(model.Page, model.PAGE_FIELDS, values, src_path="about.md", body_line=3)
    assert page == model.Page("about.md", "About", "", 3)
    with pytest.raises(TypeError, match="difficulty filled by no field spec"):
        build_record(model.Page, model.PAGE_FIELDS, values, src_path="about.md", body_line=3, difficulty="hard")
    with pytest.raises(TypeError, match="the loader must give `network`"):
        build_record(Resource, RESOURCE_FIELDS, {}, id="x", src_path="x.md", body_line=1)


# -- a new field, end to end --------------------------------------------------------------------------


NEW_FIELD = FieldSpec("prior_knowledge", TEXT_LIST, False, "What pupils should already know.", max_length=200,
                      example="[place value]")


@pytest.fixture
def model_with_a_new_field(monkeypatch):
    """A copy of the resource specs and record with one field more, put where the modules read them."""
    specs = RESOURCE_FIELDS + (NEW_FIELD,)
    record = dataclasses.make_dataclass("Resource", [("prior_knowledge", tuple, dataclasses.field(default=()))],
                                        bases=(Resource,), frozen=True)
    # One place: the kind, where the loader, the exporter and the schema read its specs and record type.
    monkeypatch.setattr(RESOURCE, "fields", specs)
    monkeypatch.setattr(RESOURCE, "record_type", record)
    return specs, record


def test_a_new_field_reaches_the_record_the_catalogue_and_its_schema_with_no_other_edit(library, taxonomy,
                                                                                       model_with_a_new_field):
    specs, record = model_with_a_new_field
    assert disagreements(record, specs) == []
    library.resource(prior_knowledge="[place value, counting in tens]")
    result = library.check()
    assert result.ok, result.report.errors
    resource = result.catalogue.resources[0]
    assert resource.prior_knowledge == ("place value", "counting in tens")
    catalog = build_catalog(result.catalogue, SITE, lambda src: src[:-3] + "/")
    assert catalog["resources"][0]["prior_knowledge"] == ["place value", "counting in tens"]
    schema = build_schema(taxonomy, SITE)
    assert schema["$defs"]["resource"]["properties"]["prior_knowledge"]["items"]["maxLength"] == 200
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(catalog)) == []
    catalog["resources"][0]["prior_knowledge"] = [""]
    assert list(validator.iter_errors(catalog))  # the schema checks the new field too


def test_a_new_field_is_checked_with_its_kinds_messages(library, model_with_a_new_field):
    library.resource(prior_knowledge="[<b>place value</b>]")
    assert any("`prior_knowledge` contains an HTML tag" in line for line in library.errors())


def test_each_kind_describes_itself_and_gives_a_schema(taxonomy):
    for record, specs in every_record_and_specs():
        for spec in specs:
            assert describe_form(spec)
            jsonschema.Draft202012Validator.check_schema(field_schema(spec, taxonomy))


# -- values the path gives -------------------------------------------------------------------------


def test_a_resource_without_network_takes_its_folder(library):
    library.resource("networks/english/reading-aloud.md", network=None, subjects="[english]")
    result = library.check()
    assert result.ok, result.report.errors
    assert result.catalogue.resources[0].network == "english"


def test_a_written_network_that_disagrees_says_both_values_and_how_to_fix(library):
    library.resource(network="english")
    (error,) = library.errors()
    assert "`network` is `english` but the file is in the `networks/maths/` folder" in error
    assert "move the file to `networks/english/` or correct the field (or leave it out: the folder gives it)" in error


def test_an_entitlement_without_subject_phase_and_version_takes_them_from_its_path(library):
    library.write(ENT, entitlement_text(subject=None, phase=None, version=None))
    result = library.check()
    assert result.ok, result.report.errors
    (doc,) = result.catalogue.curriculum.by_src.values()
    assert (doc.subject, doc.phase, doc.version) == ("maths", "secondary", "2025-26")


def test_an_entitlement_field_that_disagrees_with_its_path_says_both_values(library):
    library.write(ENT, entitlement_text(phase="primary"))
    errors = library.errors()
    assert any(f"`phase` is `primary` but the file is `{ENT}`, whose path gives `secondary`" in e
               and "leave `phase` out, and the path gives it" in e for e in errors), errors


def test_an_entitlement_path_naming_an_unknown_subject_is_an_error_when_the_field_is_left_out(library):
    path = "entitlements/math/secondary/2025-26.md"
    library.write(path, entitlement_text(subject=None))
    errors = library.errors()
    assert f"{path}:1:1: error: the path `{path}` gives the subject `math`, which is not in the subjects listed " \
           "in taxonomy.yml (did you mean `maths`?): rename the folder" in "\n".join(errors)


def test_an_entitlement_path_version_is_checked_when_the_field_is_left_out(library):
    path = "entitlements/maths/secondary/2025-27.md"
    library.write(path, entitlement_text(version=None))
    assert any(e.startswith(f"{path}:1:1: error: `version` is `2025-27`: the second year must follow the first")
               for e in library.errors())


def test_the_scaffold_and_the_guide_say_the_folder_gives_the_network(taxonomy):
    text = render_resource(taxonomy, "maths", "Ratio tables", TODAY)
    front = text.split("---")[1]
    assert "\nnetwork:" not in front
    assert "# network: maths  # optional (taken from the folder): " in front
    reference = field_reference(taxonomy)
    rows = {row.anchor: row for group in reference.groups for row in group.rows}
    assert rows["field-resource-network"].form.endswith("; optional: taken from the folder")
    assert not rows["field-resource-network"].required
    assert rows["field-entitlement-subject"].form.endswith("; optional: taken from the folder")
    assert rows["field-entitlement-version"].form.endswith("; optional: taken from the file name")
    assert rows["field-resource-title"].form == "Plain text, up to 120 characters"
    entitlement = render_entitlement(taxonomy, "english", "primary", "reading", "2025-26").split("---")[1]
    for name, value, where in (("subject", "english", "folder"), ("phase", "primary", "folder"),
                               ("version", "2025-26", "file name")):
        assert f"\n# {name}: {value}  # optional (taken from the {where}): " in entitlement
        assert f"\n{name}:" not in entitlement
    assert "\nnetwork: reading  # required: " in entitlement  # not in the path: written


def test_field_checker_reads_through_the_kinds(taxonomy):
    from projecth.core.reading.located_yaml import SCALAR, Node  # noqa: PLC0415

    found = []
    checker = FieldChecker(taxonomy, lambda line, col, message: found.append(message))
    spec = next(spec for spec in RESOURCE_FIELDS if spec.name == "time_required")
    assert checker.value(Node(SCALAR, "1 hour 30 minutes", 1, 1, raw="1 hour 30 minutes"), spec) == 90
    assert checker.value(Node(SCALAR, "soon", 1, 1, raw="soon"), spec) is None
    assert found == ["`time_required` is `soon`: write a length of time such as `45 minutes`, `2 hours` or "
                     "`1 hour 30 minutes`"]
