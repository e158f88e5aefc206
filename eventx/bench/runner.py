"""Running an Extractor over a benchmark's articles, so that no benchmark loses an input or stops on one.

Benchmarks take any object with ``extract_many(articles, batch_size)`` (the real :class:`~eventx.pipeline.extractor.
Extractor` or a test double), which keeps them testable without trained weights.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from eventx.schema.article import Article
from eventx.schema.record import EventRecord

log = logging.getLogger(__name__)


class ExtractorLike(Protocol):
    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterable[Any]: ...


@dataclass
class Outcome:
    """What the extractor returned for one article (``status``: ok, no_event or error)."""

    article_id: str
    status: str
    events: list[EventRecord] = field(default_factory=list)
    error: str | None = None


def extract_all(extractor: ExtractorLike, articles: Sequence[Article], batch_size: int = 16) -> dict[str, Outcome]:
    """Outcome of every article, keyed by article id (ids must be unique).

    A window whose call raises (it should not: the extractor reports per-article errors) marks its articles as
    errors with the exception's message and the run goes on.
    """
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError("benchmark articles need unique ids")
    out: dict[str, Outcome] = {}
    for start in range(0, len(articles), batch_size):
        window = list(articles[start : start + batch_size])
        try:
            for res in extractor.extract_many(window, batch_size=batch_size):
                out[res.article_id] = Outcome(res.article_id, res.status, list(res.events), res.error)
        except Exception as exc:  # a crash is a result too: recorded per article, never silent
            log.exception("extractor failed on a window of %d articles", len(window))
            for art in window:
                out.setdefault(art.id, Outcome(art.id, "error", error=f"{type(exc).__name__}: {exc}"))
    for art in articles:
        out.setdefault(art.id, Outcome(art.id, "error", error="no result returned for this article"))
    return out


def best_event(events: Sequence[EventRecord]) -> EventRecord | None:
    """The event the benchmark compares with a one-event gold row: the highest-confidence one (first on ties)."""
    best: EventRecord | None = None
    for ev in events:
        if best is None or (ev.confidence or 0.0) > (best.confidence or 0.0):
            best = ev
    return best


def status_counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counts = {"ok": 0, "no_event": 0, "error": 0}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return counts


def evidence_texts(ev: EventRecord, key: str) -> list[str]:
    """Texts of the evidence spans of one field (empty when the field has no evidence)."""
    fe = ev.evidence.get(key)
    return [s.text for s in fe.spans if s.text] if fe is not None else []


def model_label(extractor: Any) -> str | None:
    info = getattr(extractor, "model_info", None)
    return f"{info.name} {info.version}" if info is not None else None
