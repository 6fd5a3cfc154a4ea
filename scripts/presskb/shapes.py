"""Seeds of hostile shapes, at any size: what a scraped page can hold that no release does.

The benchmark builds each at just under the seed size limit (the build time must grow linearly
with a seed's size, whatever its shape), and the tests build them small and check that every
generated page stays bounded.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

HEAD = ("Pathological Release Names HiCM-188 Again and Again\n\n"
        "NANJING, China, March 3, 2026 /PRNewswire/ -- HELP Therapeutics said HiCM-188 did well.\n\n")


def _one_paragraph() -> Iterator[str]:
    """A page with no line breaks: sentences, each naming a topic."""
    for n in itertools.count():
        yield f"HiCM-188 improved heart failure outcomes in cohort {n} of the cell therapy study. "


def _one_line() -> Iterator[str]:
    """No line break and no full stop: one endless sentence naming a topic over and over."""
    for n in itertools.count():
        yield f"the HiCM-188 program and its cohort {n} and "


def _short_lines() -> Iterator[str]:
    for n in itertools.count():
        yield f"Line {n} on cell therapy\n"


def _paragraphs() -> Iterator[str]:
    for n in itertools.count():
        yield f"Paragraph {n} reports that HiCM-188 was studied in heart failure.\n\n"


def _topic_only() -> Iterator[str]:
    while True:
        yield "HiCM-188 "


def _markdown_punctuation() -> Iterator[str]:
    for n in itertools.count():
        yield f"*a_{n}* _b*_ [c]( `d ** <e &amp; [f]: <g> __h` ![i] |j| {{k}} #{n} > * - "


def _urls() -> Iterator[str]:
    for n in itertools.count():
        yield f"See https://example.com/releases/{n}?ref=HiCM-188&x=<y> or www.example.org/{n}. "


def _abbreviations() -> Iterator[str]:
    """Full stops that end no sentence: one sentence of abbreviations naming a topic."""
    while True:
        yield "Acme Inc. and Beta Corp. of St. Louis vs. Dr. J. Smith on HiCM-188 etc. "


def _chinese() -> Iterator[str]:
    """Chinese text without punctuation: one run of Han characters naming a topic."""
    while True:
        yield "艾尔普的HiCM188疗法用于心力衰竭患者的细胞治疗临床研究进展顺利"


SHAPES: dict[str, Callable[[], Iterator[str]]] = {
    "one-paragraph": _one_paragraph,
    "one-line": _one_line,
    "short-lines": _short_lines,
    "paragraphs": _paragraphs,
    "topic-only": _topic_only,
    "markdown-punctuation": _markdown_punctuation,
    "urls": _urls,
    "abbreviations": _abbreviations,
    "chinese": _chinese,
}


def seed(shape: str, size: int, head: bool = True) -> bytes:
    """A release of `shape`, `size` bytes of UTF-8 at most (whole pieces only), after a title
    and a dateline (`head`) or alone."""
    data = bytearray(HEAD.encode() if head else b"")
    for piece in SHAPES[shape]():
        encoded = piece.encode()
        if len(data) + len(encoded) > size:
            return bytes(data)
        data += encoded
    raise AssertionError("unreachable: shapes are endless")
