"""Dates: find every date mention in a text and pick the event's date, with ACLED's time precision and evidence.

Why not ``dateparser.search`` over the whole text: it costs seconds per article without a language set, finds
"may" and "March" in ordinary prose, reads "2-3" as 3 February and "2014, a second" as a date. So mentions are
found by a compiled candidate finder (this module's regular expressions), the common closed forms
("9 May 2020", "May 9, 2020", "2020-05-09", "in March 2019") are read directly, which is exact and fast, and the
open relative forms ("two days ago", "three weeks ago") are handed one by one to dateparser with
``languages=["en"]``, ``RELATIVE_BASE`` = the publication date and ``PREFER_DATES_FROM="past"``.
Weekdays, "over the weekend", "earlier this month" and "mid-November" are read here because dateparser gets them
wrong or returns nothing (GUIDE section 4).

Time precision follows ACLED: 1 the day is known, 2 a week or weekend (or "around"/"as reported on" a day),
3 only the month. A month-precision date is coded to the 15th, as ACLED exports do.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from eventx.schema.evidence import FieldEvidence, Span

__all__ = ["DateMention", "DateResult", "find_dates", "is_future", "resolve_date"]

#: Mention kinds, in the order resolve_date prefers them when no span is given (lower is better).
KIND_RANK: dict[str, int] = {
    "absolute": 0,
    "range": 0,
    "relative": 1,
    "weekday": 1,
    "month": 2,
    "dateline": 4,
}
_CONFIDENCE: dict[str, float] = {
    "absolute": 0.95,
    "range": 0.85,
    "relative": 0.85,
    "weekday": 0.8,
    "month": 0.7,
    "dateline": 0.6,
}


@dataclass(frozen=True)
class DateMention:
    """One date mention: its character span (article offsets), the date it names and how precisely."""

    start: int
    end: int
    text: str
    date: dt.date
    time_precision: int
    kind: str  # absolute | range | relative | weekday | month | dateline


@dataclass(frozen=True)
class DateResult:
    """The event date chosen for a passage; ``date`` is None only when neither text nor publication date gives one."""

    date: dt.date | None
    time_precision: int | None
    evidence: FieldEvidence


# --------------------------------------------------------------------------------------------------- vocabulary

_MONTH_NAMES = "january february march april may june july august september october november december".split()
#: Month names and their three-letter forms (and "sept") -> month number.
_MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}

_WEEKDAYS = {
    name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip

_MONTH = (
    r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<{g}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


def _m(g: str = "m") -> str:
    return _MONTH.format(g=g)


def _d(g: str = "d") -> str:
    return _DAY.format(g=g)


def _y(g: str = "y") -> str:
    return _YEAR.format(g=g)


_SEP = r"\s*(?:-|–|—|to|and|&|through|until)\s*"
_NUM_WORD = (
    r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)"
)
_NOT_AFTER = r"(?![\d,.]*\d)"  # a day number must not run on into a larger number ("May 10,000")

_F = re.IGNORECASE

# Each pattern is tried in this order; a later pattern never takes characters an earlier one claimed.
_P_ISO = re.compile(r"\b" + _y() + r"-(?P<mo>0?[1-9]|1[0-2])-" + _d() + r"\b")
_P_RANGE_DMDMY = re.compile(
    r"\b"
    + _d("d1")
    + r"\s+(?:of\s+)?"
    + _m("m1")
    + _SEP
    + _d("d2")
    + r"\s+(?:of\s+)?"
    + _m("m2")
    + r",?\s+"
    + _y()
    + r"\b",
    _F,
)
_P_RANGE_DDMY = re.compile(
    r"\b" + _d("d1") + _SEP + _d("d2") + r"\s+(?:of\s+)?" + _m() + r"(?:,?\s+" + _y() + r")?\b" + _NOT_AFTER, _F
)
_P_RANGE_MDDY = re.compile(
    r"\b" + _m() + r"\s+" + _d("d1") + _SEP + _d("d2") + r"(?:,?\s+" + _y() + r")?\b" + _NOT_AFTER, _F
)
_P_DMY = re.compile(r"\b" + _d() + r"\s+(?:of\s+|day\s+of\s+)?" + _m() + r",?\s+" + _y() + r"\b", _F)
_P_MDY = re.compile(r"\b" + _m() + r"\s+" + _d() + r"\b,?\s+" + _y() + r"\b", _F)
_P_NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<y>(?:19|20)\d\d)\b")
#: "on 06/04", "the night of 26/01": day and month in figures, no year (Somali, Kenyan and other notes and news).
#: Only after a word that introduces a date, so that "24/7" or "2/3 of the votes" are no dates.
_P_NUMERIC_DM = re.compile(r"(?<![\w/.-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?![\d/]|[.-]\d)")
_P_NUMERIC_DM_BEFORE = re.compile(r"\b(?:on|of|since|from|until|till|by|before|after|between|and)\s+$", _F)
_P_DM = re.compile(r"\b" + _d() + r"\s+(?:of\s+)?" + _m() + r"\b" + _NOT_AFTER, _F)
_P_MD = re.compile(r"\b" + _m() + r"\s+" + _d() + r"\b" + _NOT_AFTER, _F)
_P_PART_MONTH = re.compile(
    r"\b(?P<part>early|mid|late|end of|the end of|beginning of|the beginning of|start of|the start of|middle of"
    r"|the middle of|first half of|second half of)[\s-]+(?:the\s+month\s+of\s+)?" + _m() + r"(?:,?\s+" + _y() + r")?\b",
    _F,
)
_P_MY = re.compile(r"\b" + _m() + r",?\s+(?:of\s+)?" + _y() + r"\b", _F)
_P_MONTH_ALONE = re.compile(
    r"\b(?P<prep>in|during|throughout|last|this|past)\s+(?:the\s+month\s+of\s+)?" + _m() + r"\b(?!\s*\d)", _F
)
_P_WEEKDAY = re.compile(
    r"\b(?:(?P<q>last|this|past|previous|on|early|late)\s+)?" + _WD + r"\b"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?",
    _F,
)
_P_RELATIVE = re.compile(
    r"\b(?P<rel>the\s+day\s+before\s+yesterday|yesterday|last\s+night|overnight|earlier\s+today|today|tonight"
    r"|this\s+(?:morning|afternoon|evening)|early\s+this\s+morning"
    r"|(?:over|during|at|on)\s+the\s+(?:past\s+|last\s+)?weekend(?!\s+of\b)|(?:last|this|past)\s+weekend"
    r"|earlier\s+(?:this|in\s+the)\s+week|(?:last|this|past|previous)\s+week(?!\s+of\b)|a\s+week\s+ago"
    r"|earlier\s+(?:this|in\s+the)\s+month|(?:last|this|past|previous)\s+month)\b",
    _F,
)
_P_AGO = re.compile(r"\b" + _NUM_WORD + r"\s+(?P<unit>days?|weeks?|months?|fortnights?)\s+ago\b", _F)

#: Words before a day that make ACLED code the week, not the day: "Around 18 July 2020", "As reported on 4 Oct".
_P_APPROX_BEFORE = re.compile(
    r"(?:\baround|\babout|\bapproximately|\bcirca|\bc\.|\breported\s+on|\bweek\s+of|\bweekend\s+of)\s*$", _F
)
_P_WEEK_AFTER = re.compile(r"^\s*\((?:the\s+)?week\s+of\)", _F)
_P_MONTH_AFTER = re.compile(r"^\s*\((?:the\s+)?month\s+of\)", _F)
_P_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Za-z .'’-]{1,40},(?:\s+[A-Za-z .'’-]{1,30},)?\s*$")
_P_DATELINE_START = re.compile(r"\s*[A-Z][A-Za-z .'’-]{1,40},")
#: Words before a mention that make it the date of something else: "since 17 April", "scheduled for today".
_P_BACKGROUND_BEFORE = re.compile(
    r"(?:\bsince|\buntil|\btill|\bby(?:\s+the)?|\bahead\s+of|\bscheduled\s+(?:for|on)|\bprior\s+to|\bbefore"
    r"|\bdeadline\s+of|\bdue\s+on)\s*(?:on\s+|the\s+)?$",
    _F,
)
#: A weekday's day of the month in brackets right after it: "on Wednesday (13)".
_P_DAY_IN_BRACKETS = re.compile(r"\s*\((\d{1,2})(?:th|st|nd|rd)?\)")
#: A weekday used as an adjective names another event: "Monday's attack", "the Saturday attack", "a Sunday paper".
_P_WEEKDAY_ADJECTIVE_BEFORE = re.compile(r"\b(?:a|an|the|last|this)\s*$", _F)
#: A mention this long before publication dates background (an anniversary, an old attack), not the event.
BACKGROUND_DAYS = 366


# ------------------------------------------------------------------------------------------------------ helpers


def _month(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


#: Month names that are also English words, so that text in lower case cannot tell them as months when alone.
_WORD_MONTHS = frozenset({"may", "march", "mar"})


def _capitalised(token: str, c: _Ctx | None = None, *, alone: bool = False) -> bool:
    """Guard against "may"/"march"/"sat" as ordinary words: a month without both day and year must be capitalised.
    Text written all in lower case (some feeds lower-case everything) has no capitals to tell by: there a month with
    a day or a year counts, and a month alone unless it is also a word ("in may", "this march")."""
    if token[:1].isupper():
        return True
    if c is None or not c.caseless:
        return False
    return not alone or token.lower().rstrip(".") not in _WORD_MONTHS


#: A day and month without a year up to this many days after publication is that coming day ("the march 15
#: programme" in a paper of 13 March), not the same day almost a year before.
NEAR_FUTURE_DAYS = 14


def _infer_year(month: int, day: int, base: dt.date | None, year_hint: int | None) -> int | None:
    """A day and month without a year: the year of another dated mention, else the latest such day not after base,
    unless it is a day of the next two weeks (a plan or an announcement, which :func:`is_future` then keeps from
    dating an event)."""
    if year_hint is not None:
        return year_hint
    if base is None:
        return None
    year = base.year
    cand = _safe_date(year, month, min(day, 28) if month == 2 and day == 29 else day)
    if cand is not None and cand > base + dt.timedelta(days=NEAR_FUTURE_DAYS):
        year -= 1
    return year


def is_future(mention: DateMention, published: dt.datetime | dt.date | None) -> bool:
    """Whether a mention names a day after publication (a plan, a deadline, an announced march): never the day of an
    event the article reports. A day's slack is kept for time zones."""
    base = _as_date(published)
    return base is not None and mention.date > base + dt.timedelta(days=1)


