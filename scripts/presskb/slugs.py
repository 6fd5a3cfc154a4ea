"""Readable, safe file names for pages."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 80
_NOT_WORD = re.compile(r"[^\w]+")
_APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")
_RESERVED = frozenset({"index", "tags"})


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lower-case words joined by '-': Latin letters lose their accents, other scripts stay.

    Cut at a word boundary within `max_length`; never a name MkDocs gives another meaning.
    """
    folded = _APOSTROPHES.sub("", _without_latin_accents(text).lower()).replace("_", "-")
    slug = _NOT_WORD.sub("-", folded).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return f"{slug}-page" if slug in _RESERVED else slug


def _without_latin_accents(text: str) -> str:
    """Compatibility forms made plain (ｆｕｌｌ-width, ligatures) and the marks on Latin letters
    dropped; the marks of other scripts stay on their letters (が is not か, 한 stays one
    syllable, not three jamo)."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char) and kept and kept[-1] < _FIRST_NOT_LATIN:
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


_FIRST_NOT_LATIN = "\u0370"  # Greek: the blocks before it are Latin (and IPA)


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`, ... whichever is free; records the one returned."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate
