"""The project's data passes the validator, and the splits keep articles and sentences apart."""

from __future__ import annotations

import pytest

from attrib.corpus import SPLITS, assign_splits, load_splits
from attrib.data import read_articles

from conftest import DATA, SEEDS


def test_every_data_file_validates_and_splits_are_disjoint():
    splits = load_splits(DATA)
    assert set(splits) == set(SPLITS)
    assert all(splits[name] for name in SPLITS)


def test_seed_gold_validates_and_covers_both_seeds():
    articles = read_articles(SEEDS / "gold.jsonl")
    assert {a.meta["file"] for a in articles} == {p.name for p in SEEDS.glob("*.txt")}


def test_splits_are_near_70_15_15_by_statements():
    splits = load_splits(DATA)
    counts = {name: sum(s.kind == "statement" for a in arts for s in a.sentences) for name, arts in splits.items()}
    total = sum(counts.values())
    assert counts["train"] / total == pytest.approx(0.70, abs=0.05)
    assert counts["test"] / total == pytest.approx(0.15, abs=0.05)


def test_articles_sharing_a_sentence_land_in_one_split():
    from attrib.data import Article, Sentence

    shared = Sentence("The British handed Hong Kong back in 1997.", source_type="none", certainty="certain")
    articles = [Article(f"a{i}", [shared if i % 2 else Sentence(f"Fact {i}.", source_type="none", certainty="certain")]) for i in range(10)]
    assignment = assign_splits(articles)
    assert len({assignment[f"a{i}"] for i in range(1, 10, 2)}) == 1
