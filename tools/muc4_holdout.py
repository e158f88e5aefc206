"""Score a MUC-4 head on the training documents it was not trained on (``holdout_percent`` of its config).

Settings of the MUC-4 tagger (epochs, layers, decoding) are chosen here, on training documents, so that the MUC-4
dev split stays a clean report (``eventx bench muc4``). Every held-out document is tagged (no extractor gate).

    python tools/muc4_holdout.py .cache/muc4_holdout [--dump preds.jsonl]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventx.bench.muc4 import entities_from_spans
from eventx.bench.scoring import ceaf_ree
from eventx.datasets.muc4 import MUC_ROLES, ROLES, load_muc4, unwrap_lines
from eventx.models.muc4_head import Muc4Head
from eventx.models.muc4_train import held_out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("head", help="folder written by `eventx train` with holdout_percent > 0")
    ap.add_argument("--data", default=None, help="GRIT-format MUC-4 folder (default: the shared data's)")
    ap.add_argument("--dump", default=None, help="write gold and predicted entities per document as JSONL")
    ap.add_argument(
        "--threshold", type=float, nargs="*", default=[], help="word-level decoding thresholds to score too"
    )
    ap.add_argument("--min-score", type=float, nargs="*", default=[0.0], help="entity_min_score values to score")
    args = ap.parse_args()
    head = Muc4Head.load(args.head)
    pct = int(head.meta.get("config", {}).get("holdout_percent", 0))
    if pct <= 0:
        raise SystemExit(f"{args.head} was trained on every training document (holdout_percent 0): nothing to score")
    docs = [d for d in load_muc4(args.data, split="train") if held_out(d.id, pct)]
    golds = {d.id: {name: [list(e) for e in d.entities(key)] for key, name in ROLES.items()} for d in docs}
    print(f"{len(docs)} held-out training documents")
    for t in [None, *args.threshold]:
        head.meta["decode_threshold"] = t
        spans = head.tag([unwrap_lines(d.text) for d in docs], batch_size=16)
        for ms in args.min_score:
            preds = {d.id: entities_from_spans(ss, ms) for d, ss in zip(docs, spans, strict=True)}
            res = ceaf_ree(golds, preds, MUC_ROLES)
            print("decoding:", "per-piece argmax" if t is None else f"words, threshold {t}", f"entity_min_score {ms}")
            for role, v in res.items():
                p, r, f = v["precision"], v["recall"], v["f1"]
                print(f"  {role:10s} P {p:.3f} R {r:.3f} F1 {f:.3f} ({v['predicted']}/{v['gold']})")
    if args.dump:
        with Path(args.dump).open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"id": d.id, "gold": golds[d.id], "pred": preds[d.id]}) + "\n")


if __name__ == "__main__":
    main()
