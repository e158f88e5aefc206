"""Actors: a phrase of the text to an ACLED canonical actor name and its inter code, with evidence.

ACLED's actor columns hold canonical names ("Police Forces of Kenya (2013-)", "Al Shabaab", "Protesters (India)")
that rarely appear verbatim in a text. The mapping from phrases to names is *learned* from ACLED exports by
``tools/build_actor_table.py`` and shipped as data (``configs/actors/actors.json``): for every actor *key* -- a
name with its period removed and, where the name is built on a country ("Protesters (India)", "Military Forces of
Kenya (2013-)"), the country replaced by ``{C}`` -- the n-grams of notes that are distinctive of it, with counts,
and the instances (full name, country, period, inter code) seen. Resolution is then: phrase -> key (alias table,
name-derived aliases, a small documented seed list) -> full name (country of the article or a demonym in the
phrase, the period that contains the event date or else the latest) -> inter code (learned per name and country,
or by the template's rule: state forces are 1 at home and 8 abroad).

Nothing here holds mutable global state: the table is an immutable object loaded once per path (lru_cache).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from eventx.paths import config_dir
from eventx.schema.evidence import FieldEvidence, Span

__all__ = [
    "ActorMention",
    "ActorResult",
    "ActorTable",
    "KeyInfo",
    "default_table_path",
    "find_actors",
    "inter_code_of",
    "norm_tokens",
    "pick_roles",
    "resolve_actor",
    "split_actor_name",
]

TABLE_VERSION = 1
#: Longest alias, in tokens, the matcher tries.
MAX_NGRAM = 5
#: Keys of the people classes whose choice depends on the event, not the words ("residents" protest or are attacked).
PEOPLE_KEYS = frozenset({"Civilians ({C})", "Protesters ({C})", "Rioters ({C})"})
#: Templates of state forces: inter 1 in their own country, 8 (external) elsewhere.
_STATE_PREFIXES = ("Military Forces of ", "Police Forces of ", "Government of ")

_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
_PERIOD_RE = re.compile(r"\s*\((\d{4})-(\d{4})?\)")
_REPEAT_RE = re.compile(r"(.)\1+")


# ----------------------------------------------------------------------------------------------------------- text
def _fold(token: str) -> str:
    return unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode("ascii")


def norm_token(token: str) -> str:
    """One token as the table stores it: ASCII, repeated letters collapsed (Shabaab = Shabab).

    Short all-capital tokens keep their case, so that acronyms ("IS", "AS") stay apart from English words, and
    their letters: an acronym spells initials, so "KDDF" (a Myanmar militia) is not "KDF" (Kenya's army).
    """
    t = _fold(token)
    if 2 <= len(t) <= 6 and t.isalpha() and t.isupper():
        return t
    return _REPEAT_RE.sub(r"\1", t.lower())


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, normalised token)`` for every word of ``text``; offsets index the original string."""
    return [(m.start(), m.end(), norm_token(m.group())) for m in _TOKEN_RE.finditer(text)]


def norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(t for _, _, t in tokenize(text))


# ------------------------------------------------------------------------------------------------------ names
@dataclass(frozen=True)
class ParsedName:
    """An ACLED actor name taken apart: its key, the country it is built on and its period."""

    name: str
    key: str
    country: str | None
    start: int | None
    end: int | None


_WORD_RE = re.compile(r"[^\W\d_][\w']*")
_SMALL_WORDS = frozenset({"of", "the", "and", "or", "for", "in", "on", "to", "at", "a", "an", "de", "du", "des", "la"})


def display_case(name: str) -> str:
    """ACLED's usual spelling of a name that an old export wrote in capitals.

    "POLICE FORCES OF THE UNITED STATES (2017-2021)" -> "Police Forces of the United States (2017-2021)";
    "ACLU: AMERICAN CIVIL LIBERTIES UNION" -> "ACLU: American Civil Liberties Union" (the acronym before the colon
    stays). Names with any lower-case letter are returned as they are.
    """
    if not name.isupper():
        return name
    head, sep, rest = name.partition(": ")
    if not sep or " " in head:
        head, sep, rest = "", "", name
    words = []
    for i, w in enumerate(rest.split(" ")):
        low = w.lower()
        if i > 0 and low in _SMALL_WORDS:
            words.append(low)
        elif any(ch.isdigit() for ch in w):
            words.append(w)  # "BLM757", "2119"
        else:
            words.append(_WORD_RE.sub(lambda m: m.group().capitalize(), w))
    return head + sep + " ".join(words)


def split_actor_name(name: str, countries: Mapping[str, str]) -> ParsedName:
    """Take ``name`` apart. ``countries`` maps casefolded country spellings to ACLED's spelling.

    "Military Forces of the Philippines (2016-)" -> key "Military Forces of {C}", country Philippines, 2016-;
    "Protesters (India)" -> "Protesters ({C})", India; "Al Shabaab" -> itself, no country.
    """
    text = " ".join(name.split())
    start = end = None
    m = _PERIOD_RE.search(text)
    if m:
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else None
        text = (text[: m.start()] + text[m.end() :]).strip()
    text = display_case(text)
    country = None
    tail = re.search(r"\(([^()]+)\)$", text)
    if tail and tail.group(1).casefold() in countries:
        country = countries[tail.group(1).casefold()]
        text = text[: tail.start()] + "({C})"
    else:
        for prefix in _STATE_PREFIXES:
            if text.startswith(prefix):
                rest = text[len(prefix) :]
                words = rest.split(" ")
                for n in range(min(len(words), 6), 0, -1):
                    cand = " ".join(words[:n])
                    bare = cand[4:] if cand.startswith("the ") else cand
                    if bare.casefold() in countries:
                        country = countries[bare.casefold()]
                        text = (prefix + "{C}" + (" " + " ".join(words[n:]) if n < len(words) else "")).strip()
                        break
                break
    return ParsedName(name=name, key=text, country=country, start=start, end=end)


def is_state_key(key: str) -> bool:
    """A key for a country's state forces ("Military Forces of {C}", "Police Forces of {C} Prison Guards")."""
    return key.startswith(_STATE_PREFIXES) and "{C}" in key


# ------------------------------------------------------------------------------------------------------ table
@dataclass(frozen=True)
class Instance:
    """One full ACLED name of a key: ``Police Forces of Kenya (2013-)`` in Kenya from 2013."""

    name: str
    country: str | None
    start: int | None
    end: int | None
    inter: int | None
    count: int


@dataclass(frozen=True)
class KeyInfo:
    key: str
    count: int
    inter_home: int | None
    inter_abroad: int | None
    instances: tuple[Instance, ...]
    seen_in: frozenset[str] = frozenset()
    #: rows per country where the key acted, for the twelve most frequent (empty in tables built before it)
    seen_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Alias:
    """A phrase that names a key: seen ``count`` times in notes of that key, ``precision`` of its notes were."""

    key: str
    count: int
    precision: float
    source: str  # "learned", "name" or "seed"
    country: str | None = None  # the one country whose forces the phrase names ("KDF" -> Kenya), if any


@dataclass(frozen=True)
class ActorTable:
    """The learned actor table, immutable. Build with ``tools/build_actor_table.py``; load with ``ActorTable.load``."""

    keys: Mapping[str, KeyInfo]
    aliases: Mapping[tuple[str, ...], tuple[Alias, ...]]
    countries: Mapping[str, str]
    demonyms: Mapping[str, str]
    the_countries: frozenset[str]
    role_priors: Mapping[str, tuple[str, float, int]]
    names: Mapping[str, tuple[str, str | None]]  # full name casefolded -> (key, country)
    role_inters: Mapping[str, tuple[int, float, int]] = field(default_factory=dict)
    inter_words: Mapping[tuple[str, ...], tuple[int, float, int]] = field(default_factory=dict)
    country_words: Mapping[str, str] = field(default_factory=dict)  # normalised demonym or name -> country
    #: country -> periods of its state actors (Military, Police, Government share the regime's period)
    state_periods: Mapping[str, tuple[Instance, ...]] = field(default_factory=dict)
    #: actor name -> (first day, last day, name then): a group ACLED named differently over time (seeds.yaml)
    renamed: Mapping[str, tuple[tuple[dt.date | None, dt.date | None, str], ...]] = field(default_factory=dict)
    #: the people a militia is named after, as the table folds them ("turkana", "pk5") -> its key
    militia_bases: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    meta: Mapping[str, object] = field(default_factory=dict)

    @staticmethod
    def load(path: str | Path | None = None) -> ActorTable:
        """The table at ``path`` (default: the shipped one), loaded once per path."""
        return _load_table(str(Path(path).resolve()) if path is not None else str(default_table_path()))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ActorTable:
        if data.get("version") != TABLE_VERSION:
            raise ValueError(f"actor table version {data.get('version')!r}; this eventx reads {TABLE_VERSION}")
        keys: dict[str, KeyInfo] = {}
        names: dict[str, tuple[str, str | None]] = {}
        for key, rec in data["keys"].items():  # type: ignore[union-attr]
            insts = tuple(Instance(*i) for i in rec["instances"])
            keys[key] = KeyInfo(
                key,
                rec["count"],
                rec.get("inter_home"),
                rec.get("inter_abroad"),
                insts,
                frozenset(rec.get("seen_in", ())),
                dict(zip(rec.get("seen_in", ()), rec.get("seen_counts", ()), strict=False)),
            )
            for i in insts:
                names[i.name.casefold()] = (key, i.country)
        periods: dict[str, list[Instance]] = {}
        for key, info in keys.items():
            if is_state_key(key):
                for i in info.instances:
                    if i.country and i.start is not None:
                        periods.setdefault(i.country, []).append(i)
        aliases: dict[tuple[str, ...], tuple[Alias, ...]] = {}
        for phrase, lst in data["aliases"].items():  # type: ignore[union-attr]
            aliases[tuple(phrase.split(" "))] = tuple(Alias(*a) for a in lst)
        countries = dict(data["countries"])  # type: ignore[arg-type]
        demonyms = dict(data["demonyms"])  # type: ignore[arg-type]
        words: dict[str, str] = {}
        for src in (countries, demonyms):
            for k, v in src.items():
                words.setdefault(" ".join(norm_tokens(k)).lower(), v)
        for k, v in list(words.items()):
            if 2 <= len(k) <= 3 and k.isalpha():
                words.setdefault(" ".join(k), v)  # "U.S.", "U.K.", "D.R.C." are tokenised letter by letter
        return cls(
            keys=MappingProxyType(keys),
            aliases=MappingProxyType(aliases),
            countries=MappingProxyType(countries),
            demonyms=MappingProxyType(demonyms),
            the_countries=frozenset(data.get("the_countries", ())),  # type: ignore[arg-type]
            role_priors=MappingProxyType({k: tuple(v) for k, v in data.get("role_priors", {}).items()}),  # type: ignore[union-attr,misc]
            names=MappingProxyType(names),
            role_inters=MappingProxyType({k: tuple(v) for k, v in data.get("role_inters", {}).items()}),  # type: ignore[union-attr,misc]
            inter_words=MappingProxyType(
                {tuple(k.split(" ")): tuple(v) for k, v in data.get("inter_words", {}).items()}  # type: ignore[union-attr,misc]
            ),
            country_words=MappingProxyType(words),
            state_periods=MappingProxyType({c: tuple(v) for c, v in periods.items()}),
            renamed=MappingProxyType(
                {
                    k: tuple((_day(a), _day(b), str(n)) for a, b, n in v)
                    for k, v in data.get("renamed", {}).items()  # type: ignore[union-attr]
                }
            ),
            militia_bases=MappingProxyType(_militia_bases(keys)),
            meta=MappingProxyType(dict(data.get("meta", {}))),  # type: ignore[arg-type]
        )

    # -- lookups -------------------------------------------------------------------------------------------
    def country_of(self, tokens: Iterable[str]) -> str | None:
        """A country named in the tokens, by demonym ("Kenyan") or by name ("Kenya", "South Sudan")."""
        toks = [t.lower() for t in tokens]
        for n in range(min(len(toks), 4), 0, -1):
            for i in range(len(toks) - n + 1):
                phrase = " ".join(toks[i : i + n])
                hit = self.country_words.get(phrase)
                if hit:
                    return hit
        return None

    def home_country(self, key: str | None, *, min_share: float = 0.9, min_count: int = 3) -> str | None:
        """The one country a named actor acts in ("JVP" -> Sri Lanka), or None: a group seen in several countries
        (Islamic State) has none. Templates such as "Protesters ({C})" have none either, unless ACLED has only
        ever built them on one country, often ("Ambazonian Separatists (Cameroon)", 809 rows)."""
        info = self.keys.get(key) if key else None
        if info is None:
            return None
        if "{C}" in info.key:
            if is_state_key(info.key):
                return None  # a country's forces act abroad too; the text's demonym tells whose they are
            # one country in every instance, stopping at the second (this runs for every template alias matched)
            home, total = None, 0
            for inst in info.instances:
                if inst.country:
                    if home is not None and inst.country != home:
                        return None
                    home, total = inst.country, total + inst.count
            return home if total >= 20 else None
        counts: dict[str, int] = {}
        for inst in info.instances:
            if inst.country:
                counts[inst.country] = counts.get(inst.country, 0) + inst.count
        if not counts:  # a name with no country in it: where its rows were ("Anti-Balaka": 99 % Central African)
            if info.seen_counts:
                counts = dict(info.seen_counts)
            elif len(info.seen_in) == 1:
                counts = {next(iter(info.seen_in)): info.count}
        total = sum(counts.values())
        if total < min_count:
            return None
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] >= min_share * total else None

    def canonical_country(self, country: str | None) -> str | None:
        if not country:
            return None
        return self.countries.get(country.strip().casefold(), country.strip())

    def full_name(self, key: str, country: str | None, when: dt.date | None = None) -> tuple[str | None, int | None]:
        """The full name and inter code of ``key`` in ``country`` at ``when``; (None, None) if it cannot be named."""
        info = self.keys.get(key)
        templated = "{C}" in key
        if templated and not country:
            return None, self._template_inter(info, key, None, None)
        insts = list(info.instances) if info else []
        if templated:
            insts = [i for i in insts if i.country == country]
        if not templated:
            then = self._renamed(key, when)
            if then is not None:
                return then
            if insts:
                pick = _pick_period(insts, when)
                return pick.name, pick.inter if pick.inter is not None else info.inter_home  # type: ignore[union-attr]
            return (key, info.inter_home) if info else (None, None)
        state = is_state_key(key)
        borrowed = list(self.state_periods.get(country or "", ())) if state else []
        if insts and (when is None or _fits(insts, when) or not _fits(borrowed, when)):
            pick = _pick_period(insts, when)
            return pick.name, pick.inter if pick.inter is not None else self._template_inter(info, key, country, None)
        spelled = f"the {country}" if country in self.the_countries and key.startswith(_STATE_PREFIXES) else country
        name = key.replace("{C}", spelled or "")
        if borrowed:
            # No name of this kind seen for the country at that date: borrow the period of its other state actors
            # (ACLED gives a country's military, police and government the same regime period).
            p = _pick_period(borrowed, when)
            period = f"({p.start}-{p.end or ''})"
            head = key.split("{C}")[0] + spelled  # type: ignore[operator]
            name = f"{head} {period}{name[len(head) :]}"
        return name, self._template_inter(info, key, country, country)

    def _renamed(self, key: str, when: dt.date | None) -> tuple[str, int | None] | None:
        """The name a renamed group had at ``when`` ("Boko Haram" in 2014 is JAS, in 2015 Islamic State (West
        Africa)), or None outside every range (and without a date: the current name stands)."""
        if when is None:
            return None
        for first, last, name in self.renamed.get(key, ()):
            if (first is None or first <= when) and (last is None or when <= last):
                info = self.keys.get(name)
                return name, info.inter_home if info is not None else None
        return None

    def _template_inter(self, info: KeyInfo | None, key: str, country: str | None, home: str | None) -> int | None:
        if info is None:
            return 1 if is_state_key(key) else None
        return info.inter_home if (home is None or home == country) else (info.inter_abroad or info.inter_home)


