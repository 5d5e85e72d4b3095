"""Source finding: who a sentence is attributed to, and whom they cite.

Three steps, each a plain function over spaCy spans:

1. :func:`find_candidates` reads the dependency parse for reporting
   constructions ("X said", "according to X", "is believed to", ...) and
   returns every candidate source with the cue that introduces it.
2. :func:`find_origin` looks for the one the source cites ("citing Y",
   "information from Y", "briefed by Y", "quoted Y as saying").
3. :class:`Resolver` maps a mention ("he", "the lawmaker", "Lee") to the most
   informative mention of the same source in the article ("Lee Seong-kweun"),
   with the role words the article uses for it ("lawmaker", "member of
   parliament"), which the source-type model uses as features.

The models decide whether a sentence is attributed and to which type; this
module only proposes spans.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from .cues import cues_in, lexicon

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"they", "them", "it", "we", "their", "its"}
_DROP_FROM_PHRASE = {"relcl", "acl", "appos", "advcl", "parataxis", "punct", "cc", "conj", "prep", "case"}
_KEEP_PREP_HEADS = {"of", "in", "at", "for", "from", "on"}
_ORIGIN_NOUNS = {"information", "intelligence", "data", "assessment", "assessments", "briefing", "estimate", "report", "reports", "figures"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_STOP_WORDS = {"the", "a", "an", "of", "for", "and", "in", "on", "'s", "’s"}
_CONTENT_VERB_DEPS = {"ccomp", "xcomp", "parataxis", "advcl", "conj", "ROOT"}


@dataclass
class Candidate:
    """A possible source of a sentence: the cue that introduces it and the mention it names."""

    construction: str  # verb, according_to, report_noun, colon, dash, passive, adverb, signature
    cue: list[Token]
    mention: Span | None
    strength: str = "neutral"  # neutral / firm / doubt, from the lexicon
    depth: int = 0  # dependency distance of the cue from the sentence root
    label: str | None = None  # a transcript's speaker tag ("WN", "Q"), shown as the cue of every line of its turn

    @property
    def cue_text(self) -> str:
        if self.label is not None:
            return self.label
        doc = self.cue[0].doc
        return doc[self.cue[0].i : self.cue[-1].i + 1].text

    @property
    def lemma(self) -> str:
        return self.construction if self.label is not None else self.cue[0].lemma_.lower()


@dataclass
class Resolved:
    """A mention resolved against the article: the name to show and what is known of it."""

    name: str
    mention: str
    entity: str = ""
    roles: list[str] = field(default_factory=list)
    how: str = "self"  # self / name / description / pronoun


_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s-]")
_STOP = {"the", "a", "an", "of", "in", "and", "s", "mr", "ms", "dr"}


def normalise(text: str | None) -> str:
    """Lower-case, drop punctuation, possessive 's and a leading article, for span matching."""
    if not text:
        return ""
    text = text.lower().replace("’s", "").replace("'s", "")
    text = _NON_WORD.sub(" ", text)
    return _LEADING_ARTICLE.sub("", " ".join(text.split()))


def spans_overlap(gold: str | None, predicted: str | None) -> bool:
    """Whether two source strings share a content word (after normalising)."""
    return bool((set(normalise(gold).split()) - _STOP) & (set(normalise(predicted).split()) - _STOP))


def _depth(token: Token, sent: Span) -> int:
    depth = 0
    while token.head.i != token.i and token.head.i >= sent.start and token.head.i < sent.end and depth < 20:
        token, depth = token.head, depth + 1
    return depth


def noun_phrase(token: Token) -> Span:
    """The compact phrase headed by ``token``: its modifiers, without clauses and appositions.

    "Sergei Shoigu, head of Russia's Security Council, who ..." gives "Sergei Shoigu";
    "state media in Pyongyang" keeps its place; "Seoul's spy agency" keeps its owner.
    """
    keep = [token]
    for child in token.children:
        if child.dep_ in _DROP_FROM_PHRASE and not (child.dep_ == "prep" and child.lower_ in _KEEP_PREP_HEADS and child.i > token.i and _short(child)):
            continue
        keep.extend(child.subtree)
    if token.ent_iob_ in ("B", "I"):
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            keep.extend(ent)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    doc = token.doc
    while start < end - 1 and (doc[start].is_punct or doc[start].is_quote):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "case" or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return doc[start:end]


_NAME_POS = {"PROPN", "DET", "PART", "ADP", "CCONJ", "ADJ"}


def _short(prep: Token) -> bool:
    """A prepositional phrase worth keeping in a mention: a few words, or a longer name
    ("the head of Estonia's Foreign Intelligence Service"), never a clause."""
    words = list(prep.subtree)
    if any(t.dep_ in ("relcl", "acl") for t in words):
        return False
    return len(words) <= 5 or (len(words) <= 8 and all(t.pos_ in _NAME_POS for t in words[1:]))


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS and not _nameless(child):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)
    if verb.dep_ == "relcl":
        return verb.head
    return None


_QUANTITY_HEADS = {"%", "percent", "per", "majority", "minority", "half", "third", "thirds", "quarter", "quarters",
                   "most", "many", "some", "several", "all", "dozens", "hundreds", "thousands", "number", "share"}


def _through_quantity(token: Token) -> Token:
    """"95% of the participants said", "a majority of economists expect": the people counted."""
    if token.lower_ not in _QUANTITY_HEADS and token.pos_ != "NUM":
        return token
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return pobj if pobj is not None else token


_LEADING_NAME = re.compile(r"^(?:[\w'’.-]+\s+){0,5}[A-Z][\w'’.-]*$")


def _leading_name(verb: Token, sent: Span) -> Span | None:
    """A name the parse lost before a parenthetical: "Dovzhenko, citing general staff figures,
    said ..." (the words before the sentence's first comma, ending in a capitalised word,
    speak for a main verb that has no subject)."""
    if verb.dep_ != "ROOT":
        return None
    comma = next((t for t in sent if t.text == ","), None)
    if comma is None or comma.i >= verb.i or comma.i == sent.start:
        return None
    lead = sent.doc[sent.start : comma.i]
    if any(t.pos_ in ("VERB", "AUX") for t in lead) or lead[0].pos_ in ("ADP", "SCONJ") or not lead[0].is_title \
            or not _LEADING_NAME.match(lead.text) or (len(lead) == 1 and _discourse_word(lead[0])):
        return None  # not "In the border city of Narva, ..." nor "However, ..."
    return lead


_TIME_ADVERBS = {"earlier", "later", "instead", "overall", "today", "yesterday", "tomorrow", "nonetheless", "furthermore"}


def _discourse_word(token: Token) -> bool:
    """A sentence adverb ("However", "Separately", "Earlier"), not a name the tagger took for one."""
    return token.is_stop or (token.pos_ in ("ADV", "ADJ") and (token.lower_.endswith("ly") or token.lower_ in _TIME_ADVERBS))


def _relative_speaker(verb: Token, sent: Span) -> Span | None:
    """The speaker a relative clause cut off from its verb: "Kristjan Lepp, who runs a hardware
    shop near the bridge, said ..." (the clause right before the verb's comma hangs on the name)."""
    doc = verb.doc
    if verb.i - 2 < sent.start or doc[verb.i - 1].text != ",":
        return None
    relative = next((t for t in (doc[verb.i - 2], *doc[verb.i - 2].ancestors) if t.dep_ == "relcl"), None)
    if relative is None or relative.head.i >= relative.i or relative.head.pos_ not in ("PROPN", "NOUN"):
        return None
    return noun_phrase(relative.head)


def _person_before(verb: Token, subject: Token | None) -> Token | None:
    """A name right before the verb inside a long subject the parse got wrong: in "Longtime Imus
    in the Morning writer and performer Rob Bartlett tweeted" the speaker is Rob Bartlett."""
    if subject is None or subject.i >= verb.i or subject.ent_type_ == "PERSON" or subject.pos_ != "PROPN":
        return None  # "The lawyer for Maria Lopez said": the lawyer
    last = verb.doc[verb.i - 1]
    if last.ent_type_ != "PERSON" or not subject.left_edge.i <= last.i <= subject.right_edge.i:
        return None
    ent = next((e for e in verb.doc.ents if e.start <= last.i < e.end), None)
    return ent.root if ent is not None and ent.end == verb.i else None


def _phrase_before(verb: Token, sent: Span) -> Token | None:
    """The speaker a parse hung elsewhere: '..., a senior official who asked not to be named
    told Reuters' (the words between the comma and a subject-less verb are one noun phrase)."""
    doc = verb.doc
    comma = next((t for t in reversed(doc[sent.start : verb.i]) if t.text in _FRAME_MARKS), None)
    if comma is None or comma.i >= verb.i - 1 or any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    head = doc[verb.i - 1]
    while head.head.i != head.i and comma.i < head.head.i < verb.i:
        head = head.head
    whole = head.left_edge.i == comma.i + 1 and head.right_edge.i == verb.i - 1
    return head if whole and head.pos_ in ("NOUN", "PROPN") else None


