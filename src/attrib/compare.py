"""How a story changes between two reports: align their claims, then diff each pair.

Input is two articles' per-sentence predictions (:class:`~attrib.model.SentencePrediction`);
only statements take part. Data flows one way:

1. :func:`claim_vectors` turns each statement, without its reporting cues and cited
   origin (:func:`claim_text`), into content-word lemmas, names and numbers, and
   :func:`similarity_matrix` scores every pair across the two articles
   (TF-IDF cosine over words and over character n-grams, so "detained" meets
   "detention" and a reworded claim still matches).
2. :func:`align` pairs claims one-to-one (the assignment that maximises similarity),
   then lets a leftover sentence join a pair when it carries what the pair's other
   side says and its partner does not: a claim split in one version, merged in the other.
3. :func:`diff_claims` reports, per aligned pair, certainty moving (firmer/softer,
   with the cues on each side), attribution lost, gained or changed, an origin
   dropped, added or changed, and figures that differ; :func:`diff_group` also
   checks the parts of a split or merged claim for a change of source. A certainty
   change is not reported while the firmer version still carries as strong a hedge in
   a side clause (:func:`hedge_rank`), nor an origin dropped that the report gives the
   same source elsewhere.

Thresholds were chosen on the dev pairs of ``data/compare/`` (see its README).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.tokens import Token

from .labels import CERTAINTY_RANK
from .model import SentencePrediction
from .sources import GROUP_PRONOUNS, PERSON_PRONOUNS, normalise

#: A pair is aligned at this similarity or above (tuned on data/compare/dev.jsonl).
MATCH_THRESHOLD = 0.25
#: Weight of the word cosine against the character n-gram cosine (tuned on the same pairs).
WORD_WEIGHT = 0.7
#: A leftover sentence joins a pair when this share of its content is what the pair's other
#: side says and its own partner does not (a split or merged claim).
SPLIT_THRESHOLD = 0.4
#: Source types that name one body per story: two mentions of the same type are one source.
SINGLETON_TYPES = {"intelligence", "military", "state_media"}
_DISTANCING = re.compile(r"^(is|are|was|were|has|have|had|it|reportedly|allegedly|apparently|seemingly|purportedly)\b", re.IGNORECASE)
_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | {"i", "we", "you", "us"}
_GENERIC = {"the", "a", "an", "of", "its", "his", "her", "their", "'s", "’s", "in", "from", "for", "and", "said", "says"}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:%|per ?cent|percent))?(?:\s*(?:thousand|million|billion|trillion|bn|m|k)\b)?"
    r"|\b(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen)(?:[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine))?)(?:\s+(?:thousand|million|billion))?\b",
    re.IGNORECASE,
)


@dataclass
class Change:
    """One change a careful editor would mark on an aligned claim (field names as in data/compare)."""

    type: str  # certainty | attribution | origin | figure
    detail: str  # firmer/softer | lost/gained/changed | dropped/added/changed | differs
    a: str | None = None
    b: str | None = None
    a_cues: list[str] = field(default_factory=list)
    b_cues: list[str] = field(default_factory=list)


@dataclass
class AlignedClaim:
    """Sentences of A and of B that make the same claim, how alike they are, and what changed."""

    a: list[int]
    b: list[int]
    similarity: float
    changes: list[Change] = field(default_factory=list)


@dataclass
class Comparison:
    """Everything ``attrib compare`` reports."""

    a_name: str
    b_name: str
    a: list[SentencePrediction]
    b: list[SentencePrediction]
    aligned: list[AlignedClaim]
    only_a: list[int]
    only_b: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": {"name": self.a_name, "sentences": [p.to_dict() for p in self.a]},
            "b": {"name": self.b_name, "sentences": [p.to_dict() for p in self.b]},
            "aligned": [asdict(claim) for claim in self.aligned],
            "only_a": self.only_a,
            "only_b": self.only_b,
            "summary": summary_counts(self),
        }


def summary_counts(comparison: Comparison) -> dict[str, int]:
    counts = {"aligned": len(comparison.aligned), "only_a": len(comparison.only_a), "only_b": len(comparison.only_b)}
    for claim in comparison.aligned:
        for change in claim.changes:
            counts[f"{change.type}_{change.detail}"] = counts.get(f"{change.type}_{change.detail}", 0) + 1
    return counts


# -- numbers ----------------------------------------------------------------------

def numbers_in(text: str) -> list[tuple[str, float]]:
    """Figures as written and as values: "11,000", "4.5%", "six", "twenty-one", "2 million"."""
    found = []
    for match in _NUMBER.finditer(text):
        written = match.group().strip()
        value = _value(written.lower())
        if value is not None:
            found.append((written, value))
    return found


def _value(written: str) -> float | None:
    scale = 1.0
    for word, factor in _SCALES.items():
        if re.search(rf"\d\s*{word}\b|\b{word}$", written) and not written.endswith("per cent"):
            scale, written = factor, re.sub(rf"\s*{word}$", "", written)
            break
    written = re.sub(r"\s*(%|per ?cent|percent)$", "", written).replace(",", "")
    try:
        return float(written) * scale
    except ValueError:
        pass
    total = 0.0
    for part in re.split(r"[- ]", written):
        if part in _NUMBER_WORDS:
            total = total * 100 if part == "hundred" and total else total + _NUMBER_WORDS[part]
    return total * scale if total else None


# -- similarity ---------------------------------------------------------------------

def claim_text(p: SentencePrediction) -> str:
    """The sentence without its attribution frame, the reporting cues and the cited origin:
    who says a claim is compared separately, so "according to the National Intelligence
    Service's assessments" should not make two claims look alike or unlike."""
    text = p.text
    for words in (p.origin, *p.attribution_cues):
        if words and len(words) > 1:
            text = re.sub(rf"(?<!\w){re.escape(words)}(?!\w)", " ", text, count=1)
    return text


