"""CPU worker processes that look like one Extractor to the batch runner.

:class:`WorkerPool` has the Extractor's ``extract_many(articles, batch_size)`` contract (one result per article, in
input order), so :func:`eventx.pipeline.batch.run_batch` drives it unchanged and stays the only writer of part files
and status lines: the crash-safety argument of the batch runner holds as is. Each worker is a separate process (spawn,
never fork: a forked torch with live thread pools can deadlock) that builds its own Extractor once and runs torch
with ``cores // workers`` threads, so N workers never oversubscribe the machine.

A window of articles is split into one group per worker, balanced by text length (longest first onto the least
loaded worker), and the results are put back in input order. A worker that dies (out of memory on a huge article,
a segfault in a native library) costs only its own group: those articles get an error status naming the exit code,
the worker is restarted, and the run goes on.
"""

from __future__ import annotations

import functools
import logging
import os
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


def available_cores() -> int:
    """CPU cores this process may use (affinity-aware where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def threads_per_worker(workers: int, cores: int | None = None) -> int:
    """torch intra-op threads for each of ``workers`` processes: the cores shared out, at least one."""
    return max(1, (cores or available_cores()) // max(1, workers))


def build_extractor(config: Any, precision: str = "auto") -> Any:
    """Build an Extractor from a config (a picklable factory for worker processes and Ray actors)."""
    from eventx.engines.precision import with_precision
    from eventx.pipeline.extractor import Extractor

    return with_precision(Extractor(config), precision)


def extractor_factory(config: Any, precision: str = "auto") -> Callable[[], Any]:
    """A picklable zero-argument callable that builds the configured Extractor in another process."""
    return functools.partial(build_extractor, config, precision)


class WorkerError(RuntimeError):
    """A worker process could not start (its Extractor failed to build)."""


@dataclass
class _Worker:
    process: Any
    conn: Any


def _worker_main(factory: Callable[[], Any], threads: int, conn: Any) -> None:
    """Worker loop: build the Extractor once, then answer (job, articles, batch_size) requests until None."""
    import torch

    torch.set_num_threads(threads)
    try:
        extractor = factory()
    except BaseException as exc:  # report why, then exit: the parent turns it into a WorkerError
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    torch.set_num_threads(threads)  # after the Extractor, whose config may have set its own
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the parent is gone (killed): nothing left to do
            return
        if msg is None:
            return
        articles, batch_size = msg
        try:
            conn.send(("ok", list(extractor.extract_many(articles, batch_size=batch_size))))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _balanced_groups(sizes: Sequence[int], n: int) -> list[list[int]]:
    """Indices split into at most ``n`` groups of similar total size (longest first onto the lightest group);
    each group keeps input order, so a worker sees its articles in the order they came."""
    groups: list[list[int]] = [[] for _ in range(min(n, len(sizes)))]
    load = [0] * len(groups)
    for i in sorted(range(len(sizes)), key=lambda k: -sizes[k]):
        g = min(range(len(groups)), key=load.__getitem__)
        groups[g].append(i)
        load[g] += sizes[i] + 1
    return [sorted(g) for g in groups if g]


class WorkerPool:
    """``workers`` processes, each with its own Extractor built by ``factory`` (a picklable zero-argument callable,
    e.g. :func:`extractor_factory`). Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        factory: Callable[[], Any],
        workers: int,
        *,
        threads: int | None = None,
        start_timeout: float = 900.0,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self.factory = factory
        self.n_workers = workers
        self.threads = threads or threads_per_worker(workers)
        self.start_timeout = start_timeout
        self._workers: list[_Worker | None] = [None] * workers
        self._finalizer = weakref.finalize(self, _stop_all, self._workers)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> WorkerPool:
        """Start every worker and wait until each has built its Extractor; WorkerError if one cannot."""
        import multiprocessing as mp

        ctx = mp.get_context("spawn")
        pending = []
        for i, w in enumerate(self._workers):
            if w is not None and w.process.is_alive():
                continue
            parent, child = ctx.Pipe()
            proc = ctx.Process(
                target=_worker_main, args=(self.factory, self.threads, child), name=f"eventx-worker-{i}", daemon=True
            )
            proc.start()
            child.close()
            self._workers[i] = _Worker(proc, parent)
            pending.append(i)
        for i in pending:
            w = self._workers[i]
            assert w is not None
            if not w.conn.poll(self.start_timeout):
                self.close()
                raise WorkerError(f"worker {i} did not start within {self.start_timeout:.0f} s")
            try:
                kind, detail = w.conn.recv()
            except EOFError:
                kind, detail = "failed", f"the process exited with code {w.process.exitcode}"
            if kind != "ready":
                self.close()
                raise WorkerError(f"worker {i} could not build its Extractor: {detail}")
        return self

    def close(self) -> None:
        _stop_all(self._workers)

    def __enter__(self) -> WorkerPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the Extractor contract
    def extract_many(self, articles: Iterable[Any], batch_size: int = 16) -> Iterator[Any]:
        """One ArticleResult per article, in input order, computed by the workers in parallel."""
        from eventx.pipeline.extractor import ArticleResult

        arts = list(articles)
        if not arts:
            return iter(())
        self.start()  # (re)starts any worker that is not running
        groups = _balanced_groups([len(a.text or a.html or "") for a in arts], self.n_workers)
        sent: list[tuple[int, list[int]]] = []
        for g, idx in enumerate(groups):
            w = self._workers[g]
            assert w is not None
            try:
                w.conn.send(([arts[i] for i in idx], max(1, min(batch_size, len(idx)))))
                sent.append((g, idx))
            except (BrokenPipeError, OSError) as exc:
                sent.append((g, []))
                for i in idx:
                    arts[i] = ArticleResult(arts[i].id, "error", error=f"worker {g} unavailable: {exc}")
        out: list[Any] = list(arts)
        for g, idx in sent:
            if not idx:
                continue
            w = self._workers[g]
            assert w is not None
            try:
                kind, payload = w.conn.recv()
            except (EOFError, OSError):
                w.process.join(timeout=5)
                reason = f"worker process died (exit code {w.process.exitcode}) while reading this article's group"
                log.error("%s; restarting it", reason)
                self._workers[g] = None
                w.conn.close()
                for i in idx:
                    out[i] = ArticleResult(arts[i].id, "error", error=reason)
                continue
            if kind == "ok":
                for i, res in zip(idx, payload, strict=True):
                    out[i] = res
            else:
                for i in idx:
                    out[i] = ArticleResult(arts[i].id, "error", error=f"worker failed on its group: {payload}")
        return iter(out)


def _stop_all(workers: list[_Worker | None]) -> None:
    for i, w in enumerate(workers):
        if w is None:
            continue
        try:
            w.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        w.process.join(timeout=10)
        if w.process.is_alive():
            w.process.terminate()
            w.process.join(timeout=5)
        w.conn.close()
        workers[i] = None
