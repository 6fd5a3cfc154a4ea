"""Time grouping for listings: articles by year and month, and a small SVG bar chart of
articles per month, generated at build time (no JavaScript), with a text alternative."""

from __future__ import annotations

import calendar
from collections import Counter
from itertools import groupby

from presskb.document import Document

BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 6, 2, 40
MAX_MONTHS = 120  # a chart covers at most the last ten years


def by_year(docs: list[Document]) -> list[tuple[str, list[Document]]]:
    """(year or 'undated', articles newest first), in the order of `docs` (newest first)."""
    return [(year, list(group)) for year, group in groupby(docs, key=lambda d: d.year)]


def by_month(docs: list[Document]) -> list[tuple[str, list[Document]]]:
    """('December 2025', articles) for dated articles, in the order of `docs`."""
    dated = [doc for doc in docs if doc.date]
    return [
        (f"{calendar.month_name[month]} {year}", list(group))
        for (year, month), group in groupby(dated, key=lambda d: (d.date.year, d.date.month))
    ]


def month_chart(docs: list[Document], label: str) -> str | None:
    """An inline SVG bar chart of dated articles per month; None without dated articles."""
    counts = Counter((d.date.year, d.date.month) for d in docs if d.date)
    if not counts:
        return None
    months = _months_between(min(counts), max(counts))[-MAX_MONTHS:]
    peak = max(counts.values())
    bars, words = [], []
    for position, (year, month) in enumerate(months):
        count = counts.get((year, month), 0)
        height = round(CHART_HEIGHT * count / peak) if count else 0
        name = f"{calendar.month_abbr[month]} {year}"
        x = position * (BAR_WIDTH + BAR_GAP)
        bars.append(
            f'<rect x="{x}" y="{CHART_HEIGHT - height}" width="{BAR_WIDTH}" height="{max(height, 1)}"'
            f' fill="{"currentColor" if count else "#ccc"}"><title>{name}: {count}</title></rect>'
        )
        if count:
            words.append(f"{name}: {count}")
    width = len(months) * (BAR_WIDTH + BAR_GAP)
    summary = (f"{label}: articles per month from {calendar.month_abbr[months[0][1]]} {months[0][0]} "
               f"to {calendar.month_abbr[months[-1][1]]} {months[-1][0]}, at most {peak} in a month")
    return (
        f'<svg class="presskb-timeline" role="img" aria-label="{summary}" width="{width}" '
        f'height="{CHART_HEIGHT}" viewBox="0 0 {width} {CHART_HEIGHT}">'
        f'<desc>{"; ".join(words)}</desc>{"".join(bars)}</svg>'
    )


def _months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
