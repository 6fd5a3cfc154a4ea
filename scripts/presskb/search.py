"""Search stage: what readers search, indexed by Pagefind.

Ingest writes one small HTML document per article and per topic page into the generation's
`search/` folder (never into docs/): the title, the cleaned body, and as Pagefind filters the
article's topics, their kinds, its source and its year. While MkDocs builds the site, Pagefind
indexes those documents in a child process on the other core (`SearchIndexer`), in shards of
at most `SHARD_BYTES` so its memory stays bounded, and the bundle is moved to `site/pagefind/`
when the build ends. Reading our own documents instead of the built HTML skips parsing 200 MB
of themed pages, and lets Chinese be segmented first.

Chinese has no spaces between words, and Pagefind only finds a word at the start of a run of
Chinese text. So runs of Han characters are split into words with jieba, and the shorter
dictionary words inside a long word follow it in ⟦ ⟧ (心力衰竭 ⟦心力 衰竭⟧), so a search for
衰竭 finds 心力衰竭. The search box (docs/javascripts/search.js) drops the brackets and the
spaces between Chinese words when it shows an excerpt.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from presskb.document import Document
from presskb.processes import child_options, die_with_parent
from presskb.progress import ProgressFactory, Silent
from presskb.render import title_of
from presskb.taxonomy import Taxonomy, Topic, kind_label

FOLDER = "search"  # inside a generation: the documents Pagefind indexes
BUNDLE = "pagefind"  # inside site/: the search bundle the browser loads
DIGESTS = "shards.digests.json"  # inside the bundle: what each shard was indexed from
SHARD_BYTES = 8_000_000  # of search documents per Pagefind index: about 450 MB to build it
SHARD_BYTES_VARIABLE = "PRESSKB_SEARCH_SHARD_BYTES"  # overrides it: less memory, more shards
UNDATED_SORT = "0000-00-00"
LANGUAGE = "en"  # one index for the whole site: a Chinese article is found from the English UI
# Pagefind's default-UI files: the search box is Material's, driven by docs/javascripts/search.js.
_UNUSED = re.compile(r"^pagefind-(?:component-ui|modular-ui|ui|highlight)\.(?:js|css)$")
_INDEXED = re.compile(r"indexed shard (?P<done>\d+) of (?P<total>\d+)")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def documents(articles: list[Document], taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(generation-relative path, HTML) for every article and topic page: search/articles/2025/x.html
    for articles/2025/x.md, which is served at articles/2025/x/ (the search box maps the URL
    Pagefind gives, x.html, to it). Not x/index.html: a folder per page made each build costs
    more than the page."""
    return [article_document(doc, taxonomy) for doc in articles] + topic_documents(taxonomy)


