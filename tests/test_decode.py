import codecs

import pytest

from presskb.decode import declared_html_charset, decode
from presskb.errors import SeedError

CHINESE = "上海2026年1月12日 /美通社/ -- 艾尔普宣布其心力衰竭疗法获得快速通道资格。这是首个获得该资格的诱导多能干细胞疗法。"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16", "utf-32"])
def test_chinese_text_round_trips(encoding):
    decoded = decode(CHINESE.encode(encoding), "x")
    assert decoded.text == CHINESE and decoded.notes == ()


def test_big5_and_windows_1252_are_detected():
    big5 = "台北2026年1月13日 -- 艾爾普宣布其心臟衰竭療法獲得美國快速通道資格。這是首個獲得該資格的幹細胞療法。"
    assert decode(big5.encode("big5"), "x").text == big5
    latin = "Mu Biotech’s café study – “naïve” T-cells – cost €5 million in Zürich."
    assert decode(latin.encode("cp1252"), "x").encoding == "cp1252"
    assert decode(latin.encode("cp1252"), "x").text == latin


def test_bom_and_newlines_are_normalised():
    assert decode(codecs.BOM_UTF8 + b"a\r\nb\rc", "x").text == "a\nb\nc"


def test_mojibake_is_repaired_and_reported():
    broken = "Pi Bio’s café – approved".encode("utf-8").decode("cp1252").encode("utf-8")
    decoded = decode(broken, "x")
    assert decoded.text == "Pi Bio’s café – approved"
    assert decoded.notes == ("mojibake repaired (text had been decoded with the wrong encoding)",)


def test_mojibake_far_into_a_long_text_is_repaired_and_marks_of_a_clean_one_are_not_taken_for_it():
    prose = "Acme reported data from its trial of a new therapy in adults. " * 60
    broken = (prose + "Pi Bio’s café – approved").encode("utf-8").decode("cp1252").encode("utf-8")
    assert decode(broken, "x").text == prose + "Pi Bio’s café – approved"
    clean = f"LifeLock™ Million Dollar Protection Package ††† - {prose}© 2026 Gen™".encode()
    assert decode(clean, "x").notes == ()


def test_a_few_damaged_bytes_in_utf8_are_replaced_and_reported():
    data = ("Acme’s trial – a long enough text to be sure it is UTF-8. " * 40).encode() + b"\xff end"
    decoded = decode(data, "x")
    assert decoded.encoding == "utf-8" and decoded.text.endswith("\ufffd end")
    assert decoded.notes[0].startswith("1 invalid UTF-8 byte sequence(s) replaced")


def test_nul_bytes_mean_binary():
    with pytest.raises(SeedError, match="binary file"):
        decode(b"text\x00more", "seeds/x.txt")


def test_html_meta_charset_is_honoured():
    page = '<html><head><meta charset="gbk"></head><body>艾尔普</body></html>'.encode("gbk")
    assert declared_html_charset(page) == "gbk"
    assert "艾尔普" in decode(page, "x", "gbk").text
