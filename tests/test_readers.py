from presskb.readers import markdown_to_text, read_html, read_markdown, read_text

ARCHIVE = """# Acme Launches **New** Test

![](https://img.example/logo.png)

CITY, ST, May 5, 2025 /24-7PressRelease/ -- Acme [launched](https://acme.example) a \\*new\\* test.

## About Acme

* Founded in 2001
* Based in Ohio

---

[Original/Source Press Release](https://www.24-7pressrelease.com/press-release/1/acme)

[Newsramp.com TLDR](https://newsramp.com/x)

Pickup - [https://a.example](https://a.example/story)

Pickup - [https://b.example/news](https://b.example/news/story)

![Blockchain Registration](https://cdn.example/reg.webp)
"""


def test_press_archive_markdown():
    reading = read_markdown(ARCHIVE, "seeds/a.md")
    assert reading.title == "Acme Launches New Test"
    assert reading.found == {
        "source_url": "https://www.24-7pressrelease.com/press-release/1/acme",
        "also_at": ("https://a.example/story", "https://b.example/news/story"),
    }
    assert "Acme launched a *new* test." in reading.text
    assert "\nAbout Acme\n" in reading.text and "• Founded in 2001" in reading.text
    assert "Pickup" not in reading.text and "Registration" not in reading.text
    assert [r.rule for r in reading.removed] == ["press-archive footer", "image"]


def test_front_matter_is_declared_metadata():
    reading = read_markdown("---\ndate: 2026-01-02\nsource: X\n---\n# T\n\nBody.", "seeds/a.md")
    assert (reading.title, reading.declared) == ("T", {"date": __import__("datetime").date(2026, 1, 2), "source": "X"})


def test_a_rule_in_the_body_is_not_a_footer():
    reading = read_markdown("# T\n\nPart one.\n\n---\n\nPart two.", "seeds/a.md")
    assert "Part two." in reading.text and reading.removed == ()


def test_markdown_to_text_keeps_labels_and_drops_markers():
    assert markdown_to_text("**Bold** and _x_ [label](http://x) <https://y.example>") == \
        "Bold and _x_ label https://y.example"


def test_character_references_are_the_characters_they_name():
    # The press archive's titles keep the source page's `&amp;` (158 of 5,235): a reader saw
    # "SEO &amp; Custom Web Design" as the headline
    reading = read_markdown("# SEO &amp; Custom Web Design\n\nJohnson &amp; Johnson&#8217;s &#x201C;plan&#x201d;.", "a.md")
    assert reading.title == "SEO & Custom Web Design"
    assert reading.text.strip() == "Johnson & Johnson’s “plan”."
    assert read_text("Q&amp;A", "a.txt").text == "Q&amp;A"  # a text file is taken as written


def test_only_complete_references_are_decoded_and_escaped_ones_stay():
    assert markdown_to_text("AT&T, R&D; &copy2026, &bogus; and \\&amp; stay") == "AT&T, R&D; &copy2026, &bogus; and &amp; stay"
    assert markdown_to_text("&#42;not emphasis&#42; a&#10;b") == "*not emphasis* a b"


def test_html_main_text_without_navigation_scripts_or_related_links():
    page = """<html><head><title>T | Site</title><meta property="og:site_name" content="BioNews">
    <link rel="canonical" href="https://bionews.example/a"></head><body>
    <nav><a href="/">Home</a> <a href="/m">Markets</a></nav><div class="ticker">BTC $97,000</div>
    <article><h1>Acme Starts Trial</h1><p>BOSTON, March 3, 2026 /PRNewswire/ -- Acme started a trial
    of its heart failure therapy in forty patients at ten sites across the country.</p></article>
    <aside><h3>Related Stories</h3><a href="/x">Crypto rally</a></aside>
    <script>alert(1)</script><footer>Copyright 2026</footer></body></html>"""
    reading = read_html(page, "seeds/a.html")
    assert reading.title == "Acme Starts Trial"
    assert reading.found["source_url"] == "https://bionews.example/a"
    assert reading.found["source"] == "BioNews"
    for junk in ("Home", "Markets", "BTC", "Crypto rally", "alert", "Copyright"):
        assert junk not in reading.text
    assert "Acme started a trial" in reading.text
