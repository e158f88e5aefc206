"""Figures: the numbers a text reports about an event (killed, injured, arrested, abducted, displaced, damage).

How a number gets its kind, in order:
  1. an active cue right before it: "killing 5", "wounding 12", "arrested 20 people", "the deaths of six";
  2. a cue after it, across the noun phrase and auxiliaries: "5 soldiers were killed", "3 dead", "2 fatalities";
  3. a list: "killing 2 soldiers and 3 civilians" gives the second number the first one's kind.
Numbers that only break down a total ("including 2 children", "(2 kamikazes and 1 civilian)"), ages, times,
distances and dates are not figures, so a total is never counted twice. "no fatalities" / "no one was killed"
give an explicit 0. Number words go through text2num; vague words follow the codebook's conservative reading
(``load_ontology().vague_counts``: dozens 12, hundreds 100); a range gives its low end with qualifier at_least.
Money is read with its currency and scale ("$ 500 billion", "Rs 5 crore", "USD 3.5m").

``fatalities_from`` applies ACLED's rule to the fatality figures: repeated numbers once, a stated total over its
parts, otherwise the sum of distinct victims; no figure -> 0 with the reason recorded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from text_to_num import text2num

from eventx.ontology import load_ontology
from eventx.schema.evidence import FieldEvidence, Figure, FigureKind, Qualifier, Span

__all__ = ["extract_figures", "fatalities_from", "parse_money"]

# ------------------------------------------------------------------------------------------------ vocabulary

_CUE_WORDS: dict[FigureKind, str] = {
    "fatalities": "killed killing kills kill dead died die dies death deaths fatalities fatality slain murdered "
    "murdering lynched beheaded executed bodies body corpses gunned succumbed perished drowned massacred assassinated "
    "assassinating assassination neutralised neutralized eliminated",
    "injured": "injured injuring injures injure injuries injury wounded wounding wounds wound hurt hospitalized "
    "hospitalised",
    "arrested": "arrested arresting arrests arrest detained detaining detain detention apprehended nabbed",
    "abducted": "abducted abducting abduct abduction kidnapped kidnapping kidnaps kidnap hostage hostages",
    "displaced": "displaced displacing displacement fled homeless evacuated",
}
#: Word -> the kind of figure it marks.
_CUES: dict[str, FigureKind] = {w: kind for kind, words in _CUE_WORDS.items() for w in words.split()}

#: Cues that may stand right before a number in the active voice or as a noun with "of" ("the deaths of six").
_ACTIVE_CUES = {
    w
    for w in _CUES
    if w.endswith(("ing", "ed", "s")) or w in ("kill", "death", "arrest", "wounds", "dead", "detention")
} - {"wounds", "bodies", "injuries", "hostages"} | {"injure", "abduct", "kidnap", "detain", "wound"}
#: Auxiliaries, adverbs and participles that may stand between a noun phrase and its cue ("were reportedly shot
#: dead", "was found dead", "were believed to have been killed").
_AUX = set(
    "were was are is been have has had being be got get reportedly allegedly also later all reported confirmed "
    "feared believed to left found shot stabbed burnt burned beaten hacked said subsequently eventually "
    "immediately instantly critically seriously severely fatally slightly badly gravely both sustained suffered "
    "received".split()
)
#: Words between a cue and its number in "killing at least 5", "the deaths of six", "killing a total of 7".
_BETWEEN = set(
    "at least atleast a total of the some about around more than over up to nearly almost an estimated another all "
    "both down".split()
)
_QUAL_BEFORE: tuple[tuple[tuple[str, ...], Qualifier], ...] = (
    (("at", "least"), "at_least"),
    (("atleast",), "at_least"),
    (("more", "than"), "at_least"),
    (("no", "fewer", "than"), "at_least"),
    (("no", "less", "than"), "at_least"),
    (("in", "excess", "of"), "at_least"),
    (("upwards", "of"), "at_least"),
    (("over",), "at_least"),
    (("up", "to"), "at_most"),
    (("as", "many", "as"), "at_most"),
    (("at", "most"), "at_most"),
    (("fewer", "than"), "at_most"),
    (("less", "than"), "at_most"),
    (("nearly",), "at_most"),
    (("almost",), "at_most"),
    (("under",), "at_most"),
    (("about",), "approx"),
    (("around",), "approx"),
    (("approximately",), "approx"),
    (("approx",), "approx"),
    (("roughly",), "approx"),
    (("some",), "approx"),
    (("an", "estimated"), "approx"),
    (("estimated",), "approx"),
    (("close", "to"), "approx"),
)
_BREAKDOWN_BEFORE = {"including", "includes", "include", "among", "incl"}
_NOT_COUNT_AFTER = set(
    "yo y/o year years yr yrs -year -year-old year-old km kms kilometres kilometers km. metres meters miles mile hours "
    "hour hrs minutes days day weeks months % percent per cent am pm a.m. p.m. o'clock times acres hectares "
    "kg tonnes tons litres liters rounds shells st nd rd th brigade battalion division regiment infantry corps "
    "squadron".split()
)
_NOT_COUNT_BEFORE = {
    "aged", "age", "ages", "number", "no", "route", "highway", "km", "page", "article", "section", "battalion",
    "brigade", "division", "regiment", "unit", "ward", "sector", "block", "zone", "phase", "camp", "post", "road",
    "street", "avenue", "flight", "resolution", "tank", "point", "kilometre", "kilometer", "mile", "hill", "height",
}  # fmt: skip
_MONTH_WORDS = set(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec".split()
)
_MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_GENERIC_WHOSE = {"people", "persons", "person", "individuals", "others", "other", "of", "them", "more"}

_NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion".split()
)
_SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "crores": 1e7, "cr": 1e7,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5,
}  # fmt: skip
_CURRENCY_PREFIX: dict[str, str] = {
    "us$": "USD", "usd": "USD", "$": "USD", "rs": "INR", "rs.": "INR", "inr": "INR", "₹": "INR", "€": "EUR",
    "eur": "EUR", "£": "GBP", "gbp": "GBP", "₦": "NGN", "ngn": "NGN", "ksh": "KES", "kshs": "KES", "kes": "KES",
    "tk": "BDT", "tk.": "BDT", "bdt": "BDT", "pkr": "PKR", "etb": "ETB", "zar": "ZAR", "cfa": "XOF", "fcfa": "XAF",
    "xof": "XOF", "xaf": "XAF", "ugx": "UGX", "tzs": "TZS", "ghs": "GHS", "₵": "GHS", "mmk": "MMK", "php": "PHP",
    "₱": "PHP", "lkr": "LKR", "npr": "NPR", "afn": "AFN", "iqd": "IQD", "syp": "SYP", "yer": "YER", "sdg": "SDG",
}  # fmt: skip
_CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "us dollars": "USD", "rupees": "INR", "naira": "NGN", "shillings": "KES", "euros": "EUR",
    "pounds": "GBP", "taka": "BDT", "birr": "ETB", "cedis": "GHS", "rand": "ZAR", "cfa francs": "XOF",
    "francs": "XOF", "kyat": "MMK", "pesos": "PHP", "afghanis": "AFN", "dinars": "IQD",
}  # fmt: skip
_DAMAGE_CUES = re.compile(
    r"\b(?:damag\w*|destr\w+|loss(?:es)?|worth|property|propert(?:y|ies)|looted|loot\w*|burn\w*|torch\w*"
    r"|vandali[sz]\w*|set\s+(?:on\s+)?fire|razed|stole|stolen)\b",
    re.IGNORECASE,
)

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE_RE = r"(?:thousand|million|billion|trillion|crores?|lakhs?|lacs?|mn|mln|bn|tn|cr|k|m|b)\b"
_P_MONEY_PREFIX = re.compile(
    r"(?P<cur>US\$|\$|₹|€|£|₦|₵|₱|(?<![A-Za-z])(?:USD|Rs\.?|INR|EUR|GBP|NGN|KShs?|Kshs?|KES|Tk\.?|BDT|PKR|ETB|ZAR|"
    r"F?CFA|XOF|XAF|UGX|TZS|GHS|MMK|PHP|LKR|NPR|AFN|IQD|SYP|YER|SDG)(?![A-Za-z]))\s?(?P<num>" + _NUM + r")"
    r"(?:\s?(?P<scale>" + _SCALE_RE + r"))?",
)
_P_MONEY_SUFFIX = re.compile(
    r"\b(?P<num>" + _NUM + r")(?:\s?(?P<scale>" + _SCALE_RE + r"))?\s+(?P<curw>US\s+dollars|dollars|rupees|naira|"
    r"shillings|euros|pounds|taka|birr|cedis|rand|CFA\s+francs|francs|kyat|pesos|afghanis|dinars)\b",
    re.IGNORECASE,
)
_P_ZERO = re.compile(
    r"\b(?:no\s+(?:one|body)\s+(?:was|were|has\s+been|had\s+been)\s+(?:reportedly\s+)?(?P<v>killed|injured|hurt|"
    r"wounded|arrested|abducted)|no(?:\s+\w+){0,2}?\s+(?P<n>fatalit(?:y|ies)|deaths?|casualt(?:y|ies)|injur(?:y|ies)"
    r"|arrests?)|no(?:body|\s+one)\s+(?P<v2>died|killed|injured))\b",
    re.IGNORECASE,
)
_P_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[A-Za-z]+(?:['’][a-z]+)?|[^\sA-Za-z\d]")
_SENTENCE_END = {".", ";", ":", "!", "?", "\n"}


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


@dataclass(frozen=True)
class _Number:
    first: int  # token index of the first token of the expression
    last: int  # token index of the last token
    value: float
    vague: bool
    qualifier: Qualifier
    qual_first: int  # first token of the qualifier, or ``first``


@functools.lru_cache(maxsize=1)
def _vague() -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
    """The codebook's vague counts as token tuples, indexed by their first word, longest first."""
    table = sorted(
        ((tuple(k.lower().split()), int(v)) for k, v in load_ontology().vague_counts.items()),
        key=lambda kv: -len(kv[0]),
    )
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for words, value in table:
        index.setdefault(words[0], []).append((words, value))
    return {k: tuple(v) for k, v in index.items()}


