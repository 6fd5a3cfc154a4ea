"""presskb.watch: under `presskb serve`, a change to seeds/ reaches MkDocs as a change of one
small file, reported by the system instead of found by polling seeds/ every half second."""

from __future__ import annotations

import shutil
import time

import pytest
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from conftest import make_project
from presskb.watch import SeedWatcher

WAIT_SECONDS = 10


@pytest.fixture
def watcher(tmp_path):
    project = make_project(tmp_path / "kb", {"a/first.txt": "First Title\n\nBody."})
    watcher = SeedWatcher(project)
    polled = watcher.start()
    yield project, watcher, polled
    watcher.stop()


def signalled(signal, before: bytes) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if signal.read_bytes() != before:
            return True
        time.sleep(0.05)
    return False


def test_mkdocs_polls_one_file_that_changes_with_each_change_of_a_seed(watcher, tmp_path):
    project, watcher, polled = watcher
    assert polled == project.state_dir / "seeds-changed" and polled.is_file()
    changes = [
        lambda: (project.seeds_dir / "a" / "new.txt").write_text("New Title\n\nBody."),
        lambda: (project.seeds_dir / "a" / "first.txt").write_text("First Title\n\nChanged."),
        lambda: (project.seeds_dir / "a" / "new.txt").rename(project.seeds_dir / "renamed.txt"),
        lambda: (project.seeds_dir / "renamed.txt").unlink(),
        # a folder of seeds moved in at once: no file event, the folder's
        lambda: shutil.move(_folder_of_seeds(tmp_path), project.seeds_dir / "batch"),
    ]
    for change in changes:
        before = polled.read_bytes()
        change()
        assert signalled(polled, before)


def test_reading_listing_or_linking_seeds_is_no_change(watcher, tmp_path):
    project, watcher, polled = watcher
    before = polled.read_bytes()
    seed = project.seeds_dir / "a" / "first.txt"
    seed.read_bytes()
    list((project.seeds_dir / "a").iterdir())
    (tmp_path / "site-copy.txt").hardlink_to(seed)  # as the site serves raw seeds
    time.sleep(1)  # events would have come by now
    assert polled.read_bytes() == before


class _NoInotify(Observer):  # fails as inotify does at its limit of watched folders
    def start(self):
        raise OSError(28, "inotify watch limit reached")


def test_where_the_system_reports_nothing_mkdocs_polls_seeds_as_before(tmp_path, monkeypatch):
    project = make_project(tmp_path / "kb", {"a.txt": "Title\n\nBody."})
    assert SeedWatcher(project, observer=PollingObserver).start() == project.seeds_dir
    assert SeedWatcher(project, observer=_NoInotify).start() == project.seeds_dir
    monkeypatch.setenv("PRESSKB_WATCH", "poll")  # a file system whose changes the system does not see
    assert SeedWatcher(project).start() == project.seeds_dir
    monkeypatch.delenv("PRESSKB_WATCH")
    shutil.rmtree(project.seeds_dir)
    assert SeedWatcher(project).start() is None  # nothing to watch


def _folder_of_seeds(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "one.txt").write_text("One Title\n\nBody.")
    return folder
