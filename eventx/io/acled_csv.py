"""ACLED CSV: read any of the three export generations into EventRecords; write the current column order.

Generations seen in the wild: 2023+ (disorder_type, civilian_targeting, tags; inter codes as words), 2019-2023
(data_id, event_id_no_cnty, iso3; digits), pre-2019 (UPPER-CASE headers, GWNO, ALLY_ACTOR_1, no sub_event_type,
older event type names). Columns outside the current schema are kept in ``EventRecord.extras`` so that nothing
in the file is lost; ``write_acled_csv(..., extras=True)`` writes them after the ACLED columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from eventx.ontology import load_ontology
from eventx.schema.record import ACLED_COLUMNS, DERIVED_COLUMNS, EventRecord, interaction_words, parse_interaction

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: Older header spellings mapped onto current column names.
HEADER_ALIASES: dict[str, str] = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
_RECORD_FIELDS = set(ACLED_COLUMNS) - set(DERIVED_COLUMNS)
#: columns where a bare "NA" is R's missing value (exports written by R's write.csv), never a name: no ACLED actor,
#: region or tag is called "NA"; left as text, it would score as an actor2 that the note never names
_NA_IS_MISSING = frozenset(
    {"actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "admin1", "admin2", "admin3", "tags", "civilian_targeting"}
)
_INT_FIELDS = {"time_precision", "geo_precision", "fatalities", "iso", "timestamp"}
_FLOAT_FIELDS = {"latitude", "longitude"}
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%B-%Y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%y",
    "%d-%m-%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%d-%B-%y",
    "%B %d, %Y",
)

#: Keys written into ``extras`` by the reader itself (not columns of the input file).
REPAIRED_DATE_KEY = "event_date_original"


def _legacy_key(name: str) -> str:
    # Older editions spell the same legacy type in singular and plural ("Battle-Non-state actor overtakes
    # territory" / "... actors overtake territory"): compare without case, spacing or plural endings.
    return " ".join(w.removesuffix("s") for w in re.split(r"\s+", name.strip().casefold()))


def _is_hxl_row(row: list[str]) -> bool:
    """HDX exports carry a second header of HXL hashtags (``#date+occurred``): metadata, not an event."""
    cells = [c.strip() for c in row if c and c.strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


@dataclass(frozen=True)
class RowError:
    """A row that could not become a record: where it is and why, never a traceback."""

    line: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}={self.value!r}: {self.reason}"


@dataclass(frozen=True)
class RowResult:
    """One data row: its record, or the errors that kept it from being one.

    ``skipped`` is set (and both record and errors are empty) for a row that holds no event by design: an HXL
    hashtag row of an HDX export or a row of empty cells. Readers yield one RowResult per CSV row, so results
    stay aligned with ``csv.DictReader`` rows.
    """

    line: int
    record: EventRecord | None
    errors: tuple[RowError, ...] = ()
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


def detect_generation(header: Iterable[str]) -> str:
    """'2023+', '2019-2023' or 'pre-2019', from the header alone."""
    cols = {h.strip().lower() for h in header}
    if "disorder_type" in cols or "civilian_targeting" in cols:
        return "2023+"
    if "sub_event_type" in cols:
        return "2019-2023"
    return "pre-2019"


def parse_acled_date(text: str, year_hint: int | None = None) -> dt.date:
    """Parse the date spellings of ACLED exports; where two readings fit, the one agreeing with ``year`` wins."""
    value = text.strip()
    candidates: list[dt.date] = []
    try:
        candidates.append(dt.datetime.fromisoformat(value).date())
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            d = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if d not in candidates:
            candidates.append(d)
    if not candidates:
        raise ValueError(
            f"not a valid date: {text!r} (impossible, or in an unknown spelling; e.g. 2024-03-05, 05 March 2024)"
        )
    if year_hint is not None:
        for d in candidates:
            if d.year == year_hint:
                return d
    return candidates[0]


def _number(value: str, kind: type) -> Any:
    v = value.strip().replace(",", "") if kind is int else value.strip()
    try:
        f = float(v)
    except ValueError:
        raise ValueError(f"not a number: {value!r}") from None
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {value!r}")
    if kind is int:
        if not f.is_integer():
            raise ValueError(f"expected a whole number, got {value!r}")
        return int(f)
    return f


def _row_to_record(row: dict[str, str], line: int, *, trailing: list[str] | None = None) -> RowResult:
    """One CSV row to a record. ``trailing``: non-empty cells beyond the named header (a shifted row)."""
    onto = load_ontology()
    data: dict[str, Any] = {}
    extras: dict[str, str] = {}
    errors: list[RowError] = []

    def bad(field: str, reason: str, value: str | None = None) -> None:
        errors.append(RowError(line, field, str(row.get(field, "")) if value is None else value, reason))

    if trailing:
        bad(
            "(row)",
            f"{len(trailing)} non-empty cell(s) beyond the last named column; the row is shifted "
            "(an unquoted comma, or a multi-value cell split at ';')",
            "|".join(trailing)[:200],
        )
    for raw_key, raw_val in row.items():
        key = HEADER_ALIASES.get(raw_key.strip().lower(), raw_key.strip().lower())
        val = "" if raw_val is None else raw_val
        if key in _RECORD_FIELDS or key in DERIVED_COLUMNS:
            data[key] = val
        elif val != "":
            extras[raw_key] = val

    year_hint = None
    if data.get("year", "").strip():
        try:
            year_hint = int(float(data["year"]))
        except ValueError:
            bad("year", "not a year", data["year"])
    out: dict[str, Any] = {}
    for key, val in data.items():
        if val.strip() == "" or (val.strip() == "NA" and key in _NA_IS_MISSING):
            out[key] = None
            continue
        try:
            if key == "event_date":
                out[key] = parse_acled_date(val, year_hint)
                if out[key].year < 100 and year_hint is not None and year_hint % 100 == out[key].year:
                    # Spreadsheet round trips write 2016 as 0016; the year column says which century.
                    out[key] = out[key].replace(year=year_hint)
                    extras[REPAIRED_DATE_KEY] = val
            elif key in _INT_FIELDS:
                out[key] = _number(val, int)
            elif key in _FLOAT_FIELDS:
                out[key] = _number(val, float)
            else:
                out[key] = val
        except ValueError as exc:
            bad(key, str(exc), val)
    if out.get("fatalities") is None:
        out.pop("fatalities", None)

    # 2023+ exports may leave out the actor2 columns; the interaction still says who the second actor was.
    if "inter2" not in data and out.get("interaction") and out.get("inter1"):
        try:
            code = parse_interaction(out["interaction"])
            first = onto.inter_code(str(out["inter1"]))
        except ValueError as exc:
            bad("interaction", str(exc), str(out["interaction"]))
            code = None
        if code is not None and code % 10:
            lo, hi = divmod(code, 10)
            out["inter2"] = hi if first == lo else lo
            extras["inter2_from_interaction"] = "1"

    # Older event type names: map where sound, keep the original in extras.
    et = out.get("event_type")
    legacy_names = {_legacy_key(k): k for k in onto.legacy_event_types}
    if isinstance(et, str) and onto.canonical_event_type(et) is None and _legacy_key(et) in legacy_names:
        m = onto.legacy_event_types[legacy_names[_legacy_key(et)]]
        extras["legacy_event_type"] = et.strip()
        out.pop("disorder_type", None)
        if m.event_type is None:  # Riots/Protests: split on the actors' inter codes
            inters = {str(out.get("inter1") or "").strip(), str(out.get("inter2") or "").strip()}
            out["event_type"] = "Riots" if inters & {"5", "Rioters"} else "Protests"
        else:
            out["event_type"] = m.event_type
            if out.get("sub_event_type") in (None, "") and m.sub_event_type:
                out["sub_event_type"] = m.sub_event_type
    if extras:
        out["extras"] = extras
    if errors:
        return RowResult(line, None, tuple(errors))
    try:
        return RowResult(line, EventRecord.model_validate(out))
    except ValidationError as exc:
        return RowResult(line, None, tuple(_validation_errors(exc, data, line)))


def _validation_errors(exc: ValidationError, data: dict[str, Any], line: int) -> list[RowError]:
    errs = []
    for e in exc.errors():
        msg = e["msg"].removeprefix("Value error, ")
        field = str(e["loc"][0]) if e["loc"] else "(row)"
        if field == "(row)":  # whole-record checks: name the column the message is about
            for col in (*DERIVED_COLUMNS, "inter2", "latitude", "longitude"):
                if msg.startswith(col):
                    field = col
                    break
        value = str(data.get(field, ""))
        if field in ("inter1", "inter2") and msg.startswith("unknown inter code") and _looks_like_actor(value):
            msg += "; the cell holds an actor name, so the row is probably shifted (a multi-value cell split at ';')"
        errs.append(RowError(line, field, value, msg))
    return errs


def _looks_like_actor(value: str) -> bool:
    # Inter labels are two words at most ("Political militias"); actor names are longer or carry a "(Country)".
    return "(" in value or ":" in value or len(value.split()) > 3


def _open_text(path: str | Path) -> IO[str]:
    raw = Path(path).read_bytes()
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return io.StringIO(raw.decode(enc), newline="")
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def iter_acled_csv(source: str | Path | IO[str]) -> Iterator[RowResult]:
    """Yield one RowResult per data row; bad rows carry their errors and never stop the reading.

    ``RowResult.line`` is the physical line where the row starts (notes may span lines). An HXL hashtag row
    (HDX exports) or a row of empty cells yields a result with ``skipped`` set; a row with cells beyond the named
    columns is reported as shifted; a row the CSV parser rejects is reported and the reading goes on.
    """
    fh = _open_text(source) if isinstance(source, str | Path) else source
    reader = csv.reader(fh)
    header: list[str] | None = None
    prev_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a NUL byte: report the line and go on with the next one
            line = reader.line_num
            yield RowResult(line, None, (RowError(line, "(row)", "", f"malformed CSV: {exc}"),))
            if line <= prev_end:
                return
            prev_end = line
            continue
        start, prev_end = prev_end + 1, reader.line_num
        if not cells:  # a blank line: csv.DictReader skips it too
            continue
        if header is None:
            header = cells
            named = [i for i, h in enumerate(header) if h.strip() and not h.startswith("Unnamed:")]
            last_named = named[-1] if named else -1
            continue
        if _is_hxl_row(cells):
            yield RowResult(start, None, skipped="HXL hashtag row (HDX metadata), not an event")
            continue
        if all(not c.strip() for c in cells):
            yield RowResult(start, None, skipped="row of empty cells")
            continue
        row = {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header) if i <= last_named}
        trailing = [c for c in cells[last_named + 1 :] if c.strip()]
        res = _row_to_record(row, start, trailing=trailing)
        if len(cells) < last_named + 1 and res.record is not None:
            err = RowError(
                start, "(row)", "", f"{len(cells)} cells where the header names {last_named + 1}; the row is cut short"
            )
            res = RowResult(start, None, (err,))
        yield res


