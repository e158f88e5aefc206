"""Training and dev examples for event typing: ACLED notes made to look like news, negatives, seed sentences.

Why these pieces:

* ACLED notes are terse summaries ("On 9 May 2020, Al Shabaab militants attacked ..."), users send news prose. Each
  note is offered in up to three *views* that need no model: the cleaned note (``[size=...]`` tags and coding
  remarks removed), a "news" view (the "On DATE," lead and inline dates dropped) and the first sentence of it.
* Classes are balanced by a per-class cap; rare classes reach it by using every view of every note (never by
  repeating the same text more than once per view).
* "No event" is learnt from sentences that report no event: CoNLL-2003 (Reuters) and IndiaPoliceEvents sentences
  with no police-action label. A sample of both showed event reports among them (riots, killings), so sentences
  with violence/protest words are filtered out by :data:`EVENT_WORDS`.
* The dev split is by country: a salted SHA-1 of the country name, recorded in ``configs/splits/`` so that scores
  speak of unseen places and the split never moves when data is added.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from eventx.datasets.acled_notes import AcledNote

NO_EVENT = "No event"

_SIZE_TAG = re.compile(r"\s*\[[a-z ]*size\s*=[^\]]*\]", re.IGNORECASE)
_CODING_REMARK = re.compile(
    r"[^.]*\b(?:fatalities|fatality) (?:coded|split|distributed|divided)\b[^.]*\.?|\bfatalities (?:are )?unknown\.?",
    re.IGNORECASE,
)
_TYPE_PREFIX = re.compile(
    r"^(?:Defusal|Detonation|Seizure|Arrests?|Looting|Property destruction)\s*:\s*", re.IGNORECASE
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{2,4}})?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
)
_LEAD = re.compile(
    rf"^\s*(?:(?:on|around|on or around|on or about|between|from|since|by|as of|sometime between|"
    rf"(?:on )?the (?:night|morning|evening|afternoon) of|overnight on|in the week of)\s+)?"
    rf"(?:the\s+)?(?:{_DATE}|\d{{1,2}}(?:\s*(?:-|and|to)\s*\d{{1,2}})?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{4}}|week of [^,]{{0,30}})"
    rf"(?:\s*(?:-|and|to|until)\s*{_DATE})?\s*(?:\([^)]{{0,40}}\))?\s*,\s*",
    re.IGNORECASE,
)
_INLINE_DATE = re.compile(
    rf"\s*,?\s+\b(?:on|around|on or around|on or about|since|by|until)\s+(?:the\s+(?:night|morning|evening)\s+of\s+)?"
    rf"(?:the\s+presumed\s+date\s+of\s+)?{_DATE}\b",
    re.IGNORECASE,
)
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_WS = re.compile(r"\s+")

#: Words that mark a sentence as (possibly) reporting an event: such sentences are never used as "No event".
EVENT_WORDS = re.compile(
    r"\b(?:kill|dead|death|die[ds]?|attack|bomb|blast|explo|shoot|shot|fire[ds]?|firing|gun|clash|fight|protest|"
    r"demonstrat|rall(?:y|ies)|march|riot|mob|arrest|detain|abduct|kidnap|rape|militant|rebel|troop|soldier|army|"
    r"police|injur|wound|loot|burn|torch|violen|war|ceasefire|truce|hostage|assault|grenade|shell|missile|strike|"
    r"raid|seiz|captur|curfew|stab|lynch|sit-in|agitat|bandh|gherao|blockade|militia|insurgen|terror|massacre|"
    r"murder|victim|casualt|refugee|displace|tear ?gas|clash|funeral|slain|siege|offensive|weapon|arms|ambush)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Example:
    """One training or evaluation text with its label; ``group`` is what the split is made on (a country)."""

    text: str
    label: str
    source: str
    group: str = ""


# --------------------------------------------------------------------------- rewrites


def clean_note(text: str) -> str:
    """The note without ACLED's coding artefacts: size tags, fatality-coding remarks, "Defusal:" prefixes."""
    out = _SIZE_TAG.sub("", text)
    out = _CODING_REMARK.sub("", out)
    out = _TYPE_PREFIX.sub("", out.strip())
    return _WS.sub(" ", out).strip()


