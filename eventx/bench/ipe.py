"""IndiaPoliceEvents benchmark: did the police kill, arrest, use force, fail to intervene, act at all — read from
eventx's events, at document and sentence level.

IndiaPoliceEvents (Halterman et al. 2021) labels Times of India articles (Gujarat, March 2002) with police actions.
eventx has no such head: the labels are derived from its ACLED event records by a fixed, documented mapping
(:func:`ipe_labels`). ACLED codes police as "State forces" (inter code 1), so "police" below means state forces.

* ARREST: sub-event type Arrests.
* KILL: fatalities > 0 in an event whose actor1 is state forces, or in Excessive force against protesters.
* FORCE: Excessive force against protesters or Protest with intervention; violence (Battles, Violence against
  civilians, Explosions/Remote violence) whose actor1 is state forces; a Riot whose actor2 is state forces; any KILL.
* FAIL (failure to intervene): not expressible in ACLED's codebook — never predicted, scored honestly as zero recall.
* ANY_ACTION: any of the above, or any event with state forces as actor1 or actor2.

Sentence level: an IPE sentence gets the labels of every event whose reporting sentence (the event_type evidence
span) is the same text as it (one contains the other after case/space folding, or their word sets have a
Jaccard similarity >= 0.6).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eventx.bench.report import Bars, BenchResult, Table
from eventx.bench.runner import evidence_texts, extract_all, model_label, status_counts
from eventx.bench.scoring import binary_scores, stable_sample
from eventx.schema.article import Article
from eventx.schema.record import EventRecord

LABELS: tuple[str, ...] = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
STATE = 1
_VIOLENCE = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence"})
_PROTEST_FORCE = frozenset({"Excessive force against protesters", "Protest with intervention"})
_WORD = re.compile(r"\w+")


def ipe_labels(ev: EventRecord) -> set[str]:
    """IndiaPoliceEvents labels implied by one eventx event (see the module docstring for the mapping)."""
    out: set[str] = set()
    state1 = ev.inter1 == STATE
    state2 = ev.inter2 == STATE
    if ev.sub_event_type == "Arrests":
        out.add("ARREST")
    if ev.fatalities > 0 and (state1 or ev.sub_event_type == "Excessive force against protesters"):
        out.add("KILL")
    if (
        ev.sub_event_type in _PROTEST_FORCE
        or (state1 and ev.event_type in _VIOLENCE)
        or (ev.event_type == "Riots" and state2)
        or "KILL" in out
    ):
        out.add("FORCE")
    if out or state1 or state2:
        out.add("ANY_ACTION")
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def same_sentence(a: str, b: str) -> bool:
    """Whether two sentence texts are the same sentence as cut by two different splitters."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    if len(short) >= 20 and short in long_:
        return True
    wa, wb = set(_WORD.findall(na)), set(_WORD.findall(nb))
    # Jaccard, not overlap with the shorter: a short sentence ("police said.") must not match every long one.
    return min(len(wa), len(wb)) >= 4 and len(wa & wb) / len(wa | wb) >= 0.6


def sentence_labels(sentences: Sequence[str], events: Iterable[EventRecord]) -> list[set[str]]:
    """Labels of each sentence from the events reported in it."""
    out: list[set[str]] = [set() for _ in sentences]
    for ev in events:
        labs = ipe_labels(ev)
        if not labs:
            continue
        for span in evidence_texts(ev, "event_type"):
            for i, s in enumerate(sentences):
                if same_sentence(s, span):
                    out[i] |= labs
    return out


def score_labels(gold: Sequence[Iterable[str]], pred: Sequence[Iterable[str]]) -> dict[str, Any]:
    """Binary detection P/R/F1 per label and their macro average (over the labels with gold positives)."""
    g = [set(x) for x in gold]
    p = [set(x) for x in pred]
    per = {lab: binary_scores([lab in x for x in g], [lab in x for x in p]) for lab in LABELS}
    scored = [v["f1"] for v in per.values() if v["support"]]
    return {"per_label": per, "macro_f1": round(sum(scored) / len(scored), 4) if scored else 0.0, "n": len(g)}


