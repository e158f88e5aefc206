"""The ``eventx`` commands this package owns: schema, validate, convert (via click's runner, and once as a
real subprocess so the console script and ``python -m eventx`` are covered)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventx.cli import main
from eventx.io.formats import read_records
from tests._acled_samples import HEADER_2019, HEADER_2023, ROWS_2019, ROWS_2023, csv_text


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    p = tmp_path / "export.csv"
    p.write_text(csv_text(HEADER_2019, ROWS_2019), encoding="utf-8")
    return p


@pytest.fixture()
def bad_export(tmp_path: Path) -> Path:
    rows = [
        ROWS_2023[0].replace(",Attack,", ",Drive-by poetry,"),
        ROWS_2023[1],
        ROWS_2023[0].replace("2024-03-05", "2024-13-45"),
        ROWS_2023[0].replace("35.5,1,", "-200.0,1,"),
    ]
    p = tmp_path / "bad.csv"
    p.write_text(csv_text(HEADER_2023, rows), encoding="utf-8")
    return p


def test_help_lists_commands(runner: CliRunner):
    res = runner.invoke(main, ["--help"])
    assert res.exit_code == 0
    for cmd in ("schema", "validate", "convert", "extract", "batch"):
        assert cmd in res.output


def test_schema_event_and_article(runner: CliRunner):
    res = runner.invoke(main, ["schema"])
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert schema["title"] == "EventRecord"
    for col in ("event_id_cnty", "sub_event_type", "interaction", "disorder_type", "figures", "evidence"):
        assert col in schema["properties"]
    art = json.loads(runner.invoke(main, ["schema", "--model", "article"]).output)
    assert art["title"] == "Article" and "published" in art["properties"]
    val = json.loads(runner.invoke(main, ["schema", "--mode", "validation"]).output)
    assert "interaction" not in val["properties"]  # derived, never accepted as free input


def test_validate_good_file(runner: CliRunner, export: Path):
    res = runner.invoke(main, ["validate", str(export)])
    assert res.exit_code == 0, res.output
    assert "1 file(s), 2 rows: 2 ok, 0 bad" in res.output


def test_validate_reports_each_bad_row(runner: CliRunner, bad_export: Path, export: Path):
    res = runner.invoke(main, ["validate", str(bad_export), str(export)])
    assert res.exit_code == 1
    out = res.output
    assert f"{bad_export}:2: sub_event_type: unknown sub-event type 'Drive-by poetry'" in out
    assert f"{bad_export}:4: event_date:" in out and "2024-13-45" in out
    assert f"{bad_export}:5: longitude:" in out
    assert "2 file(s), 6 rows: 3 ok, 3 bad" in out
    assert "Traceback" not in out


def test_validate_json_summary(runner: CliRunner, bad_export: Path):
    res = runner.invoke(main, ["validate", "--json", str(bad_export)])
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert (data["rows"], data["bad"]) == (4, 3)
    assert {r["field"] for r in data["reasons"]} == {"sub_event_type", "event_date", "longitude"}


def test_validate_unreadable_file_is_reported(runner: CliRunner, tmp_path: Path):
    res = runner.invoke(main, ["validate", str(tmp_path / "missing.csv"), str(tmp_path / "x.xlsx")])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "2 unreadable file(s)" in res.output


@pytest.mark.parametrize("chain", [("a.jsonl", "b.parquet", "c.csv"), ("a.parquet", "b.jsonl", "c.csv")])
def test_convert_roundtrips(runner: CliRunner, export: Path, tmp_path: Path, chain):
    src = export
    for name in chain:
        dest = tmp_path / name
        res = runner.invoke(main, ["convert", str(src), str(dest)])
        assert res.exit_code == 0, res.output
        src = dest
    assert read_records(src, strict=True) == read_records(export, strict=True)


def test_convert_style_and_extras(runner: CliRunner, export: Path, tmp_path: Path):
    out = tmp_path / "digits.csv"
    assert runner.invoke(main, ["convert", "--style", "digits", "--no-extras", str(export), str(out)]).exit_code == 0
    header, first = out.read_text(encoding="utf-8").splitlines()[:2]
    assert "iso3" not in header and ",12," in first


def test_convert_bad_rows(runner: CliRunner, bad_export: Path, tmp_path: Path):
    out = tmp_path / "o.jsonl"
    res = runner.invoke(main, ["convert", str(bad_export), str(out)])
    assert res.exit_code == 1 and "3 bad row(s) left out" in res.output
    assert len(out.read_text().splitlines()) == 1
    strict_out = tmp_path / "s.jsonl"
    res = runner.invoke(main, ["convert", "--strict", str(bad_export), str(strict_out)])
    assert res.exit_code == 1 and not strict_out.exists()


def test_convert_unknown_extension(runner: CliRunner, export: Path, tmp_path: Path):
    res = runner.invoke(main, ["convert", str(export), str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2 and "extension" in res.output


def test_python_dash_m_entry_point(export: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "eventx", "validate", "--summary-only", str(export)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "2 ok, 0 bad" in proc.stdout


@pytest.mark.data
def test_validate_real_export_sample(runner: CliRunner, data_path, tmp_path: Path):
    import csv
    import itertools

    src = data_path("acled_kenya_carol0128/acled_data.csv")
    with open(src, encoding="utf-8-sig", newline="") as fh:
        rows = list(itertools.islice(csv.reader(fh), 301))
    sample = tmp_path / "kenya_sample.csv"
    with open(sample, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    res = runner.invoke(main, ["validate", "--summary-only", str(sample)])
    assert res.exit_code == 0, res.output
    assert "300 rows: 300 ok, 0 bad" in res.output
