"""Building and checking the project's corpus in ``data/``.

``python -m attrib.corpus validate FILE...`` checks files against LABELS.md;
``stats`` prints the counts the data card reports; ``skeleton`` turns raw text
into an unlabelled LABELS.md record (sentences from attrib's own splitter) for
a labeller to fill in; ``add`` files labelled articles into train/dev/test by
article (articles sharing a sentence stay together), 70/15/15 by statements,
deterministically, leaving articles already filed where they are.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import typer

from .data import Article, DataError, Sentence, check_splits, read_articles, write_articles
from .labels import CERTAINTIES, SOURCE_TYPES

DATA_DIR = Path("data")
SPLITS = ("train", "dev", "test")
SHARES = {"train": 0.70, "dev": 0.15, "test": 0.15}

app = typer.Typer(help="Corpus tools: validate, count, skeleton, add.", no_args_is_help=True)


def assign_splits(articles: list[Article], fixed: dict[str, str] | None = None) -> dict[str, str]:
    """Split of every article: articles that share a sentence (a reused background
    paragraph) form one group, and a group goes wholly to one split.

    ``fixed`` maps articles already in the corpus to their split: they stay there (so a
    test set stays the test set when the corpus grows), a new article sharing a sentence
    with one joins it, and only groups of new articles are dealt."""
    parent = {a.id: a.id for a in articles}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    owner: dict[str, str] = {}
    for article in articles:
        for sentence in article.sentences:
            if sentence.kind == "boilerplate":
                continue
            key = " ".join(sentence.text.lower().split())
            first = owner.setdefault(key, article.id)
            a, b = root(first), root(article.id)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(root(article.id), []).append(article)
    return _balance(list(groups.values()), fixed or {})


def _statements(group: list[Article]) -> int:
    return sum(s.kind == "statement" for a in group for s in a.sentences)


def _balance(groups: list[list[Article]], fixed: dict[str, str]) -> dict[str, str]:
    """Deal groups, in a fixed pseudo-random order, to the split furthest below its share
    of statements, separately for real and written text so both are in every split; a
    group with an article in ``fixed`` keeps that article's split."""
    assignment: dict[str, str] = {}
    for origin in ("wikinews", "other"):
        mine = [g for g in groups if (g[0].meta.get("origin") == "wikinews") == (origin == "wikinews")]
        mine.sort(key=lambda g: hashlib.sha256(min(a.id for a in g).encode()).hexdigest())
        filled = {name: 0 for name in SPLITS}
        placed = []
        for group in mine:
            kept = {fixed[a.id] for a in group if a.id in fixed}
            if len(kept) > 1:
                raise DataError(f"articles {sorted(a.id for a in group)} share a sentence but are filed in {sorted(kept)}")
            if kept:
                split = kept.pop()
                filled[split] += _statements(group)
                assignment.update({a.id: split for a in group})
            else:
                placed.append(group)
        for group in placed:
            size = _statements(group)
            total = sum(filled.values()) + size
            split = max(SPLITS, key=lambda name: SHARES[name] * total - filled[name])
            filled[split] += size
            assignment.update({a.id: split for a in group})
    return assignment


def load_splits(data_dir: Path = DATA_DIR) -> dict[str, list[Article]]:
    """Read train/dev/test, validated, and check no article or sentence is in two splits."""
    splits = {name: read_articles(data_dir / f"{name}.jsonl") for name in SPLITS if (data_dir / f"{name}.jsonl").exists()}
    check_splits(splits)
    return splits


def skeleton(article_id: str, text: str, meta: dict) -> Article:
    """An unlabelled article: every sentence a `none`/`certain` statement, to be labelled."""
    from .nlp import split_sentences

    sentences = [Sentence(text=s, source_type="none", certainty="certain") for s in split_sentences(text)]
    return Article(id=article_id, sentences=sentences, meta=meta)


def counts(articles: list[Article]) -> dict[str, Counter]:
    """Counts per label (statements only for the label axes), as the data card reports them."""
    out: dict[str, Counter] = {"kind": Counter(), "source_type": Counter(), "certainty": Counter(), "other": Counter()}
    for article in articles:
        out["other"]["articles"] += 1
        for s in article.sentences:
            out["kind"][s.kind] += 1
            if s.kind != "statement":
                continue
            out["source_type"][s.source_type] += 1
            out["certainty"][s.certainty] += 1
            out["other"]["with origin"] += s.origin is not None
            out["other"]["with other_sources"] += bool(s.other_sources)
    return out


@app.command()
def validate(files: list[Path]) -> None:
    """Validate LABELS.md files (and, for data/, that splits do not overlap)."""
    try:
        by_file = {str(f): read_articles(f) for f in files}
        check_splits(by_file)
    except DataError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    total = sum(len(a) for a in by_file.values())
    typer.echo(f"ok: {len(files)} file(s), {total} article(s)")


@app.command()
def stats(data_dir: Path = DATA_DIR) -> None:
    """Print counts per label and split (the table in data/README.md)."""
    splits = load_splits(data_dir)
    by_origin = {}
    for name, articles in splits.items():
        for article in articles:
            group = "real (wikinews)" if article.meta.get("origin") == "wikinews" else "written"
            by_origin.setdefault(group, []).append(article)
    tables = {**{k: counts(v) for k, v in splits.items()}, "all": counts([a for v in splits.values() for a in v])}
    tables.update({k: counts(v) for k, v in sorted(by_origin.items())})
    columns = list(tables)
    rows = [("articles", "other", "articles")]
    rows += [(k, "kind", k) for k in ("statement", "headline", "boilerplate")]
    rows += [(k, "source_type", k) for k in SOURCE_TYPES]
    rows += [(k, "certainty", k) for k in CERTAINTIES]
    rows += [(k, "other", k) for k in ("with origin", "with other_sources")]
    typer.echo("| label | " + " | ".join(columns) + " |")
    typer.echo("|---" * (len(columns) + 1) + "|")
    for label, axis, key in rows:
        typer.echo(f"| {label} | " + " | ".join(str(tables[c][axis][key]) for c in columns) + " |")


