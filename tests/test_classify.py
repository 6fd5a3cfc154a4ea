import dataclasses

import pytest

from conftest import REPO
from presskb import taxonomy
from presskb.classify import Classifier

CLASSIFIER = Classifier.build(taxonomy.load(REPO / "topics.yml"))


def test_aliases_match_whole_words_with_their_case_rule():
    assert CLASSIFIER.topics_in("Help Therapeutics announced") == ("HELP Therapeutics",)
    assert CLASSIFIER.topics_in("HELP’s lead program") == ("HELP Therapeutics",)
    assert CLASSIFIER.topics_in("This will help patients and helps doctors") == ()
    assert CLASSIFIER.topics_in("Cancer and tumours") == ("Oncology",)
    assert CLASSIFIER.topics_in("anticancer drugs") == ()


def test_product_codes_match_but_not_inside_longer_codes():
    assert CLASSIFIER.topics_in("HiCM-188 enters Phase II") == ("HiCM-188",)
    assert CLASSIFIER.topics_in("HiCM-1880 is another thing") == ()


def test_longest_alias_wins_and_topics_come_in_taxonomy_order():
    assert CLASSIFIER.topics_in("iPSC cell therapies for heart failure") == (
        "Heart failure", "Cell therapy", "iPSC")


def test_chinese_aliases_match_inside_running_text():
    assert CLASSIFIER.topics_in("艾尔普宣布其心力衰竭疗法获得快速通道资格") == ("HELP Therapeutics", "Heart failure")


@pytest.mark.parametrize("text", [
    "CANCER, Cancer and cancer", "İSTANBUL İPSC, ıpsc and ſtem CELL THERAPY in the \u212aidney",
    "ΣΣ İİ cancer İ cancer", "Alzheimer’s and ALZHEIMER'S", "心力衰竭 and Heart Failure"])
def test_lower_cased_scan_finds_what_the_case_insensitive_regex_finds(text):
    assert CLASSIFIER.lowered is not None  # the repository's aliases allow it
    assert CLASSIFIER.spans(text) == dataclasses.replace(CLASSIFIER, lowered=None).spans(text)


def test_aliases_with_letters_lower_casing_misses_are_scanned_case_insensitively():
    greek = taxonomy.validate({"topics": [{"name": "Sigma", "kind": "company", "aliases": ["Σίγμα"]}]})
    classifier = Classifier.build(greek)
    assert classifier.lowered is None
    assert classifier.topics_in("ΣΊΓΜΑ and σίγμα") == ("Sigma",)


def test_exact_case_alias_does_not_match_other_cases():
    assert CLASSIFIER.topics_in("AI-enabled analytics") == ("Artificial intelligence",)
    assert CLASSIFIER.topics_in("the ai of it") == ()


# --- Issue 13: Latin names in Chinese text, vocabulary of the areas, relevance ---------------

from presskb.clean import clean  # noqa: E402
from presskb.document import Block, Document  # noqa: E402
from presskb.extract import extract  # noqa: E402


def classified(raw):
    return CLASSIFIER.classify(extract(clean(Document(seed="seeds/x.txt", raw=raw, seed_sha256="0"))))


def test_a_latin_alias_matches_between_chinese_characters_but_not_inside_latin_words():
    assert CLASSIFIER.topics_in("艾尔普的HiCM-188疗法进入临床") == ("HELP Therapeutics", "HiCM-188")
    assert CLASSIFIER.topics_in("PD-1抑制剂") == ("Immunology",)
    assert CLASSIFIER.topics_in("XHiCM-188 and HiCM-188s") == ()


@pytest.mark.parametrize("text, area", [
    ("CAR-T therapy for relapsed diffuse large B-cell lymphoma", "Oncology"),
    ("patients with multiple myeloma", "Oncology"),
    ("first-line NSCLC", "Oncology"),
    ("治療膽管癌的孤兒藥", "Oncology"),
    ("晚期實體腫瘤患者", "Oncology"),
    ("a PD-L1 checkpoint inhibitor", "Immunology"),
    ("systemic lupus erythematosus", "Immunology"),
    ("moderate-to-severe atopic dermatitis", "Immunology"),
    ("类风湿关节炎", "Immunology"),
    ("adults with T2D on a GLP-1 receptor agonist", "Diabetes"),
    ("lowered HbA1c by 1.2 %", "Diabetes"),
    ("胰島素", "Diabetes"),
])
def test_areas_know_their_common_terms_in_english_and_chinese(text, area):
    assert area in CLASSIFIER.topics_in(text)


def test_an_area_named_in_the_title_or_lead_is_a_topic():
    doc = classified("Acme Starts a Lymphoma Trial\n\nBOSTON, May 5, 2025 /PRNewswire/ -- Acme dosed its first patient.")
    assert "Oncology" in doc.topics


def test_an_area_named_only_in_boilerplate_or_the_company_descriptor_is_a_passing_mention():
    doc = classified(
        "Acme Appoints Jane Doe as Chief Financial Officer\n\n"
        "BOSTON, May 5, 2025 /PRNewswire/ -- Acme, a clinical-stage company developing cancer immunotherapies, "
        "today announced the appointment of Jane Doe as CFO.\n\n"
        "Jane Doe led finance teams for twenty years.\n\n"
        "About Acme\nAcme develops treatments for lymphoma and lupus."
    )
    assert (doc.topics, doc.passing_topics) == ((), ("Oncology", "Immunology"))


def test_one_passing_sentence_is_a_passing_mention_and_two_make_a_topic():
    doc = classified(
        "Acme Closes a Financing Round\n\nBOSTON, May 5, 2025 /PRNewswire/ -- Acme raised $50 million for its "
        "autoimmune programme.\n\nIts lead antibody treats lupus.\n\nOne investor once funded cancer research."
    )
    assert (doc.topics, doc.passing_topics) == (("Immunology",), ("Oncology",))


def test_the_lead_is_the_first_prose_paragraph_not_a_line_of_the_page():
    doc = Document(seed="seeds/x.txt", raw="", seed_sha256="0", title="Acme Announces Approval",
                   blocks=(Block("paragraph", "Acme Pharmaceuticals Co., Ltd"),
                           Block("paragraph", "SHANGHAI, March 20, 2025 /PRNewswire/ -- The PD-1 inhibitor "
                                              "was approved for hepatocellular carcinoma.")))
    assert CLASSIFIER.classify(doc).topics == ("Oncology", "Immunology")
