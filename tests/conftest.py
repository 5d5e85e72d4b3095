"""Shared fixtures: paths, a small model trained once per session, the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
SHARED_EVAL = ROOT.parent / "shared" / "data" / "eval"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def statement(text: str, source_type: str = "none", certainty: str = "certain", **extra) -> dict:
    record = {"text": text, "kind": "statement", "source": None, "source_type": source_type, "certainty": certainty,
              "hedge_cues": [], "attribution_cues": []}
    record.update(extra)
    return record


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory) -> Path:
    """A model trained on a slice of the training split: enough to exercise every code path."""
    from attrib.data import read_articles, write_articles
    from attrib.training import train

    out = tmp_path_factory.mktemp("model")
    articles = read_articles(DATA / "train.jsonl")[::3]
    write_articles(articles, out / "train-slice.jsonl")
    train([out / "train-slice.jsonl"], out / "model", log=lambda _: None)
    return out / "model"


@pytest.fixture(scope="session")
def shipped_model():
    import attrib

    return attrib.load(ROOT / "model")
