"""The search documents Pagefind indexes: what is searchable, filterable and shown."""

from __future__ import annotations

import datetime as dt
import html
import json
import os

from presskb import search, search_index
from presskb.document import Block, Document
from presskb.taxonomy import Alias, Taxonomy, Topic

TAXONOMY = Taxonomy((
    Topic("HELP Therapeutics", "company", "help-therapeutics", aliases=(Alias("艾尔普"),)),
    Topic("Heart failure", "therapeutic-area", "heart-failure", description="The heart <fails>."),
))


def article(**changes) -> Document:
    values = dict(seed="seeds/a.txt", raw="", seed_sha256="0", title="HELP <b>news</b>",
                  date=dt.date(2025, 12, 26), source="PR Newswire", topics=("HELP Therapeutics", "Heart failure"),
                  blocks=(Block("paragraph", "艾尔普的心力衰竭疗法获得快速通道资格。"), Block("paragraph", "A & B.")),
                  path="articles/2025/help-news.md")
    return Document(**{**values, **changes})


def test_a_chinese_word_inside_a_sentence_becomes_a_word_and_its_parts_follow_it():
    text = search.segmented("艾尔普的心力衰竭疗法获得快速通道资格。")
    words = text.split()
    assert {"艾尔普", "心力衰竭", "快速通道"} <= set(words)
    assert "心力衰竭 ⟦心力 衰竭⟧" in text and "⟦快速 通道⟧" in text


def test_text_without_chinese_is_left_as_it_is():
    assert search.segmented("HiCM-188: Fast Track, 2025.") == "HiCM-188: Fast Track, 2025."


def test_each_article_and_topic_gets_a_document_named_after_its_page():
    paths = [path.rsplit(".", 2) for path, _ in search.documents([article()], TAXONOMY)]
    assert [page for page, _, _ in paths] == ["search/articles/2025/help-news", "search/topics/help-therapeutics",
                                              "search/topics/heart-failure"]
    assert all(len(placed) == 8 and html == "html" for _, placed, html in paths)


def test_an_article_keeps_its_search_placement_when_its_page_moves():
    before, _ = search.documents([article()], TAXONOMY)[0]
    after, _ = search.documents([article(path="articles/2025/renamed.md", title="Renamed")], TAXONOMY)[0]
    assert before.rsplit(".", 2)[1] == after.rsplit(".", 2)[1] and before != after


def test_jieba_is_loaded_ahead_only_for_documents_with_chinese_to_segment():
    """Ingest loads jieba while phase one runs when a search document will need it."""
    assert search.article_needs_segmenter(article())
    assert search.article_needs_segmenter(article(title="艾尔普", blocks=(Block("paragraph", "English."),)))
    assert not search.article_needs_segmenter(article(blocks=(Block("paragraph", "English only."),)))
    assert search.topics_need_segmenter(TAXONOMY)
    assert not search.topics_need_segmenter(Taxonomy((TAXONOMY.topics[1],)))


def test_article_document_carries_filters_meta_and_escaped_text():
    _, document = search.documents([article()], TAXONOMY)[0]
    for filter_name, value in [("topic", "HELP Therapeutics"), ("topic", "Heart failure"), ("kind", "Companies"),
                               ("kind", "Therapeutic areas"), ("year", "2025"), ("source", "PR Newswire")]:
        assert f'data-pagefind-filter="{filter_name}[content]" content="{value}"' in document
    assert 'data-pagefind-meta="title[content]" content="HELP &lt;b&gt;news&lt;/b&gt;"' in document
    assert 'data-pagefind-sort="date[content]" content="2025-12-26"' in document
    assert "<b>" not in document and "<p>A &amp; B.</p>" in document


def test_undated_article_is_filed_under_undated_and_sorts_after_every_date():
    _, document = search.documents([article(date=None)], TAXONOMY)[0]
    assert 'data-pagefind-filter="year[content]" content="undated"' in document
    assert f'data-pagefind-sort="date[content]" content="{search.UNDATED_SORT}"' in document  # last, newest first


def test_topic_document_is_found_by_its_aliases_and_description():
    _, document = search.documents([], TAXONOMY)[0]
    assert "艾尔普" in html.unescape(document) and 'content="Topic page (Companies)"' in document
    _, area = search.documents([], TAXONOMY)[1]
    assert "The heart &lt;fails&gt;." in area


