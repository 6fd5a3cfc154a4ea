"""The whole corpus as the pages that list it see it: articles newest first and the topic ->
articles index, built once after every seed is read and classified; and the small pieces every
listing page shares."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pymdownx.slugs import slugify as material_slugify

from presskb import markdown as md
from presskb.classify import Classifier
from presskb.document import Document
from presskb.render import title_of
from presskb.taxonomy import Taxonomy, Topic, kind_label

PER_PAGE = 100  # articles on a listing page


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

    def passing(self, topic: Topic) -> list[Document]:
        """Articles naming `topic` only in boilerplate or in passing."""
        return self._passing.get(topic.name, [])

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


def kind_tag_link(text: str, kind: str, from_page: str) -> str:
    """A link to the listing of a kind's topic pages in Material's tags index (tags.md; its
    anchors are the tags plugin's default slugify of the tag)."""
    anchor = "tag:" + material_slugify(case="lower")(kind_label(kind), "-")
    return md.link(text, md.relative(from_page, "tags.md") + "#" + anchor)


def paged(path: str, items: list, per_page: int = PER_PAGE) -> list[tuple[str, list]]:
    """A listing at `path` cut into pages of `per_page` items, so that no page grows with the
    corpus: `path` itself, then <path without .md or /index.md>/page/2.md, 3, ...; an empty
    listing is one empty page."""
    chunks = [items[start:start + per_page] for start in range(0, len(items), per_page)] or [[]]
    stem = path.removesuffix(".md").removesuffix("/index")
    return [(path if number == 1 else f"{stem}/page/{number}.md", chunk) for number, chunk in enumerate(chunks, 1)]


def pager(paths: list[str], current: str) -> str:
    """'Page 2 of 5: 1 · 2 · 3 · 4 · 5', linking the listing's other pages; '' for one page."""
    if len(paths) < 2:
        return ""
    links = [f"**{number}**" if path == current else md.link(str(number), md.relative(current, path))
             for number, path in enumerate(paths, 1)]
    return f"Page {paths.index(current) + 1} of {len(paths)}: " + " · ".join(links)


def listing(items: list[str], empty: str) -> str:
    return "\n".join(items) if items else empty


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
