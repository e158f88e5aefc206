"""ACLED's aggregation rule inside one article."""

from __future__ import annotations

import datetime as dt

from eventx.pipeline.assemble import merge_records
from eventx.schema import EventRecord, FieldEvidence, Figure, Span


def _rec(**kw) -> EventRecord:
    base = dict(
        event_type="Battles",
        sub_event_type="Armed clash",
        event_date=dt.date(2020, 5, 9),
        country="Kenya",
        location="Mandera",
        actor1="Al Shabaab",
        inter1=2,
    )
    base.update(kw)
    return EventRecord(**base)


def test_same_event_mentioned_twice_merges_and_keeps_both_spans() -> None:
    a = _rec(fatalities=0, evidence={"event_type": FieldEvidence(spans=[Span(start=0, end=10, text="x" * 10)])})
    b = _rec(
        location=None,
        fatalities=4,
        actor2="Military Forces of Kenya (2013-)",
        inter2=1,
        figures=[Figure(kind="fatalities", value=4)],
        evidence={"event_type": FieldEvidence(spans=[Span(start=20, end=30, text="y" * 10)])},
    )
    [m] = merge_records([a, b])
    assert m.location == "Mandera" and m.actor2 == "Military Forces of Kenya (2013-)"
    assert m.fatalities == 4 and m.interaction == 12
    assert [s.start for s in m.evidence["event_type"].spans] == [0, 20]
    assert len(m.figures) == 1


def test_conflicting_counts_keep_the_conservative_one() -> None:
    [m] = merge_records([_rec(fatalities=7), _rec(fatalities=5)])
    assert m.fatalities == 5


def test_different_day_place_type_or_actor_stay_apart() -> None:
    recs = [
        _rec(),
        _rec(event_date=dt.date(2020, 5, 10)),
        _rec(location="Garissa"),
        _rec(sub_event_type="Government regains territory"),
        _rec(actor1="Islamic State (Somalia)", inter1=2),
    ]
    assert len(merge_records(recs)) == 5


def test_an_unnamed_actor_does_not_split_one_event() -> None:
    # "Al Shabaab attacked ..." then "The attackers fled ...": the second mention's actor is unnamed.
    [m] = merge_records([_rec(), _rec(actor1="Unidentified Armed Group (Kenya)", inter1=3, fatalities=2)])
    assert m.actor1 == "Al Shabaab" and m.fatalities == 2


def test_nearness_travels_with_the_place_name() -> None:
    from eventx.pipeline.assemble import _with_nearness

    text = "Militants set fire to two lorries near Dadaab, police said."
    assert _with_nearness(text, text.index("Dadaab"), "Dadaab") == "near Dadaab"
    text = "Clashes erupted in Garissa town."
    assert _with_nearness(text, text.index("Garissa"), "Garissa") == "Garissa"
