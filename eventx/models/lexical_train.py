"""Train the typer's lexical expert (``eventx train configs/train/typing_lexical.yaml``).

It is fitted on exactly the examples the neural typer was trained on (the typing config names them: same notes,
split, class cap, negatives and seed), with scikit-learn's TfidfVectorizer + LogisticRegression, then exported to
numpy arrays (:class:`eventx.models.lexical.LexicalTyper`). The weight of the lexical expert in the product is
chosen from a coarse grid on the dev sample the neural typer chose its epoch on, by the same criterion (macro F1);
a weight of 0 would switch the expert off. The product's temperature is then fitted on that sample too, which
changes no argmax. The evaluation sets (all held-out-country notes, CASE) are never used for either.

scikit-learn is needed only here (``pip install eventx[bench]`` or ``[dev]``), never at inference.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from eventx.models.lexical import LexicalTyper, combine, file_sha256

log = logging.getLogger(__name__)


class LexicalTrainConfig(BaseModel):
    """``configs/train/typing_lexical.yaml``; every field has the value that produced the shipped files."""

    model_config = ConfigDict(extra="forbid")
    task: str = "typing_lexical"
    typing_config: str = Field(
        default="configs/train/typing.yaml", description="The neural typer's config: its examples are reused."
    )
    output_dir: str | None = Field(
        default=None, description="Folder of the neural typer the expert joins (default: the package's weights)."
    )
    ngram_max: int = Field(default=2, ge=1, le=3)
    min_df: int = Field(default=2, ge=1)
    max_features: int | None = Field(default=None, ge=1, description="Most frequent terms kept (size budget).")
    C: float = Field(default=10.0, gt=0, description="Inverse L2 strength of the logistic regression.")
    max_iter: int = 300
    weight_grid: list[float] = Field(
        default=[0.0, 0.25, 0.5, 0.75, 1.0],
        min_length=1,
        description="Candidate exponents of the lexical expert in the product; the dev sample picks one.",
    )

    @field_validator("weight_grid")
    @classmethod
    def _in_unit_interval(cls, v: list[float]) -> list[float]:
        if any(not 0.0 <= w <= 1.0 for w in v):
            raise ValueError("every weight must be in [0, 1]")
        return sorted(set(v))

    @classmethod
    def load(cls, path: str | Path) -> LexicalTrainConfig:
        with open(path, encoding="utf-8") as fh:
            return cls.model_validate(yaml.safe_load(fh) or {})


def fit_lexical(
    texts: list[str], labels: list[str], order: list[str], cfg: LexicalTrainConfig
) -> tuple[LexicalTyper, Any, Any]:
    """Fit with scikit-learn and export; returns the exported model and the fitted vectorizer and classifier."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("training the lexical expert needs scikit-learn: pip install 'eventx[bench]'") from exc
    missing = sorted(set(order) - set(labels))
    if missing:
        raise ValueError(f"no training example for {missing}: every label of the typer needs some")
    vec = TfidfVectorizer(
        lowercase=True,
        token_pattern=r"(?u)\b\w\w+\b",
        ngram_range=(1, cfg.ngram_max),
        min_df=cfg.min_df,
        max_features=cfg.max_features,
        sublinear_tf=True,
        norm="l2",
        dtype=np.float64,
    )
    x = vec.fit_transform(texts)
    clf = LogisticRegression(class_weight="balanced", C=cfg.C, max_iter=cfg.max_iter).fit(x, labels)
    cols = [list(clf.classes_).index(lab) for lab in order]
    model = LexicalTyper(
        labels=list(order),
        terms=[str(t) for t in vec.get_feature_names_out()],
        idf=np.asarray(vec.idf_, dtype=np.float64),
        # stored as fp16: the model returned scores exactly as the one loaded from its files will
        coef=np.ascontiguousarray(clf.coef_[cols].T, dtype=np.float16).astype(np.float32),
        intercept=np.asarray(clf.intercept_[cols], dtype=np.float64),
        ngram_max=cfg.ngram_max,
    )
    return model, vec, clf


