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


def test_counts_of_different_victims_add_up() -> None:
    # "TTP militants killed two soldiers ... 4 militants were also killed": the same clash, other dead.
    a = _rec(fatalities=2, figures=[Figure(kind="fatalities", value=2, whose="Pakistan army personnel")])
    b = _rec(fatalities=4, figures=[Figure(kind="fatalities", value=4, whose="militants")])
    [m] = merge_records([a, b])
    assert m.fatalities == 6 and "different victims" in (m.evidence["fatalities"].reason or "")
    # generic or unnamed victims may be the same dead reported twice: the lower count stays
    c = _rec(fatalities=3, figures=[Figure(kind="fatalities", value=3, whose="people")])
    [m] = merge_records([a, c])
    assert m.fatalities == 2


def test_a_toll_folds_into_its_event() -> None:
    from eventx.pipeline.assemble import TOLL, fold_into

    event = _rec(fatalities=0, notes="Security forces and hunters clashed in Bante.")
    toll = _rec(
        sub_event_type="Attack",
        event_type="Violence against civilians",
        actor1=None,
        inter1=None,
        location=None,
        fatalities=1,
        figures=[Figure(kind="fatalities", value=1, whose="woman")],
        notes="A woman was killed by a stray bullet.",
    )
    m = fold_into(event, toll, TOLL)
    assert (m.sub_event_type, m.actor1, m.location, m.fatalities) == ("Armed clash", "Al Shabaab", "Mandera", 1)
    assert m.notes.endswith("stray bullet.") and len(m.figures) == 1


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


def test_only_a_toll_without_its_own_perpetrator_or_day_is_folded() -> None:
    from eventx.pipeline.assemble import EventMention, RoleHit
    from eventx.pipeline.document import Doc, Sentence
    from eventx.pipeline.fold import fold_tolls
    from eventx.schema.article import Article

    text = "Security forces and hunters clashed in Mandera. A woman was killed by a stray bullet."
    doc = Doc(Article(id="a", text=text), text, None)
    s0 = Sentence(0, 0, 47, text[:47], 0)
    s1 = Sentence(1, 48, len(text), text[48:], 0)
    doc.sentences = [s0, s1]

    def mention(s: Sentence, roles: list[RoleHit]) -> EventMention:
        return EventMention(doc, s, "Armed clash", "Battles", 0.9, 0.9, roles=roles)

    event = _rec(fatalities=0)
    toll = _rec(
        sub_event_type="Attack",
        event_type="Violence against civilians",
        fatalities=1,
        figures=[Figure(kind="fatalities", value=1, whose="woman")],
    )
    victim = RoleHit("ACTOR1", 50, 55, "woman", 0.9)  # the tagger's reading of a passive subject: still a victim
    [(_, [m])] = fold_tolls([(mention(s0, []), [event]), (mention(s1, [victim]), [toll])])
    assert m.fatalities == 1 and m.sub_event_type == "Armed clash"
    # a sentence that names who killed is an event of its own
    killer = RoleHit("ACTOR1", 80, 86, "bullet", 0.9)
    assert len(fold_tolls([(mention(s0, []), [event]), (mention(s1, [killer]), [toll])])) == 2
    # so is one with another day
    other_day = toll.model_copy(update={"event_date": dt.date(2020, 5, 1)})
    assert len(fold_tolls([(mention(s0, []), [event]), (mention(s1, []), [other_day])])) == 2


def test_a_sentence_going_on_about_the_event_folds_into_it_unless_it_announces_another() -> None:
    from eventx.pipeline.assemble import EventMention
    from eventx.pipeline.document import Doc, Sentence
    from eventx.pipeline.fold import fold_continuations
    from eventx.schema.article import Article

    first = "Militants attacked a police post in Mandera on Monday."
    doc = Doc(Article(id="a", text=first), first, None)

    def pair(i: int, text: str, rec: EventRecord) -> tuple[EventMention, list[EventRecord]]:
        return EventMention(doc, Sentence(i, 0, len(text), text, 0), rec.sub_event_type, rec.event_type, 0.9, 0.9), [
            rec
        ]

    event = _rec(fatalities=2)
    nairobi = _rec(
        location="Nairobi",
        actor1="Police Forces of Kenya",
        inter1=1,
        fatalities=0,
        evidence={"event_date": FieldEvidence(method="fallback", reason="no date in the sentence")},
    )
    goes_on = "Two of the wounded officers were flown to Nairobi for treatment."
    [(_, [m])] = fold_continuations([pair(0, first, event), pair(1, goes_on, nairobi)])
    assert m.location == "Mandera" and m.actor1 == "Al Shabaab" and m.fatalities == 2
    # "also" announces another event; so does a sentence four sentences on
    also = "The attackers also struck a checkpoint in Nairobi."
    assert len(fold_continuations([pair(0, first, event), pair(1, also, nairobi)])) == 2
    assert len(fold_continuations([pair(0, first, event), pair(4, goes_on, nairobi)])) == 2
