"""Shared fixtures: a throw-away copy of the project to build in, and golden-file updating."""

from __future__ import annotations

import gzip
import hashlib
import json
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


@pytest.fixture(autouse=True)
def _no_process_left_behind():
    """Whatever a test started as users do (tests/processes.py) is stopped when it ends, passed
    or failed: a hung command would otherwise outlive the test, and the run."""
    yield
    from processes import stop_every_started  # it imports this module

    stop_every_started()


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


def site_contents(site_dir: Path) -> dict[str, object]:
    """A built site's files, for comparing two builds: each file's digest, and Pagefind's bundle by
    content. Pagefind's index is not byte-reproducible (it writes the values of a filter in
    hash-map order, and names its filter and meta files by their bytes): each filter's bytes are
    compared as a multiset, those names left out. shards.digests.json, which records the files
    each shard was indexed from by their status (presskb.search_index), differs from any other
    build's: it is left out."""
    from presskb.search_index import BUNDLE as bundle

    found: dict[str, object] = {k: v for k, v in tree_hashes(site_dir).items() if not k.startswith(f"{bundle}/")}
    found.update({f"{bundle}: {k}": v for k, v in _search_index(site_dir / bundle).items()})
    return found


def _search_index(bundle: Path) -> dict[str, object]:
    """The bundle's files, with Pagefind's unreproducible parts by content (see site_contents)."""
    from presskb.search_index import DIGESTS

    found: dict[str, object] = {}
    for path in sorted(path for path in bundle.rglob("*") if path.is_file()):
        shard = path.parent.relative_to(bundle).as_posix()
        if path.suffix == ".pf_filter":  # named by its bytes, written in hash-map order
            found.setdefault(f"{shard}: filters", []).append(sorted(gzip.decompress(path.read_bytes())))
        elif path.suffix == ".pf_meta":  # names the filter files
            found[f"{shard}: meta size"] = len(gzip.decompress(path.read_bytes()))
        elif path.name == DIGESTS:
            continue
        elif path.name == "pagefind-entry.json":  # names the meta file
            entry = json.loads(path.read_text())
            for language in entry["languages"].values():
                language.pop("hash")
            found[f"{shard}: entry"] = entry
        else:
            found[path.relative_to(bundle).as_posix()] = path.read_bytes()
    return {name: sorted(value) if name.endswith("filters") else value for name, value in found.items()}
