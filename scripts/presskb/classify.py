"""Classify stage: which taxonomy topics an article is about, by whole-word alias matching.

A therapeutic area or technology the article is *about* is named in its title, in its lead (outside the company's
descriptor: "X, a clinical-stage oncology company, today ..."), or in at least two sentences
of its body outside boilerplate (About sections, forward-looking statements, contacts,
disclaimers). One named only there, or once in passing, is a weaker link: `passing_topics`.
Companies, products and people are linked wherever they are named.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from presskb.document import Document, Mention
from presskb.extract import ABOUT_HEADING
from presskb.taxonomy import Taxonomy

MENTIONS_PER_TOPIC = 3
# A quoted mention is its sentence, or a window of it this long around its first match with at
# most MARKS_PER_MENTION matches highlighted: a topic page stays small whatever a seed holds.
MENTION_CHARS = 300
MENTION_CONTEXT_BEFORE = 100
MARKS_PER_MENTION = 5
# A full stop ends a sentence unless it ends one of these (or a single capital: "J. Smith").
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof inc corp co ltd llc plc st no vs etc u.s u.k e.g i.e jan feb mar apr jun "
    "jul aug sep sept oct nov dec fig approx".split()
)
_LAST_WORD_CHARS = 24  # longer than any abbreviation
_SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[。！？])(?P<cjk>)")


def split_sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match["close"] or "")
        # Only the last word matters: the sentence so far may be megabytes long.
        before = text[max(start, match.start() - _LAST_WORD_CHARS) : match.start()]
        last_word = before.rstrip(".!?").rsplit(" ", 1)[-1].lower()
        if before.endswith(".") and (last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word)):
            continue
        sentences.append(text[start:end].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


_BLOCK_JOINER = "\x00"  # control characters never reach the blocks (see clean)
LEAD_MIN_CHARS = 80
_PROSE_END = (".", "!", "?", "。", "！", "？", "”", '"')
BODY_SENTENCES = 2  # sentences naming a topic outside boilerplate that make it a subject
# Kinds of topic that are subjects only when the article is about them; a company, product or
# person named anywhere is a link to it.
RELEVANCE_KINDS = frozenset({"therapeutic-area", "technology"})
_BOILERPLATE_HEADING = re.compile(
    r"^(?:forward[- ]looking|safe[- ]harbou?r|cautionary|disclaimer|legal\s+notice|notes?\s+to\s+editors|"
    r"(?:media|press|investor|news)\s+(?:contacts?|inquiries|enquiries|relations)|contacts?\b|"
    r"前瞻性|免责|免責|媒体联系|媒體聯繫|联系方式|聯繫方式|投资者关系|投資者關係)",
    re.IGNORECASE,
)
_BOILERPLATE_PARAGRAPH = re.compile(
    r"^(?:about\s+[^.:]{2,80}?[:：]|forward[- ]looking\s+statements?\b|safe\s+harbou?r\b|disclaimer\b|"
    r"this\s+(?:press\s+)?(?:release|announcement)\s+(?:contains|includes|may\s+contain)\s+forward|"
    r"certain\s+statements\s+in\s+this|except\s+for\s+(?:the\s+)?historical|前瞻性|免责声明|免責聲明)",
    re.IGNORECASE,
)
# The company's descriptor in the lead: ", a clinical-stage company focused on cancer, ".
_DESCRIPTOR = re.compile(
    r"[,(]\s*(?:a|an|the)\s+[^,;()]{0,160}?\b(?:company|companies|firm|developer|leader|innovator|"
    r"provider|platform|pioneer|specialist|biotech|biopharma|organization|organisation)\b[^,;()]{0,120}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Classifier:
    """Two compiled alternations (case-insensitive and exact-case) over every alias.

    The case-insensitive one is scanned over the text lower-cased when that finds the same (see
    `_lowered`): a third faster than the regex engine folding case as it goes."""

    taxonomy: Taxonomy
    folded: re.Pattern | None
    exact: re.Pattern | None
    owners: dict[str, str]  # alias key -> topic name
    lowered: re.Pattern | None = None  # `folded` matching case, for lower-cased text

    @classmethod
    def build(cls, taxonomy: Taxonomy) -> Classifier:
        owners: dict[str, str] = {}
        folded, exact = [], []
        for topic in taxonomy.topics:
            for alias in topic.patterns:
                owners[_key(alias.text, alias.match_case)] = topic.name
                (exact if alias.match_case else folded).append(alias.text)
        lowered = _alternation(folded, 0, fold=True) if all(map(_lowers_exactly, folded)) else None
        return cls(taxonomy, _alternation(folded, re.IGNORECASE), _alternation(exact, 0), owners, lowered)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, topic name) of every mention, in text order, without overlaps."""
        found = []
        for pattern, scanned, match_case in self._scans(text):
            for match in pattern.finditer(scanned):
                start, end = match.span()
                if owner := self.owners.get(_key(text[start:end], match_case)):
                    found.append((start, end, owner))
        found.sort(key=lambda span: (span[0], -span[1]))
        kept: list[tuple[int, int, str]] = []
        for span in found:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept

    def _scans(self, text: str):
        """(pattern, the text it scans, whether it matches case): offsets are the same in both."""
        if self.lowered:
            yield self.lowered, _lowered(text), False
        elif self.folded:
            yield self.folded, text, False
        if self.exact:
            yield self.exact, text, True

    def _spans_per_block(self, blocks) -> list[list[tuple[int, int, str]]]:
        """`spans` of each block's text, from one scan of them all (a call per block costs more
        than the scan for an article of thousands of short paragraphs). The blocks are joined by
        a character no alias can match, so no match runs from one into the next."""
        per_block: list[list[tuple[int, int, str]]] = [[] for _ in blocks]
        starts, offset = [], 0
        for block in blocks:
            starts.append(offset)
            offset += len(block.text) + 1
        index = 0
        for start, end, topic in self.spans(_BLOCK_JOINER.join(block.text for block in blocks)):
            while index + 1 < len(starts) and starts[index + 1] <= start:
                index += 1
            per_block[index].append((start - starts[index], end - starts[index], topic))
        return per_block

    def topics_in(self, text: str) -> tuple[str, ...]:
        found = {topic for _, _, topic in self.spans(text)}
        return tuple(topic.name for topic in self.taxonomy.topics if topic.name in found)

    def classify(self, doc: Document) -> Document:
        """Topics the article is about and topics it names in passing, and up to
        MENTIONS_PER_TOPIC sentences per topic, from one scan of the body."""
        found = {topic for _, _, topic in self.spans(doc.title or "")}
        subjects = set(found)  # named in the title
        body_sentences: dict[str, int] = {}  # sentences outside boilerplate naming each topic
        mentions: list[Mention] = []
        counts: dict[str, int] = {}
        lead = _lead_index(doc)
        boilerplate = _boilerplate_blocks(doc)
        for index, (block, spans) in enumerate(zip(doc.blocks, self._spans_per_block(doc.blocks))):
            found.update(topic for _, _, topic in spans)
            if block.kind == "heading" or not spans:
                continue
            descriptors = _Spans(m.span() for m in _DESCRIPTOR.finditer(block.text)) if index == lead else None
            for sentence_start, sentence, sentence_spans in _spans_by_sentence(block.text, spans):
                marks: dict[str, list[tuple[int, int]]] = {}
                for start, stop, topic in sentence_spans:
                    marks.setdefault(topic, []).append((start - sentence_start, stop - sentence_start))
                    if descriptors is not None and not descriptors.cover(start, stop):
                        subjects.add(topic)
                for topic, topic_marks in marks.items():
                    if index not in boilerplate and block.kind != "lines":
                        body_sentences[topic] = body_sentences.get(topic, 0) + 1
                    if counts.get(topic, 0) < MENTIONS_PER_TOPIC:
                        counts[topic] = counts.get(topic, 0) + 1
                        mentions.append(_mention(topic, index, sentence_start, sentence, topic_marks))
        subjects.update(topic for topic, count in body_sentences.items() if count >= BODY_SENTENCES)
        subjects.update(topic.name for topic in self.taxonomy.topics
                        if topic.name in found and topic.kind not in RELEVANCE_KINDS)
        topics = tuple(topic.name for topic in self.taxonomy.topics if topic.name in subjects)
        passing = tuple(topic.name for topic in self.taxonomy.topics
                        if topic.name in found and topic.name not in subjects)
        warnings = doc.warnings if topics or passing else doc.warn("mentions no topic of the taxonomy")
        return doc.with_changes(topics=topics, passing_topics=passing, warnings=warnings,
                                mentions=tuple(mentions))


