"""Training a model directory from LABELS.md files: a plain function the CLI wraps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .data import check_splits, read_articles
from .evaluate import evaluate, macro_f1
from .model import AttribModel
from .store import data_hash, save_model

HEADLINE_AXES = ("kind", "source_type", "certainty", "attributed")


def headline_figures(result: dict[str, Any]) -> dict[str, Any]:
    """The figures a manifest keeps: per-axis macro-F1, source/origin match, per group."""
    figures: dict[str, Any] = {axis: macro_f1(result, axis) for axis in HEADLINE_AXES if macro_f1(result, axis) is not None}
    scores = result["scores"]
    if scores.get("source", {}).get("n"):
        figures["source_overlap"] = scores["source"]["overlap"]
    if scores.get("origin", {}).get("gold"):
        figures["origin_f1"] = scores["origin"]["f1"]
    for name, group in result.get("groups", {}).items():
        figures[f"group:{name}"] = {axis: macro_f1(group, axis) for axis in HEADLINE_AXES if macro_f1(group, axis) is not None}
    figures["articles"] = result["articles"]
    return figures


def model_card(info: dict[str, Any]) -> str:
    """A short human-readable card for the model directory."""
    lines = [
        "# attrib model card", "",
        "Per-sentence classifiers (scikit-learn logistic regression over spaCy-derived features, temperature-calibrated)",
        "for `kind`, `source_type` and `certainty`, plus a mention typer for origins; source spans come from",
        "dependency-parse rules and article-level resolution (`attrib.sources`).", "",
        "## Trained on", "",
    ]
    trained = info["trained_on"]
    lines += [f"- {f}" for f in trained["files"]]
    lines += [f"- {trained['articles']} articles, {trained['statements']} statements; data SHA-256 `{trained['data_sha256'][:16]}…`", ""]
    lines += ["## Scores (gold sentence boundaries)", "", "| split | kind | source_type | certainty | attributed F1 | source overlap | origin F1 |", "|---|---|---|---|---|---|---|"]
    for split, figures in info.get("metrics", {}).items():
        cells = [figures.get(k) for k in ("kind", "source_type", "certainty", "attributed", "source_overlap", "origin_f1")]
        lines.append(f"| {split} | " + " | ".join("–" if c is None else f"{c:.4f}" for c in cells) + " |")
    lines += ["", "Macro-F1 unless noted. Use: `attrib predict FILE --model DIR`. Intended for English news; see README for limits.", ""]
    return "\n".join(lines)


def train(
    train_files: list[Path],
    out_dir: Path,
    dev_files: list[Path] | None = None,
    test_files: list[Path] | None = None,
    C: float = 1.0,
    seed: int = 0,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Validate the data, fit a model, score it on dev/test and save the directory atomically."""
    articles = read_articles(train_files)
    dev = read_articles(dev_files) if dev_files else []
    test = read_articles(test_files) if test_files else []
    check_splits({"train": articles, "dev": dev, "test": test})  # scores on training text would lie
    statements = sum(s.kind == "statement" for a in articles for s in a.sentences)
    log(f"training on {len(articles)} articles ({statements} statements) from {', '.join(map(str, train_files))}")
    model = AttribModel(C=C, seed=seed).fit(articles)
    metrics: dict[str, Any] = {}
    for name, split in (("dev", dev), ("test", test)):
        if split:
            result = evaluate(split, model.predict_articles(split))
            metrics[name] = headline_figures(result)
            log(f"{name}: " + ", ".join(f"{k} {v:.4f}" for k, v in metrics[name].items() if isinstance(v, float)))
    info = {
        "trained_on": {
            "files": [str(p) for p in train_files],
            "articles": len(articles),
            "statements": statements,
            "data_sha256": data_hash(list(train_files)),
            "dev_files": [str(p) for p in dev_files or []],
            "test_files": [str(p) for p in test_files or []],
        },
        "params": {"C": C, "seed": seed},
        "metrics": metrics,
    }
    save_model(model, out_dir, info, model_card(info))
    log(f"model written to {out_dir}")
    return info
