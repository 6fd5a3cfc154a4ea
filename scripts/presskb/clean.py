"""Clean stage: drop scraped junk (the rules are in presskb.junk), find the headline, and give
the body its structure.

Every rule that removes text records it as a `Removal`, so the report can list it: nothing
removed is lost. Rules look for the shape of junk (a price widget, a repost disclaimer, a
teaser glued to itself), not for the words of one site.
"""

from __future__ import annotations

import re
import unicodedata

from presskb.document import Block, Document, Removal
from presskb.dates import DATE, header_line
from presskb.junk import JUNK_RULES, Lines, comparable, words


# Invisible characters that only serve to hide or reorder text: zero-width, bidi controls, BOM;
# and private-use characters, meaningless without one site's icon font.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\ue000-\uf8ff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_OTHER_BLANK = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
# Runs of blanks, but not a lone space: most would be replaced by themselves
_SPACES = re.compile(f" [ {_OTHER_BLANK}]+|[{_OTHER_BLANK}][ {_OTHER_BLANK}]*")

_SENTENCE_END = (".", ",", ";", "。", "，", "；", "、")
_LOGO_LINE = re.compile(r"^\S.{0,40}\s(?:logo|logotype|標誌|标志)$", re.IGNORECASE)  # an image's alt text
_SEPARATOR_LINE = re.compile(r"^[|·•/\\\-–—_*~]{1,3}$")
_LABEL_LINE = re.compile(r"^(categories|category|tags|keywords)\s*[:：]", re.IGNORECASE)
_CONTACT_LIKE = re.compile(r"@|https?://|www\.|^\+?[\d ()./-]{7,}$", re.IGNORECASE)

# Spaces after the end of a sentence, before the next one. It starts with its spaces: a pattern
# that starts with a lookbehind is tried at every character.
_RUN_ON_PARAGRAPHS = re.compile(r"  (?<=[.!?\"”’)\d]  ) *(?=[A-Z\"“‘(])")

def clean(doc: Document) -> Document:
    removed: list[Removal] = []
    text, invisible = _normalise(doc.raw)
    if invisible:
        removed.append(Removal("invisible characters", f"{invisible} zero-width or bidi control characters"))
    blocks = _split_blocks(text)
    for rule in JUNK_RULES:
        blocks = rule(blocks, removed)
    title, blocks = _take_title(blocks, doc.title, removed)
    body = tuple(block for lines in blocks for block in _structure(lines))
    warnings = doc.warnings if title else doc.warn("no title found; the file name is shown")
    return doc.with_changes(
        title=title, blocks=body, removed=doc.removed + tuple(removed), warnings=warnings
    )


def _normalise(raw: str) -> tuple[str, int]:
    text = unicodedata.normalize("NFC", raw)
    text, invisible = _INVISIBLE.subn("", text)
    text = _CONTROL.sub(" ", text.replace("\t", " "))
    text = _RUN_ON_PARAGRAPHS.sub("\n\n", text)  # scraped bodies mark paragraphs with spaces
    lines = (line.strip() for line in _SPACES.sub(" ", text).split("\n"))
    return "\n".join(lines), invisible


def _split_blocks(text: str) -> list[Lines]:
    # A line that starts with a comma continues the line before: "LOS ANGELES\n, Nov. 21, 2025".
    text = re.sub(r"\n(?=[,;] ?\S)", "", text)
    return [tuple(chunk.split("\n")) for chunk in re.split(r"\n{2,}", text.strip()) if chunk]


def _take_title(
    blocks: list[Lines], known: str | None, removed: list[Removal]
) -> tuple[str | None, list[Lines]]:
    """The headline is the first headline-like block; its repeats and variants are dropped."""
    title = _INVISIBLE.sub("", known).strip() if known else None
    if title is None:
        for position, lines in enumerate(blocks[:4]):
            if all(_LOGO_LINE.match(line) for line in lines):
                removed.extend(Removal("logo caption", line) for line in lines)
                blocks = blocks[:position] + blocks[position + 1:]
                return _take_title(blocks, None, removed)
            if all(_LABEL_LINE.match(line) or header_line(line) for line in lines):
                continue  # "Categories: ...", a timestamp, "Published: ...": never the title
            if len(lines) > 1 and any(header_line(line) for line in lines) and all(
                    header_line(line) or _is_short_label(line) for line in lines):
                labels = [line for line in lines if not header_line(line)]
                removed.extend(Removal("section label", line) for line in labels)
                blocks = [*blocks[:position], tuple(l for l in lines if header_line(l)), *blocks[position + 1:]]
                continue  # a section name with the site's dates: "Health\nThu, September 9, 2010"
            following = blocks[position + 1] if position + 1 < len(blocks) else ()
            if len(lines) <= 3 and all(is_section_label(line, following) for line in lines):
                removed.extend(Removal("section label", line) for line in lines)
                blocks = blocks[:position] + blocks[position + 1 :]
                return _take_title(blocks, None, removed)
            if len(lines) == 1 and is_headline(lines[0]):
                title = lines[0]
                blocks = blocks[:position] + blocks[position + 1 :]
            elif head := _stamped_headline(lines):
                stamps, title, rest = head  # a page copied without its blank lines
                blocks = [*blocks[:position], *([stamps] if stamps else []), rest, *blocks[position + 1:]]
            break
    if title is None:
        return None, blocks
    kept = []
    title_key = comparable(title)
    # A block can be the title again only if it holds the title's first word: most do not,
    # and that is found without taking every block's words
    first_word = title_key.split(" ", 1)[0]
    for position, lines in enumerate(blocks):
        text = " ".join(lines)
        if first_word in text.lower() and comparable(text) == title_key:
            removed.append(Removal("repeated title", text))
        elif position < 3 and len(lines) == 1 and is_heading(text) and _is_variant(text, title):
            removed.append(Removal("title variant", text))
        else:
            kept.append(lines)
    return title, kept


