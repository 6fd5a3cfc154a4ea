"""Read stage: find the seeds and decode each into a `Document`. Seeds are only ever read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from presskb.document import Document
from presskb.errors import SeedError
from presskb.project import Project

SUPPORTED_SUFFIXES = frozenset({".txt"})


@dataclass(frozen=True)
class SeedFiles:
    paths: tuple[Path, ...]  # supported seeds, sorted for deterministic output
    skipped: tuple[str, ...]  # notices for files that are not seeds


def discover(project: Project) -> SeedFiles:
    """Every supported file under seeds/, recursively. Hidden files and folders are ignored."""
    paths, skipped = [], []
    if not project.seeds_dir.is_dir():
        return SeedFiles((), ())
    for path in sorted(project.seeds_dir.rglob("*")):
        relative = path.relative_to(project.seeds_dir)
        if any(part.startswith(".") for part in relative.parts) or path.is_dir():
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            paths.append(path)
        else:
            skipped.append(f"{project.relative(path)}: skipped, unsupported file type")
    return SeedFiles(tuple(paths), tuple(skipped))


def read_seed(project: Project, path: Path) -> Document:
    """Decode one seed. Raises `SeedError` with the reason when it cannot be an article."""
    name = project.relative(path)
    data = _read_bytes(project, path, name)
    text = decode(data, name)
    if not text.strip():
        raise SeedError(name, "empty file (nothing but white space)")
    return Document(seed=name, raw=text, seed_sha256=hashlib.sha256(data).hexdigest())


def _read_bytes(project: Project, path: Path, name: str) -> bytes:
    seeds_root = project.seeds_dir.resolve()
    target = path.resolve()
    if not target.is_relative_to(seeds_root):
        raise SeedError(name, "symbolic link to a file outside seeds/, refused")
    size = target.stat().st_size
    if size > project.max_seed_bytes:
        raise SeedError(
            name,
            f"file is {_megabytes(size)}, over the {_megabytes(project.max_seed_bytes)} limit "
            "(raise it with --max-seed-size)",
        )
    return target.read_bytes()


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped) with newlines normalised to \\n."""
    if b"\x00" in data:
        raise SeedError(name, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SeedError(
            name, f"not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
