"""Theme partials that come out the same on many pages are rendered once for all of them.

Material renders its navigation (the sidebar and the tabs), and presskb's search dialog, on
every page: a tenth of MkDocs' time at 5,235 releases. Their HTML depends on the page only
through which nav item is active and through the relative links to other pages. On a page
outside the nav (an article, a topic page) no item is active. And when no other file of the
site lies in the page's own folder, its relative links are those of every such page beside it.
So those pages, folder by folder, share one rendering of each partial. The others (the nav's
pages, listing pages with pages under them) are rendered as usual.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial

from jinja2 import Environment
from jinja2.runtime import Context
from mkdocs.structure.files import Files

PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/search.html", "partials/logo.html")
_INDEX = "/index.html"


class SharedPartials:
    """Renders each of `PARTIALS` once per folder of pages that can share it (see above)."""

    def __init__(self, files: Files):
        self._files_in = Counter(folder for file in files for folder in _folders_of(file.dest_uri))
        self._nav_pages: set[str] | None = None
        self._rendered: dict[tuple[str, str], str] = {}

    def install(self, env: Environment) -> None:
        for name in PARTIALS:
            template = env.get_template(name)
            template.root_render_func = partial(self._render, name, template.root_render_func)

    def _render(self, name: str, render: Callable[[Context], Iterator[str]], context: Context) -> Iterator[str]:
        folder = self.shared_folder(context.get("page"), context.get("nav"))
        if folder is None:
            yield from render(context)
            return
        text = self._rendered.get((name, folder))
        if text is None:
            text = self._rendered[name, folder] = "".join(render(context))
        yield text

    def shared_folder(self, page, nav) -> str | None:
        """The folder whose pages share their partials with `page`; None if it has its own."""
        if page is None or nav is None or not page.url.endswith("/") or not page.file.dest_uri.endswith(_INDEX):
            return None
        if self._nav_pages is None:
            self._nav_pages = {item.file.src_uri for item in nav.pages}
        own = page.file.dest_uri.removesuffix(_INDEX)
        if page.file.src_uri in self._nav_pages or self._files_in[own] != 1:
            return None
        return posixpath.dirname(own)


def _folders_of(path: str) -> Iterator[str]:
    folder = posixpath.dirname(path)
    while folder:
        yield folder
        folder = posixpath.dirname(folder)
