"""The trained models: one linear classifier per axis, and what they predict.

:class:`AttribModel` trains a ``DictVectorizer`` + calibrated
``LogisticRegression`` pipeline for each axis (``kind``, ``source_type``,
``certainty``) and one that types a source or origin mention from its words,
and keeps each as a :class:`~attrib.linear.LinearClassifier` (its arrays).
Training and prediction both go through :func:`attrib.features.analyse`, so the
two can never see different features.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from spacy.tokens import Span

from .data import Article
from .features import Features, SentenceAnalysis, analyse, candidate_features, featurize, mention_features
from .labels import AXES
from .linear import LinearClassifier
from .nlp import parse_sentences
from .sources import Candidate, Resolved, Resolver, attribute, prefer_distancing, rule_choice, spans_overlap

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


def make_classifier(labels: list[str], C: float, seed: int, calibrate: bool = True) -> Any:
    """A calibrated linear classifier over feature dicts.

    Temperature scaling (one parameter fitted on out-of-fold predictions,
    stratified folds without shuffling, so training stays deterministic)
    calibrates the probabilities without changing which label wins. With too
    few examples of a class to cross-validate, the plain logistic regression is
    used. (scikit-learn is imported here: only training needs it.)
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    base = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    smallest = min(Counter(labels).values())
    folds = min(5, smallest)
    clf = CalibratedClassifierCV(base, method="temperature", cv=folds, ensemble=False) if calibrate and folds >= 2 else base
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


class CandidateRanker:
    """The learned choice of a sentence's source among its candidates (a ``Chooser``).

    With two or more candidates that name someone, the one the ranker scores most
    likely to be the gold source wins; otherwise the rule decides, as there is
    nothing to rank.
    """

    def __init__(self, classifier: LinearClassifier):
        self.classifier = classifier
        self.yes = list(classifier.classes_).index("yes")

    def __call__(self, sent: Span, candidates: list[Candidate]) -> Candidate | None:
        named = [c for c in candidates if c.mention is not None]
        if len(named) < 2:
            return rule_choice(sent, candidates)
        feats = [candidate_features(sent, c, rank, len(candidates)) for rank, c in enumerate(candidates) if c.mention is not None]
        scores = self.classifier.predict_proba(feats)[:, self.yes]
        return prefer_distancing(candidates, named[int(np.argmax(scores))])


def ranker_examples(articles: list[Article], parsed: list[list[Span]]) -> tuple[list[Features], list[str]]:
    """Training data for the ranker: every naming candidate of a gold-attributed statement
    with two or more of them, labelled by whether it names the gold source."""
    X: list[Features] = []
    y: list[str] = []
    for article, spans in zip(articles, parsed):
        resolver = Resolver(spans)
        for index, (sentence, attribution) in enumerate(zip(article.sentences, attribute(spans))):
            if sentence.kind != "statement" or not sentence.source:
                continue
            candidates = attribution.candidates
            named = [(rank, c) for rank, c in enumerate(candidates) if c.mention is not None]
            if len(named) < 2:
                continue
            labels = []
            for _, c in named:
                resolved = resolver.resolve(c.mention, index, [])
                labels.append(spans_overlap(sentence.source, c.mention.text) or spans_overlap(sentence.source, resolved.name))
            if not any(labels) or all(labels):
                continue  # nothing to learn from this sentence
            for (rank, c), label in zip(named, labels):
                X.append(candidate_features(spans[index], c, rank, len(candidates)))
                y.append("yes" if label else "no")
    return X, y


