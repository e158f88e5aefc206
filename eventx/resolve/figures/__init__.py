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

The code is split by job: ``_tokens`` (tokenizer, number words, qualifiers), ``cues`` (kind cues around a number),
``money`` (``parse_money``), ``singular`` (one-victim rules), ``acled_remarks`` (ACLED's coding notes),
``context`` (sentence-level filters), ``counts`` (``extract_figures``) and ``fatalities`` (``fatalities_from``).
This package re-exports the public names so ``eventx.resolve.figures`` keeps its interface.
"""

from __future__ import annotations

from eventx.resolve.figures.acled_remarks import CODED_ELSEWHERE, CODED_TOTAL, SPLIT_ACROSS, STATED_TOTAL
from eventx.resolve.figures.context import ALTERNATIVE
from eventx.resolve.figures.counts import extract_figures
from eventx.resolve.figures.fatalities import fatalities_from
from eventx.resolve.figures.money import parse_money

__all__ = [
    "ALTERNATIVE",
    "CODED_ELSEWHERE",
    "CODED_TOTAL",
    "SPLIT_ACROSS",
    "STATED_TOTAL",
    "extract_figures",
    "fatalities_from",
    "parse_money",
]
