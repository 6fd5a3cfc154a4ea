"""The newswires presskb knows, by the names they print in datelines and footers."""

from __future__ import annotations

import re

# Wire names as printed (letters and digits only, lower-case) -> the wire's own name.
_WIRES = (
    ("prnewswire", "PR Newswire"),
    ("美通社", "PR Newswire"),
    ("businesswire", "Business Wire"),
    ("美國商業資訊", "Business Wire"),
    ("美国商业资讯", "Business Wire"),
    ("商業資訊", "Business Wire"),
    ("商业资讯", "Business Wire"),
    ("globenewswire", "GlobeNewswire"),
    ("環球新聞社", "GlobeNewswire"),
    ("环球新闻社", "GlobeNewswire"),
    ("accesswire", "ACCESSWIRE"),
    ("newmediawire", "NewMediaWire"),
    ("247pressrelease", "24-7 Press Release"),
    ("newsworthyai", "Newsworthy.ai"),
    ("mediaoutreach", "Media OutReach Newswire"),
    ("einpresswire", "EIN Presswire"),
    ("noticiasnewswire", "Noticias Newswire"),
    ("prismmediawire", "PRISM MediaWire"),
    ("prkarma", "PR Karma"),
    ("newsdirect", "News Direct"),
    ("newsusa", "NewsUSA"),
    ("evertiseaipr", "Evertise AI PR"),
    ("marketwire", "Marketwired"),
    ("prweb", "PRWeb"),
    ("newsfile", "Newsfile"),
    ("cnw", "CNW"),
)


def wire_name(marker: str) -> str | None:
    """The wire a dateline marker names ('PRNewswire-Asia' -> 'PR Newswire'), if known."""
    key = re.sub(r"[\W_]+", "", marker.lower())
    for prefix, name in _WIRES:
        if key.startswith(prefix) or (len(prefix) > 5 and prefix in key):
            return name
    return None
