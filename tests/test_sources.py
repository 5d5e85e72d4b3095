"""attrib.sources: reporting constructions, origins and resolution, as table-driven cases."""

from __future__ import annotations

import pytest

from attrib.nlp import segment
from attrib.sources import attribute, find_candidates, find_origin


def sentences(text: str):
    return [span for span, _, _ in next(segment([text]))]


@pytest.mark.parametrize(
    "text, construction, mention",
    [
        ("The ministry said the talks had failed.", "verb", "The ministry"),
        ('"The talks have failed," the ministry said.', "verb", "the ministry"),
        ('"The talks have failed," said Maria Okafor.', "verb", "Maria Okafor"),
        ("Okafor told reporters the talks had failed.", "verb", "Okafor"),
        ("The talks failed, according to the foreign ministry.", "according_to", "the foreign ministry"),
        ("According to the agency's assessment, the talks failed.", "according_to", "the agency"),
        ("The mayor warned that the river would flood.", "verb", "The mayor"),
        ("The coach conceded that his side had been poor.", "verb", "The coach"),
        ("The rebels have reportedly seized the town.", "adverb", None),
        ("The convoy is believed to have crossed the border.", "passive", None),
    ],
)
def test_candidate_constructions(text, construction, mention):
    candidates = find_candidates(sentences(text)[0])
    chosen = next(c for c in candidates if c.construction == construction)
    assert (chosen.mention.text if chosen.mention is not None else None) == mention


@pytest.mark.parametrize(
    "text, origin",
    [
        ("A lawmaker said on Monday, citing the spy agency, that troops had left.", "the spy agency"),
        ("Troops had left, a lawmaker said, citing information from Seoul's spy agency.", "Seoul's spy agency"),
        ("Lee, who was briefed by the National Intelligence Service, said troops had left.", "the National Intelligence Service"),
        ("Yonhap quoted Lee as saying troops had left.", "Lee"),
        ("The minister said troops had left.", None),
    ],
)
def test_origins(text, origin):
    span, _ = find_origin(sentences(text)[0])
    assert (span.text if span is not None else None) == origin


def test_resolution_of_pronoun_short_name_and_description():
    text = (
        "Lawmaker Lee Seong-kweun said the troops had left. "
        "He added that more would follow. "
        "Lee also said the border was quiet. "
        "The lawmaker said talks would resume."
    )
    attributions = attribute(sentences(text))
    assert [a.source.name for a in attributions] == ["Lee Seong-kweun"] * 4
    assert [a.source.how for a in attributions[1:]] == ["pronoun", "name", "description"]


def test_quotation_running_over_sentences_keeps_context():
    text = '"The town is gone," said Ana Silva. "Nothing is left. We have to start again."'
    attributions = attribute(sentences(text))
    assert attributions[1].context is not None and attributions[1].context.name == "Ana Silva"
