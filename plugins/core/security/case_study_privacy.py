"""School case studies: their folder and the privacy words that tell a school's role mailbox from a person's.

A case study describes real pupils' progress in aggregate. UK GDPR and the ICO's "motivated intruder" test mean it
must never name a pupil, give a contact that is a person's own address, or publish a phone number, a date of birth,
or an image without consent and alt text: the scanning is core/security/privacy.py's, loading and checking a case study
core/kinds/case_study.py's.
"""

from __future__ import annotations

from typing import Iterable

from . import privacy

CASE_STUDIES_ROOT = "case-studies"


def is_role_mailbox(address: str, networks: Iterable[str] = ()) -> bool:
    """A shared mailbox: every part of the local part is a role or team word, or a network's name."""
    return privacy.is_role_mailbox(address, privacy.network_words(networks))


def privacy_problems(text: str, networks: Iterable[str] = ()) -> list[tuple[int, str]]:
    """(offset, message) for each personal e-mail address, phone number or date of birth in the text."""
    return [(f.start, privacy.describe(f)) for f in privacy.find_personal_data(text, privacy.network_words(networks))]
