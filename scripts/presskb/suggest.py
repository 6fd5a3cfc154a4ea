"""Discovery: entities the taxonomy lacks, found in the corpus, most frequent first.

Drug and product codes (HiCM-188, HRS-7535, AK112) and organisations (... Therapeutics,
... Pharmaceutical(s), ... Biotech, ... Biologics, and Chinese company names), each with the
number of articles naming it and an example sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import yaml

from presskb.classify import Classifier, split_sentences, window
from presskb.document import Document

_CODE = re.compile(r"(?<![\w-])(?=[A-Za-z]*[A-Z])[A-Za-z]{1,6}-?[A-Z]?\d{2,5}[A-Za-z]?(?![\w-])")
_NOT_CODES = re.compile(
    r"^(?:COVID-?\d+|SARS-?\w+|[QH][1-4]\d*|FY\d+|CY\d+|ISO-?\d+|Form\d+|"
    r"[A-Z]?\d+[A-Z]?|No\d+|Top\d+|Web\d|Phase\d+|Series\d+|MP\d|USB\d|G\d|PM\d+|CO\d|H\d|CVE\d+)$",
    re.IGNORECASE,
)
_ORG_SUFFIX = r"(?:Therapeutics|Pharmaceuticals?|Pharma|Biotech(?:nology)?|Biologics|Biosciences|Biopharma(?:ceuticals?)?|Bio)"
# At most ORG_WORDS words before the suffix: unbounded, a long run of capitalised words without
# one is scanned again from every word, in quadratic time.
ORG_WORDS = 8
_ORG = re.compile(
    rf"(?<![\w&])((?:[A-Z][\w&'’.-]*|[A-Z]{{2,}})(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){{0,{ORG_WORDS - 1}}}?"
    rf"\s+{_ORG_SUFFIX})\b"
)
_CHINESE_ORG_WORD = r"(?:生物|医药|制药|药业|生物科技|生物医药)"
_CHINESE_ORG = re.compile(rf"[\u4e00-\u9fff]{{2,10}}?{_CHINESE_ORG_WORD}(?:股份)?(?:有限)?(?:公司|集团)?")
# The name patterns try every position of a text: a quick search for the word each needs skips
# the texts (nearly all) without one.
_HAS_DIGITS = re.compile(r"\d\d")  # a code has two or more
_HAS_ORG_SUFFIX = re.compile(_ORG_SUFFIX)
_HAS_CHINESE_ORG_WORD = re.compile(_CHINESE_ORG_WORD)
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_LEADING_NOISE = re.compile(r"^(?:The|A|An|About|At|In|By|For|From|With|And|Today|SOURCE|Source)\s+")
MIN_ARTICLES = 2


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str  # product or company
    articles: int
    example: str
    example_seed: str


def suggest(docs: list[Document], classifier: Classifier, limit: int = 50,
            min_articles: int = MIN_ARTICLES) -> list[Suggestion]:
    """Entities named in at least `min_articles` articles that no topic of the taxonomy names."""
    known = {alias.text.casefold() for topic in classifier.taxonomy.topics for alias in topic.patterns}
    counts: Counter = Counter()
    first_seen: dict[tuple[str, str], tuple[Document, int]] = {}
    for doc in docs:
        found = doc.entity_candidates if doc.entity_candidates is not None else entity_candidates(doc)
        for name, kind, block in found:
            if name.casefold() not in known:
                counts[(name, kind)] += 1
                first_seen.setdefault((name, kind), (doc, block))
    ranked = sorted((key for key, count in counts.items() if count >= min_articles),
                    key=lambda key: (-counts[key], key[0]))[:limit]
    return [Suggestion(name, kind, counts[(name, kind)], *_example(name, *first_seen[(name, kind)]))
            for name, kind in ranked]


def entity_candidates(doc: Document) -> tuple[tuple[str, str, int], ...]:
    """(name, kind, block index) of each candidate the body names, at its first mention: taken per
    seed in phase one, on every core and cached, so `suggest` only counts."""
    found: dict[tuple[str, str], int] = {}
    for index, (block, text) in enumerate(zip(doc.blocks, doc.leading_texts())):
        if block.kind != "heading":
            for key in _candidates(text):
                found.setdefault(key, index)
    return tuple((name, kind, index) for (name, kind), index in found.items())


def _example(name: str, doc: Document, block: int) -> tuple[str, str]:
    """The first sentence naming `name` in the block it was first seen in (a window of it, when
    long), and the seed."""
    text = doc.blocks[block].text
    sentence = next((s for s in split_sentences(text) if name in s), text)
    start = max(0, sentence.find(name))
    begin, end = window(sentence, start, start + len(name))
    return ("…" if begin else "") + sentence[begin:end] + ("…" if end < len(sentence) else ""), doc.seed


def _candidates(sentence: str):
    if _HAS_DIGITS.search(sentence):
        for match in _CODE.finditer(sentence):
            code = match.group()
            if not _NOT_CODES.match(code.replace("-", "")) and _LETTER.search(code) and _DIGIT.search(code):
                yield code, "product"
    if _HAS_ORG_SUFFIX.search(sentence):
        for match in _ORG.finditer(sentence):
            name = _LEADING_NOISE.sub("", match.group(1)).strip()
            if len(name.split()) >= 2:
                yield name, "company"
    if _HAS_CHINESE_ORG_WORD.search(sentence):
        for match in _CHINESE_ORG.finditer(sentence):
            yield match.group(), "company"


def as_yaml(suggestions: list[Suggestion]) -> str:
    """Ready-to-edit taxonomy entries, to paste under `topics:` in topics.yml."""
    entries = [{"name": s.name, "kind": s.kind, "description": f"Found in {s.articles} articles, e.g. {s.example_seed}.",
                "aliases": []} for s in suggestions]
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
