"""Fitted classifiers as plain arrays: what a shipped model is made of.

scikit-learn trains attrib's classifiers (``DictVectorizer`` → ``LogisticRegression``,
temperature-calibrated by ``CalibratedClassifierCV``). Once fitted, each is just a
feature vocabulary, a weight matrix, an intercept and an inverse temperature, so
the model is stored as those arrays (``numpy.savez``, read back with
``allow_pickle=False``) and predicts with a few lines of numpy. This is why:

- loading a shared model can run no code at all: no pickle, no object rebuilding;
- ``attrib predict`` starts without importing scikit-learn, SciPy or a
  deserialiser, which would otherwise take most of its start-up time;
- the arrays mean the same thing under any scikit-learn version.

:func:`LinearClassifier.from_pipeline` reads the arrays off a fitted pipeline;
``tests/test_linear.py`` checks that its probabilities equal the pipeline's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

Features = Mapping[str, Any]


@dataclass
class LinearClassifier:
    """A linear classifier over feature dicts, with temperature-scaled probabilities.

    ``coef`` has one row per class, or a single row for two classes (the logit of
    ``classes_[1]``), as in scikit-learn. ``beta`` is the fitted inverse temperature;
    ``None`` means the classifier was not calibrated (plain logistic regression).
    """

    classes_: np.ndarray
    vocabulary: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    beta: float | None = None
    separator: str = "="

    # -- from scikit-learn ------------------------------------------------------
    @classmethod
    def from_pipeline(cls, pipeline: Any) -> LinearClassifier:
        """Read the arrays off a fitted ``Pipeline([DictVectorizer, classifier])`` whose
        classifier is a ``LogisticRegression`` or a ``CalibratedClassifierCV`` of one
        with ``method="temperature", ensemble=False``."""
        vectorizer, classifier = pipeline.steps[0][1], pipeline.steps[-1][1]
        classes = [str(c) for c in classifier.classes_]  # the inner estimator of a calibrated one sees indices
        beta = None
        if hasattr(classifier, "calibrated_classifiers_"):
            (calibrated,) = classifier.calibrated_classifiers_
            (calibrator,) = calibrated.calibrators
            classifier, beta = calibrated.estimator, float(calibrator.beta_)
        return cls(
            classes_=np.asarray(classes),
            vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
            coef=np.asarray(classifier.coef_, dtype=np.float64),
            intercept=np.asarray(classifier.intercept_, dtype=np.float64),
            beta=beta,
            separator=vectorizer.separator,
        )

    # -- prediction -------------------------------------------------------------
    def decision_function(self, X: list[Features]) -> np.ndarray:
        """``X @ coef.T + intercept`` for feature dicts (unknown features are ignored,
        a string value ``v`` of feature ``f`` is the one-hot feature ``f=v``, as in
        ``DictVectorizer``)."""
        rows, columns, values = [], [], []
        for row, features in enumerate(X):
            for name, value in features.items():
                if isinstance(value, str):
                    name, value = f"{name}{self.separator}{value}", 1.0
                column = self.vocabulary.get(name)
                if column is not None and value:
                    rows.append(row)
                    columns.append(column)
                    values.append(float(value))
        scores = np.zeros((len(X), self.coef.shape[0]))
        if rows:
            np.add.at(scores, np.asarray(rows), self.coef[:, columns].T * np.asarray(values)[:, None])
        scores += self.intercept
        return scores[:, 0] if self.coef.shape[0] == 1 else scores

    def predict_proba(self, X: list[Features]) -> np.ndarray:
        """Class probabilities, one row per sample, columns in ``classes_`` order."""
        scores = self.decision_function(X)
        if scores.ndim == 1:  # binary: logits (-x, x) when calibrated, (0, x) for a plain logistic
            scores = np.column_stack([-scores, scores]) if self.beta is not None else np.column_stack([np.zeros_like(scores), scores])
        logits = scores * (self.beta if self.beta is not None else 1.0)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: list[Features]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    # -- storage ----------------------------------------------------------------
    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """Plain (non-object) arrays for ``numpy.savez``; features in column order."""
        features = np.empty(len(self.vocabulary), dtype=object)
        for name, column in self.vocabulary.items():
            features[column] = name
        return {
            f"{prefix}.classes": self.classes_.astype(str),
            f"{prefix}.features": features.astype(str),
            f"{prefix}.coef": self.coef,
            f"{prefix}.intercept": self.intercept,
            f"{prefix}.beta": np.asarray([np.nan if self.beta is None else self.beta]),
            f"{prefix}.separator": np.asarray([self.separator]),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], prefix: str) -> LinearClassifier:
        """Rebuild from :meth:`to_arrays` output; raises ``KeyError``/``ValueError`` if inconsistent."""
        classes, features = arrays[f"{prefix}.classes"], arrays[f"{prefix}.features"]
        coef, intercept = arrays[f"{prefix}.coef"], arrays[f"{prefix}.intercept"]
        rows = 1 if len(classes) == 2 else len(classes)
        if coef.shape != (rows, len(features)) or intercept.shape != (rows,) or len(classes) < 2:
            raise ValueError(f"{prefix}: array shapes do not fit together")
        beta = float(arrays[f"{prefix}.beta"][0])
        return cls(
            classes_=classes.astype(str),
            vocabulary={str(name): column for column, name in enumerate(features)},
            coef=coef.astype(np.float64),
            intercept=intercept.astype(np.float64),
            beta=None if np.isnan(beta) else beta,
            separator=str(arrays[f"{prefix}.separator"][0]),
        )