def agreement_scores(first: list[Article], second: list[Article]) -> dict[str, dict[str, float]]:
    """Cohen's kappa per axis between two labellings of the same sentences (and raw agreement)."""
    from sklearn.metrics import cohen_kappa_score

    from .sources import spans_overlap

    by_id = {a.id: a for a in second}
    pairs = [(x, y) for a in first if a.id in by_id for x, y in zip(a.sentences, by_id[a.id].sentences)]
    if any(x.text != y.text for x, y in pairs):
        raise DataError("the two files do not have the same sentences")
    statements = [(x, y) for x, y in pairs if x.kind == y.kind == "statement"]
    axes = {
        "kind": [(x.kind, y.kind) for x, y in pairs],
        "attributed": [(x.source_type != "none", y.source_type != "none") for x, y in statements],
        "source_type": [(x.source_type, y.source_type) for x, y in statements],
        "certainty": [(x.certainty, y.certainty) for x, y in statements],
    }
    out = {}
    for axis, labels in axes.items():
        a, b = [str(p[0]) for p in labels], [str(p[1]) for p in labels]
        out[axis] = {"n": len(labels), "kappa": round(float(cohen_kappa_score(a, b)), 3),
                     "agreement": round(sum(p == q for p, q in zip(a, b)) / max(len(a), 1), 3)}
    both = [(x, y) for x, y in statements if x.source and y.source]
    out["source_span"] = {"n": len(both), "overlap": round(sum(spans_overlap(x.source, y.source) for x, y in both) / max(len(both), 1), 3)}
    return out


@app.command()
def agreement(first: Path, second: Path) -> None:
    """Inter-annotator agreement (Cohen's kappa per axis) between two labellings of the same articles."""
    try:
        scores = agreement_scores(read_articles(first), read_articles(second))
    except DataError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo("| axis | sentences | Cohen's kappa | raw agreement |")
    typer.echo("|---|---|---|---|")
    for axis, s in scores.items():
        if "kappa" in s:
            typer.echo(f"| {axis} | {s['n']} | {s['kappa']:.3f} | {s['agreement']:.3f} |")
    typer.echo(f"| source span (overlap, both attributed) | {scores['source_span']['n']} | – | {scores['source_span']['overlap']:.3f} |")


@app.command("skeleton")
def skeleton_command(
    text_file: Path = typer.Argument(..., help="A .txt file, or a JSONL of {id,text,...} with --jsonl"),
    article_id: str = typer.Option(None, "--id"),
    jsonl: bool = typer.Option(False, help="Input is JSONL with id/text/url/date fields"),
    ids: str = typer.Option("", help="Comma-separated ids to take from the JSONL"),
) -> None:
    """Print unlabelled LABELS.md records for text, for a labeller to fill in."""
    if not jsonl:
        record = skeleton(article_id or text_file.stem, text_file.read_text(encoding="utf-8"), {})
        print(json.dumps(record.to_dict(), ensure_ascii=False))
        return
    wanted = set(filter(None, ids.split(",")))
    for line in text_file.open(encoding="utf-8"):
        raw = json.loads(line)
        if wanted and raw["id"] not in wanted:
            continue
        meta = {"url": raw.get("url"), "date": raw.get("date"), "title": raw.get("title"),
                "origin": "wikinews", "license": "CC BY 2.5"}
        text = (raw.get("title", "") + "\n" + raw["text"]) if raw.get("title") else raw["text"]
        record = skeleton(raw["id"], text, meta)
        if raw.get("title"):
            record.sentences[0].kind, record.sentences[0].source_type, record.sentences[0].certainty = "headline", None, None
        print(json.dumps(record.to_dict(), ensure_ascii=False))


@app.command()
def add(
    batch: Path,
    data_dir: Path = DATA_DIR,
    rebalance: bool = typer.Option(False, help="Deal the whole corpus afresh (moves filed articles between splits)"),
) -> None:
    """Validate a batch of labelled articles and file each into its split: filed articles
    (and new versions of them) stay where they are, new ones go where statements are short."""
    try:
        new = read_articles(batch)
        filed = {name: read_articles(data_dir / f"{name}.jsonl") for name in SPLITS if (data_dir / f"{name}.jsonl").exists()}
        fixed = {a.id: name for name, arts in filed.items() for a in arts}
        replaced = {a.id for a in new}
        articles = [a for arts in filed.values() for a in arts if a.id not in replaced] + new
        assignment = assign_splits(articles, {k: v for k, v in fixed.items() if not rebalance})
        splits: dict[str, list[Article]] = {name: [] for name in SPLITS}
        for article in articles:
            splits[assignment[article.id]].append(article)
        check_splits(splits)
    except DataError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    for name, articles in splits.items():
        write_articles(sorted(articles, key=lambda a: a.id), data_dir / f"{name}.jsonl")
    typer.echo(f"added {len(new)} article(s): " + ", ".join(f"{k} {len(v)}" for k, v in splits.items()))


if __name__ == "__main__":
    sys.exit(app())