def test_shards_are_a_power_of_two_filled_to_half_the_limit_and_a_page_keeps_its_shard():
    paths = [f"articles/2025/a{i}.{search_index.placement(str(i))}.html" for i in range(390)]
    shards = search_index._shards(paths, [10] * 390, limit=1000)
    assert len(shards) == 8 and sorted(p for shard in shards.values() for p in shard) == sorted(paths)
    assert sum(10 * len(shard) for shard in shards.values()) / len(shards) <= 1000 / 2
    new = f"articles/2025/new.{search_index.placement('new')}.html"
    grown = search_index._shards(paths + [new], [10] * 391, limit=1000)
    changed = [name for name in grown if grown[name] != shards.get(name)]
    assert len(changed) == 1 and new in grown[changed[0]]  # one shard to index again
    assert search_index._shards(paths[:3], [1] * 3, limit=1000) == {"0": paths[:3]}


def _write_documents(source, articles):
    """As ingest writes them: a document whose text did not change keeps its file."""
    for path, document in search.documents(articles, TAXONOMY):
        target = source.parent / path  # path is search/...: source is a generation's search folder
        if not target.is_file() or target.read_text(encoding="utf-8") != document:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")


def test_a_large_site_is_indexed_in_shards_the_search_box_lists(tmp_path):
    source = tmp_path / "search"
    _write_documents(source, [article(path=f"articles/2025/n{i}.md") for i in range(3)])
    search_index.index(source, tmp_path / "pagefind", shard_bytes=1)  # every document is over the limit
    bundle = tmp_path / "pagefind"
    names = json.loads((bundle / "shards.json").read_text())
    assert len(names) > 1 and sorted(json.loads((bundle / search_index.DIGESTS).read_text())) == sorted(names)
    assert [sorted(p.name for p in (bundle / n).glob("pagefind*.js")) for n in names] == [
        ["pagefind-worker.js", "pagefind.js"]] * len(names)  # Pagefind's own UI is not shipped: the box is Material's
    assert not list(tmp_path.glob("pagefind/shard-*")) and sorted(p.name for p in tmp_path.iterdir()) == [
        "pagefind", "search"]


def test_only_the_shards_whose_documents_changed_are_indexed_again(tmp_path):
    source = tmp_path / "search"
    _write_documents(source, [article(path=f"articles/2025/n{i}.md") for i in range(6)])
    search_index.index(source, tmp_path / "first", shard_bytes=4000)
    first = json.loads((tmp_path / "first" / search_index.DIGESTS).read_text())
    entries = {name: (tmp_path / "first" / name / "pagefind-entry.json").stat().st_ino for name in first}
    _write_documents(source, [article(path="articles/2025/n0.md", title="Changed")])
    search_index.index(source, tmp_path / "second", shard_bytes=4000, previous=tmp_path / "first")
    second = json.loads((tmp_path / "second" / search_index.DIGESTS).read_text())
    changed = {name for name in second if second[name] != first.get(name)}
    assert len(second) > 1 and len(changed) == 1
    for name in second:  # a shard taken over is the same files (moved); the changed one is new
        kept = (tmp_path / "second" / name / "pagefind-entry.json").stat().st_ino == entries.get(name)
        assert kept == (name not in changed)


def test_the_next_indexing_takes_the_bundle_a_killed_one_moved_aside_and_clears_its_folder(tmp_path):
    source, scratch, site = tmp_path / "search", tmp_path / "state", tmp_path / "site"
    scratch.mkdir()
    _write_documents(source, [article(path=f"articles/2025/n{i}.md") for i in range(6)])
    search_index.SearchIndexer(source, scratch, site).finish(site)
    entries = {path: path.stat().st_ino for path in (site / "pagefind").rglob("pagefind-entry.json")}
    killed = scratch / "pagefind-999999999-x"  # its process is gone
    killed.mkdir()
    os.rename(site / "pagefind", killed / "previous")  # as a build killed while Pagefind ran leaves it
    (scratch / "pagefind-12345678-y").mkdir()  # another process long gone: cleared too
    (scratch / "pagefind-abc").mkdir()  # an older presskb named them without a pid
    running = scratch / f"pagefind-{os.getpid()}-z"  # an indexing under way: left alone
    running.mkdir()
    search_index.SearchIndexer(source, scratch, site).finish(site)
    assert sorted(p.name for p in scratch.iterdir()) == [running.name]
    assert {path: path.stat().st_ino for path in (site / "pagefind").rglob("pagefind-entry.json")} == entries
