"""Training data for the role tagger: silver labels from ACLED notes, plus three annotated corpora.

ACLED notes carry their answers in the row's columns, so spans can be found by matching (distant supervision):
the row's location/admin names → ``LOC``; a date phrase that agrees with ``event_date`` → ``DATE``; a number next
to a death word that equals ``fatalities`` → ``FATAL``; numbers next to injury/arrest/abduction/displacement/damage
words → ``FIGURE``; phrases derived from the canonical actor names ("Police Forces of Kenya (2013-2022)" → police,
officers, ...) → ``ACTOR1``/``ACTOR2``/``ASSOC``.

Matching misses things, so every example says which kinds it labels completely. A kind in ``unknown_roles`` may
hide in the unlabelled tokens (an actor column whose name was not found; the roles a corpus never annotates); the
trainer then lets those tokens be either ``O`` or that kind (a partial-label loss) instead of teaching ``O``.

Corpora: CoNLL-2003 (PER/ORG/LOC → entity layer), ConfliBERT's CAMEO actor tags (S → ACTOR1, T → ACTOR2), and
Halterman's event-location sentences (LOCATION → LOC and PLACE). Nothing here copies data: every reader takes a path.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventx.models.roles import ENTITIES, ROLES


@dataclass(frozen=True)
class LabeledSpan:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class TaggedText:
    """One training/evaluation text with its spans and the kinds it does *not* label completely."""

    text: str
    roles: tuple[LabeledSpan, ...] = ()
    entities: tuple[LabeledSpan, ...] = ()
    unknown_roles: frozenset[str] = frozenset()
    unknown_entities: frozenset[str] = frozenset()
    source: str = ""
    group: str = ""


@dataclass(frozen=True)
class NoteRow:
    """The columns of an ACLED row that silver labelling reads."""

    text: str
    country: str = ""
    location: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    event_date: dt.date | None = None
    fatalities: int = 0
    actor1: str = ""
    actor2: str = ""
    assoc: tuple[str, ...] = field(default_factory=tuple)


# ----------------------------------------------------------------------------------------------------------------
# splits


def country_split(country: str, dev_percent: int = 15, salt: str = "eventx-roles-v1") -> str:
    """'dev' or 'train' for a country, from a hash: deterministic, independent of data order and machine."""
    h = int(hashlib.sha1(f"{salt}:{country.strip().lower()}".encode()).hexdigest()[:8], 16)
    return "dev" if h % 100 < dev_percent else "train"


# ----------------------------------------------------------------------------------------------------------------
# reading ACLED notes


def acled_csv_paths(data_dir: Path) -> list[Path]:
    """Every ACLED export under the shared data folder, in a fixed order."""
    pats = [str(data_dir / "acled*" / "*.csv"), str(data_dir / "acled_more" / "*" / "*.csv")]
    return sorted({Path(p) for pat in pats for p in glob.glob(pat)})


def _clean(value: object) -> str:
    return str(value).replace("\xa0", " ").strip() if value else ""


def iter_acled_notes(paths: Iterable[Path]) -> Iterator[NoteRow]:
    """Unique, usable notes (deduplicated on event id and on note text); rows with tokenised or empty notes skipped."""
    from eventx.io.acled_csv import iter_acled_csv

    seen_text: set[str] = set()
    seen_id: set[str] = set()
    for path in paths:
        for res in iter_acled_csv(path):
            rec = res.record
            if rec is None or not rec.notes or not rec.country:
                continue
            text = _clean(rec.notes)
            key = re.sub(r"\s+", " ", text.lower())
            if len(text) < 20 or text.startswith("['") or key in seen_text:
                continue
            if rec.event_id_cnty:
                if rec.event_id_cnty in seen_id:
                    continue
                seen_id.add(rec.event_id_cnty)
            seen_text.add(key)
            assoc = tuple(
                a.strip() for v in (rec.assoc_actor_1, rec.assoc_actor_2) if v for a in v.split(";") if a.strip()
            )
            yield NoteRow(
                text=text,
                country=_clean(rec.country),
                location=_clean(rec.location),
                admin1=_clean(rec.admin1),
                admin2=_clean(rec.admin2),
                admin3=_clean(rec.admin3),
                event_date=rec.event_date,
                fatalities=int(rec.fatalities or 0),
                actor1=_clean(rec.actor1),
                actor2=_clean(rec.actor2),
                assoc=assoc,
            )


# ----------------------------------------------------------------------------------------------------------------
# silver labels


def _find_all(text: str, phrase: str) -> list[tuple[int, int]]:
    if not phrase:
        return []
    pat = r"(?<![\w])" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pat, text, flags=re.IGNORECASE)]


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def place_names(row: NoteRow) -> list[str]:
    """Names of the row's place hierarchy as they may be written in a note, longest first."""
    names: set[str] = set()
    for value in (row.location, row.admin3, row.admin2, row.admin1):
        value = re.sub(r"\s*\([^)]*\)", "", value).strip()
        if not value:
            continue
        names.add(value)
        for part in re.split(r"\s+-\s+|/|,", value):
            part = part.strip()
            if len(part) >= 3:
                names.add(part)
        stripped = re.sub(r"\s+(town|city|district|county|province|region|state|village)$", "", value, flags=re.I)
        if len(stripped) >= 3:
            names.add(stripped)
    return sorted((n for n in names if len(n) >= 3 and n.lower() not in _PLACE_STOP), key=len, reverse=True)


