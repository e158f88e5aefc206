"""Benchmark the actor resolver on ACLED notes of countries the table was not learned on.

Setting. Countries are split by ``configs/splits/actors_dev.yaml`` (a hash of the country name). The evaluated
table is learned by ``tools/build_actor_table.py`` on the train countries only; the dev notes are sampled, at most
``--per-country`` per dev country, deterministically.

Two ways to get the span, as the extractor would:

(a) *gold span*: ACLED marks no spans, so the gold span is approximated as the phrase of the note that an
    *oracle aligner* ties to the gold actor: ``find_actors`` with the table learned on **all** countries (it has
    seen the dev countries' names, as an annotator knows them), keeping the first mention that this table resolves
    to the gold name. That phrase alone (plus the article's country, the event type and the year) is then given to
    ``resolve_actor`` with the **train-only** table. Where the aligner finds no phrase for the gold actor, the
    evaluated resolver gets an empty phrase (it may still answer from the event type). Coverage is reported.
(b) *found span*: ``find_actors`` with the train-only table on the note; the first mention is actor1, the next
    mention with a different name actor2; each is re-resolved with its role and the event type.

Scores: name exact (case-insensitive), name without the period suffix ("Police Forces of Kenya" for
"Police Forces of Kenya (2013-)"), inter code. actor2 scores are over notes that have a gold actor2.

    python benchmarks/bench_actors.py [--data DIR] [--per-country 400]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import build_actor_table as builder  # noqa: E402

from eventx.paths import config_dir, shared_data_dir  # noqa: E402
from eventx.resolve.actors import ActorTable, find_actors, pick_roles, resolve_actor  # noqa: E402

_PERIOD = re.compile(r"\s*\(\d{4}-(\d{4})?\)")


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _no_period(name: str | None) -> str:
    return _norm(_PERIOD.sub("", name or ""))


def sample_dev(rows: list[builder.Row], dev: set[str], per_country: int) -> list[builder.Row]:
    by: dict[str, list[builder.Row]] = defaultdict(list)
    for r in rows:
        if r.country in dev:
            by[r.country].append(r)
    out: list[builder.Row] = []
    for c in sorted(by):
        ranked = sorted(by[c], key=lambda r: hashlib.sha1(r.notes.encode()).hexdigest())
        out.extend(ranked[:per_country])
    return out


class Score:
    def __init__(self) -> None:
        self.n = Counter()
        self.hit = Counter()

    def add(self, metric: str, ok: bool) -> None:
        self.n[metric] += 1
        self.hit[metric] += int(ok)

    def rate(self, metric: str) -> float | None:
        return round(self.hit[metric] / self.n[metric], 4) if self.n[metric] else None

    def as_dict(self) -> dict:
        return {m: {"acc": self.rate(m), "n": self.n[m]} for m in sorted(self.n)}


def _score(sc: Score, prefix: str, gold_name: str | None, gold_inter: int | None, name: str | None, inter: int | None):
    sc.add(f"{prefix}_name", _norm(name) == _norm(gold_name))
    sc.add(f"{prefix}_name_no_period", _no_period(name) == _no_period(gold_name))
    if gold_inter is not None:
        sc.add(f"{prefix}_inter", inter == gold_inter)


def run(data: Path, per_country: int, out_dir: Path) -> dict:
    split_path = config_dir() / "splits" / "actors_dev.yaml"
    t0 = time.time()
    rows, countries, places, dev = builder.load_rows_and_split(data, split_path, log=lambda *a: None)
    train = [r for r in rows if r.country not in dev]
    quiet = lambda *a: None  # noqa: E731
    meta = {"scope": "train countries only", "rows": len(train)}
    train_table = ActorTable.from_dict(builder.build_table(train, countries, places, meta=meta, log=quiet))
    # The aligner's table is the shipped one (learned on all countries by the same builder); rebuild if absent.
    try:
        full_table = ActorTable.load()
    except FileNotFoundError:
        full_table = ActorTable.from_dict(
            builder.build_table(rows, countries, places, meta={"scope": "all"}, log=quiet)
        )
    build_s = time.time() - t0

    sample = sample_dev(rows, dev, per_country)
    gold_sc, found_sc, roles_sc, aligned_sc = Score(), Score(), Score(), Score()
    per_country_sc: dict[str, Score] = defaultdict(Score)
    per_class: dict[str, Score] = defaultdict(Score)
    aligned = 0
    times: list[float] = []
    errors: Counter[str] = Counter()
    for r in sample:
        when = dt.date(r.year, 6, 30) if r.year else None
        (g1, g2), (i1, i2) = r.names, r.inters
        # (a) gold span from the oracle aligner
        for role, gname, ginter in (("actor1", g1, i1), ("actor2", g2, i2)):
            if not gname:
                continue
            span_text = ""
            for m in find_actors(r.notes, country=r.country, table=full_table, when=when):
                res = resolve_actor(
                    m.text, country=r.country, role=role, event_type=r.event_type, table=full_table, when=when
                )
                if _no_period(res.name) == _no_period(gname) or _no_period(m.name) == _no_period(gname):
                    span_text = m.text
                    break
            if role == "actor1" and span_text:
                aligned += 1
            res = resolve_actor(
                span_text, country=r.country, role=role, event_type=r.event_type, table=train_table, when=when
            )
            _score(gold_sc, role, gname, ginter, res.name, res.inter)
            if span_text:
                _score(aligned_sc, role, gname, ginter, res.name, res.inter)
            if role == "actor1":
                _score(per_country_sc[r.country], "gold_actor1", gname, ginter, res.name, res.inter)
                cls = "pattern" if "{C}" in (builder.split_actor_name(gname, countries).key) else "named"
                _score(per_class[cls], "gold_actor1", gname, ginter, res.name, res.inter)
                if _norm(res.name) != _norm(gname):
                    errors[f"{builder.split_actor_name(gname, countries).key} <- {res.key}"] += 1
        # (b) found spans
        t1 = time.perf_counter()
        ms = find_actors(r.notes, country=r.country, table=train_table, when=when)
        first = ms[0] if ms else None
        second = next((m for m in ms[1:] if first and m.name != first.name), None)
        a1 = resolve_actor(
            first.text if first else "",
            country=r.country,
            role="actor1",
            event_type=r.event_type,
            table=train_table,
            when=when,
        )
        a2 = (
            resolve_actor(
                second.text if second else "",
                country=r.country,
                role="actor2",
                event_type=r.event_type,
                table=train_table,
                when=when,
            )
            if second
            else None
        )
        times.append(time.perf_counter() - t1)
        _score(found_sc, "actor1", g1, i1, a1.name, a1.inter)
        _score(per_country_sc[r.country], "found_actor1", g1, i1, a1.name, a1.inter)
        if g2:
            _score(found_sc, "actor2", g2, i2, a2.name if a2 else None, a2.inter if a2 else None)
        # (c) found spans, roles picked by pick_roles (event type known)
        p1, p2 = pick_roles(ms, r.notes, r.event_type)
        for role, m, gname, ginter in (("actor1", p1, g1, i1), ("actor2", p2, g2, i2)):
            if role == "actor2" and not gname:
                continue
            res = resolve_actor(
                m.text if m else "", country=r.country, role=role, event_type=r.event_type, table=train_table, when=when
            )
            _score(roles_sc, role, gname, ginter, res.name, res.inter)

    result = {
        "benchmark": "actors",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} {platform.python_version()}",
        "split": "configs/splits/actors_dev.yaml",
        "dev_countries_in_sample": len({r.country for r in sample}),
        "train_rows": len(train),
        "dev_notes": len(sample),
        "per_country_cap": per_country,
        "table_build_s": round(build_s, 1),
        "train_table": {"keys": len(train_table.keys), "alias_phrases": len(train_table.aliases)},
        "gold_span": {**gold_sc.as_dict(), "actor1_aligned_share": round(aligned / max(1, len(sample)), 4)},
        "gold_span_aligned_only": aligned_sc.as_dict(),
        "found_span": found_sc.as_dict(),
        "found_span_pick_roles": roles_sc.as_dict(),
        "gold_actor1_by_class": {k: v.as_dict() for k, v in sorted(per_class.items())},
        "by_country": {k: v.as_dict() for k, v in sorted(per_country_sc.items())},
        "top_errors_gold_actor1": errors.most_common(25),
        "time_per_note_ms": {
            "median": round(statistics.median(times) * 1e3, 3),
            "mean": round(statistics.fmean(times) * 1e3, 3),
            "p95": round(sorted(times)[int(0.95 * (len(times) - 1))] * 1e3, 3),
            "what": "find_actors on the note + resolve_actor for actor1 and actor2 (found-span mode)",
        },
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "actors.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (out_dir / "actors.md").write_text(render_md(result), encoding="utf-8")
    return result


def render_md(r: dict) -> str:
    def acc(d: dict, k: str) -> str:
        v = d.get(k, {})
        return f"{100 * v['acc']:.1f} % (n={v['n']})" if v and v.get("acc") is not None else "-"

    g, f, p = r["gold_span"], r["found_span"], r["found_span_pick_roles"]
    al = r["gold_span_aligned_only"]
    lines = [
        "# Actor resolver benchmark",
        "",
        f"{r['date']}, {r['machine']}. Dev: {r['dev_notes']} ACLED notes from {r['dev_countries_in_sample']} held-out "
        f"countries (<= {r['per_country_cap']} each; split {r['split']}); table learned on {r['train_rows']} notes of "
        "the other countries. Command: `python benchmarks/bench_actors.py`.",
        "",
        "Gold span = the note phrase that the table learned on all countries aligns to the gold actor (an oracle "
        f"aligner); found for actor1 in {100 * g['actor1_aligned_share']:.1f} % of notes, otherwise the resolver gets "
        "an empty phrase plus the event type. Found span = find_actors' first mention (actor1) and next distinct "
        "(actor2); pick_roles chooses among the found mentions by event type and 'by X' instead.",
        "",
        "| metric | gold span (all notes) | gold span (aligned notes only) | found span (first, next) "
        "| found span + pick_roles |",
        "|---|---|---|---|---|",
    ]
    for k in (
        "actor1_name",
        "actor1_name_no_period",
        "actor1_inter",
        "actor2_name",
        "actor2_name_no_period",
        "actor2_inter",
    ):
        lines.append(f"| {k} | {acc(g, k)} | {acc(al, k)} | {acc(f, k)} | {acc(p, k)} |")
    lines += ["", "Gold-span actor1 by class of gold name (pattern = built on a country, e.g. Protesters (X)):", ""]
    for cls, d in r["gold_actor1_by_class"].items():
        lines.append(f"- {cls}: name {acc(d, 'gold_actor1_name')}, inter {acc(d, 'gold_actor1_inter')}")
    lines += ["", "| country | gold actor1 name | gold inter1 | found actor1 name |", "|---|---|---|---|"]
    for c, d in r["by_country"].items():
        lines.append(
            f"| {c} | {acc(d, 'gold_actor1_name')} | {acc(d, 'gold_actor1_inter')} | {acc(d, 'found_actor1_name')} |"
        )
    t = r["time_per_note_ms"]
    lines += ["", f"Time per note: median {t['median']} ms, mean {t['mean']} ms, p95 {t['p95']} ms ({t['what']}).", ""]
    lines += ["Most frequent gold-span actor1 errors (gold key <- predicted key):", ""]
    lines += [f"- {k}: {v}" for k, v in r["top_errors_gold_actor1"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="actor resolver benchmark on held-out-country ACLED notes")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--per-country", type=int, default=400)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = ap.parse_args(argv)
    data = args.data or shared_data_dir()
    if data is None or not data.is_dir():
        print("no shared data directory: pass --data", file=sys.stderr)
        return 2
    r = run(data, args.per_country, args.out)
    print(render_md(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
