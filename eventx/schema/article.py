"""The input document."""

from __future__ import annotations

import hashlib
from datetime import datetime

from pydantic import BaseModel, Field, model_validator


class Article(BaseModel):
    """A news article: plain text or HTML, with the publication date that relative dates are resolved against."""

    id: str = Field(default="", description="Caller's id; a content hash when empty.")
    text: str | None = Field(default=None, description="Plain text of the article.")
    html: str | None = Field(default=None, description="Raw HTML; the main text is extracted when text is absent.")
    title: str | None = None
    url: str | None = None
    source: str | None = Field(default=None, description="Publisher name, written into the ACLED 'source' column.")
    published: datetime | None = Field(
        default=None, description="Publication date and time; the base for relative dates."
    )
    language: str | None = Field(default=None, description="ISO 639-1 code when known; detected otherwise.")

    @model_validator(mode="after")
    def _need_content(self) -> Article:
        if self.text is None and self.html is None:
            raise ValueError("an article needs 'text' or 'html'")
        if not self.id:
            body = (self.text or self.html or "").encode("utf-8", "replace")
            self.id = "sha1:" + hashlib.sha1(body).hexdigest()[:16]
        return self
