"""Language features: one dict of named features per sentence and axis.

Features are built from what generalises across topics: reporting cues and
their subjects, the entity type, head noun and role words of the source,
quotation structure across sentences, hedge cues with their strength and
whether they sit in the main clause, and the shape of neighbouring sentences.
Words of the sentence itself enter only through small, cue-centred windows,
so that a model trained on one topic carries over to another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from .cues import Cue, cues_in, lexicon
from .sources import GROUP_PRONOUNS, PERSON_PRONOUNS, Attribution, Candidate, Chooser, Resolved, attribute, in_side_clause, side_clause

Features = dict[str, float]
_FURNITURE_MAX_TOKENS = 6
QUOTES = "“”‘\""
SENTENCE_END = ".!?\"”’"


@dataclass
class SentenceAnalysis:
    """Everything the models see about one sentence: the span, its cues and its attribution."""

    span: Span
    hedges: list[Cue]
    attribution: Attribution
    furniture: bool = False  # short line with no verb: "Comments", "2 hours ago"
    tail_started: bool = False  # a furniture block came after the article body began
    own_line: bool | None = None  # alone in its paragraph (None: layout unknown, as in gold data)


def analyse(sentences: list[Span], own_line: list[bool] | None = None, choose: Chooser | None = None) -> list[SentenceAnalysis]:
    """Cues and attribution for every sentence of one article (spans in reading order).

    ``own_line`` says, when the layout is known, which sentences stand alone on a line;
    ``choose`` picks each sentence's source among its candidates (a model's trained ranker).
    """
    attributions = attribute(sentences, choose)
    lines = own_line or [None] * len(sentences)
    items = [
        SentenceAnalysis(span, cues_in(span.doc._.hedges or [], span), attribution, _is_furniture(span), own_line=alone)
        for span, attribution, alone in zip(sentences, attributions, lines)
    ]
    _mark_page_tail(items)
    return items


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _in_quote(token: Token, sent: Span) -> bool:
    text = sent.text[: token.idx - sent.start_char]
    return (text.count("“") > text.count("”")) or text.count('"') % 2 == 1


def _content_of(cue: Token) -> str:
    """What the reporting cue governs: a clause ("said that ..."), an object, or nothing.

    "Russia announced it signed a deal" reports content; "the minister paid
    tribute" and "police confirmed the death" report an act or a fact.
    """
    deps = {child.dep_ for child in cue.children}
    if deps & {"ccomp", "parataxis"}:
        return "clause"
    if any(t.lower_ in ("that", "whether") and t.dep_ in ("mark", "advmod", "nsubj", "npadvmod") for t in cue.subtree if t.i > cue.i):
        return "clause"  # "confirmed for the first time that ..." (the parser hangs the clause elsewhere)
    if "xcomp" in deps:
        return "xcomp"
    if cue.dep_ in ("parataxis", "advcl"):
        return "parenthetical"
    if cue.lower_ == "according" or cue.lower_ == "to":
        return "according"
    if "dobj" in deps:
        return "object"
    if cue.dep_ in ("ccomp", "conj"):
        return "embedded"
    return "none"


_WH_WORDS = {"what", "how", "whether", "when", "where", "which", "who", "why", "if"}


def _asks(cue: Token) -> bool:
    """Whether the cue's clause is an indirect question ("did not say how many", "asked
    whether"): it names a question, not the content of a report."""
    return any(c.dep_ == "ccomp" and c.left_edge.lower_ in _WH_WORDS for c in cue.children)


def _type_hints(words: list[str]) -> list[str]:
    table = lexicon()["source_words"]
    return sorted({table[w] for w in words if w in table})


#: Role nouns that say little by themselves: what they belong to decides the type.
GENERIC_ROLES = {
    "spokesman", "spokeswoman", "spokesperson", "official", "director", "head", "chief", "representative",
    "officer", "member", "leader", "chairman", "chairwoman", "chair", "president", "secretary", "deputy",
    "aide", "adviser", "advisor", "executive", "staff", "source", "general", "commissioner", "manager",
}


