"""Build ``configs/geo/acled_admin_names.yaml``: the names ACLED gives GeoNames' provinces and districts.

Why: ACLED's ``admin1``/``admin2`` columns follow its own spellings and sometimes its own units ("Banadir" for
GeoNames' "Banaadir", "Nord-Ouest" for "North-West", "Chittagong" for "Chattogram", "Middle Shabelle" for
"Shabeellaha Dhexe"). eventx finds places in GeoNames, so without this table a correct place still gets an
admin1 that no ACLED user would recognise, and a name written ACLED's way in a text ("(Buur Hakaba, Bay)") may not be
found.

How: every ACLED row with coordinates and an admin1 is placed in the GeoNames unit of its nearest GeoNames town
(cities500, same country). Per GeoNames unit, the ACLED name its rows carry most often is its ACLED name when at least
``--min-rows`` rows (default 3) vote and at least ``--min-share`` of them (default 0.6) agree; units whose name
ACLED writes the same way (folded) are left out. All years vote alike, so a unit renamed by a reform keeps the name
most of the exports' rows give it ("Orientale" for Ituri in the DRC rows here, most of them from before 2015): a
recency vote was tried and lost 43 admin1s for 3 on the 800-row training-country sample, old exports being most of
the rows. Only unit names and GeoNames ids are written: no row, note or
coordinate of the exports is copied. The table covers the countries of the exports in ../shared/data; elsewhere
eventx writes GeoNames' names.

Usage: ``python tools/build_acled_admin_names.py [--data ../shared/data] [--out configs/geo/acled_admin_names.yaml]``
"""

from __future__ import annotations

import argparse
import collections
import math
import sys
import time
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from eventx.io.acled_csv import iter_acled_csv
from eventx.paths import config_dir, shared_data_dir
from eventx.resolve.countries import lookup_country, normalize_name
from eventx.resolve.gazetteer import ADMIN1, ADMIN2, Gazetteer

LEVELS = (("admin1", ADMIN1), ("admin2", ADMIN2))


def acled_files(root: Path) -> list[Path]:
    return sorted([*root.glob("acled*/*.csv"), *root.glob("acled_more/*/*.csv")])


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


Row = tuple[float, float, str | None, str | None]


def collect(root: Path) -> dict[str, list[Row]]:
    """ACLED rows per ISO alpha-2: (lat, lon, admin1, admin2), duplicates across exports dropped."""
    rows: dict[str, list[Row]] = collections.defaultdict(list)
    seen: set[str] = set()
    iso_cache: dict[str, str | None] = {}
    for path in acled_files(root):
        for res in iter_acled_csv(path):
            rec = res.record
            if rec is None or not rec.country or rec.latitude is None or rec.longitude is None or not rec.admin1:
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
            rows[iso2].append((rec.latitude, rec.longitude, rec.admin1.strip(), a2))
    return rows


def vote(g: Gazetteer, rows: dict[str, list[Row]], min_rows: int, min_share: float, max_km: float) -> dict[str, dict]:
    """{iso2: {"admin1": {geonameid: (acled name, geonames name, share, n)}, "admin2": {...}}}."""
    out: dict[str, dict] = {}
    for iso2, recs in sorted(rows.items()):
        towns = np.array(g.towns(iso2), dtype=np.int64)
        if len(towns) == 0:
            continue
        t = g._t  # noqa: SLF001 - the builder reads the index arrays directly
        tree = cKDTree(_unit_vectors(t.lat[towns], t.lon[towns]))
        lat = np.array([r[0] for r in recs])
        lon = np.array([r[1] for r in recs])
        dist, idx = tree.query(_unit_vectors(lat, lon))
        km = dist * 6371.0
        votes: dict[str, dict[int, collections.Counter[str]]] = {
            lvl: collections.defaultdict(collections.Counter) for lvl, _ in LEVELS
        }
        for r, i, d in zip(recs, idx, km, strict=True):
            if d > max_km:
                continue  # no GeoNames town near: the unit is a guess
            town = int(towns[i])
            for (lvl, _kind), acled in zip(LEVELS, (r[2], r[3]), strict=True):
                unit = g.admin1_row(town) if lvl == "admin1" else g.admin2_row(town)
                if unit >= 0 and acled:
                    votes[lvl][unit][acled] += 1
        levels: dict[str, dict] = {}
        for lvl, _kind in LEVELS:
            names: dict[int, tuple[str, str, float, int]] = {}
            for unit, counter in votes[lvl].items():
                n = sum(counter.values())
                best, top = counter.most_common(1)[0]
                gid = int(t.gid[unit])
                gname = g.name(unit)
                if n < min_rows or top / n < min_share or not gid:
                    continue
                if normalize_name(best) == normalize_name(gname):
                    continue
                names[gid] = (best, gname, round(top / n, 3), n)
            if names:
                levels[lvl] = names
        if levels:
            out[iso2] = levels
    return out


def write(table: dict[str, dict], path: Path, args: argparse.Namespace) -> None:
    lines = [
        "# ACLED's names for GeoNames provinces (admin1) and districts (admin2), keyed by GeoNames id.",
        "# Generated by tools/build_acled_admin_names.py "
        f"(--min-rows {args.min_rows} --min-share {args.min_share} --max-km {args.max_km}); do not edit by hand.",
        "# Each line: geonameid: ACLED name  # GeoNames name, share of the unit's ACLED rows that agree, rows",
    ]
    for iso2, levels in table.items():
        lines.append(f"{iso2}:")
        for lvl, names in levels.items():
            lines.append(f"  {lvl}:")
            for gid, (acled, gname, share, n) in sorted(names.items(), key=lambda kv: kv[1][1]):
                lines.append(f"    {gid}: {_quote(acled)}  # {gname}, {share:.2f} of {n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=config_dir() / "geo" / "acled_admin_names.yaml")
    parser.add_argument("--min-rows", type=int, default=3)
    parser.add_argument("--min-share", type=float, default=0.6)
    parser.add_argument("--max-km", type=float, default=25.0)
    args = parser.parse_args()
    root = args.data or shared_data_dir()
    t0 = time.time()
    rows = collect(root)
    print(
        f"read {sum(map(len, rows.values()))} rows of {len(rows)} countries in {time.time() - t0:.0f}s", file=sys.stderr
    )
    g = Gazetteer.build()  # the packages' names only: never this table's own aliases
    table = vote(g, rows, args.min_rows, args.min_share, args.max_km)
    write(table, args.out, args)
    n1 = sum(len(v.get("admin1", {})) for v in table.values())
    n2 = sum(len(v.get("admin2", {})) for v in table.values())
    print(f"wrote {args.out}: {n1} admin1 and {n2} admin2 names of {len(table)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()
