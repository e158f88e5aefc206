"""Cues: which kind of figure a number is, from the words before it ("killing 5") or after it ("5 were killed"),
and which noun phrase and list it belongs to.

These are the positional rules ``extract_figures`` applies to each number; they sit apart from the driver so
each rule can be read on its own.
"""

from __future__ import annotations

from eventx.resolve.figures._tokens import (
    _ACTIVE_CUES,
    _AUX,
    _BETWEEN,
    _BREAKDOWN_BEFORE,
    _CUES,
    _GENERIC_WHOSE,
    _NOT_COUNT_BEFORE,
    _NUMBER_WORDS,
    _SENTENCE_END,
    _Number,
    _Tok,
)
from eventx.schema.evidence import FigureKind


def _cue_kind(toks: list[_Tok], j: int) -> FigureKind | None:
    low = toks[j].low
    kind = _CUES.get(low)
    if kind is None:
        return None
    nxt = toks[j + 1].low if j + 1 < len(toks) else ""
    if low == "gunned" and nxt != "down":
        return None
    if low == "body" and nxt not in ("of", "was", "found"):
        return None
    return kind


def _left_cue(toks: list[_Tok], num: _Number) -> tuple[FigureKind, int] | None:
    """An active cue right before the number: 'killing 5', 'arrested at least 20', 'the deaths of six'."""
    j = num.qual_first - 1
    steps = 0
    while j >= 0 and steps < 4 and toks[j].low in _BETWEEN:
        j -= 1
        steps += 1
    if j < 0:
        return None
    low = toks[j].low
    if low == "and" and j >= 2 and toks[j - 1].low in ("himself", "herself", "themselves"):
        j -= 2  # "the bomber killed herself and two others"
        low = toks[j].low
    if j >= 1 and toks[j - 1].low == "to" and low in _CUES:
        return None  # "threatened to kill 5": no event yet
    if low == "and":
        # "killed a constable and 2 civilians": the list started with one victim after the cue
        k = j - 1
        while k >= 0 and j - k <= 5 and toks[k].text[0].isalpha() and toks[k].low not in ("a", "an"):
            k -= 1
        if k >= 1 and toks[k].low in ("a", "an") and toks[k - 1].low in _ACTIVE_CUES:
            kind = _cue_kind(toks, k - 1)
            if kind is not None and not any(t.low in _CUES or t.low in _AUX for t in toks[k + 1 : j]):
                return kind, k - 1
        return None
    if low == "with" and j >= 2 and toks[j - 1].low in ("along", "together"):
        j -= 2  # "were killed along with 15 militants"
        low = toks[j].low
    if low == "lives" and j + 1 < len(toks) and toks[j + 1].low == "of":
        verb = toks[j - 2].low if j >= 2 else ""
        if verb in ("claimed", "claiming", "claims", "took", "taking", "cost", "costing", "costs"):
            return "fatalities", j  # "claimed the lives of 16 people"
        return None
    if low == ":" and j >= 1 and toks[j - 1].low in ("fatalities", "dead", "deaths", "killed", "casualties"):
        kind = "fatalities" if toks[j - 1].low != "casualties" else None
        return (kind, j - 1) if kind else None  # "Fatalities: 125"
    if low in ("gunning", "gunned", "mowing", "mowed") and j + 1 < len(toks) and toks[j + 1].low == "down":
        return "fatalities", j
    if low == "-" and j >= 1 and toks[j - 1].low in ("gunned", "gunning") and toks[j + 1].low == "down":
        return "fatalities", j - 1  # "gunned-down three militants"
    if low == "lost" and not (j >= 1 and toks[j - 1].low == "to"):
        return "fatalities", j  # "the army lost 8 soldiers" (things lost are recast by their noun)
    if low in _ACTIVE_CUES:
        kind = _cue_kind(toks, j)
        if kind is not None:
            return kind, j
    if low == "dead" and j >= 1 and toks[j - 1].low == "shot":
        return "fatalities", j
    if low in ("shot", "stabbed", "wounded") and j >= 1 and toks[j - 1].low == "fatally":
        return "fatalities", j
    return None


#: A protest "against the killing of 3" reports the motive, not this event's victims.
_MOTIVE_WORDS = set(
    "against protest protests protested protesting condemn condemned condemning condemnation demanding demand "
    "denounce denounced denouncing mourn mourning over justice accused suspected".split()
)
_NOUN_CUES = {
    "killing",
    "killings",
    "death",
    "deaths",
    "murder",
    "murders",
    "kidnapping",
    "abduction",
    "arrest",
    "arrests",
    "detention",
}


_ACCUSATION = {("responsible", "for"), ("accused", "of"), ("blamed", "for"), ("suspected", "of"),
               ("convicted", "of"), ("involved", "in"), ("charged", "with"), ("arrested", "for"), ("wanted", "for"),
               ("guilty", "of"), ("sentenced", "for")}  # fmt: skip


