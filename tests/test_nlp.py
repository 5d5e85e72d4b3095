"""attrib.nlp: sentence splitting that news text needs."""

from __future__ import annotations

import pytest

from attrib.nlp import segment, split_sentences

from conftest import DATA


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SEOUL: North Korea will send troops. Lee said so.", ["SEOUL: North Korea will send troops.", "Lee said so."]),
        ("Headline here\nThe body starts. It goes on.", ["Headline here", "The body starts.", "It goes on."]),
        ('"We will win," he said. The crowd cheered.', ['"We will win," he said.', "The crowd cheered."]),
        ("Comments\nNo comments yet...\n\nRelated Articles", ["Comments", "No comments yet...", "Related Articles"]),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_segment_offsets_point_into_the_input():
    text = "First line here.\n\n  Second paragraph. Another one."
    sentences = next(segment([text]))
    assert [text[start:end] for _, start, end in sentences] == [span.text for span, _, _ in sentences]
    assert len(sentences) == 3


def test_table_attribute_ruler_gives_what_spacys_ruler_gives():
    """attrib swaps spaCy's attribute_ruler for a table-driven one (speed); every token's
    POS, morphology, lemma, tag and dependency must stay exactly as the original sets them."""
    import spacy

    from attrib.data import read_articles
    from attrib.nlp import PIPELINE_PACKAGES, load_pipeline

    nlp = load_pipeline()
    assert "attrib_attribute_ruler" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    original = spacy.load(next(name for name in PIPELINE_PACKAGES if spacy.util.is_package(name)))
    texts = [s.text for a in read_articles(DATA / "dev.jsonl")[:25] for s in a.sentences]
    texts += ["", "  ", "But he did n't.", "I'm gonna go -- y'all know.", "'Tis 5pm.\n\nOK"]
    for ours, theirs in zip(nlp.pipe(texts), original.pipe(texts)):
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in ours] == \
               [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in theirs]
