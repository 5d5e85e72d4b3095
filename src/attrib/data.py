"""Reading, validating and writing labelled data in the ``LABELS.md`` format.

One article per JSONL line. Everything that reads labelled data goes through
:func:`read_articles`, so a malformed file fails the same way everywhere: with
a :class:`DataError` naming the file, the line and the field.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .labels import CERTAINTIES, KINDS, SOURCE_TYPES


class DataError(ValueError):
    """A labelled-data file breaks the LABELS.md contract (message names file, line, field)."""


@dataclass
class Sentence:
    """One labelled sentence. ``None`` labels mean "not annotated" in outside sets."""

    text: str
    kind: str = "statement"
    source: str | None = None
    source_type: str | None = None
    origin: str | None = None
    origin_type: str | None = None
    other_sources: list[str] = field(default_factory=list)
    certainty: str | None = None
    hedge_cues: list[str] = field(default_factory=list)
    attribution_cues: list[str] = field(default_factory=list)
    #: PolNeAR-style sets annotate only "attributed or not"; derived otherwise.
    attributed: bool | None = None
    #: Graded certainty of outside sets (Pei & Jurgens: annotator mean, 1-6, higher = more certain).
    certainty_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for name in ("attributed", "certainty_score"):
            if out[name] is None:
                del out[name]
        return out


@dataclass
class Article:
    """An article: its id, metadata and sentences in reading order."""

    id: str
    sentences: list[Sentence]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The article text rebuilt from its sentences (one space between them)."""
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "meta": self.meta, "sentences": [s.to_dict() for s in self.sentences]}


_LIST_FIELDS = ("other_sources", "hedge_cues", "attribution_cues")
_LABEL_FIELDS = ("source", "source_type", "origin", "origin_type", "certainty")


def _fail(where: str, field_name: str, why: str) -> DataError:
    return DataError(f"{where}: field '{field_name}': {why}")


def _check_choice(value: Any, allowed: Iterable[str], where: str, name: str, required: bool) -> None:
    if value is None:
        if required:
            raise _fail(where, name, "is missing (required for statements)")
        return
    if value not in allowed:
        raise _fail(where, name, f"unknown label {value!r} (allowed: {', '.join(allowed)})")


def _check_cues(raw: dict[str, Any], where: str) -> None:
    lowered = raw["text"].lower()
    for name in ("hedge_cues", "attribution_cues"):
        for cue in raw.get(name) or []:
            if not isinstance(cue, str) or not cue.strip():
                raise _fail(where, name, f"cue {cue!r} is not a non-empty string")
            if cue.lower() not in lowered:
                raise _fail(where, name, f"cue {cue!r} does not occur in the sentence text")


def _check_statement(raw: dict[str, Any], where: str, strict: bool) -> None:
    source_type, source = raw.get("source_type"), raw.get("source")
    _check_choice(source_type, SOURCE_TYPES, where, "source_type", strict)
    _check_choice(raw.get("certainty"), CERTAINTIES, where, "certainty", strict)
    origin_types = [t for t in SOURCE_TYPES if t != "none"]
    _check_choice(raw.get("origin_type"), origin_types, where, "origin_type", False)
    if strict:
        if source_type == "none" and source is not None:
            raise _fail(where, "source", "must be null when source_type is 'none'")
        if source_type != "none" and not (isinstance(source, str) and source.strip()):
            raise _fail(where, "source", f"must name the source when source_type is {source_type!r}")
        if (raw.get("origin") is None) != (raw.get("origin_type") is None):
            raise _fail(where, "origin", "origin and origin_type must both be set or both null")
        if raw.get("origin") is not None and source_type == "none":
            raise _fail(where, "origin", "an unattributed statement cannot cite an origin")
        hedges = raw.get("hedge_cues") or []
        if raw.get("certainty") == "certain" and hedges:
            raise _fail(where, "hedge_cues", "must be empty when certainty is 'certain'")
        if raw.get("certainty") in ("probable", "possible") and not hedges:
            raise _fail(where, "hedge_cues", f"must list the cue that makes it {raw['certainty']!r}")
        _check_cues(raw, where)  # outside sets may place a cue outside the sentence