_MILITIA_KEY = re.compile(r"^(?!Unidentified )(.+) (?:Ethnic|Communal) Militia \(\{C\}\)$")


def _militia_bases(keys: Mapping[str, KeyInfo]) -> dict[tuple[str, ...], str]:
    """ "Turkana" of "Turkana Ethnic Militia ({C})", "PK5" of "PK5 Communal Militia ({C})": the most frequent key
    when two share a people's name."""
    out: dict[tuple[str, ...], str] = {}
    for key in sorted(keys, key=lambda k: keys[k].count):
        m = _MILITIA_KEY.match(key)
        if m:
            base = tuple(t.lower() for t in norm_tokens(m.group(1)))
            if base:
                out[base] = key
    return out


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _fits(insts: list[Instance], when: dt.date | None) -> bool:
    return when is not None and any(
        (i.start is None or i.start <= when.year) and (i.end is None or when.year <= i.end) for i in insts
    )


def _pick_period(insts: list[Instance], when: dt.date | None) -> Instance:
    if when is not None:
        fits = [i for i in insts if (i.start is None or i.start <= when.year) and (i.end is None or when.year <= i.end)]
        if fits:
            return max(fits, key=lambda i: (i.start or 0, i.count))
        dated = [i for i in insts if i.start is not None]
        if dated:
            # no name known for that year: the period nearest to it ("(2018-)" for 2017, not today's "(2022-)")
            def gap(i: Instance) -> int:
                if when.year < (i.start or 0):
                    return (i.start or 0) - when.year
                return when.year - i.end if i.end is not None else 0

            return min(dated, key=lambda i: (gap(i), -i.count))
    # No date: the current name (open period, latest start), else the most frequent.
    return max(insts, key=lambda i: (i.end is None and i.start is not None, i.start or 0, i.count))


