"""A site build with many pages to render shares them out over several MkDocs processes.

MkDocs renders on one core. When a `mkdocs build --dirty` (as `presskb build` runs it) has many
files to write (a first build; one after presskb's code, the taxonomy or a hand-written page
changed), the MkDocs process presskb started, the *main* one, keeps a share of them and forks
one *helper* per other core once it knows its files: each goes on with the same build, config,
theme, files and nav, given its share. Each process takes every file outside its share for
unmodified (`write_only`), so MkDocs' dirty build leaves it to the others, and all write into
the one site folder. What is written once (sitemap, 404 page, search bundle, the record of the
build in presskb.dirty) is the main process's, after every helper ended well; a helper that
fails fails the build.

The main process keeps the hand-written pages and the pages with tags: the tags plugin makes its
listings (on hand-written pages) from the tagged pages its process read. A link is validated
where its page is rendered: that its target exists, always (every process knows every file);
an anchor in it, when the target was rendered in the same process (MkDocs knows the anchors of
the pages it rendered). `presskb check` follows every link and anchor of the whole site.
"""

from __future__ import annotations

import heapq
import math
import os
import re
import signal
import sys
from collections.abc import Callable

from mkdocs.structure.files import File, Files

from presskb.processes import die_with_parent

PROCESSES_VARIABLE = "PRESSKB_SITE_PROCESSES"  # the most processes a build uses (default: the cores)
PAGES_VARIABLE = "PRESSKB_PAGES_PER_PROCESS"  # overrides PAGES_PER_PROCESS
# A helper costs a fork, and the pages' objects it copies as it writes to them: worth it for
# this many pages to render, and one more helper for each as many again (up to the cores).
PAGES_PER_PROCESS = 1000
# What a file costs to write, in bytes of Markdown: a page costs its size and the theme's
# template; a static file its copy.
_PAGE_COST = 6_000
_STATIC_COST = 300
_TAGS = re.compile(r"^tags\s*:", re.MULTILINE)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def processes_for(pages: int) -> int:
    """How many MkDocs processes share a build that renders `pages` pages. Raises ValueError."""
    most = _setting(PROCESSES_VARIABLE, cores(), "processes")
    return max(1, min(most, math.ceil(pages / _setting(PAGES_VARIABLE, PAGES_PER_PROCESS, "pages"))))


def _setting(variable: str, default: int, unit: str) -> int:
    value = os.environ.get(variable, str(default))
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{variable} must be a number of {unit}, not {value!r}")
    return int(value)


def modified(files: Files) -> list[File]:
    """The files a dirty build would write."""
    return [file for file in files if file.is_modified()]


def share_out(modified: list[File], processes: int, docs_dir: str) -> list[list[File]]:
    """`modified` spread over `processes` shares of about equal cost; the first, the main
    process's, holds the hand-written pages and the pages with tags."""
    generated = _generated_entries(docs_dir)
    costs = [_cost(file) for file in modified]
    shares: list[list[File]] = [[] for _ in range(processes)]
    loads = [0] * processes
    spread = []
    for file, cost in zip(modified, costs):
        if file.is_documentation_page() and (not _is_generated(file, generated) or has_tags(file)):
            shares[0].append(file)
            loads[0] += cost
        else:
            spread.append((-cost, file.src_uri, file))
    heap = [(load, number) for number, load in enumerate(loads)]
    heapq.heapify(heap)
    for negative_cost, _, file in sorted(spread, key=lambda item: item[:2]):  # the largest first
        load, number = heapq.heappop(heap)
        shares[number].append(file)
        heapq.heappush(heap, (load - negative_cost, number))
    return shares


def _generated_entries(docs_dir: str) -> frozenset[str]:
    """The top-level entries of docs/ that ingest publishes (symbolic links: presskb.write)."""
    return frozenset(entry.name for entry in os.scandir(docs_dir) if entry.is_symlink())


def _is_generated(file: File, entries: frozenset[str]) -> bool:
    return file.src_uri.split("/", 1)[0] in entries


def _cost(file: File) -> int:
    if not file.is_documentation_page():
        return _STATIC_COST
    try:
        return _PAGE_COST + os.path.getsize(file.abs_src_path)
    except (OSError, TypeError):
        return _PAGE_COST


def has_tags(file: File) -> bool:
    """Whether the page's front matter has `tags` (read from the start of the file only)."""
    try:
        with open(file.abs_src_path, encoding="utf-8", errors="replace") as source:
            head = source.read(4096)
    except (OSError, TypeError):
        return True  # MkDocs will report it; the main process does
    if not head.startswith("---"):
        return False
    end = head.find("\n---", 3)
    return bool(_TAGS.search(head if end < 0 else head[:end]))


def write_only(files: Files, chosen: set[str]) -> list[File]:
    """Tell every file, once for all, whether this process writes it: those whose source path is
    `chosen`, which are returned. (MkDocs asks twice for a page, to read it and to write it,
    with three file status checks each time.)"""
    mine = []
    for file in files:
        writes = file.src_uri in chosen
        file.is_modified = _answer(writes)
        if writes:
            mine.append(file)
    return mine


def _answer(value: bool) -> Callable[[], bool]:
    return lambda: value


class Helpers:
    """The helper processes of a build: forks of the main MkDocs process, each going on with the
    build given its share. A fork starts where the main process is: no Python, MkDocs, config,
    theme, files and nav to load again (half a second of a core at 1,000 releases, when the
    helpers were started as new `mkdocs build` processes), and it shares the main process's
    memory until either writes to it. The main process runs no thread when it forks."""

    def __init__(self) -> None:
        self.processes: list[int] = []

    def fork(self, shares: list[list[File]]) -> list[File] | None:
        """One helper per share. Returns None in the main process, and in a helper its share."""
        parent = os.getpid()
        for share in shares:
            for stream in (sys.stdout, sys.stderr):  # or a helper writes what they hold again
                stream.flush()
            pid = os.fork()
            if pid == 0:
                die_with_parent(parent)  # a killed build takes its helpers with it
                self.processes = []
                return share
            self.processes.append(pid)
        return None

    def wait(self) -> int:
        """Wait for every helper; how many failed."""
        return sum(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0 for pid in self.processes)

    def cancel(self) -> None:
        for pid in self.processes:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in self.processes:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
