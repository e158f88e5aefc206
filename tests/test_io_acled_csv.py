"""ACLED CSV reader/writer: three generations, bad input reported by line and field, lossless round trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from pathlib import Path

import pytest

from eventx.io.acled_csv import (
    REPAIRED_DATE_KEY,
    detect_generation,
    iter_acled_csv,
    read_acled_csv,
    write_acled_csv,
)
from eventx.schema.record import ACLED_COLUMNS
from tests._acled_samples import (
    HEADER_2019,
    HEADER_2023,
    HEADER_PRE2019,
    ROWS_2019,
    ROWS_2023,
    ROWS_PRE2019,
    csv_text,
)


def _read(text: str):
    return list(iter_acled_csv(io.StringIO(text, newline="")))


def _roundtrip(records, style="words"):
    buf = io.StringIO()
    write_acled_csv(records, buf, style=style, extras=True)
    buf.seek(0)
    return read_acled_csv(buf, strict=True)


def test_generations_detected():
    assert detect_generation(HEADER_2023.split(",")) == "2023+"
    assert detect_generation(HEADER_2019.split(",")) == "2019-2023"
    assert detect_generation(HEADER_PRE2019.split(",")) == "pre-2019"


def test_reads_2023_export():
    results = _read(csv_text(HEADER_2023, ROWS_2023))
    assert [r.errors for r in results] == [(), ()]
    attack, protest = (r.record for r in results)
    assert attack.sub_event_type == "Attack" and attack.inter1 == 3 and attack.inter2 == 7
    assert attack.interaction == 37 and attack.disorder_type == "Political violence"
    assert attack.civilian_targeting == "Civilian targeting"
    assert attack.event_date == dt.date(2024, 3, 5) and attack.fatalities == 3
    assert protest.interaction == 60 and protest.inter2 is None
    assert protest.tags == "crowd size=no report"


def test_reads_2019_export_and_keeps_old_columns():
    recs = [r.record for r in _read(csv_text(HEADER_2019, ROWS_2019))]
    assert recs[0].event_date == dt.date(2019, 5, 12)
    assert recs[0].extras == {"data_id": "555", "event_id_no_cnty": "201", "iso3": "XLD"}
    assert recs[1].event_type == "Riots" and recs[1].interaction == 57


def test_reads_pre2019_export_with_legacy_types():
    recs = [r.record for r in _read(csv_text(HEADER_PRE2019, ROWS_PRE2019))]
    assert recs[0].event_type == "Battles" and recs[0].sub_event_type == "Armed clash"
    assert recs[0].extras["legacy_event_type"] == "Battle-No change of territory"
    assert recs[0].extras["GWNO"] == "501"
    # Riots/Protests splits on the actors: rioters make it a riot, with the sub-event type left unknown.
    assert recs[1].event_type == "Riots" and recs[1].sub_event_type is None
    # Plural spelling of a legacy type is the same type.
    assert recs[2].sub_event_type == "Non-state actor overtakes territory"


@pytest.mark.parametrize(
    ("header", "rows"),
    [(HEADER_2023, ROWS_2023), (HEADER_2019, ROWS_2019), (HEADER_PRE2019, ROWS_PRE2019)],
    ids=["2023+", "2019-2023", "pre-2019"],
)
@pytest.mark.parametrize("style", ["words", "digits"])
def test_write_read_roundtrip_equal(header, rows, style):
    recs = read_acled_csv(io.StringIO(csv_text(header, rows), newline=""), strict=True)
    assert _roundtrip(recs, style) == recs


def test_writer_uses_current_column_order_and_styles():
    recs = read_acled_csv(io.StringIO(csv_text(HEADER_2019, ROWS_2019), newline=""), strict=True)
    buf = io.StringIO()
    write_acled_csv(recs, buf, style="words", extras=False)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["inter1"] == "State forces" and row["interaction"] == "State forces-Rebel groups"
    buf = io.StringIO()
    write_acled_csv(recs, buf, style="digits", extras=True)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[0][len(ACLED_COLUMNS) :] == ["data_id", "event_id_no_cnty", "iso3"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["inter1"] == "1" and row["interaction"] == "12" and row["iso3"] == "XLD"


def test_bad_rows_are_reported_by_line_and_field_and_reading_goes_on():
    good = ROWS_2023[1]
    unknown_sub = ROWS_2023[0].replace(",Attack,", ",Drive-by poetry,")
    bad_date = ROWS_2023[0].replace("2024-03-05", "2024-02-30")
    bad_coord = ROWS_2023[0].replace("1.2345,35.5", "123.4,35.5")
    shifted = ROWS_2023[0] + ",surplus,cells"
    text = csv_text(HEADER_2023, [unknown_sub, good, bad_date, good, bad_coord, shifted, good])
    results = _read(text)
    assert len(results) == 7
    assert [r.record is not None for r in results] == [False, True, False, True, False, False, True]
    by_line = {r.line: r.errors for r in results if r.errors}
    assert set(by_line) == {2, 4, 6, 7}
    assert by_line[2][0].field == "sub_event_type" and "Drive-by poetry" in by_line[2][0].reason
    assert by_line[4][0].field == "event_date" and "2024-02-30" in by_line[4][0].reason
    assert by_line[6][0].field == "latitude"
    assert by_line[7][0].field == "(row)" and "shifted" in by_line[7][0].reason
    assert "line 2: sub_event_type=" in str(by_line[2][0])


def test_sub_event_type_must_belong_to_event_type():
    row = ROWS_2023[0].replace("Violence against civilians,Attack", "Battles,Attack")
    (res,) = _read(csv_text(HEADER_2023, [row]))
    assert res.record is None
    assert res.errors[0].field == "sub_event_type" and "belongs to" in res.errors[0].reason


def test_inconsistent_derived_column_names_the_column():
    row = ROWS_2019[0].replace(",2,12,Eastern", ",2,13,Eastern")
    (res,) = _read(csv_text(HEADER_2019, [row]))
    assert res.record is None and res.errors[0].field == "interaction"


def test_multiline_notes_report_the_starting_line():
    row = ROWS_2023[0].replace("killing 3.", "killing 3.\nA second line.")
    results = _read(csv_text(HEADER_2023, [row, ROWS_2023[0].replace("1.2345", "95")]))
    assert results[0].record is not None and "\n" in results[0].record.notes
    assert results[1].line == 4 and results[1].errors[0].field == "latitude"


def test_malformed_csv_row_reported_and_reading_continues():
    text = csv_text(HEADER_2023, [ROWS_2023[1], 'XYZ9,"a stray, "quote', ROWS_2023[1]])
    results = _read(text)
    assert [r.record is not None for r in results] == [True, False, True]
    assert results[1].line == 3 and results[1].errors


def test_short_row_is_reported():
    cells = next(csv.reader([ROWS_2023[1]]))
    short = ",".join(f'"{c}"' for c in cells[:-1])  # timestamp cell missing
    (res,) = _read(csv_text(HEADER_2023, [short]))
    assert res.record is None and "cut short" in res.errors[0].reason


def test_hxl_row_is_skipped_not_an_error():
    hxl = ",".join("#x+y" if i % 3 == 0 else "" for i in range(len(HEADER_2019.split(","))))
    results = _read(csv_text(HEADER_2019, [hxl, *ROWS_2019]))
    assert results[0].skipped and results[0].record is None and not results[0].errors
    assert all(r.record is not None for r in results[1:])
    assert len(read_acled_csv(io.StringIO(csv_text(HEADER_2019, [hxl, *ROWS_2019])), strict=True)) == 2


def test_two_digit_year_repaired_from_year_column_and_original_kept():
    row = ROWS_2019[0].replace("12 May 2019", "0019-05-12")
    (res,) = _read(csv_text(HEADER_2019, [row]))
    assert res.record.event_date == dt.date(2019, 5, 12)
    assert res.record.extras[REPAIRED_DATE_KEY] == "0019-05-12"
    assert _roundtrip([res.record]) == [res.record]


def test_actor_name_in_inter_column_hints_at_shift():
    row = ROWS_2019[0].replace(",,2,12,", ",,Teachers (Xland),12,")
    (res,) = _read(csv_text(HEADER_2019, [row]))
    assert res.errors[0].field == "inter2" and "shifted" in res.errors[0].reason


def test_reads_cp1252_file(tmp_path: Path):
    p = tmp_path / "x.csv"
    p.write_bytes(csv_text(HEADER_2023, [ROWS_2023[1].replace("Ntown", "Nt\xf6wn")]).encode("cp1252"))
    (rec,) = read_acled_csv(p, strict=True)
    assert rec.location == "Nt\xf6wn"


# --- real exports (skipped without ../shared/data) ------------------------------------------------------------

SAMPLE_ROWS = 400


def _one_file_per_generation(shared_data: Path) -> dict[str, Path]:
    from eventx.datasets.acled import find_acled_exports

    found: dict[str, Path] = {}
    for p in find_acled_exports(shared_data):
        with open(p, encoding="utf-8-sig", errors="replace", newline="") as fh:
            gen = detect_generation(next(csv.reader(fh)))
        found.setdefault(gen, p)
    return found


def _sample(path: Path) -> str:
    # The first SAMPLE_ROWS rows of an export, as CSV text (rows may span lines, so go through the csv module).
    from eventx.io.acled_csv import _open_text

    rows = list(itertools.islice(csv.reader(_open_text(path)), SAMPLE_ROWS + 1))
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


@pytest.mark.data
def test_real_exports_roundtrip_each_generation(shared_data: Path):
    files = _one_file_per_generation(shared_data)
    assert set(files) == {"2023+", "2019-2023", "pre-2019"}
    for gen, path in files.items():
        text = _sample(path)
        results = list(iter_acled_csv(io.StringIO(text, newline="")))
        recs = [r.record for r in results if r.record is not None]
        assert len(recs) >= 0.95 * len(results), (gen, path)
        for style in ("words", "digits"):
            assert _roundtrip(recs, style) == recs, (gen, path, style)
        _assert_no_value_lost(text, results)


def _assert_no_value_lost(text: str, results) -> None:
    """Every non-empty cell of the original is in the record: an ACLED field, a derived column or an extra."""
    from eventx.io.acled_csv import HEADER_ALIASES

    raw_rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(raw_rows) == len(results)
    fields = set(ACLED_COLUMNS)
    for raw, res in zip(raw_rows, results, strict=True):
        if res.record is None:
            continue
        rec = res.record
        for key, value in raw.items():
            if not value or not value.strip() or value.strip() == "NA":
                continue
            if key.lower() in ("inter1", "inter2") and value.strip() == "0":  # 0 is ACLED's "no actor"
                continue
            norm = HEADER_ALIASES.get(key.strip().lower(), key.strip().lower())
            if norm in fields:
                assert getattr(rec, norm) is not None, (res.line, key, value)
            else:
                assert rec.extras.get(key) == value, (res.line, key, value)


def test_r_style_na_in_name_columns_is_a_missing_value():
    """Exports written by R hold "NA" for an empty cell; read as a name it would be an actor2 no note names."""
    row = ROWS_2019[0].replace("Rebels of Xland,,", "NA,NA,").replace(",Lake,,Ptown,", ",Lake,NA,Ptown,")
    rec = _read(csv_text(HEADER_2019, [row]))[0].record
    assert rec.actor2 is None and rec.assoc_actor_2 is None and rec.admin3 is None
    assert rec.location == "Ptown" and rec.actor1 == "Military Forces of Xland (2010-)"
