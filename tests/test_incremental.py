"""After any sequence of incremental builds, docs/ and site/ are what a clean build of the same
inputs gives: seeds added, changed and removed, the taxonomy edited, a hand-written page edited.
(Pagefind's index is compared by content: see conftest.site_contents.)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import REPO, make_project, site_contents, tree_hashes
from presskb.pipeline import ingest
from presskb.project import Project
from presskb.render import raw_seed_path
from presskb.site import build_site

GOLDEN = REPO / "tests" / "golden"
SEEDS = {  # a small corpus of several wires, languages and topics
    f"{case}/{path.relative_to(GOLDEN / case / 'seeds').as_posix()}": path.read_bytes()
    for case in ("chinese-release", "help-prnewswire-repost", "duplicates", "declared-metadata")
    for path in sorted((GOLDEN / case / "seeds").rglob("*")) if path.is_file()
}


def _build(project: Project) -> None:
    ingest(project)
    build_site(project)


def _clean_build_of(project: Project, root: Path) -> Project:
    """A fresh copy of `project`'s inputs, built once from nothing."""
    clean = make_project(root, {})
    for name in ("topics.yml", "mkdocs.yml"):
        shutil.copyfile(project.root / name, clean.root / name)
    shutil.rmtree(clean.seeds_dir)
    shutil.copytree(project.seeds_dir, clean.seeds_dir)
    shutil.copyfile(project.docs_dir / "about.md", clean.docs_dir / "about.md")
    _build(clean)
    return clean


def _page_times(project: Project) -> dict[str, int]:
    return {path.relative_to(project.site_dir).as_posix(): path.stat().st_mtime_ns
            for path in project.site_dir.rglob("*.html")}


def _assert_same_as_clean(project: Project, tmp_path: Path, step: str) -> None:
    clean = _clean_build_of(project, tmp_path / f"clean-{step}")
    assert tree_hashes(project.docs_dir) == tree_hashes(clean.docs_dir), step
    assert site_contents(project.site_dir) == site_contents(clean.site_dir), step


def test_incremental_builds_give_the_site_a_clean_build_gives(tmp_path):
    project = make_project(tmp_path / "kb", dict(list(SEEDS.items())[:-2]))
    _build(project)

    added = project.seeds_dir / list(SEEDS)[-1]
    added.parent.mkdir(parents=True, exist_ok=True)
    added.write_bytes(SEEDS[list(SEEDS)[-1]])
    _build(project)
    _assert_same_as_clean(project, tmp_path, "add")

    changed = project.seeds_dir / list(SEEDS)[0]
    changed.write_bytes(changed.read_bytes().replace("快速通道".encode(), "突破性疗法".encode()))
    before = _page_times(project)
    _build(project)
    _assert_same_as_clean(project, tmp_path, "change")
    after = _page_times(project)
    assert 0 < sum(after.get(page) != time for page, time in before.items()) < len(before)  # not every page again

    added.unlink()
    _build(project)
    _assert_same_as_clean(project, tmp_path, "remove")

    topics = project.topics_file.read_text(encoding="utf-8")
    project.topics_file.write_text(topics.replace("Heart failure", "Heart failure (HF)", 1), encoding="utf-8")
    _build(project)
    _assert_same_as_clean(project, tmp_path, "taxonomy")

    about = project.docs_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("# About", "# About presskb", 1), encoding="utf-8")
    _build(project)
    _assert_same_as_clean(project, tmp_path, "hand-written page")


def test_a_build_killed_half_way_is_followed_by_a_full_build(tmp_path):
    project = make_project(tmp_path / "kb", dict(list(SEEDS.items())[:3]))
    _build(project)
    records = list((project.state_dir / "sites").iterdir())
    page = next((project.site_dir / "articles").glob("*/*/index.html"))
    good = page.read_bytes()
    page.write_text("half-written by a build that was killed")
    records[0].unlink()  # a killed MkDocs leaves no record of a finished build
    build_site(project)
    assert page.read_bytes() == good and len(list((project.state_dir / "sites").iterdir())) == 1


def test_pagefind_is_told_of_the_search_documents_before_the_pages_are_written(tmp_path, monkeypatch):
    from presskb import write

    project = make_project(tmp_path / "kb", SEEDS)
    told = []
    real = write._write_pages

    def writing(new, previous, pages, result, searching):  # what was told when the pages began
        if not searching:
            told.append(("pages", len(told)))
        return real(new, previous, pages, result, searching)

    monkeypatch.setattr(write, "_write_pages", writing)
    ingest(project, search_written=told.append)
    assert told == [(project.state_dir / "current" / "search").resolve(), ("pages", 1)]
    told.clear()
    (project.seeds_dir / "added.txt").write_text(
        "Acme Reports Cancer Data\n\nBOSTON, May 5, 2026 /PRNewswire/ -- Acme reported cancer data.")
    ingest(project, search_written=told.append)  # one new search document: Pagefind starts on it at once
    assert told == [(project.state_dir / "current" / "search").resolve(), ("pages", 1)]


def test_raw_seeds_in_the_site_follow_their_seeds_and_never_change_them(tmp_path):
    project = make_project(tmp_path / "kb", dict(list(SEEDS.items())[:2]))
    name = list(SEEDS)[0]
    seed, served = project.seeds_dir / name, project.site_dir / raw_seed_path(f"seeds/{name}")
    _build(project)
    assert served.read_bytes() == SEEDS[name]
    served.unlink()
    served.write_bytes(b"a copy an older build left")  # a dirty build copies only seeds newer than theirs
    os.utime(served, (served.stat().st_mtime - 3600,) * 2)
    replaced = seed.with_name(seed.name + ".new")  # saved as editors save: a new file renamed over the seed
    replaced.write_bytes(SEEDS[name] + b"\n\nA paragraph added later.")
    os.replace(replaced, seed)
    _build(project)
    assert served.read_bytes() == seed.read_bytes() == SEEDS[name] + b"\n\nA paragraph added later."
    _build(project)  # with nothing changed, the served copy stays as it is
    assert served.read_bytes() == seed.read_bytes()
