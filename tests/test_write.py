import json
import os
import shutil
import subprocess
from functools import partial

import pytest

from presskb import write
from presskb.errors import WriteError
from presskb.pipeline import ingest
from presskb.project import Project
from presskb.markdown import GENERATED_MARKER
from presskb.write import SPARE_RECORD, publish, settle, unpublish
from conftest import REPO, make_project, tree_hashes


def generated(text: str) -> str:
    return f"{text}\n\n{GENERATED_MARKER}\n"


@pytest.fixture
def kb(tmp_path) -> Project:
    (tmp_path / "docs").mkdir()
    return Project(tmp_path)


def test_publishes_through_links_and_rewrites_only_changed_pages(kb):
    first = publish(kb, [("index.md", generated("home")), ("a/one.md", generated("1")), ("a/two.md", generated("2"))])
    assert first.written == ["docs/index.md", "docs/a/one.md", "docs/a/two.md"]
    assert (kb.docs_dir / "a").is_symlink() and (kb.docs_dir / "a/one.md").read_text() == generated("1")
    second = publish(kb, [("index.md", generated("home")), ("a/one.md", generated("1 changed")),
                          ("b/three.md", generated("3"))])
    assert second.written == ["docs/a/one.md", "docs/b/three.md"]
    assert second.unchanged == 1 and second.deleted == ["docs/a/two.md"]
    assert sorted(tree_hashes(kb.docs_dir)) == ["a/one.md", "b/three.md", "index.md"]
    third = publish(kb, [("index.md", generated("home"))])
    assert not (kb.docs_dir / "b").exists() and not (kb.docs_dir / "b").is_symlink()
    assert third.deleted == ["docs/a/one.md", "docs/b/three.md"]


def test_the_current_generation_and_the_spare_are_kept_and_no_temporary_files(kb):
    for text in ("1", "2", "3"):
        publish(kb, [("x.md", generated(text))])
    settle()  # replaced generations are deleted beside the caller's next step
    generations = kb.state_dir / "generations"
    assert sorted(p.name for p in generations.iterdir() if not p.is_dir()) == [SPARE_RECORD]
    assert len([p for p in generations.iterdir() if p.is_dir()]) == 2
    assert sorted(p.name for p in kb.state_dir.iterdir()) == ["current", "generations"]
    assert not [p for p in generations.rglob(".*")]


def _inodes(kb) -> dict[str, int]:
    current = (kb.state_dir / "current").resolve()
    return {p.relative_to(current).as_posix(): p.stat().st_ino for p in current.rglob("*") if p.is_file()}


def _listing(project) -> list[str]:
    current = (project.state_dir / "current").resolve()
    return sorted(p.relative_to(current).as_posix() for p in current.rglob("*"))


def test_a_generation_made_from_the_spare_is_the_one_made_from_nothing(kb, tmp_path):
    steps = [
        [("index.md", "home"), ("a/one.md", "1"), ("a/two.md", "2"), ("b/c/three.md", "3")],
        [("index.md", "home"), ("a/one.md", "1 changed"), ("d/four.md", "4")],  # b/ and a/two.md go
        [("index.md", "home"), ("a/one.md", "1 changed"), ("a/two.md", "2 again"), ("b/c/three.md", "3")],
        [("index.md", "home changed"), ("d/four.md", "4")],
        [("index.md", "home changed"), ("d/four.md", "4"), ("a/one.md", "1")],
    ]
    for number, pages in enumerate(steps):
        before = _inodes(kb)
        publish(kb, [(path, generated(text)) for path, text in pages])
        fresh = Project(tmp_path / f"fresh-{number}")
        (fresh.root / "docs").mkdir(parents=True)
        publish(fresh, [(path, generated(text)) for path, text in pages])
        assert tree_hashes(kb.docs_dir) == tree_hashes(fresh.docs_dir), number
        assert _listing(kb) == _listing(fresh), number  # no folder left over
        after = _inodes(kb)
        unchanged = [path for path, text in pages if path in before and (number and dict(steps[number - 1]).get(path) == text)]
        assert all(after[path] == before[path] for path in unchanged), number  # not written again


