"""School case studies, and the privacy checks that guard them.

A case study describes real pupils' progress in aggregate. UK GDPR and the
ICO's "motivated intruder" test mean it must never name a pupil, give a
contact that is a person's own address, or publish a phone number, a date of
birth, or an image without consent and alt text.
"""

from __future__ import annotations

import posixpath
import re

from .fields import FieldChecker
from .model import CASE_STUDY_FIELDS, CaseStudy, ImpactFigure, TimelineStep
from .source import line_col
from .strictyaml import Node

CASE_STUDIES_ROOT = "case-studies"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Shared mailboxes are named after a role or a team, never after a person.
ROLE_MAILBOX_WORDS = (
    "office", "admin", "enquiries", "enquiry", "info", "contact", "team", "network", "attendance", "reading",
    "english", "maths", "send", "senco", "safeguarding", "dsl", "headteacher", "principal", "head", "school",
    "hello", "curriculum", "hub", "communications", "comms", "data", "governance", "hr", "finance",
)
# UK telephone numbers: 01/02/03/07/08 numbers and +44 forms, with the usual spacing.
_PHONE = re.compile(r"(?<![\w/.-])(?:\+44[ \t\n]?(?:\(0\)[ \t\n]?)?|\(?0)(?:\d\)?[ \t\n-]?){9,10}(?![\w/-])")
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})"
_BIRTH = re.compile(r"(?<!\w)(?:d\.?o\.?b\b\.?|date of birth|born(?: on)?|birthday)[^\n]{0,25}?" + _DATE,
                    re.IGNORECASE)
_IMAGE_MARKDOWN = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
_IMAGE_HTML = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ATTRIBUTE = r"\b{}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))"


def is_case_study_path(src_path: str) -> bool:
    return src_path.startswith(CASE_STUDIES_ROOT + "/")


def is_role_mailbox(address: str) -> bool:
    local = address.split("@", 1)[0].lower()
    return any(word in re.split(r"[._+-]", local) for word in ROLE_MAILBOX_WORDS)


def privacy_problems(text: str) -> list[tuple[int, str]]:
    """(offset, message) for each personal e-mail address, phone number or date of birth in the text."""
    found = []
    for match in _EMAIL.finditer(text):
        if not is_role_mailbox(match.group()):
            found.append((match.start(), f"`{match.group()}` looks like a person's e-mail address: case studies may "
                          "give only a role or a shared mailbox (such as attendance@school.example)"))
    for match in _PHONE.finditer(text):
        found.append((match.start(), f"`{' '.join(match.group().split())}` looks like a phone number: case studies must not "
                      "publish phone numbers; give a role or a shared mailbox instead"))
    for match in _BIRTH.finditer(text):
        found.append((match.start(), "this looks like a date of birth: case studies must not publish anything that "
                      "could identify a pupil"))
    return found


def check_privacy_of_text(node: Node, name: str, report) -> None:
    """Privacy checks on a front-matter text value, located at the value."""
    if isinstance(node.value, str):
        for _, message in privacy_problems(node.value):
            report(node.line, node.col, f"`{name}`: {message}")


