"""attrib.compare: figures, same-source judgement, per-claim diffs, alignment with splits,
and the seeds' main changes end to end."""

from __future__ import annotations

import pytest

from attrib.compare import (align, claim_text, claim_vectors, compare_predictions, diff_claims, numbers_in, same_source,
                            similarity_matrix, without_speakers)
from attrib.model import SentencePrediction

from conftest import SEED_FILES


def sentence(text: str, source: str | None = None, source_type: str = "none", certainty: str = "certain",
             hedges: list[str] | None = None, origin: str | None = None, origin_type: str | None = None) -> SentencePrediction:
    return SentencePrediction(text=text, kind="statement", source=source, source_type=source_type, certainty=certainty,
                              hedge_cues=hedges or [], origin=origin, origin_type=origin_type)


@pytest.mark.parametrize(
    "text, values",
    [
        ("After dispatching 11,000 personnel, a further 6,000", [11000, 6000]),
        ("Inflation rose to 4.5% from 3.9 per cent", [4.5, 3.9]),
        ("six people died and twenty-one were hurt", [6, 21]),
        ("a $2 billion deal", [2e9]),
        ("The 1987 law", [1987]),
        ("no figures here", []),
    ],
)
def test_numbers_are_read_by_value(text, values):
    assert [v for _, v in numbers_in(text)] == pytest.approx(values)


@pytest.mark.parametrize(
    "a, b, same",
    [
        (("Lee Seong-kweun", "lawmaker"), ("Lee", "lawmaker"), True),
        (("the National Intelligence Service", "intelligence"), ("Seoul's spy agency", "intelligence"), True),
        (("Pyongyang", "government"), ("North Korea", "government"), True),
        (("the Kremlin", "government"), ("Russia", "government"), True),
        (("police", "government"), ("Malcolm Reyes", "person"), False),
        (("the health ministry", "government"), ("police", "government"), False),
    ],
)
def test_same_source(a, b, same):
    assert same_source(sentence("x", *a), sentence("y", *b)) is same


@pytest.mark.parametrize(
    "a, b, expected",
    [
        # a hedge dropped: firmer, with the cue on A's side
        (sentence("Troops could arrive in July.", certainty="possible", hedges=["could"]),
         sentence("Troops will arrive in July."), [("certainty", "firmer")]),
        (sentence("About 300 homes were destroyed."),
         sentence("An estimated 300 homes are believed destroyed.", certainty="probable", hedges=["is believed"]),
         [("certainty", "softer")]),
        # a named source lost; "is believed to" does not count as a source
        (sentence("Shells were sent, Lee said.", "Lee", "lawmaker"),
         sentence("Shells are believed to have been sent.", "is believed to", "anonymous", "probable", ["believed"]),
         [("certainty", "softer"), ("attribution", "lost")]),
        (sentence("The bridge is closed."), sentence("The bridge is closed, police said.", "police", "government"),
         [("attribution", "gained")]),
        (sentence("600 died, Lee said, citing the NIS.", "Lee", "lawmaker", origin="the NIS", origin_type="intelligence"),
         sentence("600 died, according to the NIS.", "the NIS", "intelligence"),
         [("attribution", "changed"), ("origin", "dropped")]),
        (sentence("The vote was delayed, Smith said.", "Smith", "lawmaker"),
         sentence("The vote was delayed, Jane Smith told reporters.", "Jane Smith", "lawmaker"), []),
        (sentence("11,000 troops were sent in October."), sentence("12,000 troops were sent in October."),
         [("figure", "differs")]),
        (sentence("Three men were held."), sentence("3 men were held."), []),
        # the hedge is kept, in a side clause the sentence label does not weigh: no change
        (sentence("The next deployment could take place in July.", certainty="possible", hedges=["could"]),
         sentence("The North sent 4,000 more, with the next deployment potentially set for July."), []),
        # ... but a side-clause modal is no hedge on the claim, nor a hedge in the main clause or on a noun
        (sentence("The levee may fail.", certainty="possible", hedges=["may"]),
         sentence("The levee failed, which can happen in spring."), [("certainty", "firmer")]),
        (sentence("The dam may collapse.", certainty="possible", hedges=["may"]),
         sentence("The dam collapsed, and questions remain about the cause."), [("certainty", "firmer")]),
        (sentence("Police likely shot the suspect.", certainty="probable", hedges=["likely"]),
         sentence("Police shot the alleged gunman."), [("certainty", "firmer")]),
    ],
)
def test_diff_claims(a, b, expected):
    assert sorted((c.type, c.detail) for c in diff_claims([a], [b])) == sorted(expected)


