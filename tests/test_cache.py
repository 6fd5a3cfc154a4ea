"""The ingest cache: a seed is read again exactly when something its page depends on changed."""

from __future__ import annotations

import pytest

from conftest import make_project, tree_hashes
from presskb import cache, phase_one, pipeline, read

RELEASE = ("SHANGHAI, March 3, 2025 /PRNewswire/ -- HELP Therapeutics said HiCM-188 {news}.\n\n"
           "The company treats heart failure.\n")
MORE_SEEDS = phase_one.PARALLEL_MIN * 2  # enough to be read by worker processes


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "kb", {
        "a.txt": "Alpha news\n\n" + RELEASE.format(news="moved on"),
        "b.txt": "Beta news\n\n" + RELEASE.format(news="was dosed"),
        "broken.txt": "",
    })


@pytest.fixture
def reads(monkeypatch):
    """The seeds read (not taken from the cache) by each ingest, in this process."""
    seen: list[str] = []
    real = phase_one.process

    def counting(path, project, classifier):
        seen.append(path.name)
        return real(path, project, classifier)

    monkeypatch.setattr(phase_one, "process", counting)
    return seen


def test_unchanged_seeds_are_not_read_again_and_nothing_is_written(project, reads):
    first = pipeline.ingest(project)
    before = tree_hashes(project.docs_dir)
    reads.clear()
    second = pipeline.ingest(project)
    assert reads == [] and second.written.written == [] and second.written.unchanged > 0
    assert [d.path for d in second.articles] == [d.path for d in first.articles]
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors] == ["seeds/broken.txt: empty file (nothing but white space)"]
    assert tree_hashes(project.docs_dir) == before


def test_only_the_edited_seed_is_read_again(project, reads):
    pipeline.ingest(project)
    reads.clear()
    (project.seeds_dir / "b.txt").write_text("Beta news, revised\n\n" + RELEASE.format(news="was dosed"))
    result = pipeline.ingest(project)
    assert reads == ["b.txt"]
    assert "Beta news, revised" in {d.title for d in result.articles}


def test_a_few_changed_seeds_are_saved_beside_the_cache_which_is_not_written_again(project, reads):
    pipeline.ingest(project)
    whole = project.state_dir / "cache.pickle"
    written = whole.stat().st_ino, whole.stat().st_mtime_ns
    (project.seeds_dir / "b.txt").write_text("Beta news, revised\n\n" + RELEASE.format(news="was dosed"))
    pipeline.ingest(project)
    assert (whole.stat().st_ino, whole.stat().st_mtime_ns) == written
    cache.forget_held()  # as a new process: the cache, then its changes, are loaded from the files
    reads.clear()
    (project.seeds_dir / "a.txt").write_text("Alpha news, revised\n\n" + RELEASE.format(news="moved on"))
    result = pipeline.ingest(project)
    assert reads == ["a.txt"] and {d.title for d in result.articles} == {"Alpha news, revised", "Beta news, revised"}


def test_many_changed_seeds_are_written_into_the_cache(project, reads, monkeypatch):
    pipeline.ingest(project)
    (project.seeds_dir / "b.txt").write_text("Beta news, revised\n\n" + RELEASE.format(news="was dosed"))
    pipeline.ingest(project)
    assert (project.state_dir / "cache-changes.pickle").is_file()
    monkeypatch.setattr(cache, "CHANGES_MIN", 0)
    (project.seeds_dir / "a.txt").write_text("Alpha news, revised\n\n" + RELEASE.format(news="moved on"))
    pipeline.ingest(project)
    assert not (project.state_dir / "cache-changes.pickle").exists()
    cache.forget_held()
    reads.clear()
    (project.seeds_dir / "c.txt").write_text("Gamma news\n\n" + RELEASE.format(news="filed"))
    assert len(pipeline.ingest(project).articles) == 3 and reads == ["c.txt"]


def test_an_unchanged_seeds_folder_is_not_listed_again_and_a_new_seed_is_found(project, monkeypatch):
    monkeypatch.setattr(read, "SETTLE_NS", 0)  # the folders count as settled once listed
    walked = []
    real = read._walk
    monkeypatch.setattr(read, "_walk", lambda root: walked.append(root) or real(root))
    pipeline.ingest(project)
    pipeline.ingest(project)
    assert len(walked) == 1
    (project.seeds_dir / "c.txt").write_text("Gamma news\n\n" + RELEASE.format(news="filed"))
    assert len(pipeline.ingest(project).articles) == 3 and len(walked) == 2


@pytest.fixture
def hashed(monkeypatch):
    """The seeds hashed by each ingest. Files count as settled as soon as they are written."""
    seen: list[str] = []
    real = cache.seed_key

    def counting(path, sidecars):
        seen.append(path.name)
        return real(path, sidecars)

    monkeypatch.setattr(cache, "seed_key", counting)
    monkeypatch.setattr(read, "SETTLE_NS", 0)
    return seen


