"""A MUC-4 role-filler head: PerpInd, PerpOrg, Target, Victim and Weapon spans over the role tagger's features.

Why a head of its own: eventx's roles are ACLED's (actor1, actor2: people and groups). MUC-4 asks for different
things (the physical target of a bombing, the weapon, the perpetrator as individuals *and* as organisation), and its
role fillers are only those of relevant incidents, so the ACLED roles map onto them badly. GRIT and the other
published MUC-4 systems train on the MUC-4 training documents; this head does the same, cheaply: the shipped role
tagger (base encoder + its fine-tuned layers) is run once over the training sentences, and one linear layer is fitted
over its last hidden states. It is never shipped in the package: the MUC-4 texts are LDC-derived and for research
use, so ``eventx train configs/train/muc4_head.yaml`` writes it to a folder of the user's choosing, and ``eventx
bench muc4 --muc4-head DIR`` scores it.

Labels are distant: GRIT gives each filler as strings, so every case-insensitive whole-word occurrence of a gold
mention in a training sentence is labelled with its role.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
import yaml
from pydantic import BaseModel, ConfigDict, Field

from eventx.datasets.muc4 import MUC_ROLES, unwrap_lines
from eventx.models.roles import RoleSpan, RoleTagger, decode_bio

LABELS: tuple[str, ...] = ("O", *[f"{t}-{r}" for r in MUC_ROLES for t in ("B", "I")])
WEIGHTS_FILE = "muc4_head.safetensors"
META_FILE = "muc4_head.json"
_SENT = re.compile(r"(?<=[.!?])\s+(?=\S)")


class Muc4HeadConfig(BaseModel):
    """``configs/train/muc4_head.yaml``."""

    model_config = ConfigDict(extra="forbid")
    task: str = "muc4_head"
    seed: int = 13
    data: str | None = Field(default=None, description="GRIT-format MUC-4 folder (default: the shared data's).")
    output_dir: str = Field(description="Where the head is written (outside the package: research-use data).")
    roles_weights: str | None = Field(default=None, description="Role tagger folder; None = the shipped one.")
    negatives_per_positive: float = Field(default=1.0, ge=0, description="Sentences without a filler, per one with.")
    epochs: int = Field(default=30, ge=1)
    lr: float = 5e-3
    weight_decay: float = 1e-4
    batch_pieces: int = Field(default=4096, ge=64)
    threads: int | None = 2

    @classmethod
    def load(cls, path: str | Path) -> Muc4HeadConfig:
        return cls.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence character ranges of an unwrapped document."""
    out, start = [], 0
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _SENT.finditer(para.group()):
            out.append((start, para.start() + m.start()))
            start = para.start() + m.end()
        out.append((start, para.end()))
    return [(a, b) for a, b in out if text[a:b].strip()]


def silver_spans(sentence: str, mentions: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """Every whole-word, case-insensitive occurrence of each role's mentions; longer mentions win overlaps."""
    found: list[tuple[int, int, str]] = []
    pairs = sorted(((m, r) for r, ms in mentions.items() for m in ms), key=lambda x: -len(x[0]))
    taken = [False] * len(sentence)
    for mention, role in pairs:
        pat = re.compile(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", re.IGNORECASE)
        for m in pat.finditer(sentence):
            if any(taken[m.start() : m.end()]):
                continue
            found.append((m.start(), m.end(), role))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(found)


def piece_labels(offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, str]]) -> list[int]:
    """BIO label index per word piece from character spans (a piece belongs to a span it starts inside)."""
    out = []
    for s, e in offsets:
        lab = "O"
        if e > s:
            for a, b, role in spans:
                if a <= s < b:
                    lab = ("B-" if s == a else "I-") + role
                    break
        out.append(LABELS.index(lab))
    return out


