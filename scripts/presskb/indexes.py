"""Index pages over the whole corpus: the topics by kind, the archive by year and month, sources
by wire and by issuer, and the home page.

Everything here is linear in the number of articles: each listing is built from one pass over
the articles (newest first) or from the topic -> articles index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from presskb import feeds, markdown as md
from presskb.corpus import Corpus, kind_tag_link, listing, plural, topic_link
from presskb.document import Document
from presskb.render import article_item, page
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
        months = " · ".join(
            f"{md.link(month.split()[0], md.relative(path, f'articles/{year}/index.md') + '#' + slugify(month))}"
            f" ({len(month_docs)})"
            for month, month_docs in by_month(docs)
        )
        lines.append(f"- {year_link} ({len(docs)})" + (f": {months}" if months else ""))
    body.append(listing(lines, "No articles yet: add press releases to seeds/ and rebuild."))
    return path, page({"title": "Articles"}, "\n\n".join(body))


def archive_year(year: str, docs: list[Document]) -> tuple[str, str]:
    """articles/<year>/index.md: the year's articles by month."""
    path = f"articles/{year}/index.md"
    heading = "Undated articles" if year == "undated" else f"Articles of {year}"
    body = [f"# {heading}"]
    if year == "undated":
        body.append("\n".join(article_item(doc, path) for doc in docs))
    for month, month_docs in by_month(docs):
        body += [f"## {month} ({len(month_docs)}) {{: #{slugify(month)} }}",
                 "\n".join(article_item(doc, path) for doc in month_docs)]
    return path, page({"title": heading}, "\n\n".join(body))


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


def source_page(path: str, source: str, docs: list[Document]) -> tuple[str, str]:
    body = [f"# {md.escape(source)}", f"{plural(len(docs), 'article')} from this wire or publisher."]
    for year, year_docs in by_year(docs):
        body += [f"## {year} ({len(year_docs)})", "\n".join(article_item(doc, path) for doc in year_docs)]
    return path, page({"title": source}, "\n\n".join(body))


def issuers_page(path: str, initial: str, issuers: list[tuple[str, list[Document]]]) -> tuple[str, str]:
    body = [f"# Issuers: {initial.upper()}"]
    for issuer, docs in issuers:
        body += [f"## {md.escape(issuer)} ({len(docs)})", "\n".join(article_item(doc, path) for doc in docs)]
    return path, page({"title": f"Issuers: {initial.upper()}"}, "\n\n".join(body))


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
        listing(
            [article_item(doc, path) for doc in corpus.articles[:HOME_LATEST]],
            "No articles yet: add press releases to seeds/ and rebuild.",
        ),
        "## Topics",
    ]
    for kind in corpus.taxonomy.kinds():
        topics = [topic for topic in corpus.taxonomy.topics if topic.kind == kind]
        listed = ", ".join(f"{topic_link(t, path)} ({counts[t.name]})" for t in topics)
        tag_index = kind_tag_link("tag", kind, path)
        body.append(f"**{md.escape(kind_label(kind))}** ({tag_index}): {listed}")
    return path, page({"title": "Home"}, "\n\n".join(body))
