"""Ingest cache: phase one's outcome per seed (a classified `Document` or its `SeedError`),
reused while nothing it depends on has changed.

An entry is found by the seed's path and a hash of its bytes and its sidecar's. The whole cache
belongs to one *namespace*: presskb's own code, topics.yml and the seed size limit. Change any
of them and every seed is read again. The last ingest's summary is kept apart (`LastIngest`,
small, so a re-ingest loads it fast): when no seed, nor mkdocs.yml, nor the namespace has
changed, an ingest only checks the seeds' file status (`SeedKeys`), and hashes only the seeds
whose status changed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from presskb.document import Document
from presskb.errors import SeedError
from presskb.project import Project
from presskb.read import SeedFiles, settled

_FILE = "cache.pickle"
_CHANGES_FILE = "cache-changes.pickle"
CHANGES_MIN, CHANGES_SHARE = 100, 0.1  # more changed seeds than both: the whole cache is written
_LAST_FILE = "last-ingest.pickle"
_RENDERED_FILE = "rendered.pickle"
_FORMAT = 2


def code_version() -> str:
    """A hash of presskb's source and theme: any edit to them invalidates the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(path for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def namespace(project: Project) -> str:
    digest = hashlib.sha256(f"{_FORMAT}\0{code_version()}\0{project.max_seed_bytes}\0".encode())
    digest.update(project.topics_file.read_bytes())
    return digest.hexdigest()


def seed_key(path: Path, sidecars: list[Path]) -> str:
    """What a seed's outcome depends on besides the namespace: its bytes, its sidecar's, and where
    a symbolic link points (a link out of seeds/ is refused)."""
    digest = hashlib.sha256()
    for part in (path, *sidecars):
        if part.is_symlink():
            digest.update(b"link\0" + os.readlink(part).encode(errors="surrogateescape") + b"\0")
        if part.is_file():
            digest.update(part.name.encode(errors="surrogateescape") + b"\0")
            with part.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class SeedKeys:
    """Each seed's key, with the status of the files it was hashed from. A seed whose files show
    the same status (size, times, inode; a hard link made to a file leaves it the same) is not
    hashed again, unless they were written shortly before that hashing: a write in the same
    clock tick would leave the status unchanged."""
    keys: dict[str, str]
    status: dict[str, tuple]
    taken_ns: int
    hashed: int = 0  # seeds hashed (not known by their status) when these keys were taken

    @classmethod
    def of(cls, project: Project, files: SeedFiles, previous: SeedKeys | None = None) -> SeedKeys:
        taken = time.time_ns()
        keys, status, hashed = {}, {}, 0
        for index, (name, location) in enumerate(zip(files.names, files.locations())):
            sidecars = files.sidecars_of(files.paths[index]) if files.sidecars else []
            status[name] = _status((location, *sidecars))
            if previous and _same_content(previous.status.get(name), status[name]) and \
                    _settled(previous.status[name], previous.taken_ns):
                keys[name] = previous.keys[name]
            else:
                keys[name] = seed_key(Path(location), sidecars)
                hashed += 1
        return cls(keys, status, taken, hashed)


def _status(paths: tuple[str | Path, ...]) -> tuple:
    """Each file's status and, for a link, its target's (None where missing)."""
    found = []
    for path in paths:
        link = _stat(path, follow_symlinks=False)
        found.append(link)
        if link and stat.S_ISLNK(link[0]):
            found.append(_stat(path, follow_symlinks=True))
    return tuple(found)


def _stat(path: str | Path, follow_symlinks: bool) -> tuple | None:
    try:
        info = os.stat(path, follow_symlinks=follow_symlinks)
    except OSError:
        return None
    return info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, info.st_nlink


def _same_content(before: tuple | None, now: tuple) -> bool:
    """Whether two statuses of a seed's files tell the same bytes: equal, or apart only in the
    change time a new or removed hard link gives a file, with its count of links. The site
    serves each raw seed as a hard link to it: a build that linked 5,235 seeds had the next
    ingest hash them all again (0.45 s), for a change time alone."""
    if before is None or len(before) != len(now):
        return False
    return all(old == new or _relinked(old, new) for old, new in zip(before, now))


def _relinked(old: tuple | None, new: tuple | None) -> bool:
    """Two statuses of a file (`_stat`'s: mode, size, modified, changed, inode, device, links)
    apart only in what a hard link made or removed changes: its change time and count of links."""
    return old is not None and new is not None and old[6] != new[6] and old[:3] + old[4:6] == new[:3] + new[4:6]


def _settled(status: tuple, hashed_ns: int) -> bool:
    return all(entry is None or settled(max(entry[2], entry[3]), hashed_ns) for entry in status)


# What this process last loaded or saved of each file, by the file's status: `presskb serve`
# re-ingests in one process, and need not unpickle again what it wrote itself.
_held: dict[Path, tuple[tuple, object]] = {}


def forget_held() -> None:
    _held.clear()


