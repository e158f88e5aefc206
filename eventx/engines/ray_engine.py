"""``eventx batch --engine ray``: the batch job on Ray Data, for a corpus spread over many machines.

Shape of the job (one streaming Ray Data pipeline, no full materialisation):

1. **read**: the input shards (``*.jsonl``/``*.ndjson``[``.gz``] or ``*.parquet`` files under a folder, or one file)
   become one Ray task each (``flat_map``), yielding one row per input line or Parquet row with a stable *key*
   (``shard-name:line``) and a global *order* (shard index, line). Nothing is parsed into an Article yet, so a
   broken line cannot fail the read: it becomes an error status later, like in the local engine.
2. **duplicate ids**: a light pass (id and order only) groups by id; for every id seen more than once the smallest
   order wins and each other occurrence gets an error status — the same "first is processed, each repeat is an
   error" rule as the local engine, deterministic whatever order Ray runs the shards in.
3. **extract**: ``map_batches`` with :class:`ExtractActor`, a model-holding class run by a fixed pool of actors
   (``concurrency``); each actor builds its Extractor once. Give actors fractional ``num_cpus`` on small machines
   (else the read tasks starve) and ``num_gpus=1`` on GPU nodes.
4. **write**: each actor writes, per batch, an events shard (Parquet or JSONL) and then a status shard
   (``status/<id>.status.jsonl``), each under a temporary name renamed when complete. The status shard is the
   checkpoint: it is written last, so an events shard without its status shard is an interrupted batch and is
   deleted on resume.

Resume (``resume=True``) reads every status shard, skips the input keys they list and redoes the rest; the keys are
positions in the input (shard file name relative to the input folder + line or row), so a repeated id is accounted
once per occurrence, and the input folder may move between runs. OUT must be a folder every node can write (a shared
file system such as NFS or Lustre, or a mounted bucket).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SHARD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".parquet")
OUT_FORMATS = ("parquet", "jsonl")
_ORDER_SHIFT = 1 << 32


@dataclass
class RaySummary:
    """End-of-run counts, the same fields as the local engine's summary."""

    articles: int = 0
    ok: int = 0
    no_event: int = 0
    errors: int = 0
    events: int = 0
    skipped_done: int = 0
    shards: int = 0
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
            "input_shards": self.shards,
            "seconds": round(self.seconds, 2),
            "articles_per_s": round(self.articles_per_s, 3),
            "error_reasons": self.error_reasons,
        }


# ---------------------------------------------------------------------- paths and status shards


def list_shards(source: str | Path) -> list[Path]:
    """Input shards: ``source`` itself, or the shard files under the folder (recursively, sorted, no hidden)."""
    p = Path(source)
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise FileNotFoundError(f"no such file or directory: {p}")
    found = [
        f
        for f in sorted(p.rglob("*"))
        if f.is_file()
        and f.name.lower().endswith(SHARD_SUFFIXES)
        and not any(part.startswith(".") for part in f.relative_to(p).parts)
    ]
    if not found:
        raise FileNotFoundError(f"no input shards in {p} (expected files ending in {', '.join(SHARD_SUFFIXES)})")
    return found


def events_dir(out: str | Path) -> Path:
    return Path(out) / "events"


def status_dir(out: str | Path) -> Path:
    return Path(out) / "status"


