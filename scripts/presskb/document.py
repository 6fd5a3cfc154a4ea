"""The one value that flows through the pipeline: read -> clean -> extract -> classify -> render.

Each stage returns a new `Document` (`Document.with_changes`); nothing is mutated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Literal

BlockKind = Literal["heading", "paragraph", "lines"]
# What duplicate grouping, suggest and the search index read of an article: all of any real
# release (a long one has a tenth of it), and a bounded start of a seed of megabytes.
LEADING_CHARS = 200_000


@dataclass(frozen=True)
class Block:
    """One unit of body text: a heading, a prose paragraph, or lines kept as lines (contacts)."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Removal:
    """Text the cleaner or extractor took out of the body, and why. Listed on the report."""

    rule: str
    text: str


@dataclass(frozen=True)
class Mention:
    """A sentence of the body that names a topic (or, for a long one, a window of it around the
    first match), with the matches to highlight."""

    topic: str
    block: int  # index into Document.blocks
    sentence: str  # the text quoted: a substring of the block's text
    marks: tuple[tuple[int, int], ...]  # (start, end) in `sentence`
    offset: int  # where `sentence` starts in the block's text
    cut: tuple[bool, bool]  # the sentence goes on before / after the text quoted


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate grouping compares of a body (see presskb.dedupe), taken in phase one so it
    is computed on every core and cached with the seed's outcome."""

    exact: bytes  # digest of the body's words: equal for identical bodies
    sketch: tuple[int, ...]  # smallest shingle hashes; empty for a body too short to be a near copy


@dataclass(frozen=True)
class Document:
    seed: str  # path from the project root, with forward slashes
    raw: str  # decoded seed text as its reader gives it (plain text, blank-line paragraphs)
    seed_sha256: str
    blocks: tuple[Block, ...] = ()
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    source_url: str | None = None
    dateline: str | None = None
    issuer: str | None = None
    categories: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # topic names the article is about, in taxonomy order
    passing_topics: tuple[str, ...] = ()  # named only in boilerplate or in passing: weaker links
    mentions: tuple[Mention, ...] = ()
    language: str | None = None
    also_at: tuple[str, ...] = ()  # other addresses of the same release (pickups, copies)
    declared: frozenset[str] = frozenset()  # fields the seed declared: extraction keeps them
    duplicate_of: str | None = None  # seed path of the canonical copy
    copies: tuple[str, ...] = ()  # seed paths of the duplicates grouped under this one
    removed: tuple[Removal, ...] = ()
    warnings: tuple[str, ...] = ()
    fingerprint: Fingerprint | None = None  # None: not taken yet (dedupe takes it then)
    # Entity names suggest counts, (name, kind, block index), first mention of each; None: not found yet
    entity_candidates: tuple[tuple[str, str, int], ...] | None = None
    slug: str = ""  # the page name its title gives, before it is made unique; "": not taken yet
    path: str = ""  # generated page, relative to docs/, e.g. articles/2025/<slug>.md

    def with_changes(self, **changes) -> Document:
        """A copy with `changes`: its fields copied at once (``dataclasses.replace`` sets them
        one by one through ``__init__``, ten times per seed)."""
        if unknown := changes.keys() - _DOCUMENT_FIELDS:
            raise TypeError(f"Document has no field {', '.join(sorted(unknown))}")
        changed = object.__new__(Document)
        changed.__dict__.update(self.__dict__, **changes)
        return changed

    def with_found(self, **values) -> Document:
        """Set values found by extraction, except fields the seed declared itself."""
        return self.with_changes(**{key: value for key, value in values.items() if key not in self.declared})

    def warn(self, message: str) -> tuple[str, ...]:
        return self.warnings + (message,)

    def leading_texts(self, chars: int = LEADING_CHARS) -> list[str]:
        """The blocks' texts, up to `chars` characters in all (the last one cut there)."""
        texts = []
        for block in self.blocks:
            if chars <= 0:
                break
            texts.append(block.text[:chars])
            chars -= len(block.text)
        return texts

    @property
    def year(self) -> str:
        return str(self.date.year) if self.date else "undated"


_DOCUMENT_FIELDS = frozenset(field.name for field in fields(Document))
