"""A new library for another trust: the files `projecth init` writes, from templates, and its brand colours.

Everything that makes the library theirs is configuration in the files written here (name, logo,
colours, default licence, base address, repository link); none of it is code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..reading.located_yaml import quote
from ..model.taxonomy import slugify


SKELETON_DIR = Path(__file__).resolve().parents[2] / "skeleton"
HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\Z")
WHITE = (255, 255, 255)
SLATE = (0x1E, 0x21, 0x29)  # Material's dark scheme background
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text
DEFAULT_ACCENT = (0xB0, 0x2A, 0x61)  # 6.3:1 on white
LICENCES = ("CC-BY-4.0", "OGL-UK-3.0", "CC-BY-NC-SA-4.0")


class BrandError(ValueError):
    """A colour or option that cannot be used, with a message that says why and what to do."""


def parse_hex(text: str) -> tuple[int, int, int]:
    match = HEX.match(text.strip())
    if not match:
        raise BrandError(f"`{text}` is not a colour: give six hexadecimal digits, e.g. #1f4e79")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(a: tuple[int, int, int], b: tuple[int, int, int], share_of_b: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * share_of_b) for x, y in zip(a, b))  # type: ignore[return-value]


def readable_on(colour: tuple[int, int, int], background: tuple[int, int, int]) -> tuple[int, int, int]:
    """The colour, lightened towards white just enough to reach 4.5:1 on a dark background."""
    for step in range(0, 101, 5):
        candidate = mix(colour, WHITE, step / 100)
        if contrast(candidate, background) >= MIN_CONTRAST:
            return candidate
    return WHITE


@dataclass(frozen=True)
class Brand:
    primary: str
    primary_light: str
    primary_dark: str
    accent: str
    dark_link: str
    dark_accent: str
    primary_contrast: float
    accent_contrast: float


def brand(primary: str, accent: str | None = None) -> Brand:
    """Colours for brand.css, refusing any that white text (or text on white) could not be read against."""
    main = parse_hex(primary)
    ratio = contrast(main, WHITE)
    if ratio < MIN_CONTRAST:
        raise BrandError(f"the primary colour {to_hex(main)} has a contrast of {ratio:.1f}:1 with the white text of "
                         f"the header; it needs at least {MIN_CONTRAST}:1 (WCAG AA). Choose a darker colour, e.g. "
                         f"{to_hex(_darken_until(main))}")
    second = parse_hex(accent) if accent else DEFAULT_ACCENT
    accent_ratio = contrast(second, WHITE)
    if accent_ratio < MIN_CONTRAST:
        raise BrandError(f"the accent colour {to_hex(second)} has a contrast of {accent_ratio:.1f}:1 on the white "
                         f"page, where links turn this colour; it needs at least {MIN_CONTRAST}:1. Choose a darker "
                         f"colour, e.g. {to_hex(_darken_until(second))}")
    return Brand(
        primary=to_hex(main),
        primary_light=to_hex(mix(main, WHITE, 0.12)),
        primary_dark=to_hex(mix(main, (0, 0, 0), 0.25)),
        accent=to_hex(second),
        dark_link=to_hex(readable_on(mix(main, WHITE, 0.5), SLATE)),
        dark_accent=to_hex(readable_on(second, SLATE)),
        primary_contrast=round(ratio, 1),
        accent_contrast=round(accent_ratio, 1),
    )


def _darken_until(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    for step in range(5, 101, 5):
        candidate = mix(colour, (0, 0, 0), step / 100)
        if contrast(candidate, WHITE) >= MIN_CONTRAST:
            return candidate
    return (0, 0, 0)


@dataclass(frozen=True)
class SkeletonOptions:
    name: str
    site_url: str = "http://127.0.0.1:8000/"
    repo_url: str = ""
    primary: str = "#1f4e79"
    accent: str | None = None
    licence: str = "CC-BY-4.0"
    network: str = "Teaching and learning network"
    logo_suffix: str = ".svg"  # of the logo the trust gives, or .svg for the generated one
    generated_logo: bool = True  # False when the trust gives its own logo file


def initials(name: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w and w.lower() not in ("the", "of", "and")]
    return "".join(w[0].upper() for w in words[:2]) or "PH"


def skeleton_files(options: SkeletonOptions, today: dt.date) -> dict[str, str]:
    """Relative path -> text of every file of a new library (the logo only when none was given)."""
    if not options.name.strip():
        raise BrandError("give the trust's name, e.g. --name \"Their Trust\"")
    if options.licence not in LICENCES:
        raise BrandError(f"`{options.licence}` is not a licence the new library lists; choose one of: "
                         f"{', '.join(LICENCES)} (you can add others to taxonomy.yml later)")
    if not re.match(r"^https?://[^\s/]+", options.site_url):
        raise BrandError(f"`{options.site_url}` is not a web address: give the base address the library will be "
                         "published at, e.g. https://library.example.org/")
    if options.repo_url and not re.match(r"^https://[^\s/]+", options.repo_url):
        raise BrandError(f"`{options.repo_url}` is not an https address of a repository")
    colours = brand(options.primary, options.accent)
    network_slug = slugify(options.network) or "teaching"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SKELETON_DIR)),
        autoescape=jinja2.select_autoescape(["svg", "html", "xml"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = quote  # YAML scalars, safe for any name
    site_url = options.site_url if options.site_url.endswith("/") else options.site_url + "/"
    context = {
        "name": options.name.strip(),
        "initials": initials(options.name),
        "site_url": site_url,
        "repo_url": options.repo_url,
        "repo_name": re.sub(r"^https://[^/]+/", "", options.repo_url).strip("/"),
        "brand": colours,
        "licence": options.licence,
        "licences": LICENCES,
        "network": options.network.strip(),
        "network_slug": network_slug,
        "logo": f"assets/logo{options.logo_suffix}",
        "today": today.isoformat(),
        "review_by": (today + dt.timedelta(days=365)).isoformat(),
    }
    files = {
        "mkdocs.yml": "mkdocs.yml",
        "taxonomy.yml": "taxonomy.yml",
        "README.md": "README.md",
        "gitignore": ".gitignore",
        "index.md": "content/index.md",
        "about.md": "content/about.md",
        "resource.md": f"content/networks/{network_slug}/getting-started-with-the-library.md",
        "brand.css": "content/assets/stylesheets/brand.css",
    }
    if options.generated_logo:
        files["logo.svg"] = "content/assets/logo.svg"
    return {target: env.get_template(template).render(**context) for template, target in files.items()}
