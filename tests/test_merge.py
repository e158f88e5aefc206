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
    # right after the event, the sentence goes on about it whatever type it took when typed alone ("The attackers
    # used machetes and guns." after an attack reads as an armed clash); two sentences on, only the same type does
    weapons = "The attackers used machetes and guns."
    clash = nairobi.model_copy(update={"event_type": "Battles", "sub_event_type": "Armed clash"})
    attack = event.model_copy(update={"event_type": "Violence against civilians", "sub_event_type": "Attack"})
    assert len(fold_continuations([pair(0, first, attack), pair(1, weapons, clash)])) == 1
    assert len(fold_continuations([pair(0, first, attack), pair(2, weapons, clash)])) == 2


def _two_sentences(text: str, second: str):
    """A Doc of two sentences, the second starting at ``second``, and a maker of (mention, [record]) pairs on it."""
    from eventx.pipeline.assemble import EventMention, RoleHit
    from eventx.pipeline.document import Doc, Sentence
    from eventx.schema.article import Article

    cut = text.index(second)
    doc = Doc(Article(id="a", text=text), text, None)
    s0 = Sentence(0, 0, cut - 1, text[: cut - 1], 0)
    s1 = Sentence(1, cut, len(text), text[cut:], 0)
    doc.sentences = [s0, s1]

    def pair(s: Sentence, rec: EventRecord, roles: list[RoleHit] | None = None):
        return EventMention(doc, s, rec.sub_event_type, rec.event_type, 0.9, 0.9, roles=roles or []), [rec]

    return doc, s0, s1, cut, pair


def test_an_aside_with_no_actor_place_or_day_of_its_own_folds_into_the_event_before() -> None:
    from eventx.pipeline.assemble import EventMention, RoleHit
    from eventx.pipeline.document import Sentence
    from eventx.pipeline.fold import fold_asides

    text = "Al Shabaab fighters clashed with soldiers in Mandera on Monday. Casualties unknown."
    doc, s0, s1, cut, pair = _two_sentences(text, "Casualties")

    typed = {"event_type": FieldEvidence(spans=[Span(start=0, end=cut - 1, text=text[: cut - 1])], method="model")}
    event = _rec(sub_event_type="Government regains territory", evidence=typed)
    # the aside: typed on its own words, it took its neighbours' place and day and has no actor
    aside = _rec(
        actor1=None,
        inter1=None,
        evidence={
            "event_type": FieldEvidence(spans=[Span(start=cut, end=len(text), text=text[cut:])], method="model"),
            "location": FieldEvidence(spans=[Span(start=45, end=52, text="Mandera")]),
            "event_date": FieldEvidence(method="fallback", reason="no date in the sentence"),
        },
    )
    [(_, [m])] = fold_asides([pair(s0, event), pair(s1, aside)])
    assert m.sub_event_type == "Government regains territory" and m.actor1 == "Al Shabaab"
    assert "names no actor, place or day of its own" in (m.evidence["event_type"].reason or "")
    assert [sp.start for sp in m.evidence["event_type"].spans] == [0, cut]
    # a sentence with an actor span of its own is an event of its own ...
    police = RoleHit("ACTOR1", cut, cut + 5, text[cut : cut + 5], 0.9)
    assert len(fold_asides([pair(s0, event), pair(s1, aside, [police])])) == 2
    # ... so is one whose place was read in its own words, and one three sentences on
    own_place = aside.model_copy(
        update={
            "evidence": {"location": FieldEvidence(spans=[Span(start=cut, end=cut + 10, text=text[cut : cut + 10])])}
        }
    )
    assert len(fold_asides([pair(s0, event), pair(s1, own_place)])) == 2
    far = Sentence(3, cut, len(text), text[cut:], 0)
    assert len(fold_asides([pair(s0, event), pair(far, aside)])) == 2
    # within one event type, the sub-event type the typer was surer of is kept (the aside is read with the
    # sentence before it as context)
    sure = (EventMention(doc, s0, event.sub_event_type, "Battles", 0.6, 0.9), [event])
    surer = (EventMention(doc, s1, "Armed clash", "Battles", 0.95, 0.9), [aside])
    [(_, [m])] = fold_asides([sure, surer])
    assert m.sub_event_type == "Armed clash" and "surer" in (m.evidence["event_type"].reason or "")