def newsify(text: str) -> str:
    """A note rewritten toward news prose without a model: no "On 9 May 2020," lead and no inline dates."""
    out = _LEAD.sub("", clean_note(text), count=1)
    out = _INLINE_DATE.sub("", out)
    out = _WS.sub(" ", out).strip()
    return out[:1].upper() + out[1:] if out else out


def first_sentence(text: str) -> str:
    parts = _SENT_SPLIT.split(text, maxsplit=1)
    return parts[0].strip()


def note_views(text: str) -> list[str]:
    """Distinct views of one note: cleaned note, news rewrite, first sentence of the rewrite (if long enough)."""
    views = [clean_note(text), newsify(text)]
    first = first_sentence(views[1])
    if len(first.split()) >= 5:
        views.append(first)
    out: list[str] = []
    for v in views:
        if v and len(v.split()) >= 3 and v not in out:
            out.append(v)
    return out


# --------------------------------------------------------------------------- split


def country_key(country: str) -> str:
    return " ".join(country.split()).casefold()


def hash_fraction(key: str, salt: str) -> float:
    """A stable number in [0, 1) for a key: the split never depends on file order or Python's hash seed."""
    digest = hashlib.sha1(f"{salt}:{key}".encode()).hexdigest()
    return int(digest[:8], 16) / 0x100000000


def make_country_split(countries: Iterable[str], *, salt: str, fraction: float) -> list[str]:
    """Countries that go to dev: those whose salted hash falls below ``fraction``."""
    keys = sorted({country_key(c) for c in countries if c.strip()})
    return [k for k in keys if hash_fraction(k, salt) < fraction]


@dataclass(frozen=True)
class CountrySplit:
    salt: str
    fraction: float
    dev_countries: frozenset[str]

    def is_dev(self, country: str) -> bool:
        return country_key(country) in self.dev_countries

    @classmethod
    def load(cls, path: str | Path) -> CountrySplit:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if not isinstance(data, dict) or "dev_countries" not in data:
            raise ValueError(f"{path}: a split file needs salt, fraction and dev_countries")
        return cls(str(data["salt"]), float(data["fraction"]), frozenset(country_key(c) for c in data["dev_countries"]))

    def dump(self, path: str | Path, *, comment: str = "") -> None:
        body = {"salt": self.salt, "fraction": self.fraction, "dev_countries": sorted(self.dev_countries)}
        text = "".join(f"# {line}\n" for line in comment.splitlines()) + yaml.safe_dump(body, sort_keys=False)
        Path(path).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- negatives


def _detok(tokens: Sequence[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)])", r"\1", text)
    text = re.sub(r"([($]) ", r"\1", text)
    return text.replace(" 's", "'s").replace(" n't", "n't")


def conll_sentences(path: str | Path) -> list[str]:
    """Detokenised sentences of a CoNLL-2003 file."""
    out: list[str] = []
    cur: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if cur:
                    out.append(_detok(cur))
                    cur = []
                continue
            cur.append(line.split(" ")[0])
    if cur:
        out.append(_detok(cur))
    return out


def is_clean_negative(text: str, *, min_words: int = 7) -> bool:
    """Long enough to be a real sentence, mostly letters, and no word that might report an event."""
    words = text.split()
    if len(words) < min_words:
        return False
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.6 * len(text):
        return False
    return EVENT_WORDS.search(text) is None