class AttribModel:
    """Per-sentence classifiers for kind, source type and certainty, plus a mention typer."""

    def __init__(self, C: float = 1.0, seed: int = 0, calibrate: bool = True):
        if not C > 0:
            raise ValueError(f"C must be positive, got {C}")
        self.C = C
        self.seed = seed
        self.calibrate = calibrate
        self.classifiers_: dict[str, LinearClassifier] = {}

    # -- training -------------------------------------------------------------
    def fit(self, articles: list[Article]) -> AttribModel:
        """Train the candidate ranker, then every axis on the articles' gold sentences
        (analysed with the trained ranker, as they will be at prediction time)."""
        parsed = list(parse_sentences([s.text for s in a.sentences] for a in articles))
        X_rank, y_rank = ranker_examples(articles, parsed)
        if len(set(y_rank)) == 2:
            self.classifiers_["candidate"] = LinearClassifier.from_pipeline(
                make_classifier(y_rank, self.C, self.seed, calibrate=False).fit(X_rank, y_rank))
        X: dict[str, list[Features]] = {axis: [] for axis in (*SENTENCE_AXES, "attributed", "mention_type")}
        y: dict[str, list[str]] = {axis: [] for axis in X}
        for article, spans in zip(articles, parsed):
            items = analyse(spans, choose=self.choose)
            feats = featurize(items)
            for sentence, i in zip(article.sentences, range(len(items))):
                X["kind"].append(feats["kind"][i])
                y["kind"].append(sentence.kind)
                if sentence.kind != "statement":
                    continue
                if sentence.certainty is not None:
                    X["certainty"].append(feats["certainty"][i])
                    y["certainty"].append(sentence.certainty)
                if sentence.source_type is not None:
                    X["attributed"].append(feats["source_type"][i])
                    y["attributed"].append("yes" if sentence.source_type != "none" else "no")
                    if sentence.source_type != "none":
                        X["source_type"].append(feats["source_type"][i])
                        y["source_type"].append(sentence.source_type)
                for text, label in ((sentence.source, sentence.source_type), (sentence.origin, sentence.origin_type)):
                    if text and label and label != "none":
                        X["mention_type"].append(mention_type_features(None, text))
                        y["mention_type"].append(label)
        learnable = [axis for axis in X if len(set(y[axis])) >= 2]
        if not any(axis in learnable for axis in ("attributed", "certainty")):
            raise ValueError("the data has a single label on every axis (source_type and certainty): nothing to learn")
        for axis in learnable:
            pipeline = make_classifier(y[axis], self.C, self.seed, self.calibrate).fit(X[axis], y[axis])
            self.classifiers_[axis] = LinearClassifier.from_pipeline(pipeline)
        return self

    @property
    def choose(self) -> CandidateRanker | None:
        """The trained choice among candidate sources (``None``: the rule decides)."""
        classifier = self.classifiers_.get("candidate")
        return CandidateRanker(classifier) if classifier is not None else None

    @property
    def axes(self) -> list[str]:
        """The sentence axes this model predicts (a model trained on a label subset has fewer)."""
        return [axis for axis in SENTENCE_AXES if axis in self.classifiers_]

    # -- prediction -----------------------------------------------------------
    def predict_analysed(self, items: list[SentenceAnalysis], label_all: bool = False) -> list[SentencePrediction]:
        """Labels for one article's analysed sentences.

        Headline and boilerplate lines get no attribution or certainty labels,
        unless ``label_all`` (evaluation scores every gold statement on every axis).
        """
        if not items:
            return []
        feats = featurize(items)
        distributions = {axis: self._distribution(axis, feats) for axis in self.axes}
        if "source_type" in distributions:
            distributions["source_type"] = self._agree_per_source(items, distributions["source_type"])
        if "kind" in distributions:
            distributions["kind"] = _layout_constraints(items, distributions["kind"])
        out = []
        for i, item in enumerate(items):
            best, confidence = {}, {}
            for axis, (labels, probs) in distributions.items():
                k = _decide(axis, probs[i])
                best[axis], confidence[axis] = labels[k], round(float(probs[i][k]), 4)
            out.append(self._sentence(item, best, confidence, label_all))
        return out

    def _distribution(self, axis: str, feats: dict[str, list[Features]]) -> tuple[list[str], np.ndarray]:
        """Class labels and probabilities of one axis for every sentence.

        ``source_type`` is two-stage: P(attributed) from the ``attributed``
        classifier times P(type | attributed) from a classifier trained on
        attributed statements only, so the type model spends all its capacity
        on telling source types apart.
        """
        if axis != "source_type":
            classifier = self.classifiers_[axis]
            return [str(c) for c in classifier.classes_], classifier.predict_proba(feats[axis])
        attributed = self.classifiers_["attributed"]
        p_yes = attributed.predict_proba(feats[axis])[:, list(attributed.classes_).index("yes")]
        types = self.classifiers_.get("source_type")
        if types is None:
            return ["none", "anonymous"], np.column_stack([1 - p_yes, p_yes])
        p_types = types.predict_proba(feats[axis])
        labels = ["none"] + [str(c) for c in types.classes_]
        return labels, np.column_stack([1 - p_yes, p_yes[:, None] * p_types])

    @staticmethod
    def _agree_per_source(items: list[SentenceAnalysis], dist: tuple[list[str], np.ndarray]) -> tuple[list[str], np.ndarray]:
        """Give every attributed mention of one resolved source the type its mentions agree on.

        "Lee Seong-kweun" introduced as a lawmaker stays a lawmaker when later
        quoted as "he": type probabilities (given attribution) are pooled over the
        article's sentences attributed to the same resolved name.
        """
        labels, probs = dist
        probs = probs.copy()
        groups: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            source = item.attribution.source or item.attribution.context
            if source is not None and probs[i][0] < 0.5 and source.how != "distancing":
                groups.setdefault(source.name.lower(), []).append(i)
        for members in groups.values():
            if len(members) < 2:
                continue
            conditional = probs[members, 1:] / np.maximum(probs[members, 1:].sum(axis=1, keepdims=True), 1e-9)
            pooled = np.exp(np.log(np.maximum(conditional, 1e-9)).mean(axis=0))
            pooled /= pooled.sum()
            for i in members:
                probs[i, 1:] = (1 - probs[i][0]) * pooled
        return labels, probs

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
            if source is None:
                # LABELS.md: a statement is attributed only to a source one can name
                pred.source_type = "none"
                pred.probability["source_type"] = round(1 - confidence.get("source_type", 0.0), 4)
                return self._hedges(item, pred, att)
            pred.source, pred.mention = source.name, source.mention
            pred.attribution_cues = att.attribution_cues
            if att.origin is not None:
                pred.origin = att.origin.name
                pred.origin_type = self.type_mention(att.origin)
        return self._hedges(item, pred, att)

    @staticmethod
    def _hedges(item: SentenceAnalysis, pred: SentencePrediction, att) -> SentencePrediction:
        """The hedge cues behind a probable/possible label (a doubt verb if no hedge word)."""
        if pred.certainty in ("probable", "possible"):
            matching = [c.text for c in item.hedges if c.category == pred.certainty]
            pred.hedge_cues = matching or [c.text for c in item.hedges]
            if not pred.hedge_cues and att.chosen is not None and att.chosen.strength == "doubt":
                pred.hedge_cues = [att.chosen.cue_text]
        return pred

    def type_mention(self, resolved: Resolved) -> str | None:
        """The source type of a mention on its own (used for origins)."""
        classifier = self.classifiers_.get("mention_type")
        if classifier is None:
            return None
        return str(classifier.predict([mention_type_features(resolved, None)])[0])

    def predict_articles(self, articles: list[Article]) -> list[list[SentencePrediction]]:
        """Predict on articles with gold sentence boundaries (for evaluation)."""
        return [self.predict_analysed(items, label_all=True) for items in analyse_articles(articles, self.choose)]

    def labels(self) -> dict[str, list[str]]:
        """The label set of each axis, as trained."""
        return {axis: sorted(map(str, p.classes_)) for axis, p in self.classifiers_.items() if axis != "candidate"}


