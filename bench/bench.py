"""attrib's benchmark: every figure measured side by side with its baseline in one run.

    python bench/bench.py                 # full run (~15 minutes on 2 cores)
    python bench/bench.py --articles 100 --skip-train   # a quick look

Prints, on a corpus of ``--articles`` articles rebuilt from the project's own data
(see ``bench/corpus.py``):

- prediction throughput (sentences/s, tokens/s) of attrib next to the bare
  English pipeline's ``nlp.pipe`` over the same texts, and their ratio;
- the same with 2 processes, and the ratio to 1 process;
- cold start of ``attrib predict <seed>`` next to a bare ``spacy.load``;
- peak memory (max RSS) of one prediction process next to a bare pipeline process;
- the time of ``python train.py`` (written to a temporary directory).

Ratios, not seconds, are what carries across machines; the goals are issue #5's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, make_corpus, write_jsonl  # noqa: E402

SEED = ROOT / "seeds" / "000_33aced630bfce5d4.txt"


def pipeline_package() -> str:
    import importlib.util

    from attrib.nlp import PIPELINE_PACKAGES

    return next(name for name in PIPELINE_PACKAGES if importlib.util.find_spec(name))


# -- throughput -------------------------------------------------------------------

def warm_up_texts() -> list[str]:
    """60 articles (another shuffle) that both sides label before the clock starts, so that
    throughput is the steady state of a long run; a fresh process is measured by cold start."""
    return make_corpus(60, seed=1)


def bare_throughput(texts: list[str], processes: int) -> dict[str, float]:
    """The bare pipeline, every default component on, over whole article texts."""
    import spacy

    nlp = spacy.load(pipeline_package())
    for _ in nlp.pipe(warm_up_texts(), batch_size=64):  # the same warm-up as attrib's
        pass
    start = time.perf_counter()
    tokens = sentences = 0
    for doc in nlp.pipe(texts, batch_size=64, n_process=processes):
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    return {"seconds": time.perf_counter() - start, "tokens": tokens, "sentences": sentences}


def attrib_throughput(texts: list[str], processes: int) -> dict[str, float]:
    """attrib's batch path (what ``attrib predict --jobs N`` runs), model loaded beforehand."""
    import attrib
    from attrib.batch import Job, label_jobs

    model = attrib.load()
    list(label_jobs(model, [Job(f"warm-{i}", text) for i, text in enumerate(warm_up_texts())]))
    jobs = [Job(str(i), text) for i, text in enumerate(texts)]
    start = time.perf_counter()
    sentences = sum(len(r.predictions) for r in label_jobs(model, jobs, processes=processes))
    return {"seconds": time.perf_counter() - start, "sentences": sentences}


def in_subprocess(function: str, texts_file: Path, processes: int) -> dict[str, float]:
    """Run one measurement in a fresh interpreter, so runs cannot warm each other's caches."""
    code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench; "
            f"texts = json.load(open({str(texts_file)!r})); print(json.dumps(bench.{function}(texts, {processes})))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


# -- start-up and memory ----------------------------------------------------------

def run_measured(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss // 1024


def attrib_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "attrib.cli", *args]


def bare_load_command() -> list[str]:
    return [sys.executable, "-c", f"import spacy; spacy.load({pipeline_package()!r})"]


def cold_start(rounds: int) -> dict[str, float]:
    attrib_times, bare_times = [], []
    run_measured(attrib_command("predict", str(SEED), "-f", "jsonl"))  # warm the OS file cache for both
    run_measured(bare_load_command())
    for _ in range(rounds):
        attrib_times.append(run_measured(attrib_command("predict", str(SEED), "-f", "jsonl"))[0])
        bare_times.append(run_measured(bare_load_command())[0])
    return {"attrib": statistics.median(attrib_times), "bare": statistics.median(bare_times)}


def peak_memory(corpus_file: Path, texts_file: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        _, attrib_mb = run_measured(attrib_command("predict", str(corpus_file), "-f", "jsonl", "-o", str(Path(tmp) / "out.jsonl")))
    code = (f"import json, spacy; nlp = spacy.load({pipeline_package()!r}); "
            f"[len(d) for d in nlp.pipe(json.load(open({str(texts_file)!r})), batch_size=64)]")
    _, bare_mb = run_measured([sys.executable, "-c", code])
    return {"attrib": attrib_mb, "bare": bare_mb}


def training_time() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, _ = run_measured([sys.executable, "train.py", "--out", str(Path(tmp) / "model")])
    return seconds


# -- report -----------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=600, help="corpus size (at least 500 for the figures of record)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved throughput rounds (median ratio); cold start takes 2 more")
    parser.add_argument("--skip-train", action="store_true", help="do not time python train.py")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    texts = make_corpus(args.articles)
    figures: dict[str, object] = {"articles": len(texts), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        texts_file, corpus_file = Path(tmp) / "texts.json", Path(tmp) / "corpus.jsonl"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        first_100 = Path(tmp) / "first100.json"
        first_100.write_text(json.dumps(texts[:100]), encoding="utf-8")
        write_jsonl(corpus_file, texts[:100])
        print(f"corpus: {len(texts)} articles, {sum(map(len, texts)) / 1e6:.1f} M characters", flush=True)
        runs: dict[str, list[dict[str, float]]] = {"bare_1": [], "attrib_1": [], "attrib_2": []}
        for round_ in range(args.rounds):  # interleaved, so a slow spell of the machine hits both sides
            for name, function, processes in (("bare_1", "bare_throughput", 1), ("attrib_1", "attrib_throughput", 1),
                                              ("attrib_2", "attrib_throughput", 2)):
                runs[name].append(in_subprocess(function, texts_file, processes))
            print(f"round {round_ + 1}/{args.rounds}: bare {runs['bare_1'][-1]['seconds']:.1f} s, attrib {runs['attrib_1'][-1]['seconds']:.1f} s, "
                  f"attrib x2 {runs['attrib_2'][-1]['seconds']:.1f} s", flush=True)
        bare2 = in_subprocess("bare_throughput", texts_file, 2)
        bare1, ours1, ours2 = (_median_run(runs[name]) for name in ("bare_1", "attrib_1", "attrib_2"))
        ratio_1 = statistics.median(b["seconds"] / o["seconds"] for b, o in zip(runs["bare_1"], runs["attrib_1"]))
        ratio_2 = statistics.median(o["seconds"] / t["seconds"] for o, t in zip(runs["attrib_1"], runs["attrib_2"]))
        start = cold_start(args.rounds + 2)
        memory = peak_memory(corpus_file, first_100)
    train_seconds = None if args.skip_train else training_time()

    tokens = bare1["tokens"]
    rows = [
        ("throughput, 1 process", f"{ours1['sentences'] / ours1['seconds']:.0f} sent/s, {tokens / ours1['seconds']:.0f} tok/s",
         f"bare nlp.pipe {bare1['sentences'] / bare1['seconds']:.0f} sent/s, {tokens / bare1['seconds']:.0f} tok/s",
         ratio_1, ">= 1.0"),
        ("throughput, 2 processes", f"{tokens / ours2['seconds']:.0f} tok/s",
         f"attrib 1 process {tokens / ours1['seconds']:.0f} tok/s (bare 2 proc. {bare1['seconds'] / bare2['seconds']:.2f}x bare 1)",
         ratio_2, ">= 1.7"),
        ("cold start", f"{start['attrib']:.2f} s attrib predict seed", f"{start['bare']:.2f} s spacy.load",
         start["attrib"] / start["bare"], "<= 1.5"),
        ("peak memory", f"{memory['attrib']} MB attrib predict (100 articles)", f"{memory['bare']} MB bare pipeline (same 100)",
         memory["attrib"] / memory["bare"], "<= 500 MB"),
    ]
    if train_seconds is not None:
        rows.append(("training", f"{train_seconds:.0f} s python train.py", "", train_seconds / 120, "<= 120 s"))
    print(f"\n{'measure':26} {'attrib':48} {'baseline':58} {'ratio':>6}  goal")
    for name, ours, base, ratio, goal in rows:
        print(f"{name:26} {ours:48} {base:58} {ratio:6.2f}  {goal}")
    figures.update({"runs": runs, "bare_2": bare2, "ratio_1": ratio_1, "ratio_2": ratio_2, "cold_start": start,
                    "peak_memory_mb": memory, "train_seconds": train_seconds})
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
