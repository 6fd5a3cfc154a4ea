"""Material's navigation is rendered once for the pages that get the same HTML
(presskb.shared_partials): the site is byte for byte the one rendered page by page."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import make_project, site_contents
from presskb.pipeline import ingest
from presskb.shared_partials import SharedPartials
from presskb.site import build_site
from test_incremental import SEEDS

HOOKS = "hooks:\n  - scripts/presskb/mkdocs_hooks.py\n"
# Loaded by MkDocs before presskb's hooks: they then install no shared partial.
RENDER_EVERY_PAGE = "from presskb import shared_partials\nshared_partials.PARTIALS = ()\n"


def _built(root, share: bool):
    project = make_project(root, SEEDS)
    if not share:
        (root / "render_every_page.py").write_text(RENDER_EVERY_PAGE, encoding="utf-8")
        config = project.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert HOOKS in text
        config.write_text(text.replace(HOOKS, "hooks:\n  - render_every_page.py\n  - scripts/presskb/mkdocs_hooks.py\n"),
                          encoding="utf-8")
    ingest(project)
    build_site(project)
    return project


def test_the_site_is_the_one_rendered_page_by_page(tmp_path):
    shared = _built(tmp_path / "shared", share=True)
    alone = _built(tmp_path / "alone", share=False)
    assert site_contents(shared.site_dir) == site_contents(alone.site_dir)


def _page(source: str, destination: str):
    url = destination.removesuffix("index.html")
    return SimpleNamespace(url=url, file=SimpleNamespace(src_uri=source, dest_uri=destination))


def test_pages_outside_the_nav_alone_in_their_folder_share_it_with_their_neighbours():
    about = _page("about.md", "about/index.html")
    listing = _page("articles/2025/index.md", "articles/2025/index.html")
    article = _page("articles/2025/a.md", "articles/2025/a/index.html")
    with_a_figure = _page("articles/2025/b.md", "articles/2025/b/index.html")
    flat = SimpleNamespace(url="articles/2025/c.html", file=SimpleNamespace(src_uri="articles/2025/c.md",
                                                                            dest_uri="articles/2025/c.html"))
    files = [page.file for page in (about, listing, article, with_a_figure, flat)]
    files.append(SimpleNamespace(dest_uri="articles/2025/b/figure.png"))
    nav = SimpleNamespace(pages=[about])
    shared = SharedPartials(files)

    assert shared.shared_folder(article, nav) == "articles/2025"
    assert shared.shared_folder(about, nav) is None  # in the nav: its item is active
    assert shared.shared_folder(listing, nav) is None  # pages under it
    assert shared.shared_folder(with_a_figure, nav) is None  # a file under it
    assert shared.shared_folder(flat, nav) is None  # no folder of its own
    assert shared.shared_folder(article, None) is None  # no nav
