"""Phase two as groups of pages, each known by a key of everything it is made from, so that an
ingest renders again only the groups whose inputs changed; the others are taken from the last
generation as they are (see `Rendered` and presskb.write).

A document is known by its seed's content key (phase one's outcome depends on nothing else but
presskb's code and the taxonomy, which key the whole record) and by what phase two gave it:
its page and the copies grouped under it. A group's key lists the documents it shows, so one
new release renders its own page, the pages whose related press it enters, its topics' pages
and feeds, its year, its source, and the few pages that count the whole corpus.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from presskb import feeds, indexes, report, search, topic_pages
from presskb.classify import Classifier
from presskb.corpus import Corpus
from presskb.document import Document
from presskb.related import related_articles
from presskb.render import render_article
from presskb.suggest import suggest

REPORT_SUGGESTIONS = 20
Pages = list[tuple[str, str]]


@dataclass(frozen=True)
class PageGroup:
    key: str  # a digest of the group's inputs
    render: Callable[[], Pages]


class GroupKeys:
    """Keys of groups of pages: a digest of the kind of group, the site's address and the parts
    it shows, each document known by `_identity`."""

    def __init__(self, result, site_url: str):
        self.site_url = site_url
        self._known = {doc.seed: _identity(doc, result.keys) for doc in (*result.articles, *result.duplicates)}

    def __call__(self, kind: str, *parts) -> str:
        return hashlib.sha256(repr((kind, self.site_url, parts)).encode(errors="surrogateescape")).hexdigest()

    def of(self, doc: Document) -> str:
        return self._known[doc.seed]

    def ids(self, docs) -> tuple[str, ...]:
        return tuple(self._known[doc.seed] for doc in docs)


def search_groups(result, key: GroupKeys) -> list[PageGroup]:
    """The search documents of every article and topic page, from an `IngestResult`: written
    first, so that Pagefind starts on them while the pages are planned and written (see
    presskb.write.publish)."""
    taxonomy = result.taxonomy
    groups = [PageGroup(key("search", key.of(doc)), _one(search.article_document, doc, taxonomy))
              for doc in result.articles]
    groups.append(PageGroup(key("topic documents"), partial(search.topic_documents, taxonomy)))
    return groups


def page_groups(result, key: GroupKeys) -> list[PageGroup]:
    """Every page of the knowledge base but the search documents, in groups, from an `IngestResult`."""
    taxonomy, site_url, ids = result.taxonomy, key.site_url, key.ids
    classifier = Classifier.build(taxonomy)
    corpus = Corpus.of(classifier, result.articles, site_url)
    related = related_articles(result.articles)
    groups = [PageGroup(key("article", key.of(doc), ids(related[doc.seed])),
                        _one(_article_page, doc, taxonomy, related[doc.seed]))
              for doc in result.articles]
    for topic in taxonomy.topics:
        about, passing = corpus.about(topic), corpus.passing(topic)
        groups.append(PageGroup(key("topic", topic.name, ids(about), ids(passing)),
                                partial(topic_pages.topic_pages, corpus, topic)))
        path = feeds.feed_path(topic.slug)
        groups.append(PageGroup(key("feed", path, ids(about[:feeds.FEED_ENTRIES])),
                                _one(feeds.atom_page, site_url, path, f"presskb: {topic.name}", about)))
    everything = ids(corpus.articles)
    path = feeds.feed_path()
    groups.append(PageGroup(key("feed", path, ids(corpus.articles[:feeds.FEED_ENTRIES])),
                            _one(feeds.atom_page, site_url, path, "presskb: all articles", list(corpus.articles))))
    groups.append(PageGroup(key("topics index", tuple(sorted(corpus.topic_counts().items()))),
                            _one(indexes.topics_index, corpus)))
    groups.append(PageGroup(key("home", everything), _one(indexes.home_page, corpus)))

    years = indexes.archive_years(corpus)
    groups.append(PageGroup(key("archive", everything), _one(indexes.archive_index, years)))
    groups += [PageGroup(key("year", year, ids(docs)), partial(indexes.archive_year, year, docs))
               for year, docs in years]

    found = indexes.sources(corpus)
    groups.append(PageGroup(key("sources", everything), _one(indexes.sources_index, found)))
    groups += [PageGroup(key("source", path, source, ids(docs)),
                         partial(indexes.source_page, path, source, docs))
               for path, source, docs in found.by_source]
    groups += [PageGroup(key("issuers", path, [(issuer, ids(docs)) for issuer, docs in issuers]),
                         partial(indexes.issuers_page, path, initial, issuers))
               for path, initial, issuers in found.by_initial]

    chunks = report.report_chunks(corpus)
    summary = (everything, ids(result.duplicates), repr(result.errors), tuple(result.notices))
    groups.append(PageGroup(key("report", summary), _one(_report, corpus, chunks, result, classifier)))
    groups += [PageGroup(key("report chunk", path, ids(chunk)), _one(report.report_chunk_page, path, chunk))
               for path, chunk in chunks if path != report.REPORT]
    return groups


def render_all(result, site_url: str) -> Pages:
    """Every page and search document, from an `IngestResult`."""
    key = GroupKeys(result, site_url)
    return [page for group in (*search_groups(result, key), *page_groups(result, key)) for page in group.render()]


def _one(make: Callable[..., tuple[str, str]], *arguments) -> Callable[[], Pages]:
    """A group's render for a function that makes one page."""
    return lambda: [make(*arguments)]


def _identity(doc: Document, keys: dict[str, str]) -> str:
    """A document's phase-one outcome (its seed's content key) and what phase two gave it."""
    content = keys.get(doc.seed) or doc.seed_sha256
    return hashlib.sha256(repr((doc.seed, content, doc.path, doc.copies, doc.also_at, doc.duplicate_of))
                          .encode(errors="surrogateescape")).hexdigest()[:32]


def _article_page(doc: Document, taxonomy, related: list[Document]) -> tuple[str, str]:
    return doc.path, render_article(doc, taxonomy, related)


def _report(corpus: Corpus, chunks, result, classifier: Classifier) -> tuple[str, str]:
    suggestions = suggest(result.articles, classifier, limit=REPORT_SUGGESTIONS)
    return report.report_page(corpus, chunks, result.errors, result.notices, result.duplicates, suggestions)