class Muc4Head:
    """The role tagger's encoder plus a linear MUC-4 head."""

    def __init__(self, tagger: RoleTagger, linear: torch.nn.Linear, meta: dict[str, Any]) -> None:
        self.tagger = tagger
        self.linear = linear
        self.meta = meta

    @classmethod
    def load(cls, folder: str | Path, tagger: RoleTagger | None = None) -> Muc4Head:
        from safetensors.torch import load_file

        folder = Path(folder)
        if not (folder / WEIGHTS_FILE).is_file() or not (folder / META_FILE).is_file():
            raise FileNotFoundError(
                f"no MUC-4 head in {folder}: train one with `eventx train configs/train/muc4_head.yaml`"
            )
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        tagger = tagger or RoleTagger.load(meta.get("roles_weights"))
        linear = torch.nn.Linear(tagger.model.config.hidden_size, len(LABELS))
        linear.load_state_dict({k: v.float() for k, v in load_file(str(folder / WEIGHTS_FILE)).items()})
        return cls(tagger, linear.eval(), meta)

    def tag(self, texts: list[str], batch_size: int = 32) -> list[list[RoleSpan]]:
        """MUC-4 role spans per text (``RoleSpan.role`` is PerpInd, PerpOrg, Target, Victim or Weapon)."""
        if not texts:
            return []
        enc, (probs,) = self.tagger.piece_outputs(
            texts, lambda h: [self.linear(h.float()).softmax(-1)], batch_size=batch_size
        )
        out = []
        for ti, text in enumerate(texts):
            if not enc["input_ids"][ti]:
                out.append([])
                continue
            best, idx = probs[ti].max(-1)
            out.append(decode_bio([LABELS[i] for i in idx.tolist()], enc["offset_mapping"][ti], text, best.tolist()))
        return out


def build_examples(cfg: Muc4HeadConfig) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Training sentences with their silver spans: every sentence holding a filler, and a sample of the rest."""
    from eventx.datasets.muc4 import ROLES, load_muc4

    rng = random.Random(cfg.seed)
    pos: list[tuple[str, list[tuple[int, int, str]]]] = []
    neg: list[tuple[str, list[tuple[int, int, str]]]] = []
    for doc in load_muc4(cfg.data, split="train"):
        text = unwrap_lines(doc.text)
        mentions = {name: [m for ent in doc.entities(key) for m in ent] for key, name in ROLES.items()}
        for a, b in sentences(text):
            sent = text[a:b]
            spans = silver_spans(sent, mentions)
            (pos if spans else neg).append((sent, spans))
    k = min(len(neg), int(len(pos) * cfg.negatives_per_positive))
    return pos + rng.sample(neg, k)


def train_from_config(config_path: str | Path) -> dict[str, Any]:
    """Fit the head on the MUC-4 training split (never the dev split) and write it to ``output_dir``."""
    from safetensors.torch import save_file

    cfg = Muc4HeadConfig.load(config_path)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    t0 = time.monotonic()
    examples = build_examples(cfg)
    tagger = RoleTagger.load(cfg.roles_weights)
    texts = [t for t, _ in examples]
    enc, (hidden,) = tagger.piece_outputs(texts, lambda h: [h], batch_size=32)
    feats, labels = [], []
    for ti, (_, spans) in enumerate(examples):
        if not enc["input_ids"][ti]:
            continue
        feats.append(hidden[ti])
        labels.append(torch.tensor(piece_labels(enc["offset_mapping"][ti], spans)))
    x, y = torch.cat(feats), torch.cat(labels)
    encode_s = time.monotonic() - t0
    linear = torch.nn.Linear(x.shape[1], len(LABELS))
    opt = torch.optim.AdamW(linear.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    gen = torch.Generator().manual_seed(cfg.seed)
    losses = []
    for _ in range(cfg.epochs):
        perm = torch.randperm(len(y), generator=gen)
        total = 0.0
        for s in range(0, len(y), cfg.batch_pieces):
            idx = perm[s : s + cfg.batch_pieces]
            loss = torch.nn.functional.cross_entropy(linear(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
        losses.append(round(total / len(y), 4))
    out = Path(cfg.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in linear.state_dict().items()}, str(out / WEIGHTS_FILE))
    counts = {lab: int((y == i).sum()) for i, lab in enumerate(LABELS)}
    meta = {
        "task": "muc4_head",
        "labels": list(LABELS),
        "roles_weights": cfg.roles_weights,
        "seed": cfg.seed,
        "config": cfg.model_dump(),
        "train": {"sentences": len(examples), "pieces": len(y), "label_counts": counts},
        "epoch_loss": losses,
        "timing_s": {"encode": round(encode_s, 1), "total": round(time.monotonic() - t0, 1)},
        "data_terms": "trained on the MUC-4 training documents (GRIT format; LDC-derived, research use): do not ship",
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta
