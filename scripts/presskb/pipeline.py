"""The ingest pipeline, in two phases: read and classify every seed, then write every page.

    read -> clean -> extract -> classify   (per seed, on every core; a bad seed is recorded
                                            and skipped; outcomes are cached by content hash)
    render + indexes -> write              (once, over the whole corpus)
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from presskb import taxonomy as taxonomy_module
from presskb.cache import LastIngest, Rendered, SeedCache, SeedKeys, namespace
from presskb.dedupe import group_duplicates
from presskb.document import Document
from presskb.errors import BuildError, PresskbError, SeedError
from presskb.processes import die_with_parent
from presskb.progress import ProgressFactory, Silent
from presskb.project import Project
from presskb.phase_one import Outcome, assign_paths, process_all
from presskb.phase_two import Pages
from presskb.read import SeedFiles, discover
from presskb.site import config_key, site_url
from presskb.taxonomy import Taxonomy
from presskb.write import WriteResult, current_generation, is_published, make_spare, publish, settle

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class IngestReport:
    """What the command line reports of an ingest: counts, errors, the first warnings."""

    seeds: int
    articles: int
    duplicates: int
    topics: int
    errors: list[SeedError]
    written: WriteResult
    warning_count: int
    first_warnings: list[str]


@dataclass
class IngestResult:
    seeds: int
    articles: list[Document]
    errors: list[SeedError]
    notices: list[str]
    taxonomy: Taxonomy
    duplicates: list[Document] = field(default_factory=list)
    written: WriteResult = field(default_factory=WriteResult)
    outcomes: dict = field(default_factory=dict, repr=False)  # phase one's, per seed: for the cache
    keys: dict[str, str] = field(default_factory=dict, repr=False)  # each seed's content key
    files: SeedFiles | None = field(default=None, repr=False)  # the seeds found

    def summary(self) -> IngestResult:
        """This result with each document reduced to what the summary and warnings show, and
        where it is (a re-ingest with nothing changed loads it, so it stays small)."""
        def brief(doc: Document) -> Document:
            return Document(doc.seed, "", doc.seed_sha256, title=doc.title, date=doc.date, topics=doc.topics,
                            duplicate_of=doc.duplicate_of, warnings=doc.warnings, path=doc.path)

        return replace(self, articles=[brief(d) for d in self.articles],
                       duplicates=[brief(d) for d in self.duplicates], outcomes={}, keys={}, files=None)

    def report(self, warnings_shown: int) -> IngestReport:
        warnings = self.warnings
        return IngestReport(self.seeds, len(self.articles), len(self.duplicates), len(self.taxonomy.topics),
                            self.errors, self.written, len(warnings), warnings[:warnings_shown])

    @property
    def warnings(self) -> list[str]:
        per_seed = [f"{doc.seed}: {warning}" for doc in self.articles for warning in doc.warnings]
        kept = [f"{path}: hand-written page kept, generated page not written"
                for path in self.written.kept_hand_written]
        return per_seed + self.notices + kept


def _ignore(*_) -> None:
    """A callback nobody listens to."""


def read_corpus(project: Project, taxonomy: Taxonomy, cache: SeedCache | None = None,
                files: SeedFiles | None = None, keys: dict[str, str] | None = None,
                progress: ProgressFactory = Silent, seen: Callable[[Outcome], None] | None = None,
                ) -> IngestResult:
    """Phase one: every seed read, cleaned, extracted, classified (seeds the cache knows are not
    read again), and copies of one release grouped; `seen` is called with each seed the workers
    read (none when there are too few seeds for workers). Writes nothing."""
    files = files or discover(project)
    named = files.named()
    outcomes: dict[str, Outcome] = {}
    if cache and keys:
        outcomes = {name: hit for name in named if (hit := cache.get(name, keys[name])) is not None}
    missing = [name for name in named if name not in outcomes]
    with progress("Reading seeds", len(missing), "seeds") as shown:
        outcomes.update(zip(missing, process_all(project, taxonomy, [named[name] for name in missing], shown, seen)))
    docs = [outcome for name in named if isinstance(outcome := outcomes[name], Document)]
    errors = [outcome for name in named if isinstance(outcome := outcomes[name], SeedError)]
    articles, duplicates = group_duplicates(docs, cache.compared if cache else None)
    return IngestResult(len(files.inside), assign_paths(articles), errors, list(files.skipped), taxonomy,
                        duplicates, outcomes=outcomes, keys=keys or {}, files=files)


def read_corpus_cached(project: Project, taxonomy: Taxonomy) -> IngestResult:
    """Phase one for commands that only read (suggest): seeds the last ingest's cache knows
    (same code, taxonomy and bytes) are not read again. Writes nothing, not even the cache."""
    space, files, last, seed_keys = _seed_state(project)
    return read_corpus(project, taxonomy, SeedCache.load(project, space), files, seed_keys.keys)


def _seed_state(project: Project) -> tuple[str, SeedFiles, LastIngest | None, SeedKeys]:
    """The cache namespace, the seeds, the last ingest's record and each seed's content key."""
    space = namespace(project)
    last = LastIngest.load(project, space)
    files = discover(project, last.seed_files if last else None)
    return space, files, last, SeedKeys.of(project, files, last.seed_keys if last else None)


def render_pages(result: IngestResult, site_url: str = DEFAULT_SITE_URL) -> list[tuple[str, str]]:
    """Phase two: every page, from the whole corpus."""
    from presskb import plan  # phase two's page makers: imported when pages are made

    return plan.render_all(result, site_url)


def ingest(project: Project, progress: ProgressFactory = Silent, published: Callable[[], None] = _ignore,
           search_written: Callable[[Path], None] = _ignore) -> IngestResult:
    """Read and classify everything, then write docs/. Raises only for the taxonomy or a write.
    `published` is called once docs/ is written, before the records of this ingest are saved
    (a site build can start then); `search_written` before that, with the folder of the new
    search documents, as soon as they are written (Pagefind starts on them while the pages are
    planned and written, see presskb.write).

    When no seed, nor topics.yml, mkdocs.yml or presskb itself, changed since the last ingest,
    the seeds' file status is only checked: docs/ is already what this ingest would write."""
    result = _ingest_alone(project, progress, published, search_written)
    _make_spare(project)
    return result


