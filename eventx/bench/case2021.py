"""CASE 2021 Task 2 benchmark: classify news-like snippets into ACLED's 25 sub-event types (subtask 1), then with
3 and 5 "unseen" non-ACLED types added (subtasks 2 and 3).

Evaluation only: the dev sample is never trained or tuned on. Two variants are scored:

* ``typer``: the event-typing model alone on the whole snippet (``EventTyper.predict``), its top ACLED sub-event
  type even where it judges the snippet to be no event. This is the setting of the shared task (every snippet
  gets one of the labels).
* ``pipeline``: the full extractor on the snippet as an article; the sub-event type of its highest-confidence
  event, or ``NO_EVENT`` when it finds none.

eventx cannot emit the unseen types (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB): the typer
variant labels those rows with its closest ACLED type, the pipeline variant with an ACLED type or NO_EVENT. Either
way those rows are scored as errors, as the task's scorer would; ``unseen_abstained`` says how often eventx said
"no event" on them, which is the behaviour a user wants.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventx.bench.report import Bars, BenchResult, Confusion, Table
from eventx.bench.runner import best_event, extract_all, model_label, status_counts
from eventx.bench.scoring import classification_scores, stable_sample
from eventx.ontology import load_ontology
from eventx.schema.article import Article

NO_EVENT = "NO_EVENT"
SUBTASK2_UNSEEN = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER")
SUBTASK3_UNSEEN = (*SUBTASK2_UNSEEN, "DIPLO", "ATTRIB")


def top_acled_label(pred: Any, sub_event_types: Sequence[str]) -> str:
    """The highest-probability ACLED sub-event type of a typer prediction, ignoring its "no event" class."""
    probs = getattr(pred, "probs", None) or {}
    known = set(sub_event_types)
    ranked = sorted(((v, k) for k, v in probs.items() if k in known), key=lambda kv: -kv[0])
    if ranked:
        return ranked[0][1]
    sub = getattr(pred, "sub_event_type", None)
    if sub is None:
        raise ValueError("typer prediction has neither ACLED probabilities nor a sub-event type")
    return str(sub)


def subtask_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Scores of subtasks 1-3 over CASE codes (gold) and predicted codes; rows outside a subtask are left out."""
    from eventx.datasets.case2021 import ACLED_LABELS

    out: dict[str, Any] = {}
    for name, allowed in (
        ("subtask1", set(ACLED_LABELS)),
        ("subtask2", set(ACLED_LABELS) | set(SUBTASK2_UNSEEN)),
        ("subtask3", set(ACLED_LABELS) | set(SUBTASK3_UNSEEN)),
    ):
        pairs = [(g, p) for g, p in zip(gold, pred, strict=True) if g in allowed]
        if not pairs:
            continue
        s = classification_scores([g for g, _ in pairs], [p for _, p in pairs])
        out[name] = s.as_dict(confusion=name == "subtask1")
    unseen = [p for g, p in zip(gold, pred, strict=True) if g not in ACLED_LABELS]
    out["unseen_rows"] = len(unseen)
    out["unseen_abstained"] = sum(p == NO_EVENT for p in unseen)
    return out


def run(
    extractor: Any,
    data: str | Path | None = None,
    *,
    limit: int | None = None,
    batch_size: int = 16,
    pipeline: bool = True,
) -> BenchResult:
    from eventx.datasets.case2021 import CODE_OF, load_case2021

    started = time.perf_counter()
    examples = stable_sample(load_case2021(data), limit, key=lambda e: e.id)
    examples.sort(key=lambda e: int(e.id) if e.id.isdigit() else 0)
    if not examples:
        raise ValueError(f"no CASE 2021 rows in {data}")
    gold = [e.label for e in examples]
    subs = load_ontology().sub_event_type_names
    typer = getattr(extractor, "typer", None)
    metrics: dict[str, Any] = {}
    tables: list[Table] = []
    confusions: list[Confusion] = []
    if typer is not None:
        preds = typer.predict([e.text for e in examples], batch_size=batch_size)
        labels = [CODE_OF[top_acled_label(p, subs)] for p in preds]
        abstain = [1.0 - float(getattr(p, "no_event_prob", 0.0)) < 0.5 for p in preds]
        typ = subtask_scores(gold, labels)
        typ["unseen_abstained"] = sum(a for a, g in zip(abstain, gold, strict=True) if g not in CODE_OF.values())
        typ["said_no_event_on_acled_rows"] = sum(a for a, g in zip(abstain, gold, strict=True) if g in CODE_OF.values())
        metrics["typer"] = typ
        c = typ["subtask1"]["confusion"]
        confusions.append(
            Confusion(
                "CASE 2021 subtask 1, typing model (gold rows, predicted columns)",
                c["labels"],
                c["matrix"],
                "confusion_typer.png",
            )
        )
    if pipeline:
        arts = [Article(id=f"case{e.id}", text=e.text) for e in examples]
        outcomes = extract_all(extractor, arts, batch_size=batch_size)
        plabels = []
        for a in arts:
            ev = best_event(outcomes[a.id].events)
            plabels.append(CODE_OF.get(ev.sub_event_type or "", NO_EVENT) if ev is not None else NO_EVENT)
        pip = subtask_scores(gold, plabels)
        pip["status"] = status_counts(outcomes.values())
        metrics["pipeline"] = pip
        c = pip["subtask1"]["confusion"]
        confusions.append(
            Confusion(
                "CASE 2021 subtask 1, full pipeline (gold rows, predicted columns)",
                c["labels"],
                c["matrix"],
                "confusion_pipeline.png",
            )
        )
    head = metrics.get("typer") or metrics["pipeline"]
    metrics = {
        "accuracy": head["subtask1"]["accuracy"],
        "weighted_f1": head["subtask1"]["weighted_f1"],
        "macro_f1": head["subtask1"]["macro_f1"],
        "micro_f1": head["subtask1"]["micro_f1"],
        **metrics,
    }
    rows = []
    for variant in ("typer", "pipeline"):
        if variant not in metrics:
            continue
        for st in ("subtask1", "subtask2", "subtask3"):
            s = metrics[variant].get(st)
            if s:
                rows.append([variant, st, s["n"], s["accuracy"], s["weighted_f1"], s["macro_f1"]])
    tables.append(Table("Subtasks", ["variant", "subtask", "n", "accuracy", "weighted F1", "macro F1"], rows))
    per = head["subtask1"]["per_label"]
    return BenchResult(
        benchmark="case2021",
        n=len(examples),
        metrics=metrics,
        method=[
            "headline numbers (accuracy, weighted_f1, macro_f1) are subtask 1 of the typing-model variant"
            + ("" if "typer" in metrics else " (no typer on this extractor: pipeline variant)"),
            "typer: EventTyper.predict on the whole snippet; its top ACLED sub-event type even when it says no event",
            "pipeline: the full extractor; the highest-confidence event's sub-event type, NO_EVENT when none",
            "unseen types (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) cannot be emitted: those "
            "rows get the closest ACLED type (typer) or an ACLED type / NO_EVENT (pipeline) and count as errors",
            "averages as scikit-learn's f1_score over the union of gold and predicted labels (a label only "
            "predicted counts in macro F1 with F1 0)",
            "evaluation only: this sample is never trained or tuned on",
        ],
        tables=tables,
        confusions=confusions,
        bars=[
            Bars(
                "CASE 2021 subtask 1: F1 per type",
                {k: v["f1"] for k, v in per.items() if v["support"]},
                "per_type_f1.png",
                "F1",
            )
        ],
        data=str(data) if data else None,
        seconds=time.perf_counter() - started,
        model=model_label(extractor),
    )
