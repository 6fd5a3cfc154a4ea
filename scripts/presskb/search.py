"""Search stage: what readers search, indexed by Pagefind.

Ingest writes one small HTML document per article and per topic page into the generation's
`search/` folder (never into docs/): the title, the cleaned body, and as Pagefind filters the
article's topics, their kinds, its source and its year. While MkDocs builds the site, Pagefind
indexes those documents in a child process on the other core (`SearchIndexer`), in shards of
at most `SHARD_BYTES` so its memory stays bounded, and the bundle is moved to `site/pagefind/`
when the build ends. Reading our own documents instead of the built HTML skips parsing 200 MB
of themed pages, and lets Chinese be segmented first. The indexing is presskb.search_index.

Chinese has no spaces between words, and Pagefind only finds a word at the start of a run of
Chinese text. So runs of Han characters are split into words with jieba, and the shorter
dictionary words inside a long word follow it in ⟦ ⟧ (心力衰竭 ⟦心力 衰竭⟧), so a search for
衰竭 finds 心力衰竭. The search box (docs/javascripts/search.js) drops the brackets and the
spaces between Chinese words when it shows an excerpt.
"""

from __future__ import annotations

import functools
import html
import logging
import re

from presskb.document import Document
from presskb.render import title_of
from presskb.search_index import FOLDER, LANGUAGE, placement
from presskb.taxonomy import Taxonomy, Topic, kind_label

UNDATED_SORT = "0000-00-00"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def documents(articles: list[Document], taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(generation-relative path, HTML) for every article and topic page: search/articles/2025/
    x.<placement>.html for articles/2025/x.md, which is served at articles/2025/x/ (Pagefind
    reads it as x.html, and the search box maps that URL to the page's). Not x/index.html: a
    folder per page made each build costs more than the page. The placement, a hash of the seed
    (of the topic), picks the document's search shard (presskb.search_index): an article whose
    title changes moves its page, not its shard."""
    return [article_document(doc, taxonomy) for doc in articles] + topic_documents(taxonomy)


def topic_documents(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    return [_topic(topic) for topic in taxonomy.topics]


def article_document(doc: Document, taxonomy: Taxonomy) -> tuple[str, str]:
    kinds = sorted({kind_label(taxonomy.get(name).kind) for name in doc.topics})
    filters = [("topic", name) for name in doc.topics]
    filters += [("kind", kind) for kind in kinds]
    filters.append(("year", doc.year))
    if doc.source:
        filters.append(("source", doc.source))
    meta = [("title", title_of(doc))]
    if doc.date:
        meta.append(("date", doc.date.isoformat()))
    if doc.source:
        meta.append(("source", doc.source))
    body = doc.leading_texts()
    # An undated article sorts after every date: Pagefind leaves a page without the sort key out
    # of sorted results when other pages of its shard have one.
    sort = {"date": doc.date.isoformat() if doc.date else UNDATED_SORT}
    return _document(doc.seed, doc.path, title_of(doc), body, filters, meta, sort)


def _topic(topic: Topic) -> tuple[str, str]:
    kind = kind_label(topic.kind)
    return _document(f"topic {topic.name}", f"topics/{topic.slug}.md", topic.name, _topic_body(topic),
                     [("kind", kind)], [("title", topic.name), ("source", f"Topic page ({kind})")], {})


def _topic_body(topic: Topic) -> list[str]:
    body = [f"{kind_label(topic.kind)}: {topic.name}", " · ".join(alias.text for alias in topic.aliases)]
    if topic.description:
        body.append(topic.description)
    return body


def article_needs_segmenter(doc: Document) -> bool:
    """Whether the article's search document has Chinese to split into words (with jieba)."""
    return any(map(_HAN_RUN.search, [title_of(doc), *doc.leading_texts()]))


def topics_need_segmenter(taxonomy: Taxonomy) -> bool:
    return any(_HAN_RUN.search(text) for topic in taxonomy.topics for text in (topic.name, *_topic_body(topic)))


def _document(identity: str, page_path: str, title: str, body: list[str], filters, meta, sort,
              ) -> tuple[str, str]:
    head = [f'<meta data-pagefind-filter="{name}[content]" content="{html.escape(value)}">'
            for name, value in filters]
    head += [f'<meta data-pagefind-meta="{name}[content]" content="{html.escape(value)}">'
             for name, value in meta]
    head += [f'<meta data-pagefind-sort="{name}[content]" content="{value}">' for name, value in sort.items()]
    paragraphs = "".join(f"<p>{html.escape(segmented(text))}</p>" for text in body)
    document = (f'<!doctype html><html lang="{LANGUAGE}"><head>{"".join(head)}</head>'
                f"<body><h1>{html.escape(segmented(title))}</h1>{paragraphs}</body></html>\n")
    return f"{FOLDER}/{page_path.removesuffix('.md')}.{placement(identity)}.html", document


def segmented(text: str) -> str:
    """`text` with its Chinese split into words, each long word followed by its parts in ⟦ ⟧."""
    if not _HAN_RUN.search(text):
        return text
    return _HAN_RUN.sub(lambda run: " " + " ".join(map(_with_parts, _words(run.group()))) + " ", text)


@functools.cache
def _jieba():
    """jieba, imported on the first Chinese text (loading its dictionary takes half a second)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # loading its dictionary is not news
    jieba.initialize()
    return jieba


def load_segmenter() -> None:
    """Load jieba ahead of the first Chinese text (jieba's own lock keeps it loaded once)."""
    _jieba()


def _words(run: str) -> list[str]:
    return _jieba().lcut(run, HMM=True)


def _with_parts(word: str) -> str:
    """What jieba's search mode adds: the dictionary words of 2 and 3 characters inside `word`."""
    if len(word) < 3:
        return word
    dictionary = _jieba().dt.FREQ
    parts = [word[i:i + size] for size in (2, 3) if len(word) > size
             for i in range(len(word) - size + 1) if dictionary.get(word[i:i + size])]
    return f"{word} ⟦{' '.join(parts)}⟧" if parts else word
