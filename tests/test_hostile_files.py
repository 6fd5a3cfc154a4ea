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


@pytest.mark.parametrize("front_matter, reason", [
    ("date: 2024-13-45", "a date or time that does not exist (month must be in 1..12)"),
    ("date: 2024-02-30 10:00:00", "a date or time that does not exist (day is out of range for month)"),
])
def test_front_matter_yaml_cannot_load_fails_its_seed_alone_in_one_line(tmp_path, front_matter, reason):
    project = make_project(tmp_path, {"a.txt": RELEASE.format("Acme"),
                                      "bad.md": f"---\n{front_matter}\n---\n# Title\n\nBody about cancer.\n"})
    result = pipeline.ingest(project)
    assert [str(error) for error in result.errors] == [f"seeds/bad.md: front-matter is not valid YAML: {reason}"]
    assert [doc.seed for doc in result.articles] == ["seeds/a.txt"]


def test_front_matter_nested_thousands_deep_fails_its_seed_in_one_line(tmp_path):
    project = make_project(tmp_path, {"bad.md": "---\ncategories: " + "[" * 10_000 + "]" * 10_000 + "\n---\n# T\n\nBody.\n"})
    assert [str(error) for error in pipeline.ingest(project).errors] == [
        "seeds/bad.md: declared categories: [[[[[...]]]]] is not a list of strings"]


def test_a_sidecar_with_a_date_that_does_not_exist_fails_its_seed(tmp_path):
    project = make_project(tmp_path, {"a.txt": RELEASE.format("Acme"), "a.yml": "date: 2024-04-31\n"})
    assert [str(error) for error in pipeline.ingest(project).errors] == [
        "seeds/a.txt: sidecar a.yml is not valid YAML: a date or time that does not exist (day is out of range for month)"]


def test_a_seed_presskb_fails_on_is_one_error_and_the_others_still_build(tmp_path, monkeypatch):
    from presskb import clean

    real = clean.clean

    def failing(doc):
        if doc.seed == "seeds/b.txt":
            raise IndexError("list index out of range")
        return real(doc)

    monkeypatch.setattr(clean, "clean", failing)
    project = make_project(tmp_path, {"a.txt": RELEASE.format("Acme"), "b.txt": RELEASE.format("Beta")})
    result = pipeline.ingest(project)
    assert [str(error) for error in result.errors] == [
        "seeds/b.txt: presskb failed on this seed (IndexError: list index out of range); please report it with the seed"]
    assert [doc.seed for doc in result.articles] == ["seeds/a.txt"]


@pytest.mark.parametrize("title, slug", [
    ("武田薬品がCAR-T治験を開始", "武田薬品がcar-t治験を開始"),  # not か
    ("한국 바이오 신약 승인", "한국-바이오-신약-승인"),  # syllables, not jamo (and a Hangul line is a title)
    ("がん治療薬を承認", "がん治療薬を承認"),  # a title may start with kana
    ("Новый препарат й", "новый-препарат-й"),  # not и
    ("Café Résumé ＺÜＲＩＣＨ", "cafe-resume-zurich"),  # Latin letters lose their accents
])
def test_titles_in_other_scripts_keep_their_letters_in_the_page_name(tmp_path, title, slug):
    project = make_project(tmp_path, {"a.txt": f"{title}\n\n" + RELEASE.format("Acme")})
    assert [doc.path for doc in pipeline.ingest(project).articles] == [f"articles/2026/{slug}.md"]
