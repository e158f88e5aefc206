"""Corpus throughput: ``eventx batch`` with 1 and 2 CPU workers against the loop a user would write first.

Run:  nice python benchmarks/bench_throughput.py [--articles 16] [--repeats 3] [--data-root ../shared/data]

What is timed (same articles for every arm, median of ``--repeats`` runs after one warm-up window each):

* ``eventx`` 1 worker: :func:`eventx.pipeline.batch.run_batch` in this process with the default config — the whole
  pipeline (clean, segment, language check, typing batched across articles with length bucketing, role tagging on
  event sentences, dates, places, figures, actors, records written with status lines);
* ``eventx`` 1 worker with ``--precision bf16`` or ``int8`` (opt-in CPU speed-ups; the share of typing labels equal
  to fp32's is reported with them);
* ``eventx`` 2 workers: the same through :class:`eventx.engines.workers.WorkerPool` (2 processes, cores / 2 torch
  threads each; the start-up, which loads the models in each process, is reported apart and not counted);
* ``naive``: a Hugging Face ``pipeline("text-classification")`` called once per sentence over the same sentences,
  on a ``BertForSequenceClassification`` assembled from the same weights (the shipped typing layers on the MiniLM
  base, the same classifier matrix). It only *classifies* sentences — no roles, places, dates or records — so the
  comparison flatters the naive loop. (It pools with BERT's [CLS] pooler where the EventTyper mean-pools; the cost
  is the same, the labels may differ, and only speed is compared here.)

Articles: full-length MUC-4 news documents (default; ``--corpus ipe`` for IndiaPoliceEvents, whose lower-cased text
segments into few, long sentences) via ``eventx.bench.speed.load_articles``, a deterministic sample;
outputs go to a temporary folder that is deleted (they quote third-party text). Results:
benchmarks/results/throughput.json and throughput.md. The machine is shared: the load average at start and end is
recorded with the numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
TARGET_SPEEDUP = 5.0


def _items(articles: list[Any]) -> list[Any]:
    from eventx.io.articles import ArticleItem

    return [ArticleItem(f"bench:{a.id}", a) for a in articles]


def eventx_once(
    extractor: Any, articles: list[Any], batch_size: int, workdir: Path, warmup: bool = False
) -> tuple[float, float]:
    """One timed run_batch over the articles: (articles/s, CPU seconds per article in this process). CPU time is
    the steadier number on a shared machine; for worker pools it excludes the workers. ``warmup``: one window."""
    from eventx.pipeline.batch import run_batch

    todo = articles[:batch_size] if warmup else articles
    t0, c0 = time.perf_counter(), time.process_time()
    summary = run_batch(_items(todo), extractor, workdir / "run.jsonl", batch_size=batch_size)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    assert summary.articles == len(todo)
    return len(todo) / dt, dc / len(todo)


def naive_classifier(typer: Any) -> Any:
    """A transformers text-classification pipeline over the typer's own encoder weights and classifier matrix."""
    import torch
    from transformers import BertForSequenceClassification, pipeline

    config = typer.model.config
    config.num_labels = len(typer.labels)
    config.id2label = dict(enumerate(typer.labels))
    config.label2id = {x: i for i, x in enumerate(typer.labels)}
    model = BertForSequenceClassification(config)
    missing, _ = model.bert.load_state_dict(typer.model.state_dict(), strict=False)
    if any(not k.startswith("pooler.") for k in missing):
        raise RuntimeError(f"encoder weights do not fit: {missing[:3]}")
    with torch.no_grad():
        model.classifier.weight.copy_(typer.head.weight)
        model.classifier.bias.copy_(typer.head.bias)
    model.eval()
    return pipeline("text-classification", model=model, tokenizer=typer.tokenizer, device=-1)


def naive_once(classify: Any, sentences: list[list[str]], max_length: int, warmup: bool = False) -> tuple[float, float]:
    """The loop a user writes — every sentence of every article, one pipeline call each: (articles/s, CPU s/article)."""
    todo = sentences[:1] if warmup else sentences
    t0, c0 = time.perf_counter(), time.process_time()
    labels = [[classify(s, truncation=True, max_length=max_length)[0]["label"] for s in sents] for sents in todo]
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    assert len(labels) == len(todo)
    return len(todo) / dt, dc / len(todo)


def _stats(timed: tuple[list[float], list[float]]) -> dict[str, Any]:
    rates, cpu = timed
    return {
        "median": round(statistics.median(rates), 3),
        "runs": [round(x, 3) for x in rates],
        "cpu_s_per_article_median": round(statistics.median(cpu), 3),
    }


ARMS: dict[str, tuple[int, str, str]] = {
    # name: (worker processes, precision, label)
    "eventx_1_worker": (1, "fp32", "eventx batch, 1 process, fp32 (default)"),
    "eventx_1_worker_bf16": (1, "bf16", "eventx batch, 1 process, --precision bf16"),
    "eventx_1_worker_int8": (1, "int8", "eventx batch, 1 process, --precision int8"),
    "eventx_2_workers": (2, "fp32", "eventx batch --workers 2, fp32"),
    "eventx_2_workers_int8": (2, "int8", "eventx batch --workers 2 --precision int8"),
}
NAIVE = "naive_hf_pipeline_per_sentence"


def label_agreement(reference: Any, other: Any, texts: list[str], precision: str) -> float:
    """Share of texts whose typing label (a sub-event type or "no event") is the same as fp32's."""
    from eventx.engines.precision import PrecisionExtractor

    def labels(ex: Any) -> list[str | None]:
        if isinstance(ex, PrecisionExtractor):
            import torch

            with torch.autocast(device_type=ex.device_type, dtype=ex.dtype):
                return [p.sub_event_type for p in ex.inner.typer.predict(texts)]
        return [p.sub_event_type for p in ex.typer.predict(texts)]

    ref, got = labels(reference), labels(other)
    return round(sum(a == b for a, b in zip(ref, got, strict=True)) / max(1, len(ref)), 4)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=12)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--corpus", choices=["muc4", "ipe"], default="muc4")
    ap.add_argument("--min-words", type=int, default=200)
    ap.add_argument("--max-words", type=int, default=800)
    ap.add_argument("--data-root", default=None, help="corpus file or folder (default: under ../shared/data)")
    ap.add_argument("--typing", default=None, help="typing weights folder (default: the shipped ones)")
    ap.add_argument("--arms", nargs="*", default=[*ARMS, NAIVE], choices=[*ARMS, NAIVE])
    args = ap.parse_args(argv)

    import torch

    from eventx import __version__
    from eventx.bench.speed import load_articles
    from eventx.config import ExtractorConfig
    from eventx.engines.precision import with_precision
    from eventx.engines.workers import WorkerPool, available_cores, extractor_factory
    from eventx.pipeline.extractor import Extractor
    from eventx.pipeline.segment import split_sentences

    cfg = ExtractorConfig.default()
    if args.typing:
        cfg.models.typing = args.typing
    articles = load_articles(args.corpus, args.data_root, args.articles, args.min_words, args.max_words)
    sentences = [[s.text for s in split_sentences(a.text or "")] for a in articles]
    flat = [t for sents in sentences for t in sents]
    words = sum(len((a.text or "").split()) for a in articles)
    print(f"{len(articles)} articles, {len(flat)} sentences, {words} words; cores={available_cores()}", flush=True)
    corpus_name = {"muc4": "MUC-4 (conflibert_eval) news documents", "ipe": "IndiaPoliceEvents documents"}
    result: dict[str, Any] = {
        "benchmark": "throughput",
        "command": "python benchmarks/bench_throughput.py " + " ".join(argv or sys.argv[1:]),
        "eventx_version": __version__,
        "device": f"CPU, {available_cores()} cores (shared machine), torch {torch.__version__}",
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "articles": len(articles),
        "sentences": len(flat),
        "words": words,
        "corpus": f"{corpus_name[args.corpus]}, {args.min_words}-{args.max_words} words, deterministic sample",
        "batch_size": args.batch_size,
        "repeats": args.repeats,
        "arms": {},
        "label_agreement_with_fp32": {},
    }
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        reference = Extractor(cfg)
        result["typing_model"] = reference.model_info.version
        result["roles"] = reference.tagger is not None
        runners: dict[str, Any] = {}
        for name in [a for a in args.arms if a in ARMS]:
            workers, precision, _ = ARMS[name]
            print(f"loading {name}", flush=True)
            if workers == 1:
                ex = reference if precision == "fp32" else with_precision(Extractor(cfg), precision)
                if precision != "fp32":
                    agree = label_agreement(reference, ex, flat, precision)
                    result["label_agreement_with_fp32"][precision] = agree
                    print(f"    typing labels equal to fp32's: {agree:.2%}", flush=True)
            else:
                t0 = time.perf_counter()
                ex = stack.enter_context(WorkerPool(extractor_factory(cfg, precision), workers))
                result["arms"][name] = {"startup_s": round(time.perf_counter() - t0, 1)}
            runners[name] = partial(eventx_once, ex, articles, args.batch_size, work)
        if NAIVE in args.arms:
            runners[NAIVE] = partial(
                naive_once, naive_classifier(reference.typer), sentences, reference.typer.max_length
            )
        timings: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in runners}
        for run in runners.values():
            run(warmup=True)
        for r in range(args.repeats):  # round-robin, so a change in the machine's load hits every arm alike
            for name, run in runners.items():
                rate, cpu = run()
                timings[name][0].append(rate)
                timings[name][1].append(cpu)
                print(f"    repeat {r + 1} {name}: {rate:.3f} articles/s, {cpu:.3f} CPU s/article", flush=True)
        for name, timed in timings.items():
            stats = _stats(timed)
            if ARMS.get(name, (1,))[0] > 1:
                stats.pop("cpu_s_per_article_median")  # the workers' CPU time is not this process's
            result["arms"][name] = {**stats, **result["arms"].get(name, {})}
    arms = result["arms"]
    if NAIVE in arms:
        naive, naive_cpu = arms[NAIVE]["median"], arms[NAIVE]["cpu_s_per_article_median"]
        for name, arm in arms.items():
            if name == NAIVE:
                continue
            arm["speedup_vs_naive"] = round(arm["median"] / naive, 2)
            if arm.get("cpu_s_per_article_median"):
                arm["cpu_speedup_vs_naive"] = round(naive_cpu / arm["cpu_s_per_article_median"], 2)
    result["target_speedup_vs_naive"] = TARGET_SPEEDUP
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "throughput.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "throughput.md").write_text(_markdown(result), encoding="utf-8")
    print(json.dumps(result["arms"], indent=2))
    return 0


def _markdown(r: dict[str, Any]) -> str:
    rows = [
        "# Throughput: eventx batch vs a naive per-sentence loop",
        "",
        f"Command: `{r['command']}`. Device: {r['device']}. Load average at start {r['load_average_start']}, "
        f"at end {r['load_average_end']}: other jobs shared the 2 cores, so absolute numbers are pessimistic and "
        "noisy; the CPU-seconds columns (this process's CPU time per article) are the steadier comparison.",
        f"Corpus: {r['articles']} articles ({r['sentences']} sentences, {r['words']} words), {r['corpus']}. "
        f"Typing model: {r.get('typing_model')}; role tagger loaded: {r.get('roles')}. Batch size {r['batch_size']}; "
        f"median of {r['repeats']} runs after a warm-up, the arms interleaved run by run. GPU: not measured (no GPU was available).",
        "",
        "| arm | articles/s (median) | runs | speed-up vs naive (wall) | CPU s/article | speed-up (CPU) |",
        "|---|---:|---|---:|---:|---:|",
    ]
    labels = {name: label for name, (_, _, label) in ARMS.items()}
    labels[NAIVE] = "HF pipeline('text-classification') per sentence (typing only)"
    for key, label in labels.items():
        a = r["arms"].get(key)
        if a is None:
            continue
        extra = f" (start-up {a['startup_s']} s, not counted)" if "startup_s" in a else ""
        rows.append(
            f"| {label}{extra} | {a['median']:.3f} | {', '.join(f'{x:.3f}' for x in a['runs'])} | "
            f"{a.get('speedup_vs_naive', 1.0 if key == NAIVE else '-')} | "
            f"{a.get('cpu_s_per_article_median', '-')} | {a.get('cpu_speedup_vs_naive', 1.0 if key == NAIVE else '-')} |"
        )
    rows += ["", f"Target: >= {r['target_speedup_vs_naive']}x the naive loop on CPU."]
    if r["label_agreement_with_fp32"]:
        agree = ", ".join(f"{k} {v:.2%}" for k, v in r["label_agreement_with_fp32"].items())
        rows.append(f"Typing labels equal to fp32's on the benchmark sentences: {agree}.")
    rows.append("")
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())
