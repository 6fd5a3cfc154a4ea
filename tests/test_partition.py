"""A build with many pages to render shares them over several MkDocs processes
(presskb.partition): the site is the one a single process builds, and a failure anywhere fails
the build."""

from __future__ import annotations

import os

import pytest
from mkdocs.structure.files import File

from conftest import make_project, site_contents
from presskb import partition
from presskb.errors import BuildError
from presskb.pipeline import ingest
from presskb.site import build_site
from test_incremental import SEEDS


def _build(root, monkeypatch, processes: int):
    monkeypatch.setenv(partition.PROCESSES_VARIABLE, str(processes))
    monkeypatch.setenv(partition.PAGES_VARIABLE, "1")
    project = make_project(root, SEEDS)
    ingest(project)
    build_site(project)
    return project


def test_a_shared_build_gives_the_site_one_process_gives(tmp_path, monkeypatch, capfd):
    alone = _build(tmp_path / "alone", monkeypatch, 1)
    assert "rendered by" not in capfd.readouterr().err
    shared = _build(tmp_path / "shared", monkeypatch, 3)
    assert "pages rendered by 3 processes" in capfd.readouterr().err
    assert site_contents(shared.site_dir) == site_contents(alone.site_dir)


def test_a_broken_hand_written_link_fails_a_shared_build(tmp_path, monkeypatch):
    project = make_project(tmp_path / "kb", SEEDS)
    about = project.docs_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the list](missing.md).\n", encoding="utf-8")
    monkeypatch.setenv(partition.PROCESSES_VARIABLE, "2")
    monkeypatch.setenv(partition.PAGES_VARIABLE, "1")
    ingest(project)
    with pytest.raises(BuildError):
        build_site(project)


def _file(docs, uri, text):
    path = docs / uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return File(uri, str(docs), str(docs.parent / "site"), use_directory_urls=True)


def test_hand_written_and_tagged_pages_stay_with_the_main_process(tmp_path):
    docs, generated = tmp_path / "docs", tmp_path / "generation"
    (generated / "articles").mkdir(parents=True)
    docs.mkdir()
    (docs / "articles").symlink_to(generated / "articles")
    (docs / "topics").symlink_to(generated / "articles")  # another generated entry
    hand_written = _file(docs, "about.md", "---\ntitle: About\n---\n# About\n")
    tagged = _file(docs, "topics/acme.md", "---\ntitle: Acme\ntags:\n- companies\n---\n# Acme\n")
    articles = [_file(docs, f"articles/{number:03}.md", "---\ntitle: A\n---\n" + "text " * 8000)
                for number in range(200)]
    asset = _file(docs, "articles/logo.png", "png")
    modified = [hand_written, tagged, *articles, asset]

    shares = partition.share_out(modified, 2, str(docs))

    assert hand_written in shares[0] and tagged in shares[0]
    assert sorted(file.src_uri for share in shares for file in share) == sorted(file.src_uri for file in modified)
    assert all(len(share) > 50 for share in shares)  # both processes get a fair part of the articles


def test_a_page_is_tagged_by_its_front_matter_only(tmp_path):
    docs = tmp_path / "docs"
    assert partition.has_tags(_file(docs, "a.md", "---\ntags: [x]\n---\n"))
    assert not partition.has_tags(_file(docs, "b.md", "---\ntitle: B\n---\ntags: in the text\n"))
    assert not partition.has_tags(_file(docs, "c.md", "tags: no front matter\n"))


def test_the_number_of_processes_follows_the_pages_and_the_settings(monkeypatch):
    monkeypatch.setenv(partition.PROCESSES_VARIABLE, "4")
    monkeypatch.delenv(partition.PAGES_VARIABLE, raising=False)
    assert partition.processes_for(10) == 1
    assert partition.processes_for(partition.PAGES_PER_PROCESS * 2) == 2
    assert partition.processes_for(partition.PAGES_PER_PROCESS * 100) == 4
    monkeypatch.setenv(partition.PROCESSES_VARIABLE, "many")
    with pytest.raises(ValueError, match="PRESSKB_SITE_PROCESSES must be a number of processes, not 'many'"):
        partition.processes_for(10)


def test_a_failed_helper_is_counted():
    helpers = partition.Helpers()
    share = helpers.fork([["a.md"], ["b.md"]])
    if share is not None:  # in a helper: the second one fails
        os._exit(share == ["b.md"])
    assert len(helpers.processes) == 2 and helpers.wait() == 1
