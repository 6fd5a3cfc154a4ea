"""Pages that see the whole corpus: topic pages, the topics index, the archive, home, report.

Built only after every seed is read and classified, so each listing is complete.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from presskb import markdown as md
from presskb.document import Document
from presskb.errors import SeedError
from presskb.render import article_item, page, title_of
from presskb.taxonomy import Taxonomy, Topic, kind_label

HOME_LATEST = 10


def newest_first(docs: list[Document]) -> list[Document]:
    """Dated articles newest first, then undated ones; ties by title, then seed path."""
    return sorted(
        docs,
        key=lambda d: (d.date is None, -(d.date.toordinal() if d.date else 0), title_of(d), d.seed),
    )


@dataclass(frozen=True)
class Corpus:
    taxonomy: Taxonomy
    articles: tuple[Document, ...]  # newest first

    @classmethod
    def of(cls, taxonomy: Taxonomy, docs: list[Document]) -> Corpus:
        return cls(taxonomy, tuple(newest_first(docs)))

    def about(self, topic: Topic) -> list[Document]:
        return [doc for doc in self.articles if topic.name in doc.topics]

    def topic_counts(self) -> Counter:
        return Counter(name for doc in self.articles for name in doc.topics)

    def related(self, topic: Topic) -> list[tuple[Topic, int]]:
        """Topics that share articles with `topic`, most shared first."""
        shared = Counter(
            name for doc in self.about(topic) for name in doc.topics if name != topic.name
        )
        return [
            (self.taxonomy.get(name), count)
            for name, count in sorted(shared.items(), key=lambda item: (-item[1], item[0]))
        ]

    def by_year(self) -> dict[str, list[Document]]:
        years: dict[str, list[Document]] = defaultdict(list)
        for doc in self.articles:
            years[doc.year].append(doc)
        return dict(years)


def topic_link(topic: Topic, from_page: str) -> str:
    return md.link(topic.name, md.relative(from_page, f"topics/{topic.slug}.md"))


def _listing(items: list[str], empty: str) -> str:
    return "\n".join(items) if items else empty


def topic_page(corpus: Corpus, topic: Topic) -> tuple[str, str]:
    path = f"topics/{topic.slug}.md"
    taxonomy = corpus.taxonomy
    articles = corpus.about(topic)
    facts = [f"**Kind:** {md.escape(topic.kind)}"]
    if topic.parent:
        facts.append(f"**Part of:** {topic_link(taxonomy.get(topic.parent), path)}")
    body = [f"# {md.escape(topic.name)}", " · ".join(facts)]
    if topic.description:
        body.append(md.escape(topic.description))
    if children := taxonomy.children(topic.name):
        body += ["## Includes", "\n".join(f"- {topic_link(child, path)}" for child in children)]
    body += [
        f"## Articles ({len(articles)})",
        _listing(
            [article_item(doc, path) for doc in articles],
            "No article mentions this topic yet.",
        ),
        "## Related topics",
        _listing(
            [
                f"- {topic_link(other, path)} ({count} article{'s' if count > 1 else ''} in common)"
                for other, count in corpus.related(topic)
            ],
            "No other topic appears in its articles yet.",
        ),
    ]
    return path, page({"title": topic.name}, "\n\n".join(body))


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


def archive_pages(corpus: Corpus) -> list[tuple[str, str]]:
    """articles/index.md (years with counts) and one listing per year, newest first."""
    years = corpus.by_year()
    index_body = ["# Articles", "All articles by year of release, newest first."]
    index_body.append(
        _listing(
            [
                f"- {md.link(year, md.relative('articles/index.md', f'articles/{year}/index.md'))}"
                f" ({len(docs)})"
                for year, docs in years.items()
            ],
            "No articles yet: add press releases to seeds/ and rebuild.",
        )
    )
    pages = [("articles/index.md", page({"title": "Articles"}, "\n\n".join(index_body)))]
    for year, docs in years.items():
        path = f"articles/{year}/index.md"
        heading = "Undated articles" if year == "undated" else f"Articles of {year}"
        body = [f"# {heading}", "\n".join(article_item(doc, path) for doc in docs)]
        pages.append((path, page({"title": heading}, "\n\n".join(body))))
    return pages


def home_page(corpus: Corpus) -> tuple[str, str]:
    path = "index.md"
    counts = corpus.topic_counts()
    body = [
        "# Press knowledge base",
        f"{len(corpus.articles)} articles about {len(corpus.taxonomy.topics)} topics. "
        f"Browse {md.link('all articles', 'articles/index.md')}, "
        f"{md.link('the topics', 'topics/index.md')} or {md.link('the tags', 'tags.md')}.",
        "## Latest articles",
        _listing(
            [article_item(doc, path) for doc in corpus.articles[:HOME_LATEST]],
            "No articles yet: add press releases to seeds/ and rebuild.",
        ),
        "## Topics",
    ]
    for kind in corpus.taxonomy.kinds():
        topics = [topic for topic in corpus.taxonomy.topics if topic.kind == kind]
        listed = ", ".join(f"{topic_link(t, path)} ({counts[t.name]})" for t in topics)
        body.append(f"**{md.escape(kind_label(kind))}:** {listed}")
    return path, page({"title": "Home"}, "\n\n".join(body))


def report_page(
    corpus: Corpus, errors: list[SeedError], notices: list[str], duplicates: list[Document]
) -> tuple[str, str]:
    """Per seed: what cleaning removed and every warning. Failed seeds and skipped files too."""
    path = "report.md"
    body = [
        "# Cleaning report",
        f"{len(corpus.articles)} articles, {len(duplicates)} duplicate copies, {len(errors)} seeds failed, "
        f"{sum(len(doc.warnings) for doc in corpus.articles)} warnings. "
        "Removed text is listed in full; every raw seed is downloadable from its article.",
    ]
    if errors:
        body.append("## Seeds that failed")
        body.append("\n".join(f"- {md.escape(error.seed)}: {md.escape(error.reason)}" for error in errors))
    if duplicates:
        canonical = {doc.seed: doc for doc in corpus.articles}
        body.append("## Duplicate copies")
        body.append("Copies of a release already in the knowledge base; they get no page of their own.")
        body.append("\n".join(
            f"- {md.escape(dup.seed)}: copy of "
            f"{md.link(title_of(canonical[dup.duplicate_of]), md.relative(path, canonical[dup.duplicate_of].path))}"
            for dup in duplicates
        ))
    if notices:
        body.append("## Files skipped")
        body.append("\n".join(f"- {md.escape(notice)}" for notice in notices))
    for doc in sorted(corpus.articles, key=lambda d: d.seed):
        body.append(f"## {md.escape(doc.seed)}")
        body.append(f"Article: {md.link(title_of(doc), md.relative(path, doc.path))}")
        body.append(
            _listing([f"- Warning: {md.escape(w)}" for w in doc.warnings], "No warnings.")
        )
        for removal in doc.removed:
            quoted = "\n".join(f"> {line}" for line in md.escape(removal.text).split("\n"))
            body.append(f"Removed ({md.escape(removal.rule)}):\n\n{quoted}")
    return path, page({"title": "Cleaning report"}, "\n\n".join(body))