def _ingest_alone(project: Project, progress: ProgressFactory, published: Callable[[], None],
                  search_written: Callable[[Path], None]) -> IngestResult:
    try:
        return _ingest(project, progress, published, search_written)
    finally:
        gc.unfreeze()  # the records presskb.cache loaded, left out of collections while it ran


def _make_spare(project: Project) -> None:
    """After the first generation, a spare of it (see presskb.write.make_spare)."""
    try:
        with project.lock():
            make_spare(project)
    except PresskbError:  # another build took the project since: its generation is made without
        pass


def _ingest(project: Project, progress: ProgressFactory, published: Callable[[], None],
            search_written: Callable[[Path], None]) -> IngestResult:
    taxonomy = taxonomy_module.load(project.topics_file)
    with project.lock():
        space, files, last, seed_keys = _seed_state(project)
        keys = seed_keys.keys
        corpus = _corpus_key(project, space, keys, files)
        if last and last.corpus == corpus and last.generation == _generation_name(project) \
                and is_published(project):
            published()
            if seed_keys.hashed or files is not last.seed_files:  # the next ingest need not do it again
                replace(last, seed_keys=seed_keys, seed_files=files).save(project)
            written = last.result.written
            return replace(last.result, written=WriteResult(unchanged=written.unchanged + len(written.written)),
                           files=files)
        from presskb import plan  # not imported by a re-ingest with nothing changed

        cache, last_rendered = SeedCache.load(project, space), Rendered.load(project, space)
        with _Preloads(project, taxonomy, last_rendered) as preloads:
            result = read_corpus(project, taxonomy, cache, files, keys, progress, preloads.seen)
            site = preloads.site_url()
        current = current_generation(project)
        known = last_rendered.groups if last_rendered and current and last_rendered.generation == current.name else {}
        pages, key = Pages(current, known, progress), plan.GroupKeys(result, site[1])
        to_render, reused = pages.sort(plan.search_groups(result, key))
        # The other pages are planned once Pagefind has the search documents: at 24,676 releases
        # planning them (related press) took 4 s of one core while the other waited
        result.written = publish(project, pages.planned(partial(plan.page_groups, result, key), "Writing docs/"),
                                 pages.of(to_render, reused, "Writing search documents"),
                                 {path for paths in known.values() for path in paths}, search_written)
        # Saved before the site build starts, not beside it: pickling every outcome holds a memo
        # of each object, and beside MkDocs' start that was a cold build's peak of memory
        cache.save(project, {name: (keys[name], outcome) for name, outcome in result.outcomes.items()})
        published()
        Rendered(space, current_generation(project).name, pages.made, site).save(project)
        LastIngest(space, corpus, _generation_name(project), result.summary(), seed_keys, files).save(project)
    return result


