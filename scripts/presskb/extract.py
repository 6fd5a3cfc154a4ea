"""Extract stage: metadata from the cleaned body (dateline, wire, original URL, issuer, ...).

A dateline is recognised by its shape, whatever the wire: at the start of one of the first
paragraphs, an optional place and wire marker, a date, an optional time and wire marker, then a
separator (a dash, a slash, the end of the line). So all of these give their date:

    WASHINGTON, Dec. 26, 2025 /PRNewswire/ —            SAN ANTONIO, TX, May 5, 2025 /24-7PressRelease/ --
    AUSTIN, Texas, Jan. 5, 2026 (GLOBE NEWSWIRE) --      ST. LOUIS, MO / ACCESSWIRE / June 3, 2025 /
    (NewMediaWire) - October 16, 2024 - DALLAS —         COLOMBO - Media OutReach Newswire - 9 July 2026 -
    Anaheim, CA (Newsworthy.ai) Friday Nov 8, 2024 @ 10:30 AM Pacific —
    上海2026年1月12日 /美通社/ --                          2026年2月9日，上海——

Unknown stays unknown: a date elsewhere in the body ("launched on December 12, 2024") says
when something happened, not when the release was issued. A wrong date is worse than none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from presskb.dates import DATE, header_line, parse_date
from presskb.document import Block, Document, Removal
from presskb.wires import wire_name

_SOURCE_HEADER = re.compile(r"^[(（]?(?:source|來源|来源|消息來源|消息来源)\s*[:：]\s*(?P<name>[^\s()（）].{0,80}?)\s*[)）]?$",
                            re.IGNORECASE)
_HEADER_BLOCKS = 5
_HEADER_LINES = 12  # of each of those blocks: a header is a few lines, a block may be thousands
# "News provided by" (its name on the next line), "Distributed by: X": a wire page's issuer
_PROVIDED_BY = re.compile(r"^(?:news\s+|content\s+)?(?:provided|distributed)\s+by\s*[:：]?\s*(?P<name>.{0,80}?)\s*$",
                          re.IGNORECASE)

_WIRE_MARK = r"(?:/[^/\n]{2,40}/|\([^()\n]{2,80}\)|\[[^\]\n]{2,60}\]|（[^（）\n]{2,40}）|【[^【】\n]{2,40}】)"
_TIME = r"(?:(?:at\s+|@\s*)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+(?:[A-Z][\w/]*))?)"
_SEPARATOR = r"(?:--|——|[—–\-/|:，])"
# What may follow the date in a dateline: a time, a wire marker, then a separator or the end.
_AFTER_DATE = re.compile(
    rf"^\s*(?:{_TIME}\s*)?(?:(?P<mark>{_WIRE_MARK})|(?P<bare>[A-Za-z][\w.-]{{3,30}}(?=\s*(?:--|[—–-]))))?"
    rf"\s*(?:(?P<sep>{_SEPARATOR}|\.(?=\s))|,(?=\s)|$)",
    re.IGNORECASE,
)
_RELEASE_LABEL = re.compile(
    r"^\s*(?:for immediate release|release date|date(?:line)?|published)\s*[:：\-–—]*\s*$", re.IGNORECASE
)
_HEAD_MARKS = re.compile(_WIRE_MARK)
_HEAD_SMALL_WORDS = frozenset("and of de del la le da do dos du am im y et upon".split())
_HEAD_LAST_WORD_NOT = frozenset("on in since from until before after as at of during by for".split())
_DATELINE_WINDOW = 220
_DATELINE_BLOCKS = 4

_BUSINESS_WIRE_STYLE = re.compile(  # "CITY--(BUSINESS WIRE)--", "香港--（美國商業資訊）--"
    r"^(?P<place>[^()（）\n]{2,60}?)\s*(?:[-–—]{1,2}\s*)?[(（](?P<mark>[^()（）\n]{3,40}?)[)）]\s*[-–—]{1,2}"
)
_WIRE_ONLY_LINE = re.compile(r"^\s*[-–—]{1,2}\s*(?P<mark>[^-–—]{3,40}?)\s*[-–—]{1,2}\s*$")
_WIRE_LEAD = re.compile(r"^[(（](?P<mark>[^()（）\n]{3,40})[)）]\s*[-–—]")
_PLACE_AFTER = re.compile(
    r"^\s*(?:[-–—/,，]{1,2})?\s*(?P<place>[A-Z][A-Z .,'’&-]{1,40}?|[\u4e00-\u9fff]{2,10})\s*(?:--|——|[—–-])"
)

_VIEW_ORIGINAL = re.compile(
    r"^(?:\w+\s+)?(?:view original content[^:]*|(?:original|source)(?:/source)? press release)"
    r"\s*[:：]\s*(?P<url>https?://\S+)$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^(?:SOURCE\s+|Source\s*[:：]\s*|(?:消息)?來源\s*[:：]\s*|(?:消息)?来源\s*[:：]\s*)(?P<issuer>\S.{0,100}?)$"
)
ABOUT_HEADING = re.compile(  # "About Acme:", "关于艾尔普": the issuer's own section
    r"^(?:about\s+|关于\s*)(?!(?:the|us|this|our|me|him|her|them|it)\b)"
    r"(?P<name>[A-Z0-9\u4e00-\u9fff][^:：]{0,80}?)\s*[:：]?$",
    re.IGNORECASE,
)
_CATEGORIES = re.compile(r"^(?:categories|category)\s*[:：]\s*(?P<list>.+)$", re.IGNORECASE)
_URL_TAIL = re.compile(r"\s+(?:https?://|www\.)\S+$")


def extract(doc: Document) -> Document:
    doc = _extract_footer_lines(doc)
    doc = _extract_dateline(doc)
    doc = _extract_header_lines(doc)
    doc = _extract_lead_issuer(doc)
    doc = _extract_about_issuer(doc)
    missing = tuple(
        f"no {label} found" for label, value in (("date", doc.date), ("source", doc.source)) if not value
    )
    return doc.with_changes(
        language=doc.language or detect_language(doc), warnings=doc.warnings + missing
    )


# --- Footer lines -----------------------------------------------------------------------------


def _extract_footer_lines(doc: Document) -> Document:
    """Wire footer lines become metadata and leave the body (listed on the report)."""
    found: dict[str, object] = {}
    kept: list[Block] = []
    removed = list(doc.removed)
    for block in doc.blocks:
        text = block.text
        if block.kind != "lines" and (match := _VIEW_ORIGINAL.match(text)):
            found.setdefault("source_url", match["url"])
            removed.append(_footer("source_url", text))
        elif block.kind != "lines" and (match := _SOURCE_LINE.match(text)):
            name = _URL_TAIL.sub("", match["issuer"]).strip(" .,;")
            field = "source" if wire_name(name) else "issuer"  # "Source: PR Newswire" names the wire
            found.setdefault(field, wire_name(name) or name)
            removed.append(_footer(field, text))
        elif block.kind != "lines" and (match := _CATEGORIES.match(text)):
            names = (name.strip() for name in re.split(r"[,;|、，]", match["list"]))
            found.setdefault("categories", tuple(name for name in names if name))
            removed.append(_footer("categories", text))
        elif (match := _WIRE_ONLY_LINE.match(text)) and wire_name(match["mark"]):
            found.setdefault("source", wire_name(match["mark"]))
            removed.append(_footer("source", text))
        else:
            kept.append(block)
    doc = doc.with_changes(blocks=tuple(kept), removed=tuple(removed))
    return doc.with_found(**{key: value for key, value in found.items() if not getattr(doc, key)})


def _footer(field: str, text: str) -> Removal:
    return Removal(f"wire footer, kept as {field}", text)


def _extract_about_issuer(doc: Document) -> Document:
    """Without a SOURCE line, the first "About X" section names the issuer."""
    if doc.issuer:
        return doc
    for block in doc.blocks:
        if block.kind == "heading" and (match := ABOUT_HEADING.match(block.text)):
            return doc.with_found(issuer=match["name"].strip())
    return doc


# --- Header lines of reposts -----------------------------------------------------------------


def _extract_header_lines(doc: Document) -> Document:
    """Lines above the body that a repost or a wire's page prints instead of a dateline (a
    timestamp, "Published: ...", "Source: ...") give the date and the source when the dateline
    does not, and leave the body (listed on the report)."""
    found: dict[str, object] = {}
    dates: list[tuple[int, dt.date]] = []  # (0 for a labelled line like "Published:", date)
    removed = list(doc.removed)
    blocks = list(doc.blocks)
    provider_next = False  # "News provided by" ended the block before: this one names it
    for position, block in enumerate(doc.blocks[:_HEADER_BLOCKS]):
        kept = []
        lines = block.text.split("\n")
        for line in lines[:_HEADER_LINES]:
            if provider_next and not kept and len(line) <= 80:
                provider_next = False
                field = "source" if wire_name(line) else "issuer"
                found.setdefault(field, wire_name(line) or line.strip(" .,;"))
                removed.append(_footer(field, line))
            elif match := _PROVIDED_BY.match(line):
                if name := match["name"]:
                    field = "source" if wire_name(name) else "issuer"
                    found.setdefault(field, wire_name(name) or name.strip(" .,;"))
                    removed.append(_footer(field, line))
                else:
                    provider_next = True
                    removed.append(Removal("page label", line))
            elif match := header_line(line):
                try:
                    printed = DATE.search(match["stamp"])
                    dates.append((0 if match["label"] else 1,
                                   parse_date(printed.group(0) if printed else match["stamp"])))
                except ValueError:
                    pass
                if match["by"] and (wire := wire_name(match["by"])):
                    found.setdefault("source", wire)
                removed.append(Removal("date line, kept as date", line))
            elif match := _SOURCE_HEADER.match(line):
                field = "source" if wire_name(match["name"]) else "issuer"
                found.setdefault(field, wire_name(match["name"]) or match["name"].strip(" .,;"))
                removed.append(_footer(field, line))
            else:
                kept.append(line)
        if len(kept) < min(len(lines), _HEADER_LINES):
            kept += lines[_HEADER_LINES:]
            blocks[position] = Block(block.kind, "\n".join(kept)) if kept else None
    if dates:
        found["date"] = min(dates, key=lambda item: item[0])[1]
    if not found:
        return doc
    doc = doc.with_changes(blocks=tuple(b for b in blocks if b), removed=tuple(removed))
    return doc.with_found(**{key: value for key, value in found.items() if not getattr(doc, key)})


# --- Issuer from the lead ---------------------------------------------------------------------

# After the dateline, the lead names the issuer: 'X Biotech, Inc. ("X") (NASDAQ: XX), a ...
# company, today announced', 'X Corp. announced today', '艾尔普今日宣布'.
_LEAD_STOP = re.compile(
    r"\s*\((?=\s*[“\"'‘]|[\w/ ]{2,20}\s*[:：]|the\s+[“\"]?(?:company|group)\b)"
    r"|,\s+(?:a|an|the|one|which|who)\s"
    r"|\s+(?:today|recently|has\s+(?:announced|launched|entered|signed|completed|received)|"
    r"announced|announces|is\s+(?:pleased|proud|excited)|launched|launches|unveiled|unveils|"
    r"reported|reports|received|receives|signed|entered|completed|closed|celebrates|introduced|"
    r"introduces|presented|presents|hosted|hosts|expanded|expands|opened|opens|will|has|have|"
    r"secured|secures|raised|raises|appointed|appoints|named|names)\b",
)
_LEAD_NAME_WORD = re.compile(
    r"^(?:[A-Z0-9][\w&'’.+\-]*,?|&|and|of|for|de|du|la|der|und|[(（][A-Z][\w .]*[)）],?)$"
)
_NOT_ISSUER = frozenset("the this that we our its today it in on at as a an".split())
_CHINESE_LEAD = re.compile(
    r"^\s*(?P<name>[\u4e00-\u9fffA-Za-z0-9·（）()]{2,30}?)(?:（[^）]{1,30}）)?"
    r"(?:今天|今日|日前|近日|正式)?(?:宣布|宣佈|公布|公佈)"
)


def issuer_in_lead(lead: str) -> str | None:
    """The organisation a release's first sentence starts with, when it has a name's shape."""
    if match := _CHINESE_LEAD.match(lead):
        return match["name"]
    stop = _LEAD_STOP.search(lead[:160])
    if not stop:
        return None
    name = lead[: stop.start()].strip(" ,–—-")
    words = name.split()
    if not 1 <= len(words) <= 10 or words[0].lower() in _NOT_ISSUER:
        return None
    if not all(_LEAD_NAME_WORD.match(word) for word in words) or not name[:1].isupper():
        return None
    # "Theratechnologies Inc. (Theratechnologies)": a short name in brackets repeats the name.
    if (alias := re.search(r"\s*[(（]([^()（）]+)[)）]$", name)) and alias[1] in name[: alias.start()]:
        name = name[: alias.start()]
    return name.rstrip(",")


def _extract_lead_issuer(doc: Document, lead: str | None = None) -> Document:
    """Without a SOURCE line, the company that the dateline's sentence starts with."""
    if doc.issuer or not doc.blocks:
        return doc
    for block in _head_blocks(doc):
        if block.kind != "lines" and (found := _dateline_lead(block.text)) is not None:
            name = issuer_in_lead(found)
            return doc.with_found(issuer=name) if name else doc
    # No dateline: a first paragraph that starts with a listed company, "Amgen (NASDAQ:AMGN) ..."
    first = next((block.text for block in doc.blocks if block.kind == "paragraph"), "")
    if _TICKER_AFTER_NAME.match(first) and (name := issuer_in_lead(first)):
        return doc.with_found(issuer=name)
    return doc


