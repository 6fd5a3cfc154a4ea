"""Extraction accuracy on a corpus of press-archive Markdown files (`# Title`, a dateline
paragraph, the body, and a footer with an "Original/Source Press Release" link).

    python -m presskb.measure [CORPUS_DIR] [--show N]
    python -m presskb.measure [CORPUS_DIR] --topics LABELS.yml [--taxonomy topics.yml] [--show N]

Prints, over every file: the share whose extracted title equals the `# ` line, whose
source_url equals the footer link, and how extracted dates compare with the date printed at
the start of the first paragraph (the dateline): equal, missed, or wrong (a date where none
is printed, or another date than the printed one).

With --topics, it measures classification instead, on a hand-labelled sample (a YAML file:
`areas`, the topics measured, and `releases`, each a `path` in the corpus and the areas the
release is `about`): precision and recall of the article's topics, and of every topic it
mentions at all (its topics plus its passing mentions, which is what tagging was before
relevance).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from presskb.clean import clean
from presskb.errors import SeedError
from presskb.dates import DATE, parse_date
from presskb.extract import extract
from presskb.project import Project
from presskb.read import read_seed
from presskb.readers import markdown_to_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "archive"
_TITLE = re.compile(r"\A#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_ORIGINAL = re.compile(r"\[Original/Source Press Release\]\(([^)\s]+)\)")
_PRINTED_DATE_WINDOW = 160
_REFERENCE_LINES = 6


def printed_date(text: str):
    """The reference date: the first date printed near the start of one of the first body
    lines (images, bullet points and the repeated title skipped), if any."""
    lines = text.split("\n")
    title = lines[0][2:].strip() if lines and lines[0].startswith("# ") else None
    body = [line.strip() for line in lines[1:] if line.strip()]
    candidates = [
        markdown_to_text(line) for line in body[:_REFERENCE_LINES]
        if not line.startswith(("![", "* ", "- ", "---")) and line.lstrip("# ") != title
    ]
    for line in candidates:
        if match := DATE.search(line[:_PRINTED_DATE_WINDOW]):
            try:
                return parse_date(match.group(0))
            except ValueError:
                return "impossible"
    return None


def measure(corpus: Path, show: int = 0) -> dict:
    project = Project(corpus.parent, max_seed_bytes=50 * 1024 * 1024, seeds_folder=corpus.name)
    counts: Counter = Counter()
    examples: dict[str, list[str]] = {}
    started = time.perf_counter()
    for path in sorted(corpus.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        counts["files"] += 1
        try:
            doc = extract(clean(read_seed(project, path)))
        except SeedError as error:
            counts["failed"] += 1
            examples.setdefault("failed", []).append(str(error))
            continue
        title = _TITLE.search(text)
        if title and doc.title == markdown_to_text(title.group(1)).strip():
            counts["title ok"] += 1
        else:
            examples.setdefault("title", []).append(f"{path}: {doc.title!r} != {title and title.group(1)!r}")
        original = _ORIGINAL.search(text)
        if original:
            counts["with source link"] += 1
            if doc.source_url == original.group(1):
                counts["source_url ok"] += 1
            else:
                examples.setdefault("source_url", []).append(f"{path}: {doc.source_url!r}")
        printed = printed_date(text)
        if printed is not None and printed != "impossible":
            counts["date printed"] += 1
            if doc.date == printed:
                counts["date ok"] += 1
            elif doc.date is None:
                counts["date missed"] += 1
                examples.setdefault("date missed", []).append(f"{path}: printed {printed}")
            else:
                counts["date wrong"] += 1
                examples.setdefault("date wrong", []).append(f"{path}: {doc.date} != {printed}")
        elif doc.date is not None:
            counts["date wrong"] += 1
            counts["date guessed"] += 1
            examples.setdefault("date wrong", []).append(f"{path}: {doc.date}, none printed")
        else:
            counts["date unknown ok"] += 1
    seconds = time.perf_counter() - started
    _print(counts, seconds)
    for kind, lines in examples.items():
        for line in lines[:show]:
            print(f"  [{kind}] {line}")
    return counts


def measure_topics(corpus: Path, labels_file: Path, topics_file: Path, show: int = 0) -> dict:
    """Precision and recall per area of the hand-labelled sample, for the topics an article is
    tagged with and for every topic it mentions."""
    import yaml

    from presskb import taxonomy as taxonomy_module
    from presskb.classify import Classifier

    labels = yaml.safe_load(labels_file.read_text(encoding="utf-8"))
    areas = list(labels["areas"])
    classifier = Classifier.build(taxonomy_module.load(topics_file))
    project = Project(corpus.parent, max_seed_bytes=50 * 1024 * 1024, seeds_folder=corpus.name)
    counts = {kind: {area: Counter() for area in areas} for kind in ("tagged", "mentioned")}
    misses: list[str] = []
    for release in labels["releases"]:
        doc = classifier.classify(extract(clean(read_seed(project, corpus / release["path"]))))
        expected = set(release["about"])
        tagged = set(doc.topics) & set(areas)
        mentioned = tagged | (set(getattr(doc, "passing_topics", ())) & set(areas))
        for kind, found in (("tagged", tagged), ("mentioned", mentioned)):
            for area in areas:
                counts[kind][area][("tp" if area in expected else "fp") if area in found
                                   else ("fn" if area in expected else "tn")] += 1
        if tagged != expected:
            misses.append(f"{release['path']}: tagged {sorted(tagged)}, about {sorted(expected)}")
    print(f"releases: {len(labels['releases'])} hand-labelled; taxonomy {topics_file}")
    for kind in ("tagged", "mentioned"):
        print(f"{kind}:")
        for area in [*areas, None]:
            c = sum((counts[kind][a] for a in areas), Counter()) if area is None else counts[kind][area]
            precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
            recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
            print(f"  {area or 'all areas':<14} precision {c['tp']:>3}/{c['tp'] + c['fp']:<3} = {100 * precision:5.1f} %"
                  f"   recall {c['tp']:>3}/{c['tp'] + c['fn']:<3} = {100 * recall:5.1f} %")
    for line in misses[:show]:
        print(f"  [topics] {line}")
    return counts


def _print(counts: Counter, seconds: float) -> None:
    files = counts["files"]

    def share(part: str, whole: int) -> str:
        return f"{counts[part]:>5} / {whole:<5} = {100 * counts[part] / whole if whole else 0:6.2f} %"

    print(f"files:                 {files} ({counts['failed']} failed) in {seconds:.1f} s")
    print(f"title = '# ' line:     {share('title ok', files)}")
    print(f"source_url = link:     {share('source_url ok', counts['with source link'])}")
    print(f"date = printed date:   {share('date ok', counts['date printed'])}")
    print(f"date missed:           {share('date missed', counts['date printed'])}")
    print(f"no date printed, none: {share('date unknown ok', files - counts['date printed'])}")
    print(f"wrong dates:           {share('date wrong', files)}  (of which {counts['date guessed']} guessed where none is printed)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m presskb.measure", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", type=int, default=0, help="print up to N examples of each failure")
    parser.add_argument("--topics", type=Path, default=None, metavar="LABELS",
                        help="measure topic precision and recall on this hand-labelled sample instead")
    parser.add_argument("--taxonomy", type=Path, default=Path(__file__).resolve().parents[2] / "topics.yml",
                        help="taxonomy for --topics (default: the project's topics.yml)")
    arguments = parser.parse_args(argv)
    if not arguments.corpus.is_dir():
        print(f"measure: no corpus folder at {arguments.corpus}", file=sys.stderr)
        return 1
    if arguments.topics:
        measure_topics(arguments.corpus, arguments.topics, arguments.taxonomy, arguments.show)
        return 0
    measure(arguments.corpus, arguments.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
