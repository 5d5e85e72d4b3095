"""The trained models: one scikit-learn pipeline per axis, and what they predict.

:class:`AttribModel` holds a ``DictVectorizer`` + calibrated
``LogisticRegression`` pipeline for each axis (``kind``, ``source_type``,
``certainty``) and one that types a source or origin mention from its words.
Training and prediction both go through :func:`attrib.features.analyse`, so the
two can never see different features.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from .data import Article
from .features import Features, SentenceAnalysis, analyse, featurize, mention_features
from .labels import AXES
from .nlp import parse_sentences
from .sources import Resolved

#: Axes predicted per sentence, in the order they are trained.
SENTENCE_AXES = ("kind", "source_type", "certainty")


@dataclass
class SentencePrediction:
    """One sentence's labels, in LABELS.md field names, with cues and probabilities."""

    text: str
    kind: str
    source: str | None = None
    mention: str | None = None
    source_type: str | None = None
    origin: str | None = None
    origin_type: str | None = None
    certainty: str | None = None
    hedge_cues: list[str] = field(default_factory=list)
    attribution_cues: list[str] = field(default_factory=list)
    probability: dict[str, float] = field(default_factory=dict)
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_classifier(labels: list[str], C: float, seed: int) -> Pipeline:
    """A calibrated linear classifier over feature dicts.

    Sigmoid calibration with stratified folds (no shuffling) keeps training
    deterministic; with too few examples of a class to cross-validate, the plain
    logistic regression (whose probabilities are already fair) is used.
    """
    base = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    smallest = min(Counter(labels).values())
    folds = min(5, smallest)
    clf = CalibratedClassifierCV(base, method="sigmoid", cv=folds) if folds >= 2 else base
    return Pipeline([("features", DictVectorizer()), ("classifier", clf)])


def mention_type_features(resolved: Resolved | None, text: str | None) -> Features:
    """Features for typing a mention (an origin, or a gold source string at training time)."""
    if resolved is None and text:
        resolved = Resolved(text, text, "", [], "gold")
    feats = mention_features(resolved, "m")
    feats.pop("m:how=gold", None)
    feats.pop("m:how=self", None)
    for word in (resolved.name.lower().split() if resolved else []):
        feats[f"m:word={word.strip('.,')}"] = 1.0
    return feats


class AttribModel:
    """Per-sentence classifiers for kind, source type and certainty, plus a mention typer."""

    def __init__(self, C: float = 1.0, seed: int = 0):
        self.C = C
        self.seed = seed
        self.pipelines_: dict[str, Pipeline] = {}

    # -- training -------------------------------------------------------------
    def fit(self, articles: list[Article]) -> "AttribModel":
        """Train every axis on the articles' gold sentences."""
        X: dict[str, list[Features]] = {axis: [] for axis in (*SENTENCE_AXES, "mention_type")}
        y: dict[str, list[str]] = {axis: [] for axis in X}
        for article, items in zip(articles, analyse_articles(articles)):
            feats = featurize(items)
            for sentence, i in zip(article.sentences, range(len(items))):
                X["kind"].append(feats["kind"][i])
                y["kind"].append(sentence.kind)
                if sentence.kind != "statement":
                    continue
                for axis in ("source_type", "certainty"):
                    label = getattr(sentence, axis)
                    if label is not None:
                        X[axis].append(feats[axis][i])
                        y[axis].append(label)
                for text, label in ((sentence.source, sentence.source_type), (sentence.origin, sentence.origin_type)):
                    if text and label and label != "none":
                        X["mention_type"].append(mention_type_features(None, text))
                        y["mention_type"].append(label)
        for axis in X:
            if len(set(y[axis])) >= 2:
                self.pipelines_[axis] = make_classifier(y[axis], self.C, self.seed).fit(X[axis], y[axis])
        return self

    @property
    def axes(self) -> list[str]:
        """The sentence axes this model predicts (a model trained on a label subset has fewer)."""
        return [axis for axis in SENTENCE_AXES if axis in self.pipelines_]

    # -- prediction -----------------------------------------------------------
    def predict_analysed(self, items: list[SentenceAnalysis], label_all: bool = False) -> list[SentencePrediction]:
        """Labels for one article's analysed sentences.

        Headline and boilerplate lines get no attribution or certainty labels,
        unless ``label_all`` (evaluation scores every gold statement on every axis).
        """
        if not items:
            return []
        feats = featurize(items)
        probs = {axis: self.pipelines_[axis].predict_proba(feats[axis]) for axis in self.axes}
        classes = {axis: list(self.pipelines_[axis].classes_) for axis in self.axes}
        out = []
        for i, item in enumerate(items):
            best = {axis: classes[axis][int(np.argmax(probs[axis][i]))] for axis in self.axes}
            confidence = {axis: round(float(np.max(probs[axis][i])), 4) for axis in self.axes}
            out.append(self._sentence(item, best, confidence, label_all))
        return out

    def _sentence(self, item: SentenceAnalysis, best: dict[str, str], confidence: dict[str, float], label_all: bool) -> SentencePrediction:
        kind = best.get("kind", "statement")
        pred = SentencePrediction(text=item.span.text, kind=kind)
        if kind != "statement" and not label_all:
            pred.probability = {"kind": confidence.get("kind", 1.0)}
            return pred
        pred.probability = confidence
        pred.source_type = best.get("source_type")
        pred.certainty = best.get("certainty")
        att = item.attribution
        if pred.source_type not in (None, "none"):
            source = att.source if att.chosen is not None else att.context
            if source is None:
                source = att.context or att.source
            if source is not None:
                pred.source, pred.mention = source.name, source.mention
            pred.attribution_cues = att.attribution_cues
            if att.origin is not None:
                pred.origin = att.origin.name
                pred.origin_type = self.type_mention(att.origin)
        if pred.certainty in ("probable", "possible"):
            matching = [c.text for c in item.hedges if c.category == pred.certainty]
            pred.hedge_cues = matching or [c.text for c in item.hedges]
            if not pred.hedge_cues and att.chosen is not None and att.chosen.strength == "doubt":
                pred.hedge_cues = [att.chosen.cue_text]
        return pred

    def type_mention(self, resolved: Resolved) -> str | None:
        """The source type of a mention on its own (used for origins)."""
        pipeline = self.pipelines_.get("mention_type")
        if pipeline is None:
            return None
        return str(pipeline.predict([mention_type_features(resolved, None)])[0])

    def predict_articles(self, articles: list[Article]) -> list[list[SentencePrediction]]:
        """Predict on articles with gold sentence boundaries (for evaluation)."""
        return [self.predict_analysed(items, label_all=True) for items in analyse_articles(articles)]

    def labels(self) -> dict[str, list[str]]:
        """The label set of each axis, as trained."""
        return {axis: sorted(map(str, p.classes_)) for axis, p in self.pipelines_.items()}


def analyse_articles(articles: Iterable[Article]) -> Iterable[list[SentenceAnalysis]]:
    """Parse and analyse articles sentence by sentence, on their gold boundaries."""
    for spans in parse_sentences([s.text for s in a.sentences] for a in articles):
        yield analyse(spans)


def label_set_matches(labels: dict[str, list[str]]) -> bool:
    """Whether a model's labels are all in the current scheme (a subset is allowed)."""
    return all(set(values) <= set(AXES[axis]) for axis, values in labels.items() if axis in AXES)
