"""``eventx validate``: check record files (an ACLED export, JSONL or Parquet) row by row.

Every bad row is reported with file, line, field and reason; a summary counts rows and groups the reasons.
The exit status is 1 when any row is bad (or a file cannot be read), 0 otherwise; never a traceback.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from eventx.io.formats import iter_records, record_format

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def reason_kind(reason: str) -> str:
    """A reason with its values masked, so that rows failing the same way group together in the summary."""
    return _NUMBER.sub("N", _QUOTED.sub("'…'", reason))


@dataclass
class FileReport:
    path: str
    rows: int = 0
    ok: int = 0
    bad: int = 0
    skipped: int = 0
    error: str | None = None  # the file as a whole could not be read
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)


def validate_file(path: str | Path, *, echo: bool = True, max_errors: int | None = None) -> FileReport:
    """Read one file; print each bad row (unless ``echo`` is False) and return the counts."""
    rep = FileReport(str(path))
    shown = 0
    try:
        record_format(path)
        for res in iter_records(path):
            if res.skipped:
                rep.skipped += 1
                continue
            rep.rows += 1
            if res.record is not None:
                rep.ok += 1
                continue
            rep.bad += 1
            for e in res.errors:
                rep.reasons[(e.field, reason_kind(e.reason))] += 1
                if echo and (max_errors is None or shown < max_errors):
                    value = f" (value {e.value!r})" if e.value else ""
                    click.echo(f"{path}:{e.line}: {e.field}: {e.reason}{value}")
                    shown += 1
    except Exception as exc:  # unreadable file (missing, not Parquet, no pyarrow): report it, go on
        rep.error = f"{type(exc).__name__}: {exc}"
        if echo:
            click.echo(f"{path}: cannot read: {exc}", err=True)
    return rep


@click.command(name="validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--summary-only", is_flag=True, help="Print only the summary, not every bad row.")
@click.option("--max-errors", type=click.IntRange(min=0), default=None, help="Print at most N bad rows per file.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def validate(files: tuple[Path, ...], summary_only: bool, max_errors: int | None, as_json: bool) -> None:
    """Check an ACLED export (or JSONL / Parquet records); report each bad row with line, field and reason.

    Exit status 1 when any row is bad or a file cannot be read.
    """
    reports = [validate_file(f, echo=not summary_only and not as_json, max_errors=max_errors) for f in files]
    reasons: Counter[tuple[str, str]] = Counter()
    for r in reports:
        reasons.update(r.reasons)
    total = {
        "files": len(reports),
        "unreadable_files": sum(r.error is not None for r in reports),
        "rows": sum(r.rows for r in reports),
        "ok": sum(r.ok for r in reports),
        "bad": sum(r.bad for r in reports),
        "skipped": sum(r.skipped for r in reports),
    }
    if as_json:
        out = {
            **total,
            "reasons": [{"field": f, "reason": k, "count": n} for (f, k), n in reasons.most_common()],
            "by_file": [
                {"path": r.path, "rows": r.rows, "ok": r.ok, "bad": r.bad, "skipped": r.skipped, "error": r.error}
                for r in reports
            ],
        }
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        if len(reports) > 1:
            for r in reports:
                if r.bad or r.error:
                    status = f"cannot read ({r.error})" if r.error else f"{r.bad} bad of {r.rows} rows"
                    click.echo(f"  {r.path}: {status}")
        click.echo(
            f"{total['files']} file(s), {total['rows']} rows: {total['ok']} ok, {total['bad']} bad"
            + (f", {total['skipped']} skipped (not events)" if total["skipped"] else "")
            + (f", {total['unreadable_files']} unreadable file(s)" if total["unreadable_files"] else "")
        )
        for (f, k), n in reasons.most_common():
            click.echo(f"  {n:7d}  {f}: {k}")
    if total["bad"] or total["unreadable_files"]:
        raise SystemExit(1)
