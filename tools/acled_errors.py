"""Where eventx disagrees with ACLED's coders, row by row, for error analysis.

Runs the default extractor over deterministic sample rows of one split (as ``eventx bench acled`` picks them) and
writes one JSON line per row with the note, the gold fields and eventx's fields, then prints the most frequent
disagreements of each field. Use ``--split train`` (the countries the typing model was fitted on) when looking for
what to fix, so that the held-out countries stay unseen by whoever changes the code; their scores come from
``eventx bench acled``.

    python tools/acled_errors.py --split train --limit 600 --out .cache/acled_errors_train.jsonl
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from eventx.bench.acled import article_of, select_rows
from eventx.bench.runner import best_event, extract_all
from eventx.pipeline.extractor import Extractor

FIELDS = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "inter1",
    "inter2",
    "country",
    "admin1",
    "location",
    "event_date",
    "fatalities",
)


def _fold(value: object) -> str:
    return " ".join(str(value if value is not None else "").casefold().split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--split", default="train", choices=["train", "dev", "dev-both", "all"])
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--out", type=Path, default=Path(".cache/acled_errors.jsonl"))
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()

    rows = select_rows(args.data, args.split, args.limit)
    articles = [article_of(r, i) for i, r in enumerate(rows)]
    outcomes = extract_all(Extractor(), articles)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    confusions: dict[str, collections.Counter[tuple[str, str]]] = {f: collections.Counter() for f in FIELDS}
    wrong = collections.Counter[str]()
    with args.out.open("w", encoding="utf-8") as fh:
        for art, gold in zip(articles, rows, strict=True):
            pred = best_event(outcomes[art.id].events)
            line: dict[str, object] = {"id": art.id, "country": gold.country, "note": gold.notes, "fields": {}}
            for f in FIELDS:
                g = getattr(gold, f)
                p = getattr(pred, f) if pred is not None else None
                ok = _fold(g) == _fold(p)
                line["fields"][f] = {  # type: ignore[index]
                    "gold": None if g is None else str(g),
                    "pred": None if p is None else str(p),
                    "ok": ok,
                }
                if not ok:
                    wrong[f] += 1
                    confusions[f][(_fold(g), _fold(p))] += 1
            events = outcomes[art.id].events
            line["events"] = [  # every record of the note, in text order: which one the benchmark picked matters
                {
                    "sub_event_type": e.sub_event_type,
                    "confidence": e.confidence,
                    "actor1": e.actor1,
                    "location": e.location,
                    "spans": [s.text for s in e.evidence["event_type"].spans] if "event_type" in e.evidence else [],
                }
                for e in events
            ]
            if pred is not None:
                line["evidence"] = {
                    k: {"spans": [s.text for s in ev.spans], "reason": ev.reason} for k, ev in pred.evidence.items()
                }
            fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    n = len(rows)
    print(f"{n} rows of split {args.split!r}; per-row lines in {args.out}")
    for f in FIELDS:
        print(f"\n== {f}: {n - wrong[f]}/{n} agree ({(n - wrong[f]) / n:.3f})")
        for (g, p), c in confusions[f].most_common(args.top):
            print(f"  {c:4d}  gold={g!r:45.45}  pred={p!r:45.45}")


if __name__ == "__main__":
    main()
