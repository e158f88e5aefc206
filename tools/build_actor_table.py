"""Learn eventx's actor alias table from ACLED exports; write ``configs/actors/actors.json``.

How the table is learned (no note text is kept, only names, n-grams, codes and counts):

1. Every ACLED row with notes and an actor1 is read (``iter_acled_csv`` over ``acled*/*.csv`` and
   ``acled_more/*/*.csv``); duplicate rows across exports are dropped; a missing country is taken from the actor
   names ("Protesters (Philippines)"); rows whose notes are keyword lists, not prose, are skipped.
2. Each actor name is taken apart (``split_actor_name``) into a *key*: the period is removed and, where the name
   is built on a country, the country becomes ``{C}`` ("Police Forces of {C}", "Protesters ({C})"). The key's
   instances keep full name, country, period, inter code (the most frequent at home; ``inter_abroad`` where the
   event's country differs: foreign state forces are 8).
3. For every n-gram (1-5 words) of the notes, that does not start or end on a function word, a number, a
   verb-like ``-ed``/``-ing`` word or a place name, count the notes it occurs in (df) and, per key among the
   row's actor1/actor2, the notes of that key (c). An n-gram becomes an alias of a key when c >= 3 and the
   precision c/df >= max(0.5, 2 * the key's share of all notes) -- distinctive, not just frequent. The three best
   keys of a phrase are kept with their counts and precision. An alias of a template key ("Military Forces of {C}")
   seen in one country's notes carries that country ("FARDC soldiers": Congo's army wherever the event is) only
   when a word of it names something (an acronym, a demonym, a word the notes write capitalised); "police raid"
   seen only in Philippine notes is a phrase, not a name.
4. Aliases from the names themselves ("NPA: New People's Army" -> "NPA", "new people's army"; parts of
   "X and/or Y - Z"), unless the notes show the phrase usually means something else.
5. A small hand-written seed list (``configs/actors/seeds.yaml``), for what the notes cannot teach or teach thinly (the spellings of Islamic
   State and Al Shabaab, "gunmen", "villagers", "demonstrators", "cops" ...); seeds never override a learned alias.
   National seeds name one country's forces ("CRPF" -> India's Central Reserve Police Force) and carry that
   country, so the name holds wherever the event is, as learned country-specific aliases ("KDF") do.
6. Role priors: per event type and role, the key that fills it most often and its share (actor1 of Protests is
   "Protesters ({C})"), used where the words cannot decide.
7. Demonyms: generated from country names (Kenya -> Kenyan, Pakistan -> Pakistani, Sudan -> Sudanese) with a
   short list of irregular ones.

Usage::

    python tools/build_actor_table.py                         # all countries -> configs/actors/actors.json
    python tools/build_actor_table.py --train-only --out /tmp/actors_train.json   # benchmark table

``--train-only`` leaves out the dev countries of ``configs/splits/actors_dev.yaml`` (a hash split by country).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import glob
import hashlib
import json
import re
import sys
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycountry
import yaml

from eventx.io.acled_csv import iter_acled_csv
from eventx.paths import config_dir, shared_data_dir
from eventx.resolve.actors import (
    TABLE_VERSION,
    display_case,
    is_state_key,
    norm_token,
    norm_tokens,
    split_actor_name,
)

MAX_N = 5
#: Head words of a phrase that names a state's forces when a demonym or country precedes them.
STATE_HEADS = frozenset(
    "army military troops soldiers soldier forces police policemen gendarmes gendarmerie navy marines".split()
)
MIN_COUNT = 3
KEEP_PER_PHRASE = 3
MIN_T = 0.6  # EM precision t(key | phrase)
MIN_SHARE = 0.1  # share of the notes with the phrase in which it names the key

#: a key for one unit of a state's forces: "Police Forces of {C} Southwest Special Police Forces" -> the unit's name
UNIT_KEY = re.compile(r"(?:Military|Police) Forces of \{C\} (.+)$")

#: words any state force is described with: a unit name made of these alone ("State Security", "Naval Force") reads
#: as a description in the news, so it names the unit only with the country's name (matched as the full name)
GENERIC_UNIT_WORDS = frozenset(
    "state national federal special security police force forces service guard guards border naval navy air army "
    "military auxiliary local defense defence unit units quick response reaction rapid reserve armed".split()
)

STOP = frozenset(
    """a an the of in on at to for by with and or from was were is are be been being had has have that this these
    those which who whom whose their his her its it as after before during into over against near between while
    when where also not no than then there here about around some several other another both each all any many
    more most said says say reportedly reported according allegedly two three four five six seven eight nine ten
    one first second following same such same up down out off under via per within without since until
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday week weekend day days night morning evening afternoon today
    yesterday s t area areas district village town city region province state county municipality upon anti non
    pro beat shot hit fire fired attack attacks killed kill clash clashes""".split()
)


@dataclass(frozen=True)
class Seeds:
    """The hand-written seeds of ``configs/actors/seeds.yaml`` (step 5): aliases, inter words, irregular demonyms."""

    aliases: dict[str, tuple[str, ...]]
    inter_words: dict[int, tuple[str, ...]]
    demonyms: dict[str, str]
    #: country -> actor key -> phrases that name that one country's forces wherever the event is ("CRPF" -> India)
    national: dict[str, dict[str, tuple[str, ...]]] = dataclasses.field(default_factory=dict)
    #: actor name -> (first day, last day, name it takes then): a group ACLED named differently over time
    renamed: dict[str, tuple[tuple[str, str, str], ...]] = dataclasses.field(default_factory=dict)


@functools.lru_cache(maxsize=4)
def load_seeds(path: Path | None = None) -> Seeds:
    p = path or config_dir() / "actors" / "seeds.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    try:
        return Seeds(
            aliases={str(k): tuple(str(x) for x in v) for k, v in data["aliases"].items()},
            inter_words={int(k): tuple(str(x) for x in v) for k, v in data["inter_words"].items()},
            demonyms={str(k): str(v) for k, v in data["demonyms"].items()},
            national={
                str(c): {str(k): tuple(str(x) for x in v) for k, v in keys.items()}
                for c, keys in (data.get("national_aliases") or {}).items()
            },
            renamed={str(k): tuple(_renaming(str(k), r) for r in v) for k, v in (data.get("renamed") or {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"{p}: seeds need aliases, inter_words and demonyms mappings ({exc})") from exc


def _renaming(name: str, entry: object) -> tuple[str, str, str]:
    """One ``[first day, last day, name]`` of a renamed group, dates ISO or empty (open)."""
    if not isinstance(entry, list | tuple) or len(entry) != 3:
        raise ValueError(f"renamed {name!r}: each entry is [first day, last day, name], got {entry!r}")
    first, last, new = (str(x or "") for x in entry)
    for day in (first, last):
        if day:
            dt.date.fromisoformat(day)  # a bad date fails the build, not the first event it would have named
    return first, last, new


_LIST_NOTE = re.compile(r"^\s*\[\s*'")


@dataclass
class Row:
    country: str
    notes: str
    event_type: str
    keys: tuple[str | None, str | None]  # actor1, actor2 keys
    names: tuple[str | None, str | None]
    inters: tuple[int | None, int | None]
    assoc: tuple[str, ...]
    year: int | None


# ---------------------------------------------------------------------------------------------------- loading
def acled_files(root: Path) -> list[Path]:
    pats = ["acled*/*.csv", "acled_more/*/*.csv"]
    return sorted({Path(p) for pat in pats for p in glob.glob(str(root / pat))})


def country_map(extra: Iterable[str]) -> dict[str, str]:
    """Casefolded spelling -> ACLED's spelling: ACLED's own country names first, then pycountry's."""
    out: dict[str, str] = {}
    acled = sorted({c for c in extra if c and not c.isdigit()})
    for c in acled:
        out[c.casefold()] = c
    for c in pycountry.countries:
        names = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        target = next((out[n.casefold()] for n in names if n.casefold() in out), c.name)
        for n in names:
            if "," not in n:
                out.setdefault(n.casefold(), target)
    for alias, target in {
        "drc": "Democratic Republic of Congo",
        "dr congo": "Democratic Republic of Congo",
        "democratic republic of the congo": "Democratic Republic of Congo",
        "burma": "Myanmar",
        "côte d'ivoire": "Ivory Coast",
        "cote d'ivoire": "Ivory Coast",
        "usa": "United States",
        "united states of america": "United States",
        "uk": "United Kingdom",
        "car": "Central African Republic",
        "republic of congo": "Republic of Congo",
        "congo": "Republic of Congo",
        "swaziland": "eSwatini",
    }.items():
        if target.casefold() in out or alias in ("drc", "dr congo", "democratic republic of the congo"):
            out.setdefault(alias, out.get(target.casefold(), target))
    out.pop("car", None)  # "car" is a word first
    return out


