"""Golden files: each tests/golden/<case>.txt seed must render exactly tests/golden/<case>.md.

After an intended change of output, regenerate them with `make golden`
(`pytest tests/test_golden.py --update-golden`) and review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project
from presskb import pipeline, taxonomy

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.stem for path in GOLDEN.glob("*.txt"))


def render_one(tmp_path: Path, seed: Path) -> str:
    project = make_project(tmp_path, {seed.name: seed.read_bytes()})
    result = pipeline.read_corpus(project, taxonomy.load(project.topics_file))
    assert not result.errors, result.errors
    (doc,) = result.articles
    return dict(pipeline.render_pages(result))[doc.path]


@pytest.mark.parametrize("case", CASES)
def test_golden_article(case, tmp_path, update_golden):
    expected_file = GOLDEN / f"{case}.md"
    actual = render_one(tmp_path, GOLDEN / f"{case}.txt")
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"no golden file yet: run make golden"
    assert actual == expected_file.read_text(encoding="utf-8")