_TIME_PREPOSITIONS = {"after", "before", "since", "until", "till", "following", "as", "when", "while"}


def _stranded_apposition(verb: Token, sent: Span) -> Token | None:
    """A speaker the parse hung on an opening phrase: 'In a post on Telegram, the agency, known
    as HUR, said ...' (the parser makes "the agency" an apposition of "Telegram" and leaves
    "said" without a subject): an apposition inside a prepositional phrase that ends where
    the verb begins."""
    if any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    for token in sent:
        if token.i >= verb.i:
            break
        between = verb.doc[token.right_edge.i + 1 : verb.i]
        if token.dep_ == "appos" and token.head.dep_ == "pobj" and all(t.is_punct for t in between):
            # "a week after Sergei Shoigu, head of ..., said": a time clause the parser misread, not a frame
            return token if token.head.head.lower_ not in _TIME_PREPOSITIONS else None
    return None


def _agent(verb: Token) -> Token | None:
    """The "by X" of a passive reporting verb."""
    if verb.tag_ != "VBN":
        return None
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _verb_candidates(sent: Span) -> list[Candidate]:
    """A candidate for each reporting verb the cue marker found in the sentence."""
    found = []
    for cue in cues_in(sent.doc._.reporting or [], sent):
        if not cue.category.startswith("verb:"):
            continue
        token, strength = cue.span[0], cue.category[5:]
        if token.lemma_.lower() == "cite" and token.dep_ in ("advcl", "acl", "xcomp"):
            continue  # "citing Y" names the origin, not the speaker
        subject = _phrase_before(token, sent) or _subject(token) or _stranded_apposition(token, sent)
        subject = _person_before(token, subject) or subject
        if token.lemma_.lower() in lexicon()["passive_only_verbs"]["verbs"] and (subject is None or subject.dep_ != "nsubjpass"):
            continue  # "I understand the risk" reports nothing; "is understood to" does
        if token.lemma_.lower() in lexicon()["frame_only_verbs"]["verbs"] and not _frames_speech(token, sent):
            continue  # "fighting continued" reports nothing; 'Johnson continued, "..."' does
        agent = _agent(token)
        if agent is not None:  # "the outbreak was confirmed by the government"
            found.append(Candidate("verb", [token], noun_phrase(agent), strength, _depth(token, sent)))
            continue
        if subject is not None and subject.dep_ == "nsubjpass" and token.lemma_.lower() != "quote":
            found.append(Candidate("passive", [token], None, strength, _depth(token, sent)))
            continue
        mention = noun_phrase(_through_report_noun(_through_quantity(subject))) if subject is not None \
            else _adjacent_speaker(token, sent) or _relative_speaker(token, sent) or _leading_name(token, sent)
        found.append(Candidate("verb", [token], mention, strength, _depth(token, sent)))
    return found


def _frames_speech(verb: Token, sent: Span) -> bool:
    """Whether a verb frames what was said: a that-clause, a report noun as object ("issued a
    statement"), a figure ("put the death toll at 60"), or a quotation or colon right beside it
    ('..., he continued', 'continued: "...')."""
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "dobj" and child.lower_ in lexicon()["report_nouns"]
                                     and any(c.dep_ in ("acl", "relcl", "ccomp") for c in child.children)):
            return True  # "issued a statement saying ...", not "issued a press release"
        if child.dep_ == "dobj" and child.lemma_.lower() in lexicon()["figure_nouns"]:
            return True  # "put the death toll at 60"
    doc = verb.doc
    near = doc[max(verb.i - 3, sent.start) : verb.i].text + " " + doc[verb.i + 1 : min(verb.i + 3, sent.end)].text
    return any(mark in near for mark in ('"', "“", "”", ":"))


_SPEAKER_WORDS = ("PROPN", "NOUN", "ADJ", "DET", "NUM")
_FRAME_MARKS = {",", '"', "”", "’", "—", "–", "-"}


def _adjacent_speaker(verb: Token, sent: Span) -> Span | None:
    """A speaker the parse lost, next to a quotation's verb: '"...," Caloundra coach Geoff
    Ingram said' or '"...," said coach Geoff Ingram' (the words between the quotation's
    closing comma or mark and the verb, or after the verb to the end, ending in a name or noun)."""
    doc = verb.doc
    start = verb.i
    while start > sent.start and not doc[start - 1].is_punct and verb.i - start < 6:
        start -= 1
    if sent.start < start < verb.i and doc[start - 1].text in _FRAME_MARKS and doc[verb.i - 1].pos_ in ("PROPN", "NOUN"):
        return doc[start : verb.i]
    end = verb.i + 1
    while end < sent.end and doc[end].pos_ in _SPEAKER_WORDS and not doc[end].is_punct and end - verb.i <= 6:
        end += 1
    if end > verb.i + 1 and doc[end - 1].pos_ in ("PROPN", "NOUN") and (end == sent.end or doc[end].is_punct) \
            and verb.i > sent.start and doc[verb.i - 1].is_punct:
        return doc[verb.i + 1 : end]
    return None


