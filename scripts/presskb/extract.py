"""Extract stage: metadata from the cleaned body (dateline, wire, original URL, issuer, ...).

Unknown stays unknown. A date is taken only from a dateline at the start of the release; a
date elsewhere in the body says when something happened, not when the release was issued.
"""

from __future__ import annotations

import datetime as dt
import re

from presskb.document import Block, Document, Removal

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE = rf"(?P<date>{_MONTH_NAME}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+{_MONTH_NAME},?\s+{_YEAR})"
_DATE_PARTS = re.compile(r"(?P<a>\w+)\.?\s+(?P<b>\w+?)(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})")


def parse_date(text: str) -> dt.date:
    """'Dec. 26, 2025' or '26 December 2025' -> date. Raises ValueError for impossible dates."""
    match = _DATE_PARTS.match(text)
    if not match:
        raise ValueError(f"not a date: {text!r}")
    month, day = (match["a"], match["b"]) if not match["a"].isdigit() else (match["b"], match["a"])
    return dt.date(int(match["year"]), _MONTHS[month.lower()], int(day))


# "WASHINGTON, Dec. 26, 2025 /PRNewswire/ --": place, date, /wire/, dash.
_DATELINE_SLASHED = re.compile(
    rf"^(?P<place>[^\n/()]{{2,80}}?),?\s+{_DATE}\s*/\s*(?P<wire>[^/\n]{{2,40}}?)\s*/\s*(?:--|[—–-])",
    re.IGNORECASE,
)
_DATELINE_PATTERNS = (_DATELINE_SLASHED,)

# Wire names as printed in datelines -> the wire's own name.
_WIRES = {
    "prnewswire": "PR Newswire",
    "prnewswire-asia": "PR Newswire",
    "prnewswire-apac": "PR Newswire",
    "美通社": "PR Newswire",
    "24-7pressrelease": "24-7 Press Release",
    "globe newswire": "GlobeNewswire",
    "business wire": "Business Wire",
    "accesswire": "ACCESSWIRE",
    "einpresswire": "EIN Presswire",
}

_VIEW_ORIGINAL = re.compile(
    r"^(?:\w+\s+)?view original content[^:]*:\s*(?P<url>https?://\S+)$", re.IGNORECASE
)
_SOURCE_LINE = re.compile(r"^SOURCE\s+(?P<issuer>\S.{1,120})$")
_CATEGORIES = re.compile(r"^(?:categories|category)\s*[:：]\s*(?P<list>.+)$", re.IGNORECASE)
_DATELINE_SEARCH_BLOCKS = 3


def extract(doc: Document) -> Document:
    doc = _extract_footer_lines(doc)
    doc = _extract_dateline(doc)
    missing = tuple(
        f"no {label} found" for label, value in (("date", doc.date), ("source", doc.source)) if not value
    )
    return doc.with_changes(
        language=doc.language or detect_language(doc), warnings=doc.warnings + missing
    )


def _extract_footer_lines(doc: Document) -> Document:
    """Wire footer lines become metadata and leave the body (listed on the report)."""
    found: dict[str, object] = {}
    kept: list[Block] = []
    removed = doc.removed
    for block in doc.blocks:
        text = block.text
        if block.kind != "lines" and (match := _VIEW_ORIGINAL.match(text)):
            found.setdefault("source_url", match["url"])
            removed += (_removal("source_url", text),)
        elif block.kind != "lines" and (match := _SOURCE_LINE.match(text)):
            found.setdefault("issuer", match["issuer"].strip())
            removed += (_removal("issuer", text),)
        elif block.kind != "lines" and (match := _CATEGORIES.match(text)):
            names = (name.strip() for name in re.split(r"[,;|、，]", match["list"]))
            found.setdefault("categories", tuple(name for name in names if name))
            removed += (_removal("categories", text),)
        else:
            kept.append(block)
    metadata = {key: getattr(doc, key) or value for key, value in found.items()}
    return doc.with_changes(blocks=tuple(kept), removed=removed, **metadata)


def _removal(field: str, text: str) -> Removal:
    return Removal(f"wire footer, kept as {field}", text)


def _extract_dateline(doc: Document) -> Document:
    paragraphs = [block for block in doc.blocks if block.kind == "paragraph"]
    for block in paragraphs[:_DATELINE_SEARCH_BLOCKS]:
        for pattern in _DATELINE_PATTERNS:
            if match := pattern.match(block.text):
                return _apply_dateline(doc, match)
    return doc


def _apply_dateline(doc: Document, match: re.Match) -> Document:
    date, warnings = doc.date, doc.warnings
    if date is None:
        try:
            date = parse_date(match["date"])
        except ValueError:
            warnings = doc.warn(f"impossible dateline date {match.group(0)!r} ignored")
    wire = " ".join(match["wire"].split())
    return doc.with_changes(
        date=date,
        warnings=warnings,
        source=doc.source or _WIRES.get(wire.lower(), wire),
        dateline=doc.dateline or place_name(match["place"]),
    )


def place_name(place: str) -> str:
    """'WASHINGTON' -> 'Washington', 'SAN ANTONIO, TX' -> 'San Antonio, TX'."""
    words = []
    for word in place.strip(" ,").split():
        is_code = len(word.strip(",.")) <= 2 and words and words[-1].endswith(",")
        words.append(word if is_code or not word.isupper() else word.capitalize())
    return " ".join(words)


def detect_language(doc: Document) -> str | None:
    """'zh', 'ja' or 'en' from the script and common words of the text; None when unsure."""
    text = " ".join(block.text for block in doc.blocks) or (doc.title or "")
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return None
    kana = sum(1 for char in letters if "\u3040" <= char <= "\u30ff")
    han = sum(1 for char in letters if "\u3400" <= char <= "\u9fff")
    if (kana + han) / len(letters) > 0.3:
        return "ja" if kana > 0.1 * (kana + han) else "zh"
    words = re.findall(r"[a-z]+", text.lower())
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    return "en" if words and english / len(words) > 0.08 else None


_ENGLISH_WORDS = frozenset(
    "the and of to in is for with that on as by are this from at be an has have its will".split()
)