def _lead_index(doc: Document) -> int | None:
    """The first paragraph of the body that is prose (the dateline's sentence and what follows
    it), not a line of the page such as a publisher's name."""
    paragraphs = [index for index, block in enumerate(doc.blocks) if block.kind == "paragraph"]
    prose = (index for index in paragraphs
             if len(doc.blocks[index].text) >= LEAD_MIN_CHARS or doc.blocks[index].text.endswith(_PROSE_END))
    return next(prose, paragraphs[0] if paragraphs else None)


def _boilerplate_blocks(doc: Document) -> set[int]:
    """Blocks of About sections, forward-looking statements, contacts and disclaimers: under
    such a heading (up to the next other heading), or a paragraph that starts like one."""
    found, inside = set(), False
    for index, block in enumerate(doc.blocks):
        if block.kind == "heading":
            inside = bool(ABOUT_HEADING.match(block.text) or _BOILERPLATE_HEADING.match(block.text))
        elif inside or _BOILERPLATE_PARAGRAPH.match(block.text):
            found.add(index)
    return found


def _sentences_with_offsets(text: str) -> list[tuple[int, str]]:
    located, position = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, position)
        located.append((start, sentence))
        position = start + len(sentence)
    return located


def _spans_by_sentence(text: str, spans: list[tuple[int, int, str]]):
    """(start, sentence, the spans inside it) for each sentence of `text`, in one pass over both
    (a span across two sentences belongs to neither)."""
    position = 0
    for start, sentence in _sentences_with_offsets(text):
        end = start + len(sentence)
        while position < len(spans) and spans[position][0] < start:
            position += 1
        inside = position
        while inside < len(spans) and spans[inside][1] <= end:
            inside += 1
        yield start, sentence, spans[position:inside]
        position = inside


