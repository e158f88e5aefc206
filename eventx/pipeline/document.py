"""The one object every stage reads and writes: an article's clean text, its sentences and what was found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from eventx.schema.article import Article


@dataclass(frozen=True)
class Sentence:
    """A sentence of the clean text; ``start``/``end`` are offsets into ``Doc.text``."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    headline: bool = False


@dataclass
class Doc:
    article: Article
    text: str
    published: dt.datetime | None
    sentences: list[Sentence] = field(default_factory=list)
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
    refused: str | None = None  # reason the article is not read (language, size); an error status, never silence

    @property
    def id(self) -> str:
        return self.article.id
