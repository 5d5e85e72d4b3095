"""attrib.store: model directories are checked before they are trusted."""

from __future__ import annotations

import json
import shutil

import pytest

from attrib.store import MANIFEST_FILE, MODEL_FILE, ModelError, load_model, read_manifest


@pytest.fixture
def model_copy(small_model_dir, tmp_path):
    target = tmp_path / "model"
    shutil.copytree(small_model_dir, target)
    return target


def test_manifest_records_data_versions_and_scores(small_model_dir):
    manifest = read_manifest(small_model_dir)
    assert {"scikit-learn", "spacy", "spacy_pipeline"} <= set(manifest["versions"])
    assert len(manifest["trained_on"]["data_sha256"]) == 64
    assert manifest["labels"]["certainty"] == ["certain", "possible", "probable"]


def test_tampered_model_file_is_refused(model_copy):
    with (model_copy / MODEL_FILE).open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ModelError, match="checksum"):
        load_model(model_copy)


def _edit_manifest(directory, **changes):
    manifest = json.loads((directory / MANIFEST_FILE).read_text())
    for key, value in changes.items():
        target = manifest
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"scheme": "labels-0"}, "label scheme"),
        ({"labels__source_type": ["none", "alien"]}, "outside"),
        ({"versions__spacy": "2.1.0"}, "spacy 2.1.0"),
        ({"params": None}, "malformed"),
    ],
)
def test_incompatible_models_are_refused(model_copy, change, message):
    _edit_manifest(model_copy, **change)
    with pytest.raises(ModelError, match=message):
        load_model(model_copy)


def test_missing_and_corrupt_models(model_copy, tmp_path):
    with pytest.raises(ModelError, match="no model directory"):
        load_model(tmp_path / "nowhere")
    (model_copy / MANIFEST_FILE).write_text("{broken")
    with pytest.raises(ModelError, match="corrupt"):
        load_model(model_copy)


def _rewrite_model(directory, arrays):
    import hashlib

    import numpy as np

    with (directory / MODEL_FILE).open("wb") as handle:
        np.savez(handle, **arrays)
    _edit_manifest(directory, sha256=hashlib.sha256((directory / MODEL_FILE).read_bytes()).hexdigest())


def test_pickled_objects_are_never_loaded(model_copy):
    import numpy as np

    with np.load(model_copy / MODEL_FILE) as arrays:
        content = dict(arrays)
    content["certainty.coef"] = np.array([{"unpickling": "would run code"}], dtype=object)
    _rewrite_model(model_copy, content)
    with pytest.raises(ModelError, match="pickled"):
        load_model(model_copy)


def test_archive_without_the_classifiers_is_refused(model_copy):
    import numpy as np

    _rewrite_model(model_copy, {"unrelated": np.zeros(3)})
    with pytest.raises(ModelError, match="no attrib model"):
        load_model(model_copy)


def test_malformed_manifest_is_refused(model_copy):
    _edit_manifest(model_copy, labels="x")
    with pytest.raises(ModelError, match="malformed|outside"):
        load_model(model_copy)
