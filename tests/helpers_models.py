"""Tiny real models for pipeline tests: random-weight BERTs with the real tokenizer, and a head whose bias makes
the predicted label known in advance, so tests check the pipeline's plumbing, not a trained model's accuracy."""

from __future__ import annotations

from typing import Any

import torch


def tiny_typer(label: str = "Armed clash", *, no_event_for: tuple[str, ...] = ()) -> Any:
    """An EventTyper over a 2-layer, 32-wide random BERT whose head always prefers ``label``."""
    from transformers import BertConfig, BertModel

    from eventx.models.encoder import load_tokenizer
    from eventx.models.typing import EventTyper
    from eventx.ontology import load_ontology

    torch.manual_seed(0)
    tok = load_tokenizer()
    cfg = BertConfig(
        vocab_size=tok.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    model = BertModel(cfg).eval()
    labels = [*load_ontology().sub_event_type_names, "No event"]
    head = torch.nn.Linear(32, len(labels))
    with torch.no_grad():
        head.weight.mul_(0.01)
        head.bias.zero_()
        head.bias[labels.index(label)] = 8.0
    return EventTyper(model, tok, head, {"labels": labels, "no_event_label": "No event", "max_length": 64})