def _through_report_noun(token: Token) -> Token:
    """A document's author: "a report by Reuters", "the army's assessment", "NEOC data",
    "the official WHO report", "calculations by the Board of Trade" -> the author."""
    if token.lower_ not in lexicon()["report_nouns"]:
        return token
    owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her")), None)
    by = next((c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of")), None)
    pobj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    named = next((c for c in token.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"), None)
    author = owner or pobj or named or _signed_by(token)
    return _through_report_noun(author) if author is not None else token  # "the summary of the decision"


def _signed_by(token: Token) -> Token | None:
    """The agent of a participle on a document: "the decree signed by the Pope" -> the Pope."""
    for participle in (c for c in token.children if c.dep_ == "acl"):
        for agent in (c for c in participle.children if c.dep_ == "agent"):
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def _report_nouns(sent: Span) -> list[Candidate]:
    """"The army's assessment is that the town will fall": a possessed report noun as subject
    of a clause-taking "be"."""
    found = []
    for token in sent:
        if token.lower_ in lexicon()["report_nouns"] and token.dep_ == "nsubj" and token.head.lemma_ == "be":
            target = _through_report_noun(token)
            if target is not token and any(c.dep_ in ("ccomp", "attr") for c in token.head.children):
                found.append(Candidate("report_noun", [token], noun_phrase(target), "neutral", _depth(token, sent)))
    return found


_DASHES = {"—", "–", "―", "--", "-"}


def _quote_frames(sent: Span) -> list[Candidate]:
    """Quotes introduced with a colon ('The minister was blunt: "We will not pay."') or
    closed with a dash ('"We will not pay" — the finance minister.')."""
    found = []
    tokens = list(sent)
    verbs = [c for c in cues_in(sent.doc._.reporting or [], sent) if c.category.startswith("verb:")]  # one above frames it
    for k, token in enumerate(tokens):
        following = tokens[k + 1 : k + 3]
        clause = _clause_before(tokens[k - 1], token) if token.text == ":" and k > 0 else []  # the clause it closes, root last
        if clause and any(t.is_quote for t in following) and not any(c.span[0] in clause for c in verbs):
            subject = _subject(clause[-1])
            subject = subject or next((t for t in reversed(tokens[:k]) if t.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and (subject.pos_ in ("NOUN", "PROPN") or subject.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS):
                found.append(Candidate("colon", [token], noun_phrase(subject), "neutral", 0))
        if token.text in _DASHES and k > 0 and tokens[k - 1].is_quote and len(tokens) - k <= 10:
            named = next((t for t in tokens[k + 1 :] if t.pos_ in ("NOUN", "PROPN")), None)
            if named is not None:
                head = named
                while head.head.i != head.i and head.head.i > token.i and head.head.pos_ in ("NOUN", "PROPN"):
                    head = head.head
                found.append(Candidate("dash", [token], noun_phrase(head), "neutral", 0))
    return found


def _clause_before(token: Token, colon: Token) -> list[Token]:
    """The token and its heads that come before the colon, up to the root of what precedes it."""
    return [t for t in (token, *token.ancestors) if t.i < colon.i]


def _according_to(sent: Span) -> list[Candidate]:
    found = []
    for token in sent:
        if token.lower_ != "according" or token.i + 1 >= sent.end or token.nbor().lower_ != "to":
            continue
        to = token.nbor()
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            continue
        head = objects[0]
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        sharer = _shared_by(head)
        if sharer is not None:
            head = sharer  # "according to information from Y shared by X" -> X (Y is the origin)
        elif head.lower_ in _ORIGIN_NOUNS and owner is not None:
            head = owner  # "according to the NIS's assessments" -> the NIS
        elif head.lower_ in _ORIGIN_NOUNS:
            source = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "from"), None)
            pobj = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
            head = pobj or _through_report_noun(head)
        else:
            head = _through_report_noun(head)
        found.append(Candidate("according_to", [token, to], noun_phrase(head), "neutral", _depth(token, sent)))
    return found


_VIEW_NOUNS = {"view", "opinion", "words", "estimation", "judgment", "judgement"}
_BY_NOUNS = {"report", "reports", "account", "accounts", "estimate", "estimates", "count", "counts", "tally"}


def _in_view(sent: Span) -> list[Candidate]:
    """"In his view, ...", "in the opinion of the court", "in Lee's words": an "according to"
    that names its holder by a possessive or an "of"."""
    found = []
    for token in sent:
        by_account = token.head.lower_ == "by" and token.lower_ in _BY_NOUNS  # "by BTP's report", "by some accounts"
        if token.dep_ != "pobj" or not (by_account or (token.lower_ in _VIEW_NOUNS and token.head.lower_ in ("in", "from"))):
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = owner or (next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None)
        if owner is not None or by_account:
            mention = noun_phrase(owner if owner is not None else token)
            found.append(Candidate("according_to", [token.head, token], mention, "neutral", _depth(token, sent)))
    return found


def _shared_by(noun: Token) -> Token | None:
    """X in "information ... shared/provided/released by X"."""
    nouns = [noun] + [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children if g.dep_ == "pobj"]
    for child in (c for n in nouns for c in n.children):
        if child.dep_ in ("acl", "relcl") and child.tag_ == "VBN":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return next((c for c in pobj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), pobj)
    return None


_SIDE_CLAUSES = {"relcl", "acl", "advcl", "appos"}


def in_side_clause(token: Token, sent: Span) -> bool:
    """Whether a token hangs under a relative, adverbial or absolute ("with ...") clause
    rather than the sentence's main content."""
    return side_clause(token, sent) is not None


def side_clause(token: Token, sent: Span) -> str | None:
    """The kind of side clause a token hangs under (its dependency label, or "with" for an
    absolute "with ..." phrase), nearest first; ``None`` on the main content."""
    steps = 0
    while token.head.i != token.i and sent.start <= token.head.i < sent.end and steps < 20:
        if token.dep_ in _SIDE_CLAUSES:
            return token.dep_
        if token.dep_ == "prep" and token.lower_ in ("with", "without"):
            return "with"
        token, steps = token.head, steps + 1
    return None


_DISTANCING_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "reputedly", "ostensibly", "rumoredly", "rumouredly"}


def _distancing(sent: Span) -> list[Candidate]:
    """Author's distancing words with nobody named: "reportedly", "is believed to"."""
    found = []
    for token in sent:
        if token.lower_ in _DISTANCING_ADVERBS and not in_side_clause(token, sent):
            found.append(Candidate("adverb", [token], None, "doubt", _depth(token, sent)))
    return found


def find_candidates(sent: Span) -> list[Candidate]:
    """Every reporting construction in a sentence, nearest the root first."""
    candidates = _verb_candidates(sent) + _according_to(sent) + _in_view(sent) + _report_nouns(sent) + _quote_frames(sent) \
        + _distancing(sent)
    candidates.sort(key=lambda c: (c.depth, c.cue[0].i))
    return candidates


def find_origin(sent: Span) -> tuple[Span | None, str]:
    """The one the speaker cites, with the cue that says so ("citing", "briefed by", ...)."""
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma == "cite" and token.pos_ == "VERB":
            obj = next((c for c in token.children if c.dep_ in ("dobj", "pobj", "attr")), None)
            if obj is not None:
                return noun_phrase(_through_origin_noun(obj)), token.text
        if lemma == "brief" and token.tag_ == "VBN":
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return noun_phrase(pobj), f"{token.text} {agent.text}"
        if lemma == "quote" and token.pos_ == "VERB":
            obj = next((c for c in token.children if c.dep_ == "dobj"), None)
            if obj is None and token.tag_ == "VBN":  # "Liu was quoted as saying": Liu is cited
                obj = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            if obj is not None:
                return noun_phrase(obj), token.text
        shared = token.lower_ in _ORIGIN_NOUNS and _shared_by(token) is not None
        if token.lower_ in _ORIGIN_NOUNS and (shared or token.dep_ != "pobj" or token.head.lower_ != "to"):
            prep = next((c for c in token.children if c.dep_ in ("prep", "agent") and (c.lower_ == "from" or (c.lower_ == "by" and token.lower_ == "briefing"))), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if pobj is not None:
                return noun_phrase(pobj), f"{token.text} {prep.text}"
    return None, ""


def _through_origin_noun(token: Token) -> Token:
    """"citing information from Seoul's spy agency" -> the agency, not the information."""
    if token.lower_ in _ORIGIN_NOUNS:
        prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if pobj is not None:
            return pobj
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
    return token


def role_words(span: Span) -> list[str]:
    """Words that describe a mention, for typing it.

    Plain lemmas of the mention's descriptive words and its apposition, plus
    ``head:<word>`` for the role noun ("lawyer" in "defence lawyer X", "member" in
    "X, a member of parliament") and ``affil:<word>`` / ``affilent:<label>`` for
    what that role belongs to ("HUR" in "HUR spokesman X", "parliament"), so the
    type model can tell a defence lawyer from a defence ministry.
    """
    source_words = lexicon()["source_words"]  # "MI6", "KCNA": the tagger sometimes calls them people
    names = {t.i for t in span if t.ent_type_ == "PERSON" and t.lower_ not in source_words}
    words = [t.lemma_.lower() for t in span if t.i not in names and (t.pos_ in ("NOUN", "PROPN", "ADJ") or t.lower_ in lexicon()["source_words"])]
    title = [t for t in span if t.i not in names and t.pos_ in ("NOUN", "PROPN") and t.is_alpha and not t.ent_type_ in ("GPE", "NORP", "ORG")]
    phrases: list[Token] = []
    if title and names:
        phrases.append(title[-1])
    elif not names and span.root.pos_ == "NOUN":
        phrases.append(span.root)
    appositions = [c for c in span.root.children if c.dep_ == "appos"]
    appositions += [c for t in span if t.i != span.root.i for c in t.children if c.dep_ == "appos" and not span.start <= c.i < span.end]
    for child in appositions:  # on the root, or on another word of a name the tokenizer split ("Lee Min-seo, a researcher")
        words.extend(t.lemma_.lower() for t in child.subtree if t.pos_ in ("NOUN", "PROPN", "ADJ"))
        phrases.append(child)
    if span.root.dep_ == "appos":
        words.extend(t.lemma_.lower() for t in span.root.head.subtree if t.pos_ == "NOUN")
    for head in phrases:
        words.append(f"head:{head.lemma_.lower()}")
        for t in head.subtree if head.i not in range(span.start, span.end) or head.dep_ == "appos" else span:
            if t.i == head.i or t.i in names or t.is_punct or t.pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            words.append(f"affil:{t.lower_}")
            if t.ent_type_:
                words.append(f"affilent:{t.ent_type_}")
            if t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "NORP", "LOC"):
                words.append("affilname:yes")  # "Sea-Eye spokesperson": a named body, whatever the tagger says
    return words


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


@dataclass
class PersonMention:
    """Where a person is named: sentence index, token range, name key, and whether as a subject."""

    index: int
    start: int
    end: int
    key: str
    subject: bool


def _is_subject(root: Token) -> bool:
    """A subject, or in apposition to one ("the lawmaker, Lee, said")."""
    return root.dep_ in _SUBJECTS or (root.dep_ in ("appos", "compound") and root.head.dep_ in _SUBJECTS)


def _under_prep(token: Token, root: Token) -> bool:
    while token.i != root.i and token.head.i != token.i:
        if token.dep_ in ("pobj", "prep"):
            return True
        token = token.head
    return False


def _hyphenated(ent: Span) -> Span:
    """A name the tagger cut at a hyphen: "Chae Woo" + "-seok" -> "Chae Woo-seok"."""
    doc = ent.doc
    end = ent.end
    if end + 1 < len(doc) and doc[end].text in ("-", "‐") and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
            and doc[end + 1].is_alpha:
        return doc[ent.start : end + 2]
    return ent


def _person_key(span: Span) -> str | None:
    """The name word a mention is keyed by; a name inside a prepositional phrase ("the lawyer for
    Maria Lopez") is someone else."""
    names = [t for t in span if t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "") and not _under_prep(t, span.root)]
    return names[-1].text.lower() if names else None


class Resolver:
    """Resolves mentions to the most informative mention of their referent in one article.

    Built from the article's sentences before any is labelled, so that a name
    introduced late ("lawmaker Lee Seong-kweun" after "a South Korean lawmaker")
    still resolves an earlier description.
    """

    def __init__(self, sentences: list[Span]):
        self.people: dict[str, tuple[str, list[str]]] = {}  # name token -> (longest name, role words)
        self.orgs: list[tuple[int, Span]] = []
        self.people_order: list[tuple[int, str]] = []
        self.person_mentions: list[PersonMention] = []
        self.speakers: list[tuple[int, Resolved]] = []
        self.sentences = sentences
        self.acronyms: dict[str, str] = {}
        self.quoted_after = quotes_open_after(sentences)  # whether a quotation is open after each sentence
        self.titled: dict[int, str] = {}  # token of "Secretary of State Mike Pompeo" -> the person's key
        places = _entity_labels(sentences)
        for index, sent in enumerate(sentences):
            titled = _titled_names(sent)
            taken = {t.i for _, name in titled for t in name}
            for title, name in titled:
                quoted = quote_open_after(sent, self.quoted_before(index), name.start_char - sent.start_char)
                key = self._add_person(index, name, quoted, _title_roles(title, name, places))
                self.titled.update((i, key) for i in range(title.start, name.end))
            for ent in sent.ents:
                if ent.label_ == "PERSON" and len(ent) <= 5 and not any(t.i in taken for t in ent):
                    self._add_person(index, ent, quote_open_after(sent, self.quoted_before(index), ent.start_char - sent.start_char))
                elif ent.label_ in ("ORG", "GPE", "NORP", "FAC"):
                    self.orgs.append((index, ent))
            self.orgs += [(index, name) for name in _untagged_bodies(sent)]
        self._find_acronyms()
        self.genders = self._infer_genders()

    def quoted_before(self, index: int) -> bool:
        """Whether a quotation is open where sentence ``index`` begins."""
        return index > 0 and self.quoted_after[index - 1]

    def _find_acronyms(self) -> None:
        """Acronyms the article spells out: "the National Intelligence Service (NIS)", or an
        organisation whose initials they are."""
        names = [ent for _, ent in self.orgs if len(ent) > 1]
        for sent in self.sentences:
            for match in re.finditer(r"((?:[A-Z][\w'’-]*\s+)(?:(?:of|and|for|the|on|de|du)\s+|[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*)\s*\(([A-Z][A-Za-z]{1,7})\)", sent.text):
                words, short = match.group(1).split(), match.group(2)
                for start in range(len(words)):  # "Russia's Federal Security Service (FSB)": drop the owner
                    if not words[start][0].isupper():
                        continue
                    full = " ".join(words[start:])
                    if _initials(full).startswith(short[0]):  # "(FSB)" need not spell the English initials
                        self.acronyms.setdefault(short, _LEADING_ARTICLE.sub("", full))
                        break
        for ent in names:
            initials = _initials(ent.text)
            if len(initials) >= 2 and initials not in self.acronyms:
                self.acronyms[initials] = _LEADING_ARTICLE.sub("", ent.text).removesuffix("'s").removesuffix("’s")

    def _add_person(self, index: int, ent: Span, quoted: bool = False, title: list[str] | None = None) -> str | None:
        """Record a person's name, roles and mention, and return the name's key; a name inside a
        quotation is no salient subject for a later "he" (the speaker is)."""
        ent = _hyphenated(ent)
        tokens = [t.text.lower() for t in ent if t.pos_ == "PROPN"]
        if not tokens:
            return None
        key = next((k for k in tokens if k in self.people), tokens[-1])
        name, roles = self.people.get(key, (ent.text, []))
        if len(ent.text) > len(name):
            name = ent.text
        name = name.removesuffix("'s").removesuffix("’s")
        described = title if title is not None else role_words(_with_compounds(ent)) + _preceding_description(ent)
        roles = roles + described + _relative_description(ent)
        for token in {*tokens, *(k for k, (n, _) in self.people.items() if n == name or n in name)}:
            if token not in self.people or self.people[token][0] in name:
                self.people[token] = (name, roles)
        self.people_order.append((index, key))
        self.person_mentions.append(PersonMention(index, ent.start, ent.end, key, _is_subject(ent.root) and not quoted))
        return key

    def _infer_genders(self) -> dict[str, str]:
        """Grammatical gender per person name ("m"/"f"), where the article shows it.

        Evidence: a title ("Ms", "Mr"), the pronouns the article uses after the name in a
        sentence that names no one else ("Okoro said his ..."), and role words
        ("spokeswoman", "his wife").
        """
        words = lexicon()["gendered_words"]
        votes: dict[str, Counter] = {}
        by_sentence: dict[int, list[PersonMention]] = {}
        for mention in self.person_mentions:
            by_sentence.setdefault(mention.index, []).append(mention)
        for index, mentions in by_sentence.items():
            if len({m.key for m in mentions}) != 1:
                continue
            name = self.people[mentions[0].key][0]
            after = [t for t in self.sentences[index] if t.i >= mentions[0].end]
            for token in after:
                gender = _PRONOUN_GENDER.get(token.lower_)
                if gender:
                    votes.setdefault(name, Counter())[gender] += 2
        for key, (name, roles) in self.people.items():
            for role in roles:
                for gender, listed in (("f", words["female"]), ("m", words["male"])):
                    if role in listed:
                        votes.setdefault(name, Counter())[gender] += 1
        for mention in self.person_mentions:
            doc = self.sentences[mention.index].doc
            titles = {doc[mention.start].lower_, doc[mention.start - 1].lower_ if mention.start > 0 else ""}
            name = self.people[mention.key][0]
            for gender, listed in (("f", words["female"]), ("m", words["male"])):
                if titles & set(listed):
                    votes.setdefault(name, Counter())[gender] += 3
        return {name: count.most_common(1)[0][0] for name, count in votes.items()
                if len(count) == 1 or count.most_common(2)[0][1] > count.most_common(2)[1][1]}

    def spoke(self, index: int, source: Resolved) -> None:
        """Record the source resolved for sentence ``index`` (speakers are salient antecedents)."""
        self.speakers.append((index, source))

    def _person_antecedent(self, pronoun: Span, index: int) -> Resolved | None:
        """The person "he"/"she" most likely refers to: the latest person of agreeing gender
        who spoke or was named as a subject in this sentence (before the pronoun) or the
        three before it; failing that, the latest one of agreeing gender named there at all."""
        gender = _PRONOUN_GENDER.get(pronoun.text.lower())
        events: list[tuple[int, int, bool, Resolved]] = []
        for m in self.person_mentions:
            if index - 3 <= m.index < index or (m.index == index and m.end <= pronoun.start):
                name, roles = self.people[m.key]
                events.append((m.index, m.start, m.subject, Resolved(name, pronoun.text, "PERSON", roles, "pronoun")))
        for at, source in self.speakers:
            if index - 3 <= at < index and (source.entity == "PERSON" or _one_person_described(source)):
                events.append((at, self.sentences[at].end, True, Resolved(source.name, pronoun.text, source.entity, source.roles, "pronoun")))
        events.sort(key=lambda event: event[:2])
        agreeing = [e for e in events if self.genders.get(e[3].name, gender) == gender]
        salient = [e for e in agreeing if e[2]]
        chosen = salient[-1] if salient else agreeing[-1] if agreeing else None
        return chosen[3] if chosen is not None else None

    def resolve(self, mention: Span, index: int, previous: list[Resolved], follow_names: bool = True,
                describe: bool = True) -> Resolved:
        """Resolve a mention in sentence ``index``; ``previous`` are the sources resolved so far.
        ``describe=False`` keeps a description as written (origins are labelled that way)."""
        return self._with_named_affiliations(self._resolve(mention, index, previous, follow_names, describe), index)

    def _resolve(self, mention: Span, index: int, previous: list[Resolved], follow_names: bool, describe: bool) -> Resolved:
        text = mention.text
        lower = text.lower()
        if lower in PERSON_PRONOUNS:
            antecedent = self._person_antecedent(mention, index)
            if antecedent is not None:
                return antecedent
            gender = _PRONOUN_GENDER.get(lower)
            for earlier in reversed(previous):
                if earlier.entity == "PERSON" and self.genders.get(earlier.name, gender) == gender:
                    return Resolved(earlier.name, text, "PERSON", earlier.roles, "pronoun")
            for i, key in reversed(self.people_order):
                if i <= index:
                    name, roles = self.people[key]
                    return Resolved(name, text, "PERSON", roles, "pronoun")
            return Resolved(text, text, "", [], "self")
        if lower in GROUP_PRONOUNS:  # a body that spoke in the last three sentences, else the nearest group subject
            for at, earlier in reversed(self.speakers):
                if index - 3 <= at < index and earlier.entity != "PERSON" and earlier.how != "distancing":
                    return Resolved(earlier.name, text, earlier.entity, earlier.roles, "pronoun")
            group = self._recent_group(mention, index)
            if group is not None:
                return Resolved(group.text, text, group.root.ent_type_, role_words(group), "pronoun")
            for earlier in reversed(previous):
                if earlier.entity != "PERSON":
                    return Resolved(earlier.name, text, earlier.entity, earlier.roles, "pronoun")
            return Resolved(text, text, "", [], "self")
        named = _appositive_name(mention) if follow_names else None
        if named is not None:  # "the EU's top diplomat, Helena Virtanen": the name, with the description's roles
            inner = self.resolve(named, index, previous, follow_names=False)
            return Resolved(inner.name, text, inner.entity or named.root.ent_type_, inner.roles + role_words(mention), "name")
        bare = _LEADING_ARTICLE.sub("", text)
        if bare in self.acronyms:  # "the NIS" -> "the National Intelligence Service"
            return Resolved(self.acronyms[bare], text, "ORG", role_words(mention), "name")
        if mention[0].lower_ in ("the", "this", "that") and mention.root.lower_ in lexicon()["report_nouns"] \
                and not any(c.dep_ == "poss" for c in mention.root.children):
            for earlier in reversed(previous):  # "the report said": the body whose report it is
                if earlier.entity in ("ORG", "GPE", "NORP", "FAC"):
                    return Resolved(earlier.name, text, earlier.entity, earlier.roles, "description")
        key = self.titled.get(mention.root.i) or _person_key(mention)
        if not (key and key in self.people) and len(mention) <= 2:  # a surname the tagger took for an organisation
            key = next((t.text.lower() for t in reversed(mention) if (t.pos_ == "PROPN" or t.text[:1].isupper())
                        and t.text.lower() in self.people), key)
        if key and key in self.people:
            name, roles = self.people[key]
            return Resolved(name, text, "PERSON", roles + role_words(mention), "name" if name != text else "self")
        entity = mention.root.ent_type_
        roles = role_words(mention)
        if describe and not entity and not any(t.pos_ == "PROPN" for t in mention if t.i <= mention.root.i):  # "the head of X" may be a person
            described = self._described(mention, index)
            if described is not None:
                return described
        return Resolved(text, text, entity, roles, "self")

    def _recent_group(self, pronoun: Span, index: int) -> Span | None:
        """"They" / "it": the nearest earlier subject that can be a group (a plural noun,
        or an organisation for "it"), in this sentence before the pronoun or the one before."""
        plural = pronoun.text.lower() in ("they", "them", "we")
        for j in (index, index - 1):
            if j < 0:
                continue
            subjects = [t for t in self.sentences[j] if t.dep_ in ("nsubj", "nsubjpass") and (j < index or t.i < pronoun.start)]
            for subject in reversed(subjects):
                if subject.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
                    continue
                if (plural and subject.tag_ in ("NNS", "NNPS")) or (not plural and subject.ent_type_ in ("ORG", "GPE", "NORP")):
                    return noun_phrase(subject)
        return None

    def _described(self, mention: Span, index: int) -> Resolved | None:
        """"the lawmaker" -> the person the article calls a lawmaker; "the ministry" -> Ministry of X."""
        head = mention.root.lemma_.lower()
        if mention.root.tag_ in ("NNS", "NNPS"):
            return None
        indefinite = mention[0].lower_ in ("a", "an", "another", "one", "some")
        people = sorted(self.people_order, key=lambda item: (item[0] > index, abs(item[0] - index)))
        for at, key in people:
            if indefinite and at <= index:
                continue  # "a spokesperson" after X was named is someone new; before, it may be X introduced late
            name, roles = self.people[key]
            if f"head:{head}" in roles:  # the lawmaker -> "lawmaker Lee"; not "the bank" -> "bank governor X"
                return Resolved(name, mention.text, "PERSON", roles, "description")
            if head in _LEADERS and abs(at - index) <= 2 and _leads(roles):  # "the head of the service ... Roos, who leads it"
                return Resolved(name, mention.text, "PERSON", roles + role_words(mention), "description")
        if indefinite:
            return None
        for at, source in reversed(self.speakers):  # "a senior official said ... The official added": that one
            if index - 10 <= at < index and f"head:{head}" in source.roles and source.how in ("self", "name"):
                return Resolved(source.name, mention.text, source.entity, source.roles, "description")
        heads = lexicon()["description_heads"].get(head, [head])
        for at, source in reversed(self.speakers):  # "the newspaper said": a body that spoke lately
            words = {w.lower().removesuffix("s") for w in source.name.split()}
            if index - 6 <= at < index and source.entity in ("ORG", "GPE", "NORP", "FAC") and source.how != "description" \
                    and (head.removesuffix("s") in words or "*" in heads or words & {h.removesuffix("s") for h in heads}):
                return Resolved(source.name, mention.text, source.entity, source.roles + [head], "description")
        ent = self._nearest_org(head, index)
        if ent is not None:
            name = ent.text.removesuffix("'s").removesuffix("’s")
            return Resolved(name, mention.text, ent.label_, role_words(ent) + [head], "description")
        return None

    def _nearest_org(self, head: str, index: int) -> Span | None:
        """The named organisation nearest sentence ``index`` (earlier ones first) that a
        description headed by ``head`` can mean: "the agency" -> "the Defense Intelligence Agency"."""
        heads = lexicon()["description_heads"].get(head, [head])
        orgs = sorted((item for item in self.orgs if not _in_dateline(item[1])), key=lambda item: (item[0] > index, abs(item[0] - index)))
        for _, ent in orgs:
            lemmas = {t.lemma_.lower().removesuffix("s") for t in ent}  # a name's "Unions" keeps its plural lemma
            if head.removesuffix("s") in lemmas or (ent.label_ == "ORG" and ("*" in heads or lemmas & {h.removesuffix("s") for h in heads})):
                return ent
        return None

    def _nearest_body(self, head: str, index: int) -> str | None:
        """The name of the body "the <head>" means: a body that spoke lately with that head
        word ("Estonia's Foreign Intelligence Service said ... the head of the service"), else
        the nearest named organisation."""
        for at, source in reversed(self.speakers):
            words = {w.lower() for w in source.name.split()}
            if index - 6 <= at <= index and source.entity != "PERSON" and source.how != "description" and head in words:
                return source.name
        ent = self._nearest_org(head, index)
        return ent.text if ent is not None else None

    def _with_named_affiliations(self, resolved: Resolved, index: int) -> Resolved:
        """Add the name of the body a role belongs to when the article gives it only as a
        description ("Marcus Hale, the agency's director" -> the Defense Intelligence Agency), so
        the type model sees "intelligence", not just "agency"."""
        extra = []
        for role in resolved.roles:
            word = role[6:] if role.startswith("affil:") else ""
            if word in lexicon()["description_heads"]:
                name = self._nearest_body(word, index)
                if name:
                    extra += [f"affil:{w.lower()}" for w in name.split() if w.isalpha() and w.lower() not in _STOP_WORDS]
        extra = [role for role in dict.fromkeys(extra) if role not in resolved.roles]
        if not extra:
            return resolved
        return Resolved(resolved.name, resolved.mention, resolved.entity, resolved.roles + extra, resolved.how)


_LEADERS = {"head", "chief", "director", "leader", "boss", "chairman", "chairwoman", "chair"}


def _leads(roles: list[str]) -> bool:
    """Whether a person's roles say they lead something ("chief of MI6", "who has led the agency")."""
    return any(r[5:] in _LEADERS for r in roles if r.startswith("head:")) or \
        any(r[4:] in ("lead", "head", "run", "chair", "direct") for r in roles if r.startswith("rel:"))


def _untagged_bodies(sent: Span) -> list[Span]:
    """Capitalised names of bodies the entity tagger missed ("Estonia's Foreign Intelligence
    Service"): a proper-noun phrase headed by a description word (service, agency, ministry ...)."""
    found = []
    for token in sent:
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ == "compound" or token.lower_ not in lexicon()["description_heads"]:
            continue
        start = token.i
        while start > sent.start and token.doc[start - 1].dep_ == "compound" and token.doc[start - 1].pos_ == "PROPN" \
                and not token.doc[start - 1].ent_type_:
            start -= 1
        if start < token.i:  # "Service" alone is no name
            found.append(Span(token.doc, start, token.i + 1, label="ORG"))
    return found


def _one_person_described(source: Resolved) -> bool:
    """A speaker named only by a singular role noun ("Ukraine's president", "the mayor"): one
    person, so "he said" after it may be them (plural and organisation heads are not)."""
    heads = [r[5:] for r in source.roles if r.startswith("head:")]
    return not source.entity and source.how in ("self", "description") and bool(heads) \
        and heads[0] in lexicon()["person_roles"]["words"] and source.mention.split()[-1].lower() == heads[0]


def _in_dateline(ent: Span) -> bool:
    """The agency of a wire dateline, "SYDNEY (Reuters) -": credited for the story, not a referent."""
    doc = ent.doc
    return ent.start > 0 and doc[ent.start - 1].text == "(" and ent.start - ent.sent.start <= 8 \
        and ent.end < len(doc) and doc[ent.end].text == ")"


def _initials(name: str) -> str:
    """"National Intelligence Service" -> "NIS" (function words skipped)."""
    return "".join(w[0] for w in re.findall(r"[\w'’-]+", _LEADING_ARTICLE.sub("", name)) if w[0].isupper())


_NAME_ENTITIES = ("PERSON", "ORG")


def _appositive_name(mention: Span) -> Span | None:
    """The name a description comes with: "the EU's top diplomat, Helena Virtanen",
    "Germany's domestic intelligence agency, the BfV", "state news agency TASS"."""
    root = mention.root
    if root.ent_type_ in _NAME_ENTITIES or root.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return None
    for child in root.children:
        if child.dep_ == "appos" and (child.ent_type_ in _NAME_ENTITIES or child.pos_ == "PROPN"):
            return noun_phrase(child)
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "at", "for") and root.pos_ == "NOUN"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):  # "the director of the Society, Bob Hughes,"
            person = next((c for c in pobj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if person is not None:
                return noun_phrase(person)
    doc = mention.doc
    after = doc[mention.end] if mention.end < len(doc) else None
    if after is not None and after.ent_type_ in _NAME_ENTITIES and after.ent_iob_ == "B" and root.pos_ == "NOUN":
        return noun_phrase(after)
    if after is not None and after.text == "," and mention.end + 1 < len(doc) and doc[mention.end + 1].ent_type_ == "PERSON" \
            and doc[mention.end + 1].ent_iob_ == "B":  # "a lawmaker, Lee Seong-kweun," parsed without an apposition
        ent = next(e for e in doc.ents if e.start == mention.end + 1)
        return ent if len(ent) <= 5 else None
    return None


@lru_cache(maxsize=1)
def _title_words() -> tuple[frozenset[str], frozenset[str]]:
    """Role nouns that can head a title, and words that end the name of a body (built once:
    every sentence is searched for titles)."""
    table = lexicon()
    bodies = set(table["description_heads"]) | set(table["source_words"]) | set(table["body_words"]["words"])
    return frozenset(table["person_roles"]["words"]), frozenset(bodies)


def _titled_names(sent: Span) -> list[tuple[Span, Span]]:
    """Names after a title with an "of" phrase, as (title, name): "Chief Executive of Hong Kong
    Carrie Lam", "Secretary of State Mike Pompeo", "Mayor of London Sadiq Khan".

    The entity tagger tends to merge such a name into the place ("Hong Kong Carrie Lam" as
    one place) or to cut its first name, and the parse hangs the name under "of"; so the
    capitalised run after "of" is read as place + name, the name being the person entity
    that ends the run or else its last two words.
    """
    doc = sent.doc
    roles, bodies = _title_words()
    found = []
    for of in (t for t in sent if t.lower_ == "of" and t.i > sent.start and doc[t.i - 1].lower_ in roles):
        start = of.i - 1
        while start > sent.start and doc[start - 1].is_alpha and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ") \
                and not doc[start - 1].ent_type_:
            start -= 1  # "Vice President", "First Minister", "Longtime leader"
        begin = of.i + 1 + (of.i + 1 < sent.end and doc[of.i + 1].lower_ == "the")
        end = begin
        while end < sent.end and (doc[end].text[:1].isupper() and doc[end].is_alpha or doc[end].lower_ in ("'s", "’s")):
            end += 1
        person = next((e for e in doc.ents if e.label_ == "PERSON" and e.end == end and begin < e.start), None)
        name = person if person is not None else doc[end - 2 : end]
        if end - begin < 3 or name.start <= begin or doc[end - 1].lower_ in bodies:
            continue
        found.append((doc[start : name.start], name))
    return found


def _entity_labels(sentences: list[Span]) -> dict[str, str]:
    """The entity label each name of a body or place has most often in the article."""
    counts: dict[str, Counter] = {}
    for sent in sentences:
        for ent in sent.ents:
            counts.setdefault(_LEADING_ARTICLE.sub("", ent.text), Counter())[ent.label_] += 1
    return {text: count.most_common(1)[0][0] for text, count in counts.items()}


def _title_roles(title: Span, name: Span, known: dict[str, str]) -> list[str]:
    """Role words of a title with an "of" phrase: "Chief Executive of Hong Kong" -> the role
    "executive", belonging to Hong Kong (a place). The owner's entity label is the one its name
    has elsewhere in the article when the tagger ran it into the person's name."""
    of = next(t for t in title if t.lower_ == "of")
    words = [t.lemma_.lower() for t in title if t.is_alpha and t.lower_ not in ("of", "the")]
    owner = [t for t in title if t.i > of.i and t.is_alpha and t.lower_ != "the"]
    label = known.get(title.doc[owner[0].i : title.end].text.removesuffix("'s").removesuffix("’s")) if owner else None
    if label is None and owner and name[0].ent_iob_ != "I":  # not one entity over place and name
        label = owner[-1].ent_type_ or None
    return words + [f"head:{title.doc[of.i - 1].lemma_.lower()}"] + [f"affil:{t.lower_}" for t in owner] \
        + ([f"affilent:{label}"] if label else [])


def _preceding_description(ent: Span) -> list[str]:
    """Role of "a lawmaker, Lee Seong-kweun": the noun phrase right before a name and a comma."""
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].pos_ == "NOUN":
        noun = doc[ent.start - 2]
        return [noun.lemma_.lower(), f"head:{noun.lemma_.lower()}"] + [
            f"affil:{t.lower_}" for t in noun.children if t.dep_ in ("compound", "amod", "poss") and t.pos_ in ("PROPN", "NOUN", "ADJ")
        ]
    return []


def _relative_description(ent: Span) -> list[str]:
    """Role of "Jukka Rantanen, who leads the committee": the clause's verb and its object."""
    root = ent.root
    for clause in (c for c in root.children if c.dep_ == "relcl"):
        objects = [t for t in clause.children if t.dep_ in ("dobj", "attr")]
        objects += [o for p in clause.children if p.dep_ == "prep" and p.lower_ in ("at", "for", "of", "with") for o in p.children
                    if o.dep_ == "pobj"]  # "who studies the economy at Seoul National University"
        if objects:
            return [f"rel:{clause.lemma_.lower()}"] + [f"affil:{t.lemma_.lower()}" for obj in objects for t in obj.subtree if t.pos_ in ("NOUN", "PROPN")]
    return []


def _with_compounds(ent: Span) -> Span:
    """Extend a person entity left over its title words ("lawmaker Lee Seong-kweun")."""
    start = ent.start
    doc = ent.doc
    while start > ent.sent.start and doc[start - 1].dep_ in ("compound", "amod", "nmod") and doc[start - 1].pos_ in ("NOUN", "ADJ", "PROPN") and doc[start - 1].ent_type_ != "PERSON":
        start -= 1
    return doc[start : ent.end]


@dataclass
class Attribution:
    """What the parse says about one sentence's source, before any model has spoken."""

    candidates: list[Candidate]
    chosen: Candidate | None
    source: Resolved | None
    origin: Resolved | None
    origin_cue: str
    continues_quote: bool
    context: Resolved | None  # the source a continued quotation or report would inherit

    @property
    def attribution_cues(self) -> list[str]:
        cues = [self.chosen.cue_text] if self.chosen is not None else []
        return cues + ([self.origin_cue.split()[0]] if self.origin_cue else [])


_OPENING = ("“", "‘")
_CLOSING_MARKS = ('"', "”", "’", "»")


_QUOTE_MARKS = re.compile(r"``|''|[“”\"«»„]")


def quote_open_after(sent: Span, open_before: bool, upto: int | None = None) -> bool:
    """Whether a quotation is still open at the end of the sentence (or at character
    ``upto`` of its text).

    Curly quotes, straight quotes, guillemets and the typewriter pair ``...''
    (wire copy and some newspapers) all count. A straight quote that opens the sentence
    opens a quotation even when one is open: a new paragraph of a quotation reopens it.
    """
    state = open_before
    text = sent.text[:upto]
    lead = len(text) - len(text.lstrip())
    for match in _QUOTE_MARKS.finditer(text):
        mark = match.group()
        if mark in ("“", "``", "«", "„") or (mark == '"' and match.start() == lead):
            state = True
        elif mark in ("”", "''", "»"):
            state = False
        else:
            state = not state
    return state


def quotes_open_after(sentences: list[Span]) -> list[bool]:
    """:func:`quote_open_after` for every sentence of an article, carried from one to the next."""
    states: list[bool] = []
    for sent in sentences:
        states.append(quote_open_after(sent, bool(states) and states[-1]))
    return states


def _dash_signature(sent: Span) -> Span | None:
    """The name in a closing signature line such as "― Carla Sanchez" or "—The mayor of London"."""
    text = sent.text.lstrip("”\"' ")
    if text[:1] not in "―—–-" or len(sent) > 14:
        return None
    names = [t for t in sent if t.pos_ in ("PROPN", "NOUN")]
    return noun_phrase(names[0]) if names else None


#: Mentions that name nobody.
_NAMELESS = {"who", "which", "that"}


def _nameless(token: Token) -> bool:
    """A relative pronoun names no one ("WHO", the World Health Organization, does)."""
    return token.lower_ in _NAMELESS and token.text != "WHO"


#: A speaker's own "I"/"we": inside a quotation, the quotation's speaker is the source.
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}


