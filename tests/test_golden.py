"""Golden files: each folder tests/golden/<case>/ holds seeds/ (the input) and expected.md: every
page, error and duplicate the pipeline produces from those seeds, in a fixed order.

After an intended change of output, regenerate them with `make golden`
(`pytest tests/test_golden.py --update-golden`) and review the diff before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import make_project
from presskb import pipeline, taxonomy

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.name for path in GOLDEN.iterdir() if (path / "seeds").is_dir())


def produce(tmp_path: Path, case: Path) -> str:
    """Everything the pipeline makes of a case's seeds, as one reviewable text."""
    project = make_project(tmp_path, {})
    if (limit := case / "max-seed-bytes").exists():  # a case may set a small size limit
        project = type(project)(project.root, max_seed_bytes=int(limit.read_text()))
    shutil.rmtree(project.seeds_dir)
    shutil.copytree(case / "seeds", project.seeds_dir, symlinks=True)
    result = pipeline.read_corpus(project, taxonomy.load(project.topics_file))
    pages = dict(pipeline.render_pages(result))
    parts = [f"=== error: {error}\n" for error in result.errors]
    parts += [f"=== skipped: {notice}\n" for notice in result.notices]
    parts += [f"=== duplicate: {doc.seed} of {doc.duplicate_of}\n" for doc in result.duplicates]
    parts += [f"=== docs/{doc.path}\n{pages[doc.path]}" for doc in sorted(result.articles, key=lambda d: d.path)]
    return "".join(parts)


@pytest.mark.parametrize("case", CASES)
def test_golden(case, tmp_path, update_golden):
    expected_file = GOLDEN / case / "expected.md"
    actual = produce(tmp_path, GOLDEN / case)
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), "no golden file yet: run make golden"
    assert actual == expected_file.read_text(encoding="utf-8")