_TICKER_AFTER_NAME = re.compile(r"^[^()（）]{2,80}?\s*\((?:NASDAQ|NYSE|Nasdaq|TSX|TSXV|HKEX|OTC\w*|ASX|AMEX|CSE|SIX|LSE|AIM|Euronext)\b")


# --- Datelines --------------------------------------------------------------------------------


def _extract_dateline(doc: Document) -> Document:
    candidates = [block.text for block in _head_blocks(doc)
                  if not all(header_line(line) for line in block.text.split("\n"))]
    found = next((found for text in candidates if (found := _dateline(text))), None)
    if found is None or found["source"] is None:
        wire = next((wire for text in candidates if (wire := _wire_without_date(text))), None)
        if wire:
            found = {**wire, **{k: v for k, v in (found or {}).items() if v}}
    if not found:
        return doc
    return _apply(doc, found["date_text"], found["source"], found["place"])


def _head_blocks(doc: Document) -> list[Block]:
    """The blocks a dateline can be in: up to the _DATELINE_BLOCKS-th that is not a heading
    (a wire's page may print a subtitle or two between the headline and the dateline)."""
    head, prose = [], 0
    for block in doc.blocks:
        if prose == _DATELINE_BLOCKS:
            break
        head.append(block)
        prose += block.kind != "heading"
    return head


