"""The cleaning report: what was removed from each seed and why, warnings, failed seeds, skipped
files, duplicate copies and entities the taxonomy lacks, in pages that do not grow with the
corpus."""

from __future__ import annotations

import hashlib
import html
import re

from presskb import markdown as md
from presskb.corpus import Corpus, plural
from presskb.document import Document
from presskb.errors import SeedError
from presskb.render import join_list_items, page, title_of
from presskb.suggest import Suggestion

REPORT = "report.md"
REPORT_CHUNK = 100
REMOVED_CHARS_SHOWN = 2000  # of each removal on the report: a hostile seed may lose megabytes


def report_chunks(corpus: Corpus) -> list[tuple[str, list[Document]]]:
    """(page, seeds) of each page of what cleaning removed: about REPORT_CHUNK seeds each, or
    the report itself when one page is enough."""
    chunks = _report_chunks(sorted(corpus.articles, key=lambda d: d.seed))
    if len(chunks) == 1:
        return [(REPORT, chunks[0])]
    return [(f"report/{_digest(chunk[0].seed)}.md", chunk) for chunk in chunks]


def report_page(corpus: Corpus, chunks: list[tuple[str, list[Document]]], errors: list[SeedError],
                notices: list[str], duplicates: list[Document], suggestions: list[Suggestion]) -> tuple[str, str]:
    """The cleaning report: failed seeds, skipped files, duplicate copies, entities the taxonomy
    lacks, and the pages of what cleaning removed from each seed and every warning (so no page
    grows with the corpus)."""
    path = REPORT
    body = [
        "# Cleaning report",
        f"{len(corpus.articles)} articles, {len(duplicates)} duplicate copies, {len(errors)} seeds failed, "
        f"{sum(len(doc.warnings) for doc in corpus.articles)} warnings. "
        f"Removed text is listed (up to {REMOVED_CHARS_SHOWN:,} characters each); every raw seed is "
        "downloadable from its article.",
    ]
    if errors:
        body.append("## Seeds that failed")
        body.append("\n".join(f"- {md.escape(error.seed)}: {md.escape(error.reason)}" for error in errors))
    if notices:
        body.append("## Files skipped")
        body.append("\n".join(f"- {md.escape(notice)}" for notice in notices))
    if duplicates:
        canonical = {doc.seed: doc for doc in corpus.articles}
        body.append("## Duplicate copies")
        body.append("Copies of a release already in the knowledge base; they get no page of their own.")
        body.append("\n".join(
            f"- {md.escape(dup.seed)}: copy of "
            f"{md.link(title_of(canonical[dup.duplicate_of]), md.relative(path, canonical[dup.duplicate_of].path))}"
            for dup in duplicates
        ))
    if suggestions:
        body.append("## Entities the taxonomy lacks")
        body.append("Found in several articles; `presskb suggest --yaml` prints them as taxonomy entries.")
        body.append("\n".join(f"- {md.escape(s.name)} ({s.kind}, {plural(s.articles, 'article')})" for s in suggestions))
    body.append("## Removed text and warnings, per seed")
    for chunk_path, chunk in chunks:
        if chunk_path == path:
            body += _seed_reports(chunk, path)
        else:
            body.append(f"- {md.link(_label(chunk), md.relative(path, chunk_path))}")
    return path, page({"title": "Cleaning report"}, "\n\n".join(join_list_items(body)))


def report_chunk_page(path: str, chunk: list[Document]) -> tuple[str, str]:
    title = f"Cleaning report: {_label(chunk)}"
    return path, page({"title": title}, "\n\n".join([f"# {md.escape(title)}", *_seed_reports(chunk, path)]))


def _label(chunk: list[Document]) -> str:
    return f"{chunk[0].seed} … {chunk[-1].seed}"


def _report_chunks(docs: list[Document]) -> list[list[Document]]:
    """Seeds in path order, cut before each seed whose path hash says so (about one in
    REPORT_CHUNK): the cuts depend only on the seeds themselves, so adding or removing a seed
    changes only its own chunk's page, never the pages after it."""
    chunks: list[list[Document]] = [[]]
    for doc in docs:
        if chunks[-1] and (int(_digest(doc.seed), 16) % REPORT_CHUNK == 0 or len(chunks[-1]) >= 2 * REPORT_CHUNK):
            chunks.append([])
        chunks[-1].append(doc)
    return [chunk for chunk in chunks if chunk]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _seed_reports(docs: list[Document], path: str) -> list[str]:
    """Each seed's heading (Markdown: the page's table of contents lists it) and its report, as
    raw HTML (a page of escaped removed text cost Python-Markdown 40 ms and more)."""
    parts = []
    for doc in docs:
        parts.append(f"### {md.escape(doc.seed)}")
        report = [f"<p>Article: {md.html_link(title_of(doc), md.url(path, doc.path))}</p>"]
        if doc.warnings:
            report.append("<ul>" + "".join(f"<li>Warning: {html.escape(w)}</li>" for w in doc.warnings) + "</ul>")
        else:
            report.append("<p>No warnings.</p>")
        for removal in doc.removed:
            shown = removal.text[:REMOVED_CHARS_SHOWN]
            if cut := len(removal.text) - len(shown):
                shown += f"\n… and {cut:,} more characters (see the raw seed)"
            report.append(f"<p>Removed ({html.escape(removal.rule)}):</p>\n<blockquote>{_quoted(shown)}</blockquote>")
        parts.append(md.html_blocks(report))
    return parts


def _quoted(text: str) -> str:
    """Removed text as paragraphs (at blank lines) with its line breaks."""
    paragraphs = [part.strip("\n") for part in re.split(r"\n[ \t]*\n", text)]
    return "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs if part.strip())
