"""ACLED exports as records: find every export under the data folder and read it with the ACLED CSV reader.

A thin layer over :func:`eventx.io.acled_csv.iter_acled_csv` (which reads all three export generations); for
labelled notes ready for training see :mod:`eventx.datasets.acled_notes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventx.io.acled_csv import RowResult, iter_acled_csv
from eventx.paths import shared_data_dir
from eventx.schema.record import EventRecord


@dataclass(frozen=True)
class AcledFileResult:
    """One row of one export: where it is and what it became."""

    path: Path
    result: RowResult


def find_acled_exports(root: str | Path | None = None) -> list[Path]:
    """Every ``*.csv`` under the ``acled*`` folders of the data root (or under ``root`` itself when it is an
    ACLED folder), sorted. ``root`` may also be a single CSV file."""
    base = Path(root) if root is not None else shared_data_dir()
    if base is None or not base.exists():
        raise FileNotFoundError(f"no ACLED data at {base}: pass a path or set EVENTX_DATA")
    if base.is_file():
        return [base]
    folders = (
        [base]
        if base.name.lower().startswith("acled")
        else sorted(d for d in base.iterdir() if d.is_dir() and d.name.lower().startswith("acled"))
    )
    return sorted(p for d in folders for p in d.rglob("*.csv") if p.is_file())


def iter_acled_exports(root: str | Path | None = None) -> Iterator[AcledFileResult]:
    """Every row of every export, with its file; bad rows carry errors and the reading goes on."""
    for path in find_acled_exports(root):
        for res in iter_acled_csv(path):
            yield AcledFileResult(path, res)


def load_acled_records(root: str | Path | None = None, *, dedupe: bool = False) -> list[EventRecord]:
    """All valid records. With ``dedupe`` an event seen in several exports is kept once (same event_id_cnty
    and date, or the same notes when there is no id)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for item in iter_acled_exports(root):
        rec = item.result.record
        if rec is None:
            continue
        if dedupe:
            key = (rec.event_id_cnty or "", str(rec.event_date)) if rec.event_id_cnty else ("notes", rec.notes or "")
            if key[1] and key in seen:
                continue
            seen.add(key)
        out.append(rec)
    return out
