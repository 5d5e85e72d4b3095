"""attrib.data: the LABELS.md contract, enforced with errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from attrib.data import DataError, check_splits, read_articles

from conftest import statement, write_jsonl


def article(*sentences, id="a1"):
    return {"id": id, "meta": {}, "sentences": list(sentences)}


GOOD = statement("Lee said the troops arrived.", "lawmaker", source="Lee", attribution_cues=["said"])


@pytest.mark.parametrize(
    "sentence, field, why",
    [
        ({**GOOD, "source_type": "wizard"}, "source_type", "unknown label"),
        ({**GOOD, "certainty": "sure"}, "certainty", "unknown label"),
        ({**GOOD, "kind": "footer"}, "kind", "unknown kind"),
        ({**GOOD, "source": None}, "source", "must name the source"),
        (statement("It rained.", source="Lee"), "source", "must be null"),
        ({**GOOD, "attribution_cues": ["according to"]}, "attribution_cues", "does not occur"),
        ({**GOOD, "certainty": "possible"}, "hedge_cues", "must list the cue"),
        ({**GOOD, "hedge_cues": ["said"]}, "hedge_cues", "must be empty"),
        ({**GOOD, "origin": "the NIS"}, "origin", "both be set"),
        ({**GOOD, "text": ""}, "text", "non-empty"),
        ({k: v for k, v in GOOD.items() if k != "certainty"}, "certainty", "missing"),
        ({"text": "Comments", "kind": "boilerplate", "source_type": "none"}, "source_type", "must be null"),
        ({**GOOD, "certainty_score": "high"}, "certainty_score", "must be a number"),
    ],
)
def test_bad_sentence_names_file_line_and_field(tmp_path, sentence, field, why):
    path = write_jsonl(tmp_path / "bad.jsonl", [article(GOOD, id="ok"), article(sentence, id="bad")])
    with pytest.raises(DataError) as err:
        read_articles(path)
    message = str(err.value)
    assert f"{path}:2" in message and f"'{field}'" in message and why in message


@pytest.mark.parametrize(
    "line, why",
    [("{not json", "not valid JSON"), ('["a list"]', "JSON object"), ('{"sentences": []}', "'id'"), ('{"id": "x", "sentences": []}', "'sentences'")],
)
def test_malformed_lines(tmp_path, line, why):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=why):
        read_articles(path)


def test_empty_missing_and_non_utf8_files(tmp_path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "latin.jsonl").write_bytes(b'{"id": "caf\xe9"}\n')
    with pytest.raises(DataError, match="empty"):
        read_articles(tmp_path / "empty.jsonl")
    with pytest.raises(DataError, match="cannot read"):
        read_articles(tmp_path / "missing.jsonl")
    with pytest.raises(DataError, match="UTF-8"):
        read_articles(tmp_path / "latin.jsonl")


def test_duplicate_ids_rejected(tmp_path):
    path = write_jsonl(tmp_path / "dup.jsonl", [article(GOOD), article(GOOD)])
    with pytest.raises(DataError, match="duplicate article id"):
        read_articles(path)


def test_outside_sets_may_leave_labels_null(tmp_path):
    path = write_jsonl(tmp_path / "outside.jsonl", [article({"text": "Lee spoke.", "kind": "statement", "source_type": None, "certainty": None, "attributed": True})])
    sentence = read_articles(path, strict=False)[0].sentences[0]
    assert sentence.attributed is True and sentence.source_type is None


def test_check_splits_finds_shared_articles_and_sentences(tmp_path):
    a = read_articles(write_jsonl(tmp_path / "a.jsonl", [article(GOOD, id="x")]))
    b = read_articles(write_jsonl(tmp_path / "b.jsonl", [article(GOOD, id="y")]))
    with pytest.raises(DataError, match="is in train"):
        check_splits({"train": a, "test": b})
    with pytest.raises(DataError, match="both"):
        check_splits({"train": a, "test": a})


OUTSIDE = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval"


@pytest.mark.parametrize("name", ["polnear-dev.jsonl", "polnear-test.jsonl", "meantime.jsonl", "pei-jurgens-test.jsonl"])
def test_outside_evaluation_sets_read_as_not_annotated_where_null(name):
    """The outside sets (read in place, never copied) parse under the lenient reading."""
    path = OUTSIDE / name
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    articles = read_articles(path, strict=False)
    assert articles and all(a.sentences for a in articles)