def topic_documents(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    return [_topic(topic) for topic in taxonomy.topics]


def article_document(doc: Document, taxonomy: Taxonomy) -> tuple[str, str]:
    kinds = sorted({kind_label(taxonomy.get(name).kind) for name in doc.topics})
    filters = [("topic", name) for name in doc.topics]
    filters += [("kind", kind) for kind in kinds]
    filters.append(("year", doc.year))
    if doc.source:
        filters.append(("source", doc.source))
    meta = [("title", title_of(doc))]
    if doc.date:
        meta.append(("date", doc.date.isoformat()))
    if doc.source:
        meta.append(("source", doc.source))
    body = doc.leading_texts()
    # An undated article sorts after every date: Pagefind leaves a page without the sort key out
    # of sorted results when other pages of its shard have one.
    sort = {"date": doc.date.isoformat() if doc.date else UNDATED_SORT}
    return _document(doc.path, title_of(doc), body, filters, meta, sort)


def _topic(topic: Topic) -> tuple[str, str]:
    kind = kind_label(topic.kind)
    body = [f"{kind}: {topic.name}", " · ".join(alias.text for alias in topic.aliases)]
    if topic.description:
        body.append(topic.description)
    return _document(f"topics/{topic.slug}.md", topic.name, body, [("kind", kind)],
                     [("title", topic.name), ("source", f"Topic page ({kind})")], {})


def _document(page_path: str, title: str, body: list[str], filters, meta, sort) -> tuple[str, str]:
    head = [f'<meta data-pagefind-filter="{name}[content]" content="{html.escape(value)}">'
            for name, value in filters]
    head += [f'<meta data-pagefind-meta="{name}[content]" content="{html.escape(value)}">'
             for name, value in meta]
    head += [f'<meta data-pagefind-sort="{name}[content]" content="{value}">' for name, value in sort.items()]
    paragraphs = "".join(f"<p>{html.escape(segmented(text))}</p>" for text in body)
    document = (f'<!doctype html><html lang="{LANGUAGE}"><head>{"".join(head)}</head>'
                f"<body><h1>{html.escape(segmented(title))}</h1>{paragraphs}</body></html>\n")
    return f"{FOLDER}/{page_path.removesuffix('.md')}.html", document


def segmented(text: str) -> str:
    """`text` with its Chinese split into words, each long word followed by its parts in ⟦ ⟧."""
    if not _HAN_RUN.search(text):
        return text
    return _HAN_RUN.sub(lambda run: " " + " ".join(map(_with_parts, _words(run.group()))) + " ", text)


@functools.cache
def _jieba():
    """jieba, imported on the first Chinese text (loading its dictionary takes half a second)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # loading its dictionary is not news
    jieba.initialize()
    return jieba


def _words(run: str) -> list[str]:
    return _jieba().lcut(run, HMM=True)


def _with_parts(word: str) -> str:
    """What jieba's search mode adds: the dictionary words of 2 and 3 characters inside `word`."""
    if len(word) < 3:
        return word
    dictionary = _jieba().dt.FREQ
    parts = [word[i:i + size] for size in (2, 3) if len(word) > size
             for i in range(len(word) - size + 1) if dictionary.get(word[i:i + size])]
    return f"{word} ⟦{' '.join(parts)}⟧" if parts else word


class SearchIndexer:
    """Pagefind over the search documents, in a child process (`python -m presskb.search`), into
    a temporary folder. The bundle of the last build (`site_dir`/pagefind) is moved aside first:
    MkDocs cleans site/ while Pagefind runs, and unchanged shards are taken from it."""

    def __init__(self, source: Path, scratch: Path, site_dir: Path):
        self.output = Path(tempfile.mkdtemp(dir=scratch, prefix="pagefind-"))
        command = [sys.executable, "-m", "presskb.search", str(source), str(self.output / BUNDLE),
                   os.environ.get(SHARD_BYTES_VARIABLE, str(SHARD_BYTES)), str(os.getpid())]
        try:
            os.rename(site_dir / BUNDLE, self.output / "previous")
            command.append(str(self.output / "previous"))
        except OSError:
            pass  # none yet, or on another file system: every shard is indexed
        package_root = str(Path(__file__).resolve().parent.parent)  # MkDocs loads us by path
        path = os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH"))))
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, "PYTHONPATH": path}, start_new_session=True)

    def finish(self, site_dir: Path, progress: ProgressFactory = Silent) -> None:
        """Wait for Pagefind, then move its bundle to site_dir/pagefind. Raises RuntimeError."""
        try:
            messages = self._wait(progress)
            if self.process.returncode != 0:
                raise RuntimeError(f"pagefind failed (exit {self.process.returncode}): {messages.strip()}")
            shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
            shutil.move(self.output / BUNDLE, site_dir / BUNDLE)
        finally:
            shutil.rmtree(self.output, ignore_errors=True)

    def _wait(self, progress: ProgressFactory) -> str:
        """Pagefind's messages, once it ended; the shards it reports indexed advance `progress`."""
        messages, shown = [], None
        for line in self.process.stdout:
            if indexed := _INDEXED.fullmatch(line.rstrip("\n")):
                shown = shown or progress("Indexing search", int(indexed["total"]), "shards")
                shown.advance()
            else:
                messages.append(line)
        self.process.wait()
        if shown:
            shown.finish()
        return "".join(messages)

    def cancel(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)  # Pagefind too, not only its parent
        self.process.wait()
        shutil.rmtree(self.output, ignore_errors=True)


