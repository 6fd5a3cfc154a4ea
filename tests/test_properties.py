"""Property tests: arbitrary text never crashes ingest, front-matter always parses back to the
same values, and no seed text ever becomes a script, frame, handler or javascript: link."""

from __future__ import annotations

import re

import frontmatter
import markdown as python_markdown
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import REPO
from presskb import taxonomy
from presskb.classify import Classifier
from presskb.clean import clean
from presskb.decode import decode
from presskb.document import Document
from presskb.errors import SeedError
from presskb.extract import extract
from presskb.phase_one import assign_paths
from presskb.readers import read_html, read_markdown
from presskb.render import front_matter, render_article, title_of

TAXONOMY = taxonomy.load(REPO / "topics.yml")
CLASSIFIER = Classifier.build(TAXONOMY)
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list"]  # MkDocs' defaults plus mkdocs.yml's

# Text that looks like press releases gone wrong: markup, wire syntax, control characters.
FRAGMENTS = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=//x>", "[a](javascript:x)",
    "[r]: javascript:y", "<!-- material/tags -->", "{{ x }}", "{% y %}", "---", "!!python/object:os.system",
    "# ", "* ", "| a |", "```", "~~~", "> ", "1. ", "\u202e", "\u200b", "\x00", "\x1b[31m", "\r\n", "\n\n",
    "WASHINGTON, Dec. 26, 2025 /PRNewswire/ -- ", "SOURCE X", "Categories: a, b", "Feb. 30, 2026",
    "<a href=\"javascript:alert(1)\">x</a>", "<svg onload=alert(1)>", "&lt;script&gt;", "\\", "`",
])
HOSTILE_TEXT = st.lists(st.one_of(st.text(), FRAGMENTS), max_size=12).map("".join)
FUZZ = settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def through_pipeline(doc: Document) -> Document | None:
    try:
        doc = extract(clean(doc))
    except SeedError:
        return None
    return assign_paths([CLASSIFIER.classify(doc)])[0]


def assert_inert(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "img", "svg", "object", "embed", "style"])
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        for name in ("href", "src"):
            assert not str(tag.get(name, "")).strip().lower().startswith("javascript:"), tag


@FUZZ
@given(HOSTILE_TEXT)
def test_arbitrary_text_never_crashes_and_renders_inert(text):
    doc = through_pipeline(Document(seed="seeds/fuzz.txt", raw=text, seed_sha256="0"))
    if doc is None:
        return
    page = render_article(doc, TAXONOMY)
    post = frontmatter.loads(page)
    assert post.metadata == front_matter(doc)
    assert_inert(python_markdown.markdown(post.content, extensions=EXTENSIONS))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_fail_cleanly(data):
    try:
        decoded = decode(data, "seeds/fuzz.txt")
    except SeedError:
        return
    assert "\r" not in decoded.text


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_arbitrary_markdown_and_html_seeds_never_crash(text):
    for reader in (read_markdown, read_html):
        try:
            reader(text, "seeds/fuzz")
        except SeedError:
            pass


@settings(max_examples=500, deadline=None)
@given(HOSTILE_TEXT, HOSTILE_TEXT)
def test_hostile_titles_round_trip_and_stay_text(title, body):
    doc = Document(seed="seeds/t.txt", raw=body or "x", seed_sha256="0", title=title or None)
    doc = through_pipeline(doc)
    if doc is None:
        return
    post = frontmatter.loads(render_article(doc, TAXONOMY))
    assert post.metadata["title"] == title_of(doc)
    assert not re.search(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", post.metadata["title"])
    assert_inert(python_markdown.markdown(post.content, extensions=EXTENSIONS))