def train_from_config(config_path: str | Path) -> dict[str, Any]:
    """Fit the expert on the typer's training examples, fit the product's temperature, write the three files."""
    from eventx.models.typing import EventTyper
    from eventx.models.typing_pipeline import build_examples, resolve_path
    from eventx.models.typing_train import (
        WEIGHTS_FILE,
        TypingTrainConfig,
        classification_scores,
        default_output_dir,
        expected_calibration_error,
        fit_temperature,
    )

    t_start = time.monotonic()
    config_path = Path(config_path)
    cfg = LexicalTrainConfig.load(config_path)
    typing_path = resolve_path(cfg.typing_config, config_path.parent)
    tcfg = TypingTrainConfig.load(typing_path)
    folder = Path(resolve_path(cfg.output_dir, config_path.parent) if cfg.output_dir else default_output_dir())
    neural = EventTyper.load(folder, lexical_weight=0.0)
    labels = list(neural.labels)
    data = build_examples(tcfg, config_path=typing_path)
    train, dev = data["train"], data["dev_sample"]

    t0 = time.monotonic()
    model, vec, clf = fit_lexical([e.text for e in train], [e.label for e in train], labels, cfg)
    fit_s = time.monotonic() - t0
    log.info("fitted %d terms in %.0f s", len(model.terms), fit_s)

    dev_texts = [e.text for e in dev]
    y_dev = np.array([labels.index(e.label) for e in dev])
    p_lex = model.predict_proba(dev_texts)
    # The export must score as scikit-learn does (up to its fp16 coefficients).
    ref = clf.predict_proba(vec.transform(dev_texts))[:, [list(clf.classes_).index(x) for x in labels]]
    gap = float(np.abs(ref - p_lex).max())
    if gap > 0.02:
        raise RuntimeError(f"exported lexical model disagrees with scikit-learn by {gap:.3f}")
    preds = neural.predict(dev_texts)
    p_nn = np.array([[p.probs.get(x, p.no_event_prob) for x in labels] for p in preds])
    p_nn[:, labels.index(neural.no_event_label)] = [p.no_event_prob for p in preds]

    def scores(p: np.ndarray) -> dict[str, Any]:
        out = classification_scores([labels[i] for i in y_dev], [labels[i] for i in p.argmax(1)])
        out["ece"] = round(expected_calibration_error(p, y_dev), 4)
        return out

    ne = labels.index(neural.no_event_label)
    grid = {w: scores(combine(p_nn, p_lex, w, keep=ne)) for w in cfg.weight_grid}
    # best macro F1; ties go to the smaller weight (the neural typer alone at 0)
    weight = max(cfg.weight_grid, key=lambda w: (grid[w]["macro_f1"], -w))
    raw = combine(p_nn, p_lex, weight, keep=ne)
    # The temperature calibrates the choice of type given an event (P(no event) stays the encoder's): fitted on the
    # dev sample's event texts over the event-type columns.
    events = y_dev != ne
    types = [j for j in range(len(labels)) if j != ne]
    z = (1.0 - weight) * np.log(np.maximum(p_nn, 1e-12)) + weight * np.log(np.maximum(p_lex, 1e-12))
    y_types = np.array([types.index(j) for j in y_dev[events]])
    temperature = fit_temperature(z[events][:, types], y_types)
    p_prod = combine(p_nn, p_lex, weight, temperature, keep=ne)
    metrics: dict[str, Any] = {
        "weight_grid": {str(w): {k: v for k, v in r.items() if k != "per_class"} for w, r in grid.items()},
        "dev_sample": {
            "n": len(dev),
            "neural": scores(p_nn),
            "lexical": scores(p_lex),
            "product": scores(p_prod),
            "product_before_temperature": scores(raw),
        },
        "export_max_prob_gap": round(gap, 5),
        "fit_seconds": round(fit_s, 1),
        "seconds": round(time.monotonic() - t_start, 1),
    }
    log.info("dev sample: %s", {k: v.get("macro_f1") for k, v in metrics["dev_sample"].items() if isinstance(v, dict)})
    import sklearn

    meta = {
        "kind": "tfidf_logreg",
        "neural_sha256": file_sha256(folder / WEIGHTS_FILE),
        "weight": weight,
        "temperature": round(temperature, 4),
        "note": "product of experts with the neural typer in this folder over the event types: p(type) ~ "
        "(neural^(1-weight) * lexical^weight)^(1/temperature), sharing out the neural typer's 1 - P(no event); "
        "weight chosen from the config's grid by macro F1 on the neural typer's dev sample (its epoch-selection "
        "set), temperature fitted on that sample's event texts",
        "config": cfg.model_dump(),
        "typing_config": tcfg.model_dump(),
        "train_examples": len(train),
        "train_by_label": data["stats"]["train_by_label"],
        "sklearn": sklearn.__version__,
        "metrics": metrics,
    }
    paths = dataclasses.replace(model, meta=meta).save(folder)
    metrics["files"] = {p.name: p.stat().st_size for p in paths}
    return metrics
