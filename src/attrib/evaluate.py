"""Evaluation: scores on gold sentence boundaries, as a plain dict, and a report.

:func:`evaluate` returns a JSON-ready dict (as ``spacy evaluate`` does);
:func:`write_report` turns it into ``metrics.json``, ``report.md`` and one
confusion-matrix PNG per axis. Only the axes a file annotates are scored:
outside sets leave labels ``null``, and PolNeAR-style files give only
``attributed``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from .data import Article, Sentence
from .labels import CERTAINTY_RANK
from .model import SentencePrediction
from .sources import normalise, spans_overlap


def gold_attributed(sentence: Sentence) -> bool | None:
    if sentence.attributed is not None:
        return sentence.attributed
    if sentence.source_type is None:
        return None
    return sentence.source_type != "none"


def score_axis(gold: list[str], predicted: list[str], confidence: list[float] | None = None) -> dict[str, Any]:
    """Per-label precision/recall/F1, macro-F1, accuracy, confusion matrix and calibration error."""
    labels = sorted(set(gold) | set(predicted))
    p, r, f, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    result: dict[str, Any] = {
        "n": len(gold),
        "accuracy": round(float(np.mean(np.array(gold) == np.array(predicted))), 4) if gold else 0.0,
        "macro_f1": round(float(np.mean(f)), 4) if labels else 0.0,
        "labels": {
            label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4), "support": int(support[i])}
            for i, label in enumerate(labels)
        },
        "confusion": {"labels": labels, "matrix": confusion_matrix(gold, predicted, labels=labels).tolist()},
    }
    if confidence is not None and gold:
        result["ece"] = round(expected_calibration_error(gold, predicted, confidence), 4)
    return result


def expected_calibration_error(gold: list[str], predicted: list[str], confidence: list[float], bins: int = 10) -> float:
    """How far the top label's probability is from its accuracy, averaged over 10 bins."""
    correct = np.array(gold) == np.array(predicted)
    conf = np.array(confidence)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        mask = (conf > low) & (conf <= high)
        if mask.any():
            total += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return float(total)


def score_binary(gold: list[bool], predicted: list[bool]) -> dict[str, Any]:
    """Attributed vs unattributed: F1 of the attributed class."""
    p, r, f, _ = precision_recall_fscore_support(gold, predicted, labels=[True], zero_division=0)
    return {"n": len(gold), "precision": round(float(p[0]), 4), "recall": round(float(r[0]), 4), "f1": round(float(f[0]), 4),
            "gold_attributed": int(sum(gold)), "predicted_attributed": int(sum(predicted))}


def score_graded_certainty(scores: list[float], predicted: list[str]) -> dict[str, Any]:
    """How the predicted certainty labels order sentences that outside sets grade (1-6):
    Spearman's rank correlation, and the mean graded score of each predicted label. No
    mapping of the grades onto our three labels is invented, so there is no F1 here."""
    from scipy.stats import spearmanr

    ranks = [CERTAINTY_RANK[label] for label in predicted]
    rho = spearmanr(ranks, scores).statistic if len(set(ranks)) > 1 and len(set(scores)) > 1 else float("nan")
    by_label = {label: round(float(np.mean([s for s, p in zip(scores, predicted) if p == label])), 3)
                for label in CERTAINTY_RANK if label in predicted}
    counts = {label: predicted.count(label) for label in by_label}
    return {"n": len(scores), "spearman": None if np.isnan(rho) else round(float(rho), 4),
            "mean_score_by_label": by_label, "count_by_label": counts}


