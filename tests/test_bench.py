"""`make bench` runs (on a dozen generated releases, one round less than by default): it prints
each round of baseline and full build in turn, their median ratio, and the other figures the
maintainer reads. What the figures are is the benchmark's business, never a test's."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import REPO
from presskb.bench import generated_releases


def test_bench_prints_every_figure_for_each_round_and_their_median(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, (_, text) in enumerate(generated_releases(12)):
        (corpus / f"release-{number:02d}.md").write_text(text, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "presskb.bench", "--corpus", str(corpus), "--sizes", "all", "--rounds", "2",
         "--no-search", "--shape-bytes", "0"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO / "scripts"), "NO_MKDOCS_2_WARNING": "1"})
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert "== 12 releases" in lines
    rounds = [line for line in lines if line.startswith("  round ")]
    assert [line.split(":")[0] for line in rounds] == ["  round 1", "  round 2"]
    assert all(re.search(r"baseline .* [\d.]+ s, peak .* presskb build, cold .* [\d.]+ s, peak .*: "
                         r"[\d.]+x the time, [\d.]+x the peak$", line) for line in rounds)
    assert any(re.match(r"  ratio to the baseline, median of 2 round\(s\): [\d.]+x the time", line) for line in lines)
    assert any(re.match(r"  presskb ingest, cold: [\d.]+ s \([\d,]+ releases/s", line) for line in lines)
    assert any(line.startswith("  ingest, nothing changed (median of 3)") for line in lines)
    for step in ("added", "changed", "removed"):
        assert any(re.match(rf"  presskb build, one seed {step}: [\d.]+ s .* files written of", line) for line in lines)