#: Picks the source among a sentence's candidates: the rule below, or a trained ranker
#: (:class:`attrib.model.CandidateRanker`) that a model passes in.
Chooser = Callable[[Span, list[Candidate]], "Candidate | None"]


def rule_choice(sent: Span, candidates: list[Candidate]) -> Candidate | None:
    """The candidate nearest the root that names someone; else the nearest at all."""
    named = [c for c in candidates if c.mention is not None and not _nameless(c.mention.root)]
    if named:
        return prefer_distancing(candidates, named[0])
    return candidates[0] if candidates else None


def prefer_distancing(candidates: list[Candidate], chosen: Candidate) -> Candidate:
    """The author's distancing words win over a named cue no nearer the root: in "He is
    reportedly in good health and is being questioned by police" the claim rests on
    "reportedly", not on the police."""
    if chosen.construction == "according_to":  # "X is believed to ..., according to Y": Y's belief
        return chosen
    distancing = [c for c in candidates if c.depth <= chosen.depth and (
        c.construction == "adverb" or (c.construction == "passive" and (c.strength == "doubt" or c.lemma == "say")))]
    return distancing[0] if distancing else chosen


def attribute(sentences: list[Span], choose: Chooser | None = None) -> list[Attribution]:
    """Candidate sources, the chosen one resolved, origins and quote continuation, per sentence.

    ``choose`` picks among a sentence's candidates (default: :func:`rule_choice`)."""
    resolver = Resolver(sentences)
    resolved_so_far: list[Resolved] = []
    out: list[Attribution] = []
    for index, sent in enumerate(sentences):
        quote_open = resolver.quoted_before(index)
        candidates = find_candidates(sent)
        unquoted = [c for c in candidates if not quote_open_after(sent, quote_open, c.cue[0].idx - sent.start_char)]
        chosen = (choose or rule_choice)(sent, candidates)
        framing = [c for c in unquoted if c.mention is not None]
        if chosen is not None and framing and chosen not in unquoted:
            chosen = (choose or rule_choice)(sent, framing)  # 'Johnson continued, "I hope ..."': the frame, not "I"
        source = None
        if chosen is not None and chosen.mention is not None and not _nameless(chosen.mention.root):
            source = resolver.resolve(chosen.mention, index, resolved_so_far)
            resolved_so_far.append(source)
            resolver.spoke(index, source)
        elif chosen is not None and chosen.construction in ("passive", "adverb"):
            words = _distancing_words(chosen, sent)
            source = Resolved(words, words, "", [], "distancing")
        origin_span, origin_cue = find_origin(sent)
        origin = resolver.resolve(origin_span, index, resolved_so_far, describe=False) if origin_span is not None else None
        starts_quoted = sent.text[:1] in _OPENING or sent.text[:1] == '"'
        introduced = index > 0 and sentences[index - 1].text.rstrip().endswith(":") and not unquoted  # 'Caddell continued:'
        continues = quote_open or (starts_quoted and not unquoted) or introduced  # a quotation with no cue outside it runs on
        previous = out[-1] if out else None
        context = None
        if previous is not None and (continues or _continues_report(sent)):
            context = previous.source if previous.source is not None else previous.context
        quoted_cue = chosen is not None and quote_open_after(sent, quote_open, chosen.cue[0].idx - sent.start_char)
        if source is not None and context is not None and (source.mention.lower() in _FIRST_PERSON or quoted_cue):
            source = context  # '"We will win," ... / "It shows how ...,"': the quotation's speaker, not "I" or "it"
        out.append(Attribution(candidates, chosen, source, origin, origin_cue, continues, context))
    _signed_quotes(sentences, out, resolver)
    _original_language_quotes(sentences, out)
    _transcript_turns(sentences, out, resolver)
    _interview_answers(sentences, out, resolver)
    _back_fill_open_quotes(sentences, out)
    return out


