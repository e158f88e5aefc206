"""``eventx batch``: a corpus to event records, streaming, with one status line per article.

Engines: ``local`` (this machine; ``--workers N`` runs N CPU worker processes behind the same crash-safe batch
writer) and ``ray`` (Ray Data over one or many machines, writing shards; see docs/scale.md).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from eventx.cli.common import config_option, load_extractor, parse_published


@click.command(name="batch")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True))
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(),
    help="Output file (local engine) or output folder (ray engine).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "acled-csv", "parquet"]),
    default=None,
    help="Output format (default: from OUT's extension, else jsonl; the ray engine writes parquet or jsonl shards).",
)
@click.option("--published", help="Publication date for articles that carry none (ISO 8601).")
@click.option("--batch-size", default=16, show_default=True, help="Articles whose sentences are batched together.")
@click.option("--device", default=None, help="cpu or cuda (overrides the config).")
@click.option(
    "--precision",
    type=click.Choice(["auto", "fp32", "bf16", "fp16", "int8"]),
    default="auto",
    show_default=True,
    help="Model precision: auto = bf16 (else fp16) on cuda, fp32 on cpu; bf16 / int8 are faster opt-ins on cpu.",
)
@click.option("--threads", type=int, default=None, help="torch threads (overrides the config; per worker).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Local engine: CPU worker processes (torch threads = cores / N each). Ray engine: model actors.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this machine. ray: Ray Data (needs eventx[ray]); INPUT is a shard file or folder, OUT a folder.",
)
@click.option("--ray-address", default=None, help="Ray cluster to join (e.g. 'auto' on a cluster node).")
@click.option(
    "--cpus-per-worker",
    type=float,
    default=1.0,
    show_default=True,
    help="Ray engine: CPUs reserved per model actor (fractions allowed).",
)
@click.option(
    "--gpus-per-worker",
    type=float,
    default=0.0,
    show_default=True,
    help="Ray engine: GPUs per model actor (1 on GPU nodes, with --device cuda).",
)
@click.option("--recursive", is_flag=True, help="Read a folder's subfolders too.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option(
    "--resume", is_flag=True, help="Continue a stopped run: skip inputs OUT.status.jsonl lists, redo the rest."
)
@config_option
def batch(
    input_path: str,
    out: str,
    fmt: str | None,
    published: str | None,
    batch_size: int,
    device: str | None,
    precision: str,
    threads: int | None,
    workers: int,
    engine: str,
    ray_address: str | None,
    cpus_per_worker: float,
    gpus_per_worker: float,
    recursive: bool,
    no_progress: bool,
    resume: bool,
    config: str | None,
) -> None:
    """Extract events from INPUT (a .jsonl/.csv corpus with id and text or html, or a folder of .txt/.html) into OUT.

    OUT.status.jsonl gets one line per input article: {"article_id", "status": ok|no_event|error, "n_events",
    "error"}. Bad articles are reported there and never stop the run; the exit code is non-zero only on a fatal
    error. With --resume a run stopped by a crash or kill -9 continues with no article duplicated or missing.
    The summary on stderr gives articles read, events, ok / no-event / error articles, seconds and articles/s.
    """
    when = parse_published(published)
    if engine == "ray":
        _run_ray(
            input_path,
            out,
            fmt=fmt or ("jsonl" if out.lower().endswith(".jsonl") else "parquet"),
            published=when,
            batch_size=batch_size,
            device=device,
            precision=precision,
            threads=threads,
            workers=workers,
            address=ray_address,
            cpus_per_worker=cpus_per_worker,
            gpus_per_worker=gpus_per_worker,
            resume=resume,
            config=config,
        )
        return
    from tqdm import tqdm

    from eventx.engines.workers import WorkerError, WorkerPool, extractor_factory
    from eventx.io.articles import iter_articles
    from eventx.pipeline.batch import run_batch, status_path_for

    fmt = fmt or _format_from_name(out)
    pool: WorkerPool | None = None
    if workers > 1:
        cfg = _config(config, device=device, threads=threads)
        _check_precision(cfg.models.device, precision)
        pool = WorkerPool(extractor_factory(cfg, precision), workers, threads=threads)
        try:
            pool.start()
        except WorkerError as exc:
            raise click.ClickException(str(exc)) from exc
        extractor: Any = pool
    else:
        from eventx.engines.precision import with_precision

        extractor = load_extractor(config, device=device, threads=threads)
        try:
            extractor = with_precision(extractor, precision)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    items = iter_articles(input_path, published=when, recursive=recursive)
    try:
        with tqdm(desc="articles", unit="art", disable=no_progress, file=sys.stderr) as bar:
            summary = run_batch(
                items, extractor, out, fmt=fmt, batch_size=batch_size, resume=resume, progress=bar.update
            )
    finally:
        if pool is not None:
            pool.close()
    click.echo(
        json.dumps({"out": out, "status": str(status_path_for(out)), "workers": workers, **summary.as_dict()}),
        err=True,
    )


def _config(config: str | None, **overrides: Any) -> Any:
    from eventx.config import ExtractorConfig

    cfg = ExtractorConfig.from_yaml(config) if config else ExtractorConfig.default()
    for key, value in overrides.items():
        if value is not None:
            setattr(cfg.models, key, value)
    return cfg


def _check_precision(device: str, precision: str) -> None:
    from eventx.engines.precision import resolve_precision

    try:
        resolve_precision(device, precision)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


def _run_ray(
    input_path: str, out: str, *, config: str | None, device: str | None, threads: int | None, **kw: Any
) -> None:
    from eventx.engines.workers import extractor_factory

    try:
        from eventx.engines.ray_engine import run_ray
    except ModuleNotFoundError as exc:  # pragma: no cover - ray_engine imports ray lazily
        raise click.ClickException(str(exc)) from exc
    if kw["fmt"] not in ("parquet", "jsonl"):
        raise click.BadParameter("the ray engine writes parquet or jsonl shards", param_hint="--format")
    cfg = _config(config, device=device, threads=threads)
    if kw["gpus_per_worker"] > 0 and cfg.models.device == "cpu":
        cfg.models.device = "cuda"
    precision = kw.pop("precision")
    try:
        summary = run_ray(input_path, out, extractor_factory(cfg, precision), **kw)
    except (ModuleNotFoundError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps({"out": out, "engine": "ray", **summary.as_dict()}), err=True)


def _format_from_name(out: str) -> str:
    low = out.lower()
    if low.endswith(".csv"):
        return "acled-csv"
    if low.endswith(".parquet"):
        return "parquet"
    return "jsonl"
