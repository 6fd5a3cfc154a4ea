"""A child that called die_with_parent ends when its parent is killed: by the kernel on Linux,
by its own watch where the kernel offers no such signal."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

CHILD = """
import os, sys, time
sys.path.insert(0, {scripts!r})
from presskb import processes
if {fallback}:
    processes._prctl = lambda: None  # as on a system without PR_SET_PDEATHSIG
processes.die_with_parent(os.getppid())
print("ready", flush=True)
time.sleep(120)
"""
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=sys.stdout)
print(child.pid, flush=True)
time.sleep(120)
"""


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("fallback", [False, True], ids=["kernel", "watch"])
def test_a_child_ends_when_its_parent_is_killed(fallback):
    child_code = CHILD.format(scripts=str(REPO / "scripts"), fallback=fallback)
    parent = subprocess.Popen([sys.executable, "-c", PARENT, child_code], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert parent.stdout.readline() == "ready\n"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)
