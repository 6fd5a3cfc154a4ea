"""presskb.page_html writes the HTML Python-Markdown would, or leaves the page to it: compared
with Python-Markdown under the site's own Markdown settings (as the hooks run it: raw HTML
lifted out and put back) on every golden page and on hostile headings."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config

from conftest import REPO
from presskb import markdown as md, page_html
from presskb.render import article_list

CONFIG = load_config(str(REPO / "mkdocs.yml"))
CONVERT = page_html.converter(CONFIG.markdown_extensions, CONFIG.mdx_configs)
GOLDEN_PAGES = sorted((REPO / "tests" / "golden").glob("*/expected.md"))


def python_markdown(text: str) -> tuple[str, list[dict]]:
    converter = markdown.Markdown(extensions=CONFIG.markdown_extensions, extension_configs=CONFIG.mdx_configs)
    lifted_text, lifted = md.lift_html(text)
    return md.restore_html(converter.convert(lifted_text), lifted), converter.toc_tokens


def body(page: str) -> str:
    """A generated page without its front matter, as MkDocs hands it to the hooks."""
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def test_the_site_settings_are_the_ones_reproduced():
    assert CONVERT is not None


def golden_pages(path) -> list[str]:
    """The article pages of a golden file (each after a line "=== docs/<path>")."""
    sections = ("\n" + path.read_text(encoding="utf-8")).split("\n=== ")
    return [body(section.split("\n", 1)[1]) for section in sections if section.startswith("docs/")]


@pytest.mark.parametrize("path", GOLDEN_PAGES, ids=lambda path: path.parent.name)
def test_every_golden_article_is_written_as_python_markdown_writes_it(path):
    pages = golden_pages(path)
    assert pages
    for text in pages:
        assert CONVERT(text) == python_markdown(text)


TITLES = [
    "Wow! A & B: AT&T; &copy; &#169; &#x41; &amp; &bogus",
    "<script>alert(1)</script> > <",
    "1. Intro", "- dash", "+ plus", "= equals", "# hash", "trailing ##", "ends with \\",
    "C:\\path\\to\\file", "a *b* _c_ `d` [e](f) ![g](h) <http://i>", "Title {#custom .class}",
    "北京 免疫 细胞治疗", "Ärzte Übersicht — “quotes” ‘and’ …", "emoji 😀 ✓", "", "   ",
    "tab\there", "x\x02y\x03z", "dup", "dup", "dup_1", "p-00fa79d1", "spaces   inside",
    "~~~", "```", "| a | b |", "***", "<!-- comment -->", "&#10;&#x0;",
]


def page_of(headings: list[str]) -> str:
    """A page as presskb.render writes one: headings, raw HTML text, a list, the marker."""
    blocks = []
    for heading in headings:
        blocks += [f"# {heading}", md.html_blocks(['<p id="p-1">A paragraph &amp; more.</p>']),
                   f"## {heading}", heading or "plain"]
    return "\n\n".join([*blocks, article_list(['<a href="x/">x</a>']), md.GENERATED_MARKER]) + "\n"


@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "raw"])
def test_hostile_headings_and_paragraphs_are_written_alike_or_left_to_python_markdown(escaped):
    text = md.escape if escaped else (lambda title: title)
    pages = [page_of([text(title)]) for title in TITLES] + [page_of([text(title) for title in TITLES])]
    converted = [page for page in pages if CONVERT(page) is not None]
    for page in converted:
        assert CONVERT(page) == python_markdown(page), page
    if escaped:  # presskb's own escaped text is converted, but for tabs and Python-Markdown's STX/ETX
        left = [title for title, page in zip(TITLES, pages) if page not in converted]
        assert left == ["tab\there", "x\x02y\x03z"]


def test_a_page_with_other_markdown_is_left_to_python_markdown():
    assert CONVERT("# Title\n\n- a list item\n") is None
    assert CONVERT("# Title\n\nSee [the index](index.md).\n") is None
    assert CONVERT(f"# Title\n{md.html_blocks(['<p>text</p>'])}\n") is None  # no blank line before the block
    assert CONVERT("Two lines\nof a paragraph\n") is None


def test_settings_it_does_not_reproduce_turn_it_off():
    assert page_html.converter(["toc", "attr_list"], {"toc": {"permalink": True}}) is not None
    assert page_html.converter(["toc", "admonition"], {}) is None
    assert page_html.converter(["toc"], {"toc": {"toc_depth": 2}}) is None
    assert page_html.converter(["toc"], {"toc": {"permalink": 3}}) is None
    text = "# Title\n\n## Part & more\n"
    for settings in ({}, {"toc": {"permalink": "#", "permalink_title": ""}}, {"toc": {"permalink": "<§>"}}):
        converter = markdown.Markdown(extensions=["toc"], extension_configs=settings)
        assert page_html.converter(["toc"], settings)(text) == (converter.convert(text), converter.toc_tokens)
