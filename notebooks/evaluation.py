# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # attrib: evaluation and error analysis
#
# Scores of the shipped model on the test split (gold sentence boundaries), its confusion
# matrices, real vs written text, and the errors it makes with the most confidence —
# the place to start when improving data or features. Executed by CI, so it cannot rot.

# %%
from collections import Counter
from pathlib import Path

import attrib
from attrib.data import read_articles
from attrib.evaluate import evaluate, plot_confusion, summary_lines

from attrib.api import CHECKOUT_MODEL

ROOT = CHECKOUT_MODEL.parent  # the checkout this attrib is installed from (pip install -e .)
model = attrib.load(ROOT / "model")
articles = read_articles(ROOT / "data" / "test.jsonl")
predictions = model.predict_articles(articles)
result = evaluate(articles, predictions)
print("\n".join(summary_lines(result)))

# %% [markdown]
# ## Real news (Wikinews) vs text written for training

# %%
for name, group in result.get("groups", {}).items():
    print(name)
    print("  " + "\n  ".join(summary_lines(group)))

# %% [markdown]
# ## Confusion matrices

# %%
from IPython.display import Image, display

for axis in ("source_type", "certainty"):
    path = Path(f"/tmp/attrib_confusion_{axis}.png")
    plot_confusion(result["scores"][axis], axis, path)
    display(Image(filename=str(path)))

# %% [markdown]
# ## The most confident errors
#
# Gold statements the model labels wrongly, sorted by the probability it gave its wrong label.

# %%
def errors(axis: str, limit: int = 12):
    rows = []
    for article, preds in zip(articles, predictions):
        for gold, pred in zip(article.sentences, preds):
            if gold.kind != "statement" or getattr(gold, axis) is None:
                continue
            if getattr(gold, axis) != getattr(pred, axis):
                rows.append((pred.probability.get(axis, 0), getattr(gold, axis), getattr(pred, axis), gold.source, pred.source, gold.text))
    rows.sort(key=lambda row: row[0], reverse=True)
    for p, g, y, gs, ps, text in rows[:limit]:
        print(f"{p:.2f}  gold={g:<12} predicted={y:<12} gold source={gs!r} predicted={ps!r}\n      {text[:160]}")
    return Counter((g, y) for _, g, y, *_ in rows)


print(errors("source_type").most_common(8))

# %%
print(errors("certainty").most_common(6))
