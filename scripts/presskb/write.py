"""Write stage: put generated pages into docs/ without harming anything else.

- A path must stay inside docs/; a second write to one path is refused.
- A file is written only when its content changed, atomically (temporary file + rename).
- A file is presskb's only if it carries the generated marker: any other file is hand-written
  and is never overwritten or deleted. Generated files no longer produced are deleted.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from presskb.errors import WriteError
from presskb.render import GENERATED_MARKER


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    kept_hand_written: list[str] = field(default_factory=list)


def is_generated(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - len(GENERATED_MARKER) - 16))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return False
    return tail.rstrip().endswith(GENERATED_MARKER)


def write_pages(docs_dir: Path, pages: list[tuple[str, str]]) -> WriteResult:
    result = WriteResult()
    wanted: set[Path] = set()
    for relative, content in pages:
        target = _inside(docs_dir, relative)
        if target in wanted:
            raise WriteError(f"docs/{relative}: two generated pages share this path")
        wanted.add(target)
        if target.exists() and not is_generated(target):
            result.kept_hand_written.append(f"docs/{relative}")
            continue
        data = content.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            result.unchanged += 1
            continue
        atomic_write(target, data)
        result.written.append(f"docs/{relative}")
    result.deleted = remove_stale(docs_dir, keep=wanted)
    return result


def remove_stale(docs_dir: Path, keep: set[Path]) -> list[str]:
    """Delete generated pages that are no longer produced, then folders they leave empty."""
    deleted = []
    emptied: set[Path] = set()
    for path in sorted(docs_dir.rglob("*.md")):
        if path not in keep and not path.is_symlink() and is_generated(path):
            path.unlink()
            deleted.append(f"docs/{path.relative_to(docs_dir).as_posix()}")
            emptied.update(parent for parent in path.parents if parent.is_relative_to(docs_dir))
    for folder in sorted(emptied - {docs_dir}, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return deleted


def atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".presskb-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _inside(docs_dir: Path, relative: str) -> Path:
    parts = PurePosixPath(relative)
    if parts.is_absolute() or ".." in parts.parts or not relative.endswith(".md"):
        raise WriteError(f"refusing to write {relative!r}: outside docs/ or not a page")
    target = docs_dir.joinpath(*parts.parts)
    if not target.resolve().is_relative_to(docs_dir.resolve()):
        raise WriteError(f"refusing to write docs/{relative}: it leads outside docs/")
    return target
