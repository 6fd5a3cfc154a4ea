"""Benchmark: the full build (ingest + strict MkDocs build) on N releases of a corpus.

    python -m presskb.bench [--corpus DIR] [--taxonomy FILE] [--sizes 1000,all] [--compare-layer]

For each size it copies N releases into a fresh project, then times `ingest` (in this process)
and `mkdocs build` (a child process), and prints wall times, peak memory, page count, site
size and largest page. `--compare-layer` builds the same corpus a second time without the
knowledge layer (mentions, related press, timelines, company profiles, per-year pages, sources,
kind indexes, feeds, suggestions; the parts are switched off here, not in the product) and
prints the ratio. Figures only: never a test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from presskb import indexes, pipeline
from presskb.project import Project

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "archive"
DEFAULT_TAXONOMY = REPO / "tests" / "bench" / "topics.yml"


@dataclass
class Figures:
    label: str
    releases: int
    ingest_seconds: float
    mkdocs_seconds: float
    ingest_peak_mb: float
    mkdocs_peak_mb: float
    pages: int
    site_mb: float
    largest_page_kb: float
    largest_page: str

    @property
    def total_seconds(self) -> float:
        return self.ingest_seconds + self.mkdocs_seconds


def make_project(root: Path, releases: list[Path], corpus: Path, taxonomy: Path) -> Project:
    for name in ("mkdocs.yml", *(p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*")
                                 if p.is_file() and not p.is_symlink())):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, root / name)
    shutil.copyfile(taxonomy, root / "topics.yml")
    (root / "scripts").symlink_to(REPO / "scripts")
    for release in releases:
        target = root / "seeds" / release.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(release, target)
    return Project(root)


@contextlib.contextmanager
def without_knowledge_layer():
    """Switch the knowledge layer's parts off for a comparison build."""
    with contextlib.ExitStack() as stack:
        for target, value in [
            ("presskb.classify._sentences_with_offsets", lambda text: []),  # no mentions
            ("presskb.pipeline.related_articles", lambda docs: defaultdict(list)),
            ("presskb.pipeline.suggest", lambda *a, **k: []),
            ("presskb.indexes.feed_pages", lambda corpus: []),
            ("presskb.indexes.sources_pages", lambda corpus: []),
            ("presskb.indexes.month_chart", lambda docs, label: None),
            ("presskb.indexes._company_profile", lambda *a: []),
            ("presskb.indexes.TOPIC_LATEST", 10**9),  # one long page per topic, no per-year pages
        ]:
            stack.enter_context(mock.patch(target, value))
        yield


def build(label: str, project: Project, releases: int) -> Figures:
    started = time.perf_counter()
    result = pipeline.ingest(project)
    ingest_seconds = time.perf_counter() - started
    ingest_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(project.mkdocs_file)],
        cwd=project.root, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    mkdocs_seconds = time.perf_counter() - started
    mkdocs_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pages = [p for p in project.site_dir.rglob("*.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    site_bytes = sum(p.stat().st_size for p in project.site_dir.rglob("*") if p.is_file())
    figures = Figures(label, releases, ingest_seconds, mkdocs_seconds, ingest_peak, mkdocs_peak,
                      len(pages), site_bytes / 1e6, largest.stat().st_size / 1e3,
                      largest.relative_to(project.site_dir).as_posix())
    if result.errors:
        print(f"  ({len(result.errors)} seeds failed: {result.errors[0]})")
    return figures


def report(figures: Figures) -> None:
    print(f"{figures.label:<28} {figures.releases:>6} releases  ingest {figures.ingest_seconds:6.1f} s"
          f"  mkdocs {figures.mkdocs_seconds:6.1f} s  total {figures.total_seconds:6.1f} s"
          f"  peak {max(figures.ingest_peak_mb, figures.mkdocs_peak_mb):6.0f} MB"
          f"  {figures.pages} pages, {figures.site_mb:.0f} MB,"
          f" largest {figures.largest_page_kb:.0f} kB ({figures.largest_page})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m presskb.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY)
    parser.add_argument("--sizes", default="1000,all", help="comma-separated release counts, or 'all'")
    parser.add_argument("--compare-layer", action="store_true",
                        help="also build each size without the knowledge layer and print the ratio")
    arguments = parser.parse_args(argv)
    if not arguments.corpus.is_dir():
        print(f"bench: no corpus at {arguments.corpus}", file=sys.stderr)
        return 1
    corpus = sorted(arguments.corpus.rglob("*.md"))
    for size in arguments.sizes.split(","):
        releases = corpus if size == "all" else corpus[: int(size)]
        with tempfile.TemporaryDirectory(prefix="presskb-bench-") as work:
            full = build("full build", make_project(Path(work) / "full", releases, arguments.corpus,
                                                    arguments.taxonomy), len(releases))
            report(full)
            if arguments.compare_layer:
                with without_knowledge_layer():
                    bare = build("without knowledge layer", make_project(
                        Path(work) / "bare", releases, arguments.corpus, arguments.taxonomy), len(releases))
                report(bare)
                print(f"knowledge layer: {full.total_seconds / bare.total_seconds:.2f}x the build time "
                      f"without it ({full.total_seconds:.1f} s / {bare.total_seconds:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
