"""``eventx bench NAME --data PATH --out DIR``: run a benchmark, write metrics.json, report.md and PNG plots."""

from __future__ import annotations

import json
import shlex
from typing import Any

import click

from eventx.cli.common import config_option, load_extractor

BENCHMARKS: tuple[str, ...] = ("acled", "case2021", "muc4", "ipe", "plover", "speed")


@click.command(name="bench")
@click.argument("name", type=click.Choice(BENCHMARKS))
@click.option(
    "--data",
    type=click.Path(exists=True),
    default=None,
    help="Dataset file or folder (default: its folder under the shared data, EVENTX_DATA).",
)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Deterministic sample of N items (smallest hash of their id); speed defaults to 100.",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "dev-both", "train", "all"]),
    default="dev",
    show_default=True,
    help="acled: rows of countries held out of the typing model (dev), also of the actor table "
    "(dev-both), the countries it was trained on (train: for error analysis, never for scores), or all rows.",
)
@click.option(
    "--corpus",
    type=click.Choice(["ipe", "muc4"]),
    default="ipe",
    show_default=True,
    help="speed: which full-length documents to run.",
)
@click.option(
    "--muc4-head",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="muc4: also score a MUC-4 role tagger trained with `eventx train configs/train/muc4_tagger.yaml` "
    "(or the linear head of configs/train/muc4_head.yaml).",
)
@click.option("--batch-size", default=16, show_default=True, help="Articles whose sentences are batched together.")
@click.option("--threads", type=int, default=None, help="torch threads (overrides the config).")
@config_option
def bench(
    name: str,
    data: str | None,
    out_dir: str,
    limit: int | None,
    split: str,
    corpus: str,
    muc4_head: str | None,
    batch_size: int,
    threads: int | None,
    config: str | None,
) -> None:
    """Run benchmark NAME (acled, case2021, muc4, ipe, plover, speed) and write its results into --out.

    --data defaults to the dataset's folder in the shared data (EVENTX_DATA or ../shared/data); for acled it is an
    ACLED export or a folder of exports (default: every export under the shared data).
    """
    from eventx.bench.report import write_result

    if name == "acled" and data is None:
        from eventx.paths import shared_data_dir

        root = shared_data_dir()
        if root is None:
            raise click.UsageError("acled needs --data: an ACLED export or a folder of exports")
        data = str(root)
    extractor = load_extractor(config, threads=threads)
    kwargs: dict[str, Any] = {"limit": limit, "batch_size": batch_size}
    try:
        if name == "acled":
            from eventx.bench import acled

            result = acled.run(extractor, data, split=split, **kwargs)  # type: ignore[arg-type]
        elif name == "case2021":
            from eventx.bench import case2021

            result = case2021.run(extractor, data, **kwargs)
        elif name == "muc4":
            from eventx.bench import muc4

            result = muc4.run(extractor, data, muc4_head=muc4_head, **kwargs)
        elif name == "ipe":
            from eventx.bench import ipe

            result = ipe.run(extractor, data, **kwargs)
        elif name == "plover":
            from eventx.bench import plover

            result = plover.run(extractor, data, **kwargs)
        else:
            from eventx.bench import speed

            kwargs["limit"] = limit or 100
            result = speed.run(extractor, data, corpus=corpus, **kwargs)  # type: ignore[arg-type]
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    parts = ["eventx", "bench", name, "--out", out_dir]
    parts += ["--data", data] if data else []
    parts += ["--limit", str(kwargs["limit"])] if kwargs["limit"] else []
    parts += ["--split", split] if name == "acled" else []
    parts += ["--corpus", corpus] if name == "speed" else []
    parts += ["--muc4-head", muc4_head] if muc4_head and name == "muc4" else []
    parts += ["--batch-size", str(batch_size)] + (["--threads", str(threads)] if threads else [])
    parts += ["--config", config] if config else []
    result.command = " ".join(shlex.quote(p) for p in parts)
    paths = write_result(result, out_dir)
    headline = {k: v for k, v in result.metrics.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    click.echo(json.dumps({"benchmark": name, "n": result.n, **headline, "out": [str(p) for p in paths]}, indent=1))
