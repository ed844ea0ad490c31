"""schema.org structured data (JSON-LD) for library pages, following the LRMI mapping in the content model notes.

Returns plain dictionaries; the page template serialises them with Jinja's `tojson`, which escapes
`<`, `>` and `&` so that no text can close the script element.
"""

from __future__ import annotations

from ..library.catalogue import Catalogue
from ..model.specs import CaseStudy, Resource, iso_duration
from .attribution import LANGUAGE, PageUrl, SiteInfo, credit

CONTEXT = "https://schema.org"
# Words that mark an author as a group rather than a person.
GROUP_WORDS = ("network", "school", "schools", "trust", "academy", "team", "group", "department", "partnership",
               "foundation", "institute", "university", "college", "council", "society", "association",
               "organisation", "organization", "agency", "carpentries", "contributors", "community")


def publisher(site: SiteInfo) -> dict:
    return {"@type": "Organization", "name": site.publisher, "url": site.url}


def author(name: str, site: SiteInfo) -> dict:
    words = set(name.casefold().replace(",", " ").split())
    group = name == site.publisher or bool(words & set(GROUP_WORDS))
    return {"@type": "Organization" if group else "Person", "name": name}


def resource_jsonld(resource: Resource, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
    taxonomy = catalogue.taxonomy
    label = catalogue.label
    url = site.absolute(page_url(resource.src_path))
    licence = taxonomy.licences[resource.licence]
    levels = [("phases", resource.phases), ("key_stages", resource.key_stages),
              ("year_groups", resource.year_groups)]
    data: dict = {
        "@context": CONTEXT,
        "@type": "LearningResource",
        "@id": url,
        "url": url,
        "identifier": resource.id,
        "name": resource.title,
        "description": resource.summary,
        "learningResourceType": taxonomy.resource_types[resource.resource_type].get("lrmi")
        or label("resource_types", resource.resource_type),
        "educationalLevel": [
            {"@type": "DefinedTerm", "name": label(vocabulary, slug), "termCode": slug}
            for vocabulary, slugs in levels for slug in slugs
        ],
        "about": [{"@type": "DefinedTerm", "name": label("subjects", slug), "termCode": slug}
                  for slug in resource.subjects],
        "educationalAlignment": [
            alignment("educationalSubject", label("subjects", slug), taxonomy.curriculum_framework)
            for slug in resource.subjects
        ] + [
            alignment("educationalLevel", label("key_stages", slug), taxonomy.curriculum_framework)
            for slug in resource.key_stages
        ],
        "audience": [
            {"@type": "EducationalAudience", "educationalRole": taxonomy.audiences[slug].get("role") or slug,
             "name": label("audiences", slug)} for slug in resource.audience
        ],
        "license": licence.get("url"),
        "isAccessibleForFree": True,
        "author": [author(name, site) for name in resource.authors],
        "publisher": publisher(site),
        "dateCreated": resource.published.isoformat(),
        "datePublished": resource.published.isoformat(),
        "dateModified": resource.last_changed.isoformat(),
        "creditText": credit(resource, taxonomy, site, url),
        "inLanguage": LANGUAGE,
    }
    if not data["educationalLevel"]:  # a resource for adults across the school (no phases)
        del data["educationalLevel"]
    if not data["educationalAlignment"]:
        del data["educationalAlignment"]
    units = [catalogue.curriculum.units[uid] for uid in resource.units if uid in catalogue.curriculum.units]
    if units:
        data["teaches"] = [{"@type": "DefinedTerm", "name": unit.title, "termCode": unit.id,
                            "url": site.absolute(page_url(unit.src_path))} for unit in units]
    if resource.time_required_minutes:
        data["timeRequired"] = iso_duration(resource.time_required_minutes)
    if resource.tags:
        data["keywords"] = list(resource.tags)
    if resource.based_on:
        data["isBasedOn"] = based_on_jsonld(resource.based_on, site)
    if resource.attachments:
        data["associatedMedia"] = [
            {"@type": "MediaObject", "name": item.title, "contentUrl": site.absolute(page_url(item.path)),
             "encodingFormat": item.media_type, "contentSize": f"{item.size_bytes} B"}
            for item in resource.attachments
        ]
    return data


def alignment(kind: str, name: str, framework: str) -> dict:
    """An AlignmentObject; the framework (taxonomy.yml `curriculum_framework`) is named when the trust gives one."""
    data = {"@type": "AlignmentObject", "alignmentType": kind}
    if framework:
        data["educationalFramework"] = framework
    data["targetName"] = name
    return data


def based_on_jsonld(chain, site: SiteInfo) -> dict:
    """The credit chain as nested CreativeWorks: the immediate source, whose own isBasedOn is the next link."""
    nested: dict | None = None
    for link in reversed(chain):
        work: dict = {"@type": "CreativeWork", "name": link.title, "url": link.url,
                      "author": author(link.author, site)}
        if link.licence_url:
            work["license"] = link.licence_url
        else:
            work["usageInfo"] = link.licence_name or link.licence
        if nested is not None:
            work["isBasedOn"] = nested
        nested = work
    return nested or {}


def case_study_jsonld(study: CaseStudy, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict:
    url = site.absolute(page_url(study.src_path))
    data = {
        "@context": CONTEXT,
        "@type": "Article",
        "@id": url,
        "url": url,
        "headline": study.title,
        "description": study.summary,
        "about": [{"@type": "Thing", "name": catalogue.label("themes", slug)} for slug in study.themes],
        "author": publisher(site),
        "publisher": publisher(site),
        "datePublished": study.published.isoformat(),
        "dateModified": (study.updated or study.published).isoformat(),
        "isAccessibleForFree": True,
        "inLanguage": LANGUAGE,
    }
    used = [catalogue.by_id[rid] for rid in study.resources if rid in catalogue.by_id]
    if used:
        data["mentions"] = [{"@type": "LearningResource", "name": r.title,
                             "url": site.absolute(page_url(r.src_path))} for r in used]
    return data


def page_jsonld(src_path: str, catalogue: Catalogue, site: SiteInfo, page_url: PageUrl) -> dict | None:
    """The structured data of a written page, from its kind (resources: LearningResource, case studies: Article)."""
    found = catalogue.record_for(src_path)
    if found is None:
        return None
    kind, record = found
    return kind.jsonld(record, catalogue, site, page_url)


def breadcrumb_parents(src_path: str, catalogue: Catalogue) -> list[str]:
    """Source paths of a page's parents among the library's pages (home excluded), from the kind that wrote or
    generated it; none for a page no kind places (a plain page, an index of a facet)."""
    for kind in catalogue.kinds:
        parents = kind.breadcrumbs(catalogue, src_path)
        if parents is not None:
            return parents
    return []


def breadcrumbs_jsonld(trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, absolute address) pairs, home first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": position, "name": name, "item": url}
                            for position, (name, url) in enumerate(trail, start=1)],
    }
