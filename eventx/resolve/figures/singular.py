"""Singular victims: figures for one person with no number ("a soldier was killed", "killing a civilian",
headlines like "Man shot dead").

One-victim rules have their own subject and object grammar, so they live apart from the numbered counts.
"""

from __future__ import annotations

from eventx.resolve.figures._tokens import (
    _ACTIVE_CUES,
    _AUX,
    _CUES,
    _MONTH_WORDS,
    _NOT_COUNT_AFTER,
    _NUMBER_WORDS,
    _SENTENCE_END,
    _Number,
    _Tok,
)
from eventx.resolve.figures.cues import _VERBISH, _cue_kind, _is_accusation
from eventx.schema.evidence import Figure, FigureKind, Span

_OBJECT_STOP = {
    "and", "in", "on", "at", "by", "with", "who", "which", "that", "after", "when", "while", "near", "from", "during",
    "for", "of", "into", "over", "under", "outside", "inside", "as", "because", "before",
}  # fmt: skip
_SUBJECT_ADVERBS = {"reportedly", "allegedly", "later", "critically", "seriously", "also", "then", "badly"}
#: cues ending in -s that are verbs before a victim ("Boko Haram kills a young member"), unlike "deaths", "arrests"
_THIRD_PERSON_VERBS = frozenset({"kills", "injures", "kidnaps"})
_SINGULAR_BLOCK = {"total", "group", "number", "few", "dozen", "couple", "series", "crowd", "mob", "gang", "lot"}


def _one(
    kind: FigureKind, toks: list[_Tok], text: str, start: int, end: int, whose: tuple[int, int] | None, offset: int
) -> Figure:
    s, e = toks[start].start, toks[end].end
    phrase = text[s:e]
    who = text[toks[whose[0]].start : toks[whose[1]].end] if whose and whose[1] >= whose[0] else None
    return Figure(
        kind=kind,
        value=1,
        unit="people",
        text=phrase,
        span=Span(start=s + offset, end=e + offset, text=phrase),
        whose=who,
    )


def _noun_phrase_end(toks: list[_Tok], j: int, limit: int = 4) -> int:
    """The last word of a short noun phrase starting at token j (no cue, auxiliary, preposition or digit)."""
    end = j
    while end + 1 < len(toks) and end + 1 - j < limit:
        low = toks[end + 1].low
        if not toks[end + 1].text[0].isalpha() or low in _CUES or low in _AUX or low in _OBJECT_STOP:
            break
        end += 1
    return end


_IRREGULAR_PARTICIPLES = {
    "shot",
    "hit",
    "beaten",
    "struck",
    "caught",
    "taken",
    "stabbed",
    "hacked",
    "cut",
    "burnt",
    "stoned",
}


def _subject_cue(toks: list[_Tok], k: int) -> tuple[FigureKind, int] | None:
    """After 'was'/'has been' at k: the cue of a passive ('was killed', 'was shot dead', 'was beaten to death').

    Chains of participles are followed: 'was shot and killed', 'was abducted, tortured, and murdered' (the
    gravest cue wins: a fatality over an injury or an abduction).
    """
    n = len(toks)
    j = k + 1
    found: tuple[FigureKind, int] | None = None
    steps = 0
    while j < n and steps < 10:
        low = toks[j].low
        nxt = toks[j + 1].low if j + 1 < n else ""
        if low == "fatally" and nxt in ("shot", "stabbed", "wounded", "injured"):
            return "fatalities", j + 1
        if low in _SUBJECT_ADVERBS or low in ("been", "and", ",") or (low.endswith("ly") and len(low) > 4):
            j += 1
            steps += 1
            continue
        hit: tuple[FigureKind, int] | None = None
        if low in ("shot", "found") and nxt == "dead":
            hit = ("fatalities", j + 1)
        elif (low.endswith("ed") or low in _IRREGULAR_PARTICIPLES) and nxt == "to":
            if j + 2 < n and toks[j + 2].low == "death":
                hit = ("fatalities", j + 2)  # "was clubbed to death", "was beaten to death"
        elif low == "slain" or (low == "fatally" and nxt in ("shot", "stabbed", "wounded", "injured")):
            hit = ("fatalities", j + (low == "fatally"))
        elif low == "gunned" and nxt == "down":
            hit = ("fatalities", j + 1)
        else:
            kind = _cue_kind(toks, j)
            if kind is not None and low.endswith("ed"):
                hit = (kind, j)
        if hit is not None:
            if found is None or hit[0] == "fatalities":
                found = hit
            if hit[0] == "fatalities":
                return found
            j = hit[1] + 1
        elif (low.endswith("ed") or low in _IRREGULAR_PARTICIPLES) and nxt in ("and", ",", "by"):
            j += 1
        elif low == "by" and found is None:
            # "was targeted by unknown militants and killed": skip the agent up to 'and'
            stop = next((m for m in range(j + 1, min(n, j + 6)) if toks[m].low == "and"), None)
            if stop is None:
                return None
            j = stop
        else:
            break
        steps += 1
    return found


