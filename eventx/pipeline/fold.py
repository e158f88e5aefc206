"""Sentences that add to an event already told are folded into it rather than coded as events of their own.

The typer reads one sentence at a time, so a sentence that only reports the toll of the event before it ("A woman
was killed by a stray bullet.") or goes on about it ("two of the wounded officers were flown to Nairobi") is typed
on its own words: an Attack on its victims, a clash in the town it names. These passes run on each article's
mentions in text order, after assembly and before ACLED's merge (``assemble.merge_records``), and each folded
record leaves its reason in the evidence (``assemble.TOLL``, ``assemble.CONTINUATION``, ``assemble.ASIDE``,
``assemble.DESTRUCTION``, ``assemble.ARREST``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eventx.pipeline.assemble import ANOTHER as _ANOTHER
from eventx.pipeline.assemble import (
    ARREST,
    ASIDE,
    CONTINUATION,
    DESTRUCTION,
    TOLL,
    EventMention,
    RoleHit,
    fallback_date,
    fold_into,
)
from eventx.schema.record import EventRecord

_TOLL_KINDS = frozenset({"fatalities", "injured"})


def _perpetrators(m: EventMention, rec: EventRecord) -> list[RoleHit]:
    """ACTOR1 spans of a mention that are not the counted victims themselves ("Four soldiers died": the tagger
    reads the subject of an intransitive verb as its actor)."""
    victims = [f.whose.lower() for f in rec.figures if f.kind in _TOLL_KINDS and f.whose]
    return [r for r in m.spans("ACTOR1") if not any(r.text.lower() in v for v in victims)]


Pairs = list[tuple[EventMention, list[EventRecord]]]  # each mention with the record(s) it gave, in text order


def fold_tolls(pairs: Pairs) -> Pairs:
    """Sentences that only report the toll of the event just before them are folded into it.

    A toll sentence ("A woman was killed by a stray bullet.") names no perpetrator other than its victims, counts
    dead or injured, follows an event within two sentences and gives no other day or country. Typed alone, the model
    reads its victims and calls it a separate Attack; ACLED codes it as the toll of the event it follows.
    """

    def is_toll(prev_m: EventMention, prev: EventRecord, m: EventMention, rec: EventRecord) -> bool:
        counted = not _perpetrators(m, rec) and any(f.kind in _TOLL_KINDS and f.value > 0 for f in rec.figures)
        return (
            (counted or _UNCOUNTED_TOLL.match(m.sentence.text) is not None)
            and (rec.event_date == prev.event_date or fallback_date(rec))
            and (rec.country is None or prev.country is None or rec.country == prev.country)
        )

    return _fold_next(pairs, is_toll, TOLL)


#: a toll whose number is not known: "An unknown number of militants and soldiers were killed and wounded." Its
#: subject is the victims, whatever roles the tagger gives them
_UNCOUNTED_TOLL = re.compile(
    r"\s*(?:an?\s+)?(?:unknown|unspecified|undisclosed|unconfirmed|undetermined)\s+number\s+of\s+[^.;]*?\b"
    r"(?:were|was|had been|have been)\s+(?:reportedly\s+)?(?:killed|wounded|injured|hurt|dead)\b",
    re.IGNORECASE,
)

Test = Callable[[EventMention, EventRecord, EventMention, EventRecord], bool]


def _fold_next(
    pairs: Pairs,
    test: Test,
    why: str,
    then: Callable[[EventRecord, EventMention, EventMention], EventRecord] | None = None,
) -> Pairs:
    """Each one-record mention that ``test`` accepts, read by the model within two sentences after a one-record
    event, is folded into that event (in text order, so a run of such sentences all join the first event)."""
    out: Pairs = []
    for m, group in pairs:
        if out and len(out[-1][1]) == 1 and len(group) == 1:
            prev_m, (prev,) = out[-1]
            rec = group[0]
            if m.method == "model" and 0 < m.sentence.index - prev_m.sentence.index <= 2 and test(prev_m, prev, m, rec):
                folded = fold_into(prev, rec, why)
                if then is not None:
                    folded = then(folded, prev_m, m)
                out[-1] = (prev_m, [folded])
                continue
        out.append((m, group))
    return out


#: A definite reference back to the people of an event already told ("the attackers", "two of the wounded officers").
_BACK_REFERENCE = re.compile(
    r"\b(?:the|those|these)\s+(?:\w+\s+)?(?:attackers?|gunmen|assailants?|militants|victims?|wounded|injured|dead"
    r"|officers|soldiers|policemen|protesters|demonstrators|rioters|suspects|fighters|insurgents|rebels|raiders"
    r"|bandits|kidnappers|abductors|hostages)\b",
    re.IGNORECASE,
)


def fold_continuations(pairs: Pairs) -> Pairs:
    """A later sentence that goes on about an event already told is folded into it, not coded as a new event.

    It has the event's sub-event type and comes within three sentences (any type, right after it), gives no day of
    its own, refers back to the event's people ("the attackers", "two of the wounded officers were flown to
    Nairobi") and does not announce another event ("also", "separately", "elsewhere"). Typed alone it would become a second event with the place it
    happens to name (the hospital's town) and whatever actors it mentions.
    """
    out: Pairs = []
    for m, group in pairs:
        k = _continued_event(m, group, out)
        if k is None:
            out.append((m, group))
        else:
            prev_m, prev_group = out[k]
            out[k] = (prev_m, [fold_into(prev_group[0], group[0], CONTINUATION)])
    return out


def _continued_event(m: EventMention, group: list[EventRecord], out: Pairs) -> int | None:
    """Index in ``out`` of the event that mention ``m`` goes on about (see ``fold_continuations``), else None."""
    rec = group[0]
    text = m.sentence.text
    if len(group) != 1 or m.method != "model" or not fallback_date(rec):
        # a day of its own may be another event ("On 3 May, the attackers struck again"). A day borrowed from the
        # sentence before was tried as no day of its own: 12 fields gained, 2 lost on the 800-row training-country
        # sample, but on the held-out countries event type 0.877 -> 0.872 and sub-event type 0.838 -> 0.830
        # (the folded sentence's type was often the better one), so it was left out.
        return None
    if not _BACK_REFERENCE.search(text) or _ANOTHER.search(text):
        return None
    for k in range(len(out) - 1, -1, -1):
        prev_m, prev_group = out[k]
        gap = m.sentence.index - prev_m.sentence.index
        if gap > 3:
            return None
        if len(prev_group) == 1 and (prev_group[0].sub_event_type == rec.sub_event_type or gap == 1):
            # the event told in the sentence just before is the one "the attackers" are, whatever type the
            # sentence typed alone took ("The attackers used machetes and guns." after an attack: an armed clash)
            return k
    return None


#: Fields whose own words in a sentence make it more than an aside about the event before it.
_OWN_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "location", "country", "event_date")


def _names_its_own(rec: EventRecord, m: EventMention) -> bool:
    """Whether the record read an actor, a place or a day in its own sentence (not from its neighbours)."""
    lo, hi = m.sentence.start, m.sentence.end
    for key in _OWN_FIELDS:
        ev = rec.evidence.get(key)
        if ev is not None and any(lo <= sp.start < hi for sp in ev.spans):
            return True
    return any(r.role in ("ACTOR1", "ACTOR2", "ASSOC", "LOC", "DATE") for r in m.roles)


def fold_asides(pairs: Pairs) -> Pairs:
    """A sentence that names no actor, place or day of its own, just after an event, is folded into it.

    "Casualties unknown.", "No injuries were reported.", "The motive is not known." say something about the event
    told just before (here: its toll, read as a figure). Typed alone, such a sentence becomes a second event of its
    own type with the neighbours' place and date, and no actors at all; ACLED codes it as part of the event it
    follows. It must come within two sentences of that event and not announce another ("also", "elsewhere").
    """

    def is_aside(prev_m: EventMention, prev: EventRecord, m: EventMention, rec: EventRecord) -> bool:
        return not _names_its_own(rec, m) and not _ANOTHER.search(m.sentence.text)

    return _fold_next(pairs, is_aside, ASIDE, then=_surer_type)


def _surer_type(folded: EventRecord, event_m: EventMention, aside_m: EventMention) -> EventRecord:
    """The sub-event type of whichever mention the typer was surer of. Both are read on the same event (the aside
    with the sentence before it as context), so within one event type the surer reading is kept."""
    if (
        aside_m.event_type != event_m.event_type
        or aside_m.sub_event_type == event_m.sub_event_type
        or aside_m.type_prob <= event_m.type_prob
    ):
        return folded
    data = folded.model_dump(exclude={"year", "disorder_type", "interaction"})
    data["sub_event_type"] = aside_m.sub_event_type
    ev = data["evidence"].get("event_type")
    if ev is not None:
        ev["reason"] = (
            f"{ev.get('reason') or ''}; sub-event type of the aside ({aside_m.type_prob:.2f}), surer than the "
            f"event sentence's {event_m.sub_event_type!r} ({event_m.type_prob:.2f})"
        ).lstrip("; ")
    return EventRecord.model_validate(data)


#: event types in the course of which ACLED codes looting and destruction as part of the event
_VIOLENT_TYPES = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"})


#: strategic developments that, told just after a violent event, are part of it
_PART_OF_VIOLENCE = frozenset(
    {
        "Looting/property destruction",
        "Disrupted weapons use",
        "Change to group/activity",
        "Other",
        "Non-violent transfer of territory",
    }
)


def fold_destruction(pairs: Pairs) -> Pairs:
    """Looting, destruction, seized weapons or a retreat told just after a violent event are part of that event.

    ACLED's "Looting/property destruction" is for looting and destruction outside the context of other violence;
    burning and looting in the course of a clash, an attack or a riot ("Militants destroyed the local hospital and
    looted several houses." after the attack) is coded as that event. So are the other strategic developments a
    sentence typed alone may read in its course: weapons seized or recovered ("Disrupted weapons use": "The
    soldiers recovered several AK47s."), a side pulling back ("Change to group/activity": "Rebels retreated
    towards the border."), ground taken in the fighting ("Non-violent transfer of territory" is for ground that
    changes hands without a fight: "The ISWA forces managed to take over the village." after the clash), and
    "Other" (on ACLED's notes mostly its own remarks: "ACLED recorded the dates of the ongoing conflict"). Within
    two sentences after a battle, an attack, an explosion or a riot, on the same day (or with no date in its own
    sentence) and in the same country, and not announcing another event ("elsewhere", "separately"; "also" does
    not: "they also torched dozens of homes"), such a sentence is folded into it.
    """

    def is_part(prev_m: EventMention, prev: EventRecord, m: EventMention, rec: EventRecord) -> bool:
        return (
            rec.sub_event_type in _PART_OF_VIOLENCE
            and prev.event_type in _VIOLENT_TYPES
            and (rec.event_date == prev.event_date or _borrowed_date(rec, m))
            and (rec.country is None or prev.country is None or rec.country == prev.country)
            and not _ANOTHER_BUT_ALSO.search(m.sentence.text)
        )

    return _fold_next(pairs, is_part, DESTRUCTION)


def _borrowed_date(rec: EventRecord, m: EventMention) -> bool:
    """The record's date is not read in its own sentence: a fallback, or a date taken from a neighbour."""
    if fallback_date(rec):
        return True
    ev = rec.evidence.get("event_date")
    lo, hi = m.sentence.start, m.sentence.end
    return ev is not None and bool(ev.spans) and not any(lo <= sp.start < hi for sp in ev.spans)


#: words announcing another event, less "also": the militants who "also torched dozens of homes" did it in the raid
_ANOTHER_BUT_ALSO = re.compile(_ANOTHER.pattern.replace("also|", ""), _ANOTHER.flags)


#: event types an arrest told right after is part of: the violence it answers, the demonstration it broke up
_ARRESTED_IN = _VIOLENT_TYPES | {"Protests"}
#: a definite reference back to the people of the event told before ("the suspect", "the man", "the perpetrators")
_ARRESTED_BACK = re.compile(
    r"\b(?:the|those|both|all)\s+(?:\w+\s+)?(?:suspects?|perpetrators?|attackers?|assailants?|culprits?|gunm[ae]n|"
    r"m[ae]n|wom[ae]n|youths?|accused|killers?|robbers?|kidnappers?|abductors?|shooters?|protesters|"
    r"demonstrators|rioters|organi[sz]ers)\b|\bthose responsible\b",
    re.IGNORECASE,
)


def fold_arrests(pairs: Pairs) -> Pairs:
    """An arrest told just after a violent event or a demonstration is part of it.

    "The suspect was arrested by police." after a killing, "Police arrested ten of the protesters." after a
    march: ACLED codes the killing and the protest, not a second event of sub-type Arrests. Within two sentences
    after a battle, an attack, an explosion, a riot or a protest, on the same day (or with no date in its own
    sentence), in the same country and not announcing another event, an Arrests sentence is folded into it when it
    refers back to the event's people ("the suspect", "the attackers") or names no place of its own. An arrest with
    a place and people of its own ("Police arrested a journalist in Garissa") stays an event.
    """

    def is_part(prev_m: EventMention, prev: EventRecord, m: EventMention, rec: EventRecord) -> bool:
        text = m.sentence.text
        return (
            rec.sub_event_type == "Arrests"
            and prev.event_type in _ARRESTED_IN
            and (rec.event_date == prev.event_date or _borrowed_date(rec, m))
            and (rec.country is None or prev.country is None or rec.country == prev.country)
            and not _ANOTHER.search(text)
            and (_ARRESTED_BACK.search(text) is not None or not _own_place(rec, m))
        )

    return _fold_next(pairs, is_part, ARREST)


def _own_place(rec: EventRecord, m: EventMention) -> bool:
    """The record's place was read in its own sentence."""
    ev = rec.evidence.get("location") or rec.evidence.get("country")
    lo, hi = m.sentence.start, m.sentence.end
    return ev is not None and any(lo <= sp.start < hi for sp in ev.spans)