def ingest_apart(project: Project, progress: ProgressFactory = Silent, published: Callable[[], None] = _ignore,
                 search_written: Callable[[Path], None] = _ignore,
                 warnings_shown: int = 0) -> IngestReport:
    """`ingest` in a child process (forked: nothing to pickle but its report), for a build that
    goes on to render the site: the memory a cold ingest took stays with the process that ran
    it, freed or not (at 5,235 releases, about 240 MB beside MkDocs). Its report is returned
    (a pipe holds 64 kB: a summary of every document took half a second to pass while MkDocs
    built); `published` and `search_written` are called here when the child calls them.
    Raises what `ingest` raises; BuildError if the child ended without a word (killed)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_ingest_child, args=(project, progress, warnings_shown, sending, os.getpid()))
    child.start()
    sending.close()
    try:
        while True:
            try:
                kind, value = receiving.recv()
            except EOFError:
                child.join()
                raise BuildError(f"ingest stopped (its process ended with exit status {child.exitcode})") from None
            if kind == "published":
                published()
            elif kind == "search written":
                search_written(Path(value))
            elif kind == "failed":
                raise value
            else:  # done: the spare is made here, while the process that holds the ingest's memory ends
                _make_spare(project)
                return value
    finally:
        receiving.close()


def _ingest_child(project: Project, progress: ProgressFactory, warnings_shown: int, sending, parent: int) -> None:
    die_with_parent(parent)
    try:
        result = _ingest_alone(project, progress, lambda: sending.send(("published", None)),
                               lambda folder: sending.send(("search written", str(folder))))
        sending.send(("done", result.report(warnings_shown)))
    except PresskbError as error:
        sending.send(("failed", error))
    except KeyboardInterrupt:  # Ctrl+C reached the whole command: the command line says so
        return
    settle()  # the last generation is deleted before this process ends


def preload(project: Project) -> None:
    """Load the records the next ingest reads (see presskb.cache): `presskb serve` does it
    while it waits for a change."""
    space = namespace(project)
    SeedCache.load(project, space)
    Rendered.load(project, space)


def _generation_name(project: Project) -> str | None:
    current = current_generation(project)
    return current.name if current else None


class _Preloads:
    """What phase two loads that phase one does not need, loaded in a thread of this process
    while the workers read the seeds (this process only collects what they send): the site's
    address, from MkDocs' config on a first build (0.3 s), and jieba's dictionary once a search
    document will have Chinese to segment (0.6 to 0.9 s, 80 MB; presskb.search). Both ran on
    one core of a cold build of 1,000 releases, between reading and the site build, for 0.9 s of
    its 1.0. The thread starts once the workers sent the first seed: they are forked by then.
    With too few seeds to read for workers (an incremental build), nothing is loaded ahead: this
    process reads them, and a thread would only compete with it.

    jieba is loaded in phase two anyway, so the peak is not higher: a cold build of 5,235
    releases peaked at 504-518 MB (PSS) without this, 518-519 MB with it."""

    def __init__(self, project: Project, taxonomy: Taxonomy, last: Rendered | None):
        self._site_arguments = (project, last)
        self._taxonomy = taxonomy
        self._thread: ThreadPoolExecutor | None = None
        self._site: Future | None = None
        self._segmenter: Future | None = None

    def seen(self, outcome: Outcome) -> None:
        from presskb import search

        if self._thread is None:
            from concurrent.futures import ThreadPoolExecutor

            self._thread = ThreadPoolExecutor(1, thread_name_prefix="presskb-preload")
            self._site = self._thread.submit(_site_url, *self._site_arguments)
            if search.topics_need_segmenter(self._taxonomy):
                self._segmenter = self._thread.submit(search.load_segmenter)
        if self._segmenter is None and isinstance(outcome, Document) and search.article_needs_segmenter(outcome):
            self._segmenter = self._thread.submit(search.load_segmenter)

    def site_url(self) -> tuple[str, str]:
        return self._site.result() if self._site else _site_url(*self._site_arguments)

    def __enter__(self) -> _Preloads:
        return self

    def __exit__(self, *exception) -> None:
        if self._thread is not None:  # jieba may load on while phase two begins: its first Chinese text waits
            self._thread.shutdown(wait=False, cancel_futures=True)


def _site_url(project: Project, last: Rendered | None) -> tuple[str, str]:
    """(`config_key`, the site's address), resolved again only when that key changed."""
    key = config_key(project)
    if last and last.site[0] == key:
        return last.site
    return key, site_url(project)


def _corpus_key(project: Project, namespace: str, keys: dict[str, str], files: SeedFiles) -> str:
    """Everything an ingest's output depends on; the site's address comes from mkdocs.yml and
    the environment."""
    digest = hashlib.sha256(f"{namespace}\0{config_key(project)}\0".encode())
    for name, key in sorted(keys.items()):
        digest.update(f"{name}\0{key}\0".encode(errors="surrogateescape"))
    digest.update("\0".join(files.skipped).encode(errors="surrogateescape"))
    return digest.hexdigest()
