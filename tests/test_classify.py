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


def test_exact_case_alias_does_not_match_other_cases():
    assert CLASSIFIER.topics_in("AI-enabled analytics") == ("Artificial intelligence",)
    assert CLASSIFIER.topics_in("the ai of it") == ()
