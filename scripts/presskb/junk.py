"""The junk rules of the clean stage: what a scraped page carries besides the release (price
widgets, log-in boxes, share buttons, related links, repost disclaimers, counters, teasers,
repeated blocks). Each takes the raw blocks and returns them without its junk, recording every
removal, so the report lists it: nothing removed is lost."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from presskb.document import Removal

Lines = tuple[str, ...]  # one raw block: the lines between blank lines

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
_REPOST_DISCLAIMER = re.compile(
    r"""^(?:disclaimer\s*[:：]?\s*)?.{0,40}?
        (?:(?:articles?|content|posts?)\ (?:are\ )?(?:reposted|republished|reprinted)\ (?:on|from)\ this
          |sourced\ from\ public\ platforms
          |does\ not\ constitute\ (?:financial|investment)\ advice)""",
    re.IGNORECASE | re.VERBOSE,
)


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
        key = comparable(" ".join(lines))
        if key == previous or key in seen_long:
            removed.append(Removal("repeated block", "\n".join(lines)))
            continue
        if len(key) >= 80:
            seen_long.add(key)
        kept.append(lines)
        previous = key
    return kept


JUNK_RULES: tuple[Callable[[list[Lines], list[Removal]], list[Lines]], ...] = (
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


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def comparable(text: str) -> str:
    return " ".join(words(text))
