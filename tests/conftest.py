"""Shared fixtures: a throw-away copy of the project to build in, and golden-file updating."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from presskb.project import Project

REPO = Path(__file__).resolve().parent.parent
# Every hand-written file in docs/ (generated entries there are symlinks, see presskb.write).
HAND_WRITTEN = tuple(sorted(
    path.relative_to(REPO).as_posix()
    for path in (REPO / "docs").rglob("*")
    if path.is_file() and not path.is_symlink()
))

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.md from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def make_project(root: Path, seeds: dict[str, str | bytes] | None = None) -> Project:
    """A project like the repository's (same config, taxonomy, hand-written pages), with `seeds`
    (name -> content) or, by default, the repository's own seeds."""
    for name in ("mkdocs.yml", "topics.yml", *HAND_WRITTEN):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, root / name)
    (root / "scripts").symlink_to(REPO / "scripts")
    if seeds is None:
        shutil.copytree(REPO / "seeds", root / "seeds")
    else:
        (root / "seeds").mkdir()
        for name, content in seeds.items():
            path = root / "seeds" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return Project(root)


def built_site(root: Path, extra_seeds: Path | None = None) -> Project:
    """A project like the repository's (plus `extra_seeds`, a folder copied into seeds/),
    ingested and built with MkDocs into its site/."""
    from presskb.pipeline import ingest
    from presskb.site import build_site

    project = make_project(root)
    if extra_seeds:
        shutil.copytree(extra_seeds, project.seeds_dir / extra_seeds.name)
    ingest(project)
    build_site(project)
    return project


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path / "kb")


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (following symlinks, as MkDocs does) -> sha256 of its bytes."""
    return {
        (Path(root) / name).relative_to(folder).as_posix():
            hashlib.sha256((Path(root) / name).read_bytes()).hexdigest()
        for root, _, names in sorted(os.walk(folder, followlinks=True))
        for name in sorted(names)
    }