def score_spans(pairs: list[tuple[Sentence, SentencePrediction]]) -> dict[str, Any]:
    """Source match on gold-attributed statements, and origin precision/recall/F1."""
    with_source = [(g, p) for g, p in pairs if gold_attributed(g) and g.source]
    exact = sum(normalise(g.source) in (normalise(p.source), normalise(p.mention)) for g, p in with_source)
    overlap = sum(spans_overlap(g.source, p.source) or spans_overlap(g.source, p.mention) for g, p in with_source)
    gold_origins = [(g, p) for g, p in pairs if g.origin]
    predicted_origins = [(g, p) for g, p in pairs if p.origin]
    hits = sum(1 for g, p in pairs if g.origin and p.origin and spans_overlap(g.origin, p.origin))
    precision = hits / len(predicted_origins) if predicted_origins else 0.0
    recall = hits / len(gold_origins) if gold_origins else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(with_source)
    return {
        "source": {"n": n, "exact": round(exact / n, 4) if n else None, "overlap": round(overlap / n, 4) if n else None},
        "origin": {"gold": len(gold_origins), "predicted": len(predicted_origins), "precision": round(precision, 4),
                   "recall": round(recall, 4), "f1": round(f1, 4)},
    }


def _collect(pairs: list[tuple[Sentence, SentencePrediction]]) -> dict[str, Any]:
    gold: dict[str, list] = defaultdict(list)
    pred: dict[str, list] = defaultdict(list)
    conf: dict[str, list] = defaultdict(list)
    for g, p in pairs:
        gold["kind"].append(g.kind)
        pred["kind"].append(p.kind)
        conf["kind"].append(p.probability.get("kind", 1.0))
        if g.kind != "statement":
            continue
        for axis in ("source_type", "certainty"):
            if getattr(g, axis) is not None and getattr(p, axis) is not None:
                gold[axis].append(getattr(g, axis))
                pred[axis].append(getattr(p, axis))
                conf[axis].append(p.probability.get(axis, 1.0))
        if g.certainty_score is not None and p.certainty is not None:
            gold["certainty_score"].append(g.certainty_score)
            pred["certainty_score"].append(p.certainty)
        attributed = gold_attributed(g)
        if attributed is not None and p.source_type is not None:
            gold["attributed"].append(attributed)
            pred["attributed"].append(p.source_type != "none")
    untyped = any(g.kind == "statement" and g.attributed and g.source_type is None for g, _ in pairs)
    if untyped:  # attribution annotated without source types (PolNeAR): only "attributed" is scored
        gold.pop("source_type", None)
    scores: dict[str, Any] = {}
    for axis in ("kind", "source_type", "certainty"):
        if len(set(gold.get(axis, []))) > 1:  # a file with one label on an axis does not annotate it
            scores[axis] = score_axis(gold[axis], pred[axis], conf[axis])
    if gold["attributed"]:
        scores["attributed"] = score_binary(gold["attributed"], pred["attributed"])
    if gold["certainty_score"]:
        scores["certainty_score"] = score_graded_certainty(gold["certainty_score"], pred["certainty_score"])
    if any(g.source for g, _ in pairs):
        scores.update(score_spans([(g, p) for g, p in pairs if g.kind == "statement"]))
    return scores


def evaluate(articles: list[Article], predictions: list[list[SentencePrediction]], group_by: str | None = "origin") -> dict[str, Any]:
    """Score predictions against gold articles; also per ``meta[group_by]`` group when there are several."""
    pairs = [(g, p) for article, preds in zip(articles, predictions) for g, p in zip(article.sentences, preds)]
    result: dict[str, Any] = {"articles": len(articles), "sentences": len(pairs), "scores": _collect(pairs)}
    if group_by:
        groups: dict[str, list] = defaultdict(list)
        for article, preds in zip(articles, predictions):
            groups[str(article.meta.get(group_by, "unknown"))].extend(zip(article.sentences, preds))
        if len(groups) > 1:
            result["groups"] = {name: {"sentences": len(p), "scores": _collect(p)} for name, p in sorted(groups.items())}
    return result


def macro_f1(result: dict[str, Any], axis: str) -> float | None:
    """The headline figure of an axis: macro-F1, or F1 for ``attributed``."""
    score = result["scores"].get(axis)
    if score is None:
        return None
    return score["f1"] if axis == "attributed" else score["macro_f1"]


