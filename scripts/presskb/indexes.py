"""Index pages over the whole corpus: the topics by kind, the archive by year and month, sources
by wire and by issuer, the Atom feeds and the home page.

Everything here is linear in the number of articles: each listing is built from one pass over
the articles (newest first) or from the topic -> articles index.
"""

from __future__ import annotations

from collections import defaultdict

from pymdownx.slugs import slugify as material_slugify

from presskb import feeds, markdown as md
from presskb.corpus import Corpus, listing, plural, topic_link
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


def _tag_anchor(name: str) -> str:
    """The anchor of a tag's listing in Material's tags index (its default slugify)."""
    return "tag:" + material_slugify(case="lower")(name, "-")


def archive_pages(corpus: Corpus) -> list[tuple[str, str]]:
    """articles/index.md (years and months with counts) and one page per year, by month."""
    years = by_year(list(corpus.articles))
    index_body = ["# Articles", "All articles by year and month of release, newest first."]
    if chart := month_chart(list(corpus.articles), "All articles"):
        index_body.append(chart)
    lines = []
    for year, docs in years:
        year_link = md.link(year, md.relative("articles/index.md", f"articles/{year}/index.md"))
        months = " · ".join(
            f"{md.link(month.split()[0], md.relative('articles/index.md', f'articles/{year}/index.md') + '#' + slugify(month))}"
            f" ({len(month_docs)})"
            for month, month_docs in by_month(docs)
        )
        lines.append(f"- {year_link} ({len(docs)})" + (f": {months}" if months else ""))
    index_body.append(listing(lines, "No articles yet: add press releases to seeds/ and rebuild."))
    pages = [("articles/index.md", page({"title": "Articles"}, "\n\n".join(index_body)))]
    for year, docs in years:
        path = f"articles/{year}/index.md"
        heading = "Undated articles" if year == "undated" else f"Articles of {year}"
        body = [f"# {heading}"]
        if year == "undated":
            body.append("\n".join(article_item(doc, path) for doc in docs))
        for month, month_docs in by_month(docs):
            body += [f"## {month} ({len(month_docs)}) {{: #{slugify(month)} }}",
                     "\n".join(article_item(doc, path) for doc in month_docs)]
        pages.append((path, page({"title": heading}, "\n\n".join(body))))
    return pages


def sources_pages(corpus: Corpus) -> list[tuple[str, str]]:
    """sources/index.md: wires and publishers, and issuers, with counts; a page per source and
    per initial of issuers, each listing the articles."""
    by_source: dict[str, list[Document]] = defaultdict(list)
    by_issuer: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus.articles:
        by_source[doc.source or "Unknown source"].append(doc)
        if doc.issuer:
            by_issuer[doc.issuer].append(doc)
    index = "sources/index.md"
    pages, source_lines = [], []
    taken: set[str] = {"index"}
    for source, docs in sorted(by_source.items(), key=lambda item: (-len(item[1]), item[0])):
        path = f"sources/{unique(slugify(source) or 'source', taken)}.md"
        source_lines.append(f"- {md.link(source, md.relative(index, path))} ({len(docs)})")
        body = [f"# {md.escape(source)}", f"{plural(len(docs), 'article')} from this wire or publisher."]
        for year, year_docs in by_year(docs):
            body += [f"## {year} ({len(year_docs)})", "\n".join(article_item(doc, path) for doc in year_docs)]
        pages.append((path, page({"title": source}, "\n\n".join(body))))
    by_initial: dict[str, list[str]] = defaultdict(list)
    for issuer in sorted(by_issuer, key=str.casefold):
        by_initial[_initial(issuer)].append(issuer)
    issuer_lines = []
    for initial, issuers in sorted(by_initial.items()):
        path = f"sources/issuers-{initial}.md"
        count = sum(len(by_issuer[issuer]) for issuer in issuers)
        issuer_lines.append(f"{md.link(initial.upper(), md.relative(index, path))} ({count})")
        body = [f"# Issuers: {initial.upper()}"]
        for issuer in issuers:
            docs = by_issuer[issuer]
            body += [f"## {md.escape(issuer)} ({len(docs)})", "\n".join(article_item(doc, path) for doc in docs)]
        pages.append((path, page({"title": f"Issuers: {initial.upper()}"}, "\n\n".join(body))))
    body = [
        "# Sources",
        "## Wires and publishers",
        listing(source_lines, "No articles yet."),
        "## Issuers",
        f"{len(by_issuer)} issuers, by initial: " + (" · ".join(issuer_lines) or "none yet."),
    ]
    return [(index, page({"title": "Sources"}, "\n\n".join(body))), *pages]


def _initial(name: str) -> str:
    first = slugify(name)[:1]
    return first if first.isascii() and first.isalpha() else "other"


def feed_pages(corpus: Corpus) -> list[tuple[str, str]]:
    articles = list(corpus.articles)
    pages = [(feeds.feed_path(), feeds.atom(corpus.site_url, feeds.feed_path(), "presskb: all articles", articles))]
    for topic in corpus.taxonomy.topics:
        path = feeds.feed_path(topic.slug)
        pages.append((path, feeds.atom(corpus.site_url, path, f"presskb: {topic.name}", corpus.about(topic))))
    return pages


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
        tag_index = md.link("tag", f"tags.md#{_tag_anchor(kind_label(kind))}")
        body.append(f"**{md.escape(kind_label(kind))}** ({tag_index}): {listed}")
    return path, page({"title": "Home"}, "\n\n".join(body))
