"""The MkDocs side: build or serve the site from docs/ (run as a child process, so MkDocs and its
plugins start clean each time and its own log format reaches the user unchanged)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

from presskb.errors import BuildError
from presskb.processes import child_options
from presskb.project import Project

SHUTDOWN_SECONDS = 2
_ENVIRONMENT_NAME = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


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


def config_key(project: Project) -> str:
    """A digest of mkdocs.yml and of the environment variables it reads (`!ENV`)."""
    config = project.mkdocs_file.read_bytes() if project.mkdocs_file.is_file() else b""
    digest = hashlib.sha256(config)
    for name in sorted(set(_ENVIRONMENT_NAME.findall(config.decode("utf-8", "replace")))):
        digest.update(f"{name}={os.environ.get(name)}\0".encode(errors="surrogateescape"))
    return digest.hexdigest()
