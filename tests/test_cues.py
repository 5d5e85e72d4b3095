"""attrib.cues: hedge and reporting cues marked on the Doc from the JSON lexicon."""

from __future__ import annotations

import pytest

from attrib.nlp import load_annotator


@pytest.mark.parametrize(
    "text, cue, category",
    [
        ("The deployment could take place in July.", "could", "possible"),
        ("It will possibly start in July.", "possibly", "possible"),
        ("North Korea is believed to have sent shells.", "is believed to", "probable"),
        ("They sent an estimated 600 troops.", "an estimated", "probable"),
        ("The rebels have reportedly seized the town.", "reportedly", "probable"),
        ("It is unclear whether the talks will resume.", "unclear whether", "possible"),
    ],
)
def test_hedge_cues(text, cue, category):
    doc = load_annotator()(text)
    assert (cue, category) in [(c.text, c.category) for c in doc._.hedges]


@pytest.mark.parametrize(
    "text, hedged",
    [
        ("The minister indicated that the chances were diminishing.", True),
        ("He claimed the vote was rigged.", True),
        ("Scientists assessed the strains of E. coli.", False),
        ("The opioid crisis claimed 15,393 lives.", False),
        ("He assumed office in May.", False),
    ],
)
def test_clausal_hedge_verbs_need_a_clause(text, hedged):
    """'indicate', 'claim', 'assess' ... hedge what they govern only when it is a clause."""
    doc = load_annotator()(text)
    assert bool(doc._.hedges) == hedged


def test_nested_cue_is_reported_once():
    doc = load_annotator()("They sent an estimated 600 troops.")
    assert [c.text for c in doc._.hedges] == ["an estimated"]


def test_reporting_cues():
    doc = load_annotator()("According to the ministry, talks failed, the envoy told reporters.")
    found = {c.text.lower() for c in doc._.reporting}
    assert "according to" in found and any("told" in f for f in found)
