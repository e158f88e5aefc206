"""The two sides of a battle named as one coordinated subject: "Russian and Ukrainian forces clashed".

The role tagger reads one actor span per side, and a coordinated subject gives it one span for both: "Somali and Afar
ethnic militias clashed" yields "Afar ethnic militias" as the actor1 and no actor2, though the sentence names both
parties. Here the phrase around that span is split at its "and", each part is completed with the words the two
share ("Somali" + "ethnic militias"; "military forces of" + "Pakistan"), and the parts are returned in text order:
ACLED's actor1 is the side named first.

Only a subject that a battle verb follows ("... clashed", "... exchanged fire", "... reportedly fought") or a battle
noun opens ("clashes between Chekosi and Konkomba militias") counts: "the army and police arrested" or "Kenya and
Somalia agreed" name no two sides of a fight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Conjunct", "coordinated_sides"]

#: capitalised words, a name or a demonym ("Darod-Marehan", "Hawiye-Habar Gedir-Ayr", "GNA")
_NAME = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}"
#: a battle verb after the subject
_VERB = r"(?:clash\w*|fought|fight\w*|exchang\w*|engag\w*|battl\w*|skirmish\w*)\b"
#: words that may stand between the subject and its verb ("reportedly clashed", "have been fighting"); others
#: make the verb another's ("agreed to fight")
_BETWEEN = r"(?:reportedly|allegedly|have|has|had|were|are|been|again|also|briefly|heavily|fiercely|violently|later)"
_BATTLE_VERB = re.compile(rf"(?:\s+{_BETWEEN}){{0,2}}\s+{_VERB}")
#: a battle noun before the subject: "clashes between Chekosi and Konkomba militias", "fighting between the Afar and
#: Somali militias"
_BATTLE_NOUN = re.compile(
    r"\b(?:clash(?:es)?|fighting|fights?|battles?|skirmish(?:es)?|confrontations?|gun ?fights?|hostilities) "
    r"between (?:the )?$",
    re.IGNORECASE,
)
_BEFORE = re.compile(rf"(?:^|[\s,(])(?P<x>{_NAME}) and $")
#: the side after the "and": a name and the words of its head, up to the verb ("Boko Haram members", "Hawiye-Habar
#: Gedir-Ayr Ayanle sub-clan militia")
_AFTER = re.compile(rf" and (?:the )?(?P<y>{_NAME}(?: (?!{_VERB}|{_BETWEEN})[a-z][\w'’-]*){{0,3}})")
_LOWER_TAIL = re.compile(r"(?: [a-z][\w'’-]*)+$")


@dataclass(frozen=True)
class Conjunct:
    """One side: the words to resolve (``phrase``, completed with the shared words) and where the text names it."""

    phrase: str
    start: int
    end: int


def coordinated_sides(text: str, start: int, end: int) -> tuple[Conjunct, Conjunct] | None:
    """The two sides, in text order, of a coordinated battle subject that contains or adjoins the span
    ``text[start:end]``; None when the span is no part of one."""
    span = text[start:end]
    if " and " in span:
        x_text, _, y_text = span.partition(" and ")
        x = Conjunct(x_text, start, start + len(x_text))
        y = Conjunct(y_text, end - len(y_text), end)
        tail = end
    elif (before := _BEFORE.search(text[max(0, start - 80) : start])) is not None:
        x_start = max(0, start - 80) + before.start("x")
        x = Conjunct(before.group("x"), x_start, x_start + len(before.group("x")))
        y = Conjunct(span, start, end)
        tail = end
    elif (after := _AFTER.match(text, end)) is not None:
        x = Conjunct(span, start, end)
        y = Conjunct(after.group("y"), after.start("y"), after.end("y"))
        tail = after.end("y")
    else:
        return None
    if not x.phrase.strip() or not y.phrase.strip():
        return None
    if (
        _BATTLE_VERB.match(text[tail : tail + 60]) is None
        and _BATTLE_NOUN.search(text[max(0, x.start - 40) : x.start]) is None
    ):
        return None
    return _share_words(x, y)


def _share_words(x: Conjunct, y: Conjunct) -> tuple[Conjunct, Conjunct]:
    """Complete each side with the words the coordination shares: a head after both ("Somali and Afar ethnic
    militias"), or the words before an "of" ("military forces of India and Pakistan")."""
    if " of " in x.phrase and re.fullmatch(_NAME, y.phrase):
        y = Conjunct(x.phrase[: x.phrase.rindex(" of ") + 4] + y.phrase, y.start, y.end)
    elif re.fullmatch(_NAME, x.phrase) and (tail := _LOWER_TAIL.search(y.phrase)) is not None:
        x = Conjunct(x.phrase + tail.group(0), x.start, x.end)
    return x, y
