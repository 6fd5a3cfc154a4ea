import datetime as dt

from presskb.dedupe import group_duplicates
from presskb.document import Block, Document

BODY = ("Sigma Cell Therapeutics today announced that its CAR-T therapy received breakthrough "
        "therapy designation in China for relapsed lymphoma after Phase I results in which most "
        "patients responded to a single infusion with manageable safety and durable remissions.")


def doc(seed, body=BODY, **metadata):
    return Document(seed=seed, raw="", seed_sha256="0", blocks=(Block("paragraph", body),),
                    title="Sigma Gets Breakthrough Designation", **metadata)


def test_exact_and_near_copies_group_under_the_copy_with_most_metadata():
    docs = [
        doc("seeds/a.txt"),
        doc("seeds/b.md", date=dt.date(2026, 9, 1), source="PR Newswire",
            source_url="https://prn.example/sigma"),
        doc("seeds/c.txt", body=BODY.replace("durable remissions", "lasting remissions"),
            source_url="https://repost.example/sigma"),
        doc("seeds/d.txt", body="A different release about a heart failure program in Nanjing " * 5),
    ]
    canonical, duplicates = group_duplicates(docs)
    assert [d.seed for d in canonical] == ["seeds/b.md", "seeds/d.txt"]
    assert canonical[0].copies == ("seeds/a.txt", "seeds/c.txt")
    assert canonical[0].also_at == ("https://repost.example/sigma",)
    assert [(d.seed, d.duplicate_of) for d in duplicates] == [
        ("seeds/a.txt", "seeds/b.md"), ("seeds/c.txt", "seeds/b.md")]


def test_ties_go_to_the_first_seed_path():
    canonical, duplicates = group_duplicates([doc("seeds/z.txt"), doc("seeds/a.txt")])
    assert [d.seed for d in canonical] == ["seeds/a.txt"]
    assert duplicates[0].duplicate_of == "seeds/a.txt"


def test_short_bodies_group_only_when_identical():
    short = [doc("seeds/a.txt", body="Acme opened a lab."), doc("seeds/b.txt", body="Acme opened a plant.")]
    canonical, duplicates = group_duplicates(short)
    assert len(canonical) == 2 and duplicates == []
