"""Articles from text, HTML, directories and JSONL/CSV corpora: bad items become explicit errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventx.io.articles import article_from_fields, extract_html, iter_articles, read_article

BODY = (
    "Gunmen attacked a police post in the town of Mtown on Tuesday, killing three officers, officials said. "
    "Hundreds of residents later marched to the district office to demand better protection. "
)
HTML = f"""<html><head><title>Attack on police post | The Daily</title>
<meta property="article:published_time" content="2024-03-07T08:30:00Z">
<meta property="og:site_name" content="The Daily"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Attack on police post</h1><p>{BODY * 3}</p><p>{BODY}</p></article>
<footer>Copyright The Daily. All rights reserved. Subscribe to our newsletter.</footer></body></html>"""


def test_read_txt(tmp_path: Path):
    p = tmp_path / "story-1.txt"
    p.write_bytes(("MTOWN, March 7 -- " + BODY).replace("\n", "\r\n").encode("utf-8"))
    art = read_article(p, published=dt.datetime(2024, 3, 7))
    assert art.id == "story-1" and art.text.startswith("MTOWN, March 7")
    assert art.published == dt.datetime(2024, 3, 7) and "\r" not in art.text


def test_read_html_main_text_and_metadata(tmp_path: Path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    art = read_article(p, published=dt.datetime(2000, 1, 1))
    assert "Gunmen attacked a police post" in art.text
    assert "Subscribe" not in art.text and "Home" not in art.text
    assert art.published is not None and art.published.date() == dt.date(2024, 3, 7)  # page metadata wins
    assert art.html == HTML and art.source == "The Daily"


def test_html_without_main_text_is_an_error():
    with pytest.raises(ValueError, match="no main text"):
        extract_html("<html><body></body></html>")


def test_fields_need_text_or_html_and_a_readable_date():
    with pytest.raises(ValueError, match="neither"):
        article_from_fields({"id": "a", "title": "t"})
    with pytest.raises(ValueError, match="published"):
        article_from_fields({"id": "a", "text": "x", "published": "next Tuesday-ish"})
    art = article_from_fields({"id": 7, "text": "x", "published": "2024-03-05"})
    assert art.id == "7" and art.published == dt.datetime(2024, 3, 5)


def test_jsonl_corpus_with_bad_lines(tmp_path: Path):
    p = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a", "text": BODY, "source": "Radio X", "published": "2024-03-05T10:00:00"}),
        "{broken",
        json.dumps({"id": "b", "title": "no body"}),
        "",
        json.dumps({"id": "c", "html": HTML, "url": "https://example.org/c"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "d", "text": BODY, "published": "someday"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_articles(p))
    assert [i.ref.rsplit(":", 1)[1] for i in items] == ["1", "2", "3", "5", "6", "7"]
    assert [i.ok for i in items] == [True, False, False, True, False, False]
    assert "not valid JSON" in items[1].error
    assert "neither" in items[2].error
    assert items[3].article.text.startswith("Attack on police post") or "Gunmen" in items[3].article.text
    assert items[3].article.published.date() == dt.date(2024, 3, 7)
    assert "published" in items[5].error


def test_csv_corpus_with_bad_rows(tmp_path: Path):
    p = tmp_path / "corpus.csv"
    p.write_text(
        "id,title,text,published\n"
        f'a,Attack,"{BODY}",2024-03-05\n'
        "b,Cut short\n"
        'c,Empty,"",2024-03-05\n'
        f'd,Second,"{BODY}\nwith a second line",\n',
        encoding="utf-8",
    )
    items = list(iter_articles(p, published=dt.datetime(2024, 1, 1)))
    assert [i.ref.rsplit(":", 1)[1] for i in items] == ["2", "3", "4", "5"]
    assert [i.ok for i in items] == [True, False, False, True]
    assert "cells" in items[1].error and "neither" in items[2].error
    assert items[3].article.published == dt.datetime(2024, 1, 1)  # fallback date


def test_csv_without_text_column_is_one_error(tmp_path: Path):
    p = tmp_path / "c.csv"
    p.write_text("id,body\n1,hello\n", encoding="utf-8")
    (item,) = iter_articles(p)
    assert not item.ok and "'text'" in item.error


def test_directory(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "c.txt").write_text("   ", encoding="utf-8")
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    items = list(iter_articles(tmp_path))
    assert [Path(i.ref).name for i in items] == ["a.txt", "b.html", "c.txt", "d.pdf"]
    assert [i.ok for i in items] == [True, True, False, False]
    assert "empty" in items[2].error and "unsupported" in items[3].error


def test_missing_path_is_an_item_not_a_crash(tmp_path: Path):
    (item,) = iter_articles(tmp_path / "nope.txt")
    assert not item.ok and "no such file" in item.error
