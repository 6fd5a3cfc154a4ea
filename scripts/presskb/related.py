"""Related press: for each article, up to RELATED_LIMIT others, ranked by the topics they share
(each weighted by its rarity, log N/df) and then by closeness in time.

Computed from the topic -> articles index, never over all pairs: for each of an article's
topics, only the WINDOW articles of that topic nearest in time are candidates.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict

from presskb.document import Document

RELATED_LIMIT = 5
WINDOW = 40
_UNDATED = 10**9  # undated articles sort after every date and are far from all of them


def _when(doc: Document) -> int:
    return doc.date.toordinal() if doc.date else _UNDATED


def related_articles(articles: list[Document]) -> dict[str, list[Document]]:
    """seed -> its related articles, best first."""
    by_topic: dict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(articles):
        for topic in doc.topics:
            by_topic[topic].append(index)
    for members in by_topic.values():
        members.sort(key=lambda i: (_when(articles[i]), articles[i].seed))
    whens = [_when(doc) for doc in articles]
    keys = {topic: [whens[i] for i in members] for topic, members in by_topic.items()}
    weight = {topic: math.log(len(articles) / len(members)) + 0.1 for topic, members in by_topic.items()}
    related: dict[str, list[Document]] = {}
    for index, doc in enumerate(articles):
        scores: dict[int, float] = defaultdict(float)
        when = whens[index]
        for topic in doc.topics:
            members = by_topic[topic]
            position = bisect.bisect_left(keys[topic], when)
            for other in members[max(0, position - WINDOW) : position + WINDOW]:
                if other != index:
                    scores[other] += weight[topic]
        ranked = heapq.nsmallest(RELATED_LIMIT, scores, key=lambda other: (
            -round(scores[other], 9), abs(whens[other] - when), articles[other].seed))
        related[doc.seed] = [articles[other] for other in ranked]
    return related
