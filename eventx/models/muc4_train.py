"""Training of the MUC-4 role tagger (:mod:`eventx.models.muc4_head`) on the MUC-4 *training* documents.

Two recipes, chosen by ``trained_layers``. With 0, the shipped role tagger is run once over the training sentences
and one linear layer is fitted over its last hidden states (``configs/train/muc4_head.yaml``, a minute on 2 cores).
A linear layer over features learnt for ACLED's roles is weak (0.147 micro F1 on the dev documents), so with
``trained_layers`` > 0 the tagger's upper layers are fine-tuned with the head (``configs/train/muc4_tagger.yaml``):
then the examples are the windows of whole documents that inference reads (the same length and overlap), so the
model sees the document around a filler and learns which incidents MUC-4 fills roles for. ``holdout_percent`` sets
training documents aside to choose settings on (``tools/muc4_holdout.py``), so that the dev split stays a report.

Labels are distant: GRIT gives each filler as strings, so every case-insensitive whole-word occurrence of a gold
mention in a training text is labelled with its role.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import math
import random
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
import yaml
from pydantic import BaseModel, ConfigDict, Field

from eventx.datasets.muc4 import unwrap_lines
from eventx.models.muc4_head import LABELS, META_FILE, WEIGHTS_FILE
from eventx.models.roles import RoleTagger

log = logging.getLogger(__name__)

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
    trained_layers: int = Field(
        default=0,
        ge=0,
        description="Upper encoder layers of the role tagger fine-tuned with the head; 0 = a linear head only.",
    )
    lr_layers: float = Field(default=1e-4, description="Learning rate of the fine-tuned layers (trained_layers > 0).")
    batch_size: int = Field(default=16, ge=1, description="Windows per step when fine-tuning.")
    warmup: float = Field(default=0.06, ge=0, lt=1)
    decode_threshold: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description="Decode by words with this 1 - P(O) threshold (decode_words); None = per-piece argmax.",
    )
    entity_min_score: float = Field(
        default=0.0, ge=0, lt=1, description="An entity is reported when its best mention scores at least this."
    )
    max_length: int | None = Field(
        default=None, ge=16, le=512, description="Window length in word pieces; None = the role tagger's (128)."
    )
    stride: int | None = Field(default=None, ge=0, description="Window overlap; None = the role tagger's (32).")
    gate: bool = Field(
        default=True,
        description="Tag only documents in which eventx found a battle, explosion or violence against civilians; "
        "False: every document, the head deciding what is relevant.",
    )
    holdout_percent: int = Field(
        default=0,
        ge=0,
        lt=100,
        description="Training documents set aside (by a hash of their id) to choose settings on; 0 = train on all.",
    )

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


def held_out(doc_id: str, percent: int) -> bool:
    """Whether a training document is in the ``holdout_percent`` set aside for choosing settings (stable hash)."""
    return percent > 0 and int(hashlib.sha1(f"muc4-holdout:{doc_id}".encode()).hexdigest(), 16) % 100 < percent


def build_examples(cfg: Muc4HeadConfig) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Training sentences with their silver spans: every sentence holding a filler, and a sample of the rest."""
    from eventx.datasets.muc4 import ROLES, load_muc4

    rng = random.Random(cfg.seed)
    pos: list[tuple[str, list[tuple[int, int, str]]]] = []
    neg: list[tuple[str, list[tuple[int, int, str]]]] = []
    for doc in load_muc4(cfg.data, split="train"):
        if held_out(doc.id, cfg.holdout_percent):
            continue
        text = unwrap_lines(doc.text)
        mentions = {name: [m for ent in doc.entities(key) for m in ent] for key, name in ROLES.items()}
        for a, b in sentences(text):
            sent = text[a:b]
            spans = silver_spans(sent, mentions)
            (pos if spans else neg).append((sent, spans))
    k = min(len(neg), int(len(pos) * cfg.negatives_per_positive))
    return pos + rng.sample(neg, k)


def build_windows(
    cfg: Muc4HeadConfig, tokenizer: Any, max_length: int, stride: int
) -> list[tuple[list[int], list[int]]]:
    """Training windows of whole documents, cut as :meth:`RoleTagger.piece_outputs` cuts them at inference: word
    piece ids with [CLS]/[SEP], and a label index per piece (-100 on the special tokens). Every window holding a
    filler, and a sample of the rest (``negatives_per_positive``), many from documents MUC-4 fills no template for."""
    from eventx.datasets.muc4 import ROLES, load_muc4
    from eventx.models.roles import _chunk_windows

    rng = random.Random(cfg.seed)
    cls_id, sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id
    pos: list[tuple[list[int], list[int]]] = []
    neg: list[tuple[list[int], list[int]]] = []
    for doc in load_muc4(cfg.data, split="train"):
        if held_out(doc.id, cfg.holdout_percent):
            continue
        text = unwrap_lines(doc.text)
        mentions = {name: [m for ent in doc.entities(key) for m in ent] for key, name in ROLES.items()}
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        ids, offsets = enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]]
        if not ids:
            continue
        labels = piece_labels(offsets, silver_spans(text, mentions))
        for a, b in _chunk_windows(len(ids), max_length - 2, stride):
            item = ([cls_id, *ids[a:b], sep_id], [-100, *labels[a:b], -100])
            (pos if any(labels[a:b]) else neg).append(item)
    k = min(len(neg), int(len(pos) * cfg.negatives_per_positive))
    return pos + rng.sample(neg, k)


class _Window:
    """One training window, shaped as :func:`eventx.models.roles_train.cache_lower` reads it."""

    __slots__ = ("input_ids", "labels")

    def __init__(self, input_ids: list[int], labels: list[int]) -> None:
        self.input_ids = input_ids
        self.labels = labels


