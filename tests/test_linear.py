"""attrib.linear: the array form of a fitted classifier predicts exactly what scikit-learn does."""

from __future__ import annotations

import numpy as np
import pytest

from attrib.linear import LinearClassifier
from attrib.model import make_classifier


def _data(n_classes: int, n: int = 120, seed: int = 0):
    rng = np.random.default_rng(seed)
    labels = [f"c{i % n_classes}" for i in range(n)]
    X = []
    for label in labels:
        features = {f"w{rng.integers(0, 30)}": 1.0 for _ in range(4)}
        features[f"hint={label}"] = float(rng.random() < 0.7)
        features["size"] = float(rng.normal())
        features["cue"] = str(rng.choice(["say", "tell", "claim"]))  # one-hot, as DictVectorizer does
        X.append(features)
    return X, labels


@pytest.mark.parametrize(
    "n_classes, calibrate",
    [(2, True), (2, False), (4, True), (4, False)],
)
def test_array_form_equals_the_fitted_pipeline(n_classes, calibrate):
    X, y = _data(n_classes)
    pipeline = make_classifier(y, C=1.0, seed=0, calibrate=calibrate).fit(X, y)
    linear = LinearClassifier.from_pipeline(pipeline)
    unseen, _ = _data(n_classes, n=40, seed=1)
    unseen.append({"never-seen-feature": 1.0})
    assert list(linear.classes_) == list(pipeline.classes_)
    np.testing.assert_allclose(linear.predict_proba(unseen), pipeline.predict_proba(unseen), rtol=1e-9, atol=1e-12)
    assert list(linear.predict(unseen)) == list(pipeline.predict(unseen))


def test_arrays_round_trip_without_pickle(tmp_path):
    X, y = _data(3)
    linear = LinearClassifier.from_pipeline(make_classifier(y, C=1.0, seed=0).fit(X, y))
    np.savez(tmp_path / "m.npz", **linear.to_arrays("axis"))
    with np.load(tmp_path / "m.npz", allow_pickle=False) as arrays:
        again = LinearClassifier.from_arrays(arrays, "axis")
    np.testing.assert_array_equal(again.predict_proba(X), linear.predict_proba(X))


def test_inconsistent_arrays_are_rejected():
    X, y = _data(3)
    arrays = LinearClassifier.from_pipeline(make_classifier(y, C=1.0, seed=0).fit(X, y)).to_arrays("a")
    arrays["a.coef"] = arrays["a.coef"][:, :-1]
    with pytest.raises(ValueError, match="shapes"):
        LinearClassifier.from_arrays(arrays, "a")
