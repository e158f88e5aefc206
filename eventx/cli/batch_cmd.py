"""``eventx batch``: a corpus to event records, streaming, with one status line per article."""

from __future__ import annotations

import json
import sys

import click

from eventx.cli.common import config_option, load_extractor, parse_published


@click.command(name="batch")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="Output file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "acled-csv", "parquet"]),
    default=None,
    help="Output format (default: from OUT's extension, else jsonl).",
)
@click.option("--published", help="Publication date for articles that carry none (ISO 8601).")
@click.option("--batch-size", default=16, show_default=True, help="Articles whose sentences are batched together.")
@click.option("--device", default=None, help="cpu or cuda (overrides the config).")
@click.option("--threads", type=int, default=None, help="torch threads (overrides the config).")
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
    threads: int | None,
    recursive: bool,
    no_progress: bool,
    resume: bool,
    config: str | None,
) -> None:
    """Extract events from INPUT (a .jsonl/.csv corpus with id and text or html, or a folder of .txt/.html) into OUT.

    OUT.status.jsonl gets one line per input article: {"article_id", "status": ok|no_event|error, "n_events",
    "error"}. Bad articles are reported there and never stop the run; the exit code is non-zero only on a fatal
    error. With --resume a run stopped by a crash or kill -9 continues with no article duplicated or missing.
    """
    from tqdm import tqdm

    from eventx.io.articles import iter_articles
    from eventx.pipeline.batch import run_batch, status_path_for

    fmt = fmt or _format_from_name(out)
    extractor = load_extractor(config, device=device, threads=threads)
    items = iter_articles(input_path, published=parse_published(published), recursive=recursive)
    with tqdm(desc="articles", unit="art", disable=no_progress, file=sys.stderr) as bar:
        summary = run_batch(items, extractor, out, fmt=fmt, batch_size=batch_size, resume=resume, progress=bar.update)
    click.echo(json.dumps({"out": out, "status": str(status_path_for(out)), **summary.as_dict()}), err=True)


def _format_from_name(out: str) -> str:
    low = out.lower()
    if low.endswith(".csv"):
        return "acled-csv"
    if low.endswith(".parquet"):
        return "parquet"
    return "jsonl"