_PLACE_STOP = {"north", "south", "east", "west", "central", "centre", "center", "capital", "city", "town", "unknown"}

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_RANGE = r"(?:\s*(?:-|–|to|and|or)\s*)"
_DATE_DMY = re.compile(
    rf"(?<!\w)(?:(?P<d1>{_DAY}){_RANGE})?(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH_RE})(?:,?\s+(?P<y>\d{{4}}))?(?!\w)",
    re.I,
)
_DATE_MDY = re.compile(
    rf"(?<!\w)(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY})(?:{_RANGE}(?P<d2>{_DAY}))?(?:,?\s+(?P<y>\d{{4}}))?(?!\w)", re.I
)
_DATE_NUM = re.compile(r"(?<![\w/])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{2,4}))?(?![\w/])")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_WD = re.compile(
    r"(?<!\w)(?P<w>" + "|".join(_WEEKDAYS) + r")(?:\s+(?:night|morning|evening|afternoon))?(?!\w)", re.I
)


def _day(s: str | None) -> int | None:
    return int(re.match(r"\d+", s).group()) if s else None  # type: ignore[union-attr]


def date_spans(text: str, when: dt.date | None) -> list[tuple[int, int]]:
    """Date phrases in ``text`` that agree with ``when`` (same month, the day inside any range, same year if given)."""
    if when is None:
        return []
    out: list[tuple[int, int]] = []
    for rx in (_DATE_DMY, _DATE_MDY, _DATE_NUM):
        for m in rx.finditer(text):
            mon = m.group("m").lower().rstrip(".")
            month = int(mon) if mon.isdigit() else _MONTHS.get(mon)
            if month != when.month:
                continue
            year = m.group("y")
            if year and int(year[-2:]) != when.year % 100:
                continue
            days = [_day(m.group(g)) for g in ("d1", "d", "d2") if g in rx.groupindex and m.group(g)]
            if days and not (min(days) <= when.day <= max(days)):
                continue
            if rx is _DATE_MDY and mon == "may" and not m.group("y") and text[m.start()].islower():
                continue  # "may 5" in lower case is usually the verb
            if not _overlaps((m.start(), m.end()), out):
                out.append((m.start(), m.end()))
    for m in _DATE_WD.finditer(text):
        if _WEEKDAYS.index(m.group("w").lower()) == when.weekday() and not _overlaps((m.start(), m.end()), out):
            out.append((m.start(), m.end()))
    return sorted(out)