def read_rows(files: list[Path], log=print) -> tuple[list[dict], list[dict]]:
    """Raw row dicts (deduplicated) and the place names seen, read through eventx's ACLED reader."""
    seen: set[tuple] = set()
    rows: list[dict] = []
    places: set[str] = set()
    bad = 0
    for f in files:
        for res in iter_acled_csv(f):
            rec = res.record
            if rec is None:
                bad += 1
                continue
            for p in (rec.location, rec.admin1, rec.admin2, rec.admin3):
                if p:
                    places.add(p)
            if not rec.notes or not rec.actor1 or _LIST_NOTE.match(rec.notes):
                continue
            k = (rec.notes.strip(), rec.actor1, rec.event_date)
            if k in seen:
                continue
            seen.add(k)
            rows.append(
                {
                    "country": rec.country,
                    "notes": rec.notes,
                    "event_type": rec.event_type,
                    "a1": rec.actor1,
                    "a2": rec.actor2 if rec.actor2 not in ("NA", "") else None,
                    "i1": rec.inter1,
                    "i2": rec.inter2,
                    "as1": rec.assoc_actor_1,
                    "as2": rec.assoc_actor_2,
                    "year": rec.event_date.year if rec.event_date else None,
                }
            )
    log(f"read {len(files)} files: {len(rows)} rows with notes and actor1 ({bad} unreadable rows)")
    return rows, [{"place": p} for p in sorted(places)]


