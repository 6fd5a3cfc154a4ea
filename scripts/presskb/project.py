"""Where a presskb project keeps its inputs and outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from presskb.errors import PresskbError

DEFAULT_MAX_SEED_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Project:
    root: Path
    max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES
    seeds_folder: str = "seeds"

    @property
    def seeds_dir(self) -> Path:
        return self.root / self.seeds_folder

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def topics_file(self) -> Path:
        return self.root / "topics.yml"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def relative(self, path: Path) -> str:
        """A path as users see it in messages and front-matter: from the project root, with /."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @classmethod
    def find(cls, start: Path | None = None, **options) -> Project:
        """The nearest folder at or above `start` that holds mkdocs.yml and topics.yml."""
        start = (start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / "mkdocs.yml").is_file() and (folder / "topics.yml").is_file():
                return cls(folder, **options)
        raise PresskbError(
            f"no presskb project at or above {start} (a folder with mkdocs.yml and topics.yml); "
            "run presskb from the project folder or pass --project DIR"
        )