def load_case_study(src: str, root: Node, checker: FieldChecker, body: str, body_line: int,
                    other_files: set[str]) -> tuple[CaseStudy | None, list, list]:
    """Validate a case study's front matter and privacy; returns it with its resource and unit references."""
    report = checker.report
    values, ok = checker.read(root, CASE_STUDY_FIELDS, "a case study's", line=1)

    privacy = values.get("privacy")
    if privacy:
        for name in ("no_pupil_names", "small_numbers_suppressed", "image_consent"):
            if privacy.get(name) is False:
                node = privacy["_node"].get(name)
                report(node.line, node.col, f"`privacy.{name}` is false: a case study can be published only when the "
                       "author confirms it; fix the text first, then set it to true")
                ok = False
    for name in ("title", "summary", "school", "challenge", "approach", "what_did_not_work"):
        node = root.get(name)
        if node is not None:
            check_privacy_of_text(node, name, report)
    for list_name in ("timeline", "impact"):
        node = root.get(list_name)
        for item in (node.value if node is not None and node.kind == "seq" else []):
            for name, value in (item.value.items() if item.kind == "map" else []):
                check_privacy_of_text(value, f"{list_name}.{name}", report)
    contact = root.get("contact")
    if contact is not None and isinstance(contact.value, str):
        for address in _EMAIL.findall(contact.value):
            if not is_role_mailbox(address):
                report(contact.line, contact.col, f"`contact` is a person's e-mail address (`{address}`): give a role "
                       "(e.g. Reading network lead) or a shared mailbox such as reading@school.example")
                ok = False
        for match in _PHONE.finditer(contact.value):
            report(contact.line, contact.col, f"`contact` has a phone number (`{' '.join(match.group().split())}`): give a role "
                   "or a shared mailbox instead")
            ok = False
    for offset, message in privacy_problems(body):
        line, col = line_col(body, offset)
        report(line + body_line - 1, col, message)
        ok = False
    ok = _check_images(src, body, body_line, root.get("images"), other_files, report) and ok
    if not ok:
        return None, values.get("resources") or [], values.get("units") or []
    study = CaseStudy(
        id=src[:-3], src_path=src, title=values["title"], summary=values["summary"], school=values["school"],
        illustrative=bool(values.get("illustrative")), phase=values["phase"], region=values["region"],
        context={k: v for k, v in values["context"].items() if not k.startswith("_") and v},
        networks=values["networks"], themes=values["themes"], challenge=values["challenge"],
        approach=values["approach"],
        impact=tuple(ImpactFigure(i["measure"], i["baseline"], i["result"], i["period"], i["source"])
                     for i in values["impact"]),
        timeline=tuple(TimelineStep(t["when"], t["what"]) for t in values.get("timeline") or ()),
        resources=tuple(rid for rid, _ in values["resources"]),
        units=tuple(uid for uid, _ in values.get("units") or ()),
        what_did_not_work=values["what_did_not_work"], contact=values["contact"], published=values["published"],
        updated=values.get("updated"), body_line=body_line, status=values.get("status") or "published",
    )
    return study, values.get("resources") or [], values.get("units") or []


def _check_images(src: str, body: str, body_line: int, images: Node | None, other_files: set[str], report) -> bool:
    """Every image in the text must be declared with alt text and consent, and must exist.

    Declarations are read as written, so one faulty entry (reported by the field checks)
    does not also make its image look undeclared.
    """
    ok = True
    base = posixpath.dirname(src)
    declared: set[str] = set()
    for item in (images.value if images is not None and images.kind == "seq" else []):
        path_node = item.get("path") if item.kind == "map" else None
        if path_node is None or not isinstance(path_node.value, str):
            continue
        path = posixpath.normpath(posixpath.join(base, path_node.value))
        declared.add(path)
        consent = item.get("consent")
        if consent is not None and consent.value is False:
            report(consent.line, consent.col, f"image `{path_node.value}` has no consent: set `consent: true` only "
                   "when consent was given, or remove the image")
            ok = False
        if path not in other_files:
            report(path_node.line, path_node.col, f"image `{path_node.value}` does not exist (looked for `{path}`)")
            ok = False
    used = [(m.start(), m.group(2), m.group(1)) for m in _IMAGE_MARKDOWN.finditer(body)]
    for match in _IMAGE_HTML.finditer(body):
        tag = match.group()
        src_match = re.search(_HTML_ATTRIBUTE.format("src"), tag, re.IGNORECASE)
        alt_match = re.search(_HTML_ATTRIBUTE.format("alt"), tag, re.IGNORECASE)
        alt = next((g for g in alt_match.groups() if g is not None), "") if alt_match else ""
        if src_match:
            used.append((match.start(), next(g for g in src_match.groups() if g is not None), alt))
    for offset, url, alt in used:
        line, col = line_col(body, offset)
        line += body_line - 1
        path = posixpath.normpath(posixpath.join(base, url))
        if not alt.strip():
            report(line, col, "image without alt text: describe what it shows (`![description](...)`, or `alt=` "
                   "in HTML)")
            ok = False
        if path not in declared:
            report(line, col, f"image `{url}` is not listed in `images`: list it with its alt text and "
                   "`consent: true`")
            ok = False
    return ok