def _is_variant(line: str, title: str) -> bool:
    line_words, title_words = set(words(line)), set(words(title))
    return len(line_words) >= 3 and len(line_words & title_words) >= 0.8 * len(line_words)


def _structure(lines: Lines) -> list[Block]:
    """Turn one raw block into headings, paragraphs and line groups."""
    if len(lines) == 1:
        kind = "heading" if is_heading(lines[0]) else "paragraph"
        return [Block(kind, lines[0])]
    head, rest = lines[0], lines[1:]
    runs_on = rest[0][:1].islower()  # a wrapped sentence goes on: "announced that it has\nsubmitted"
    if is_heading(head) and not runs_on and (head.endswith((":", "：")) or _is_prose(rest)):
        return [Block("heading", head), *_structure(rest)]
    if _is_prose(lines):
        return [Block("paragraph", _join_wrapped(lines))]
    return [Block("lines", "\n".join(lines))]


def _is_prose(lines: Lines) -> bool:
    """Wrapped prose has long lines or sentences running on into the next line (a lower-case
    start); contact blocks and addresses have neither."""
    runs_on = any(line[:1].islower() for line in lines[1:])
    return (max(len(line) for line in lines) >= 60 or runs_on) and not any(
        _CONTACT_LIKE.search(line) for line in lines
    )


def _join_wrapped(lines: Lines) -> str:
    cjk = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
    text = lines[0]
    for line in lines[1:]:
        glue = "" if cjk.match(line[:1]) and cjk.match(text[-1:]) else " "
        text += glue + line
    return text


_BREADCRUMB = re.compile(r"^[^\s>»›/|].{0,30}?(?:\s(?:>|»|›|/|\|)\s.{1,30}?){1,6}$")
_SECTION_LABEL_WORDS = 4


def _is_short_label(line: str) -> bool:
    return len(line.split()) <= 6 and not line.endswith(_SENTENCE_END) and not re.search(r"\d", line)


def is_section_label(line: str, following: Lines) -> bool:
    """A news site's section name or breadcrumb above the headline ("Pharma News", "Markets",
    "Home > Health"): a short line of a few words without a sentence's shape, followed by a
    headline-like line with more words."""
    if not following or len(following) != 1 or not is_headline(following[0]):
        return False
    if len(following[0]) > 200 or ". " in following[0] or DATE.search(following[0]):
        return False  # the first paragraph, not a headline: the short line is the title
    if _BREADCRUMB.match(line) and not line.endswith(_SENTENCE_END):
        return True
    words, headline_words = line.split(), following[0].split()
    cjk = bool(re.search("[\u3400-\u9fff]", line))
    short = len(line) <= 12 if cjk else len(words) <= _SECTION_LABEL_WORDS and len(line) <= 40
    return (short and _starts_like_a_title(line) and not line.endswith(_SENTENCE_END + ("!", "?", ":"))
            and not re.search(r"\d", line)
            and (len(following[0]) >= 2 * len(line) if cjk else len(headline_words) >= 2 * len(words) + 1))


def _stamped_headline(lines: Lines) -> tuple[Lines, str, Lines] | None:
    """(timestamp lines, headline, the rest) of a block that starts with a timestamp (or a
    separator like "|") line and then a headline-like line, where a page copied without blank
    lines runs into its text; None for any other block."""
    stamps = 0
    while stamps < len(lines) and (header_line(lines[stamps]) or _SEPARATOR_LINE.match(lines[stamps])):
        stamps += 1
    dated = any(header_line(line) for line in lines[:stamps])
    if not dated or stamps + 1 >= len(lines) or not is_headline(lines[stamps]):
        return None
    return tuple(line for line in lines[:stamps] if header_line(line)), lines[stamps], lines[stamps + 1:]


def is_headline(line: str) -> bool:
    """Could this line be a release's title? Longer than a section heading may be."""
    return 3 <= len(line) <= 250 and _starts_like_a_title(line) and not line.endswith(_SENTENCE_END)


def is_heading(line: str) -> bool:
    """Could this line be a section heading (short, no closing full stop, not contact data)?"""
    return (
        len(line) <= 100
        and 1 <= len(line.split()) <= 14
        and _starts_like_a_title(line)
        and not line.endswith(_SENTENCE_END)
        and not _CONTACT_LIKE.search(line)
    )


def _starts_like_a_title(line: str) -> bool:
    """A capital, a digit, an opening quote, or a letter of a script without case (Chinese,
    Japanese, Korean, Arabic, Thai, ...)."""
    first = line[:1]
    return first.isupper() or first.isdigit() or first in "“\"‘'" or (first.isalpha() and first.lower() == first.upper())
