"""The typing training run end to end: data from ../shared/data, cache, train, calibrate, write weights + metrics.

Kept apart from :mod:`eventx.models.typing_train` (the reusable, unit-tested pieces) because everything here needs
the real data; the logic it adds is only assembly and bookkeeping.
"""

from __future__ import annotations

import logging
import platform
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import torch

from eventx.datasets.acled_notes import LoadStats, load_acled_notes
from eventx.models.typing_data import (
    NO_EVENT,
    CountrySplit,
    Example,
    balanced_note_examples,
    conll_sentences,
    hash_fraction,
    ipe_negative_sentences,
    is_clean_negative,
    load_seed_examples,
    prior_adjustment,
    stratified_sample,
)
from eventx.models.typing_train import (
    TypingTrainConfig,
    cache_lower,
    classification_scores,
    default_output_dir,
    encode_labels,
    expected_calibration_error,
    fit_temperature,
    label_list,
    predict_logits,
    save_typing_model,
    softmax,
    split_encoder,
    train_upper,
)
from eventx.paths import config_dir, shared_data_dir

log = logging.getLogger(__name__)


def resolve_path(value: str, base: Path | None = None) -> Path:
    """A config path: absolute, or relative to the config's folder, the working directory or the repo root."""
    p = Path(value).expanduser()
    if p.is_absolute():
        return p
    for root in (base, Path.cwd(), config_dir().parent):
        if root is not None and (root / p).exists():
            return root / p
    return p


def data_root(cfg: TypingTrainConfig) -> Path:
    root = Path(cfg.data_root) if cfg.data_root else shared_data_dir()
    if root is None or not root.is_dir():
        raise FileNotFoundError("training data not found: set data_root in the config or EVENTX_DATA")
    return root


def build_examples(cfg: TypingTrainConfig, *, config_path: Path | None = None) -> dict[str, Any]:
    """Train examples, the dev sample used for model selection/calibration, the full dev notes, and counts."""
    rng = random.Random(cfg.seed)
    root = data_root(cfg)
    base = config_path.parent if config_path else None
    split = CountrySplit.load(resolve_path(cfg.split, base))
    stats = LoadStats()
    notes = load_acled_notes(root, stats=stats)
    train_notes = [n for n in notes if not split.is_dev(n.country)]
    dev_notes = [n for n in notes if split.is_dev(n.country)]
    train = balanced_note_examples(train_notes, cap=cfg.cap_per_class, rng=rng)

    seeds = load_seed_examples(resolve_path(cfg.seed_examples, base))
    train.extend(seeds * cfg.seed_repeats)

    conll_train = [s for s in conll_sentences(root / "conll2003_en" / "train.txt") if is_clean_negative(s)]
    conll_dev = [s for s in conll_sentences(root / "conll2003_en" / "valid.txt") if is_clean_negative(s)]
    ipe = ipe_negative_sentences(root / "india_police_events" / "sents.jsonl")
    ipe_train = [t for d, t in ipe if hash_fraction(str(d), split.salt) >= 0.2]
    ipe_dev = [t for d, t in ipe if hash_fraction(str(d), split.salt) < 0.2]
    neg = rng.sample(conll_train, min(cfg.n_conll_negatives, len(conll_train)))
    neg_ipe = rng.sample(ipe_train, min(cfg.n_ipe_negatives, len(ipe_train)))
    train.extend(Example(t, NO_EVENT, "conll", "conll") for t in neg)
    train.extend(Example(t, NO_EVENT, "ipe", "ipe") for t in neg_ipe)
    rng.shuffle(train)

    dev_all = [Example(n.text, n.sub_event_type, "acled", n.country) for n in dev_notes]
    dev_neg = [Example(t, NO_EVENT, "conll", "conll") for t in conll_dev] + [
        Example(t, NO_EVENT, "ipe", "ipe") for t in ipe_dev
    ]
    dev_sample = stratified_sample(dev_all, cap=cfg.dev_cap_per_class, rng=rng)
    dev_sample += rng.sample(dev_neg, min(cfg.dev_negatives, len(dev_neg)))
    return {
        "train": train,
        "dev_sample": dev_sample,
        "dev_notes": dev_all,
        "dev_negatives": dev_neg,
        "natural_labels": [n.sub_event_type for n in train_notes],
        "stats": {
            "loader": vars(stats),
            "notes": len(notes),
            "train_notes": len(train_notes),
            "dev_notes": len(dev_notes),
            "train_examples": len(train),
            "train_by_label": dict(sorted(Counter(e.label for e in train).items())),
            "train_by_source": dict(sorted(Counter(e.source for e in train).items())),
            "dev_sample": len(dev_sample),
            "dev_by_label": dict(sorted(Counter(e.label for e in dev_all).items())),
            "seed_examples": len(seeds),
        },
    }


def prior_fields(data: dict[str, Any], labels: list[str], floor: float) -> dict[str, Any]:
    """The meta entries of the prior correction, from :func:`build_examples`' output."""
    adj = prior_adjustment(data["natural_labels"], [e.label for e in data["train"]], labels, floor=floor)
    return {
        "prior_adjustment": adj,
        "prior_note": "log(natural share / training share) per event type; natural = ACLED notes of the training "
        f"countries ({len(data['natural_labels'])} notes), training = the class-balanced training examples; "
        f"floor {floor}; 'No event' 0. Added to logits/temperature, scaled by models.typing_prior.",
    }


