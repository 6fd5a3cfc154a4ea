"""Benchmark: presskb on N real press releases against a bare MkDocs + Material site of the same
releases, built in the same run. Figures only: never a test.

    make bench
    python -m presskb.bench [--corpus DIR] [--taxonomy FILE] [--sizes 1000,all] [--rounds 3]
                            [--no-search] [--shape-bytes N]

For each size it copies N releases into fresh projects and runs, each as a child process whose
wall time and peak memory (the sum over its process tree of each process's proportional set
size, PSS, sampled every 50 ms; summed RSS is shown beside it) are measured:

- the baseline: title + body of each release as a page with one tag, articles out of the nav,
  Material's built-in search and tags plugins, `mkdocs build`;
- presskb's full build: a cold `presskb build` (ingest, then MkDocs from an empty site/ on
  every core, Pagefind indexing beside it), in turns with the baseline (`--rounds`, each in
  new folders; the ratios are the median of the rounds'); a cold `presskb ingest` of a second
  copy (its rate); three ingests with nothing changed; then `presskb build` after one seed is added,
  changed and removed (the incremental builds, with the files each wrote);
- under `presskb serve`, the time from saving a new seed to its title in Chromium;
- in headless Chromium, the time from typing a query into the header search box to the first
  result, on both sites;
- then `presskb build` of the project's seeds plus one hostile seed just under the size limit,
  of each shape in presskb.shapes (one huge paragraph, line or run of lines, dense Markdown
  punctuation, thousands of URLs, ...).

The corpus defaults to ../shared/corpus/archive; without it, releases are generated.

Nothing is deleted until the end: every cold build starts in folders that were just made, as
on a fresh clone. On ext4 without a journal (as here), the file system does not reuse an inode
freed in the last five minutes, and each new file scans past those: a cold build just after
deleting the last one's 16,000 files took 3.7 CPU-s more, in the kernel.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from presskb.bench_browser import search_line, serve_latency, time_to_first_result
from presskb.project import DEFAULT_MAX_SEED_BYTES
from presskb.shapes import SHAPES, seed

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "archive"
DEFAULT_TAXONOMY = REPO / "tests" / "bench" / "topics.yml"
GENERATED_SIZE = 5235
QUERIES = ("therapy", "Fast Track designation", "Pfizer")
_PAGE = os.sysconf("SC_PAGE_SIZE")
# As Python runs by default: with its bytecode cache (some sandboxes turn it off).
_ENVIRONMENT = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "scripts")}
REINGESTS = 3  # the median is reported: a re-ingest takes well under a second, noise is large


@dataclass
class Run:
    seconds: float
    peak_mb: float  # proportional set size (PSS), summed: a page shared by forks counts once
    peak_rss_mb: float  # resident set size (RSS), summed: a page shared by forks counts in each


def run(command: list[str], cwd: Path) -> Run:
    """Run `command`, sampling the memory of its whole process tree (MkDocs and Pagefind run
    side by side, so the largest single process would understate the peak). Summed RSS counts a
    page shared by forks (pool workers, MkDocs' helpers) once in each; PSS splits it between
    them, so its sum is what the tree holds."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=_ENVIRONMENT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peak = [0, 0]

    def sample():
        while process.poll() is None:
            peak[:] = map(max, peak, _tree_memory(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{output}")
    return Run(seconds, peak[0] / 1e6, peak[1] / 1e6)


def _tree_memory(root: int) -> tuple[int, int]:
    """(summed PSS, summed RSS) of `root` and its descendants, in bytes."""
    parents, rss = {}, {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * _PAGE
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    return sum(_pss(pid, rss.get(pid, 0)) for pid in tree), sum(rss.get(pid, 0) for pid in tree)


def _pss(pid: int, rss: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):  # gone, or a kernel without smaps_rollup
        return rss


# --- the releases ---------------------------------------------------------------------------

def releases(corpus: Path | None) -> list[tuple[str, str]]:
    """(relative name, Markdown text) of every release, in a stable order."""
    if corpus:
        return [(p.relative_to(corpus).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(corpus.rglob("*.md"))]
    return generated_releases(GENERATED_SIZE)


def generated_releases(count: int) -> list[tuple[str, str]]:
    """Press releases in the shape of the wires' (title, dateline, paragraphs, about, contact)."""
    rng = random.Random(20261122)
    companies = ["Allogene", "HELP Therapeutics", "Akeso", "Hengrui", "BeiGene", "Pfizer", "Legend Biotech"]
    words = ("cell therapy trial patients results phase clinical study data safety efficacy dose "
             "oncology diabetes heart failure immunology approval designation program platform").split()
    out = []
    for i in range(count):
        company = rng.choice(companies)
        day = 1 + i % 28
        month = ["January", "March", "June", "September", "November"][i % 5]
        paragraphs = [" ".join(rng.choices(words, k=60)).capitalize() + "." for _ in range(rng.randint(4, 12))]
        out.append((f"generated/{i:05d}.md", "\n\n".join([
            f"# {company} announces {' '.join(rng.choices(words, k=6))} ({i})",
            f"SHANGHAI, {month} {day}, {2023 + i % 4} /PRNewswire/ -- {paragraphs[0]}", *paragraphs[1:],
            f"About {company}", f"{company} is a biotechnology company.", "Media contact: press@example.com",
        ]) + "\n"))
    return out


# --- the two sites --------------------------------------------------------------------------

BASELINE_CONFIG = """site_name: baseline
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
plugins:
  - search
  - tags
nav:
  - Home: index.md
  - Tags: tags.md
not_in_nav: |
  /articles/**
"""


def baseline_project(root: Path, chosen: list[tuple[str, str]]) -> Path:
    docs = root / "docs"
    for name, text in chosen:
        page = docs / "articles" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        tag = name.split("/", 1)[0]
        page.write_text(f"---\ntags:\n  - {tag}\n---\n\n{text}", encoding="utf-8")
    (docs / "index.md").write_text("# Baseline\n\nBare MkDocs + Material site of the releases.\n")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")
    (root / "mkdocs.yml").write_text(BASELINE_CONFIG)
    return root


def presskb_project(root: Path, chosen: list[tuple[str, str]], taxonomy: Path) -> Path:
    for name in ("mkdocs.yml", *(p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*")
                                 if p.is_file() and not p.is_symlink())):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, root / name)
    shutil.copyfile(taxonomy, root / "topics.yml")
    (root / "scripts").symlink_to(REPO / "scripts")
    for name, text in chosen:
        add_seed(root, name, text)
    return root


def add_seed(root: Path, name: str, text: str) -> None:
    seed = root / "seeds" / name
    seed.parent.mkdir(parents=True, exist_ok=True)
    seed.write_text(text, encoding="utf-8")


@dataclass
class Site:
    pages: int
    megabytes: float
    largest_kb: float
    largest: str
    search_mb: float


def measure_site(site: Path, search_index: str) -> Site:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    index = site / search_index
    index_files = [index] if index.is_file() else [p for p in index.rglob("*") if p.is_file()]
    return Site(len(pages), sum(p.stat().st_size for p in files) / 1e6, largest.stat().st_size / 1e3,
                largest.relative_to(site).as_posix(), sum(p.stat().st_size for p in index_files) / 1e6)


def _describe(site: Site) -> str:
    return (f"{site.pages:,} pages, {site.megabytes:,.0f} MB, largest page {site.largest_kb:,.0f} kB "
            f"({site.largest}), search index {site.search_mb:,.1f} MB")


# --- one size -------------------------------------------------------------------------------

@dataclass
class Figures:
    releases: int
    full_seconds: float
    baseline_seconds: float


def _generation_inodes(root: Path) -> dict[str, int]:
    current = (root / ".presskb" / "current").resolve()
    return {p.relative_to(current).as_posix(): p.stat().st_ino for p in current.rglob("*") if p.is_file()}


def _kind_of(path: str) -> str:
    if path.startswith("search/"):
        return "search documents"
    if re.fullmatch(r"articles/[^/]+/(?!index\.md)[^/]+\.md", path):
        return "articles"
    if path.startswith("topics/") and path != "topics/index.md":
        return "topic pages"
    return "indexes and feeds"


def bench_size(work: Path, chosen: list[tuple[str, str]], extra: tuple[str, str], taxonomy: Path,
               search: bool, rounds: int) -> Figures:
    count = len(chosen)
    print(f"\n== {count:,} releases", flush=True)
    python = sys.executable

    # Baseline and full build in turns: the machine's speed drifts by tens of percent over
    # minutes, so each ratio compares two runs made one after the other.
    pairs: list[tuple[Run, Run]] = []
    for turn in range(1, rounds + 1):
        base = baseline_project(work / f"baseline-{turn}", chosen)
        baseline = run([python, "-m", "mkdocs", "build", "--quiet"], base)
        root = presskb_project(work / f"presskb-{turn}", chosen, taxonomy)
        full = run([python, "-m", "presskb", "--project", str(root), "build"], root)
        pairs.append((baseline, full))
        print(f"  round {turn}: baseline (MkDocs + Material, built-in search) {baseline.seconds:.1f} s, peak "
              f"{baseline.peak_mb:,.0f} MB ({baseline.peak_rss_mb:,.0f} MB summed RSS); presskb build, cold "
              f"(ingest, site and search index) {full.seconds:.1f} s, peak {full.peak_mb:,.0f} MB "
              f"({full.peak_rss_mb:,.0f} MB summed RSS): {full.seconds / baseline.seconds:.2f}x the time, "
              f"{full.peak_mb / baseline.peak_mb:.2f}x the peak", flush=True)
    base, root = work / "baseline-1", work / "presskb-1"  # what follows uses the first round's
    presskb = [python, "-m", "presskb", "--project", str(root)]
    print(f"  baseline site: {_describe(measure_site(base / 'site', 'search/search_index.json'))}", flush=True)
    print(f"  presskb site: {_describe(measure_site(root / 'site', 'pagefind'))}", flush=True)
    def median(measure) -> float:
        return statistics.median(measure(baseline, full) for baseline, full in pairs)

    baseline_seconds, full_seconds = median(lambda b, f: b.seconds), median(lambda b, f: f.seconds)
    print(f"  ratio to the baseline, median of {rounds} round(s): "
          f"{median(lambda b, f: f.seconds / b.seconds):.2f}x the time, "
          f"{median(lambda b, f: f.peak_mb / b.peak_mb):.2f}x the peak memory "
          f"({median(lambda b, f: f.peak_rss_mb / b.peak_rss_mb):.2f}x in summed RSS); "
          f"median times: baseline {baseline_seconds:.1f} s, presskb {full_seconds:.1f} s", flush=True)
    copy = presskb_project(work / "presskb-ingest", chosen, taxonomy)
    ingest = run([python, "-m", "presskb", "--project", str(copy), "ingest"], copy)
    print(f"  presskb ingest, cold: {ingest.seconds:.1f} s ({count / ingest.seconds:,.0f} releases/s, "
          f"peak {ingest.peak_mb:,.0f} MB)", flush=True)

    again = [run([*presskb, "ingest"], root).seconds for _ in range(REINGESTS)]
    middle = statistics.median(again)
    print(f"  ingest, nothing changed (median of {REINGESTS}): {middle:.2f} s ({count / middle:,.0f} releases/s; "
          f"runs in order: {', '.join(f'{seconds:.2f}' for seconds in again)} s)", flush=True)

    for step, change in (("added", lambda: add_seed(root, *extra)),
                         ("changed", lambda: add_seed(root, extra[0], extra[1].replace("announces", "reports"))),
                         ("removed", lambda: (root / "seeds" / extra[0]).unlink())):
        before = _generation_inodes(root)
        change()
        build = run([*presskb, "build"], root)
        after = _generation_inodes(root)
        rewritten = sorted(path for path, inode in after.items() if before.get(path) != inode)
        kinds = Counter(map(_kind_of, rewritten))
        print(f"  presskb build, one seed {step}: {build.seconds:.2f} s (peak {build.peak_mb:,.0f} MB); "
              f"{len(rewritten)} files written of {len(after):,} ("
              + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) + ")", flush=True)

    if search:
        print(f"  serve: a seed saved shows in the browser after {serve_latency(root, _ENVIRONMENT):.1f} s", flush=True)
        print(search_line("presskb, Pagefind", time_to_first_result(root / "site", QUERIES)), flush=True)
        print(search_line("baseline, Material", time_to_first_result(base / "site", QUERIES[:1])), flush=True)
    return Figures(count, full_seconds, baseline_seconds)


def bench_shapes(work: Path, size: int) -> None:
    """`presskb build` from scratch of the project's own seeds plus one hostile seed of `size`
    bytes, for each shape: the time must stay linear in the seed's size whatever its shape."""
    print(f"\n== the project's seeds and one seed of {size:,} bytes, of each shape (presskb.shapes)", flush=True)
    for shape in SHAPES:
        root = presskb_project(work / shape, [], REPO / "topics.yml")
        shutil.copytree(REPO / "seeds", root / "seeds", dirs_exist_ok=True)
        (root / "seeds" / f"{shape}.txt").write_bytes(seed(shape, size))
        build = run([sys.executable, "-m", "presskb", "--project", str(root), "build"], root)
        site = root / "site"
        others = [p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("articles/")]
        largest = max(others, key=lambda p: p.stat().st_size)
        print(f"  {shape:<21} presskb build {build.seconds:5.1f} s, peak {build.peak_mb:,.0f} MB; largest page "
              f"but the article's {largest.stat().st_size / 1e3:,.0f} kB ({largest.relative_to(site).as_posix()})",
              flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m presskb.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="folder of Markdown releases (default: ../shared/corpus/archive, else generated)")
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY)
    parser.add_argument("--sizes", default="1000,all", help="comma-separated release counts, or 'all'; '' for none")
    parser.add_argument("--rounds", type=int, default=3,
                        help="baseline and full build pairs per size, in turns; the median ratio is reported")
    parser.add_argument("--no-search", action="store_true", help="skip the search timings in Chromium")
    parser.add_argument("--shape-bytes", type=int, default=DEFAULT_MAX_SEED_BYTES - 1024,
                        help="size of the hostile seeds (default: just under the seed size limit); 0 skips them")
    arguments = parser.parse_args(argv)
    corpus = arguments.corpus if arguments.corpus.is_dir() else None
    print(f"corpus: {corpus or f'{GENERATED_SIZE:,} generated releases (no folder at {arguments.corpus})'}; "
          f"taxonomy: {arguments.taxonomy}; {os.cpu_count()} cores", flush=True)
    search = not arguments.no_search and Path("/usr/bin/chromium").exists()
    if not search and not arguments.no_search:
        print("(no /usr/bin/chromium: search timings skipped)")
    everything = releases(corpus)
    results = []
    with tempfile.TemporaryDirectory(prefix="presskb-bench-") as work:  # deleted at the end (see above)
        for size in filter(None, arguments.sizes.split(",")):
            chosen = everything if size == "all" else everything[: int(size)]
            extra = ("bench-added/release.md", generated_releases(1)[0][1])  # a new release, with topics
            results.append(bench_size(Path(work, size), chosen, extra, arguments.taxonomy, search,
                                      arguments.rounds))
        if len(results) > 1:
            small, large = results[0], results[-1]
            print(f"\nscaling {small.releases:,} -> {large.releases:,} releases: presskb "
                  f"{large.full_seconds / small.full_seconds:.2f}x the time, baseline "
                  f"{large.baseline_seconds / small.baseline_seconds:.2f}x "
                  f"({large.releases / small.releases:.2f}x the releases)")
        if arguments.shape_bytes:
            bench_shapes(Path(work, "shapes"), arguments.shape_bytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
