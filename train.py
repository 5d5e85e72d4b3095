"""Retrain the shipped model in model/ from data/ (train split; dev and test are scored).

    python train.py            # same data and seed -> same model
    python train.py --seed 1   # any option of `attrib train`, e.g. --C 0.5
    python train.py --out DIR  # write elsewhere (the benchmark times this)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from attrib.cli import app

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":
    os.chdir(ROOT)  # so the manifest records repository-relative paths
    out = [] if "--out" in sys.argv or "-o" in sys.argv else ["--out", "model"]
    args = ["data/train.jsonl", *out, "--dev", "data/dev.jsonl", "--test", "data/test.jsonl", *sys.argv[1:]]
    sys.exit(app(["train", *args]))
