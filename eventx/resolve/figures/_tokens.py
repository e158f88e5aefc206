"""Tokens and numbers: the shared vocabulary, the tokenizer and the reader of digits, number words, vague
counts and their qualifiers.

Every other figures module works on the ``_Tok`` / ``_Number`` lists built here, so the cue words and the number
reading live in one place and the rule modules only decide what a number counts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from text_to_num import text2num

from eventx.ontology import load_ontology
from eventx.schema.evidence import FigureKind, Qualifier

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
    # "12-year-old", not "killing 1 - it can be assumed": the hyphen of a compound touches the number
    joined = nxt == "-" and toks[last + 1].start == toks[last].end
    if nxt in _NOT_COUNT_AFTER or nxt in _MONTH_WORDS or (joined and nxt2[:1].isalpha()):
        return True
    # "March 14" is a day; "On 14 March one soldier was killed" is a count: news writes days in digits
    if prev in _NOT_COUNT_BEFORE or (prev in _MONTH_WORDS and tok.text[0].isdigit()) or prev in ("#", "/", "no"):
        return True
    if prev == "." and first >= 2 and toks[first - 2].low in _MONTH_ABBREVIATIONS:
        return True  # "Feb. 13", but not "11 January. 21 separatists"
    return nxt in ("/", ":")


_RANGE_HEDGES = frozenset({"about", "around", "approximately", "nearly", "almost", "some", "roughly"})


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
            at = last + 2
            if toks[at].low in _RANGE_HEDGES and at + 1 < n:
                at += 1  # "between six and about ten": the hedge belongs to the upper end
            other = toks[at]
            ov = _digit_value(other.text) if other.text[0].isdigit() else None
            if ov is None and other.low in _NUMBER_WORDS:
                got = _word_number(toks, at)
                ov = got[0] if got else None
                end = got[1] if got else at
            else:
                end = at
            if ov is not None and ov > value:
                last = end
                qual = "at_least"
        if not _is_not_count(toks, i, last):
            out.append(_Number(i, last, value, is_vague, qual, qfirst))
        i = last + 1
    return out


def _sentence_around(text: str, s: int, e: int) -> str:
    left = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s))
    right_candidates = [p for p in (text.find(". ", e), text.find("\n", e)) if p >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right]
