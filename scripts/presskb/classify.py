"""Classify stage: which taxonomy topics an article mentions, by whole-word alias matching."""

from __future__ import annotations

import re
from dataclasses import dataclass

from presskb.document import Document, Mention

MENTIONS_PER_TOPIC = 3
# A full stop ends a sentence unless it ends one of these (or a single capital: "J. Smith").
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof inc corp co ltd llc plc st no vs etc u.s u.k e.g i.e jan feb mar apr jun "
    "jul aug sep sept oct nov dec fig approx".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[。！？])(?P<cjk>)")


def split_sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match["close"] or "")
        before = text[start : match.start()]
        last_word = before.rstrip(".!?").rsplit(" ", 1)[-1].lower()
        if before.endswith(".") and (last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word)):
            continue
        sentences.append(text[start:end].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]
from presskb.taxonomy import Alias, Taxonomy


@dataclass(frozen=True)
class Classifier:
    """Two compiled alternations (case-insensitive and exact-case) over every alias."""

    taxonomy: Taxonomy
    folded: re.Pattern | None
    exact: re.Pattern | None
    owners: dict[str, str]  # alias key -> topic name

    @classmethod
    def build(cls, taxonomy: Taxonomy) -> Classifier:
        owners: dict[str, str] = {}
        folded, exact = [], []
        for topic in taxonomy.topics:
            for alias in topic.patterns:
                owners[_key(alias.text, alias.match_case)] = topic.name
                (exact if alias.match_case else folded).append(alias.text)
        return cls(taxonomy, _alternation(folded, re.IGNORECASE), _alternation(exact, 0), owners)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, topic name) of every mention, in text order, without overlaps."""
        found = []
        for pattern, match_case in ((self.folded, False), (self.exact, True)):
            if pattern:
                for match in pattern.finditer(text):
                    if owner := self.owners.get(_key(match.group(), match_case)):
                        found.append((match.start(), match.end(), owner))
        found.sort(key=lambda span: (span[0], -span[1]))
        kept: list[tuple[int, int, str]] = []
        for span in found:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept

    def topics_in(self, text: str) -> tuple[str, ...]:
        found: set[str] = set()
        for pattern, match_case in ((self.folded, False), (self.exact, True)):
            if pattern:
                found.update(self.owners.get(_key(m, match_case)) for m in pattern.findall(text))
        return tuple(topic.name for topic in self.taxonomy.topics if topic.name in found)

    def classify(self, doc: Document) -> Document:
        text = "\n".join([doc.title or "", *(block.text for block in doc.blocks)])
        topics = self.topics_in(text)
        warnings = doc.warnings if topics else doc.warn("mentions no topic of the taxonomy")
        return doc.with_changes(topics=topics, warnings=warnings, mentions=self.mentions(doc))

    def mentions(self, doc: Document) -> tuple[Mention, ...]:
        """Up to MENTIONS_PER_TOPIC sentences of the body per topic, in reading order."""
        found: list[Mention] = []
        counts: dict[str, int] = {}
        for index, block in enumerate(doc.blocks):
            if block.kind == "heading":
                continue
            for sentence in split_sentences(block.text):
                by_topic: dict[str, list[tuple[int, int]]] = {}
                for start, end, topic in self.spans(sentence):
                    by_topic.setdefault(topic, []).append((start, end))
                for topic, marks in by_topic.items():
                    if counts.get(topic, 0) < MENTIONS_PER_TOPIC:
                        counts[topic] = counts.get(topic, 0) + 1
                        found.append(Mention(topic, index, sentence, tuple(marks)))
        return tuple(found)


def _key(text: str, match_case: bool) -> str:
    return text if match_case else text.casefold()


def _alternation(aliases: list[str], flags: int) -> re.Pattern | None:
    """Longest alias first, so 'cell therapy' wins over 'cell'; word edges only where the
    alias itself starts or ends with a word character of a spaced script."""
    if not aliases:
        return None
    parts = [_bounded(alias) for alias in sorted(set(aliases), key=lambda a: (-len(a), a))]
    return re.compile("(" + "|".join(parts) + ")", flags)


def _bounded(alias: str) -> str:
    body = re.escape(alias)
    start = r"(?<!\w)" if _spaced_word_char(alias[0]) else ""
    end = r"(?!\w)" if _spaced_word_char(alias[-1]) else ""
    return f"{start}(?:{body}){end}" if (start or end) else body


def _spaced_word_char(char: str) -> bool:
    """Word characters of scripts that separate words with spaces (not CJK)."""
    return bool(re.match(r"\w", char)) and not ("\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af")
