"""Corpus runs: stream articles through an Extractor, write events and one status line per input article.

Memory stays flat (articles are read, processed and written a window at a time), every input gets exactly one
status line (``ok``, ``no_event`` or ``error`` with a reason), and a bad article never stops the run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventx.io.articles import ArticleItem
from eventx.schema.record import EventRecord


@dataclass
class BatchSummary:
    articles: int = 0
    ok: int = 0
    no_event: int = 0
    errors: int = 0
    events: int = 0
    skipped_done: int = 0
    seconds: float = 0.0
    error_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles, "events": self.events, "ok": self.ok, "no_event": self.no_event,
            "errors": self.errors, "skipped_already_done": self.skipped_done, "seconds": round(self.seconds, 2),
            "articles_per_s": round(self.articles_per_s, 3), "error_reasons": self.error_reasons,
        }


def status_path_for(out: str | Path) -> Path:
    out = Path(out)
    return out.with_name(out.name + ".status.jsonl")


def _status_line(article_id: str, status: str, n_events: int, error: str | None, ref: str | None) -> str:
    return json.dumps({"article_id": article_id, "status": status, "n_events": n_events, "error": error,
                       "ref": ref}, ensure_ascii=False)


def read_done_ids(status_path: Path) -> set[str]:
    """Ids with a complete status line: the checkpoint of a resumed run (a torn last line is ignored)."""
    done: set[str] = set()
    if not status_path.exists():
        return done
    with open(status_path, encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                break
            try:
                done.add(json.loads(line)["article_id"])
            except (ValueError, KeyError):
                continue
    return done


def run_batch(
    items: Iterable[ArticleItem],
    extractor: Any,
    out: str | Path,
    *,
    fmt: str = "jsonl",
    batch_size: int = 16,
    status_path: str | Path | None = None,
    progress: Any = None,
) -> BatchSummary:
    """Extract events of every item into ``out`` (jsonl, acled-csv or parquet) and write the status file.

    ``progress`` is an optional callable taking the number of articles just finished (a tqdm's ``update``).
    """
    out = Path(out)
    status_file = Path(status_path) if status_path else status_path_for(out)
    summary = BatchSummary()
    started = time.perf_counter()
    with open(status_file, "w", encoding="utf-8") as status_fh:

        def events() -> Iterator[EventRecord]:
            for res, ref in _results(items, extractor, batch_size, summary):
                summary.articles += 1
                if res.status == "ok":
                    summary.ok += 1
                elif res.status == "no_event":
                    summary.no_event += 1
                else:
                    summary.errors += 1
                    key = (res.error or "error").split(":")[0][:60]
                    summary.error_reasons[key] = summary.error_reasons.get(key, 0) + 1
                summary.events += len(res.events)
                yield from res.events
                # The status line goes after the article's events are handed to the writer.
                status_fh.write(_status_line(res.article_id, res.status, len(res.events), res.error, ref) + "\n")
                status_fh.flush()
                if progress is not None:
                    progress(1)

        _write(events(), out, fmt)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Result:
    article_id: str
    status: str
    events: list[EventRecord] = field(default_factory=list)
    error: str | None = None


def _results(items: Iterable[ArticleItem], extractor: Any, batch_size: int,
             summary: BatchSummary) -> Iterator[tuple[_Result, str | None]]:
    """Pair each input with its result in input order; unreadable items and repeated ids become errors."""
    seen: set[str] = set()
    pending: list[ArticleItem] = []  # items waiting for the model
    queue: list[tuple[_Result | None, ArticleItem]] = []

    def flush() -> Iterator[tuple[_Result, str | None]]:
        arts = [it.article for it in pending if it.article is not None]
        results = iter(extractor.extract_many(arts, batch_size=max(1, len(arts)))) if arts else iter(())
        for res_slot, it in queue:
            if res_slot is not None:
                yield res_slot, it.ref
            else:
                r = next(results)
                yield _Result(r.article_id, r.status, r.events, r.error), it.ref
        pending.clear()
        queue.clear()

    for item in items:
        if item.article is None:
            ident = item.ref
            queue.append((_Result(ident, "error", error=item.error or "unreadable input"), item))
        elif item.article.id in seen:
            queue.append((_Result(item.article.id, "error",
                                  error=f"duplicate id {item.article.id!r}: only the first occurrence is processed"), item))
        else:
            seen.add(item.article.id)
            pending.append(item)
            queue.append((None, item))
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def _write(records: Iterator[EventRecord], out: Path, fmt: str) -> int:
    if fmt == "jsonl":
        from eventx.io.jsonl import write_jsonl_records

        return write_jsonl_records(records, out)
    if fmt == "acled-csv":
        from eventx.io.acled_csv import write_acled_csv

        return write_acled_csv(records, out, extras=False)
    if fmt == "parquet":
        from eventx.io.parquet import write_parquet_records

        return write_parquet_records(records, out)
    raise ValueError(f"unknown output format {fmt!r}: jsonl, acled-csv or parquet")
