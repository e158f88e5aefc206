"""JSON Lines: one EventRecord per line, every field kept (figures, evidence, model, extras).

JSONL is eventx's lossless record format: ACLED CSV is a projection of a record, JSONL is the whole record.
The derived columns (year, disorder_type, interaction) are written for readers that want them and checked
against the other fields on the way back in, so a hand-edited file cannot smuggle in an inconsistent value.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from eventx.io.acled_csv import RowError, RowResult, _validation_errors
from eventx.schema.record import ACLED_COLUMNS, EventRecord


def _open_read(path: str | Path) -> IO[str]:
    p = Path(path)
    if p.suffix == ".gz":
        return gzip.open(p, "rt", encoding="utf-8")
    return open(p, encoding="utf-8-sig")


def iter_jsonl_records(source: str | Path | IO[str]) -> Iterator[RowResult]:
    """Yield one RowResult per non-blank line; a bad line carries its errors and the reading goes on."""
    own = isinstance(source, str | Path)
    fh = _open_read(source) if own else source  # type: ignore[arg-type]
    try:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            yield parse_record_line(raw, lineno)
    finally:
        if own:
            fh.close()


def parse_record_line(raw: str, line: int) -> RowResult:
    """Parse one JSON line into a record, or into errors naming the line and field."""
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        return RowResult(
            line, None, (RowError(line, "(row)", raw.strip()[:80], f"not valid JSON: {exc.msg} at column {exc.colno}"),)
        )
    if not isinstance(data, dict):
        return RowResult(line, None, (RowError(line, "(row)", raw.strip()[:80], "expected a JSON object"),))
    try:
        return RowResult(line, EventRecord.model_validate(data))
    except ValidationError as exc:
        return RowResult(line, None, tuple(_validation_errors(exc, data, line)))


def read_jsonl_records(source: str | Path | IO[str], *, strict: bool = False) -> list[EventRecord]:
    """All valid records; with ``strict`` the first bad line raises ValueError naming line and field."""
    out = []
    for res in iter_jsonl_records(source):
        if res.record is None:
            if strict:
                raise ValueError("; ".join(str(e) for e in res.errors))
            continue
        out.append(res.record)
    return out


def record_to_json(record: EventRecord) -> str:
    """One compact JSON line (no newline), ACLED columns first in export order, then eventx's own fields.

    ``None`` fields are kept so every line has the same keys.
    """
    data = record.model_dump(mode="json")
    ordered = {k: data.pop(k) for k in ACLED_COLUMNS}
    ordered.update(data)
    return json.dumps(ordered, ensure_ascii=False)


def write_jsonl_records(records: Iterable[EventRecord], dest: str | Path | IO[str]) -> int:
    """Write one record per line (gzip when the path ends in ``.gz``); returns the number written."""
    own = isinstance(dest, str | Path)
    if own:
        p = Path(dest)  # type: ignore[arg-type]
        fh: IO[str] = gzip.open(p, "wt", encoding="utf-8") if p.suffix == ".gz" else open(p, "w", encoding="utf-8")
    else:
        fh = dest  # type: ignore[assignment]
    try:
        n = 0
        for r in records:
            fh.write(record_to_json(r))
            fh.write("\n")
            n += 1
        return n
    finally:
        if own:
            fh.close()
