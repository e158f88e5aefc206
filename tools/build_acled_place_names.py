"""Build ``configs/geo/acled_place_names.yaml``: the names ACLED gives GeoNames' places.

Why: ACLED writes places its own way. Provinces and districts: "Banadir" for GeoNames' "Banaadir", "Nord-Ouest" for
"North-West", "Chittagong" for "Chattogram", "Middle Shabelle" for "Shabeellaha Dhexe". Towns: "Jowhar" for
"Jawhar", "Berdiansk" for "Berdyansk", "Nekemt" for "Nek'emte". Parts of big cities: "Mogadishu - Hodan",
"Dhaka - Shahbagh". eventx finds places in GeoNames, so without this table a correct place still gets names no ACLED
user would recognise, and a name written ACLED's way in a text ("(Buur Hakaba, Bay)", "Jowhar") may not be found.

How: every ACLED row with coordinates is placed at its nearest GeoNames town (cities500, same country).

* ``admin1``/``admin2``: per GeoNames unit of that town, the name its rows carry most often, when at least
  ``--min-rows`` rows (3) vote and ``--min-share`` of them (0.6) agree. All years vote alike, so a unit renamed by
  a reform keeps the name most of the exports' rows give it ("Orientale" for Ituri in the DRC rows here, most from
  before 2015); a vote on recent rows only was tried and lost 43 admin1s for 3 gained on the 800-row
  training-country sample, old exports being most of the rows.
* ``town``: ACLED's spelling of a town, from rows within ``--town-km`` (3 km) of it whose location is a spelling of
  the town's name (same consonant skeleton, or 75 % similar), at least 2 rows and the share above agreeing.
* ``part``: ACLED's names for parts of a town ("Mogadishu - Hodan"), from rows within 25 km whose location is the
  town's name, a dash and the part; at least 2 rows each.

Names equal to GeoNames' own (folded) are left out. Only place names and GeoNames ids are written: no row, note or
coordinate of the exports is copied. The table covers the countries of the exports in ../shared/data; elsewhere
eventx writes GeoNames' names. ``--exclude-dev`` leaves out the countries held out of the typing model
(``configs/splits/acled_typing_dev_countries.yaml``), to measure on them what the table does for unseen countries.

Usage: ``python tools/build_acled_place_names.py [--data ../shared/data] [--out configs/geo/acled_place_names.yaml]``
"""

from __future__ import annotations

import argparse
import collections
import difflib
import math
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from eventx.datasets.acled import find_acled_exports
from eventx.io.acled_csv import iter_acled_csv
from eventx.paths import config_dir, shared_data_dir
from eventx.resolve.countries import lookup_country, normalize_name
from eventx.resolve.gazetteer import Gazetteer, skeleton

LEVELS = ("admin1", "admin2", "town", "part")
_PART = re.compile(r"^(?P<town>.+?)\s*-\s*(?P<part>.+)$")


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


#: (lat, lon, admin1, admin2, location)
Row = tuple[float, float, str | None, str | None, str | None]


def collect(root: Path, skip: Callable[[str], bool] | None = None) -> dict[str, list[Row]]:
    """ACLED rows per ISO alpha-2, duplicates across exports dropped; ``skip(country)`` leaves a country out."""
    rows: dict[str, list[Row]] = collections.defaultdict(list)
    seen: set[str] = set()
    iso_cache: dict[str, str | None] = {}
    for path in find_acled_exports(root):
        for res in iter_acled_csv(path):
            rec = res.record
            if rec is None or not rec.country or rec.latitude is None or rec.longitude is None or not rec.admin1:
                continue
            if skip is not None and skip(rec.country.strip()):
                continue
            key = rec.event_id_cnty or f"{rec.country}|{rec.event_date}|{rec.latitude}|{rec.longitude}|{rec.notes}"
            if key in seen:
                continue
            seen.add(key)
            name = rec.country.strip()
            if name not in iso_cache:
                found = lookup_country(name)
                iso_cache[name] = found.iso2 if found is not None else None
            iso2 = iso_cache[name]
            if iso2 is None or math.isnan(rec.latitude) or math.isnan(rec.longitude):
                continue
            a2 = (rec.admin2 or "").strip() or None
            loc = (rec.location or "").strip() or None
            rows[iso2].append((rec.latitude, rec.longitude, rec.admin1.strip(), a2, loc))
    return rows


