"""A generated page's HTML straight from its Markdown, when the page is made only of ATX
headings, one-line paragraphs and raw HTML blocks (`markdown.html_blocks`, the generated
marker), as every article page without other addresses is: exactly what Python-Markdown with
the site's extensions (`toc` with permalinks, `attr_list`) makes of it, and the table of
contents' tokens. MkDocs then converts an empty page: Python-Markdown took 0.9 ms for each
article page of its 1 ms, most of it in running its inline patterns, its `toc` and its HTML
parser over a page whose text is all raw HTML already.

Anything outside that subset (a list, a link, emphasis, an attribute list, a backslash or
entity it does not know) makes `convert` return None, and the page goes through
Python-Markdown as any other. tests/test_page_html.py compares the two on every kind of page
and on hostile headings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import partial

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from markdown.serializers import _escape_attrib_html as escape_attribute, _escape_cdata as escape_text

from presskb.markdown import RAW_HTML_BLOCK

_HEADING = re.compile(r"(#{1,6}) +(.*)")
# What Python-Markdown reads in a line of text: a backslash escape, an entity, or text.
_PIECE = re.compile(r"\\(.?)|(&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)|([^\\&]+|&)", re.DOTALL)
# Characters that start inline markup (emphasis, code, links, raw HTML, attribute lists) or
# close a heading, and those Python-Markdown rewrites first (tabs, its placeholders' STX and
# ETX): text holding them unescaped is left to Python-Markdown. ("!" starts an image only
# before a "[".)
_MARKUP = re.compile("[`*_\\[\\]<>{}#|\t\r\x02\x03]")
# Backslash escapes whose character reads the same in text and in HTML ('>' would not).
_ESCAPED = frozenset("\\`*_{}[]()#+-.!")
# What starts a block in Markdown (a list, a quote, a heading, code, raw HTML, a setext underline).
_BLOCK_START = re.compile(r"[ \t#>*+=<~-]|\d+[.)]")


# The extensions whose output `convert` reproduces (MkDocs always adds toc, tables and
# fenced_code); of toc's settings, the permalink's.
_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list"})
_TOC_SETTINGS = frozenset({"permalink", "permalink_title"})


def converter(extensions: list, settings: dict) -> Callable[[str], tuple[str, list[dict]] | None] | None:
    """`convert` for a site's Markdown settings (MkDocs' `markdown_extensions`, `mdx_configs`),
    or None when they hold an extension or setting it does not reproduce."""
    toc = settings.get("toc", {})
    if not set(extensions) <= _EXTENSIONS or not set(toc) <= _TOC_SETTINGS \
            or any(settings.get(name) for name in extensions if name != "toc"):
        return None
    permalink = toc.get("permalink", False)
    title = toc.get("permalink_title", "Permanent link")
    if not isinstance(permalink, (bool, str)) or not isinstance(title, str):
        return None
    text = "&para;" if permalink is True else escape_text(permalink) if permalink else None
    return partial(convert, permalink=text, permalink_title=title)


def convert(markdown: str, permalink: str | None, permalink_title: str) -> tuple[str, list[dict]] | None:
    """(HTML, nested toc tokens) of `markdown`, or None when it holds more than this module reads;
    each heading ends in a link to itself reading `permalink` (HTML), unless that is None."""
    parts: list[str] = []
    tokens: list[dict] = []
    ids: set[str] = set()
    counters: dict[str, int] = {}
    blocks = _blocks(markdown)
    if blocks is None:
        return None
    for raw, block in blocks:
        if raw:
            parts.append(block)
        elif "\n" in block:
            return None
        elif heading := _HEADING.fullmatch(block):
            text = _inline(heading.group(2).strip())
            if text is None:
                return None
            level, name = len(heading.group(1)), strip_tags(text)
            anchor = unique(slugify(html.unescape(name), "-"), ids, counters)
            tokens.append({"level": level, "id": anchor, "name": name, "html": text, "data-toc-label": ""})
            link = (f'<a class="headerlink" href="#{escape_attribute(anchor)}"'
                    + (f' title="{escape_attribute(permalink_title)}"' if permalink_title else "")
                    + f">{permalink}</a>") if permalink else ""
            parts.append(f'<h{level} id="{escape_attribute(anchor)}">{text}{link}</h{level}>')
        elif block == block.strip() and not _BLOCK_START.match(block) and (text := _inline(block)) is not None:
            parts.append(f"<p>{text}</p>")
        else:
            return None
    return "\n".join(parts), nest_toc_tokens(tokens)


def _blocks(markdown: str) -> list[tuple[bool, str]] | None:
    """The page's blocks, each with whether it is raw HTML: raw HTML blocks whole, the rest
    split at blank lines; None when a raw block is not set apart by blank lines (Python-Markdown
    would read it with its neighbours)."""
    blocks: list[tuple[bool, str]] = []
    position = 0
    for raw in RAW_HTML_BLOCK.finditer(markdown):
        between = markdown[position:raw.start()]
        if (position and not between.startswith("\n\n")) or (raw.start() and not between.endswith("\n\n")):
            return None
        blocks += _paragraphs(between)
        blocks.append((True, raw.group()))
        position = raw.end()
    rest = markdown[position:]
    if position and rest.strip() and not rest.startswith("\n\n"):
        return None
    return blocks + _paragraphs(rest)


def _paragraphs(text: str) -> list[tuple[bool, str]]:
    return [(False, block) for block in re.split(r"\n[ \t]*\n", text.strip("\n")) if block.strip()]


def _inline(text: str) -> str | None:
    """`text` as Python-Markdown writes it in HTML, when it holds no inline markup."""
    out = []
    for escaped, entity, plain in _PIECE.findall(text):
        if plain:
            if _MARKUP.search(plain):
                return None
            out.append(escape_text(plain))
        elif entity:
            out.append(entity)
        elif escaped in _ESCAPED:
            out.append(escaped)
        else:
            return None
    return "".join(out)
