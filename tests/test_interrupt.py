"""Killed and concurrent builds: docs/ is always the previous build or the new one, never a mix;
hand-written pages and seeds are byte-identical afterwards; the next build succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import HAND_WRITTEN, REPO, make_project, tree_hashes
from presskb import partition
from presskb.errors import BuildError
from presskb.pipeline import ingest, ingest_apart
from processes import Presskb

KILL_AFTER_SECONDS = (0.1, 0.3, 0.5, 0.7, 0.9, 1.2, 1.6)  # an incremental ingest is quick


def release(number: int) -> str:
    topic = ("cancer", "diabetes", "immunology", "heart failure", "cell therapy")[number % 5]
    return (f"Company {number} Reports Progress in {topic.title()} Program {number}\n\n"
            f"BOSTON, March {number % 28 + 1}, 2026 /PRNewswire/ -- Company {number} reported "
            f"progress in its {topic} program number {number}, with data from {number * 7} patients. "
            + " ".join(f"Sentence {i} about trial {number} and endpoint {i * number}." for i in range(40))
            + "\n\nSOURCE Company {number}\n")


def start_ingest(root) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "presskb", "--project", str(root), "ingest"],
        env={**os.environ, "PYTHONPATH": str(REPO / "scripts")},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("interrupt") / "kb"
    project = make_project(root, {f"r{n:04d}.txt": release(n) for n in range(600)})
    extra = {f"extra/x{n:04d}.txt": release(10_000 + n) for n in range(60)}
    return project, extra


def _set_extra(project, extra, present: bool):
    for name, text in extra.items():
        path = project.seeds_dir / name
        if present:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        else:
            path.unlink(missing_ok=True)


def test_a_build_killed_at_any_point_leaves_docs_before_or_after(corpus):
    project, extra = corpus
    hand_written = {name: (project.root / name).read_bytes() for name in HAND_WRITTEN}
    _set_extra(project, extra, True)
    ingest(project)
    after = tree_hashes(project.docs_dir)
    _set_extra(project, extra, False)
    ingest(project)
    before = tree_hashes(project.docs_dir)
    assert before != after
    seeds = tree_hashes(project.seeds_dir)
    outcomes = []
    for delay in KILL_AFTER_SECONDS:
        _set_extra(project, extra, True)
        process = start_ingest(project.root)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = tree_hashes(project.docs_dir)
        assert state in (before, after), f"docs/ is a mix after a kill at {delay} s"
        outcomes.append("after" if state == after else "before")
        assert {name: (project.root / name).read_bytes() for name in HAND_WRITTEN} == hand_written
        _set_extra(project, extra, False)
        assert tree_hashes(project.seeds_dir) == seeds
        ingest(project)  # the next build succeeds and restores "before"
        assert tree_hashes(project.docs_dir) == before
    assert "before" in outcomes  # the kills did land while the build was under way


def test_a_second_build_at_the_same_time_is_refused_with_a_clear_message(corpus):
    project, _ = corpus
    with project.lock():
        process = start_ingest(project.root)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert stderr == ("presskb: error: another presskb build is running in this project "
                      "(.presskb/lock is held); wait for it to finish\n")


def test_failed_builds_leave_seeds_and_hand_written_pages_byte_identical(tmp_path):
    project = make_project(tmp_path, {"good.txt": release(1), "bad.txt": b"\x00binary"})
    (project.docs_dir / "notes.md").write_text("# My notes\n")
    before_seeds = tree_hashes(project.seeds_dir)
    hand_written = {p: p.read_bytes() for p in project.docs_dir.iterdir() if p.is_file()}
    failed_seed = start_ingest(project.root)
    assert failed_seed.wait() == 1
    project.topics_file.write_text("topics: [{name: A}]\n")  # invalid taxonomy: the build stops
    failed_taxonomy = start_ingest(project.root)
    assert failed_taxonomy.wait() == 1
    assert tree_hashes(project.seeds_dir) == before_seeds
    assert {p: p.read_bytes() for p in hand_written} == hand_written


def test_a_build_that_stops_in_ingest_stops_the_mkdocs_it_started(tmp_path):
    project = make_project(tmp_path / "kb", {"good.txt": release(1)})
    project.topics_file.write_text("topics: [{name: A}]\n")  # invalid: ingest stops at once
    log = tmp_path / "build.log"
    with log.open("w") as output:
        build = Presskb(project.root, "build", output=output)  # MkDocs starts beside ingest
        assert build.process.wait(timeout=120) == 1
    assert build.survivors(within=5) == []
    lines = log.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith("presskb: error: topics.yml")


def _killed_while(project, command: str, running: str, processes: int = 1) -> Presskb:
    """`presskb <command>` SIGKILLed once `processes` children of it whose command line holds
    `running` are at work (pool workers and MkDocs' helpers are forks: their command line is
    their parent's)."""
    build = Presskb(project.root, command)
    deadline = time.monotonic() + 120
    while sum(running in line for _, line in build.children()) < processes:
        assert build.process.poll() is None, f"presskb {command} ended before {running!r} started"
        assert time.monotonic() < deadline, f"{running!r} never started"
        time.sleep(0.02)
    lock = (project.state_dir / "lock").resolve()
    time.sleep(0.2)  # a forked worker's start-up has run
    # The lock is the parent's alone, and its ingest process's (forked, it dies with the parent)
    assert [pid for pid, _ in build.children() if _holds(pid, lock) and _parent(pid) != build.process.pid] == []
    build.kill()
    return build


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def _holds(pid: int, path) -> bool:
    try:
        return any(os.readlink(entry) == str(path) for entry in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def _uninterrupted_docs(root, seeds: dict[str, str]) -> dict[str, str]:
    reference = make_project(root, seeds)
    ingest(reference)
    return tree_hashes(reference.docs_dir)


POOL_SEEDS = {f"r{n:04d}.txt": release(n) for n in range(400)}  # several workers' worth


@pytest.mark.parametrize("command, running, processes", [
    ("ingest", "presskb", 1),  # a pool worker reading seeds
    ("build", "-m mkdocs build", 1),
    ("build", "-m mkdocs build", 2),  # MkDocs and its helper, a fork of it (presskb.partition)
    ("cold build", "presskb.search_index", 1),  # Pagefind, started while ingest writes the pages
])
def test_a_killed_build_leaves_no_process_and_the_next_one_succeeds_at_once(tmp_path, monkeypatch, command,
                                                                            running, processes):
    if processes > 1:
        monkeypatch.setenv(partition.PROCESSES_VARIABLE, "2")
        monkeypatch.setenv(partition.PAGES_VARIABLE, "1")
    project = make_project(tmp_path / "kb", POOL_SEEDS)
    if command == "build":
        ingest(project)  # cached: the kill lands while MkDocs renders
    command = command.removeprefix("cold ")
    killed = _killed_while(project, command, running, processes)
    assert killed.survivors(within=5) == []
    after = Presskb(project.root, "ingest")
    assert after.process.wait(timeout=300) == 0
    assert tree_hashes(project.docs_dir) == _uninterrupted_docs(tmp_path / "reference", POOL_SEEDS)


def test_an_ingest_process_that_dies_fails_the_build_with_its_exit_status(tmp_path):
    project = make_project(tmp_path / "kb", {"good.txt": release(1)})

    def dies(*_):  # the progress of the first phase, shown from the process that ingests
        os._exit(3)

    with pytest.raises(BuildError, match=r"^ingest stopped \(its process ended with exit status 3\)$"):
        ingest_apart(project, dies)


def test_ctrl_c_stops_a_build_in_ingest_with_no_traceback_and_no_process_left(tmp_path):
    project = make_project(tmp_path / "kb", POOL_SEEDS)
    log = tmp_path / "build.log"
    with log.open("w") as output:
        build = Presskb(project.root, "build", output=output)
        deadline = time.monotonic() + 120
        while not any("-m presskb" in line for _, line in build.children()):  # ingest's pool at work
            assert build.process.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.2)
        build.interrupt()
        assert build.process.wait(timeout=60) != 0
    assert build.survivors(within=5) == []
    assert "Traceback" not in log.read_text()
    assert Presskb(project.root, "build").process.wait(timeout=300) == 0
