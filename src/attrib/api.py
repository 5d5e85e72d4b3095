"""The Python API: ``attrib.load()`` and ``Attrib.predict(text)``.

>>> import attrib
>>> model = attrib.load()                       # the shipped model in model/
>>> for s in model.predict(open("seeds/000_33aced630bfce5d4.txt").read()):
...     print(s.source_type, s.source, s.certainty)
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from .compare import Comparison, compare_predictions
from .data import Article
from .features import analyse
from .model import SentencePrediction
from .nlp import parse_sentences, segment
from .store import LoadedModel, ModelError, load_model

#: Where the shipped model lives in a source checkout (``pip install -e .``).
CHECKOUT_MODEL = Path(__file__).resolve().parents[2] / "model"


def default_model_dir() -> Path:
    """``$ATTRIB_MODEL`` if set, else the checkout's ``model/``, else ``./model``."""
    if os.environ.get("ATTRIB_MODEL"):
        return Path(os.environ["ATTRIB_MODEL"])
    if (CHECKOUT_MODEL / "manifest.json").exists():
        return CHECKOUT_MODEL
    return Path("model")


class Attrib:
    """A loaded model, ready to label articles."""

    def __init__(self, loaded: LoadedModel):
        self.model = loaded.model
        self.manifest = loaded.manifest
        self.path = loaded.path

    def predict(self, text: str) -> list[SentencePrediction]:
        """Label every sentence of one article's text (sentences found by attrib's splitter)."""
        return next(self.predict_many([text]))

    def predict_many(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[SentencePrediction]]:
        """Label many articles, parsing them in batches; yields one list per text, in order."""
        for sentences in segment(texts, batch_size=batch_size):
            spans = [span for span, _, _ in sentences]
            per_line = Counter(id(span.doc) for span in spans)  # one doc per paragraph
            own_line = [per_line[id(span.doc)] == 1 for span in spans]
            predictions = self.model.predict_analysed(analyse(spans, own_line, choose=self.model.choose))
            for prediction, (_, start, end) in zip(predictions, sentences):
                prediction.start, prediction.end = start, end
            yield predictions

    def predict_sentences(self, sentences: list[str]) -> list[SentencePrediction]:
        """Label sentences given as a list (gold boundaries) on every axis, statements or not."""
        (spans,) = parse_sentences([sentences])
        return self.model.predict_analysed(analyse(spans, choose=self.model.choose), label_all=True)

    def compare(self, text_a: str, text_b: str, a_name: str = "A", b_name: str = "B") -> Comparison:
        """Two reports of one story: their aligned claims and what changed (see :mod:`attrib.compare`)."""
        a, b = self.predict_many([text_a, text_b])
        return compare_predictions(a, b, a_name, b_name)

    def predict_articles(self, articles: list[Article]) -> list[list[SentencePrediction]]:
        """Label articles on their gold sentence boundaries (what evaluation uses)."""
        return self.model.predict_articles(articles)


def load(path: str | Path | None = None) -> Attrib:
    """Load a model directory (default: the shipped model), checked before use."""
    directory = Path(path) if path is not None else default_model_dir()
    return Attrib(load_model(directory))


__all__ = ["Attrib", "ModelError", "load", "default_model_dir"]
