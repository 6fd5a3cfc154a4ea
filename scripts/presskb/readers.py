"""One reader per seed format. Each turns decoded text into plain text blocks (paragraphs split
by blank lines) plus what the format itself says: a title, declared metadata, links.

The rest of the pipeline (clean, extract, ...) then works the same for every format.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field

import frontmatter

from presskb import user_yaml
from presskb.document import Removal
from presskb.errors import SeedError


@dataclass(frozen=True)
class Reading:
    text: str
    title: str | None = None
    declared: dict = field(default_factory=dict)  # metadata the seed states about itself
    found: dict = field(default_factory=dict)  # metadata the format gives, weaker than text
    removed: tuple[Removal, ...] = ()


def read_text(text: str, name: str) -> Reading:
    return Reading(text)  # taken as written: `&amp;` in a text file is what it says


# `&amp;`, `&#8217;`, `&#x2019;`: Markdown's character references, which copies of releases
# keep from the source page (158 of the press archive's 5,235 titles hold an `&amp;`). Only
# complete ones, ended by `;` (CommonMark's rule): "AT&T" and "&copy2026" stay as written.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLANKS = str.maketrans("\t\n\r\f", "    ")


def _decode_references(text: str) -> str:
    """Character references replaced by their characters, as a browser shows them; one that
    names no character stays as written, one for a line break becomes a space."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(lambda match: html.unescape(match.group()).translate(_BLANKS), text)


# --- Markdown -------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n")
_TITLE_LINE = re.compile(r"\A\s*#[ \t]+(?P<title>[^\n]+?)[ \t#]*(?:\n|\Z)")
_RULE = re.compile(r"^[ \t]*(?:-[ \t]*){3,}$", re.MULTILINE)
_ORIGINAL_LINK = re.compile(
    r"\[(?:Original(?:/Source)?|Source)\s+Press\s+Release\]\((?P<url>[^)\s]+)\)", re.IGNORECASE
)
_PICKUP_LINK = re.compile(r"^\s*Pickup\s*-\s*\[[^\]]*\]\((?P<url>[^)\s]+)\)", re.IGNORECASE | re.MULTILINE)
_FOOTER_SIGNS = re.compile(r"Press Release\]\(|^\s*Pickup\s*-|!\[[^\]]*Registration\]", re.IGNORECASE | re.MULTILINE)
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(?P<text>[^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t]*[*+-][ \t]+", re.MULTILINE)
_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>&])")
_SET_ASIDE = 0xE000  # escaped ASCII characters wait in the private-use area
_SET_ASIDE_CHARACTER = re.compile("[\ue000-\ue07f]")


def read_markdown(text: str, name: str) -> Reading:
    declared: dict = {}
    if _FRONT_MATTER.match(text):
        try:
            declared, text = frontmatter.parse(text)
        except user_yaml.FAILURES as error:
            raise SeedError(name, f"front-matter is not valid YAML: {user_yaml.problem(error)}") from None
    title = None
    if match := _TITLE_LINE.match(text):
        title = markdown_to_text(match["title"])
        text = text[match.end() :]
    text, footer = _split_archive_footer(text)
    removed: list[Removal] = []
    found: dict = {}
    if footer:
        removed.append(Removal("press-archive footer", footer.strip()))
        if pickups := tuple(match["url"] for match in _PICKUP_LINK.finditer(footer)):
            found["also_at"] = pickups
    if original := _ORIGINAL_LINK.search(footer or text):
        found["source_url"] = original["url"]
    for image in _IMAGE.finditer(text):
        removed.append(Removal("image", image.group(0)))
    return Reading(markdown_to_text(text), title, dict(declared), found, tuple(removed))


def _split_archive_footer(text: str) -> tuple[str, str]:
    """The press archive's footer: after the last rule, links to the source and pickups."""
    rules = list(_RULE.finditer(text))
    if rules and _FOOTER_SIGNS.search(text[rules[-1].end() :]):
        return text[: rules[-1].start()], text[rules[-1].end() :]
    return text, ""


def markdown_to_text(text: str) -> str:
    """Markdown's meaning as plain text: links keep their label, images and markers go,
    character references are decoded."""
    # Escaped characters are set aside first so that `\*` never starts emphasis. Each pattern
    # runs only on a text holding the character it starts with: most hold no `*`, `>` or `\`.
    set_aside = "\\" in text or bool(_SET_ASIDE_CHARACTER.search(text))
    if "\\" in text:
        text = _ESCAPED.sub(lambda m: chr(_SET_ASIDE + ord(m.group(1))), text)
    if "](" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(lambda m: m["label"], text)
    if "<" in text:
        text = _AUTOLINK.sub(lambda m: m["url"], text)
    if "*" in text or "_" in text:
        text = _STRONG.sub(lambda m: m["text"], text)
    if "*" in text:
        text = _EMPHASIS.sub(lambda m: m["text"], text)
    if "#" in text:
        text = _HEADING.sub(lambda m: f"\n{m['text']}\n", text)
    text = _LIST_ITEM.sub("• ", text)
    if ">" in text:
        text = _QUOTE.sub("", text)
    if "-" in text:
        text = _RULE.sub("", text)
    text = _decode_references(text)  # after the markers: `&#42;` is a star, not emphasis
    if set_aside:
        text = _SET_ASIDE_CHARACTER.sub(lambda m: chr(ord(m.group()) - _SET_ASIDE), text)
    return text


# --- HTML -------------------------------------------------------------------------------------


def read_html(text: str, name: str) -> Reading:
    """Main text and metadata of a saved web page, with trafilatura (no navigation, tickers,
    related links, scripts or footers)."""
    import trafilatura  # imported here: it takes a moment and only HTML seeds need it

    for library in ("trafilatura", "htmldate", "courlan"):  # our one-line error says it instead
        logging.getLogger(library).setLevel(logging.CRITICAL)
    try:
        extracted = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # the parser's own failure on hostile markup
        raise SeedError(name, f"the HTML page could not be parsed ({type(error).__name__})") from None
    body = getattr(extracted, "text", None) if extracted else None
    if not body or not body.strip():
        raise SeedError(name, "no article text found in the HTML page")
    found = {
        "source_url": extracted.url,
        "date": extracted.date,
        "source": _site_name(extracted.sitename),
    }
    paragraphs = "\n\n".join(line for line in body.split("\n"))
    return Reading(paragraphs, extracted.title, {}, {k: v for k, v in found.items() if v})


def _site_name(name: str | None) -> str | None:
    """trafilatura falls back to the bare host name; only a real site name is a publisher."""
    return name if name and "." not in name else None


READERS = {".txt": read_text, ".md": read_markdown, ".markdown": read_markdown,
           ".html": read_html, ".htm": read_html}