def display_names(raw: list[dict]) -> dict[str, str]:
    """Old US exports write actor names in capitals; users should see the name as ACLED spells it elsewhere.

    The same name in mixed case from another export where there is one, else ``display_case`` of it.
    """
    names = {n for r in raw for k in ("a1", "a2", "as1", "as2") if r[k] for n in r[k].split(";")}
    names = {n.strip() for n in names if n.strip()}
    mixed: dict[str, str] = {}
    for n in sorted(names):
        if not n.isupper():
            mixed.setdefault(n.casefold(), n)
    return {n: mixed.get(n.casefold(), display_case(n)) for n in names if n.isupper()}


def prepare(raw: list[dict], countries: dict[str, str]) -> list[Row]:
    shown = display_names(raw)

    def fix(value: str | None) -> str | None:
        if not value:
            return value
        return "; ".join(shown.get(a.strip(), a.strip()) for a in value.split(";"))

    out = []
    for r in raw:
        r = {**r, "a1": fix(r["a1"]), "a2": fix(r["a2"]), "as1": fix(r["as1"]), "as2": fix(r["as2"])}
        p1 = split_actor_name(r["a1"], countries)
        p2 = split_actor_name(r["a2"], countries) if r["a2"] else None
        country = countries.get((r["country"] or "").casefold(), r["country"])
        if not country:
            country = p1.country or (p2.country if p2 else None)
        if not country:
            continue
        assoc = tuple(a.strip() for x in (r["as1"], r["as2"]) if x for a in x.split(";") if a.strip())
        out.append(
            Row(
                country,
                r["notes"],
                r["event_type"],
                (p1.key, p2.key if p2 else None),
                (r["a1"], r["a2"]),
                (r["i1"], r["i2"]),
                assoc,
                r["year"],
            )
        )
    return out


# ------------------------------------------------------------------------------------------------------ split
def dev_countries(countries: Iterable[str], salt: str, buckets: int) -> set[str]:
    """Deterministic country split: sha1(salt + casefolded name) mod ``buckets`` == 0 -> dev."""
    return {c for c in countries if int(hashlib.sha1((salt + c.casefold()).encode()).hexdigest(), 16) % buckets == 0}


