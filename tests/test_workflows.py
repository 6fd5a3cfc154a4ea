"""The GitHub workflows, validated offline: schema, security audit, pinning."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def test_the_three_workflows_exist():
    assert [w.name for w in WORKFLOWS] == ["ci.yml", "links.yml", "pages.yml"]


def test_workflows_match_the_github_schema():
    completed = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                                *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_zizmor_finds_nothing_of_medium_or_high_severity():
    completed = subprocess.run([BIN / "zizmor", "--offline", "--min-severity", "medium", str(REPO / ".github/workflows")],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "No findings to report" in completed.stdout


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_actions_are_pinned_by_sha_with_the_tag_and_checkouts_keep_no_credentials(workflow):
    text = workflow.read_text()
    for uses in re.findall(r"uses:\s*(\S+.*)", text):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*", uses), uses
    data = yaml.safe_load(text)
    assert data["permissions"] == {}
    for job in data["jobs"].values():
        assert "permissions" in job
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_ci_runs_the_readme_test_command_and_the_link_check():
    ci = (REPO / ".github/workflows/ci.yml").read_text()
    assert "bash .ci/run" in ci and "make check" in ci
    assert "make test" in (REPO / ".ci/run").read_text()
    pages = (REPO / ".github/workflows/pages.yml").read_text()
    assert pages.index("make check") < pages.index("upload-pages-artifact")  # only a checked site
