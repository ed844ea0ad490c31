"""Licences as data: the open licences a `based_on` may name, and the rules an adaptation's licence must meet.

A library's own licences are listed, with their flags, in taxonomy.yml. An original may carry any
other open licence (an MDN page is CC BY-SA 2.5): those are resolved from the list here, by SPDX id
or by the name people write ("CC BY-SA 2.5", "Open Government Licence v3.0"). The rules read flags
only; no licence id is ever taken apart to guess what it allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

# The elements of the Creative Commons licences: (the SPDX spelling, the URL path, the words of the name, flags).
# The flags are (share_alike, non_commercial, no_derivatives).
_CC_KINDS: tuple[tuple[str, str, str, tuple[bool, bool, bool]], ...] = (
    ("BY", "by", "Attribution", (False, False, False)),
    ("BY-SA", "by-sa", "Attribution-ShareAlike", (True, False, False)),
    ("BY-NC", "by-nc", "Attribution-NonCommercial", (False, True, False)),
    ("BY-NC-SA", "by-nc-sa", "Attribution-NonCommercial-ShareAlike", (True, True, False)),
    ("BY-ND", "by-nd", "Attribution-NoDerivatives", (False, False, True)),
    ("BY-NC-ND", "by-nc-nd", "Attribution-NonCommercial-NoDerivatives", (False, True, True)),
)
_CC_VERSIONS = ("1.0", "2.0", "2.5", "3.0", "4.0")
# ShareAlike licences from 2.0 on let an adaptation use a later version with the same elements.
_LATER_VERSIONS_FROM = "2.0"
# Licences CC lists as one-way compatible with BY-SA 4.0 (https://creativecommons.org/compatiblelicenses).
_BY_SA_4_COMPATIBLE = ("LAL-1.3", "GPL-3.0-only", "GPL-3.0-or-later")


@dataclass(frozen=True)
class LicenceInfo:
    """What the rules need to know about one licence; `compatible` lists the other licences an adaptation of a
    ShareAlike work may use (beside the same licence)."""

    id: str
    label: str
    url: str
    share_alike: bool = False
    non_commercial: bool = False
    no_derivatives: bool = False
    compatible: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # other ways people write it

    @property
    def allows_adaptation(self) -> bool:
        return not self.no_derivatives

    @property
    def allows_commercial(self) -> bool:
        return not self.non_commercial


def _known() -> Mapping[str, LicenceInfo]:
    known: dict[str, LicenceInfo] = {}
    for spdx, path, words, (share_alike, non_commercial, no_derivatives) in _CC_KINDS:
        for index, version in enumerate(_CC_VERSIONS):
            compatible: tuple[str, ...] = ()
            if share_alike and version >= _LATER_VERSIONS_FROM:
                compatible = tuple(f"CC-{spdx}-{later}" for later in _CC_VERSIONS[index + 1:])
                if spdx == "BY-SA" and version == "4.0":
                    compatible += _BY_SA_4_COMPATIBLE
            suffix = " International" if version == "4.0" else (" Generic" if version in ("2.0", "2.5") else "")
            known[f"CC-{spdx}-{version}"] = LicenceInfo(
                id=f"CC-{spdx}-{version}",
                label=f"Creative Commons {words} {version}{suffix}",
                url=f"https://creativecommons.org/licenses/{path}/{version}/",
                share_alike=share_alike, non_commercial=non_commercial, no_derivatives=no_derivatives,
                compatible=compatible,
                names=(f"CC {spdx} {version}", f"Creative Commons {words} {version}"),
            )
    known["CC0-1.0"] = LicenceInfo("CC0-1.0", "Creative Commons Zero v1.0 Universal",
                                   "https://creativecommons.org/publicdomain/zero/1.0/",
                                   names=("CC0", "CC0 1.0", "CC Zero"))
    for version, path in (("1.0", "1"), ("2.0", "2"), ("3.0", "3")):
        known[f"OGL-UK-{version}"] = LicenceInfo(
            f"OGL-UK-{version}", f"Open Government Licence v{version}",
            f"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/{path}/",
            names=(f"Open Government Licence v{version}", f"Open Government Licence {version}", f"OGL v{version}",
                   f"OGL {version}", f"OGL UK {version}"))
    for spdx, label in (("GPL-3.0-only", "GNU General Public License v3.0 only"),
                        ("GPL-3.0-or-later", "GNU General Public License v3.0 or later")):
        known[spdx] = LicenceInfo(spdx, label, "https://www.gnu.org/licenses/gpl-3.0.html", share_alike=True)
    known["LAL-1.3"] = LicenceInfo("LAL-1.3", "Free Art License 1.3 (Licence Art Libre)",
                                   "https://artlibre.org/licence/lal/en/", share_alike=True,
                                   names=("Free Art License 1.3", "Licence Art Libre 1.3", "FAL 1.3"))
    return MappingProxyType(known)


#: Open licences an original may carry, by SPDX id. Read only: built once, never changed.
KNOWN: Mapping[str, LicenceInfo] = _known()

# Words of licence names, folded to the tokens of an SPDX id.
_WORDS = {
    "creative": "", "commons": "cc", "attribution": "by", "noncommercial": "nc", "sharealike": "sa",
    "noderivatives": "nd", "noderivs": "nd", "international": "", "generic": "", "unported": "", "universal": "",
    "licence": "", "license": "", "version": "", "the": "", "public": "", "domain": "", "dedication": "",
    "open": "ogl", "government": "", "zero": "0", "uk": "", "england": "", "wales": "", "art": "lal", "libre": "",
    "free": "", "fal": "lal",
}
_PAIRS = {("non", "commercial"): "nc", ("share", "alike"): "sa", ("no", "derivatives"): "nd",
          ("no", "derivs"): "nd"}
_TOKEN = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)*")


def licence_key(text: str) -> str:
    """A spelling-independent key: "CC BY-SA 2.5", "CC-BY-SA-2.5" and "Creative Commons Attribution-ShareAlike
    2.5 Generic" all give `cc-by-sa-2.5`."""
    tokens = _TOKEN.findall(str(text).casefold())
    folded: list[str] = []
    index = 0
    while index < len(tokens):
        pair = tuple(tokens[index:index + 2])
        if pair in _PAIRS:
            folded.append(_PAIRS[pair])
            index += 2
            continue
        token = tokens[index]
        index += 1
        if token == "v" and index < len(tokens) and tokens[index][0].isdigit():
            continue  # "v3.0"
        token = _WORDS.get(token, token)
        if token and token[0].isdigit() and "." not in token:
            token += ".0"
        if token:
            folded.append(token)
    if folded[:1] == ["cc"] and folded[1:2] == ["0.0"]:
        folded[1] = "0"  # "CC0" reads as cc, 0
    if folded[:2] == ["cc", "0"]:
        folded = ["cc0", *folded[2:]] if len(folded) > 2 else ["cc0", "1.0"]
    return "-".join(folded)


