"""catalog.json and its JSON Schema, both derived from the content model's field specifications.

Each record carries every field that `model.py` specifies (each exported by its field kind, from the record
attribute its spec fills) plus computed addresses and licence details. The schema is generated from the same
specs (each field kind gives its own), with
`additionalProperties: false`, so a field added to the model without its export (or the reverse)
makes catalog.json fail its own schema in the tests: the two cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

from ..library.catalogue import Catalogue
from ..model.field_kinds import ItemExtra, no_extra, without_empty
from ..kinds import CASE_STUDY, ENTITLEMENT, KINDS, RESOURCE, Kind
from ..model.specs import CaseStudy, EntitlementDoc, FieldSpec, Resource
from .attribution import PageUrl, SiteInfo, attachment_name, credit, licence_terms, pack_download, source_download, \
    unit_pack_download
from ..model.taxonomy import Taxonomy

SCHEMA_VERSION = "1.0.0"
CATALOG_PATH = "catalog.json"
SCHEMA_PATH = "catalog.schema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"



def not_exported(specs: tuple[FieldSpec, ...]) -> frozenset[str]:
    """Fields the model specifies that are not published (the specs say so: `exported=False`, or not stored):
    drafts never appear (so `status` says nothing), and a case study's privacy confirmation and image consents are
    for reviewers, not for reuse."""
    return frozenset(spec.name for spec in specs if not (spec.exported and spec.stored))


#: By catalogue record (`Kind.catalog_record`) of the registry's kinds: the fields not published.
NOT_EXPORTED = {kind.catalog_record: not_exported(kind.fields) for kind in KINDS if kind.catalog_record}

_URI = {"type": "string", "format": "uri", "pattern": "^https?://"}
_LICENCE_TERMS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "url", "allows_adaptation", "allows_commercial", "allows_redistribution"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "url": _URI,
        "attribution": {"type": ["string", "null"]},
        "allows_adaptation": {"type": "boolean"},
        "allows_commercial": {"type": "boolean"},
        "allows_redistribution": {"type": "boolean"},
        "share_alike": {"type": "boolean"},
        "non_commercial": {"type": "boolean"},
        "no_derivatives": {"type": "boolean"},
        "compatible": {"type": "array", "items": {"type": "string"}},
    },
}
# Properties each record has beside its model fields: (name, schema, required).
COMPUTED: dict[str, tuple[tuple[str, dict, bool], ...]] = {
    "resource": (
        ("id", {"type": "string"}, True),
        ("url", _URI, True),
        ("source_url", _URI, True),
        ("pack_url", _URI, True),
        ("licence_terms", _LICENCE_TERMS, True),
        ("attribution", {"type": "string"}, True),
    ),
    "case_study": (("id", {"type": "string"}, True), ("url", _URI, True)),
    "entitlement": (
        ("id", {"type": "string"}, True),
        ("url", _URI, True),
        ("title", {"type": "string"}, True),
        ("current", {"type": "boolean"}, True),
    ),
}
# Extra properties of items inside model fields.
ATTACHMENT_EXTRA = {"url": _URI, "media_type": {"type": "string"}, "size_bytes": {"type": "integer", "minimum": 0}}
UNIT_EXTRA = {"url": _URI, "unit_id": {"type": "string"}, "pack_url": _URI}
# By field name: (the properties the exporter adds to each item, which of them every item has).
ITEM_EXTRAS = {"attachments": (ATTACHMENT_EXTRA, ("url",)), "years": (UNIT_EXTRA, ("unit_id",))}


# -- records ---------------------------------------------------------------------------------------


def build_catalog(catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
    """Every published resource, case study and entitlement version, in a stable order."""
    data: dict = {
        "$schema": site.absolute(SCHEMA_PATH),
        "schema_version": SCHEMA_VERSION,
        "site": {"name": site.name, "url": site.url, "publisher": site.publisher},
    }
    for kind in catalog_kinds(catalogue.kinds):
        data[kind.catalog_table] = kind.catalog_records(catalogue, site, page_url)
    return data


def catalog_kinds(kinds: tuple[Kind, ...] = KINDS) -> list[Kind]:
    """The page kinds that have a table in catalog.json, in the order the tables come."""
    return sorted((kind for kind in kinds if kind.catalog_table), key=lambda kind: kind.catalog_rank)


def model_fields(record: Any, specs: tuple[FieldSpec, ...], extra: ItemExtra = no_extra) -> dict[str, Any]:
    """Every exported field of a record, each as its kind exports the attribute its spec fills.

    `extra(spec, item)` adds computed properties to an item of a nested field (an attachment's address).
    """
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.exported and spec.stored:
            values[spec.name] = spec.kind.to_json(getattr(record, spec.attr), spec, extra)
    return values


def resource_record(resource: Resource, taxonomy: Taxonomy, site: SiteInfo, page_url: PageUrl,
                    specs: tuple[FieldSpec, ...] | None = None) -> dict:
    """A resource's catalog.json record: every field its specs (the resource kind's by default) export."""
    url = site.absolute(page_url(resource.src_path))
    values: dict[str, Any] = {
        "id": resource.id,
        "url": url,
        "source_url": site.absolute(source_download(resource)),
        "pack_url": site.absolute(pack_download(resource)),
        "licence_terms": licence_terms(taxonomy, resource.licence),
        "attribution": credit(resource, taxonomy, site, url),
    }

    def extra(spec: FieldSpec, item: Any) -> dict:
        if spec.name == "attachments":  # published beside the resource, under a name of its own
            return {"path": attachment_name(resource, item.path), "url": site.absolute(page_url(item.path)),
                    "media_type": item.media_type, "size_bytes": item.size_bytes}
        return {}

    values.update(model_fields(resource, RESOURCE.fields if specs is None else specs, extra))
    return without_empty(values)


def case_study_record(study: CaseStudy, site: SiteInfo, page_url: PageUrl,
                      specs: tuple[FieldSpec, ...] | None = None) -> dict:
    values: dict[str, Any] = {"id": study.id, "url": site.absolute(page_url(study.src_path))}
    values.update(model_fields(study, CASE_STUDY.fields if specs is None else specs))
    return without_empty(values)


def entitlement_record(doc: EntitlementDoc, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl,
                       specs: tuple[FieldSpec, ...] | None = None) -> dict:
    current = catalogue.curriculum.current.get(doc.key) == doc
    values: dict[str, Any] = {
        "id": doc.src_path[:-3],
        "url": site.absolute(page_url(doc.src_path)),
        "title": catalogue.entitlement_title(doc, version=True),
        "current": current,
    }

    def extra(spec: FieldSpec, unit: Any) -> dict:
        if spec.name != "years":
            return {}
        found = {"unit_id": unit.id}
        if current:  # only the current version's units have pages and packs
            found["url"] = site.absolute(page_url(unit.src_path))
            found["pack_url"] = site.absolute(unit_pack_download(unit))
        return found

    values.update(model_fields(doc, ENTITLEMENT.fields if specs is None else specs, extra))
    return without_empty(values)


def dumps(data: dict) -> str:
    """Stable JSON text: the same catalogue gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- the JSON Schema -------------------------------------------------------------------------------


