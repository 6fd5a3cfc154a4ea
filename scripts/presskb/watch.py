"""Under `presskb serve`, changes to seeds/ are reported by the system (inotify on Linux), not
found by polling.

MkDocs polls what it watches every half second, in the process that also rebuilds the site. At
5,235 releases (7,777 files and folders in seeds/) each poll took 0.1 s of that process, a
seventh of its time while it re-ingested, and a saved seed waited about 0.55 s to be seen.
Here a system observer watches seeds/ and, on any change, writes a small file in .presskb/
that MkDocs polls instead: one file to look at, and the rebuild starts within the half second.

Where the system cannot report changes (no inotify, too many folders for its limit), MkDocs
polls seeds/ as before; so it does when PRESSKB_WATCH=poll, for file systems whose changes
the system does not see (a network share changed from another machine, some container mounts).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileMovedEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from presskb.project import Project

SIGNAL_FILE = "seeds-changed"  # in .presskb/
POLL_VARIABLE = "PRESSKB_WATCH"  # "poll": MkDocs polls seeds/
# What changes a seed: made, deleted, moved, or closed after a write. Not opened, read nor
# touched: each rebuild lists every folder of seeds/ and links each new seed into the site, and
# those events, thousands a rebuild, kept the observer's thread busy for most of it.
_CHANGES = [FileCreatedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
            DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class SeedWatcher:
    """Watches seeds/ with the system's observer; `start` says what MkDocs should poll."""

    def __init__(self, project: Project, observer: type[BaseObserver] = Observer):
        self.seeds = project.seeds_dir
        self.signal = project.state_dir / SIGNAL_FILE
        self._observer_type = observer
        self._observer: BaseObserver | None = None

    def start(self) -> Path | None:
        """The path MkDocs should poll to see seeds/ change: the signal file while the system
        reports changes, else seeds/ itself; None without a seeds/ folder."""
        if not self.seeds.is_dir():
            return None
        polling = self._observer_type is PollingObserver  # what Observer is where nothing reports changes
        if polling or os.environ.get(POLL_VARIABLE) == "poll":
            return self.seeds
        self.signal.parent.mkdir(parents=True, exist_ok=True)
        self._signal()  # it must exist before MkDocs looks at it
        handler = FileSystemEventHandler()
        handler.on_any_event = lambda event: self._signal()
        observer = self._observer_type()
        try:
            observer.schedule(handler, str(self.seeds), recursive=True, event_filter=_CHANGES)
            observer.start()
        except OSError:  # e.g. inotify's limit of watched folders reached
            return self.seeds
        self._observer = observer
        return self.signal

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
            self._observer = None

    def _signal(self) -> None:
        """A new file each time, replacing the last: the poll compares files by inode and time."""
        temporary = self.signal.with_name(f".{SIGNAL_FILE}-{os.getpid()}")
        temporary.write_text(f"{time.time_ns()}\n", encoding="utf-8")
        os.replace(temporary, self.signal)