def _index() -> Mapping[str, str]:
    keys: dict[str, str] = {}
    for info in KNOWN.values():
        for name in (info.id, info.label, *info.names):
            keys.setdefault(licence_key(name), info.id)
    return MappingProxyType(keys)


_KEYS = _index()


def _url_key(text: str) -> str:
    """An address without its scheme, `www.` or final slash, in lower case ("" when `text` is not an address)."""
    match = re.match(r"https?://(?:www\.)?", text.strip().casefold())
    return text.strip().casefold()[match.end():].rstrip("/") if match else ""


def _urls() -> Mapping[str, str]:
    """Known licences by address; an address two licences share (the GPL's) names neither."""
    found: dict[str, set[str]] = {}
    for info in KNOWN.values():
        found.setdefault(_url_key(info.url), set()).add(info.id)
    return MappingProxyType({url: next(iter(ids)) for url, ids in found.items() if len(ids) == 1})


_URLS = _urls()


def resolve_known(text: str) -> LicenceInfo | None:
    """The known licence that `text` names (an SPDX id, a usual name or its address), or None."""
    value = str(text).strip()
    if value in KNOWN:
        return KNOWN[value]
    address = _url_key(value)
    found = _URLS.get(address) if address else _KEYS.get(licence_key(value) or "")
    return KNOWN[found] if found else None


def with_terms(info: LicenceInfo | None, licence_id: str, terms: Mapping) -> LicenceInfo | None:
    """A licence as another library's catalog.json describes it in a record's `licence_terms`.

    The terms only add conditions to what is known of the licence (`allows_adaptation: false` or `no_derivatives`,
    `allows_commercial: false` or `non_commercial`, `share_alike`). A licence not known is taken from the terms only
    when they state all three flags; it then allows no other licence for adaptations (a catalogue's own
    `compatible` would widen what its licence allows, so it is not read). None when nothing is known.
    """
    stated = {flag: terms.get(flag) for flag in ("share_alike", "non_commercial", "no_derivatives")}
    if info is None:
        if not all(isinstance(value, bool) for value in stated.values()):
            return None
        name, url = terms.get("name"), terms.get("url")
        info = LicenceInfo(licence_id, name.strip() if isinstance(name, str) and name.strip() else licence_id,
                           url if isinstance(url, str) else "")
    return replace(info, share_alike=info.share_alike or stated["share_alike"] is True,
                   non_commercial=info.non_commercial or stated["non_commercial"] is True
                   or terms.get("allows_commercial") is False,
                   no_derivatives=info.no_derivatives or stated["no_derivatives"] is True
                   or terms.get("allows_adaptation") is False)


def problems_with(adaptation: LicenceInfo, original: LicenceInfo) -> list[str]:
    """Why an adaptation published under `adaptation` may not use a work under `original` ([] when it may)."""
    problems = []
    if original.no_derivatives:
        problems.append(f"{original.label} does not allow adaptations (NoDerivatives): the work cannot be "
                        "adapted at all, only shared as it is")
        return problems
    if original.share_alike and adaptation.id != original.id and adaptation.id not in original.compatible:
        allowed = ", ".join((original.id, *original.compatible))
        problems.append(f"{original.label} is ShareAlike: an adaptation must use the same licence or one it "
                        f"lists as compatible ({allowed})")
    if original.non_commercial and not adaptation.non_commercial:
        problems.append(f"{original.label} is NonCommercial: an adaptation must keep a NonCommercial licence")
    return problems


def strictest(chain: list[LicenceInfo]) -> LicenceInfo | None:
    """The licence of the chain that restricts most (ND, then SA, then NC): the one an adaptation answers to."""
    def weight(info: LicenceInfo) -> tuple[int, int, int]:
        return (info.no_derivatives, info.share_alike, info.non_commercial)
    return max(chain, key=weight, default=None)
