"""Cross-validation over train + dev: the figure a change to source finding is accepted on.

    python bench/crossval.py             # 3 folds, about 4 minutes on 2 cores
    python bench/crossval.py --folds 5

Why: the dev split's errors are read while rules are written, so dev alone flatters every
change; the test split is only for the final figures. Folds are dealt by article (sorted ids,
every k-th article), each fold's model is trained on the others, and the predictions of all
folds are scored together, overall and per group (real Wikinews vs written text).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from attrib.data import read_articles
from attrib.evaluate import evaluate
from attrib.model import AttribModel
from attrib.training import headline_figures

ROOT = Path(__file__).resolve().parent.parent


def cross_validate(folds: int = 3, seed: int = 0) -> dict:
    """Headline figures of ``folds``-fold cross-validation over the train and dev splits."""
    articles = sorted(read_articles([ROOT / "data" / "train.jsonl", ROOT / "data" / "dev.jsonl"]), key=lambda a: a.id)
    gold, predicted = [], []
    for k in range(folds):
        train = [a for i, a in enumerate(articles) if i % folds != k]
        held_out = [a for i, a in enumerate(articles) if i % folds == k]
        model = AttribModel(seed=seed).fit(train)
        predicted += model.predict_articles(held_out)
        gold += held_out
    return headline_figures(evaluate(gold, predicted))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    figures = cross_validate(args.folds)
    for name, value in figures.items():
        if isinstance(value, dict):
            print(f"{name}: " + ", ".join(f"{axis} {v:.3f}" for axis, v in value.items()))
        elif isinstance(value, float):
            print(f"{name}: {value:.4f}")


if __name__ == "__main__":
    main()