def _as_date(value: dt.datetime | dt.date | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"published must be a datetime, a date or None, not {type(value).__name__}")


def _previous_weekday(base: dt.date, weekday: int, *, allow_same: bool) -> dt.date:
    delta = (base.weekday() - weekday) % 7
    if delta == 0 and not allow_same:
        delta = 7
    return base - dt.timedelta(days=delta)


def _sub_months(d: dt.date, n: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) - n
    return total // 12, total % 12 + 1


@functools.lru_cache(maxsize=4096)
def _dateparser_relative(phrase: str, base: dt.date) -> tuple[dt.date, str] | None:
    """Hand one relative candidate ("two days ago") to dateparser, the publication date as RELATIVE_BASE.

    A parser is built per (phrase, base) because RELATIVE_BASE is a construction setting; about 1 ms, and the
    answers are cached. English only: 2.1 s -> 7 ms per article in GUIDE's measurement.
    """
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


# ------------------------------------------------------------------------------------------------------ finder


@dataclass(frozen=True)
class _Ctx:
    text: str
    base: dt.date | None
    year_hint: int | None
    caseless: bool = False  # the text is all in lower case: capitals tell nothing


_Handler = Callable[[re.Match[str], _Ctx], tuple[dt.date, int, str] | None]


def _h_iso(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    d = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return (d, 1, "absolute") if d else None


def _h_dmy(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    d = _safe_date(int(m["y"]), _month(m["m"]), int(m["d"]))
    return (d, 1, "absolute") if d else None


def _h_numeric(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    # Day first (most of ACLED's world); month first only where day-first is impossible.
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    d = _safe_date(y, b, a) or _safe_date(y, a, b)
    return (d, 1, "absolute") if d else None


def _h_numeric_day_month(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    # Day first, as in _h_numeric; month first only where day first is impossible ("on 4/25").
    if not _P_NUMERIC_DM_BEFORE.search(m.string[max(0, m.start() - 10) : m.start()]):
        return None
    a, b = int(m["a"]), int(m["b"])
    day, month = (a, b) if 1 <= b <= 12 else (b, a)
    if not 1 <= month <= 12:
        return None
    year = _infer_year(month, day, c.base, c.year_hint)
    if year is None:
        return None
    d = _safe_date(year, month, day)
    return (d, 1, "absolute") if d else None


def _range(y: int | None, m1: int, d1: int, m2: int, d2: int) -> tuple[dt.date, int, str] | None:
    """A span of days: coded to its first day; precision 1 for two consecutive days, else 2 (a week)."""
    if y is None:
        return None
    first = _safe_date(y, m1, d1)
    last = _safe_date(y, m2, d2)
    if first is None or last is None:
        return None
    if last < first:  # "28 December - 2 January 2020": the first day is in the year before
        first = _safe_date(y - 1, m1, d1) or first
    days = (last - first).days
    if days < 0 or days > 31:
        return None
    return first, (1 if days <= 1 else 2 if days <= 7 else 3), "range"


def _h_range_dmdmy(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    return _range(int(m["y"]), _month(m["m1"]), int(m["d1"]), _month(m["m2"]), int(m["d2"]))


def _h_range_same_month(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    if not _capitalised(m["m"], c):
        return None
    month, d1, d2 = _month(m["m"]), int(m["d1"]), int(m["d2"])
    year = int(m["y"]) if m["y"] else _infer_year(month, d1, c.base, c.year_hint)
    return _range(year, month, d1, month, d2)


def _h_day_month(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    if not _capitalised(m["m"], c):
        return None
    month, day = _month(m["m"]), int(m["d"])
    year = _infer_year(month, day, c.base, c.year_hint)
    if year is None:
        return None
    d = _safe_date(year, month, day)
    return (d, 1, "absolute") if d else None


_PART_DAY = {"early": 5, "beginning of": 5, "start of": 5, "first half of": 8, "mid": 15, "middle of": 15}
_PART_DAY.update({"late": 25, "end of": 25, "second half of": 23})


def _h_part_month(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    """'early/mid/late November': the month is known, the part of it only roughly: precision 3, day 5/15/25."""
    if not _capitalised(m["m"], c, alone=True):
        return None
    part = m["part"].lower().removeprefix("the ")
    month = _month(m["m"])
    day = _PART_DAY.get(part, 15)
    year = int(m["y"]) if m["y"] else _infer_year(month, day, c.base, c.year_hint)
    if year is None:
        return None
    return dt.date(year, month, day), 3, "month"


def _h_month_year(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    if not _capitalised(m["m"], c):
        return None
    return dt.date(int(m["y"]), _month(m["m"]), 15), 3, "month"


def _h_month_alone(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    if not _capitalised(m["m"], c, alone=True):  # "in may", "this march" are not months
        return None
    month = _month(m["m"])
    prep = m["prep"].lower()
    if c.base is None and c.year_hint is None:
        return None
    if c.year_hint is not None and prep not in ("last", "past"):
        year = c.year_hint
    else:
        assert c.base is not None
        year = c.base.year if month <= c.base.month else c.base.year - 1
        if prep in ("last", "past") and month == c.base.month:
            year -= 1
    return dt.date(year, month, 15), 3, "month"


def _h_weekday(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    """'on Tuesday': the last Tuesday up to publication. The publication's own weekday is that same day: wire copy names
    the current day by its weekday ("Police said on Tuesday", written on a Tuesday), and a week-old day is "last
    Tuesday". dateparser's reading (a week back) is the GUIDE's listed pitfall."""
    if c.base is None or not (m["wd"][0].isupper() or c.caseless):
        return None
    if c.text.startswith(("'s", "’s"), m.end()) or (
        not m["q"] and _P_WEEKDAY_ADJECTIVE_BEFORE.search(c.text[max(0, m.start() - 6) : m.start()])
    ):
        return None
    q = (m["q"] or "").lower()
    weekday = _WEEKDAYS[m["wd"].lower()]
    allow_same = q not in ("last", "past", "previous")
    day = _P_DAY_IN_BRACKETS.match(c.text, m.end())
    if day is not None:
        # "on Wednesday (13)", the South Asian press's way: that weekday falling on the 13th, nearest before base
        hit = _weekday_on_day(c.base, weekday, int(day.group(1)))
        if hit is not None:
            return hit, 1, "weekday"
    return _previous_weekday(c.base, weekday, allow_same=allow_same), 1, "weekday"


def _weekday_on_day(base: dt.date, weekday: int, day: int) -> dt.date | None:
    """The latest date up to ``base`` (+1 day) that is the ``day``-th of its month and falls on ``weekday``, within
    the six weeks before it (the bracketed day is for recent days; a match months back is a coincidence)."""
    y, mth = base.year, base.month
    for _ in range(3):
        d = _safe_date(y, mth, day)
        if (
            d is not None
            and base - dt.timedelta(days=42) <= d <= base + dt.timedelta(days=1)
            and d.weekday() == weekday
        ):
            return d
        y, mth = (y, mth - 1) if mth > 1 else (y - 1, 12)
    return None


def _h_relative(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    if c.base is None:
        return None
    rel = " ".join(m["rel"].lower().split())
    base = c.base
    if rel in (
        "today",
        "tonight",
        "earlier today",
        "this morning",
        "this afternoon",
        "this evening",
        "early this morning",
    ):
        return base, 1, "relative"
    if rel in ("yesterday", "last night", "overnight"):
        return base - dt.timedelta(days=1), 1, "relative"
    if rel == "the day before yesterday":
        return base - dt.timedelta(days=2), 1, "relative"
    if "weekend" in rel:
        # The last Saturday strictly before the publication day (a Sunday paper's "weekend" began yesterday).
        return _previous_weekday(base - dt.timedelta(days=1), 5, allow_same=True), 2, "relative"
    if rel in ("earlier this week", "earlier in the week", "this week"):
        monday = base - dt.timedelta(days=base.weekday())
        return (monday if monday < base else base), 2, "relative"
    if rel.endswith("week") or rel == "a week ago":
        return base - dt.timedelta(days=7), 2, "relative"
    if rel in ("earlier this month", "earlier in the month", "this month"):
        # The middle of the part of the month already past.
        return base.replace(day=max(1, (base.day + 1) // 2)), 3, "relative"
    if rel.endswith("month"):
        y, mo = _sub_months(base, 1)
        return dt.date(y, mo, 15), 3, "relative"
    return None


def _h_ago(m: re.Match[str], c: _Ctx) -> tuple[dt.date, int, str] | None:
    if c.base is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else _SMALL_NUMBERS.get(raw)
    if n is None:
        return None
    if unit == "fortnight":
        n, unit = n * 2, "week"
    parsed = _dateparser_relative(f"{n} {unit}s ago", c.base)
    if parsed is None:
        return None
    d, period = parsed
    precision = {"day": 1, "week": 2, "month": 3}.get(period, 1)
    if unit == "month":
        d, precision = d.replace(day=15), 3
    elif raw in ("a few", "several") and precision == 1:
        precision = 2  # "a few days ago": about that day, not exactly it
    return d, precision, "relative"


_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_P_ISO, _h_iso),
    (_P_RANGE_DMDMY, _h_range_dmdmy),
    (_P_RANGE_DDMY, _h_range_same_month),
    (_P_RANGE_MDDY, _h_range_same_month),
    (_P_DMY, _h_dmy),
    (_P_MDY, _h_dmy),
    (_P_NUMERIC, _h_numeric),
    (_P_NUMERIC_DM, _h_numeric_day_month),
    (_P_PART_MONTH, _h_part_month),
    (_P_DM, _h_day_month),
    (_P_MD, _h_day_month),
    (_P_MY, _h_month_year),
    (_P_MONTH_ALONE, _h_month_alone),
    (_P_AGO, _h_ago),
    (_P_RELATIVE, _h_relative),
    (_P_WEEKDAY, _h_weekday),
)
_YEARFUL = (_P_ISO, _P_DMY, _P_MDY, _P_NUMERIC, _P_RANGE_DMDMY, _P_MY)
_QUICK = re.compile(
    r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|night|week|month|ago|morning|afternoon|evening", _F
)


def _year_hint(text: str, base: dt.date | None = None) -> int | None:
    """The year of the first fully dated mention, used for day-month mentions in the same passage.

    With a publication date, background mentions give no year (the date then decides): one after "since", "until",
    "scheduled on" ..., or one in a year before last. "On 26 Jan ... since February 2017" in a 2019 article is 26
    January 2019. Without one, any year in the text is better than none."""
    found = [m for pat in _YEARFUL for m in pat.finditer(text) if m["y"]]
    behind = []
    if base is not None:
        behind = [m.span() for m in found if _P_BACKGROUND_BEFORE.search(text[max(0, m.start() - 24) : m.start()])]
    for m in found:
        year = int(m["y"])
        if base is not None and not base.year - 1 <= year <= base.year:
            continue
        if any(s < m.end() and m.start() < e for s, e in behind):  # also "Dec 2018" inside "on 31 Dec 2018"
            continue
        return year
    return None


def _adjust_precision(text: str, start: int, end: int, precision: int) -> int:
    """ACLED's own hedges: 'Around 18 July', 'As reported on 4 Oct' -> week; '(month of)' -> month."""
    after = text[end : end + 16]
    if _P_MONTH_AFTER.match(after):
        return 3
    if precision == 1 and (_P_WEEK_AFTER.match(after) or _P_APPROX_BEFORE.search(text[max(0, start - 24) : start])):
        return 2
    return precision


def _iter_mentions(text: str, base: dt.date | None) -> Iterator[DateMention]:
    if not _QUICK.search(text):
        return
    from eventx.resolve.places import is_caseless

    ctx = _Ctx(text=text, base=base, year_hint=_year_hint(text, base), caseless=is_caseless(text))
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            got = handler(m, ctx)
            if got is None:
                continue
            day, precision, kind = got
            precision = _adjust_precision(text, s, e, precision)
            if kind == "absolute" and s < 120 and _P_DATELINE_BEFORE.match(text[:s]):
                kind = "dateline"
            taken.append((s, e))
            found.append(DateMention(s, e, m.group(0), day, precision, kind))
    found.sort(key=lambda x: x.start)
    yield from found


# ------------------------------------------------------------------------------------------------------ API


def find_dates(text: str, published: dt.datetime | dt.date | None, *, offset: int = 0) -> list[DateMention]:
    """Every date mention in ``text``, in text order, with spans shifted by ``offset``.

    ``published`` is the base for relative mentions ("yesterday", "on Tuesday") and for the year of "9 May";
    without it those are left out unless another mention in the text carries the year.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    base = _as_date(published)
    if base is None and _P_DATELINE_START.match(text):
        # A dateline ("KABUL, May 9, 2020 -") stands in for a missing publication date.
        first = next(iter(_iter_mentions(text[:200], None)), None)
        if first is not None and first.kind == "dateline":
            base = first.date
    mentions = list(_iter_mentions(text, base))
    if offset:
        mentions = [
            DateMention(m.start + offset, m.end + offset, m.text, m.date, m.time_precision, m.kind) for m in mentions
        ]
    return mentions


def _is_background(m: DateMention, text: str, base: dt.date | None) -> bool:
    """A mention that dates something other than the event (spans are offsets in ``text``)."""
    if base is not None and ((base - m.date).days > BACKGROUND_DAYS or is_future(m, base)):
        return True
    return bool(_P_BACKGROUND_BEFORE.search(text[max(0, m.start - 24) : m.start]))


def _choose(mentions: list[DateMention], span: Span | None) -> tuple[DateMention, str]:
    if span is not None:
        inside = [m for m in mentions if m.start < span.end and span.start < m.end]
        if inside:
            return inside[0], "date mention in the given span"
        nearest = min(mentions, key=lambda m: min(abs(m.start - span.end), abs(span.start - m.end)))
        return nearest, "no date in the given span: nearest date mention"
    body = [m for m in mentions if m.kind != "dateline"] or mentions
    best_rank = min(KIND_RANK.get(m.kind, 9) for m in body)
    if body[0].kind != "dateline" and KIND_RANK.get(body[0].kind, 9) <= best_rank + 1:
        # The first mention usually dates the event ("On 9 May 2020, ..."); only a far finer one overrides it.
        return body[0], "first date mention"
    best = min(body, key=lambda m: (KIND_RANK.get(m.kind, 9), m.start))
    return best, "finest date mention"


def resolve_date(
    text: str,
    published: dt.datetime | dt.date | None,
    *,
    span: Span | None = None,
    context: str | None = None,
) -> DateResult:
    """The event date for a passage, with evidence.

    Preference: the mention inside ``span`` (offsets in ``text``); else the first (or a much finer) foreground
    mention in ``text``; else one in ``context`` (e.g. the article around the sentence); else the publication
    date with precision 2 (the event happened on or shortly before it) and the reason recorded; else no date,
    said so. Background mentions ("since 17 April", "scheduled for today", a date over a year before
    publication, a day after it) date something else and are only kept as candidates.
    """
    base = _as_date(published)
    scope, mentions = text, find_dates(text, base)
    if not mentions and context:
        scope, mentions, span = context, find_dates(context, base), None
    from_context = scope is not text
    if span is not None:  # the span's mention is taken even as background, never when it is a day still to come
        foreground = [m for m in mentions if not is_future(m, base)]
    else:
        foreground = [m for m in mentions if not _is_background(m, scope, base)]
    if foreground:
        chosen, why = _choose(foreground, span)
        if from_context:
            why = f"no date in passage: {why} of the context"
        evidence = FieldEvidence(
            spans=[] if from_context else [Span(start=chosen.start, end=chosen.end, text=chosen.text)],
            confidence=_CONFIDENCE.get(chosen.kind, 0.5) * (0.8 if from_context else 1.0),
            reason=f"{why} ({chosen.kind}, precision {chosen.time_precision})",
            method="rule",
            candidates=[f"{m.date.isoformat()} ({m.text})" for m in mentions if m is not chosen],
        )
        return DateResult(chosen.date, chosen.time_precision, evidence)
    candidates = [f"{m.date.isoformat()} ({m.text})" for m in mentions]
    if base is not None:
        reason = (
            "only background dates in text (since/until/over a year old): used publication date, precision 2"
            if mentions
            else "no date in text: used publication date, precision 2 (event on or shortly before it)"
        )
        return DateResult(
            base, 2, FieldEvidence(confidence=0.3, reason=reason, method="fallback", candidates=candidates)
        )
    reason = "no date in text and no publication date: no date"
    if mentions:
        reason = "only background dates in text and no publication date: no date"
    return DateResult(
        None, None, FieldEvidence(confidence=0.0, reason=reason, method="fallback", candidates=candidates)
    )
