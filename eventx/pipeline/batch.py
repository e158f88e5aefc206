"""Corpus runs: stream articles through an Extractor, write events and one status line per input article.

Memory stays flat (articles are read, processed and written a window at a time), every input gets exactly one
status line (``ok``, ``no_event`` or ``error`` with a reason), and a bad article never stops the run.

Crash safety: each window's events go to a part file written under a temporary name and renamed when complete;
only then are the window's status lines appended, in one write. The status file is the checkpoint: ``resume=True``
skips the inputs it lists, drops part files whose articles it does not list (a crash between rename and status),
and the run ends by joining the parts into OUT. A ``kill -9`` at any point loses at most the window in flight,
which the resumed run redoes; no article is written twice.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventx.io.articles import ArticleItem
from eventx.schema.record import EventRecord

FORMATS = ("jsonl", "acled-csv", "parquet")
_EXT = {"jsonl": ".jsonl", "acled-csv": ".csv", "parquet": ".parquet"}


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
            "articles": self.articles,
            "events": self.events,
            "ok": self.ok,
            "no_event": self.no_event,
            "errors": self.errors,
            "skipped_already_done": self.skipped_done,
            "seconds": round(self.seconds, 2),
            "articles_per_s": round(self.articles_per_s, 3),
            "error_reasons": self.error_reasons,
        }


@dataclass
class _Result:
    article_id: str
    status: str
    ref: str | None
    events: list[EventRecord] = field(default_factory=list)
    error: str | None = None

    def status_line(self) -> str:
        return (
            json.dumps(
                {
                    "article_id": self.article_id,
                    "status": self.status,
                    "n_events": len(self.events),
                    "error": self.error,
                    "ref": self.ref,
                },
                ensure_ascii=False,
            )
            + "\n"
        )


def status_path_for(out: str | Path) -> Path:
    out = Path(out)
    return out.with_name(out.name + ".status.jsonl")


def parts_dir_for(out: str | Path) -> Path:
    out = Path(out)
    return out.with_name(out.name + ".parts")


def read_status_counts(status_path: Path) -> Counter[str]:
    """How many status lines each id has (a repeated id has one per occurrence); a torn last line is ignored."""
    counts: Counter[str] = Counter()
    if not status_path.exists():
        return counts
    with open(status_path, encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                break
            try:
                counts[json.loads(line)["article_id"]] += 1
            except (ValueError, KeyError, TypeError):
                continue
    return counts


def _item_id(item: ArticleItem) -> str:
    return item.article.id if item.article is not None else item.ref


def run_batch(
    items: Iterable[ArticleItem],
    extractor: Any,
    out: str | Path,
    *,
    fmt: str = "jsonl",
    batch_size: int = 16,
    resume: bool = False,
    progress: Any = None,
) -> BatchSummary:
    """Extract events of every item into ``out`` and write ``out.status.jsonl``; see the module docstring.

    ``progress`` is an optional callable taking the number of articles just finished (a tqdm's ``update``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}: {', '.join(FORMATS)}")
    out = Path(out)
    status_file = status_path_for(out)
    parts = parts_dir_for(out)
    summary = BatchSummary()
    started = time.perf_counter()

    done: Counter[str] = Counter()
    if resume:
        done = read_status_counts(status_file)
        _truncate_torn_line(status_file)
        _drop_unconfirmed_parts(parts, done)
    else:
        status_file.unlink(missing_ok=True)
        shutil.rmtree(parts, ignore_errors=True)
        out.unlink(missing_ok=True)
    parts.mkdir(parents=True, exist_ok=True)
    next_part = 1 + max(
        (int(p.name.split("-")[1].split(".")[0]) for p in parts.glob("part-*") if not p.name.endswith(".tmp")),
        default=0,
    )

    occurrences: Counter[str] = Counter()

    def fresh() -> Iterator[ArticleItem]:
        for item in items:
            key = _item_id(item)
            occurrences[key] += 1
            if occurrences[key] <= done.get(key, 0):
                summary.skipped_done += 1
                continue
            yield item

    seen: set[str] = {k for k in done}
    with open(status_file, "a", encoding="utf-8") as status_fh:
        for window in _windows(fresh(), batch_size):
            results = list(_process_window(window, extractor, seen))
            events = [e for r in results for e in r.events]
            _write_part(events, [r.article_id for r in results], parts, next_part, fmt)
            next_part += 1
            status_fh.write("".join(r.status_line() for r in results))
            status_fh.flush()
            os.fsync(status_fh.fileno())
            for r in results:
                summary.articles += 1
                summary.events += len(r.events)
                if r.status == "ok":
                    summary.ok += 1
                elif r.status == "no_event":
                    summary.no_event += 1
                else:
                    summary.errors += 1
                    key = (r.error or "error").split(":")[0][:60]
                    summary.error_reasons[key] = summary.error_reasons.get(key, 0) + 1
            if progress is not None:
                progress(len(results))
    _join_parts(parts, out, fmt)
    summary.seconds = time.perf_counter() - started
    return summary


def _windows(items: Iterable[ArticleItem], size: int) -> Iterator[list[ArticleItem]]:
    window: list[ArticleItem] = []
    for item in items:
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


def _process_window(window: list[ArticleItem], extractor: Any, seen: set[str]) -> Iterator[_Result]:
    """Results in input order; unreadable items and repeated ids become error results, never exceptions."""
    slots: list[_Result | None] = []
    todo = []
    for item in window:
        if item.article is None:
            slots.append(_Result(item.ref, "error", item.ref, error=item.error or "unreadable input"))
        elif item.article.id in seen:
            slots.append(
                _Result(
                    item.article.id,
                    "error",
                    item.ref,
                    error=f"duplicate id {item.article.id!r}: only the first occurrence is processed",
                )
            )
        else:
            seen.add(item.article.id)
            slots.append(None)
            todo.append(item)
    try:
        results = [
            _Result(r.article_id, r.status, it.ref, list(r.events), r.error)
            for it, r in zip(
                todo, extractor.extract_many([it.article for it in todo], batch_size=max(1, len(todo))), strict=True
            )
        ]
    except Exception as exc:  # a model failure on one window must not end the run: report every article in it
        results = [
            _Result(it.article.id, "error", it.ref, error=f"window failed: {type(exc).__name__}: {exc}") for it in todo
        ]
    it_results = iter(results)
    for slot in slots:
        yield slot if slot is not None else next(it_results)


def _write_part(events: list[EventRecord], ids: list[str], parts: Path, number: int, fmt: str) -> None:
    final = parts / f"part-{number:06d}{_EXT[fmt]}"
    tmp = final.with_name(final.name + ".tmp")
    _write(iter(events), tmp, fmt)
    (parts / f"part-{number:06d}.ids.tmp").write_text(json.dumps(ids), encoding="utf-8")
    os.replace(parts / f"part-{number:06d}.ids.tmp", parts / f"part-{number:06d}.ids")
    os.replace(tmp, final)


def _drop_unconfirmed_parts(parts: Path, done: Counter[str]) -> None:
    """Remove temp files and parts whose articles never got a status line (crash between rename and status)."""
    if not parts.is_dir():
        return
    for p in parts.glob("*.tmp"):
        p.unlink()
    for ids_file in parts.glob("part-*.ids"):
        number = ids_file.name.split(".")[0]
        data = [p for p in parts.glob(f"{number}.*") if p != ids_file]
        ids = json.loads(ids_file.read_text(encoding="utf-8"))
        if not data or not all(done.get(i, 0) > 0 for i in ids):
            for p in data:
                p.unlink()
            ids_file.unlink()
    for p in parts.glob("part-*"):
        if not p.name.endswith(".ids") and not (parts / (p.name.split(".")[0] + ".ids")).exists():
            p.unlink()


def _truncate_torn_line(status_file: Path) -> None:
    if not status_file.exists():
        return
    data = status_file.read_bytes()
    if data and not data.endswith(b"\n"):
        status_file.write_bytes(data[: data.rfind(b"\n") + 1])


def _join_parts(parts: Path, out: Path, fmt: str) -> None:
    files = sorted(p for p in parts.glob(f"part-*{_EXT[fmt]}"))
    tmp = out.with_name(out.name + ".tmp")
    if fmt == "parquet":
        from eventx.io.parquet import iter_parquet_records

        def records() -> Iterator[EventRecord]:
            for f in files:
                for res in iter_parquet_records(f):
                    if res.record is not None:
                        yield res.record

        _write(records(), tmp, fmt)
    else:
        with open(tmp, "wb") as dst:
            for i, f in enumerate(files):
                with open(f, "rb") as src:
                    if fmt == "acled-csv" and i > 0:
                        src.readline()  # one header only
                    shutil.copyfileobj(src, dst)
            if not files and fmt == "acled-csv":
                _write(iter(()), tmp, fmt)
    os.replace(tmp, out)
    shutil.rmtree(parts, ignore_errors=True)


def _write(records: Iterator[EventRecord], out: Path, fmt: str) -> int:
    if fmt == "jsonl":
        from eventx.io.jsonl import write_jsonl_records

        return write_jsonl_records(records, out)
    if fmt == "acled-csv":
        from eventx.io.acled_csv import write_acled_csv

        return write_acled_csv(records, out, extras=False)
    from eventx.io.parquet import write_parquet_records

    return write_parquet_records(records, out)