def default_table_path() -> Path:
    return config_dir() / "actors" / "actors.json"


@functools.lru_cache(maxsize=8)
def _load_table(path: str) -> ActorTable:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"actor table {p} not found; build it with tools/build_actor_table.py")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"actor table {p} is not valid JSON: {exc}") from exc
    return ActorTable.from_dict(data)


# ---------------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ActorResult:
    """A resolved actor: ACLED name (None when it cannot be named), inter code and the evidence."""

    name: str | None
    inter: int | None
    evidence: FieldEvidence
    key: str | None = None


@dataclass(frozen=True)
class ActorMention:
    """A phrase of a text that names an actor, with its resolution; ``start``/``end`` index the caller's text."""

    start: int
    end: int
    text: str
    name: str | None
    inter: int | None
    score: float
    key: str | None = None


@dataclass(frozen=True)
class _Match:
    key: str
    score: float
    alias: tuple[str, ...]
    source: str
    country: str | None = None
    at: int = 0  # index of the alias's first token in the phrase


def _score_aliases(
    table: ActorTable, phrase: tuple[str, ...], cands: tuple[Alias, ...], country: str | None, cover: float
) -> _Match | None:
    best: _Match | None = None
    best_count = -1
    for a in cands:
        info = table.keys.get(a.key)
        local = 1.0
        if country and not a.country and "{C}" in a.key and table.home_country(a.key) not in (None, country):
            # a word learned for a group ACLED builds on one country only ("separatists": Ambazonian Separatists,
            # Cameroon; "insurgents": Southern Muslim Separatists, Thailand) names no such group elsewhere:
            # "Ambazonian Separatists (Pakistan)" is no actor at all
            continue
        if country and a.country and a.country != country and not is_state_key(a.key):
            local = 0.5  # a phrase for one country's group ("separatists" in Cameroon), used elsewhere
        elif country and info is not None:
            if "{C}" in a.key:
                local = 1.0
            elif country in info.seen_in or any(i.country == country for i in info.instances):
                local = 1.15
            else:
                local = 0.85  # a named group only ever seen elsewhere
        support = min(1.0, 0.6 + a.count / 50)
        s = a.precision * local * support * cover
        # Equal scores (one alias, several groups of that name, all well attested): the reading ACLED's coders
        # used most often wins ("Boko Haram" is coded "Islamic State (West Africa) and/or Boko Haram ..." 1,317
        # times, "Boko Haram - Jamatu ..." alone 92), not the first in the table.
        if best is None or (s, a.count) > (best.score, best_count):
            best = _Match(a.key, s, phrase, a.source, a.country)
            best_count = a.count
    return best