def _load(path: Path, kind: type, namespace: str):
    try:
        held = _held.get(path)
        if held and held[0] == _file_status(path):
            cached = held[1]
        else:
            with path.open("rb") as handle, _collector_paused():
                cached = pickle.load(handle)
            _held[path] = (_file_status(path), cached)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None  # missing or unreadable: start afresh
    return cached if isinstance(cached, kind) and cached.namespace == namespace else None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Unpickling makes objects by the hundred thousand, and each few hundred set off a garbage
    collection that walks them: paused, loading the seed cache takes a third of the time. What
    was loaded is then left out of collections (frozen) until the ingest ends (presskb.pipeline
    thaws it): the next collection would walk it at once, 0.1 s at 5,235 releases."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _save(value, path: Path) -> None:
    temporary = path.with_name(f".{path.name}-{os.getpid()}")
    with temporary.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
    _held[path] = (_file_status(path), value)


def _file_status(path: Path) -> tuple:
    info = path.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


@dataclass
class _Outcomes:
    """A cache file: the seeds' outcomes by name (with each seed's key), and the near-duplicate
    comparisons made. A file of changes also names the whole file it amends (by its status) and
    the seeds gone since."""
    namespace: str
    seeds: dict[str, tuple[str, Document | SeedError]]
    compared: dict[tuple[bytes, bytes], bool]
    amends: tuple | None = None
    removed: frozenset[str] = frozenset()


@dataclass
class SeedCache:
    """The outcomes of the last ingest. Saved as one file and, while few seeds changed since it
    was written, a small file of the changes beside it: a rebuild after one new seed does not
    write tens of megabytes again."""
    namespace: str
    seeds: dict[str, tuple[str, Document | SeedError]] = field(default_factory=dict)
    compared: dict[tuple[bytes, bytes], bool] = field(default_factory=dict)  # see dedupe.group_duplicates
    _whole: _Outcomes | None = field(default=None, repr=False)  # the file of all outcomes, as loaded

    @classmethod
    def load(cls, project: Project, namespace: str) -> SeedCache:
        whole = _load(project.state_dir / _FILE, _Outcomes, namespace)
        if whole is None:
            return cls(namespace)
        changes = _load(project.state_dir / _CHANGES_FILE, _Outcomes, namespace)
        if changes is None or changes.amends != _file_status(project.state_dir / _FILE):
            return cls(namespace, whole.seeds, dict(whole.compared), whole)
        seeds = {name: entry for name, entry in whole.seeds.items() if name not in changes.removed}
        return cls(namespace, {**seeds, **changes.seeds}, dict(changes.compared), whole)

    def get(self, seed: str, key: str) -> Document | SeedError | None:
        entry = self.seeds.get(seed)
        return entry[1] if entry and entry[0] == key else None

    def save(self, project: Project, outcomes: dict[str, tuple[str, Document | SeedError]]) -> None:
        """Keep only the current seeds' outcomes, and the comparisons between them; written
        atomically."""
        self.seeds = outcomes
        current = {outcome.fingerprint.exact for _, outcome in outcomes.values()
                   if isinstance(outcome, Document) and outcome.fingerprint}
        self.compared = {pair: near for pair, near in self.compared.items() if current.issuperset(pair)}
        whole, changes = project.state_dir / _FILE, project.state_dir / _CHANGES_FILE
        if self._whole:
            known = self._whole.seeds
            changed = {name: entry for name, entry in outcomes.items()
                       if name not in known or known[name][0] != entry[0] or known[name][1] is not entry[1]}
            removed = frozenset(known.keys() - outcomes.keys())
            if len(changed) + len(removed) <= max(CHANGES_MIN, len(outcomes) * CHANGES_SHARE):
                _save(_Outcomes(self.namespace, changed, self.compared, _file_status(whole), removed), changes)
                return
        self._whole = _Outcomes(self.namespace, outcomes, self.compared)
        _save(self._whole, whole)
        changes.unlink(missing_ok=True)


@dataclass
class LastIngest:
    namespace: str
    corpus: str  # the key of everything the ingest read
    generation: str | None  # what it published: a later build may be killed after publishing
    result: object  # its IngestResult, as a summary
    seed_keys: SeedKeys
    seed_files: SeedFiles | None = None  # what it found in seeds/ (see read.discover)

    @classmethod
    def load(cls, project: Project, namespace: str) -> LastIngest | None:
        return _load(project.state_dir / _LAST_FILE, cls, namespace)

    def save(self, project: Project) -> None:
        _save(self, project.state_dir / _LAST_FILE)


@dataclass
class Rendered:
    """What the last ingest published: the key of each group of pages (presskb.plan) with the
    pages it made, in `generation`; and the site's address, by the key of mkdocs.yml and the
    environment it was resolved from (MkDocs takes a while to load)."""
    namespace: str
    generation: str
    groups: dict[str, tuple[str, ...]]
    site: tuple[str, str]

    @classmethod
    def load(cls, project: Project, namespace: str) -> Rendered | None:
        return _load(project.state_dir / _RENDERED_FILE, cls, namespace)

    def save(self, project: Project) -> None:
        _save(self, project.state_dir / _RENDERED_FILE)