def _is_accusation(toks: list[_Tok], cue: int) -> bool:
    """'the man responsible for killing 9 IDPs': a past killing named as an accusation, not this event's."""
    return cue >= 2 and (toks[cue - 2].low, toks[cue - 1].low) in _ACCUSATION


def _is_motive(toks: list[_Tok], cue: int) -> bool:
    """Whether the cue at index ``cue`` names a past event that motivates this one ('protested the killing of')."""
    prev = toks[cue - 1].low if cue > 0 else ""
    if toks[cue].low in _NOUN_CUES:
        if prev not in ("the", "their", "his", "her", "its", "of"):
            return False
    elif prev not in ("allegedly", "who"):
        return False
    j = cue - 1
    while j >= 0 and cue - j <= 6 and toks[j].low not in _SENTENCE_END and toks[j].low != ",":
        if toks[j].low in _MOTIVE_WORDS:
            return True
        j -= 1
    return False


def _right_cue(toks: list[_Tok], num: _Number) -> tuple[FigureKind, int, int] | None:
    """A cue after the noun phrase: '5 soldiers were killed', '3 dead', 'four persons, including ..., were hurt'.

    The noun phrase may hold prepositional phrases ("three militants belonging to the banned LeJ were killed");
    after an auxiliary only adverbs, cues and "VERBed and" chains ("were tortured and killed") may follow.
    Returns the kind, the cue's index and the index where the noun phrase ends (for ``whose``).
    """
    j = num.last + 1
    n = len(toks)
    np_end = num.last
    words = 0
    in_aux = False
    true_aux = False
    including = False
    while j < n and words < 14:
        tok = toks[j]
        low = tok.low
        nxt = toks[j + 1].low if j + 1 < n else ""
        if low in _SENTENCE_END or low == ")":
            return None
        if low == "(":  # a parenthesis inside the noun phrase: skip it
            close = next((k for k in range(j, min(n, j + 15)) if toks[k].low == ")"), None)
            if close is None:
                return None
            j = close + 1
            continue
        if low in ("including", "incl") or (low == "," and nxt in ("including", "among", "mostly", "mainly", "most")):
            including = True  # "four persons, including three women, were injured": the breakdown is skipped
            j += 1
            continue
        if including:
            if low in _AUX and not tok.text.isupper():
                including = False
                in_aux = True
            elif _cue_kind(toks, j) is None:
                j += 1
                words += tok.text[0].isalpha()
                continue
        if tok.text[0].isdigit():
            if nxt in ("st", "nd", "rd", "th"):  # "the 5th Brigade": an ordinal inside the noun phrase
                j += 2
                continue
            return None
        if low == ",":
            return None
        kind = _cue_kind(toks, j)
        if kind is not None and j == num.last + 3 and toks[j - 2].low == "of" and toks[j - 1].low in ("the", "those"):
            # "Two of the wounded officers were flown to Nairobi": a part of a group counted elsewhere, not a new
            # count; a later cue may still count them ("two of the injured later died")
            np_end = j
            j += 1
            continue
        if kind is not None:
            if not true_aux and _active_object_follows(toks, j):
                return None  # "2 gunmen killed a policeman": the number counts the attackers
            if (
                j == num.last + 1
                and kind != "fatalities"
                and nxt.isalpha()
                and nxt not in _AUX
                and nxt not in _CUES
                and nxt not in _NP_STOP
            ):
                # "Two displaced people were executed": the first cue is an adjective; a later cue decides
                later = next((k for k in range(j + 2, min(n, j + 7)) if _cue_kind(toks, k) == "fatalities"), None)
                if later is not None and all(toks[m].low not in _SENTENCE_END for m in range(j, later)):
                    return "fatalities", later, j + 1
            return kind, j, np_end
        if low in ("gunned", "mowed") and nxt == "down":
            return "fatalities", j + 1, np_end
        if low == "fatally" and nxt in ("shot", "stabbed", "wounded", "injured"):
            return "fatalities", j + 1, np_end
        if low == "lost" and nxt in ("their", "his", "her") and j + 2 < n and toks[j + 2].low in ("lives", "life"):
            return "fatalities", j + 2, np_end
        if low in _AUX and not tok.text.isupper() and (low != "to" or nxt in ("have", "be", "death", "hospital")):
            if low == "shot" and not true_aux and nxt == "dead" and _active_object_follows(toks, j + 1):
                return None
            if low in _BE_HAVE:
                if low in ("was", "is", "has") and num.value > 1 and not true_aux:
                    return None  # "hundreds of Fulani at his compound was killed": the verb is singular
                true_aux = True
            in_aux = True
        elif in_aux:
            if low.endswith("ed") and nxt in ("and", ","):
                j += 1  # "were tortured and killed"
            elif low not in ("and", "in", "to", "action", "the", "a", "on", "-", "monday", "tuesday", "wednesday",
                             "thursday", "friday", "saturday", "sunday"):  # fmt: skip
                return None  # "5 people were attacked": a verb that is no cue ends the search
        elif low in ("who", "which", "that", "where", "when", "while", "after", "before", "as", "but", "whereas"):
            return None
        elif low == "of" and nxt in ("a", "an") and num.vague and not in_aux:
            return None  # "Dozens of relatives of a man killed": the cue is about the man
        elif low in ("and", "or"):
            if nxt and (toks[j + 1].text[0].isdigit() or nxt in _NUMBER_WORDS):
                return None  # a list: "2 soldiers and 3 civilians were killed" is handled via the last member
            if nxt in ("a", "an") and low == "and":
                np_end = j - 1  # "Five policemen and a soldier were killed": the soldier is added separately
        elif low in _VERBISH or (
            np_end > num.last
            and tok.text[0].islower()
            and low.endswith("ed")
            and low not in _NP_PARTICIPLES
            and toks[j - 1].low not in ("the", "a", "an", "of", "and", "-")  # "self-styled": part of a compound
        ):
            return None  # "Thousands of people demonstrated to mark ...": a main verb, no cue for this number
        else:
            np_end = j
        j += 1
        words += tok.text[0].isalpha()
    return None