def _lookup(table: ActorTable, phrase: tuple[str, ...]) -> tuple[Alias, ...]:
    """Aliases of a phrase; an acronym not known in capitals is tried in lower case ("ISIS" -> "isis")."""
    hit = table.aliases.get(phrase)
    if not hit:
        low = tuple(t.lower() for t in phrase)
        hit = table.aliases.get(low, ()) if low != phrase else ()
    if hit and any(a.source == "name" and " - " in a.key for a in hit):
        hit = tuple(a for a in hit if not _place_part(a, phrase))
    return hit


def _place_part(alias: Alias, phrase: tuple[str, ...]) -> bool:
    """The phrase is the place that closes a group's name ("Yangon" of "People's Defense Force - Yangon"): alone it
    names the place, not the group (an explosion "in Mayangone township (Yangon-West district)")."""
    if alias.source != "name" or " - " not in alias.key:
        return False
    tail = alias.key.rsplit(" - ", 1)[1]
    if " ".join(phrase).casefold() != " ".join(norm_tokens(tail)).casefold():
        return False
    from eventx.resolve.places import default_gazetteer

    return bool(default_gazetteer().lookup(tail))


def _opens_a_name(text: str, spans: Sequence[tuple[int, int, str]], i: int, n: int) -> bool:
    """Words ``i..i+n-1`` are capitalised and a capitalised word follows, a space (or an apostrophe-s) away: the
    start of a proper name ("People's Defense Force - Pauk", "Youth Revolution Force"), not the common noun."""
    first = text[spans[i][0] : spans[i][1]]
    if not first[:1].isupper() or first.isupper():
        return False
    j = i + n
    if j < len(spans) and spans[j][2] == "s" and text[spans[j - 1][1] : spans[j][0]] in ("'", "’"):
        j += 1  # People's
    if j >= len(spans) or text[spans[j - 1][1] : spans[j][0]] != " ":
        return False
    nxt = text[spans[j][0] : spans[j][1]]
    return nxt[:1].isupper() and not nxt.isupper()