@pytest.mark.parametrize(
    "prediction, kept, dropped",
    [
        (SentencePrediction("600 died, according to the NIS.", "statement", "National Intelligence Service", "the NIS",
                            attribution_cues=["according to"]), "600 died", "according to"),
        (SentencePrediction("Troops left, Lee said, citing the spy agency.", "statement", "Lee", "Lee", origin="the spy agency",
                            attribution_cues=["said", "citing"]), "Troops left, Lee", "spy agency"),
        (SentencePrediction("Saida said the aid arrived.", "statement", "Saida", "Saida", attribution_cues=["said"]),
         "Saida", "said"),  # the cue goes, the word inside "Saida" stays
    ],
)
def test_claim_text_drops_the_attribution_frame(prediction, kept, dropped):
    assert kept in claim_text(prediction)
    assert dropped not in claim_text(prediction)


def test_without_speakers_keeps_what_is_claimed():
    p = SentencePrediction("The agency said the troops left.", "statement", "National Intelligence Service", "The agency",
                           attribution_cues=["said"])
    assert without_speakers(claim_vectors([claim_text(p)]), [p]) == [["troop", "leave"]]


def test_merged_claim_is_diffed_part_by_part():
    """A claim the agency made in A and the lawmaker in B, merged into one of his sentences."""
    a = [sentence("The first troops, 11,000 of them, went in October, Lee said.", "Lee", "lawmaker"),
         sentence("The next deployment could come in July or August, according to the spy agency.", "the spy agency",
                  "intelligence", "possible", ["could"])]
    b = [sentence("Lee said 11,000 troops went in October and the next deployment could come in July or August.",
                  "Lee", "lawmaker", "possible", ["could"])]
    for p in a + b:
        p.mention, p.attribution_cues = p.source, ["said"] if "said" in p.text else ["according to"]
    result = compare_predictions(a, b)
    assert [(c.a, c.b) for c in result.aligned] == [([0, 1], [0])]
    changes = [(x.type, x.detail, x.a) for x in result.aligned[0].changes]
    assert ("attribution", "changed", "the spy agency (intelligence)") in changes


def test_alignment_pairs_rewordings_and_joins_a_split_claim():
    a = ["The storm killed 12 people and destroyed 300 homes in the province on Tuesday.",
         "Schools will stay closed until Friday, the governor said.",
         "The region was hit by a similar storm in 2019."]
    b = ["Twelve people were killed when the storm struck the province on Tuesday.",
         "It also destroyed some 300 homes.",
         "The governor said schools would remain shut until Friday.",
         "Aid agencies have appealed for blankets."]
    a_terms, b_terms = claim_vectors(a), claim_vectors(b)
    groups = align(a_terms, b_terms, similarity_matrix(a_terms, b_terms))
    assert ([0], [0, 1]) in [(g[0], g[1]) for g in groups]
    assert ([1], [2]) in [(g[0], g[1]) for g in groups]
    aligned_b = {j for g in groups for j in g[1]}
    assert 3 not in aligned_b  # only in B


@pytest.fixture(scope="module")
def seeds_comparison(shipped_model):
    a, b = (path.read_text(encoding="utf-8") for path in SEED_FILES)
    return shipped_model.compare(a, b, SEED_FILES[0].name, SEED_FILES[1].name)


def _claim(comparison, words_a: str):
    return next(c for c in comparison.aligned if any(words_a in comparison.a[i].text for i in c.a))


