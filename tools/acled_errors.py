"""Where eventx disagrees with ACLED's coders, row by row, for error analysis.

Runs the default extractor over deterministic sample rows of one split (as ``eventx bench acled`` picks them) and
writes one JSON line per row with the note, the gold fields and eventx's fields, then prints the most frequent
disagreements of each field. Use ``--split train`` (the countries the typing model was fitted on) when looking for
what to fix, so that the held-out countries stay unseen by whoever changes the code; their scores come from
``eventx bench acled``.

    python tools/acled_errors.py --split train --limit 600 --out .cache/acled_errors_train.jsonl

``--unseen-by-typer`` keeps only training-country rows whose note the event typer never trained on (the big types
are capped at ``cap_per_class`` notes, so most of their notes were left out): the typer's errors there are the kind
it makes on new text, which its own training rows hide, while the held-out countries stay unseen.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from eventx.bench.acled import article_of, select_rows
from eventx.bench.runner import best_event, extract_all
from eventx.pipeline.extractor import Extractor
from eventx.schema.record import EventRecord

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


def _unseen_by_typer(rows: list[EventRecord], limit: int) -> list[EventRecord]:
    """A deterministic sample of ``limit`` rows none of whose training views (note_views) the typer was fed."""
    import random

    from eventx.models.typing_data import clean_note, note_views
    from eventx.models.typing_pipeline import build_examples
    from eventx.models.typing_train import TypingTrainConfig

    config = Path("configs/train/typing.yaml")
    cache = Path(".cache/typer_training_texts.json")  # rebuilt when the config changes (its text is the key)
    key = config.read_text(encoding="utf-8")
    stored = json.loads(cache.read_text(encoding="utf-8")) if cache.is_file() else {}
    if stored.get("config") != key:
        texts = sorted(
            {_fold(e.text) for e in build_examples(TypingTrainConfig.load(config), config_path=config)["train"]}
        )
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"config": key, "texts": texts}), encoding="utf-8")
        stored = {"texts": texts}
    seen = set(stored["texts"])
    keep = [
        r
        for r in rows
        if not any(_fold(v) in seen for t in (r.notes or "", clean_note(r.notes or "")) for v in note_views(t))
    ]
    print(f"{len(keep)} of {len(rows)} rows unseen by the typer")
    return random.Random(0).sample(keep, min(limit, len(keep)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--split", default="train", choices=["train", "dev", "dev-both", "all"])
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--out", type=Path, default=Path(".cache/acled_errors.jsonl"))
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--unseen-by-typer", action="store_true", help="only notes the event typer never trained on")
    args = parser.parse_args()

    if args.unseen_by_typer:
        rows = _unseen_by_typer(select_rows(args.data, args.split, None), args.limit)
    else:
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