def claim_vectors(texts: list[str]) -> list[list[str]]:
    """Each text's content: lemmas of content words and names (a metonym as its actor:
    "Pyongyang" as "north korea"), and numbers as values."""
    from .nlp import load_pipeline

    nlp = load_pipeline()
    aliases = {k: v for k, v in actor_aliases().items() if " " not in k}
    out = []
    for doc in nlp.pipe(texts, disable=["parser", "ner"]):
        terms = []
        for token in doc:
            if token.text in ("US", "U.S."):  # not the pronoun "us"
                terms.extend(aliases["us"].split())
                continue
            if token.is_stop or token.is_punct or token.is_space or not any(ch.isalnum() for ch in token.text):
                continue
            if token.like_num or token.text[:1].isdigit():
                continue  # numbers are added below, by value
            lemma = token.lemma_.lower()
            terms.extend(aliases.get(lemma, lemma).split() if _alone(token) else [lemma])
        terms.extend(f"num:{value:g}" for _, value in numbers_in(doc.text))
        out.append(terms)
    return out


def _alone(token: Token) -> bool:
    """A proper noun standing alone ("Pyongyang said"), not part of a name ("Sofia Lee")."""
    doc = token.doc
    return not any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" for j in (token.i - 1, token.i + 1))


def without_speakers(terms: list[list[str]], predictions: list[SentencePrediction]) -> list[list[str]]:
    """Each sentence's terms without those of its source mention: what it claims, whoever says it."""
    speakers = claim_vectors([p.mention or "" for p in predictions])
    return [[t for t in own if t not in spoken] for own, spoken in zip(terms, map(set, speakers))]