def _layout_constraints(items: list[SentenceAnalysis], dist: tuple[list[str], np.ndarray]) -> tuple[list[str], np.ndarray]:
    """A headline stands on a line of its own and has a body after it: where the layout
    says otherwise (a one-sentence text, a first sentence sharing its paragraph), the
    headline probability goes to the other kinds."""
    labels, probs = dist
    if "headline" not in labels:
        return dist
    h = labels.index("headline")
    probs = probs.copy()
    for i, item in enumerate(items):
        if len(items) == 1 or item.own_line is False:
            probs[i, h] = 0.0
            probs[i] /= max(probs[i].sum(), 1e-9)
    return labels, probs


def _decide(axis: str, probs: np.ndarray) -> int:
    """Index of the predicted label. For ``source_type`` the two stages decide in turn:
    attributed when P(none) < 0.5, then the most probable type (a plain argmax over
    the joint probabilities would favour ``none`` whenever the type is uncertain)."""
    if axis == "source_type" and len(probs) > 2:
        return 0 if probs[0] >= 0.5 else 1 + int(np.argmax(probs[1:]))
    return int(np.argmax(probs))


def analyse_articles(articles: Iterable[Article], choose: Any = None) -> Iterable[list[SentenceAnalysis]]:
    """Parse and analyse articles sentence by sentence, on their gold boundaries."""
    for spans in parse_sentences([s.text for s in a.sentences] for a in articles):
        yield analyse(spans, choose=choose)


def label_set_matches(labels: dict[str, list[str]]) -> bool:
    """Whether a model's labels are all in the current scheme (a subset is allowed)."""
    return all(set(values) <= set(AXES[axis]) for axis, values in labels.items() if axis in AXES)