def load_split(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------------------ learn
#: Words inside a phrase that show it is a clause, not a name ("clashed with the army").
BREAK = frozenset(
    """with at in on by from to into against near after during was were is are has had have been who which that
    while when where than as""".split()
)
#: Participles that do start actor phrases ("armed men", "unidentified gunmen").
PARTICIPLES = frozenset(
    """armed unidentified masked suspected alleged united retired disgruntled displaced unarmed organised
    organized hooded uniformed affiliated aggrieved striking protesting agitating""".split()
)


def _verbish(low: str) -> bool:
    return low.endswith(("ed", "ing")) and low not in PARTICIPLES


def _bad_edge(tok: str, places1: set[str]) -> bool:
    """A phrase may not start or end on a function word, a number, a place or a verb-like word."""
    low = tok.lower()
    return low in STOP or any(ch.isdigit() for ch in tok) or len(tok) < 2 or low in places1 or _verbish(low)


def note_ngrams(tokens: tuple[str, ...], places1: set[str], placesn: set[str], skip: set[str]) -> set[str]:
    """Candidate actor phrases of a note: 1-5 words, no clause words, numbers or verb-like words inside."""
    grams: set[str] = set()
    n_tok = len(tokens)
    for i in range(n_tok):
        if _bad_edge(tokens[i], places1):
            continue
        for n in range(1, MAX_N + 1):
            j = i + n
            if j > n_tok:
                break
            last = tokens[j - 1]
            low = last.lower()
            if any(ch.isdigit() for ch in last) or low in BREAK or _verbish(low):
                break
            if _bad_edge(last, places1):
                continue
            g = " ".join(tokens[i:j])
            if g.lower() in placesn or g.lower() in skip:
                continue
            grams.add(g)
    return grams


def learn_aliases(
    rows: list[Row],
    places: set[str],
    skip: set[str],
    name_country: Mapping[str, str],
    *,
    iterations: int = 8,
    log=print,
) -> tuple[dict[str, list[list]], Counter[str], dict[str, Counter[str]], dict[str, list]]:
    """Align each actor of a note to the n-gram that names it (IBM Model 1 EM), then keep the distinctive ones.

    Plain co-occurrence credits every phrase of a note to both of its actors ("KDF" would name Al Shabaab, whom
    the Kenyan army fights). Model 1 makes the phrases of a note compete: an actor is generated by one phrase (or
    by none: NULL), t(key | phrase) is re-estimated from the expected alignments, and a phrase that another actor
    of the note explains better loses its credit. Returns aliases, phrase document counts and co-occurrences.
    """
    places1 = {p for p in places if " " not in p}
    t0 = time.time()
    df: Counter[str] = Counter()
    per_note: list[set[str]] = []
    for r in rows:
        g = note_ngrams(norm_tokens(r.notes), places1, places, skip)
        per_note.append(g)
        df.update(g)
    keep = {g for g, c in df.items() if c >= MIN_COUNT}
    pair: dict[str, Counter[str]] = defaultdict(Counter)
    for r, grams in zip(rows, per_note, strict=True):
        ks = {k for k in r.keys if k}
        for g in grams & keep:
            for k in ks:
                pair[g][k] += 1
    # parameters: one per (phrase, key) seen together >= MIN_COUNT times, plus NULL per key
    pair_index: dict[tuple[str, str], int] = {}
    pair_gram: list[int] = []
    gram_id: dict[str, int] = {}
    for g, ctr in pair.items():
        for k, c in ctr.items():
            if c >= MIN_COUNT:
                gid = gram_id.setdefault(g, len(gram_id))
                pair_index[(g, k)] = len(pair_gram)
                pair_gram.append(gid)
    keys_all = sorted({k for r in rows for k in r.keys if k})
    null_gid = len(gram_id)
    for k in keys_all:
        pair_index[("", k)] = len(pair_gram)
        pair_gram.append(null_gid)
    entries = array("i")
    segs = array("i")
    seg = 0
    ent_country = array("i")
    country_id: dict[str, int] = {}
    for r, grams in zip(rows, per_note, strict=True):
        for slot in (0, 1):
            k = r.keys[slot]
            if not k:
                continue
            cid = country_id.setdefault(name_country.get(r.names[slot] or "", ""), len(country_id))
            for g in grams:
                idx = pair_index.get((g, k))
                if idx is not None:
                    entries.append(idx)
                    segs.append(seg)
                    ent_country.append(cid)
            entries.append(pair_index[("", k)])
            segs.append(seg)
            ent_country.append(cid)
            seg += 1
    ent = np.frombuffer(entries, dtype=np.int32)
    sid = np.frombuffer(segs, dtype=np.int32)
    pg = np.asarray(pair_gram, dtype=np.int64)
    t = np.ones(len(pair_gram), dtype=np.float64)
    t /= np.bincount(pg, weights=t)[pg]
    counts = np.zeros_like(t)
    for _ in range(iterations):
        v = t[ent]
        z = np.bincount(sid, weights=v, minlength=seg)
        a = v / z[sid]
        counts = np.bincount(ent, weights=a, minlength=len(t))
        gt = np.bincount(pg, weights=counts)
        t = np.where(gt[pg] > 0, counts / np.maximum(gt[pg], 1e-12), 0.0)
    # country of the aligned instances, for phrases that name one country's forces ("KDF")
    by_country: dict[int, Counter[int]] = defaultdict(Counter)
    ec = np.frombuffer(ent_country, dtype=np.int32)
    strong = np.flatnonzero((t >= 0.5) & (counts >= MIN_COUNT))
    mask = np.isin(ent, strong)
    for e, c, w in zip(ent[mask].tolist(), ec[mask].tolist(), a[mask].tolist(), strict=True):
        by_country[e][c] += w
    countries_by_id = {v: k for k, v in country_id.items()}
    aliases: dict[str, list[list]] = {}
    for (g, k), idx in pair_index.items():
        if not g:
            continue
        n, p = counts[idx], t[idx]
        if n < MIN_COUNT or p < MIN_T or n / df[g] < (MIN_SHARE if " " in g else 2 * MIN_SHARE):
            continue  # single words need twice the share: they are where topic words slip in
        entry = [k, int(round(n)), round(float(p), 3), "learned"]
        if "{C}" in k and by_country.get(idx):
            cid, w = by_country[idx].most_common(1)[0]
            name_c = countries_by_id[cid]
            if name_c and w / sum(by_country[idx].values()) >= 0.9 and n >= 5:
                entry.append(name_c)
        aliases.setdefault(g, []).append(entry)
    inter_words = learn_inter_words(rows, per_note)
    log(
        f"learned {len(aliases)} aliases, {len(inter_words)} inter words from {len(gram_id)} candidate n-grams "
        f"in {time.time() - t0:.1f}s"
    )
    return aliases, df, pair, inter_words


def learn_inter_words(rows: list[Row], per_note: list[set[str]]) -> dict[str, list]:
    """Phrase -> inter code, from notes with one actor only (no second actor to confuse the credit).

    A phrase qualifies when it is in >= 10 such notes, one code has >= 70 % of them and at least 1.5 times its
    share of all one-actor notes: "insurgents" -> 2 even where the group's name is unknown. Seeds fill the gaps.
    """
    by: dict[str, Counter[int]] = defaultdict(Counter)
    prior: Counter[int] = Counter()
    for r, grams in zip(rows, per_note, strict=True):
        if r.keys[1] is not None or r.inters[0] is None:
            continue
        prior[r.inters[0]] += 1
        for g in grams:
            if g.count(" ") < 2:
                by[g][r.inters[0]] += 1
    total = sum(prior.values()) or 1
    out: dict[str, list] = {}
    for g, ctr in by.items():
        n = sum(ctr.values())
        if n < 10:
            continue
        inter, c = ctr.most_common(1)[0]
        share = c / n
        if share >= 0.7 and share >= 1.5 * prior[inter] / total:
            out[g] = [inter, round(share, 3), n]
    for inter, words in load_seeds().inter_words.items():
        for w in words:
            out.setdefault(" ".join(norm_tokens(w)), [inter, 0.8, 0])
    return out


def name_aliases(key: str) -> set[str]:
    """Phrases the name itself offers: acronym and full name of "ACR: Full Name", parts of "X and/or Y - Z"."""
    out: set[str] = set()
    unit = UNIT_KEY.match(key)
    # A state unit is named by its own name ("Southwest Special Police Forces", "Detachment 88"), never by the
    # template around it ("military forces of special forces" names nothing)
    base = unit.group(1) if unit else key.replace("({C})", "").replace("{C}", "").strip()
    for part in re.split(r"\s+and/or\s+|\s+-\s+|\s+/\s+", base):
        part = re.sub(r"\([^)]*\)", "", part).strip()
        if ":" in part:
            acr, _, full = part.partition(":")
            if acr.strip():
                out.add(" ".join(norm_tokens(acr)))
                if len(acr.strip()) >= 4:
                    # folded after the acronym keeps its letters: "kddf", not the "kdf" of the word folding
                    out.add(" ".join(norm_tokens(acr)).lower())
            part = full.strip()
        if part and not part.endswith(" of"):
            out.add(" ".join(norm_tokens(part)))
    return out - {""}


_WORD = re.compile(r"[^\W\d_][\w']*")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;\"(\[]\s*)$")


