"""A MUC-4 role tagger: PerpInd, PerpOrg, Target, Victim and Weapon spans over the role tagger's features.

Why a model of its own: eventx's roles are ACLED's (actor1, actor2: people and groups). MUC-4 asks for different
things (the physical target of a bombing, the weapon, the perpetrator as individuals *and* as organisation), and its
role fillers are only those of relevant incidents, so the ACLED roles map onto them badly. GRIT and the other
published MUC-4 systems train on the MUC-4 training documents; so does this model (``eventx.models.muc4_train``):
either one linear layer over the shipped role tagger's last hidden states (``configs/train/muc4_head.yaml``), or
the tagger's upper layers fine-tuned with it (``configs/train/muc4_tagger.yaml``). Neither is ever shipped in the
package: the MUC-4 texts are LDC-derived and for research use, so ``eventx train CONFIG`` writes the model to a folder
of the user's choosing, and ``eventx bench muc4 --muc4-head DIR`` scores it. This module reads such a folder and
tags texts with it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from eventx.datasets.muc4 import MUC_ROLES
from eventx.models.roles import RoleSpan, RoleTagger, decode_bio

LABELS: tuple[str, ...] = ("O", *[f"{t}-{r}" for r in MUC_ROLES for t in ("B", "I")])
WEIGHTS_FILE = "muc4_head.safetensors"
META_FILE = "muc4_head.json"


class Muc4Head:
    """The role tagger's encoder plus a linear MUC-4 head."""

    def __init__(self, tagger: RoleTagger, linear: torch.nn.Linear, meta: dict[str, Any]) -> None:
        self.tagger = tagger
        self.linear = linear
        self.meta = meta

    @classmethod
    def load(cls, folder: str | Path, tagger: RoleTagger | None = None) -> Muc4Head:
        """The head in ``folder``; with fine-tuned layers it reads through a copy of ``tagger``'s encoder that has
        them, so the tagger passed in is left as it was."""
        from safetensors.torch import load_file

        folder = Path(folder)
        if not (folder / WEIGHTS_FILE).is_file() or not (folder / META_FILE).is_file():
            raise FileNotFoundError(
                f"no MUC-4 head in {folder}: train one with `eventx train configs/train/muc4_head.yaml`"
            )
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        tagger = tagger or RoleTagger.load(meta.get("roles_weights"))
        state = {k: v.float() for k, v in load_file(str(folder / WEIGHTS_FILE)).items()}
        trained = [int(i) for i in meta.get("trained_layers", [])]
        if trained:
            tagger = _with_layers(tagger, trained, {k: v for k, v in state.items() if k.startswith("layers.")})
        if meta.get("max_length") or meta.get("stride") is not None:
            # the windows the head was trained on: the role tagger's model read with another length and overlap
            window = {
                "max_length": meta.get("max_length") or tagger.max_length,
                "stride": tagger.stride if meta.get("stride") is None else meta["stride"],
            }
            tagger = RoleTagger(tagger.model, tagger.tokenizer, tagger.heads, {**tagger.meta, **window}, tagger.device)
        linear = torch.nn.Linear(tagger.model.config.hidden_size, len(LABELS))
        linear.load_state_dict({k.removeprefix("linear."): v for k, v in state.items() if not k.startswith("layers.")})
        return cls(tagger, linear.eval(), meta)

    def tag(self, texts: list[str], batch_size: int = 32, *, threshold: float | None = None) -> list[list[RoleSpan]]:
        """MUC-4 role spans per text (``RoleSpan.role`` is PerpInd, PerpOrg, Target, Victim or Weapon).

        ``threshold`` (default: the folder's ``decode_threshold``, else per-piece argmax): decode by words, see
        :func:`decode_words`."""
        if not texts:
            return []
        if threshold is None:
            threshold = self.meta.get("decode_threshold")
        enc, (probs,) = self.tagger.piece_outputs(
            texts, lambda h: [self.linear(h.float()).softmax(-1)], batch_size=batch_size
        )
        out = []
        for ti, text in enumerate(texts):
            if not enc["input_ids"][ti]:
                out.append([])
                continue
            if threshold is not None:
                out.append(decode_words(probs[ti], enc["offset_mapping"][ti], text, float(threshold)))
                continue
            best, idx = probs[ti].max(-1)
            out.append(decode_bio([LABELS[i] for i in idx.tolist()], enc["offset_mapping"][ti], text, best.tolist()))
        return out


def decode_words(
    probs: torch.Tensor, offsets: Sequence[tuple[int, int]], text: str, threshold: float
) -> list[RoleSpan]:
    """Spans from per-piece label probabilities, decided per word rather than per piece.

    Per-piece argmax cuts a name the model is unsure of into fragments ("arm ##ans ##io" -> "ans"), each then a
    wrong entity of its own. Here a word's probabilities are the mean over its pieces, B- and I- of a role are
    pooled, and the word belongs to a span of its best role when 1 - P(O) >= ``threshold``; neighbouring words of
    one role form one span unless the later word is more likely to begin a span (B-) than to continue one (I-)."""
    words: list[tuple[int, int, torch.Tensor]] = []  # (start, end, mean probabilities)
    cur: list[int] = []
    prev_end = -1
    for k, (s, e) in enumerate(offsets):
        if e <= s:
            continue
        glued = s == prev_end and s > 0 and text[s - 1].isalnum() and text[s : s + 1].isalnum()
        if cur and not glued:
            words.append((offsets[cur[0]][0], offsets[cur[-1]][1], probs[cur].mean(0)))
            cur = []
        cur.append(k)
        prev_end = e
    if cur:
        words.append((offsets[cur[0]][0], offsets[cur[-1]][1], probs[cur].mean(0)))
    n_roles = (len(LABELS) - 1) // 2
    spans: list[RoleSpan] = []
    open_role: str | None = None
    start = end = 0
    scores: list[float] = []

    def close() -> None:
        if open_role is not None:
            a, b = start, end
            while b > a and not text[b - 1].isalnum():
                b -= 1
            while a < b and not text[a].isalnum():
                a += 1
            if b > a:
                spans.append(RoleSpan(open_role, a, b, text[a:b], round(sum(scores) / len(scores), 4)))

    for s, e, p in words:
        mass = p[1:].reshape(n_roles, 2)  # rows: roles; columns: B-, I-
        pooled = mass.sum(-1)
        r = int(pooled.argmax())
        role = LABELS[1 + 2 * r][2:]
        inside = 1.0 - float(p[0]) >= threshold and text[s:e].strip(".,;:()\"'") != ""
        if not inside:
            close()
            open_role = None
            continue
        begins = float(mass[r, 0]) > float(mass[r, 1])
        if open_role == role and not begins:
            end = e
            scores.append(float(pooled[r]))
            continue
        close()
        open_role, start, end, scores = role, s, e, [float(pooled[r])]
    close()
    return spans


def _with_layers(tagger: RoleTagger, trained: Sequence[int], state: dict[str, torch.Tensor]) -> RoleTagger:
    """A copy of ``tagger`` whose encoder layers ``trained`` take the weights ``layers.<j>.*`` of ``state``."""
    model = copy.deepcopy(tagger.model)
    for j, i in enumerate(trained):
        prefix = f"layers.{j}."
        model.encoder.layer[i].load_state_dict(
            {k[len(prefix) :]: v for k, v in state.items() if k.startswith(prefix)}, strict=True
        )
    return RoleTagger(model.eval(), tagger.tokenizer, tagger.heads, tagger.meta, tagger.device)