_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a dozen": 12,
    "dozens": 12,
    "dozen": 12,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1000,
    "scores": 20,
    "several": -1,
    "many": -1,
    "some": -1,
}
_NUM = r"(?:\d[\d,.]*(?:\s*-\s*\d[\d,]*)?|" + "|".join(sorted(map(re.escape, _NUM_WORDS), key=len, reverse=True)) + ")"
_QUAL = r"(?:(?:at\s+least|about|around|approximately|nearly|almost|over|more\s+than|up\s+to|some|an\s+estimated)\s+)?"
_COUNT = rf"(?P<count>{_QUAL}(?P<num>{_NUM}))"
_GAP = r"(?:\s+[\w'-]+){0,4}?\s+(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|got|being)\s+)?"
_DEATH_AFTER = (
    r"(?:killed|dead|died|deaths?|fatalities|bodies|lost\s+their\s+lives|lost\s+his\s+life|shot\s+dead|killings?)"
)
_DEATH_BEFORE = (
    r"(?:killing|killed|kills|kill|leaving|left|claiming\s+the\s+lives\s+of|death\s+of|deaths\s+of|murdered|murdering)"
)
_FIG_WORDS = (
    r"(?:injur\w*|wound\w*|hurt|arrest\w*|detain\w*|abduct\w*|kidnapp?\w*|displac\w*|hostages?|missing|"
    r"torched|burn(?:t|ed)|destroy\w*|damag\w*|looted|rescued|captured|seized|held|taken)"
)
_FATAL_RX = (
    re.compile(rf"(?<!\w){_COUNT}{_GAP}{_DEATH_AFTER}(?!\w)", re.I),
    re.compile(rf"(?<!\w){_DEATH_BEFORE}\s+{_COUNT}(?!\w)", re.I),
)
_FIG_RX = (
    re.compile(rf"(?<!\w){_COUNT}{_GAP}{_FIG_WORDS}(?!\w)", re.I),
    re.compile(rf"(?<!\w){_FIG_WORDS}\s+{_COUNT}(?!\w)", re.I),
)


def number_value(token: str) -> int | None:
    """Integer value of a count token ('12', '1,200', 'five', 'dozens'); -1 for vague words; None if unreadable."""
    t = re.sub(r"\s+", " ", token.strip().lower())
    if t in _NUM_WORDS:
        return _NUM_WORDS[t]
    m = re.match(r"\d[\d,]*", t)
    if m:
        try:
            return int(m.group().replace(",", ""))
        except ValueError:
            return None
    return None


def _count_hits(text: str, rxs: Iterable[re.Pattern[str]]) -> list[tuple[int, int, int | None]]:
    hits = []
    for rx in rxs:
        for m in rx.finditer(text):
            num = m.group("num")
            if re.fullmatch(r"\d{4}", num) and 1900 <= int(num) <= 2100:
                continue  # a year, not a count
            hits.append((m.start("count"), m.end("count"), number_value(num)))
    return sorted(set(hits))


def fatality_spans(text: str, fatalities: int) -> tuple[list[tuple[int, int]], bool]:
    """(spans, complete): count phrases next to death words whose value equals ``fatalities``.

    ``complete`` is False when the note speaks of deaths with a count we could not tie to the column, so that the
    absence of a FATAL tag there is not taught as ``O``.
    """
    hits = _count_hits(text, _FATAL_RX)
    spans = [(s, e) for s, e, v in hits if v == fatalities and fatalities > 0]
    if fatalities > 0 and not spans:
        return [], False
    if fatalities == 0 and any(v not in (None, 0) for _, _, v in hits):
        return [], False
    return _dedupe(spans), True


