"""The library's own words, for the search page's "did you mean" when a query finds nothing.

A small list written at build time: the words of every title, tag and taxonomy
label or alias a visitor can search for, most frequent first. The search page
fetches it only when a query finds nothing, and suggests the nearest word by
edit distance (search.js). Body text is left out on purpose: the list stays
small at thousands of resources, and a suggestion names something the library
is about, not a word it happens to use once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable

# Runs of letters or digits: one pass, no nested quantifiers.
WORD = re.compile(r"[^\W_]+")
# Shorter words are rarely mistyped in a way edit distance can mend ("ks" -> "ks2"? "pe" -> "re"?).
MIN_LENGTH = 3


def library_words(texts: Iterable[str]) -> list[str]:
    """Distinct lower-case words of `texts`, most frequent first, then in alphabetical order.

    Numbers on their own are left out; words with letters and digits ("ks2", "y5") stay.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        for word in WORD.findall(str(text).lower()):
            if len(word) >= MIN_LENGTH and not word.isdigit():
                counts[word] += 1
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def words_json(words: list[str]) -> str:
    """The file the search page fetches: a JSON array, the same bytes for the same library."""
    return json.dumps(words, ensure_ascii=False, separators=(",", ":")) + "\n"
