import pytest

from presskb.errors import WriteError
from presskb.render import GENERATED_MARKER
from presskb.write import write_pages


def generated(text: str) -> str:
    return f"{text}\n\n{GENERATED_MARKER}\n"


def test_writes_only_changed_pages_and_deletes_stale_generated_ones(tmp_path):
    docs = tmp_path / "docs"
    first = write_pages(docs, [("a/one.md", generated("1")), ("a/two.md", generated("2"))])
    assert first.written == ["docs/a/one.md", "docs/a/two.md"]
    before = (docs / "a/one.md").stat().st_mtime_ns
    second = write_pages(docs, [("a/one.md", generated("1")), ("b/three.md", generated("3"))])
    assert second.written == ["docs/b/three.md"]
    assert second.unchanged == 1
    assert second.deleted == ["docs/a/two.md"]
    assert (docs / "a/one.md").stat().st_mtime_ns == before
    third = write_pages(docs, [("a/one.md", generated("1"))])
    assert not (docs / "b").exists()  # a folder emptied of generated pages goes too
    assert third.deleted == ["docs/b/three.md"]


def test_hand_written_pages_are_never_overwritten_or_deleted(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "index.md").write_text("# My own home\n")
    (docs / "notes/keep.md").write_text("mine")
    (docs / "empty").mkdir()
    result = write_pages(docs, [("index.md", generated("generated home"))])
    assert result.kept_hand_written == ["docs/index.md"]
    assert (docs / "index.md").read_text() == "# My own home\n"
    assert (docs / "notes/keep.md").read_text() == "mine"
    assert (docs / "empty").is_dir()


@pytest.mark.parametrize("path", ["../escape.md", "/abs.md", "a/../../x.md", "page.html"])
def test_refuses_paths_outside_docs_or_not_pages(tmp_path, path):
    with pytest.raises(WriteError):
        write_pages(tmp_path / "docs", [(path, generated("x"))])


def test_refuses_two_pages_at_one_path(tmp_path):
    with pytest.raises(WriteError, match="two generated pages share this path"):
        write_pages(tmp_path / "docs", [("x.md", generated("1")), ("x.md", generated("2"))])


def test_no_temporary_files_are_left_behind(tmp_path):
    write_pages(tmp_path / "docs", [("x.md", generated("1"))])
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["x.md"]