# -- reports ------------------------------------------------------------------

def summary_lines(result: dict[str, Any]) -> list[str]:
    """A short plain-text summary: one line per axis."""
    lines = []
    for axis, score in result["scores"].items():
        if axis in ("source", "origin"):
            continue
        if axis == "attributed":
            lines.append(f"{axis:12} F1 {score['f1']:.3f}  (P {score['precision']:.3f} R {score['recall']:.3f}, n={score['n']})")
        elif axis == "certainty_score":
            rho = "n/a" if score["spearman"] is None else f"{score['spearman']:.3f}"
            means = ", ".join(f"{label} {mean:.2f} (n={score['count_by_label'][label]})" for label, mean in score["mean_score_by_label"].items())
            lines.append(f"{'certainty':12} Spearman {rho} with the graded score (n={score['n']}); mean grade when predicted {means}")
        else:
            lines.append(f"{axis:12} macro-F1 {score['macro_f1']:.4f}  accuracy {score['accuracy']:.3f}  (n={score['n']})")
    if "source" in result["scores"] and result["scores"]["source"]["n"]:
        s = result["scores"]["source"]
        lines.append(f"{'source':12} overlap {s['overlap']:.3f}  exact {s['exact']:.3f}  (n={s['n']} attributed statements)")
    if "origin" in result["scores"] and result["scores"]["origin"]["gold"]:
        o = result["scores"]["origin"]
        lines.append(f"{'origin':12} F1 {o['f1']:.3f}  (P {o['precision']:.3f} R {o['recall']:.3f}, gold={o['gold']})")
    return lines


def _label_table(score: dict[str, Any]) -> list[str]:
    rows = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for label, s in score["labels"].items():
        rows.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
    return rows


def _confusion_table(score: dict[str, Any]) -> list[str]:
    labels = score["confusion"]["labels"]
    rows = ["| gold \\ predicted | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for label, row in zip(labels, score["confusion"]["matrix"]):
        rows.append(f"| **{label}** | " + " | ".join(str(v) for v in row) + " |")
    return rows


def render_markdown(result: dict[str, Any], title: str, images: bool = True) -> str:
    """The report as Markdown: summary, per-label tables, confusion matrices, groups."""
    out = [f"# {title}", "", f"{result['articles']} articles, {result['sentences']} sentences (gold boundaries).", "", "```"]
    out += summary_lines(result) + ["```", ""]
    for axis, score in result["scores"].items():
        if "labels" not in score:
            continue
        out += [f"## {axis}", "", f"macro-F1 **{score['macro_f1']:.4f}**, accuracy {score['accuracy']:.3f}"
                + (f", expected calibration error {score['ece']:.3f}" if "ece" in score else ""), ""]
        image = [f"![{axis} confusion matrix](confusion_{axis}.png)", ""] if images else []
        out += _label_table(score) + [""] + image + _confusion_table(score) + [""]
    if "groups" in result:
        out += ["## By group", "", "| group | sentences | source_type macro-F1 | certainty macro-F1 | attributed F1 |", "|---|---|---|---|---|"]
        for name, group in result["groups"].items():
            cells = [macro_f1(group, axis) for axis in ("source_type", "certainty", "attributed")]
            out.append(f"| {name} | {group['sentences']} | " + " | ".join("–" if c is None else f"{c:.3f}" for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def plot_confusion(score: dict[str, Any], axis: str, path: Path) -> None:
    """A confusion-matrix PNG (row-normalised colours, raw counts written in)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = score["confusion"]["labels"]
    matrix = np.array(score["confusion"]["matrix"])
    norm = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    size = 1.2 + 0.55 * len(labels)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for (i, j), value in np.ndenumerate(matrix):
        ax.text(j, i, str(value), ha="center", va="center", color="white" if norm[i, j] > 0.5 else "black", fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"{axis}: macro-F1 {score['macro_f1']:.3f}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(result: dict[str, Any], directory: Path, title: str = "attrib evaluation") -> list[Path]:
    """Write metrics.json, report.md and confusion PNGs; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [directory / "metrics.json", directory / "report.md"]
    written[0].write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    written[1].write_text(render_markdown(result, title) + "\n", encoding="utf-8")
    for axis, score in result["scores"].items():
        if "confusion" in score:
            path = directory / f"confusion_{axis}.png"
            plot_confusion(score, axis, path)
            written.append(path)
    return written


# -- comparison (attrib evaluate-compare) ----------------------------------------------

def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def _links(groups: list[tuple[list[int], list[int]]]) -> set[tuple[int, int]]:
    return {(i, j) for a, b in groups for i in a for j in b}


def score_comparison(pair: Any, comparison: Any) -> dict[str, Any]:
    """Counts for one gold pair: alignment links (A sentence, B sentence) and changes.

    A predicted change is right when the gold group its claim overlaps most carries a
    change of the same type and detail (``certainty/softer``, ``attribution/lost``, ...);
    each gold change is matched at most once.
    """
    gold_links = _links([(a, b) for a, b, _ in pair.groups])
    predicted_links = _links([(c.a, c.b) for c in comparison.aligned])
    counts: dict[str, Any] = {"links": (len(gold_links & predicted_links), len(predicted_links - gold_links), len(gold_links - predicted_links))}
    left = [list(changes) for _, _, changes in pair.groups]  # gold changes not yet matched, per group
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for claim in comparison.aligned:
        links = _links([(claim.a, claim.b)])
        overlaps = [len(links & _links([(a, b)])) for a, b, _ in pair.groups]
        best = int(np.argmax(overlaps)) if overlaps and max(overlaps) > 0 else None
        for change in claim.changes:
            key = (change.type, change.detail)
            if best is not None and key in left[best]:
                left[best].remove(key)
                by_type[change.type][0] += 1
            else:
                by_type[change.type][1] += 1
    for remaining in left:
        for change_type, _ in remaining:
            by_type[change_type][2] += 1
    counts["changes"] = dict(by_type)
    return counts


def evaluate_comparisons(pairs: list[Any], comparisons: list[Any]) -> dict[str, Any]:
    """Alignment F1 over sentence links and change-detection F1 (overall and per type)."""
    links = [0, 0, 0]
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_pair = []
    for pair, comparison in zip(pairs, comparisons):
        counts = score_comparison(pair, comparison)
        links = [x + y for x, y in zip(links, counts["links"])]
        for change_type, values in counts["changes"].items():
            by_type[change_type] = [x + y for x, y in zip(by_type[change_type], values)]
        change_counts = [sum(v[k] for v in counts["changes"].values()) for k in range(3)]
        per_pair.append({"id": pair.id, "alignment_f1": _prf(*counts["links"])["f1"], "change_f1": _prf(*change_counts)["f1"]})
    total = [sum(v[k] for v in by_type.values()) for k in range(3)]
    return {
        "pairs": len(pairs),
        "alignment": _prf(*links),
        "changes": {**_prf(*total), "by_type": {t: _prf(*v) for t, v in sorted(by_type.items())}},
        "per_pair": per_pair,
    }


def render_comparison_scores(result: dict[str, Any], title: str) -> str:
    """The comparison scores as Markdown."""
    lines = [f"# {title}", "", f"{result['pairs']} pairs", "", "| measure | precision | recall | F1 |", "|---|---|---|---|"]
    rows = [("alignment (sentence links)", result["alignment"]), ("changes (all)", result["changes"])]
    rows += [(f"changes: {t}", s) for t, s in result["changes"]["by_type"].items()]
    lines += [f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |" for name, s in rows]
    lines += ["", "| pair | alignment F1 | change F1 |", "|---|---|---|"]
    lines += [f"| {p['id']} | {p['alignment_f1']:.3f} | {p['change_f1']:.3f} |" for p in result["per_pair"]]
    return "\n".join(lines)
