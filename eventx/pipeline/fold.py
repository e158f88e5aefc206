"""Sentences that add to an event already told are folded into it rather than coded as events of their own.

The typer reads one sentence at a time, so a sentence that only reports the toll of the event before it ("A woman
was killed by a stray bullet.") or goes on about it ("two of the wounded officers were flown to Nairobi") is typed
on its own words: an Attack on its victims, a clash in the town it names. These passes run on each article's
mentions in text order, after assembly and before ACLED's merge (``assemble.merge_records``), and each folded
record leaves its reason in the evidence (``assemble.TOLL``, ``assemble.CONTINUATION``).
"""

from __future__ import annotations

import re

from eventx.pipeline.assemble import CONTINUATION, TOLL, EventMention, RoleHit, fallback_date, fold_into
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
    out: Pairs = []
    for m, group in pairs:
        if out and len(out[-1][1]) == 1 and len(group) == 1:
            prev_m, (prev,) = out[-1]
            rec = group[0]
            if (
                m.method == "model"
                and not _perpetrators(m, rec)
                and 0 < m.sentence.index - prev_m.sentence.index <= 2
                and any(f.kind in _TOLL_KINDS and f.value > 0 for f in rec.figures)
                and (rec.event_date == prev.event_date or fallback_date(rec))
                and (rec.country is None or prev.country is None or rec.country == prev.country)
            ):
                out[-1] = (prev_m, [fold_into(prev, rec, TOLL)])
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
#: Words that announce another event rather than more of the same one.
_ANOTHER = re.compile(
    r"\b(?:also|another|separately|meanwhile|elsewhere|similar|second|earlier|previous|last (?:week|month|year))\b",
    re.IGNORECASE,
)


def fold_continuations(pairs: Pairs) -> Pairs:
    """A later sentence that goes on about an event already told is folded into it, not coded as a new event.

    It has the event's sub-event type, comes within three sentences, gives no day of its own, refers back to the
    event's people ("the attackers", "two of the wounded officers were flown to Nairobi") and does not announce
    another event ("also", "separately", "elsewhere"). Typed alone it would become a second event with the place it
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
        return None
    if not _BACK_REFERENCE.search(text) or _ANOTHER.search(text):
        return None
    for k in range(len(out) - 1, -1, -1):
        prev_m, prev_group = out[k]
        if m.sentence.index - prev_m.sentence.index > 3:
            return None
        if len(prev_group) == 1 and prev_group[0].sub_event_type == rec.sub_event_type:
            return k
    return None
