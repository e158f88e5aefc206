"""EventRecord and Article: the contract. Derived columns are computed and checked, ranges enforced."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from eventx.schema import (
    ACLED_COLUMNS,
    Article,
    EventRecord,
    FieldEvidence,
    Figure,
    Span,
    interaction_code,
    interaction_words,
    parse_interaction,
)


def rec(**kw) -> EventRecord:
    base = {"event_type": "Violence against civilians", "sub_event_type": "Attack", "event_date": dt.date(2024, 3, 5)}
    return EventRecord(**{**base, **kw})


def test_acled_columns_in_export_order():
    assert ACLED_COLUMNS[:7] == (
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    )  # fmt: skip
    assert ACLED_COLUMNS[-3:] == ("fatalities", "tags", "timestamp") and len(ACLED_COLUMNS) == 31
    fields = set(EventRecord.model_fields) | set(EventRecord.model_computed_fields)
    assert set(ACLED_COLUMNS) <= fields


def test_derived_columns():
    r = rec(inter1=3, inter2=7)
    assert (r.year, r.disorder_type, r.interaction) == (2024, "Political violence", 37)
    assert rec(inter1=7, inter2=3).interaction == 37
    assert rec(inter1=6).interaction == 60
    assert rec().interaction is None


def test_derived_value_given_must_agree():
    assert rec(inter1=1, inter2=2, interaction="State forces-Rebel groups").interaction == 12
    assert rec(year=2024, disorder_type="political violence").year == 2024
    with pytest.raises(ValidationError, match="interaction"):
        rec(inter1=1, inter2=2, interaction=13)
    with pytest.raises(ValidationError, match="year"):
        rec(year=2023)
    with pytest.raises(ValidationError, match="disorder_type"):
        rec(disorder_type="Demonstrations")


def test_type_consistency_and_canonical_names():
    assert rec(event_type="violence against civilians", sub_event_type="attack").sub_event_type == "Attack"
    with pytest.raises(ValidationError, match="belongs to"):
        rec(event_type="Battles")
    with pytest.raises(ValidationError, match="unknown sub-event type"):
        rec(sub_event_type="Poetry slam")
    with pytest.raises(ValidationError, match="unknown event type"):
        rec(event_type="Festivals", sub_event_type=None)


@pytest.mark.parametrize(
    "bad",
    [
        {"latitude": 91.0, "longitude": 0.0},
        {"latitude": 0.0, "longitude": -181.0},
        {"latitude": 1.0},
        {"fatalities": -1},
        {"geo_precision": 4},
        {"time_precision": 0},
        {"inter1": 9},
        {"inter2": 1},
        {"confidence": 1.5},
        {"civilian_targeting": "Yes"},
        {"not_a_column": "x"},
    ],
)
def test_out_of_range_rejected(bad):
    with pytest.raises(ValidationError):
        rec(**bad)


def test_inter_words_and_interaction_forms():
    r = rec(inter1="Political militia", inter2="Civilians")
    assert (r.inter1, r.inter2) == (3, 7)
    assert interaction_code(3, None) == 30 and interaction_words(37) == "Political militias-Civilians"
    assert interaction_words(60) == "Protesters only"
    assert parse_interaction("Protesters only") == 60 and parse_interaction("State forces-External/Other forces") == 18
    with pytest.raises(ValueError):
        parse_interaction("Poets-Painters")


def test_figures_evidence_and_json_roundtrip():
    span = Span(start=10, end=28, text="at least 12 people")
    r = rec(
        fatalities=3,
        figures=[Figure(kind="injured", value=12, unit="people", qualifier="at_least", text=span.text, span=span)],
        evidence={"fatalities": FieldEvidence(spans=[span], confidence=0.7, reason="largest conservative figure")},
    )
    assert EventRecord.model_validate_json(r.model_dump_json()) == r
    with pytest.raises(ValidationError):
        Figure(kind="wounded", value=1)
    with pytest.raises(ValidationError):
        Figure(kind="injured", value=1, qualifier="roughly")
    with pytest.raises(ValidationError):
        Span(start=5, end=2)
    with pytest.raises(ValidationError):
        FieldEvidence(confidence=2)


def test_article_needs_content_and_gets_an_id():
    with pytest.raises(ValidationError, match="text"):
        Article(id="x")
    a, b = Article(text="Same text."), Article(text="Same text.")
    assert a.id == b.id and a.id.startswith("sha1:")
    assert Article(text="x", published="2024-03-05").published == dt.datetime(2024, 3, 5)
