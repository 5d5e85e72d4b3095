"""The ``attrib`` command line: thin typer commands over the package's plain functions.

Every known failure (bad input, bad data, bad model) ends in one ``error:``
line on stderr and a non-zero exit; output files are written whole or not at
all.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from .data import DataError
from .nlp import PipelineMissing
from .reading import InputError, MAX_MEGABYTES, Document, expand, read_document
from .store import ModelError

app = typer.Typer(
    help="attrib: who says what in a news article, and how firmly.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

KNOWN_ERRORS = (DataError, ModelError, InputError, PipelineMissing)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"attrib {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """attrib: who says what in a news article, and how firmly."""
RECORD_FIELDS = ["file", "sentence", "start", "end", "text", "kind", "source", "mention", "source_type", "origin",
                 "origin_type", "certainty", "hedge_cues", "attribution_cues", "p_kind", "p_source_type", "p_certainty"]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _model_dir(model: Optional[Path]) -> Path:
    from .api import default_model_dir

    return model if model is not None else default_model_dir()


# -- predict --------------------------------------------------------------------

def _records(name: str, predictions: list) -> Iterator[dict[str, Any]]:
    for index, p in enumerate(predictions):
        record = {"file": name, "sentence": index, **{k: v for k, v in p.to_dict().items() if k != "probability"}}
        for axis in ("kind", "source_type", "certainty"):
            record[f"p_{axis}"] = p.probability.get(axis)
        yield {field: record.get(field) for field in RECORD_FIELDS}


def _documents(inputs: list[str], max_mb: float, skipped: list[str]) -> Iterator[Document]:
    for item in expand(inputs):
        try:
            yield read_document(item, max_mb)
        except InputError as exc:
            typer.echo(f"error: {exc}", err=True)
            skipped.append(item)


def _render_table(name: str, predictions: list) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=120)
    table = Table(title=name, show_lines=False, expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("sentence", ratio=5, overflow="fold")
    table.add_column("source", ratio=2, overflow="fold")
    table.add_column("type", no_wrap=True, min_width=12)
    table.add_column("certainty", no_wrap=True, min_width=9)
    table.add_column("cues", ratio=2, overflow="fold")
    for i, p in enumerate(predictions):
        if p.kind != "statement":
            table.add_row(str(i), f"[dim]{p.text}[/dim]", "", f"[dim]{p.kind}[/dim]", "", "")
            continue
        source = p.source or ""
        if p.origin:
            source += f"\n[dim]citing {p.origin} ({p.origin_type})[/dim]"
        cues = ", ".join(p.attribution_cues + [f"[italic]{c}[/italic]" for c in p.hedge_cues])
        style = {"certain": "", "probable": "yellow", "possible": "magenta"}.get(p.certainty or "", "")
        certainty = f"[{style}]{p.certainty}[/{style}]" if style else (p.certainty or "")
        table.add_row(str(i), p.text, source, p.source_type or "", certainty, cues)
    console.print(table)


def _write_output(path: Path, text: str) -> None:
    """Write a whole output file or nothing: a regular file is replaced atomically; a device,
    FIFO or symlink target (e.g. /dev/stdout) is written in place."""
    try:
        if path.exists() and (path.is_symlink() or not path.is_file()):
            if path.is_dir():
                raise fail(f"{path}: is a directory; --output wants a file path")
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise fail(f"{path}: cannot write output ({exc.strerror or exc})") from None


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise typer.Exit(0) from None  # the reader went away (e.g. `| head`): not an error
    except OSError as exc:
        raise fail(f"cannot write to standard output ({exc.strerror or exc})") from None


def _serialise(records: list[dict[str, Any]], fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == OutputFormat.jsonl:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RECORD_FIELDS)
    writer.writeheader()
    for record in records:
        writer.writerow({k: ("; ".join(v) if isinstance(v, list) else v) for k, v in record.items()})
    return buffer.getvalue()


@app.command()
def predict(
    inputs: list[str] = typer.Argument(..., help="Article files (.txt, .html), directories, glob patterns, or - for stdin."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model/)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table (terminal), json, jsonl or csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write records here instead of stdout."),
    max_mb: float = typer.Option(MAX_MEGABYTES, "--max-mb", help="Refuse input files larger than this."),
) -> None:
    """Label every sentence of each article: source, source type, certainty and cues."""
    from .api import load

    if not (0 < max_mb < 10_000):
        raise fail(f"--max-mb must be a size in MB between 0 and 10000, got {max_mb}", 2)
    skipped: list[str] = []
    try:
        attrib = load(_model_dir(model))
        documents = list(_documents(inputs, max_mb, skipped))
        if fmt == OutputFormat.table and output is None:
            for document, predictions in zip(documents, attrib.predict_many(d.text for d in documents)):
                _render_table(document.name, predictions)
        else:
            records = [r for d, p in zip(documents, attrib.predict_many(d.text for d in documents)) for r in _records(d.name, p)]
            if documents:
                text = _serialise(records, OutputFormat.jsonl if fmt == OutputFormat.table else fmt)
                _write_output(output, text) if output else _write_stdout(text)
    except KNOWN_ERRORS as exc:
        raise fail(str(exc))
    if skipped:
        typer.echo(f"{len(skipped)} input(s) skipped, {len(documents)} labelled", err=True)
        raise typer.Exit(1)


# -- train ----------------------------------------------------------------------

@app.command()
def train(
    data: list[Path] = typer.Argument(..., help="Training files in the LABELS.md format."),
    out: Path = typer.Option(..., "--out", "-o", help="Model directory to write (replaced atomically)."),
    dev: list[Path] = typer.Option([], "--dev", help="Dev file(s) to score after training."),
    test: list[Path] = typer.Option([], "--test", help="Test file(s) to score after training."),
    c: float = typer.Option(1.0, "--C", help="Inverse regularisation strength of the classifiers."),
    seed: int = typer.Option(0, "--seed", help="Random seed (training is deterministic for a seed)."),
) -> None:
    """Train a model on labelled data, validating it first, and write the model directory."""
    from .training import train as run_training

    try:
        run_training(list(data), out, list(dev), list(test), C=c, seed=seed, log=lambda m: typer.echo(m, err=True))
    except KNOWN_ERRORS as exc:
        raise fail(str(exc))
    except ValueError as exc:  # e.g. a file with a single label on every axis, or a bad --C
        raise fail(f"cannot train: {exc}")


# -- evaluate -------------------------------------------------------------------

SCORED_AXES = ("kind", "source_type", "certainty", "attributed")


def _parse_bars(bars: list[str]) -> dict[str, float]:
    """``AXIS=VALUE`` pairs, checked before any work is done (a typo is a usage error, exit 2)."""
    parsed = {}
    for bar in bars:
        axis, _, value = bar.partition("=")
        axis = axis.strip()
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if axis not in SCORED_AXES or not 0.0 <= number <= 1.0:
            raise fail(f"--min-macro-f1 wants AXIS=VALUE with AXIS in {', '.join(SCORED_AXES)} and VALUE in 0..1, got {bar!r}", 2)
        parsed[axis] = number
    return parsed


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def evaluate(
    data: list[Path] = typer.Argument(..., help="Gold files in the LABELS.md format (gold sentence boundaries are used)."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model/)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write metrics.json, report.md and confusion PNGs here."),
    min_macro_f1: list[str] = typer.Option([], "--min-macro-f1", help="AXIS=VALUE: exit 1 if the axis scores below VALUE."),
    group_by: str = typer.Option("origin", "--group-by", help="Also score per value of this meta field (e.g. origin)."),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format", help="text (Markdown) or json."),
) -> None:
    """Score a model on gold data: per-label P/R/F1, macro-F1 per axis, confusion matrices."""
    from .api import load
    from .data import read_articles
    from .evaluate import evaluate as run_evaluation, macro_f1, render_markdown, summary_lines, write_report

    bars = _parse_bars(min_macro_f1)
    try:
        attrib = load(_model_dir(model))
        articles = read_articles(data, strict=False)
        result = run_evaluation(articles, attrib.predict_articles(articles), group_by=group_by or None)
    except KNOWN_ERRORS as exc:
        raise fail(str(exc))
    result["data"] = [str(p) for p in data]
    result["model"] = str(attrib.path)
    if report is not None:
        try:
            written = write_report(result, report, f"attrib evaluation: {', '.join(map(str, data))}")
        except OSError as exc:
            raise fail(f"{report}: cannot write the report ({exc.strerror or exc})") from None
        for path in written:
            typer.echo(f"wrote {path}", err=True)
    if fmt == ReportFormat.json:
        _write_stdout(json.dumps(result, indent=2) + "\n")
    else:
        _write_stdout(render_markdown(result, f"attrib evaluation: {', '.join(map(str, data))}", images=report is not None) + "\n")
    failed = []
    for axis, bar in bars.items():
        value = macro_f1(result, axis)
        if value is None:
            raise fail(f"--min-macro-f1: axis {axis!r} is not annotated in this data", 2)
        if value < bar:
            failed.append(f"{axis} {value:.3f} < {bar:.3f}")
    if failed:
        raise fail("below the bar: " + "; ".join(failed))
    for line in summary_lines(result):
        typer.echo(line, err=True)


# -- info -----------------------------------------------------------------------

@app.command()
def info(model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model/).")) -> None:
    """Show a model's manifest: what it was trained on, with which versions, and its scores."""
    from .store import load_model

    directory = _model_dir(model)
    try:
        manifest = load_model(directory).manifest
    except KNOWN_ERRORS as exc:
        raise fail(str(exc))
    trained = manifest["trained_on"]
    typer.echo(f"model      {directory}")
    typer.echo(f"created    {manifest['created']}   scheme {manifest['scheme']}   sha256 {manifest['sha256'][:16]}…")
    typer.echo(f"trained on {trained['articles']} articles, {trained['statements']} statements: {', '.join(trained['files'])}")
    typer.echo(f"data hash  {trained['data_sha256'][:16]}…")
    typer.echo("versions   " + ", ".join(f"{k} {v}" for k, v in manifest["versions"].items()))
    for axis, labels in manifest["labels"].items():
        typer.echo(f"labels     {axis}: {', '.join(labels)}")
    for split, figures in manifest.get("metrics", {}).items():
        flat = ", ".join(f"{k} {v:.3f}" for k, v in figures.items() if isinstance(v, float))
        typer.echo(f"{split:10} {flat}")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
