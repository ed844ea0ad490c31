"""Licences as data, the whole credit chain, images in packs, and a taxonomy a trust can use.

The rules read the flags taxonomy.yml gives (or the toolkit's list of open licences), never a licence's id.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest

from projecth.core.model.licences import KNOWN, resolve_known
from projecth.core.model.taxonomy import load_taxonomy
from test_build import build_site, read

REPO = Path(__file__).resolve().parent.parent
BASE_TAXONOMY = (REPO / "taxonomy.yml").read_text(encoding="utf-8")
RES = "networks/maths/bar-models.md"


def original(title: str, licence: str, author: str = "Someone", url: str = "https://example.org/x") -> str:
    return f"{{title: \"{title}\", author: \"{author}\", url: {url}, licence: \"{licence}\"}}"


def chain(*links: str) -> str:
    return "[" + ", ".join(links) + "]"


def with_taxonomy(library, tmp_path: Path, text: str):
    path = tmp_path / "taxonomy-test.yml"
    path.write_text(text, encoding="utf-8")
    taxonomy, report = load_taxonomy(path, display_path="taxonomy.yml")
    assert taxonomy is not None, [d.format_text() for d in report.sorted()]
    library.taxonomy = taxonomy
    return taxonomy


def taxonomy_lines(tmp_path: Path, text: str):
    path = tmp_path / "taxonomy-test.yml"
    path.write_text(text, encoding="utf-8")
    taxonomy, report = load_taxonomy(path, display_path="taxonomy.yml")
    return taxonomy, [d.format_text() for d in report.sorted()]


# -- licences as data ---------------------------------------------------------------------------


def test_the_taxonomy_lists_the_open_licences_with_their_flags(taxonomy):
    expected = {  # id: (share_alike, non_commercial, no_derivatives)
        "CC-BY-4.0": (False, False, False), "CC-BY-SA-4.0": (True, False, False),
        "CC-BY-NC-4.0": (False, True, False), "CC-BY-NC-SA-4.0": (True, True, False),
        "CC-BY-ND-4.0": (False, False, True), "CC-BY-NC-ND-4.0": (False, True, True),
        "CC0-1.0": (False, False, False), "OGL-UK-3.0": (False, False, False),
    }
    assert set(taxonomy.licences.slugs()) == set(expected)
    for slug, flags in expected.items():
        term = taxonomy.licences[slug]
        assert (term.get("share_alike"), term.get("non_commercial"), term.get("no_derivatives")) == flags, slug
    assert "GPL-3.0-only" in taxonomy.licences["CC-BY-SA-4.0"].get("compatible")
    assert taxonomy.default_licence() == "CC-BY-4.0"


def test_no_licence_id_is_taken_apart_anywhere():
    for path in (REPO / "plugins").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert '"SA" in' not in text and '"NC" in' not in text and '"ND" in' not in text, path


@pytest.mark.parametrize("written, spdx", [
    ("CC BY-SA 2.5", "CC-BY-SA-2.5"), ("CC-BY-NC-4.0", "CC-BY-NC-4.0"),
    ("Open Government Licence v3.0", "OGL-UK-3.0"), ("CC0", "CC0-1.0"),
    ("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International", "CC-BY-NC-SA-4.0"),
    ("cc by 3.0", "CC-BY-3.0"),
])
def test_usual_names_resolve_to_spdx_ids(written, spdx):
    assert resolve_known(written).id == spdx


@pytest.mark.parametrize("written", ["All rights reserved", "licence", "", "CC", "MIT-ish"])
def test_what_is_not_an_open_licence_does_not_resolve(written):
    assert resolve_known(written) is None


def test_a_by_sa_and_an_nc_original_cannot_be_published_under_cc_by(library):
    library.resource("networks/maths/sa.md", licence="CC-BY-4.0",
                     based_on=original("Pi project", "CC-BY-SA-4.0"))
    library.resource("networks/maths/nc.md", licence="CC-BY-4.0",
                     based_on=original("Tutorial", "CC BY-NC 4.0"))
    errors = library.errors()
    sa = [e for e in errors if e.startswith("networks/maths/sa.md:")]
    nc = [e for e in errors if e.startswith("networks/maths/nc.md:")]
    assert len(sa) == 1 and "ShareAlike" in sa[0] and "`licence` is `CC-BY-4.0`" in sa[0]
    assert "use `CC-BY-SA-4.0`" in sa[0]
    assert len(nc) == 1 and "NonCommercial" in nc[0] and "`CC-BY-NC-4.0` or `CC-BY-NC-SA-4.0`" in nc[0]
    # Located at the original's `licence`.
    assert sa[0].startswith("networks/maths/sa.md:") and re.match(r"^[^:]+:\d+:\d+: error: ", sa[0])


def test_the_licences_that_satisfy_an_original_pass(library):
    library.resource("networks/maths/a.md", licence="CC-BY-SA-4.0", based_on=original("A", "CC-BY-SA-4.0"))
    library.resource("networks/maths/b.md", licence="CC-BY-NC-SA-4.0", based_on=original("B", "CC-BY-NC-4.0"))
    library.resource("networks/maths/c.md", licence="CC-BY-NC-4.0", based_on=original("C", "CC BY-NC 4.0"))
    library.resource("networks/maths/d.md", licence="CC-BY-4.0",
                     based_on=original("D", "Open Government Licence v3.0"))
    library.resource("networks/maths/e.md", licence="CC-BY-NC-ND-4.0", based_on=original("E", "CC0"))
    # MDN: CC BY-SA 2.5, which lets an adaptation use a later version of the same licence.
    library.resource("networks/maths/f.md", licence="CC-BY-SA-4.0", based_on=original("MDN page", "CC BY-SA 2.5"))
    assert library.errors() == []
    catalogue = library.check().catalogue
    assert catalogue.by_id["networks/maths/f"].based_on[0].licence == "CC-BY-SA-2.5"
    assert catalogue.by_id["networks/maths/f"].based_on[0].licence_url == \
        "https://creativecommons.org/licenses/by-sa/2.5/"
    assert catalogue.by_id["networks/maths/d"].based_on[0].licence == "OGL-UK-3.0"


def test_share_alike_allows_only_the_same_or_a_compatible_licence(library):
    library.resource("networks/maths/a.md", licence="CC-BY-NC-SA-4.0", based_on=original("A", "CC-BY-SA-4.0"))
    library.resource("networks/maths/b.md", licence="CC-BY-SA-4.0", based_on=original("B", "CC-BY-NC-SA-4.0"))
    library.resource("networks/maths/c.md", licence="CC-BY-SA-4.0", based_on=original("C", "CC BY-SA 1.0"))
    errors = "\n".join(library.errors())
    assert "networks/maths/a.md:" in errors and "networks/maths/b.md:" in errors
    assert "networks/maths/c.md:" in errors  # version 1.0 has no later-version clause


def test_no_derivatives_is_refused_wherever_it_is_in_the_chain(library):
    library.resource("networks/maths/a.md", based_on=original("A", "CC-BY-ND-4.0"))
    library.resource("networks/maths/b.md", based_on=chain(original("B", "CC-BY-4.0"),
                                                           original("B's source", "CC BY-NC-ND 3.0")))
    errors = library.errors()
    assert any(e.startswith("networks/maths/a.md:") and "does not allow adaptations" in e for e in errors)
    assert any(e.startswith("networks/maths/b.md:") and "`based_on` item 2" in e and "does not allow adaptations"
               in e for e in errors)


def test_the_strictest_licence_of_the_chain_governs(library):
    # The immediate source is CC BY (mislabelled upstream); its own source is NC: the adaptation stays NC.
    library.resource("networks/maths/a.md", licence="CC-BY-4.0",
                     based_on=chain(original("Remix", "CC-BY-4.0"), original("Original", "CC-BY-NC-4.0")))
    library.resource("networks/maths/b.md", licence="CC-BY-NC-4.0",
                     based_on=chain(original("Remix", "CC-BY-4.0"), original("Original", "CC-BY-NC-4.0")))
    # ShareAlike and NonCommercial together: no licence of this library satisfies both.
    library.resource("networks/maths/c.md", licence="CC-BY-NC-SA-4.0",
                     based_on=chain(original("Pi", "CC-BY-SA-4.0"), original("Tut", "CC-BY-NC-4.0")))
    errors = library.errors()
    assert [e for e in errors if e.startswith("networks/maths/a.md:")] and "item 2" in "".join(
        e for e in errors if e.startswith("networks/maths/a.md:"))
    assert not [e for e in errors if e.startswith("networks/maths/b.md:")]
    c = [e for e in errors if e.startswith("networks/maths/c.md:")]
    assert len(c) == 1 and "ShareAlike" in c[0] and "CC-BY-SA-4.0" in c[0]
    assert "no licence in taxonomy.yml satisfies every work in the chain together" in c[0]


def test_a_licence_neither_listed_nor_known_is_refused_with_its_place(library):
    library.resource(based_on=original("X", "Used with permission of the author"))
    errors = library.errors()
    assert len(errors) == 1
    assert re.match(r"^networks/maths/bar-models\.md:\d+:\d+: error: `based_on\.licence` is `Used with permission",
                    errors[0])
    assert "SPDX id or usual name" in errors[0] and "`third_party`" in errors[0]


def test_rules_read_flags_not_ids(library, tmp_path):
    """A trust's own licence, with an id the toolkit has never seen, is ShareAlike because its flag says so; an
    id with `SA` in it is not ShareAlike when its flags say it is not."""
    text = BASE_TAXONOMY.replace("licences:\n", (
        "licences:\n"
        "  TRUST-SHARE-1.0:\n    label: Trust sharing licence\n    url: https://trust.example/licence\n"
        "    attribution: Shared under the trust's licence.\n    share_alike: true\n"
        "  X-SA-1.0:\n    label: A licence called SA\n    url: https://trust.example/sa\n"
        "    attribution: Anything goes.\n    share_alike: false\n"), 1)
    with_taxonomy(library, tmp_path, text)
    library.resource("networks/maths/a.md", licence="CC-BY-4.0", based_on=original("A", "TRUST-SHARE-1.0"))
    library.resource("networks/maths/b.md", licence="CC-BY-4.0", based_on=original("B", "X-SA-1.0"))
    library.resource("networks/maths/c.md", licence="TRUST-SHARE-1.0", based_on=original("C", "Trust sharing "
                                                                                         "licence"))
    errors = library.errors()
    assert any(e.startswith("networks/maths/a.md:") and "ShareAlike" in e for e in errors)
    assert not [e for e in errors if e.startswith(("networks/maths/b.md:", "networks/maths/c.md:"))], errors


def test_a_known_licence_with_wrong_flags_is_a_taxonomy_error(tmp_path):
    text = BASE_TAXONOMY.replace("    share_alike: false\n    non_commercial: true\n    no_derivatives: false\n",
                                 "    share_alike: false\n    non_commercial: false\n    no_derivatives: false\n", 1)
    assert text != BASE_TAXONOMY
    taxonomy, lines = taxonomy_lines(tmp_path, text)
    assert taxonomy is None
    assert any("`CC-BY-NC-4.0` is Creative Commons Attribution-NonCommercial 4.0 International, for which "
               "`non_commercial` is `true`" in line and line.startswith("taxonomy.yml:") for line in lines), lines


def test_the_old_allows_flags_still_mean_what_they_said(library, tmp_path):
    text = BASE_TAXONOMY.replace("licences:\n", (
        "licences:\n"
        "  TRUST-NC-1.0:\n    label: Trust non-commercial licence\n    url: https://trust.example/nc\n"
        "    attribution: Non-commercial use only.\n    allows_commercial: false\n"), 1)
    taxonomy, lines = taxonomy_lines(tmp_path, text)
    assert taxonomy is not None
    assert any("allows_commercial` is the old spelling: write `non_commercial: true`" in line for line in lines)
    with_taxonomy(library, tmp_path, text)
    library.resource(licence="CC-BY-4.0", based_on=original("A", "TRUST-NC-1.0"))
    assert any("NonCommercial" in e for e in library.errors())


def test_every_known_licence_id_resolves_to_itself_and_flags_match_their_names():
    for spdx, info in KNOWN.items():
        assert resolve_known(spdx) is info
        assert resolve_known(info.label) is info, info.label
        if spdx.startswith("CC-"):  # an independent cross-check of the generated table against CC's own names
            assert info.share_alike == ("ShareAlike" in info.label), spdx
            assert info.non_commercial == ("NonCommercial" in info.label), spdx
            assert info.no_derivatives == ("NoDerivatives" in info.label), spdx
            assert info.url.startswith("https://creativecommons.org/licenses/"), spdx


# -- the credit chain ---------------------------------------------------------------------------

CHAIN = chain(
    original("Using bar models", "CC-BY-SA-4.0", author="Computing network, Other Trust",
             url="https://other.example/networks/computing/bar-models/"),
    original("Getting started with Scratch", "CC BY-SA 4.0", author="Raspberry Pi Foundation",
             url="https://projects.raspberrypi.org/en/projects/scratch"),
    original("Programming fundamentals", "CC-BY-4.0", author="The Carpentries",
             url="https://carpentries.example/lesson"),
)


def test_a_single_mapping_still_works_and_is_a_chain_of_one(library):
    library.resource(based_on=original("Fractions", "CC-BY-4.0"))
    resource = library.check().catalogue.by_id["networks/maths/bar-models"]
    assert len(resource.based_on) == 1 and resource.based_on[0].title == "Fractions"


def test_each_link_of_the_chain_is_checked(library):
    library.resource("networks/maths/a.md", based_on=chain(original("A", "CC-BY-4.0"),
                                                           "{title: B, author: C, url: https://b.example}"))
    library.resource("networks/maths/b.md", based_on=chain(original("A", "CC-BY-4.0"),
                                                           original("B", "CC-BY-4.0", url="ftp://b")))
    errors = "\n".join(library.errors())
    assert "networks/maths/a.md:" in errors and "missing required field `licence` in this `based_on` item" in errors
    assert "networks/maths/b.md:" in errors and "`based_on.url` is `ftp://b` (`based_on` item 2)" in errors


def test_the_whole_chain_reaches_page_attribution_pack_catalogue_and_json_ld(site):
    site.resource("networks/maths/scratch.md", title="Scratch with bar models", licence="CC-BY-SA-4.0",
                  based_on=CHAIN)
    out = build_site(site.root)
    page = read(out, "networks/maths/scratch/index.html")
    section = page[page.index('class="ph-reuse"'):page.index("</section>", page.index('class="ph-reuse"'))]
    for title, author in (("Using bar models", "Computing network, Other Trust"),
                          ("Getting started with Scratch", "Raspberry Pi Foundation"),
                          ("Programming fundamentals", "The Carpentries")):
        assert title in section and author in section
    assert '<a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">' in section
    assert "(the source of Getting started with Scratch)" in section
    # The attribution to copy names every link, in order.
    credit = re.search(r'<p id="ph-attribution-text">(.*?)</p>', section, re.S).group(1)
    credit = credit.replace("&#34;", '"').replace("&amp;", "&")
    assert credit.index("Using bar models") < credit.index("Getting started with Scratch") < \
        credit.index("Programming fundamentals")
    assert "\u201cGetting started with Scratch\u201d is itself adapted from \u201cProgramming fundamentals\u201d " \
           "by The Carpentries" in credit
    # ATTRIBUTION.txt of the pack.
    archive = zipfile.ZipFile(io.BytesIO((out / "downloads/networks/maths/scratch.zip").read_bytes()))
    attribution = archive.read("scratch/ATTRIBUTION.txt").decode()
    assert "1. \u201cUsing bar models\u201d by Computing network, Other Trust" in attribution
    assert "2. \u201cGetting started with Scratch\u201d by Raspberry Pi Foundation, " \
           "https://projects.raspberrypi.org/en/projects/scratch, under Creative Commons Attribution-ShareAlike " \
           "4.0 International" in attribution
    assert "3. \u201cProgramming fundamentals\u201d by The Carpentries" in attribution
    # catalog.json: a list with exactly the keys the importer reads, valid against its schema.
    catalog = json.loads(read(out, "catalog.json"))
    jsonschema.validate(catalog, json.loads(read(out, "catalog.schema.json")))
    record = next(r for r in catalog["resources"] if r["id"] == "networks/maths/scratch")
    assert [set(link) for link in record["based_on"]] == [{"title", "author", "url", "licence"}] * 3
    assert [link["licence"] for link in record["based_on"]] == ["CC-BY-SA-4.0", "CC-BY-SA-4.0", "CC-BY-4.0"]
    assert record["licence_terms"]["share_alike"] is True
    # JSON-LD: each work's isBasedOn is the next link.
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    data = next(b for b in blocks if b.get("@type") == "LearningResource")
    first = data["isBasedOn"]
    assert first["name"] == "Using bar models"
    assert first["isBasedOn"]["name"] == "Getting started with Scratch"
    assert first["isBasedOn"]["author"] == {"@type": "Organization", "name": "Raspberry Pi Foundation"}
    assert first["isBasedOn"]["isBasedOn"]["name"] == "Programming fundamentals"
    assert first["isBasedOn"]["isBasedOn"]["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "isBasedOn" not in first["isBasedOn"]["isBasedOn"]


def test_the_field_reference_describes_the_list_form_and_the_licence_rules(site):
    out = build_site(site.root)
    guide = read(out, "contribute/fields/index.html")
    assert "the immediate source first, then its sources" in guide
    assert "a single item may be written on its own" in guide
    assert "NonCommercial original keeps it NonCommercial" in guide
    assert "NoDerivatives: cannot be adapted" in guide
    assert "Phases and key stages not needed" in guide


# -- images travel ------------------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def test_packs_hold_the_images_the_body_uses_at_their_relative_paths(site, tmp_path):
    site.write("networks/maths/images/bar-model.png", PNG)
    site.write("networks/maths/images/part-whole.png", PNG + b"2")
    site.write("networks/maths/images/not-used.png", PNG + b"3")
    site.write("assets/images/trust-diagram.png", PNG + b"4")
    body = ("## Bar models\n\n![A bar model split into fifths](images/bar-model.png \"Fifths\")\n\n"
            "<figure markdown>\n<img src=\"images/part-whole.png\" alt=\"A part-whole model\">\n</figure>\n\n"
            "![The trust's model][diagram]\n\n[diagram]: ../../assets/images/trust-diagram.png\n")
    site.resource("networks/maths/fractions.md", title="Fractions", body=body)
    first = build_site(site.root, tmp_path / "one")
    second = build_site(site.root, tmp_path / "two")
    data = (first / "downloads/networks/maths/fractions.zip").read_bytes()
    assert data == (second / "downloads/networks/maths/fractions.zip").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["fractions/ATTRIBUTION.txt", "fractions/fractions.docx", "fractions/fractions.md",
                                  "fractions/images/assets/images/trust-diagram.png",
                                  "fractions/images/bar-model.png", "fractions/images/part-whole.png"]
    assert archive.read("fractions/images/bar-model.png") == PNG
    assert archive.read("fractions/images/part-whole.png") == PNG + b"2"
    # Unzipped, every image the Markdown names is where it says.
    unzipped = tmp_path / "unzipped"
    archive.extractall(unzipped)
    markdown = (unzipped / "fractions/fractions.md").read_text()
    for address in re.findall(r"\]\(([^ )]+)|src=\"([^\"]+)\"|\]: (\S+)", markdown):
        target = next(a for a in address if a)
        assert (unzipped / "fractions" / target).is_file(), target
    assert "[diagram]: images/assets/images/trust-diagram.png" in markdown
    # The image inside the folder keeps the source's own bytes (the Markdown is only changed for outside ones).
    source = (site.content / "networks/maths/fractions.md").read_text()
    assert markdown == source.replace("../../assets/images/trust-diagram.png", "images/assets/images/trust-diagram.png")


def test_a_pack_without_outside_images_keeps_the_markdown_byte_for_byte(site, tmp_path):
    site.write("networks/maths/figures/one.png", PNG)
    site.resource("networks/maths/fractions.md", title="Fractions", body="![One](figures/one.png)\n\n"
                  "```markdown\n![Not a real image](figures/missing.png)\n```\n")
    out = build_site(site.root)
    archive = zipfile.ZipFile(io.BytesIO((out / "downloads/networks/maths/fractions.zip").read_bytes()))
    # (beside the Markdown, the pack holds the resource's editable Word copy: tests/test_office.py)
    assert archive.namelist() == ["fractions/ATTRIBUTION.txt", "fractions/figures/one.png", "fractions/fractions.docx",
                                  "fractions/fractions.md"]
    assert archive.read("fractions/fractions.md") == (site.content / "networks/maths/fractions.md").read_bytes()


# -- a taxonomy a trust can use -----------------------------------------------------------------

NATIONAL_CURRICULUM = ("english", "maths", "science", "art-and-design", "citizenship", "computing",
                       "design-and-technology", "geography", "history", "languages", "music", "physical-education")


def test_every_national_curriculum_subject_has_a_subject_network(taxonomy):
    for subject in NATIONAL_CURRICULUM:
        owners = [n.slug for n in taxonomy.networks if n.get("kind") == "subject" and subject in n.get("subjects")]
        assert owners, subject
    leadership = [n.slug for n in taxonomy.networks if n.get("kind") == "leadership"]
    assert {"reading", "attendance"} <= set(leadership) and len(leadership) >= 4
    assert "PLACEHOLDERS" in BASE_TAXONOMY


def test_networks_without_resources_publish_no_hub_and_are_not_listed(site):
    site.resource("networks/maths/fractions.md", title="Fractions")
    out = build_site(site.root)
    assert (out / "networks/maths/index.html").is_file()
    assert not (out / "networks/computing/index.html").exists()
    listing = read(out, "networks/index.html")
    assert "Maths network" in listing and "Computing network" not in listing


def test_types_and_audiences_marked_in_the_taxonomy_need_no_phases(library):
    library.resource("networks/maths/cpd.md", resource_type="cpd-session", phases=None, key_stages=None,
                     year_groups=None)
    library.resource("networks/maths/governors.md", audience="[governor, principal]", phases=None,
                     key_stages=None, year_groups=None)
    library.resource("networks/maths/guide.md", phases=None, key_stages=None, year_groups=None)
    library.resource("networks/maths/mixed.md", audience="[governor, teacher]", phases=None, key_stages=None,
                     year_groups=None)
    errors = library.errors()
    assert not [e for e in errors if e.startswith(("networks/maths/cpd.md", "networks/maths/governors.md"))]
    for path in ("networks/maths/guide.md", "networks/maths/mixed.md"):
        mine = [e for e in errors if e.startswith(path)]
        assert any("missing required field `phases`" in e for e in mine), mine
        assert any("missing required field `key_stages`" in e for e in mine), mine


def test_phase_waivers_are_configured_in_the_taxonomy_not_the_code(library, tmp_path):
    line = next(line for line in BASE_TAXONOMY.splitlines() if line.strip().startswith("cpd-session:"))
    text = BASE_TAXONOMY.replace(line, line.replace(", phases_required: false", ""))
    assert text != BASE_TAXONOMY
    with_taxonomy(library, tmp_path, text)
    library.resource("networks/maths/cpd.md", resource_type="cpd-session", phases=None, key_stages=None,
                     year_groups=None)
    assert any("missing required field `phases`" in e for e in library.errors())


def test_a_resource_without_phases_builds_and_its_catalogue_record_is_valid(site):
    site.resource("networks/maths/cpd.md", title="Questioning CPD", resource_type="cpd-session", phases=None,
                  key_stages=None, year_groups=None)
    out = build_site(site.root)
    page = read(out, "networks/maths/cpd/index.html")
    assert "<dt>Phases</dt>" not in page and "<dt>Key stages</dt>" not in page
    catalog = json.loads(read(out, "catalog.json"))
    jsonschema.validate(catalog, json.loads(read(out, "catalog.schema.json")))
    assert "phases" not in catalog["resources"][0]
    data = next(json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
                if json.loads(b).get("@type") == "LearningResource")
    assert "educationalLevel" not in data and data["educationalAlignment"][0]["targetName"] == "Maths"


def test_a_phase_that_admits_any_key_stage_is_a_taxonomy_flag(library, tmp_path):
    text = BASE_TAXONOMY.replace("  special:\n    label: Special\n", "  specialist:\n    label: Specialist "
                                 "provision\n", 1)
    assert text != BASE_TAXONOMY
    taxonomy = with_taxonomy(library, tmp_path, text)
    assert taxonomy.key_stages_of_phase("specialist") == tuple(taxonomy.key_stages.slugs())
    library.resource(phases="[specialist]", key_stages="[ks2, ks4]", year_groups=None)
    assert library.errors() == []
    # Without the flag, the phase needs its own key stages.
    text = text.replace("    any_key_stage: true\n", "    key_stages: [ks1]\n", 1)
    with_taxonomy(library, tmp_path, text)
    assert any("key stage `ks4` does not belong" in e for e in library.errors())


def test_the_curriculum_framework_is_named_in_the_taxonomy(site):
    site.resource("networks/maths/fractions.md", title="Fractions")
    text = (site.root / "taxonomy.yml").read_text()
    (site.root / "taxonomy.yml").write_text(text.replace("curriculum_framework: National Curriculum for England",
                                                         "curriculum_framework: Curriculum for Wales"))
    out = build_site(site.root)
    page = read(out, "networks/maths/fractions/index.html")
    assert '"educationalFramework": "Curriculum for Wales"' in page
    assert "National Curriculum for England" not in page


@pytest.mark.parametrize("old, new, phrase", [
    ("curriculum_framework: National Curriculum for England\n", "curriculum_framework: [England]\n",
     "`curriculum_framework` must be one line of text"),
    ("    any_key_stage: true\n", "    any_key_stage: yes please\n", "`phases.special.any_key_stage` must be `true`"),
    ("phases_required: false}", "phases_required: maybe}", "`resource_types.cpd-session.phases_required` must be"),
    ("    compatible: [LAL-1.3, GPL-3.0-only, GPL-3.0-or-later]\n", "    compatible: LAL 1.3\n",
     "`licences.CC-BY-SA-4.0.compatible` must be a list of licence ids"),
    ("    share_alike: true\n    non_commercial: false\n    no_derivatives: false\n    # One-way",
     "    share_alike: false\n    non_commercial: false\n    no_derivatives: false\n    # One-way",
     "`licences.CC-BY-SA-4.0.compatible` lists licences an adaptation may use instead of a ShareAlike licence"),
])
def test_broken_taxonomy_settings_and_flags_are_located_errors(tmp_path, old, new, phrase):
    assert old in BASE_TAXONOMY
    taxonomy, lines = taxonomy_lines(tmp_path, BASE_TAXONOMY.replace(old, new, 1))
    assert taxonomy is None
    assert any(re.match(r"^taxonomy\.yml:\d+:\d+: error: ", line) and phrase in line for line in lines), lines


def test_without_a_framework_the_json_ld_names_none(library, tmp_path):
    from projecth.core.publishing.jsonld import resource_jsonld
    from projecth.core.publishing.attribution import SiteInfo

    with_taxonomy(library, tmp_path, BASE_TAXONOMY.replace("curriculum_framework: National Curriculum for England\n",
                                                           "", 1))
    library.resource()
    catalogue = library.check().catalogue
    data = resource_jsonld(catalogue.by_id["networks/maths/bar-models"], catalogue,
                           SiteInfo("H", "https://h.example/", "Trust"), lambda src: src[:-3] + "/")
    assert data["educationalAlignment"] and all("educationalFramework" not in a for a in data["educationalAlignment"])


def test_a_dirty_preview_repacks_a_resource_when_only_its_image_changes(site):
    """`mkdocs serve --dirty`: a pack is reused only while none of its files changed, images included."""
    import os

    from conftest import dirty_preview

    site.write("networks/maths/images/bar-model.png", PNG)
    site.resource("networks/maths/fractions.md", title="Fractions", body="![A bar model](images/bar-model.png)\n")
    config, rebuild = dirty_preview(site)
    try:
        out = Path(rebuild().site_dir)
        pack = out / "downloads/networks/maths/fractions.zip"
        assert zipfile.ZipFile(pack).read("fractions/images/bar-model.png") == PNG
        image = site.content / "networks/maths/images/bar-model.png"
        image.write_bytes(PNG + b"changed")
        os.utime(image, ns=(image.stat().st_mtime_ns + 10**9,) * 2)
        rebuild()
        assert zipfile.ZipFile(pack).read("fractions/images/bar-model.png") == PNG + b"changed"
    finally:
        config.plugins.on_shutdown()
