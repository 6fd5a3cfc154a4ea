"""Markdown for untrusted text: whatever a seed says shows as text, never as markup.

Python-Markdown (with MkDocs' default tables and fenced code) turns punctuation into markup in
three ways: inline (emphasis, links, code, raw HTML, entities), at a line start (headings, lists,
quotes, fences, setext underlines) and through extensions (attribute lists). Characters that
Markdown can backslash-escape are escaped so; the rest become numeric character references.
An article's text is not Markdown at all: it is written as raw HTML (`html_block`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

_INLINE = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "{": "\\{",
    "}": "\\}",
    "[": "\\[",
    "]": "\\]",
    "#": "\\#",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "~": "&#126;",
}
_INLINE_CHARS = re.compile("[" + re.escape("".join(_INLINE)) + "]")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_TEXT_OPEN = '<div class="presskb-text">'
_TEXT_BLOCK = re.compile(f"^{re.escape(_TEXT_OPEN)}\n.*?\n</div>$", re.DOTALL | re.MULTILINE)
_PLACEHOLDER_DIV = '<div class="presskb-text" data-lifted="{}"></div>'
_LIFTED = re.compile(r'<div class="presskb-text" data-lifted="(\d+)"></div>')
_HTML_ID = re.compile(r'\bid="([^"]+)"')
# After the inline pass: what still means something at the start of a line.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """Text safe to place inline in a Markdown paragraph, heading or link label."""
    text = _ENTITY.sub("&amp;", text)
    text = _INLINE_CHARS.sub(lambda m: _INLINE[m.group()], text)
    return "\n".join(_escape_line_start(line) for line in text.split("\n"))


def _escape_line_start(line: str) -> str:
    def neutralise(match: re.Match) -> str:
        space, start = match.groups()
        if start.isdigit():  # "1." or "1)" would start an ordered list
            return f"{space}{start}\\"
        return f"{space}&#{ord(start)};"

    return _LINE_START.sub(neutralise, line.lstrip())


def _html_with(text: str, spans: list[tuple[int, int, str]], wrap) -> str:
    """`text` as HTML, each (start, end, payload) span given as `wrap(escaped span, payload)`."""
    pieces, last = [], 0
    for start, end, payload in spans:
        pieces += [html.escape(text[last:start]), wrap(html.escape(text[start:end]), payload)]
        last = end
    pieces.append(html.escape(text[last:]))
    return "".join(pieces)


def highlighted_html(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    """`text` as HTML with the marked parts in <mark> (the match of a mention)."""
    return _html_with(text, [(start, end, None) for start, end in marks], lambda part, _: f"<mark>{part}</mark>")


def safe_url(url: str | None) -> str | None:
    """An http(s) URL quoted for a Markdown link destination, or None for anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url.strip(), safe=":/?#@!$&'*+,;=%-._~")


def link(label: str, target: str) -> str:
    """A Markdown link with an escaped label. `target` is a URL or a quoted relative path."""
    return f"[{escape(label)}]({target})"


def relative(from_page: str, to_path: str) -> str:
    """Relative link from one docs/ path to another (both plain relative paths), quoted for a
    link destination. Called for every link of every generated page, so kept simple."""
    start = from_page.split("/")[:-1]
    target = to_path.split("/")
    common = 0
    while common < len(start) and common < len(target) - 1 and start[common] == target[common]:
        common += 1
    return quote("/".join([".."] * (len(start) - common) + target[common:]), safe="/-._~")


def url(from_page: str, to_path: str) -> str:
    """The address MkDocs gives a link from one docs/ page to another page (directory URLs:
    articles/2026/x.md is served at articles/2026/x/) or to a file, relative, for raw HTML."""
    def served(path: str) -> str:
        folder, _, name = path.rpartition("/")
        if not name.endswith(".md"):
            return path
        page = name.removesuffix(".md")
        if page == "index":
            return f"{folder}/" if folder else ""
        return f"{folder}/{page}/".lstrip("/")

    return relative(served(from_page) + "index.html", served(to_path))


def html_link(label: str, target: str) -> str:
    return f'<a href="{html.escape(target)}">{html.escape(label)}</a>'


def html_block(text: str, anchor: str, links: list[tuple[int, int, str]], line_breaks: bool) -> str:
    """`text` as one raw HTML paragraph with id `anchor`, each (start, end, url) a link and,
    with `line_breaks`, its lines kept. Markdown passes raw HTML through untouched."""
    body = _html_with(text, links, lambda part, target: f'<a href="{html.escape(target)}">{part}</a>')
    return f'<p id="{anchor}">' + (body.replace("\n", "<br>") if line_breaks else body.replace("\n", " ")) + "</p>"


def html_blocks(paragraphs: list[str]) -> str:
    """Raw HTML paragraphs as one block (see `lift_html`)."""
    return f"{_TEXT_OPEN}\n" + "\n".join(paragraphs) + "\n</div>"


def lift_html(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each block of `html_blocks` replaced by an empty placeholder, and the
    blocks. Python-Markdown would parse them again, one character reference at a time (seconds
    for a page of punctuation); `restore_html` puts them back into the converted page."""
    lifted: list[str] = []

    def lift(match: re.Match) -> str:
        lifted.append(match.group())
        return _PLACEHOLDER_DIV.format(len(lifted) - 1)

    return _TEXT_BLOCK.sub(lift, markdown), lifted


def restore_html(converted: str, lifted: list[str]) -> str:
    return _LIFTED.sub(lambda match: lifted[int(match.group(1))], converted)


def html_ids(html_text: str) -> list[str]:
    return _HTML_ID.findall(html_text)


def lines(texts: list[str]) -> str:
    """Escaped lines that stay lines (hard breaks), e.g. a media contact block."""
    return "  \n".join(escape(text) for text in texts)
