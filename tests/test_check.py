"""presskb check: the built site passes; planted breakage in a copy fails, naming page and target."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import built_site, make_project


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