_SPEAKER_TAG = re.compile(r"^[\"“]?(Q|A|[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}):\s+(?=\S)")
_TURN_LENGTH = 8


def _speaker_tag(sent: Span, resolver: Resolver) -> Span | str | None:
    """The speaker label of a transcript line: "PENCE: ...", "Mike Pence: ...", "Q: ...", "A: ...".

    A label counts only when it names a person the article knows (so "SEOUL: ..." stays a
    dateline); "Q" and "A" are returned as such."""
    match = _SPEAKER_TAG.match(sent.text)
    if match is None:
        return None
    if match.group(1) in ("Q", "A"):
        return match.group(1)
    label = sent.char_span(match.start(1), match.end(1))
    if label is None or any(t.ent_type_ in ("GPE", "LOC", "FAC", "NORP", "DATE", "TIME") for t in label) \
            or label[-1].lower_ in lexicon()["credit_labels"]["words"]:  # "Susan Rice Image: White House."
        return None
    return label if label[-1].text.lower() in resolver.people else None


_INTERVIEW_WORDS = re.compile(r"\b(interview\w*|spoke (?:to|with)|talked (?:to|with)|questions)\b", re.IGNORECASE)


def _interview_parties(resolver: Resolver, sentences: list[Span]) -> dict[str, Resolved]:
    """Who "Q" and "A" are: the outlet the article names first (else its first organisation),
    and the person it names most."""
    parties: dict[str, Resolved] = {}
    media = _media_words()
    orgs = [ent for _, ent in resolver.orgs if ent.label_ == "ORG"]
    introducing = [ent for ent in orgs if _INTERVIEW_WORDS.search(ent.sent.text)]  # "The Korea Ledger spoke to Han"
    outlets = [ent for ent in orgs if {w.lower() for w in ent.text.split()} & media] or introducing[:1] or orgs[:1]
    if outlets:
        parties["Q"] = Resolved(_LEADING_ARTICLE.sub("", outlets[0].text), "Q", "ORG", role_words(outlets[0]), "name")
    interviewee = _interviewee(resolver, sentences)
    counts = Counter(key for _, key in resolver.people_order)
    if interviewee is not None:
        parties["A"] = Resolved(interviewee.name, "A", interviewee.entity or "PERSON", interviewee.roles, "name")
    elif counts:
        name, roles = resolver.people[counts.most_common(1)[0][0]]
        parties["A"] = Resolved(name, "A", "PERSON", roles, "name")
    return parties


