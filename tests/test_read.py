import pytest

from conftest import make_project
from presskb.errors import SeedError
from presskb.read import discover, read_seed


@pytest.fixture
def kb(tmp_path):
    return make_project(tmp_path / "kb", {})


def seed(kb, name, content):
    path = kb.seeds_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return path


def test_discover_is_recursive_sorted_and_skips_hidden_and_unsupported(kb):
    for name in ("b.txt", "a/c.txt", ".hidden.txt", ".git/x.txt", "photo.png"):
        seed(kb, name, "x")
    found = discover(kb)
    assert [kb.relative(path) for path in found.paths] == ["seeds/a/c.txt", "seeds/b.txt"]
    assert found.skipped == (
        "seeds/photo.png: skipped, unsupported file type (supported: .htm, .html, .markdown, .md, .txt)",)


def test_discover_tells_the_seeds_that_are_not_plain_files(kb, tmp_path):
    import os

    seed(kb, "plain.txt", "x")
    (kb.seeds_dir / "link.txt").symlink_to(kb.seeds_dir / "plain.txt")
    os.mkfifo(kb.seeds_dir / "pipe.txt")
    assert discover(kb).irregular == {"link.txt", "pipe.txt"}  # served only once checked (mkdocs_hooks)


def test_utf8_bom_and_crlf_are_normalised(kb):
    doc = read_seed(kb, seed(kb, "a.txt", "\ufeffTitle\r\n\r\nBody\rMore".encode()))
    assert doc.raw == "Title\n\nBody\nMore"
    assert doc.seed == "seeds/a.txt" and len(doc.seed_sha256) == 64


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file (nothing but white space)"),
        (b" \n\t\n", "empty file (nothing but white space)"),
        (b"\x89PNG\x00\x00", "binary file (contains NUL bytes), not text"),
    ],
)
def test_bad_seeds_fail_with_a_reason(kb, content, reason):
    with pytest.raises(SeedError) as caught:
        read_seed(kb, seed(kb, "bad.txt", content))
    assert str(caught.value) == f"seeds/bad.txt: {reason}"


def test_oversized_seed_is_refused_by_the_limit(tmp_path):
    kb = make_project(tmp_path / "kb", {"big.txt": "x" * 3000})
    small = type(kb)(kb.root, max_seed_bytes=1024)
    with pytest.raises(SeedError, match=r"file is 0.0 MB, over the 0.0 MB limit"):
        read_seed(small, small.seeds_dir / "big.txt")


def test_symlink_out_of_seeds_is_refused(kb, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret Title\n\nsecret body")
    (kb.seeds_dir / "link.txt").symlink_to(outside)
    with pytest.raises(SeedError, match="symbolic link to a file outside seeds/, refused"):
        read_seed(kb, kb.seeds_dir / "link.txt")


@pytest.mark.parametrize("front_matter, reason", [
    ("title: " + "Huge " * 300, "declared title: 'Huge Huge Huge Huge Huge Huge Huge Huge Huge Huge Huge Huge Huge "
     "Huge Huge Huge… is not a string of at most 1000 characters"),
    ("categories: [" + ", ".join(["x"] * 101) + "]", "declared categories: ['x', 'x', 'x', 'x', 'x', 'x', 'x', "
     "'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',… is not a list of at most 100 strings of at most 1000 characters"),
])
def test_declared_values_that_would_swell_every_listing_are_refused_in_one_short_line(kb, front_matter, reason):
    path = seed(kb, "big.md", f"---\n{front_matter}\n---\n# Title\n\nBody text about cancer.\n")
    with pytest.raises(SeedError) as failure:
        read_seed(kb, path)
    assert str(failure.value) == f"seeds/big.md: {reason}"