def figure_spans(text: str, taken: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Count phrases next to injury/arrest/abduction/displacement/damage words, outside the fatality spans."""
    taken = list(taken)
    return _dedupe([(s, e) for s, e, v in _count_hits(text, _FIG_RX) if v != 0 and not _overlaps((s, e), taken)])


def _dedupe(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]))):
        if not _overlaps(s, out):
            out.append(s)
    return out


# --- actors -------------------------------------------------------------------------------------------------------

_MILITARY = [
    "security forces",
    "military forces",
    "armed forces",
    "government forces",
    "soldiers",
    "soldier",
    "troops",
    "army",
    "military",
    "forces",
    "navy",
    "air force",
    "gendarmes",
    "gendarmerie",
    "marines",
]
_POLICE = [
    "police officers",
    "police officer",
    "policemen",
    "policeman",
    "police",
    "security forces",
    "officers",
    "gendarmes",
    "gendarmerie",
    "law enforcement",
]
_PROTESTERS = [
    "protesters",
    "protestors",
    "demonstrators",
    "residents",
    "supporters",
    "workers",
    "students",
    "traders",
    "farmers",
    "activists",
    "villagers",
    "teachers",
    "doctors",
    "nurses",
    "lawyers",
    "journalists",
    "locals",
    "youths",
    "employees",
    "drivers",
    "vendors",
    "members",
    "women",
    "people",
]
_RIOTERS = [
    "rioters",
    "mob",
    "youths",
    "youth",
    "protesters",
    "demonstrators",
    "residents",
    "villagers",
    "supporters",
    "locals",
    "group",
    "people",
    "men",
]
_CIVILIANS = [
    "civilians",
    "civilian",
    "villagers",
    "villager",
    "residents",
    "resident",
    "farmers",
    "farmer",
    "students",
    "student",
    "journalist",
    "journalists",
    "teacher",
    "trader",
    "herders",
    "herder",
    "worker",
    "workers",
    "driver",
    "passengers",
    "businessman",
    "family",
    "children",
    "child",
    "boy",
    "girl",
    "women",
    "woman",
    "men",
    "man",
    "people",
    "person",
    "individuals",
    "individual",
    "elder",
    "official",
    "officials",
    "locals",
]
_UNIDENTIFIED = [
    "unidentified armed men",
    "unidentified gunmen",
    "unknown gunmen",
    "unidentified men",
    "unknown assailants",
    "unidentified assailants",
    "armed men",
    "gunmen",
    "gunman",
    "assailants",
    "attackers",
    "armed group",
    "bandits",
    "militants",
    "unidentified",
    "unknown",
]
_SOLE = ["gunman", "assailant", "attacker", "suspect", "man", "individual", "person", "woman"]
_HEADS = {
    "militants",
    "militant",
    "fighters",
    "fighter",
    "members",
    "member",
    "supporters",
    "militia",
    "militias",
    "militiamen",
    "gunmen",
    "forces",
    "troops",
    "soldiers",
    "officers",
    "police",
    "youths",
    "youth",
    "activists",
    "guerrillas",
    "guerillas",
    "rebels",
    "cadres",
    "workers",
    "men",
    "insurgents",
    "elements",
}
_LEFT_MODS = {"unidentified", "unknown", "suspected", "alleged", "armed", "local", "angry", "masked", "presumed"}
_GENERIC_TOKENS = {
    "forces",
    "military",
    "police",
    "of",
    "the",
    "group",
    "militia",
    "party",
    "ethnic",
    "communal",
    "unidentified",
    "armed",
    "government",
    "and",
    "for",
    "national",
    "people",
    "people's",
    "front",
    "movement",
    "army",
    "liberation",
    "democratic",
    "union",
    "state",
    "islamic",
    "al",
    "el",
}


def actor_phrases(name: str) -> tuple[list[str], bool]:
    """(phrases, generic): what a canonical ACLED actor name may be written as in a note, most specific first.

    ``generic`` is True for class names (Civilians, Protesters, Rioters, Sole Perpetrator) whose phrases are common
    words; only their first mention is taken.
    """
    raw = re.sub(r"\s*\([^)]*\)", "", name.replace("\xa0", " ")).strip()
    low = raw.lower()
    if not low:
        return [], False
    if low.startswith(("military forces of", "mutiny of military forces", "former military forces")):
        return _MILITARY, False
    if low.startswith(("police forces of", "prison guards", "mutiny of police")):
        return _POLICE, False
    if low.startswith("government of"):
        return ["government", "authorities", "officials"], False
    if low.startswith("protesters"):
        return _PROTESTERS, True
    if low.startswith("rioters"):
        return _RIOTERS, True
    if low.startswith("civilians"):
        return _CIVILIANS, True
    if low.startswith("sole perpetrator"):
        return _SOLE, True
    if low.startswith("unidentified armed group"):
        return _UNIDENTIFIED, False
    if low.startswith("private security"):
        return ["private security guards", "security guards", "guards", "private security"], False
    phrases: list[str] = []
    parts = [p.strip() for p in re.split(r":|\s+-\s+", raw) if p.strip()]
    phrases += parts
    for p in parts:
        for suffix in (" Ethnic Militia", " Communal Militia", " Clan Militia", " Militia", " Group"):
            if p.lower().endswith(suffix.lower()) and len(p) > len(suffix) + 2:
                stem = p[: -len(suffix)].strip()
                phrases += [stem + " militia", stem + " militiamen", stem]
        distinctive = [t for t in re.findall(r"[\w'-]+", p) if len(t) >= 4 and t.lower() not in _GENERIC_TOKENS]
        if len(distinctive) == 1 and len(re.findall(r"[\w'-]+", p)) > 1:
            phrases.append(distinctive[0])
    if "communal militia" in low or "unidentified" in low:
        phrases += ["militiamen", "militia", "villagers", "youths"]
    seen: set[str] = set()
    out = [p for p in phrases if len(p) >= 2 and not (p.lower() in seen or seen.add(p.lower()))]  # type: ignore[func-returns-value]
    return sorted(out, key=len, reverse=True), False


def _extend(text: str, s: int, e: int) -> tuple[int, int]:
    """Grow an actor mention over a following head noun and preceding modifiers ('suspected al Shabaab fighters')."""
    m = re.match(r"\s+([\w'-]+)", text[e:])
    if m and m.group(1).lower() in _HEADS:
        e += m.end()
    while True:
        m = re.search(r"([\w'-]+)\s+$", text[:s])
        if not m:
            break
        word = m.group(1)
        demonym = word[:1].isupper() and not word.isupper() and re.search(r"(an|ian|ese|i|ish)$", word) is not None
        if word.lower() in _LEFT_MODS or demonym:
            s = m.start(1)
            continue
        break
    return s, e


def actor_spans(text: str, name: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """Mentions of one actor; ``None`` when the name yields phrases but none is found (the role is then unknown)."""
    phrases, generic = actor_phrases(name)
    if not phrases:
        return []
    for phrase in phrases:
        hits = [h for h in _find_all(text, phrase) if not _overlaps(h, taken)]
        if not hits:
            continue
        if generic:
            hits = hits[:1]
        return _dedupe(_extend(text, s, e) for s, e in hits)
    return None


def silver_from_note(row: NoteRow) -> TaggedText:
    """Silver role spans for one ACLED note (see the module docstring for the rules)."""
    text = row.text
    spans: dict[str, list[tuple[int, int]]] = {k: [] for k in ROLES}
    unknown: set[str] = set()
    taken: list[tuple[int, int]] = []

    def claim(kind: str, found: Iterable[tuple[int, int]]) -> None:
        for sp in found:
            if not _overlaps(sp, taken):
                spans[kind].append(sp)
                taken.append(sp)

    claim("DATE", date_spans(text, row.event_date))
    fatal, complete = fatality_spans(text, row.fatalities)
    claim("FATAL", fatal)
    if not complete:
        unknown.add("FATAL")
    claim("FIGURE", figure_spans(text, taken))
    for name in place_names(row):
        claim("LOC", _find_all(text, name))
    if not spans["LOC"] and row.location:
        unknown.add("LOC")
    for kind, names in (("ACTOR1", [row.actor1]), ("ACTOR2", [row.actor2]), ("ASSOC", list(row.assoc))):
        for name in names:
            if not name:
                continue
            found = actor_spans(text, name, taken)
            if found is None:
                unknown.add(kind)
            else:
                claim(kind, found)
    roles = tuple(sorted((LabeledSpan(k, s, e) for k, v in spans.items() for s, e in v), key=lambda x: x.start))
    places = tuple(LabeledSpan("PLACE", sp.start, sp.end) for sp in roles if sp.kind == "LOC")
    return TaggedText(
        text=text,
        roles=roles,
        entities=places,
        unknown_roles=frozenset(unknown),
        unknown_entities=frozenset(ENTITIES),  # only the places are known; other entities are not looked for
        source="acled",
        group=row.country,
    )


# ----------------------------------------------------------------------------------------------------------------
# annotated corpora


def _join_tokens(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    text, offs, pos = [], [], 0
    for t in tokens:
        offs.append((pos, pos + len(t)))
        text.append(t)
        pos += len(t) + 1
    return " ".join(text), offs


def _read_columns(path: Path) -> Iterator[list[list[str]]]:
    sent: list[list[str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if sent:
                    yield sent
                sent = []
                continue
            sent.append(line.split())
    if sent:
        yield sent


def _bio_to_spans(tags: list[str], offs: list[tuple[int, int]], mapping: dict[str, str]) -> list[LabeledSpan]:
    """IOB1 or IOB2 tags to spans; kinds missing from ``mapping`` are dropped."""
    out: list[LabeledSpan] = []
    cur: list = []
    for tag, (s, e) in zip(tags, offs, strict=True):
        kind = tag[2:] if len(tag) > 2 else None
        if tag == "O" or kind is None:
            cur = []
            continue
        if tag.startswith("B-") or not cur or cur[0] != kind:
            cur = [kind, s, e]
            if kind in mapping:
                out.append(LabeledSpan(mapping[kind], s, e))
        else:
            cur[2] = e
            if kind in mapping:
                out[-1] = LabeledSpan(mapping[kind], cur[1], e)
    return out


def read_conll(path: Path) -> Iterator[TaggedText]:
    """CoNLL-2003 sentences → entity layer (PER, ORG, LOC → PLACE; MISC is not one of ours, so it is ``O``)."""
    for sent in _read_columns(path):
        text, offs = _join_tokens([c[0] for c in sent])
        ents = _bio_to_spans([c[-1] for c in sent], offs, {"PER": "PER", "ORG": "ORG", "LOC": "PLACE"})
        yield TaggedText(text, (), tuple(ents), frozenset(ROLES), frozenset(), "conll", "conll")


def read_cameo(path: Path) -> Iterator[TaggedText]:
    """ConfliBERT CAMEO actor tags: S (source) → ACTOR1, T (target) → ACTOR2; R is undocumented and left unknown."""
    for sent in _read_columns(path):
        if any(len(c) < 2 for c in sent):
            continue
        text, offs = _join_tokens([c[0] for c in sent])
        roles = _bio_to_spans([c[-1] for c in sent], offs, {"S": "ACTOR1", "T": "ACTOR2"})
        unknown = frozenset(set(ROLES) - {"ACTOR1", "ACTOR2"})
        yield TaggedText(text, tuple(roles), (), unknown, frozenset(ENTITIES), "cameo", "cameo")


def read_halterman(path: Path, gold: bool | None = None) -> Iterator[TaggedText]:
    """Halterman's event-location sentences: LOCATION → LOC (and PLACE). Records of one sentence are merged.

    ``gold=True`` yields only the adjudicated RELABEL set, ``False`` only the rest, ``None`` all.
    """
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".jsonl") and not n.startswith("__MACOSX"))
        records = json.load(zf.open(name))
    merged: dict[str, set[tuple[int, int]]] = {}
    for r in records:
        is_gold = r.get("source") == "RELABEL"
        if gold is not None and is_gold != gold:
            continue
        text = r.get("text") or ""
        if not text:
            continue
        locs = merged.setdefault(text, set())
        toks = r.get("tokens") or []
        for sp in r.get("spans") or []:
            if sp.get("label") != "LOCATION":
                continue
            s, e = sp.get("start", 0), sp.get("end", 0)
            ts, te = sp.get("token_start"), sp.get("token_end")
            if toks and ts is not None and te is not None and te < len(toks):
                s, e = toks[ts]["start"], toks[te]["end"]  # token offsets are right where span offsets are not
            if 0 <= s < e <= len(text):
                locs.add((s, e))
    for text, locs in merged.items():
        roles = tuple(LabeledSpan("LOC", s, e) for s, e in _dedupe(locs))
        ents = tuple(LabeledSpan("PLACE", sp.start, sp.end) for sp in roles)
        yield TaggedText(
            text, roles, ents, frozenset(set(ROLES) - {"LOC"}), frozenset(ENTITIES), "halterman", "halterman"
        )