def _interviewee(resolver: Resolver, sentences: list[Span]) -> Resolved | None:
    """Whom the article says it interviewed: "spoke to Han Ok-sun", "interviewed Rain Kuusik"."""
    for index, sent in enumerate(sentences):
        if not _INTERVIEW_WORDS.search(sent.text):
            continue
        for token in sent:
            if token.lemma_ in ("speak", "talk") and token.pos_ == "VERB":
                preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "with")]
                people = [o for prep in preps for o in prep.children if o.dep_ == "pobj"]
            elif token.lemma_ == "interview" and token.pos_ == "VERB":
                people = [c for c in token.children if c.dep_ == "dobj"]
            else:
                continue
            people += [a for o in people for a in o.children if a.dep_ == "appos"]  # "one of the candidates, Craig Farquharson"
            named = [o for o in people if o.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in o.children)]
            subject = _subject(token)
            if named and _is_outlet(named[0]) and subject is not None and subject.pos_ == "PROPN":
                named = [subject]  # "Parker spoke with Wikinews": Parker is the one interviewed
            if named and not _is_outlet(named[0]):
                return resolver.resolve(noun_phrase(named[0]), index, [], describe=False)
    return None


_OWN_LINE_TAG = re.compile(r"^(?:\(\((?P<paren>[^()]{1,40})\)\)\s*:?|(?P<plain>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]+){0,2})\s*:)\s*$")
_INLINE_TAG = re.compile(r"^(?:\(\((?P<paren>[^()]{1,40})\)\)\s*:?|(?P<plain>Q|A)\s*:)\s*(?=\S)")
_ANSWER_LENGTH = 40
_QUESTION_BLOCK = 3


