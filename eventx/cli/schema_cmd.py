"""``eventx schema``: print the JSON Schema of the record (or article) model."""

from __future__ import annotations

import json

import click

from eventx.schema import Article, EventRecord

MODELS = {"event": EventRecord, "article": Article}


def json_schema(model: str = "event", mode: str = "serialization") -> dict:
    """The JSON Schema of ``EventRecord`` ('event') or ``Article`` ('article').

    'serialization' describes what eventx writes (with the derived year, disorder_type and interaction);
    'validation' describes what it accepts.
    """
    return MODELS[model].model_json_schema(mode=mode)  # type: ignore[arg-type]


@click.command(name="schema")
@click.option("--model", type=click.Choice(sorted(MODELS)), default="event", show_default=True, help="Which model.")
@click.option(
    "--mode",
    type=click.Choice(["serialization", "validation"]),
    default="serialization",
    show_default=True,
    help="'serialization': what eventx writes (with derived columns); 'validation': what it accepts.",
)
@click.option("--indent", type=click.IntRange(0, 8), default=2, show_default=True, help="JSON indentation.")
def schema(model: str, mode: str, indent: int) -> None:
    """Print the JSON Schema of EventRecord (or Article)."""
    click.echo(json.dumps(json_schema(model, mode), indent=indent or None, ensure_ascii=False))