def _singular_figures(toks: list[_Tok], text: str, nums: list[_Number], offset: int) -> list[Figure]:
    """One victim without a numeral: 'killing a civilian', 'shot him dead', 'a man was shot dead', 'he died'."""
    out: list[Figure] = []
    used = {i for num in nums for i in range(num.qual_first, num.last + 1)}
    n = len(toks)
    for j, tok in enumerate(toks):
        if tok.low in ("himself", "herself") and j > 0 and toks[j - 1].low in ("killed", "killing", "blew", "blowing"):
            # a suicide attacker is among the dead ("blew herself up", "killed himself and two others")
            out.append(_one("fatalities", toks, text, j - 1, j, (j, j), offset))
            continue
        if j in used or tok.low not in ("a", "an", "the", "him", "her", "he", "she"):
            continue
        nxt = toks[j + 1].low if j + 1 < n else ""
        if nxt in _SINGULAR_BLOCK:
            continue
        prev = toks[j - 1].low if j > 0 else ""
        if j >= 2 and toks[j - 2].low == "to":
            continue  # "attempted to kill him": no event yet
        verb = prev in _ACTIVE_CUES and (not prev.endswith("s") or prev in _THIRD_PERSON_VERBS)
        prev_kind = _CUES.get(prev) if verb else None
        if (prev == "dead" and j > 1 and toks[j - 2].low == "shot") or (
            prev in ("shot", "stabbed") and j > 1 and toks[j - 2].low == "fatally"
        ):
            prev_kind = "fatalities"
        if prev_kind is not None and _is_accusation(toks, j - 1):
            continue
        if prev_kind == "displaced":
            continue  # "fled the town", "evacuated the area": the object is a place, not one displaced person
        if prev_kind is not None:
            np_end = _noun_phrase_end(toks, j + 1) if tok.low in ("a", "an", "the") and j + 1 < n else j
            if np_end > j and toks[np_end].low in _NOT_PERSONS | {"operation", "plan", "order", "raid"}:
                continue  # "executed the attack"
            if tok.low == "the" and (np_end == j or toks[np_end].low.endswith("s") or toks[j + 1].low in _NUMBER_WORDS):
                continue  # "killing the militants": plural, no count
            whose = (j + 1, np_end) if np_end > j else None
            fig = _one(prev_kind, toks, text, j - 1, max(j, np_end), whose, offset)
            tail = max(j, np_end)
            if tail + 1 < n and toks[tail + 1].low == "of":  # "the chief of the village and his nephew"
                tail = _noun_phrase_end(toks, min(n - 1, tail + 2))
            after = [t.low for t in toks[tail + 1 : tail + 3]]
            if len(after) == 2 and after[0] == "and" and after[1] in ("his", "her", "their", "a", "an"):
                # "killing a man and his daughter": two victims
                end = _noun_phrase_end(toks, tail + 3) if tail + 3 < n else tail + 2
                phrase = text[toks[j - 1].start : toks[end].end]
                fig = fig.model_copy(
                    update={
                        "value": 2,
                        "text": phrase,
                        "span": Span(start=toks[j - 1].start + offset, end=toks[end].end + offset, text=phrase),
                    }
                )
            out.append(fig)
            continue
        if prev == "shot" and tok.low != "the":
            np_end = _noun_phrase_end(toks, j + 1) if tok.low in ("a", "an") and j + 1 < n else j
            if np_end + 1 < n and toks[np_end + 1].low == "dead":
                out.append(
                    _one("fatalities", toks, text, j - 1, np_end + 1, (j + 1, np_end) if np_end > j else None, offset)
                )
                continue
    out.extend(_singular_subjects(toks, text, used, offset))
    out.extend(_headline_singulars(toks, text, used, offset))
    out.extend(_objects_to_death(toks, text, used, offset))
    return out