def test_seeds_main_changes(seeds_comparison):
    c = seeds_comparison
    lead = _claim(c, "possibly as early as July")
    assert ("certainty", "firmer") in [(x.type, x.detail) for x in lead.changes]
    assert "possibly" in next(x for x in lead.changes if x.type == "certainty").a_cues
    shells = _claim(c, "several million artillery shells")
    assert ("attribution", "lost") in [(x.type, x.detail) for x in shells.changes]
    killed = _claim(c, "Around 600 North Korean soldiers")
    assert {("attribution", "changed"), ("origin", "dropped")} <= {(x.type, x.detail) for x in killed.changes}
    assert "Intelligence" in next(x for x in killed.changes if x.type == "attribution").b


def test_seeds_timing_moves_from_the_agency_to_the_lawmaker(seeds_comparison):
    timing = _claim(seeds_comparison, "could take place as early as July or August")
    moved = [x for x in timing.changes if (x.type, x.detail) == ("attribution", "changed")]
    assert any("Intelligence" in x.a and "Lee" in x.b for x in moved), timing.changes
    assert "certainty" not in [x.type for x in timing.changes]  # B still hedges it: "potentially set for July"


def test_seeds_faithful_restatements_are_not_flagged(seeds_comparison):
    c = seeds_comparison
    for words in ("Pyongyang in April confirmed", "North Korea is continuing to send troops and supply weapons"):
        claim = _claim(c, words)  # the second: B says elsewhere that Lee was briefed by the NIS, so no origin dropped
        assert not [x for x in claim.changes if x.type in ("attribution", "figure", "certainty", "origin")], claim.changes


def test_comparison_to_dict_is_json_ready(seeds_comparison):
    import json

    data = json.loads(json.dumps(seeds_comparison.to_dict()))
    assert data["summary"]["aligned"] == len(seeds_comparison.aligned)
    assert {"a", "b", "aligned", "only_a", "only_b"} <= set(data)


@pytest.mark.parametrize(
    "b_elsewhere, dropped",
    [
        (sentence("Lee, who was briefed by the NIS, said aid rose.", "Lee", "lawmaker", origin="the NIS", origin_type="intelligence"),
         False),  # the report still says where Lee had it
        (sentence("Lee, who was briefed by the army, said aid rose.", "Lee", "lawmaker", origin="the army", origin_type="military"),
         True),  # another origin
        (sentence("Kim, who was briefed by the NIS, said aid rose.", "Kim", "lawmaker", origin="the NIS", origin_type="intelligence"),
         True),  # another source
    ],
)
def test_origin_given_elsewhere_in_the_report_is_not_dropped(b_elsewhere, dropped):
    a = [sentence("Troops have died in combat, Lee said, citing the spy agency.", "Lee", "lawmaker",
                  origin="the spy agency", origin_type="intelligence")]
    b = [b_elsewhere, sentence("Troops have died in combat, Lee said.", "Lee", "lawmaker")]
    claim = next(c for c in compare_predictions(a, b).aligned if c.b == [1])
    assert (("origin", "dropped") in [(c.type, c.detail) for c in claim.changes]) == dropped


def test_compare_predictions_uses_only_statements():
    a = [SentencePrediction(text="Storm hits coast", kind="headline"), sentence("The storm hit the coast on Monday.")]
    b = [sentence("The storm hit the coast on Monday, officials said.", "officials", "anonymous")]
    result = compare_predictions(a, b)
    assert [(c.a, c.b) for c in result.aligned] == [([1], [0])]
    assert result.only_a == []


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("Pyongyang said the talks failed.", ["north", "korea"], ["pyongyang"]),  # a metonym as its actor
        ("Sofia Lee said prices rose.", ["sofia", "lee"], ["bulgaria"]),  # a name, not the capital
        ("US troops left.", ["united", "states"], []),  # not the pronoun "us"
    ],
)
def test_claim_vectors_read_metonyms_as_their_actor(text, present, absent):
    (terms,) = claim_vectors([text])
    assert set(present) <= set(terms) and not set(absent) & set(terms), terms