def _dateline_lead(text: str) -> str | None:
    """The text after a paragraph's dateline, if it starts with one."""
    found = _dateline(text) or _wire_without_date(text)
    return found["lead"] if found else None


def _wire_without_date(text: str) -> dict | None:
    """"CITY--(BUSINESS WIRE)--" (its date, if any, stands on a line of its own) or a lead
    "(NewsUSA) - ": the wire and place, without a date."""
    if (match := _BUSINESS_WIRE_STYLE.match(text)) and wire_name(match["mark"]):
        return {"date_text": None, "source": wire_name(match["mark"]), "place": match["place"],
                "lead": text[match.end():]}
    if (match := _WIRE_LEAD.match(text)) and wire_name(match["mark"]):
        return {"date_text": None, "source": wire_name(match["mark"]), "place": None,
                "lead": text[match.end():]}
    return None


def _dateline(text: str) -> dict | None:
    window = text[:_DATELINE_WINDOW]
    for match in DATE.finditer(window):
        head, rest = window[: match.start()], text[match.end() :]
        after = _AFTER_DATE.match(rest)
        if not after or not _is_dateline_head(head):
            continue
        if after.group(0).rstrip().endswith(",") and head.strip() and not after["sep"]:
            continue  # "CITY, May 5, 2025, the company said" is prose, not a dateline
        if after["bare"] and not wire_name(after["bare"]):
            continue  # "May 5, 2025 Acme - ..." names no wire: not a dateline's marker
        marks = [m.group(0) for m in _HEAD_MARKS.finditer(head)] + [after["mark"] or after["bare"] or ""]
        source = next((name for mark in [*marks, head] if mark and (name := wire_name(mark))), None)
        following = rest[after.end() - (1 if after["sep"] else 0) :]
        place = _place_from_head(head) or _place_after(following)
        lead = following[len(m.group(0)):] if (m := _PLACE_AFTER.match(following)) else following
        return {"date_text": match.group(0), "source": source, "place": place,
                "lead": lead.lstrip(" -–—/|:，")}
    return None


