"""Speed benchmark: ``run_batch`` end to end over full-length news articles, as ``eventx batch`` runs it.

Reports articles/s, words/s and word-piece tokens/s, peak resident memory of the process (``getrusage``), and the
share of wall time spent outside the encoder. The typer's ``predict`` (or ``predict_with_states``) and the tagger's
``tag`` calls (the two transformer passes) are timed by wrapping the extractor's objects for the duration of the run — their code is not
touched — and everything else (cleaning, segmentation, resolvers, assembly, writing) is "outside the encoder".

Articles: IndiaPoliceEvents documents (default) or MUC-4 documents whose length is in ``[min_words, max_words]``
(450-800 by default, i.e. the ~600-word articles the target speaks of), chosen deterministically. One warm-up
batch runs first and is not counted. Event output goes to a temporary file that is deleted (it quotes the
third-party text). Targets on 2 cores: >= 5 articles/s and peak RSS <= 1.5 GB.
"""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from eventx.bench.report import Bars, BenchResult, Table
from eventx.bench.runner import model_label
from eventx.bench.scoring import stable_sample
from eventx.schema.article import Article

Corpus = Literal["ipe", "muc4"]
TARGET_ARTICLES_PER_S = 5.0
TARGET_PEAK_RSS_MB = 1536.0


class TimedCalls:
    """Wraps an object so that calls of the named methods are timed; every other attribute passes through."""

    def __init__(self, inner: Any, *methods: str) -> None:
        self._inner = inner
        self._methods = frozenset(methods)
        self.seconds = 0.0
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in self._methods:
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
                self.calls += 1

        return timed


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if os.uname().sysname == "Darwin" else peak / 1024


def load_articles(
    corpus: Corpus, data: str | Path | None, limit: int | None, min_words: int, max_words: int
) -> list[Article]:
    """Full-length articles of the corpus within the word range, deterministic sample of ``limit``."""
    if corpus == "ipe":
        from eventx.datasets.ipe import load_ipe_documents

        texts = [(f"ipe{d.doc_id}", d.text) for d in load_ipe_documents(data)]
    elif corpus == "muc4":
        from eventx.bench.muc4 import unwrap_lines
        from eventx.datasets.muc4 import load_muc4

        texts = [(d.id, unwrap_lines(d.text)) for d in load_muc4(data, split="train")]
    else:
        raise ValueError(f"unknown speed corpus {corpus!r}: ipe or muc4")
    fit = [(i, t) for i, t in texts if min_words <= len(t.split()) <= max_words]
    chosen = stable_sample(fit, limit, key=lambda it: it[0])
    return [Article(id=i, text=t) for i, t in chosen]


def count_tokens(texts: Sequence[str]) -> int | None:
    """Word pieces of the texts under the encoder's tokenizer (None when it is not installed)."""
    try:
        from eventx.models.encoder import load_tokenizer

        tok = load_tokenizer()
    except Exception:  # the speed numbers still stand without a token count
        return None
    return sum(len(tok(t, add_special_tokens=False, verbose=False)["input_ids"]) for t in texts)


@dataclass
class SpeedRun:
    seconds: float
    articles: int
    events: int
    errors: int
    typer_seconds: float
    tagger_seconds: float


def timed_batch(extractor: Any, articles: Sequence[Article], batch_size: int) -> SpeedRun:
    """One ``run_batch`` over the articles with the model calls timed; output written to a temp file."""
    from eventx.io.articles import ArticleItem
    from eventx.pipeline.batch import run_batch

    orig_typer, orig_tagger = getattr(extractor, "typer", None), getattr(extractor, "tagger", None)
    typer = TimedCalls(orig_typer, "predict", "predict_with_states") if orig_typer is not None else None
    tagger = TimedCalls(orig_tagger, "tag") if orig_tagger is not None else None
    try:
        if typer is not None:
            extractor.typer = typer
        if tagger is not None:
            extractor.tagger = tagger
        with tempfile.TemporaryDirectory(prefix="eventx-speed-") as tmp:
            items = (ArticleItem(ref=a.id, article=a) for a in articles)
            t0 = time.perf_counter()
            summary = run_batch(items, extractor, Path(tmp) / "events.jsonl", fmt="jsonl", batch_size=batch_size)
            seconds = time.perf_counter() - t0
    finally:
        if orig_typer is not None:
            extractor.typer = orig_typer
        if orig_tagger is not None:
            extractor.tagger = orig_tagger
    return SpeedRun(
        seconds,
        summary.articles,
        summary.events,
        summary.errors,
        typer.seconds if typer else 0.0,
        tagger.seconds if tagger else 0.0,
    )


