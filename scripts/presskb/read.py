"""Read stage: find the seeds and turn each into a `Document`. Seeds are only ever read.

Metadata is layered, weakest first: what the format gives (an HTML page's canonical link),
what extraction finds in the text (later stages), what the seed declares (Markdown
front-matter), and a sidecar `<name>.yml` beside the seed. Declared values always win.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import reprlib
import stat
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from presskb import user_yaml
from presskb.document import Document
from presskb.errors import PresskbError, SeedError
from presskb.project import Project
from presskb.readers import READERS

SUPPORTED_SUFFIXES = frozenset(READERS)
SIDECAR_SUFFIXES = frozenset({".yml", ".yaml"})
_DECLARABLE = ("title", "date", "source", "source_url", "dateline", "issuer", "categories",
               "language", "also_at")
# Declared values are shown on every page listing the article: bounded, so no listing grows
# with one seed.
MAX_DECLARED_CHARS = 1000
MAX_DECLARED_ITEMS = 100
_SHOWN_CHARS = 80  # of a rejected value, in its error line
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
SETTLE_NS = 2_000_000_000  # coarser than any file system's timestamps (FAT: 2 s)


@dataclass(frozen=True)
class SeedFiles:
    root: Path  # seeds/
    inside: tuple[str, ...]  # each supported seed's path under root, with /, sorted as paths sort
    names: tuple[str, ...]  # each as users see it (Project.relative)
    skipped: tuple[str, ...]  # notices for files that are not seeds
    sidecars: frozenset[Path] = frozenset()  # every sidecar-named file found
    folders: tuple[tuple[str, tuple | None], ...] = ()  # each folder walked, with its status then
    listed_ns: int = 0  # when they were walked
    linked: bool = False  # a symbolic link was met: the folders' status cannot tell a change
    irregular: frozenset[str] = frozenset()  # of `inside`, those that are not plain files (links, pipes)

    @cached_property
    def paths(self) -> tuple[Path, ...]:
        """Made when first asked for: a re-ingest with nothing changed needs none."""
        return tuple(self.root / inside for inside in self.inside)

    def locations(self) -> list[str]:
        root = str(self.root)
        return [os.path.join(root, inside) for inside in self.inside]

    def sidecars_of(self, seed: Path) -> list[Path]:
        if not self.sidecars:
            return []
        return [path for path in sidecar_paths(seed) if path in self.sidecars]

    def named(self) -> dict[str, Path]:
        return dict(zip(self.names, self.paths))

    def __getstate__(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key != "paths"}


def discover(project: Project, last: SeedFiles | None = None) -> SeedFiles:
    """Every supported file under seeds/, recursively. Hidden files and folders are ignored;
    sidecars (.yml beside a seed) are read with their seed. `last`, what an earlier discover
    found, is the answer again when no folder changed since (a file added, removed or renamed
    changes its folder's times), so a re-ingest does not list thousands of folders."""
    root = project.seeds_dir
    if not root.is_dir():
        return SeedFiles(root, (), (), ())
    if not root.resolve().is_relative_to(project.root.resolve()):
        raise PresskbError(f"{project.seeds_folder}/ is a link to a folder outside the project, refused")
    if last and last.root == root and _unchanged(last):
        return last
    inside, names, skipped, sidecars = [], [], [], set()
    shown_root = project.relative(root)
    listed = time.time_ns()
    found, folders, linked, irregular = _walk(root)
    for parts in found:
        path = "/".join(parts)
        name, suffix = f"{shown_root}/{path}", os.path.splitext(parts[-1])[1].lower()
        if suffix in SUPPORTED_SUFFIXES:
            inside.append(path)
            names.append(name)
        elif suffix in SIDECAR_SUFFIXES:
            sidecar = root / path
            sidecars.add(sidecar)
            if not _seed_of_sidecar(sidecar):
                skipped.append(f"{name}: sidecar without a seed of the same name")
        else:
            skipped.append(
                f"{name}: skipped, unsupported file type (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
            )
    return SeedFiles(root, tuple(inside), tuple(names), tuple(skipped), frozenset(sidecars), tuple(folders),
                     listed, linked, frozenset("/".join(parts) for parts in irregular))


Parts = tuple[str, ...]


def _walk(root: Path) -> tuple[list[Parts], list[tuple[str, tuple | None]], bool, list[Parts]]:
    """(the path parts, under `root`, of the files not hidden nor in a hidden folder, sorted as
    paths sort; each folder walked with its status; whether a symbolic link was met; the path
    parts of those files that are not plain files: links, pipes). Linked folders are not entered
    (a link could loop); an unreadable folder is passed over."""
    found, folders, linked, irregular = [], [], False, []
    pending: list[Parts] = [()]
    while pending:
        parts = pending.pop()
        folder = os.path.join(root, *parts)
        folders.append((folder, _folder_status(folder)))
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            linked = linked or entry.is_symlink()
            if not entry.is_dir():
                found.append((*parts, entry.name))
                if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                    irregular.append(found[-1])
            elif not entry.is_symlink():
                pending.append((*parts, entry.name))
    found.sort()
    return found, folders, linked, irregular


def _folder_status(folder: str) -> tuple | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev


def _unchanged(last: SeedFiles) -> bool:
    """No folder `last` walked changed since, nor had changed shortly before it was walked."""
    if last.linked or not last.folders:
        return False
    return all(status is not None and _folder_status(folder) == status and settled(max(status[:2]), last.listed_ns)
               for folder, status in last.folders)


def settled(changed_ns: int, looked_ns: int) -> bool:
    """Whether what last changed at `changed_ns` (the later of a file's modification and change
    times) would show any later change to a look taken at `looked_ns`: a change in the same
    clock tick leaves the times as they were."""
    return changed_ns < looked_ns - SETTLE_NS


def read_seed(project: Project, path: Path) -> Document:
    """Decode and read one seed. Raises `SeedError` with the reason when it cannot be an article."""
    from presskb.decode import declared_html_charset, decode  # finding seeds needs no decoder

    name = project.relative(path)
    data = _read_bytes(project, path, name)
    suffix = path.suffix.lower()
    declared_charset = declared_html_charset(data) if suffix in (".html", ".htm") else None
    decoded = decode(data, name, declared_charset)
    if not decoded.text.strip():
        raise SeedError(name, "empty file (nothing but white space)")
    reading = READERS[suffix](decoded.text, name)
    declared = {**reading.declared, **_sidecar(project, path, name)}
    doc = Document(
        seed=name,
        raw=reading.text,
        seed_sha256=hashlib.sha256(data).hexdigest(),
        title=reading.title,
        removed=reading.removed,
        warnings=decoded.notes,
    )
    doc = doc.with_found(**_usable(reading.found, name))
    values = _validated(declared, name, "declared")
    return doc.with_changes(**values, declared=frozenset(values))


def links_out_of(seed: Path, seeds_dir: Path) -> bool:
    """Whether a seed discover() found is a link to a file outside seeds/ (it does not enter
    linked folders: only a linked file may lead out)."""
    return seed.is_symlink() and not seed.resolve().is_relative_to(seeds_dir.resolve())


def _read_bytes(project: Project, path: Path, name: str) -> bytes:
    if links_out_of(path, project.seeds_dir):
        raise SeedError(name, "symbolic link to a file outside seeds/, refused")
    try:  # not blocking: a named pipe among the seeds is refused, not waited on
        seed = open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    except OSError as error:  # gone since it was found, a dangling link, no permission
        raise SeedError(name, f"cannot be read ({error.strerror})") from None
    with seed:
        status = os.fstat(seed.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SeedError(name, "not a regular file (a named pipe or a device), refused")
        size = status.st_size
        if size > project.max_seed_bytes:
            raise SeedError(
                name,
                f"file is {_megabytes(size)}, over the {_megabytes(project.max_seed_bytes)} limit "
                "(raise it with --max-seed-size)",
            )
        return seed.read()


def sidecar_paths(seed: Path) -> list[Path]:
    return [seed.with_name(seed.stem + suffix) for suffix in (".yml", ".yaml")] + [
        seed.with_name(seed.name + suffix) for suffix in (".yml", ".yaml")
    ]


def _seed_of_sidecar(sidecar: Path) -> bool:
    stem = sidecar.name.rsplit(".", 1)[0]
    candidates = [sidecar.with_name(stem)] + [sidecar.with_name(stem + s) for s in SUPPORTED_SUFFIXES]
    return any(c.is_file() and c.suffix.lower() in SUPPORTED_SUFFIXES for c in candidates)


def _sidecar(project: Project, seed: Path, name: str) -> dict:
    for path in sidecar_paths(seed):
        if path.is_file() and path.resolve().is_relative_to(project.seeds_dir.resolve()):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except OSError as error:
                raise SeedError(name, f"sidecar {path.name} cannot be read ({error.strerror})") from None
            except user_yaml.FAILURES as error:
                raise SeedError(name, f"sidecar {path.name} is not valid YAML: {user_yaml.problem(error)}") from None
            if not isinstance(data, dict):
                raise SeedError(name, f"sidecar {path.name} must be a mapping of metadata keys")
            return data
    return {}


def _validated(values: dict, name: str, origin: str) -> dict:
    """Declared metadata, checked and normalised; a bad value fails the seed by name."""
    clean: dict = {}
    for key, value in values.items():
        if key not in _DECLARABLE:
            raise SeedError(
                name, f"{origin} key {key!r} is not known (use: {', '.join(_DECLARABLE)})"
            )
        if value is None:
            continue
        clean[key] = _value(key, value, name, origin)
    return clean


def _usable(found: dict, name: str) -> dict:
    """Metadata a format gives (links, page dates): kept where valid, silently dropped where not,
    since the seed did not promise it."""
    usable = {}
    for key, value in found.items():
        if key == "also_at":
            value = tuple(url for url in value if _is_web_url(url))[:MAX_DECLARED_ITEMS]
        try:
            usable.update(_validated({key: value}, name, "page metadata"))
        except SeedError:
            continue
    return usable


def _shown(value) -> str:
    """A rejected value as its error line shows it: the start of its repr."""
    try:
        text = repr(value)
    except RecursionError:  # YAML nested thousands deep (`[[[[...`)
        text = _SHALLOW.repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


_SHALLOW = reprlib.Repr()
_SHALLOW.maxlevel = 4


def _value(key: str, value, name: str, origin: str):
    def fail(expected: str):
        raise SeedError(name, f"{origin} {key}: {_shown(value)} is not {expected}")

    if key == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            fail("a date (YYYY-MM-DD)")
    if key in ("categories", "also_at"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) and i.strip() for i in items):
            fail("a list of strings")
        if len(items) > MAX_DECLARED_ITEMS or any(len(item) > MAX_DECLARED_CHARS for item in items):
            fail(f"a list of at most {MAX_DECLARED_ITEMS} strings of at most {MAX_DECLARED_CHARS} characters")
        if key == "also_at" and not all(_is_web_url(item) for item in items):
            fail("a list of http(s) URLs")
        return tuple(item.strip() for item in items)
    if not isinstance(value, str) or not value.strip():
        fail("a non-empty string")
    if len(value) > MAX_DECLARED_CHARS:
        fail(f"a string of at most {MAX_DECLARED_CHARS} characters")
    value = " ".join(value.split())
    if key == "source_url" and not _is_web_url(value):
        fail("an http(s) URL")
    if key == "language" and not _LANGUAGE.match(value):
        fail("a language code such as en or zh")
    return value


def _is_web_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s/]+", value, re.IGNORECASE))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"

