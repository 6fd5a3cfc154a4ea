"""Phase two's pages as presskb.write.publish takes them: each group of pages (presskb.plan)
rendered again only when its inputs changed, and on every core when there are many to render
(a cold ingest, a taxonomy edit); else taken from the last generation as it is."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING

from presskb.processes import become_pool_worker
from presskb.progress import ProgressFactory

if TYPE_CHECKING:
    from pathlib import Path

    from presskb.plan import PageGroup, Pages

PARALLEL_MIN = 64  # groups per worker: fewer are rendered in this process (a worker costs a fork)
CHUNK = 16  # groups a worker renders per message: pages go back in order, a few at a time


class Pages:
    """Pages made as they are written (all of them at once would be the largest thing an
    ingest holds). A group the last ingest made into `current` (`known`: key -> its pages) is
    not rendered again: its pages are reused. `made` records each group's pages."""

    def __init__(self, current: Path | None, known: dict[str, tuple[str, ...]], progress: ProgressFactory):
        self._current, self._known, self._progress = current, known, progress
        self.made: dict[str, tuple[str, ...]] = {}

    def sort(self, groups: list[PageGroup]) -> tuple[list[PageGroup], list[PageGroup]]:
        """(groups to render, groups reused)."""
        to_render, reused = [], []
        for group in groups:
            paths = self._known.get(group.key)
            if paths is not None and all(os.path.isfile(os.path.join(self._current, path)) for path in paths):
                reused.append(group)
            else:
                to_render.append(group)
        return to_render, reused

    def of(self, to_render: list[PageGroup], reused: list[PageGroup], label: str):
        for group in reused:
            paths = self.made[group.key] = self._known[group.key]
            for path in paths:
                yield path, None
        with self._progress(label, len(to_render), "groups of pages") as shown:
            for group, pages in zip(to_render, rendered(to_render)):
                self.made[group.key] = tuple(path for path, _ in pages)
                yield from pages
                shown.advance()

    def planned(self, plan, label: str):
        """The pages of the groups `plan` makes, planned when the first one is asked for."""
        yield from self.of(*self.sort(plan()), label)


def rendered(groups: list[PageGroup]) -> Iterator[Pages]:
    """Each group's pages, in order: rendered by forked workers (each sees the whole corpus as
    it is in this process) when there are enough groups, else here."""
    workers = min(os.cpu_count() or 1, len(groups) // PARALLEL_MIN)
    if workers < 2:
        yield from (group.render() for group in groups)
        return
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    _rendering[:] = groups
    gc.freeze()  # the collector would touch, and so copy, every object the workers share
    with ExitStack() as stack:
        stack.callback(_rendering.clear)
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=become_pool_worker, initargs=(os.getpid(),))
        # On Ctrl+C, or when the caller stops (a write failed), the groups not rendered yet are dropped
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        yield from pool.map(_render, range(len(groups)), chunksize=CHUNK)


_rendering: list[PageGroup] = []  # the groups forked workers render, by index


def _render(index: int) -> Pages:
    return _rendering[index].render()
