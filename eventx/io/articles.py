"""Read articles: a ``.txt`` or ``.html`` file, a directory of them, or a JSONL / CSV corpus.

Corpus files have the columns id, text or html, title, url, source, published (and optionally language).
Reading never stops at a bad item: each yields an :class:`ArticleItem` carrying either the article or an
explicit error that names the file and line, so a batch of ten thousand articles is not lost to one bad row.

HTML goes through trafilatura with ``favor_precision=True`` (it drops inserted "related article" headlines that
other extractors keep); the publication date, title and site name come from the page's metadata when present.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eventx.schema.article import Article

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv")
ARTICLE_FIELDS = ("id", "text", "html", "title", "url", "source", "published", "language")


@dataclass(frozen=True)
class ArticleItem:
    """One item of an article source: the article, or why there is none.

    ``ref`` says where the item came from: a file path, or ``path:line`` for a row of a corpus file.
    """

    ref: str
    article: Article | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None


@dataclass(frozen=True)
class HtmlContent:
    """What trafilatura found in a page: main text and the metadata eventx uses."""

    text: str
    title: str | None
    published: dt.datetime | None
    source: str | None


def _read_text_file(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_published(value: Any) -> dt.datetime | None:
    """ISO dates and datetimes (``2024-03-05``, ``2024-03-05T10:00:00Z``); None for empty; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d %H:%M", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"cannot read publication date {text!r}; use ISO 8601 (2024-03-05 or 2024-03-05T10:00:00)")


def extract_html(html: str, url: str | None = None) -> HtmlContent:
    """Main text and metadata of a page. ValueError when the page has no main text."""
    try:
        import trafilatura  # imported here: lxml is heavy and plain-text users never need it
    except ImportError as exc:  # e.g. lxml >= 5.2 without lxml_html_clean
        raise ValueError(f"HTML extraction is unavailable ({exc}); install trafilatura and lxml_html_clean") from None
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "outputformat": "%Y-%m-%dT%H:%M:%S",
            },
        )
    except Exception as exc:  # lxml/trafilatura errors on broken markup: one bad page, not a crash
        raise ValueError(f"cannot parse the HTML: {type(exc).__name__}: {exc}") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise ValueError("no main text found in the HTML")
    published = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            published = _parse_published(raw_date)
        except ValueError:
            published = None
    return HtmlContent(
        text=text,
        title=getattr(doc, "title", None) or None,
        published=published,
        source=getattr(doc, "sitename", None) or None,
    )


def article_from_fields(fields: Mapping[str, Any], *, published: dt.datetime | None = None) -> Article:
    """Build an Article from a mapping (a JSONL object or CSV row). HTML without text is extracted.

    ``published`` is the fallback publication date when the row has none. Raises ValueError with a message
    that names the field at fault.
    """
    data: dict[str, Any] = {}
    for key in ARTICLE_FIELDS:
        value = fields.get(key)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is not None and key not in ("published",):
            value = str(value) if not isinstance(value, str) else value
        data[key] = value
    try:
        data["published"] = _parse_published(data["published"]) or published
    except ValueError as exc:
        raise ValueError(f"published: {exc}") from None
    if data["text"] is None and data["html"] is None:
        raise ValueError("text: the row has neither 'text' nor 'html'")
    if data["text"] is None:
        try:
            content = extract_html(data["html"], url=data["url"])
        except ValueError as exc:
            raise ValueError(f"html: {exc}") from None
        data["text"] = content.text
        data["title"] = data["title"] or content.title
        data["published"] = data["published"] or content.published
        data["source"] = data["source"] or content.source
    data["id"] = data["id"] or ""
    try:
        return Article(**data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(article)"
        raise ValueError(f"{field}: {first['msg']}") from None


def article_from_text(
    text: str, *, id: str = "", published: dt.datetime | None = None, source: str | None = None
) -> Article:
    """An Article from plain text already in memory (stdin, a string in a notebook)."""
    return Article(id=id, text=text.replace("\r\n", "\n"), published=published, source=source)


def read_article(path: str | Path, *, published: dt.datetime | None = None, source: str | None = None) -> Article:
    """One article from a ``.txt`` or ``.html`` file; its id is the file name without extension.

    For HTML, the page's own publication date wins over ``published``, which is the fallback.
    Raises ValueError (empty file, no main text) or FileNotFoundError.
    """
    p = Path(path)
    raw = _read_text_file(p)
    if not raw.strip():
        raise ValueError(f"{p}: the file is empty")
    if p.suffix.lower() in HTML_SUFFIXES:
        content = extract_html(raw)
        return Article(
            id=p.stem,
            text=content.text,
            html=raw,
            title=content.title,
            published=content.published or published,
            source=source or content.source,
        )
    return Article(id=p.stem, text=raw, published=published, source=source)


def _iter_jsonl(path: Path, published: dt.datetime | None) -> Iterator[ArticleItem]:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            ref = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ArticleItem(ref, None, f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(obj, dict):
                yield ArticleItem(ref, None, "expected a JSON object with 'text' or 'html'")
                continue
            yield _item(ref, obj, published)


def _iter_csv(path: Path, published: dt.datetime | None) -> Iterator[ArticleItem]:
    fh = io.StringIO(_read_text_file(path), newline="")
    reader = csv.reader(fh)
    header: list[str] | None = None
    prev_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ArticleItem(f"{path}:{reader.line_num}", None, f"malformed CSV: {exc}")
            if reader.line_num <= prev_end:
                return
            prev_end = reader.line_num
            continue
        start, prev_end = prev_end + 1, reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if header is None:
            header = [h.strip().lower() for h in cells]
            if not {"text", "html"} & set(header):
                yield ArticleItem(
                    f"{path}:{start}", None, f"the header {cells!r} has neither a 'text' nor an 'html' column"
                )
                return
            continue
        ref = f"{path}:{start}"
        if len(cells) != len(header):
            yield ArticleItem(
                ref, None, f"{len(cells)} cells where the header names {len(header)}; the row is malformed"
            )
            continue
        yield _item(ref, dict(zip(header, cells, strict=True)), published)


def _item(ref: str, fields: Mapping[str, Any], published: dt.datetime | None) -> ArticleItem:
    try:
        return ArticleItem(ref, article_from_fields(fields, published=published))
    except ValueError as exc:
        return ArticleItem(ref, None, str(exc))


def _iter_file(path: Path, published: dt.datetime | None) -> Iterator[ArticleItem]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _iter_jsonl(path, published)
    elif suffix == ".csv":
        yield from _iter_csv(path, published)
    elif suffix in TEXT_SUFFIXES + HTML_SUFFIXES:
        try:
            yield ArticleItem(str(path), read_article(path, published=published))
        except (OSError, ValueError) as exc:
            yield ArticleItem(str(path), None, str(exc))
    else:
        known = ", ".join(TEXT_SUFFIXES + HTML_SUFFIXES + CORPUS_SUFFIXES)
        yield ArticleItem(str(path), None, f"unsupported file type {suffix or '(none)'!r}; expected one of {known}")


def iter_articles(
    source: str | Path, *, published: dt.datetime | None = None, recursive: bool = False
) -> Iterator[ArticleItem]:
    """Yield an ArticleItem for every article in a file or directory (sorted by name; hidden files skipped).

    ``published`` is the fallback publication date for items that carry none.
    """
    p = Path(source)
    if p.is_dir():
        files = sorted(p.rglob("*") if recursive else p.iterdir())
        for f in files:
            if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                yield from _iter_file(f, published)
    elif p.is_file():
        yield from _iter_file(p, published)
    else:
        yield ArticleItem(str(p), None, "no such file or directory")