def _is_dateline_head(head: str) -> bool:
    """Before the date: a place, wire markers and separators; no prose, no colon."""
    if _RELEASE_LABEL.match(head):
        return True
    if len(head) > 150 or ":" in _HEAD_MARKS.sub("", head) or "：" in head:
        return False
    if head.startswith("By ") and "|" in head:  # byline: "By Jane Doe | March 4, 2026"
        return True
    words = re.findall(r"[^\W\d_][\w'’.&-]*", _HEAD_MARKS.sub(" ", head))
    if words and not words[-1].isupper() and words[-1].lower().rstrip(".") in _HEAD_LAST_WORD_NOT:
        return False
    return all(word[0].isupper() or not word[0].isascii() or word.lower() in _HEAD_SMALL_WORDS
               for word in words)


def _place_from_head(head: str) -> str | None:
    """'SAN ANTONIO, TX, ' -> 'SAN ANTONIO, TX'; wire names and markers are not places."""
    text = _HEAD_MARKS.sub(" ", head)
    parts = [part.strip(" ,") for part in re.split(r"\s[-–—/|]{1,2}\s|[-–—]{2}|(?<=\w)[–—](?=\W)|/", text)]
    places = [part for part in parts
              if part and not wire_name(part) and not part.startswith("By ") and not _RELEASE_LABEL.match(part)]
    place = re.sub(r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$", "",
                   places[0], flags=re.IGNORECASE) if places else ""
    # Punctuation stripped by a reposting site: "SUZHOU China" is "SUZHOU, China".
    place = re.sub(r"^((?:[A-Z][A-Z.'’&-]+\s)*[A-Z][A-Z.'’&-]+)\s+(?=[A-Z][a-z])", r"\1, ", place.strip(" ,"))
    return place or None


