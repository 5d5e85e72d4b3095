"""attrib.features: what the sentence classifiers see, as table-driven cases."""

from __future__ import annotations

import pytest

from attrib.features import analyse, featurize
from attrib.nlp import segment


def features_of(text: str, axis: str) -> dict[str, float]:
    spans = [span for span, _, _ in next(segment([text]))]
    return featurize(analyse(spans))[axis][0]


def assert_features(feats: dict[str, float], present: list[str], absent: list[str]) -> None:
    assert all(name in feats for name in present), sorted(feats)
    assert not any(name in feats for name in absent), sorted(feats)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a report with no content (LABELS rule 8): negated, or naming a question rather than an answer
        ("He did not say what those measures would be.", ["cue_neg=True", "asks=True"], ["cue_neg=False"]),
        ("It did not say how many launchers had been supplied.", ["cue_neg=True", "asks=True"], []),
        ("The minister said the troops had left.", ["cue_neg=False", "asks=False", "content=clause"], ["asks=True"]),
        ("Reporters asked whether the bridge was safe.", ["asks=True"], ["cue_neg=True"]),
        # a distancing adverb on a modifier is not on the main content
        ("Police cleared reportedly peaceful protesters from the square.", ["adverb_on=ADJ:amod"], ["adverb_on=VERB:root"]),
        ("The troops reportedly crossed the river.", ["adverb_on=VERB:root"], []),
        # which kind of side clause a cue sits in, if any
        ("The lawmaker, who said he had seen the report, left early.", ["cue_clause=relcl"], ["cue_clause=main"]),
        ("The minister said the troops had left.", ["cue_clause=main"], []),
    ],
)
def test_cue_features(text, present, absent):
    assert_features(features_of(text, "source_type"), present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("The strike may have hit a depot.", ["hedge_word=may:main", "hedge_word=may"], []),
        ("The strike, which may have hit a depot, killed four.", ["hedge_word=may:side"], ["hedge_word=may:main"]),
        ("Four were killed, with dozens more reportedly injured.", ["hedge_word=reportedly:side"], ["hedge_word=reportedly:main"]),
        ("The bridge is closed.", ["no_hedge"], []),
    ],
)
def test_certainty_features_place_each_hedge(text, present, absent):
    assert_features(features_of(text, "certainty"), present, absent)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a generic role of a body the lexicon does not know: rarely the state's
        ("A spokesperson for Stagecoach South said the driver was unhurt.", ["src:affil_unknown_name"], []),
        ("A Pentagon spokesperson said the drill was routine.", ["src:affil_hint=military"], ["src:affil_unknown_name"]),
        # what a relative clause says the speaker does, and where
        ("Lim Ji-hoon, who studies the border economy at Seoul National University, said trade would slow.",
         ["src:rel_hint=expert", "src:affil_hint=expert"], []),
        ('"The result is clear," said Ingrid Solheim, one of the authors.', ["src:rolehint=expert"], []),
        # legislators' titles, inside the name the tagger reads
        ("Assemblywoman Selena Torres said the bill passed.", ["src:rolehint=lawmaker"], []),
        ("Rep. Jim Jordan said the vote was delayed.", ["src:rolehint=lawmaker"], []),
    ],
)
def test_source_features_type_the_body_a_role_belongs_to(text, present, absent):
    assert_features(features_of(text, "source_type"), present, absent)


BODY = ["Floods closed the coastal road on Monday.", "Crews worked through the night.", "The road reopened on Tuesday."]


@pytest.mark.parametrize(
    "marker, starts_tail",
    [
        ("Related Articles", True),
        ("2 hours ago", True),
        ("Most Viewed", True),
        ("Watch now", True),
        ("You may also like", True),  # a phrase of the lexicon, subject and all
        ("© 2026 Coastal Wire. All rights reserved.", True),
        ("No comments yet...", True),
        ("The council did not comment.", False),  # a sentence with a furniture word
        ("About three years ago.", False),  # an interview answer
        ("Chicago", False),  # words match whole: "ago" is not in "Chicago"
        ("The latest news came on Monday.", False),  # a short phrase inside a sentence
        ("Latest developments", False),  # a subheading
        ("© 2026 Coastal Wire Media Group Limited", True),  # a copyright line of any length
    ],
)
def test_page_tail_starts_at_a_furniture_line_after_the_body(marker, starts_tail):
    paragraphs = [*BODY, marker, "Storm batters islands as ferries halt services."]
    spans = [span for span, _, _ in next(segment(["\n\n".join(paragraphs)]))]
    teaser = featurize(analyse(spans))["kind"][-1]
    assert ("page_tail_started" in teaser) == starts_tail
