"""Index pages over the whole corpus: the topics by kind, the archive by year and month, sources
by wire and by issuer, and the home page.

Everything here is linear in the number of articles: each listing is built from one pass over
the articles (newest first) or from the topic -> articles index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import groupby
from dataclasses import dataclass

from presskb import feeds, markdown as md
from presskb.corpus import Corpus, kind_tag_link, listing, paged, pager, plural, topic_link
from presskb.document import Document
from presskb.render import article_item, article_list, page
from presskb.slugs import slugify, unique
from presskb.taxonomy import kind_label
from presskb.timeline import by_month, by_year, month_chart

HOME_LATEST = 10


def topics_index(corpus: Corpus) -> tuple[str, str]:
    path = "topics/index.md"
    counts = corpus.topic_counts()
    body = ["# Topics", "Every topic of the taxonomy, by kind, with its number of articles."]
    for kind in corpus.taxonomy.kinds():
        body.append(f"## {md.escape(kind_label(kind))}")
        body.append(
            "\n".join(
                f"- {topic_link(topic, path)} ({counts[topic.name]})"
                for topic in corpus.taxonomy.topics
                if topic.kind == kind
            )
        )
    return path, page({"title": "Topics"}, "\n\n".join(body))


def archive_years(corpus: Corpus) -> list[tuple[str, list[Document]]]:
    return by_year(list(corpus.articles))


def archive_index(years: list[tuple[str, list[Document]]]) -> tuple[str, str]:
    """articles/index.md: years and months with counts."""
    path = "articles/index.md"
    body = ["# Articles", "All articles by year and month of release, newest first."]
    if chart := month_chart([doc for _, docs in years for doc in docs], "All articles"):
        body.append(chart)
    lines = []
    for year, docs in years:
        year_link = md.link(year, md.relative(path, f"articles/{year}/index.md"))
        months = " · ".join(f"{md.link(month.split()[0], md.relative(path, _month_page(year, month_docs)))}"
                            f" ({len(month_docs)})" for month, month_docs in by_month(docs))
        lines.append(f"- {year_link} ({len(docs)})" + (f": {months}" if months else ""))
    body.append(listing(lines, "No articles yet: add press releases to seeds/ and rebuild."))
    return path, page({"title": "Articles"}, "\n\n".join(body))


def _month_page(year: str, docs: list[Document]) -> str:
    return f"articles/{year}/{docs[0].date.month:02d}.md"


def archive_year(year: str, docs: list[Document]) -> list[tuple[str, str]]:
    """articles/<year>/index.md, the year's months with counts, and a page per month
    (articles/<year>/<MM>.md), paged; undated articles are listed on pages of their own."""
    path = f"articles/{year}/index.md"
    if year == "undated":
        return _paged_listing(path, "Undated articles", docs, lambda _: "")
    months = by_month(docs)
    lines = [f"- {md.link(month, md.relative(path, _month_page(year, month_docs)))} ({len(month_docs)})"
             for month, month_docs in months]
    pages = [(path, page({"title": f"Articles of {year}"}, "\n\n".join([f"# Articles of {year}", *lines])))]
    for month, month_docs in months:
        pages += _paged_listing(_month_page(year, month_docs), f"Articles of {month}", month_docs,
                                lambda page_path: f"Back to {md.link(year, md.relative(page_path, path))}.")
    return pages


def _paged_listing(path: str, heading: str, docs: list[Document], intro: Callable[[str], str]) -> list[tuple[str, str]]:
    """Pages of article items, PER_PAGE each, under `heading`, each with `intro` (given the
    page's path) and the pager."""
    chunks = paged(path, docs)
    paths = [chunk_path for chunk_path, _ in chunks]
    return [(chunk_path, page({"title": heading}, "\n\n".join(filter(None, [
        f"# {md.escape(heading)}", intro(chunk_path), pager(paths, chunk_path),
        article_list([article_item(doc, chunk_path) for doc in chunk], "No articles.")]))))
        for chunk_path, chunk in chunks]


@dataclass(frozen=True)
class Sources:
    """The articles by wire or publisher, and by issuer grouped by initial, each with its page."""

    by_source: list[tuple[str, str, list[Document]]]  # (page, source, articles), largest first
    by_initial: list[tuple[str, str, list[tuple[str, list[Document]]]]]  # (page, initial, issuers)


def sources(corpus: Corpus) -> Sources:
    by_source: dict[str, list[Document]] = defaultdict(list)
    by_issuer: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus.articles:
        by_source[doc.source or "Unknown source"].append(doc)
        if doc.issuer:
            by_issuer[doc.issuer].append(doc)
    taken: set[str] = {"index"}
    listed = [(f"sources/{unique(slugify(source) or 'source', taken)}.md", source, docs)
              for source, docs in sorted(by_source.items(), key=lambda item: (-len(item[1]), item[0]))]
    by_initial: dict[str, list[tuple[str, list[Document]]]] = defaultdict(list)
    for issuer in sorted(by_issuer, key=str.casefold):
        by_initial[_initial(issuer)].append((issuer, by_issuer[issuer]))
    return Sources(listed, [(f"sources/issuers-{initial}.md", initial, issuers)
                            for initial, issuers in sorted(by_initial.items())])


def sources_index(found: Sources) -> tuple[str, str]:
    """sources/index.md: wires and publishers, and issuers by initial, with counts."""
    index = "sources/index.md"
    source_lines = [f"- {md.link(source, md.relative(index, path))} ({len(docs)})"
                    for path, source, docs in found.by_source]
    issuer_lines = [f"{md.link(initial.upper(), md.relative(index, path))} "
                    f"({sum(len(docs) for _, docs in issuers)})" for path, initial, issuers in found.by_initial]
    issuers = sum(len(issuers) for _, _, issuers in found.by_initial)
    body = [
        "# Sources",
        "## Wires and publishers",
        listing(source_lines, "No articles yet."),
        "## Issuers",
        f"{issuers} issuers, by initial: " + (" · ".join(issuer_lines) or "none yet."),
    ]
    return index, page({"title": "Sources"}, "\n\n".join(body))


def source_page(path: str, source: str, docs: list[Document]) -> list[tuple[str, str]]:
    """A wire's or publisher's articles, newest first, paged."""
    return _paged_listing(path, source, docs, lambda _: f"{plural(len(docs), 'article')} from this wire or publisher.")


def issuers_page(path: str, initial: str, issuers: list[tuple[str, list[Document]]]) -> list[tuple[str, str]]:
    """The articles of the issuers of one initial, by issuer, paged (an issuer's heading is
    repeated on each page its articles reach)."""
    heading = f"Issuers: {initial.upper()}"
    chunks = paged(path, [(issuer, len(docs), doc) for issuer, docs in issuers for doc in docs])
    paths = [chunk_path for chunk_path, _ in chunks]
    pages = []
    for chunk_path, chunk in chunks:
        body = [f"# {heading}", pager(paths, chunk_path)]
        for (issuer, count), items in groupby(chunk, key=lambda item: item[:2]):
            body += [f"## {md.escape(issuer)} ({count})", article_list([article_item(doc, chunk_path) for *_, doc in items])]
        pages.append((chunk_path, page({"title": heading}, "\n\n".join(filter(None, body)))))
    return pages


def _initial(name: str) -> str:
    first = slugify(name)[:1]
    return first if first.isascii() and first.isalpha() else "other"


def home_page(corpus: Corpus) -> tuple[str, str]:
    path = "index.md"
    counts = corpus.topic_counts()
    body = [
        "# Press knowledge base",
        f"{len(corpus.articles)} articles about {len(corpus.taxonomy.topics)} topics. "
        f"Browse {md.link('all articles', 'articles/index.md')}, "
        f"{md.link('the topics', 'topics/index.md')}, {md.link('the sources', 'sources/index.md')} "
        f"or {md.link('the tags', 'tags.md')}; follow the {md.link('Atom feed', feeds.feed_path())}.",
        "## Latest articles",
        article_list([article_item(doc, path) for doc in corpus.articles[:HOME_LATEST]],
                     "No articles yet: add press releases to seeds/ and rebuild."),
        "## Topics",
    ]
    for kind in corpus.taxonomy.kinds():
        topics = [topic for topic in corpus.taxonomy.topics if topic.kind == kind]
        listed = ", ".join(f"{topic_link(t, path)} ({counts[t.name]})" for t in topics)
        tag_index = kind_tag_link("tag", kind, path)
        body.append(f"**{md.escape(kind_label(kind))}** ({tag_index}): {listed}")
    return path, page({"title": "Home"}, "\n\n".join(body))
