"""Resources: `networks/NETWORK/*.md`, owned by the network group whose folder they are in, with their hub pages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..model import RESOURCE_FIELDS, Resource
from . import Kind, LoadContext, Loaded, is_draft

if TYPE_CHECKING:  # pragma: no cover
    from ..catalogue import Catalogue
    from ..reuse import PageUrl, SiteInfo
    from ..taxonomy import Taxonomy

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

    @property
    def reserved_folders(self) -> frozenset[str]:
        """The hub folders of every facet but the networks' own (this kind's folder), and the A to Z's."""
        from ..catalogue import FACETS

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
        from ..library import _resource  # the loader functions stay in library.py

        c = context
        resource, related, units = _resource(c.content, c.src, c.root, c.checker, c.taxonomy, c.today, c.other_files,
                                             c.report, c.body_line, c.policy)
        return Loaded(c.src, c.body, c.body_line, resource, related or [], units or [], is_draft=is_draft(c.root),
                      kind=self.name)

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
        from ..catalogue import FACETS

        if src_path in catalogue.by_src:
            network = next(facet for facet in FACETS if facet.field == "network")
            hub = catalogue.hub("network", catalogue.by_src[src_path].network)
            return [f"{network.folder}/index.md", *([hub.src_path] if hub else [])]
        if src_path in catalogue.hubs:
            return [f"{catalogue.hubs[src_path].facet.folder}/index.md"]
        return None

    def jsonld(self, record: Resource, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
        from ..jsonld import resource_jsonld

        return resource_jsonld(record, catalogue, site, page_url)

    def catalog_records(self, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> list[dict[str, Any]]:
        from ..exports import resource_record

        return [resource_record(r, catalogue.taxonomy, site, page_url)
                for r in sorted(catalogue.resources, key=lambda r: r.id)]

    def required_count(self) -> int:
        return sum(1 for spec in self.fields if spec.required)

    def adopt_command(self, src_path: str, shown: str) -> str:
        network = src_path.split("/")[1] if src_path.count("/") >= 2 else "NETWORK"
        return (f"run `projecth new resource --from {shown} --network {network}`: it writes a draft resource from it, "
                "with every field filled from the page or marked TODO and its text converted (in place of this file "
                "when the title gives the same name; otherwise delete this file afterwards)")


RESOURCE = ResourceKind()
