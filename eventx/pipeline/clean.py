"""Clean an article into text whose character offsets every span refers to.

HTML goes through :func:`eventx.io.articles.extract_html` (trafilatura with ``favor_precision``). Plain text is only normalised for line endings and zero-width characters, so
offsets stay meaningful to a user who reads the text we return.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from eventx.schema.article import Article

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def clean_article(article: Article) -> tuple[str, dt.datetime | None]:
    """The text to read and the publication date to resolve relative dates against."""
    if article.text is not None:
        return normalise_text(article.text), article.published
    from eventx.io.articles import extract_html

    try:
        page = extract_html(article.html or "", url=article.url)
    except ValueError:
        return "", article.published
    return normalise_text(page.text), article.published or page.published