def _place_after(rest: str) -> str | None:
    match = _PLACE_AFTER.match(rest)
    return match["place"].strip(" ,") if match else None


def _apply(doc: Document, date_text: str | None, source: str | None, place: str | None) -> Document:
    date, warnings = None, doc.warnings
    if date_text:
        try:
            date = parse_date(date_text)
        except ValueError:
            warnings = doc.warn(f"impossible dateline date {date_text!r} ignored")
    found = {"date": date, "source": source, "dateline": place_name(place) if place else None}
    doc = doc.with_changes(warnings=warnings)
    return doc.with_found(**{key: value for key, value in found.items() if value})


def place_name(place: str) -> str:
    """'WASHINGTON' -> 'Washington', 'SAN ANTONIO, TX' -> 'San Antonio, TX'."""
    words = []
    for word in place.strip(" ,").split():
        is_code = len(word.strip(",.")) <= 3 and words and words[-1].endswith(",")
        words.append(word if is_code or not word.isupper() else _capitalize(word))
    return " ".join(words)


def _capitalize(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


# --- Language ---------------------------------------------------------------------------------

_STOPWORDS = {
    "en": frozenset("the and of to in is for with that on as by are this from at be an has have its will".split()),
    "es": frozenset("el la los las de del y en que por con para una un es su se al lo como más".split()),
    "fr": frozenset("le la les des de du et en est que pour dans une un sur par au aux avec ce qui".split()),
    "de": frozenset("der die das und ist mit für von den dem ein eine auf zu im nicht sich des auch".split()),
    "pt": frozenset("o a os as de do da dos das e em que para com um uma por no na não se é".split()),
}


_LANGUAGE_MIN_WORDS = 12
_LETTER = re.compile(r"[^\W\d_]")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u3400-\u9fff]")
_LANGUAGE_SAMPLE = 3000  # characters: enough to tell, and the cost stays flat for long texts


def detect_language(doc: Document) -> str | None:
    """'zh', 'ja', or a language with common words among en/es/fr/de/pt; None when unsure."""
    text = (" ".join(doc.leading_texts(_LANGUAGE_SAMPLE)) or (doc.title or ""))[:_LANGUAGE_SAMPLE]
    kana = len(_KANA.findall(text))
    han = len(_HAN.findall(text))
    if kana + han:  # letters are counted only then: the count is slow, and without these moot
        letters = len(_LETTER.findall(text))
        if not letters:
            return None
        if (kana + han) / letters > 0.3:
            return "ja" if kana > 0.1 * (kana + han) else "zh"
    words = re.findall(r"[^\W\d_]{2,}", text.lower())
    if len(words) < _LANGUAGE_MIN_WORDS:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop if w in counts) / len(words) for lang, stop in _STOPWORDS.items()}
    best, second = sorted(scores.values(), reverse=True)[:2]
    return max(scores, key=scores.get) if best > 0.08 and best > 1.5 * second else None