def _tokenize(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.group(0).lower(), m.start(), m.end()) for m in _P_TOKEN.finditer(text)]


def _digit_value(tok: str) -> float | None:
    try:
        return float(tok.replace(",", ""))
    except ValueError:
        return None


def _word_number(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    """A run of number words from token i ("twenty five", "two hundred and five"): value and last index."""
    j = i
    words: list[str] = []
    while j < len(toks):
        low = toks[j].low
        if low in _NUMBER_WORDS:
            words.append(low)
            j += 1
        elif low == "-" and words and j + 1 < len(toks) and toks[j + 1].low in _NUMBER_WORDS:
            j += 1
        elif low == "and" and words and j + 1 < len(toks) and toks[j + 1].low in _NUMBER_WORDS - {"hundred"}:
            if words[-1] not in ("hundred", "thousand", "million", "billion"):
                break
            j += 1
        else:
            break
    if not words:
        return None
    if words[0] in ("hundred", "thousand", "million", "billion"):
        words.insert(0, "one")
    try:
        return float(text2num(" ".join(words), "en")), j - 1
    except ValueError:
        return None


def _qualifier(toks: list[_Tok], i: int) -> tuple[Qualifier, int]:
    for words, qual in _QUAL_BEFORE:
        n = len(words)
        if i - n >= 0 and tuple(t.low for t in toks[i - n : i]) == words:
            return qual, i - n
    return "exact", i


def _is_not_count(toks: list[_Tok], first: int, last: int) -> bool:
    """Ages, times, distances, years and days of a month are numbers but not counts."""
    tok = toks[first]
    if tok.text[0].isdigit() and len(tok.text) == 4 and tok.text.isdigit() and 1900 <= int(tok.text) <= 2099:
        return True
    nxt = toks[last + 1].low if last + 1 < len(toks) else ""
    nxt2 = toks[last + 2].low if last + 2 < len(toks) else ""
    prev = toks[first - 1].low if first > 0 else ""
    if nxt in _NOT_COUNT_AFTER or nxt in _MONTH_WORDS or (nxt == "-" and nxt2[:1].isalpha()):
        return True
    if prev in _NOT_COUNT_BEFORE or prev in _MONTH_WORDS or prev in ("#", "/", "no"):
        return True
    if prev == "." and first >= 2 and toks[first - 2].low in _MONTH_ABBREVIATIONS:
        return True  # "Feb. 13", but not "11 January. 21 separatists"
    return nxt in ("/", ":")


def _numbers(toks: list[_Tok], claimed: set[int]) -> list[_Number]:
    """Every count-like number expression: digits, number words, 'a dozen', vague words, ranges."""
    out: list[_Number] = []
    vague = _vague()
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if i in claimed or not (
            tok.text[0].isdigit() or tok.low in _NUMBER_WORDS or tok.low in vague or tok.low in ("a", "an", "half")
        ):
            i += 1
            continue
        value: float | None = None
        last = i
        is_vague = False
        if tok.text[0].isdigit():
            value = _digit_value(tok.text)
            if (
                value is not None
                and i + 1 < n
                and toks[i + 1].low in _SCALES
                and toks[i + 1].low not in ("m", "b", "k")
            ):
                value *= _SCALES[toks[i + 1].low]
                last = i + 1
        elif tok.low in ("half",) and tuple(t.low for t in toks[i + 1 : i + 3]) == ("a", "dozen"):
            value, last = 6.0, i + 2
        elif tok.low in ("a", "an") and i + 1 < n and toks[i + 1].low == "dozen":
            value, last = 12.0, i + 1
        elif tok.low == "a" and tuple(t.low for t in toks[i + 1 : i + 3]) == ("couple", "of"):
            value, last = 2.0, i + 2
        elif tok.low in _NUMBER_WORDS:
            got = _word_number(toks, i)
            if got is not None:
                value, last = got
                if last + 1 < n and toks[last + 1].low == "dozen":
                    value, last = value * 12, last + 1
        elif tok.low in vague:
            for words, v in vague[tok.low]:
                k = len(words)
                if tuple(t.low for t in toks[i : i + k]) == words:
                    nxt = toks[i + k] if i + k < n else None
                    if nxt is not None and (nxt.text[0].isdigit() or nxt.low in _NUMBER_WORDS):
                        break  # "some 20", "several hundred": a qualifier or part of a number, not a vague count
                    value, last, is_vague = float(v), i + k - 1, True
                    break
        if value is None:
            i += 1
            continue
        # A range: "5-7", "5 to 7", "5 or 6": the conservative low end.
        qual, qfirst = _qualifier(toks, i)
        joiners = ("-", "–", "to", "or", "and") if i > 0 and toks[i - 1].low == "between" else ("-", "–", "to", "or")
        if i > 0 and toks[i - 1].low == "between":
            qfirst = i - 1
        if not is_vague and last + 2 < n and toks[last + 1].low in joiners:
            other = toks[last + 2]
            ov = _digit_value(other.text) if other.text[0].isdigit() else None
            if ov is None and other.low in _NUMBER_WORDS:
                got = _word_number(toks, last + 2)
                ov = got[0] if got else None
                end = got[1] if got else last + 2
            else:
                end = last + 2
            if ov is not None and ov > value:
                last = end
                qual = "at_least"
        if not _is_not_count(toks, i, last):
            out.append(_Number(i, last, value, is_vague, qual, qfirst))
        i = last + 1
    return out


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
            and toks[j - 1].low not in ("the", "a", "an", "of", "and")
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


def parse_money(text: str, *, offset: int = 0) -> list[Figure]:
    """Amounts of money with currency and scale: '$ 500 billion', 'Rs 5 crore', 'USD 3.5m', '2 million naira'."""
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_P_MONEY_PREFIX, _P_MONEY_SUFFIX):
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            value = _digit_value(m["num"])
            if value is None:
                continue
            scale = (m["scale"] or "").lower()
            value *= _SCALES.get(scale, 1.0)
            cur = m.groupdict().get("cur")
            if cur is not None:
                code = _CURRENCY_PREFIX.get(cur.lower().replace(" ", ""), cur.upper())
            else:
                code = _CURRENCY_WORDS.get(" ".join(m["curw"].lower().split()), m["curw"])
            sentence = _sentence_around(text, s, e)
            kind: FigureKind = "damage" if _DAMAGE_CUES.search(sentence) else "other"
            taken.append((s, e))
            before = tuple(w.lower() for w in re.findall(r"[A-Za-z]+", text[max(0, s - 40) : s]))
            out.append(
                Figure(
                    kind=kind,
                    value=value,
                    unit=code,
                    qualifier=_money_qualifier(before),
                    text=m.group(0),
                    span=Span(start=s + offset, end=e + offset, text=m.group(0)),
                    whose=None,
                )
            )
    return out