def run(
    extractor: Any,
    data: str | Path | None = None,
    *,
    limit: int | None = 100,
    batch_size: int = 16,
    corpus: Corpus = "ipe",
    min_words: int = 450,
    max_words: int = 800,
    warmup: int = 4,
) -> BenchResult:
    started = time.perf_counter()
    articles = load_articles(corpus, data, limit, min_words, max_words)
    if not articles:
        raise ValueError(f"no {corpus} articles of {min_words}-{max_words} words in {data}")
    rss_loaded = peak_rss_mb()
    if warmup:
        timed_batch(extractor, articles[:warmup], batch_size)
    words = [len(a.text.split()) for a in articles]  # type: ignore[union-attr]
    tokens = count_tokens([a.text for a in articles])  # type: ignore[misc]
    r = timed_batch(extractor, articles, batch_size)
    model_s = r.typer_seconds + r.tagger_seconds
    try:
        import torch

        threads: int | None = torch.get_num_threads()
    except ImportError:
        threads = None
    aps = r.articles / r.seconds if r.seconds > 0 else 0.0
    peak = peak_rss_mb()
    metrics: dict[str, Any] = {
        "articles_per_s": round(aps, 3),
        "words_per_s": round(sum(words) / r.seconds, 1) if r.seconds > 0 else 0.0,
        "tokens_per_s": round(tokens / r.seconds, 1) if tokens is not None and r.seconds > 0 else None,
        "peak_rss_mb": round(peak, 1),
        "share_outside_encoder": round(1.0 - model_s / r.seconds, 4) if r.seconds > 0 else None,
        "seconds": round(r.seconds, 2),
        "typer_seconds": round(r.typer_seconds, 2),
        "tagger_seconds": round(r.tagger_seconds, 2),
        "articles": r.articles,
        "events": r.events,
        "errors": r.errors,
        "words_median": statistics.median(words),
        "words_mean": round(statistics.fmean(words), 1),
        "tokens": tokens,
        "rss_after_loading_mb": round(rss_loaded, 1),
        "torch_threads": threads,
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "batch_size": batch_size,
        "corpus": corpus,
        "targets": {
            "articles_per_s": TARGET_ARTICLES_PER_S,
            "peak_rss_mb": TARGET_PEAK_RSS_MB,
            "articles_per_s_met": aps >= TARGET_ARTICLES_PER_S,
            "peak_rss_met": peak <= TARGET_PEAK_RSS_MB,
        },
    }
    other = max(0.0, r.seconds - model_s)
    return BenchResult(
        benchmark="speed",
        n=r.articles,
        metrics=metrics,
        method=[
            f"run_batch (what `eventx batch` runs) over {r.articles} {corpus} documents of {min_words}-{max_words} "
            f"words (median {statistics.median(words)}), batch size {batch_size}, after {warmup} warm-up articles",
            "model time = wall time inside the typer's predict (or predict_with_states) and the tagger's tag calls "
            "(wrapped, not edited); share_outside_encoder = 1 - model time / wall time",
            "peak RSS: getrusage(RUSAGE_SELF).ru_maxrss of the whole process (models, gazetteer, data loading)",
            "tokens: word pieces of the article texts under the MiniLM tokenizer (no special tokens)",
            "the machine is shared: other jobs running at the same time slow it; see the date in metrics.json",
        ],
        tables=[
            Table(
                "Where the time goes",
                ["part", "seconds", "share"],
                [
                    [
                        "typer (event detection/typing)",
                        round(r.typer_seconds, 2),
                        round(r.typer_seconds / r.seconds, 3),
                    ],
                    ["tagger (roles)", round(r.tagger_seconds, 2), round(r.tagger_seconds / r.seconds, 3)],
                    ["everything else", round(other, 2), round(other / r.seconds, 3)],
                ],
            )
        ]
        if r.seconds > 0
        else [],
        bars=[
            Bars(
                "Share of wall time",
                {
                    "typer": r.typer_seconds / r.seconds if r.seconds else 0.0,
                    "tagger": r.tagger_seconds / r.seconds if r.seconds else 0.0,
                    "outside the encoder": other / r.seconds if r.seconds else 0.0,
                },
                "time_share.png",
                "share of wall time",
            )
        ],
        data=str(data) if data else None,
        seconds=time.perf_counter() - started,
        model=model_label(extractor),
    )
