"""Write stage: publish the generated pages into docs/, all at once or not at all.

Each build makes a whole new generation under `.presskb/generations/` (files unchanged since
the last build are hard links to the previous generation, so only changed pages are written),
then switches the symlink `.presskb/current` to it with one atomic rename. docs/ holds fixed
symlinks into `current` (`docs/articles -> ../.presskb/current/articles`, ...), so a build
killed at any moment leaves docs/ showing either the previous generation or the new one.

The generation replaced is kept as the *spare*, with a record of the files the switch changed:
the next build makes its generation from the spare, bringing those files up to the current
generation's (hard links again) and then writing its own changes, instead of linking ten
thousand unchanged files into an empty folder and deleting as many. The record goes before the
spare is touched, so a spare left half-updated by a killed build is never taken again.

Hand-written files in docs/ are never overwritten or deleted: a generated entry whose place is
taken by a hand-written file is not linked, and the build says so.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from presskb import search_index
from presskb.errors import WriteError
from presskb.project import Project
from presskb.markdown import GENERATED_MARKER


GENERATED_SUFFIXES = frozenset({".md", ".xml"})  # pages and feeds
# Generation entries that are build inputs, not pages: kept in .presskb/current, never linked
# into docs/ (so MkDocs does not copy them into the site).
NOT_IN_DOCS = {search_index.FOLDER: frozenset({".html"})}
_SEARCH_PREFIX = f"{search_index.FOLDER}/"
Page = tuple[str, str | None]  # (generation-relative path, content; None: the current generation's)
SPARE_RECORD = "spare.json"  # in generations/: the spare, and what changed since it was current


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    kept_hand_written: list[str] = field(default_factory=list)


def is_generated(path: Path) -> bool:
    """A page presskb wrote (it ends with the generated marker)."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - len(GENERATED_MARKER) - 16))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return False
    return tail.rstrip().endswith(GENERATED_MARKER)


def publish(project: Project, pages: Iterable[Page], search: Iterable[Page] = (),
            previous_pages: set[str] | None = None,
            search_written: Callable[[Path], None] = lambda folder: None) -> WriteResult:
    """Write the `search` documents (under `search_index.FOLDER`), then the `pages`, as the new
    generation and switch to it. Each is (generation-relative path, content), written as it
    comes; content None is the current generation's file, as it is. `previous_pages`, when
    known, are the current generation's files (else they are listed from it).

    Once the search documents are in the new generation, `search_written` is called with their
    folder, so that Pagefind can start on them while the pages are made and written."""
    generations = project.state_dir / "generations"
    generations.mkdir(parents=True, exist_ok=True)
    previous = current_generation(project)
    new = Path(tempfile.mkdtemp(dir=generations, prefix="g-"))
    result = WriteResult()
    try:
        with _Generation(new, _take_spare(generations, previous, new)) as generation:
            previous_files = (previous_pages or _relative_files(previous)) if previous else set()
            _write_pages(generation, previous, search, result, searching=True)
            _search_done(generation, previous_files, search_written)
            _write_pages(generation, previous, pages, result, searching=False)
        gone = previous_files - generation.paths
        generation.remove(gone)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    result.deleted = sorted(map(_shown, gone))
    _switch(project.state_dir / "current", new)
    _link_entries(project, {path.split("/", 1)[0] for path in generation.paths} - NOT_IN_DOCS.keys(), result)
    if previous:
        _keep_spare(generations, previous, new, generation.written | gone)
    old = [folder for folder in generations.iterdir() if folder.is_dir() and folder not in (new, previous)]
    # Deleting thousands of files takes a while: it goes on beside what the caller does next
    # (Python waits for it before it exits).
    cleanup = threading.Thread(target=lambda: [shutil.rmtree(folder, ignore_errors=True) for folder in old])
    cleanup.start()
    _cleanups.append(cleanup)
    return result


def _keep_spare(generations: Path, spare: Path, current: Path, changed: set[str]) -> None:
    record = generations / SPARE_RECORD
    temporary = record.with_name(f".{record.name}-{os.getpid()}")
    temporary.write_text(json.dumps({"spare": spare.name, "current": current.name, "changed": sorted(changed)}),
                         encoding="utf-8", errors="surrogateescape")
    os.replace(temporary, record)


def make_spare(project: Project) -> None:
    """After the first generation (none was replaced, so there is no spare): a spare made of
    hard links to it, so that the next build does not link every unchanged page into an empty
    folder (0.25 s at 5,235 releases). Nothing is kept if it fails."""
    generations = project.state_dir / "generations"
    current = current_generation(project)
    if current is None or (generations / SPARE_RECORD).exists():
        return
    spare = Path(tempfile.mkdtemp(dir=generations, prefix="g-"))
    try:
        shutil.copytree(current, spare, copy_function=os.link, dirs_exist_ok=True)
    except OSError:  # shutil.Error too
        shutil.rmtree(spare, ignore_errors=True)
        return
    _keep_spare(generations, spare, current, set())