class _Spans:
    """Non-overlapping (start, end) spans in text order, asked whether one covers a range."""

    def __init__(self, spans):
        self.spans = list(spans)
        self.starts = [start for start, _ in self.spans]

    def cover(self, start: int, stop: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and stop <= self.spans[index][1]


def window(text: str, start: int, end: int) -> tuple[int, int]:
    """(begin, end) of at most MENTION_CHARS of `text` around text[start:end], cut between words."""
    if len(text) <= MENTION_CHARS:
        return 0, len(text)
    begin = max(0, start - MENTION_CONTEXT_BEFORE)
    if begin and (space := text.find(" ", begin, start)) >= 0:
        begin = space + 1
    stop = min(len(text), begin + MENTION_CHARS)
    if stop < len(text) and (space := text.rfind(" ", end, stop)) >= 0:
        stop = space
    return begin, stop


def _mention(topic: str, block: int, sentence_start: int, sentence: str,
             marks: list[tuple[int, int]]) -> Mention:
    """The sentence, or a window of at most MENTION_CHARS of it around the first match, cut
    between words, with the matches inside it (at most MARKS_PER_MENTION)."""
    begin, end = window(sentence, *marks[0])
    inside = tuple((start - begin, stop - begin) for start, stop in marks if begin <= start and stop <= end)
    return Mention(topic, block, sentence[begin:end], inside[:MARKS_PER_MENTION],
                   sentence_start + begin, (begin > 0, end < len(sentence)))


def _key(text: str, match_case: bool) -> str:
    return text if match_case else text.casefold()


def _alternation(aliases: list[str], flags: int, fold: bool = False) -> re.Pattern | None:
    """One regex for all aliases, shaped as a trie (shared prefixes factored out, longer
    continuations first) so that each text position is tried once, not once per alias.
    Word edges apply where an alias starts or ends with a word character of a spaced script.
    Aliases are case-folded for a case-insensitive regex, or when `fold` says so."""
    if not aliases:
        return None
    groups: dict[tuple[bool, bool], list[str]] = {}
    for alias in set(aliases):
        key = (_spaced_word_char(alias[0]), _spaced_word_char(alias[-1]))
        groups.setdefault(key, []).append(alias.casefold() if fold or flags & re.IGNORECASE else alias)
    parts = []
    for (start, end), members in sorted(groups.items()):
        parts.append((_NO_WORD_BEFORE if start else "") + "(?:" + _trie(members) + ")" + (_NO_WORD_AFTER if end else ""))
    return re.compile("(" + "|".join(parts) + ")", flags)


# The letters other than A-Z that a case-insensitive regex takes for one of a-z (Python's
# sre_compile), and the one whose lower case is two characters long.
_ASCII_CASE_VARIANTS = {"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"}


def _lowered(text: str) -> str:
    """`text` lower-cased character for character (same length, same offsets): what the
    case-insensitive regex of aliases `_lowers_exactly` accepts finds in `text`, their
    case-sensitive regex finds here."""
    for variant, letter in _ASCII_CASE_VARIANTS.items():
        if variant in text:
            text = text.replace(variant, letter)
    return text.lower()


def _lowers_exactly(alias: str) -> bool:
    """The alias, case-folded, holds only ASCII and characters without case (such as CJK or
    ’): other letters have case variants that lower-casing does not give (σ and ς)."""
    return all(char.isascii() or char.lower() == char.upper() for char in alias.casefold())


# Word edges that only word characters of spaced scripts can break: "的HiCM-188疗法" names
# HiCM-188 (Python's \\b sees no edge between 的 and H), "XHiCM-188" does not.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_NO_WORD_BEFORE = f"(?<![^\\W{_CJK}])"
_NO_WORD_AFTER = f"(?![^\\W{_CJK}])"


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