def write_prior(config_path: str | Path, model_dir: str | Path | None = None) -> dict[str, float]:
    """Recompute the prior correction of a trained model folder from its training config and store it in the meta.

    The training run writes it itself; this serves weights trained before the correction existed. The examples are
    rebuilt with the config's seed, so they are the ones the model was trained on.
    """
    import json

    cfg = TypingTrainConfig.load(config_path)
    data = build_examples(cfg, config_path=Path(config_path))
    folder = (
        Path(model_dir)
        if model_dir
        else (resolve_path(cfg.output_dir, None) if cfg.output_dir else default_output_dir())
    )
    mpath = folder / "typing_meta.json"
    meta = json.loads(mpath.read_text(encoding="utf-8"))
    fields = prior_fields(data, list(meta["labels"]), cfg.prior_floor)
    meta.update(fields)
    mpath.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return fields["prior_adjustment"]


def run_training(cfg: TypingTrainConfig, *, config_path: Path | None = None) -> dict[str, Any]:
    from eventx.models.encoder import DEFAULT_ENCODER, load_encoder, load_tokenizer

    t_start = time.monotonic()
    torch.set_num_threads(cfg.num_threads)
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    labels = label_list()
    data = build_examples(cfg, config_path=config_path)
    log.info("data: %s", {k: v for k, v in data["stats"].items() if not isinstance(v, dict)})
    train, dev = data["train"], data["dev_sample"]

    tokenizer = load_tokenizer(cfg.encoder)
    encoder = load_encoder(cfg.encoder).eval()
    t0 = time.monotonic()
    train_cache = cache_lower(
        encoder, tokenizer, [e.text for e in train], frozen_layers=cfg.frozen_layers, max_length=cfg.train_max_length
    )
    dev_cache = cache_lower(
        encoder, tokenizer, [e.text for e in dev], frozen_layers=cfg.frozen_layers, max_length=cfg.max_length
    )
    cache_s = time.monotonic() - t0
    log.info("cached %d + %d texts in %.0f s", len(train_cache), len(dev_cache), cache_s)

    y_train = encode_labels(train, labels)
    y_dev = np.array(encode_labels(dev, labels))
    model = split_encoder(encoder, cfg.frozen_layers, len(labels))

    def evaluate(m: Any) -> float:
        pred = predict_logits(m, dev_cache).argmax(1)
        scores = classification_scores([labels[i] for i in y_dev], [labels[i] for i in pred])
        log.info("dev sample: %s", scores)
        return scores["macro_f1"]

    remaining = None if cfg.max_minutes is None else cfg.max_minutes - (time.monotonic() - t_start) / 60
    history = train_upper(
        model,
        train_cache,
        y_train,
        epochs=cfg.epochs,
        batch_size=cfg.batch_size,
        lr=cfg.lr,
        head_lr=cfg.head_lr,
        weight_decay=cfg.weight_decay,
        warmup_ratio=cfg.warmup_ratio,
        label_smoothing=cfg.label_smoothing,
        seed=cfg.seed,
        max_minutes=remaining,
        evaluate=evaluate,
        stop_after_epoch=cfg.stop_after_epoch,
    )
    logits = predict_logits(model, dev_cache)
    temperature = fit_temperature(logits, y_dev)
    probs_raw, probs_cal = softmax(logits), softmax(logits / temperature)
    pred = logits.argmax(1)
    dev_scores = classification_scores([labels[i] for i in y_dev], [labels[i] for i in pred])
    metrics = {
        "dev_sample": dev_scores,
        "dev_sample_note": "stratified sample of held-out-country notes (<= dev_cap_per_class per type) + negatives; "
        "used for epoch selection and temperature; the benchmark reports the full dev split",
        "temperature": temperature,
        "ece_before": expected_calibration_error(probs_raw, y_dev),
        "ece_after": expected_calibration_error(probs_cal, y_dev),
        "history": history,
        "cache_seconds": round(cache_s, 1),
        "total_minutes": round((time.monotonic() - t_start) / 60, 1),
        "data": data["stats"],
    }
    meta = {
        "task": "typing",
        "labels": labels,
        "no_event_label": NO_EVENT,
        "encoder": cfg.encoder or DEFAULT_ENCODER,
        "encoder_config": {"hidden_size": encoder.config.hidden_size, "num_layers": encoder.config.num_hidden_layers},
        "trained_layers": list(range(cfg.frozen_layers, encoder.config.num_hidden_layers)),
        "pooling": "mean",
        "temperature": temperature,
        **prior_fields(data, labels, cfg.prior_floor),
        "max_length": cfg.max_length,
        "train_max_length": cfg.train_max_length,
        "seed": cfg.seed,
        "config": cfg.model_dump(),
        "metrics": {k: metrics[k] for k in ("dev_sample", "temperature", "ece_before", "ece_after")},
        "versions": {"torch": torch.__version__, "python": platform.python_version()},
    }
    out_dir = resolve_path(cfg.output_dir, None) if cfg.output_dir else default_output_dir()
    wpath, mpath = save_typing_model(model, out_dir, frozen_layers=cfg.frozen_layers, meta=meta)
    metrics["weights"] = wpath.name  # relative to the model folder: no local paths in shipped files
    metrics["weights_bytes"] = wpath.stat().st_size
    import json

    (out_dir / "typing_train_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s (%d bytes), %s", wpath, wpath.stat().st_size, mpath)
    return metrics
