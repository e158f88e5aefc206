"""Event typing at inference: text -> one of the 25 ACLED sub-event types or "no event", with calibrated probabilities.

The model is the packaged MiniLM base encoder with its upper layers replaced by the shipped, fine-tuned ones
(``eventx/weights/typing/typing_head.safetensors``) and a linear head over mean-pooled tokens. Only those layers ship
(fp16, a few MB); the base loads from its installed package, offline, from safetensors, never with remote code.

Speed and honesty:

* texts are tokenised once, split into chunks of at most ``max_length`` tokens with ``overlap`` tokens shared
  between neighbours, and all chunks of a call are batched together sorted by length (dynamic padding), under
  ``torch.inference_mode``;
* a long text is never silently truncated: every chunk is read, chunk probabilities are pooled (max over chunks for
  each event type, min for "no event" — a passage reports an event if any part of it does), and each prediction
  says how many tokens were read (``n_tokens``) and whether any were left out (``truncated``, only when the caller
  sets ``max_chunks``).

When the weights folder also holds the lexical expert (:mod:`eventx.models.lexical`, TF-IDF n-grams + logistic
regression), each text's pooled distribution over the event types is multiplied with the expert's, ``neural^(1-w) *
lexical^w``, with the stored ``w`` and the product's own temperature (``lexical_weight=0`` turns it off); P(no event)
stays the encoder's, so the expert helps choose the type, not whether there is an event. The expert reads the whole
text. The prior correction, when on, applies to the final distribution.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventx.models.lexical import LexicalTyper, combine, file_sha256
from eventx.models.typing_train import META_FILE, WEIGHTS_FILE, default_output_dir


class TypingModelError(RuntimeError):
    """The typing weights are missing or do not fit the base encoder."""


@dataclass(frozen=True)
class TypePrediction:
    """The typer's answer for one text.

    ``sub_event_type`` is None when the most probable class is "no event". ``prob`` is the calibrated probability
    of the chosen label (of "no event" when ``sub_event_type`` is None); ``probs`` holds every sub-event type's.
    """

    sub_event_type: str | None
    event_type: str | None
    prob: float
    probs: dict[str, float] = field(repr=False)
    no_event_prob: float
    n_tokens: int
    truncated: bool
    #: True when the lexical gate answered alone (``predict(gate=...)``): the encoder did not read the text and the
    #: probabilities are the lexical expert's
    gated: bool = False


@dataclass(frozen=True)
class _Chunk:
    text_index: int
    ids: list[int]


class EventTyper:
    """Loaded typing model. Build with :meth:`load`; thread-compatible for reading (no state changes on predict)."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        head: Any,
        meta: dict[str, Any],
        device: str = "cpu",
        prior_strength: float = 0.0,
        lexical: LexicalTyper | None = None,
        lexical_weight: float | None = None,
    ) -> None:
        from eventx.ontology import load_ontology

        self.model = model
        self.tokenizer = tokenizer
        self.head = head
        self.meta = meta
        self.device = device
        self.labels: list[str] = list(meta["labels"])
        self.no_event_label: str = meta.get("no_event_label", "No event")
        self.temperature: float = float(meta.get("temperature", 1.0))
        self.max_length: int = int(meta.get("max_length", 128))
        onto = load_ontology()
        unknown = [x for x in self.labels if x != self.no_event_label and onto.canonical_sub_event_type(x) != x]
        if unknown:
            raise TypingModelError(f"typing labels not in the ontology: {unknown}")
        self._event_type = {x: onto.event_type_of(x) for x in self.labels if x != self.no_event_label}
        self._no_event_index = self.labels.index(self.no_event_label)
        self.prior_strength = float(prior_strength)
        if not 0.0 <= self.prior_strength <= 2.0:
            raise ValueError("prior_strength must be in [0, 2]")
        # Logit adjustment for label shift: the head was trained on class-balanced examples; adding
        # log(natural share / training share) scores for the natural mix of event types (see the model card).
        adj = meta.get("prior_adjustment") or {}
        missing = [x for x in self.labels if x not in adj]
        if adj and missing:
            raise TypingModelError(f"prior_adjustment lacks labels: {missing[:3]}")
        self._prior_offsets = np.array([float(adj.get(x, 0.0)) * self.prior_strength for x in self.labels])
        self.prior_applied = bool(adj) and self.prior_strength > 0
        if lexical is not None and lexical.labels != self.labels:
            raise TypingModelError("the lexical expert's labels differ from the typing head's")
        if lexical_weight is not None:
            weight = float(lexical_weight)
        else:
            weight = float(lexical.meta.get("weight", 0.5)) if lexical is not None else 0.0
        if not 0.0 <= weight <= 1.0:
            raise ValueError("lexical_weight must be in [0, 1]")
        #: the lexical expert in use (None when absent or weighted 0) and its exponent in the product
        self.lexical = lexical if weight > 0 else None
        #: the expert that answers for the gate (``predict(gate=...)``): present whenever it was loaded, also where
        #: its stored weight in the product is 0 (the gate is a speed device, chosen on its own; see the model card)
        self.gate_expert = lexical if lexical_weight != 0 else None
        self.lexical_weight = weight if self.lexical is not None else 0.0
        self._product_temperature = (
            float(self.lexical.meta.get("temperature", 1.0))
            if self.lexical is not None and lexical_weight is None
            else 1.0
        )

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        device: str = "cpu",
        prior_strength: float = 0.0,
        lexical_weight: float | None = None,
    ) -> EventTyper:
        """Load shipped (default) or user-trained weights from ``path`` (a folder holding the two files, and the
        lexical expert's three when it was trained).

        ``prior_strength`` scales the prior correction stored with the weights: 0 (default) scores as trained, for a
        balanced mix (every type equally likely before the text is read); 1 for ACLED's natural mix of event types.
        ``lexical_weight``: None = the lexical expert as shipped (its stored weight and temperature), 0 = neural
        typer alone, another value in (0, 1] = that weight with no product temperature."""
        import torch
        from safetensors.torch import load_file

        from eventx.models.encoder import DEFAULT_ENCODER, load_encoder, load_tokenizer

        folder = Path(path) if path is not None else default_output_dir()
        wpath, mpath = folder / WEIGHTS_FILE, folder / META_FILE
        if not wpath.is_file() or not mpath.is_file():
            raise TypingModelError(
                f"no typing model in {folder}: expected {WEIGHTS_FILE} and {META_FILE} "
                "(train one with `eventx train configs/train/typing.yaml`)"
            )
        meta = json.loads(mpath.read_text(encoding="utf-8"))
        encoder_name = meta.get("encoder")
        name = None if encoder_name in (None, DEFAULT_ENCODER) else encoder_name
        model = load_encoder(name)
        tokenizer = load_tokenizer(name)
        state = load_file(str(wpath))
        head = torch.nn.Linear(model.config.hidden_size, len(meta["labels"]))
        head_state = {k.removeprefix("classifier."): v.float() for k, v in state.items() if k.startswith("classifier.")}
        enc_state = {k: v.float() for k, v in state.items() if not k.startswith("classifier.")}
        try:
            head.load_state_dict(head_state)
        except RuntimeError as exc:
            raise TypingModelError(f"{wpath}: head does not fit: {exc}") from exc
        own = model.state_dict()
        bad = [k for k, v in enc_state.items() if k not in own or own[k].shape != v.shape]
        if bad:
            raise TypingModelError(f"{wpath}: {len(bad)} tensors do not fit the base encoder, e.g. {bad[:3]}")
        model.load_state_dict(enc_state, strict=False)
        model.to(device).eval()
        head.to(device).eval()
        lexical = None
        if lexical_weight != 0 and LexicalTyper.exists(folder):
            lexical = LexicalTyper.load(folder)
            made_for = lexical.meta.get("neural_sha256")
            if made_for and made_for != file_sha256(wpath):
                # The weight and temperature were chosen for other neural weights (the typer was retrained since).
                warnings.warn(
                    f"{folder}: the lexical expert was fitted beside other typing weights; it is not used. "
                    "Refit it with `eventx train configs/train/typing_lexical.yaml`.",
                    stacklevel=2,
                )
                lexical = None
        elif lexical_weight not in (None, 0):
            raise TypingModelError(f"lexical_weight {lexical_weight} asked for, but {folder} holds no lexical expert")
        return cls(
            model,
            tokenizer,
            head,
            meta,
            device,
            prior_strength=prior_strength,
            lexical=lexical,
            lexical_weight=lexical_weight,
        )

    # ------------------------------------------------------------------ inference

    def _chunks(self, ids: list[int], overlap: int) -> list[list[int]]:
        room = self.max_length - 2
        if len(ids) <= room:
            return [ids]
        step = max(1, room - overlap)
        out = []
        for start in range(0, len(ids), step):
            out.append(ids[start : start + room])
            if start + room >= len(ids):
                break
        return out

    def predict(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        *,
        overlap: int | None = None,
        max_chunks: int | None = None,
        gate: float | None = None,
    ) -> list[TypePrediction]:
        """Type each text; ``overlap`` tokens are shared by neighbouring chunks (default: 32, or a quarter of a
        chunk for short ``max_length``). Empty or whitespace-only texts get "no event" with probability 1 and
        ``n_tokens`` 0. ``max_chunks`` caps the chunks read per text; a capped text reports ``truncated``.

        ``gate``: texts the lexical expert calls "no event" with at least this probability skip the encoder and get
        the expert's own distribution (``gated``). The expert costs ~1 % of the encoder, and news has many sentences
        that plainly report nothing; benchmarks/results/gate.md measures what a gate skips and what it loses."""
        return self._predict(texts, batch_size, overlap, max_chunks, gate, None)[0]

    def predict_with_states(
        self,
        texts: Sequence[str],
        depth: int,
        batch_size: int = 32,
        *,
        gate: float | None = None,
    ) -> tuple[list[TypePrediction], list[Any]]:
        """:meth:`predict`, plus each text's hidden states entering encoder layer ``depth`` (``[n_pieces + 2,
        hidden]``, [CLS] and [SEP] included) for a model that shares the lower ``depth`` layers
        (:func:`eventx.models.layers.shared_depth`): the role tagger then runs only its own layers. None for a text
        the encoder did not read whole in one piece (gated, empty, or longer than one chunk)."""
        return self._predict(texts, batch_size, None, None, gate, depth)

    def _predict(
        self,
        texts: Sequence[str],
        batch_size: int,
        overlap: int | None,
        max_chunks: int | None,
        gate: float | None,
        depth: int | None,
    ) -> tuple[list[TypePrediction], list[Any]]:
        import torch

        if isinstance(texts, str):
            raise TypeError("predict takes a list of texts, not one string")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        if overlap is None:
            overlap = min(32, (self.max_length - 2) // 4)
        if not 0 <= overlap < self.max_length - 2:
            raise ValueError(f"overlap must be in [0, {self.max_length - 3}]")
        bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
        if bad:
            raise TypeError(f"texts[{bad[0]}] is {type(texts[bad[0]]).__name__}, not str")
        if not texts:
            return [], []
        if depth is not None and not 0 <= depth <= len(self.model.encoder.layer):
            raise ValueError(f"depth must be in [0, {len(self.model.encoder.layer)}]")
        if gate is not None and not 0.5 <= gate <= 1.0:
            raise ValueError("gate must be in [0.5, 1]")
        tok = self.tokenizer(list(texts), add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
        gated: dict[int, np.ndarray] = {}
        lex_all: np.ndarray | None = None
        if gate is not None and self.gate_expert is not None:
            gate_probs = self.gate_expert.predict_proba(list(texts))
            hits = np.flatnonzero(gate_probs[:, self._no_event_index] >= gate).tolist()
            gated = {i: gate_probs[i] for i in hits if tok[i]}
            if self.lexical is not None:
                lex_all = gate_probs
        chunks: list[_Chunk] = []
        read = [0] * len(texts)
        truncated = [False] * len(texts)
        for i, ids in enumerate(tok):
            if i in gated:
                read[i] = len(ids)
                continue
            pieces = self._chunks(ids, overlap) if ids else []
            if max_chunks is not None and len(pieces) > max_chunks:
                pieces, truncated[i] = pieces[:max_chunks], True
            read[i] = _covered(pieces, overlap) if truncated[i] else len(ids)
            chunks.extend(_Chunk(i, p) for p in pieces)
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        pad_id = self.tokenizer.pad_token_id or 0
        order = sorted(range(len(chunks)), key=lambda k: len(chunks[k].ids))
        chunk_probs: list[Any] = [None] * len(chunks)
        states: list[Any] = [None] * len(texts)
        n_chunks = [0] * len(texts)
        for c in chunks:
            n_chunks[c.text_index] += 1
        with torch.inference_mode():
            for s in range(0, len(order), batch_size):
                idx = order[s : s + batch_size]
                width = max(len(chunks[k].ids) for k in idx) + 2
                input_ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for r, k in enumerate(idx):
                    row = [cls_id, *chunks[k].ids, sep_id]
                    input_ids[r, : len(row)] = torch.tensor(row)
                    mask[r, : len(row)] = 1
                input_ids, mask = input_ids.to(self.device), mask.to(self.device)
                out = self.model(input_ids=input_ids, attention_mask=mask, output_hidden_states=depth is not None)
                hidden = out.last_hidden_state
                if depth is not None:
                    lower = out.hidden_states[depth]
                    for r, k in enumerate(idx):
                        c = chunks[k]
                        if n_chunks[c.text_index] == 1:
                            states[c.text_index] = lower[r, : len(c.ids) + 2].clone()
                m = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
                logits = self.head(pooled).float().cpu() / self.temperature
                probs = torch.softmax(logits, dim=-1).numpy().astype(np.float64)
                for r, k in enumerate(idx):
                    chunk_probs[k] = probs[r]
        per_text: list[list[Any]] = [[] for _ in texts]
        for k, c in enumerate(chunks):
            per_text[c.text_index].append(chunk_probs[k])
        live = [i for i in range(len(texts)) if per_text[i]]
        final: list[np.ndarray | None] = [None] * len(texts)
        if live:
            pooled_all = np.stack([self._pool(per_text[i]) for i in live])
            if self.lexical is not None:
                lex = lex_all[live] if lex_all is not None else self.lexical.predict_proba([texts[i] for i in live])
                pooled_all = combine(
                    pooled_all, lex, self.lexical_weight, self._product_temperature, keep=self._no_event_index
                )
            pooled_all = self._apply_prior(pooled_all)
            for r, i in enumerate(live):
                final[i] = pooled_all[r]
        if gated:
            keys = sorted(gated)
            lex_prior = self._apply_prior(np.stack([gated[i] for i in keys]))
            for r, i in enumerate(keys):
                final[i] = lex_prior[r]
        preds = [self._decide(final[i], read[i], truncated[i], gated=i in gated) for i in range(len(texts))]
        return preds, states

    def _pool(self, probs: list[np.ndarray]) -> np.ndarray:
        """One distribution per text: max over chunks for each event type, min for "no event", renormalised."""
        if len(probs) == 1:
            return probs[0]
        stacked = np.stack(probs)
        p = stacked.max(0)
        p[self._no_event_index] = stacked[:, self._no_event_index].min()
        return p / p.sum()

    def _apply_prior(self, probs: np.ndarray) -> np.ndarray:
        """Re-weight the event types by the prior and leave P(no event) as the model gave it: the prior says which
        kind of event is likely, not how many sentences of news report one."""
        if not self.prior_applied:
            return probs
        ne = self._no_event_index
        p_ne = probs[:, ne : ne + 1].copy()
        weighted = probs * np.exp(self._prior_offsets)
        weighted[:, ne] = 0.0
        weighted = weighted / np.maximum(weighted.sum(-1, keepdims=True), 1e-12) * (1.0 - p_ne)
        weighted[:, ne] = p_ne[:, 0]
        return weighted

    def _decide(self, p: np.ndarray | None, n_tokens: int, truncated: bool, gated: bool = False) -> TypePrediction:
        if p is None:
            return TypePrediction(None, None, 1.0, {x: 0.0 for x in self._event_type}, 1.0, 0, False)
        values = [float(v) for v in p]
        best = max(range(len(values)), key=values.__getitem__)
        label = self.labels[best]
        no_event = values[self._no_event_index]
        sub_probs = {x: values[j] for j, x in enumerate(self.labels) if j != self._no_event_index}
        if label == self.no_event_label:
            return TypePrediction(None, None, no_event, sub_probs, no_event, n_tokens, truncated, gated)
        return TypePrediction(
            label, self._event_type[label], values[best], sub_probs, no_event, n_tokens, truncated, gated
        )


def _covered(pieces: list[list[int]], overlap: int) -> int:
    """Distinct tokens covered by the kept chunks (the first chunk whole, then each one's new part)."""
    if not pieces:
        return 0
    return len(pieces[0]) + sum(max(0, len(p) - overlap) for p in pieces[1:])
