"""Clean stage: drop scraped junk, find the headline, and give the body its structure.

Every rule that removes text records it as a `Removal`, so the report can list it: nothing
removed is lost. Rules look for the shape of junk (a price widget, a repost disclaimer, a
teaser glued to itself), not for the words of one site.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable

from presskb.document import Block, Document, Removal
from presskb.dates import DATE, header_line

Lines = tuple[str, ...]  # one raw block: the lines between blank lines

# Invisible characters that only serve to hide or reorder text: zero-width, bidi controls, BOM;
# and private-use characters, meaningless without one site's icon font.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\ue000-\uf8ff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_SENTENCE_END = (".", ",", ";", "。", "，", "；", "、")
_LOGO_LINE = re.compile(r"^\S.{0,40}\s(?:logo|logotype|標誌|标志)$", re.IGNORECASE)  # an image's alt text
_SEPARATOR_LINE = re.compile(r"^[|·•/\\\-–—_*~]{1,3}$")
_LABEL_LINE = re.compile(r"^(categories|category|tags|keywords)\s*[:：]", re.IGNORECASE)
_CONTACT_LIKE = re.compile(r"@|https?://|www\.|^\+?[\d ()./-]{7,}$", re.IGNORECASE)

# A line of a repost site's price widget: ticker names, prices, percentages, chart captions.
_WIDGET_LINE = re.compile(
    r"""^(?:
        market\ opportunity
      | .{1,40}\ logo
      | .{1,40}\ ?price\ ?\([A-Z0-9]{2,10}\)
      | .{1,40}\([A-Z0-9]{2,10}\)\ live\ price\ chart
      | (?:[$€£¥]\ ?[\d,]*\.?\d+)+
      | [+-]?\d+(?:\.\d+)?\ ?%
      | usdt? | usdc | eur | btc | eth
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_WIDGET_MIN_LINES = 3

_SHARE_BUTTON = re.compile(
    r"^(?:share(?: (?:on|via|this(?: article| story| post)?))?|tweet|facebook|twitter|x|linkedin|"
    r"email|e-mail|print|whatsapp|pinterest|reddit|telegram|copy link|weibo|wechat|微信|微博|分享)"
    r"(?:\s*[:|/·]?\s*(?:facebook|twitter|x|linkedin|email|print|whatsapp|reddit))*$",
    re.IGNORECASE,
)
_SHARE_MIN_LINES = 3
_RELATED_HEADING = re.compile(
    r"^(?:related (?:stories|articles|news|posts|content|links)|you (?:may|might) also like|"
    r"read more|more (?:news|stories) from|recommended(?: for you)?|相关(?:新闻|文章|阅读))\s*[:：]?$",
    re.IGNORECASE,
)
_RELATED_MAX_ITEMS = 12
_HASHTAGS = re.compile(r"^(?:hashtags?\s*[:：]\s*)?(?:#[^\W\d_][\w-]*[\s,]*){1,}$", re.IGNORECASE)
# A line of a log-in or account widget: "Username", "Password:", "Remember me", "Forgot your
# password?", "Sign in", "您的用戶名", "忘記密碼了嗎?". Removed in runs of two or more lines of which
# one asks for a password, so a headline about passwords stays.
_ACCOUNT_LINE = re.compile(
    r"""^(?:(?:your|您的|你的)\s*)?(?:
        user\s?name|user\s?id|e-?mail(?:\ address)?|password(?:\ hint)?|remember\ me|keep\ me\ (?:signed|logged)\ in
      | forgot(?:ten)?\ (?:your\ |my\ )?(?:password|username|user\ name)|lost\ (?:your\ )?password|reset\ (?:your\ )?password
      | sign\ ?(?:in|up|out)|log\ ?(?:in|out)|register|create\ (?:an\ )?account|my\ account|welcome(?:\ back)?|submit|or
      | send\ my\ password|please\ try\ again|\{\{\s*\w+\s*\}\}
      | 用[戶户]名|密[碼码]|忘[記记]密[碼码]了?嗎?|忘[記记]密[碼码]了?吗?|找回密[碼码]|[記记]住我|登[入录錄]|登[錄录]到您的[帳账][戶户]|[註注][冊册]|私隱政策|歡迎|欢迎|[電电]子[郵邮]件
    )[\s:：*!?？！]*(?:\{\{\s*\w+\s*\}\})?$""",
    re.IGNORECASE | re.VERBOSE,
)
_PASSWORD = re.compile(r"password|密[碼码]", re.IGNORECASE)
_PAGE_WIDGET_LINE = re.compile(
    r"^(?:(?:views?|reads?|hits|阅读(?:量|数)?|閱讀(?:量|數)?|浏览(?:量|次数)?|瀏覽(?:量|次數)?|点击(?:量|数)?)\s*[:：]?\s*[\d,.]+[kKmM万萬]?"
    r"|(?:点击|點擊|长按|長按|扫码|掃碼)[^。.!?]{0,12}(?:关注|關注)[^。.!?]{0,12})$",
    re.IGNORECASE,
)
_ISSUER_RESPONSIBLE = re.compile(
    r"^the issuer is solely responsible for the content of this (?:announcement|press release|release)\.?$",
    re.IGNORECASE,
)
_RUN_ON_PARAGRAPHS = re.compile(r"(?<=[.!?\"”’)\d])[ ]{2,}(?=[A-Z\"“‘(])")

_REPOST_DISCLAIMER = re.compile(
    r"""^(?:disclaimer\s*[:：]?\s*)?.{0,40}?
        (?:(?:articles?|content|posts?)\ (?:are\ )?(?:reposted|republished|reprinted)\ (?:on|from)\ this
          |sourced\ from\ public\ platforms
          |does\ not\ constitute\ (?:financial|investment)\ advice)""",
    re.IGNORECASE | re.VERBOSE,
)


def clean(doc: Document) -> Document:
    removed: list[Removal] = []
    text, invisible = _normalise(doc.raw)
    if invisible:
        removed.append(Removal("invisible characters", f"{invisible} zero-width or bidi control characters"))
    blocks = _split_blocks(text)
    for rule in _JUNK_RULES:
        blocks = rule(blocks, removed)
    title, blocks = _take_title(blocks, doc.title, removed)
    body = tuple(block for lines in blocks for block in _structure(lines))
    warnings = doc.warnings if title else doc.warn("no title found; the file name is shown")
    return doc.with_changes(
        title=title, blocks=body, removed=doc.removed + tuple(removed), warnings=warnings
    )


def _normalise(raw: str) -> tuple[str, int]:
    text = unicodedata.normalize("NFC", raw)
    text, invisible = _INVISIBLE.subn("", text)
    text = _CONTROL.sub(" ", text.replace("\t", " "))
    text = _RUN_ON_PARAGRAPHS.sub("\n\n", text)  # scraped bodies mark paragraphs with spaces
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines), invisible


