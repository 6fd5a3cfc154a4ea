"""Pages that see the whole corpus: topic pages, the topics and kind indexes, the archive,
sources, feeds, home and the report. Built only after every seed is read and classified.

Everything here is linear in the number of articles: each listing is built from one pass over
the articles (newest first) or from the topic -> articles index.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pymdownx.slugs import slugify as material_slugify

from presskb import feeds, markdown as md
from presskb.classify import Classifier
from presskb.document import Document
from presskb.errors import SeedError
from presskb.extract import ABOUT_HEADING
from presskb.render import article_item, join_list_items, page, paragraph_anchors, title_of
from presskb.slugs import slugify, unique
from presskb.suggest import Suggestion
from presskb.taxonomy import Taxonomy, Topic, kind_label
from presskb.timeline import by_month, by_year, month_chart

HOME_LATEST = 10
MENTIONS_SHOWN = 3
REPORT_CHUNK = 100
REMOVED_CHARS_SHOWN = 2000  # of each removal on the report: a hostile seed may lose megabytes
TOPIC_LATEST = 50
CONTACTS_SHOWN = 3
_CONTACT_HEADING = re.compile(
    r"^(?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries|relations)(?:\s+\w+)?\s*[:：]?$"
    r"|^(?:媒体|新闻)?联系(?:人|方式)?\s*[:：]?$",
    re.IGNORECASE,
)


def newest_first(docs: list[Document]) -> list[Document]:
    """Dated articles newest first, then undated ones; ties by title, then seed path."""
    return sorted(
        docs,
        key=lambda d: (d.date is None, -(d.date.toordinal() if d.date else 0), title_of(d), d.seed),
    )


@dataclass(frozen=True)
class Corpus:
    taxonomy: Taxonomy
    classifier: Classifier
    articles: tuple[Document, ...]  # newest first
    site_url: str
    _about: dict = field(default_factory=dict, compare=False)
    _passing: dict = field(default_factory=dict, compare=False)  # topic -> articles naming it in passing

    @classmethod
    def of(cls, classifier: Classifier, docs: list[Document], site_url: str) -> Corpus:
        articles = tuple(newest_first(docs))
        about: dict[str, list[Document]] = defaultdict(list)
        passing: dict[str, list[Document]] = defaultdict(list)
        for doc in articles:
            for name in doc.topics:
                about[name].append(doc)
            for name in doc.passing_topics:
                passing[name].append(doc)
        return cls(classifier.taxonomy, classifier, articles, site_url, dict(about), dict(passing))

    def about(self, topic: Topic) -> list[Document]:
        return self._about.get(topic.name, [])

    def topic_counts(self) -> Counter:
        return Counter({name: len(docs) for name, docs in self._about.items()})

    def related_topics(self, topic: Topic) -> list[tuple[Topic, int]]:
        """Topics that share articles with `topic`, most shared first."""
        shared = Counter(
            name for doc in self.about(topic) for name in doc.topics if name != topic.name
        )
        return [
            (self.taxonomy.get(name), count)
            for name, count in sorted(shared.items(), key=lambda item: (-item[1], item[0]))
        ]


def topic_link(topic: Topic, from_page: str) -> str:
    return md.link(topic.name, md.relative(from_page, f"topics/{topic.slug}.md"))


def _listing(items: list[str], empty: str) -> str:
    return "\n".join(items) if items else empty


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- Topic pages ------------------------------------------------------------------------------


def topic_pages(corpus: Corpus, topic: Topic) -> list[tuple[str, str]]:
    """The topic page (latest TOPIC_LATEST articles) and, for longer topics, one page per year."""
    path = f"topics/{topic.slug}.md"
    articles = corpus.about(topic)
    dated = [doc for doc in articles if doc.date]
    facts = [f"**Kind:** {md.escape(topic.kind)}"]
    if topic.parent:
        facts.append(f"**Part of:** {topic_link(corpus.taxonomy.get(topic.parent), path)}")
    if dated:
        facts.append(f"**First seen:** {dated[-1].date.isoformat()}")
        facts.append(f"**Latest:** {dated[0].date.isoformat()}")
    facts.append(f"**Articles:** {len(articles)}")
    facts.append(md.link("Atom feed", md.relative(path, feeds.feed_path(topic.slug))))
    body = [f"# {md.escape(topic.name)}", " · ".join(facts)]
    if topic.description:
        body.append(md.escape(topic.description))
    if topic.kind == "company":
        body += _company_profile(corpus, topic, path)
    if children := corpus.taxonomy.children(topic.name):
        body += ["## Includes", "\n".join(f"- {topic_link(child, path)}" for child in children)]
    body.append("## Timeline")
    if chart := month_chart(articles, topic.name):
        body.append(chart)
    years = by_year(articles)
    if not articles:
        body.append("No article mentions this topic yet.")
    body += _timeline(topic, articles[:TOPIC_LATEST], path, heading_level=3, mentions=MENTIONS_SHOWN)
    pages = []
    if len(articles) > TOPIC_LATEST:
        links = []
        for year, docs in years:
            year_path = f"topics/{topic.slug}/{year}.md"
            links.append(f"{md.link(year, md.relative(path, year_path))} ({len(docs)})")
            heading = f"{topic.name}: {'undated articles' if year == 'undated' else year}"
            year_body = [f"# {md.escape(heading)}", f"Back to {topic_link(topic, year_path)}.",
                         *_timeline(topic, docs, year_path, heading_level=2, mentions=1)]
            pages.append((year_path, page({"title": heading}, "\n\n".join(year_body))))
        body += ["## All articles by year", " · ".join(links)]
    body += _passing_mentions(corpus, topic, path)
    body += [
        "## Related topics",
        _listing(
            [f"- {topic_link(other, path)} ({_plural(count, 'article')} in common)"
             for other, count in corpus.related_topics(topic)],
            "No other topic appears in its articles yet.",
        ),
    ]
    # The kind is the topic page's Material tag, so the tags index lists topic pages by kind.
    metadata = {"title": topic.name, "tags": [kind_label(topic.kind)], "feed": feeds.feed_path(topic.slug)}
    return [(path, page(metadata, "\n\n".join(body))), *pages]


def _passing_mentions(corpus: Corpus, topic: Topic, path: str) -> list[str]:
    """Articles that name the topic only in boilerplate or in passing, listed apart (newest
    TOPIC_LATEST, each with the sentence that names it)."""
    docs = corpus._passing.get(topic.name, [])
    if not docs:
        return []
    listed = "\n".join(_with_mentions(doc, topic, path, 1) for doc in docs[:TOPIC_LATEST])
    more = f"\n\n… and {len(docs) - TOPIC_LATEST} more." if len(docs) > TOPIC_LATEST else ""
    return ["## Also mentioned in passing", f"{_plural(len(docs), 'article')} name {md.escape(topic.name)} "
            "only in a company description, boilerplate or one sentence.", listed + more]


def _timeline(topic: Topic, docs: list[Document], path: str, heading_level: int, mentions: int) -> list[str]:
    """Articles by year (with counts) and month, newest first, each with up to `mentions` of
    its sentences naming the topic (the per-year pages of long topics show one, to stay light)."""
    parts = []
    marks = "#" * heading_level
    for year, year_docs in by_year(docs):
        parts.append(f"{marks} {'Undated' if year == 'undated' else year} ({len(year_docs)})")
        months = by_month(year_docs) if year != "undated" else [(None, year_docs)]
        for month, month_docs in months:
            if month:
                parts.append(f"{marks}# {month}")
            parts.append("\n".join(_with_mentions(doc, topic, path, mentions) for doc in month_docs))
    return parts


def _with_mentions(doc: Document, topic: Topic, path: str, limit: int) -> str:
    """An article item, then the sentences naming the topic, each linking to its paragraph."""
    item = article_item(doc, path)
    mentions = [m for m in doc.mentions if m.topic == topic.name][:limit]
    anchors = paragraph_anchors(doc, max((m.block for m in mentions), default=-1) + 1)
    for mention in mentions:
        target = md.relative(path, doc.path) + "#" + anchors[mention.block]
        before, after = ("…" if cut else "" for cut in mention.cut)
        quoted = md.highlighted(mention.sentence, mention.marks)
        item += f"\n    - “{before}{quoted}{after}” ({md.link('in context', target)})"
    return item


def _company_profile(corpus: Corpus, topic: Topic, path: str) -> list[str]:
    """The company's own About text from its latest release that has one, and media contacts,
    each attributed to its release."""
    parts: list[str] = []
    for doc in corpus.about(topic):
        if about := _section(doc, lambda text: _is_about(corpus, text, topic)):
            source = md.link(title_of(doc), md.relative(path, doc.path))
            parts += [f"## About {md.escape(topic.name)}", *(md.escape(text) for text in about),
                      f"*From {source}, {doc.date.isoformat() if doc.date else 'undated'}.*"]
            break
    contacts, seen = [], set()
    for doc in corpus.about(topic):
        if not (_issued_by(corpus, doc, topic) or _section(doc, lambda t: _is_about(corpus, t, topic))):
            continue
        for text in _section(doc, _CONTACT_HEADING.match) or []:
            if text not in seen and len(contacts) < CONTACTS_SHOWN:
                seen.add(text)
                source = md.link(title_of(doc), md.relative(path, doc.path))
                contacts.append(f"{md.lines(text.split(chr(10)))}  \n*From {source}.*")
    if contacts:
        parts += ["## Media contacts", *contacts]
    return parts


def _section(doc: Document, is_heading) -> list[str] | None:
    """The text blocks under the first heading that `is_heading` accepts, up to the next one."""
    for index, block in enumerate(doc.blocks):
        if block.kind == "heading" and is_heading(block.text):
            texts = []
            for following in doc.blocks[index + 1 :]:
                if following.kind == "heading":
                    break
                texts.append(following.text)
            return texts or None
    return None


def _is_about(corpus: Corpus, heading: str, topic: Topic) -> bool:
    match = ABOUT_HEADING.match(heading)
    return bool(match) and topic.name in corpus.classifier.topics_in(match["name"])


def _issued_by(corpus: Corpus, doc: Document, topic: Topic) -> bool:
    return bool(doc.issuer) and topic.name in corpus.classifier.topics_in(doc.issuer)


# --- Indexes ----------------------------------------------------------------------------------


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
    index_body.append(_listing(lines, "No articles yet: add press releases to seeds/ and rebuild."))
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
        body = [f"# {md.escape(source)}", f"{_plural(len(docs), 'article')} from this wire or publisher."]
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
        _listing(source_lines, "No articles yet."),
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
        _listing(
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


def report_pages(corpus: Corpus, errors: list[SeedError], notices: list[str], duplicates: list[Document],
                 suggestions: list[Suggestion]) -> list[tuple[str, str]]:
    """The cleaning report: a summary page (failed seeds, skipped files, duplicate copies,
    entities the taxonomy lacks) and, per about REPORT_CHUNK seeds, a page of what cleaning
    removed from each seed and every warning, so no page grows with the corpus."""
    path = "report.md"
    chunks = _report_chunks(sorted(corpus.articles, key=lambda d: d.seed))
    body = [
        "# Cleaning report",
        f"{len(corpus.articles)} articles, {len(duplicates)} duplicate copies, {len(errors)} seeds failed, "
        f"{sum(len(doc.warnings) for doc in corpus.articles)} warnings. "
        f"Removed text is listed (up to {REMOVED_CHARS_SHOWN:,} characters each); every raw seed is "
        "downloadable from its article.",
    ]
    if errors:
        body.append("## Seeds that failed")
        body.append("\n".join(f"- {md.escape(error.seed)}: {md.escape(error.reason)}" for error in errors))
    if notices:
        body.append("## Files skipped")
        body.append("\n".join(f"- {md.escape(notice)}" for notice in notices))
    if duplicates:
        canonical = {doc.seed: doc for doc in corpus.articles}
        body.append("## Duplicate copies")
        body.append("Copies of a release already in the knowledge base; they get no page of their own.")
        body.append("\n".join(
            f"- {md.escape(dup.seed)}: copy of "
            f"{md.link(title_of(canonical[dup.duplicate_of]), md.relative(path, canonical[dup.duplicate_of].path))}"
            for dup in duplicates
        ))
    if suggestions:
        body.append("## Entities the taxonomy lacks")
        body.append("Found in several articles; `presskb suggest --yaml` prints them as taxonomy entries.")
        body.append("\n".join(f"- {md.escape(s.name)} ({s.kind}, {_plural(s.articles, 'article')})" for s in suggestions))
    body.append("## Removed text and warnings, per seed")
    pages = []
    for chunk in chunks:
        chunk_path = f"report/{_digest(chunk[0].seed)}.md" if len(chunks) > 1 else path
        if len(chunks) > 1:
            label = f"{chunk[0].seed} … {chunk[-1].seed}"
            body.append(f"- {md.link(label, md.relative(path, chunk_path))}")
            title = f"Cleaning report: {label}"
            pages.append((chunk_path, page({"title": title},
                                           "\n\n".join([f"# {md.escape(title)}", *_seed_reports(chunk, chunk_path)]))))
        else:
            body += _seed_reports(chunk, path)
    return [(path, page({"title": "Cleaning report"}, "\n\n".join(join_list_items(body)))), *pages]


def _report_chunks(docs: list[Document]) -> list[list[Document]]:
    """Seeds in path order, cut before each seed whose path hash says so (about one in
    REPORT_CHUNK): the cuts depend only on the seeds themselves, so adding or removing a seed
    changes only its own chunk's page, never the pages after it."""
    chunks: list[list[Document]] = [[]]
    for doc in docs:
        if chunks[-1] and (int(_digest(doc.seed), 16) % REPORT_CHUNK == 0 or len(chunks[-1]) >= 2 * REPORT_CHUNK):
            chunks.append([])
        chunks[-1].append(doc)
    return [chunk for chunk in chunks if chunk]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _seed_reports(docs: list[Document], path: str) -> list[str]:
    parts = []
    for doc in docs:
        parts.append(f"### {md.escape(doc.seed)}")
        parts.append(f"Article: {md.link(title_of(doc), md.relative(path, doc.path))}")
        parts.append(_listing([f"- Warning: {md.escape(w)}" for w in doc.warnings], "No warnings."))
        for removal in doc.removed:
            shown = removal.text[:REMOVED_CHARS_SHOWN]
            if cut := len(removal.text) - len(shown):
                shown += f"\n… and {cut:,} more characters (see the raw seed)"
            quoted = "\n".join(f"> {line}" for line in md.escape(shown).split("\n"))
            parts.append(f"Removed ({md.escape(removal.rule)}):\n\n{quoted}")
    return parts
