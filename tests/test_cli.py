"""attrib.cli: the commands a user runs, including every bad-input path (one line, non-zero, no traceback)."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from attrib.cli import app

from conftest import DATA, ROOT, SEED_FILES, statement, write_jsonl

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def one_line_error(result, *words):
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_predict_formats_on_both_seeds(fmt):
    result = run("predict", *SEED_FILES, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        records = json.loads(result.stdout)
    elif fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["file"] for r in records} == {str(p) for p in SEED_FILES}
    for field in ("text", "kind", "source", "source_type", "origin", "origin_type", "certainty", "hedge_cues", "attribution_cues", "start", "end"):
        assert field in records[0]
    seed_text = SEED_FILES[0].read_text(encoding="utf-8")
    first = [r for r in records if r["file"] == str(SEED_FILES[0])]
    assert all(seed_text[int(r["start"]):int(r["end"])] == r["text"] for r in first)
    assert any(r["kind"] == "boilerplate" for r in first)


def test_predict_table_and_stdin():
    text = SEED_FILES[1].read_text(encoding="utf-8")
    result = run("predict", "-", input=text)
    assert result.exit_code == 0
    assert "lawmaker" in result.stdout


def test_predict_output_file_and_directory(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEED_FILES:
        shutil.copy(seed, folder / seed.name)
    out = tmp_path / "out.jsonl"
    result = run("predict", folder, "--format", "jsonl", "--output", out)
    assert result.exit_code == 0
    assert len({json.loads(line)["file"] for line in out.read_text().splitlines()}) == 2


@pytest.mark.parametrize(
    "content, words",
    [(b"", ["empty"]), (b"\x00\x01\x02binary", ["binary"]), ("Caf\u00e9".encode("latin-1"), ["UTF-8"])],
)
def test_predict_bad_files(tmp_path, content, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    out = tmp_path / "out.json"
    result = run("predict", path, "--format", "json", "--output", out)
    one_line_error(result, str(path), *words)
    assert not out.exists()


def test_predict_missing_and_oversized(tmp_path):
    one_line_error(run("predict", tmp_path / "missing.txt"), "no such file")
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.write(b"All quiet on the front. " * (50 * 1024 * 1024 // 24 + 1))
    one_line_error(run("predict", big), "MB limit")


def test_batch_with_one_bad_file_goes_on_and_counts_it(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED_FILES[1], folder / "good.txt")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00")
    result = run("predict", folder, "--format", "jsonl")
    assert result.exit_code == 1
    assert "1 input(s) skipped" in result.stderr
    assert {json.loads(line)["file"] for line in result.stdout.splitlines()} == {str(folder / "good.txt")}


def test_missing_and_tampered_model(tmp_path):
    one_line_error(run("predict", SEED_FILES[0], "--model", tmp_path / "none"), "no model directory")
    broken = tmp_path / "model"
    shutil.copytree(ROOT / "model", broken)
    (broken / "model.npz").write_bytes(b"not a model")
    one_line_error(run("predict", SEED_FILES[0], "--model", broken), "checksum")
    one_line_error(run("info", "--model", broken), "checksum")


def test_train_rejects_malformed_data_without_writing_a_model(tmp_path):
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"id": "a", "sentences": [statement("It rained.", "weather")]}])
    out = tmp_path / "model"
    one_line_error(run("train", bad, "--out", out), f"{bad}:1", "source_type", "unknown label")
    assert not out.exists()


def test_train_and_evaluate_round_trip(tmp_path):
    from attrib.data import read_articles, write_articles

    write_articles(read_articles(DATA / "train.jsonl")[:12], tmp_path / "t.jsonl")
    out = tmp_path / "model"
    assert run("train", tmp_path / "t.jsonl", "--out", out).exit_code == 0
    info = run("info", "--model", out)
    assert info.exit_code == 0 and "trained on 12 articles" in info.stdout
    report = tmp_path / "report"
    result = run("evaluate", DATA / "dev.jsonl", "--model", out, "--report", report)
    assert result.exit_code == 0, result.output
    assert (report / "metrics.json").exists() and (report / "confusion_certainty.png").exists()
    failing = run("evaluate", DATA / "dev.jsonl", "--model", out, "--min-macro-f1", "certainty=0.999")
    one_line_error(failing, "below the bar")
    one_line_error(run("evaluate", DATA / "dev.jsonl", "--model", out, "--min-macro-f1", "certainty"), "AXIS=VALUE")


def test_train_never_replaces_something_that_is_not_a_model(tmp_path):
    from attrib.data import read_articles, write_articles

    write_articles(read_articles(DATA / "train.jsonl")[:6], tmp_path / "t.jsonl")
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    one_line_error(run("train", tmp_path / "t.jsonl", "--out", precious), "not an attrib model directory")
    assert (precious / "thesis.txt").exists()
    one_line_error(run("train", tmp_path / "t.jsonl", "--out", tmp_path / "t.jsonl"), "not an attrib model directory")


def test_train_refuses_overlapping_splits_and_single_label_data(tmp_path):
    from attrib.data import read_articles, write_articles

    write_articles(read_articles(DATA / "train.jsonl")[:6], tmp_path / "t.jsonl")
    one_line_error(run("train", tmp_path / "t.jsonl", "--dev", tmp_path / "t.jsonl", "--out", tmp_path / "m"), "is in both")
    flat = write_jsonl(tmp_path / "flat.jsonl", [{"id": "a", "sentences": [statement("It rained."), statement("It stopped.")]}])
    one_line_error(run("train", flat, "--out", tmp_path / "m2"), "nothing to learn")
    assert not (tmp_path / "m").exists() and not (tmp_path / "m2").exists()


@pytest.mark.parametrize("target", ["dir", "missing/parent.json"])
def test_predict_unwritable_output_is_one_error(tmp_path, target):
    (tmp_path / "dir").mkdir()
    one_line_error(run("predict", SEED_FILES[1], "--format", "json", "--output", tmp_path / target), "output")


def test_evaluate_bad_bars_are_usage_errors():
    result = run("evaluate", DATA / "dev.jsonl", "--min-macro-f1", "Source_Type=0.5")
    assert result.exit_code == 2 and "AXIS=VALUE" in result.stderr
