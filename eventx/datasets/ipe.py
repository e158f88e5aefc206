"""IndiaPoliceEvents (Halterman et al., Findings of ACL 2021): Times of India articles (Gujarat, March 2002)
with document- and sentence-level labels for police actions: KILL, ARREST, FAIL (to intervene), FORCE,
ANY_ACTION. A benchmark for reading news prose, not ACLED notes.

The published texts were decoded twice somewhere upstream ("â€˜bhoomi pujanâ€™"); the loader repairs that by
default (``repair=False`` gives the bytes as published).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from eventx.datasets._common import resolve
from eventx.datasets._text import repair_mojibake

LABELS: tuple[str, ...] = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")


@dataclass(frozen=True)
class IpeDocument:
    doc_id: int
    text: str
    labels: frozenset[str]
    date: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True)
class IpeSentence:
    doc_id: int
    sent_id: int
    text: str
    labels: frozenset[str]


def _labels(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or any(v not in LABELS for v in value):
        raise ValueError(f"{where}: labels {value!r} are not a list of {LABELS}")
    return frozenset(value)


def _read_jsonl(path: Path) -> list[tuple[int, dict]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    out.append((i, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{i}: not valid JSON: {exc.msg}") from None
    return out


def load_ipe_documents(path: str | Path | None = None, *, repair: bool = True) -> list[IpeDocument]:
    """Documents with their labels, publication date and URL (from ``metadata.jsonl`` when it is beside)."""
    p = resolve(path, "india_police_events", "docs.jsonl")
    meta: dict[int, dict] = {}
    if (p.parent / "metadata.jsonl").exists():
        meta = {int(m["doc_id"]): m for _, m in _read_jsonl(p.parent / "metadata.jsonl")}
    out = []
    for line, d in _read_jsonl(p):
        where = f"{p}:{line}"
        doc_id = int(d["doc_id"])
        m = meta.get(doc_id, {})
        date = dt.date.fromisoformat(m["date"]) if m.get("date") else None
        text = d["doc_text"]
        out.append(
            IpeDocument(
                doc_id=doc_id,
                text=repair_mojibake(text) if repair else text,
                labels=_labels(d.get("doc_labels"), where),
                date=date,
                url=m.get("url") or None,
            )
        )
    return out


def load_ipe_sentences(path: str | Path | None = None, *, repair: bool = True) -> list[IpeSentence]:
    """Sentences in document order with their labels (``sents.jsonl``)."""
    p = resolve(path, "india_police_events", "sents.jsonl")
    out = []
    for line, s in _read_jsonl(p):
        text = s["sent_text"]
        out.append(
            IpeSentence(
                doc_id=int(s["doc_id"]),
                sent_id=int(s["sent_id"]),
                text=repair_mojibake(text) if repair else text,
                labels=_labels(s.get("sent_labels"), f"{p}:{line}"),
            )
        )
    return out
