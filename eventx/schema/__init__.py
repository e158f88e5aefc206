"""Pydantic models that are eventx's contract with its users."""

from eventx.schema.article import Article
from eventx.schema.evidence import FieldEvidence, Figure, ModelInfo, Span
from eventx.schema.record import ACLED_COLUMNS, EventRecord, interaction_code, interaction_words, parse_interaction

__all__ = [
    "ACLED_COLUMNS",
    "Article",
    "EventRecord",
    "FieldEvidence",
    "Figure",
    "ModelInfo",
    "Span",
    "interaction_code",
    "interaction_words",
    "parse_interaction",
]
