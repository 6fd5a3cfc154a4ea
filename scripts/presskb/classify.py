"""Classify stage: which taxonomy topics an article mentions, by whole-word alias matching."""

from __future__ import annotations

import re
from dataclasses import dataclass

from presskb.document import Document
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
        return doc.with_changes(topics=topics, warnings=warnings)


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
