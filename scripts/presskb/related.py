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
_UNITS = 10**9


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
    seeds = [doc.seed for doc in articles]
    keys = {topic: [whens[i] for i in members] for topic, members in by_topic.items()}
    # In whole units of 1e-9, so that sums are exact and equal scores tie
    weight = {topic: round((math.log(len(articles) / len(members)) + 0.1) * _UNITS)
              for topic, members in by_topic.items()}
    related: dict[str, list[Document]] = {}
    for index, doc in enumerate(articles):
        scores: dict[int, int] = {}
        when = whens[index]
        for topic in doc.topics:
            members, score = by_topic[topic], weight[topic]
            position = bisect.bisect_left(keys[topic], when)
            window = members[max(0, position - WINDOW) : position + WINDOW]
            if scores:
                for other in window:
                    scores[other] = scores.get(other, 0) + score
            else:
                scores = dict.fromkeys(window, score)
        scores.pop(index, None)
        # Only candidates that can be among the best are ranked in full: a tuple per candidate
        # was most of the time at 24,676 releases (a few hundred candidates an article)
        least = sorted(scores.values(), reverse=True)[RELATED_LIMIT - 1] if len(scores) > RELATED_LIMIT else 0
        ranked = heapq.nsmallest(RELATED_LIMIT, [(-score, abs(whens[other] - when), seeds[other], other)
                                                 for other, score in scores.items() if score >= least])
        related[doc.seed] = [articles[other] for *_, other in ranked]
    return related
