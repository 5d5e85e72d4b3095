"""The benchmark corpus: articles rebuilt from the project's own labelled data.

No outside text: every article is one of ``data/*.jsonl`` (sentences joined into
paragraphs), repeated and shuffled with a fixed seed up to the size asked for.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def article_texts() -> list[str]:
    """Every labelled article's text, two sentences per paragraph."""
    texts = []
    for split in ("train", "dev", "test"):
        for line in (ROOT / "data" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            sentences = [s["text"] for s in json.loads(line)["sentences"]]
            paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
            texts.append("\n".join(paragraphs))
    return texts


def make_corpus(n_articles: int = 600, seed: int = 0) -> list[str]:
    """``n_articles`` articles: the project's articles repeated and shuffled (deterministic)."""
    pool = article_texts()
    rng = random.Random(seed)
    corpus: list[str] = []
    while len(corpus) < n_articles:
        batch = pool[:]
        rng.shuffle(batch)
        corpus.extend(batch)
    return corpus[:n_articles]


def write_jsonl(path: Path, texts: list[str]) -> None:
    """The corpus as a JSONL stream of ``{"id", "text"}`` records (what batch predict reads)."""
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": f"bench-{i:05d}", "text": text}, ensure_ascii=False) + "\n")