#: words of state units' names ("73rd Infantry Battalion", "Rapid Intervention Battalion"): capitalised in the notes,
#: yet they describe a unit of any country's forces
UNIT_WORDS = GENERIC_UNIT_WORDS | frozenset(
    norm_token(w) for w in "infantry battalion brigade corps marine marines regiment division intervention".split()
)


def name_words(rows: Iterable[Row], *, min_count: int = 3, min_share: float = 0.9) -> set[str]:
    """Tokens (as the table folds them) that the notes write capitalised inside a sentence nearly always: names
    ("Pokot", "Puntland", "Danab"), not words ("raid", "insurgents", "agenda"). Notes written in title case ("Police
    Kill Two Robbers") are not counted; words of units' names are no names here."""
    seen: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for r in rows:
        text = r.notes
        words = _WORD.findall(text)
        if sum(w[0].isupper() for w in words) > 0.6 * len(words):
            continue
        for m in _WORD.finditer(text):
            if _OPENS_SENTENCE.search(text[max(0, m.start() - 3) : m.start()]):
                continue
            tok = norm_token(m.group()).lower()
            seen[tok] += 1
            if m.group()[0].isupper():
                capital[tok] += 1
    return {t for t, n in seen.items() if n >= min_count and capital[t] >= min_share * n and t not in UNIT_WORDS}


