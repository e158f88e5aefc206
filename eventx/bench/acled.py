"""ACLED benchmark: each export row's note is an article; the event eventx reads from it is compared field by field
with the row.

Why this shape: an ACLED row is one coded event and its ``notes`` the coder's summary of the reports, so "read the
note, get the row back" measures every field of the pipeline on real coded data. Choices, all written into the
report:

* article = the note; published = event_date + 1 day at 12:00 (news is usually out the next day: a realistic base
  for relative dates, and the note's own date still has to be read);
* one row = one article; when eventx finds several events in a note the highest-confidence one is compared (the
  others are counted in ``extra_events``); a note with no event counts as wrong on every field;
* only rows from the held-out countries of the typing model's split (``configs/splits/acled_typing_dev_countries
  .yaml``) by default, so scores speak of places the model was not fitted on; ``unseen_by_actor_table`` repeats
  the actor fields on the rows whose country is also held out of the actor table (``configs/splits/actors_dev.yaml``);
* ``--limit`` keeps the rows with the smallest hash of their id/note: deterministic, and a larger limit is a
  superset of a smaller one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from eventx.bench.report import Bars, BenchResult, Confusion, Table
from eventx.bench.runner import ExtractorLike, best_event, extract_all, model_label, status_counts
from eventx.bench.scoring import (
    FieldTallies,
    classification_scores,
    haversine_km,
    norm_actor,
    norm_text,
    stable_sample,
)
from eventx.paths import config_dir
from eventx.schema.article import Article
from eventx.schema.record import EventRecord

Split = Literal["dev", "dev-both", "train", "all"]
NO_EVENT = "No event"


@dataclass(frozen=True)
class CountrySplit:
    """A held-out country list with the hash rule that places countries not listed."""

    countries: frozenset[str]
    salt: str | None = None
    buckets: int | None = None

    def holds_out(self, country: str) -> bool:
        c = country.strip().casefold()
        if c in self.countries:
            return True
        if self.salt is not None and self.buckets:
            return int(hashlib.sha1((self.salt + c).encode()).hexdigest(), 16) % self.buckets == 0
        return False


def load_split(name: str) -> CountrySplit:
    """A split from ``configs/splits/<name>.yaml`` (``dev_countries`` and, when given, ``salt`` + ``buckets``)."""
    path = config_dir() / "splits" / f"{name}.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"split file {path} not found: the model's held-out countries are recorded there")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    countries = frozenset(str(c).strip().casefold() for c in data.get("dev_countries") or [])
    if not countries:
        raise ValueError(f"{path}: no dev_countries")
    return CountrySplit(countries, data.get("salt") if data.get("buckets") else None, data.get("buckets"))


def iter_rows(data: str | Path, keep_country: Callable[[str], bool] | None = None) -> Iterator[EventRecord]:
    """Valid rows with a note (>= 15 characters), an event date and a country, from an export or a folder of them.

    ``keep_country`` filters on the raw country cell before a row is validated (validation is what costs: about
    a minute for the 140 k rows of the shared data); rows whose record then names another country are dropped too.
    """
    from eventx.datasets.acled import find_acled_exports
    from eventx.io.acled_csv import iter_acled_csv

    for path in find_acled_exports(data):
        source = _prefiltered(path, keep_country) if keep_country is not None else path
        for res in iter_acled_csv(source):
            rec = res.record
            if rec is None or rec.event_date is None or not rec.country or not rec.notes:
                continue
            if len(rec.notes.strip()) < 15 or (keep_country is not None and not keep_country(rec.country)):
                continue
            yield rec


def _prefiltered(path: Path, keep_country: Callable[[str], bool]) -> io.StringIO | Path:
    """The export as text holding only the header and the rows whose country cell passes (all rows when the file
    has no country column, or when it cannot be parsed cleanly: the full reader then reports its problems)."""
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            return path
        cols = [i for i, h in enumerate(header) if h.strip().casefold() == "country"]
        if not cols:
            return path
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(header)
        for row in reader:
            if len(row) > cols[0] and keep_country(row[cols[0]]):
                writer.writerow(row)
    except csv.Error:
        return path
    out.seek(0)
    return out


def row_key(rec: EventRecord) -> str:
    """Identity of a row across exports that repeat it: its event id and date, else its note."""
    if rec.event_id_cnty:
        return f"{rec.event_id_cnty.strip()}|{rec.event_date}"
    return " ".join((rec.notes or "").casefold().split())


def select_rows(data: str | Path, split: Split, limit: int | None, *, legacy: bool = False) -> list[EventRecord]:
    """Deduplicated rows of the split, sampled deterministically.

    Rows of the pre-2019 codebook (no sub-event type; event types such as "Riots/Protests" that the reader can only
    map by guesswork, notes written without the event's date) are left out unless ``legacy``: they cannot score
    the sub-event type and would score the reader's mapping rather than eventx.
    """
    typing_split = load_split("acled_typing_dev_countries") if split != "all" else None
    actor_split = load_split("actors_dev") if split == "dev-both" else None
    seen: set[str] = set()

    def keep(country: str) -> bool:
        if split == "train":
            return typing_split is not None and not typing_split.holds_out(country)
        if typing_split is not None and not typing_split.holds_out(country):
            return False
        return actor_split is None or actor_split.holds_out(country)

    def rows() -> Iterator[EventRecord]:
        for rec in iter_rows(data, keep if split != "all" else None):
            if rec.sub_event_type is None and not legacy:
                continue
            key = row_key(rec)
            if key in seen:
                continue
            seen.add(key)
            yield rec

    return stable_sample(rows(), limit, key=row_key)


def article_of(rec: EventRecord, index: int) -> Article:
    published = dt.datetime.combine(rec.event_date + dt.timedelta(days=1), dt.time(12, 0))  # type: ignore[operator]
    return Article(id=f"row{index}", text=(rec.notes or "").strip(), published=published)


def score_rows(gold: Sequence[EventRecord], pred: Sequence[EventRecord | None]) -> dict[str, Any]:
    """Per-field agreement of predicted events with gold rows (``None``: no event found, wrong on every field)."""
    t = FieldTallies()
    fat_err: list[int] = []
    for g, p in zip(gold, pred, strict=True):
        found = p is not None
        t.add("event_type", found and p.event_type == g.event_type)  # type: ignore[union-attr]
        t.add("sub_event_type", found and p.sub_event_type == g.sub_event_type, g.sub_event_type is not None)  # type: ignore[union-attr]
        for key in ("actor1", "actor2"):
            gv = getattr(g, key)
            t.add(key, found and norm_actor(gv) == norm_actor(getattr(p, key)), gv is not None)
            t.add(
                f"{key}_loose",
                found and norm_actor(gv, loose=True) == norm_actor(getattr(p, key), loose=True),
                gv is not None,
            )
        for key in ("inter1", "inter2", "interaction"):
            gv = getattr(g, key)
            t.add(key, found and gv == getattr(p, key), gv is not None)
        for key in ("country", "admin1", "location"):
            gv = getattr(g, key)
            t.add(key, found and norm_text(gv) == norm_text(getattr(p, key)), gv is not None)
        if g.latitude is not None and g.longitude is not None:
            km = (
                haversine_km(g.latitude, g.longitude, p.latitude, p.longitude)  # type: ignore[union-attr,arg-type]
                if found and p.latitude is not None
                else None
            )  # type: ignore[union-attr]
            t.add("coordinates_10km", km is not None and km <= 10.0)
            t.add("coordinates_50km", km is not None and km <= 50.0)
        if g.event_date is not None:
            d = (p.event_date - g.event_date).days if found and p.event_date is not None else None  # type: ignore[union-attr]
            t.add("event_date", d == 0)
            t.add("event_date_1day", d is not None and abs(d) <= 1)
        t.add("fatalities", found and p.fatalities == g.fatalities)  # type: ignore[union-attr]
        if found:
            fat_err.append(abs(p.fatalities - g.fatalities))  # type: ignore[union-attr]
    fields = t.as_dict()
    fields["fatalities"]["mae_detected"] = round(sum(fat_err) / len(fat_err), 4) if fat_err else None  # type: ignore[assignment]
    return fields


def run(
    extractor: ExtractorLike,
    data: str | Path,
    *,
    limit: int | None = None,
    split: Split = "dev",
    batch_size: int = 16,
    legacy: bool = False,
) -> BenchResult:
    started = time.perf_counter()
    rows = select_rows(data, split, limit, legacy=legacy)
    if not rows:
        raise ValueError(f"no ACLED rows with notes in split {split!r} under {data}")
    articles = [article_of(r, i) for i, r in enumerate(rows)]
    outcomes = extract_all(extractor, articles, batch_size=batch_size)
    preds = [best_event(outcomes[a.id].events) for a in articles]
    fields = score_rows(rows, preds)
    detected = sum(p is not None for p in preds)
    n = len(rows)
    et = classification_scores([r.event_type for r in rows], [p.event_type if p else NO_EVENT for p in preds])
    sub_rows = [(r, p) for r, p in zip(rows, preds, strict=True) if r.sub_event_type]
    st = classification_scores(
        [r.sub_event_type for r, _ in sub_rows],  # type: ignore[misc]
        [(p.sub_event_type or NO_EVENT) if p else NO_EVENT for _, p in sub_rows],
    )
    metrics: dict[str, Any] = {
        "detection_rate": round(detected / n, 4),
        "event_type_accuracy": fields["event_type"]["accuracy"],
        "sub_event_type_accuracy": fields["sub_event_type"]["accuracy_gold_set"],
        "sub_event_type_weighted_f1": round(st.weighted_f1, 4),
        "sub_event_type_macro_f1": round(st.macro_f1, 4),
        "actor1_accuracy": fields["actor1"]["accuracy"],
        "actor1_loose_accuracy": fields["actor1_loose"]["accuracy"],
        "fatalities_exact": fields["fatalities"]["accuracy"],
        "fatalities_mae": fields["fatalities"]["mae_detected"],
        "event_date_exact": fields["event_date"]["accuracy"],
        "location_accuracy": fields["location"]["accuracy"],
        "coordinates_50km": fields.get("coordinates_50km", {}).get("accuracy"),
        "fields": fields,
        "event_type": et.as_dict(confusion=True),
        "sub_event_type": st.as_dict(confusion=True),
        "status": status_counts(outcomes.values()),
        "extra_events": sum(max(0, len(outcomes[a.id].events) - 1) for a in articles),
        "split": split,
        "legacy_rows": sum(r.sub_event_type is None for r in rows),
        "countries": _country_counts(rows),
    }
    if split == "dev":
        actor_split = load_split("actors_dev")
        both = [(r, p) for r, p in zip(rows, preds, strict=True) if actor_split.holds_out(r.country or "")]
        if both:
            sub = score_rows([r for r, _ in both], [p for _, p in both])
            metrics["unseen_by_actor_table"] = {
                "n": len(both),
                **{
                    k: sub[k]
                    for k in ("actor1", "actor1_loose", "actor2", "actor2_loose", "inter1", "inter2", "interaction")
                },
            }
    order = [
        "event_type",
        "sub_event_type",
        "actor1",
        "actor1_loose",
        "actor2",
        "actor2_loose",
        "inter1",
        "inter2",
        "interaction",
        "country",
        "admin1",
        "location",
        "coordinates_10km",
        "coordinates_50km",
        "event_date",
        "event_date_1day",
        "fatalities",
    ]
    table = Table(
        "Per field (accuracy over all rows; a row with no event is wrong)",
        ["field", "accuracy", "n", "accuracy where gold is set", "n gold set"],
        [
            [k, fields[k]["accuracy"], fields[k]["n"], fields[k]["accuracy_gold_set"], fields[k]["n_gold_set"]]
            for k in order
            if k in fields
        ],
    )
    return BenchResult(
        benchmark="acled",
        n=n,
        metrics=metrics,
        method=[
            "article = the row's note; published = event_date + 1 day, 12:00; one row = one article",
            "when eventx reports several events for a note, the highest-confidence one is compared with the row",
            "a note with no event counts as wrong on every field (detection_rate gives the share with >= 1 event)",
            "rows of the current codebook only (with a sub-event type)"
            + (
                " plus pre-2019 rows (legacy=True)"
                if legacy
                else "; pre-2019 rows are left out (their event "
                "types are mapped by guesswork, they have no sub-event type and their notes rarely give the date)"
            ),
            f"rows: split {split!r} (dev = countries held out of the typing model, configs/splits/"
            "acled_typing_dev_countries.yaml; train = the other countries, for error analysis only: the models "
            "were fitted on them); deduplicated on event id + date (else the note); sampled by SHA-1 "
            "of that key when --limit is given",
            "actors: exact ACLED name after case/space folding; *_loose also drops parenthesised parts "
            "(government period, country of a generic actor)",
            "country/admin1/location: exact after case/space folding; coordinates: haversine distance",
            "fatalities_mae is over the rows where an event was found",
            "the role tagger is trained with the same held-out countries (configs/train/roles.yaml split_file); "
            "the actor table has its own split: unseen_by_actor_table repeats the actor fields on rows whose "
            "country is also held out of it (configs/splits/actors_dev.yaml)",
        ],
        tables=[table],
        confusions=[
            Confusion(
                "sub_event_type (gold rows, predicted columns)", st.labels, st.confusion, "confusion_sub_event_type.png"
            ),
            Confusion("event_type", et.labels, et.confusion, "confusion_event_type.png"),
        ],
        bars=[
            Bars("ACLED notes: per-field accuracy", {r[0]: float(r[1]) for r in table.rows}, "fields.png", "accuracy")
        ],
        data=str(data),
        seconds=time.perf_counter() - started,
        model=model_label(extractor),
    )


def _country_counts(rows: Sequence[EventRecord]) -> dict[str, int]:
    from eventx.bench.scoring import counter_dict

    return counter_dict((r.country or "").strip() for r in rows)
