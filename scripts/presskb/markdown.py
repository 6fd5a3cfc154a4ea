"""Markdown for untrusted text: whatever a seed says shows as text, never as markup.

Python-Markdown (with MkDocs' default tables and fenced code) turns punctuation into markup in
three ways: inline (emphasis, links, code, raw HTML, entities), at a line start (headings, lists,
quotes, fences, setext underlines) and through extensions (attribute lists). Characters that
Markdown can backslash-escape are escaped so; the rest become numeric character references.
"""

from __future__ import annotations

import posixpath
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
    """Relative link from one docs/ path to another, quoted for a link destination."""
    start = posixpath.dirname(from_page) or "."
    return quote(posixpath.relpath(to_path, start), safe="/-._~")


def lines(texts: list[str]) -> str:
    """Escaped lines that stay lines (hard breaks), e.g. a media contact block."""
    return "  \n".join(escape(text) for text in texts)
