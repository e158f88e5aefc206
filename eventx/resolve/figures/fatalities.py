"""Fatalities: ACLED's rule applied to the fatality figures (``fatalities_from``).

Repeated numbers count once, a stated or coded total wins over its parts, otherwise distinct victims are summed;
no figure gives 0 with the reason recorded. Separate from extraction because it only reads finished figures.
"""

from __future__ import annotations

from eventx.resolve.figures.acled_remarks import CODED_ELSEWHERE, CODED_TOTAL, SPLIT_ACROSS, STATED_TOTAL
from eventx.resolve.figures.context import ALTERNATIVE
from eventx.schema.evidence import FieldEvidence, Figure

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