def _interview_tag(sent: Span) -> str | None:
    """The speaker tag a transcript line opens with, on a line of its own ("((WN))",
    "((Sara Seager))", "NG:") or before the words ("((WSS)) : Which ...?", "Q: How ...?")."""
    text = sent.text.strip()
    match = _OWN_LINE_TAG.match(text) or _INLINE_TAG.match(text)
    return (match.group("paren") or match.group("plain")).strip() if match is not None else None


def _tag_speaker(label: str, resolver: Resolver, parties: dict[str, Resolved]) -> Resolved | None:
    """Who a tag names: the interviewer ("Q", "WN": the outlet), the interviewee ("A"), or a
    person of the article by name or initials ("Sara Seager", "NG")."""
    interviewers = lexicon()["interviewer_tags"]["tags"]
    if label in interviewers:
        outlet = interviewers[label]
        return Resolved(outlet, label, "ORG", [], "name") if outlet else parties.get("Q")
    if label == "A":
        return parties.get("A")
    people = list(resolver.people.values())
    named = next(((n, r) for n, r in people if n.split()[-1].lower() == label.split()[-1].lower()), None)
    if named is None and label.isupper() and 2 <= len(label) <= 4:  # initials
        named = next(((n, r) for n, r in people if _initials(n) == label), None)
    return Resolved(named[0], label, "PERSON", named[1], "name") if named is not None else None


def _media_words() -> set[str]:
    """Words the lexicon types as news media ("newspaper", "Reuters", "KCNA")."""
    return {w for w, kind in lexicon()["source_words"].items() if kind in ("media", "state_media")}