#: two words before a bare force word that make it a kind of event, not a party: ACLED's "Movement of forces:"
#: label; whose forces moved is said elsewhere in the note (or not at all)
_NAMES_NO_ONE = frozenset({("movement", "of"), ("movements", "of")})


#: the fighters of a people or a community: "Turkana raiders", "Afar militiamen", "Konkomba militias". Notes of the
#: training countries that write a people's name before one of these words code that people's militia as actor1 or
#: actor2 in 0.81 of cases (589 notes; "herders" only 0.57: herders are as often the victims)
FIGHTER_NOUNS = frozenset(
    norm_token(w)
    for w in """militia militias militiaman militiamen raiders tribesmen herdsmen warriors bandits gunmen fighters
    militants attackers""".split()
)
_MILITIA_PRECISION = 0.8


def _militia_alias(
    table: ActorTable, phrase: tuple[str, ...], text: str, spans: Sequence[tuple[int, int, str]], i: int
) -> tuple[Alias, ...]:
    """A people's name before a fighter noun names that people's militia, though ACLED's notes never wrote the
    phrase often enough to learn it (and its name alone, "Turkana", is a county's): "Turkana raiders" -> Turkana
    Ethnic Militia. The name must be written capitalised where the text is at hand, and be no country's demonym."""
    if len(phrase) < 2 or phrase[-1].lower() not in FIGHTER_NOUNS:
        return ()
    base = tuple(t.lower() for t in phrase[:-1])
    key = table.militia_bases.get(base)
    if key is None or (spans and not text[spans[i][0] : spans[i][0] + 1].isupper()):
        return ()
    if " ".join(base) in table.country_words:
        return ()  # "Somali gunmen": whose country they come from, not which people's militia they are
    return (Alias(key, table.keys[key].count, _MILITIA_PRECISION, "name"),)