def _demo(sub: str, **kw) -> EventRecord:
    et = "Riots" if sub == "Violent demonstration" else "Protests"
    base = {"actor1": "Rioters (Kenya)" if et == "Riots" else "Protesters (Kenya)", "inter1": 5 if et == "Riots" else 6}
    return _rec(event_type=et, sub_event_type=sub, **{**base, **kw})


def test_one_demonstration_told_in_steps_is_coded_once_by_what_it_came_to() -> None:
    def typed(start: int, text: str) -> FieldEvidence:
        return FieldEvidence(spans=[Span(start=start, end=start + len(text), text=text)], method="model")

    march = _demo(
        "Peaceful protest",
        notes="Hundreds marched in Mandera.",
        evidence={"event_type": typed(0, "Hundreds marched in Mandera.")},
    )
    dispersed = _demo(
        "Protest with intervention",
        actor2="Police Forces of Kenya (2013-)",
        inter2=1,
        notes="Police fired tear gas to disperse them.",
        evidence={
            "event_date": FieldEvidence(method="fallback", reason="no date in the sentence"),
            "event_type": typed(29, "Police fired tear gas to disperse them."),
        },
    )
    [m] = merge_records([march, dispersed])
    assert m.sub_event_type == "Protest with intervention" and m.actor2 == "Police Forces of Kenya (2013-)"
    assert (
        m.event_date == dt.date(2020, 5, 9)
        and m.notes == "Hundreds marched in Mandera. Police fired tear gas to disperse them."
    )
    # lethal force on the marchers: the whole is excessive force
    shot = _demo("Excessive force against protesters", fatalities=2, notes="Police shot two marchers dead.")
    [m] = merge_records([march, dispersed, shot])
    assert m.sub_event_type == "Excessive force against protesters" and m.fatalities == 2
    # a crowd read as turning violent is not merged into a riot: that would change the event type on one sentence
    stones = _demo("Violent demonstration", notes="The crowd threw stones.")
    assert len(merge_records([march, stones])) == 2
    # another town, another day or a crowd of another country is another demonstration
    assert len(merge_records([march, _demo("Protest with intervention", location="Garissa")])) == 2
    assert len(merge_records([march, _demo("Protest with intervention", event_date=dt.date(2020, 5, 1))])) == 2
    other = _demo("Protest with intervention", country="Somalia", actor1="Protesters (Somalia)", location=None)
    assert len(merge_records([march, other])) == 2
    # a mention that announces another protest is not a step of this one
    another = _demo(
        "Protest with intervention",
        evidence={"event_type": typed(29, "On the same day, another group was dispersed.")},
    )
    assert len(merge_records([march, another])) == 2
    # other event types are never merged across sub-event types
    assert len(merge_records([_rec(), _rec(sub_event_type="Government regains territory")])) == 2