def _take_spare(generations: Path, previous: Path | None, new: Path) -> bool:
    """Make `new` (an empty folder) the spare brought up to `previous`, the current generation,
    when the spare's record says how: True if it did. The record is gone either way."""
    record = generations / SPARE_RECORD
    try:
        kept = json.loads(record.read_text(encoding="utf-8", errors="surrogateescape"))
        record.unlink()
        spare, current, changed = generations / kept["spare"], kept["current"], kept["changed"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if previous is None or current != previous.name or not spare.is_dir() or spare.is_symlink():
        return False
    os.rename(spare, new)  # a new name: records of what the last build published name generations
    gone = []
    for relative in changed:
        target = os.path.join(new, relative)
        source = os.path.join(previous, relative)
        if os.path.lexists(source):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            _replace(target, lambda temporary: os.link(source, temporary))
        else:
            gone.append(relative)
    remove_files(str(new), gone)
    return True
_cleanups: list[threading.Thread] = []


def settle() -> None:
    """Wait until the generations replaced so far are deleted."""
    while _cleanups:
        _cleanups.pop().join()


def current_generation(project: Project) -> Path | None:
    current = project.state_dir / "current"
    return current.resolve() if current.is_symlink() and current.resolve().is_dir() else None


def is_published(project: Project) -> bool:
    """The current generation exists and docs/ links every one of its entries."""
    current = current_generation(project)
    if current is None:
        return False
    entries = {entry.name for entry in current.iterdir()} - NOT_IN_DOCS.keys()
    linked = {entry.name for entry in _our_links(project)}
    return entries <= linked


def unpublish(project: Project) -> int:
    """Remove the links presskb made in docs/ and every generation. Returns pages removed."""
    count = len(_relative_files(current_generation(project))) if current_generation(project) else 0
    for entry in _our_links(project):
        entry.unlink()
    shutil.rmtree(project.state_dir / "generations", ignore_errors=True)
    (project.state_dir / "current").unlink(missing_ok=True)
    return count


class _Generation:
    """A new generation being written: each page's path claimed once, each folder made once
    (a failed mkdir per page costs more than the page). Paths are strings: ten thousand pages
    reused from the last generation cost more as Path objects than their links do.

    A generation made from the spare (`recycled`) already holds the current generation's files:
    an unchanged page is left as it is, a changed one replaced (never written through: its old
    file is the current generation's too).

    Files are written by a thread while the caller renders the next pages: making a file is
    kernel time (two fifths of a cold ingest's main process at 5,235 releases), spent there
    without the GIL. One thread, not more: two writing into the same folders doubled the kernel
    time and were slower. A few hundred writes at most wait their turn, so memory does not grow
    with the corpus; `flush` waits for all of them and raises the first failure."""

    PENDING = 256

    def __init__(self, root: Path, recycled: bool):
        self.root = str(root)
        self.recycled = recycled
        self.paths: set[str] = set()
        self.written: set[str] = set()
        self._folders = {self.root}
        self._writers = ThreadPoolExecutor(1, thread_name_prefix="presskb-write")
        self._slots = threading.BoundedSemaphore(self.PENDING)
        self._failures: list[BaseException] = []

    def __enter__(self) -> _Generation:
        return self

    def __exit__(self, *exception) -> None:
        try:
            if exception[0] is None:
                self.flush()
        finally:  # after a failure too: no thread may write into a generation being deleted
            self._writers.shutdown(wait=True, cancel_futures=True)

    def claim(self, relative: str) -> None:
        if relative in self.paths:
            raise WriteError(f"{_shown(relative)}: two generated pages share this path")
        self.paths.add(relative)

    def place(self, relative: str) -> str:
        self.claim(relative)
        target = os.path.join(self.root, relative)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def write(self, relative: str, data: bytes) -> None:
        self._raise_failure()  # stop at the first file that could not be written
        target = self.place(relative)
        self.written.add(relative)
        self._slots.acquire()
        try:
            if self.recycled:
                done = self._writers.submit(_replace, target, partial(_write_file, data=data))
            else:
                done = self._writers.submit(_write_file, target, data)
        except BaseException:
            self._slots.release()
            raise
        done.add_done_callback(self._finished)

    def _finished(self, done: Future) -> None:
        if not done.cancelled() and done.exception() is not None:
            self._failures.append(done.exception())
        self._slots.release()

    def flush(self) -> None:
        """Wait for the files being written (every slot free again); raise the first failure."""
        for _ in range(self.PENDING):
            self._slots.acquire()
        for _ in range(self.PENDING):
            self._slots.release()
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failures:
            raise self._failures[0]

    def link(self, source: str, relative: str) -> None:
        """`relative` as the current generation's `source`."""
        if self.recycled:
            self.claim(relative)  # it is there already
        else:
            os.link(source, self.place(relative))

    def remove(self, relatives: set[str]) -> None:
        """Delete what a recycled generation holds of the current one's files that are gone."""
        if self.recycled:
            remove_files(self.root, relatives)


def _write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _replace(target: str, make: Callable[[str], None]) -> None:
    """`make` a file beside `target`, then rename it over `target`."""
    temporary = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{os.getpid()}.tmp")
    make(temporary)
    os.replace(temporary, target)


def remove_files(root: str, relatives) -> None:
    """Delete the files (paths under `root`), then the folders they leave empty."""
    folders = set()
    for relative in relatives:
        path = os.path.join(root, relative)
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        folders.add(os.path.dirname(path))
    for folder in sorted(folders, key=len, reverse=True):
        while folder != root and folder.startswith(root):
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or gone with a deeper one)
                break
            folder = os.path.dirname(folder)


