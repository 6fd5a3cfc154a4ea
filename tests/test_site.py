"""End to end: `presskb build` in a copy of the project, then checks on the built HTML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import HAND_WRITTEN, REPO, make_project, tree_hashes
from presskb import site as site_module
from presskb.pipeline import ingest

HELP_ARTICLE = "articles/2025/from-follower-to-force-chinas-biotech-sector-enters-the-global-clinical"
LEAP_ARTICLE = "articles/undated/chinas-spectacular-leap-in-therapeutic-innovation-breakthroughs-in-cancer"
SOURCE_URL = ("https://www.prnewswire.com/news-releases/from-follower-to-force-chinas-biotech-sector-"
              "enters-the-global-clinical-mainstream-302649653.html")
GOLDEN = Path(__file__).parent / "golden"
EXTRA_SEEDS = [GOLDEN / "hostile-markup/seeds/markup-in-text.txt",
               *sorted((GOLDEN / "chinese-release/seeds").iterdir()),
               GOLDEN / "html-page/seeds/repost-page.html",
               *sorted((GOLDEN / "duplicates/seeds").rglob("*.*"))]


HOSTILE_TITLE = "Acme --- !!python/object/apply:os.system ['id'] {{ x }} <b onclick=x>Evil\u202e\u200bTitle</b>"
HOSTILE_BODY = "BERLIN, May 5, 2026 /PRNewswire/ -- [x](javascript:alert(1)) and [r]\n\n[r]: javascript:alert(2)"


def presskb(project_root: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "presskb", "--project", str(project_root), *arguments],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                             "PYTHONPATH": str(REPO / "scripts")},
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("site") / "kb"
    project = make_project(root)
    for seed in EXTRA_SEEDS:
        (project.seeds_dir / seed.name).write_bytes(seed.read_bytes())
    (project.seeds_dir / "hostile-title.txt").write_text(HOSTILE_TITLE + "\n\n" + HOSTILE_BODY)
    (project.seeds_dir / "Über uns 2026 (final) #1.txt").write_text(
        "ZÜRICH, May 4, 2026 /PRNewswire/ -- A release saved under an awkward file name, about cancer.")
    before = tree_hashes(project.seeds_dir), {name: (root / name).read_bytes() for name in HAND_WRITTEN}
    completed = presskb(root, "build")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return project, completed, before


def page(built, path: str) -> BeautifulSoup:
    project = built[0]
    return BeautifulSoup((project.site_dir / path / "index.html").read_text(), "html.parser")


def content(soup: BeautifulSoup):
    return soup.select_one("article.md-content__inner")


def test_build_prints_the_summary_and_site(built):
    _, completed, _ = built
    assert completed.stdout.startswith("Seeds read:     10 (0 failed)\nArticles:       9 (1 duplicate copies grouped)\n")
    assert completed.stdout.endswith("Site built:     site/\n")


def test_help_article_page(built):
    soup = page(built, HELP_ARTICLE)
    article = content(soup)
    assert [h1.get_text(strip=True).rstrip("¶") for h1 in article.find_all("h1")] == [
        "From Follower to Force: China’s Biotech Sector Enters the Global Clinical Mainstream"]
    text = article.get_text(" ")
    assert text.count("Over the past decade, China has evolved") == 1
    headings = [h2.get_text(strip=True).rstrip("¶") for h2 in article.find_all("h2")]
    assert headings == ["HELP Therapeutics on the Global Stage", "From Participants to Leaders",
                        "About HELP Therapeutics", "Media Contact:", "Related press", "Topics"]
    for junk in ("Nowchain", "Live Price Chart", "reposted on this site", "MEXC"):
        assert junk not in soup.get_text()
    original = article.find("a", string="Original release")
    assert original["href"] == SOURCE_URL
    assert "2025-12-26 · PR Newswire · Washington" in original.parent.get_text()


def test_raw_seed_is_one_click_away_and_byte_identical(built):
    project = built[0]
    link = content(page(built, HELP_ARTICLE)).find("a", string="Raw seed")
    target = (project.site_dir / HELP_ARTICLE / link["href"]).resolve()
    assert target == (project.site_dir / "seeds/000_9da3fc0b1a40dcb3.txt").resolve()
    assert target.read_bytes() == (project.seeds_dir / "000_9da3fc0b1a40dcb3.txt").read_bytes()


def test_undated_article_shows_title_once_and_section_headings(built):
    article = content(page(built, LEAP_ARTICLE))
    title = "China’s Spectacular Leap in Therapeutic Innovation: Breakthroughs in Cancer, Immunology, and Diabetes"
    assert article.get_text(" ").count(title) == 1
    assert [h2.get_text(strip=True).rstrip("¶") for h2 in article.find_all("h2")] == [
        "A new era in cancer therapy", "Immunology breakthroughs", "Diabetes and metabolic disease",
        "What is driving this progress?", "Global implications and patient impact", "Looking ahead",
        "Related press", "Topics"]
    assert "Date unknown" in article.get_text()


def _links(soup: BeautifulSoup, base: str) -> set[str]:
    """Site paths (folder form) of every internal link on a page."""
    from posixpath import normpath, join

    return {normpath(join(base, a["href"])).rstrip("/") for a in content(soup).find_all("a", href=True)
            if not a["href"].startswith(("http", "#"))}


@pytest.mark.parametrize("topic, slug, article", [
    ("HELP Therapeutics", "help-therapeutics", HELP_ARTICLE), ("HiCM-188", "hicm-188", HELP_ARTICLE),
    ("Oncology", "oncology", LEAP_ARTICLE), ("Immunology", "immunology", LEAP_ARTICLE),
    ("Diabetes", "diabetes", LEAP_ARTICLE),
])
def test_design_topics_link_to_their_articles_and_back(built, topic, slug, article):
    topic_links = _links(page(built, f"topics/{slug}"), f"topics/{slug}")
    assert article in topic_links
    assert f"topics/{slug}" in _links(page(built, article), article)


def test_hicm_and_help_link_to_each_other(built):
    assert "topics/help-therapeutics" in _links(page(built, "topics/hicm-188"), "topics/hicm-188")
    assert "topics/hicm-188" in _links(page(built, "topics/help-therapeutics"), "topics/help-therapeutics")


def test_topic_pages_are_tagged_with_their_kind_and_the_tags_index_lists_them(built):
    kind = content(page(built, "topics/hicm-188")).find("strong", string="Kind:").find_next("a")
    assert kind.get_text(strip=True) == "product" and kind["href"] == "../../tags/#tag:products"
    tags_page = content(page(built, "tags"))
    for name in ("Companies", "HELP Therapeutics", "HiCM-188", "Oncology", "Immunology", "Diabetes"):
        assert name in tags_page.get_text(" ")
    assert "../topics/hicm-188/" in {a["href"] for a in tags_page.find_all("a", href=True)}


def test_article_lists_its_topics_linking_to_their_pages(built):
    topics = content(page(built, HELP_ARTICLE)).find(id="topics").find_next("ul")
    names = [a.get_text(strip=True) for a in topics.find_all("a")]
    assert "HiCM-188" in names and "HELP Therapeutics" in names and "Oncology" not in names


def test_home_lists_latest_articles_and_nav_has_sections(built):
    soup = BeautifulSoup((built[0].site_dir / "index.html").read_text(), "html.parser")
    assert f"{HELP_ARTICLE}/" in {a["href"] for a in content(soup).find_all("a", href=True)}
    tabs = [a.get_text(strip=True) for a in soup.select(".md-tabs__link")]
    assert tabs == ["Home", "Topics", "Articles", "Sources", "Tags", "Report", "About"]


def test_hostile_seed_text_shows_literally_and_adds_no_active_markup(built):
    project = built[0]
    hostile = next((project.site_dir / "articles/2026").glob("acme-bio-*/index.html"))
    about = (project.site_dir / "about/index.html").read_text()
    html = hostile.read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == len(BeautifulSoup(about, "html.parser").find_all("script"))
    assert soup.find("iframe") is None and soup.find("img") is None
    assert not [tag for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
    assert not soup.select('a[href^="javascript"]')
    text = content(soup).get_text()
    for literal in ('<script>alert("title")</script>', "<img src=x onerror=alert(1)>",
                    "{{ config.site_name }}", "<!-- material/tags -->", "# Not a heading", "&lt;b&gt;"):
        assert literal in text
    assert '<script>alert("title")' not in html.split("<body", 1)[0].replace("&lt;", "")


def test_seeds_and_hand_written_pages_are_untouched(built):
    project, _, (seeds_before, hand_written_before) = built
    assert tree_hashes(project.seeds_dir) == seeds_before
    for name, data in hand_written_before.items():
        assert (project.root / name).read_bytes() == data


def test_two_builds_give_identical_docs(tmp_path):
    first, second = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    ingest(first)
    ingest(second)
    assert tree_hashes(first.docs_dir) == tree_hashes(second.docs_dir)
    again = ingest(first)
    assert again.written.written == [] and tree_hashes(first.docs_dir) == tree_hashes(second.docs_dir)


def test_generated_pages_are_git_ignored(built):
    project = built[0]
    generated = [f"docs/{p.relative_to(project.docs_dir).as_posix()}" for p in project.docs_dir.rglob("*.md")
                 if f"docs/{p.relative_to(project.docs_dir).as_posix()}" not in HAND_WRITTEN]
    paths = "\0".join([*generated, "site/index.html"]) + "\0"
    ignored = subprocess.run(["git", "check-ignore", "-z", "--stdin", "--no-index"], input=paths,
                             cwd=REPO, capture_output=True, text=True).stdout.split("\0")[:-1]
    assert sorted(ignored) == sorted([*generated, "site/index.html"])


def test_site_has_a_pagefind_bundle_and_no_material_index_of_pages(built):
    site = built[0].site_dir
    assert json.loads((site / "pagefind/shards.json").read_text()) == ["0"]  # a small site is one shard
    assert (site / "pagefind/0/pagefind.js").is_file() and (site / "pagefind/0/pagefind-entry.json").is_file()
    assert not list((site / "pagefind").rglob("pagefind-ui.*"))  # the search box is Material's
    assert json.loads((site / "search/search_index.json").read_text())["docs"] == []


def test_duplicate_copy_gets_no_page_and_the_canonical_lists_it(built):
    project = built[0]
    pages = [p.parent.name for p in (project.site_dir / "articles/2026").glob("*/index.html")]
    assert pages.count("sigma-cell-therapeutics-receives-breakthrough-therapy-designation-for-sc-19") == 1
    assert not [p for p in pages if p.startswith("sigma-cell-therapeutics-receives-breakthrough-therapy-designation-for-sc-19-")]
    article = content(page(built, "articles/2026/sigma-cell-therapeutics-receives-breakthrough-therapy-designation-for-sc-19"))
    assert "https://news.example/sigma-sc19" in {a["href"] for a in article.find_all("a", href=True)}
    assert "sigma-repost.txt" in article.get_text()


def test_awkward_seed_file_names_get_working_raw_links(built):
    project = built[0]
    soup = page(built, "articles/2026/uber-uns-2026-final-1")
    link = content(soup).find("a", string="Raw seed")
    from urllib.parse import unquote
    target = (project.site_dir / "articles/2026/uber-uns-2026-final-1" / unquote(link["href"])).resolve()
    assert target.read_bytes() == (project.seeds_dir / "Über uns 2026 (final) #1.txt").read_bytes()


def test_hostile_titles_show_literally_in_title_header_and_heading(built):
    project = built[0]
    (path,) = [p for p in (project.site_dir / "articles/2026").glob("acme-python-object*/index.html")]
    soup = BeautifulSoup(path.read_text(), "html.parser")
    shown = "Acme --- !!python/object/apply:os.system ['id'] {{ x }} <b onclick=x>EvilTitle</b>"
    assert soup.title.get_text() == f"{shown} - presskb"
    assert content(soup).h1.get_text().rstrip("¶") == shown
    assert soup.select_one(".md-header__topic:last-child").get_text(strip=True) == shown
    assert soup.find("b") is None and not soup.select("[onclick]")
    assert not soup.select('a[href^="javascript"]')
    assert "javascript:alert(2)" in content(soup).get_text()


def test_first_mentions_link_to_topics_and_paragraphs_have_stable_anchors(built):
    article = content(page(built, HELP_ARTICLE))
    paragraph = next(p for p in article.find_all("p") if p.get_text().startswith("HELP’s lead program"))
    assert paragraph.get("id", "").startswith("p-")
    link = paragraph.find("a", string="HiCM-188")
    assert link and link["href"] == "../../../topics/hicm-188/"
    assert len(article.find_all("a", href="../../../topics/hicm-188/")) == 2  # first mention + Topics list


def test_related_press_lists_other_articles_sharing_topics(built):
    article = content(page(built, HELP_ARTICLE))
    heading = article.find("h2", id="related-press")
    titles = [a.get_text() for a in heading.find_next("ul").find_all("a")]
    assert 1 <= len(titles) <= 5
    # Most shared, rarest topics: the Chinese release is about HELP, CR Sanjiu, heart failure and
    # cell therapy; the HTML page names cell therapy and iPSC only in passing (issue 13), so it
    # ranks below the releases about HiCM-188's designation.
    assert titles[0] == "华润三九与艾尔普深化心衰细胞治疗合作"
    assert "HELP Therapeutics Starts Phase II Trial of HiCM-188" in titles


def test_raw_markdown_and_html_seeds_are_served_as_inert_text(built):
    project = built[0]
    assert (project.site_dir / "seeds/repost-page.html.txt").read_bytes() == \
        (project.seeds_dir / "repost-page.html").read_bytes()
    assert (project.site_dir / "seeds/sigma-breakthrough.md.txt").is_file()
    assert not (project.site_dir / "seeds/repost-page.html").exists()
    assert not (project.site_dir / "seeds/sigma-breakthrough").exists()  # not rendered as a page


def test_a_broken_link_in_a_hand_written_page_fails_the_build(tmp_path):
    """Strict validation is on: MkDocs' --quiet would hide the warning from the count --strict
    goes by, and the build would pass."""
    project = make_project(tmp_path / "kb")
    (project.docs_dir / "notes.md").write_text("# Notes\n\nSee [the plan](plan.md) and [HiCM](tags.md#tag:nope).\n")
    completed = presskb(project.root, "build")
    assert completed.returncode == 1
    output = completed.stdout + completed.stderr
    assert "Doc file 'notes.md' contains a link 'plan.md', but the target is not found" in output
    assert "contains a link 'tags.md#tag:nope', but the doc 'tags.md' does not contain an anchor" in output
    assert completed.stderr.endswith("presskb: error: mkdocs build --strict failed (its messages are above)\n")


def test_mkdocs_held_by_presskb_is_told_where_the_search_documents_are_then_let_go(monkeypatch, tmp_path):
    build = site_module.SiteBuild.__new__(site_module.SiteBuild)  # its pipe alone: no MkDocs started
    hold, build._release = os.pipe()
    monkeypatch.setenv(site_module.HOLD_VARIABLE, str(hold))
    folder = tmp_path / "g-1 ü\udcff" / "search"  # any name a file system allows
    build.index_search(folder)
    build.start()
    told = []
    assert site_module.wait_until_released(told.append) and told == [folder]


def test_mkdocs_held_by_presskb_gives_up_when_presskb_stops_before_letting_it_go(monkeypatch):
    hold, release = os.pipe()
    os.write(release, b"search /a/search\0")
    os.close(release)
    monkeypatch.setenv(site_module.HOLD_VARIABLE, str(hold))
    told = []
    assert not site_module.wait_until_released(told.append) and told == [Path("/a/search")]


def test_the_first_build_leaves_a_spare_generation_for_the_next(built):
    project = built[0]
    record = json.loads((project.state_dir / "generations" / "spare.json").read_text())
    assert record["current"] == (project.state_dir / "current").resolve().name
    assert (project.state_dir / "generations" / record["spare"]).is_dir()
