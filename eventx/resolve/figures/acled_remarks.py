"""ACLED's own coding remarks: "coded as N", "fatalities coded in other events", counts split across events.

Such notes talk about how ACLED coded the event, not about victims, so the numbers inside them become labelled
figures for ``fatalities_from`` and are kept out of the victim counts.
"""

from __future__ import annotations

import re

from eventx.schema.evidence import Figure, Span

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