def _write_pages(new: _Generation, previous: Path | None, pages: Iterable[Page], result: WriteResult,
                 searching: bool) -> None:
    """Write the search documents (`searching`) or the pages."""
    for relative, content in pages:
        _check_path(relative)
        if relative.startswith(_SEARCH_PREFIX) is not searching:
            raise WriteError(f"{_shown(relative)}: " + ("not a search document" if searching else
                                                         "a search document among the pages"))
        old = os.path.join(previous, relative) if previous else None
        if content is None:  # the current generation's
            new.link(old, relative)
            result.unchanged += 1
            continue
        data = content.encode("utf-8")
        if old and os.path.isfile(old) and os.path.getsize(old) == len(data) and Path(old).read_bytes() == data:
            new.link(old, relative)  # unchanged: shared with the previous generation, not rewritten
            result.unchanged += 1
        else:
            new.write(relative, data)
            result.written.append(_shown(relative))


def _search_done(new: _Generation, previous_files: set[str], search_written: Callable[[Path], None]) -> None:
    """The search documents are written: those of the current generation that are gone go (from
    a generation made from the spare), and `search_written` is told where they are."""
    new.flush()
    new.remove({path for path in previous_files if path.startswith(_SEARCH_PREFIX)} - new.paths)
    folder = Path(new.root, search_index.FOLDER)
    if folder.is_dir():
        search_written(folder)


def _switch(link: Path, target: Path) -> None:
    """Point `link` at `target` atomically (a new symlink renamed over the old one)."""
    temporary = link.with_name(f".{link.name}-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(os.path.relpath(target, link.parent))
    os.replace(temporary, link)


def _link_entries(project: Project, entries: set[str], result: WriteResult) -> None:
    """docs/<entry> -> .presskb/current/<entry> for each top-level generated entry."""
    current = project.state_dir / "current"
    for stale in _our_links(project):
        if stale.name not in entries:
            stale.unlink()
    for entry in sorted(entries):
        place = project.docs_dir / entry
        if place.is_symlink() and _points_into(place, current):
            continue
        if place.exists() or place.is_symlink():
            if not _only_generated(place):
                result.kept_hand_written.append(f"docs/{entry}")
                continue
            _remove(place)  # pages of an older presskb that wrote into docs/ directly
        place.parent.mkdir(parents=True, exist_ok=True)
        _switch(place, current / entry)


def _our_links(project: Project) -> list[Path]:
    current = project.state_dir / "current"
    if not project.docs_dir.is_dir():
        return []
    return [p for p in project.docs_dir.iterdir() if p.is_symlink() and _points_into(p, current)]


def _points_into(link: Path, current: Path) -> bool:
    target = Path(os.path.normpath(link.parent / os.readlink(link)))
    return target.parent == Path(os.path.normpath(current))


def _only_generated(place: Path) -> bool:
    if place.is_symlink():
        return False
    if place.is_file():
        return is_generated(place)
    files = [p for p in place.rglob("*") if not p.is_dir()]
    return all(p.suffix == ".md" and is_generated(p) for p in files)


def _remove(place: Path) -> None:
    if place.is_dir():
        shutil.rmtree(place)
    else:
        place.unlink()


def _relative_files(root: Path) -> set[str]:
    return {
        (Path(folder) / name).relative_to(root).as_posix()
        for folder, _, names in os.walk(root)
        for name in names
    }


def _shown(relative: str) -> str:
    """Where a generated file is seen: docs/..., or the generation for build inputs."""
    entry = PurePosixPath(relative).parts[0]
    return f".presskb/current/{relative}" if entry in NOT_IN_DOCS else f"docs/{relative}"


def _check_path(relative: str) -> None:
    """Refuse a path that leads out of the generation or names no page (string operations: it
    runs for each of ten thousand pages an ingest reuses)."""
    parts = relative.split("/")
    suffixes = NOT_IN_DOCS.get(parts[0], GENERATED_SUFFIXES)
    if relative.startswith("/") or ".." in parts or os.path.splitext(parts[-1])[1] not in suffixes \
            or "\\" in relative:
        raise WriteError(f"refusing to write {relative!r}: outside docs/ or not a page")
