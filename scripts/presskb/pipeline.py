"""The ingest pipeline, in two phases: read and classify every seed, then write every page.

    read -> clean -> extract -> classify   (per seed; a bad seed is recorded and skipped)
    render + indexes -> write              (once, over the whole corpus)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from presskb import indexes, search, taxonomy as taxonomy_module
from presskb.classify import Classifier
from presskb.clean import clean
from presskb.dedupe import group_duplicates
from presskb.document import Document
from presskb.errors import SeedError
from presskb.extract import extract
from presskb.project import Project
from presskb.read import discover, read_seed
from presskb.related import related_articles
from presskb.site import site_url
from presskb.suggest import suggest
from presskb.render import render_article
from presskb.slugs import slugify, unique
from presskb.taxonomy import Taxonomy
from presskb.write import WriteResult, publish


REPORT_SUGGESTIONS = 20
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


@dataclass
class IngestResult:
    seeds: int
    articles: list[Document]
    errors: list[SeedError]
    notices: list[str]
    taxonomy: Taxonomy
    duplicates: list[Document] = field(default_factory=list)
    written: WriteResult = field(default_factory=WriteResult)

    @property
    def warnings(self) -> list[str]:
        per_seed = [f"{doc.seed}: {warning}" for doc in self.articles for warning in doc.warnings]
        kept = [f"{path}: hand-written page kept, generated page not written"
                for path in self.written.kept_hand_written]
        return per_seed + self.notices + kept


def process(path, project: Project, classifier: Classifier) -> Document:
    """One seed through the per-document stages. Raises `SeedError`."""
    doc = read_seed(project, path)
    doc = clean(doc)
    if not doc.blocks and not doc.title:
        raise SeedError(doc.seed, "nothing left after removing junk (see the cleaning rules)")
    doc = extract(doc)
    return classifier.classify(doc)


def assign_paths(docs: list[Document]) -> list[Document]:
    """articles/<year>/<slug>.md, slugs made unique per folder in seed order."""
    taken: dict[str, set[str]] = {}
    placed = []
    for doc in docs:
        base = slugify(doc.title or "") or slugify(PurePosixPath(doc.seed).stem) or "article"
        slug = unique(base, taken.setdefault(doc.year, set()))
        placed.append(doc.with_changes(path=f"articles/{doc.year}/{slug}.md"))
    return placed


def read_corpus(project: Project, taxonomy: Taxonomy) -> IngestResult:
    """Phase one: every seed read, cleaned, extracted, classified, and copies of one release
    grouped. Writes nothing."""
    classifier = Classifier.build(taxonomy)
    files = discover(project)
    docs, errors = [], []
    for path in files.paths:
        try:
            docs.append(process(path, project, classifier))
        except SeedError as error:
            errors.append(error)
    articles, duplicates = group_duplicates(docs)
    return IngestResult(
        len(files.paths), assign_paths(articles), errors, list(files.skipped), taxonomy, duplicates
    )


def render_pages(result: IngestResult, site_url: str = DEFAULT_SITE_URL) -> list[tuple[str, str]]:
    """Phase two: every page, from the whole corpus."""
    classifier = Classifier.build(result.taxonomy)
    corpus = indexes.Corpus.of(classifier, result.articles, site_url)
    related = related_articles(result.articles)
    pages = [(doc.path, render_article(doc, result.taxonomy, related[doc.seed])) for doc in result.articles]
    for topic in result.taxonomy.topics:
        pages += indexes.topic_pages(corpus, topic)
    pages.append(indexes.topics_index(corpus))
    pages += indexes.archive_pages(corpus)
    pages += indexes.sources_pages(corpus)
    pages += indexes.feed_pages(corpus)
    pages.append(indexes.home_page(corpus))
    suggestions = suggest(result.articles, classifier, limit=REPORT_SUGGESTIONS)
    pages += indexes.report_pages(corpus, result.errors, result.notices, result.duplicates, suggestions)
    pages += search.documents(result.articles, result.taxonomy)
    return pages


def ingest(project: Project) -> IngestResult:
    """Read and classify everything, then write docs/. Raises only for the taxonomy or a write."""
    taxonomy = taxonomy_module.load(project.topics_file)
    with project.lock():
        result = read_corpus(project, taxonomy)
        result.written = publish(project, render_pages(result, site_url(project)))
    return result