def drop_incidental_countries(aliases: dict[str, list[list]], names: set[str], national: set[str]) -> None:
    """A learned alias of a template key carries a country ("FARDC soldiers" -> Congo's military wherever the event
    is) only when one of its words names something: an acronym, a word of a country's name or demonym (``national``,
    folded as the table folds tokens), or a word the notes write as a name (``names``). "Police kill" and "police raid" were seen only in Kenyan and Philippine notes, but they are words, and
    they had made Indian police Kenyan; without the country they name the event country's police, as "police" does."""
    for phrase, entries in aliases.items():
        toks = phrase.split(" ")
        if any(t.isupper() or t.lower() in names or t.lower() in national for t in toks):
            continue
        for entry in entries:
            if len(entry) > 4 and entry[3] == "learned":
                del entry[4:]


#: words that open a phrase of place, never an actor's name (folded as the table folds tokens). Not "between":
#: "between two groups", "between police" open the parties of a clash
LOCATIVE_OPENERS = frozenset(
    """along across acros cros throughout near inside outside around within amid amidst via through beyond behind
    toward towards""".split()
)


def drop_locative_template_aliases(aliases: dict[str, list[list]]) -> int:
    """A learned alias of a template that opens with a preposition ("along the border", "along the LoC", "across
    border", "throughout the country") is a phrase of place that co-occurs with the class in its notes, not a name of
    it: read as a party, "along the border" had made a peaceful march in Garissa a protest against the police. A
    wider filter (every learned template alias with no word for an actor) cleaned more phrases but lost held-out
    rows ("water cannons" and "disperse the protesters" do stand for the police). Returns the entries dropped."""
    dropped = 0
    for phrase in list(aliases):
        if phrase.split(" ")[0].lower() not in LOCATIVE_OPENERS:
            continue
        kept = [e for e in aliases[phrase] if not (e[3] == "learned" and "{C}" in e[0])]
        dropped += len(aliases[phrase]) - len(kept)
        if kept:
            aliases[phrase] = kept
        else:
            del aliases[phrase]
    return dropped