def mention_features(resolved: Resolved | None, prefix: str) -> Features:
    """Features of a (resolved) source or origin mention: entity type, head, roles and hints."""
    if resolved is None:
        return {f"{prefix}:absent": 1.0}
    words = [w.lower().strip(".,'’") for w in resolved.mention.split()] + [w.lower() for w in resolved.name.split()]
    feats: Features = {f"{prefix}:ent={resolved.entity or 'O'}": 1.0, f"{prefix}:how={resolved.how}": 1.0}
    head = resolved.mention.split()[-1].lower() if resolved.mention else ""
    feats[f"{prefix}:head={head}"] = 1.0
    plain = [r for r in resolved.roles if ":" not in r]
    heads = [r[5:] for r in resolved.roles if r.startswith("head:")]
    affiliations = [r[6:] for r in resolved.roles if r.startswith("affil:")]
    affiliation_hints = _type_hints(affiliations)
    for role in set(plain):
        feats[f"{prefix}:role={role}"] = 1.0
    for hint in _type_hints(words):
        feats[f"{prefix}:hint={hint}"] = 1.0
    for hint in _type_hints(plain):
        feats[f"{prefix}:rolehint={hint}"] = 1.0
    for role_head in set(heads):
        feats[f"{prefix}:rolehead={role_head}"] = 1.0
        if role_head in GENERIC_ROLES:
            feats[f"{prefix}:generic_role"] = 1.0
            for hint in affiliation_hints:
                feats[f"{prefix}:affil_hint={hint}"] = 1.0
            if "affilname:yes" in resolved.roles and not affiliation_hints:
                feats[f"{prefix}:affil_unknown_name"] = 1.0  # a body the lexicon does not know: rarely the state's
            for label in {r[9:] for r in resolved.roles if r.startswith("affilent:")}:
                feats[f"{prefix}:affil_ent={label}"] = 1.0
        else:
            for hint in _type_hints([role_head]):
                feats[f"{prefix}:head_hint={hint}"] = 1.0
    if any(r.startswith("rel:") for r in resolved.roles):  # "X, who leads the committee": what X leads
        for hint in affiliation_hints:
            feats[f"{prefix}:affil_hint={hint}"] = 1.0
        for hint in _type_hints([r[4:] for r in resolved.roles if r.startswith("rel:")]):  # "who teaches ..."
            feats[f"{prefix}:rel_hint={hint}"] = 1.0
    for word in set(words):
        if word and not word[:1].isupper() and len(word) > 2:
            feats[f"{prefix}:word={word}"] = 0.5
    for word in set(resolved.name.split()):  # well-known names carry their type ("Reuters", "KCNA", "UNICEF")
        if word[:1].isupper() and len(word) > 1:
            feats[f"{prefix}:name={word.lower().strip('.,')}"] = 0.5
    if len(resolved.name.split()) == 1 and resolved.name[:1].isupper():
        feats[f"{prefix}:single_name"] = 1.0
    return feats


def cue_features(candidate: Candidate, sent: Span) -> Features:
    """What a reporting cue looks like: its construction, verb, strength, depth, and whether
    it sits inside a quotation or a side clause, and what it governs."""
    cue = candidate.cue[0]
    content = _content_of(candidate.cue[-1])
    modal = any(c.tag_ == "MD" for c in cue.children)  # "could deny", "will find": no report made
    negated = any(c.dep_ == "neg" for c in cue.children)  # "did not say how many": no content (LABELS rule 8)
    feats: Features = {}
    if candidate.construction == "adverb":  # "reportedly peaceful protesters", "reportedly nicknamed": not the main content
        head = cue.head
        feats[f"adverb_on={head.pos_}:{'root' if head.dep_ == 'ROOT' else head.dep_}"] = 1.0
    return feats | {
        f"cue_neg={negated}": 1.0,
        f"cue_neg={negated}:content={content}": 1.0,
        f"asks={_asks(candidate.cue[-1])}": 1.0,
        f"cue_tag={cue.tag_}": 1.0,
        f"cue_modal={modal}": 1.0,
        f"construction={candidate.construction}": 1.0,
        f"cue={candidate.lemma}": 1.0,
        f"{candidate.construction}:{candidate.lemma}": 1.0,
        f"strength={candidate.strength}": 1.0,
        f"depth={_bucket(candidate.depth, (0, 1, 2, 3))}": 1.0,
        f"cue_in_quote={_in_quote(cue, sent)}": 1.0,
        f"cue_side={in_side_clause(cue, sent)}": 1.0,
        f"cue_clause={side_clause(cue, sent) or 'main'}": 1.0,
        f"content={content}": 1.0,
        f"content={content}:{candidate.lemma}": 1.0,
    }


def _mention_kind(candidate: Candidate) -> str:
    if candidate.mention is None:
        return "none"
    root = candidate.mention.root.lower_
    if root in PERSON_PRONOUNS:
        return "person_pronoun"
    if root in GROUP_PRONOUNS:
        return "group_pronoun"
    if root in ("i", "we", "me", "us", "you"):
        return "first_person"
    if root in ("who", "which", "that"):
        return "relative"
    return candidate.mention.root.ent_type_ or candidate.mention.root.pos_


