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
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from .data import DataError
from .nlp import PipelineMissing
from .batch import RECORD_FIELDS, records_of
from .reading import InputError, MAX_MEGABYTES
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


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _check_predict_options(fmt: OutputFormat, output: Optional[Path], max_mb: float, jobs: int, resume: bool) -> None:
    if not (0 < max_mb < 10_000):
        raise fail(f"--max-mb must be a size in MB between 0 and 10000, got {max_mb}", 2)
    if not 1 <= jobs <= 256:
        raise fail(f"--jobs must be between 1 and 256, got {jobs}", 2)
    if resume and (output is None or fmt != OutputFormat.jsonl):
        raise fail("--resume needs --format jsonl and --output FILE (the journal lives beside it)", 2)


class _Emitter:
    """Where a batch's records go: a terminal table, a streamed JSONL/CSV stdout, a journalled
    JSONL file, or (JSON, CSV to a file) collected and written whole at the end."""

    def __init__(self, fmt: OutputFormat, output: Optional[Path], sink: Optional[Any]):
        self.fmt, self.output, self.sink = fmt, output, sink
        self.collected: list[dict[str, Any]] = []
        self.csv_header_done = False

    def emit(self, name: str, predictions: list) -> None:
        if self.fmt == OutputFormat.table and self.output is None:
            from .views import print_predictions

            print_predictions(name, predictions)
            return
        records = list(records_of(name, predictions))
        if self.sink is not None:
            self.sink.write(name, records)
        elif self.output is None and self.fmt in (OutputFormat.jsonl, OutputFormat.table):
            _write_stdout(_serialise(records, OutputFormat.jsonl))
        elif self.output is None and self.fmt == OutputFormat.csv:
            text = _serialise(records, OutputFormat.csv)
            _write_stdout(text if not self.csv_header_done else text.split("\n", 1)[1])
            self.csv_header_done = True
        else:
            self.collected.extend(records)

    def finish(self, labelled: int) -> None:
        if self.sink is not None:
            self.sink.close()
        elif self.output is not None and labelled:
            _write_output(self.output, _serialise(self.collected, OutputFormat.jsonl if self.fmt == OutputFormat.table else self.fmt))
        elif self.fmt == OutputFormat.json and labelled:
            _write_stdout(_serialise(self.collected, OutputFormat.json))


def _progress(enabled: bool):
    """A progress bar on stderr when it is a terminal (quiet when piped or in CI)."""
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("labelling"), MofNCompleteColumn(), TextColumn("docs"),
                    TimeElapsedColumn(), console=Console(stderr=True), disable=not enabled, transient=True)


