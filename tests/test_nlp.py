"""attrib.nlp: sentence splitting that news text needs."""

from __future__ import annotations

import pytest

from attrib.nlp import segment, split_sentences


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
