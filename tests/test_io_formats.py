"""JSONL and Parquet records, and dispatch by extension: lossless round trips, bad lines reported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from eventx.io.acled_csv import read_acled_csv
from eventx.io.formats import read_records, record_format, write_records
from eventx.io.jsonl import iter_jsonl_records, read_jsonl_records, record_to_json, write_jsonl_records
from eventx.schema import EventRecord, FieldEvidence, Figure, ModelInfo, Span
from eventx.schema.record import ACLED_COLUMNS
from tests._acled_samples import HEADER_2019, HEADER_2023, ROWS_2019, ROWS_2023, csv_text


def _records() -> list[EventRecord]:
    recs = read_acled_csv(io.StringIO(csv_text(HEADER_2023, ROWS_2023)), strict=True)
    recs += read_acled_csv(io.StringIO(csv_text(HEADER_2019, ROWS_2019)), strict=True)
    rich = recs[0].model_copy(
        update={
            "article_id": "art-1",
            "confidence": 0.8,
            "figures": [
                Figure(
                    kind="injured",
                    value=12,
                    unit="people",
                    qualifier="at_least",
                    text="at least 12 injured",
                    span=Span(start=5, end=23, text="at least 12 injured"),
                )
            ],
            "evidence": {
                "event_date": FieldEvidence(
                    spans=[Span(start=0, end=7, text="Tuesday")],
                    confidence=0.9,
                    reason="weekday before publication",
                    method="rule",
                )
            },
            "model": ModelInfo(name="eventx", version="0.1.0"),
        }
    )
    return [*recs, rich]


def test_record_format_by_extension():
    assert record_format("a/b.CSV") == "acled_csv"
    assert record_format("x.jsonl") == "jsonl"
    assert record_format("x.jsonl.gz") == "jsonl"
    assert record_format("x.parquet") == "parquet"
    with pytest.raises(ValueError, match="extension"):
        record_format("x.xlsx")


@pytest.mark.parametrize("name", ["r.csv", "r.jsonl", "r.jsonl.gz", "r.parquet"])
def test_roundtrip_every_format(tmp_path: Path, name: str):
    recs = _records()
    n = write_records(recs, tmp_path / name)
    assert n == len(recs)
    back = read_records(tmp_path / name, strict=True)
    if name.endswith(".csv"):  # ACLED CSV is the projection: eventx's own fields are not columns
        recs = [
            r.model_copy(update={"article_id": None, "confidence": None, "figures": [], "evidence": {}, "model": None})
            for r in recs
        ]
    assert back == recs


def test_convert_chain_keeps_records(tmp_path: Path):
    recs = _records()[:4]
    write_records(recs, tmp_path / "a.csv")
    write_records(read_records(tmp_path / "a.csv", strict=True), tmp_path / "b.parquet")
    write_records(read_records(tmp_path / "b.parquet", strict=True), tmp_path / "c.jsonl")
    write_records(read_records(tmp_path / "c.jsonl", strict=True), tmp_path / "d.csv")
    assert read_records(tmp_path / "d.csv", strict=True) == recs


def test_jsonl_line_has_acled_columns_first():
    data = json.loads(record_to_json(_records()[0]))
    assert tuple(data)[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert data["interaction"] == 37 and data["disorder_type"] == "Political violence"


def test_jsonl_bad_lines_reported_and_reading_goes_on():
    good = record_to_json(_records()[0])
    bad_sub = json.dumps({**json.loads(good), "sub_event_type": "Nonsense"})
    bad_lat = json.dumps({**json.loads(good), "latitude": 91.5})
    text = "\n".join([good, "{not json", "", bad_sub, "[1, 2]", bad_lat, good]) + "\n"
    results = list(iter_jsonl_records(io.StringIO(text)))
    assert [r.line for r in results] == [1, 2, 4, 5, 6, 7]
    assert [r.record is not None for r in results] == [True, False, False, False, False, True]
    assert "not valid JSON" in results[1].errors[0].reason
    assert results[2].errors[0].field == "sub_event_type"
    assert "JSON object" in results[3].errors[0].reason
    assert results[4].errors[0].field == "latitude"
    with pytest.raises(ValueError, match="line 2"):
        read_jsonl_records(io.StringIO(text), strict=True)


def test_jsonl_rejects_inconsistent_derived_value():
    data = json.loads(record_to_json(_records()[0]))
    data["interaction"] = 11
    (res,) = iter_jsonl_records(io.StringIO(json.dumps(data)))
    assert res.record is None and res.errors[0].field == "interaction"


def test_jsonl_stream_write():
    buf = io.StringIO()
    assert write_jsonl_records(_records(), buf) == len(_records())
    assert len(buf.getvalue().splitlines()) == len(_records())


def test_parquet_is_typed_and_keeps_foreign_columns(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    p = tmp_path / "r.parquet"
    write_records(_records(), p)
    schema = pq.read_schema(p)
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("fatalities").type == pa.int64()
    assert schema.field("latitude").type == pa.float64()
    # A table written elsewhere with a column eventx does not know: kept in extras, not dropped.
    table = pq.read_table(p).append_column("analyst_flag", pa.array(["x"] * len(_records())))
    pq.write_table(table, tmp_path / "foreign.parquet")
    back = read_records(tmp_path / "foreign.parquet", strict=True)
    assert all(r.extras.get("analyst_flag") == "x" for r in back)


def test_parquet_bad_row_reported(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    p = tmp_path / "r.parquet"
    write_records(_records()[:2], p)
    table = pq.read_table(p)
    lat = table.column("latitude").to_pylist()
    lat[1] = 123.0
    table = table.set_column(table.schema.get_field_index("latitude"), "latitude", pa.array(lat))
    pq.write_table(table, p)
    from eventx.io.parquet import iter_parquet_records

    results = list(iter_parquet_records(p))
    assert results[0].record is not None
    assert results[1].record is None and results[1].line == 2 and results[1].errors[0].field == "latitude"