def ipe_negative_sentences(path: str | Path) -> list[tuple[int, str]]:
    """(doc_id, sentence) of IndiaPoliceEvents sentences with no police-action label that pass the filter."""
    out: list[tuple[int, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = _WS.sub(" ", row.get("sent_text", "")).strip()
            if row.get("sent_labels") or text.lower().startswith("this story is from"):
                continue
            if is_clean_negative(text):
                out.append((int(row["doc_id"]), text[:1].upper() + text[1:]))
    return out


def load_seed_examples(path: str | Path) -> list[Example]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return [Example(str(t), str(label), "seed", "seed") for label, texts in data.items() for t in texts]


# --------------------------------------------------------------------------- assembly


def balanced_note_examples(notes: Sequence[AcledNote], *, cap: int, rng: random.Random) -> list[Example]:
    """At most ``cap`` examples per sub-event type: one random view per note for big classes, every view for small."""
    by_label: dict[str, list[AcledNote]] = defaultdict(list)
    for n in notes:
        by_label[n.sub_event_type].append(n)
    out: list[Example] = []
    for label in sorted(by_label):
        group = by_label[label]
        if len(group) >= cap:
            for n in rng.sample(group, cap):
                views = note_views(n.text)
                if views:
                    out.append(Example(rng.choice(views), label, "acled", n.country))
        else:
            pairs = [(n, v) for n in group for v in note_views(n.text)]
            for n, v in rng.sample(pairs, min(cap, len(pairs))):
                out.append(Example(v, label, "acled", n.country))
    return out


def stratified_sample(examples: Sequence[Example], *, cap: int, rng: random.Random) -> list[Example]:
    """At most ``cap`` examples per label, order kept stable by label."""
    by_label: dict[str, list[Example]] = defaultdict(list)
    for e in examples:
        by_label[e.label].append(e)
    out: list[Example] = []
    for label in sorted(by_label):
        g = by_label[label]
        out.extend(rng.sample(g, cap) if len(g) > cap else g)
    return out


def choose_country_split(
    notes: Sequence[AcledNote], *, fraction: float = 0.2, candidates: int = 200, min_dev: int = 10
) -> CountrySplit:
    """The recorded dev split, chosen by a fixed rule so anyone can re-derive it.

    Rare types sit in a handful of countries (105 of 135 suicide-bomb notes are from Cameroon), so a single salted
    hash can leave whole types out of dev or out of train. Rule: among salts ``eventx-typing-dev-0..candidates-1``,
    keep those whose dev holds 12-30 % of the notes and leaves every type >= 60 % of its notes for training; take the
    one with the most types having >= ``min_dev`` dev notes (ties: the smallest salt number).
    """
    totals: dict[str, int] = defaultdict(int)
    for n in notes:
        totals[n.sub_event_type] += 1
    countries = {country_key(n.country) for n in notes}
    best: tuple[int, int, CountrySplit] | None = None
    for i in range(candidates):
        salt = f"eventx-typing-dev-{i}"
        dev = frozenset(make_country_split(countries, salt=salt, fraction=fraction))
        counts: dict[str, int] = defaultdict(int)
        for n in notes:
            if country_key(n.country) in dev:
                counts[n.sub_event_type] += 1
        share = sum(counts.values()) / max(1, len(notes))
        if not 0.12 <= share <= 0.30 or any(counts[t] > 0.4 * totals[t] for t in totals):
            continue
        covered = sum(counts[t] >= min_dev for t in totals)
        if best is None or covered > best[0]:
            best = (covered, i, CountrySplit(salt, fraction, dev))
    if best is None:
        raise ValueError("no salt satisfies the split rule: add candidates or change the fraction")
    return best[2]


def prior_adjustment(
    natural: Sequence[str], trained: Sequence[str], labels: Sequence[str], *, floor: float = 0.005
) -> dict[str, float]:
    """Log-ratio of each event type's natural share to its share of the (class-balanced) training examples.

    Balancing teaches every type equally, which is right for recall on rare types but makes the raw scores assume
    that a Suicide bomb is as common as a Peaceful protest. Adding ``log(natural / trained)`` to the logits (logit
    adjustment for label shift) turns them back into scores for the natural mix. ``natural``: the labels of the
    training countries' notes (never the dev countries'); ``trained``: the labels of the training examples. Shares
    are taken among event types only and "No event" gets 0, because ACLED notes say nothing about how many sentences
    of news report no event. ``floor`` keeps types that ACLED almost never codes (Chemical weapon: none) answerable:
    a type counts as at least this share of events, so no type is pushed down by more than a few nats.
    """
    nat = {x: 0 for x in labels if x != NO_EVENT}
    for x in natural:
        if x in nat:
            nat[x] += 1
    tr = {x: 0 for x in nat}
    for x in trained:
        if x in tr:
            tr[x] += 1
    n_nat, n_tr = sum(nat.values()), sum(tr.values())
    if not n_nat or not n_tr:
        raise ValueError("prior_adjustment needs labelled notes and training examples")
    q = {x: max(c / n_nat, floor) for x, c in nat.items()}
    z = sum(q.values())
    out = {NO_EVENT: 0.0} if NO_EVENT in labels else {}
    for x in nat:
        t = max(tr[x] / n_tr, floor)
        out[x] = round(math.log((q[x] / z) / t), 4)
    return {x: out[x] for x in labels if x in out}
