"""``eventx extract``: one article to event records."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from eventx.cli.common import config_option, load_extractor, parse_published


@click.command(name="extract")
@click.argument("source", metavar="FILE|-")
@click.option("--published", help="Publication date/time (ISO 8601); relative dates are resolved against it.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "acled-csv"]), default="json", show_default=True)
@click.option("--source-name", help="Publisher name for the ACLED 'source' column.")
@config_option
def extract(source: str, published: str | None, fmt: str, source_name: str | None, config: str | None) -> None:
    """Extract event records from one article: a .txt or .html file, or '-' for text on standard input."""
    from eventx.io.articles import article_from_text, read_article

    when: dt.datetime | None = parse_published(published)
    try:
        if source == "-":
            article = article_from_text(sys.stdin.read(), id="stdin", published=when, source=source_name)
        else:
            article = read_article(Path(source), published=when, source=source_name)
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    extractor = load_extractor(config)
    try:
        records = extractor.extract(article)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in records], indent=2, ensure_ascii=False))
    elif fmt == "jsonl":
        from eventx.io.jsonl import record_to_json

        for r in records:
            click.echo(record_to_json(r))
    else:
        from eventx.io.acled_csv import write_acled_csv

        write_acled_csv(records, sys.stdout)
    if not records:
        click.echo(f"no event found in {source}", err=True)
