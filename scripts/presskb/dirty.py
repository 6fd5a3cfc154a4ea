"""What a `mkdocs build --dirty` needs to give the same site as a clean build.

MkDocs renders again only the pages whose Markdown is newer than their HTML, and ingest leaves
an unchanged page's file as it was (presskb.write). That is the whole site only while nothing
else a page is made of changed, so a dirty build starts from an empty site/ when its *site key*
changed: presskb's code and theme, mkdocs.yml and the environment it reads, topics.yml,
the hand-written pages, MkDocs' and Material's versions. The key of the last build that
finished is kept per site folder; a build killed half-way leaves none, so the next one is full.

What a dirty build does not do is done here: the files of pages that are gone are deleted (by
the list of what the last build wrote: walking site/ took longer than rendering a page).
(Pages do not show their tags, see mkdocs.yml: else a topic page rendered alone would lack the
links the tags plugin makes from tags.md, a hand-written page, rendered in full builds only.)
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from mkdocs.structure.files import Files
from mkdocs.utils import clean_directory

from presskb.cache import code_version
from presskb.project import Project
from presskb.site import config_key
from presskb.write import remove_files

# Written by MkDocs, its theme or its plugins besides the files it collects.
OUTPUTS = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"})


def site_key(project: Project) -> str:
    digest = hashlib.sha256()
    for package in ("mkdocs", "mkdocs-material"):
        digest.update(f"{package} {version(package)}\0".encode())
    digest.update(config_key(project).encode())
    digest.update(f"{code_version()}\0".encode() + project.topics_file.read_bytes())
    for path in _hand_written(project):
        digest.update(path.as_posix().encode(errors="surrogateescape") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _hand_written(project: Project) -> list[Path]:
    """docs/ without the generated entries (symbolic links into .presskb, see presskb.write)."""
    found = []
    for folder, folders, names in os.walk(project.docs_dir):
        folders[:] = sorted(name for name in folders if not os.path.islink(os.path.join(folder, name)))
        found += [Path(folder, name) for name in sorted(names) if not os.path.islink(os.path.join(folder, name))]
    return found


def _record(project: Project, site_dir: Path) -> Path:
    name = hashlib.sha256(str(site_dir.resolve()).encode(errors="surrogateescape")).hexdigest()[:16]
    return project.state_dir / "sites" / name


@dataclass(frozen=True)
class Begun:
    """A dirty build under way: its site key, and what the last build wrote into the site folder
    it keeps (nothing when the folder was emptied)."""

    key: str
    written: frozenset[str]


def begin(project: Project, site_dir: Path) -> Begun:
    """Before a dirty build: empty `site_dir` unless the last build into it finished with the same
    site key."""
    key = site_key(project)
    record = _record(project, site_dir)
    try:
        last_key, *written = record.read_text(encoding="utf-8", errors="surrogateescape").split("\0")
    except OSError:
        last_key, written = None, []
    record.unlink(missing_ok=True)
    if last_key != key:
        written = []
        if site_dir.is_dir():
            clean_directory(str(site_dir))
    return Begun(key, frozenset(written))


def finish(project: Project, site_dir: Path, files: Files, begun: Begun) -> None:
    """After a dirty build: delete what the last build wrote and this one did not, and record
    what this one wrote (the search bundle is Pagefind's to keep, see presskb.search_index)."""
    written = {file.dest_uri for file in files} | OUTPUTS
    remove_files(str(site_dir), begun.written - written)
    record = _record(project, site_dir)
    record.parent.mkdir(parents=True, exist_ok=True)
    temporary = record.with_name(f".{record.name}-{os.getpid()}")
    temporary.write_text("\0".join((begun.key, *sorted(written))), encoding="utf-8", errors="surrogateescape")
    os.replace(temporary, record)
