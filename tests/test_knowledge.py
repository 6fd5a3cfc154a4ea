"""The knowledge layer on the built site: mentions, timelines, company profiles, related
press, archive, sources, kind indexes, feeds; and a browser-free check of every page type."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, built_site, make_project
from presskb import indexes, taxonomy
from presskb.classify import Classifier
from presskb.document import Block, Document
from presskb.pipeline import read_corpus, render_pages
from presskb.related import related_articles
from presskb.suggest import suggest
from presskb.timeline import by_month, month_chart

HELP_ARTICLE = "articles/2025/from-follower-to-force-chinas-biotech-sector-enters-the-global-clinical"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory.mktemp("knowledge") / "kb")


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site.site_dir / path / "index.html").read_text(), "html.parser")


def heading(page, level: str, text: str):
    return next((h for h in page.find_all(level) if h.get_text().rstrip("¶").strip() == text), None)


def main(page: BeautifulSoup):
    return page.select_one("article.md-content__inner")


def test_hicm_page_shows_the_sentence_linking_to_its_paragraph(site):
    page = main(soup(site, "topics/hicm-188"))
    item = next(li for li in page.select("li li") if "HELP’s lead program" in li.get_text())
    assert item.get_text().startswith("“HELP’s lead program, HiCM-188, is the world’s first iPSC-derived regenerative therapy")
    assert item.find("mark").get_text() == "HiCM-188"
    href = item.find("a", string="in context")["href"]
    path, anchor = href.split("#")
    assert path == f"../../{HELP_ARTICLE}/"
    paragraph = main(soup(site, HELP_ARTICLE)).find(id=anchor)
    assert paragraph.name == "p" and paragraph.get_text().startswith("HELP’s lead program")


def test_oncology_page_shows_a_sentence_from_the_second_seed(site):
    page = main(soup(site, "topics/oncology"))
    marks = [m.parent.get_text() for m in page.find_all("mark")]
    assert any("Cancer research stands at the forefront of this transformation." in text for text in marks)


def test_company_page_shows_its_about_text_and_media_contact_with_their_release(site):
    page = main(soup(site, "topics/help-therapeutics"))
    about = heading(page, "h2", "About HELP Therapeutics")
    assert about.find_next("p").get_text().startswith("Help Therapeutics is a pioneering biotechnology company")
    contacts = heading(page, "h2", "Media contacts").find_next("p")
    assert "Mengying Tan" in contacts.get_text() and "406841@email4pr.com" in contacts.get_text()
    assert contacts.find("a")["href"] == f"../../{HELP_ARTICLE}/"


def test_topic_page_has_dates_timeline_chart_and_feed(site):
    page = main(soup(site, "topics/hicm-188"))
    text = " ".join(page.get_text(" ").split())
    assert "First seen: 2025-12-26" in text and "Latest: 2025-12-26" in text
    chart = page.find("svg")
    assert chart["role"] == "img" and "articles per month" in chart["aria-label"]
    assert heading(page, "h3", "2025 (1)") and heading(page, "h4", "December 2025")


def test_every_page_links_the_site_feed_and_topic_pages_their_own(site):
    def feeds(path):
        links = soup(site, path).find_all("link", type="application/atom+xml")
        assert all("alternate" in link["rel"] for link in links)
        return [link["href"] for link in links]

    assert feeds("") == ["feeds/all.xml"]
    assert feeds("topics/hicm-188") == ["../../feeds/all.xml", "../../feeds/topics/hicm-188.xml"]


def test_feeds_exist_for_the_site_and_every_topic_and_parse_as_atom(site):
    names = [t.slug for t in taxonomy.load(REPO / "topics.yml").topics]
    for path in ["feeds/all.xml", *(f"feeds/topics/{slug}.xml" for slug in names)]:
        parsed = feedparser.parse((site.site_dir / path).read_bytes())
        assert not parsed.bozo and parsed.version == "atom10", path
    site_feed = feedparser.parse((site.site_dir / "feeds/all.xml").read_bytes())
    (entry,) = site_feed.entries  # the undated article is not in the feed
    assert entry.title.startswith("From Follower to Force") and entry.updated.startswith("2025-12-26")
    assert any(link.rel == "related" and "prnewswire.com" in link.href for link in entry.links)
    assert entry.summary.startswith("WASHINGTON, Dec. 26, 2025")


@pytest.mark.parametrize("path, expect", [
    ("", ["Latest articles", "Topics"]),
    ("topics", ["Companies", "Products", "Therapeutic areas"]),
    ("topics/hicm-188", ["Timeline", "Related topics"]),
    (HELP_ARTICLE, ["Topics", "Also mentioned in passing"]),  # the repository's two seeds share no subject
    ("articles", ["2025", "undated"]),
    ("articles/2025", ["December 2025", "(1)"]),
    ("articles/2025/12", ["Articles of December 2025", "From Follower to Force"]),
    ("sources", ["Wires and publishers", "Issuers"]),
    ("sources/pr-newswire", ["1 article from this wire", "2025-12-26"]),
    ("sources/issuers-h", ["HELP Therapeutics (1)"]),
    ("tags", ["Companies", "HELP Therapeutics", "Products", "HiCM-188"]),
    ("report", ["Cleaning report", "seeds/000_9da3fc0b1a40dcb3.txt"]),
    ("about", ["About"]),
])
def test_every_page_type_renders(site, path, expect):
    page = soup(site, path)
    text = main(page).get_text(" ")
    for phrase in expect:
        assert phrase in text, (path, phrase)
    assert page.find("h1") is not None and page.title.get_text().endswith("presskb")


def test_a_long_listing_is_paged_and_no_page_grows_with_the_corpus(tmp_path):
    docs = [doc(f"s{i:03d}", dt.date(2025, 3, 1 + i % 28), ["HiCM-188"]) for i in range(250)]
    pages = dict(indexes.archive_year("2025", docs))
    assert sorted(pages) == ["articles/2025/03.md", "articles/2025/03/page/2.md", "articles/2025/03/page/3.md",
                             "articles/2025/index.md"]
    last = pages["articles/2025/03/page/3.md"]
    assert last.count("<li>2025-03") == 50 and "Page 3 of 3: [1](../../03.md) · [2](2.md) · **3**" in last


def doc(seed, date, topics, body="Text."):
    return Document(seed=seed, raw="", seed_sha256="0", title=seed, date=date, topics=tuple(topics),
                    blocks=(Block("paragraph", body),), path=f"articles/x/{seed}.md")


def test_related_press_weighs_rare_topics_then_closeness_in_time():
    day = dt.date(2025, 1, 1)
    docs = [doc(f"common{i}", day + dt.timedelta(days=i), ["Oncology"]) for i in range(20)]
    docs += [doc("a", day, ["Oncology", "HiCM-188"]), doc("b", day + dt.timedelta(days=300), ["HiCM-188"]),
             doc("c", day + dt.timedelta(days=1), ["Oncology"])]
    related = related_articles(docs)
    # b shares the rare topic; then the nearest in time (common0 the same day, c and common1 a day on)
    assert [d.seed for d in related["a"]] == ["b", "common0", "c", "common1", "common2"]
    assert all(len(items) <= 5 for items in related.values())


def test_month_grouping_and_chart_text_alternative():
    docs = [doc("x", dt.date(2025, 3, 2), []), doc("y", dt.date(2025, 3, 1), []), doc("z", dt.date(2025, 1, 5), [])]
    assert [(month, [d.seed for d in ds]) for month, ds in by_month(docs)] == [
        ("March 2025", ["x", "y"]), ("January 2025", ["z"])]
    chart = month_chart(docs, "X")
    assert chart.count("<rect") == 3 and "<desc>Jan 2025: 1; Mar 2025: 2</desc>" in chart


def test_long_topics_show_the_latest_50_and_link_per_year_pages(tmp_path):
    seeds = {f"r{n:03d}.txt": f"Oncology Update Number {n}\n\nBOSTON, March {n % 28 + 1}, {2020 + n % 3} /PRNewswire/ "
             f"-- Update {n} on cancer research, study {n}." for n in range(60)}
    project = make_project(tmp_path, seeds)
    result = read_corpus(project, taxonomy.load(project.topics_file))
    pages = dict(render_pages(result))
    topic = pages["topics/oncology.md"]
    assert topic.count("<li>20") == 50
    assert "## All articles by year" in topic
    for year in ("2020", "2021", "2022"):
        assert f"topics/oncology/{year}.md" in pages and f"[{year}](oncology/{year}.md)" in topic


def test_suggest_finds_product_codes_and_organisations():
    docs = [
        doc("a", None, [], "Kappa Therapeutics dosed AK112 and HRS-7535 in China. 恒瑞医药宣布合作。"),
        doc("b", None, [], "Kappa Therapeutics said AK112 and HRS-7535 work. 恒瑞医药今日表示。"),
        doc("c", None, [], "COVID-19 and Q3 results from HiCM-188 only once."),
    ]
    found = {(s.name, s.kind): s.articles for s in suggest(docs, Classifier.build(taxonomy.load(REPO / "topics.yml")))}
    assert found == {("AK112", "product"): 2, ("HRS-7535", "product"): 2,
                     ("Kappa Therapeutics", "company"): 2, ("恒瑞医药", "company"): 2}


def test_the_cleaning_report_is_split_so_no_page_grows_with_the_corpus(tmp_path, monkeypatch):
    from presskb import report

    monkeypatch.setattr(report, "REPORT_CHUNK", 10)
    seeds = {f"r{n:03d}.txt": f"Report Case {n}\n\nText number {n} about cancer." for n in range(60)}
    project = make_project(tmp_path / "kb", seeds)
    pages = dict(render_pages(read_corpus(project, taxonomy.load(project.topics_file))))
    chunks = {path: text for path, text in pages.items() if path.startswith("report/")}
    assert len(chunks) > 1 and all(text.count("### seeds/") <= 20 for text in chunks.values())
    assert sum(text.count("### seeds/") for text in chunks.values()) == 60
    assert all(f"]({path})" in pages["report.md"] for path in chunks)

    # One more seed changes one chunk page (or splits one in two); the others stay as they were.
    (project.seeds_dir / "r030b.txt").write_text("Report Case 30b\n\nOne more about cancer.")
    after = dict(render_pages(read_corpus(project, taxonomy.load(project.topics_file))))
    changed = {path for path in set(chunks) | {p for p in after if p.startswith("report/")}
               if chunks.get(path) != after.get(path)}
    assert 1 <= len(changed) <= 3, changed


def test_the_cleaning_report_shows_each_seeds_removed_text_warnings_and_article(site):
    whole = soup(site, "report")
    page = main(whole)
    seed = heading(page, "h3", "seeds/000_9da3fc0b1a40dcb3.txt")
    assert whole.select_one(f'nav.md-nav--secondary a[href="#{seed["id"]}"]')  # in the table of contents
    report = seed.find_next_sibling("div", class_="presskb-text")
    article = report.find("p").find("a")
    assert report.find("p").get_text().startswith("Article: ")
    target = (site.site_dir / "report" / article["href"]).resolve() / "index.html"
    assert target.is_file()
    removed = [p for p in report.find_all("p", recursive=False) if p.get_text().startswith("Removed (")]
    assert removed and all(p.find_next_sibling("blockquote").get_text().strip() for p in removed)
    assert report.find("script") is None
