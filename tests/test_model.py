"""attrib.model: training is deterministic and predictions carry labels, spans and probabilities."""

from __future__ import annotations

import numpy as np

from attrib.data import read_articles
from attrib.labels import CERTAINTIES, SOURCE_TYPES
from attrib.model import AttribModel

from conftest import DATA


def _slice():
    return read_articles(DATA / "train.jsonl")[:15]


def test_training_is_deterministic():
    articles = _slice()
    a, b = AttribModel().fit(articles), AttribModel().fit(articles)
    for axis in a.classifiers_:
        coef_a = a.classifiers_[axis].predict_proba([{"bias": 1.0, "cue=say": 1.0}])
        coef_b = b.classifiers_[axis].predict_proba([{"bias": 1.0, "cue=say": 1.0}])
        assert np.array_equal(coef_a, coef_b)


def test_predictions_have_labels_from_the_scheme_and_probabilities(small_model_dir):
    import attrib

    model = attrib.load(small_model_dir)
    predictions = model.predict("The ministry said on Monday that the bridge could reopen in May. The bridge was built in 1902.")
    assert len(predictions) == 2
    for p in predictions:
        assert p.source_type in SOURCE_TYPES and p.certainty in CERTAINTIES
        assert set(p.probability) == {"kind", "source_type", "certainty"}
        assert all(0.0 <= v <= 1.0 for v in p.probability.values())
    assert predictions[0].start == 0 and predictions[1].start > predictions[0].end - 1


def test_a_headline_needs_a_line_of_its_own_and_a_body(small_model_dir):
    import attrib

    model = attrib.load(small_model_dir)
    assert [p.kind for p in model.predict("The ministry said the bridge could reopen in May.")] == ["statement"]
    shared_line = model.predict("Bridge to reopen. The ministry said the bridge could reopen in May.")
    assert "headline" not in [p.kind for p in shared_line]
