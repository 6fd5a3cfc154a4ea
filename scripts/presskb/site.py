"""The MkDocs side: build or serve the site from docs/ (run as a child process, so MkDocs and its
plugins start clean each time and its own log format reaches the user unchanged)."""

from __future__ import annotations

import os
import subprocess
import sys

from presskb.errors import BuildError
from presskb.processes import child_options
from presskb.project import Project

SHUTDOWN_SECONDS = 2


def _mkdocs(project: Project, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *arguments, "--config-file", str(project.mkdocs_file)]


def _environment() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(project: Project) -> None:
    """`mkdocs build --strict --dirty` into site/: only pages whose Markdown changed are rendered
    again, and the result is the site a clean build gives (see presskb.dirty). Any MkDocs
    warning fails the build (so never with `--quiet`, which hides warnings from the count
    `--strict` goes by)."""
    command = _mkdocs(project, "build", "--strict", "--dirty", "--site-dir", str(project.site_dir))
    completed = subprocess.run(command, cwd=project.root, env=_environment(), **child_options())
    if completed.returncode != 0:
        raise BuildError("mkdocs build --strict failed (its messages are above)")


def serve_site(project: Project, address: str) -> None:
    """`mkdocs serve --dirty`, which re-ingests before each rebuild (see mkdocs_hooks) and renders
    again only what changed."""
    command = _mkdocs(project, "serve", "--dirty", "--dev-addr", address)
    process = subprocess.Popen(command, cwd=project.root, env=_environment(), **child_options())
    try:
        returncode = process.wait()
    except KeyboardInterrupt:
        try:  # Ctrl+C in a terminal reaches MkDocs too, and it shuts its server down
            process.wait(timeout=SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:  # the interrupt was presskb's alone
            process.terminate()
            process.wait()
        return
    if returncode != 0:
        raise BuildError("mkdocs serve stopped with an error (its messages are above)")


def site_url(project: Project) -> str:
    """The site's published address, as MkDocs resolves it from mkdocs.yml and the environment."""
    from mkdocs.config import load_config

    return load_config(str(project.mkdocs_file)).site_url or "/"