def _split_blocks(text: str) -> list[Lines]:
    # A line that starts with a comma continues the line before: "LOS ANGELES\n, Nov. 21, 2025".
    text = re.sub(r"\n(?=[,;] ?\S)", "", text)
    return [tuple(chunk.split("\n")) for chunk in re.split(r"\n{2,}", text.strip()) if chunk]


def _drop_price_widgets(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    return _drop_line_runs(blocks, removed, _WIDGET_LINE, "price widget",
                           lambda run: len(run) >= _WIDGET_MIN_LINES)


def _drop_line_runs(blocks: list[Lines], removed: list[Removal], pattern: re.Pattern, rule: str,
                    accept: Callable[[list[str]], bool]) -> list[Lines]:
    """Remove the runs of lines matching `pattern` (across blank lines) that `accept` takes."""
    flat = [(index, line) for index, lines in enumerate(blocks) for line in lines]
    matches = [bool(pattern.match(line)) for _, line in flat]
    drop: set[int] = set()
    start = 0
    while start < len(flat):
        end = start
        while end < len(flat) and matches[end]:
            end += 1
        if end > start and accept([line for _, line in flat[start:end]]):
            drop.update(range(start, end))
            removed.append(Removal(rule, "\n".join(line for _, line in flat[start:end])))
        start = end + 1
    kept: dict[int, list[str]] = {}
    for position, (index, line) in enumerate(flat):
        if position not in drop:
            kept.setdefault(index, []).append(line)
    return [tuple(kept[index]) for index in sorted(kept)]


def _drop_line_junk(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    """Hashtag-only lines, "the issuer is solely responsible" notices, and a page's counters and
    calls to follow it ("Views: 8", "阅读: 8", "点击蓝字 关注我们")."""
    result = []
    for lines in blocks:
        kept = []
        for line in lines:
            if _HASHTAGS.match(line) and not line.startswith("# "):
                removed.append(Removal("hashtags", line))
            elif _ISSUER_RESPONSIBLE.match(line):
                removed.append(Removal("issuer responsibility notice", line))
            elif _PAGE_WIDGET_LINE.match(line):
                removed.append(Removal("page counter or follow button", line))
            else:
                kept.append(line)
        if kept:
            result.append(tuple(kept))
    return result


def _drop_account_widgets(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    """Log-in boxes copied with the page ("Username", "Password", "Remember me", ...): two or
    more such lines, one of them asking for a password (a headline about passwords stays)."""
    return _drop_line_runs(blocks, removed, _ACCOUNT_LINE, "account widget",
                           lambda run: len(run) >= 2 and any(_PASSWORD.search(line) for line in run))


def _drop_share_buttons(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    """Runs of share-button captions ("Share", "Facebook", "Tweet", ...), across blank lines."""
    return _drop_line_runs(blocks, removed, _SHARE_BUTTON, "share buttons",
                           lambda run: len(run) >= _SHARE_MIN_LINES)


def _drop_related_links(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    """A "Related Stories" heading and the short headline lines that follow it."""
    kept: list[Lines] = []
    skipping = 0
    for lines in blocks:
        if _RELATED_HEADING.match(lines[0]):
            removed.append(Removal("related links", "\n".join(lines)))
            skipping = _RELATED_MAX_ITEMS
            continue
        if skipping and all(len(line) <= 150 and not line.endswith(".") for line in lines):
            removed.append(Removal("related links", "\n".join(lines)))
            skipping -= 1
            continue
        skipping = 0
        kept.append(lines)
    return kept


def _drop_repost_disclaimers(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    kept = []
    for lines in blocks:
        if _REPOST_DISCLAIMER.match(" ".join(lines)):
            removed.append(Removal("repost disclaimer", "\n".join(lines)))
        else:
            kept.append(lines)
    return kept


def _unglue_doubled_lines(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    """A scraped teaser is often its own text twice with no space between: keep one copy."""
    result = []
    for lines in blocks:
        fixed = []
        for line in lines:
            half = len(line) // 2
            if len(line) >= 40 and len(line) % 2 == 0 and line[:half] == line[half:]:
                removed.append(Removal("text glued to itself", line[half:]))
                line = line[:half]
            fixed.append(line)
        result.append(tuple(fixed))
    return result


def _drop_teasers(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    """A one-line block that only repeats the start of a later paragraph is a teaser."""
    texts = [" ".join(lines) for lines in blocks]
    last = {text: position for position, text in enumerate(texts)}
    ordered = sorted(last)  # the texts starting with a given one follow it in this order
    kept = []
    for position, (lines, text) in enumerate(zip(blocks, texts)):
        if len(lines) == 1 and len(text) >= 30 and _repeated_later(text, position, ordered, last):
            removed.append(Removal("teaser repeating a later paragraph", text))
        else:
            kept.append(lines)
    return kept


def _repeated_later(text: str, position: int, ordered: list[str], last: dict[str, int]) -> bool:
    """Whether a block after `position` starts with `text` and goes on. Each text is visited
    once for each of its own prefixes among the blocks: linear in the size of the seed."""
    index = bisect.bisect_right(ordered, text)
    while index < len(ordered) and ordered[index].startswith(text):
        if last[ordered[index]] > position:
            return True
        index += 1
    return False


def _drop_repeated_blocks(blocks: list[Lines], removed: list[Removal]) -> list[Lines]:
    """Drop a block equal to the one before it, and any later copy of a long paragraph."""
    kept: list[Lines] = []
    seen_long: set[str] = set()
    previous = None  # the key of the last block kept
    for lines in blocks:
        key = _comparable(" ".join(lines))
        if key == previous or key in seen_long:
            removed.append(Removal("repeated block", "\n".join(lines)))
            continue
        if len(key) >= 80:
            seen_long.add(key)
        kept.append(lines)
        previous = key
    return kept


_JUNK_RULES: tuple[Callable[[list[Lines], list[Removal]], list[Lines]], ...] = (
    _drop_price_widgets,
    _drop_account_widgets,
    _drop_share_buttons,
    _drop_line_junk,
    _drop_related_links,
    _drop_repost_disclaimers,
    _unglue_doubled_lines,
    _drop_teasers,
    _drop_repeated_blocks,
)


def _take_title(
    blocks: list[Lines], known: str | None, removed: list[Removal]
) -> tuple[str | None, list[Lines]]:
    """The headline is the first headline-like block; its repeats and variants are dropped."""
    title = _INVISIBLE.sub("", known).strip() if known else None
    if title is None:
        for position, lines in enumerate(blocks[:4]):
            if all(_LOGO_LINE.match(line) for line in lines):
                removed.extend(Removal("logo caption", line) for line in lines)
                blocks = blocks[:position] + blocks[position + 1:]
                return _take_title(blocks, None, removed)
            if all(_LABEL_LINE.match(line) or header_line(line) for line in lines):
                continue  # "Categories: ...", a timestamp, "Published: ...": never the title
            if len(lines) > 1 and any(header_line(line) for line in lines) and all(
                    header_line(line) or _is_short_label(line) for line in lines):
                labels = [line for line in lines if not header_line(line)]
                removed.extend(Removal("section label", line) for line in labels)
                blocks = [*blocks[:position], tuple(l for l in lines if header_line(l)), *blocks[position + 1:]]
                continue  # a section name with the site's dates: "Health\nThu, September 9, 2010"
            following = blocks[position + 1] if position + 1 < len(blocks) else ()
            if len(lines) <= 3 and all(is_section_label(line, following) for line in lines):
                removed.extend(Removal("section label", line) for line in lines)
                blocks = blocks[:position] + blocks[position + 1 :]
                return _take_title(blocks, None, removed)
            if len(lines) == 1 and is_headline(lines[0]):
                title = lines[0]
                blocks = blocks[:position] + blocks[position + 1 :]
            elif head := _stamped_headline(lines):
                stamps, title, rest = head  # a page copied without its blank lines
                blocks = [*blocks[:position], *([stamps] if stamps else []), rest, *blocks[position + 1:]]
            break
    if title is None:
        return None, blocks
    kept = []
    title_key = _comparable(title)
    for position, lines in enumerate(blocks):
        text = " ".join(lines)
        if _comparable(text) == title_key:
            removed.append(Removal("repeated title", text))
        elif position < 3 and len(lines) == 1 and is_heading(text) and _is_variant(text, title):
            removed.append(Removal("title variant", text))
        else:
            kept.append(lines)
    return title, kept


def _is_variant(line: str, title: str) -> bool:
    words, title_words = set(_words(line)), set(_words(title))
    return len(words) >= 3 and len(words & title_words) >= 0.8 * len(words)


def _structure(lines: Lines) -> list[Block]:
    """Turn one raw block into headings, paragraphs and line groups."""
    if len(lines) == 1:
        kind = "heading" if is_heading(lines[0]) else "paragraph"
        return [Block(kind, lines[0])]
    head, rest = lines[0], lines[1:]
    runs_on = rest[0][:1].islower()  # a wrapped sentence goes on: "announced that it has\nsubmitted"
    if is_heading(head) and not runs_on and (head.endswith((":", "：")) or _is_prose(rest)):
        return [Block("heading", head), *_structure(rest)]
    if _is_prose(lines):
        return [Block("paragraph", _join_wrapped(lines))]
    return [Block("lines", "\n".join(lines))]


def _is_prose(lines: Lines) -> bool:
    """Wrapped prose has long lines or sentences running on into the next line (a lower-case
    start); contact blocks and addresses have neither."""
    runs_on = any(line[:1].islower() for line in lines[1:])
    return (max(len(line) for line in lines) >= 60 or runs_on) and not any(
        _CONTACT_LIKE.search(line) for line in lines
    )


def _join_wrapped(lines: Lines) -> str:
    cjk = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
    text = lines[0]
    for line in lines[1:]:
        glue = "" if cjk.match(line[:1]) and cjk.match(text[-1:]) else " "
        text += glue + line
    return text


_BREADCRUMB = re.compile(r"^[^\s>»›/|].{0,30}?(?:\s(?:>|»|›|/|\|)\s.{1,30}?){1,6}$")
_SECTION_LABEL_WORDS = 4


def _is_short_label(line: str) -> bool:
    return len(line.split()) <= 6 and not line.endswith(_SENTENCE_END) and not re.search(r"\d", line)


def is_section_label(line: str, following: Lines) -> bool:
    """A news site's section name or breadcrumb above the headline ("Pharma News", "Markets",
    "Home > Health"): a short line of a few words without a sentence's shape, followed by a
    headline-like line with more words."""
    if not following or len(following) != 1 or not is_headline(following[0]):
        return False
    if len(following[0]) > 200 or ". " in following[0] or DATE.search(following[0]):
        return False  # the first paragraph, not a headline: the short line is the title
    if _BREADCRUMB.match(line) and not line.endswith(_SENTENCE_END):
        return True
    words, headline_words = line.split(), following[0].split()
    cjk = bool(re.search("[\u3400-\u9fff]", line))
    short = len(line) <= 12 if cjk else len(words) <= _SECTION_LABEL_WORDS and len(line) <= 40
    return (short and _starts_like_a_title(line) and not line.endswith(_SENTENCE_END + ("!", "?", ":"))
            and not re.search(r"\d", line)
            and (len(following[0]) >= 2 * len(line) if cjk else len(headline_words) >= 2 * len(words) + 1))


def _stamped_headline(lines: Lines) -> tuple[Lines, str, Lines] | None:
    """(timestamp lines, headline, the rest) of a block that starts with a timestamp (or a
    separator like "|") line and then a headline-like line, where a page copied without blank
    lines runs into its text; None for any other block."""
    stamps = 0
    while stamps < len(lines) and (header_line(lines[stamps]) or _SEPARATOR_LINE.match(lines[stamps])):
        stamps += 1
    dated = any(header_line(line) for line in lines[:stamps])
    if not dated or stamps + 1 >= len(lines) or not is_headline(lines[stamps]):
        return None
    return tuple(line for line in lines[:stamps] if header_line(line)), lines[stamps], lines[stamps + 1:]


def is_headline(line: str) -> bool:
    """Could this line be a release's title? Longer than a section heading may be."""
    return 3 <= len(line) <= 250 and _starts_like_a_title(line) and not line.endswith(_SENTENCE_END)


def is_heading(line: str) -> bool:
    """Could this line be a section heading (short, no closing full stop, not contact data)?"""
    return (
        len(line) <= 100
        and 1 <= len(line.split()) <= 14
        and _starts_like_a_title(line)
        and not line.endswith(_SENTENCE_END)
        and not _CONTACT_LIKE.search(line)
    )


def _starts_like_a_title(line: str) -> bool:
    first = line[:1]
    return first.isupper() or first.isdigit() or ("\u3400" <= first <= "\u9fff") or first in "“\"‘'"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _comparable(text: str) -> str:
    return " ".join(_words(text))
