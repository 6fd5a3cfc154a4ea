"""The CLI on exact output and exit codes."""

import re

import pytest
from click.testing import CliRunner

from conftest import REPO, make_project
from presskb.cli import cli

SUMMARY = """\
Seeds read:     2 (0 failed)
Articles:       2 (0 duplicate copies grouped)
Topics:         14
Pages written:  {written} ({unchanged} unchanged, 0 deleted)
Warnings:       2
  seeds/003_dc2ff9305651724f.txt: no date found
  seeds/003_dc2ff9305651724f.txt: no source found
"""


def run(project, *arguments):
    return CliRunner().invoke(cli, ["--project", str(project.root), *arguments])


def test_ingest_prints_a_summary_and_a_second_run_writes_nothing(project):
    first = run(project, "ingest")
    assert (first.exit_code, first.stdout, first.stderr) == (0, SUMMARY.format(written=58, unchanged=0), "")
    second = run(project, "ingest")
    assert second.stdout == SUMMARY.format(written=0, unchanged=58)


def test_strict_fails_on_warnings(project):
    result = run(project, "ingest", "--strict")
    assert result.exit_code == 1
    assert result.stderr == "presskb: 2 warning(s) with --strict\n"


def test_a_broken_seed_is_one_line_and_the_others_still_build(tmp_path):
    good = (REPO / "seeds/000_9da3fc0b1a40dcb3.txt").read_text()
    project = make_project(tmp_path, {"good.txt": good, "empty.txt": "", "bad.txt": b"\x89PNG\r\n\x1a\n\x00\x00"})
    result = run(project, "ingest")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: seeds/bad.txt: binary file (contains NUL bytes), not text\n"
        "error: seeds/empty.txt: empty file (nothing but white space)\n"
        "presskb: 2 seed(s) failed\n"
    )
    assert result.stdout.startswith("Seeds read:     3 (2 failed)\nArticles:       1 (0 duplicate copies grouped)\n")
    assert len(list((project.docs_dir / "articles/2025").glob("*.md"))) == 3  # article, year index, month page
    assert "seeds/empty.txt: empty file" in (project.docs_dir / "report.md").read_text()


def test_an_invalid_taxonomy_is_one_line_naming_each_key_path(project):
    project.topics_file.write_text("topics:\n  - name: A\n  - name: B\n    kind: company\n    parnt: A\n")
    result = run(project, "ingest")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "presskb: error: topics.yml: topics[0] (A).kind: required; "
        "topics[1] (B).parnt: unknown key (did you mean 'parent'?)\n"
    )


def test_outside_a_project_says_where_it_looked(tmp_path):
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "ingest"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"presskb: error: no presskb project at or above {tmp_path} (a folder with mkdocs.yml and "
        "topics.yml); run presskb from the project folder or pass --project DIR\n"
    )


def test_seed_size_limit_is_configurable(tmp_path):
    project = make_project(tmp_path, {"big.txt": "Big Title\n\n" + "word " * 400})
    result = run(project, "--max-seed-size", "0.001", "ingest")
    assert result.exit_code == 1
    assert "error: seeds/big.txt: file is 0.0 MB, over the 0.0 MB limit" in result.stderr


def test_clean_removes_generated_pages_only(project):
    run(project, "ingest")
    result = run(project, "clean")
    assert (result.exit_code, result.stdout) == (0, "Deleted 58 generated pages and site/.\n")
    assert sorted(p.relative_to(project.docs_dir).as_posix() for p in project.docs_dir.rglob("*")) == [
        "about.md", "javascripts", "javascripts/search.js", "stylesheets", "stylesheets/presskb.css", "tags.md"]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) > 3
    assert re.search(rf"presskb {command}\b", (REPO / "README.md").read_text())


def test_export_json_and_csv_list_every_seed_with_duplicate_of(tmp_path):
    import csv
    import io
    import json
    import shutil

    from conftest import REPO as repo

    project = make_project(tmp_path, {})
    shutil.rmtree(project.seeds_dir)
    shutil.copytree(repo / "tests/golden/duplicates/seeds", project.seeds_dir)
    result = run(project, "export", "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [(r["seed"], r["duplicate_of"]) for r in records] == [
        ("seeds/archive/sigma-breakthrough.md", None),
        ("seeds/repost/sigma-repost.txt", "seeds/archive/sigma-breakthrough.md"),
    ]
    assert records[0]["date"] == "2026-09-01" and records[0]["also_at"] == ["https://news.example/sigma-sc19"]
    assert list(records[0]) == ["seed", "title", "date", "source", "source_url", "dateline", "issuer",
                                "categories", "topics", "language", "also_at", "duplicate_of"]
    out = tmp_path / "kb.csv"
    result = run(project, "export", "--format", "csv", "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, f"Exported 2 records to {out}\n")
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[1]["duplicate_of"] == "seeds/archive/sigma-breakthrough.md"
    assert rows[0]["topics"] == "Oncology; Cell therapy"
    assert not project.docs_dir.joinpath("articles").exists()  # export writes no pages


SUGGEST_SEEDS = {
    "a.txt": "Zeta Biologics Starts a Trial\n\nBOSTON, May 5, 2025 /PRNewswire/ -- Zeta Biologics dosed "
             "the first patient with ZB-101 in its cancer trial.",
    "b.txt": "Kappa Therapeutics Opens a Lab\n\nBOSTON, May 6, 2025 /PRNewswire/ -- Kappa Therapeutics "
             "opened a laboratory for ZB-101 and KT-202 studies.",
}


def test_suggest_says_its_threshold_and_min_articles_lowers_it(tmp_path):
    project = make_project(tmp_path, SUGGEST_SEEDS)
    result = run(project, "suggest", "--min-articles", "3")
    assert (result.exit_code, result.stdout) == (
        0, "No entity missing from the taxonomy appears in 3 or more articles (try --min-articles 1).\n")
    result = run(project, "suggest")
    assert result.stdout == (
        "Entities missing from the taxonomy that appear in 2 or more articles, most frequent first:\n"
        "    2  product  ZB-101\n"
        "       e.g. seeds/a.txt: BOSTON, May 5, 2025 /PRNewswire/ -- Zeta Biologics dosed the first patient "
        "with ZB-101 in its cancer trial.\n"
    )
    result = run(project, "suggest", "--min-articles", "1", "--limit", "2")
    assert result.stdout.splitlines()[0] == (
        "Entities missing from the taxonomy that appear in any article, most frequent first:")
    assert [line.split()[-1] for line in result.stdout.splitlines()[1::2]] == ["ZB-101", "KT-202"]


def test_suggest_reads_outcomes_from_the_ingest_cache(tmp_path, monkeypatch):
    from presskb import phase_one

    project = make_project(tmp_path, SUGGEST_SEEDS)
    assert run(project, "ingest").exit_code == 0

    def read_again(*arguments):
        raise AssertionError("a seed the cache knows was read again")

    monkeypatch.setattr(phase_one, "process", read_again)
    result = run(project, "suggest")
    assert (result.exit_code, result.stdout.splitlines()[1]) == (0, "    2  product  ZB-101")


def test_a_seed_name_with_a_newline_is_shown_on_one_line(tmp_path):
    project = make_project(tmp_path, {"new\nline.md": "# Title\n\nBody about cancer.\n"})
    result = run(project, "ingest")
    assert "  seeds/new\\nline.md: no date found\n" in result.stdout
