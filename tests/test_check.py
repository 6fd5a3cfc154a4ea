"""presskb check: the built site passes; planted breakage in a copy fails, naming page and target."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import built_site, make_project
from presskb import check
from presskb.check import check_site
from presskb.cli import cli


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_site(tmp_path_factory.mktemp("check") / "kb")


def presskb_check(project, *arguments):
    return subprocess.run([sys.executable, "-m", "presskb", "--project", str(project.root), "check", *arguments],
                          capture_output=True, text=True)


def test_the_built_site_has_no_broken_link(project):
    completed = presskb_check(project)
    assert completed.returncode == 0, completed.stderr
    assert re.fullmatch(r"Checked \d+ links in \d+ files: none broken.\n", completed.stdout)


def test_planted_breakage_fails_and_names_each_page_and_target(project, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(project.site_dir, copy)
    about = copy / "about/index.html"
    about.write_text(about.read_text().replace(
        "</article>",
        '<a href="../no-such-page/">x</a> <a href="../topics/hicm-188/#no-such-anchor">y</a> '
        '<img src="../assets/no-such-image.png" alt="z"></article>', 1))
    completed = presskb_check(project, "--site", str(copy))
    assert completed.returncode == 1
    lines = completed.stderr.splitlines()
    assert sorted(lines[:-1]) == [
        "broken: about/index.html: /assets/no-such-image.png (File not found. Check if file exists and path is correct)",
        "broken: about/index.html: /no-such-page (File not found. Check if file exists and path is correct)",
        "broken: about/index.html: /topics/hicm-188#no-such-anchor (Cannot find fragment)",
    ]
    assert re.fullmatch(r"presskb: 3 broken link\(s\) in \d+ files", lines[-1])


def test_links_to_the_site_url_are_checked_on_disk(project, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(project.site_dir, copy)
    tags = copy / "tags/index.html"
    tags.write_text(tags.read_text().replace("</article>", '<a href="http://127.0.0.1:8000/gone/">g</a></article>', 1))
    completed = presskb_check(project, "--site", str(copy))
    assert "broken: tags/index.html: /gone/ (File not found" in completed.stderr


def test_no_built_site_is_a_one_line_error(tmp_path):
    project = make_project(tmp_path / "kb")
    completed = presskb_check(project)
    assert completed.returncode == 1
    assert completed.stderr == f"presskb: error: no built site in {project.site_dir} (run presskb build first)\n"


def test_a_site_whose_paths_overflow_a_command_line_is_checked(tmp_path):
    """More files than fit on a command line (about 2 MB of arguments on Linux): lychee is given
    the folder, never the list of files."""
    site = tmp_path / "site"
    pages = site / "articles"
    pages.mkdir(parents=True)
    names = [f"{'a-long-article-slug-' * 11}{n:05d}.html" for n in range(10_000)]  # ~230 bytes each
    (site / "index.html").write_text(f'<a href="articles/{names[0]}">first</a>')
    for name in names:
        (pages / name).write_text('<a href="../index.html">home</a>')
    assert sum(len(str(pages / name)) + 1 for name in names) > 2 * 1024 * 1024
    report = check_site(site, None)
    assert (report.files, report.broken) == (10_001, ())
    assert report.links >= 10_001


@pytest.mark.parametrize("program, message", [
    ("#!/bin/sh\necho 'thread main panicked: something broke' >&2\nexit 2\n",
     "presskb: error: lychee failed: thread main panicked: something broke\n"),
    (None, "presskb: error: lychee could not run: Permission denied\n"),
])
def test_a_failing_link_checker_is_one_line_and_exit_1(project, tmp_path, monkeypatch, program, message):
    fake = tmp_path / "lychee"
    fake.write_text(program or "not a program")
    fake.chmod(0o755 if program else 0o644)
    monkeypatch.setattr(check, "lychee_command", lambda: str(fake))
    result = CliRunner().invoke(cli, ["--project", str(project.root), "check"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
