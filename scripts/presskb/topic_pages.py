"""Topic pages: description, related topics, timeline with quoted mentions, per-year pages,
and for companies the About text and media contacts of their latest release."""

from __future__ import annotations

import re

from presskb import feeds, markdown as md
from presskb.corpus import Corpus, kind_tag_link, listing, paged, pager, plural, topic_link
from presskb.document import Document
from presskb.extract import ABOUT_HEADING
from presskb.render import article_item, article_list, page, paragraph_anchors, title_of
from presskb.taxonomy import Topic, kind_label
from presskb.timeline import by_month, by_year, month_chart

MENTIONS_SHOWN = 3
TOPIC_LATEST = 50
CONTACTS_SHOWN = 3
_CONTACT_HEADING = re.compile(
    r"^(?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries|relations)(?:\s+\w+)?\s*[:：]?$"
    r"|^(?:媒体|新闻)?联系(?:人|方式)?\s*[:：]?$",
    re.IGNORECASE,
)


def topic_pages(corpus: Corpus, topic: Topic) -> list[tuple[str, str]]:
    """The topic page (latest TOPIC_LATEST articles) and, for longer topics, one page per year."""
    path = f"topics/{topic.slug}.md"
    articles = corpus.about(topic)
    dated = [doc for doc in articles if doc.date]
    facts = [f"**Kind:** {kind_tag_link(md.escape(topic.kind), topic.kind, path)}"]
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
            chunks = paged(year_path, docs)
            paths = [chunk_path for chunk_path, _ in chunks]
            for chunk_path, chunk in chunks:
                year_body = [f"# {md.escape(heading)}", f"Back to {topic_link(topic, chunk_path)}.",
                             pager(paths, chunk_path), *_timeline(topic, chunk, chunk_path, heading_level=2, mentions=1)]
                pages.append((chunk_path, page({"title": heading}, "\n\n".join(filter(None, year_body)))))
        body += ["## All articles by year", " · ".join(links)]
    body += _passing_mentions(corpus, topic, path)
    body += [
        "## Related topics",
        listing(
            [f"- {topic_link(other, path)} ({plural(count, 'article')} in common)"
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
    docs = corpus.passing(topic)
    if not docs:
        return []
    listed = article_list([_with_mentions(doc, topic, path, 1) for doc in docs[:TOPIC_LATEST]])
    more = f"\n\n… and {len(docs) - TOPIC_LATEST} more." if len(docs) > TOPIC_LATEST else ""
    return ["## Also mentioned in passing", f"{plural(len(docs), 'article')} name {md.escape(topic.name)} "
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
            parts.append(article_list([_with_mentions(doc, topic, path, mentions) for doc in month_docs]))
    return parts


def _with_mentions(doc: Document, topic: Topic, path: str, limit: int) -> str:
    """An article item, then the sentences naming the topic, each linking to its paragraph."""
    item = article_item(doc, path)
    mentions = [m for m in doc.mentions if m.topic == topic.name][:limit]
    anchors = paragraph_anchors(doc, max((m.block for m in mentions), default=-1) + 1)
    quotes = []
    for mention in mentions:
        target = f"{md.url(path, doc.path)}#{anchors[mention.block]}"
        before, after = ("…" if cut else "" for cut in mention.cut)
        quoted = md.highlighted_html(mention.sentence, mention.marks)
        quotes.append(f"<li>“{before}{quoted}{after}” ({md.html_link('in context', target)})</li>")
    return item + (f"<ul>{''.join(quotes)}</ul>" if quotes else "")


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
