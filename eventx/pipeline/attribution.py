"""Who says so: the speaker or source a sentence attributes its report to.

News reports events through people ("the general announced the defeat of ..."). The event is coded with its own
date and place, and the claim's author goes into the evidence, so a user can tell a reported claim from an
observed fact. Rules suffice here: a reporting verb and the noun phrase that governs it, with "he"/"she" taken back
to the last named speaker of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventx.pipeline.document import Doc, Sentence

_VERBS = (
    r"said|says|say|announced|announces|claimed|claims|declared|declares|stated|states|told|reported|reports|"
    r"confirmed|confirms|alleged|alleges|added|warned|hailed|estimated|estimates|according to"
)
_NAME = r"(?:[A-Z][\w'’.-]+(?:\s+(?:of|the|al|bin|de|del|van|von|for)?\s*[A-Z][\w'’.-]+){0,7})"
# "Major General Qassem Soleimani, Commander of ..., on Tuesday hailed"
_SUBJECT_VERB = re.compile(rf"(?P<who>{_NAME})(?:,[^,]{{0,120}},)?\s+(?:\w+\s+){{0,3}}?(?P<verb>{_VERBS})\b")
_COMMON = re.compile(
    rf"\b(?P<who>(?:the\s+|local\s+|security\s+|state\s+)*(?:police|officials|authorities|witnesses|residents|sources|"
    rf"army|military|spokesman|spokesperson|spokeswoman|ministry|government|militants|rebels|activists|medics|doctors))"
    rf"\s+(?P<verb>{_VERBS})\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(rf"\baccording to (?P<who>(?:the\s+)?{_NAME}|[a-z]+ (?:officials|sources|police|reports))")
_ANY_VERB = re.compile(rf"\b(?:{_VERBS})\b")  # cheap test before the patterns that backtrack over capitals
_PRONOUN = re.compile(rf"(?:^|,\s*|\band\s+)(?:[Hh]e|[Ss]he|[Tt]hey)\s+(?:also\s+)?(?P<verb>{_VERBS})\b")
_WHO_IS = re.compile(r",\s*who\s+(?P<verb>announced|said|claimed|declared|stated)\b")
_NOT_SPEAKERS = frozenset(
    "The This That It In On At But And However Meanwhile He She They We I Declaring Last Earlier Later Yesterday "
    "Today Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December".split()
)


@dataclass(frozen=True)
class Attribution:
    speaker: str
    start: int  # article offsets of the speaker's name (the pronoun's antecedent for "he said")
    end: int
    verb: str
    via_pronoun: bool = False


def _named(sent: Sentence) -> Attribution | None:
    """The sentence's attribution that names its speaker: "according to X" first, then a common speaker noun
    ("police said"), then a capitalised name before a reporting verb."""
    cased = _ANY_VERB.search(sent.text) is not None  # _ACCORDING and _SUBJECT_VERB need a verb in lower case
    for pattern in (_ACCORDING, _COMMON, _SUBJECT_VERB) if cased else (_COMMON,):
        for m in pattern.finditer(sent.text):
            if m.group("who").split()[0] in _NOT_SPEAKERS:
                continue
            verb = m.groupdict().get("verb") or "according to"
            return Attribution(m.group("who"), sent.start + m.start("who"), sent.start + m.end("who"), verb)
    return None


def attributions(doc: Doc) -> dict[int, Attribution]:
    """Sentence index -> who the sentence attributes its content to, where the text says."""
    out: dict[int, Attribution] = {}
    last: Attribution | None = None
    for sent in doc.sentences:
        if sent.headline:
            continue
        own = _named(sent)
        pron = _PRONOUN.search(sent.text)
        if pron and last is not None:
            out[sent.index] = Attribution(last.speaker, last.start, last.end, pron.group("verb"), via_pronoun=True)
        elif own is not None:
            out[sent.index] = own
        elif (m := _WHO_IS.search(sent.text)) is not None:
            # "a senior general, who announced ...": the speaker is the noun phrase before ", who".
            head = sent.text[: m.start()].split(",")[-1].strip()
            words = head.split()
            phrase = " ".join(words[-5:])
            start = sent.start + sent.text.rfind(phrase, 0, m.start())
            out[sent.index] = Attribution(phrase, start, start + len(phrase), m.group("verb"))
        if own is not None:
            last = own
    return out
