"""attrib.batch: reading JSONL streams, labelling in order (1 or 2 processes), skipping bad
documents, and resuming a stopped run without redoing or duplicating documents."""

from __future__ import annotations

import json

import pytest

from attrib.batch import Job, JsonlSink, label_chunk, label_jobs, read_jobs, records_of

from conftest import SEED_FILES

TEXTS = [
    "Lee said the troops will arrive in July. They could leave soon.",
    "The ministry said the plan was possibly delayed.",
    "Police are believed to have arrested two men.",
    "North Korea is preparing to send more troops, according to the spy agency.",
]


def stream(tmp_path, lines: list[str], name: str = "docs.jsonl"):
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def good_lines(n: int) -> list[str]:
    return [json.dumps({"id": f"doc-{i}", "text": TEXTS[i % len(TEXTS)]}) for i in range(n)]


@pytest.mark.parametrize(
    "line, error",
    [
        ("not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"id": "x"}', "no 'text'"),
        ('{"id": "x", "text": 5}', "no 'text'"),
        ('{"id": "x", "text": "   "}', "empty"),
        ('{"id": "doc-0", "text": "A repeated id."}', "repeats"),
    ],
)
def test_bad_stream_lines_become_errors_naming_the_line(tmp_path, line, error):
    path = stream(tmp_path, good_lines(1) + [line])
    jobs = list(read_jobs([str(path)], max_megabytes=5))
    assert jobs[0].error is None and jobs[0].id == "doc-0"
    assert error in jobs[1].error and f"{path}:2" in jobs[1].error


def test_records_without_id_are_named_by_file_and_line(tmp_path):
    path = stream(tmp_path, [json.dumps({"text": TEXTS[0]})])
    assert [job.id for job in read_jobs([str(path)], 5)] == [f"{path}:1"]


def test_oversized_record_and_unreadable_file_are_errors_not_crashes(tmp_path):
    path = stream(tmp_path, [json.dumps({"id": "big", "text": "word " * 300_000})])
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    jobs = list(read_jobs([str(path), str(bad), str(tmp_path / "missing.txt")], max_megabytes=1))
    assert ["MB limit" in jobs[0].error, "binary" in jobs[1].error, "no such file" in jobs[2].error] == [True] * 3


def test_a_directory_mixes_article_files_and_streams(tmp_path):
    stream(tmp_path, good_lines(2))
    (tmp_path / "one.txt").write_text(TEXTS[1], encoding="utf-8")
    assert [job.id for job in read_jobs([str(tmp_path)], 5)] == ["doc-0", "doc-1", str(tmp_path / "one.txt")]


class Exploding:
    """A stand-in model whose pipeline fails on one document."""

    def __init__(self, real):
        self.real, self.path = real, real.path

    def predict_many(self, texts):
        if any("BOOM" in t for t in texts):
            raise RuntimeError("parser crashed")
        return self.real.predict_many(texts)

    def predict(self, text):
        if "BOOM" in text:
            raise RuntimeError("parser crashed")
        return self.real.predict(text)


def test_a_document_that_breaks_the_model_is_skipped_and_the_rest_labelled(small_model_dir):
    import attrib

    model = Exploding(attrib.load(small_model_dir))
    jobs = [Job("a", TEXTS[0]), Job("b", "BOOM goes the parser."), Job("c", TEXTS[1]), Job("d", error="d: unreadable")]
    results = label_chunk(model, jobs)
    assert [r.id for r in results] == ["a", "b", "c", "d"]
    assert [bool(r.error) for r in results] == [False, True, False, True]
    assert "parser crashed" in results[1].error
    assert results[0].predictions and results[2].predictions


def test_two_processes_give_the_same_records_in_the_same_order(small_model_dir):
    import attrib

    model = attrib.load(small_model_dir)
    jobs = [Job(f"doc-{i}", TEXTS[i % len(TEXTS)]) for i in range(10)]
    one = [list(records_of(r.id, r.predictions)) for r in label_jobs(model, jobs, processes=1, chunk_size=3)]
    two = [list(records_of(r.id, r.predictions)) for r in label_jobs(model, jobs, processes=2, chunk_size=3)]
    assert one == two
    assert [records[0]["file"] for records in two] == [f"doc-{i}" for i in range(10)]


def test_sink_resume_drops_a_torn_document_and_skips_finished_ones(tmp_path):
    out = tmp_path / "out.jsonl"
    sink = JsonlSink(out)
    sink.write("a", [{"file": "a", "sentence": 0}])
    sink.write("b", [{"file": "b", "sentence": 0}, {"file": "b", "sentence": 1}])
    sink.close()
    with out.open("a", encoding="utf-8") as handle:  # a crash in the middle of document c
        handle.write('{"file": "c", "sent')
    resumed = JsonlSink(out, resume=True)
    assert resumed.done == {"a", "b"}
    resumed.write("c", [{"file": "c", "sentence": 0}])
    resumed.close()
    assert [json.loads(line)["file"] for line in out.read_text().splitlines()] == ["a", "b", "b", "c"]


def test_resume_without_a_journal_refuses_to_touch_existing_output(tmp_path):
    from attrib.reading import InputError

    out = tmp_path / "out.jsonl"
    out.write_text('{"file": "x"}\n')
    with pytest.raises(InputError, match="no journal"):
        JsonlSink(out, resume=True)


def test_predict_cli_resumes_a_crashed_batch_to_the_same_output(tmp_path, small_model_dir):
    from typer.testing import CliRunner

    from attrib.cli import app

    source = stream(tmp_path, good_lines(6))
    out = tmp_path / "out.jsonl"
    args = ["predict", str(source), "--model", str(small_model_dir), "-f", "jsonl", "-o", str(out)]
    runner = CliRunner()
    assert runner.invoke(app, args).exit_code == 0
    complete = out.read_text()
    journal = out.with_name("out.jsonl.progress")
    journal.write_text("".join(journal.read_text().splitlines(keepends=True)[:2]))  # crashed after doc 2 ...
    with out.open("a") as handle:
        handle.write('{"file": "doc-2", "sen')  # ... while writing doc 3
    result = runner.invoke(app, args + ["--resume"])
    assert result.exit_code == 0, result.output
    assert "2 document(s) already done" in result.stderr
    assert out.read_text() == complete


def test_predict_cli_jsonl_stdin_and_summary_of_skips(small_model_dir):
    from typer.testing import CliRunner

    from attrib.cli import app

    lines = good_lines(2) + ["oops"]
    result = CliRunner().invoke(app, ["predict", "-", "--input-format", "jsonl", "--model", str(small_model_dir), "-f", "jsonl"],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    assert {json.loads(line)["file"] for line in result.stdout.splitlines()} == {"doc-0", "doc-1"}
    assert "<stdin>:3: not JSON" in result.stderr
    assert "2 document(s) labelled" in result.stderr and "1 input(s) skipped" in result.stderr


@pytest.mark.parametrize("args, words", [
    (["--resume"], "--resume needs"),
    (["--jobs", "0"], "--jobs"),
    (["--engine", "dask"], "--output DIR"),
])
def test_predict_batch_option_errors_are_usage_errors(args, words):
    from typer.testing import CliRunner

    from attrib.cli import app

    result = CliRunner().invoke(app, ["predict", str(SEED_FILES[0]), *args])
    assert result.exit_code == 2
    assert words in result.stderr and "Traceback" not in result.output
