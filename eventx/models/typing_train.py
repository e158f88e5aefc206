"""Train the event typer on 2 CPU cores: freeze the lower encoder layers, cache their outputs once, train the top.

Recipe (GUIDE §3, measured here): the embeddings and layers ``0..frozen_layers-1`` of the base encoder never change,
so their output for every training text is computed once and kept in RAM as fp16; each epoch then runs only the
upper layers + a linear head over mean-pooled tokens, several times cheaper than a full fine-tune. After training
a temperature is fitted on the dev split (calibration), and only the trained layers + head are written, as fp16
safetensors, with a JSON of labels, encoder, layers, temperature, max_length and metrics.

Entry point: :func:`train_from_config` (``eventx train configs/train/typing.yaml``).
"""

from __future__ import annotations

import copy
import json
import logging
import math
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
import yaml
from pydantic import BaseModel, ConfigDict, Field
from torch import nn

from eventx.models.layers import run_layers
from eventx.models.typing_data import NO_EVENT, Example
from eventx.paths import weights_dir

log = logging.getLogger(__name__)

WEIGHTS_FILE = "typing_head.safetensors"
META_FILE = "typing_meta.json"


class TypingTrainConfig(BaseModel):
    """``configs/train/typing.yaml``; every field has the value that produced the shipped weights."""

    model_config = ConfigDict(extra="forbid")
    task: str = "typing"
    encoder: str | None = Field(default=None, description="None = the packaged MiniLM; or a local folder / hub id.")
    data_root: str | None = Field(default=None, description="Shared data folder (default: eventx.paths).")
    split: str = "configs/splits/acled_typing_dev_countries.yaml"
    seed_examples: str = "configs/train/typing_seed_examples.yaml"
    output_dir: str | None = Field(default=None, description="Default: the package's weights/typing folder.")
    seed: int = 13
    cap_per_class: int = 1000
    seed_repeats: int = 4
    n_conll_negatives: int = 1000
    n_ipe_negatives: int = 1000
    dev_cap_per_class: int = 100
    dev_negatives: int = 300
    train_max_length: int = 64
    max_length: int = 128
    frozen_layers: int = 4
    epochs: int = 4
    batch_size: int = 32
    lr: float = 1e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    label_smoothing: float = 0.05
    num_threads: int = 2
    stop_after_epoch: int | None = Field(
        default=None, description="Keep the LR schedule of `epochs` but stop after this epoch (a budget cut)."
    )
    max_minutes: float | None = Field(default=None, description="Stop after the epoch that would overrun this.")
    prior_floor: float = Field(
        default=0.005,
        gt=0,
        lt=0.05,
        description="Least share of events any type is given in the stored prior correction (see prior_adjustment).",
    )

    @classmethod
    def load(cls, path: str | Path) -> TypingTrainConfig:
        with open(path, encoding="utf-8") as fh:
            return cls.model_validate(yaml.safe_load(fh) or {})


# --------------------------------------------------------------------------- model pieces


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