def _spelling_of(acled: str, geonames: str) -> bool:
    a, b = normalize_name(acled), normalize_name(geonames)
    if not a or not b or a == b:
        return False
    return skeleton(a) == skeleton(b) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def vote(
    g: Gazetteer,
    rows: dict[str, list[Row]],
    min_rows: int,
    min_share: float,
    max_km: float,
    town_km: float = 3.0,
) -> dict[str, dict]:
    """{iso2: {level: {geonameid: (ACLED name, GeoNames name, share, rows)}}}; for ``part`` the key is the town's
    geonameid and the value a list of (ACLED name, rows)."""
    out: dict[str, dict] = {}
    t = g._t  # noqa: SLF001 - the builder reads the index arrays directly
    for iso2, recs in sorted(rows.items()):
        towns = np.array(g.towns(iso2), dtype=np.int64)
        if len(towns) == 0:
            continue
        tree = cKDTree(_unit_vectors(t.lat[towns], t.lon[towns]))
        lat = np.array([r[0] for r in recs])
        lon = np.array([r[1] for r in recs])
        dist, idx = tree.query(_unit_vectors(lat, lon))
        km = dist * 6371.0
        votes: dict[str, dict[int, collections.Counter[str]]] = {
            lvl: collections.defaultdict(collections.Counter) for lvl in LEVELS
        }
        for r, i, d in zip(recs, idx, km, strict=True):
            if d > max_km:
                continue  # no GeoNames town near: the unit is a guess
            town = int(towns[i])
            for lvl, acled in (("admin1", r[2]), ("admin2", r[3])):
                unit = g.admin1_row(town) if lvl == "admin1" else g.admin2_row(town)
                if unit >= 0 and acled:
                    votes[lvl][unit][acled] += 1
            loc = r[4]
            if not loc:
                continue
            part = _PART.match(loc)
            if part and normalize_name(part.group("town")) == normalize_name(g.name(town)):
                votes["part"][town][loc] += 1
            elif d <= town_km:
                votes["town"][town][loc] += 1
        levels: dict[str, dict] = {}
        for lvl in ("admin1", "admin2", "town"):
            names: dict[int, tuple[str, str, float, int]] = {}
            for row, counter in votes[lvl].items():
                gname = g.name(row)
                if lvl == "town":  # only the rows that spell this town's name count; other rows are other places
                    counter = collections.Counter({k: v for k, v in counter.items() if _spelling_of(k, gname)})
                    if not counter:
                        continue
                n = sum(counter.values())
                best, top = counter.most_common(1)[0]
                gid = int(t.gid[row])
                need = 2 if lvl == "town" else min_rows
                if n < need or top / n < min_share or not gid:
                    continue
                if normalize_name(best) == normalize_name(gname):
                    continue
                names[gid] = (best, gname, round(top / n, 3), n)
            if names:
                levels[lvl] = names
        parts: dict[int, list[tuple[str, int]]] = {}
        for row, counter in votes["part"].items():
            spellings: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
            for name, n in counter.items():  # "Mogadishu - Hodan" and "Mogadishu-Hodan": one part, its usual spelling
                spellings[normalize_name(name.split("-", 1)[1])][name] += n
            kept = sorted((c.most_common(1)[0][0], sum(c.values())) for c in spellings.values() if sum(c.values()) >= 2)
            if kept and int(t.gid[row]):
                parts[int(t.gid[row])] = kept
        if parts:
            levels["part"] = parts
        if levels:
            out[iso2] = levels
    return out


def write(table: dict[str, dict], path: Path, args: argparse.Namespace) -> None:
    lines = [
        "# ACLED's names for GeoNames places, keyed by GeoNames id: provinces (admin1), districts (admin2), towns,",
        "# and the parts of a town ACLED codes by name (part: the town's id and ACLED's names of its parts).",
        "# Generated by tools/build_acled_place_names.py "
        f"(--min-rows {args.min_rows} --min-share {args.min_share} --max-km {args.max_km} --town-km {args.town_km}"
        f"{' --exclude-dev' if args.exclude_dev else ''}); do not edit by hand.",
        "# Each line: geonameid: ACLED name  # GeoNames name, share of the ACLED rows that agree, rows",
    ]
    for iso2, levels in table.items():
        lines.append(f"{iso2}:")
        for lvl, names in levels.items():
            lines.append(f"  {lvl}:")
            if lvl == "part":
                for gid, parts in sorted(names.items()):
                    shown = ", ".join(_quote(p) for p, _ in parts)
                    lines.append(f"    {gid}: [{shown}]")
                continue
            for gid, (acled, gname, share, n) in sorted(names.items(), key=lambda kv: kv[1][1]):
                lines.append(f"    {gid}: {_quote(acled)}  # {gname}, {share:.2f} of {n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=config_dir() / "geo" / "acled_place_names.yaml")
    parser.add_argument("--min-rows", type=int, default=3)
    parser.add_argument("--min-share", type=float, default=0.6)
    parser.add_argument("--max-km", type=float, default=25.0)
    parser.add_argument("--town-km", type=float, default=3.0)
    parser.add_argument("--exclude-dev", action="store_true", help="leave out the typing model's dev countries")
    args = parser.parse_args()
    root = args.data or shared_data_dir()
    skip = None
    if args.exclude_dev:
        from eventx.bench.acled import load_split

        skip = load_split("acled_typing_dev_countries").holds_out
    t0 = time.time()
    rows = collect(root, skip)
    print(
        f"read {sum(map(len, rows.values()))} rows of {len(rows)} countries in {time.time() - t0:.0f}s", file=sys.stderr
    )
    table = vote(Gazetteer.build(), rows, args.min_rows, args.min_share, args.max_km, args.town_km)
    write(table, args.out, args)
    counts = {lvl: sum(len(v.get(lvl, {})) for v in table.values()) for lvl in LEVELS}
    print(f"wrote {args.out}: {counts} names of {len(table)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()
