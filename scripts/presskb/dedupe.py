"""Group copies of one release reposted by several sites: exact and near-duplicate bodies.

Linear in the number of documents: each body becomes a set of hashed word 5-grams (shingles),
summarised by its SKETCH_SIZE smallest hashes (a bottom-k sketch). Near-duplicates share most
of their sketch; documents sharing at least SKETCH_MATCH sketch values are candidates, and
only candidates are compared, by the Jaccard similarity of their shingle sets. A sketch value
shared by more than COMMON_SHINGLE documents is boilerplate (a wire's footer) and is ignored.
Each body's sketch and exact key (its `Fingerprint`) are taken per seed in phase one, on every
core; grouping computes shingle sets again only for the few candidates.

The canonical copy of a group is the one with the most metadata (ties: the first seed path).
It lists the others as copies; the others point to it with `duplicate_of` and get no page.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import zlib
from collections import Counter, defaultdict
from itertools import chain

from presskb.document import Document, Fingerprint

SHINGLE_WORDS = 5
SKETCH_SIZE = 8
SKETCH_MATCH = 3
COMMON_SHINGLE = 50
NEAR_DUPLICATE_JACCARD = 0.8
MIN_WORDS_FOR_NEAR = 30  # shorter bodies are grouped only when identical
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")
_METADATA_FIELDS = ("title", "date", "source", "source_url", "dateline", "issuer", "categories",
                    "language")


def tokens(doc: Document) -> list[str]:
    """Words of the title and the start of the cleaned body (`Document.leading_texts`),
    lower-cased; each Chinese character is a word."""
    return _TOKEN.findall(" ".join([doc.title or "", *doc.leading_texts()]).lower())


def shingles(words: list[str]) -> frozenset[int]:
    """Hashes of the word 5-grams. A word is its CRC-32 and a tuple of ints hashes the same in
    every process (a str's hash does not), so fingerprints taken by workers agree."""
    numbers = list(map(_word_numbers.__getitem__, words))
    if len(numbers) < SHINGLE_WORDS:
        return frozenset({hash(tuple(numbers))})
    return frozenset(map(hash, zip(*(numbers[i:] for i in range(SHINGLE_WORDS)))))


class _WordNumbers(dict):
    """Each word's CRC-32, kept: a corpus repeats the same few tens of thousands of words (and
    forgotten past `_WORDS_KEPT`, so a long `presskb serve` holds no more)."""

    def __missing__(self, word: str) -> int:
        if len(self) >= _WORDS_KEPT:
            self.clear()
        number = self[word] = zlib.crc32(word.encode())
        return number


_WORDS_KEPT = 200_000


_word_numbers = _WordNumbers()


def fingerprint(doc: Document) -> Fingerprint:
    words = tokens(doc)
    exact = hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()
    if len(words) < MIN_WORDS_FOR_NEAR:
        return Fingerprint(exact, ())
    return Fingerprint(exact, tuple(heapq.nsmallest(SKETCH_SIZE, shingles(words))))


def metadata_score(doc: Document) -> int:
    return sum(1 for name in _METADATA_FIELDS if getattr(doc, name))


def group_duplicates(docs: list[Document], compared: dict[tuple[bytes, bytes], bool] | None = None,
                     ) -> tuple[list[Document], list[Document]]:
    """(canonical documents, duplicates), both in input order. `compared` holds, by their exact
    keys, pairs of candidates already found near copies or not (kept by the ingest cache, so a
    rebuild compares only new pairs); the pairs compared here are added to it."""
    compared = {} if compared is None else compared
    prints = [doc.fingerprint or fingerprint(doc) for doc in docs]
    shingle_sets: dict[int, frozenset[int]] = {}  # only candidates' are needed

    def shingles_of(i: int) -> frozenset[int]:
        if i not in shingle_sets:
            shingle_sets[i] = shingles(tokens(docs[i]))
        return shingle_sets[i]

    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    exact: dict[bytes, int] = {}
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, taken in enumerate(prints):
        if taken.exact in exact:
            union(exact[taken.exact], index)
            continue
        exact[taken.exact] = index
        sketch = taken.sketch
        if not sketch:
            continue
        # One count over the chained buckets: a Counter.update per bucket took most of the time
        shared = Counter(chain.from_iterable(
            bucket for key in sketch if len(bucket := buckets[key]) <= COMMON_SHINGLE))
        for key in sketch:
            buckets[key].append(index)
        for other, count in shared.items():
            if count >= min(SKETCH_MATCH, len(sketch)) and root(other) != root(index):
                pair = (min(taken.exact, prints[other].exact), max(taken.exact, prints[other].exact))
                if pair not in compared:
                    compared[pair] = _jaccard(shingles_of(index), shingles_of(other)) >= NEAR_DUPLICATE_JACCARD
                if compared[pair]:
                    union(other, index)

    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(docs)):
        groups[root(index)].append(index)
    canonical, duplicates = {}, {}
    for members in groups.values():
        best = min(members, key=lambda i: (-metadata_score(docs[i]), docs[i].seed))
        others = [i for i in members if i != best]
        canonical[best] = _with_copies(docs[best], [docs[i] for i in others])
        for i in others:
            duplicates[i] = docs[i].with_changes(duplicate_of=docs[best].seed)
    return (
        [canonical[i] for i in sorted(canonical)],
        [duplicates[i] for i in sorted(duplicates)],
    )


def _with_copies(doc: Document, others: list[Document]) -> Document:
    if not others:
        return doc
    others = sorted(others, key=lambda other: other.seed)
    addresses = list(doc.also_at)
    for other in others:
        for url in (other.source_url, *other.also_at):
            if url and url != doc.source_url and url not in addresses:
                addresses.append(url)
    return doc.with_changes(copies=tuple(other.seed for other in others), also_at=tuple(addresses))


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)