class UpperStack(nn.Module):
    """The trainable top: copies of the encoder's upper layers, mean pooling, dropout, a linear classifier."""

    def __init__(self, layers: Sequence[nn.Module], hidden_size: int, n_labels: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(hidden_size, n_labels)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = run_layers(self.layers, hidden, mask)
        return self.classifier(self.dropout(mean_pool(hidden, mask)))


def split_encoder(encoder: Any, frozen_layers: int, n_labels: int) -> UpperStack:
    """An UpperStack initialised from the encoder's layers ``frozen_layers..`` (deep copies)."""
    layers = list(encoder.encoder.layer)
    if not 0 <= frozen_layers < len(layers):
        raise ValueError(f"frozen_layers must be in [0, {len(layers) - 1}], got {frozen_layers}")
    upper = [copy.deepcopy(layer) for layer in layers[frozen_layers:]]
    return UpperStack(upper, encoder.config.hidden_size, n_labels)


@torch.inference_mode()
def cache_lower(
    encoder: Any, tokenizer: Any, texts: Sequence[str], *, frozen_layers: int, max_length: int, batch_size: int = 64
) -> list[np.ndarray]:
    """Output of embeddings + layers ``0..frozen_layers-1`` per text, trimmed to its length, as fp16 arrays."""
    encoder.eval()
    enc = tokenizer(list(texts), truncation=True, max_length=max_length, add_special_tokens=True)
    ids: list[list[int]] = enc["input_ids"]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out: list[np.ndarray | None] = [None] * len(ids)
    pad = tokenizer.pad_token_id or 0
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        width = max(len(ids[i]) for i in idx)
        batch = torch.full((len(idx), width), pad, dtype=torch.long)
        mask = torch.zeros((len(idx), width), dtype=torch.long)
        for r, i in enumerate(idx):
            batch[r, : len(ids[i])] = torch.tensor(ids[i])
            mask[r, : len(ids[i])] = 1
        hidden = encoder.embeddings(input_ids=batch, token_type_ids=torch.zeros_like(batch))
        hidden = run_layers(encoder.encoder.layer[:frozen_layers], hidden, mask)
        for r, i in enumerate(idx):
            out[i] = hidden[r, : len(ids[i])].to(torch.float16).numpy().copy()
    return [a for a in out if a is not None]


def _collate(cached: Sequence[np.ndarray], idx: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(cached[i].shape[0] for i in idx)
    dim = cached[idx[0]].shape[1]
    hidden = torch.zeros((len(idx), width, dim), dtype=torch.float32)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    for r, i in enumerate(idx):
        n = cached[i].shape[0]
        hidden[r, :n] = torch.from_numpy(cached[i].astype(np.float32))
        mask[r, :n] = 1
    return hidden, mask


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: shuffle, sort within pools of 50 batches, shuffle the batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    pool = batch_size * 50
    batches: list[list[int]] = []
    for s in range(0, len(idx), pool):
        chunk = sorted(idx[s : s + pool], key=lambda i: lengths[i])
        batches.extend(chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


@torch.inference_mode()
def predict_logits(model: UpperStack, cached: Sequence[np.ndarray], batch_size: int = 128) -> np.ndarray:
    model.eval()
    order = sorted(range(len(cached)), key=lambda i: cached[i].shape[0])
    out = np.zeros((len(cached), model.classifier.out_features), dtype=np.float32)
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        hidden, mask = _collate(cached, idx)
        out[idx] = model(hidden, mask).numpy()
    return out


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature scaling (Guo et al. 2017): the T that minimises dev NLL of softmax(logits / T)."""
    lg = torch.tensor(logits, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.long)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(lg / log_t.exp(), y)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.detach().exp().clamp(0.05, 20.0))


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = 15) -> float:
    conf = probs.max(1)
    correct = (probs.argmax(1) == labels).astype(np.float64)
    ece = 0.0
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(ece)


def softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def classification_scores(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = sorted(set(y_true))
    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(y_true, y_pred, labels=labels, average="weighted", zero_division=0)),
    }


def train_upper(
    model: UpperStack,
    train_cache: Sequence[np.ndarray],
    train_y: Sequence[int],
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    head_lr: float,
    weight_decay: float = 0.01,
    warmup_ratio: float = 0.06,
    label_smoothing: float = 0.0,
    seed: int = 0,
    max_minutes: float | None = None,
    evaluate: Callable[[UpperStack], float] | None = None,
    max_steps: int | None = None,
    stop_after_epoch: int | None = None,
) -> dict[str, Any]:
    """Train the upper stack on cached lower-layer outputs; keep the epoch with the best ``evaluate`` score.

    Stops early (after a finished epoch) when the next epoch would overrun ``max_minutes`` or after
    ``stop_after_epoch``; the learning-rate schedule still spans ``epochs``. Returns a history.
    """
    rng = random.Random(seed)
    torch.manual_seed(seed)
    lengths = [a.shape[0] for a in train_cache]
    steps_per_epoch = math.ceil(len(train_cache) / batch_size)
    total = steps_per_epoch * epochs if max_steps is None else min(max_steps, steps_per_epoch * epochs)
    warm = max(1, int(total * warmup_ratio))
    head_params = list(model.classifier.parameters())
    head_ids = {id(p) for p in head_params}
    body = [p for p in model.parameters() if id(p) not in head_ids]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": lr}, {"params": head_params, "lr": head_lr}], weight_decay=weight_decay
    )
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    loss_fn = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
    y_all = torch.tensor(list(train_y), dtype=torch.long)
    history: dict[str, Any] = {"epochs": [], "best_epoch": None, "best_score": None, "stopped_early": False}
    best_state: dict[str, torch.Tensor] | None = None
    started = time.monotonic()
    step = 0
    for epoch in range(epochs):
        model.train()
        t0 = time.monotonic()
        seen, loss_sum = 0, 0.0
        for idx in length_batches(lengths, batch_size, rng):
            if step >= total:
                break
            hidden, mask = _collate(train_cache, idx)
            loss = loss_fn(model(hidden, mask), y_all[idx])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            seen += len(idx)
            loss_sum += loss.item() * len(idx)
            if step % 100 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f %.1f ex/s",
                    epoch + 1,
                    step,
                    total,
                    loss_sum / seen,
                    seen / (time.monotonic() - t0),
                )
        took = time.monotonic() - t0
        entry: dict[str, Any] = {
            "epoch": epoch + 1,
            "loss": loss_sum / max(1, seen),
            "seconds": round(took, 1),
            "examples_per_s": round(seen / max(took, 1e-9), 1),
        }
        if evaluate is not None:
            score = evaluate(model)
            entry["dev_score"] = score
            if history["best_score"] is None or score > history["best_score"]:
                history["best_score"], history["best_epoch"] = score, epoch + 1
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        history["epochs"].append(entry)
        log.info("epoch %s", entry)
        elapsed = (time.monotonic() - started) / 60
        if max_minutes is not None and epoch + 1 < epochs and elapsed * (epoch + 2) / (epoch + 1) > max_minutes:
            history["stopped_early"] = True
            log.warning("stopping after epoch %d: the next epoch would overrun %.0f minutes", epoch + 1, max_minutes)
            break
        if step >= total:
            break
        if stop_after_epoch is not None and epoch + 1 >= stop_after_epoch:
            history["stopped_early"] = epoch + 1 < epochs
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    return history


# --------------------------------------------------------------------------- saving


def save_typing_model(
    model: UpperStack, out_dir: str | Path, *, frozen_layers: int, meta: dict[str, Any]
) -> tuple[Path, Path]:
    """Write the upper layers + head as fp16 safetensors under BertModel key names, and the meta JSON."""
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tensors: dict[str, torch.Tensor] = {}
    for k, v in model.state_dict().items():
        if k.startswith("layers."):
            _, i, rest = k.split(".", 2)
            name = f"encoder.layer.{frozen_layers + int(i)}.{rest}"
        else:
            name = k
        tensors[name] = v.detach().to(torch.float16).contiguous()
    wpath = out / WEIGHTS_FILE
    save_file(tensors, str(wpath), metadata={"format": "pt", "eventx": "typing"})
    wpath.chmod(0o644)  # safetensors writes 0600; shipped files must be readable by every user
    mpath = out / META_FILE
    mpath.write_text(json.dumps(meta, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return wpath, mpath


def default_output_dir() -> Path:
    return weights_dir() / "typing"


def label_list() -> list[str]:
    """The classes, in head order: the ontology's 25 sub-event types, then "No event"."""
    from eventx.ontology import load_ontology

    return [*load_ontology().sub_event_type_names, NO_EVENT]


def encode_labels(examples: Sequence[Example], labels: Sequence[str]) -> list[int]:
    index = {name: i for i, name in enumerate(labels)}
    unknown = sorted({e.label for e in examples} - set(index))
    if unknown:
        raise ValueError(f"labels not in the ontology: {unknown}")
    return [index[e.label] for e in examples]


def train_from_config(config_path: str | Path) -> dict[str, Any]:
    """Build data, train, calibrate and write the model folder + metrics; returns the metrics dict."""
    from eventx.models.typing_pipeline import run_training

    return run_training(TypingTrainConfig.load(config_path), config_path=Path(config_path))
