"""Readers and writers: ACLED CSV, JSONL and Parquet records (:mod:`eventx.io.formats` picks one by extension),
and articles from text, HTML, directories and JSONL/CSV corpora (:mod:`eventx.io.articles`)."""

from eventx.io.acled_csv import RowError, RowResult, iter_acled_csv, read_acled_csv, write_acled_csv
from eventx.io.articles import ArticleItem, iter_articles, read_article
from eventx.io.formats import iter_records, read_records, record_format, write_records
from eventx.io.jsonl import iter_jsonl_records, read_jsonl_records, write_jsonl_records

__all__ = [
    "ArticleItem",
    "RowError",
    "RowResult",
    "iter_acled_csv",
    "iter_articles",
    "iter_jsonl_records",
    "iter_records",
    "read_acled_csv",
    "read_article",
    "read_jsonl_records",
    "read_records",
    "record_format",
    "write_acled_csv",
    "write_jsonl_records",
    "write_records",
]
