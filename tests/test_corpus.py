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


def test_adding_articles_keeps_filed_ones_in_their_split():
    from attrib.data import Article, Sentence

    def article(i: int) -> Article:
        return Article(f"a{i:02d}", [Sentence(f"Fact {i} number {k}.", source_type="none", certainty="certain") for k in range(1 + i % 4)])

    old = [article(i) for i in range(20)]
    filed = assign_splits(old)
    grown = assign_splits(old + [article(i) for i in range(20, 40)], fixed=filed)
    assert {k: grown[k] for k in filed} == filed
    assert {grown[f"a{i:02d}"] for i in range(20, 40)} == set(SPLITS)  # new articles are dealt to every split
    assert assign_splits(old + [article(i) for i in range(20, 40)]) != grown  # dealing afresh would have moved some


def test_a_new_article_joins_the_split_of_a_filed_article_it_shares_a_sentence_with():
    from attrib.data import Article, Sentence

    shared = Sentence("The British handed Hong Kong back in 1997.", source_type="none", certainty="certain")
    old = [Article("a0", [shared]), Article("a1", [Sentence("Other.", source_type="none", certainty="certain")])]
    for split in SPLITS:
        assert assign_splits(old + [Article("b0", [shared])], fixed={"a0": split, "a1": "train"})["b0"] == split


def test_add_files_a_batch_without_moving_the_corpus(tmp_path):
    from typer.testing import CliRunner

    from attrib.corpus import app
    from attrib.data import write_articles

    splits = load_splits(DATA)
    small = {name: sorted(arts, key=lambda a: a.id)[:6] for name, arts in splits.items()}
    for name, arts in small.items():
        write_articles(arts[:5], tmp_path / f"{name}.jsonl")
    batch = tmp_path / "batch.jsonl"
    write_articles([arts[5] for arts in small.values()], batch)
    result = CliRunner().invoke(app, ["add", str(batch), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    after = load_splits(tmp_path)
    for name, arts in small.items():
        assert {a.id for a in arts[:5]} <= {a.id for a in after[name]}
    assert sum(len(v) for v in after.values()) == 18