def test_destruction_told_just_after_a_violent_event_is_part_of_it() -> None:
    from eventx.pipeline.document import Sentence
    from eventx.pipeline.fold import fold_destruction

    text = "Militants attacked the village of Goshikale on Monday. They destroyed the hospital and looted houses."
    _, s0, s1, cut, pair = _two_sentences(text, "They")

    typed = {"event_type": FieldEvidence(spans=[Span(start=0, end=cut - 1, text=text[: cut - 1])], method="model")}
    clash = _rec(evidence=typed)
    own = {"event_type": FieldEvidence(spans=[Span(start=cut, end=len(text), text=text[cut:])], method="model")}
    looting = _rec(event_type="Strategic developments", sub_event_type="Looting/property destruction", evidence=own)
    [(_, [m])] = fold_destruction([pair(s0, clash), pair(s1, looting)])
    assert m.sub_event_type == "Armed clash"
    assert "part of that event" in (m.evidence["event_type"].reason or "")
    # after a peaceful protest, or on another day, or announced as another event, it is an event of its own
    protest = _rec(event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Kenya)", inter1=6)
    assert len(fold_destruction([pair(s0, protest), pair(s1, looting)])) == 2
    later = looting.model_copy(update={"event_date": dt.date(2020, 5, 12)})
    assert len(fold_destruction([pair(s0, clash), pair(s1, later)])) == 2
    elsewhere = Sentence(1, cut, len(text), "Elsewhere, militants looted houses in Mandera.", 0)
    assert len(fold_destruction([pair(s0, clash), pair(elsewhere, looting)])) == 2
    # "also" adds to the raid; a day taken from the sentence before is no day of its own
    also = Sentence(1, cut, len(text), "They also torched dozens of homes.", 0)
    borrowed = looting.model_copy(
        update={
            "event_date": dt.date(2020, 5, 12),
            "evidence": {**own, "event_date": FieldEvidence(spans=[Span(start=0, end=5, text=text[:5])])},
        }
    )
    assert len(fold_destruction([pair(s0, clash), pair(also, borrowed)])) == 1
    # weapons seized and a retreat in the course of the clash are part of it too; an agreement is not
    seized = Sentence(1, cut, len(text), "The soldiers recovered several rifles.", 0)
    for sub in ("Disrupted weapons use", "Change to group/activity", "Non-violent transfer of territory"):
        part = looting.model_copy(update={"sub_event_type": sub})
        assert len(fold_destruction([pair(s0, clash), pair(seized, part)])) == 1, sub
    deal = looting.model_copy(update={"sub_event_type": "Agreement"})
    assert len(fold_destruction([pair(s0, clash), pair(seized, deal)])) == 2


def test_an_arrest_told_just_after_an_event_is_part_of_it() -> None:
    from eventx.pipeline.document import Sentence
    from eventx.pipeline.fold import fold_arrests

    text = "Gunmen shot dead a trader in Mandera on Monday. The suspect was arrested by police."
    _, s0, s1, cut, pair = _two_sentences(text, "The suspect")
    typed = {"event_type": FieldEvidence(spans=[Span(start=0, end=cut - 1, text=text[: cut - 1])], method="model")}
    attack = _rec(event_type="Violence against civilians", sub_event_type="Attack", evidence=typed)
    own = {"event_type": FieldEvidence(spans=[Span(start=cut, end=len(text), text=text[cut:])], method="model")}
    arrest = _rec(
        event_type="Strategic developments", sub_event_type="Arrests", actor1="Police Forces of Kenya (2013-)",
        inter1=1, evidence=own,
    )  # fmt: skip
    [(_, [m])] = fold_arrests([pair(s0, attack), pair(s1, arrest)])
    assert m.sub_event_type == "Attack"
    assert "part of that event" in (m.evidence["event_type"].reason or "")
    # an arrest of other people in a place of its own, on another day or announced as another event stays an event
    placed = arrest.model_copy(
        update={"evidence": {**own, "location": FieldEvidence(spans=[Span(start=cut + 4, end=cut + 11, text="x" * 7)])}}
    )
    journalist = Sentence(1, cut, len(text), "Police arrested a journalist in Garissa.", 0)
    assert len(fold_arrests([pair(s0, attack), pair(journalist, placed)])) == 2
    later = arrest.model_copy(update={"event_date": dt.date(2020, 5, 12)})
    assert len(fold_arrests([pair(s0, attack), pair(s1, later)])) == 2
    separately = Sentence(1, cut, len(text), "Separately, police arrested the suspect.", 0)
    assert len(fold_arrests([pair(s0, attack), pair(separately, arrest)])) == 2
    # after an event that is neither violence nor a demonstration (an agreement), it is an event of its own
    agreement = _rec(event_type="Strategic developments", sub_event_type="Agreement", evidence=typed)
    assert len(fold_arrests([pair(s0, agreement), pair(s1, arrest)])) == 2