def similarity_matrix(a_terms: list[list[str]], b_terms: list[list[str]], word_weight: float = WORD_WEIGHT) -> np.ndarray:
    """Cosine similarity of every A claim with every B claim: a weighted mean of a word
    TF-IDF cosine and a character 3-5-gram cosine (IDF over both articles' sentences)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not a_terms or not b_terms:
        return np.zeros((len(a_terms), len(b_terms)))
    docs = [" ".join(t) for t in a_terms + b_terms]
    words = TfidfVectorizer(analyzer=lambda text: text.split(), sublinear_tf=True).fit_transform(docs)
    plain = [" ".join(w for w in t if ":" not in w) for t in a_terms + b_terms]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(plain)
    n = len(a_terms)
    word_sim = (words[:n] @ words[n:].T).toarray()
    char_sim = (chars[:n] @ chars[n:].T).toarray()
    return word_weight * word_sim + (1 - word_weight) * char_sim


# -- alignment ----------------------------------------------------------------------

def align(a_terms: list[list[str]], b_terms: list[list[str]], similarity: np.ndarray,
          match: float = MATCH_THRESHOLD, split: float = SPLIT_THRESHOLD,
          a_claims: list[list[str]] | None = None, b_claims: list[list[str]] | None = None) -> list[tuple[list[int], list[int], float]]:
    """Groups of (A indices, B indices, similarity): a best one-to-one assignment above
    ``match``, then leftover sentences joined to the pair whose other side they complete.

    ``*_claims`` are the same sentences' terms without their speaker (:func:`without_speakers`):
    a leftover may also join on what it claims alone, so a claim that changed speaker
    between the versions still finds its group."""
    from scipy.optimize import linear_sum_assignment

    if similarity.size == 0:
        return []
    rows, cols = linear_sum_assignment(-similarity)
    groups = [([int(i)], [int(j)]) for i, j in zip(rows, cols) if similarity[i, j] >= match]
    _join_leftovers(groups, b_terms, a_terms, similarity, split, side=1, own_claims=b_claims)
    _join_leftovers(groups, a_terms, b_terms, similarity.T, split, side=0, own_claims=a_claims)
    out = []
    for a_idx, b_idx in groups:
        score = float(similarity[np.ix_(a_idx, b_idx)].max())
        out.append((sorted(a_idx), sorted(b_idx), round(score, 3)))
    return sorted(out, key=lambda g: g[0][0])


def _join_leftovers(groups: list[tuple[list[int], list[int]]], own_terms: list[list[str]], other_terms: list[list[str]],
                    similarity: np.ndarray, threshold: float, side: int, own_claims: list[list[str]] | None = None) -> None:
    """Let each unaligned sentence on ``side`` (1 = B) join the group whose other side it
    completes: most of its content is in the other side but not in its would-be partners."""
    other = 1 - side
    used = {i for g in groups for i in g[side]}
    for k in range(similarity.shape[1]):
        if k in used:
            continue
        best, best_score = None, 0.0
        mine = set(own_terms[k])
        claim = set(own_claims[k]) if own_claims is not None and own_claims[k] else mine
        if not mine:
            continue
        for g, group in enumerate(groups):
            said_there = {t for i in group[other] for t in other_terms[i]}
            said_here = {t for j in group[side] for t in own_terms[j]}
            residual = said_there - said_here
            score = max(len(mine & residual) / len(mine), len(claim & residual) / len(claim))
            if score > best_score and similarity[group[other], k].max() > 0:
                best, best_score = g, score
        if best is not None and best_score >= threshold:
            groups[best][side].append(k)
            used.add(k)


# -- changes ------------------------------------------------------------------------

@lru_cache(maxsize=1)
def actor_aliases() -> dict[str, str]:
    """Metonyms for one actor ("Pyongyang" for North Korea), from ``resources/aliases.json``."""
    data = json.loads(resources.files("attrib").joinpath("resources", "aliases.json").read_text("utf-8"))
    return data["same_actor"]


def _name_words(name: str) -> set[str]:
    """A source's distinctive words, with a metonym's actor added ("pyongyang" → "north korea")."""
    written = normalise(name)
    actor = actor_aliases().get(written) or actor_aliases().get(name.lower().strip()) or ""
    return {w for w in f"{written} {actor}".split() if w not in _GENERIC and len(w) > 1}


def _same_actor(a: str, a_type: str | None, b: str, b_type: str | None) -> bool:
    """Shared name words ("Lee" and "lawmaker Lee Seong-kweun"), a metonym ("Pyongyang",
    "North Korea"), or the same one-per-story type (the spy agency)."""
    return bool(_name_words(a) & _name_words(b)) or (a_type == b_type and a_type in SINGLETON_TYPES)


def same_source(a: SentencePrediction, b: SentencePrediction) -> bool:
    """Whether two attributed sentences name one source."""
    return _same_actor(a.source or "", a.source_type, b.source or "", b.source_type)


def _distancing(p: SentencePrediction) -> bool:
    """An ``anonymous`` label that names nobody: the author's distancing words
    ("is believed to", "reportedly"), not "sources" or "officials"."""
    return p.source_type == "anonymous" and bool(_DISTANCING.match(p.source or ""))


def _attributed(side: list[SentencePrediction]) -> list[SentencePrediction]:
    """Sentences given to a source one could name (distancing words alone do not count)."""
    return [p for p in side if p.source_type not in (None, "none") and not _distancing(p)]


def diff_claims(a: list[SentencePrediction], b: list[SentencePrediction]) -> list[Change]:
    """What changed between two versions of one claim (each a list of its sentences)."""
    return [*_certainty_change(a, b), *_attribution_changes(a, b), *_figure_changes(a, b)]


def _certainty_change(a: list[SentencePrediction], b: list[SentencePrediction]) -> list[Change]:
    rank_a = min(CERTAINTY_RANK.get(p.certainty or "certain", 2) for p in a)
    rank_b = min(CERTAINTY_RANK.get(p.certainty or "certain", 2) for p in b)
    if rank_a == rank_b:
        return []
    firmer_side = b if rank_b > rank_a else a
    if hedge_rank([p.text for p in firmer_side]) <= min(rank_a, rank_b):
        return []  # the hedge is still there, in a part of the claim the sentence label does not weigh
    label = {v: k for k, v in CERTAINTY_RANK.items()}
    return [Change("certainty", "softer" if rank_b < rank_a else "firmer", label[rank_a], label[rank_b],
                   [c for p in a for c in p.hedge_cues], [c for p in b for c in p.hedge_cues])]


def _attribution_changes(a: list[SentencePrediction], b: list[SentencePrediction]) -> list[Change]:
    att_a, att_b = _attributed(a), _attributed(b)
    changes = []
    if att_a and not att_b:
        changes.append(Change("attribution", "lost", att_a[0].source, None, att_a[0].attribution_cues, []))
    elif att_b and not att_a:
        changes.append(Change("attribution", "gained", None, att_b[0].source, [], att_b[0].attribution_cues))
    elif att_a and att_b and not any(same_source(x, y) for x in att_a for y in att_b):
        changes.append(Change("attribution", "changed", f"{att_a[0].source} ({att_a[0].source_type})",
                              f"{att_b[0].source} ({att_b[0].source_type})", att_a[0].attribution_cues, att_b[0].attribution_cues))
    origins_a = [(p.origin, p.origin_type) for p in att_a if p.origin]
    origins_b = [(p.origin, p.origin_type) for p in att_b if p.origin]
    if att_a and att_b:
        if origins_a and not origins_b:
            changes.append(Change("origin", "dropped", origins_a[0][0], None))
        elif origins_b and not origins_a:
            changes.append(Change("origin", "added", None, origins_b[0][0]))
        elif origins_a and origins_b and not any(_same_actor(x, tx, y, ty) for x, tx in origins_a for y, ty in origins_b):
            changes.append(Change("origin", "changed", origins_a[0][0], origins_b[0][0]))
    return changes


def _figure_changes(a: list[SentencePrediction], b: list[SentencePrediction]) -> list[Change]:
    """Numbers that differ: values only in A paired with the closest values only in B."""
    nums_a = [n for p in a for n in numbers_in(p.text)]
    nums_b = [n for p in b for n in numbers_in(p.text)]
    values_b = [v for _, v in nums_b]
    only_a = [(w, v) for w, v in nums_a if v not in values_b]
    only_b = [(w, v) for w, v in nums_b if v not in [x for _, x in nums_a]]
    changes = []
    for written, value in only_a:
        candidates = [(abs(np.log(max(v, 1e-9) / max(value, 1e-9))), w, v) for w, v in only_b if value > 0 and v > 0]
        candidates = [c for c in candidates if c[0] <= np.log(3)]  # same order of magnitude: the same figure
        if candidates:
            _, w, v = min(candidates)
            only_b.remove((w, v))
            changes.append(Change("figure", "differs", written, w))
    return changes


def diff_group(a: list[SentencePrediction], b: list[SentencePrediction], similarity: np.ndarray) -> list[Change]:
    """Changes of one aligned group (``similarity``: its sentences' pairwise scores). A split
    or merged claim is diffed as a whole, and its parts are also checked for a change of
    source, each sentence against its closest sentence on the other side, so a claim that
    moved from one source to another inside a merged paragraph is seen (the NIS's July
    timing is Lee's in the other report)."""
    changes = diff_claims(a, b)
    parts = {(i, int(similarity[i].argmax())) for i in range(len(a))} | {(int(similarity[:, j].argmax()), j) for j in range(len(b))}
    for i, j in sorted(parts):
        if len(parts) > 1 and _named(a[i]) and _named(b[j]):
            for change in _attribution_changes([a[i]], [b[j]]):
                if (change.type, change.detail) == ("attribution", "changed") and change not in changes:
                    changes.append(change)
    return changes


def _named(p: SentencePrediction) -> bool:
    """Attributed to a source resolved to a name or description, not a bare pronoun."""
    return bool(_attributed([p])) and normalise(p.source or "") not in _PRONOUNS


def _origin_told_elsewhere(change: Change, a: list[SentencePrediction], b: list[SentencePrediction],
                           a_article: list[SentencePrediction], b_article: list[SentencePrediction]) -> bool:
    """Whether an origin "dropped" from (or "added" to) a claim is still given to the same
    source elsewhere in that report ("Lee, who was briefed by the NIS, told reporters ..."):
    the reader still learns where the source had it, so an editor would not mark it."""
    if change.type != "origin" or change.detail not in ("dropped", "added"):
        return False
    cited, without, other_article = (a, b, b_article) if change.detail == "dropped" else (b, a, a_article)
    origin = next(p for p in _attributed(cited) if p.origin)
    sources = _attributed(without)
    return any(p.origin and _same_actor(p.origin, p.origin_type, origin.origin or "", origin.origin_type)
               and any(same_source(p, s) for s in sources) for p in other_article)


@lru_cache(maxsize=4096)
def _side_hedge_ranks(text: str) -> tuple[int, ...]:
    from .nlp import load_annotator
    from .sources import in_side_clause

    doc = load_annotator()(text)
    sent = doc[:]
    return tuple(CERTAINTY_RANK[c.category] for c in doc._.hedges
                 if "modal" not in c.flags and c.span.root.dep_ != "amod" and in_side_clause(c.span.root, sent))


def hedge_rank(texts: list[str]) -> int:
    """The least certain hedge in the texts' side clauses (2 = none).

    A sentence's label weighs only its main content (LABELS.md certainty rule 4), but a
    claim aligned across two reports may be that side part: "could take place as early as
    July" in one is "..., with the next deployment potentially set for July" in the other,
    and the hedge was not dropped. Left out: modals ("can" and "may" in a side clause are as
    often ability, permission or a consequence) and adjectives on a noun ("the alleged
    gunman", "a potential disaster"), which hedge a description, not the claim."""
    return min((r for text in texts for r in _side_hedge_ranks(text)), default=CERTAINTY_RANK["certain"])


# -- the whole comparison --------------------------------------------------------------

def compare_predictions(a: list[SentencePrediction], b: list[SentencePrediction], a_name: str = "A", b_name: str = "B",
                        a_statements: list[bool] | None = None, b_statements: list[bool] | None = None) -> Comparison:
    """Align two labelled articles' statements and report the changes.

    ``*_statements`` say which sentences take part (default: those predicted ``statement``);
    evaluation passes the gold kinds.
    """
    a_keep = [i for i, p in enumerate(a) if (a_statements[i] if a_statements is not None else p.kind == "statement")]
    b_keep = [j for j, p in enumerate(b) if (b_statements[j] if b_statements is not None else p.kind == "statement")]
    a_terms = claim_vectors([claim_text(a[i]) for i in a_keep])
    b_terms = claim_vectors([claim_text(b[j]) for j in b_keep])
    similarity = similarity_matrix(a_terms, b_terms)
    a_claims = without_speakers(a_terms, [a[i] for i in a_keep])
    b_claims = without_speakers(b_terms, [b[j] for j in b_keep])
    aligned = []
    for a_local, b_local, score in align(a_terms, b_terms, similarity, a_claims=a_claims, b_claims=b_claims):
        a_idx, b_idx = [a_keep[i] for i in a_local], [b_keep[j] for j in b_local]
        changes = diff_group([a[i] for i in a_idx], [b[j] for j in b_idx], similarity[np.ix_(a_local, b_local)])
        changes = [c for c in changes if not _origin_told_elsewhere(c, [a[i] for i in a_idx], [b[j] for j in b_idx],
                                                                    [a[i] for i in a_keep], [b[j] for j in b_keep])]
        aligned.append(AlignedClaim(a_idx, b_idx, score, changes))
    used_a = {i for claim in aligned for i in claim.a}
    used_b = {j for claim in aligned for j in claim.b}
    return Comparison(a_name, b_name, a, b, aligned, [i for i in a_keep if i not in used_a], [j for j in b_keep if j not in used_b])
