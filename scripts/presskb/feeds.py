"""Atom feeds: one for the whole knowledge base and one per topic, newest entries first."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from presskb.document import Document
from presskb.render import title_of

FEED_ENTRIES = 50
SUMMARY_CHARACTERS = 400
_ATOM = "http://www.w3.org/2005/Atom"


def feed_path(topic_slug: str | None = None) -> str:
    """Where a feed lives, relative to docs/."""
    return f"feeds/topics/{topic_slug}.xml" if topic_slug else "feeds/all.xml"


def article_url(site_url: str, doc: Document) -> str:
    return f"{site_url.rstrip('/')}/{doc.path[:-3]}/"


def atom(site_url: str, path: str, title: str, docs: list[Document]) -> str:
    """The feed at `path` of the newest FEED_ENTRIES dated `docs` (given newest first)."""
    base = site_url.rstrip("/")
    entries = [doc for doc in docs if doc.date][:FEED_ENTRIES]
    feed = ET.Element("feed", xmlns=_ATOM)
    ET.SubElement(feed, "id").text = f"{base}/{path}"
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "updated").text = _timestamp(entries[0].date if entries else dt.date(1970, 1, 1))
    ET.SubElement(feed, "link", rel="self", href=f"{base}/{path}")
    ET.SubElement(feed, "link", rel="alternate", href=f"{base}/")
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "presskb"
    for doc in entries:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = article_url(site_url, doc)
        ET.SubElement(entry, "title").text = title_of(doc)
        ET.SubElement(entry, "updated").text = _timestamp(doc.date)
        ET.SubElement(entry, "link", rel="alternate", href=article_url(site_url, doc))
        if doc.source_url:
            ET.SubElement(entry, "link", rel="related", href=doc.source_url, title="Original release")
        author = doc.issuer or doc.source
        if author:
            ET.SubElement(ET.SubElement(entry, "author"), "name").text = author
        ET.SubElement(entry, "summary").text = summary(doc)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def atom_page(site_url: str, path: str, title: str, docs: list[Document]) -> tuple[str, str]:
    return path, atom(site_url, path, title, docs)


def summary(doc: Document) -> str:
    text = " ".join(block.text for block in doc.blocks if block.kind == "paragraph")
    return text if len(text) <= SUMMARY_CHARACTERS else text[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0] + " …"


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"