def build_table(rows: list[Row], countries: dict[str, str], places: set[str], *, meta: dict, log=print) -> dict:
    demonyms = make_demonyms(countries)
    skip = set(countries) | set(demonyms)
    places_norm = {" ".join(norm_tokens(p)).lower() for p in places} - {""}
    # Place names that are also actor words would be lost; keep the words actors are named with.
    places_norm -= {"police", "army", "military", "civilians", "protesters"}
    name_country = {n: split_actor_name(n, countries).country or "" for r in rows for n in r.names if n}
    aliases, df, pair, inter_words = learn_aliases(
        rows, places_norm, {s.casefold() for s in skip}, name_country, log=log
    )
    national = {d.casefold() for d in demonyms} | {c.casefold() for c in countries}
    # one-word country names and demonyms, folded as the table folds tokens ("cameronian")
    national_tokens = {toks[0].lower() for toks in map(norm_tokens, national) if len(toks) == 1}
    drop_incidental_countries(aliases, name_words(rows), national_tokens)
    log(f"dropped {drop_locative_template_aliases(aliases)} learned template aliases that open with a preposition")
    for phrase in list(aliases):
        # "Nigerian army", "Kenyan police" name that state's forces, whatever the few notes they occur in were coded
        # with: the army's enemy shares those notes ("Nigerian army" had become an alias of Boko Haram)
        *nation, head = phrase.split(" ")
        if nation and head.casefold() in STATE_HEADS and " ".join(nation).casefold() in national:
            kept = [a for a in aliases[phrase] if is_state_key(a[0])]
            if kept:
                aliases[phrase] = kept
            else:
                del aliases[phrase]

    # keys and instances
    inst: dict[tuple[str, str], dict] = {}
    key_count: Counter[str] = Counter()
    seen_in: dict[str, Counter[str]] = defaultdict(Counter)
    abroad: dict[str, Counter[int]] = defaultdict(Counter)
    home: dict[str, Counter[int]] = defaultdict(Counter)
    for r in rows:
        for slot in (0, 1):
            name, inter = r.names[slot], r.inters[slot]
            if not name:
                continue
            p = split_actor_name(name, countries)
            key_count[p.key] += 1
            seen_in[p.key][r.country] += 1
            rec = inst.setdefault(
                (p.key, name), {"country": p.country, "start": p.start, "end": p.end, "n": 0, "inter": Counter()}
            )
            rec["n"] += 1
            if inter is not None:
                if p.country and p.country != r.country:
                    abroad[p.key][inter] += 1
                else:
                    home[p.key][inter] += 1
                    rec["inter"][inter] += 1
    keys: dict[str, dict] = {}
    for (key, name), rec in sorted(inst.items()):
        k = keys.setdefault(
            key,
            {
                "count": key_count[key],
                "inter_home": home[key].most_common(1)[0][0] if home[key] else None,
                "inter_abroad": abroad[key].most_common(1)[0][0] if abroad[key] else None,
                "seen_in": [c for c, _ in seen_in[key].most_common(12)],
                "seen_counts": [n for _, n in seen_in[key].most_common(12)],
                "instances": [],
            },
        )
        inter = rec["inter"].most_common(1)[0][0] if rec["inter"] else k["inter_home"]
        k["instances"].append([name, rec["country"], rec["start"], rec["end"], inter, rec["n"]])

    # name-derived aliases: the data decides where it has seen the phrase often
    n_name = 0
    for key in keys:
        unit = UNIT_KEY.match(key) is not None
        for phrase in name_aliases(key):
            if not phrase or phrase.lower() in STOP or phrase.count(" ") >= MAX_N:
                continue  # longer than the matcher tries; the full name itself is matched verbatim
            if unit and (phrase.lower() in places_norm or set(phrase.lower().split()) <= GENERIC_UNIT_WORDS):
                continue  # "West Bank", "state security": a place or plain words, not the unit's own name
            d = df.get(phrase, 0)
            c = pair.get(phrase, Counter()).get(key, 0)
            prec = 0.95 if d < 20 else round(c / d, 3)
            if prec < 0.3:
                continue
            lst = aliases.setdefault(phrase, [])
            if any(a[0] == key for a in lst):
                continue
            lst.append([key, max(c, keys[key]["count"] if d < 20 else c), prec, "name"])
            n_name += 1
    # seeds: only where the data taught nothing for that phrase and key; a national seed carries its country
    n_seed = 0
    seeds = load_seeds()
    scoped = [(key, phrases, None) for key, phrases in seeds.aliases.items()]
    for nat, by_key in seeds.national.items():
        home_c = countries.get(nat.casefold(), nat)
        scoped += [(key, phrases, home_c) for key, phrases in by_key.items()]
    for key, phrases, nat in scoped:
        for ph in phrases:
            phrase = " ".join(norm_tokens(ph))
            lst = aliases.setdefault(phrase, [])
            if any(a[0] == key for a in lst):
                continue
            lst.append([key, 0, 0.9 if not lst else 0.5, "seed"] + ([nat] if nat else []))
            n_seed += 1
    for lst in aliases.values():
        lst.sort(key=lambda a: (-a[2] * min(1.0, 0.6 + a[1] / 50), a[0]))
        del lst[KEEP_PER_PHRASE:]
    log(f"{len(keys)} keys; {len(aliases)} alias phrases ({n_name} from names, {n_seed} seeds)")

    # role priors
    priors: dict[str, list] = {}
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        for slot, role in ((0, "actor1"), (1, "actor2")):
            if r.keys[slot]:
                by[f"{r.event_type}|{role}"][r.keys[slot]] += 1
    for k, ctr in sorted(by.items()):
        top, c = ctr.most_common(1)[0]
        n = sum(ctr.values())
        if n >= 50:
            priors[k] = [top, round(c / n, 3), n]

    role_inters: dict[str, list] = {}
    by_i: dict[str, Counter[int]] = defaultdict(Counter)
    for r in rows:
        for slot, role in ((0, "actor1"), (1, "actor2")):
            if r.keys[slot] and r.inters[slot] is not None:
                by_i[f"{r.event_type}|{role}"][r.inters[slot]] += 1
    for k, ctr in sorted(by_i.items()):
        top, c = ctr.most_common(1)[0]
        n = sum(ctr.values())
        if n >= 50:
            role_inters[k] = [top, round(c / n, 3), n]

    the = sorted(
        {
            m.group(1)
            for key, rec in keys.items()
            for i in rec["instances"]
            if (m := re.search(r" of the (.+?)(?: \(|$)", i[0])) and i[1] == m.group(1)
        }
    )
    return {
        "version": TABLE_VERSION,
        "meta": meta,
        "countries": dict(sorted(countries.items())),
        "demonyms": dict(sorted(demonyms.items())),
        "the_countries": the,
        "role_priors": priors,
        "role_inters": role_inters,
        "inter_words": dict(sorted(inter_words.items())),
        "keys": keys,
        "aliases": dict(sorted(aliases.items())),
        "renamed": {k: [list(r) for r in v] for k, v in load_seeds().renamed.items()},
    }


