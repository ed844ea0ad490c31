"""Site hook: the `[[lift-490]]` shortcode, which writes out the trust's Lift 490 goals.

The goals belong to this trust, not to the toolkit, so they live here rather
than in the `projecth` package. Stateless: it only rewrites Markdown.
"""

from __future__ import annotations

SHORTCODE = "[[lift-490]]"

LIFT_490_MARKDOWN = """\
!!! abstract "Lift 490: our ambition for 2028"

    By 2028, 90% of our pupils at the expected standard in each of:

    - **reading age**: reading at or above their chronological reading age;
    - **phonics**: meeting the standard of the phonics screening check;
    - **key stage 2**: the expected standard in reading, writing and maths;
    - **GCSE**: grade 4 or above in English and maths.

    Lift 490 was called AET 490 before the trust became Lift Schools.
"""


def on_page_markdown(markdown: str, **kwargs) -> str:
    if SHORTCODE not in markdown:
        return markdown
    return markdown.replace(SHORTCODE, "\n" + LIFT_490_MARKDOWN + "\n")
