"""Metric code shared by the benchmarks: classification scores, detection F1, field matching, GRIT's CEAF-REE.

Pure functions over plain gold/prediction values, so every number a benchmark reports can be checked on a
hand-made pair (see ``tests/test_bench_scoring.py``). The classification averages follow scikit-learn's definitions
(``f1_score(average="weighted" | "macro" | "micro")`` over the union of gold and predicted labels), which is what the
CASE 2021 organisers and most peers used, so our numbers stand beside theirs.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import string
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts they came from."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class ClassScores:
    """Multi-class scores of one labelling: averages, per-label P/R/F1/support and the confusion matrix."""

    n: int
    accuracy: float
    weighted_f1: float
    macro_f1: float
    micro_f1: float
    per_label: dict[str, dict[str, float]]
    labels: list[str]
    confusion: list[list[int]]  # rows: gold label, columns: predicted label, both in ``labels`` order

    def as_dict(self, *, confusion: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "weighted_f1": round(self.weighted_f1, 4),
            "macro_f1": round(self.macro_f1, 4),
            "micro_f1": round(self.micro_f1, 4),
            "per_label": self.per_label,
        }
        if confusion:
            out["confusion"] = {"labels": self.labels, "matrix": self.confusion}
        return out


def classification_scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> ClassScores:
    """Accuracy and weighted/macro/micro F1 of ``pred`` against ``gold``.

    ``labels`` fixes the label set (and the confusion matrix order); by default it is the sorted union of gold and
    predicted labels, as in scikit-learn. Weighted F1 weights each label by its gold support; macro F1 averages
    every label in the set, so a label only ever predicted counts with F1 0.
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels but pred has {len(pred)}")
    label_list = list(labels) if labels is not None else sorted(set(gold) | set(pred))
    index = {lab: i for i, lab in enumerate(label_list)}
    extra = (set(gold) | set(pred)) - set(index)
    if extra:
        raise ValueError(f"labels {sorted(extra)} occur in gold or pred but not in the given label set")
    n = len(gold)
    matrix = [[0] * len(label_list) for _ in label_list]
    for g, p in zip(gold, pred, strict=True):
        matrix[index[g]][index[p]] += 1
    per_label: dict[str, dict[str, float]] = {}
    weighted = macro = 0.0
    for lab, i in index.items():
        tp = matrix[i][i]
        support = sum(matrix[i])
        predicted = sum(row[i] for row in matrix)
        s = PRF(tp, predicted - tp, support - tp)
        per_label[lab] = {
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "support": support,
        }
        weighted += s.f1 * support
        macro += s.f1
    correct = sum(matrix[i][i] for i in range(len(label_list)))
    accuracy = correct / n if n else 0.0
    return ClassScores(
        n=n,
        accuracy=accuracy,
        weighted_f1=weighted / n if n else 0.0,
        macro_f1=macro / len(label_list) if label_list else 0.0,
        micro_f1=accuracy,  # single-label: micro P = micro R = accuracy
        per_label=per_label,
        labels=label_list,
        confusion=matrix,
    )


