"""Render stage: an article page (front-matter + escaped body) from a classified `Document`."""

from __future__ import annotations

import hashlib
import html

import frontmatter

from presskb import markdown as md
from presskb.document import Document
from presskb.slugs import unique
from presskb.taxonomy import Taxonomy, Topic

# Marks a file as presskb's output; files without it are hand-written and never touched.

FRONT_MATTER_KEYS = (
    "title",
    "date",
    "source",
    "source_url",
    "dateline",
    "issuer",
    "categories",
    "topics",
    "language",
    "also_at",
    "seed",
    "seed_sha256",
)


def page(metadata: dict, body: str) -> str:
    """A complete generated page: YAML front-matter, body, marker."""
    post = frontmatter.Post(body.strip() + "\n\n" + md.GENERATED_MARKER, **metadata)
    return frontmatter.dumps(post, sort_keys=False, width=4096) + "\n"


def front_matter(doc: Document) -> dict:
    values = {
        "title": title_of(doc),
        "date": doc.date,
        "source": doc.source,
        "source_url": doc.source_url,
        "dateline": doc.dateline,
        "issuer": doc.issuer,
        "categories": list(doc.categories),
        "topics": list(doc.topics),
        "language": doc.language,
        "also_at": list(doc.also_at),
        "seed": doc.seed,
        "seed_sha256": doc.seed_sha256,
    }
    return {key: values[key] for key in FRONT_MATTER_KEYS if values[key] not in (None, [])}


def raw_seed_path(seed: str) -> str:
    """Where the raw copy of a seed is served: as plain text, never as a page or live HTML
    (seeds/x.html is served as seeds/x.html.txt)."""
    return seed if seed.endswith(".txt") else f"{seed}.txt"


def title_of(doc: Document) -> str:
    """The title shown for an article; the seed's file name when it has none."""
    return doc.title or doc.seed.rsplit("/", 1)[-1]


def paragraph_anchors(doc: Document, blocks: int | None = None) -> list[str | None]:
    """A stable id per paragraph (from its text, so it survives unrelated edits); None for
    headings. Of the first `blocks` blocks only, when given (an id depends on those before it)."""
    anchors: list[str | None] = []
    taken: set[str] = set()
    for block in doc.blocks[:blocks]:
        if block.kind == "heading":
            anchors.append(None)
            continue
        base = "p-" + hashlib.sha1(block.text.encode()).hexdigest()[:8]
        anchors.append(unique(base, taken))
    return anchors


def first_mention_links(doc: Document, taxonomy: Taxonomy) -> dict[int, list[tuple[int, int, str]]]:
    """block index -> spans to link to topic pages (docs/ paths): the first mention of each
    topic in a paragraph."""
    links: dict[int, list[tuple[int, int, str]]] = {}
    linked: set[str] = set()
    for mention in doc.mentions:
        block = doc.blocks[mention.block]
        if mention.topic in linked or block.kind != "paragraph":
            continue
        offset = mention.offset
        start, end = mention.marks[0]
        spans = links.setdefault(mention.block, [])
        if any(s < offset + end and offset + start < e for s, e, _ in spans):
            continue
        linked.add(mention.topic)
        spans.append((offset + start, offset + end, f"topics/{taxonomy.get(mention.topic).slug}.md"))
    return {index: sorted(spans) for index, spans in links.items()}


def render_article(doc: Document, taxonomy: Taxonomy, related: list[Document] = ()) -> str:
    parts = [f"# {md.escape(title_of(doc))}", article_meta_line(doc)]
    anchors = paragraph_anchors(doc)
    links = first_mention_links(doc, taxonomy)
    # The text is written as raw HTML, which Markdown passes through: its inline pass over every
    # paragraph was the largest part of a site build, for text that is data, never markup.
    html_run: list[str] = []  # consecutive paragraphs: one HTML block
    for index, block in enumerate(doc.blocks):
        if block.kind != "heading":
            block_links = [(start, end, md.url(doc.path, path)) for start, end, path in links.get(index, [])]
            html_run.append(md.html_block(block.text, anchors[index], block_links, block.kind == "lines"))
            continue
        if html_run:
            parts.append(md.html_blocks(html_run))
            html_run = []
        parts.append(f"## {md.escape(block.text)}")
    if html_run:
        parts.append(md.html_blocks(html_run))
    if doc.also_at or doc.copies:
        parts.append("## Also published at")
        addresses = [md.html_link(url, safe) for url in doc.also_at if (safe := md.safe_url(url))]
        addresses += [f"{md.html_link(seed, md.url(doc.path, raw_seed_path(seed)))} (raw copy)" for seed in doc.copies]
        if addresses:
            parts.append(article_list(addresses))
    if related:
        parts.append("## Related press")
        parts.append(article_list([article_item(other, doc.path) for other in related]))
    parts.append("## Topics")
    if doc.topics:
        parts.append(article_list([f"{_topic_link(topic, doc.path)} ({html.escape(topic.kind)})"
                                   for topic in map(taxonomy.get, doc.topics)]))
    if doc.passing_topics:  # named only in boilerplate or in passing: listed apart
        names = [_topic_link(topic, doc.path) for topic in map(taxonomy.get, doc.passing_topics)]
        parts.append(md.html_blocks([f"<p>Also mentioned in passing: {', '.join(names)}.</p>"]))
    if not doc.topics and not doc.passing_topics:
        parts.append("This article mentions no topic of the taxonomy.")
    return page(front_matter(doc), "\n\n".join(parts))


def article_item(doc: Document, from_page: str) -> str:
    """date · title (a link) · source: one article in a listing, as HTML (see `article_list`)."""
    date = doc.date.isoformat() if doc.date else "undated"
    item = f"{date} · {md.html_link(title_of(doc), md.url(from_page, doc.path))}"
    return item + (f" · {html.escape(doc.source)}" if doc.source else "")


def article_list(items: list[str], empty: str = "") -> str:
    """Items (HTML: articles with what follows each, topics) as one list of raw HTML, which
    Markdown passes through: as Markdown, the links of listings cost a site build more than all
    else of their pages. `empty` when there are none."""
    if not items:
        return empty
    return md.html_blocks(["<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"])


def article_meta_line(doc: Document) -> str:
    """date · source · dateline · original · raw seed: what a reader checks first."""
    items = [doc.date.isoformat() if doc.date else "Date unknown"]
    items += [html.escape(value) for value in (doc.source, doc.dateline) if value]
    if url := md.safe_url(doc.source_url):
        items.append(md.html_link("Original release", url))
    items.append(md.html_link("Raw seed", md.url(doc.path, raw_seed_path(doc.seed))))
    return md.html_blocks([f"<p>{' · '.join(items)}</p>"])


def _topic_link(topic: Topic, from_page: str) -> str:
    return md.html_link(topic.name, md.url(from_page, f"topics/{topic.slug}.md"))


def join_list_items(parts: list[str]) -> list[str]:
    """Consecutive '- ' items form one list (joined by single newlines)."""
    joined: list[str] = []
    for part in parts:
        if part.startswith("- ") and joined and joined[-1].startswith("- "):
            joined[-1] += "\n" + part
        else:
            joined.append(part)
    return joined
