"""Context filters: drop or relabel a people figure by the sentence around it (protests, motives, accidents,
cumulative tolls, "either ... or", another report's figure).

Run last by ``extract_figures`` on every figure, so the cue rules can stay local to the number.
"""

from __future__ import annotations

import re

from eventx.resolve.figures._tokens import _sentence_around
from eventx.schema.evidence import Figure

_PEOPLE_KINDS = {"fatalities", "injured", "arrested", "abducted", "displaced"}
_NON_HUMAN = set(
    "cow cows cattle goat goats sheep buffalo buffaloes animals animal livestock camels camel donkeys horses dogs "
    "houses house homes vehicles vehicle motorbikes motorcycles shops cars car trucks buildings huts rounds shells "
    "bombs mines camps oxen ox bulls pigs chickens elephants positions posts bases villages towns lives life "
    "weapons guns rifles ammunition money jobs leg legs limb limbs arm arms hand hands eye eyes".split()
)
_P_PROTEST = re.compile(
    # "march" in lower case only: "On 17 March 2022, ... one civilian died" is a date, not a protest march
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|sit-in|strike|riot\w*|mourners|vigil|(?-i:marched|march))\b",
    re.IGNORECASE,
)
_P_MOTIVE_BEFORE = re.compile(
    r"\b(?:after|following|against|over|whose|condemn\w*|demand\w*|mourn\w*|for|anniversary|commemorat\w*|mark"
    r"|marking|memory|funeral|response|rumou?r|which)\b[^,;()]*$",
    re.IGNORECASE,
)
#: Accidents, illness and disasters kill people too, but those deaths are no victims of political violence.
_P_ACCIDENT = re.compile(
    r"\b(?:(?:road|traffic|car|bus|vehicle|train|boat)\s+accident|landslides?|electrocut\w*|natural\s+causes|illness"
    r"|disease|stampede|negligence|power\s+wires|childbirths?)\b",
    re.IGNORECASE,
)
#: ... unless the sentence also tells of violence ("hurled petrol bombs ... that led to a road accident").
_P_VIOLENCE = re.compile(
    r"\b(?:assault\w*|attack\w*|shot|shoot\w*|fired|fire\s+on|bomb\w*|grenade|petrol|beat\w*|lynch\w*|mob|hack\w*|"
    r"stab\w*|gun\w*|torch\w*)\b",
    re.IGNORECASE,
)
_P_CUMULATIVE_AFTER = re.compile(
    r"^[^,;.]*?\b(?:since\s+(?:\d{4}|the\s+(?:start|beginning))|so\s+far|this\s+year|to\s+date|last\s+year)\b"
    r"|^[^.;]*?\(coded\s+separately\)",
    re.IGNORECASE,
)
_P_EITHER_AFTER = re.compile(
    r"^[^,;.]*?\b(?:killed|dead)\s+or\s+(?:injured|wounded|hurt)|^[^,;.]*?\b(?:injured|wounded)\s+or\s+killed",
    re.IGNORECASE,
)


_P_ALTERNATIVE = re.compile(
    r"\b(?:other|another|some|conflicting|separate|different)\s+(?:reports?|sources?|accounts?|estimates?)"
    r"|\bopposition\s+media|\breports?\s+(?:vary|differ)",
    re.IGNORECASE,
)
ALTERNATIVE = "another report's figure"


def _in_context(fig: Figure, text: str, offset: int) -> Figure | None:
    """Drop or recast a people figure its sentence shows to be about something else.

    Dropped: the motive of a protest ("protested after 3 youths were killed"), a running tally ("have killed
    more than 44 workers since 2014"). Recast to 'other': animals and things ("killing two cows"), and
    "killed or injured" counts, which are casualties, not deaths.
    """
    if fig.kind not in _PEOPLE_KINDS or fig.span is None or fig.value == 0:
        return fig
    s, e = fig.span.start - offset, fig.span.end - offset
    sentence_start = max(text.rfind(". ", 0, s) + 1, text.rfind("\n", 0, s) + 1, 0)
    sentence = _sentence_around(text, s, e)
    tail = text[e : e + 90]
    if fig.whose and fig.whose.split()[-1].lower() in _NON_HUMAN:
        return fig.model_copy(update={"kind": "other", "unit": None})
    if _P_PROTEST.search(sentence) and _P_MOTIVE_BEFORE.search(text[max(sentence_start, s - 70) : s]):
        return None
    if _P_CUMULATIVE_AFTER.search(tail):
        return None  # a running tally, or a count ACLED coded as another event
    if fig.kind in ("fatalities", "injured") and _P_ACCIDENT.search(sentence) and not _P_VIOLENCE.search(sentence):
        return fig.model_copy(update={"kind": "other", "whose": "accident or illness"})
    if fig.kind in ("fatalities", "injured") and _P_EITHER_AFTER.search(tail):
        return fig.model_copy(update={"kind": "other"})
    if fig.kind == "fatalities" and _P_ALTERNATIVE.search(text[sentence_start:s]):
        return fig.model_copy(update={"whose": ALTERNATIVE})  # "Other reports mention 8 killed"
    return fig
