"""Phase two's pages as presskb.write.publish takes them: each group of pages (presskb.plan)
rendered again only when its inputs changed, else taken from the last generation as it is.

The groups are rendered in this process. Forked workers rendering them (tried at 5,235
releases) took 1.5 s off a cold ingest of 14 s but raised a cold build's peak memory from 1.6x
to 2.25x a bare MkDocs build's: each worker touches, and so copies, most of the corpus."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from presskb.progress import ProgressFactory

if TYPE_CHECKING:
    from pathlib import Path

    from presskb.plan import PageGroup


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
            for group in to_render:
                pages = group.render()
                self.made[group.key] = tuple(path for path, _ in pages)
                yield from pages
                shown.advance()

    def planned(self, plan: Callable[[], list[PageGroup]], label: str):
        """The pages of the groups `plan` makes, planned when the first one is asked for."""
        yield from self.of(*self.sort(plan()), label)