def iter_status(out: str | Path) -> Iterator[dict[str, Any]]:
    """Every status row written under OUT (one per input line/row processed), in no particular order."""
    folder = status_dir(out)
    if not folder.is_dir():
        return
    for f in sorted(folder.glob("*.status.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                if line.endswith("\n"):
                    yield json.loads(line)


def _prepare_out(out: Path, resume: bool) -> dict[str, set[str]]:
    """Create OUT's folders; on resume return the done keys per shard name and drop unconfirmed events shards,
    otherwise clear what an earlier run left."""
    ev, st = events_dir(out), status_dir(out)
    if not resume:
        shutil.rmtree(ev, ignore_errors=True)
        shutil.rmtree(st, ignore_errors=True)
    ev.mkdir(parents=True, exist_ok=True)
    st.mkdir(parents=True, exist_ok=True)
    for tmp in [*ev.glob("*.tmp"), *st.glob("*.tmp")]:
        tmp.unlink()
    confirmed = {f.name.split(".")[0] for f in st.glob("*.status.jsonl")}
    for f in ev.iterdir():
        if f.name.split(".")[0] not in confirmed:
            f.unlink()  # the batch died between its events shard and its status shard: it is redone
    done: dict[str, set[str]] = {}
    for row in iter_status(out):
        name, _, pos = row["key"].rpartition(":")
        done.setdefault(name, set()).add(pos)
    return done


# ---------------------------------------------------------------------- reading


def _shard_rows(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Rows of one input shard: key, order, id (None when unreadable or absent) and the raw JSON object text."""
    path, name, index = Path(item["path"]), item["name"], int(item["index"])
    skip = set(item.get("done") or ())
    if path.name.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        n = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
            for obj in batch.to_pylist():
                n += 1
                if f"row{n}" in skip:
                    continue
                raw = json.dumps(obj, ensure_ascii=False, default=str)
                yield {"key": f"{name}:row{n}", "order": index * _ORDER_SHIFT + n, "id": _id_of(obj), "raw": raw}
        return
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip() or str(lineno) in skip:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None
            yield {
                "key": f"{name}:{lineno}",
                "order": index * _ORDER_SHIFT + lineno,
                "id": _id_of(obj) if isinstance(obj, dict) else None,
                "raw": line,
            }


def _id_of(obj: dict[str, Any]) -> str | None:
    """The article id the Extractor will see: the row's id, else the hash of its text (as :class:`Article` does)."""
    value = obj.get("id")
    if value is not None and str(value).strip():
        return str(value)
    text = obj.get("text")
    if isinstance(text, str) and text.strip():
        return "sha1:" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:16]
    return None  # html-only rows get their id from the extracted text; they are not checked for repeats here


def _find_repeats(ds: Any) -> dict[str, int]:
    """id -> order of its first occurrence, for every id that occurs more than once."""
    from ray.data.aggregate import Count, Min

    keys = ds.select_columns(["id", "order"]).filter(lambda r: r["id"] is not None)
    repeats = {}
    for row in keys.groupby("id").aggregate(Count(), Min("order")).filter(lambda r: r["count()"] > 1).iter_rows():
        repeats[row["id"]] = int(row["min(order)"])
    return repeats


# ---------------------------------------------------------------------- the model-holding class


class ExtractActor:
    """Ray Data callable class: builds the Extractor once per actor, then turns batches of raw rows into events
    and status shards under OUT. Returns one status row per input row (for the driver's summary)."""

    def __init__(
        self,
        factory: Callable[[], Any],
        out: str,
        fmt: str,
        repeats: dict[str, int],
        published: dt.datetime | None = None,
        threads: int = 1,
    ) -> None:
        import torch

        torch.set_num_threads(max(1, threads))
        self.extractor = factory()
        torch.set_num_threads(max(1, threads))
        self.out = Path(out)
        self.fmt = fmt
        self.repeats = repeats
        self.published = published

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from eventx.io.articles import article_from_fields
        from eventx.pipeline.extractor import ArticleResult

        keys = [str(k) for k in batch["key"]]
        ids = [None if x is None else str(x) for x in batch["id"]]
        results: list[Any] = [None] * len(keys)
        todo: list[tuple[int, Any]] = []
        for i, (raw, order, rid) in enumerate(zip(batch["raw"], batch["order"], ids, strict=True)):
            try:
                obj = json.loads(str(raw))
            except json.JSONDecodeError as exc:
                results[i] = ArticleResult(keys[i], "error", error=f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(obj, dict):
                results[i] = ArticleResult(keys[i], "error", error="expected a JSON object with 'text' or 'html'")
                continue
            if rid is not None and rid in self.repeats and int(order) != self.repeats[rid]:
                results[i] = ArticleResult(
                    rid, "error", error=f"duplicate id {rid!r}: only the first occurrence is processed"
                )
                continue
            try:
                todo.append((i, article_from_fields(obj, published=self.published)))
            except ValueError as exc:
                results[i] = ArticleResult(rid or keys[i], "error", error=str(exc))
        if todo:
            try:
                done = list(self.extractor.extract_many([a for _, a in todo], batch_size=len(todo)))
            except Exception as exc:  # a model failure costs this batch's articles, never the run
                done = [
                    ArticleResult(a.id, "error", error=f"batch failed: {type(exc).__name__}: {exc}") for _, a in todo
                ]
            for (i, _), res in zip(todo, done, strict=True):
                results[i] = res
        return self._write(keys, results)

    def _write(self, keys: list[str], results: list[Any]) -> dict[str, list[Any]]:
        from eventx.pipeline.batch import _write

        part = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
        events = [e for r in results for e in r.events]
        if events:
            final = events_dir(self.out) / f"{part}.{'parquet' if self.fmt == 'parquet' else 'jsonl'}"
            tmp = final.with_name(final.name + ".tmp")
            _write(iter(events), tmp, self.fmt)
            os.replace(tmp, final)
        rows = {
            "key": keys,
            "article_id": [r.article_id for r in results],
            "status": [r.status for r in results],
            "n_events": [len(r.events) for r in results],
            "error": [r.error for r in results],
        }
        lines = "".join(
            json.dumps(
                {"key": k, "article_id": r.article_id, "status": r.status, "n_events": len(r.events), "error": r.error},
                ensure_ascii=False,
            )
            + "\n"
            for k, r in zip(keys, results, strict=True)
        )
        final = status_dir(self.out) / f"{part}.status.jsonl"
        tmp = final.with_name(final.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)  # the checkpoint: from here on this batch counts as done
        return rows


# ---------------------------------------------------------------------- the job


def run_ray(
    source: str | Path,
    out: str | Path,
    factory: Callable[[], Any],
    *,
    fmt: str = "parquet",
    workers: int = 2,
    cpus_per_worker: float = 1.0,
    gpus_per_worker: float = 0.0,
    batch_size: int = 64,
    resume: bool = False,
    published: dt.datetime | None = None,
    address: str | None = None,
) -> RaySummary:
    """Run the batch job on Ray: read ``source`` shards, extract with ``workers`` actors, write shards under ``out``.

    ``factory`` is a picklable zero-argument callable building the Extractor in each actor
    (:func:`eventx.engines.workers.extractor_factory`). Ray is started locally (or joined at ``address``, e.g.
    ``"auto"`` on a cluster node) when no Ray session is running.
    """
    try:
        import ray
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "the Ray engine needs Ray Data, an optional extra: pip install 'eventx[ray]'", name="ray"
        ) from exc
    if fmt not in OUT_FORMATS:
        raise ValueError(f"the Ray engine writes {' or '.join(OUT_FORMATS)} shards, not {fmt!r}")
    if workers < 1 or batch_size < 1:
        raise ValueError("workers and batch_size must be >= 1")
    started = time.perf_counter()
    src, out = Path(source), Path(out)
    shards = list_shards(src)
    root = src if src.is_dir() else src.parent
    done = _prepare_out(out, resume)
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    import ray.data

    items = [{"path": str(p), "name": p.relative_to(root).as_posix(), "index": k} for k, p in enumerate(shards)]
    repeats = _find_repeats(ray.data.from_items(items, override_num_blocks=len(items)).flat_map(_shard_rows))
    todo_items = [{**it, "done": sorted(done.get(it["name"], ()))} for it in items]
    summary = RaySummary(shards=len(shards), skipped_done=sum(len(v) for v in done.values()))
    rows = ray.data.from_items(todo_items, override_num_blocks=len(items)).flat_map(_shard_rows)
    results = rows.map_batches(
        ExtractActor,
        fn_constructor_kwargs={
            "factory": factory,
            "out": str(out),
            "fmt": fmt,
            "repeats": repeats,
            "published": published,
            "threads": max(1, int(cpus_per_worker)),
        },
        batch_size=batch_size,
        concurrency=workers,
        num_cpus=cpus_per_worker,
        num_gpus=gpus_per_worker,
        batch_format="numpy",
    )
    for batch in results.iter_batches(batch_size=4096, batch_format="numpy"):
        for status, n_events, error in zip(batch["status"], batch["n_events"], batch["error"], strict=True):
            summary.articles += 1
            summary.events += int(n_events)
            if status == "ok":
                summary.ok += 1
            elif status == "no_event":
                summary.no_event += 1
            else:
                summary.errors += 1
                reason = str(error or "error").split(":")[0][:60]
                summary.error_reasons[reason] = summary.error_reasons.get(reason, 0) + 1
    summary.seconds = time.perf_counter() - started
    return summary