def candidate_features(sent: Span, candidate: Candidate, rank: int, n: int) -> Features:
    """Features for ranking one of a sentence's candidate sources (is it the one?)."""
    cue = candidate.cue[0]
    kind = _mention_kind(candidate)
    feats: Features = {"bias": 1.0, f"rank={min(rank, 3)}": 1.0, f"n={min(n, 4)}": 1.0, f"mention={kind}": 1.0,
                       f"{candidate.construction}:mention={kind}": 1.0, **cue_features(candidate, sent)}
    if candidate.mention is not None:
        mention = candidate.mention
        feats[f"mention_dep={mention.root.dep_}"] = 1.0
        feats[f"mention_in_quote={_in_quote(mention.root, sent)}"] = 1.0
        feats[f"mention_before_cue={mention.start < cue.i}"] = 1.0
        feats[f"mention_len={_bucket(len(mention), (1, 2, 4))}"] = 1.0
        feats[f"mention_side={in_side_clause(mention.root, sent)}"] = 1.0
    return feats


def attribution_features(items: list[SentenceAnalysis], i: int) -> Features:
    """Features for ``source_type``: the chosen cue, its source, origin and quote context."""
    item = items[i]
    att = item.attribution
    feats: Features = {"bias": 1.0, f"n_cands={min(len(att.candidates), 3)}": 1.0}
    if att.chosen is not None:
        c = att.chosen
        feats.update(cue_features(c, item.span))
        share = (c.cue[0].i - item.span.start) / max(len(item.span), 1)
        feats[f"cue_at={'start' if share < 0.25 else 'end' if share > 0.7 else 'middle'}"] = 1.0
    for other in att.candidates[1:3]:
        feats[f"other_cand={other.construction}:{other.lemma}"] = 1.0
    feats.update(mention_features(att.source, "src"))
    feats[f"origin={'yes' if att.origin is not None else 'no'}"] = 1.0
    text = item.span.text
    feats[f"quote_chars={any(q in text for q in QUOTES)}"] = 1.0
    feats[f"starts_quote={text[:1] in QUOTES}"] = 1.0
    feats[f"continues_quote={att.continues_quote}"] = 1.0
    if att.context is not None:
        feats["context=yes"] = 1.0
        for name, value in mention_features(att.context, "ctx").items():
            feats[name] = value
        if att.chosen is None:
            feats["context_only"] = 1.0
    if i > 0:
        prev = items[i - 1].attribution
        feats[f"prev_cand={prev.chosen.construction if prev.chosen else 'none'}"] = 1.0
    first = item.span[0]
    if first.pos_ in ("PRON", "DET") or first.is_quote or first.lower_ in ("according", "but", "and", "however"):
        feats[f"first={first.lower_}"] = 1.0
    return feats


def certainty_features(items: list[SentenceAnalysis], i: int) -> Features:
    """Features for ``certainty``: hedges, their strength and place, doubt-carrying verbs."""
    item = items[i]
    span = item.span
    feats: Features = {"bias": 1.0}
    for cue in item.hedges:
        place = "side" if in_side_clause(cue.span.root, span) else "main"
        quoted = "q" if _in_quote(cue.span[0], span) else "nq"
        word = cue.text.lower()
        feats[f"hedge={cue.category}"] = feats.get(f"hedge={cue.category}", 0.0) + 1.0
        feats[f"hedge={cue.category}:{place}"] = 1.0
        feats[f"hedge_word={word}"] = 1.0
        feats[f"hedge_word={word}:{place}"] = 1.0
        feats[f"hedge={cue.category}:{quoted}"] = 1.0
        for flag in cue.flags:
            feats[f"hedge_flag={flag}:{place}"] = 1.0
        root = cue.span.root
        if "modal" in cue.flags:
            head = root.head
            feats[f"modal={word}:head={head.lemma_.lower()}"] = 1.0
            feats[f"modal={word}:neg={any(c.dep_ == 'neg' for c in head.children)}"] = 1.0
            subject = next((c for c in head.children if c.dep_ in ('nsubj', 'nsubjpass')), None)
            feats[f"modal={word}:subj={subject.pos_ if subject is not None else 'none'}"] = 1.0
            if head.dep_ in ("ROOT", "ccomp"):
                feats[f"modal={word}:clause={head.dep_}"] = 1.0
    att = item.attribution
    if att.chosen is not None:
        feats[f"att_strength={att.chosen.strength}"] = 1.0
        if att.chosen.strength != "neutral":  # "claimed", "insisted"; a neutral "according to" says nothing of certainty
            feats[f"att_cue={att.chosen.lemma}"] = 1.0
    if "?" in span.text:
        feats["question"] = 1.0
    if any(t.lower_ == "if" for t in span):
        feats["if"] = 1.0
    if not item.hedges:
        feats["no_hedge"] = 1.0
    return feats


