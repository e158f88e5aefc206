"""Evidence, figures and model provenance: the honest part of every record.

Every value eventx sets says where it came from (a character span), how sure it is, and, when a fallback decided,
why. Readers of ACLED exports set no evidence: the value came from the file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Span(BaseModel):
    """A half-open character range ``[start, end)`` in the article's clean text."""

    model_config = ConfigDict(frozen=True)
    start: int = Field(ge=0, description="Offset of the first character in the article's clean text.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(default="", description="The covered text, kept so a record can be read without the article.")

    @model_validator(mode="after")
    def _order(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class FieldEvidence(BaseModel):
    """Why a field of a record holds its value."""

    spans: list[Span] = Field(default_factory=list, description="Where in the text the value was read.")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0, description="0-1; calibrated where a model decided.")
    reason: str | None = Field(default=None, description="Set when a rule or fallback decided, e.g. 'no date in text'.")
    method: Literal["model", "rule", "gazetteer", "fallback", "source"] = Field(
        default="rule",
        description="What produced the value: a model, a rule, the gazetteer, a fallback, or the input file.",
    )
    candidates: list[str] = Field(default_factory=list, description="Alternatives considered, best first.")


FigureKind = Literal["fatalities", "injured", "arrested", "abducted", "displaced", "damage", "other"]
Qualifier = Literal["exact", "at_least", "at_most", "approx"]


class Figure(BaseModel):
    """A number the text reports about the event: killed, injured, arrested, displaced, damage and others."""

    kind: FigureKind = Field(description="What is counted.")
    value: float = Field(ge=0, description="The most conservative reading of the reported number.")
    unit: str | None = Field(default=None, description="'people' for counts; a currency code for damage (USD, INR).")
    qualifier: Qualifier = Field(
        default="exact", description="exact, at_least ('at least', 'more than'), at_most ('up to'), approx ('about')."
    )
    vague: bool = Field(
        default=False, description="True when read from a vague word ('dozens' -> 12) by the codebook rule."
    )
    text: str = Field(default="", description="The phrase the figure was read from.")
    span: Span | None = Field(default=None, description="Where the phrase is in the text.")
    whose: str | None = Field(
        default=None, description="Whose figure it is where the text says (victims, attackers, police)."
    )


class ModelInfo(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str = Field(description="Pipeline or model name.")
    version: str = Field(description="Version of eventx and of the weights that produced the record.")
