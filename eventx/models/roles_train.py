"""Train the role tagger on CPU: cache the frozen lower layers once, train the upper layers and two heads.

Recipe (``configs/train/roles.yaml``): the lower ``frozen_layers`` of the base encoder are run once over every
training text and their outputs kept in memory (fp16); each epoch then runs only the upper layers and the heads,
which makes CPU training several times cheaper than full fine-tuning. The loss is a partial-label cross-entropy:
a token outside every labelled span may be ``O`` or any kind its example leaves unknown (see ``roles_data``), so
what distant supervision missed is not taught as ``O``.

Entry point for ``eventx train``: :func:`train_from_config`.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import yaml
from pydantic import BaseModel, ConfigDict, Field
from torch import nn

from eventx.models.layers import run_layers
from eventx.models.roles import ENTITY_LABELS, META_FILE, ROLE_LABELS, WEIGHTS_FILE, RoleHeads, RoleSpan, RoleTagger
from eventx.models.roles_data import (
    TaggedText,
    acled_csv_paths,
    country_split,
    iter_acled_notes,
    read_cameo,
    read_conll,
    read_halterman,
    silver_from_note,
)

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------------------------------------------
# configuration


class DataConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    data_dir: str | None = Field(None, description="Shared data folder; null = eventx.paths.shared_data_dir().")
    split_file: str | None = Field(
        "splits/acled_typing_dev_countries.yaml",
        description="Dev-country list shared with event typing (relative to configs/); null = the hash rule below.",
    )
    dev_percent: int = Field(15, ge=1, le=50, description="Hash rule: share of countries held out for dev.")
    split_salt: str = "eventx-roles-v1"
    acled_train_max: int = Field(16000, ge=0)
    acled_per_country_max: int = Field(1200, ge=1, description="Cap per country so India/Somalia do not dominate.")
    acled_dev_max: int = Field(1500, ge=0)
    conll_train_max: int = Field(4000, ge=0)
    cameo: bool = True
    halterman_train_max: int = Field(4000, ge=0)
    eval_max: int = Field(2000, ge=1, description="Cap per evaluation set (a fixed-seed sample).")


class TrainParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    frozen_layers: int = Field(4, ge=0)
    max_length: int = Field(128, ge=16, le=512)
    stride: int = Field(32, ge=0)
    epochs: int = Field(3, ge=1)
    batch_size: int = Field(32, ge=1)
    lr_layers: float = 5e-5
    lr_heads: float = 1e-3
    warmup: float = Field(0.06, ge=0, lt=1)
    weight_decay: float = 0.01
    threads: int | None = Field(1, ge=1)
    max_minutes: float | None = Field(None, description="Stop training (not evaluation) after this many minutes.")


class RolesTrainConfig(BaseModel):
    """``configs/train/roles.yaml``."""

    model_config = ConfigDict(extra="forbid")
    task: str = "roles"
    seed: int = 13
    encoder: str | None = Field(None, description="Base encoder: null = the packaged MiniLM; a folder or hub id.")
    output_dir: str | None = Field(None, description="Model folder; null = eventx/weights/roles in the package.")
    data: DataConfig = DataConfig()
    train: TrainParams = TrainParams()


# ----------------------------------------------------------------------------------------------------------------
# tensors


@dataclass(frozen=True)
class Encoded:
    """One text as word pieces with, per piece, the set of labels the loss accepts (bool rows)."""

    input_ids: list[int]
    role_allowed: torch.Tensor  # (n, len(ROLE_LABELS)) bool
    ent_allowed: torch.Tensor  # (n, len(ENTITY_LABELS)) bool


def _allowed(
    offsets: Sequence[tuple[int, int]], spans: Iterable[Any], unknown: Iterable[str], labels: Sequence[str]
) -> torch.Tensor:
    index = {lab: i for i, lab in enumerate(labels)}
    base = torch.zeros(len(labels), dtype=torch.bool)
    base[0] = True
    for kind in unknown:
        for tag in ("B-", "I-"):
            if tag + kind in index:
                base[index[tag + kind]] = True
    rows = base.repeat(len(offsets), 1)
    spans = sorted(spans, key=lambda sp: sp.start)
    for sp in spans:
        if f"B-{sp.kind}" not in index:
            continue
        first = True
        for p, (s, e) in enumerate(offsets):
            if e <= s or e <= sp.start or s >= sp.end:
                continue
            rows[p] = False
            rows[p, index[("B-" if first else "I-") + sp.kind]] = True
            first = False
    return rows


def encode_examples(tokenizer: Any, examples: Sequence[TaggedText], max_length: int) -> list[Encoded]:
    """Word pieces and allowed-label rows for each example ([CLS]/[SEP] rows allow only ``O``; text cut at max)."""
    enc = tokenizer([ex.text for ex in examples], truncation=True, max_length=max_length, return_offsets_mapping=True)
    out = []
    for ex, ids, offs in zip(examples, enc["input_ids"], enc["offset_mapping"], strict=True):
        offs = [tuple(o) for o in offs]
        out.append(
            Encoded(
                list(ids),
                _allowed(offs, ex.roles, ex.unknown_roles, ROLE_LABELS),
                _allowed(offs, ex.entities, ex.unknown_entities, ENTITY_LABELS),
            )
        )
    return out


def _pad_ids(items: Sequence[Any]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(e.input_ids) for e in items)
    ids = torch.zeros(len(items), width, dtype=torch.long)
    mask = torch.zeros(len(items), width, dtype=torch.long)
    for r, e in enumerate(items):
        ids[r, : len(e.input_ids)] = torch.tensor(e.input_ids)
        mask[r, : len(e.input_ids)] = 1
    return ids, mask


def cache_lower(encoder: Any, items: Sequence[Any], n_frozen: int, batch_size: int = 64) -> list[torch.Tensor]:
    """Outputs of the embeddings and the first ``n_frozen`` layers for every item (anything with ``input_ids``, such
    as :class:`Encoded`), fp16, unpadded."""
    out: list[torch.Tensor | None] = [None] * len(items)
    order = sorted(range(len(items)), key=lambda i: len(items[i].input_ids))
    encoder.eval()
    with torch.inference_mode():
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            ids, mask = _pad_ids([items[i] for i in idx])
            h = run_layers(encoder.encoder.layer[:n_frozen], encoder.embeddings(input_ids=ids), mask)
            for r, i in enumerate(idx):
                out[i] = h[r, : len(items[i].input_ids)].to(torch.float16).clone()
    return out  # type: ignore[return-value]


class UpperModel(nn.Module):
    """Trainable copies of the upper encoder layers followed by the two heads."""

    def __init__(self, encoder: Any, n_frozen: int) -> None:
        super().__init__()
        self.layers = nn.ModuleList(copy.deepcopy(layer) for layer in encoder.encoder.layer[n_frozen:])
        self.heads = RoleHeads.from_config(encoder.config, len(ROLE_LABELS), len(ENTITY_LABELS))

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.heads(run_layers(self.layers, hidden, mask))


def partial_label_loss(logits: torch.Tensor, allowed: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """-log P(label in allowed set), averaged over valid tokens; a token allowing every label costs nothing."""
    logz = torch.logsumexp(logits, dim=-1)
    masked = logits.masked_fill(~allowed, torch.finfo(logits.dtype).min)
    nll = logz - torch.logsumexp(masked, dim=-1)
    weight = valid.to(logits.dtype)
    return (nll * weight).sum() / weight.sum().clamp(min=1.0)


def _batch(items: Sequence[Encoded], hiddens: Sequence[torch.Tensor], idx: Sequence[int]) -> tuple[torch.Tensor, ...]:
    width = max(len(items[i].input_ids) for i in idx)
    dim = hiddens[idx[0]].shape[-1]
    h = torch.zeros(len(idx), width, dim)
    mask = torch.zeros(len(idx), width, dtype=torch.long)
    r_allow = torch.ones(len(idx), width, len(ROLE_LABELS), dtype=torch.bool)
    e_allow = torch.ones(len(idx), width, len(ENTITY_LABELS), dtype=torch.bool)
    for r, i in enumerate(idx):
        n = len(items[i].input_ids)
        h[r, :n] = hiddens[i].float()
        mask[r, :n] = 1
        r_allow[r, :n] = items[i].role_allowed
        e_allow[r, :n] = items[i].ent_allowed
    return h, mask, r_allow, e_allow


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in shuffled order."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    pool = batch_size * 50
    batches: list[list[int]] = []
    for s in range(0, len(idx), pool):
        chunk = sorted(idx[s : s + pool], key=lambda i: lengths[i])
        batches += [chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def train_upper(
    model: UpperModel,
    items: Sequence[Encoded],
    hiddens: Sequence[torch.Tensor],
    params: TrainParams,
    seed: int,
    progress: Callable[[str], None] = log.info,
    max_steps: int | None = None,
) -> list[float]:
    """Train ``model`` on cached lower-layer outputs; returns the mean loss of each epoch."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    head_params = list(model.heads.parameters())
    layer_params = list(model.layers.parameters())
    opt = torch.optim.AdamW(
        [{"params": layer_params, "lr": params.lr_layers}, {"params": head_params, "lr": params.lr_heads}],
        weight_decay=params.weight_decay,
    )
    lengths = [len(e.input_ids) for e in items]
    steps_per_epoch = math.ceil(len(items) / params.batch_size)
    total = max_steps or steps_per_epoch * params.epochs
    warm = max(1, int(total * params.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    model.train()
    history: list[float] = []
    step, t0 = 0, time.monotonic()
    deadline = t0 + params.max_minutes * 60 if params.max_minutes else None
    for epoch in range(params.epochs):
        losses = []
        for batch in length_batches(lengths, params.batch_size, rng):
            h, mask, r_allow, e_allow = _batch(items, hiddens, batch)
            r_logits, e_logits = model(h, mask)
            valid = mask.bool()
            loss = partial_label_loss(r_logits, r_allow, valid) + partial_label_loss(e_logits, e_allow, valid)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(loss.item())
            step += 1
            if step % 50 == 0:
                rate = step * params.batch_size / (time.monotonic() - t0)
                progress(
                    f"epoch {epoch + 1} step {step}/{total} loss {sum(losses[-50:]) / len(losses[-50:]):.4f} ({rate:.0f} ex/s)"
                )
            if (max_steps and step >= max_steps) or (deadline and time.monotonic() > deadline):
                break
        history.append(sum(losses) / max(1, len(losses)))
        progress(f"epoch {epoch + 1} done: mean loss {history[-1]:.4f}")
        if (max_steps and step >= max_steps) or (deadline and time.monotonic() > deadline):
            break
    model.eval()
    return history


# ----------------------------------------------------------------------------------------------------------------
# evaluation


def span_prf(
    golds: Sequence[Sequence[tuple[str, int, int]]],
    preds: Sequence[Sequence[tuple[str, int, int]]],
    kinds: Iterable[str],
    skip: Sequence[frozenset[str]] | None = None,
) -> dict[str, dict[str, float]]:
    """Per-kind precision/recall/F1, exact and overlap matching; ``skip[i]`` = kinds not scored on example i."""
    out: dict[str, dict[str, float]] = {}
    for kind in kinds:
        c: Counter[str] = Counter()
        for i, (g_all, p_all) in enumerate(zip(golds, preds, strict=True)):
            if skip is not None and kind in skip[i]:
                continue
            g = [(s, e) for k, s, e in g_all if k == kind]
            p = [(s, e) for k, s, e in p_all if k == kind]
            c["gold"] += len(g)
            c["pred"] += len(p)
            c["exact"] += len(set(g) & set(p))
            used: set[int] = set()
            for ps, pe in p:
                for j, (gs, ge) in enumerate(g):
                    if j not in used and ps < ge and gs < pe:
                        used.add(j)
                        c["overlap"] += 1
                        break
        row: dict[str, float] = {"support": c["gold"], "predicted": c["pred"]}
        for mode in ("exact", "overlap"):
            p_ = c[mode] / c["pred"] if c["pred"] else 0.0
            r_ = c[mode] / c["gold"] if c["gold"] else 0.0
            row[f"{mode}_p"], row[f"{mode}_r"] = round(p_, 4), round(r_, 4)
            row[f"{mode}_f1"] = round(2 * p_ * r_ / (p_ + r_), 4) if p_ + r_ else 0.0
        out[kind] = row
    return out


def evaluate(tagger: RoleTagger, examples: Sequence[TaggedText], kinds: Sequence[str], layer: str) -> dict[str, Any]:
    """Score ``tagger`` on ``examples`` for ``kinds`` of one layer ('roles' or 'entities')."""
    t0 = time.monotonic()
    spans: list[list[RoleSpan]] = tagger.tag([ex.text for ex in examples])
    secs = time.monotonic() - t0
    golds = [[(s.kind, s.start, s.end) for s in (ex.roles if layer == "roles" else ex.entities)] for ex in examples]
    preds = [[(s.role, s.start, s.end) for s in sp if s.role in kinds] for sp in spans]
    skip = [ex.unknown_roles if layer == "roles" else ex.unknown_entities for ex in examples]
    return {"n": len(examples), "seconds": round(secs, 1), "per_kind": span_prf(golds, preds, kinds, skip)}


# ----------------------------------------------------------------------------------------------------------------
# data assembly


def _sample(items: list[TaggedText], k: int, rng: random.Random) -> list[TaggedText]:
    return items if len(items) <= k else rng.sample(items, k)


def country_key(country: str) -> str:
    return " ".join(country.split()).casefold()


def _dev_rule(data: DataConfig) -> Callable[[str], bool]:
    """The held-out-country test: the shared split file's list when there is one, else the salted hash."""
    if data.split_file:
        from eventx.paths import config_dir

        path = Path(data.split_file)
        path = path if path.is_absolute() else config_dir() / path
        listed = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "dev_countries" not in listed:
            raise ValueError(f"{path}: a split file needs dev_countries")
        dev = frozenset(country_key(c) for c in listed["dev_countries"])
        return lambda country: country_key(country) in dev
    return lambda country: country_split(country, data.dev_percent, data.split_salt) == "dev"


def build_datasets(cfg: RolesTrainConfig, progress: Callable[[str], None] = log.info) -> dict[str, list[TaggedText]]:
    """Training set and the held-out evaluation sets named in the config (deterministic for a seed)."""
    from eventx.paths import shared_data_dir

    root = Path(cfg.data.data_dir) if cfg.data.data_dir else shared_data_dir()
    if root is None or not root.is_dir():
        raise FileNotFoundError("no shared data folder: set data.data_dir in the config or EVENTX_DATA")
    rng = random.Random(cfg.seed)
    is_dev = _dev_rule(cfg.data)
    by_country: dict[str, list[TaggedText]] = {}
    dev: list[TaggedText] = []
    for row in iter_acled_notes(acled_csv_paths(root)):
        ex = silver_from_note(row)
        if is_dev(row.country):
            dev.append(ex)
        else:
            by_country.setdefault(row.country, []).append(ex)
    # The dev sample draws from its own generator so that training-set sizes in the config never change it.
    dev = _sample(dev, min(cfg.data.acled_dev_max, cfg.data.eval_max), random.Random(f"{cfg.seed}-acled-dev"))
    acled_train: list[TaggedText] = []
    for country in sorted(by_country):
        acled_train += _sample(by_country[country], cfg.data.acled_per_country_max, rng)
    acled_train = _sample(acled_train, cfg.data.acled_train_max, rng)
    progress(f"acled: {len(acled_train)} train notes from {len(by_country)} countries, {len(dev)} dev notes")
    sets: dict[str, list[TaggedText]] = {"train": list(acled_train), "acled_dev": dev}
    conll = root / "conll2003_en"
    if (conll / "train.txt").is_file():
        sets["train"] += _sample(list(read_conll(conll / "train.txt")), cfg.data.conll_train_max, rng)
        sets["conll_test"] = _sample(list(read_conll(conll / "test.txt")), cfg.data.eval_max, rng)
    cameo = root / "conflibert_eval" / "cameo_ner"
    if cfg.data.cameo and (cameo / "train.txt").is_file():
        sets["train"] += list(read_cameo(cameo / "train.txt"))
        sets["cameo_test"] = _sample(list(read_cameo(cameo / "test.txt")), cfg.data.eval_max, rng)
    halt = root / "event_location_halterman" / "labeled_text.jsonl.zip"
    if halt.is_file():
        gold = list(read_halterman(halt, gold=True))
        gold_texts = {ex.text for ex in gold}
        rest = [ex for ex in read_halterman(halt, gold=False) if ex.text not in gold_texts]
        sets["train"] += _sample(rest, cfg.data.halterman_train_max, rng)
        sets["halterman_gold"] = gold
    progress("sets: " + ", ".join(f"{k}={len(v)}" for k, v in sets.items()))
    return sets


EVAL_PLAN: dict[str, tuple[str, tuple[str, ...]]] = {
    "acled_dev": ("roles", ("ACTOR1", "ACTOR2", "ASSOC", "LOC", "DATE", "FATAL", "FIGURE")),
    "conll_test": ("entities", ("PER", "ORG", "PLACE")),
    "cameo_test": ("roles", ("ACTOR1", "ACTOR2")),
    "halterman_gold": ("roles", ("LOC",)),
}


# ----------------------------------------------------------------------------------------------------------------
# the whole run


def save_weights(model: UpperModel, folder: Path, meta: dict[str, Any]) -> None:
    """fp16 safetensors of the trained layers + heads, and the JSON that tells the loader how to use them."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(folder / WEIGHTS_FILE), metadata={"format": "pt"})
    (folder / WEIGHTS_FILE).chmod(0o644)
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def load_config(config_path: str | Path) -> RolesTrainConfig:
    raw = yaml.safe_load(Path(config_path).read_text(encoding="utf-8")) or {}
    if raw.get("task", "roles") != "roles":
        raise ValueError(f"{config_path}: task is {raw.get('task')!r}, not 'roles'")
    return RolesTrainConfig.model_validate(raw)


def train_from_config(config_path: str | Path) -> dict[str, Any]:
    """Train, save to the config's model folder, evaluate the saved model; returns the metrics dict."""
    from eventx.models.encoder import DEFAULT_ENCODER, load_encoder, load_tokenizer
    from eventx.paths import weights_dir

    cfg = load_config(config_path)
    p = cfg.train
    if p.threads:
        torch.set_num_threads(p.threads)
    torch.manual_seed(cfg.seed)
    t_start = time.monotonic()
    log.info("config %s", cfg.model_dump())
    sets = build_datasets(cfg)
    tokenizer = load_tokenizer(cfg.encoder)
    encoder = load_encoder(cfg.encoder)
    n_layers = len(encoder.encoder.layer)
    if not 0 <= p.frozen_layers < n_layers:
        raise ValueError(f"frozen_layers must be in [0, {n_layers - 1}]")
    items = encode_examples(tokenizer, sets["train"], p.max_length)
    t0 = time.monotonic()
    hiddens = cache_lower(encoder, items, p.frozen_layers)
    cache_s = time.monotonic() - t0
    log.info("cached %d examples in %.0f s", len(items), cache_s)
    model = UpperModel(encoder, p.frozen_layers)
    t0 = time.monotonic()
    history = train_upper(model, items, hiddens, p, cfg.seed)
    train_s = time.monotonic() - t0
    del hiddens
    out_dir = Path(cfg.output_dir) if cfg.output_dir else weights_dir() / "roles"
    trained_layers = list(range(p.frozen_layers, n_layers))
    meta: dict[str, Any] = {
        "format": 1,
        "encoder": cfg.encoder or DEFAULT_ENCODER,
        "trained_layers": trained_layers,
        "role_labels": list(ROLE_LABELS),
        "entity_labels": list(ENTITY_LABELS),
        "max_length": p.max_length,
        "stride": p.stride,
        "seed": cfg.seed,
        "config": cfg.model_dump(),
        "train_examples": dict(Counter(ex.source for ex in sets["train"])),
        "timing_s": {"cache": round(cache_s, 1), "train": round(train_s, 1)},
        "epoch_loss": [round(x, 4) for x in history],
    }
    save_weights(model, out_dir, meta)
    tagger = RoleTagger.load(out_dir)
    metrics: dict[str, Any] = {}
    for name, (layer, kinds) in EVAL_PLAN.items():
        if name in sets:
            metrics[name] = evaluate(tagger, sets[name], kinds, layer)
            log.info("%s: %s", name, {k: v["exact_f1"] for k, v in metrics[name]["per_kind"].items()})
    meta["metrics"] = metrics
    meta["timing_s"]["total"] = round(time.monotonic() - t_start, 1)
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta
