"""Role tagger benchmark: span F1 on held-out data, and speed against the bare encoder's forward pass.

    python benchmarks/bench_roles.py eval     # -> benchmarks/results/roles_eval.{json,md}
    python benchmarks/bench_roles.py report   # the same table from the scores the trainer stored in roles.json
    python benchmarks/bench_roles.py speed    # -> benchmarks/results/roles_speed.{json,md}

``eval`` rebuilds the held-out sets of ``configs/train/roles.yaml`` (same seed, same split) and scores the shipped
weights. ``speed`` tags held-out ACLED note sentences with :meth:`RoleTagger.tag` and runs the bare encoder over the
same pieces with the same batching (length-sorted, dynamic padding, ``torch.inference_mode``), which is the limit;
it reports medians over repeats, and the machine's load average, since the 2 cores here are shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from pathlib import Path
from typing import Any

import torch

from eventx.models.roles import RoleTagger
from eventx.models.roles_train import EVAL_PLAN, build_datasets, evaluate, load_config

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
CONFIG = REPO / "configs" / "train" / "roles.yaml"


def _write(name: str, payload: dict[str, Any], md: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(md, encoding="utf-8")
    print(md)


def _table(out: dict[str, Any], seed: int, origin: str) -> str:
    lines = [
        "# Role tagger: span F1 on held-out data",
        "",
        f"Weights: eventx/weights/roles (seed {seed}); {origin}.",
        "",
    ]
    lines += ["| set | kind | support | exact P | exact R | exact F1 | overlap F1 |", "|---|---|---|---|---|---|---|"]
    for name, res in out.items():
        for kind, row in res["per_kind"].items():
            lines.append(
                f"| {name} | {kind} | {row['support']} | {row['exact_p']:.3f} | {row['exact_r']:.3f} | "
                f"{row['exact_f1']:.3f} | {row['overlap_f1']:.3f} |"
            )
    return "\n".join(lines) + "\n"


def run_eval(tagger: RoleTagger) -> None:
    """Rebuild the held-out sets (same config, seed and split) and score the shipped weights."""
    cfg = load_config(CONFIG)
    sets = build_datasets(cfg, progress=print)
    out = {
        name: evaluate(tagger, sets[name], kinds, layer) for name, (layer, kinds) in EVAL_PLAN.items() if name in sets
    }
    payload = {"config": str(CONFIG.relative_to(REPO)), "origin": "bench_roles.py eval", "results": out}
    _write("roles_eval", payload, _table(out, cfg.seed, "scored by `bench_roles.py eval`"))


def run_report(tagger: RoleTagger) -> None:
    """The trainer's own scores of the saved model (same evaluate() on the same sets), without re-running them."""
    out = tagger.meta.get("metrics") or {}
    if not out:
        raise SystemExit("roles.json has no metrics: run `bench_roles.py eval`")
    payload = {"config": str(CONFIG.relative_to(REPO)), "origin": "training run (roles.json)", "results": out}
    _write("roles_eval", payload, _table(out, tagger.meta.get("seed", -1), "scored by the training run"))


def _sentences(n: int) -> list[str]:
    cfg = load_config(CONFIG)
    cfg.data.acled_train_max = 0
    cfg.data.conll_train_max = 0
    cfg.data.halterman_train_max = 0
    cfg.data.cameo = False
    cfg.data.acled_dev_max = n
    cfg.data.eval_max = n
    notes = build_datasets(cfg, progress=lambda _: None)["acled_dev"]
    sents = [s for ex in notes for s in re.split(r"(?<=[.!?])\s+", ex.text) if len(s.split()) >= 5]
    return sents[:n]


def run_speed(tagger: RoleTagger, n: int, batch_size: int, repeats: int) -> None:
    texts = _sentences(n)
    tok = tagger.tokenizer
    enc = tok(texts, truncation=True, max_length=tagger.max_length)
    lengths = [len(ids) for ids in enc["input_ids"]]
    order = sorted(range(len(texts)), key=lambda i: lengths[i])
    model = tagger.model

    def bare() -> None:
        with torch.inference_mode():
            for s in range(0, len(order), batch_size):
                idx = order[s : s + batch_size]
                width = max(lengths[i] for i in idx)
                ids = torch.zeros(len(idx), width, dtype=torch.long)
                mask = torch.zeros(len(idx), width, dtype=torch.long)
                for r, i in enumerate(idx):
                    ids[r, : lengths[i]] = torch.tensor(enc["input_ids"][i])
                    mask[r, : lengths[i]] = 1
                model(input_ids=ids, attention_mask=mask)

    def ours() -> None:
        tagger.tag(texts, batch_size=batch_size)

    ours()  # warm-up
    times: dict[str, list[float]] = {"bare_encoder": [], "role_tagger": []}
    pair = [("bare_encoder", bare), ("role_tagger", ours)]
    for k in range(repeats):  # alternate which runs first, so load drift on a shared machine hits both alike
        for name, fn in pair if k % 2 == 0 else pair[::-1]:
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    tokens = sum(lengths)
    payload = {
        "sentences": len(texts),
        "tokens": tokens,
        "batch_size": batch_size,
        "threads": torch.get_num_threads(),
        "repeats": repeats,
        "load_average_1m": os.getloadavg()[0],
        "seconds_median": med,
        "seconds_all": times,
        "sentences_per_s": {k: round(len(texts) / v, 1) for k, v in med.items()},
        "tokens_per_s": {k: round(tokens / v, 1) for k, v in med.items()},
        "ratio_to_bare": round(med["bare_encoder"] / med["role_tagger"], 3),
        "pieces_read_fraction": 1.0,  # long texts are chunked with overlap; nothing is cut
    }
    md = "\n".join(
        [
            "# Role tagger speed (CPU)",
            "",
            f"{len(texts)} held-out ACLED note sentences, {tokens} word pieces, batch {batch_size}, "
            f"{torch.get_num_threads()} threads, median of {repeats}; 1-min load average at the end "
            f"{payload['load_average_1m']:.1f} (shared machine).",
            "",
            "| | sentences/s | tokens/s |",
            "|---|---|---|",
            *(f"| {k} | {payload['sentences_per_s'][k]} | {payload['tokens_per_s'][k]} |" for k in med),
            "",
            f"Role tagger / bare encoder forward: **{payload['ratio_to_bare']:.0%}** of the limit.",
            "",
        ]
    )
    _write("roles_speed", payload, md)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["eval", "report", "speed", "all"])
    ap.add_argument("--n", type=int, default=800, help="sentences for the speed run")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    tagger = RoleTagger.load()
    if args.what in ("eval", "all"):
        run_eval(tagger)
    if args.what == "report":
        run_report(tagger)
    if args.what in ("speed", "all"):
        run_speed(tagger, args.n, args.batch_size, args.repeats)


if __name__ == "__main__":
    main()
