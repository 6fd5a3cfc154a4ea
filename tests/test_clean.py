import pytest

from presskb.clean import clean, is_heading
from presskb.document import Document


def cleaned(raw: str, title: str | None = None) -> Document:
    return clean(Document(seed="seeds/x.txt", raw=raw, seed_sha256="0", title=title))


def body(doc: Document) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in doc.blocks]


def rules(doc: Document) -> list[str]:
    return [removal.rule for removal in doc.removed]


def test_first_headline_is_the_title_and_its_repeats_go():
    doc = cleaned("Big News Today\n\nBig News Today\n\nBig news today\n\nThe body sentence is here.")
    assert doc.title == "Big News Today"
    assert body(doc) == [("paragraph", "The body sentence is here.")]
    assert len(doc.removed) == 2


def test_a_reworded_title_right_after_the_title_is_dropped_as_a_variant():
    doc = cleaned(
        "Acme’s Leap in Innovation: Cancer and Diabetes\n\n"
        "Acme’s Innovation: Cancer and Diabetes\n\nBody text that is long enough to be prose."
    )
    assert rules(doc) == ["title variant"]
    assert body(doc) == [("paragraph", "Body text that is long enough to be prose.")]


def test_text_glued_to_itself_and_repeating_a_later_paragraph_is_a_teaser():
    teaser = "LONDON, May 1, 2026 /PRNewswire/ — Acme grew"
    doc = cleaned(f"{teaser}{teaser}\n\nAcme Grows\n\n{teaser} fast this year.")
    assert doc.title == "Acme Grows"
    assert body(doc) == [("paragraph", f"{teaser} fast this year.")]
    assert rules(doc) == ["text glued to itself", "teaser repeating a later paragraph"]


def test_price_widget_is_removed_whatever_the_coin():
    widget = "Market Opportunity\nFoocoin Logo\nFoocoin Price(FOO)\n\n$1.23\n$1.23$1.23\n+4.5%\nUSD\nFoocoin (FOO) Live Price Chart"
    doc = cleaned(f"Title Here\n\nA sentence of the release.\n\n{widget}")
    assert body(doc) == [("paragraph", "A sentence of the release.")]
    assert rules(doc) == ["price widget"]
    assert "Foocoin (FOO) Live Price Chart" in doc.removed[0].text


def test_two_prices_alone_are_not_a_widget():
    doc = cleaned("Title Here\n\nPrices:\n$5\n$10")
    assert doc.removed == ()


def test_repost_disclaimer_is_removed_but_a_release_disclaimer_stays():
    repost = ("Disclaimer: The articles reposted on this site are sourced from public platforms "
              "and are provided for informational purposes only.")
    own = "Disclaimer: This release contains forward-looking statements about our trials."
    doc = cleaned(f"Title Here\n\n{own}\n\n{repost}")
    assert body(doc) == [("paragraph", own)]
    assert rules(doc) == ["repost disclaimer"]


def test_heading_like_lines_become_headings_and_contacts_stay_lines():
    doc = cleaned(
        "Title Here\n\nFirst paragraph of the release.\n\nLooking ahead\n\nMore text follows here.\n\n"
        "About Acme\nAcme is a company that makes very many things for very many people.\n\n"
        "Media Contact:\nJane Doe\n+1 555 0100\njane@example.com"
    )
    assert body(doc) == [
        ("paragraph", "First paragraph of the release."),
        ("heading", "Looking ahead"),
        ("paragraph", "More text follows here."),
        ("heading", "About Acme"),
        ("paragraph", "Acme is a company that makes very many things for very many people."),
        ("heading", "Media Contact:"),
        ("lines", "Jane Doe\n+1 555 0100\njane@example.com"),
    ]


def test_hard_wrapped_prose_is_one_paragraph():
    doc = cleaned(
        "Title Here\n\nThis paragraph was wrapped by an e-mail client at a fixed\n"
        "width of about sixty characters, so it has short lines.\nThe end."
    )
    assert body(doc) == [
        ("paragraph", "This paragraph was wrapped by an e-mail client at a fixed width of "
         "about sixty characters, so it has short lines. The end.")
    ]


