"""PLOVER benchmark: do eventx's actor1 and actor2 name PLOVER's source and target (recipient) actors?

PLOVER's gold standard codes single news sentences with a source and a target actor given as text
("Libya" -> "Great Britain"). Each record's text is one article; the highest-confidence event is compared (many
PLOVER categories — AGREE, DEMAND, CONSULT — are not ACLED events, so ``detection_rate`` is reported beside).

Match rule (documented, lenient on wording, strict on identity): after lower-casing, dropping punctuation and
articles, a predicted actor matches a gold actor when the gold words are all among the predicted words or the other
way round ("Senior Hungarian officials" ~ "Hungarian"; "Military Forces of Libya (2011-)" ~ "Libya"). The
predicted side is tried twice: the text span eventx read the actor from, and its resolved ACLED name; either may
match. Any of the gold actors counts (PLOVER lists several).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eventx.bench.report import Bars, BenchResult, Table
from eventx.bench.runner import best_event, evidence_texts, extract_all, model_label, status_counts
from eventx.bench.scoring import FieldTallies, grit_normalise, stable_sample
from eventx.schema.article import Article
from eventx.schema.record import EventRecord


def actor_matches(pred: Iterable[str], gold: Iterable[str]) -> bool:
    """Whether any predicted actor text names any gold actor (word-set containment either way)."""
    gsets = [set(grit_normalise(g).split()) for g in gold]
    for p in pred:
        ps = set(grit_normalise(p).split())
        if not ps:
            continue
        for gs in gsets:
            if gs and (gs <= ps or ps <= gs):
                return True
    return False


def predicted_actor(ev: EventRecord | None, key: str) -> list[str]:
    """The span text(s) and resolved name of actor1/actor2 of an event."""
    if ev is None:
        return []
    out = evidence_texts(ev, key)
    name = getattr(ev, key)
    if name:
        out.append(name)
    return out


def score_records(
    golds: Sequence[tuple[Sequence[str], Sequence[str]]], preds: Sequence[EventRecord | None]
) -> dict[str, Any]:
    """Source/target match over all records (no event = no match) and over the records with an event."""
    all_t, det_t = FieldTallies(), FieldTallies()
    for (src, tgt), ev in zip(golds, preds, strict=True):
        a1, a2 = predicted_actor(ev, "actor1"), predicted_actor(ev, "actor2")
        s_ok = bool(src) and actor_matches(a1, src)
        t_ok = actor_matches(a2, tgt) if tgt else not a2
        either = bool(src) and (actor_matches(a1 + a2, src))
        all_t.add("source", s_ok, bool(src))
        all_t.add("target", t_ok, bool(tgt))
        all_t.add("source_any_role", either, bool(src))
        if ev is not None:
            det_t.add("source", s_ok, bool(src))
            det_t.add("target", t_ok, bool(tgt))
            det_t.add("source_any_role", either, bool(src))
    return {"all": all_t.as_dict(), "detected": det_t.as_dict()}


def run(
    extractor: Any, data: str | Path | None = None, *, limit: int | None = None, batch_size: int = 16
) -> BenchResult:
    from eventx.datasets.plover import load_plover

    started = time.perf_counter()
    recs = stable_sample(load_plover(data), limit, key=lambda r: r.id)
    if not recs:
        raise ValueError(f"no PLOVER records in {data}")
    arts = []
    for i, r in enumerate(recs):
        try:
            pub = dt.datetime.fromisoformat(r.date) if r.date else None
        except ValueError:
            pub = None
        arts.append(Article(id=f"plover{i}", text=r.text, published=pub))
    outcomes = extract_all(extractor, arts, batch_size=batch_size)
    preds = [best_event(outcomes[a.id].events) for a in arts]
    golds = [([a.text for a in r.source], [a.text for a in r.target]) for r in recs]
    sc = score_records(golds, preds)
    detected = sum(p is not None for p in preds)
    metrics: dict[str, Any] = {
        "actor_match": sc["all"]["source"]["accuracy_gold_set"],
        "recipient_match": sc["all"]["target"]["accuracy_gold_set"],
        "actor_match_detected": sc["detected"].get("source", {}).get("accuracy_gold_set", 0.0),
        "recipient_match_detected": sc["detected"].get("target", {}).get("accuracy_gold_set", 0.0),
        "detection_rate": round(detected / len(recs), 4),
        "scores": sc,
        "status": status_counts(outcomes.values()),
    }
    rows = [
        [scope, field, v["accuracy_gold_set"], v["n_gold_set"], v["accuracy"], v["n"]]
        for scope, block in sc.items()
        for field, v in block.items()
    ]
    return BenchResult(
        benchmark="plover",
        n=len(recs),
        metrics=metrics,
        method=[
            "each PLOVER record's sentence is one article (published = its date); the highest-confidence event is "
            "compared; a record with no event matches nothing",
            "actor_match: actor1 names one of the gold source actors; recipient_match: actor2 names one of the "
            "gold targets; both over records whose gold side is non-empty",
            "match: word-set containment either way after lower-casing and dropping punctuation/articles; the "
            "predicted side is the evidence span text or the resolved ACLED name",
            "*_detected: the same over the records where eventx found an event; source_any_role: the source "
            "actor appears as actor1 or actor2",
            "'accuracy' columns count a record with no gold target as right when eventx gives no actor2",
        ],
        tables=[Table("Actor match", ["records", "field", "match (gold set)", "n gold set", "accuracy", "n"], rows)],
        bars=[
            Bars(
                "PLOVER actor match",
                {
                    "actor (source)": metrics["actor_match"],
                    "recipient (target)": metrics["recipient_match"],
                    "actor | event found": metrics["actor_match_detected"],
                    "recipient | event found": metrics["recipient_match_detected"],
                    "detection rate": metrics["detection_rate"],
                },
                "actors.png",
                "share",
            )
        ],
        data=str(data) if data else None,
        seconds=time.perf_counter() - started,
        model=model_label(extractor),
    )
