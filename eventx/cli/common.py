"""Options and helpers shared by the commands that run the pipeline."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import click

config_option = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    help="Extractor config YAML (default: configs/default.yaml).",
)


def parse_published(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 date (2017-11-22 or 2017-11-22T21:00)", param_hint="--published"
        ) from exc


def load_extractor(config: str | None, **overrides: Any) -> Any:
    """Build the Extractor, turning a missing model or encoder into one clear message."""
    logging.basicConfig(level=logging.WARNING, format="eventx: %(levelname)s: %(message)s")
    from eventx.config import ExtractorConfig
    from eventx.models.encoder import EncoderNotInstalledError
    from eventx.pipeline.extractor import Extractor

    cfg = ExtractorConfig.from_yaml(config) if config else ExtractorConfig.default()
    for key, value in overrides.items():
        if value is not None:
            setattr(cfg.models, key, value)
    try:
        return Extractor(cfg)
    except (EncoderNotInstalledError, FileNotFoundError, RuntimeError) as exc:
        # Missing or unfitting weights (TypingModelError, RoleWeightsError) are RuntimeErrors with a clear message.
        raise click.ClickException(str(exc)) from exc
