"""Where eventx finds its own files: packaged configs, shipped weights and the user's cache."""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def config_dir() -> Path:
    """The ``configs/`` folder: inside the wheel (``eventx/configs``) or at the top of a source checkout."""
    for candidate in (_PKG / "configs", _PKG.parent / "configs"):
        if (candidate / "ontology").is_dir():
            return candidate
    raise FileNotFoundError("eventx configs/ not found: the installation is incomplete")


def weights_dir() -> Path:
    """Trained heads shipped inside the package."""
    return _PKG / "weights"


def cache_dir() -> Path:
    """Per-user cache (gazetteer index and the like); ``EVENTX_CACHE`` overrides it."""
    env = os.environ.get("EVENTX_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventx"


def shared_data_dir() -> Path | None:
    """Default location of third-party training/evaluation data: ``EVENTX_DATA`` or ``../shared/data``."""
    env = os.environ.get("EVENTX_DATA")
    if env:
        return Path(env)
    for parent in [Path.cwd(), *Path.cwd().parents][:4]:
        cand = parent / "shared" / "data"
        if cand.is_dir():
            return cand
    return None