def _train_finetuned(cfg: Muc4HeadConfig, t0: float) -> dict[str, Any]:
    """Fine-tune the role tagger's upper ``trained_layers`` layers and a linear head on MUC-4 training windows.

    The lower layers are frozen and their outputs cached once (as the role tagger itself is trained); the head and
    the layers are trained together with cross-entropy, AdamW, warm-up then linear decay, for a fixed number of
    epochs (no dev document is read: the last epoch is kept)."""
    from safetensors.torch import save_file

    from eventx.models.layers import run_layers
    from eventx.models.roles_train import cache_lower, length_batches

    tagger = RoleTagger.load(cfg.roles_weights)
    layers_all = tagger.model.encoder.layer
    if cfg.trained_layers > len(layers_all):
        raise ValueError(f"trained_layers {cfg.trained_layers} > the encoder's {len(layers_all)} layers")
    n_frozen = len(layers_all) - cfg.trained_layers
    max_length = cfg.max_length or tagger.max_length
    stride = tagger.stride if cfg.stride is None else cfg.stride
    windows = [_Window(i, lab) for i, lab in build_windows(cfg, tagger.tokenizer, max_length, stride)]
    hiddens = cache_lower(tagger.model, windows, n_frozen)
    encode_s = time.monotonic() - t0
    layers = torch.nn.ModuleList(copy.deepcopy(layer) for layer in layers_all[n_frozen:])
    linear = torch.nn.Linear(tagger.model.config.hidden_size, len(LABELS))
    opt = torch.optim.AdamW(
        [{"params": layers.parameters(), "lr": cfg.lr_layers}, {"params": linear.parameters(), "lr": cfg.lr}],
        weight_decay=cfg.weight_decay,
    )
    total = math.ceil(len(windows) / cfg.batch_size) * cfg.epochs
    warm = max(1, int(total * cfg.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    rng = random.Random(cfg.seed)
    lengths = [len(w.input_ids) for w in windows]
    losses: list[float] = []
    layers.train()
    log.info("MUC-4 tagger: %d windows, lower %d layers cached in %.0f s", len(windows), n_frozen, encode_s)
    for epoch in range(cfg.epochs):
        run = []
        for batch in length_batches(lengths, cfg.batch_size, rng):
            width = max(lengths[i] for i in batch)
            h = torch.zeros(len(batch), width, hiddens[batch[0]].shape[-1])
            mask = torch.zeros(len(batch), width, dtype=torch.long)
            y = torch.full((len(batch), width), -100, dtype=torch.long)
            for r, i in enumerate(batch):
                n = lengths[i]
                h[r, :n] = hiddens[i].float()
                mask[r, :n] = 1
                y[r, :n] = torch.tensor(windows[i].labels)
            logits = linear(run_layers(layers, h, mask))
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), y.reshape(-1), ignore_index=-100)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*layers.parameters(), *linear.parameters()], 1.0)
            opt.step()
            sched.step()
            run.append(loss.item())
            if len(run) % 50 == 0:
                log.info("epoch %d step %d loss %.4f", epoch + 1, len(run), sum(run[-50:]) / 50)
        losses.append(round(sum(run) / max(1, len(run)), 4))
        log.info("epoch %d done: mean loss %.4f (%.0f s)", epoch + 1, losses[-1], time.monotonic() - t0)
    layers.eval()
    out = Path(cfg.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    state = {f"layers.{k}": v for k, v in layers.state_dict().items()}
    state.update({f"linear.{k}": v for k, v in linear.state_dict().items()})
    save_file({k: v.detach().to(torch.float16).contiguous() for k, v in state.items()}, str(out / WEIGHTS_FILE))
    counts = [0] * len(LABELS)
    for w in windows:
        for lab in w.labels:
            if lab >= 0:
                counts[lab] += 1
    meta = {
        "task": "muc4_head",
        "labels": list(LABELS),
        "roles_weights": cfg.roles_weights,
        "trained_layers": list(range(n_frozen, len(layers_all))),
        "max_length": max_length,
        "stride": stride,
        "decode_threshold": cfg.decode_threshold,
        "entity_min_score": cfg.entity_min_score,
        "gate": cfg.gate,
        "seed": cfg.seed,
        "config": cfg.model_dump(),
        "train": {
            "windows": len(windows),
            "pieces": sum(counts),
            "label_counts": dict(zip(LABELS, counts, strict=True)),
        },
        "epoch_loss": losses,
        "timing_s": {"encode": round(encode_s, 1), "total": round(time.monotonic() - t0, 1)},
        "data_terms": "trained on the MUC-4 training documents (GRIT format; LDC-derived, research use): do not ship",
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def train_from_config(config_path: str | Path) -> dict[str, Any]:
    """Fit the head on the MUC-4 training split (never the dev split) and write it to ``output_dir``."""
    from safetensors.torch import save_file

    cfg = Muc4HeadConfig.load(config_path)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    if cfg.trained_layers:
        return _train_finetuned(cfg, time.monotonic())
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
        "decode_threshold": cfg.decode_threshold,
        "entity_min_score": cfg.entity_min_score,
        "gate": cfg.gate,
        "seed": cfg.seed,
        "config": cfg.model_dump(),
        "train": {"sentences": len(examples), "pieces": len(y), "label_counts": counts},
        "epoch_loss": losses,
        "timing_s": {"encode": round(encode_s, 1), "total": round(time.monotonic() - t0, 1)},
        "data_terms": "trained on the MUC-4 training documents (GRIT format; LDC-derived, research use): do not ship",
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta
