"""attrib.evaluate: scores, span matching and reports."""

from __future__ import annotations

import json

import pytest

from attrib.data import Article, Sentence
from attrib.evaluate import evaluate, normalise, score_axis, spans_overlap, write_report
from attrib.model import SentencePrediction


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        ("Lee Seong-kweun", "Lee", True),
        ("the National Intelligence Service", "National Intelligence Service's", True),
        ("Reuters", "the ministry", False),
        ("Lee", None, False),
    ],
)
def test_span_overlap(a, b, overlap):
    assert spans_overlap(a, b) is overlap


def test_normalise_drops_articles_possessives_and_punctuation():
    assert normalise("The NIS's “assessment”") == "nis assessment"


def test_score_axis_macro_f1_and_confusion():
    result = score_axis(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert result["labels"]["a"]["recall"] == 0.5
    assert result["confusion"]["matrix"] == [[1, 1], [0, 2]]
    assert result["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2, abs=1e-3)


def _pair(source_type, predicted_type, source=None, predicted_source=None):
    gold = Sentence("x", source_type=source_type, certainty="certain", source=source)
    pred = SentencePrediction("x", "statement", source=predicted_source, source_type=predicted_type, certainty="certain")
    return gold, pred


def test_evaluate_scores_attributed_sources_and_groups(tmp_path):
    pairs = [_pair("lawmaker", "lawmaker", "Lee Seong-kweun", "Lee"), _pair("none", "none"), _pair("media", "none", "Reuters")]
    articles = [Article("a", [pairs[0][0], pairs[1][0]], {"origin": "wikinews"}), Article("b", [pairs[2][0]], {"origin": "written"})]
    result = evaluate(articles, [[pairs[0][1], pairs[1][1]], [pairs[2][1]]])
    assert result["scores"]["attributed"]["recall"] == 0.5
    assert result["scores"]["source"] == {"n": 2, "exact": 0.0, "overlap": 0.5}
    assert set(result["groups"]) == {"wikinews", "written"}
    written = write_report(result, tmp_path)
    assert json.loads((tmp_path / "metrics.json").read_text())["articles"] == 2
    assert (tmp_path / "confusion_source_type.png").stat().st_size > 1000
    assert "## source_type" in (tmp_path / "report.md").read_text()
    # kind and certainty carry one label each in this data, so they are not scored or plotted
    assert sorted(p.name for p in written) == ["confusion_source_type.png", "metrics.json", "report.md"]


def test_graded_certainty_is_scored_by_rank_correlation():
    """Outside sets that grade certainty 1-6 (Pei & Jurgens) get Spearman's rho and the mean
    grade per predicted label, not an F1 against an invented mapping."""
    grades, predicted = [5.5, 5.0, 4.0, 2.0, 1.5], ["certain", "certain", "probable", "possible", "possible"]
    gold = [Sentence("x", certainty_score=g) for g in grades]
    preds = [SentencePrediction("x", "statement", source_type="none", certainty=p) for p in predicted]
    scores = evaluate([Article("a", gold)], [preds])["scores"]
    assert "certainty" not in scores  # no three-way labels in this data
    assert scores["certainty_score"]["spearman"] == pytest.approx(0.9487, abs=1e-3)
    assert scores["certainty_score"]["mean_score_by_label"] == {"possible": 1.75, "probable": 4.0, "certain": 5.25}