#: verbs that put a victim "to death" in the active voice ("stone man to death", "beat a thief to death")
_TO_DEATH_VERBS = {
    "beat", "beats", "beating", "stone", "stones", "stoned", "stoning", "hack", "hacks", "hacked", "hacking", "burn",
    "burns", "burned", "burnt", "burning", "stab", "stabs", "stabbed", "stabbing", "club", "clubs", "clubbed",
    "clubbing", "lynch", "lynched", "bludgeon", "bludgeoned", "torture", "tortured", "torturing", "trample",
    "trampled", "batter", "battered", "shoot", "shot", "strangle", "strangled", "lynching", "crush", "crushed",
}  # fmt: skip


#: plural objects with no count, of no -s ("beat the men to death")
_NO_COUNT_OBJECTS = frozenset({"people", "men", "women", "children", "police", "them"})


def _objects_to_death(toks: list[_Tok], text: str, used: set[int], offset: int) -> list[Figure]:
    """One victim put to death in the active voice: 'a mob beat a suspected thief to death', 'Rioting street
    children stone man to death'. The object is one person: 'a'/'an'/'one' or a bare noun in the singular, at most
    four words, between the verb and 'to death' (a count there, 'hacked two farmers to death', is read as a count)."""
    out: list[Figure] = []
    n = len(toks)
    for k in range(n - 1):
        if toks[k].low != "to" or toks[k + 1].low != "death":
            continue
        j = k - 1
        while j >= 0 and k - j <= 5 and toks[j].low not in _TO_DEATH_VERBS:
            j -= 1
        if j < 0 or toks[j].low not in _TO_DEATH_VERBS or j + 1 >= k:
            continue
        obj = toks[j + 1 : k]
        if any(i in used for i in range(j + 1, k)) or any(not t.text[0].isalpha() for t in obj):
            continue
        if any(t.low in _AUX or t.low in _CUES or t.low in _OBJECT_STOP or t.low in _PLURAL_OR_NONE for t in obj):
            continue
        first, last = obj[0].low, obj[-1].low
        if first in ("the", "his", "her", "their", "its") and len(obj) == 1:
            continue
        if first in _NUMBER_WORDS and first not in ("a", "an", "one"):
            continue  # a count, read as such
        if last not in ("him", "her") and (last.endswith("s") or last in _NO_COUNT_OBJECTS):
            continue  # "burned the villagers to death": no count
        if last in _NOT_PERSONS:
            continue
        whose = (j + 1 + (first in ("a", "an", "one", "the")), k - 1)
        out.append(_one("fatalities", toks, text, j, k + 1, whose if whose[1] >= whose[0] else None, offset))
    return out


def _headline_singulars(toks: list[_Tok], text: str, used: set[int], offset: int) -> list[Figure]:
    """Note-style headlines: 'Farmer killed in Selea.', 'Police officer shot dead near X' (one victim)."""
    out: list[Figure] = []
    n = len(toks)
    start = 0
    for k, tok in enumerate(toks):
        if tok.low in _SENTENCE_END:
            start = k + 1
            continue
        if tok.low not in ("killed", "dead", "death", "abducted", "kidnapped", "injured", "wounded") or k == start:
            continue
        if tok.low == "dead":
            if toks[k - 1].low != "shot":
                continue
            cue_start = k - 1  # "X shot dead"
        elif tok.low == "death":
            if k < start + 3 or toks[k - 1].low != "to" or not toks[k - 2].low.endswith("ed"):
                continue
            cue_start = k - 2  # "X hacked to death"
        else:
            cue_start = k
        subject = toks[start:cue_start]
        if not subject or len(subject) > 6:
            continue
        if any(not t.text[0].isalpha() or t.low in _AUX or t.low in _CUES for t in subject):
            continue
        if any(i in used for i in range(start, k + 1)) or subject[-1].low.endswith("s"):
            continue
        if subject[0].low in ("the", "he", "she", "gunmen", "militants", "police", "they", "assailants"):
            continue  # 'the man was killed' is a subject; plural agents are no victims
        nxt = toks[k + 1].low if k + 1 < n else "."
        if nxt not in ("in", "at", "near", "by", "during", "on", ".", ",", "while", "after", "when", "outside", "and"):
            continue  # "Police officer killed a man": active voice
        kind = _CUES[tok.low] if tok.low not in ("dead", "death") else "fatalities"
        first_word = start + 1 if subject[0].low in ("a", "an") else start
        out.append(_one(kind, toks, text, start, k, (first_word, cue_start - 1), offset))
    return out


