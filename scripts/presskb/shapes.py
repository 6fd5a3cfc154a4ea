"""Seeds of hostile shapes, at any size: what a scraped page can hold that no release does.

The benchmark builds each at just under the seed size limit (the build time must grow linearly
with a seed's size, whatever its shape), and the tests build them small and check that every
generated page stays bounded.
"""

from __future__ import annotations

import itertools

HEAD = ("Pathological Release Names HiCM-188 Again and Again\n\n"
        "NANJING, China, March 3, 2026 /PRNewswire/ -- HELP Therapeutics said HiCM-188 did well.\n\n")


# Each shape is a piece of text repeated (with {n} counting up) until the seed has its size.
SHAPES: dict[str, str] = {
    # a page with no line breaks: sentences, each naming a topic
    "one-paragraph": "HiCM-188 improved heart failure outcomes in cohort {n} of the cell therapy study. ",
    # no line break and no full stop: one endless sentence naming a topic over and over
    "one-line": "the HiCM-188 program and its cohort {n} and ",
    "short-lines": "Line {n} on cell therapy\n",
    "paragraphs": "Paragraph {n} reports that HiCM-188 was studied in heart failure.\n\n",
    "topic-only": "HiCM-188 ",
    "markdown-punctuation": "*a_{n}* _b*_ [c]( `d ** <e &amp; [f]: <g> __h` ![i] |j| {{k}} #{n} > * - ",
    "urls": "See https://example.com/releases/{n}?ref=HiCM-188&x=<y> or www.example.org/{n}. ",
    # full stops that end no sentence: one sentence of abbreviations naming a topic
    "abbreviations": "Acme Inc. and Beta Corp. of St. Louis vs. Dr. J. Smith on HiCM-188 etc. ",
    # Chinese without punctuation: one run of Han characters naming topics
    "chinese": "艾尔普的HiCM188疗法用于心力衰竭患者的细胞治疗临床研究进展顺利",
}


def seed(shape: str, size: int, head: bool = True) -> bytes:
    """A release of `shape`, `size` bytes of UTF-8 at most (whole pieces only), after a title
    and a dateline (`head`) or alone."""
    data = bytearray(HEAD.encode() if head else b"")
    for n in itertools.count():
        piece = SHAPES[shape].format(n=n).encode()
        if len(data) + len(piece) > size:
            return bytes(data)
        data += piece
    raise AssertionError("unreachable: itertools.count is endless")