def _people_word(cands: Sequence[Alias]) -> bool:
    return all(a.source == "seed" and a.key in PEOPLE_KEYS for a in cands)


def _best_alias(
    table: ActorTable,
    toks: tuple[str, ...],
    country: str | None,
    text: str = "",
    spans: Sequence[tuple[int, int, str]] = (),
) -> _Match | None:
    best: _Match | None = None
    n_tok = max(1, len(toks))
    for n in range(min(len(toks), MAX_NGRAM), 0, -1):
        for i in range(len(toks) - n + 1):
            phrase = toks[i : i + n]
            cands = _lookup(table, phrase) or _militia_alias(table, phrase, text, spans, i)
            if not cands:
                continue
            if spans and _people_word(cands) and _opens_a_name(text, spans, i, n):
                continue  # "People" of "People's Defense Force": a group's name, not civilians
            m = _score_aliases(table, phrase, cands, country, (n / n_tok) ** 0.25)
            if m and (best is None or m.score > best.score):
                best = dataclasses.replace(m, at=i)
    return best


def _inter_guess(
    table: ActorTable, toks: tuple[str, ...], role: str, event_type: str | None
) -> tuple[int | None, str | None]:
    """An inter code without a name: from words that name a kind of actor ("insurgents" -> 2), else the role."""
    best: tuple[float, int, str] | None = None
    for n in range(min(len(toks), 3), 0, -1):
        for i in range(len(toks) - n + 1):
            hit = table.inter_words.get(toks[i : i + n])
            if hit and (best is None or hit[1] * min(1.0, hit[2] / 20) > best[0]):
                best = (hit[1] * min(1.0, hit[2] / 20), hit[0], " ".join(toks[i : i + n]))
    if best is not None:
        return best[1], f"'{best[2]}'"
    prior = table.role_inters.get(f"{event_type}|{role}") if event_type else None
    if prior is not None:
        return prior[0], f"{role} of {event_type} ({prior[1]:.0%} of ACLED events)"
    return None, None


def _event_key(table: ActorTable, role: str, event_type: str | None) -> tuple[str, float, int] | None:
    if not event_type:
        return None
    return table.role_priors.get(f"{event_type}|{role}")


