"""``eventx train CONFIG``: train a model from a YAML config; the config's ``task:`` picks the trainer.

Trainers are imported lazily so the command line stays fast and a missing optional trainer gives one clear error.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import click
import yaml

#: task -> "module:function(config_path) -> metrics dict"
TRAINERS: dict[str, str] = {
    "typing": "eventx.models.typing_train:train_from_config",
    "typing_lexical": "eventx.models.lexical_train:train_from_config",
    "roles": "eventx.models.roles_train:train_from_config",
    "muc4_head": "eventx.models.muc4_train:train_from_config",
}


def read_task(config: Path) -> str:
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise click.ClickException(f"{config}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("task"), str):
        raise click.ClickException(f"{config}: needs a 'task:' key, one of {sorted(TRAINERS)}")
    task = data["task"]
    if task not in TRAINERS:
        raise click.ClickException(f"{config}: unknown task {task!r}; known: {sorted(TRAINERS)}")
    return task


def load_trainer(task: str) -> Any:
    import importlib

    module, attr = TRAINERS[task].split(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ModuleNotFoundError, AttributeError) as exc:
        raise click.ClickException(f"the {task!r} trainer is not available in this build: {exc}") from exc


@click.command(name="train")
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quiet", is_flag=True, help="Only print the final metrics.")
def train(config: Path, quiet: bool) -> None:
    """Train a model from CONFIG (a YAML file in configs/train/) and print its metrics as JSON."""
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    task = read_task(config)
    trainer = load_trainer(task)
    metrics = trainer(config)
    summary = {k: v for k, v in (metrics or {}).items() if not isinstance(v, dict | list)}
    click.echo(json.dumps({"task": task, **summary}, indent=2, default=str))