def _joined_singular(toks: list[_Tok], text: str, num: _Number, kind: FigureKind, offset: int) -> Figure | None:
    """'The doctor and two bystanders were killed': the singular noun phrase before 'and' is one more victim."""
    j = num.qual_first - 1
    if j >= 2 and toks[j].low in ("his", "her", "their") and toks[j - 1].low == "and":
        j -= 1  # "A senior police officer and his three guards were killed"
    if j < 1 or toks[j].low != "and":
        return None
    k = j - 1
    if toks[k].low == ",":
        k -= 1  # "An Army major, and 5 militants were killed"
    last = k
    while k >= 0 and j - k <= 9:
        t = toks[k]
        if t.low in _SENTENCE_END or t.low == "," or t.text[0].isdigit() or t.low in _CUES or t.low in _AUX:
            break
        if t.low in _NUMBER_WORDS or t.low in ("his", "their", "her", "them", "him", "it", "out", "up", "off"):
            return None
        if t.low in _VERBISH or (t.text[0].islower() and t.low.endswith(("ed", "ing"))):
            return None
        k -= 1
    first = k + 1
    if first >= last or toks[first].low not in ("a", "an", "the", "one"):
        return None
    if toks[last].low.endswith("s") and toks[last].low not in ("ss",):
        return None
    return _one(kind, toks, text, first, last, (first + 1, last) if last > first else None, offset)


def _trailing_singular(
    toks: list[_Tok], text: str, num: _Number, right: tuple[FigureKind, int, int], offset: int
) -> Figure | None:
    """'Five policemen and a soldier were killed': 'a soldier' between the count and its cue is one more."""
    for j in range(num.last + 1, right[1]):
        if (
            toks[j].low == "and"
            and j + 2 < right[1]
            and toks[j + 1].low in ("a", "an")
            and (toks[j + 2].low not in _SINGULAR_BLOCK)
        ):
            end = _noun_phrase_end(toks, j + 2) if j + 2 < right[1] else j + 1
            return _one(right[0], toks, text, j + 1, end, (j + 2, end) if end >= j + 2 else None, offset)
    return None


_NOT_PERSONS = set(
    "protest rally meeting attack convoy vehicle house building office truck car pick tank drone aircraft "
    "helicopter boat column checkpoint camp base motorcycle bus".split()
)
_CLAUSE_START = {"who", "which", "that", "when", "while", "after", "before", "where", "but", "and", "as", "because"}
_PLURAL_OR_NONE = {"no", "nobody", "none", "neither", "nor", "they", "both", "all", "were", "are", "their", "them"}