@app.command()
def predict(
    inputs: list[str] = typer.Argument(..., help="Article files (.txt, .html), directories, glob patterns, JSONL streams of {\"id\", \"text\"} records (.jsonl), or - for stdin."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model/)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table (terminal), json, jsonl or csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write records here instead of stdout (a directory with --engine dask)."),
    max_mb: float = typer.Option(MAX_MEGABYTES, "--max-mb", help="Refuse documents larger than this."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes (each loads the model once)."),
    resume: bool = typer.Option(False, "--resume", help="Continue a stopped --format jsonl --output run: skip finished documents."),
    input_format: InputFormat = typer.Option(InputFormat.auto, "--input-format", help="auto (.jsonl files are streams), text, or jsonl (also for stdin)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local processes, or dask (JSONL inputs, partitioned output)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster of --jobs workers)."),
) -> None:
    """Label every sentence of each article: source, source type, certainty and cues."""
    from .api import load
    from .batch import JsonlSink, label_jobs, read_jobs

    _check_predict_options(fmt, output, max_mb, jobs, resume)
    if engine == Engine.dask:
        return _predict_dask(inputs, model, output, jobs, scheduler, max_mb)
    labelled = skipped = sentences = 0
    try:
        attrib = load(_model_dir(model))
        sink = JsonlSink(output, resume) if output is not None and fmt == OutputFormat.jsonl else None
        emitter = _Emitter(fmt, output, sink)
        todo = read_jobs(inputs, max_mb, input_format.value)
        if sink is not None and sink.done:
            typer.echo(f"resuming: {len(sink.done)} document(s) already done", err=True)
            todo = (job for job in todo if job.id not in sink.done)
        show = sys.stderr.isatty() and (output is not None or not sys.stdout.isatty())
        with _progress(show) as progress:
            task = progress.add_task("labelling", total=None)
            for result in label_jobs(attrib, todo, jobs):
                if result.error:
                    typer.echo(f"error: {result.error}", err=True)
                    skipped += 1
                else:
                    emitter.emit(result.id, result.predictions)
                    labelled += 1
                    sentences += len(result.predictions)
                progress.advance(task)
        emitter.finish(labelled)
    except KNOWN_ERRORS as exc:
        raise fail(str(exc))
    if skipped or labelled > 1:
        typer.echo(f"{labelled} document(s) labelled ({sentences} sentences), {skipped} input(s) skipped", err=True)
    if skipped:
        raise typer.Exit(1)


def _predict_dask(inputs: list[str], model: Optional[Path], output: Optional[Path], jobs: int,
                  scheduler: Optional[str], max_mb: float) -> None:
    from .distributed import DistributedError, predict_with_dask

    if output is None:
        raise fail("--engine dask needs --output DIR for its partitioned output", 2)
    try:
        summary = predict_with_dask(inputs, _model_dir(model), output, scheduler=scheduler, workers=jobs, max_megabytes=max_mb)
    except (*KNOWN_ERRORS, DistributedError) as exc:
        raise fail(str(exc))
    typer.echo(f"{summary['labelled']} document(s) labelled ({summary['sentences']} sentences), "
               f"{summary['skipped']} input(s) skipped; {summary['parts']} part(s) in {output}", err=True)
    for error in summary["errors"]:
        typer.echo(f"error: {error}", err=True)
    if summary["skipped"]:
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
            failed.append(f"{axis} {value:.4f} < {bar:.4f}")
    if failed:
        raise fail("below the bar: " + "; ".join(failed))
    for line in summary_lines(result):
        typer.echo(line, err=True)


# -- compare ------------------------------------------------------------------------

class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    html = "html"


@app.command()
def compare(
    a: str = typer.Argument(..., help="The first report (.txt, .html, or - for stdin)."),
    b: str = typer.Argument(..., help="The second report of the same story."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model/)."),
    fmt: CompareFormat = typer.Option(CompareFormat.table, "--format", "-f", help="table (terminal), json, or html (one self-contained page)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    max_mb: float = typer.Option(MAX_MEGABYTES, "--max-mb", help="Refuse input files larger than this."),
) -> None:
    """How a story changes between two reports: aligned claims, certainty, attribution and figures."""
    from .api import load
    from .reading import read_document
    from .views import comparison_page, print_comparison

    if a == b == "-":
        raise fail("only one of A and B can be read from stdin", 2)
    try:
        first, second = read_document(a, max_mb), read_document(b, max_mb)
        comparison = load(_model_dir(model)).compare(first.text, second.text, first.name, second.name)
    except KNOWN_ERRORS as exc:
        raise fail(str(exc))
    if fmt == CompareFormat.table and output is None:
        print_comparison(comparison)
        return
    if fmt == CompareFormat.html:
        text = comparison_page(comparison)
    else:
        text = json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    _write_output(output, text) if output else _write_stdout(text)


@app.command("evaluate-compare")
def evaluate_compare(
    data: list[Path] = typer.Argument(..., help="Gold comparison pairs (data/compare/*.jsonl)."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model/)."),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format", help="text (Markdown) or json."),
) -> None:
    """Score `attrib compare` on gold pairs: alignment F1 and change-detection F1."""
    from .api import load
    from .compare import compare_predictions
    from .data import read_pairs
    from .evaluate import evaluate_comparisons, render_comparison_scores

    try:
        attrib = load(_model_dir(model))
        pairs = [pair for path in data for pair in read_pairs(path)]
        comparisons = [
            compare_predictions(attrib.predict_sentences(p.a), attrib.predict_sentences(p.b), f"{p.id}:A", f"{p.id}:B",
                                a_statements=p.a_statements, b_statements=p.b_statements)
            for p in pairs
        ]
    except KNOWN_ERRORS as exc:
        raise fail(str(exc))
    result = evaluate_comparisons(pairs, comparisons)
    if fmt == ReportFormat.json:
        _write_stdout(json.dumps(result, indent=2) + "\n")
    else:
        _write_stdout(render_comparison_scores(result, f"attrib compare evaluation: {', '.join(map(str, data))}") + "\n")


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