def _check_non_statement(raw: dict[str, Any], where: str) -> None:
    for name in ("source", "source_type", "origin", "origin_type", "certainty"):
        if raw.get(name) not in (None,):
            raise _fail(where, name, f"must be null for kind {raw['kind']!r}")


def parse_sentence(raw: Any, where: str, strict: bool = True) -> Sentence:
    """Check one sentence record against LABELS.md and build a :class:`Sentence`.

    ``strict`` is for the project's own data: every statement must carry
    ``source_type`` and ``certainty``. Outside sets use ``null`` for "not annotated".
    """
    if not isinstance(raw, dict):
        raise _fail(where, "sentences", "each sentence must be a JSON object")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _fail(where, "text", "must be a non-empty string")
    kind = raw.get("kind", "statement")
    if kind not in KINDS:
        raise _fail(where, "kind", f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
    for name in _LIST_FIELDS:
        value = raw.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise _fail(where, name, "must be a list of strings")
    for name in ("source", "origin"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            raise _fail(where, name, "must be a string or null")
    if kind == "statement":
        _check_statement(raw, where, strict)
    elif strict:
        _check_non_statement(raw, where)
    attributed = raw.get("attributed")
    if attributed is not None and not isinstance(attributed, bool):
        raise _fail(where, "attributed", "must be true, false or absent")
    score = raw.get("certainty_score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
        raise _fail(where, "certainty_score", "must be a number or absent")
    return Sentence(
        text=text,
        kind=kind,
        attributed=attributed,
        certainty_score=None if score is None else float(score),
        **{name: raw.get(name) for name in _LABEL_FIELDS},
        **{name: list(raw.get(name) or []) for name in _LIST_FIELDS},
    )


def parse_article(line: str, where: str, strict: bool = True) -> Article:
    """Parse one JSONL line into an :class:`Article`, or raise :class:`DataError`."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(raw, dict):
        raise DataError(f"{where}: each line must be a JSON object (one article)")
    article_id = raw.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        raise _fail(where, "id", "must be a non-empty string")
    sentences = raw.get("sentences")
    if not isinstance(sentences, list) or not sentences:
        raise _fail(where, "sentences", "must be a non-empty list")
    meta = raw.get("meta") or {}
    if not isinstance(meta, dict):
        raise _fail(where, "meta", "must be an object")
    parsed = [parse_sentence(s, f"{where}: sentence {i + 1}", strict) for i, s in enumerate(sentences)]
    return Article(id=article_id, sentences=parsed, meta=meta)


def iter_articles(path: str | Path, strict: bool = True) -> Iterator[Article]:
    """Yield the articles of a LABELS.md JSONL file, validating each line as it is read."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    seen: set[str] = set()
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                article = parse_article(line, f"{path}:{number}", strict)
                if article.id in seen:
                    raise _fail(f"{path}:{number}", "id", f"duplicate article id {article.id!r}")
                seen.add(article.id)
                yield article
        except UnicodeDecodeError:
            raise DataError(f"{path}: not UTF-8 text") from None
    if not seen:
        raise DataError(f"{path}: no articles (the file is empty)")


def read_articles(paths: str | Path | Iterable[str | Path], strict: bool = True) -> list[Article]:
    """Read and validate one or more LABELS.md files into a list of articles."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return [article for path in paths for article in iter_articles(path, strict)]


def check_splits(splits: dict[str, list[Article]]) -> None:
    """Raise :class:`DataError` if an article or a statement appears in two splits.

    Splits are by article; a sentence repeated across splits (a copied
    paragraph) would leak test text into training just the same.
    """
    article_split: dict[str, str] = {}
    sentence_split: dict[str, tuple[str, str]] = {}
    for split, articles in splits.items():
        for article in articles:
            if article_split.setdefault(article.id, split) != split:
                raise DataError(f"article {article.id!r} is in both {article_split[article.id]} and {split}")
            for sentence in article.sentences:
                if sentence.kind == "boilerplate":
                    continue
                key = " ".join(sentence.text.lower().split())
                other = sentence_split.setdefault(key, (split, article.id))
                if other[0] != split:
                    raise DataError(
                        f"sentence {sentence.text[:60]!r} is in {other[0]} ({other[1]}) and {split} ({article.id})"
                    )


def write_articles(articles: Iterable[Article], path: str | Path) -> None:
    """Write articles as JSONL atomically: a crash never leaves a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- comparison pairs (data/compare/, scored by `attrib evaluate-compare`) ----------

#: Allowed ``detail`` of each change type in a gold comparison pair.
CHANGE_DETAILS = {
    "certainty": ("direction", {"firmer", "softer"}),
    "attribution": ("change", {"lost", "gained", "changed"}),
    "origin": ("change", {"dropped", "added", "changed"}),
    "figure": (None, {"differs"}),
}


@dataclass
class ComparePair:
    """Two reports of one event, as gold sentences, with the claims a careful editor aligns
    and the changes marked on each (format: data/compare/README.md)."""

    id: str
    a: list[str]
    b: list[str]
    a_statements: list[bool]
    b_statements: list[bool]
    groups: list[tuple[list[int], list[int], list[tuple[str, str]]]]
    only_a: list[int]
    only_b: list[int]


def change_key(change: dict[str, Any]) -> tuple[str, str]:
    """(type, detail) of a gold change record, e.g. ("certainty", "softer")."""
    field_name, _ = CHANGE_DETAILS[change["type"]]
    return change["type"], change[field_name] if field_name else "differs"


def parse_pair(line: str, where: str) -> ComparePair:
    try:
        raw = json.loads(line)
        sides = {side: raw[side]["sentences"] for side in ("a", "b")}
        kinds = {side: raw[side].get("kinds") or ["statement"] * len(sides[side]) for side in ("a", "b")}
        groups = []
        for group in raw["alignment"]:
            changes = []
            for change in group["changes"]:
                if change.get("type") not in CHANGE_DETAILS:
                    raise DataError(f"{where}: unknown change type {change.get('type')!r}")
                key = change_key(change)
                if key[1] not in CHANGE_DETAILS[key[0]][1]:
                    raise DataError(f"{where}: unknown {key[0]} change {key[1]!r}")
                changes.append(key)
            groups.append((list(group["a"]), list(group["b"]), changes))
        pair = ComparePair(str(raw["id"]), sides["a"], sides["b"], [k == "statement" for k in kinds["a"]],
                           [k == "statement" for k in kinds["b"]], groups, list(raw["only_a"]), list(raw["only_b"]))
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: not valid JSON ({exc.msg})") from None
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"{where}: not a comparison pair (missing or malformed {exc})") from None
    for side, only, statements in (("a", pair.only_a, pair.a_statements), ("b", pair.only_b, pair.b_statements)):
        used = [i for group in pair.groups for i in group[0 if side == "a" else 1]] + only
        wanted = [i for i, is_statement in enumerate(statements) if is_statement]
        if sorted(used) != wanted:
            raise DataError(f"{where}: every statement of {side} must be in exactly one group or in only_{side}")
    return pair


def read_pairs(path: str | Path) -> list[ComparePair]:
    """Read and validate a file of gold comparison pairs (one JSON object per line)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    pairs = [parse_pair(line, f"{path}:{n}") for n, line in enumerate(lines, 1) if line.strip()]
    if not pairs:
        raise DataError(f"{path}: no pairs (the file is empty)")
    return pairs
