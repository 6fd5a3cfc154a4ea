"""MkDocs hooks (mkdocs.yml `hooks:`): what the site needs beyond the generated Markdown.

- The raw seeds are served at /seeds/..., one click from each article, without copying them
  into docs/ (and so into git twice); always as plain text (x.html as x.html.txt), never as a
  page or live HTML.
- Page titles from front-matter are HTML-escaped: Material prints `page.meta.title` unescaped.
- Search is Pagefind, not Material's lunr index (which readers' browsers would have to download
  whole): every page is left out of Material's index, and Pagefind indexes the search documents
  of the current generation while MkDocs builds (see presskb.search_index).
- Every page links the site's Atom feed in its head; topic pages also link their own.
- Under `mkdocs serve` / `presskb serve`, the knowledge base is re-ingested before each rebuild,
  so edits to seeds/ and topics.yml show up live; what the next ingest reads is loaded while
  the server waits; of docs/, only the hand-written pages are watched.
- The anchors of Material's tags index (`tags.md#tag:companies`) exist only once the tags plugin
  fills its listings, after MkDocs collected each page's anchors: they are added to what MkDocs
  validates links against, so strict validation checks links to them instead of failing.
- `mkdocs build --dirty` (as `presskb build` runs it) gives the same site as a clean build: see
  presskb.dirty; MkDocs' warning about dirty builds is not shown, so strict mode lets it pass.
- Material's navigation is rendered once for the pages that get the same (presskb.shared_partials).
- Article text, written as raw HTML (presskb.render), is lifted out of the Markdown before
  conversion and put back after: Python-Markdown would parse it again, slowly; its paragraph
  ids count as anchors. A page made only of headings, one-line paragraphs and such blocks (an
  article) is not converted by Python-Markdown at all: presskb.page_html writes the same HTML.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # mkdocs imports us by path

from jinja2 import FileSystemBytecodeCache  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from presskb import dirty, markdown as md, page_html, partition, site  # noqa: E402
from presskb.processes import collect_garbage_less_often  # noqa: E402
from presskb.errors import PresskbError  # noqa: E402
from presskb.progress import Progress  # noqa: E402
from presskb.project import Project  # noqa: E402
from presskb.read import SeedFiles, discover, links_out_of  # noqa: E402
from presskb.render import raw_seed_path  # noqa: E402
from presskb.search_index import FOLDER as SEARCH_FOLDER, SearchIndexer, find_pagefind  # noqa: E402
from presskb.shared_partials import SharedPartials  # noqa: E402
from presskb.watch import SeedWatcher  # noqa: E402

log = logging.getLogger("mkdocs.plugins.presskb")
_LISTING = re.compile(r"<!--\s*material/tags")


@dataclass
class _Build:
    """What the hooks keep from one event to the next, for the build under way."""

    command: str = "build"
    dirty: bool = False
    begun: dirty.Begun | None = None  # a dirty build's start, for its finish (presskb.dirty)
    files: Files | None = None
    raw_seeds: list = field(default_factory=list)  # the seeds, as files of the site
    indexer: SearchIndexer | None = None
    listing_pages: list = field(default_factory=list)  # pages holding a tags listing
    lifted: dict[str, list[str]] = field(default_factory=dict)  # page -> its raw HTML text blocks
    convert: Callable | None = None  # presskb.page_html's, for the site's Markdown settings
    converted: dict[str, tuple] = field(default_factory=dict)  # page -> its HTML and toc (page_html)
    pages: int = 0  # documentation pages to render
    progress: Progress | None = None
    helper: bool = False  # a helper process, forked to render a share of the pages (presskb.partition)
    helpers: partition.Helpers | None = None  # in the main process of a shared build
    seed_watcher: SeedWatcher | None = None  # under serve (presskb.watch)


_build = _Build()


def on_startup(command, dirty):
    collect_garbage_less_often()
    _build.command = command
    _build.dirty = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_build_warning)


def _not_the_dirty_build_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _project(config) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_serve(server, config, builder):
    """Watch the hand-written entries of docs/, not the generated ones: presskb writes those
    itself when seeds/ or topics.yml change, and polling them (thousands of files, twice a
    second) found each ingest's own writes and built the whole site a second time. (A page
    added at the top of docs/ while presskb serve runs shows after a restart.) seeds/ is
    watched through presskb.watch."""
    server.unwatch(config.docs_dir)
    for entry in sorted(Path(config.docs_dir).iterdir()):
        if not entry.is_symlink():
            server.watch(str(entry))
    _build.seed_watcher = SeedWatcher(_project(config))
    if polled := _build.seed_watcher.start():
        server.watch(str(polled))
    return server


def on_shutdown():
    if _build.seed_watcher:
        _build.seed_watcher.stop()


def on_pre_build(config):
    project = _project(config)
    index_search = partial(_index_search, project, Path(config.site_dir))
    if _build.command == "serve":  # the seeds the ingest found are served
        _build.raw_seeds = _raw_seeds(project, config, _reingest(project, index_search))
    else:
        _build.raw_seeds = _raw_seeds(project, config)  # while ingest runs: they are not in docs/
        find_pagefind()  # while held: the indexing starts without looking for it
        if not site.wait_until_released(index_search):
            raise PluginError("presskb: ingest did not finish; the site is not built")
    if _build.indexer is None:  # the ingest wrote no search documents: they are the current ones
        source = project.state_dir / "current" / SEARCH_FOLDER
        if source.is_dir():
            index_search(source)
        else:
            log.warning("presskb: no search documents (run presskb ingest): the site has no search index")
    if _build.dirty:
        _build.begun = dirty.begin(project, Path(config.site_dir))


def on_post_build(config):
    _next_phase(None)
    helpers, _build.helpers = _build.helpers, None
    if helpers and (failed := helpers.wait()):
        raise PluginError(f"presskb: {failed} of the processes rendering the site failed (their messages are above)")
    indexer, _build.indexer = _build.indexer, None
    if indexer:
        try:
            indexer.finish(Path(config.site_dir), Progress)
        except (OSError, RuntimeError) as error:
            raise PluginError(f"presskb: search index: {error}") from error
    if _build.begun and _build.files is not None:
        dirty.finish(_project(config), Path(config.site_dir), _build.files, _build.begun)
    if _build.command == "serve":
        from presskb.pipeline import preload

        threading.Thread(target=preload, args=(_project(config),), daemon=True).start()


def on_build_error(error):
    helpers, _build.helpers = _build.helpers, None
    if helpers:
        helpers.cancel()
    _cancel_indexer()


def _cancel_indexer() -> None:
    indexer, _build.indexer = _build.indexer, None
    if indexer:
        indexer.cancel()


def _index_search(project: Project, site_dir: Path, source: Path) -> None:
    """Pagefind starts on the search documents in `source` (maybe while ingest writes the pages)."""
    _build.indexer = SearchIndexer(source, project.state_dir, site_dir)


def _bytecode_folder(project: Project) -> str:
    folder = project.state_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def _next_phase(label: str | None) -> None:
    """End the page phase under way and start `label`'s, counting the pages this process renders."""
    if _build.progress:
        _build.progress.finish()
    shown = label and not _build.helper  # the main process shows a shared build's progress
    _build.progress = Progress(label, _build.pages, "pages") if shown else None