def read_acled_csv(source: str | Path | IO[str], *, strict: bool = False) -> list[EventRecord]:
    """All valid records of an export; with ``strict`` the first bad row raises ValueError naming line and field."""
    records = []
    for res in iter_acled_csv(source):
        if res.record is None:
            if strict and not res.skipped:
                raise ValueError("; ".join(str(e) for e in res.errors))
            continue
        records.append(res.record)
    return records


def _cell(record: EventRecord, col: str, style: str) -> str:
    value = getattr(record, col)
    if value is None:
        return ""
    if col in ("inter1", "inter2") and style == "words":
        return load_ontology().inter_codes[value]
    if col == "interaction" and style == "words":
        return interaction_words(value) or ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def acled_row(record: EventRecord, *, style: str = "words", extras: bool = False) -> dict[str, str]:
    row = {col: _cell(record, col, style) for col in ACLED_COLUMNS}
    if extras:
        row.update(record.extras)
    return row


def write_acled_csv(
    records: Iterable[EventRecord], dest: str | Path | IO[str], *, style: str = "words", extras: bool = False
) -> int:
    """Write records in the current ACLED column order. ``style``: 'words' (2023+) or 'digits' for inter codes.

    With ``extras`` the columns kept from older exports follow the ACLED columns (sorted), so that the file
    reads back into equal records. Returns the number of rows written.
    """
    if style not in ("words", "digits"):
        raise ValueError("style must be 'words' or 'digits'")
    records = list(records) if extras else records
    extra_cols: list[str] = []
    if extras:
        extra_cols = sorted({k for r in records for k in r.extras})  # type: ignore[union-attr]
    own = isinstance(dest, str | Path)
    fh: IO[str] = open(dest, "w", newline="", encoding="utf-8") if own else dest  # type: ignore[arg-type]
    try:
        writer = csv.DictWriter(fh, fieldnames=[*ACLED_COLUMNS, *extra_cols], restval="")
        writer.writeheader()
        n = 0
        for r in records:
            writer.writerow(acled_row(r, style=style, extras=extras))
            n += 1
        return n
    finally:
        if own:
            fh.close()
