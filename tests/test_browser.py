"""The built site in a real browser (Playwright driving Debian's headless Chromium), as a
reader uses it, served on 127.0.0.1. No request may leave 127.0.0.1.

They skip only where Chromium is absent and CI is not set: `apt-get install chromium` (and
`npm ci` for axe-core) to run them. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO, built_site
from presskb import search_index

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules/axe-core/axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
HELP_ARTICLE_TITLE = "From Follower to Force: China’s Biotech Sector Enters the Global Clinical Mainstream"
UNDATED_ARTICLE_TITLE = ("China’s Spectacular Leap in Therapeutic Innovation: Breakthroughs in Cancer, "
                         "Immunology, and Diabetes")
SOURCE_URL = ("https://www.prnewswire.com/news-releases/from-follower-to-force-chinas-biotech-sector-"
              "enters-the-global-clinical-mainstream-302649653.html")
SEARCH_TIMEOUT_MS = 15_000
SHARD_BYTES = 6_000  # a search index in several shards, as a large site's is


def _require(path: Path, how: str):
    if path.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing, and CI must run the browser tests: {how}")
    pytest.skip(f"{path} is missing: {how} to run the browser tests")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require(CHROMIUM, "apt-get install chromium")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(search_index.SHARD_BYTES_VARIABLE, str(SHARD_BYTES))
        project = built_site(tmp_path_factory.mktemp("browser") / "kb", REPO / "tests/golden/chinese-release/seeds")
    assert len(json.loads((project.site_dir / "pagefind/shards.json").read_text())) > 2
    handler = functools.partial(_QuietHandler, directory=str(project.site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield project, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


class Visit:
    """A page that records console errors and every request that would leave 127.0.0.1."""

    def __init__(self, browser, base: str, **context):
        self.base = base
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            self.outside.append(url)
            return route.abort()
        return route.continue_()

    def go(self, path: str):
        self.page.goto(self.base + path, wait_until="networkidle")
        return self.page

    def shot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self):
        assert self.errors == [], "console errors"
        assert self.outside == [], "requests left 127.0.0.1"
        self.context.close()


@pytest.fixture
def visit(browser, server):
    opened = []

    def open_visit(**context) -> Visit:
        opened.append(Visit(browser, server[1], **context))
        return opened[-1]

    yield open_visit
    for each in opened:
        each.close()


def test_home_to_topic_to_article_to_source_and_raw_seed(visit, server):
    project, _ = server
    v = visit()
    page = v.go("/")
    v.shot("home")
    page.get_by_role("link", name="HiCM-188", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith("HiCM-188")
    v.shot("topic-hicm-188")
    page.get_by_role("link", name=HELP_ARTICLE_TITLE, exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text().strip("¶ \n") == HELP_ARTICLE_TITLE
    v.shot("article")
    assert page.get_by_role("link", name="Original release").get_attribute("href") == SOURCE_URL
    raw = page.get_by_role("link", name="Raw seed")
    response = page.request.get(page.url.rsplit("/", 2)[0] + "/" + raw.get_attribute("href"))
    assert response.ok
    assert response.body() == (project.seeds_dir / "000_9da3fc0b1a40dcb3.txt").read_bytes()


@pytest.mark.parametrize("query, expected", [
    ("HiCM-188", HELP_ARTICLE_TITLE),
    ("cardiomyocyte", HELP_ARTICLE_TITLE),  # a word only in the body
    ("心力衰竭", "艾尔普HiCM-188获美国FDA快速通道资格"),  # a Chinese word inside running text
    ("衰竭", "艾尔普HiCM-188获美国FDA快速通道资格"),  # a word inside a longer Chinese word
    ("快速通道", "艾尔普HiCM-188获美国FDA快速通道资格"),
])
def test_search_box_finds_articles(visit, query, expected):
    v = visit()
    page = v.go("/")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)  # Material searches on key events, as a reader types
    results = page.locator(".md-search-result__item")
    results.filter(has_text=expected).first.wait_for(timeout=SEARCH_TIMEOUT_MS)
    v.shot(f"search-{len(query)}")
    # Excerpts read as the article does: no segmentation spaces or brackets between Chinese words.
    excerpts = results.locator("article > p:last-child").all_inner_texts()
    assert not [text for text in excerpts if "⟦" in text or "⟧" in text or re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text)]


def test_search_filters_narrow_results_and_list_a_topic_newest_first(visit):
    v = visit()
    page = v.go("/")
    page.keyboard.press("/")  # the usual shortcut opens the search box
    page.locator("input.md-search__input").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    topic = page.locator("select[data-filter=topic]")
    topic.locator("option", has_text="HiCM-188").wait_for(state="attached", timeout=SEARCH_TIMEOUT_MS)
    topic.select_option("HiCM-188")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=SEARCH_TIMEOUT_MS)
    titles = results.locator("h1").all_inner_texts()
    assert HELP_ARTICLE_TITLE in titles and "Oncology" not in titles
    dates = [d.split(" · ")[0] for d in results.locator(".presskb-search-facts").all_inner_texts() if d[:1].isdigit()]
    assert dates == sorted(dates, reverse=True)
    other_year = [y for y in page.locator("select[data-filter=year] option").evaluate_all(
        "options => options.map(o => o.value)") if y not in ("", "2025")][0]
    page.locator("select[data-filter=year]").select_option(other_year)
    page.wait_for_function("title => ![...document.querySelectorAll('.md-search-result__item h1')]"
                           ".some(h => h.textContent === title)", arg=HELP_ARTICLE_TITLE, timeout=SEARCH_TIMEOUT_MS)
    v.shot("search-filters")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_a_filter_alone_lists_undated_articles_too_after_the_dated_ones(visit):
    page = visit().go("/")
    page.keyboard.press("/")
    kind = page.locator("select[data-filter=kind]")
    kind.locator("option", has_text="Therapeutic areas").wait_for(state="attached", timeout=SEARCH_TIMEOUT_MS)
    kind.select_option("Therapeutic areas")
    results = page.locator(".md-search-result__item")
    results.filter(has_text=UNDATED_ARTICLE_TITLE).wait_for(timeout=SEARCH_TIMEOUT_MS)
    dated = [facts[:1].isdigit() for facts in results.locator(".presskb-search-facts").all_inner_texts()]
    assert dated == sorted(dated, reverse=True) and dated[0] and not dated[-1]


def test_tags_index_lists_every_topic_and_its_links_work(visit):
    from presskb import taxonomy

    v = visit()
    page = v.go("/tags/")
    v.shot("tags")
    text = page.locator("article").inner_text()
    used = {"HELP Therapeutics", "HiCM-188", "Oncology", "Immunology", "Diabetes"}
    names = {topic.name for topic in taxonomy.load(REPO / "topics.yml").topics}
    assert used <= names and all(name in text for name in used)
    links = page.locator("article a[href]")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    for href in sorted(h for h in hrefs if not h.startswith(("http", "#"))):
        assert page.request.get(page.url + href.split("#")[0]).ok, href


def test_mobile_layout_has_no_horizontal_scrolling(visit, server):
    v = visit(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = v.go("/articles/2025/from-follower-to-force-chinas-biotech-sector-enters-the-global-clinical/")
    v.shot("article-mobile")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("path", [
    "/", "/topics/hicm-188/",
    "/articles/2025/from-follower-to-force-chinas-biotech-sector-enters-the-global-clinical/", "/tags/",
])
def test_no_serious_accessibility_violations(visit, path):
    _require(AXE, "npm ci")
    v = visit()
    page = v.go(path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run()).violations.map(v => ({id: v.id, "
                               "impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