def test_every_sentence_of_the_original_seeds_survives(request):
    from conftest import REPO

    for seed in ("000_9da3fc0b1a40dcb3.txt", "003_dc2ff9305651724f.txt"):
        raw = (REPO / "seeds" / seed).read_text(encoding="utf-8")
        doc = cleaned(raw)
        text = " ".join(block.text for block in doc.blocks)
        for line in raw.split("\n"):
            line = " ".join(line.replace("\u00a0", " ").split())
            if line.endswith(".") and len(line) > 60 and "reposted" not in line:
                assert line in text


def test_invisible_and_bidi_characters_are_removed_and_reported():
    doc = cleaned("Safe\u202eTitle\u200b Here\n\nBody text.")
    assert doc.title == "SafeTitle Here"
    assert rules(doc) == ["invisible characters"]


def test_is_heading_rejects_sentences_and_contact_data():
    assert is_heading("What is driving this progress?")
    assert not is_heading("This is a sentence.")
    assert not is_heading("jane@example.com")
    assert not is_heading("+86 13261002597")


# --- Issue 13: junk and labels of pages from outside the press archive ---------------------


def cleaned_open_web(raw):
    return clean(Document(seed="seeds/x.txt", raw=raw, seed_sha256="0"))


@pytest.mark.parametrize("label", ["Pharma News", "Markets", "Health", "Home > Health > Pharma", "商業時事"])
def test_a_section_label_above_the_headline_is_not_the_title(label):
    doc = cleaned_open_web(f"{label}\n\nAcme Bio Announces Positive Results From Its Phase 2 Trial\n\nBody text here.")
    assert doc.title == "Acme Bio Announces Positive Results From Its Phase 2 Trial"
    assert ("section label", label) in [(r.rule, r.text) for r in doc.removed]


def test_a_short_title_above_the_first_paragraph_stays_the_title():
    doc = cleaned_open_web("Acme Expands\n\nBOSTON, May 5, 2025 /PRNewswire/ -- Acme expanded. It grew fast")
    assert doc.title == "Acme Expands"


def test_hashtag_lines_and_account_widgets_are_removed_and_reported():
    doc = cleaned_open_web("Title Here\n\nBody text here.\n\nUsername\nPassword\nRemember me\nForgot your password?\n\n"
                           "您的用戶名\n您的密碼\n忘記密碼了嗎?\n\nHashtag: #Acme #Bio\n\nMore text.")
    assert [block.text for block in doc.blocks] == ["Body text here.", "More text."]
    rules = [removal.rule for removal in doc.removed]
    assert rules.count("account widget") == 1 and "hashtags" in rules


def test_a_headline_about_passwords_stays():
    doc = cleaned_open_web("Password Managers Gain Ground\n\nPassword\n\nBody text here.")
    assert doc.title == "Password Managers Gain Ground"


def test_a_page_copied_without_blank_lines_gives_its_headline_and_wrapped_text():
    # shape of https://styles.finanzen.at/nachrichten/aktien/emergent-biosolutions-files-... (trimmed)
    doc = cleaned("21.03.2007 11:00:00\n|\nAcme Files IND for Its Anthrax Antibody\n"
                  "Acme Inc. (NYSE:ACM) announced today that it has\nsubmitted an application to the FDA.")
    assert doc.title == "Acme Files IND for Its Anthrax Antibody"
    assert body(doc)[-1] == ("paragraph", "Acme Inc. (NYSE:ACM) announced today that it has submitted an "
                                          "application to the FDA.")


@pytest.mark.parametrize("line", ["阅读: 8", "Views: 1,204", "閱讀量 2.3萬", "点击蓝字 关注我们", "长按二维码关注"])
def test_page_counters_and_follow_buttons_are_removed(line):
    doc = cleaned(f"Acme Doses First Patient\n\n{line}\n\nBOSTON, May 1, 2026 /PRNewswire/ -- Acme dosed a patient.")
    assert rules(doc) == ["page counter or follow button"]


def test_paragraphs_a_scraper_marked_with_spaces_are_split_at_sentence_ends_only():
    doc = cleaned("Scraped Release Title\n\nThe trial met its goal.   The company will file soon, "
                  "it said  Next to nothing splits here.  (A) list follows 2025.  \u201cQuoted\u201d ends it.")
    assert body(doc) == [("paragraph", "The trial met its goal."),
                         ("paragraph", "The company will file soon, it said Next to nothing splits here."),
                         ("paragraph", "(A) list follows 2025."), ("paragraph", "\u201cQuoted\u201d ends it.")]