def _singular_subjects(toks: list[_Tok], text: str, used: set[int], offset: int) -> list[Figure]:
    """'X was killed', 'X has been abducted', 'X died': one victim, when the clause has no count of its own."""
    out: list[Figure] = []
    n = len(toks)
    for k, tok in enumerate(toks):
        low = tok.low
        if low == "were":
            got = _joined_subjects(toks, text, used, k, offset)
            if got is not None:
                out.append(got)
            continue
        if low in ("died", "dies", "succumbed"):
            cue: tuple[FigureKind, int] | None = ("fatalities", k)
        elif low in ("was", "is"):
            cue = _subject_cue(toks, k)
        elif low in ("has", "had") and k + 1 < n and toks[k + 1].low == "been":
            cue = _subject_cue(toks, k + 1)
        else:
            continue
        # The subject: back to the clause start; give up on counts, plurals and negations.
        j = k - 1
        ok = True
        while j >= 0 and k - j <= 12:
            t = toks[j]
            if t.low in _SENTENCE_END or t.low in (";",):
                break
            if t.low == ",":
                if j == k - 1:  # "Muhammad Asghar, a police officer, was abducted": skip the apposition
                    j -= 1
                    while j >= 0 and k - j <= 14 and toks[j].low not in (",",) and toks[j].low not in _SENTENCE_END:
                        j -= 1
                    if j >= 0 and toks[j].low == ",":
                        j -= 1
                        continue
                break
            age = (
                (t.text[0].isdigit() or t.low in _NUMBER_WORDS)
                and j + 1 < n
                and (toks[j + 1].low == "-" or toks[j + 1].low in _NOT_COUNT_AFTER)
            )
            if not age and (j in used or t.low in _PLURAL_OR_NONE or t.low in _NUMBER_WORDS or t.text[0].isdigit()):
                ok = False
                break
            if (t.low in _CLAUSE_START and t.low != "and") or t.low in _MONTH_WORDS:
                break  # "On 24 July a villager was kidnapped and killed": the date is no part of the subject
            j -= 1
        if not ok or j == k - 1:
            continue
        subject = (j + 1, k - 1)
        subj_words = {t.low for t in toks[j + 1 : k]}
        if cue is None:
            if low == "was" and subj_words & {"body", "corpse"} and toks[k + 1].low in ("found", "recovered"):
                cue = ("fatalities", k + 1)
            else:
                continue
        if toks[k - 1].low in _NOT_PERSONS or subj_words & {"protest", "rally", "meeting", "attack"}:
            continue  # "the convoy was ..." is no person
        if subj_words & {"whether", "if", "unclear", "may", "might", "possibly", "feared"}:
            continue  # "It is unclear whether he was killed"
        while subject[0] <= subject[1] and toks[subject[0]].low in ("a", "an", ","):
            subject = (subject[0] + 1, subject[1])  # 'the' is kept: a definite subject refers back
        out.append(_one(cue[0], toks, text, j + 1, cue[1], subject if subject[0] <= subject[1] else None, offset))
        used.update(range(j + 1, cue[1] + 1))
    return out


def _joined_subjects(toks: list[_Tok], text: str, used: set[int], k: int, offset: int) -> Figure | None:
    """'A JCD activist and a Jubo Dal man were killed': each singular conjunct is one victim."""
    cue = _subject_cue(toks, k)
    if cue is None:
        return None
    j = k - 1
    while j >= 0 and k - j <= 16:
        t = toks[j]
        if t.low in _SENTENCE_END or t.low in _CLAUSE_START - {"and"} or j in used or t.text[0].isdigit():
            break
        if t.low in _NUMBER_WORDS - {"one"} or t.low in _PLURAL_OR_NONE - {"were"}:
            return None
        j -= 1
    first = j + 1
    if first >= k:
        return None
    conjuncts: list[list[_Tok]] = [[]]
    for t in toks[first:k]:
        if t.low in ("and", ","):
            if conjuncts[-1]:
                conjuncts.append([])
        else:
            conjuncts[-1].append(t)
    conjuncts = [c for c in conjuncts if c]
    if len(conjuncts) < 2 or conjuncts[0][0].low not in ("a", "an", "one", "another"):
        return None
    if any(c[0].low not in ("a", "an", "one", "another", "his", "her", "their") for c in conjuncts[1:]):
        return None  # "A defense volunteer and his wife were shot dead": two
    if any(c[-1].low.endswith("s") and len(c) > 1 for c in conjuncts):
        return None
    s_, e_ = toks[first].start, toks[cue[1]].end
    phrase = text[s_:e_]
    used.update(range(first, cue[1] + 1))
    return Figure(
        kind=cue[0],
        value=len(conjuncts),
        unit="people",
        text=phrase,
        span=Span(start=s_ + offset, end=e_ + offset, text=phrase),
        whose=text[toks[first].start : toks[k - 1].end],
    )
