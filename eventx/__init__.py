"""eventx: news articles in, ACLED-style event records out.

Public API: :class:`Article` and :class:`EventRecord` (the schema), :func:`load_ontology` (the codebook), and
:class:`Extractor` (the pipeline, loaded lazily because it pulls in torch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventx.ontology import Ontology, load_ontology
from eventx.schema import ACLED_COLUMNS, Article, EventRecord, FieldEvidence, Figure, ModelInfo, Span

__version__ = "0.1.0"

if TYPE_CHECKING:
    from eventx.pipeline.extractor import Extractor

__all__ = [
    "ACLED_COLUMNS",
    "Article",
    "EventRecord",
    "Extractor",
    "FieldEvidence",
    "Figure",
    "ModelInfo",
    "Ontology",
    "Span",
    "__version__",
    "load_ontology",
]


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from eventx.pipeline.extractor import Extractor

        return Extractor
    raise AttributeError(f"module 'eventx' has no attribute {name!r}")