def resolve_actor(
    mention: str,
    *,
    country: str | None = None,
    role: str = "actor1",
    context: str | None = None,
    event_type: str | None = None,
    table: ActorTable | None = None,
    span: Span | None = None,
    when: dt.date | None = None,
) -> ActorResult:
    """Resolve one actor phrase to ACLED's canonical name and inter code.

    ``country`` is the event's country (fills templates: "police" in Kenya); a demonym in the phrase overrides
    it for state forces ("Rwandan troops"). ``event_type`` and ``role`` pick the people class where the words do
    not decide it (actor1 of a protest is Protesters, whatever the text calls them). ``when`` picks the period of
    names such as "Military Forces of Kenya (2013-2022)"; without it the current name is taken. ``context`` (the
    sentence or note) is read only when the phrase is empty: its mentions are found and ``pick_roles`` chooses.
    """
    if role not in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        raise ValueError(f"role must be actor1, actor2, assoc_actor_1 or assoc_actor_2, not {role!r}")
    table = table or ActorTable.load()
    spans = [span] if span is not None else []
    country = table.canonical_country(country)
    tok_spans = tokenize(mention or "")
    toks = tuple(t for _, _, t in tok_spans)
    prior = _event_key(table, role, event_type)

    def written(m: _Match) -> str:
        """The alias as the text writes it (the table's tokens are folded: 'suporters', 'LTE')."""
        if m.source == "context" or not tok_spans:
            return " ".join(m.alias)
        last = min(m.at + len(m.alias), len(tok_spans)) - 1
        return (mention or "")[tok_spans[m.at][0] : tok_spans[last][1]]

    # 1. The phrase is itself a canonical name.
    clean = " ".join((mention or "").split())
    direct = table.names.get(clean.casefold())
    if direct is not None:
        key = direct[0]
        info = table.keys[key]
        canon = next(i.name for i in info.instances if i.name.casefold() == clean.casefold())
        inter = inter_code_of(canon, country, table=table)
        if is_state_key(key) and not _PERIOD_RE.search(canon):
            # "military forces of Pakistan" without a period: the state's name at the event's date
            home = split_actor_name(canon, table.countries).country
            dated, dated_inter = table.full_name(key, home, when)
            if dated is not None:
                canon = dated
                if home == country or not country:  # abroad, inter_code_of's code (8) stands
                    inter = dated_inter
        return ActorResult(canon, inter, FieldEvidence(spans=spans, confidence=0.99, reason="canonical name"), key)

    match = _best_alias(table, toks, country, mention or "", tok_spans) if toks else None
    via_context = False
    if match is None and context and not toks:
        a1, a2 = pick_roles(find_actors(context, country=country, table=table, when=when), context, event_type)
        m0 = a1 if role in ("actor1", "assoc_actor_1") else a2
        if m0 is not None and m0.key:
            match = _Match(m0.key, m0.score, (m0.text,), "context")
            via_context = True

    if match is not None and prior is not None and match.key in PEOPLE_KEYS and prior[0] in PEOPLE_KEYS:
        if prior[0] != match.key and prior[1] >= 0.6:
            name, inter = table.full_name(prior[0], country, when)
            reason = (
                f"'{written(match)}' is people; {role} of {event_type} is {prior[0]} "
                f"in {prior[1]:.0%} of {prior[2]} ACLED events"
            )
            return ActorResult(
                name, inter, FieldEvidence(spans=spans, confidence=0.8 * prior[1], reason=reason), prior[0]
            )

    if match is None:
        # No phrase at all: the most frequent filler of the role (an unnamed perpetrator of violence against
        # civilians is an Unidentified Armed Group). A phrase naming nobody we know: only a near-certain role.
        if prior is not None and (prior[1] >= 0.6 or not toks):
            name, inter = table.full_name(prior[0], country, when)
            what = "no alias in phrase" if toks else "no phrase"
            reason = f"{what}; {role} of {event_type} is {prior[0]} in {prior[1]:.0%} of ACLED events"
            ev = FieldEvidence(spans=spans, confidence=0.6 * prior[1], reason=reason, method="fallback")
            return ActorResult(name, inter, ev, prior[0])
        inter, why = _inter_guess(table, toks, role, event_type)
        reason = "no known actor in phrase" + (f"; inter from {why}" if why else "")
        ev = FieldEvidence(spans=spans, confidence=0.0, reason=reason, method="fallback")
        return ActorResult(None, inter, ev)

    target = country
    named = table.country_of(toks) or (match.country if is_state_key(match.key) else None)
    if named and is_state_key(match.key):
        target = named
    elif named and not target:
        target = named
    name, inter = table.full_name(match.key, target, when)
    if is_state_key(match.key) and country and target and target != country:
        info = table.keys.get(match.key)
        inter = (info.inter_abroad if info and info.inter_abroad else 8) if name else inter
    phrase = written(match)
    if name is None:
        reason = f"alias '{phrase}' -> {match.key}: needs a country"
    elif match.source == "name":
        reason = f"name part '{phrase}' -> {name}"
    else:
        how = {"learned": "alias", "seed": "seed alias", "context": "context alias"}.get(match.source, "alias")
        reason = f"{how} '{phrase}' -> {name}"
        if "{C}" in match.key:
            reason += f" (pattern {match.key}, country {target})"
    if name is not None and inter is None:
        # ACLED's rows never coded this name's inter: guess it from the words of the name and the phrase
        inter, why = _inter_guess(table, norm_tokens(name) + toks, role, None)  # words only: no role prior
        if why:
            reason += f"; inter code unknown for this name, guessed from {why}"
    conf = round(min(0.98, match.score * (0.8 if via_context else 1.0)), 3)
    return ActorResult(name, inter, FieldEvidence(spans=spans, confidence=conf, reason=reason), match.key)


