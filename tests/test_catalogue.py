"""The catalogue without MkDocs: hubs, ordering, related resources."""

from __future__ import annotations

import datetime as dt

from projecth.core.library.catalogue import RELATED_WINDOW, Catalogue
from projecth.core.model.specs import Resource


def make(rid: str, published: dt.date, **fields) -> Resource:
    values = dict(
        id=f"networks/maths/{rid}", src_path=f"networks/maths/{rid}.md", title=rid.replace("-", " ").title(),
        summary="s", network="maths", subjects=("maths",), phases=("primary",), key_stages=("ks2",),
        resource_type="guide", audience=("teacher",), authors=("A",), published=published, licence="CC-BY-4.0",
    )
    values.update(fields)
    return Resource(**values)


def test_hubs_exist_only_for_values_with_resources(taxonomy):
    catalogue = Catalogue(taxonomy, [make("a", dt.date(2025, 1, 1))])
    assert set(catalogue.hubs) == {
        "subjects/maths/index.md", "phases/primary/index.md", "key-stages/ks2/index.md", "types/guide/index.md",
        "networks/maths/index.md"}
    assert "library/index.md" in catalogue.generated_paths()
    assert catalogue.hub("subjects", "english") is None


def test_resources_are_newest_first_and_a_to_z_groups_by_letter(taxonomy):
    items = [make("zebra", dt.date(2024, 1, 1)), make("apple", dt.date(2025, 1, 1)), make("9-tips", dt.date(2023, 1, 1))]
    catalogue = Catalogue(taxonomy, items)
    assert [r.id.rsplit("/", 1)[1] for r in catalogue.resources] == ["apple", "zebra", "9-tips"]
    assert [(letter, [r.title for r in group]) for letter, group in catalogue.a_to_z()] == [
        ("#", ["9 Tips"]), ("A", ["Apple"]), ("Z", ["Zebra"])]


def test_related_puts_declared_first_then_closest_by_shared_facets(taxonomy):
    target = make("target", dt.date(2025, 5, 1), year_groups=("year-5",), related=("networks/maths/declared",))
    declared = make("declared", dt.date(2020, 1, 1), subjects=("english",), network="maths")
    same_year = make("same-year", dt.date(2025, 4, 1), year_groups=("year-5",))
    other_phase = make("secondary", dt.date(2025, 5, 2), phases=("secondary",), key_stages=("ks3",),
                       resource_type="worksheet")
    catalogue = Catalogue(taxonomy, [target, declared, same_year, other_phase])
    related = [r.id.rsplit("/", 1)[1] for r in catalogue.related(target, limit=3)]
    assert related == ["declared", "same-year", "secondary"]
    assert "target" not in related


def test_related_looks_only_at_a_bounded_window(taxonomy):
    """A resource far away in every facet list by date is never compared: cost does not grow with size."""
    base = dt.date(2020, 1, 1)
    items = [make(f"r{i:04d}", base + dt.timedelta(days=i)) for i in range(200)]
    catalogue = Catalogue(taxonomy, items)
    newest = catalogue.resources[0]
    related = catalogue.related(newest, limit=50)
    assert len(related) == RELATED_WINDOW
    assert {r.id for r in related} == {r.id for r in catalogue.resources[1 : RELATED_WINDOW + 1]}
