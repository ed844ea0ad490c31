"""GitHub's CODEOWNERS file, generated from taxonomy.yml: who must approve a pull request.

Each network group's team owns its folder of resources, and a subject
network's team owns the curriculum entitlements of its subjects. Everything
else, and above all what runs code in CI when a pull request changes it
(mkdocs.yml, hooks/, plugins/, overrides/, the workflows, the dependencies,
the tests, and this file itself), is owned by the maintainers alone. Those
lines come last because in CODEOWNERS the last matching line wins.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ..kinds import CASE_STUDY, ENTITLEMENT, RESOURCE
from ..model.taxonomy import SLUG, Taxonomy

# The one place the default is kept: `projecth codeowners --maintainers` overrides it.
DEFAULT_MAINTAINERS = ("@lift-schools/project-h-maintainers",)
CODEOWNERS_PATH = ".github/CODEOWNERS"
# A GitHub user (@name), a team (@org/team) or an e-mail address: what CODEOWNERS accepts as an owner.
OWNER = re.compile(r"^(?:@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)\Z")
# A folder as a CODEOWNERS pattern may name it: no spaces, `#`, `!`, brackets, wildcards or line breaks.
FOLDER = re.compile(r"[A-Za-z0-9._/-]*\Z")
# Paths whose changes run code in CI, or decide who reviews: only the maintainers approve them.
MAINTAINER_PATHS = (
    "/mkdocs.yml",
    "/hooks/",
    "/plugins/",
    "/overrides/",
    "/.github/",
    "/" + CODEOWNERS_PATH,
    "/pyproject.toml",
    "/taxonomy.yml",
    "/scripts/",
    "/.ci/",
    "/tests/",
    "/benchmarks/",
)


@dataclass(frozen=True)
class CodeownersResult:
    text: str
    problems: tuple[str, ...]  # taxonomy values that are not owners (the file is still written without them)
    unowned: tuple[str, ...]  # networks without a team, left to the maintainers


def network_teams(taxonomy: Taxonomy) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Network slug -> its team(s) from taxonomy.yml, and a message for each value that is not an owner."""
    teams: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for network in taxonomy.networks:
        if not SLUG.match(network.slug):
            problems.append(f"taxonomy.yml: network `{network.slug!r}` is not a slug (lower-case words joined by "
                            "hyphens): it is left out of CODEOWNERS")
            continue
        value = network.get("team")
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        good = []
        for owner in values:
            if isinstance(owner, str) and OWNER.match(owner.strip()):
                good.append(owner.strip())
            else:
                problems.append(f"taxonomy.yml: network `{network.slug}` has team `{owner}`, which is not a GitHub "
                                "team (`@org/team`), user (`@name`) or e-mail address")
        if good:
            teams[network.slug] = tuple(good)
    return teams, problems


def render_codeowners(taxonomy: Taxonomy, maintainers: tuple[str, ...] = DEFAULT_MAINTAINERS,
                      content_dir: str = "content") -> CodeownersResult:
    """The whole CODEOWNERS text for this taxonomy: the same taxonomy always gives the same bytes."""
    bad_maintainers = [owner for owner in maintainers if not OWNER.match(owner)]
    if bad_maintainers or not maintainers:
        raise ValueError(f"maintainers must be GitHub teams (@org/team) or users (@name): {' '.join(bad_maintainers)}")
    content = "/" + posixpath.normpath(content_dir).strip("/") + "/" if content_dir.strip("/.") else "/"
    if not FOLDER.match(content):
        raise ValueError(f"the content folder {content_dir!r} cannot be written in CODEOWNERS: use letters, digits, "
                         "`.`, `_`, `-` and `/` only")
    teams, problems = network_teams(taxonomy)
    # Every line below is built from these checked values only: slugs, owners and the folder.
    owners = " ".join(maintainers)
    lines = [
        "# Who must approve a pull request, by path. The last matching line wins.",
        "#",
        "# GENERATED from taxonomy.yml by `projecth codeowners`: do not edit by hand. To change a network's",
        "# reviewers, change its `team` in taxonomy.yml and run `projecth codeowners`; CI runs",
        "# `projecth codeowners --check` and fails while this file is out of date.",
        "",
        "# Everything not listed below: the maintainers.",
        f"* {owners}",
        "",
        "# Each network group's resources: the network's team.",
    ]
    unowned = []
    for network in taxonomy.networks:
        if not SLUG.match(network.slug):
            continue  # reported by network_teams
        folder = f"{content}{RESOURCE.folder}/{network.slug}/"
        if network.slug in teams:
            lines.append(f"{folder} {' '.join(teams[network.slug])}")
        else:
            unowned.append(network.slug)
            lines.append(f"# {folder} has no `team` in taxonomy.yml: the maintainers review it.")
    lines += ["", "# Curriculum entitlements: the team of each subject network whose subjects include the subject."]
    for subject in taxonomy.subjects:
        if not SLUG.match(subject.slug):
            problems.append(f"taxonomy.yml: subject `{subject.slug!r}` is not a slug: it is left out of CODEOWNERS")
            continue
        subject_teams = [team for network in taxonomy.networks
                         if network.get("kind") == "subject" and subject.slug in (network.get("subjects") or ())
                         for team in teams.get(network.slug, ())]
        if subject_teams:
            lines.append(f"{content}{ENTITLEMENT.folder}/{subject.slug}/ {' '.join(dict.fromkeys(subject_teams))}")
    lines += [
        "",
        f"# Case studies ({content}{CASE_STUDY.folder}/) name several networks and carry privacy confirmations:",
        "# the maintainers review them (through the `*` line above), asking the networks named.",
        "",
        "# These run code in CI when a pull request changes them, or decide who reviews: the maintainers only.",
        "# They come last so that no line above can hand them to anyone else.",
    ]
    lines += [f"{path} {owners}" for path in MAINTAINER_PATHS]
    return CodeownersResult("\n".join(lines) + "\n", tuple(problems), tuple(unowned))
