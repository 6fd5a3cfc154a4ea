"""Bytes to text: BOMs, UTF-8, then detection (charset-normalizer) for GB18030/GBK, Big5,
Windows-1252 and the rest; mojibake is repaired (ftfy) or reported, never silently kept."""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

import charset_normalizer

from presskb.errors import SeedError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a press release plausibly comes in; detection picks among these first.
_LIKELY = ["utf_8", "gb18030", "big5", "cp1252", "shift_jis", "euc_kr", "latin_1"]
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
# At most this share of invalid UTF-8 bytes is taken for damage, not for another encoding.
_DAMAGED_UTF8_SHARE = 0.001
# Mostly-ASCII text that fits no common encoding has stray bytes, not an exotic encoding.
_MOSTLY_ASCII_SHARE = 0.8


# Characters mojibake is made of (UTF-8 read as Windows-1252 or Latin-1): only the text around
# them is checked further (ftfy's full check is slow on long texts).
_MOJIBAKE_HINT = re.compile("[ÃÂâÅÐÑ€™œžŸ¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿\u0080-\u009f]")
_MOJIBAKE_REACH = 16  # characters either side of one: ftfy's sequences are a few characters long


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()  # what was repaired, for the cleaning report


def decode(data: bytes, name: str, declared: str | None = None) -> Decoded:
    """Decode a seed's bytes. `declared` is an encoding the file names itself (HTML meta)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(_strict(data, encoding, name), encoding)
    if b"\x00" in data:
        raise SeedError(name, "binary file (contains NUL bytes), not text")
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if declared and (text := _try(data, declared)) is not None:
        return _finish(text, declared)
    damaged = data.decode("utf-8", errors="replace")
    bad = damaged.count("\ufffd")
    if _has_utf8_sequences(data) and bad <= max(1, len(data) * _DAMAGED_UTF8_SHARE):
        note = f"{bad} invalid UTF-8 byte sequence(s) replaced with \ufffd (first at offset {first_bad})"
        return _finish(damaged, "utf-8", (note,))
    best = charset_normalizer.from_bytes(data, cp_isolation=_LIKELY).best()
    if best is not None and best.encoding is not None:
        return _finish(str(best), best.encoding)
    if sum(1 for byte in data if byte < 0x80) >= len(data) * _MOSTLY_ASCII_SHARE:
        note = f"{bad} byte sequence(s) not valid in any common encoding replaced with \ufffd"
        return _finish(damaged, "utf-8", (note,))
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise SeedError(name, f"not text in any known encoding (undecodable byte at offset {first_bad})")
    note = f"encoding guessed as {best.encoding}: no common encoding fits; check the raw seed"
    return _finish(str(best), best.encoding, (note,))


def declared_html_charset(data: bytes) -> str | None:
    match = _HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _finish(text: str, encoding: str, notes: tuple[str, ...] = ()) -> Decoded:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _looks_like_mojibake(text):
        fixed = _ftfy().fix_encoding(text)
        if fixed != text:
            notes += ("mojibake repaired (text had been decoded with the wrong encoding)",)
            text = fixed
        if _looks_like_mojibake(text):
            notes += ("text still looks like mojibake; check the raw seed",)
    return Decoded(text, encoding, notes)


def _looks_like_mojibake(text: str) -> bool:
    """ftfy's check, on the stretches of text around the characters mojibake is made of: over
    the whole of a text holding one (™, ©) it took a third of the time of reading a seed, and
    it took such a text's "†††" for mojibake."""
    for hint in _MOJIBAKE_HINT.finditer(text):
        if _ftfy().badness.is_bad(text[max(0, hint.start() - _MOJIBAKE_REACH) : hint.end() + _MOJIBAKE_REACH]):
            return True
    return False


@functools.cache
def _ftfy():
    """ftfy, imported for the first text that looks like mojibake (it takes a while to import,
    and a re-ingest with nothing changed decodes nothing)."""
    import ftfy
    import ftfy.badness

    return ftfy


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise SeedError(name, f"invalid {encoding} text (bad bytes at offset {error.start})") from None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _has_utf8_sequences(data: bytes) -> bool:
    """Valid multi-byte UTF-8 sequences are rare by chance in other encodings."""
    return bool(re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", data))
