"""Cue finding: hedges and reporting cues, as a spaCy component.

The lexicons live in ``resources/cues.json`` (records mapped to categories, as
in medspaCy's ConText rules), so that they can be read and extended without
touching code. The component only *marks* cues on the Doc
(``doc._.hedges``, ``doc._.reporting``); whether a cue decides a sentence's
label is for the trained models to learn from the features built on them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

RESOURCE = "cues.json"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The cue lexicons shipped with the package."""
    return json.loads(resources.files("attrib").joinpath("resources", RESOURCE).read_text("utf-8"))


@dataclass(frozen=True)
class Cue:
    """A cue found in a Doc: its span, category, and the flags of its lexicon record."""

    span: Span
    category: str
    flags: frozenset[str]

    @property
    def text(self) -> str:
        return self.span.text


def _pattern(record: dict[str, Any]) -> list[dict[str, Any]]:
    if "pattern" in record:
        return record["pattern"]
    return [{"LOWER": word} for word in record["phrase"].split()]


class CueMarker:
    """Marks hedge cues (``doc._.hedges``) and reporting cues (``doc._.reporting``)."""

    def __init__(self, nlp: Language):
        data = lexicon()
        self.hedge_matcher = Matcher(nlp.vocab)
        self.hedge_records: list[dict[str, Any]] = data["hedges"]
        for i, record in enumerate(self.hedge_records):
            self.hedge_matcher.add(f"hedge{i}", [_pattern(record)])
        self.phrase_matcher = Matcher(nlp.vocab)
        self.phrase_records: list[dict[str, Any]] = data["attribution_phrases"]
        for i, record in enumerate(self.phrase_records):
            self.phrase_matcher.add(f"phrase{i}", [_pattern(record)])
        self.reporting_verbs: dict[str, str] = data["reporting_verbs"]
        self.verb_matcher = Matcher(nlp.vocab)  # in Cython: no Python loop over every token
        self.verb_matcher.add("verb", [[{"LEMMA": {"IN": sorted(self.reporting_verbs)}, "POS": {"IN": ["VERB", "AUX"]},
                                         "DEP": {"NOT_IN": ["aux", "auxpass", "amod", "compound"]}}]])

    def __call__(self, doc: Doc) -> Doc:
        doc._.hedges = self._hedges(doc)
        doc._.reporting = self._reporting(doc)
        return doc

    def _hedges(self, doc: Doc) -> list[Cue]:
        found = []
        for match_id, start, end in self.hedge_matcher(doc):
            record = self.hedge_records[int(doc.vocab.strings[match_id][5:])]
            flags = frozenset(k for k, v in record.items() if v is True)
            if "clausal" in flags and not _takes_clause(doc[start]):
                continue
            found.append(Cue(doc[start:end], record["category"], flags))
        return _longest_first(found)

    def _reporting(self, doc: Doc) -> list[Cue]:
        """Reporting phrases ("according to") and reporting verbs, each verb marked once
        with its strength ("verb:neutral", "verb:doubt", "verb:firm"); source finding
        reads the verbs from here."""
        phrases = []
        for match_id, start, end in self.phrase_matcher(doc):
            record = self.phrase_records[int(doc.vocab.strings[match_id][6:])]
            phrases.append(Cue(doc[start:end], "phrase:" + record["role"], frozenset()))
        verbs = [
            Cue(doc[start:end], "verb:" + self.reporting_verbs[doc[start].lemma_], frozenset())
            for _, start, end in self.verb_matcher(doc)
        ]
        return sorted(_longest_first(phrases) + verbs, key=lambda c: c.span.start)


def _takes_clause(verb: Token) -> bool:
    """Whether a verb governs a clause ("indicated that ...", "believed to be", "the vote, he
    claimed, was rigged"), which makes it a hedge, rather than an object ("assessed the
    strains", "claimed 15 lives")."""
    return any(c.dep_ in ("ccomp", "xcomp") for c in verb.children) or verb.dep_ == "parataxis"


def _longest_first(cues: list[Cue]) -> list[Cue]:
    """Drop cues nested inside a longer cue of the same kind ("an estimated" over "estimated")."""
    cues.sort(key=lambda c: (c.span.start, -(c.span.end - c.span.start)))
    kept: list[Cue] = []
    for cue in cues:
        if kept and cue.span.start >= kept[-1].span.start and cue.span.end <= kept[-1].span.end:
            continue
        kept.append(cue)
    return kept


def cues_in(cues: list[Cue], sent: Span) -> list[Cue]:
    """The cues that lie inside a sentence span."""
    return [c for c in cues if c.span.start >= sent.start and c.span.end <= sent.end]


for _name in ("hedges", "reporting"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("attrib_cues")
def make_cue_marker(nlp: Language, name: str) -> CueMarker:
    """spaCy factory: ``nlp.add_pipe("attrib_cues")`` after the parser and lemmatizer."""
    return CueMarker(nlp)
