"""The MkDocs side: build or serve the site from docs/ (run as a child process, so MkDocs and its
plugins start clean each time and its own log format reaches the user unchanged)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from presskb.errors import BuildError
from presskb.processes import child_options
from presskb.project import Project

SHUTDOWN_SECONDS = 2
HOLD_VARIABLE = "PRESSKB_HOLD_FD"  # a pipe MkDocs waits on before it reads docs/
# What presskb tells MkDocs on that pipe, each message ended by NUL: go on; index the search
# documents in this folder.
_GO = b"go"
_SEARCH = b"search "
_ENVIRONMENT_NAME = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


def _mkdocs(project: Project, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *arguments, "--config-file", str(project.mkdocs_file)]


def _environment() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(project: Project) -> None:
    """`mkdocs build --strict --dirty` into site/ (see `SiteBuild`)."""
    build = SiteBuild(project)
    build.start()
    build.wait()


class SiteBuild:
    """`mkdocs build --strict --dirty` into site/: only pages whose Markdown changed are rendered
    again, and the result is the site a clean build gives (see presskb.dirty). Any MkDocs
    warning fails the build (so never with `--quiet`, which hides warnings from the count
    `--strict` goes by).

    MkDocs starts at once, and loads its config, theme and plugins while ingest runs on the other
    core; the hooks hold it before it reads docs/ until `start()` (if presskb stops first, the
    pipe it waits on ends and it gives up). Meanwhile `index_search` lets it start Pagefind."""

    def __init__(self, project: Project):
        hold, self._release = os.pipe()
        command = _mkdocs(project, "build", "--strict", "--dirty", "--site-dir", str(project.site_dir))
        self.process = subprocess.Popen(command, cwd=project.root, env={**_environment(), HOLD_VARIABLE: str(hold)},
                                        pass_fds=(hold,), **child_options())
        os.close(hold)

    def index_search(self, folder: Path) -> None:
        """Let MkDocs start Pagefind on the search documents in `folder`: they are written."""
        self._send(_SEARCH + os.fsencode(folder))

    def start(self) -> None:
        """Let MkDocs go on: docs/ is written."""
        self._send(_GO)
        self._close()

    def _send(self, message: bytes) -> None:
        if self._release is not None:
            try:
                os.write(self._release, message + b"\0")
            except BrokenPipeError:  # MkDocs stopped: `wait` says it failed
                self._close()

    def cancel(self) -> None:
        self.process.kill()
        self.process.wait()
        self._close()

    def wait(self) -> None:
        self._close()
        if self.process.wait() != 0:
            raise BuildError("mkdocs build --strict failed (its messages are above)")

    def _close(self) -> None:
        if self._release is not None:
            os.close(self._release)
            self._release = None


def wait_until_released(search_written: Callable[[Path], None]) -> bool:
    """In MkDocs' process (the hooks): wait for `SiteBuild.start`, calling `search_written` for
    `SiteBuild.index_search`; False if presskb stopped before. True at once for a build presskb
    does not hold."""
    hold = os.environ.pop(HOLD_VARIABLE, None)
    if hold is None:
        return True
    with os.fdopen(int(hold), "rb") as pipe:
        pending = b""
        while chunk := pipe.read1():
            *messages, pending = (pending + chunk).split(b"\0")
            for message in messages:
                if message == _GO:
                    return True
                search_written(Path(os.fsdecode(message.removeprefix(_SEARCH))))
    return False


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
