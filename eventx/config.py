"""Pipeline configuration: YAML files in ``configs/`` validated by Pydantic, never module globals."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from eventx.paths import config_dir


class ModelsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    typing: str | None = Field(default=None, description="Folder of the event-typing weights; None = the shipped ones.")
    roles: str | None = Field(default=None, description="Folder of the role-tagger weights; None = the shipped ones.")
    typing_prior: float = Field(
        default=0.0,
        ge=0,
        le=2,
        description="Prior correction of the event typer: 0 = the model as trained (every type equally likely a "
        "priori); 1 = ACLED's natural mix of event types (rare types need stronger evidence: better on ACLED-like "
        "notes, worse on news drawn evenly across types).",
    )
    typing_lexical: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Weight of the typer's lexical expert (TF-IDF n-grams) in the product with the neural typer: "
        "None = as shipped (the weight and temperature stored with it); 0 = the neural typer alone.",
    )
    use_roles: bool = Field(default=True, description="Tag argument spans with the role model (else rules only).")
    device: str = Field(default="cpu", description="'cpu' or 'cuda'.")
    batch_size: int = Field(default=32, ge=1)
    threads: int | None = Field(default=None, ge=1, description="torch intra-op threads; None = torch's default.")


class DetectionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_event_prob: float = Field(
        default=0.5, ge=0, le=1, description="A sentence is an event when P(no event) < 1 - this."
    )
    min_type_prob: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="An event sentence also needs its best sub-event type this probable; vaguer sentences usually "
        "elaborate an event already coded.",
    )
    lexical_gate: float | None = Field(
        default=0.95,
        ge=0.5,
        le=1,
        description="Sentences the typer's lexical expert calls 'no event' with at least this probability skip the "
        "encoder (None: every sentence is read by the encoder; so it is with models.typing_lexical 0, which leaves "
        "the expert out). Chosen on training data: benchmarks/results/gate.md.",
    )
    territorial_claims: bool = Field(
        default=True,
        description="Code reported changes of territorial control ('the final defeat of IS in ...') that the model "
        "reads as commentary.",
    )
    codebook_guards: bool = Field(
        default=True,
        description="Sub-event types whose definition needs something the text must say (an intervening side for "
        "'Protest with intervention') fall back to the model's next type when the text does not say it "
        "(eventx.pipeline.guards).",
    )
    skip_headlines: bool = Field(
        default=True,
        description="Short lines without end punctuation (titles, inserted headlines) report no event of their own.",
    )
    context_sentences: int = Field(
        default=1, ge=0, le=3, description="Sentences before an event sentence searched for its place and date."
    )


class LimitsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_chars: int = Field(
        default=200_000, ge=1000, description="Longer articles are refused with a reason, never cut silently."
    )
    languages: list[str] = Field(
        default_factory=lambda: ["en"], description="Languages the models read; others are refused with a reason."
    )


class OutputConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_from_article: bool = Field(
        default=True, description="Write the article's source into the ACLED 'source' column."
    )
    notes_from_text: bool = Field(default=True, description="Write the event's sentence(s) into 'notes'.")


class ExtractorConfig(BaseModel):
    """Everything the Extractor needs; ``configs/default.yaml`` holds the defaults."""

    model_config = ConfigDict(extra="forbid")
    ontology: str = "acled"
    models: ModelsConfig = Field(default_factory=ModelsConfig)
    detection: DetectionConfig = Field(default_factory=DetectionConfig)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    merge: Literal["acled", "none"] = Field(
        default="acled", description="'acled': same type, actors, day and place -> one event."
    )

    @classmethod
    def from_yaml(cls, path: str | Path) -> ExtractorConfig:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        return cls.model_validate(data)

    @classmethod
    def default(cls) -> ExtractorConfig:
        path = config_dir() / "default.yaml"
        return cls.from_yaml(path) if path.is_file() else cls()
