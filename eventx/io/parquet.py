"""Parquet: records as a typed columnar table (pyarrow is an optional extra: ``pip install eventx[parquet]``).

The ACLED columns become typed columns (dates as date32, codes as int64, coordinates as float64) so the file
is directly useful in pandas, DuckDB or Spark. eventx's nested fields (figures, evidence, model, extras) are
stored as JSON text columns: exact on the way back, and readable by any engine without a nested schema.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eventx.io.acled_csv import RowError, RowResult, _validation_errors
from eventx.schema.record import ACLED_COLUMNS, EventRecord

_INT_COLS = {
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "iso",
    "geo_precision",
    "fatalities",
    "timestamp",
}
_FLOAT_COLS = {"latitude", "longitude", "confidence"}
_JSON_COLS = ("figures", "evidence", "model", "extras")
COLUMNS: tuple[str, ...] = (*ACLED_COLUMNS, "article_id", "confidence", *_JSON_COLS)
_BATCH = 10_000


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:  # pragma: no cover - exercised only without the extra
        raise ModuleNotFoundError(
            "Parquet needs pyarrow, an optional extra: pip install 'eventx[parquet]' (or pip install pyarrow)",
            name="pyarrow",
        ) from exc
    return pa, pq


def arrow_schema() -> Any:
    """The pyarrow schema of a records table."""
    pa, _ = _pyarrow()
    fields = []
    for col in COLUMNS:
        if col == "event_date":
            t = pa.date32()
        elif col in _INT_COLS:
            t = pa.int64()
        elif col in _FLOAT_COLS:
            t = pa.float64()
        else:
            t = pa.string()
        fields.append(pa.field(col, t))
    return pa.schema(fields)


def _row(record: EventRecord) -> dict[str, Any]:
    row: dict[str, Any] = {col: getattr(record, col) for col in (*ACLED_COLUMNS, "article_id", "confidence")}
    dumped = record.model_dump(mode="json", include=set(_JSON_COLS))
    for col in _JSON_COLS:
        value = dumped.get(col)
        row[col] = None if value in (None, [], {}) else json.dumps(value, ensure_ascii=False)
    return row


def write_parquet_records(records: Iterable[EventRecord], dest: str | Path) -> int:
    """Write records to a Parquet file in batches (memory stays flat on large corpora); returns the count."""
    pa, pq = _pyarrow()
    schema = arrow_schema()
    n = 0
    with pq.ParquetWriter(str(dest), schema) as writer:
        batch: list[dict[str, Any]] = []
        for r in records:
            batch.append(_row(r))
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _from_row(row: dict[str, Any], index: int) -> RowResult:
    data: dict[str, Any] = {}
    for key, value in row.items():
        if key in _JSON_COLS:
            if value is None:
                continue
            try:
                data[key] = json.loads(value)
            except (TypeError, json.JSONDecodeError) as exc:
                return RowResult(index, None, (RowError(index, key, str(value)[:80], f"not valid JSON: {exc}"),))
        elif isinstance(value, dt.datetime):
            data[key] = value.date()
        else:
            data[key] = value
    if data.get("fatalities") is None:
        data.pop("fatalities", None)
    try:
        return RowResult(index, EventRecord.model_validate(data))
    except ValidationError as exc:
        return RowResult(index, None, tuple(_validation_errors(exc, data, index)))


def iter_parquet_records(source: str | Path) -> Iterator[RowResult]:
    """Yield one RowResult per table row (``line`` is the 1-based row number); bad rows carry their errors.

    Columns outside eventx's schema are kept in ``extras`` as text, so a Parquet export from elsewhere
    loses nothing.
    """
    _, pq = _pyarrow()
    pf = pq.ParquetFile(str(source))
    known = set(COLUMNS)
    index = 0
    for batch in pf.iter_batches(batch_size=_BATCH):
        for row in batch.to_pylist():
            index += 1
            foreign = {k: v for k, v in row.items() if k not in known}
            if foreign:
                row = {k: v for k, v in row.items() if k in known}
                extras = json.loads(row["extras"]) if row.get("extras") else {}
                extras.update({k: str(v) for k, v in foreign.items() if v is not None and v != ""})
                row["extras"] = json.dumps(extras) if extras else None
            yield _from_row(row, index)


def read_parquet_records(source: str | Path, *, strict: bool = False) -> list[EventRecord]:
    """All valid records; with ``strict`` the first bad row raises ValueError naming row and field."""
    out = []
    for res in iter_parquet_records(source):
        if res.record is None:
            if strict:
                raise ValueError("; ".join(str(e) for e in res.errors))
            continue
        out.append(res.record)
    return out
