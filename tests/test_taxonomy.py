import pytest

from conftest import REPO
from presskb import taxonomy
from presskb.errors import TaxonomyError


def problems(data) -> list[str]:
    with pytest.raises(TaxonomyError) as caught:
        taxonomy.validate(data)
    return caught.value.problems


def test_the_project_taxonomy_is_valid_and_has_the_design_topics():
    loaded = taxonomy.load(REPO / "topics.yml")
    names = {topic.name for topic in loaded.topics}
    assert {"HELP Therapeutics", "HiCM-188", "Oncology", "Immunology", "Diabetes"} <= names
    assert loaded.get("HiCM-188").parent == "HELP Therapeutics"
    assert [t.name for t in loaded.children("HELP Therapeutics")][0] == "HiCM-188"


def test_every_problem_is_reported_with_its_key_path():
    found = problems(
        {
            "topics": [
                {"name": "A", "kind": "company", "aliases": ["x", {"txt": "y"}]},
                {"name": "B", "kind": "Not Valid", "parent": "Nobody"},
                {"kind": "product"},
                {"name": "A", "kind": "company"},
                "just a string",
            ],
            "extra": 1,
        }
    )
    assert found == [
        "extra: unknown key (the file holds only 'topics')",
        "topics[0] (A).aliases[1].txt: unknown key (did you mean 'text'?)",
        "topics[0] (A).aliases[1].text: required",
        "topics[1] (B).kind: 'Not Valid' must be lower-case words joined by '-'",
        "topics[2].name: required",
        "topics[4]: must be a mapping with name and kind",
        "topics[2] (A).name: duplicate topic name",
        "topics[1] (B).parent: unknown topic 'Nobody'",
    ]


def test_an_alias_may_name_only_one_topic():
    found = problems({"topics": [{"name": "A", "kind": "x-y", "aliases": ["Same"]},
                                 {"name": "B", "kind": "x-y", "aliases": ["same"]}]})
    assert found == ["topics[1] (B).aliases[0]: 'same' already names 'A'"]


def test_parent_cycles_are_refused():
    found = problems({"topics": [{"name": "A", "kind": "company", "parent": "B"},
                                 {"name": "B", "kind": "company", "parent": "A"}]})
    assert found == ["topics[0] (A).parent: cycle through 'A'", "topics[1] (B).parent: cycle through 'B'"]


def test_load_reports_yaml_errors_and_duplicate_keys_with_the_file(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  - name: A\n    name: B\n    kind: company\n")
    with pytest.raises(TaxonomyError, match=r"topics.yml: not valid YAML: .*duplicate key 'name'.*line 3"):
        taxonomy.load(path)
    with pytest.raises(TaxonomyError, match="topics.yml: file not found"):
        taxonomy.load(tmp_path / "missing" / "topics.yml")


def test_unsafe_yaml_tags_are_refused(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("topics: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        taxonomy.load(path)


def test_a_date_that_does_not_exist_is_a_yaml_error_of_the_file(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  - name: A\n    kind: company\n    since: 2024-13-01\n")
    with pytest.raises(TaxonomyError, match=r"^topics.yml: not valid YAML: a date or time that does not exist "):
        taxonomy.load(path)
