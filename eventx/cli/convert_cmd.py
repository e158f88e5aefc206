"""``eventx convert IN OUT``: records between ACLED CSV, JSONL and Parquet, chosen by the file extensions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from eventx.io.formats import iter_records, record_format, write_records
from eventx.schema.record import EventRecord


@click.command(name="convert")
@click.argument("src", metavar="IN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("dest", metavar="OUT", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--style",
    type=click.Choice(["words", "digits"]),
    default="words",
    show_default=True,
    help="ACLED CSV output: inter codes and interaction as words (2023+ exports) or digits (older exports).",
)
@click.option(
    "--extras/--no-extras",
    default=True,
    show_default=True,
    help="ACLED CSV output: write columns kept from older exports (data_id, iso3, ...) after the ACLED columns, "
    "so the file reads back into equal records.",
)
@click.option("--strict", is_flag=True, help="Write nothing and exit 1 if any input row is bad.")
def convert(src: Path, dest: Path, style: str, extras: bool, strict: bool) -> None:
    """Convert records between ACLED CSV, JSONL and Parquet (by extension).

    Bad input rows are reported on stderr with line, field and reason and left out (or, with --strict, stop
    the conversion). Exit status 1 when any row was bad.
    """
    try:
        record_format(src)
        record_format(dest)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if src.resolve() == dest.resolve():
        raise click.UsageError("IN and OUT are the same file")
    bad = 0

    def good() -> Iterator[EventRecord]:
        nonlocal bad
        for res in iter_records(src):
            if res.record is not None:
                yield res.record
            elif not res.skipped:
                bad += 1
                for e in res.errors:
                    click.echo(f"{src}:{e.line}: {e.field}: {e.reason}", err=True)

    try:
        if strict:
            records = list(good())
            if bad:
                raise click.ClickException(f"{bad} bad row(s) in {src}; nothing written (--strict)")
            n = write_records(records, dest, style=style, extras=extras)
        else:
            n = write_records(good(), dest, style=style, extras=extras)
    except click.ClickException:
        raise
    except (OSError, ValueError, ModuleNotFoundError) as exc:
        raise click.ClickException(f"cannot convert {src} -> {dest}: {exc}") from None
    click.echo(f"wrote {n} record(s) to {dest}" + (f"; {bad} bad row(s) left out" if bad else ""), err=True)
    if bad:
        raise SystemExit(1)
