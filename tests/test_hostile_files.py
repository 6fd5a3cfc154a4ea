"""Files from the open web: odd names, huge files, links out of seeds/."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO, make_project
from presskb import pipeline
from presskb.errors import PresskbError
from presskb.read import discover

RELEASE = "BOSTON, March 3, 2026 /PRNewswire/ -- {0} reported progress in its cancer program."


def test_names_with_spaces_non_ascii_and_200_characters_give_safe_slugs(tmp_path):
    long_name = "x" * 196 + ".txt"
    project = make_project(tmp_path, {
        "Press release (final) 2026.txt": RELEASE.format("Acme"),
        "Pressemitteilung Über Zürich.txt": RELEASE.format("Beta"),
        long_name: RELEASE.format("Gamma"),
    })
    result = pipeline.ingest(project)
    assert not result.errors
    paths = sorted(doc.path for doc in result.articles)
    for path in paths:
        slug = path.rsplit("/", 1)[1][:-3]
        assert slug and len(slug) <= 80 and all(c.isalnum() or c == "-" for c in slug), slug
    assert "articles/2026/pressemitteilung-uber-zurich.md" in paths


def test_a_2_mb_one_line_file_is_ingested(tmp_path):
    line = " ".join(f"word{i}" for i in range(300_000))[: 2 * 1024 * 1024]
    project = make_project(tmp_path, {"huge-line.txt": line})
    result = pipeline.ingest(project)
    assert not result.errors and len(result.articles) == 1


def test_a_30_mb_file_is_refused_by_the_size_limit(tmp_path):
    project = make_project(tmp_path, {})
    with open(project.seeds_dir / "giant.txt", "wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    result = pipeline.ingest(project)
    assert [str(e) for e in result.errors] == [
        "seeds/giant.txt: file is 30.0 MB, over the 5.0 MB limit (raise it with --max-seed-size)"]


def test_a_seeds_folder_that_links_outside_the_project_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret Title\n\nsecret body")
    project = make_project(tmp_path / "kb", {})
    (project.seeds_dir).rmdir()
    project.seeds_dir.symlink_to(outside)
    with pytest.raises(PresskbError, match="seeds/ is a link to a folder outside the project"):
        discover(project)


def test_symlinked_seed_inside_seeds_is_read_once_per_name(tmp_path):
    project = make_project(tmp_path, {"a.txt": RELEASE.format("Acme")})
    (project.seeds_dir / "b.txt").symlink_to("a.txt")
    result = pipeline.ingest(project)
    assert not result.errors
    assert [d.seed for d in result.duplicates] == ["seeds/b.txt"]  # the same text is one article


def test_a_dangling_link_and_a_named_pipe_fail_alone_and_the_site_still_builds(tmp_path):
    project = make_project(tmp_path, {"a.txt": RELEASE.format("Acme")})
    (project.seeds_dir / "gone.txt").symlink_to("deleted.txt")
    os.mkfifo(project.seeds_dir / "pipe.txt")  # reading it would wait for a writer forever
    completed = subprocess.run(
        [sys.executable, "-m", "presskb", "--project", str(project.root), "build"],
        capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "scripts")})
    assert completed.returncode == 1
    errors = [line for line in completed.stderr.splitlines() if line.startswith("error:")]  # MkDocs logs there too
    assert errors == ["error: seeds/gone.txt: cannot be read (No such file or directory)",
                      "error: seeds/pipe.txt: not a regular file (a named pipe or a device), refused"]
    assert "Site built:     site/" in completed.stdout
    assert (project.site_dir / "seeds/a.txt").is_file()
    assert not (project.site_dir / "seeds/gone.txt").exists() and not (project.site_dir / "seeds/pipe.txt").exists()
