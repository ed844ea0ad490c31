"""Resources: `networks/NETWORK/*.md`, owned by the network group whose folder they are in, with their hub pages.

This module is everything a resource is: where its files live, how one is loaded and cross-checked (key stages
against phases, dates, attachments, the credit chain of `based_on`, old ids), and the pages and records it gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ..security.files import FilePolicy, size_text
from ..model.licences import problems_with
from ..model.specs import ATTACHMENT_FIELDS, BASED_ON_FIELDS, RESOURCE_FIELDS, Attachment, BasedOn, Resource, build_record
from ..reading.located_yaml import SEQ
from ..model.taxonomy import SLUG
from . import ContextOptions, Kind, LoadContext, Loaded, body_images, is_draft, url_key

if TYPE_CHECKING:  # pragma: no cover
    from ..library.catalogue import Catalogue
    from ..reading.diagnostics import Report
    from ..publishing.attribution import PageUrl, SiteInfo
    from ..model.taxonomy import Taxonomy

FOLDER = "networks"
#: The A to Z of every resource.
LIBRARY_INDEX = "library/index.md"


class ResourceKind(Kind):
    name = "resource"
    folder = FOLDER
    fields = RESOURCE_FIELDS
    record_type = Resource
    template = "projecth/resource.html"
    schema_type = "LearningResource"
    search_kind = "Resource"
    search_date_label = "Published"
    catalog_table = "resources"
    catalog_record = "resource"
    catalog_rank = 0
    in_navigation = False  # reached through hubs: a navigation listing every page makes each page carry it
    count_label = ("resource", "resources")

    @property
    def reserved_folders(self) -> frozenset[str]:
        """The hub folders of every facet but the networks' own (this kind's folder), and the A to Z's."""
        from ..library.catalogue import FACETS

        return frozenset({facet.folder for facet in FACETS if facet.folder != FOLDER} | {LIBRARY_INDEX.split("/")[0]})

    def check_path(self, src_path: str, taxonomy: Taxonomy) -> str | None:
        segments = src_path[:-3].split("/")
        if len(segments) < 3:
            return (f"resources live inside a network's folder, `{FOLDER}/NETWORK/`; the network pages themselves "
                    "are generated from taxonomy.yml")
        if segments[1] not in taxonomy.networks:
            near = taxonomy.networks.nearest(segments[1])
            hint = f" (did you mean `{near}`?)" if near else ""
            return (f"`{FOLDER}/{segments[1]}/` is not a network listed in taxonomy.yml{hint}; networks: "
                    f"{', '.join(taxonomy.networks.slugs())}")
        if segments[-1] == "index":
            return "a resource cannot be called `index.md`: name the file after the resource"
        return None

    def load(self, context: LoadContext) -> Loaded:
        c = context
        resource, related, units = _resource(self, c)
        draft = is_draft(c.root)
        files = frozenset()
        if draft:  # what it would publish: its attachments and the images its text shows
            files = body_images(c.src, c.body, c.other_files)
            files |= {attachment.path for attachment in resource.attachments} if resource is not None else set()
        elif resource is not None:
            files = frozenset(attachment.path for attachment in resource.attachments)
        return Loaded(c.src, c.body, c.body_line, resource, related or [], units or [], is_draft=draft,
                      kind=self.name, files=files)

    def check_library(self, loaded: Sequence[Loaded], report: Report) -> None:
        """`related` of a resource and `resources` of a case study must name published resources."""
        ids = {item.record.id: item.record for item in loaded if item.kind == self.name and item.record is not None}
        draft_ids = {item.src_path[:-3] for item in loaded if item.is_draft}
        for item in loaded:
            _check_resource_refs(item, ids, draft_ids, report)

    def check_addresses(self, loaded: Sequence[Loaded], taken: Mapping[str, str], report: Report) -> None:
        """An alias must not take the address of a page, a generated page or another alias."""
        _check_aliases([item.record for item in loaded if item.kind == self.name and item.record is not None
                        and not item.record.is_draft], taken, report)

    def written(self, catalogue: Catalogue, records) -> dict[str, Resource]:
        return catalogue.by_src

    def generated_pages(self, catalogue: Catalogue) -> list[str]:
        return catalogue.library_paths()

    def generated_title(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path in catalogue.hubs:
            return catalogue.hubs[src_path].term.label
        if src_path in catalogue.facet_indexes:
            return catalogue.facet_indexes[src_path].facet.title
        if src_path == LIBRARY_INDEX:
            return "Library A to Z"
        return None

    def template_for(self, catalogue: Catalogue, src_path: str) -> str | None:
        if src_path in catalogue.by_src:
            return self.template
        if src_path in catalogue.hubs:
            return "projecth/hub.html"
        if src_path in catalogue.facet_indexes:
            return "projecth/facet_index.html"
        if src_path == LIBRARY_INDEX:
            return "projecth/library.html"
        return None

    def page_context(self, catalogue: Catalogue, src_path: str, options: ContextOptions) -> dict | None:
        """Resource, hub, facet index and A to Z pages."""
        if src_path in catalogue.by_src:
            return _resource_context(catalogue, catalogue.by_src[src_path], options.related_limit)
        if src_path in catalogue.hubs:
            return {"hub": catalogue.hubs[src_path]}
        if src_path in catalogue.facet_indexes:
            return {"index": catalogue.facet_indexes[src_path]}
        if src_path == LIBRARY_INDEX:
            return {"groups": catalogue.a_to_z()}
        return None

    def description(self, record: Resource) -> str | None:
        return record.summary or None

    def search_names(self, catalogue: Catalogue) -> list[str]:
        return [name for resource in catalogue.resources for name in (resource.title, *resource.tags)]

    def count(self, catalogue: Catalogue) -> int:
        return len(catalogue.resources)

    def date(self, record: Resource) -> dt.date:
        return record.last_changed

    own_date = date

    def page_date(self, catalogue: Catalogue, src_path: str) -> dt.date | None:
        if src_path in catalogue.by_src:
            return self.date(catalogue.by_src[src_path])
        if src_path in catalogue.hubs:  # a hub changes when its newest resource does
            return max(self.date(resource) for resource in catalogue.hubs[src_path].resources)
        return None

    def breadcrumbs(self, catalogue: Catalogue, src_path: str) -> list[str] | None:
        from ..library.catalogue import FACETS

        if src_path in catalogue.by_src:
            network = next(facet for facet in FACETS if facet.field == "network")
            hub = catalogue.hub("network", catalogue.by_src[src_path].network)
            return [f"{network.folder}/index.md", *([hub.src_path] if hub else [])]
        if src_path in catalogue.hubs:
            return [f"{catalogue.hubs[src_path].facet.folder}/index.md"]
        return None

    def jsonld(self, record: Resource, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
        from ..publishing.jsonld import resource_jsonld

        return resource_jsonld(record, catalogue, site, page_url)

    def catalog_records(self, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> list[dict[str, Any]]:
        from ..publishing.catalog_json import resource_record

        return [resource_record(r, catalogue.taxonomy, site, page_url, self.fields)
                for r in sorted(catalogue.resources, key=lambda r: r.id)]

    def required_count(self) -> int:
        return sum(1 for spec in self.fields if spec.required)

    def adopt_command(self, src_path: str, shown: str) -> str:
        network = src_path.split("/")[1] if src_path.count("/") >= 2 else "NETWORK"
        return (f"run `projecth new resource --from {shown} --network {network}`: it writes a draft resource from it, "
                "with every field filled from the page or marked TODO and its text converted (in place of this file "
                "when the title gives the same name; otherwise delete this file afterwards)")


RESOURCE = ResourceKind()


def _resource_context(catalogue: Catalogue, resource: Resource, related_limit: int) -> dict:
    taxonomy = catalogue.taxonomy
    return {
        "resource": resource,
        "related": catalogue.related(resource, related_limit),
        "network": taxonomy.networks[resource.network],
        "licence": taxonomy.licences[resource.licence],
        "units": [catalogue.curriculum.units[uid] for uid in resource.units if uid in catalogue.curriculum.units],
        "case_studies": catalogue.case_studies_by_resource.get(resource.id, ()),
    }


# -- loading one resource ------------------------------------------------------------------------------

def _resource(kind: ResourceKind, context: LoadContext):
    """A resource's record (None when it has errors, each reported), with its `related` and `units` as written."""
    c = context
    content, src, root, checker, taxonomy = c.content, c.src, c.root, c.checker, c.taxonomy
    today, other_files, report, body_line, policy = c.today, c.other_files, c.report, c.body_line, c.policy
    specs = _resource_specs(root, taxonomy, kind.fields)
    values, ok = checker.read(root, specs, "a resource's", line=1)
    failed = not ok

    def at(name: str) -> tuple[int, int]:
        node = root.get(name)
        return (node.line, node.col) if node else (1, 1)

    error = checker.report
    folder_network = src.split("/")[1]  # the folder is checked against taxonomy.yml with the file's name
    if values.get("network") and values["network"] != folder_network:
        error(*at("network"), f"`network` is `{values['network']}` but the file is in the "
              f"`{FOLDER}/{folder_network}/` folder: move the file to `{FOLDER}/{values['network']}/` "
              "or correct the field (or leave it out: the folder gives it)")
        failed = True
    failed |= not _consistent_stages(values, taxonomy, error, at)
    published, updated, review_by = values.get("published"), values.get("updated"), values.get("review_by")
    if published and updated and updated < published:
        error(*at("updated"), f"`updated` ({updated}) is before `published` ({published}): it must be the same "
              "day or later")
        failed = True
    if published and published > today:
        report.warning(src, *at("published"), f"`published` ({published}) is in the future")
    if review_by and review_by < today:
        report.warning(src, *at("review_by"), f"due for review: `review_by` ({review_by}) has passed; the network "
                       "should check the resource and set a new date")
    attachments = _attachments(content, src, values.get("attachments") or [], other_files, error, policy)
    failed |= attachments is None
    based_on = _based_on(values.get("based_on"), values.get("licence"), taxonomy, error)
    failed |= based_on is None
    aliases = _aliases(src, values.get("aliases") or (), root.get("aliases"), error)
    failed |= aliases is None
    if failed:
        return None, values.get("related"), values.get("units")
    resource = build_record(kind.record_type, specs, values, id=src[:-3], src_path=src, body_line=body_line,
                            network=folder_network, attachments=attachments, based_on=based_on, aliases=aliases)
    return resource, values.get("related"), values.get("units")


def _resource_specs(root, taxonomy: Taxonomy, fields: tuple = RESOURCE_FIELDS) -> tuple:
    """The resource fields, with phases and key stages optional when taxonomy.yml waives them for the type or
    audiences written (as written: a misspelt type is reported by its own check, and the phases stay needed)."""
    def written(name: str) -> list[str]:
        node = root.get(name)
        if node is None:
            return []
        nodes = node.value if node.kind == SEQ else [node]
        return [item.value.strip() for item in nodes if isinstance(getattr(item, "value", None), str)]

    types = written("resource_type")
    if taxonomy.needs_phases(types[0] if types else None, written("audience")):
        return fields
    return tuple(dataclasses.replace(spec, required=False) if spec.waivable else spec for spec in fields)


def _based_on(items: list[dict] | None, licence: str | None, taxonomy: Taxonomy,
              error) -> tuple[BasedOn, ...] | None:
    """The credit chain: each link an http(s) address and an open licence the resource's own licence satisfies.

    Every original of the chain binds the adaptation (its ShareAlike, NonCommercial and NoDerivatives terms
    reach through the works in between), so the resource's licence is checked against each, and the
    strictest governs. None when a problem was reported.
    """
    if not items:
        return ()
    own = taxonomy.licence_info(licence) if licence in taxonomy.licences else None
    chain, resolved, ok = [], [], True
    several = len(items) > 1
    for position, item in enumerate(items, start=1):
        node = item["_node"]
        which = f"`based_on` item {position}" if several else "`based_on`"
        url_node = node.get("url")
        if not re.match(r"^https?://[^\s/]+", item["url"]):
            error(url_node.line, url_node.col, f"`based_on.url` is `{item['url']}` ({which}): give the original's "
                  "address, starting with https:// or http://")
            ok = False
        licence_node = node.get("licence")
        written = item["licence"]
        original = taxonomy.resolve_licence(written)
        if original is None:
            error(licence_node.line, licence_node.col, f"`based_on.licence` is `{written}` ({which}), which is not "
                  "a licence taxonomy.yml lists or an open licence the toolkit knows: write its SPDX id or usual "
                  f"name (e.g. `CC-BY-SA-4.0`, `CC BY-NC 4.0`, `OGL-UK-3.0`; listed here: "
                  f"{', '.join(taxonomy.licences.slugs())}). A work used with permission rather than under an "
                  "open licence is not an adaptation basis: credit it in `third_party` instead")
            ok = False
            continue
        resolved.append((which, item["title"], licence_node, original))
        chain.append(build_record(BasedOn, BASED_ON_FIELDS, item, licence=original.id, licence_name=original.label,
                                  licence_url=original.url))
    if own is not None:
        # The strictest terms of the whole chain govern: a hint names only licences that satisfy every original.
        hint = _suggestion(taxonomy, [original for *_, original in resolved])
        for which, title, licence_node, original in resolved:
            for problem in problems_with(own, original):
                error(licence_node.line, licence_node.col, f"{which} (\u201c{title}\u201d): {problem}; but this "
                      f"resource's `licence` is `{own.id}`{hint if not original.no_derivatives else _NOT_ADAPTABLE}")
                ok = False
    if not ok:
        return None
    return tuple(chain)


_NOT_ADAPTABLE = ": remove it from `based_on` and link to it instead, or ask its author for permission"


def _suggestion(taxonomy: Taxonomy, originals: list) -> str:
    """Which of the library's licences would satisfy every original of the chain, as a hint."""
    if any(original.no_derivatives for original in originals):
        return "; a work in the chain cannot be adapted (NoDerivatives), so no licence can fix this"
    fits = [slug for slug in taxonomy.licences.slugs()
            if not any(problems_with(taxonomy.licence_info(slug), original) for original in originals)]
    if not fits:
        return ("; no licence in taxonomy.yml satisfies every work in the chain together (for example ShareAlike "
                "and NonCommercial originals cannot be combined): leave out one of them, or add a licence that "
                "satisfies both, if one exists")
    return f": use {' or '.join(f'`{slug}`' for slug in fits)}"


def _aliases(src: str, aliases: tuple[str, ...], node, error) -> tuple[str, ...] | None:
    """Old ids: lower-case paths under content/ without `.md`, never the resource's own id."""
    result, ok = [], True
    for alias in aliases:
        value = alias.strip("/")
        value = value[:-3] if value.endswith(".md") else value
        if not all(SLUG.match(segment) for segment in value.split("/")):
            error(node.line, node.col, f"alias `{alias}` is not an id: write the old path under content/ without "
                  "`.md`, in lower-case words joined by hyphens, e.g. `networks/maths/old-name`")
            ok = False
        elif value == src[:-3]:
            error(node.line, node.col, f"alias `{alias}` is the resource's own id: list only old ids")
            ok = False
        elif value not in result:
            result.append(value)
    return tuple(result) if ok else None


def _check_aliases(resources: list[Resource], taken: Mapping[str, str], report: Report) -> None:
    """An alias must not take the address of a page, a generated page or another alias."""
    claimed: dict[str, str] = {}
    for resource in resources:
        for alias in resource.aliases:
            key = url_key(alias + ".md")
            if key in taken:
                report.error(resource.src_path, 1, 1, f"alias `{alias}` is the address of `{taken[key]}`: a redirect "
                             "there would hide that page; remove the alias")
            elif key in claimed and claimed[key] != resource.src_path:
                report.error(resource.src_path, 1, 1, f"alias `{alias}` is also an alias of `{claimed[key]}`: an old "
                             "address can redirect to one resource only")
            else:
                claimed[key] = resource.src_path


def _consistent_stages(values: dict, taxonomy: Taxonomy, error, at) -> bool:
    """Key stages must belong to the phases, every phase needs one of its key stages, years their key stage."""
    phases, stages, years = values.get("phases"), values.get("key_stages"), values.get("year_groups")
    ok = True
    if phases and stages:
        allowed = {stage for phase in phases for stage in taxonomy.key_stages_of_phase(phase)}
        for stage in stages:
            if stage not in allowed:
                owners = [p.slug for p in taxonomy.phases if stage in p.get("key_stages", ())]
                error(*at("key_stages"), f"key stage `{stage}` does not belong to the phases listed "
                      f"({', '.join(phases)}): it belongs to {', '.join(owners)}; add that phase or remove the key "
                      "stage")
                ok = False
        for phase in phases:
            own = taxonomy.key_stages_of_phase(phase)
            if not taxonomy.admits_any_key_stage(phase) and not set(own) & set(stages):
                error(*at("key_stages"), f"phase `{phase}` is listed but none of its key stages "
                      f"({', '.join(own)}) is in `key_stages`")
                ok = False
    if years and stages:
        for year in years:
            stage = taxonomy.year_groups[year].get("key_stage")
            if stage not in stages:
                error(*at("year_groups"), f"year group `{year}` is in key stage `{stage}`, which is not in "
                      f"`key_stages` ({', '.join(stages)})")
                ok = False
    return ok


def _attachments(content: Path, src: str, items: list[dict], other_files: set[str], error,
                 policy: FilePolicy | None = None) -> tuple[Attachment, ...] | None:
    """Each listed file must be in content/, not a page; together no larger than the site's limit per resource.

    Each file's type and size are checked where it is, by `_scan` (projecth.core.security.files)."""
    policy = policy or FilePolicy()
    result, ok = [], True
    base = posixpath.dirname(src)
    for item in items:
        node = item["_node"].get("path")
        raw = item["path"]
        path = posixpath.normpath(posixpath.join(base, raw))
        if raw.startswith("/") or path.startswith("../") or path == "..":
            error(node.line, node.col, f"attachment `{raw}` is outside the content folder: give a path relative "
                  "to this file, inside content/")
            ok = False
        elif path.endswith(".md"):
            error(node.line, node.col, f"attachment `{raw}` is a Markdown page: link to it in the text or list it in "
                  "`related` instead")
            ok = False
        elif path not in other_files:
            error(node.line, node.col, f"attachment `{raw}` does not exist (looked for `{path}` under content/)")
            ok = False
        else:
            size = (content / path).stat().st_size
            result.append(build_record(Attachment, ATTACHMENT_FIELDS, item, path=path, size_bytes=size,
                                       extension=posixpath.splitext(path)[1].lstrip(".").lower()))
    total = sum(attachment.size_bytes for attachment in result)
    if ok and total > policy.resource_limit:
        node = items[0]["_node"]
        error(node.line, node.col, f"the attachments come to {size_text(total)}; the limit for one resource is "
              f"{policy.resource_limit_mb:g} MB: make them smaller, split the resource, or ask a maintainer to raise "
              "`resource_limit_mb` under `projecth: library:` in mkdocs.yml")
        ok = False
    return tuple(result) if ok else None


# -- references into the resources, once every file is read ---------------------------------------------


def _check_resource_refs(item: Loaded, ids: Mapping[str, Resource], draft_ids: set[str], report: Report) -> None:
    """`related` of a resource and `resources` of a case study must name published resources."""
    field_name = item.refs_field
    for rid, node in item.resource_refs or []:
        if rid == item.src_path[:-3]:
            report.error(item.src_path, node.line, node.col, f"`{field_name}` lists the resource itself")
        elif rid in draft_ids and not item.is_draft:
            report.error(item.src_path, node.line, node.col, f"`{field_name}` names `{rid}`, which is a draft and is "
                         "not published")
        elif rid not in ids and rid not in draft_ids:
            near = difflib.get_close_matches(rid, list(ids), n=1, cutoff=0.6)
            hint = f"; did you mean `{near[0]}`?" if near else ""
            report.error(item.src_path, node.line, node.col, f"`{field_name}` names `{rid}`, which is not a resource"
                         f"{hint} (an id is the file's path under content/ without `.md`)")
