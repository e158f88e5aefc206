"""Counts: ``extract_figures``, the driver that turns every number in a text into a figure, plus explicit zeros
("no fatalities", "no one was killed") and the breakdown / noun-phrase helpers it uses.

It combines the other modules: money first, then numbered and vague counts by cue, singular victims, ACLED
remarks and the context filters.
"""

from __future__ import annotations

import re

from eventx.resolve.figures._tokens import _BREAKDOWN_BEFORE, _SENTENCE_END, _Number, _numbers, _Tok, _tokenize
from eventx.resolve.figures.acled_remarks import _TOTAL_NOUNS, STATED_TOTAL, _with_coding_remarks
from eventx.resolve.figures.context import _in_context
from eventx.resolve.figures.cues import (
    _is_accusation,
    _is_motive,
    _left_cue,
    _list_members,
    _np_after,
    _right_cue,
    _whose,
)
from eventx.resolve.figures.money import parse_money
from eventx.resolve.figures.singular import _joined_singular, _singular_figures, _trailing_singular
from eventx.schema.evidence import Figure, FigureKind, Span

_P_ZERO = re.compile(
    r"\b(?:no\s+(?:one|body)\s+(?:was|were|has\s+been|had\s+been)\s+(?:reportedly\s+)?(?P<v>killed|injured|hurt|"
    r"wounded|arrested|abducted)|no(?:\s+\w+){0,2}?\s+(?P<n>fatalit(?:y|ies)|deaths?|casualt(?:y|ies)|injur(?:y|ies)"
    r"|arrests?)|no(?:body|\s+one)\s+(?P<v2>died|killed|injured))\b",
    re.IGNORECASE,
)


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