def test_a_spare_left_half_updated_is_not_taken_again(kb):
    publish(kb, [("a.md", generated("1")), ("b.md", generated("1"))])
    publish(kb, [("a.md", generated("2")), ("b.md", generated("1"))])
    record = kb.state_dir / "generations" / SPARE_RECORD
    spare = kb.state_dir / "generations" / json.loads(record.read_text())["spare"]
    record.unlink()  # as a build killed while it brought the spare up to date leaves it
    (spare / "b.md").write_text("half-updated")
    publish(kb, [("a.md", generated("3")), ("b.md", generated("1"))])
    assert (kb.docs_dir / "b.md").read_text() == generated("1")
    settle()
    assert not spare.exists()


def _searched(kb, search, pages):
    """Publish `search` documents and `pages`; what the search folder held, and which pages
    were written, when `search_written` was called."""
    seen = []

    def search_written(folder):
        generation = folder.parent
        seen.append((folder, sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")),
                     {path: (generation / path).read_text() for path, _ in pages if (generation / path).is_file()}))

    publish(kb, pages, search, search_written=search_written)
    assert len(seen) == 1
    return seen[0]


def test_search_documents_are_handed_over_once_written_before_the_pages(kb):
    search, pages = [("search/a.1.html", "a"), ("search/b.2.html", "b")], [("a.md", generated("1")), ("b.md", generated("1"))]
    folder, documents, written = _searched(kb, search, pages)
    assert folder == (kb.state_dir / "current").resolve() / "search"  # the generation it published
    assert documents == ["a.1.html", "b.2.html"] and written == {}
    publish(kb, pages, [("search/a.1.html", "a"), ("search/b.2.html", "b2")])  # the first generation is the spare now
    # Made from the spare, which holds b's search document: gone by the time they are handed over
    search, pages = [("search/a.1.html", "a2"), ("search/c.3.html", "c")], [("a.md", generated("2")), ("c.md", generated("3"))]
    spare = json.loads((kb.state_dir / "generations" / SPARE_RECORD).read_text())["spare"]
    folder, documents, written = _searched(kb, search, pages)
    assert not (kb.state_dir / "generations" / spare).exists()  # it was taken
    assert documents == ["a.1.html", "c.3.html"] and (folder / "a.1.html").read_text() == "a2"
    assert written.get("a.md") != generated("2") and "c.md" not in written  # the pages come after
    # Reused search documents and pages (None: the last generation's) are there too
    folder, documents, written = _searched(kb, [("search/a.1.html", None), ("search/c.3.html", None)],
                                           [("a.md", generated("3")), ("c.md", None)])
    assert documents == ["a.1.html", "c.3.html"] and (folder / "a.1.html").read_text() == "a2"
    assert (kb.docs_dir / "c.md").read_text() == generated("3")


def test_search_documents_and_pages_stay_apart(kb):
    with pytest.raises(WriteError, match="a search document among the pages"):
        publish(kb, [("a.md", generated("1")), ("search/a.1.html", "a")])
    with pytest.raises(WriteError, match="not a search document"):
        publish(kb, [], [("a.md", generated("1"))])
    assert not (kb.state_dir / "current").exists()  # nothing was published


def test_hand_written_pages_are_never_overwritten_or_deleted(kb):
    (kb.docs_dir / "notes").mkdir()
    (kb.docs_dir / "index.md").write_text("# My own home\n")
    (kb.docs_dir / "notes/keep.md").write_text("mine")
    (kb.docs_dir / "empty").mkdir()
    result = publish(kb, [("index.md", generated("generated home")), ("notes/gen.md", generated("g"))])
    assert result.kept_hand_written == ["docs/index.md", "docs/notes"]
    assert (kb.docs_dir / "index.md").read_text() == "# My own home\n"
    assert (kb.docs_dir / "notes/keep.md").read_text() == "mine"
    assert (kb.docs_dir / "empty").is_dir()
    unpublish(kb)
    assert (kb.docs_dir / "index.md").read_text() == "# My own home\n"


def test_pages_an_older_presskb_wrote_into_docs_are_replaced_by_links(kb):
    (kb.docs_dir / "articles/2025").mkdir(parents=True)
    (kb.docs_dir / "articles/2025/old.md").write_text(generated("old"))
    publish(kb, [("articles/2025/new.md", generated("new"))])
    assert (kb.docs_dir / "articles").is_symlink()
    assert sorted(tree_hashes(kb.docs_dir)) == ["articles/2025/new.md"]