def index(source: Path, bundle: Path, shard_bytes: int, previous: Path | None = None) -> None:
    """Pagefind over the documents in `source`, shard after shard, into bundle/<n>/;
    bundle/shards.json lists them for the search box.

    Pagefind 1.5 holds the whole index in memory, about 55 bytes per byte of document (1.4 GB for
    the 25 MB of 5,235 releases), so a large site is indexed in parts the browser searches side
    by side. A document's shard depends on its path alone (see `_shards`), so a new or changed
    page changes one shard: a shard of `previous` (the last bundle) made from the same documents
    is taken over as it is, not indexed again. Raises subprocess.CalledProcessError."""
    documents = sorted(path.relative_to(source).as_posix() for path in source.rglob("*.html"))
    shards = _shards(documents, [(source / path).stat().st_size for path in documents], shard_bytes)
    digests = {name: _digest(source, shard) for name, shard in shards.items()}
    known = _digests(previous) if previous else {}
    for number, (name, shard) in enumerate(shards.items(), 1):
        output = bundle / name
        if known.get(name) == digests[name] and (previous / name).is_dir():
            shutil.copytree(previous / name, output, copy_function=_link_or_copy)
        else:
            _index_shard(source, shard, bundle.parent / f"shard-{name}", output)
        print(f"indexed shard {number} of {len(shards)}", flush=True)
    (bundle / "shards.json").write_text(json.dumps(list(shards)) + "\n", encoding="utf-8")
    (bundle / DIGESTS).write_text(json.dumps(digests, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _index_shard(source: Path, shard: list[str], site: Path, output: Path) -> None:
    for path in shard:  # links, not copies: Pagefind reads one shard's documents
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(source / path, site / path)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
                    "--force-language", LANGUAGE, "--silent"], check=True, **child_options())
    shutil.rmtree(site)
    for unused in output.iterdir():
        if _UNUSED.match(unused.name):
            unused.unlink()


def _shards(paths: list[str], sizes: list[int], limit: int) -> dict[str, list[str]]:
    """`paths` spread over a power of two of shards by a hash of each path, enough for the
    shards to be filled to about half of `limit` bytes on average. A path keeps its shard while
    the site grows, until the total doubles."""
    count = 1
    while sum(sizes) > count * limit // 2:
        count *= 2
    shards: dict[str, list[str]] = {str(number): [] for number in range(count)}
    for path in paths:
        number = int.from_bytes(hashlib.blake2b(path.encode(), digest_size=4).digest(), "big") % count
        shards[str(number)].append(path)
    return {name: shard for name, shard in shards.items() if shard}


def _digest(source: Path, shard: list[str]) -> str:
    """What a shard's index is made from: Pagefind's version and language, and its documents."""
    digest = hashlib.sha256(f"{_pagefind_version()}\0{LANGUAGE}\0".encode())
    for path in shard:
        digest.update(path.encode() + b"\0" + hashlib.sha256((source / path).read_bytes()).digest())
    return digest.hexdigest()


def _pagefind_version() -> str:
    from importlib.metadata import version

    return version("pagefind")


def _digests(bundle: Path) -> dict[str, str]:
    try:
        return json.loads((bundle / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


if __name__ == "__main__":
    source_folder, bundle_folder, limit, parent, *last_bundle = sys.argv[1:]
    die_with_parent(int(parent))  # MkDocs, killed, takes its indexing with it
    if not limit.isdigit() or int(limit) < 1:
        sys.exit(f"{SHARD_BYTES_VARIABLE} must be a number of bytes, not {limit!r}")
    try:
        index(Path(source_folder), Path(bundle_folder), int(limit), Path(last_bundle[0]) if last_bundle else None)
    except subprocess.CalledProcessError as failure:
        sys.exit(failure.returncode)