def binary_scores(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    """Detection P/R/F1 of the positive class, with support and accuracy."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} values but pred has {len(pred)}")
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not p)
    out = PRF(tp, fp, fn).as_dict()
    out["support"] = sum(1 for g in gold if g)
    out["predicted"] = sum(1 for p in pred if p)
    out["accuracy"] = (
        round(sum(1 for g, p in zip(gold, pred, strict=True) if bool(g) == bool(p)) / len(gold), 4) if gold else 0.0
    )
    return out


# ----------------------------------------------------------------------------------------------- field matching
_PARENS = re.compile(r"\s*\([^)]*\)")
_WS = re.compile(r"\s+")


def norm_text(value: object) -> str | None:
    """Case, accents-as-typed and spacing do not make two names different; empty means None."""
    if value is None:
        return None
    s = _WS.sub(" ", str(value)).strip().casefold()
    return s or None


def norm_actor(value: object, *, loose: bool = False) -> str | None:
    """An ACLED actor name for comparison. ``loose`` also drops parenthesised parts: the period of a government
    ("Military Forces of Kenya (2013-2022)") and the country of a generic actor ("Protesters (Kenya)")."""
    s = norm_text(value)
    if s is None or not loose:
        return s
    return norm_text(_PARENS.sub("", s))


def same(gold: object, pred: object, norm: Any = norm_text) -> bool:
    """Field equality after normalisation; two empty values agree."""
    return norm(gold) == norm(pred)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class FieldTally:
    """Running agreement count of one field; ``n_gold_set`` counts rows whose gold value is non-empty."""

    correct: int = 0
    n: int = 0
    correct_gold_set: int = 0
    n_gold_set: int = 0

    def add(self, ok: bool, gold_set: bool) -> None:
        self.n += 1
        self.correct += int(ok)
        if gold_set:
            self.n_gold_set += 1
            self.correct_gold_set += int(ok)

    def as_dict(self) -> dict[str, float]:
        return {
            "accuracy": round(self.correct / self.n, 4) if self.n else 0.0,
            "n": self.n,
            "accuracy_gold_set": round(self.correct_gold_set / self.n_gold_set, 4) if self.n_gold_set else 0.0,
            "n_gold_set": self.n_gold_set,
        }


@dataclass
class FieldTallies:
    """Tallies of several fields, created on first use."""

    fields: dict[str, FieldTally] = field(default_factory=dict)

    def add(self, name: str, ok: bool, gold_set: bool = True) -> None:
        self.fields.setdefault(name, FieldTally()).add(ok, gold_set)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {k: v.as_dict() for k, v in self.fields.items()}


# ----------------------------------------------------------------------------------------------- GRIT CEAF-REE
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def grit_normalise(s: str) -> str:
    """GRIT's mention normalisation: lower-case, drop punctuation, drop articles (a, an, the), squeeze spaces."""
    return " ".join(_ARTICLES.sub(" ", s.lower().translate(_PUNCT)).split())


def _assignment(scores: list[list[float]]) -> float:
    """Total similarity of the best one-to-one assignment (rows: gold entities, columns: predicted entities)."""
    if not scores or not scores[0]:
        return 0.0
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment([[-v for v in row] for row in scores])
    return float(sum(scores[r][c] for r, c in zip(rows, cols, strict=True)))


def ceaf_ree(
    golds: Mapping[str, Mapping[str, Sequence[Sequence[str]]]],
    preds: Mapping[str, Mapping[str, Sequence[Sequence[str]]]],
    roles: Sequence[str],
) -> dict[str, dict[str, float]]:
    """GRIT's role-filler entity score (Du et al. 2021, ``eval.py``, phi_strict), per role and micro-averaged.

    ``golds[doc][role]`` and ``preds[doc][role]`` are lists of entities, each a list of mention strings. After
    :func:`grit_normalise`, a predicted entity matches a gold entity when every one of its mentions is among the
    gold entity's mentions (any-mention match); gold and predicted entities are paired one-to-one by the assignment
    that maximises matches (CEAF). P = matches / predicted entities, R = matches / gold entities, per role; the
    micro average pools the counts of all roles. A document missing from ``preds`` predicts nothing.
    """
    counts = {r: [0.0, 0, 0.0, 0] for r in roles}  # p_num, p_den, r_num, r_den
    for doc_id, gold_roles in golds.items():
        pred_roles = preds.get(doc_id, {})
        for role in roles:
            g = [{grit_normalise(m) for m in ent} for ent in gold_roles.get(role, ()) if ent]
            p = [[grit_normalise(m) for m in ent] for ent in pred_roles.get(role, ()) if ent]
            sim = [[1.0 if all(m in ge for m in pe) else 0.0 for pe in p] for ge in g]
            matched = _assignment(sim) if g and p else 0.0
            c = counts[role]
            c[0] += matched
            c[1] += len(p)
            c[2] += matched
            c[3] += len(g)
    out: dict[str, dict[str, float]] = {}
    tot = [0.0, 0, 0.0, 0]
    for role in roles:
        c = counts[role]
        tot = [a + b for a, b in zip(tot, c, strict=True)]
        out[role] = _ceaf_prf(c)
    out["micro_avg"] = _ceaf_prf(tot)
    return out


def _ceaf_prf(c: Sequence[float]) -> dict[str, float]:
    p = c[0] / c[1] if c[1] else 0.0
    r = c[2] / c[3] if c[3] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "matched": c[0],
        "predicted": c[1],
        "gold": c[3],
    }


# ----------------------------------------------------------------------------------------------- sampling
def stable_key(*parts: object) -> str:
    """A hash that orders items the same way on every run and machine (for ``--limit`` samples)."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def stable_sample(items: Iterable[Any], limit: int | None, key: Any) -> list[Any]:
    """The ``limit`` items with the smallest :func:`stable_key` of ``key(item)``, in that order; all when None.

    Deterministic and independent of input order, so a --limit run is repeatable and a larger limit is a superset.
    Streams: only ``limit`` items are held at a time.
    """
    keyed = ((stable_key(key(it)), i, it) for i, it in enumerate(items))
    if limit is None:
        chosen = sorted(keyed, key=lambda t: (t[0], t[1]))
    else:
        chosen = heapq.nsmallest(max(0, limit), keyed, key=lambda t: (t[0], t[1]))
    return [it for _, _, it in chosen]


def counter_dict(values: Iterable[Hashable]) -> dict[str, int]:
    """A Counter as a plain, sorted, JSON-ready dict."""
    return {str(k): v for k, v in sorted(Counter(values).items(), key=lambda kv: (-kv[1], str(kv[0])))}
