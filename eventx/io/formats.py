"""Pick a record reader or writer from a file's extension: ACLED CSV, JSONL or Parquet.

One place decides what ``.csv`` or ``.jsonl`` means, so the CLI, the batch runner and user code agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from eventx.io.acled_csv import RowResult, iter_acled_csv, write_acled_csv
from eventx.io.jsonl import iter_jsonl_records, write_jsonl_records
from eventx.schema.record import EventRecord

RecordFormat = Literal["acled_csv", "jsonl", "parquet"]

#: Extension (lower case, compound ones first) -> format.
EXTENSIONS: dict[str, RecordFormat] = {
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".csv": "acled_csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def record_format(path: str | Path) -> RecordFormat:
    """The record format a path's extension names; ValueError listing the known ones otherwise."""
    name = Path(path).name.lower()
    for ext, fmt in EXTENSIONS.items():
        if name.endswith(ext):
            return fmt
    raise ValueError(
        f"cannot tell the record format of {str(path)!r} from its extension; use one of {sorted(EXTENSIONS)}"
    )


def iter_records(path: str | Path, fmt: RecordFormat | None = None) -> Iterator[RowResult]:
    """Yield RowResults from any record file; bad rows carry errors naming line/row and field."""
    fmt = fmt or record_format(path)
    if fmt == "acled_csv":
        yield from iter_acled_csv(path)
    elif fmt == "jsonl":
        yield from iter_jsonl_records(path)
    else:
        from eventx.io.parquet import iter_parquet_records

        yield from iter_parquet_records(path)


def read_records(path: str | Path, *, strict: bool = False) -> list[EventRecord]:
    """All valid records of a file; with ``strict`` the first bad row raises ValueError."""
    out = []
    for res in iter_records(path):
        if res.record is None:
            if strict and not res.skipped:
                raise ValueError("; ".join(str(e) for e in res.errors))
            continue
        out.append(res.record)
    return out


def write_records(
    records: Iterable[EventRecord],
    path: str | Path,
    *,
    fmt: RecordFormat | None = None,
    style: str = "words",
    extras: bool = True,
) -> int:
    """Write records in the format the extension names. ``style`` and ``extras`` apply to ACLED CSV only
    (JSONL and Parquet always keep every field). Returns the number written."""
    fmt = fmt or record_format(path)
    if fmt == "acled_csv":
        return write_acled_csv(records, path, style=style, extras=extras)
    if fmt == "jsonl":
        return write_jsonl_records(records, path)
    from eventx.io.parquet import write_parquet_records

    return write_parquet_records(records, path)
