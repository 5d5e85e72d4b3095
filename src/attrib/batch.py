"""Batch labelling: many documents in, one record stream out, safe to stop and restart.

Data flows one way: :func:`read_jobs` turns inputs (files, directories, globs,
JSONL streams of ``{"id", "text"}``) into :class:`Job` s; :func:`label_jobs`
labels them in order, in this process or in a pool of processes that each load
the model once; a :class:`JsonlSink` writes each finished document's records in
one piece and journals it, so a crashed run restarted with ``--resume`` neither
redoes nor duplicates finished documents. A document that cannot be read or
labelled becomes a :class:`Result` with an error; the batch goes on.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .model import SentencePrediction
from .reading import STDIN, STREAM_SUFFIXES, InputError, expand, read_document

#: Documents handed to a worker at once: large enough to keep spaCy's batches full.
CHUNK = 32


@dataclass
class Job:
    """One document to label: its id (a file name or a JSONL record's id) and its text,
    or the reason it cannot be labelled."""

    id: str
    text: str | None = None
    error: str | None = None


@dataclass
class Result:
    """A labelled document, or the error that made the batch skip it."""

    id: str
    predictions: list[SentencePrediction] = field(default_factory=list)
    error: str | None = None


# -- reading --------------------------------------------------------------------

def is_jsonl(item: str) -> bool:
    return Path(item).suffix.lower() in STREAM_SUFFIXES


def read_jobs(inputs: list[str], max_megabytes: float, input_format: str = "auto") -> Iterator[Job]:
    """Every document named by ``inputs``, in order; bad ones carry their error.

    ``input_format`` is ``auto`` (``.jsonl`` files are streams of records), ``text``
    (every input is one article) or ``jsonl`` (every input, stdin included, is a stream).
    """
    for item in inputs:
        try:
            items = list(expand([item]))
        except InputError as exc:
            yield Job(item, error=str(exc))
            continue
        for path in items:
            if input_format == "jsonl" or (input_format == "auto" and is_jsonl(path)):
                yield from read_jsonl_stream(path, max_megabytes)
                continue
            try:
                document = read_document(path, max_megabytes)
                yield Job(document.name, document.text)
            except InputError as exc:
                yield Job(path, error=str(exc))


def read_jsonl_stream(item: str, max_megabytes: float) -> Iterator[Job]:
    """Jobs from a JSONL stream of ``{"id": ..., "text": ...}`` records, read line by line.

    A bad line becomes a job with an error naming the line; a record without an id
    gets ``FILE:LINE``; a repeated id is an error (ids are how ``--resume`` knows what is done).
    """
    name = "<stdin>" if item == STDIN else item
    limit = int(max_megabytes * 1_000_000)
    seen: set[str] = set()
    try:
        handle = sys.stdin if item == STDIN else open(item, encoding="utf-8")
    except OSError as exc:
        yield Job(item, error=f"{item}: cannot read ({exc.strerror or exc})")
        return
    with handle if item != STDIN else nullcontext(handle):
        try:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    job = _job_from_line(line, f"{name}:{number}", limit)
                    if job.error is None and job.id in seen:
                        job = Job(job.id, error=f"{name}:{number}: id {job.id!r} repeats an earlier record")
                    seen.add(job.id)
                    yield job
        except UnicodeDecodeError as exc:
            yield Job(name, error=f"{name}: not UTF-8 text ({exc.reason}); the rest of the stream is skipped")


def _job_from_line(line: str, where: str, limit: int) -> Job:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Job(where, error=f"{where}: not JSON ({exc.msg})")
    if not isinstance(record, dict):
        return Job(where, error=f"{where}: a record must be a JSON object with 'id' and 'text'")
    doc_id = str(record["id"]) if record.get("id") not in (None, "") else where
    text = record.get("text")
    if not isinstance(text, str):
        return Job(doc_id, error=f"{where}: record has no 'text' string")
    if not text.strip():
        return Job(doc_id, error=f"{where}: 'text' is empty")
    if len(text.encode("utf-8")) > limit:
        return Job(doc_id, error=f"{where}: 'text' is over the {limit / 1e6:g} MB limit (see --max-mb)")
    return Job(doc_id, text)


# -- labelling ------------------------------------------------------------------

def label_chunk(attrib: Any, jobs: list[Job]) -> list[Result]:
    """Label a chunk of jobs together; if the chunk fails, label one by one to find the bad one."""
    ready = [job for job in jobs if job.error is None]
    try:
        labelled = dict(zip((job.id for job in ready), attrib.predict_many([job.text for job in ready])))
    except Exception:  # noqa: BLE001 - isolate the document that broke the chunk
        labelled = {}
        for job in ready:
            try:
                labelled[job.id] = attrib.predict(job.text)
            except Exception as exc:  # noqa: BLE001
                job.error = f"{job.id}: cannot label ({type(exc).__name__}: {exc})"
    return [Result(job.id, error=job.error) if job.error else Result(job.id, labelled[job.id]) for job in jobs]


_WORKER_MODEL: Any = None


def _init_worker(model_dir: str) -> None:
    """Load the model once per worker process (a forked worker inherits the parent's)."""
    global _WORKER_MODEL
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if _WORKER_MODEL is None or str(_WORKER_MODEL.path) != model_dir:
        from .api import load

        _WORKER_MODEL = load(model_dir)


def _label_in_worker(jobs: list[Job]) -> list[Result]:
    return label_chunk(_WORKER_MODEL, jobs)


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    iterator = iter(jobs)
    while chunk := list(islice(iterator, size)):
        yield chunk


def label_jobs(attrib: Any, jobs: Iterable[Job], processes: int = 1, chunk_size: int | None = None) -> Iterator[Result]:
    """Results in input order. With ``processes > 1`` chunks (smaller, so the workers
    finish together) go to a process pool with a bounded number in flight, so memory
    stays flat however long the stream is."""
    chunk_size = chunk_size or (CHUNK if processes <= 1 else CHUNK // 4)
    if processes <= 1:
        for chunk in _chunks(jobs, chunk_size):
            yield from label_chunk(attrib, chunk)
        return
    global _WORKER_MODEL
    _WORKER_MODEL = attrib  # inherited by forked workers: no second load
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    in_flight: deque[Future] = deque()
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_init_worker, initargs=(str(attrib.path),)) as pool:
        for chunk in _chunks(jobs, chunk_size):
            in_flight.append(pool.submit(_label_in_worker, chunk))
            if len(in_flight) >= 4 * processes:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


# -- writing --------------------------------------------------------------------

#: One output record per sentence: LABELS.md field names, the input, offsets, probabilities.
RECORD_FIELDS = ["file", "sentence", "start", "end", "text", "kind", "source", "mention", "source_type", "origin",
                 "origin_type", "certainty", "hedge_cues", "attribution_cues", "p_kind", "p_source_type", "p_certainty"]


def records_of(name: str, predictions: list[SentencePrediction]) -> Iterator[dict[str, Any]]:
    """The output records of one labelled document, in sentence order."""
    for index, p in enumerate(predictions):
        record = {"file": name, "sentence": index, **{k: v for k, v in p.to_dict().items() if k != "probability"}}
        for axis in ("kind", "source_type", "certainty"):
            record[f"p_{axis}"] = p.probability.get(axis)
        yield {field: record.get(field) for field in RECORD_FIELDS}


class JsonlSink:
    """Append each document's records to a JSONL file in one write, then journal it.

    The journal (``OUTPUT.progress``) holds one ``{"id", "end"}`` line per finished
    document, ``end`` being the output's size after it. Resuming truncates the output
    to the last journalled size (dropping a half-written document) and skips the
    journalled ids; a fresh run starts both files anew.
    """

    def __init__(self, path: Path, resume: bool = False):
        self.path = path
        self.journal_path = path.with_name(path.name + ".progress")
        self.done: set[str] = set()
        end = 0
        if resume and self.journal_path.exists():
            for line in self.journal_path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.done.add(entry["id"])
                    end = entry["end"]
                except (json.JSONDecodeError, KeyError, TypeError):
                    break  # a torn last line: everything before it stands
        elif resume and path.exists() and path.stat().st_size:
            raise InputError(f"{path}: --resume found output but no journal {self.journal_path.name}; remove the output or run without --resume")
        self.output = path.open("r+b" if resume and path.exists() else "wb")
        self.output.truncate(end)
        self.output.seek(end)
        self.journal = self.journal_path.open("a" if resume else "w", encoding="utf-8")

    def write(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        self.output.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"))
        self.output.flush()
        self.journal.write(json.dumps({"id": doc_id, "end": self.output.tell()}, ensure_ascii=False) + "\n")
        self.journal.flush()

    def close(self) -> None:
        self.output.close()
        self.journal.close()
