"""catalog.json and its JSON Schema, both derived from the content model's field specifications.

Each record carries every field that `model.py` specifies (in the form the validator accepted)
plus computed addresses and licence details. The schema is generated from the same specs, with
`additionalProperties: false`, so a field added to the model without its export (or the reverse)
makes catalog.json fail its own schema in the tests: the two cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

from .catalogue import Catalogue
from .kinds import KINDS, Kind
from .model import (
    ATTACHMENT_FIELDS,
    ATTACHMENTS,
    BOOLEAN,
    CASE_STUDY_FIELDS,
    CHAIN,
    CHOICE,
    DATE,
    DURATION,
    ENTITLEMENT_FIELDS,
    MAPPING,
    MAPPINGS,
    NUMBER,
    RESOURCE_FIELDS,
    RESOURCE_IDS,
    TERM,
    TERM_LIST,
    TEXT,
    TEXT_LIST,
    UNIT_FIELDS,
    UNIT_IDS,
    YEAR_UNITS,
    CaseStudy,
    EntitlementDoc,
    FieldSpec,
    Resource,
    Unit,
    iso_duration,
)
from .reuse import PageUrl, SiteInfo, attachment_name, credit, licence_terms, pack_download, source_download, \
    unit_pack_download
from .taxonomy import Taxonomy

SCHEMA_VERSION = "1.0.0"
CATALOG_PATH = "catalog.json"
SCHEMA_PATH = "catalog.schema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Fields the model specifies that are not published: drafts never appear (so `status` says nothing), and a
# case study's privacy confirmation and image consents are for reviewers, not for reuse.
NOT_EXPORTED = {
    "resource": frozenset({"status"}),
    "case_study": frozenset({"privacy", "images"}),
    "entitlement": frozenset(),
}
SPECS = {"resource": RESOURCE_FIELDS, "case_study": CASE_STUDY_FIELDS, "entitlement": ENTITLEMENT_FIELDS}

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


def resource_record(resource: Resource, taxonomy: Taxonomy, site: SiteInfo, page_url: PageUrl) -> dict:
    url = site.absolute(page_url(resource.src_path))
    values: dict[str, Any] = {
        "id": resource.id,
        "url": url,
        "source_url": site.absolute(source_download(resource)),
        "pack_url": site.absolute(pack_download(resource)),
        "licence_terms": licence_terms(taxonomy, resource.licence),
        "attribution": credit(resource, taxonomy, site, url),
    }
    for spec in RESOURCE_FIELDS:
        if spec.name in NOT_EXPORTED["resource"]:
            continue
        if spec.name == "time_required":
            value = iso_duration(resource.time_required_minutes) if resource.time_required_minutes else None
        elif spec.name == "attachments":
            value = [{"path": attachment_name(resource, a.path), "title": a.title,
                      "url": site.absolute(page_url(a.path)), "media_type": a.media_type,
                      "size_bytes": a.size_bytes} for a in resource.attachments]
        elif spec.name == "based_on":  # the whole credit chain, the immediate source first
            value = [{"title": link.title, "author": link.author, "url": link.url, "licence": link.licence}
                     for link in resource.based_on]
        elif spec.name == "third_party":
            value = [_without_empty({"what": t.what, "owner": t.owner, "source": t.source, "licence": t.licence})
                     for t in resource.third_party]
        else:
            value = getattr(resource, spec.name)
        values[spec.name] = _plain(value)
    return _without_empty(values)


def case_study_record(study: CaseStudy, site: SiteInfo, page_url: PageUrl) -> dict:
    values: dict[str, Any] = {"id": study.id, "url": site.absolute(page_url(study.src_path))}
    for spec in CASE_STUDY_FIELDS:
        if spec.name in NOT_EXPORTED["case_study"]:
            continue
        value = getattr(study, spec.name)
        if spec.name == "impact":
            value = [{"measure": f.measure, "baseline": f.baseline, "result": f.result, "period": f.period,
                      "source": f.source} for f in value]
        elif spec.name == "timeline":
            value = [{"when": step.when, "what": step.what} for step in value]
        values[spec.name] = _plain(value)
    return _without_empty(values)


def entitlement_record(doc: EntitlementDoc, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
    current = catalogue.curriculum.current.get(doc.key) == doc
    values: dict[str, Any] = {
        "id": doc.src_path[:-3],
        "url": site.absolute(page_url(doc.src_path)),
        "title": catalogue.entitlement_title(doc, version=True),
        "current": current,
    }
    for spec in ENTITLEMENT_FIELDS:
        if spec.name == "entitlements":
            value = [{"id": e.id, "statement": e.statement, "rationale": e.rationale} for e in doc.entitlements]
        elif spec.name == "years":
            value: dict[str, list] = {}
            for unit in doc.units:
                value.setdefault(unit.year_group, []).append(_unit(unit, site, page_url, current))
        else:
            value = getattr(doc, spec.name)
        values[spec.name] = _plain(value)
    return _without_empty(values)


def _unit(unit: Unit, site: SiteInfo, page_url: PageUrl, current: bool) -> dict:
    values = {
        "id": unit.local_id,
        "unit_id": unit.id,
        "title": unit.title,
        "term": unit.term,
        "entitlements": list(unit.entitlements),
        "knowledge": [{"domain": k.domain, "statements": list(k.statements)} for k in unit.knowledge],
        "vocabulary": [{"term": v.term, "definition": v.definition} for v in unit.vocabulary],
        "prior_knowledge": list(unit.prior_knowledge),
        "misconceptions": list(unit.misconceptions),
        "assessment": unit.assessment,
    }
    if current:  # only the current version's units have pages and packs
        values["url"] = site.absolute(page_url(unit.src_path))
        values["pack_url"] = site.absolute(unit_pack_download(unit))
    return _without_empty(values)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _without_empty(values: dict) -> dict:
    """Optional values that are absent are left out, never written as null or []."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def dumps(data: dict) -> str:
    """Stable JSON text: the same catalogue gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- the JSON Schema -------------------------------------------------------------------------------


def field_schema(spec: FieldSpec, taxonomy: Taxonomy, record: str = "") -> dict:
    """The JSON Schema of one field's exported value, from its FieldSpec."""
    text = {"type": "string", "minLength": 1}
    if spec.max_length:
        text["maxLength"] = spec.max_length
    described = {"description": spec.help}
    kind = spec.kind
    if kind == TEXT:
        return {**described, **text}
    if kind == TEXT_LIST:
        return {**described, "type": "array", "items": text}
    if kind == TERM:
        return {**described, "type": "string", "enum": taxonomy.vocabulary(spec.vocabulary or "").slugs()}
    if kind == TERM_LIST:
        return {**described, "type": "array", "uniqueItems": True,
                "items": {"type": "string", "enum": taxonomy.vocabulary(spec.vocabulary or "").slugs()}}
    if kind == DATE:
        return {**described, "type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if kind == DURATION:
        return {**described, "type": "string", "pattern": r"^PT(\d+H)?(\d+M)?$"}
    if kind in (RESOURCE_IDS, UNIT_IDS):
        return {**described, "type": "array", "items": {"type": "string", "minLength": 1}}
    if kind == CHOICE:
        return {**described, "type": "string", "enum": list(spec.choices)}
    if kind == NUMBER:
        return {**described, "type": "number"}
    if kind == BOOLEAN:
        return {**described, "type": "boolean"}
    if kind == MAPPING:
        return {**described, **_object(spec.item_fields, taxonomy)}
    if kind in (MAPPINGS, CHAIN):
        return {**described, "type": "array", "items": _object(spec.item_fields, taxonomy)}
    if kind == ATTACHMENTS:
        return {**described, "type": "array", "items": _object(ATTACHMENT_FIELDS, taxonomy, ATTACHMENT_EXTRA,
                                                               required_extra=("url",))}
    if kind == YEAR_UNITS:
        unit = _object(UNIT_FIELDS, taxonomy, UNIT_EXTRA, required_extra=("unit_id",))
        return {**described, "type": "object", "propertyNames": {"enum": taxonomy.year_groups.slugs()},
                "additionalProperties": {"type": "array", "items": unit}}
    raise ValueError(f"no JSON Schema for field kind {kind}")  # pragma: no cover - a new kind needs one


def _object(specs: tuple[FieldSpec, ...], taxonomy: Taxonomy, extra: dict | None = None,
            required_extra: tuple[str, ...] = ()) -> dict:
    properties = {spec.name: field_schema(spec, taxonomy) for spec in specs}
    properties.update(extra or {})
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in specs if spec.required] + list(required_extra),
        "properties": properties,
    }


def record_schema(record: str, taxonomy: Taxonomy) -> dict:
    specs = [spec for spec in SPECS[record] if spec.name not in NOT_EXPORTED[record]]
    properties = {name: schema for name, schema, _ in COMPUTED[record]}
    properties.update({spec.name: field_schema(spec, taxonomy, record) for spec in specs})
    required = [name for name, _, needed in COMPUTED[record] if needed]
    waived = taxonomy.phases_optional_somewhere()
    required += [spec.name for spec in specs if spec.required and not (spec.waivable and waived)]
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
        "$defs": {record: record_schema(record, taxonomy) for record in SPECS},
    }