def _is_furniture(span: Span) -> bool:
    words = [t for t in span if not t.is_punct]
    return len(words) <= _FURNITURE_MAX_TOKENS and not any(t.pos_ in ("VERB", "AUX") for t in words)


@lru_cache(maxsize=1)
def _page_marker_words() -> re.Pattern[str]:
    words = sorted(lexicon()["page_furniture"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _is_page_marker(span: Span) -> bool:
    """A short line of the lexicon's ``page_furniture`` words ("Hashtags", "Related Articles",
    "2 hours ago", "Most Viewed", "Watch now") or a copyright line ("© 2026 ...")."""
    if span.text.lstrip().startswith("©"):
        return True
    words = [t for t in span if not t.is_punct]
    if len(words) > _FURNITURE_MAX_TOKENS:
        return False
    found = _page_marker_words().search(span.text.lower())
    if found is None:
        return False
    # a phrase of three words or more ("you may also like", "all rights reserved") is furniture
    # as it stands; a shorter one in a sentence is not ("The SBU did not comment.", an answer
    # "About three years ago.", "The latest news came on Monday.")
    if len(found.group().split()) >= 3:
        return True
    text = span.text.rstrip()
    ends_sentence = text.endswith((".", "!", "?")) and not text.endswith("...")
    return not ends_sentence and not any(t.dep_ in ("nsubj", "nsubjpass") and span.start <= t.head.i < span.end for t in words)


def _mark_page_tail(items: list[SentenceAnalysis]) -> None:
    """Mark sentences after a page-furniture line that ends an article (:func:`_is_page_marker`)
    once the body has begun: teasers of other stories follow it. Datelines, captions and
    interview speaker tags do not count. Words match whole ("ago", not "Chicago")."""
    body, started = 0, False
    for item in items:
        item.tail_started = started
        marker = _is_page_marker(item.span)
        started = started or (marker and body >= 3)
        if not item.furniture and not marker:
            body += 1


def kind_features(items: list[SentenceAnalysis], i: int) -> Features:
    """Features for ``kind``: shape, position and whether page furniture came before."""
    span = items[i].span
    words = [t for t in span if not t.is_punct and not t.is_space]
    n = len(words)
    feats: Features = {"bias": 1.0, f"len={_bucket(n, (1, 2, 4, 6, 10, 20))}": 1.0}
    feats[f"pos={_bucket(i, (0, 1, 2, 5))}"] = 1.0
    if i > 0:  # position 0 has its own features; one signal, not three, for "first line"
        feats[f"relpos={int(10 * i / max(len(items), 1))}"] = 1.0
    ends = span.text.rstrip()[-1:] in SENTENCE_END
    verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    feats[f"ends_punct={ends}"] = 1.0
    feats[f"has_verb={verb}"] = 1.0
    if i == 0:  # a headline rarely ends like a sentence; a lead always does
        feats[f"first:ends_punct={ends}:verb={verb}"] = 1.0
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    feats[f"title_case={_bucket(int(10 * capitalised / max(n, 1)), (3, 6, 8))}"] = 1.0
    feats[f"has_digit={any(t.like_num for t in words)}"] = 1.0
    if n <= _FURNITURE_MAX_TOKENS:
        for t in words:
            feats[f"short_word={t.lower_}"] = 1.0
    if items[i].tail_started:
        feats["page_tail_started"] = 1.0
    before = [items[j].furniture for j in range(max(0, i - 40), i)]
    feats[f"furniture_before={_bucket(sum(before), (0, 1, 2, 4))}"] = 1.0
    if before and any(before[-3:]):
        feats["furniture_recent"] = 1.0
    feats[f"furniture_self={items[i].furniture}"] = 1.0
    lead = {t.lower_ for item in items[:3] for t in item.span if t.pos_ == "PROPN"}
    own = {t.lower_ for t in span if t.pos_ == "PROPN"}
    if own:
        feats[f"shares_lead_names={bool(own & lead)}"] = 1.0
    for offset in (-1, 1):
        j = i + offset
        if 0 <= j < len(items):
            feats[f"nb{offset}:furniture={items[j].furniture}"] = 1.0
        elif offset > 0:
            feats["last_line"] = 1.0
    if items[i].tail_started:  # separate weights for the page tail, where full sentences are teasers
        feats.update({f"tail:{name}": value for name, value in list(feats.items()) if not name.startswith("short_word")})
    return feats


FEATURIZERS = {
    "kind": kind_features,
    "source_type": attribution_features,
    "certainty": certainty_features,
}


def featurize(items: list[SentenceAnalysis]) -> dict[str, list[Features]]:
    """Feature dicts for every axis and sentence of one article."""
    return {axis: [make(items, i) for i in range(len(items))] for axis, make in FEATURIZERS.items()}
