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


def test_ranker_examples_label_the_candidate_naming_the_gold_source():
    from attrib.data import Article, Sentence
    from attrib.model import ranker_examples
    from attrib.nlp import parse_sentences

    text = "Brannon wrote in his report that the detainee attacked him first, but the video showed no such attack, according to prosecutors."
    article = Article(id="t", sentences=[Sentence(text=text, kind="statement", source="prosecutors", source_type="government",
                                                  certainty="certain")])
    X, y = ranker_examples([article], list(parse_sentences([[text]])))
    assert y.count("yes") == 1 and len(y) >= 2
    chosen = X[y.index("yes")]
    assert chosen["construction=according_to"] == 1.0


def test_a_trained_model_chooses_among_candidates_with_its_ranker(small_model_dir):
    import attrib
    from attrib.model import CandidateRanker
    from attrib.nlp import parse_sentences
    from attrib.sources import find_candidates

    model = attrib.load(small_model_dir).model
    assert isinstance(model.choose, CandidateRanker)
    (spans,) = parse_sentences([["Brannon wrote in his report that the detainee attacked him, according to prosecutors."]])
    candidates = find_candidates(spans[0])
    chosen = model.choose(spans[0], candidates)
    assert chosen in candidates and chosen.mention is not None
