"""The ``eventx`` command line. Each command lives in its own module under ``eventx.cli`` and is imported lazily,
so ``eventx schema`` does not pay for torch."""

from __future__ import annotations

import importlib
from typing import Any

import click

#: command name -> "module:function" (a click.Command).
COMMANDS: dict[str, str] = {
    "schema": "eventx.cli.schema_cmd:schema",
    "validate": "eventx.cli.validate_cmd:validate",
    "convert": "eventx.cli.convert_cmd:convert",
    "extract": "eventx.cli.extract_cmd:extract",
    "batch": "eventx.cli.batch_cmd:batch",
    "train": "eventx.cli.train_cmd:train",
    "bench": "eventx.cli.bench_cmd:bench",
}

_HELP = {
    "schema": "Print the JSON Schema of EventRecord (or Article).",
    "validate": "Check an ACLED export; report each bad row with line, field and reason.",
    "convert": "Convert records between ACLED CSV, JSONL and Parquet (by extension).",
    "extract": "Extract event records from one article (file or '-').",
    "batch": "Extract events from a corpus, streaming, with a status line per article.",
    "train": "Train a model from a YAML config in configs/train/.",
    "bench": "Run a benchmark (acled, case2021, muc4, ipe, plover) and write metrics.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            cmd: Any = getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return _missing(cmd_name, str(exc))
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, _HELP.get(name, "")) for name in self.list_commands(ctx)])


def _missing(name: str, why: str) -> click.Command:
    @click.command(name=name, help=f"{_HELP.get(name, '')} (not available in this build: {why})")
    def cmd() -> None:
        raise click.ClickException(f"'eventx {name}' is not available in this build: {why}")

    return cmd


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventx")
def main() -> None:
    """eventx: read news articles, write ACLED-style event records (offline, CPU-friendly, with evidence)."""