def _is_outlet(token: Token) -> bool:
    """A news outlet by name ("Wikinews", "The Korea Ledger", "AFP"): the interviewer's side."""
    words = {t.lower_ for t in noun_phrase(token)}
    return bool(words & _media_words()) or token.text in lexicon()["interviewer_tags"]["tags"]


def _reads_as_answer(sentences: list[Span], start: int, tagged: list[bool]) -> bool:
    """Whether the untagged lines after a question read as its answer: a short reply ("No.",
    "Much less than before."), or someone saying "I" or "we". An article that prints only its
    questions resumes its narrative there, speaking of the interviewee in the third person."""
    end = next((k for k in range(start, len(sentences)) if tagged[k]), len(sentences))
    lines = sentences[start:min(end, start + _TURN_LENGTH)]
    return len(lines) <= 2 or any(_first_person(t) for sent in lines for t in sent)


def _first_person(token: Token) -> bool:
    """"I", "we", "my", ... but not "US" (the country)."""
    return token.lower_ in _FIRST_PERSON and (token.text == "I" or not token.text.isupper())


def _question_block_end(sentences: list[Span], start: int, tagged: list[bool]) -> int:
    """The last sentence of the interviewer's turn that opens at ``start``: the last question
    among the next few sentences ('Q: You mentioned smugglers. Was it still possible ...?')."""
    end = start
    for k in range(start, min(start + _QUESTION_BLOCK + 1, len(sentences))):
        if k > start and tagged[k]:
            break
        if sentences[k].text.rstrip(' "”’').endswith("?"):
            end = k
    return end


def _names_someone_else(attribution: Attribution) -> bool:
    """A sentence that gives its own third party as source ('South Korea's Unification Ministry
    says ...') ends an answer that no tag marked."""
    chosen = attribution.chosen
    mention = chosen.mention if chosen is not None else None
    return mention is not None and mention.root.pos_ == "PROPN" and mention.root.ent_type_ in ("ORG", "GPE", "NORP")


def _interview_answers(sentences: list[Span], out: list[Attribution], resolver: Resolver) -> None:
    """Interviews: a tag gives its speaker to the lines up to the next tag. The interviewer's
    turn is the question block; when no tag marks the answer, the lines after the questions
    are the interviewee's, up to a sentence naming another source. Inside a turn every
    sentence is the speaker's, whatever it reports ("Dr Boersma began this study ...")."""
    tags = [_interview_tag(s) for s in sentences]
    if not any(tags):
        return
    parties = _interview_parties(resolver, sentences)
    tagged = [t is not None for t in tags]
    speaker, turn, questions_end, inferred, asking = None, 0, -1, False, False
    for index, sent in enumerate(sentences):
        label = tags[index]
        if label is not None:
            speaker, turn, inferred = _tag_speaker(label, resolver, parties), 0, False
            asking = label in lexicon()["interviewer_tags"]["tags"]
            questions_end = _question_block_end(sentences, index, tagged) if asking else -1
        elif index > questions_end >= 0 and not inferred:
            answer = parties.get("A") if _reads_as_answer(sentences, index, tagged) else None
            speaker, turn, inferred, asking = answer, 0, True, False  # the untagged answer
        if inferred and _names_someone_else(out[index]):
            speaker = None
        turn += 1
        if speaker is not None and turn <= (_TURN_LENGTH if inferred else _ANSWER_LENGTH):
            cue = Candidate("question" if asking else "tag", [sent[0]], None, "neutral", 0, label=speaker.mention)
            out[index].candidates.insert(0, cue)
            out[index].chosen, out[index].source, out[index].context = cue, speaker, None


def _transcript_turns(sentences: list[Span], out: list[Attribution], resolver: Resolver) -> None:
    """A transcript's speaker labels: the labelled line is the speaker's, and so are the lines
    after it, up to the next label (a turn of at most eight sentences). Q/A lines are read again
    by :func:`_interview_answers`, which sets their turns; what stays from this pass is the
    outlet as context of lines after a question turn (+0.003 attributed F1 in cross-validation)."""
    parties: dict[str, Resolved] | None = None
    speaker, turn = None, 0
    for index, sent in enumerate(sentences):
        tag = _speaker_tag(sent, resolver)
        if tag is None and (_SPEAKER_TAG.match(sent.text) or out[index].chosen is not None):
            speaker = None  # another label ("SEOUL: ...") or a sentence with its own source ends the turn
        if tag is not None:
            if isinstance(tag, str):
                parties = parties if parties is not None else _interview_parties(resolver, sentences)
                speaker = parties.get(tag)
            else:
                speaker = resolver.resolve(tag, index, [])
            turn = 0
            if speaker is not None and out[index].chosen is None:
                construction = "question" if tag == "Q" else "tag"
                cue = Candidate(construction, [sent[0]], tag if not isinstance(tag, str) else None, "neutral", 0,
                                label=tag if isinstance(tag, str) else tag.text)
                out[index].candidates.insert(0, cue)
                out[index].chosen, out[index].source = cue, speaker
            continue
        turn += 1
        if speaker is not None and turn <= _TURN_LENGTH and out[index].chosen is None and out[index].context is None:
            out[index].context, out[index].continues_quote = speaker, True


def _distancing_words(candidate: Candidate, sent: Span) -> str:
    """The author's distancing phrase as written: "is believed to" rather than "believed"."""
    cue = candidate.cue[0]
    for hedge in sent.doc._.hedges or []:
        if hedge.span.start <= cue.i < hedge.span.end:
            return hedge.text
    return candidate.cue_text


_LANGUAGE_TEMPLATE = re.compile(r"^\(\([a-z]{2,3}\)\)\s*[A-Z][a-z]+(?: language)?:")
_ENGLISH_WORDS = {"the", "of", "and", "to", "is", "in", "that", "it", "was", "for", "we", "i", "this", "are"}


def _original_language_quotes(sentences: list[Span], out: list[Attribution]) -> None:
    """A quotation given in its original language after the English ("((ru))Russian: ..." in
    Wikinews) is the same speaker's, and so are the foreign sentences that follow it."""
    for index, sent in enumerate(sentences):
        if not _LANGUAGE_TEMPLATE.match(sent.text) or index == 0:
            continue
        previous = out[index - 1]
        speaker = previous.source if previous.source is not None else previous.context
        if speaker is None:
            continue
        j = index
        while j < len(sentences) and j - index < 10 and out[j].chosen is None \
                and (j == index or not {t.lower_ for t in sentences[j]} & _ENGLISH_WORDS):
            out[j].context, out[j].continues_quote = speaker, True
            j += 1


def _signed_quotes(sentences: list[Span], out: list[Attribution], resolver: Resolver) -> None:
    """A quotation signed on the next line ("... ” / ― Carla Sanchez") takes the signer as source;
    a dash line after text that is no quotation (a teaser's "- CNA") signs only itself."""
    for index, sent in enumerate(sentences):
        signer = _dash_signature(sent)
        if signer is None or out[index].chosen is not None:
            continue
        resolved = resolver.resolve(signer, index, [])
        cue = Candidate("signature", [sent[0]], signer, "neutral", 0)
        out[index].candidates.insert(0, cue)
        out[index].chosen, out[index].source = cue, resolved
        signs_quote = index > 0 and (resolver.quoted_after[index - 1] or sentences[index - 1].text.rstrip()[-1:] in _CLOSING_MARKS)
        for j in range(index - 1, max(-1, index - 9) if signs_quote else index - 1, -1):  # back to where it opens
            if out[j].chosen is not None:
                break
            out[j].context, out[j].continues_quote = resolved, True
            if sentences[j].text[:1] in _OPENING or sentences[j].text[:1] == '"':
                break


def _back_fill_open_quotes(sentences: list[Span], out: list[Attribution]) -> None:
    """Sentences of a quotation whose speaker is named only where it closes (“A. B. C,” he said)."""
    open_before = False
    opened_at: int | None = None
    for index, sent in enumerate(sentences):
        open_after = quote_open_after(sent, open_before)
        if not open_before and open_after:
            opened_at = index
        if open_before and not open_after and opened_at is not None:
            closing = out[index]
            speaker = closing.source if closing.chosen is not None else None
            if speaker is not None:
                for j in range(opened_at, index):
                    if out[j].source is not None and out[j].source.mention.lower() in _FIRST_PERSON:
                        out[j].source = speaker
                    if out[j].chosen is None:  # the speaker named where it closes beats one inherited from before
                        out[j].context = speaker
                        out[j].continues_quote = True
            opened_at = None
        open_before = open_after


def _continues_report(sent: Span) -> bool:
    """"He added that ...", "She also said ...", "This includes ..." refer back to the last report."""
    first = sent[0]
    if first.lower_ in ("this", "that", "these", "those") and first.dep_ in ("nsubj", "nsubjpass"):
        return True
    return first.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS and any(t.lower_ in ("added", "also", "continued", "went") for t in sent[1:4])
