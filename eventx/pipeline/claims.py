"""Reported changes of territorial control, found by rule where the typing model reads only commentary.

News often carries a conflict event inside a statement: "the general announced the final defeat of the IS
militants in Iraq and Syria", "the army said it had driven the rebels out of the town". The typing model, trained
to call speeches and reactions "no event", tends to miss these. ACLED codes the reported event itself (with its
own date and place; who said it goes into the evidence), so a small set of patterns for territorial claims runs on
the sentences the model left out. Each pattern needs an armed group named in the sentence, which keeps elections
("the defeat of the ruling party") and sport out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GROUP = (
    r"(?:the\s+)?(?:IS|ISIS|ISIL|Islamic\s+State|Daesh|al[- ]Shabaab|Boko\s+Haram|Taliban|al[- ]Qaeda|"
    r"militants|rebels|insurgents|jihadists|fighters|terrorists|terror\s+group|armed\s+group)"
    r"(?:\s+(?:militants|fighters|group|terrorists|insurgents|rebels))?"
)
_STATE = re.compile(
    r"\b(?:(?:the\s+)?(?:armed\s+forces|army|armies|troops|soldiers|military|government\s+forces|security\s+forces|"
    r"police))\b",
    re.IGNORECASE,
)
_REGAINS = [
    re.compile(rf"\b(?:final|full|total|complete)?\s*defeat\s+of\s+(?P<group>{_GROUP})", re.IGNORECASE),
    re.compile(rf"\bflush(?:ed|ing)?\s+(?P<group>{_GROUP})\s+out\b", re.IGNORECASE),
    re.compile(
        rf"\b(?:drove|driven|drive|driving|expelled|expel|pushed|chased)\s+(?P<group>{_GROUP})\s+out\b", re.IGNORECASE
    ),
    re.compile(
        rf"\b(?:recaptured|retook|retaken|regained|liberated)\b[^.]{{0,80}}?\bfrom\s+(?P<group>{_GROUP})", re.IGNORECASE
    ),
]
_OVERTAKES = [
    re.compile(
        rf"(?P<group>{_GROUP})\s+(?:have\s+|had\s+)?(?:seized|captured|overran|took\s+control\s+of|took\s+over)\b",
        re.IGNORECASE,
    ),
]


@dataclass(frozen=True)
class TerritorialClaim:
    """A reported change of territorial control in one sentence (offsets are the sentence's)."""

    sub_event_type: str
    trigger_start: int
    trigger_end: int
    group_start: int
    group_end: int
    state_start: int | None = None
    state_end: int | None = None


def find_territorial_claim(sentence: str) -> TerritorialClaim | None:
    """The first territorial claim in ``sentence``, or None."""
    for patterns, sub in (
        (_REGAINS, "Government regains territory"),
        (_OVERTAKES, "Non-state actor overtakes territory"),
    ):
        for pattern in patterns:
            m = pattern.search(sentence)
            if m is None:
                continue
            state = _STATE.search(sentence)
            if sub == "Non-state actor overtakes territory" and state is None:
                continue  # taken from whom? without the state named, this is not a takeover we can code
            return TerritorialClaim(
                sub,
                m.start(),
                m.end(),
                m.start("group"),
                m.end("group"),
                state.start() if state else None,
                state.end() if state else None,
            )
    return None
