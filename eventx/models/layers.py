"""Running part of a BERT-style encoder's layer stack, and finding how much of it two models share.

Both trained models (the event typer and the role tagger) keep the base encoder's embeddings and lower layers
frozen and replace only the upper layers. Training caches the frozen part's output once; at inference the extractor
uses the same fact the other way round: the typer reads every sentence anyway, so the states it computes at the
boundary of the shared layers are handed to the role tagger, which then runs only its own upper layers on the event
sentences. :func:`shared_depth` checks the weights themselves (not the configs that claim them), so a model trained
with other frozen layers simply shares less.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch


def extended_mask(mask: torch.Tensor, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """[B, L] 0/1 -> the additive [B, 1, 1, L] mask BERT layers take."""
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def run_layers(layers: Sequence[Any], hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``hidden`` [B, L, H] through ``layers`` in order, padding masked by ``mask`` [B, L]."""
    ext = extended_mask(mask, hidden.dtype)
    for layer in layers:
        out = layer(hidden, attention_mask=ext)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def _same_module(a: Any, b: Any) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(
        sa[k].shape == sb[k].shape and sa[k].dtype == sb[k].dtype and torch.equal(sa[k], sb[k]) for k in sa
    )


def shared_depth(model_a: Any, model_b: Any) -> int:
    """How many leading encoder layers (after identical embeddings) two BERT-style models have in common, weight for
    weight; 0 when the embeddings differ, the architectures differ, or either model is not a BERT-style encoder.

    A state computed by one model at that depth is then exactly what the other would compute there."""
    try:
        emb_a, emb_b = model_a.embeddings, model_b.embeddings
        layers_a, layers_b = list(model_a.encoder.layer), list(model_b.encoder.layer)
    except AttributeError:
        return 0
    if model_a is model_b:
        return len(layers_a)
    if type(model_a) is not type(model_b) or not _same_module(emb_a, emb_b):
        return 0
    depth = 0
    for la, lb in zip(layers_a, layers_b, strict=False):
        if not _same_module(la, lb):
            break
        depth += 1
    return depth