def _money_qualifier(before: tuple[str, ...]) -> Qualifier:
    """'at least $ 500 billion', 'up to Rs 5 crore', 'about USD 3.5m': the words just before the amount."""
    for words, qual in _QUAL_BEFORE:
        if before[-len(words) :] == words:
            return qual
    if before[-1:] in (("about",), ("around",), ("approximately",), ("roughly",), ("some",), ("estimated",)):
        return "approx"
    return "exact"


def _sentence_around(text: str, s: int, e: int) -> str:
    left = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s))
    right_candidates = [p for p in (text.find(". ", e), text.find("\n", e)) if p >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right]


#: ACLED notes sometimes state the coded count outright: "(coded as 13 total fatalities)", "fatalities coded as 10".
_P_CODED_TOTAL = re.compile(
    r"fatalit(?:y|ies)\s+(?:are\s+|were\s+)?coded\s+as\s+(?P<a>\d+)|coded\s+as\s+(?P<b>\d+)\s+(?:total\s+)?fatalit(?:y|ies)"
    r"|\(coded\s+as\s+(?P<c>\d+)\)|(?:^|[.;]\s+)(?P<d>\d+)\s+fatalit(?:y|ies)\s*(?:\.|$)"
    r"|(?P<e>\d+)\s+fatalit(?:y|ies)\s+(?:were\s+|are\s+)?(?:recorded|coded)\s+(?:on|in|for|at)\b(?!\s+(?:an)?other\b)",
    re.IGNORECASE,
)
CODED_TOTAL = "stated coded total"
STATED_TOTAL = "all the dead (a stated total)"
_TOTAL_NOUNS = {"fatalities", "fatality", "deaths", "death"}
CODED_ELSEWHERE = "coded in other events"
SPLIT_ACROSS = "ACLED split the count across events"
_P_CODED_ELSEWHERE = re.compile(
    r"(?P<n>\d+)\s+(?:of\s+the\s+)?fatalit(?:y|ies)\s+(?:were\s+|are\s+)?(?:coded|recorded)\s+in\s+(?:an)?other\s+events?",
    re.IGNORECASE,
)
_P_SPLIT_ACROSS = re.compile(
    r"(?:coded|split|divided|distributed)\s+(?:evenly\s+)?(?:across|between|over)\s+(?P<n>\d+|two|three|four|five|six)"
    r"\s+(?:separate\s+)?events",
    re.IGNORECASE,
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _split_count(text: str) -> int:
    """'(fatalities coded across 2 events)': ACLED divided the count over that many events; 1 when not said."""
    m = _P_SPLIT_ACROSS.search(text)
    if m is None:
        return 1
    raw = m["n"].lower()
    return int(raw) if raw.isdigit() else _SMALL.get(raw, 1)


def _coded_totals(text: str, offset: int) -> list[Figure]:
    out: list[Figure] = []
    for m in _P_CODED_TOTAL.finditer(text):
        value = int(m["a"] or m["b"] or m["c"] or m["d"] or m["e"])
        out.append(
            Figure(
                kind="fatalities",
                value=value,
                unit="people",
                text=m.group(0),
                span=Span(start=m.start() + offset, end=m.end() + offset, text=m.group(0)),
                whose=CODED_TOTAL,
            )
        )
    return out


def _zero_figures(text: str, offset: int) -> list[Figure]:
    out: list[Figure] = []
    for m in _P_ZERO.finditer(text):
        word = (m["v"] or m["n"] or m["v2"] or "").lower()
        if word.startswith(("kill", "fatal", "death", "died", "casualt")):
            kind: FigureKind = "fatalities"
        elif word.startswith(("injur", "hurt", "wound")):
            kind = "injured"
        elif word.startswith("arrest"):
            kind = "arrested"
        elif word.startswith("abduct"):
            kind = "abducted"
        else:
            continue
        out.append(
            Figure(
                kind=kind,
                value=0,
                unit="people",
                qualifier="exact",
                text=m.group(0),
                span=Span(start=m.start() + offset, end=m.end() + offset, text=m.group(0)),
            )
        )
    return out


def extract_figures(text: str, *, offset: int = 0) -> list[Figure]:
    """Every figure in ``text`` (spans shifted by ``offset``), in text order; money first claims its numbers."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    money = parse_money(text, offset=offset)
    toks = _tokenize(text)
    money_spans = [(f.span.start - offset, f.span.end - offset) for f in money if f.span is not None]
    claimed = {i for i, t in enumerate(toks) if any(s <= t.start < e for s, e in money_spans)}
    nums = _numbers(toks, claimed)
    kinds: dict[int, tuple[FigureKind, str | None]] = {}
    extra: list[Figure] = []
    for idx, num in enumerate(nums):
        if idx in kinds:
            continue
        before = toks[num.qual_first - 1].low if num.qual_first > 0 else ""
        before2 = toks[num.qual_first - 2].low if num.qual_first > 1 else ""
        if (
            before in _BREAKDOWN_BEFORE
            or (before == "of" and before2 in ("among", "including"))
            or (before in ("whom", "which") and before2 == "of")
        ):
            continue  # a part of a total already counted
        if _in_breakdown_parenthesis(toks, nums, idx):
            continue  # "3 dead (2 kamikazes and 1 civilian)"
        after = tuple(t.low for t in toks[num.last + 1 : num.last + 3])
        if after in (("of", "them"), ("of", "whom"), ("of", "which"), ("out", "of"), ("of", "those")) and any(
            0 < num.first - other.last <= 10 for other in nums[:idx]
        ):
            continue  # "killed 10 people, two of them children"
        if num.vague and after in (("of", "their"), ("of", "the"), ("of", "them")):
            continue  # "some of their parents": a part of an unknown whole
        left = _left_cue(toks, num)
        if left is not None and (_is_motive(toks, left[1]) or _is_accusation(toks, left[1])):
            continue
        if left is not None:
            kind = left[0]
            before_words = {t.low for t in toks[max(0, num.qual_first - 4) : num.qual_first]}
            if kind == "fatalities" and before_words & {"total", "toll"}:
                kinds[idx] = (kind, STATED_TOTAL)  # "killing a total of 10", "the death toll rose to 12"
                continue
            members = _list_members(toks, nums, idx)
            for k in members:
                right_np = _np_after(toks, nums[k])
                kinds[k] = (kind, _whose(toks, text, nums[k], right_np))
            continue
        right = _right_cue(toks, num)
        if right is not None:
            whose = _whose(toks, text, num, right[2])
            before_words = {t.low for t in toks[max(0, num.qual_first - 3) : num.qual_first]}
            if right[0] == "fatalities" and (
                (whose is None and toks[right[1]].low in _TOTAL_NOUNS) or before_words & {"total", "toll"}
            ):
                whose = STATED_TOTAL  # "2 fatalities", "25 deaths", "a total of 7 people were killed"
            kinds[idx] = (right[0], whose)
            joined = _joined_singular(toks, text, num, right[0], offset)
            if joined is not None:
                extra.append(joined)
            tail = _trailing_singular(toks, text, num, right, offset)
            if tail is not None:
                extra.append(tail)
            continue
        # "2 soldiers and 3 civilians were killed": the list takes the kind of its last member.
        members = _list_members(toks, nums, idx)
        if len(members) > 1:
            tail = _right_cue(toks, nums[members[-1]])
            if tail is not None:
                for k in members:
                    kinds[k] = (tail[0], _whose(toks, text, nums[k], _np_after(toks, nums[k])))
    figures: list[Figure] = list(money) + _zero_figures(text, offset) + _singular_figures(toks, text, nums, offset)
    figures += extra
    for idx, (kind, whose) in sorted(kinds.items()):
        num = nums[idx]
        s, e = toks[num.qual_first].start, toks[num.last].end
        phrase = text[s:e]
        figures.append(
            Figure(
                kind=kind,
                value=num.value,
                unit="people",
                qualifier=num.qualifier,
                vague=num.vague,
                text=phrase,
                span=Span(start=s + offset, end=e + offset, text=phrase),
                whose=whose,
            )
        )
    figures = _with_coding_remarks(figures, text, offset)
    kept = [g for g in (_in_context(f, text, offset) for f in figures) if g is not None]
    kept.sort(key=lambda f: f.span.start if f.span else 0)
    return kept


def _with_coding_remarks(figures: list[Figure], text: str, offset: int) -> list[Figure]:
    """Add what an ACLED note says about its own coding; the numbers inside such remarks are no victims."""
    remarks = _coded_totals(text, offset)
    for m in _P_CODED_ELSEWHERE.finditer(text):
        a, b = m.start() + offset, m.end() + offset
        remarks.append(
            Figure(
                kind="fatalities",
                value=int(m["n"]),
                unit="people",
                text=m.group(0),
                span=Span(start=a, end=b, text=m.group(0)),
                whose=CODED_ELSEWHERE,
            )
        )
    spans = [(f.span.start, f.span.end) for f in remarks if f.span is not None]
    figures = [f for f in figures if not (f.span and any(a <= f.span.start < b for a, b in spans))]
    parts = _split_count(text)
    if parts > 1:
        remarks.append(Figure(kind="other", value=parts, unit="events", text="split across events", whose=SPLIT_ACROSS))
    return figures + remarks


_PEOPLE_KINDS = {"fatalities", "injured", "arrested", "abducted", "displaced"}
_NON_HUMAN = set(
    "cow cows cattle goat goats sheep buffalo buffaloes animals animal livestock camels camel donkeys horses dogs "
    "houses house homes vehicles vehicle motorbikes motorcycles shops cars car trucks buildings huts rounds shells "
    "bombs mines camps oxen ox bulls pigs chickens elephants positions posts bases villages towns lives life "
    "weapons guns rifles ammunition money jobs leg legs limb limbs arm arms hand hands eye eyes".split()
)
_P_PROTEST = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|sit-in|strike|riot\w*|mourners|vigil|marched|march)\b",
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


def _in_breakdown_parenthesis(toks: list[_Tok], nums: list[_Number], idx: int) -> bool:
    """Whether the number sits in a parenthesis opened within a few words after an earlier number."""
    num = nums[idx]
    j = num.qual_first - 1
    while j >= 0 and num.first - j < 12:
        low = toks[j].low
        if low == ")" or low in _SENTENCE_END:
            return False
        if low == "(":
            return any(0 < j - other.last <= 6 for other in nums[:idx])
        j -= 1
    return False


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


_OBJECT_STOP = {
    "and", "in", "on", "at", "by", "with", "who", "which", "that", "after", "when", "while", "near", "from", "during",
    "for", "of", "into", "over", "under", "outside", "inside", "as", "because", "before",
}  # fmt: skip
_SUBJECT_ADVERBS = {"reportedly", "allegedly", "later", "critically", "seriously", "also", "then", "badly"}
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
        prev_kind = _CUES.get(prev) if prev in _ACTIVE_CUES and not prev.endswith("s") else None
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


_BACK_REFERENCES = {"victim", "victims", "deceased", "body", "bodies", "he", "she", "the"}


def _same_count(a: Figure, b: Figure) -> bool:
    """The same number again: for the same or unnamed victims, or far apart in the text (a restatement).

    Two equal numbers close together (40 characters) with different victims ("2 soldiers and 2 civilians") are
    different counts.
    """
    if a.value != b.value:
        return False
    if any(f.whose in ("himself", "herself") for f in (a, b)):
        return False  # the attacker's own death is never a restatement of the victims'
    if a.whose is None or b.whose is None or a.whose.lower() == b.whose.lower():
        return True
    if any(w.whose.lower().split()[0] in _BACK_REFERENCES for w in (a, b)):
        return True  # "the victim", "the deceased": the same person again
    if a.span is None or b.span is None:
        return False
    return abs(a.span.start - b.span.start) > 40


def fatalities_from(figures: list[Figure]) -> tuple[int, FieldEvidence]:
    """ACLED's fatality count from the figures of one event: conservative, no double counting.

    A number repeated for the same (or unnamed) victims counts once; a stated total that equals the sum of
    the other figures is taken alone; otherwise distinct figures (different victims) are added. An explicit
    "no fatalities" gives 0; no fatality figure at all gives 0 too (ACLED's unknown), with that reason.
    """
    elsewhere = sum(int(f.value) for f in figures if f.kind == "fatalities" and f.whose == CODED_ELSEWHERE)
    split = max([int(f.value) for f in figures if f.whose == SPLIT_ACROSS] or [1])
    fat = [f for f in figures if f.kind == "fatalities" and f.whose != CODED_ELSEWHERE]
    main = [f for f in fat if f.whose != ALTERNATIVE]
    if len(main) < len(fat) and any(f.value > 0 for f in main):
        value, ev = fatalities_from(
            main
            + [f for f in figures if f.whose == SPLIT_ACROSS]
            + [f for f in figures if f.kind == "fatalities" and f.whose == CODED_ELSEWHERE]
        )
        alternatives = ", ".join(f.text for f in fat if f.whose == ALTERNATIVE)
        return value, ev.model_copy(update={"reason": f"{ev.reason}; other reports ({alternatives}) set aside"})
    if elsewhere or split > 1:
        value, ev = fatalities_from(fat)
        adjusted = max(0, value - elsewhere) // split
        notes = []
        if elsewhere:
            notes.append(f"minus {elsewhere} coded in other events")
        if split > 1:
            notes.append(f"divided across {split} events as the text says")
        return adjusted, ev.model_copy(update={"reason": f"{ev.reason}; {', '.join(notes)}"})
    if not fat:
        return 0, FieldEvidence(confidence=0.5, reason="no fatality figure in text", method="fallback")
    coded = [f for f in fat if f.whose == CODED_TOTAL]
    if coded:
        f = min(coded, key=lambda g: g.value)
        return int(f.value), FieldEvidence(
            spans=[f.span] if f.span else [], confidence=0.95, reason="the text states the coded fatality total"
        )
    totals = [f for f in fat if f.whose == STATED_TOTAL and f.value > 0]
    if totals:
        f = max(totals, key=lambda g: g.value)
        others = [g for g in fat if g.whose != STATED_TOTAL and g.value > 0]
        if not others or f.value >= max(g.value for g in others):
            reason = "a stated total of the dead" + (
                " (latest and highest of the stated totals)" if len(totals) > 1 else ""
            )
            return int(f.value), FieldEvidence(spans=[f.span] if f.span else [], confidence=0.85, reason=reason)
    nonzero = [f for f in fat if f.value > 0]
    spans = [f.span for f in fat if f.span is not None]
    if not nonzero:
        return 0, FieldEvidence(spans=spans, confidence=0.9, reason="text says no one was killed", method="rule")
    distinct: list[Figure] = []
    for f in nonzero:
        dup = next((d for d in distinct if _same_count(d, f)), None)
        if dup is None:
            distinct.append(f)
    if len(distinct) == 1:
        f = distinct[0]
        reason = "one fatality figure" if len(nonzero) == 1 else "repeated fatality figure counted once"
        if f.vague:
            reason += f" (vague '{f.text}' read by the codebook rule)"
        return int(f.value), FieldEvidence(spans=[f.span] if f.span else [], confidence=0.85, reason=reason)
    values = [f.value for f in distinct]
    for f in distinct if len(distinct) >= 3 else []:
        rest = sum(v for g, v in zip(distinct, values, strict=True) if g is not f)
        if rest == f.value:
            return int(f.value), FieldEvidence(
                spans=[f.span] if f.span else [], confidence=0.8, reason="a stated total equal to the sum of its parts"
            )
    total = int(sum(values))
    return total, FieldEvidence(
        spans=[f.span for f in distinct if f.span is not None],
        confidence=0.7,
        reason=f"sum of {len(distinct)} distinct fatality figures",
        candidates=[f.text for f in distinct],
    )
