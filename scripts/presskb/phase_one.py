"""Phase one of an ingest, per seed: read -> clean -> extract -> classify, on every core when
there are enough seeds; each seed's outcome is its `Document`, or the `SeedError` that stopped
it. Then each article is given its page's path (presskb.pipeline groups the copies first)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from presskb.document import Document
from presskb.errors import SeedError
from presskb.processes import become_pool_worker
from presskb.project import Project
from presskb.slugs import slugify, unique
from presskb.taxonomy import Taxonomy

if TYPE_CHECKING:
    from presskb.classify import Classifier

PARALLEL_MIN = 64  # fewer seeds to read than this are read in this process: workers cost more
Outcome = Document | SeedError


def process(path, project: Project, classifier: Classifier) -> Document:
    """One seed through the per-document stages. Raises `SeedError`."""
    # Imported on first use: an ingest that finds every seed in its cache runs none of them.
    from presskb.clean import clean
    from presskb.dedupe import fingerprint
    from presskb.extract import extract
    from presskb.read import read_seed
    from presskb.suggest import entity_candidates

    doc = read_seed(project, path)
    doc = clean(doc)
    if not doc.blocks and not doc.title:
        raise SeedError(doc.seed, "nothing left after removing junk (see the cleaning rules)")
    doc = extract(doc)
    doc = classifier.classify(doc)
    # What dedupe, suggest and assign_paths need of each document, taken here: on every core, and cached
    return doc.with_changes(fingerprint=fingerprint(doc), entity_candidates=entity_candidates(doc),
                            slug=page_slug(doc))


def page_slug(doc: Document) -> str:
    """The name its title (else its seed's name) gives its page, before it is made unique."""
    return slugify(doc.title or "") or slugify(PurePosixPath(doc.seed).stem) or "article"


def assign_paths(docs: list[Document]) -> list[Document]:
    """articles/<year>/<slug>.md, slugs made unique per folder in seed order (and apart from the
    year's listing pages: index, months 01-12, page/)."""
    taken: dict[str, set[str]] = {}
    placed = []
    for doc in docs:
        slug = unique(doc.slug or page_slug(doc), taken.setdefault(doc.year, set(_LISTING_NAMES)))
        placed.append(doc.with_changes(path=f"articles/{doc.year}/{slug}.md"))
    return placed


_LISTING_NAMES = ("index", "page", *(f"{month:02d}" for month in range(1, 13)))


def process_all(project: Project, taxonomy: Taxonomy, paths: list[Path], progress,
                seen: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Each seed through the per-document stages, on every core when there are enough of them;
    `seen` is called with each outcome the workers send (none without workers)."""
    workers = min(os.cpu_count() or 1, len(paths) // PARALLEL_MIN)
    outcomes = []
    with ExitStack() as stack:
        if workers < 2:
            _start_worker(project, taxonomy)
            mapped: Iterable[Outcome] = map(_process_one, paths)
            seen = None
        else:
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(workers, initializer=_start_pool_worker, initargs=(project, taxonomy, os.getpid()))
            # On Ctrl+C (or any error) the seeds not read yet are dropped, not read first
            stack.callback(pool.shutdown, wait=True, cancel_futures=True)
            mapped = pool.map(_process_one, paths, chunksize=32)
        for outcome in mapped:
            outcomes.append(outcome)
            if seen:
                seen(outcome)
            progress.advance()
    return outcomes


_worker: dict[str, object] = {}


def _start_worker(project: Project, taxonomy: Taxonomy) -> None:
    from presskb.classify import Classifier

    _worker.update(project=project, classifier=Classifier.build(taxonomy))


def _start_pool_worker(project: Project, taxonomy: Taxonomy, parent: int) -> None:
    become_pool_worker(parent)
    _start_worker(project, taxonomy)


def _process_one(path: Path) -> Outcome:
    project = _worker["project"]
    try:
        doc = process(path, project, _worker["classifier"])
    except SeedError as error:
        return error
    except Exception as error:  # presskb's fault, met on one seed: the others still build (as Pelican does)
        return SeedError(project.relative(path), f"presskb failed on this seed ({type(error).__name__}: {error}); "
                                                 "please report it with the seed")
    return doc.with_changes(raw="")  # the decoded text is cleaned into blocks: not needed after