def field_schema(spec: FieldSpec, taxonomy: Taxonomy, record: str = "") -> dict:
    """The JSON Schema of one field's exported value: its kind's, with what the exporter adds to items."""
    return spec.schema(taxonomy, ITEM_EXTRAS)


def record_schema(kind: Kind | str, taxonomy: Taxonomy) -> dict:
    """The JSON Schema of one kind's catalog.json records (a kind, or its `catalog_record` name), from its specs."""
    if isinstance(kind, str):
        kind = next(k for k in KINDS if k.catalog_record == kind)
    record = kind.catalog_record
    hidden = not_exported(kind.fields)
    specs = [spec for spec in kind.fields if spec.name not in hidden]
    properties = {name: schema for name, schema, _ in COMPUTED[record]}
    properties.update({spec.name: field_schema(spec, taxonomy, record) for spec in specs})
    required = [name for name, _, needed in COMPUTED[record] if needed]
    waived = taxonomy.phases_optional_somewhere()
    # A value the path gives is always known, so always exported.
    required += [spec.name for spec in specs
                 if (spec.required or spec.from_path) and not (spec.waivable and waived)]
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


def build_schema(taxonomy: Taxonomy, site: SiteInfo) -> dict:
    """The JSON Schema of catalog.json, for this library's taxonomy."""
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": site.absolute(SCHEMA_PATH),
        "title": f"{site.name} catalogue",
        "description": "Every published resource, case study and curriculum entitlement of the library, with its "
                       "licence and addresses. Generated from the content model that validates the library.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "site", *(kind.catalog_table for kind in catalog_kinds())],
        "properties": {
            "$schema": {"type": "string"},
            "schema_version": {"const": SCHEMA_VERSION},
            "site": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "url", "publisher"],
                "properties": {"name": {"type": "string"}, "url": _URI, "publisher": {"type": "string"}},
            },
            **{kind.catalog_table: {"type": "array", "items": {"$ref": f"#/$defs/{kind.catalog_record}"}}
               for kind in catalog_kinds()},
        },
        "$defs": {kind.catalog_record: record_schema(kind, taxonomy) for kind in catalog_kinds()
                  if kind.catalog_record in COMPUTED},
    }
