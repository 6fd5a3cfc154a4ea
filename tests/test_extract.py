import datetime as dt

import pytest

from presskb.clean import clean
from presskb.document import Document
from presskb.dates import parse_date
from presskb.extract import extract, place_name


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


# --- Issue 13: releases from outside the press archive ------------------------------------


@pytest.mark.parametrize("line, date", [
    ("June 2, 2025 07:30 AM Eastern Daylight Time", dt.date(2025, 6, 2)),
    ("2025年6月2日 上午 9:00 香港時間", dt.date(2025, 6, 2)),
    ("2021-03-24 07:30 ET - News Release", dt.date(2021, 3, 24)),
])
def test_a_timestamp_line_above_the_headline_is_the_date_never_the_title(line, date):
    doc = extracted(f"{line}\n\nAcme Announces Phase 1 Results\n\nBOSTON--(BUSINESS WIRE)--Acme Bio today announced results.")
    assert (doc.title, doc.date, doc.source) == ("Acme Announces Phase 1 Results", date, "Business Wire")
    assert line in [removal.text for removal in doc.removed]


def test_a_headline_starting_with_a_date_is_not_a_timestamp_line():
    assert extracted("May 7, 2025 Acme Announces Results\n\nBody text here.").title == "May 7, 2025 Acme Announces Results"


def test_a_dateline_without_punctuation_gives_date_city_and_wire():
    doc = extracted("Title Here\n\nSUZHOU China May 7 2025 PRNewswire -- Acme Biotech Co., Ltd. today announced it.")
    assert (doc.date, doc.dateline, doc.source) == (dt.date(2025, 5, 7), "Suzhou, China", "PR Newswire")


def test_a_dateline_broken_before_its_comma_is_joined():
    doc = extracted("Title Here\n\nLOS ANGELES\n, Nov. 21, 2025 /PRNewswire/ — The firm announces it.")
    assert (doc.date, doc.dateline) == (dt.date(2025, 11, 21), "Los Angeles")


def test_a_repost_header_gives_date_and_source_and_leaves_the_body():
    doc = extracted("Title Here\n\nPublished: June 3, 2025\nSource: Business Wire\n\nAcme (NASDAQ: ACME) today said so.")
    assert (doc.date, doc.source, doc.issuer) == (dt.date(2025, 6, 3), "Business Wire", "Acme")
    assert [block.text for block in doc.blocks] == ["Acme (NASDAQ: ACME) today said so."]


def test_a_labelled_header_date_wins_over_a_site_date_and_the_dateline_over_both():
    doc = extracted("Health\nThu, September 9, 2010\n\nTitle Of The Release Here\n\n"
                    "Published on 2010-09-08 12:01:34 - Market Wire\n\nText of the release.")
    assert (doc.date, doc.source) == (dt.date(2010, 9, 8), "Marketwired")
    doc = extracted("Title Here\n\nPublished: June 3, 2025\n\nPARIS, June 2, 2025 /PRNewswire/ -- Text.")
    assert doc.date == dt.date(2025, 6, 2)


@pytest.mark.parametrize("dateline, source", [
    ("香港--（美國商業資訊）--", "Business Wire"),
    ("上海2026年1月12日 /美通社/ -- ", "PR Newswire"),
    ("台北（環球新聞社）-- ", "GlobeNewswire"),
])
def test_wires_named_in_chinese_are_recognised(dateline, source):
    assert extracted(f"艾尔普获得资格认定\n\n{dateline}艾尔普今天宣布获得资格。").source == source


@pytest.mark.parametrize("lead, issuer", [
    ('X Biotech, Inc. ("X") (NASDAQ: XX), a clinical-stage company, today announced it.', "X Biotech, Inc."),
    ("HUTCHMED (China) Limited (“HUTCHMED”) (Nasdaq/AIM:HCM) today announces it.", "HUTCHMED (China) Limited"),
    ("Theratechnologies Inc. (Theratechnologies) (TSX: TH), a company, is pleased to announce it.", "Theratechnologies Inc."),
    ("Gamma closed a Series B round.", "Gamma"),
    ("the company said nothing today.", None),
])
def test_without_a_source_line_the_issuer_is_the_company_the_dateline_sentence_starts_with(lead, issuer):
    assert extracted(f"Title Here\n\nBOSTON, May 5, 2025 /PRNewswire/ -- {lead}").issuer == issuer


def test_a_source_line_naming_a_wire_gives_the_source_not_the_issuer():
    doc = extracted("Title Here\n\nBody text here.\n\nSource: PR Newswire")
    assert (doc.source, doc.issuer) == ("PR Newswire", None)


@pytest.mark.parametrize("header, field, value", [
    ("发布于: 2025-04-07 14:39", "date", dt.date(2025, 4, 7)),
    ("（来源：抗衰老产业联盟）", "issuer", "抗衰老产业联盟"),
    ("(Source: Business Wire)", "source", "Business Wire"),
])
def test_chinese_and_bracketed_repost_headers_give_date_and_source(header, field, value):
    doc = extracted(f"细胞治疗的突破元年\n\n{header}\n\n自 21 世纪干细胞技术崭露头角以来，人类便怀揣着梦想。")
    assert getattr(doc, field) == value


def test_a_wire_page_with_logo_subtitle_and_timestamp_gives_title_dateline_and_source():
    # shape of GlobeNewswire's pages, as reposted at
    # https://www.biohealthinnovation.org/biohealth-news/biohealth-regional-news?limit=15&start=105
    doc = extracted("altimmune logo\n\nAltimmune Completes Dosing in Phase 2 MOMENTUM Trial\n\n"
                    "Twenty-four week interim analysis on approximately 160 subjects planned for Q1 2023\n\n"
                    "September 28, 2022 07:30 ET | Source: Altimmune, Inc\n\n"
                    "GAITHERSBURG, Md., Sept. 28, 2022 (GLOBE NEWSWIRE) -- Altimmune, Inc. (Nasdaq: ALT), a "
                    "clinical-stage biopharmaceutical company, today announced the completion of first dosing.")
    assert (doc.title, doc.date, doc.source, doc.dateline) == (
        "Altimmune Completes Dosing in Phase 2 MOMENTUM Trial", dt.date(2022, 9, 28), "GlobeNewswire",
        "Gaithersburg, Md.")
    assert "logo caption" in [removal.rule for removal in doc.removed]


@pytest.mark.parametrize("provided", ["News provided by\n\nJiangsu Hengrui Pharmaceuticals Co., Ltd.",
                                      "Distributed by: Jiangsu Hengrui Pharmaceuticals Co., Ltd."])
def test_a_wire_pages_news_provided_by_names_the_issuer_and_leaves_the_body(provided):
    doc = extracted(f"Hengrui Announces Approval of Camrelizumab\n\n{provided}\n\nMar 20, 2025, 21:05 ET\n\n"
                    "SHANGHAI, March 20, 2025 /PRNewswire/ -- The PD-1 inhibitor camrelizumab was approved for "
                    "hepatocellular carcinoma.")
    assert doc.issuer == "Jiangsu Hengrui Pharmaceuticals Co., Ltd"
    assert [block.text[:8] for block in doc.blocks] == ["SHANGHAI"]
