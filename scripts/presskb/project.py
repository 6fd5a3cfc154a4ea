"""Where a presskb project keeps its inputs and outputs."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from presskb.errors import PresskbError

DEFAULT_MAX_SEED_BYTES = 5 * 1024 * 1024
_HELD_LOCKS: dict[str, int] = {}  # state folder -> descriptor of its lock, held by this process


@dataclass(frozen=True)
class Project:
    root: Path
    max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES
    seeds_folder: str = "seeds"

    @property
    def seeds_dir(self) -> Path:
        return self.root / self.seeds_folder

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def topics_file(self) -> Path:
        return self.root / "topics.yml"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def state_dir(self) -> Path:
        """presskb's own working files: generations of generated pages, the build lock."""
        return self.root / ".presskb"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One build at a time per project; a second one fails at once with a clear message.
        Re-entrant within a process."""
        key = str(self.state_dir.resolve())
        if key in _HELD_LOCKS:
            yield
            return
        self.state_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.state_dir / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PresskbError(
                    "another presskb build is running in this project (.presskb/lock is held); "
                    "wait for it to finish"
                ) from None
            _HELD_LOCKS[key] = handle
            try:
                yield
            finally:
                _HELD_LOCKS.pop(key, None)
        finally:
            os.close(handle)

    @staticmethod
    def drop_inherited_locks() -> None:
        """In a forked worker: close the build lock's descriptor it inherited, so the lock is
        the parent's alone and ends with it."""
        for handle in _HELD_LOCKS.values():
            os.close(handle)
        _HELD_LOCKS.clear()

    def relative(self, path: Path) -> str:
        """A path as users see it in messages and front-matter: from the project root, with /."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @classmethod
    def find(cls, start: Path | None = None, **options) -> Project:
        """The nearest folder at or above `start` that holds mkdocs.yml and topics.yml."""
        start = (start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / "mkdocs.yml").is_file() and (folder / "topics.yml").is_file():
                return cls(folder, **options)
        raise PresskbError(
            f"no presskb project at or above {start} (a folder with mkdocs.yml and topics.yml); "
            "run presskb from the project folder or pass --project DIR"
        )