def make_demonyms(countries: dict[str, str]) -> dict[str, str]:
    """Demonym -> country, generated by the common English suffixes; collisions go to the most regular form."""
    ranked: dict[str, tuple[int, str]] = {}
    for spelling, target in countries.items():
        n = spelling.casefold()
        if " " in n and not n.startswith(("south ", "north ", "sri ", "new ", "central ")):
            continue
        stem = n[:-1] if n[-1] in "aeiouy" else n
        forms = [n + "n", n + "an", n + "ian", n + "ese", n + "i", stem + "an", stem + "ian", stem + "ese", stem + "i"]
        for rank, f in enumerate(forms):
            if len(f) < 5 or f in countries:
                continue
            if f not in ranked or ranked[f][0] > rank:
                ranked[f] = (rank, target)
    out = {f: t for f, (_, t) in ranked.items()}
    out.update({k: countries.get(v.casefold(), v) for k, v in load_seeds().demonyms.items()})
    return out


# ------------------------------------------------------------------------------------------------------- main
def load_rows_and_split(
    data_root: Path, split_path: Path, log=print
) -> tuple[list[Row], dict[str, str], set[str], set[str]]:
    raw, places = read_rows(acled_files(data_root), log=log)
    countries = country_map(r["country"] for r in raw if r["country"])
    rows = prepare(raw, countries)
    split = load_split(split_path)
    dev = set(split.get("dev_countries", ())) | dev_countries(
        {r.country for r in rows}, str(split["salt"]), int(split["buckets"])
    )
    return rows, countries, {p["place"] for p in places}, dev


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, default=None, help="shared data root (default: eventx.paths.shared_data_dir())"
    )
    ap.add_argument("--out", type=Path, default=None, help="output JSON (default: configs/actors/actors.json)")
    ap.add_argument("--train-only", action="store_true", help="leave out the dev countries (for the benchmark)")
    ap.add_argument("--split", type=Path, default=None, help="split file (default configs/splits/actors_dev.yaml)")
    args = ap.parse_args(argv)
    root = args.data or shared_data_dir()
    if root is None or not root.is_dir():
        print("no shared data directory: pass --data", file=sys.stderr)
        return 2
    split_path = args.split or config_dir() / "splits" / "actors_dev.yaml"
    rows, countries, places, dev = load_rows_and_split(root, split_path)
    if args.train_only:
        rows = [r for r in rows if r.country not in dev]
    meta = {
        "built_by": "tools/build_actor_table.py",
        "scope": "train countries only" if args.train_only else "all countries",
        "split": str(split_path.name),
        "rows": len(rows),
        "countries": len({r.country for r in rows}),
    }
    table = build_table(rows, countries, places, meta=meta)
    out = args.out or config_dir() / "actors" / "actors.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=False), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
