"""Argument-role and entity tagging over word pieces, decoded to character spans.

Two BIO layers share one encoder, because an event's roles and the entity types the resolvers need overlap freely
("Kenyan police" is both ACTOR1 and ORG; "Nairobi" is both LOC and PLACE):

* role layer: ``ACTOR1`` (initiator), ``ACTOR2`` (target or victim), ``ASSOC`` (associated actors), ``LOC`` (where
  the event happened), ``DATE`` (when), ``FATAL`` (the fatalities count phrase), ``FIGURE`` (other figures:
  injured, arrested, abducted, displaced, damage);
* entity layer: ``PER``, ``ORG``, ``PLACE`` (every toponym, event location or not).

:class:`RoleTagger` runs the base MiniLM (from its installed package) with the shipped upper layers and the two
heads from ``eventx/weights/roles``. Inference batches length-sorted texts with dynamic padding under
``torch.inference_mode``; texts longer than the window are read in overlapping chunks, never cut.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from eventx.models.layers import run_layers
from eventx.paths import weights_dir

ROLES: tuple[str, ...] = ("ACTOR1", "ACTOR2", "ASSOC", "LOC", "DATE", "FATAL", "FIGURE")
ENTITIES: tuple[str, ...] = ("PER", "ORG", "PLACE")


def bio_labels(kinds: Sequence[str]) -> tuple[str, ...]:
    """``O`` then ``B-X``, ``I-X`` for each kind, in a fixed order (label ids are positions in this tuple)."""
    out = ["O"]
    for k in kinds:
        out += [f"B-{k}", f"I-{k}"]
    return tuple(out)


ROLE_LABELS = bio_labels(ROLES)
ENTITY_LABELS = bio_labels(ENTITIES)
WEIGHTS_FILE = "roles.safetensors"
META_FILE = "roles.json"


class RoleHeads(nn.Module):
    """The two token-classification heads (role BIO, entity BIO) over the encoder's last hidden states."""

    def __init__(self, hidden_size: int, n_roles: int, n_ents: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.role = nn.Linear(hidden_size, n_roles)
        self.entity = nn.Linear(hidden_size, n_ents)

    @classmethod
    def from_config(cls, config: Any, n_roles: int, n_ents: int) -> RoleHeads:
        return cls(int(config.hidden_size), n_roles, n_ents, float(getattr(config, "hidden_dropout_prob", 0.1)))

    def forward(self, hidden: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.dropout(hidden)
        return self.role(h), self.entity(h)


class RoleWeightsError(RuntimeError):
    """The shipped role weights are missing or do not fit the base encoder."""


@dataclass(frozen=True)
class RoleSpan:
    """One tagged span: ``text[start:end] == span.text``; ``score`` is the mean probability of its pieces' tags."""

    role: str
    start: int
    end: int
    text: str
    score: float


def decode_bio(
    labels: Sequence[str],
    offsets: Sequence[tuple[int, int]],
    text: str,
    scores: Sequence[float] | None = None,
) -> list[RoleSpan]:
    """Turn per-piece BIO labels into character spans of ``text``.

    ``offsets`` are the fast tokenizer's (start, end) per piece; special tokens have (0, 0) and are skipped. An
    ``I-X`` after ``O`` or after another kind opens a new span (lenient, as most taggers do); a piece that
    continues a word (glued to the previous piece, letters or digits on both sides) joins the span of that word
    whatever its label says, so spans always cover whole words; punctuation caught at a span's edges is dropped.
    """
    spans: list[RoleSpan] = []
    cur_kind: str | None = None
    cur_start = cur_end = 0
    cur_scores: list[float] = []
    prev_end = -1

    def close() -> None:
        nonlocal cur_kind
        if cur_kind is not None:
            mean = sum(cur_scores) / len(cur_scores) if cur_scores else 1.0
            s, e = _trim(text, cur_start, cur_end)
            if e > s:
                spans.append(RoleSpan(cur_kind, s, e, text[s:e], round(mean, 4)))
        cur_kind = None

    for i, (label, (s, e)) in enumerate(zip(labels, offsets, strict=True)):
        if e <= s:
            continue
        score = scores[i] if scores is not None else 1.0
        glued = s == prev_end and s > 0 and text[s - 1].isalnum() and text[s : s + 1].isalnum()
        continues_word = cur_kind is not None and glued
        prev_end = e
        if continues_word and (label == "O" or label[2:] != cur_kind or label.startswith("B-")):
            # a word piece inside a word: keep the word whole in the open span
            cur_end = e
            cur_scores.append(score)
            continue
        if label == "O":
            close()
            continue
        tag, kind = label[:1], label[2:]
        if tag == "I" and cur_kind == kind:
            cur_end = e
            cur_scores.append(score)
            continue
        close()
        start = s
        if glued:
            # a label on a piece inside a word ("rol ##dan" tagged on "##dan" only): the span starts with the word,
            # unless the word's first pieces already belong to a span of their own
            while start > 0 and text[start - 1].isalnum():
                start -= 1
            if spans and spans[-1].end > start:
                continue
        cur_kind, cur_start, cur_end, cur_scores = kind, start, e, [score]
    close()
    return spans


_EDGE_PUNCT = frozenset(" \t\r\n,;:!?()[]{}\"'“”‘’«»")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation a span caught at its edges ("Mogadishu (" → "Mogadishu"); keep "U.S."-style final dots."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and (text[end - 1] in _EDGE_PUNCT or (text[end - 1] == "." and "." not in text[start : end - 1])):
        end -= 1
    return start, end


def _chunk_windows(n_pieces: int, window: int, stride: int) -> list[tuple[int, int]]:
    """Piece ranges [a, b) covering ``n_pieces`` with windows of ``window`` that overlap by ``stride``."""
    if n_pieces <= window:
        return [(0, n_pieces)]
    step = window - stride
    out = []
    a = 0
    while True:
        b = min(a + window, n_pieces)
        out.append((a, b))
        if b == n_pieces:
            return out
        a += step


class RoleTagger:
    """Tags roles and entity types in texts. Build with :meth:`load`; thread-safe for reading."""

    def __init__(self, model: Any, tokenizer: Any, heads: Any, meta: dict[str, Any], device: str = "cpu") -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.heads = heads
        self.meta = meta
        self.device = device
        self.max_length = int(meta.get("max_length", 128))
        self.stride = int(meta.get("stride", 32))
        self.role_labels = tuple(meta["role_labels"])
        self.entity_labels = tuple(meta["entity_labels"])

    @classmethod
    def load(cls, path: str | Path | None = None, device: str = "cpu") -> RoleTagger:
        """Load the base encoder (offline, safetensors only) and the trained upper layers + heads from ``path``."""
        from eventx.models.encoder import load_encoder, load_tokenizer

        folder = Path(path) if path is not None else weights_dir() / "roles"
        meta_path, weights_path = folder / META_FILE, folder / WEIGHTS_FILE
        if not meta_path.is_file() or not weights_path.is_file():
            raise RoleWeightsError(
                f"no role weights in {folder} (expected {META_FILE} and {WEIGHTS_FILE}); "
                "train them with `eventx train configs/train/roles.yaml`"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        encoder_name = meta.get("encoder")
        tokenizer = load_tokenizer(encoder_name)
        if not getattr(tokenizer, "is_fast", False):
            raise RoleWeightsError("role tagging needs a fast tokenizer (offset mapping)")
        model = load_encoder(encoder_name)
        heads = RoleHeads.from_config(model.config, n_roles=len(meta["role_labels"]), n_ents=len(meta["entity_labels"]))
        from safetensors.torch import load_file

        state = {k: v.float() for k, v in load_file(str(weights_path)).items()}
        trained = [int(i) for i in meta["trained_layers"]]
        layer_state = {k: v for k, v in state.items() if k.startswith("layers.")}
        head_state = {k[len("heads.") :]: v for k, v in state.items() if k.startswith("heads.")}
        for j, i in enumerate(trained):
            prefix = f"layers.{j}."
            sub = {k[len(prefix) :]: v for k, v in layer_state.items() if k.startswith(prefix)}
            missing, unexpected = model.encoder.layer[i].load_state_dict(sub, strict=False)
            if missing or unexpected:
                raise RoleWeightsError(f"layer {i} does not fit the base encoder: missing {missing[:3]}")
        heads.load_state_dict(head_state, strict=True)
        model.to(device).eval()
        heads.to(device).eval()
        return cls(model, tokenizer, heads, meta, device)

    def tag(
        self, texts: list[str], batch_size: int = 32, *, lower: tuple[int, Sequence[Any]] | None = None
    ) -> list[list[RoleSpan]]:
        """Role and entity spans for each text (entity spans carry the roles PER, ORG, PLACE), in text order.

        ``lower``: ``(depth, states)`` computed by another model that shares this one's embeddings and first
        ``depth`` layers (the typer's :meth:`~eventx.models.typing.EventTyper.predict_with_states`); texts with a
        state run only layers ``depth..`` here. The caller vouches for the sharing
        (:func:`eventx.models.layers.shared_depth`)."""

        if isinstance(texts, str):
            raise TypeError("tag() takes a list of texts, not one string")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
        if bad:
            raise TypeError(f"tag() needs strings; items {bad[:5]} are not")
        if not texts:
            return []

        def probs(hidden: torch.Tensor) -> list[torch.Tensor]:
            r_logits, e_logits = self.heads(hidden)
            return [r_logits.float().softmax(-1), e_logits.float().softmax(-1)]

        enc, (role_prob, ent_prob) = self.piece_outputs(texts, probs, batch_size, lower=lower)
        out: list[list[RoleSpan]] = []
        for ti, text in enumerate(texts):
            if not enc["input_ids"][ti]:
                out.append([])
                continue
            offsets = enc["offset_mapping"][ti]
            spans: list[RoleSpan] = []
            for p_text, labels in ((role_prob[ti], self.role_labels), (ent_prob[ti], self.entity_labels)):
                best, idx = p_text.max(-1)
                spans += decode_bio([labels[i] for i in idx.tolist()], offsets, text, best.tolist())
            spans.sort(key=lambda sp: (sp.start, sp.end, sp.role))
            out.append(spans)
        return out

    def piece_outputs(
        self,
        texts: list[str],
        project: Any,
        batch_size: int = 32,
        *,
        lower: tuple[int, Sequence[Any]] | None = None,
    ) -> tuple[Any, list[list[torch.Tensor]]]:
        """Run the encoder over every text in overlapping windows and average ``project(hidden)`` per word piece.

        ``project`` maps the last hidden states ``[batch, width, hidden]`` to a list of tensors ``[batch, width, k]``
        (the role heads' probabilities, or the hidden states themselves for a head trained elsewhere). Returns the
        tokenizer output (offsets included) and, per projected output, one ``[n_pieces, k]`` tensor per text:
        nothing is cut, pieces read by two windows get the mean of both. ``lower`` as in :meth:`tag`.
        """
        enc = self.tokenizer(
            list(texts),
            add_special_tokens=False,
            return_offsets_mapping=True,
            verbose=False,  # long texts are chunked below, so the length warning does not apply
        )
        body = self.max_length - 2
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        # Every text becomes one or more chunks of at most max_length pieces (with [CLS]/[SEP]).
        chunks: list[tuple[int, int, int]] = []  # (text index, piece start, piece end)
        for ti, ids in enumerate(enc["input_ids"]):
            for a, b in _chunk_windows(len(ids), body, self.stride):
                chunks.append((ti, a, b))
        depth, states = lower if lower is not None else (0, [None] * len(texts))
        if len(states) != len(texts):
            raise ValueError(f"{len(states)} lower states for {len(texts)} texts")
        # A chunk takes the shared state when it is its whole text, read in one window as the other model read it.
        reuse = [
            states[ti] is not None and a == 0 and b == len(enc["input_ids"][ti]) and states[ti].shape[0] == b + 2
            for ti, a, b in chunks
        ]
        groups = [
            sorted((k for k in range(len(chunks)) if reuse[k] == flag), key=lambda k: chunks[k][2] - chunks[k][1])
            for flag in (False, True)
        ]
        batches = [
            (flag, g[s : s + batch_size])
            for flag, g in zip((False, True), groups, strict=True)
            for s in range(0, len(g), batch_size)
        ]
        sums: list[list[torch.Tensor]] | None = None
        seen = [torch.zeros(len(ids)) for ids in enc["input_ids"]]
        with torch.inference_mode():
            for from_state, keys in batches:
                batch = [chunks[k] for k in keys]
                width = max(b - a for _, a, b in batch) + 2
                mask = torch.zeros(len(batch), width, dtype=torch.long)
                if from_state:
                    first = states[batch[0][0]]
                    lower_h = torch.zeros(len(batch), width, first.shape[-1], dtype=first.dtype, device=first.device)
                    for r, (ti, a, b) in enumerate(batch):
                        lower_h[r, : b - a + 2] = states[ti]
                        mask[r, : b - a + 2] = 1
                    hidden = run_layers(self.model.encoder.layer[depth:], lower_h, mask.to(lower_h.device))
                else:
                    ids = torch.zeros(len(batch), width, dtype=torch.long)
                    for r, (ti, a, b) in enumerate(batch):
                        piece = [cls_id, *enc["input_ids"][ti][a:b], sep_id]
                        ids[r, : len(piece)] = torch.tensor(piece)
                        mask[r, : len(piece)] = 1
                    hidden = self.model(
                        input_ids=ids.to(self.device), attention_mask=mask.to(self.device)
                    ).last_hidden_state
                outs = [o.float().cpu() for o in project(hidden)]
                if sums is None:
                    sums = [[torch.zeros(len(x), o.shape[-1]) for x in enc["input_ids"]] for o in outs]
                for r, (ti, a, b) in enumerate(batch):
                    for k, o in enumerate(outs):
                        sums[k][ti][a:b] += o[r, 1 : 1 + b - a]
                    seen[ti][a:b] += 1
        if sums is None:  # no text had a piece: empty outputs of the right widths
            with torch.inference_mode():
                dims = [o.shape[-1] for o in project(torch.zeros(1, 1, self.model.config.hidden_size))]
            return enc, [[torch.zeros(0, k) for _ in texts] for k in dims]
        means = [[per_text[ti] / seen[ti].clamp(min=1).unsqueeze(-1) for ti in range(len(texts))] for per_text in sums]
        return enc, means
