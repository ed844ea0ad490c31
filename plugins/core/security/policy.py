"""The one allow-list of what HTML may appear on the site, and the checker that applies it (MkDocs-free).

Content bodies are checked on the HTML that Python-Markdown renders from them (`core/security/body_check.py`), and every
published page again after the build (`core/security/site_audit.py`); both read the data below, so they cannot drift apart.
Anything not listed here is refused, however it is spelt: the HTML is parsed as a browser parses it (html5ever,
the HTML5 parser of the Servo browser engine, through `markupever`), so entities, case, tabs and namespaces are
already undone when a rule is applied.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import markupever
from markupever import _rustlib as html5ever
from markdown.extensions.toc import slugify as toc_slugify

HTML_NS = "http://www.w3.org/1999/xhtml"
SVG_NS = "http://www.w3.org/2000/svg"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"

# -- what content may contain ----------------------------------------------------------------------------------

#: Attributes any allowed element may carry.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})

#: The elements Python-Markdown and the site's extensions produce, plus the small set of raw HTML the
#: contributor guide allows; each with the attributes it may carry beyond GLOBAL_ATTRIBUTES.
CONTENT_ELEMENTS: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in (
        "p", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small",
        "sub", "sup", "kbd", "samp", "var", "code", "pre", "br", "hr", "wbr", "span", "div", "section",
        "blockquote", "ul", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "caption",
        "figure", "figcaption", "summary", "dfn", "cite", "picture")},
    "a": frozenset({"href", "rel", "hreflang"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style", "align"}),
    "td": frozenset({"colspan", "rowspan", "style", "align"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "abbr": frozenset(),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "time": frozenset({"datetime"}),
    "video": frozenset({"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"}),
    "audio": frozenset({"src", "controls", "preload", "loop", "muted"}),
    "source": frozenset({"src", "srcset", "type", "media", "sizes"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
}
#: Attribute lists (`{: markdown="1" }`) and md_in_html may leave this one behind on an element.
MARKDOWN_ATTRIBUTE = "markdown"

#: The only inline styles content may set: Python-Markdown's tables align their cells with them.
CONTENT_STYLES: dict[str, dict[str, frozenset[str]]] = {
    "th": {"text-align": frozenset({"left", "right", "center", "justify"})},
    "td": {"text-align": frozenset({"left", "right", "center", "justify"})},
}

#: Ids and classes the theme and the toolkit rely on: content that sets them can take over their behaviour
#: (Material reads `#__config`; "Copy attribution" copies `#ph-attribution-text`).
RESERVED_PREFIXES = ("__", "ph-", "md-")
#: Theme classes the contributor guide lets content use.
ALLOWED_THEME_CLASSES = frozenset({"md-button", "md-button--primary"})

# -- URLs ------------------------------------------------------------------------------------------------------

#: Attributes whose value is a URL the browser follows when the reader asks (a click).
LINK_ATTRIBUTES = frozenset({"href", "cite", "action", "formaction", "xlink:href", "longdesc", "ping"})
#: Attributes whose URL the browser fetches as the page loads (SVG `href` on anything but `<a>` too).
FETCHING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "manifest",
                                 "imagesrcset", "icon"})
#: Schemes a link may use to leave the site.
LINK_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
#: Schemes that run code or embed a document: refused everywhere.
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha"})

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# The URL parser drops tabs and newlines anywhere and trims C0 controls and spaces at both ends.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_TRIMMED = " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a" \
               "\x1b\x1c\x1d\x1e\x1f\x7f"
# Controls inside a scheme that other parsers skip: treat any as hiding a scheme.
_CONTROLS = re.compile(r"[\x00-\x20\x7f]")


def url_kind(value: str) -> tuple[str, str]:
    """(kind, scheme) of an attribute value as the browser reads it (entities already decoded).

    kind is 'script' (a scheme that runs code or embeds data), 'other-site' (another host or scheme),
    'absolute' (the site's host but not relative), 'anchor' (in the same page) or 'relative'.
    """
    cleaned = _URL_IGNORED.sub("", value).strip(_URL_TRIMMED).replace("\\", "/")
    match = _SCHEME.match(_CONTROLS.sub("", cleaned[:64]).lower())
    if match:
        scheme = match.group(1)
        return ("script" if scheme in SCRIPT_SCHEMES else "other-site"), scheme
    if ":" in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # `java script:` and friends: not a scheme to a URL parser, but refuse rather than guess.
        colon_free = _CONTROLS.sub("", cleaned.split(":", 1)[0]).lower()
        if colon_free in SCRIPT_SCHEMES:
            return "script", colon_free
    if cleaned.startswith("//"):
        return "other-site", ""
    if cleaned.startswith("/"):
        return "absolute", ""
    if cleaned.startswith("#") or not cleaned:
        return "anchor", ""
    return "relative", ""


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` (candidates separated by commas, each a URL then an optional descriptor)."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def is_fetching(element: str, attribute: str) -> bool:
    """Whether the browser fetches this attribute's URL on its own (not on a click)."""
    if attribute in FETCHING_ATTRIBUTES:
        return True
    # SVG's <image href>, <use href>, <feImage href>... load as the page does; only <a href> waits for a click.
    return attribute in ("href", "xlink:href") and element not in ("a", "area")


# -- CSS -------------------------------------------------------------------------------------------------------

_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_FETCH = re.compile(r"url\(|image-set\(|image\(|@import|expression\(|cross-fade\(|element\(|src\(")


def css_text(value: str) -> str:
    """A style value as the CSS parser reads it: escapes decoded, comments dropped, lower case."""
    def unescape(match: re.Match) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
        return match.group(2)
    return _CSS_COMMENT.sub(" ", _CSS_ESCAPE.sub(unescape, value)).lower()


def css_fetches(value: str) -> bool:
    """Whether a style value can make the browser fetch something (`url(`, `image-set(`, `@import`...)."""
    return bool(_CSS_FETCH.search(re.sub(r"\s+", "", css_text(value))))


def style_problem(element: str, value: str) -> str | None:
    """Why content may not set this `style`, or None when every declaration is on the allow-list."""
    allowed = CONTENT_STYLES.get(element, {})
    text = css_text(value)
    if css_fetches(value):
        return f"`style` on `<{element}>` loads a URL: styles may not fetch anything"
    for declaration in text.split(";"):
        if not declaration.strip():
            continue
        name, _, setting = declaration.partition(":")
        name, setting = name.strip(), setting.strip().removesuffix("!important").strip()
        if setting not in allowed.get(name, ()):
            return (f"`style` on `<{element}>` sets `{name}: {setting[:40]}`: content may not restyle the page "
                    "(only table cells may set `text-align`); remove the `style` and let the theme style it")
    return None


# -- the checker -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One thing the policy refuses, with what to look for in the source to say where it came from."""

    key: str  # the same thing in two renderings has the same key (used to map it back to a source line)
    message: str
    element: str  # the element's name as written (`a`, `svg`, `http:x`), or "" for comments and the like
    attribute: str = ""  # the attribute's name, when the problem is an attribute
    value: str = ""  # the attribute's value (decoded), when the problem is a URL


def _local_name(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return HTML_NS, tag


def _attribute_name(name) -> str:
    """Namespaced attributes come as `{ns}local` (parse_fragment), others as plain strings."""
    if isinstance(name, tuple):
        name = name[1] if name[0] is None else f"{name[0]}:{name[1]}"
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return ("xlink:" if "xlink" in namespace else "xml:" if "XML" in namespace.upper() else "") + local
    return name


#: Chromium stops nesting elements at this depth (deeper ones become siblings), and parsers take time that grows
#: with the square of the depth (html5ever: 1.8 s for 20,000 nested `<div>`, in native code that the check's time
#: limit cannot interrupt); no page needs it, so deeper nesting is refused before parsing.
MAX_DEPTH = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
#: Elements that never hold a second copy of themselves (the parser closes the open one) or hold nothing at all:
#: not counted, so that unclosed `<p>` or `<li>` do not look deep.
_NOT_NESTING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
                          "rt", "rp", "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                          "source", "track", "wbr", "param", "keygen", "frame", "basefont", "bgsound", "image"})


class TooDeep(ValueError):
    """Raised by parse_fragment for HTML nested deeper than MAX_DEPTH."""


def too_deep(html_text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the HTML's start tags, less its end tags, ever go deeper than `limit` (one linear pass; an
    upper bound of the tree's depth, as unclosed tags of the same name do nest)."""
    depth = 0
    for match in _TAG.finditer(html_text):
        if match.group(2).lower() in _NOT_NESTING:
            continue
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > limit:
                return True
    return False


#: A fragment inside a `<div>`, as a content body sits in the page; no `<html>`, `<head>` or `<body>` added.
_FRAGMENT = markupever.HtmlOptions(full_document=False, fragment_context="div")


def parse_fragment(html_text: str):
    """The HTML as a browser's parser builds it inside a `<div>`: an ElementTree element (tags `{namespace}name`,
    namespaced attributes `{namespace}name`, comments as ElementTree comments, as html5lib's etree builder gives).

    html5ever parses (in Rust, about forty times as fast as html5lib here); the tree is copied into ElementTree in
    one pass without recursion. HTML nested deeper than MAX_DEPTH raises TooDeep. Doctypes and processing
    instructions, which an HTML parser does not make in a fragment, would be copied as comments (refused) rather
    than dropped.
    """
    if too_deep(html_text):
        raise TooDeep(html_text)
    root = ElementTree.Element(f"{{{HTML_NS}}}div")
    parents = [root]
    last: ElementTree.Element | None = None  # the node whose tail the next text extends (None: the parent's text)
    tree = markupever.parse(html_text, _FRAGMENT)
    Element, Text = html5ever.Element, html5ever.Text
    for raw, closed in html5ever.iter.Traverse(tree.root()._raw):
        if isinstance(raw, Element):
            if closed:
                last = parents.pop()
                continue
            name = raw.name
            attributes = {}
            for key, value in raw.attrs.items():
                attributes[f"{{{key.ns}}}{key.local}" if key.ns else key.local] = value
            element = ElementTree.SubElement(parents[-1], f"{{{name.ns}}}{name.local}", attributes)
            parents.append(element)
            last = None
        elif closed:
            continue
        elif isinstance(raw, Text):
            if last is None:
                parents[-1].text = (parents[-1].text or "") + raw.content
            else:
                last.tail = (last.tail or "") + raw.content
        elif isinstance(raw, html5ever.Document):
            continue
        else:
            comment = ElementTree.Comment(getattr(raw, "content", "") or "")
            parents[-1].append(comment)
            last = comment
    return root


def check_content_html(html_text: str) -> list[Violation]:
    """Every element, attribute, URL, style and comment of a rendered content body the policy does not allow,
    in document order."""
    try:
        return check_content_tree(parse_fragment(html_text))
    except TooDeep:
        return [too_deep_violation()]


def too_deep_violation() -> Violation:
    return Violation("nesting", f"tags nested more than {MAX_DEPTH} deep: browsers stop nesting there, so the page "
                     "would not show as it was checked; close each tag you open (`<div>` ... `</div>`)", "")


def check_content_tree(root) -> list[Violation]:
    """As check_content_html, over a tree from parse_fragment."""
    found: list[Violation] = []
    for node in root.iter():
        if node is root:
            continue
        if not isinstance(node.tag, str):  # a comment (the parser also makes CDATA and `<?...>` comments)
            text = str(node.text or "")
            kind = "`<![CDATA[`" if text.startswith("[CDATA[") else "`<?`" if text.startswith("?") else "`<!--`"
            found.append(Violation("comment", f"HTML comment {kind}: comments are published in the page's source "
                                   "where anyone can read them; delete it (keep notes in the pull request instead)",
                                   ""))
            continue
        namespace, name = _local_name(node.tag)
        attributes = dict(node.attrib)
        if namespace == HTML_NS and _is_heading_slug(name, attributes.get("id"), node):
            # A heading's own id from its text ("pH scale" -> `ph-scale`) is not one content chose; should it equal
            # an id the toolkit writes on the same page, the post-build audit refuses the duplicate.
            attributes.pop("id")
        found.extend(_check_element(namespace, name, attributes))
    return found


_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _is_heading_slug(name: str, value: str | None, node) -> bool:
    """Whether a heading's id is the one the `toc` extension derives from its text (`_1`, `_2` for repeats)."""
    if name not in _HEADINGS or not value:
        return False
    slug = toc_slugify("".join(_text_without_permalink(node)), "-")
    base, _, repeat = value.rpartition("_")
    return value == slug or (repeat.isdigit() and base == slug)


def _text_without_permalink(node):
    if node.text:
        yield node.text
    for child in node:
        if not (isinstance(child.tag, str) and "headerlink" in (child.get("class") or "").split()):
            yield from _text_without_permalink(child)
        if child.tail:
            yield child.tail


def _check_element(namespace: str, name: str, attributes: dict) -> list[Violation]:
    found: list[Violation] = []
    if namespace == HTML_NS and name == "h1":
        found.append(Violation("h1", "level-1 heading `<h1>` in the body: the page title comes from `title`, so use "
                               "`##` headings in the body", name))
        allowed = GLOBAL_ATTRIBUTES
    elif namespace == HTML_NS and name in CONTENT_ELEMENTS:
        allowed = GLOBAL_ATTRIBUTES | CONTENT_ELEMENTS[name]
    else:
        where = {SVG_NS: " (SVG)", MATHML_NS: " (MathML)"}.get(namespace, "")
        found.append(Violation(f"element:{name}", f"raw `<{name}>` tag{where}: it is not allowed in content (it can "
                               "run code, load other sites or restyle the page); describe it in Markdown instead",
                               name))
        allowed = frozenset()
    for raw_name, value in attributes.items():
        attribute = _attribute_name(raw_name).lower()
        value = value or ""
        found.extend(_check_attribute(name, attribute, value, attribute in allowed or attribute == MARKDOWN_ATTRIBUTE
                                      or not (namespace == HTML_NS and name in CONTENT_ELEMENTS or name == "h1")))
    return found


def _check_attribute(element: str, attribute: str, value: str, listed: bool) -> list[Violation]:
    """The attribute's problems; `listed` is False for an attribute the element may not carry at all (an element
    that is refused itself has its attributes checked for what they would do, not listed one by one)."""
    local = attribute.rpartition(":")[2]
    if local.startswith("on"):
        return [Violation(f"event:{attribute}", f"event attribute `{attribute}` on `<{element}>`: attributes that "
                          "run code are not allowed", element, attribute)]
    found: list[Violation] = []
    if local in LINK_ATTRIBUTES or local in FETCHING_ATTRIBUTES or local in ("to", "from", "values", "by"):
        found.extend(url_violations(element, attribute, value))
    elif local in ("srcdoc",):
        found.append(Violation(f"url:{attribute}", f"`{attribute}` on `<{element}>` embeds a whole page: not allowed",
                               element, attribute, value))
    if local == "style":
        problem = style_problem(element, value)
        if problem:
            found.append(Violation(f"style:{element}", problem, element, attribute, value))
        return found
    if attribute in ("id", "class"):
        found.extend(_reserved_names(element, attribute, value))
    if not listed and not found:
        found.append(Violation(f"attribute:{attribute}", f"attribute `{attribute}` on `<{element}>` is not allowed in "
                               "content; remove it (an attribute list `{: ... }` with a stray quote leaves such "
                               "attributes behind)", element, attribute))
    return found


def url_violations(element: str, attribute: str, value: str) -> list[Violation]:
    """A URL attribute's problems: script schemes anywhere; other sites only on links a reader follows."""
    local = attribute.rpartition(":")[2]
    if local in ("to", "from", "values", "by"):
        # SVG animation: <set to="javascript:..."> and <animate values="...;javascript:..."> rewrite an href.
        urls = re.split(r"[;\s]+", value)
        urls = [u for u in urls if url_kind(u)[0] == "script"]
    else:
        urls = srcset_urls(value) if local in ("srcset", "imagesrcset") else [value]
    found: list[Violation] = []
    fetched = is_fetching(element, local if attribute != "xlink:href" else attribute)
    for url in urls:
        kind, scheme = url_kind(url)
        if kind == "script":
            found.append(Violation(f"url:{attribute}", f"`{scheme}:` URL: links that run code or embed data are not "
                                   "allowed; link to a page or file", element, attribute, url))
        elif fetched and kind == "other-site":
            found.append(Violation(f"url:{attribute}", f"image or media from another site (`{url}`): pages may not "
                                   "make requests to other hosts; download it (if its licence allows), add it under "
                                   "content/ and link to that copy", element, attribute, url))
        elif kind == "other-site" and scheme not in LINK_SCHEMES:
            found.append(Violation(f"url:{attribute}", f"`{scheme or '//'}:` link: only https, http, mailto and tel "
                                   "links may leave the site", element, attribute, url))
    return found


def _reserved_names(element: str, attribute: str, value: str) -> list[Violation]:
    names = value.split() if attribute == "class" else [value.strip()]
    for name in names:
        if name.lower().startswith(RESERVED_PREFIXES) and name not in ALLOWED_THEME_CLASSES:
            what = "id" if attribute == "id" else "class"
            fix = ("rename the heading or give it an id of your own with `{#...}`" if attribute == "id"
                   else "remove it")
            return [Violation(f"reserved:{attribute}", f"{what} `{name}` on `<{element}>` is reserved for the site's "
                              f"theme and toolkit (names starting {', '.join(RESERVED_PREFIXES)}): {fix}", element,
                              attribute, name)]
    return []
