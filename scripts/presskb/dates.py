"""Dates as releases print them: "Dec. 26, 2025", "26 December 2025", "2026年1月12日", and the
timestamp lines some wires and reposts print above the headline ("June 2, 2025 07:30 AM Eastern
Daylight Time", "Published: 21.03.2007 11:00", "发布于: 2025-04-07 14:39")."""

from __future__ import annotations

import datetime as dt
import re

from presskb.wires import wire_name

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
DATE = re.compile(  # a printed date, Latin or Chinese
    rf"(?<![A-Za-z0-9/])(?:{_MONTH_NAME}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+{_MONTH_NAME},?\s+{_YEAR}"
    rf"|{_YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)(?![A-Za-z0-9/])",
    re.IGNORECASE,
)
_LATIN_DATE_PARTS = re.compile(
    r"(?P<a>\d+|[^\W\d]+)(?:st|nd|rd|th)?\.?\s+(?P<b>\d+|[^\W\d]+)(?:st|nd|rd|th)?\.?,?\s+(?P<year>\d{4})"
)
_CHINESE_DATE_PARTS = re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d+)\s*月\s*(?P<day>\d+)\s*日")
_ISO_DATE = re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
# "21.03.2007": day first, as European sites print it (only on a timestamp line of its own)
_DOTTED_DATE = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?![\d.])")

# A timestamp printed on a line of its own: "June 2, 2025 07:30 AM Eastern Daylight Time",
# "2025年6月2日 上午 9:00 香港時間", "Thu, September 9, 2010", "2010-09-08 12:01:34".
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)"
_CLOCK = (r"(?:(?:at\s+|@\s*)?(?:上午|下午|中午|晚上|凌晨)?\s*\d{1,2}[:.：]\d{2}(?:[:.]\d{2})?"
          r"(?:\s*[ap]\.?\s?m\.?)?)")
_ZONE = (r"(?-i:(?:[A-Z][a-z]+\s+){0,3}Time|\(?[A-Z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?\)?"
         r"|[\u4e00-\u9fff]{1,6}(?:時間|时间))")
_STAMP = (rf"{_WEEKDAY}?(?:{DATE.pattern}|{_ISO_DATE.pattern}|(?<![\d.])\d{{1,2}}\.\d{{1,2}}\.{_YEAR}(?![\d.]))"
          rf"(?:[\s,|·]+{_CLOCK}(?:\s*{_ZONE})?)?")
# A header line of a repost: an optional label ("Published:", "Posted on"), the timestamp, and
# optionally a short name after a dash or bar ("- Market Wire", "| Source Name").
_HEADER_LABEL = (r"(?:(?:published|posted|released|updated|last\s+updated|date|release\s+date|"
                 r"publication\s+date|issued)(?:\s+(?:on|at))?"
                 r"|(?:发布|發佈|發布|发表|發表|更新|上传|上傳)(?:时间|時間|日期|于|於)|日期|时间|時間)")
_HEADER_LINE = re.compile(
    rf"^(?:(?P<label>{_HEADER_LABEL})\s*[:：]?\s*)?(?P<stamp>{_STAMP})"
    rf"(?:\s*(?:[-–—|·]|\bby\b)\s*(?P<by>[^\s.,;:!?。][^.;!?。]{{0,50}}))?\s*$",
    re.IGNORECASE,
)


def parse_date(text: str) -> dt.date:
    """'Dec. 26, 2025', '26 December 2025', '2026年1月12日', '2026-01-12', '12.01.2026' -> date.
    ValueError if impossible."""
    if match := _CHINESE_DATE_PARTS.search(text) or _ISO_DATE.match(text.strip()) or _DOTTED_DATE.match(text.strip()):
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    match = _LATIN_DATE_PARTS.match(text)
    if not match:
        raise ValueError(f"not a date: {text!r}")
    month, day = (match["a"], match["b"]) if not match["a"].isdigit() else (match["b"], match["a"])
    return dt.date(int(match["year"]), _MONTHS[month.lower().rstrip(".")], int(day))


def header_line(line: str) -> re.Match | None:
    """A line that only gives a date (and maybe a time, a zone, a label, a short name): the
    timestamp some wires print above the headline, or a repost's "Published: ..." line. It is
    never a title."""
    if len(line) > 120 or not (match := _HEADER_LINE.match(line.strip())):
        return None
    by = match["by"]
    if by and (len(by.split()) > 5 or not match["label"] and not wire_name(by) and len(by.split()) > 3):
        return None
    return match
