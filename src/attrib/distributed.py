"""Scale-out on Dask: label JSONL streams across a ``dask.distributed`` cluster.

Each input JSONL file is one partition: a worker task reads it, labels it with a
model loaded once per worker process, and writes ``part-NNNNN.jsonl`` into the
output directory (atomically, so a part is either whole or absent). Inputs,
model directory and output directory must be reachable at the same paths from
every worker (a shared filesystem), as for any Dask file I/O. Split very large
inputs into several files: a file is the unit of parallelism.

    attrib predict shards/*.jsonl --engine dask --scheduler tcp://10.0.0.5:8786 -o out/
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from .batch import CHUNK, Job, _job_from_line, is_jsonl, label_chunk, records_of
from .reading import InputError, expand

_LOCK = threading.Lock()
_MODELS: dict[str, Any] = {}


class DistributedError(RuntimeError):
    """The Dask engine cannot run (not installed, bad scheduler, non-JSONL input)."""


def worker_model(model_dir: str) -> Any:
    """The model for this worker process, loaded on first use (threads share it)."""
    with _LOCK:
        if model_dir not in _MODELS:
            from .api import load

            _MODELS[model_dir] = load(model_dir)
        return _MODELS[model_dir]


def label_partition(path: str, index: int, model_dir: str, out_dir: str, max_megabytes: float) -> dict[str, Any]:
    """Label one JSONL file into ``out_dir/part-<index>.jsonl``; return counts and errors."""
    attrib = worker_model(model_dir)
    limit = int(max_megabytes * 1_000_000)
    with open(path, encoding="utf-8") as handle:
        jobs = [_job_from_line(line, f"{path}:{n}", limit) for n, line in enumerate(handle, 1) if line.strip()]
    summary: dict[str, Any] = {"input": path, "part": f"part-{index:05d}.jsonl", "labelled": 0, "sentences": 0, "errors": []}
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".part-{index:05d}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for start in range(0, len(jobs), CHUNK):
                for result in label_chunk(attrib, jobs[start : start + CHUNK]):
                    if result.error:
                        summary["errors"].append(result.error)
                        continue
                    summary["labelled"] += 1
                    summary["sentences"] += len(result.predictions)
                    out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records_of(result.id, result.predictions))
        os.replace(tmp, Path(out_dir) / summary["part"])
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return summary


def _input_files(inputs: list[str]) -> list[str]:
    files = [str(Path(p).resolve()) for p in expand(inputs)]
    for path in files:
        if not is_jsonl(path):
            raise InputError(f"{path}: --engine dask reads JSONL streams of {{\"id\", \"text\"}} records (.jsonl)")
        if not Path(path).is_file():
            raise InputError(f"{path}: no such file")
    return files


def _client(scheduler: str | None, workers: int) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DistributedError("--engine dask needs Dask: pip install 'attrib[dask]'") from None
    try:
        if scheduler:
            return Client(scheduler, timeout="20s")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        client._attrib_cluster = cluster  # closed with the client in predict_with_dask
        return client
    except OSError as exc:
        raise DistributedError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None


def predict_with_dask(inputs: list[str], model_dir: Path, out_dir: Path, scheduler: str | None = None,
                      workers: int = 2, max_megabytes: float = 5, client: Any = None) -> dict[str, Any]:
    """Label every JSONL input on a Dask cluster; one output part per input file.

    Pass ``client`` to use a cluster you already hold (tests, notebooks); otherwise one
    is opened on ``scheduler`` (or a local cluster of ``workers`` processes) and closed.
    """
    from .store import load_model

    files = _input_files(inputs)
    load_model(model_dir)  # fail here, once, with a clear message, not on every worker
    out_dir.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = client or _client(scheduler, workers)
    try:
        futures = client.map(label_partition, files, range(len(files)), model_dir=str(Path(model_dir).resolve()),
                             out_dir=str(out_dir.resolve()), max_megabytes=max_megabytes, pure=False)
        summaries = client.gather(futures)
    finally:
        if own:
            client.close()
            if getattr(client, "_attrib_cluster", None) is not None:
                client._attrib_cluster.close()
    (out_dir / "_parts.json").write_text(json.dumps(summaries, indent=2) + "\n", encoding="utf-8")
    return {
        "parts": len(summaries),
        "labelled": sum(s["labelled"] for s in summaries),
        "sentences": sum(s["sentences"] for s in summaries),
        "skipped": sum(len(s["errors"]) for s in summaries),
        "errors": [e for s in summaries for e in s["errors"]],
    }


__all__ = ["DistributedError", "Job", "label_partition", "predict_with_dask", "worker_model"]