def _reingest(project: Project, index_search: Callable[[Path], None]) -> SeedFiles | None:
    """Ingest again (under serve); the seeds it found."""
    from presskb.pipeline import ingest

    try:
        result = ingest(project, Progress, search_written=index_search)
    except PresskbError as error:
        log.error("presskb: %s", error)
        _cancel_indexer()  # started on search documents that were not published
        return None
    for error in result.errors:
        log.warning("presskb: %s", error)
    log.info("presskb: %d articles, %d pages written", len(result.articles), len(result.written.written))
    return result.files


class RawSeed(File):
    """A seed served byte for byte as a static text file, never rendered as a page."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """A hard link to the seed where the file system allows, else a copy: it holds as many
        bytes as the rest of the site. Never written through: the seed would change with it."""
        if dirty and not self.is_modified():
            return
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        try:
            os.link(self.abs_src_path, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(self.abs_src_path, target)


def _raw_seeds(project: Project, config, files: SeedFiles | None = None) -> list[RawSeed]:
    """The seeds `files` lists (else found now) that can be served."""
    files = files or discover(project)
    return [RawSeed.generated(config, raw_seed_path(name), abs_src_path=location)
            for name, inside, location in zip(files.names, files.inside, files.locations())
            if inside not in files.irregular or _servable(Path(location), project.seeds_dir)]


def _servable(seed: Path, seeds_dir: Path) -> bool:
    """A regular file in seeds/: not a dangling link nor a named pipe (ingest reports those)."""
    return os.path.isfile(seed) and not links_out_of(seed, seeds_dir)


def on_files(files: Files, config) -> Files:
    for raw_seed in _build.raw_seeds:
        files.append(raw_seed)
    _build.files = files
    if _build.dirty:
        written = partition.write_only(files, {file.src_uri for file in _share_out(files, config)})
    else:
        written = list(files)
    _build.pages = sum(file.is_documentation_page() for file in written)
    _next_phase("Rendering pages")
    return files


def _share_out(files: Files, config) -> list[File]:
    """The files this dirty build writes itself: all it must write, or with many pages to render,
    a share of them, the rest given to helper processes (presskb.partition)."""
    modified = partition.modified(files)
    if _build.command != "build":  # a helper builds, it does not serve
        return modified
    pages = sum(file.is_documentation_page() for file in modified)
    try:
        processes = partition.processes_for(pages)
    except ValueError as error:
        raise PluginError(f"presskb: {error}") from error
    mine, *theirs = partition.share_out(modified, processes, config.docs_dir)
    theirs = [share for share in theirs if share]
    if theirs:
        log.info("presskb: %d pages rendered by %d processes", pages, 1 + len(theirs))
        helpers = partition.Helpers()
        share = helpers.fork(theirs)
        if share is not None:
            _become_helper(config)
            return share
        _build.helpers = helpers
    return mine


def _become_helper(config) -> None:
    """In a helper (presskb.partition): it says only what went wrong, and leaves to the main
    process what is written once (the theme's sitemap and 404 page, the search index, the
    record of the build), and the progress shown."""
    _build.helper = True
    _build.helpers = _build.indexer = _build.begun = _build.progress = None
    config.theme.static_templates.clear()
    for handler in logging.getLogger("mkdocs").handlers:
        handler.setLevel(logging.WARNING)


def on_config(config):
    _build.convert = page_html.converter(config.markdown_extensions, config.mdx_configs)


def on_page_markdown(markdown, page, config, files):
    page.meta["search"] = {"exclude": True}  # Pagefind's, not Material's index
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = html.escape(title)
        # A title from the page's front matter, not its first heading: MkDocs takes it first
        if _build.convert and (converted := _build.convert(markdown)):
            _build.converted[page.file.src_uri] = converted
            return ""
    markdown, _build.lifted[page.file.src_uri] = md.lift_html(markdown)
    if _LISTING.search(markdown):
        _build.listing_pages.append(page)
    return markdown


def on_env(env, config, files):
    """Runs after the tags plugin filled its listings (it runs first): their anchors count.

    Compiled theme templates are kept between builds (Jinja checks each against its source):
    compiling them again took longer than a dirty build renders its pages."""
    env.bytecode_cache = FileSystemBytecodeCache(_bytecode_folder(_project(config)))
    SharedPartials(files).install(env)
    while _build.listing_pages:
        page = _build.listing_pages.pop()
        if page.present_anchor_ids is not None and page.content:
            page.present_anchor_ids.update(md.html_ids(page.content))
    _next_phase("Writing site/")
    return env


def on_page_content(content, page, config, files):
    if _build.progress:
        _build.progress.advance()
    if converted := _build.converted.pop(page.file.src_uri, None):
        content, toc = converted
        page.toc = get_toc(toc)
        page.present_anchor_ids.update(md.html_ids(content))
    elif lifted := _build.lifted.pop(page.file.src_uri, None):
        content = md.restore_html(content, lifted)
        for block in lifted:
            page.present_anchor_ids.update(md.html_ids(block))
    return content


def on_post_page(output, page, config):
    if _build.progress:
        _build.progress.advance()
    return output.replace("</head>", _feed_links(page) + "</head>", 1)


def _feed_links(page) -> str:
    """<link rel="alternate feed"> to the site's feed, and on a topic page to the topic's feed.

    Feed readers read `rel` as a set of keywords; the extra "feed" keeps Material from taking
    the link for a language version (it matches `link[rel=alternate]` exactly and then fetches
    a sitemap.xml beside the target)."""
    feeds = [("presskb: all articles", "feeds/all.xml")]
    if isinstance(page.meta.get("feed"), str):  # the title was escaped by on_page_markdown
        feeds.append((f"presskb: {page.meta['title']}", page.meta["feed"]))
    return "".join(
        f'<link rel="alternate feed" type="application/atom+xml" title="{title}" '
        f'href="{html.escape(get_relative_url(path, page.url))}">'
        for title, path in feeds
    )
