"""EventRecord: every column of an ACLED export, plus eventx's own figures, evidence and provenance.

The ACLED columns keep ACLED's names and order (``ACLED_COLUMNS``) so that an ACLED CSV is a projection of a
record and reading an export back gives the same records. Columns that follow from others (``year``,
``disorder_type``, ``interaction``) are computed, never free: a value given for them must agree or the record is
rejected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)

from eventx.ontology import load_ontology
from eventx.schema.evidence import FieldEvidence, Figure, ModelInfo

#: Columns of a current (2023+) ACLED export, in export order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
DERIVED_COLUMNS: tuple[str, ...] = ("year", "disorder_type", "interaction")
CIVILIAN_TARGETING = "Civilian targeting"


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: both inter codes, lower first (13); a lone actor gives code*10 (60)."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def interaction_words(code: int | None) -> str | None:
    """The 2023+ export's wording of an interaction code: 'State forces-Civilians', 'Protesters only'."""
    if code is None:
        return None
    names = load_ontology().inter_codes
    lo, hi = divmod(code, 10)
    if hi == 0:
        return f"{names[lo]} only"
    return f"{names[lo]}-{names[hi]}"


def parse_interaction(value: Any) -> int | None:
    """Read an interaction in digit (13, '13') or word ('State forces-Civilians') form."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return int(value)
    text = str(value).strip()
    if text.replace(".", "", 1).isdigit():
        return int(float(text))
    onto = load_ontology()
    if text.casefold().endswith(" only"):
        return onto.inter_code(text[: -len(" only")]) * 10
    for i, ch in enumerate(text):
        if ch != "-":
            continue
        try:
            a, b = onto.inter_code(text[:i]), onto.inter_code(text[i + 1 :])
        except ValueError:
            continue
        lo, hi = sorted((a, b))
        return lo * 10 + hi
    raise ValueError(f"cannot read interaction {value!r}")


class EventRecord(BaseModel):
    """One event in ACLED's shape. Field descriptions carry the codebook's wording."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    event_id_cnty: str | None = Field(
        default=None, description="Event id: ISO3-style country prefix and a number (KEN7182)."
    )
    event_date: dt.date | None = Field(default=None, description="Day the event took place (not the report's date).")
    time_precision: int | None = Field(
        default=None, ge=1, le=3, description="1 exact day; 2 a known week or weekend; 3 only the month known."
    )
    event_type: str = Field(description="One of the six ACLED event types.")
    sub_event_type: str | None = Field(
        default=None,
        description="One of the 25 ACLED sub-event types, consistent with event_type. None only for pre-2019 rows that lack one.",
    )
    actor1: str | None = Field(default=None, description="Named actor that initiated the event (ACLED canonical name).")
    assoc_actor_1: str | None = Field(
        default=None, description="Actors allied to or acting with actor1; several joined by '; '."
    )
    inter1: int | None = Field(
        default=None,
        ge=1,
        le=8,
        description="Inter code of actor1: 1 State forces, 2 Rebel groups, 3 Political militias, 4 Identity militias, 5 Rioters, 6 Protesters, 7 Civilians, 8 External/Other forces.",
    )
    actor2: str | None = Field(default=None, description="Named actor the event was directed at, if any.")
    assoc_actor_2: str | None = Field(default=None, description="Actors allied to or acting with actor2.")
    inter2: int | None = Field(
        default=None,
        ge=1,
        le=8,
        description="Inter code of actor2 (same codes as inter1); empty when there is no actor2.",
    )
    civilian_targeting: str | None = Field(
        default=None, description="'Civilian targeting' when civilians were the main or only target; empty otherwise."
    )
    iso: int | None = Field(default=None, ge=0, le=999, description="ISO 3166-1 numeric code of the country.")
    region: str | None = Field(default=None, description="ACLED world region of the country.")
    country: str | None = Field(default=None, description="Country in which the event took place.")
    admin1: str | None = Field(default=None, description="Largest sub-national administrative region.")
    admin2: str | None = Field(default=None, description="Second-largest sub-national administrative region.")
    admin3: str | None = Field(default=None, description="Third-largest sub-national administrative region.")
    location: str | None = Field(
        default=None, description="Name of the place the event took place (town, village, site)."
    )
    latitude: float | None = Field(default=None, ge=-90, le=90, description="Latitude of the location, WGS84.")
    longitude: float | None = Field(default=None, ge=-180, le=180, description="Longitude of the location, WGS84.")
    geo_precision: int | None = Field(
        default=None,
        ge=1,
        le=3,
        description="1 the named town; 2 near a town or part of a region, coded to a town; 3 only a larger region known, coded to its capital or centre.",
    )
    source: str | None = Field(default=None, description="Sources of the event report; several joined by '; '.")
    source_scale: str | None = Field(
        default=None, description="Geographic scale of the sources (Local, National, International, ...)."
    )
    notes: str | None = Field(default=None, description="Short description of the event.")
    fatalities: int = Field(
        default=0,
        ge=0,
        description="Most conservative reported number of fatalities; 0 when unknown (see figures for 'unknown').",
    )
    tags: str | None = Field(default=None, description="Structured tags, e.g. crowd size ('crowd size=no report').")
    timestamp: int | None = Field(default=None, ge=0, description="Unix time the row was last uploaded or changed.")

    # eventx's extensions, beside the ACLED columns.
    article_id: str | None = Field(default=None, description="Id of the article the event was read from.")
    figures: list[Figure] = Field(
        default_factory=list,
        description="Every figure the text reports: fatalities, injured, arrested, abducted, displaced, damage.",
    )
    evidence: dict[str, FieldEvidence] = Field(
        default_factory=dict, description="Per field: spans in the source text, confidence and reason."
    )
    confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Confidence that this is a real event of this type."
    )
    model: ModelInfo | None = Field(default=None, description="Name and version of what produced the record.")
    extras: dict[str, str] = Field(
        default_factory=dict,
        description="Columns of an input export outside the current ACLED schema (data_id, iso3, GWNO, legacy event type), kept so no value is lost.",
    )

    @field_validator("event_type")
    @classmethod
    def _event_type(cls, v: str) -> str:
        canon = load_ontology().canonical_event_type(v)
        if canon is None:
            raise ValueError(f"unknown event type {v!r}; expected one of {load_ontology().event_type_names}")
        return canon

    @field_validator("sub_event_type")
    @classmethod
    def _sub_event_type(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is None:
            return None
        onto = load_ontology()
        canon = onto.canonical_sub_event_type(v)
        if canon is None:
            raise ValueError(f"unknown sub-event type {v!r}")
        et = info.data.get("event_type")
        if et is not None and onto.event_type_of(canon) != et:
            raise ValueError(f"sub-event type {canon!r} belongs to {onto.event_type_of(canon)!r}, not {et!r}")
        return canon

    @field_validator("civilian_targeting")
    @classmethod
    def _civ(cls, v: str | None) -> str | None:
        if v is None or v.strip() in ("", "NA"):
            return None
        if v.strip().casefold() != CIVILIAN_TARGETING.casefold():
            raise ValueError(f"civilian_targeting must be empty or {CIVILIAN_TARGETING!r}, not {v!r}")
        return CIVILIAN_TARGETING

    @field_validator(
        "event_id_cnty",
        "actor1",
        "assoc_actor_1",
        "actor2",
        "assoc_actor_2",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "source",
        "source_scale",
        "notes",
        "tags",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip() == "":
            return None
        return v

    @field_validator("inter1", "inter2", mode="before")
    @classmethod
    def _inter(cls, v: Any) -> Any:
        if v is None or v == "" or v == 0 or v == "0":
            return None
        return load_ontology().inter_code(v if isinstance(v, int) else str(v))

    @model_validator(mode="after")
    def _consistency(self) -> EventRecord:
        if self.inter2 is not None and self.inter1 is None:
            raise ValueError("inter2 is set but inter1 is not")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _derived_never_free(cls, data: Any, handler: Any) -> EventRecord:
        given: dict[str, Any] = {}
        if isinstance(data, dict):
            data = dict(data)
            for key in DERIVED_COLUMNS:
                if key in data:
                    given[key] = data.pop(key)
        rec: EventRecord = handler(data)
        for key, value in given.items():
            if value is None or value == "":
                continue
            derived = getattr(rec, key)
            if key == "interaction":
                ok = parse_interaction(value) == derived
            elif key == "year":
                ok = derived is None or int(float(value)) == derived
            else:
                ok = derived is None or str(value).strip().casefold() == derived.casefold()
            if not ok:
                raise ValueError(
                    f"{key} {value!r} disagrees with the value derived from the other columns ({derived!r})"
                )
        return rec

    @computed_field(description="Year of event_date.")  # type: ignore[prop-decorator]
    @property
    def year(self) -> int | None:
        return self.event_date.year if self.event_date else None

    @computed_field(
        description="Political violence, Demonstrations or Strategic developments; follows from the sub-event type."
    )  # type: ignore[prop-decorator]
    @property
    def disorder_type(self) -> str | None:
        onto = load_ontology()
        if self.sub_event_type is not None:
            return onto.disorder_type_of(self.sub_event_type)
        kinds = {s.disorder_type for et in onto.event_types if et.name == self.event_type for s in et.sub_event_types}
        return kinds.pop() if len(kinds) == 1 else None

    @computed_field(description="The two inter codes joined, lower first (13); a lone actor gives 10, 20, ... 80.")  # type: ignore[prop-decorator]
    @property
    def interaction(self) -> int | None:
        return interaction_code(self.inter1, self.inter2)