@pytest.mark.parametrize("path", ["../escape.md", "/abs.md", "a/../../x.md", "page.html", "a\\..\\x.md"])
def test_refuses_paths_outside_docs_or_not_pages(kb, path):
    with pytest.raises(WriteError):
        publish(kb, [(path, generated("x"))])
    assert not (kb.state_dir / "current").exists()


def test_a_page_that_cannot_be_written_fails_the_publish_and_the_last_generation_stays(kb, monkeypatch):
    publish(kb, [("a/one.md", generated("1"))])
    generations = kb.state_dir / "generations"
    before = sorted(generations.iterdir())
    real = write._write_file

    def full_disk(path, data):
        if path.endswith("broken.md"):
            raise OSError(28, "No space left on device", path)
        real(path, data)

    monkeypatch.setattr(write, "_write_file", full_disk)
    pages = [(f"a/{i}.md", generated(str(i))) for i in range(600)] + [("a/broken.md", generated("x"))]
    with pytest.raises(OSError, match="No space left"):
        publish(kb, pages + [(f"b/{i}.md", generated(str(i))) for i in range(600)])
    assert sorted(tree_hashes(kb.docs_dir)) == ["a/one.md"]
    assert sorted(generations.iterdir()) == before  # the half-written generation is gone


def test_refuses_two_pages_at_one_path(kb):
    with pytest.raises(WriteError, match="two generated pages share this path"):
        publish(kb, [("x.md", generated("1")), ("x.md", generated("2"))])


def test_links_are_relative_so_the_project_can_move(kb, tmp_path):
    publish(kb, [("a/x.md", generated("1"))])
    assert not os.readlink(kb.docs_dir / "a").startswith("/")
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    tmp_path.rename(moved)
    assert (moved / "docs/a/x.md").read_text() == generated("1")


def test_a_build_leaves_git_status_clean_and_a_clone_has_no_generated_links(tmp_path):
    """Every entry a build makes in docs/ is ignored, none is tracked (a fresh clone would hold
    dangling links), with enough seeds for every kind of page (the report pages past 100)."""
    seeds = {f"r{n:03d}.txt": f"Company {n} Reports Cancer Data\n\nBOSTON, March {n % 28 + 1}, 2026 "
             f"/PRNewswire/ -- Company {n} reported data in cancer patients.\n" for n in range(150)}
    project = make_project(tmp_path / "kb", seeds)
    shutil.copyfile(REPO / ".gitignore", project.root / ".gitignore")
    git = partial(subprocess.run, cwd=project.root, capture_output=True, text=True, check=True)
    git(["git", "init", "-q"])
    git(["git", "add", "-A"])
    git(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "kb"])
    ingest(project)
    assert (project.docs_dir / "report").is_dir() and (project.docs_dir / "feeds").is_dir()
    assert git(["git", "status", "--porcelain", "--ignored=no"]).stdout == ""
    tracked_links = [line for line in git(["git", "ls-files", "-s", "docs"], cwd=REPO).stdout.splitlines()
                     if line.startswith("120000")]
    assert tracked_links == []


def test_the_first_ingest_leaves_a_spare_that_the_next_one_takes(tmp_path):
    project = make_project(tmp_path / "kb")
    ingest(project)
    generations = project.state_dir / "generations"
    record = json.loads((generations / SPARE_RECORD).read_text())
    first, spare = (project.state_dir / "current").resolve(), generations / record["spare"]
    assert record == {"spare": spare.name, "current": first.name, "changed": []}
    assert _inodes(project) == {p.relative_to(spare).as_posix(): p.stat().st_ino
                                for p in spare.rglob("*") if p.is_file()}  # the same files, linked
    (project.seeds_dir / "added.txt").write_text("Acme Reports Cancer Data\n\nBOSTON, May 5, 2026 /PRNewswire/ -- "
                                                 "Acme reported cancer data.")
    ingest(project)
    settle()
    assert not spare.exists() and first.exists()  # taken (as the new generation); the first is the spare now
    assert tree_hashes(project.docs_dir) == _uninterrupted(tmp_path / "fresh", project.seeds_dir)


def _uninterrupted(root, seeds) -> dict[str, str]:
    fresh = make_project(root, {})
    shutil.rmtree(fresh.seeds_dir)
    shutil.copytree(seeds, fresh.seeds_dir)
    ingest(fresh)
    return tree_hashes(fresh.docs_dir)
