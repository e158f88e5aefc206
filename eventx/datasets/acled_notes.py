"""Labelled ACLED notes from every ACLED export under a data root, deduplicated, for training event typing.

Why a loader of its own: the exports in ``../shared/data`` come from three schema generations and a dozen
repositories that overlap (the same event appears in a country file and a region file). Each row is parsed with
:func:`eventx.io.acled_csv.iter_acled_csv`; a row that fails full-record validation (a bad date, a shifted
coordinate) still carries a usable note and label, so it is kept through a lenient path that needs only
``notes``, a known event type + sub-event type, and ``country``. Events are deduplicated on ``event_id_cnty`` and on
the normalised note text. Pre-2019 event types are mapped only where the mapping is sound (the ontology's
``legacy_event_types``: "Battle-No change of territory" -> Armed clash, ...); rows whose sub-event type cannot be
known ("Remote violence", "Riots/Protests") are left out rather than guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventx.io.acled_csv import iter_acled_csv
from eventx.ontology import Ontology, load_ontology
from eventx.paths import shared_data_dir

#: Folders that hold ACLED exports (relative to the data root). Anything else under the root is not ACLED.
ACLED_DIRS: tuple[str, ...] = (
    "acled_2020_global_rpanlilio",
    "acled_kenya_carol0128",
    "acled_bangladesh_protest_diffusion",
    "acled_south_asia_2015_katehara",
    "acled_more",
)

_WS = re.compile(r"\s+")
_NORM = re.compile(r"[^a-z0-9 ]+")
#: Some repositories replaced notes by lemma lists ("['student', 'eff', 'member', ...]"): not text, left out.
_PREPROCESSED = re.compile(r"^\s*\[\s*'[^']*'\s*,")
_ACTOR_COUNTRY = re.compile(r"\(([A-Za-z][A-Za-z .'-]{2,40})\)")


@dataclass(frozen=True)
class AcledNote:
    """One labelled event note: the text and the labels the typing model learns."""

    event_id: str | None
    text: str
    event_type: str
    sub_event_type: str
    country: str
    source_file: str
    mapped_from_legacy: bool = False


@dataclass
class LoadStats:
    """What the loader saw, so a model card can say where every training row came from."""

    files: int = 0
    rows: int = 0
    strict_ok: int = 0
    lenient_ok: int = 0
    no_label: int = 0
    no_text: int = 0
    duplicates: int = 0
    legacy_mapped: int = 0


def normalise_note(text: str) -> str:
    """Key for note deduplication: case, punctuation and spacing do not make two notes different."""
    return _WS.sub(" ", _NORM.sub(" ", text.casefold())).strip()


def find_acled_exports(root: str | Path | None = None) -> list[Path]:
    """Every ACLED CSV under the data root, in a stable order."""
    base = Path(root) if root is not None else shared_data_dir()
    if base is None or not Path(base).is_dir():
        raise FileNotFoundError(
            "no data root: pass a path, set EVENTX_DATA, or place the shared data at ../shared/data"
        )
    out: list[Path] = []
    for d in ACLED_DIRS:
        folder = Path(base) / d
        if folder.is_dir():
            out.extend(sorted(p for p in folder.rglob("*.csv") if p.is_file()))
    return out


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _labels(onto: Ontology, event_type: str, sub_event_type: str) -> tuple[str, str, bool] | None:
    """(event_type, sub_event_type, mapped_from_legacy) when both are known and consistent, else None."""
    sub = onto.canonical_sub_event_type(sub_event_type) if sub_event_type.strip() else None
    et = onto.canonical_event_type(event_type) if event_type.strip() else None
    legacy = False
    if et is None and event_type.strip():
        names = {k.casefold(): v for k, v in onto.legacy_event_types.items()}
        m = names.get(" ".join(event_type.split()).casefold())
        if m is not None and m.event_type is not None:
            et, legacy = m.event_type, True
            if sub is None and m.sub_event_type is not None:
                sub = m.sub_event_type
    if sub is None:
        return None
    expected = onto.event_type_of(sub)
    if et is not None and et != expected:
        return None  # inconsistent row (shifted columns): drop rather than guess
    return expected, sub, legacy


def _country_from_row(row: dict[str, str], event_id: str | None) -> str:
    """Some exports (the Philippine monthly files, a US file) drop ``country``: take it from iso3 or the id prefix."""
    import pycountry

    code = (row.get("iso3") or "").strip().upper()
    if not code and event_id:
        m = re.match(r"[A-Za-z]{3}", event_id.strip())
        code = m.group(0).upper() if m else ""
    hit = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if hit is not None:
        return str(hit.name)
    # Actor names carry their country: "Civilians (Philippines)", "RIOTERS (UNITED STATES)".
    for col in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        for m in _ACTOR_COUNTRY.finditer(row.get(col) or ""):
            name = m.group(1).strip()
            return name.title() if name.isupper() else name
    return ""


def _lower_keys(row: dict[str | None, str | list[str] | None]) -> dict[str, str]:
    return {k.strip().lower(): v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}


def iter_file_notes(path: Path, onto: Ontology, stats: LoadStats) -> Iterator[AcledNote]:
    """Labelled notes of one export (not yet deduplicated)."""
    text = _decode(path)
    raw_rows = csv.DictReader(io.StringIO(text, newline=""))
    for res, raw in zip(iter_acled_csv(io.StringIO(text, newline="")), raw_rows, strict=False):
        stats.rows += 1
        row = _lower_keys(raw)
        legacy_et = ""
        if res.record is not None:
            rec = res.record
            note, country, eid = rec.notes or "", rec.country or "", rec.event_id_cnty
            et, sub = rec.event_type, rec.sub_event_type or ""
            legacy_et = rec.extras.get("legacy_event_type", "")
            strict = True
        else:
            note, country = row.get("notes", ""), row.get("country", "")
            eid = row.get("event_id_cnty") or None
            et, sub = row.get("event_type", ""), row.get("sub_event_type", "")
            strict = False
        note = _WS.sub(" ", note).strip()
        country = country.strip() or _country_from_row(row, eid)
        country = country.title() if country.isupper() else country
        if len(note) < 15 or not country or _PREPROCESSED.match(note):
            stats.no_text += 1
            continue
        labels = _labels(onto, legacy_et or et, sub)
        if labels is None:
            stats.no_label += 1
            continue
        event_type, sub_event_type, legacy = labels
        if strict:
            stats.strict_ok += 1
        else:
            stats.lenient_ok += 1
        stats.legacy_mapped += int(legacy)
        yield AcledNote(
            event_id=eid.strip() if eid else None,
            text=note,
            event_type=event_type,
            sub_event_type=sub_event_type,
            country=_WS.sub(" ", country).strip(),
            source_file=str(path),
            mapped_from_legacy=legacy,
        )


def load_acled_notes(root: str | Path | None = None, *, stats: LoadStats | None = None) -> list[AcledNote]:
    """All labelled, deduplicated ACLED notes under ``root`` (default: the shared data folder).

    The first occurrence wins, in the stable file order of :func:`find_acled_exports`. ``stats`` (if given) is
    filled with counts of what was read and dropped.
    """
    onto = load_ontology()
    st = stats if stats is not None else LoadStats()
    seen_ids: set[str] = set()
    seen_text: set[str] = set()
    out: list[AcledNote] = []
    for path in find_acled_exports(root):
        st.files += 1
        for note in iter_file_notes(path, onto, st):
            key = normalise_note(note.text)
            if (note.event_id and note.event_id in seen_ids) or key in seen_text:
                st.duplicates += 1
                continue
            if note.event_id:
                seen_ids.add(note.event_id)
            seen_text.add(key)
            out.append(note)
    return out