def _active_object_follows(toks: list[_Tok], j: int) -> bool:
    """Whether the verb at j has an object after it ('killed a policeman', 'shot dead two'): active voice."""
    if j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    return (
        nxt.low in ("a", "an", "the", "him", "her", "them", "his", "their")
        or nxt.text[0].isdigit()
        or (nxt.low in _NUMBER_WORDS)
    )


#: Participles that sit inside a noun phrase after its noun ("militants armed with", "people based in").
_NP_PARTICIPLES = {
    "armed", "based", "suspected", "alleged", "affiliated", "associated", "linked", "related", "banned", "outlawed",
    "proscribed", "wanted", "unidentified", "unarmed", "masked", "hooded", "uniformed", "dressed", "disguised",
    "stationed", "deployed", "posted", "aged", "named", "identified", "displaced", "accused", "charged", "convicted",
    "involved", "loyal",
}  # fmt: skip

_BE_HAVE = {"were", "was", "are", "is", "been", "have", "has", "had", "being", "be", "got", "get"}

#: Words that end a noun phrase as a verb would ("5 people staged", "3 men opened").
_VERBISH = set(
    "attacked opened staged held protested clashed fired stormed raided ambushed blocked marched gathered took "
    "were demanded set torched burned burnt looted threw pelted exchanged engaged claimed said took forced "
    "destroyed damaged stole seized captured".split()
)


def _whose(toks: list[_Tok], text: str, num: _Number, np_end: int) -> str | None:
    if np_end <= num.last:
        return None
    start = toks[num.last + 1].start
    phrase = text[start : toks[np_end].end].strip(" ,")
    if phrase.lower().startswith("of "):
        phrase = phrase[3:]
    if not phrase or phrase.lower() in _GENERIC_WHOSE:
        return None
    return phrase


def _list_members(toks: list[_Tok], nums: list[_Number], idx: int) -> list[int]:
    """Indices of numbers joined to ``nums[idx]`` by 'and'/',' with only a noun phrase between: a list."""
    members = [idx]
    k = idx
    while k + 1 < len(nums):
        cur, nxt = nums[k], nums[k + 1]
        gap = toks[cur.last + 1 : nxt.qual_first]
        if tuple(t.low for t in toks[nxt.last + 1 : nxt.last + 3]) in (("of", "them"), ("of", "whom"), ("of", "which")):
            break  # "10 people, two of them children": a breakdown, not a list
        if not gap or len(gap) > 6 or not any(t.low in ("and", ",", "as") for t in gap):
            break
        if any(
            t.low in _CUES
            or t.low in _SENTENCE_END
            or t.low in _AUX
            or t.low in _BREAKDOWN_BEFORE
            or t.low in ("(", ")", "however", "but", "while", "whereas", "whom")
            or t.low in _VERBISH
            or t.text[0].isdigit()
            or t.low in _NOT_COUNT_BEFORE
            or (len(t.low) > 4 and t.low.endswith(("ed", "ing")))
            for t in gap
        ):
            break
        members.append(k + 1)
        k += 1
    return members


_NP_STOP = {",", "and", "or", "(", "in", "by", "on", "at", "before", "after", "while", "when", "as", "for", "with",
            "from", "to", "during", "near", "who", "which", "that"}  # fmt: skip


def _np_after(toks: list[_Tok], num: _Number) -> int:
    """The last token of the plain noun phrase after a number ('3 Al Shabaab militants')."""
    j = num.last + 1
    end = num.last
    while j < len(toks) and j - num.last <= 5:
        low = toks[j].low
        if low in _SENTENCE_END or low in _CUES or low in _AUX or low in _NP_STOP:
            break
        if toks[j].text[0].islower() and low.endswith(("ing", "ed")) and low not in _NP_PARTICIPLES:
            break
        if toks[j].text[0].isdigit():
            break
        end = j
        j += 1
    return end
