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
        found = {topic for _, _, topic in self.spans(text)}
        return tuple(topic.name for topic in self.taxonomy.topics if topic.name in found)

    def classify(self, doc: Document) -> Document:
        """Topics of the title and body, and up to MENTIONS_PER_TOPIC sentences per topic,
        from one scan of each block."""
        found = {topic for _, _, topic in self.spans(doc.title or "")}
        mentions: list[Mention] = []
        counts: dict[str, int] = {}
        for index, block in enumerate(doc.blocks):
            spans = self.spans(block.text)
            found.update(topic for _, _, topic in spans)
            if block.kind == "heading" or not spans:
                continue
            for sentence_start, sentence in _sentences_with_offsets(block.text):
                end = sentence_start + len(sentence)
                marks: dict[str, list[tuple[int, int]]] = {}
                for start, stop, topic in spans:
                    if sentence_start <= start and stop <= end:
                        marks.setdefault(topic, []).append((start - sentence_start, stop - sentence_start))
                for topic, topic_marks in marks.items():
                    if counts.get(topic, 0) < MENTIONS_PER_TOPIC:
                        counts[topic] = counts.get(topic, 0) + 1
                        mentions.append(Mention(topic, index, sentence, tuple(topic_marks)))
        topics = tuple(topic.name for topic in self.taxonomy.topics if topic.name in found)
        warnings = doc.warnings if topics else doc.warn("mentions no topic of the taxonomy")
        return doc.with_changes(topics=topics, warnings=warnings, mentions=tuple(mentions))


def _sentences_with_offsets(text: str) -> list[tuple[int, str]]:
    located, position = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, position)
        located.append((start, sentence))
        position = start + len(sentence)
    return located


def _key(text: str, match_case: bool) -> str:
    return text if match_case else text.casefold()


def _alternation(aliases: list[str], flags: int) -> re.Pattern | None:
    """One regex for all aliases, shaped as a trie (shared prefixes factored out, longer
    continuations first) so that each text position is tried once, not once per alias.
    Word edges apply where an alias starts or ends with a word character of a spaced script."""
    if not aliases:
        return None
    groups: dict[tuple[bool, bool], list[str]] = {}
    for alias in set(aliases):
        key = (_spaced_word_char(alias[0]), _spaced_word_char(alias[-1]))
        groups.setdefault(key, []).append(alias.casefold() if flags & re.IGNORECASE else alias)
    parts = []
    for (start, end), members in sorted(groups.items()):
        parts.append(("(?<!\\w)" if start else "") + "(?:" + _trie(members) + ")" + ("(?!\\w)" if end else ""))
    return re.compile("(" + "|".join(parts) + ")", flags)


def _trie(words: list[str]) -> str:
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(tree)


def _pattern(node: dict) -> str:
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _spaced_word_char(char: str) -> bool:
    """Word characters of scripts that separate words with spaces (not CJK)."""
    return bool(re.match(r"\w", char)) and not ("\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af")