def test_a_seed_whose_file_is_unchanged_is_not_hashed_again_and_a_same_size_edit_is_seen(project, hashed):
    pipeline.ingest(project)
    assert sorted(hashed) == ["a.txt", "b.txt", "broken.txt"]
    hashed.clear()
    pipeline.ingest(project)
    assert hashed == []
    seed = project.seeds_dir / "b.txt"
    seed.write_text(seed.read_text().replace("Beta", "Bet2"))  # same size
    result = pipeline.ingest(project)
    assert hashed == ["b.txt"] and "Bet2 news" in {d.title for d in result.articles}


def test_a_seed_linked_into_the_site_is_not_hashed_again_but_one_whose_status_changed_otherwise_is(
        project, hashed, tmp_path):
    pipeline.ingest(project)
    hashed.clear()
    served = tmp_path / "served"
    served.mkdir()
    for seed in project.seeds_dir.iterdir():  # as the site serves raw seeds: its change time moves
        (served / seed.name).hardlink_to(seed)
    pipeline.ingest(project)
    assert hashed == []
    (project.seeds_dir / "a.txt").chmod(0o600)  # the change time alone: taken for a change
    pipeline.ingest(project)
    assert hashed == ["a.txt"]


def test_a_seed_written_just_before_it_was_hashed_is_hashed_again_once(project, hashed, monkeypatch):
    written = max(path.stat().st_ctime_ns for path in project.seeds_dir.iterdir())
    clock = iter(written + seconds * 10**9 for seconds in (1, 10, 11))  # each ingest's start

    class Clock:
        time_ns = staticmethod(lambda: next(clock))

    monkeypatch.setattr(cache, "time", Clock)
    monkeypatch.setattr(read, "SETTLE_NS", 2 * 10**9)
    pipeline.ingest(project)
    hashed.clear()
    pipeline.ingest(project)  # 1 s after they were written: a later write could share their times
    assert sorted(hashed) == ["a.txt", "b.txt", "broken.txt"]
    hashed.clear()
    pipeline.ingest(project)
    assert hashed == []


def test_a_taxonomy_change_reclassifies_every_seed(project, reads):
    pipeline.ingest(project)
    reads.clear()
    with project.topics_file.open("a", encoding="utf-8") as topics:
        topics.write("  - name: Shanghai\n    kind: organization\n")
    result = pipeline.ingest(project)
    assert sorted(reads) == ["a.txt", "b.txt", "broken.txt"]
    assert all("Shanghai" in doc.topics for doc in result.articles)


def test_a_code_change_reads_every_seed_again(project, reads, monkeypatch):
    pipeline.ingest(project)
    reads.clear()
    monkeypatch.setattr(cache, "code_version", lambda: "another presskb")
    pipeline.ingest(project)
    assert sorted(reads) == ["a.txt", "b.txt", "broken.txt"]


def test_a_damaged_cache_is_ignored(project, reads):
    pipeline.ingest(project)
    for name in ("cache.pickle", "last-ingest.pickle"):
        (project.state_dir / name).write_bytes(b"\x80\x05not a pickle")
    reads.clear()
    result = pipeline.ingest(project)
    assert sorted(reads) == ["a.txt", "b.txt", "broken.txt"] and len(result.articles) == 2


def test_a_deleted_docs_link_is_restored_by_the_next_ingest(project):
    pipeline.ingest(project)
    (project.docs_dir / "articles").unlink()
    pipeline.ingest(project)
    assert (project.docs_dir / "articles").is_symlink()


def test_a_build_killed_after_publishing_is_not_mistaken_for_the_last_complete_one(project, monkeypatch):
    pipeline.ingest(project)
    before = tree_hashes(project.docs_dir)
    extra = project.seeds_dir / "c.txt"
    extra.write_text("Gamma news\n\n" + RELEASE.format(news="was approved"))

    def killed(self, project):
        raise KeyboardInterrupt  # docs/ switched to the new generation, its record never saved

    with monkeypatch.context() as patched:
        patched.setattr(cache.LastIngest, "save", killed)
        with pytest.raises(KeyboardInterrupt):
            pipeline.ingest(project)
    assert tree_hashes(project.docs_dir) != before
    extra.unlink()
    pipeline.ingest(project)  # the seeds are those of the first ingest again
    assert tree_hashes(project.docs_dir) == before


def test_seeds_read_by_worker_processes_give_the_same_pages(tmp_path):
    seeds = {f"s{i:03d}.txt": f"Release {i}\n\n" + RELEASE.format(news=f"reached milestone {i}")
             for i in range(MORE_SEEDS)}
    parallel = make_project(tmp_path / "parallel", seeds)
    pipeline.ingest(parallel)
    serial = make_project(tmp_path / "serial", seeds)
    phase_one.PARALLEL_MIN, saved = 10**9, phase_one.PARALLEL_MIN
    try:
        pipeline.ingest(serial)
    finally:
        phase_one.PARALLEL_MIN = saved
    assert tree_hashes(parallel.docs_dir) == tree_hashes(serial.docs_dir)
