"""Saving and loading a model directory safely.

A model directory holds ``model.npz`` (each classifier's arrays), ``manifest.json``
(label set, training parameters, library versions, training-data hash, metrics and
the file's SHA-256) and ``MODEL_CARD.md``.

Models are files people share, and a pickle (what plain ``joblib.load`` reads)
runs arbitrary code when it is loaded. So a model is nothing but numeric and
string arrays (see :mod:`attrib.linear`), read with ``allow_pickle=False``:
loading one cannot run code. Loading also checks the file against the
manifest's checksum, the label scheme and the library versions, and a save
swaps in a complete directory, so a crash never leaves half a model.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .labels import SCHEME_VERSION
from .linear import LinearClassifier
from .model import AttribModel, label_set_matches

MODEL_FILE = "model.npz"
MANIFEST_FILE = "manifest.json"
CARD_FILE = "MODEL_CARD.md"
FORMAT_VERSION = 2

#: Libraries whose major.minor version must match between training and loading: the
#: features come from spaCy's analyses, so another spaCy may shift them.
PINNED_LIBRARIES = ("spacy",)


class ModelError(RuntimeError):
    """A model directory is missing, corrupt, tampered with or incompatible."""


@dataclass
class LoadedModel:
    """A model with the manifest it was saved with."""

    model: AttribModel
    manifest: dict[str, Any]
    path: Path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_hash(paths: list[Path]) -> str:
    """One SHA-256 over the training files' names and contents, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions recorded in the manifest and checked on load."""
    from .nlp import load_pipeline, pipeline_name

    versions = {"python": platform.python_version(), "attrib": __version__}
    for name in ("scikit-learn", "spacy", "numpy"):
        versions[name] = metadata.version(name)
    versions["spacy_pipeline"] = pipeline_name(load_pipeline())
    return versions


def _major_minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def save_model(model: AttribModel, directory: Path, info: dict[str, Any], card: str) -> Path:
    """Write a model directory atomically; ``info`` is merged into the manifest."""
    directory = Path(directory).resolve()
    if directory.exists() and not (directory.is_dir() and (directory / MANIFEST_FILE).is_file()):
        raise ModelError(f"{directory}: exists and is not an attrib model directory; refusing to replace it")
    if directory == Path.cwd() or directory in Path.cwd().parents:
        raise ModelError(f"{directory}: cannot replace the current directory; choose a new --out")
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    except OSError as exc:
        raise ModelError(f"{directory}: cannot write the model here ({exc.strerror or exc})") from None
    staging.chmod(0o755)
    try:
        arrays = {k: v for axis, c in model.classifiers_.items() for k, v in c.to_arrays(axis).items()}
        with (staging / MODEL_FILE).open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        manifest = {
            "format_version": FORMAT_VERSION,
            "scheme": SCHEME_VERSION,
            "labels": model.labels(),
            "versions": library_versions(),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "sha256": sha256_file(staging / MODEL_FILE),
            **info,
            "params": {"C": model.C, "seed": model.seed, "axes": sorted(model.classifiers_)},
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (staging / CARD_FILE).write_text(card, encoding="utf-8")
        _swap_in(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return directory


def _swap_in(staging: Path, directory: Path) -> None:
    """Replace ``directory`` by ``staging`` so that a reader sees the old or the new, never a mix."""
    if directory.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=directory.parent))
        os.replace(directory, retired / directory.name)
        os.replace(staging, directory)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, directory)


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of a model directory, or :class:`ModelError` saying what is wrong."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelError(f"{directory}: no model directory here (train one with `attrib train` or pass --model)")
    path = directory / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{directory}: {MANIFEST_FILE} is missing, so the model cannot be checked") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ModelError(f"{path}: not a valid manifest (corrupt JSON)") from None
    if not isinstance(manifest, dict) or "sha256" not in manifest:
        raise ModelError(f"{path}: not an attrib manifest (no sha256)")
    return manifest


def check_compatible(manifest: dict[str, Any], directory: Path) -> None:
    """Refuse models of another label scheme or built with incompatible libraries."""
    try:
        _check_compatible(manifest, directory)
    except (KeyError, TypeError, AttributeError, ValueError):
        raise ModelError(f"{directory}: {MANIFEST_FILE} is malformed; refusing to load") from None


def _check_compatible(manifest: dict[str, Any], directory: Path) -> None:
    if manifest.get("format_version") != FORMAT_VERSION or manifest.get("scheme") != SCHEME_VERSION:
        raise ModelError(
            f"{directory}: model uses label scheme {manifest.get('scheme')!r} (format {manifest.get('format_version')}); "
            f"this attrib reads {SCHEME_VERSION!r} (format {FORMAT_VERSION}): retrain it"
        )
    if not label_set_matches(manifest.get("labels", {})):
        raise ModelError(f"{directory}: model predicts labels outside this attrib's label set: retrain it")
    trained = manifest.get("versions", {})
    for name in PINNED_LIBRARIES:
        have = metadata.version(name)
        if name in trained and _major_minor(trained[name]) != _major_minor(have):
            raise ModelError(
                f"{directory}: model was trained with {name} {trained[name]}, but {have} is installed: "
                f"install {name}=={_major_minor(trained[name])}.* or retrain"
            )


def load_model(directory: Path) -> LoadedModel:
    """Load a model directory after checking checksum, scheme, versions and stored types."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    model_path = directory / MODEL_FILE
    if not model_path.is_file():
        raise ModelError(f"{directory}: {MODEL_FILE} is missing")
    if sha256_file(model_path) != manifest["sha256"]:
        raise ModelError(f"{model_path}: checksum does not match the manifest (file changed or corrupt); refusing to load")
    check_compatible(manifest, directory)
    try:
        axes = list(manifest["params"]["axes"])
        model = AttribModel(C=manifest["params"]["C"], seed=manifest["params"]["seed"])
    except (KeyError, TypeError, ValueError):
        raise ModelError(f"{directory}: {MANIFEST_FILE} is malformed (params); refusing to load") from None
    model.classifiers_ = _read_classifiers(model_path, axes)
    return LoadedModel(model, manifest, directory)


def _read_classifiers(model_path: Path, axes: list[str]) -> dict[str, LinearClassifier]:
    """Each axis's arrays; anything but plain arrays (a pickled object) is refused."""
    try:
        with np.load(model_path, allow_pickle=False) as arrays:
            classifiers = {axis: LinearClassifier.from_arrays(arrays, axis) for axis in axes}
    except ValueError as exc:
        if "pickle" in str(exc).lower():
            raise ModelError(f"{model_path}: contains pickled objects, which attrib never loads; refusing it") from None
        raise ModelError(f"{model_path}: holds no attrib model ({exc})") from None
    except KeyError as exc:
        raise ModelError(f"{model_path}: holds no attrib model (missing {exc.args[0]})") from None
    except Exception as exc:  # numpy/zipfile raise many types for a damaged archive
        raise ModelError(f"{model_path}: cannot be read ({type(exc).__name__}); the file is corrupt") from None
    if not classifiers:
        raise ModelError(f"{model_path}: holds no attrib model (no classifiers)")
    return classifiers
