"""The event codebook, loaded from YAML data and validated once.

The schema and the models draw every label from here, so a second ontology (PLOVER, CAMEO) is a new YAML file,
not new code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from eventx.paths import config_dir


class SubEventType(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    disorder_type: str
    definition: str


class EventType(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    definition: str
    sub_event_types: list[SubEventType]


class LegacyMapping(BaseModel):
    model_config = ConfigDict(frozen=True)
    event_type: str | None = None
    sub_event_type: str | None = None


class Ontology(BaseModel):
    """A codebook: event types, their sub-types, actor (inter) codes and the rules for vague numbers."""

    model_config = ConfigDict(frozen=True)
    name: str
    version: str
    event_types: list[EventType]
    inter_codes: dict[int, str]
    legacy_event_types: dict[str, LegacyMapping] = Field(default_factory=dict)
    vague_counts: dict[str, int] = Field(default_factory=dict)
    unknown_fatalities: int = 0

    @model_validator(mode="after")
    def _check(self) -> Ontology:
        subs = [s.name for et in self.event_types for s in et.sub_event_types]
        if len(subs) != len(set(subs)):
            raise ValueError("sub-event type names must be unique across event types")
        for legacy, m in self.legacy_event_types.items():
            if m.event_type is not None and m.event_type not in self.event_type_names:
                raise ValueError(f"legacy type {legacy!r} maps to unknown event type {m.event_type!r}")
            if m.sub_event_type is not None and m.sub_event_type not in subs:
                raise ValueError(f"legacy type {legacy!r} maps to unknown sub-event type {m.sub_event_type!r}")
        return self

    @property
    def event_type_names(self) -> list[str]:
        return [et.name for et in self.event_types]

    @property
    def sub_event_type_names(self) -> list[str]:
        return [s.name for et in self.event_types for s in et.sub_event_types]

    def event_type_of(self, sub_event_type: str) -> str:
        for et in self.event_types:
            for s in et.sub_event_types:
                if s.name == sub_event_type:
                    return et.name
        raise KeyError(f"unknown sub-event type {sub_event_type!r}")

    def disorder_type_of(self, sub_event_type: str) -> str:
        return self.sub_event(sub_event_type).disorder_type

    def sub_event(self, name: str) -> SubEventType:
        for et in self.event_types:
            for s in et.sub_event_types:
                if s.name == name:
                    return s
        raise KeyError(f"unknown sub-event type {name!r}")

    def canonical_event_type(self, name: str) -> str | None:
        """Case- and spacing-tolerant lookup; None when the name is not an event type of this codebook."""
        key = " ".join(name.split()).casefold()
        for n in self.event_type_names:
            if n.casefold() == key:
                return n
        return None

    def canonical_sub_event_type(self, name: str) -> str | None:
        key = " ".join(name.split()).casefold()
        for n in self.sub_event_type_names:
            if n.casefold() == key:
                return n
        return None

    def inter_code(self, value: str | int) -> int:
        """Accept the digit form of older exports and the word form of 2023+ exports."""
        if isinstance(value, int):
            if value in self.inter_codes:
                return value
            raise ValueError(f"inter code {value} is not one of {sorted(self.inter_codes)}")
        text = value.strip()
        if text.isdigit() or (text.replace(".", "", 1).isdigit() and float(text).is_integer()):
            return self.inter_code(int(float(text)))
        key = _inter_key(text)
        for code, label in self.inter_codes.items():
            if _inter_key(label) == key:
                return code
        raise ValueError(f"unknown inter code {value!r}")


def _inter_key(label: str) -> str:
    # Exports write "Rebel group" and "Rebel groups", "Political militia" and "Political militias".
    return " ".join(label.casefold().split()).removesuffix("s")


def load_ontology_file(path: str | Path) -> Ontology:
    with open(path, encoding="utf-8") as fh:
        return Ontology.model_validate(yaml.safe_load(fh))


@lru_cache(maxsize=8)
def load_ontology(name: str = "acled") -> Ontology:
    """Load a packaged ontology by name (``configs/ontology/NAME.yaml``); cached, since it is immutable."""
    return load_ontology_file(config_dir() / "ontology" / f"{name}.yaml")