def test_a_toll_of_unknown_number_is_part_of_the_event_before() -> None:
    from eventx.pipeline.assemble import RoleHit
    from eventx.pipeline.fold import fold_tolls

    text = "Al Shabaab clashed with soldiers in Mandera. An unknown number of militants and soldiers were killed."
    _, s0, s1, cut, pair = _two_sentences(text, "An unknown")
    clash = _rec()
    toll = _rec(actor1="Military Forces of Kenya (2013-)", inter1=1)  # the tagger reads "soldiers" as a party
    soldiers = text.index("soldiers were")
    hit = RoleHit("ACTOR1", soldiers, soldiers + 8, "soldiers", 0.9)
    [(_, [m])] = fold_tolls([pair(s0, clash), pair(s1, toll, [hit])])
    assert m.actor1 == "Al Shabaab"


def test_a_stated_coded_total_is_the_count_when_mentions_pool_their_figures() -> None:
    from eventx.pipeline.assemble import fold_into
    from eventx.resolve.figures import CODED_TOTAL

    found = _rec(fatalities=1, figures=[Figure(kind="fatalities", value=1, whose="man")])
    remark = _rec(fatalities=1, figures=[Figure(kind="fatalities", value=1, whose=CODED_TOTAL)])
    # "a man was found dead. ... 1 fatality.": the remark states the event's count; it is no second victim
    assert fold_into(found, remark, "aside").fatalities == 1
    # two different victims are still added
    other = _rec(fatalities=2, figures=[Figure(kind="fatalities", value=2, whose="soldiers")])
    assert fold_into(found, other, "aside").fatalities == 3


def test_a_side_named_again_in_another_slot_is_the_same_battle() -> None:
    # "Houthi forces attacked the 30th brigade ... one fighter from the 30th brigade was killed": the second sentence
    # names the brigade as its only actor (actor1); it is a side of the first mention's battle, not a new battle
    spc, brigade = (
        "Military Forces of Yemen (2016-) Supreme Political Council",
        "Military Forces of Yemen (2012-) 30th Brigade",
    )
    a = _rec(country="Yemen", location="Qa'tabah", actor1=spc, inter1=1, actor2=brigade, inter2=1)
    b = _rec(country="Yemen", location=None, actor1=brigade, inter1=1, fatalities=1)
    for pair in ([a, b], [b, a]):
        [m] = merge_records(pair)
        assert (m.actor1, m.actor2) == (spc, brigade) and m.fatalities == 1 and m.location == "Qa'tabah"
    # a battle between other sides stays apart
    c = _rec(country="Yemen", actor1="Al Qaeda", inter1=2, actor2=brigade, inter2=1)
    assert len(merge_records([a, c])) == 2
    # and so does an event of another type
    d = _rec(country="Yemen", event_type="Violence against civilians", sub_event_type="Attack", actor1=brigade)
    assert len(merge_records([a, d])) == 2


def test_a_village_near_a_town_and_the_town_itself_are_one_place_for_merging() -> None:
    # "a mob beat a driver at Barojiakur village in Santipur Tehsil (Nadia district)... The mob feared...": the
    # village the gazetteer lacks is coded near the district's town, which is where the next sentence is coded
    near = dict(latitude=23.4, longitude=88.37)
    a = _rec(location="Santipur", geo_precision=2, **near)
    b = _rec(location="Navadwip", geo_precision=1, **near)
    assert len(merge_records([a, b])) == 1
    # two towns at one point, each exactly placed, are not merged on their coordinates
    c = _rec(location="Navadwip", geo_precision=1, latitude=23.4, longitude=88.37)
    d = _rec(location="Santipur", geo_precision=1, latitude=23.4, longitude=88.37)
    assert len(merge_records([c, d])) == 2
    # nor is a village near another point
    e = _rec(location="Santipur", geo_precision=2, latitude=23.25, longitude=88.43)
    assert len(merge_records([e, b])) == 2
