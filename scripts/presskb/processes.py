"""Processes presskb starts die with the process that started them; presskb's and MkDocs'
processes collect garbage less often than Python's default.

A build killed with SIGKILL (an OOM kill, a CI timeout, a closed terminal) cannot clean up after
itself: without this its pool workers, MkDocs and Pagefind would run on, parented to init,
keeping the project busy. On Linux the kernel kills each of them when its parent dies
(PR_SET_PDEATHSIG); elsewhere a pool worker polls for its parent.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import gc
import os
import signal
import sys
import threading
import time
from functools import partial

from presskb.project import Project

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.2


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl


def die_with_parent(parent: int, prctl=None) -> None:
    """Make this process exit as soon as `parent` (the pid that started it) is gone.

    Call it first thing in a child; `parent` is passed in because a parent that died before
    this call has already been replaced by init."""
    prctl = prctl or _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    os._exit(1)


def become_pool_worker(parent: int) -> None:
    """First thing in a forked pool worker (`parent`: the pid that forked it)."""
    die_with_parent(parent)  # a killed build takes its workers with it
    # Ctrl+C is the parent's to handle (it stops the pool): a worker it interrupted sent the
    # interruption back as its task's result, and could block on a pipe nobody read any more
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    Project.drop_inherited_locks()


def child_options() -> dict:
    """`subprocess.Popen` options for a child program that must not outlive this process.

    Only on Linux, where it is one system call between fork and exec; the prctl function is
    looked up here, in the parent, so the child runs no import or allocation before exec."""
    prctl = _prctl()
    if prctl is None:
        return {}
    return {"preexec_fn": partial(die_with_parent, os.getpid(), prctl)}


def collect_garbage_less_often() -> None:
    """presskb and MkDocs make objects by the hundred thousand and keep most of them (documents,
    blocks, pages, files): at Python's default, older objects are scanned again so often that a
    cold ingest spent a sixth of its time in the collector. So the older generations are
    collected rarely. The youngest is collected at about Python's default: MkDocs leaves a few
    hundred objects of cyclic garbage per page (a Markdown instance, template contexts), and
    collecting them while they are still in the CPU's cache is what makes it cheap. A MkDocs
    build of 5,235 releases spent 1.8 to 3.4 s collecting every 100,000 new objects, 0.6 to
    0.8 s every 1,000. And no collection at exit: Python's last one, over everything a build
    made, held the end of that build by 0.3 s (frozen objects are left to the process's end)."""
    gc.set_threshold(1_000, 50, 100)
    atexit.register(gc.freeze)
