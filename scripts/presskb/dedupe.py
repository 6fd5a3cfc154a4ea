"""Group copies of one release reposted by several sites: exact and near-duplicate bodies.

Linear in the number of documents: each body becomes a set of hashed word 5-grams (shingles);
documents sharing one of their few smallest shingle hashes (a bottom-k sketch) are candidates,
and only candidates are compared, by the Jaccard similarity of their shingle sets.

The canonical copy of a group is the one with the most metadata (ties: the first seed path).
It lists the others as copies; the others point to it with `duplicate_of` and get no page.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from presskb.document import Document

SHINGLE_WORDS = 5
SKETCH_SIZE = 4
NEAR_DUPLICATE_JACCARD = 0.8
MIN_WORDS_FOR_NEAR = 30  # shorter bodies are grouped only when identical
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")
_METADATA_FIELDS = ("title", "date", "source", "source_url", "dateline", "issuer", "categories",
                    "language")


def tokens(doc: Document) -> list[str]:
    """Words of the cleaned body (and title), lower-cased; each Chinese character is a word."""
    text = " ".join([doc.title or "", *(block.text for block in doc.blocks)])
    return _TOKEN.findall(text.lower())


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def shingles(words: list[str]) -> frozenset[int]:
    if len(words) < SHINGLE_WORDS:
        return frozenset({_hash(" ".join(words))})
    return frozenset(_hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1))


def metadata_score(doc: Document) -> int:
    return sum(1 for name in _METADATA_FIELDS if getattr(doc, name))


def group_duplicates(docs: list[Document]) -> tuple[list[Document], list[Document]]:
    """(canonical documents, duplicates), both in input order."""
    words = [tokens(doc) for doc in docs]
    sets = [shingles(w) for w in words]
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

    exact: dict[int, int] = {}
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, (doc_words, doc_set) in enumerate(zip(words, sets)):
        exact_key = _hash(" ".join(doc_words))
        if exact_key in exact:
            union(exact[exact_key], index)
            continue
        exact[exact_key] = index
        if len(doc_words) < MIN_WORDS_FOR_NEAR:
            continue
        compared: set[int] = set()
        for key in sorted(doc_set)[:SKETCH_SIZE]:
            for other in buckets[key]:
                if other not in compared and root(other) != root(index):
                    compared.add(other)
                    if _jaccard(doc_set, sets[other]) >= NEAR_DUPLICATE_JACCARD:
                        union(other, index)
            buckets[key].append(index)

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
    return len(a & b) / len(a | b)
