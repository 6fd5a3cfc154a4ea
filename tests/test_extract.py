import datetime as dt

import pytest

from presskb.clean import clean
from presskb.document import Document
from presskb.extract import extract, parse_date, place_name


def extracted(raw: str) -> Document:
    return extract(clean(Document(seed="seeds/x.txt", raw=raw, seed_sha256="0")))


def test_pr_newswire_dateline_gives_date_source_and_city():
    doc = extracted("Title Here\n\nWASHINGTON, Dec. 26, 2025 /PRNewswire/ — Over the decade, things changed.")
    assert (doc.date, doc.source, doc.dateline) == (dt.date(2025, 12, 26), "PR Newswire", "Washington")
    assert doc.warnings == ()


def test_regional_wire_names_map_to_the_wire():
    doc = extracted("Title Here\n\nHONG KONG, Jan. 5, 2026 /PRNewswire-Asia/ -- Text of the release.")
    assert (doc.source, doc.dateline) == ("PR Newswire", "Hong Kong")


def test_a_date_in_the_body_is_not_the_release_date():
    doc = extracted("Title Here\n\nThe product launched on December 12, 2024 in Shanghai.")
    assert doc.date is None
    assert doc.warnings == ("no date found", "no source found")


def test_impossible_dateline_date_is_a_warning_not_a_date():
    doc = extracted("Title Here\n\nPARIS, Feb. 30, 2026 /PRNewswire/ -- Text of the release.")
    assert doc.date is None
    assert doc.warnings[0].startswith("impossible dateline date")


def test_wire_footer_lines_become_metadata():
    doc = extracted(
        "Categories: Health, Biotech\n\nTitle Here\n\nBody text here.\n\n"
        "Cision View original content:https://example.com/release.html\n\nSOURCE Acme Bio"
    )
    assert doc.title == "Title Here"
    assert doc.categories == ("Health", "Biotech")
    assert doc.source_url == "https://example.com/release.html"
    assert doc.issuer == "Acme Bio"
    assert [block.text for block in doc.blocks] == ["Body text here."]


@pytest.mark.parametrize(
    "text, date",
    [("Dec. 26, 2025", dt.date(2025, 12, 26)), ("26 December 2025", dt.date(2025, 12, 26)),
     ("Sept. 3, 2024", dt.date(2024, 9, 3)), ("May 14th, 2025", dt.date(2025, 5, 14))],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_place_names_are_title_cased_but_state_codes_stay():
    assert place_name("SAN ANTONIO, TX") == "San Antonio, TX"
    assert place_name("WASHINGTON") == "Washington"


def test_language_is_recorded():
    assert extracted("Title Here\n\nThe company said that the trial of the drug is on track.").language == "en"
    assert extracted("标题\n\n艾尔普宣布其心力衰竭疗法获得快速通道资格。").language == "zh"
