"""Start presskb as users do (a real process) and find every process it left behind.

Each started command gets a unique marker in its environment, which every process it starts
inherits (pool workers, MkDocs, Pagefind): scanning /proc for the marker finds them all, even
after their parent died and they were handed to init.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from conftest import REPO

MARKER = "PRESSKB_TEST_MARKER"


class Presskb:
    """One `python -m presskb ...` process in its own session, like a command run in a terminal.
    Every one started is remembered, so that a test that failed while it ran stops it
    (`stop_every_started`)."""

    started: list[Presskb] = []

    def __init__(self, root: Path, *arguments: str, output=subprocess.DEVNULL):
        self.marker = uuid.uuid4().hex
        Presskb.started.append(self)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "presskb", "--project", str(root), *arguments],
            env={**os.environ, "PYTHONPATH": str(REPO / "scripts"), MARKER: self.marker},
            stdout=output, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            preexec_fn=_default_interrupt,
        )

    def interrupt(self) -> None:
        """Ctrl+C: SIGINT to the whole foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def children(self) -> list[tuple[int, str]]:
        """The processes it started (and theirs) now alive, as (pid, command line)."""
        return [(pid, line) for pid, line in marked_processes(self.marker) if pid != self.process.pid]

    def survivors(self, within: float = 0) -> list[tuple[int, str]]:
        """Command lines of the processes it started that are still alive after `within` seconds."""
        deadline = time.monotonic() + within
        while (alive := marked_processes(self.marker)) and time.monotonic() < deadline:
            time.sleep(0.1)
        return alive

    def stop_all(self) -> None:
        for pid in _marked_pids(self.marker):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.kill()


def stop_every_started() -> None:
    """Stop every process a `Presskb` started that is still alive (a test that failed, or a
    command that hung, leaves none behind for the tests after it)."""
    while Presskb.started:
        Presskb.started.pop().stop_all()


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background shell may have set it to ignore


def marked_processes(marker: str) -> list[tuple[int, str]]:
    """(pid, command line) of the living processes that carry `marker`."""
    commands = []
    for pid in _marked_pids(marker):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":  # a zombie has exited: only not reaped yet
                continue
            commands.append((pid, Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except OSError:
            continue
    return commands


def _marked_pids(marker: str) -> list[int]:
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found
