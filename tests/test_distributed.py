"""attrib.distributed: the Dask engine on a real LocalCluster of 2 worker processes gives
exactly the single-process results, one output part per input file."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("dask.distributed")

from attrib.batch import Job, label_jobs, records_of  # noqa: E402
from attrib.distributed import predict_with_dask  # noqa: E402
from attrib.reading import InputError  # noqa: E402

TEXTS = [
    "Lee said the troops will arrive in July. They could leave soon.",
    "The ministry said the plan was possibly delayed.",
    "Police are believed to have arrested two men.",
    "North Korea is preparing to send more troops, according to the spy agency.",
    "\"We will not give up,\" the coach told reporters. \"Never.\"",
]


@pytest.fixture(scope="module")
def cluster_client():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_results_equal_single_process_results(tmp_path, small_model_dir, cluster_client):
    import attrib

    shards = []
    for shard in range(3):
        path = tmp_path / f"shard-{shard}.jsonl"
        path.write_text("".join(json.dumps({"id": f"s{shard}-{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS)))
        shards.append(str(path))
    path.write_text(path.read_text() + "not json\n")
    summary = predict_with_dask(shards, small_model_dir, tmp_path / "out", client=cluster_client)
    assert summary["parts"] == 3 and summary["labelled"] == 15 and summary["skipped"] == 1
    loaded = cluster_client.run(lambda: len(__import__("attrib.distributed").distributed._MODELS))
    assert len(loaded) == 2 and all(n <= 1 for n in loaded.values()) and sum(loaded.values()) >= 1  # once per worker

    distributed = [json.loads(line) for part in range(3) for line in (tmp_path / "out" / f"part-{part:05d}.jsonl").read_text().splitlines()]
    model = attrib.load(small_model_dir)
    jobs = [Job(f"s{shard}-{i}", t) for shard in range(3) for i, t in enumerate(TEXTS)]
    local = [record for r in label_jobs(model, jobs) for record in records_of(r.id, r.predictions)]
    assert distributed == local


def test_dask_refuses_inputs_that_are_not_jsonl(tmp_path, small_model_dir):
    text = tmp_path / "a.txt"
    text.write_text(TEXTS[0])
    with pytest.raises(InputError, match="JSONL"):
        predict_with_dask([str(text)], small_model_dir, tmp_path / "out", client=object())
