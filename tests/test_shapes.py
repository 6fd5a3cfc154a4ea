"""Seeds of hostile shapes (presskb.shapes) build, and no page but their own article grows with
them: a quoted mention is a bounded window, a huge or punctuation-dense paragraph is raw HTML
(Python-Markdown's inline processing is quadratic in it), and the site still links and escapes
as usual. The time this takes is measured by `python -m presskb.bench`, never here."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, make_project
from presskb.classify import MARKS_PER_MENTION, MENTION_CHARS
from presskb.shapes import SHAPES, seed

SIZE = 120_000  # far over every bound below, small enough to build in seconds
TOPIC_PAGE_LIMIT = 60_000  # bytes of generated Markdown: 3 bounded quotes per article


def presskb(root, *arguments):
    return subprocess.run([sys.executable, "-m", "presskb", "--project", str(root), *arguments],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                                              "PYTHONPATH": str(REPO / "scripts")})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("shapes") / "kb")
    for shape in SHAPES:
        (project.seeds_dir / f"{shape}.txt").write_bytes(seed(shape, SIZE))
    headless = seed("one-line", SIZE, head=False).replace(b"cohort", b"arm")  # not a copy of one-line
    (project.seeds_dir / "headless.txt").write_bytes(headless)
    completed = presskb(project.root, "build")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return project


def test_every_generated_page_but_the_articles_stays_small(built):
    for page in built.docs_dir.rglob("*.md"):
        if not page.relative_to(built.docs_dir).as_posix().startswith("articles/20"):
            assert page.stat().st_size < TOPIC_PAGE_LIMIT, page


def test_a_quoted_mention_is_a_bounded_window_with_bounded_marks(built):
    soup = BeautifulSoup((built.site_dir / "topics/hicm-188/index.html").read_text(), "html.parser")
    quotes = [item for item in soup.select("article li li") if item.find("mark")]
    assert len(quotes) >= len(SHAPES)
    for quote in quotes:
        text = quote.get_text().split("” (in context)")[0].strip("“")
        assert len(text) <= MENTION_CHARS + 2  # and the ellipses
        assert 1 <= len(quote.find_all("mark")) <= MARKS_PER_MENTION
    assert any("…” (in context)" in quote.get_text() for quote in quotes)  # cut, and saying so


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_article_shows_the_whole_text_literally(built, shape):
    text = seed(shape, SIZE).decode()
    article = next(page for page in (built.site_dir / "articles/2026").glob("*/index.html")
                   if f"seeds/{shape}.txt" in page.read_text())
    body = BeautifulSoup(article.read_text(), "html.parser").select_one("article")
    shown = re.sub(r"\s+", " ", body.get_text(" "))
    last_words = re.sub(r"\s+", " ", text.strip())[-60:]
    assert last_words in shown  # nothing lost at the end of a huge block
    assert body.find(["e", "g", "y"]) is None  # "<e", "<g>", "<y>" in the seed stay text


def test_links_in_raw_html_paragraphs_resolve(built):
    """The headless seed is one huge line: it names HiCM-188 first there, and links it."""
    page = next(page for page in (built.docs_dir / "articles/undated").glob("*.md")
                if "seeds/headless.txt" in page.read_text())
    assert '<p id="p-' in page.read_text()  # the huge paragraph went out as raw HTML
    html = built.site_dir / "articles/undated" / page.stem / "index.html"
    paragraph = BeautifulSoup(html.read_text(), "html.parser").find("p", id=re.compile("^p-"))
    assert paragraph.find("a", href="../../../topics/hicm-188/")  # its first mention, linked
    completed = presskb(built.root, "check")
    assert completed.returncode == 0, completed.stderr