def run(
    extractor: Any, data: str | Path | None = None, *, limit: int | None = None, batch_size: int = 16
) -> BenchResult:
    from eventx.datasets.ipe import load_ipe_documents, load_ipe_sentences

    started = time.perf_counter()
    docs = stable_sample(load_ipe_documents(data), limit, key=lambda d: d.doc_id)
    if not docs:
        raise ValueError(f"no IndiaPoliceEvents documents in {data}")
    chosen = {d.doc_id for d in docs}
    sents_by_doc: dict[int, list[Any]] = {}
    for s in load_ipe_sentences(data):
        if s.doc_id in chosen:
            sents_by_doc.setdefault(s.doc_id, []).append(s)
    arts = [
        Article(
            id=f"ipe{d.doc_id}", text=d.text, published=dt.datetime.combine(d.date, dt.time(6, 0)) if d.date else None
        )
        for d in docs
    ]
    outcomes = extract_all(extractor, arts, batch_size=batch_size)
    doc_pred, sent_gold, sent_pred = [], [], []
    for d, a in zip(docs, arts, strict=True):
        events = outcomes[a.id].events
        doc_pred.append(set().union(*(ipe_labels(ev) for ev in events)) if events else set())
        sents = sorted(sents_by_doc.get(d.doc_id, []), key=lambda s: s.sent_id)
        sent_gold += [s.labels for s in sents]
        sent_pred += sentence_labels([s.text for s in sents], events)
    doc_scores = score_labels([d.labels for d in docs], doc_pred)
    sent_scores = score_labels(sent_gold, sent_pred)
    metrics: dict[str, Any] = {
        "doc_macro_f1": doc_scores["macro_f1"],
        "sent_macro_f1": sent_scores["macro_f1"],
        "doc_any_action_f1": doc_scores["per_label"]["ANY_ACTION"]["f1"],
        "sent_any_action_f1": sent_scores["per_label"]["ANY_ACTION"]["f1"],
        "document": doc_scores,
        "sentence": sent_scores,
        "n_sentences": len(sent_gold),
        "status": status_counts(outcomes.values()),
    }
    rows = [
        [level, lab, v["precision"], v["recall"], v["f1"], v["support"], v["predicted"]]
        for level, sc in (("document", doc_scores), ("sentence", sent_scores))
        for lab, v in sc["per_label"].items()
    ]
    bars = {f"doc {lab}": doc_scores["per_label"][lab]["f1"] for lab in LABELS}
    bars.update({f"sent {lab}": sent_scores["per_label"][lab]["f1"] for lab in LABELS})
    return BenchResult(
        benchmark="ipe",
        n=len(docs),
        metrics=metrics,
        method=[
            "each document is one article, published = its metadata date 06:00; labels derived from eventx's "
            "events: ARREST = Arrests; KILL = fatalities > 0 with state forces as actor1 (or Excessive force "
            "against protesters); FORCE = Excessive force / Protest with intervention, violence by state forces, "
            "riots against state forces, or KILL; ANY_ACTION = any of these or state forces as either actor",
            "FAIL (failure to intervene) is not in ACLED's codebook: eventx never predicts it (recall 0)",
            "sentence level: an IPE sentence takes the labels of the events whose reporting sentence matches it "
            "(containment after case/space folding, or word-set Jaccard >= 0.6)",
            "macro_f1 averages the labels with gold positives in the sample (FAIL included)",
            "police = ACLED 'State forces' (inter code 1): the army or paramilitaries count too",
        ],
        tables=[Table("Detection per label", ["level", "label", "P", "R", "F1", "gold positives", "predicted"], rows)],
        bars=[Bars("IndiaPoliceEvents: detection F1", bars, "labels_f1.png", "F1")],
        data=str(data) if data else None,
        seconds=time.perf_counter() - started,
        model=model_label(extractor),
    )
