"""`presskb serve`, the command `make serve` runs and the README's first step: a real process on a
free port of 127.0.0.1, changed under it as a maintainer would, then stopped with Ctrl+C."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request

import pytest

from conftest import make_project
from processes import Presskb

WAIT_SECONDS = 90  # for a rebuild to show; generous for a loaded CI machine, never reached when it works
HELP_ARTICLE = "articles/2025/from-follower-to-force-chinas-biotech-sector-enters-the-global-clinical/"
NEW_SEED = """\
Zeta Biologics Doses First Patient with Zetacel in Lymphoma Study

SUZHOU, China, March 3, 2026 /PRNewswire/ -- Zeta Biologics today announced that the first patient \
was dosed with Zetacel, its cell therapy for cancer, in a study of relapsed lymphoma.

SOURCE Zeta Biologics
"""
NEW_ARTICLE = "articles/2026/zeta-biologics-doses-first-patient-with-zetacel-in-lymphoma-study/"
NEW_TITLE = "Zeta Biologics Doses First Patient with Zetacel in Lymphoma Study"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, condition, what: str) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if condition(status, body):
            return body
        time.sleep(0.3)
    pytest.fail(f"{url}: {what} within {WAIT_SECONDS} s (last status {status})")


def shows(text: str):
    return lambda status, body: status == 200 and text in body


def lacks(text: str):
    return lambda status, body: status == 200 and text not in body


@pytest.fixture
def served(tmp_path):
    project = make_project(tmp_path / "kb")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = Presskb(project.root, "serve", "--dev-addr", f"127.0.0.1:{port}", output=log)
    yield project, f"http://127.0.0.1:{port}/", server
    server.stop_all()
    log.close()


def test_serve_shows_the_site_and_follows_seeds_and_taxonomy_without_restart(served):
    project, base, server = served
    home = wait_for(base, shows("From Follower to Force"), "the home page lists the latest articles")
    assert "Tags" in home
    assert "HiCM-188" in wait_for(base + HELP_ARTICLE, shows("<h1"), "the HELP article is served")
    wait_for(base + "topics/hicm-188/", shows("From Follower to Force"), "the topic page lists its article")

    (project.seeds_dir / "zeta.txt").write_text(NEW_SEED, encoding="utf-8")
    wait_for(base + "articles/", shows('href="2026/"'), "the archive links the new year")
    wait_for(base + "articles/2026/03/", shows(NEW_TITLE), "the new article is listed in its month")
    wait_for(base + NEW_ARTICLE, shows("relapsed lymphoma"), "the new article is served")
    wait_for(base + "topics/oncology/", shows(NEW_TITLE), "the Oncology topic page lists it")
    assert NEW_TITLE not in fetch(base + "topics/hicm-188/")[1]

    topics = project.topics_file.read_text(encoding="utf-8")
    project.topics_file.write_text(topics.replace("      - HiCM188\n", "      - HiCM188\n      - Zetacel\n"))
    wait_for(base + "topics/hicm-188/", shows(NEW_TITLE), "a new alias links the article to its topic")

    about = project.docs_dir / "about.md"  # a hand-written page, edited while serving
    about.write_text(about.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    wait_for(base + "about/", shows("Edited while serving."), "an edited hand-written page is served")

    (project.seeds_dir / "zeta.txt").unlink()
    wait_for(base + "topics/hicm-188/", lacks(NEW_TITLE), "the removed seed leaves the topic page")
    wait_for(base + NEW_ARTICLE, lambda status, body: status == 404, "the removed article is gone")
    assert NEW_TITLE not in fetch(base)[1]

    server.interrupt()
    assert server.process.wait(timeout=30) == 0
    assert server.survivors(within=5) == []
    assert fetch(base)[0] == 0  # nothing answers on the port any more