def find_actors(
    text: str,
    *,
    country: str | None = None,
    table: ActorTable | None = None,
    offset: int = 0,
    when: dt.date | None = None,
    min_score: float = 0.45,
) -> list[ActorMention]:
    """Phrases of ``text`` that name actors, left to right, longest alias first, each resolved.

    A demonym or country name just before an alias joins the span ("Nigerian soldiers"). Offsets are those of
    ``text`` plus ``offset`` (for a sentence cut from a longer article).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    table = table or ActorTable.load()
    country = table.canonical_country(country)
    toks = tokenize(text)
    words = [t for _, _, t in toks]
    out: list[ActorMention] = []
    i = 0
    while i < len(toks):
        hit: tuple[int, _Match] | None = None
        for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
            if n > 1 and any(c in text[toks[i][1] : toks[i + n - 1][0]] for c in ",;"):
                continue  # "the military, police and gendarmerie" lists forces; no alias spans the comma
            phrase = tuple(words[i : i + n])
            cands = _lookup(table, phrase)
            if not cands or (_people_word(cands) and _opens_a_name(text, toks, i, n)):
                continue
            if n == 1 and i >= 2 and (words[i - 2].lower(), words[i - 1].lower()) in _NAMES_NO_ONE:
                continue  # "Movement of forces:" says what happened, not whose forces moved
            m = _score_aliases(table, phrase, cands, country, 1.0)
            if m is not None and m.score >= min_score:
                hit = (n, m)
                break
        if hit is None:
            i += 1
            continue
        n, m = hit
        first = i
        for back in (3, 2, 1):  # "South Sudanese troops", "U.S. forces" (tokenised "U S"), "Kenyan police"
            if i >= back and " ".join(words[i - back : i]).lower() in table.country_words:
                if not any(c in text[toks[i - back][1] : toks[i][0]] for c in ",;:()"):
                    first = i - back  # not "in Kenya, police said": a comma between them
                break
        start, end = toks[first][0], toks[i + n - 1][1]
        span_text = text[start:end]
        res = resolve_actor(span_text, country=country, table=table, when=when)
        name, inter, key = (res.name, res.inter, res.key) if res.key else (None, None, m.key)
        out.append(ActorMention(start + offset, end + offset, span_text, name, inter, round(m.score, 3), key))
        i += n
    return out


def pick_roles(
    mentions: list[ActorMention], text: str, event_type: str | None = None, *, offset: int = 0
) -> tuple[ActorMention | None, ActorMention | None]:
    """Actor1 and actor2 among found mentions, by ACLED's habits, for when no model assigned the roles.

    Protests and riots: actor1 is the people (they become Protesters/Rioters), actor2 the first other actor.
    Violence against civilians: actor2 is the people, actor1 the first other actor. Otherwise the agent of a
    passive ("killed by X") comes first, then the first actor that is not people; actor2 is the next distinct one.
    """
    if not mentions:
        return None, None

    def people(m: ActorMention) -> bool:
        return m.key in PEOPLE_KEYS

    def distinct(a: ActorMention, b: ActorMention) -> bool:
        return (a.name or a.key) != (b.name or b.key)

    if event_type in ("Protests", "Riots"):
        a1 = next((m for m in mentions if people(m)), None)
        rest = [m for m in mentions if not people(m)]
        return a1, (rest[0] if rest else None)
    if event_type == "Violence against civilians":
        a2 = next((m for m in mentions if people(m)), None)
        a1 = next((m for m in mentions if not people(m)), None)
        return a1, a2
    agent = next(
        (m for m in mentions if re.search(r"\bby\s+(?:the\s+|suspected\s+)?$", text[: m.start - offset])), None
    )
    a1 = agent or next((m for m in mentions if not people(m)), mentions[0])
    a2 = next((m for m in mentions if m is not a1 and distinct(m, a1)), None)
    return a1, a2


def inter_code_of(name: str, country: str | None = None, *, table: ActorTable | None = None) -> int | None:
    """Inter code (1-8) of a canonical ACLED name; ``country`` (the event's) matters for foreign state forces."""
    table = table or ActorTable.load()
    clean = " ".join(name.split())
    hit = table.names.get(clean.casefold())
    parsed = split_actor_name(clean, table.countries)
    key = hit[0] if hit else parsed.key
    home = hit[1] if hit else parsed.country
    info = table.keys.get(key)
    country = table.canonical_country(country)
    if info is not None:
        insts = [i for i in info.instances if i.name.casefold() == clean.casefold() and i.inter is not None]
        if insts and (country is None or home is None or home == country):
            return insts[0].inter
        if home and country and home != country:
            return info.inter_abroad or (8 if is_state_key(key) else info.inter_home)
        return info.inter_home
    if is_state_key(key):
        return 8 if (home and country and home != country) else 1
    return None
