"""Whatever a seed says must render as text: checked by rendering with MkDocs' own Markdown setup."""

import markdown as python_markdown
import pytest

from presskb import markdown as md

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "[click](javascript:alert(1))",
    "[ref]: javascript:alert(2)",
    "![x](javascript:alert(3))",
    "<!-- material/tags -->",
    "{{ config.site_name }} {% include 'x' %}",
    "<div markdown>raw block</div>",
    "&lt;script&gt; &#60;script&#62;",
    "text {: onclick=alert(1) }",
    "<https://autolink.example>",
]
LINE_STARTS = ["# heading", "* item", "- item", "+ item", "1. item", "2) item", "| a | b |",
               "```", "~~~", "> quote", "    code", "===", "---", "***"]


def to_html(text: str) -> str:
    return python_markdown.markdown(text, extensions=["toc", "tables", "fenced_code", "attr_list"])


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_inline_text_renders_as_text(text):
    html = to_html(md.escape(text))
    assert html.startswith("<p>") and html.count("<") == 2  # only <p> and </p>
    assert "href" not in html


@pytest.mark.parametrize("text", LINE_STARTS)
def test_line_starts_render_as_text_in_line_blocks(text):
    html = to_html("Lead line\n\n" + md.lines(["first", text, "last"]))
    tags = {tag.split(">")[0].split()[0] for tag in html.split("<")[1:]}
    assert tags <= {"p", "/p", "br", "br /"}, html


def test_safe_url_accepts_only_http_and_https():
    assert md.safe_url("https://example.com/a b(c)") == "https://example.com/a%20b%28c%29"
    assert md.safe_url("javascript:alert(1)") is None
    assert md.safe_url("data:text/html,x") is None
    assert md.safe_url("//no-scheme.example") is None


def test_relative_links_between_docs_pages():
    assert md.relative("articles/2025/a.md", "topics/b.md") == "../../topics/b.md"
    assert md.relative("index.md", "articles/index.md") == "articles/index.md"
    assert md.relative("articles/2025/a.md", "seeds/x y.txt") == "../../seeds/x%20y.txt"


def test_raw_html_blocks_skip_markdown_and_come_back_in_place():
    block = md.html_blocks([md.html_block("*not emphasis* & <b>", "p-1", [], line_breaks=False)])
    page = f"# Title\n\n{block}\n\n## Topics\n\n{block}\n\n{md.GENERATED_MARKER}"
    lifted_page, lifted = md.lift_html(page)
    assert len(lifted) == 3 and "presskb-text" not in lifted_page and "<!--" not in lifted_page
    html = md.restore_html(to_html(lifted_page), lifted)
    assert html.count(block) == 2 and html.endswith(md.GENERATED_MARKER)
    assert html.index("Title") < html.index(block) < html.index("Topics") < html.rindex(block)


def test_a_placeholder_a_page_did_not_lift_stays_as_it_is():
    html = to_html(md.lift_html("\u2063presskb-lifted-7\u2063")[0])
    assert md.restore_html(html, ["<p>lifted</p>"]) == html


def test_html_ids_are_id_attributes_not_the_end_of_a_longer_name():
    html = 'id="first"<h2 id="a">x</h2><p data-id="b" grid="c" _id="d" éid="e">valid="f" (id="g")</p>'
    assert md.html_ids(html) == ["first", "a", "b", "g"]
