"""The typer's lexical expert: TF-IDF word 1-2 grams + multinomial logistic regression, scored with numpy alone.

Why a second model: the fine-tuned MiniLM is small and uncased and reads a trigger word through six layers of
context; a linear model over word n-grams weighs the exact words ("grenade", "mob", "tear gas", "abducted") and
nothing else. Their mistakes differ, so the product of their two distributions beats either alone on held-out
countries and on news-style CASE snippets (docs/model_card_typing.md). It reads a text of any length whole, so it
cannot truncate, and it costs a few microseconds per sentence beside the encoder's milliseconds.

The parameters are fitted with scikit-learn at training time (:mod:`eventx.models.lexical_train`) and exported as
plain arrays (safetensors) and a term list (gzip text), so the runtime needs neither scikit-learn nor pickle. The
features reproduce scikit-learn's ``TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\\b\\w\\w+\\b",
ngram_range=(1, n), sublinear_tf=True, norm="l2")`` exactly (a test checks it against scikit-learn).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

LEXICAL_WEIGHTS = "typing_lexical.safetensors"
LEXICAL_VOCAB = "typing_lexical_vocab.txt.gz"
LEXICAL_META = "typing_lexical.json"

#: scikit-learn's default token pattern: runs of two or more word characters.
TOKEN = re.compile(r"(?u)\b\w\w+\b")


class LexicalModelError(RuntimeError):
    """The lexical expert's files are missing, inconsistent or do not fit the typer's labels."""


@dataclass(frozen=True)
class LexicalTyper:
    """A linear model over TF-IDF word n-grams; ``coef`` is (n_features, n_labels), rows in vocabulary order."""

    labels: list[str]
    terms: list[str]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    ngram_max: int = 2
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    vocab: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n = len(self.terms)
        if self.idf.shape != (n,) or self.coef.shape != (n, len(self.labels)):
            raise LexicalModelError(
                f"lexical model shapes disagree: {n} terms, idf {self.idf.shape}, coef {self.coef.shape}, "
                f"{len(self.labels)} labels"
            )
        if self.intercept.shape != (len(self.labels),):
            raise LexicalModelError(f"intercept has shape {self.intercept.shape}, expected ({len(self.labels)},)")
        if self.ngram_max < 1:
            raise LexicalModelError("ngram_max must be >= 1")
        object.__setattr__(self, "vocab", {t: i for i, t in enumerate(self.terms)})

    # ------------------------------------------------------------------ features

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, l2-normalised sublinear TF-IDF values) of one text; empty arrays when no term is known."""
        tokens = TOKEN.findall(text.lower())
        counts: Counter[int] = Counter()
        for n in range(1, self.ngram_max + 1):
            for i in range(len(tokens) - n + 1):
                j = self.vocab.get(tokens[i] if n == 1 else " ".join(tokens[i : i + n]))
                if j is not None:
                    counts[j] += 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float64, count=len(counts))
        vals = tf * self.idf[idx]
        norm = float(np.sqrt((vals * vals).sum()))
        return idx, vals / norm if norm > 0 else vals

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        out = np.tile(self.intercept.astype(np.float64), (len(texts), 1))
        for r, text in enumerate(texts):
            idx, vals = self.features(text)
            if len(idx):
                out[r] += vals @ self.coef[idx].astype(np.float64)
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n_texts, n_labels) probabilities, columns in :attr:`labels` order."""
        if isinstance(texts, str):
            raise TypeError("predict_proba takes a list of texts, not one string")
        z = self.logits(texts)
        z -= z.max(1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(1, keepdims=True)

    # ------------------------------------------------------------------ files

    def save(self, folder: str | Path) -> list[Path]:
        """Write the three files into ``folder``: weights (coef fp16), term list (gzip, fixed mtime) and meta."""
        import torch
        from safetensors.torch import save_file

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        wpath, vpath, mpath = out / LEXICAL_WEIGHTS, out / LEXICAL_VOCAB, out / LEXICAL_META
        save_file(
            {
                "coef": torch.from_numpy(np.ascontiguousarray(self.coef, dtype=np.float16)),
                "idf": torch.from_numpy(np.ascontiguousarray(self.idf, dtype=np.float32)),
                "intercept": torch.from_numpy(np.ascontiguousarray(self.intercept, dtype=np.float32)),
            },
            str(wpath),
            metadata={"format": "pt", "eventx": "typing_lexical"},
        )
        if any("\n" in t for t in self.terms):
            raise LexicalModelError("a term holds a newline; the term list cannot be written one per line")
        with open(vpath, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write("\n".join(self.terms).encode("utf-8"))
        meta = {**self.meta, "labels": self.labels, "ngram_max": self.ngram_max, "n_features": len(self.terms)}
        mpath.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        for p in (wpath, vpath, mpath):
            p.chmod(0o644)
        return [wpath, vpath, mpath]

    @classmethod
    def exists(cls, folder: str | Path) -> bool:
        f = Path(folder)
        return all((f / name).is_file() for name in (LEXICAL_WEIGHTS, LEXICAL_VOCAB, LEXICAL_META))

    @classmethod
    def load(cls, folder: str | Path) -> LexicalTyper:
        from safetensors.numpy import load_file

        f = Path(folder)
        if not cls.exists(f):
            raise LexicalModelError(
                f"no lexical typing model in {f}: expected {LEXICAL_WEIGHTS}, {LEXICAL_VOCAB} and {LEXICAL_META} "
                "(train one with `eventx train configs/train/typing_lexical.yaml`)"
            )
        meta = json.loads((f / LEXICAL_META).read_text(encoding="utf-8"))
        arrays = load_file(str(f / LEXICAL_WEIGHTS))
        with gzip.open(f / LEXICAL_VOCAB, "rb") as gz:
            raw = gz.read().decode("utf-8")
        terms = raw.split("\n") if raw else []
        missing = [k for k in ("coef", "idf", "intercept") if k not in arrays]
        if missing:
            raise LexicalModelError(f"{f / LEXICAL_WEIGHTS}: lacks {missing}")
        return cls(
            labels=list(meta["labels"]),
            terms=terms,
            idf=arrays["idf"].astype(np.float64),
            coef=arrays["coef"].astype(np.float32),
            intercept=arrays["intercept"].astype(np.float64),
            ngram_max=int(meta.get("ngram_max", 2)),
            meta=meta,
        )


def file_sha256(path: str | Path) -> str:
    """The hex SHA-256 of a file: ties the expert to the neural weights its weight and temperature were chosen for."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def combine(
    neural: np.ndarray, lexical: np.ndarray, weight: float, temperature: float = 1.0, *, keep: int | None = None
) -> np.ndarray:
    """Product of experts: ``neural^(1-weight) * lexical^weight``, sharpened or flattened by ``temperature`` and
    renormalised per row. Geometric, not arithmetic, so that a type either expert rules out stays unlikely.

    ``keep``: a column (the typer's "no event") whose probability stays the neural model's; the product then only
    shares out the rest among the other columns. The typer keeps detection to the encoder, which has seen context,
    and lets the word model help choose the type: its own "no event" was learnt from 2,000 sentences of two corpora.
    """
    if not 0.0 <= weight <= 1.0:
        raise ValueError("weight must be in [0, 1]")
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    tiny = 1e-12
    z = ((1.0 - weight) * np.log(np.maximum(neural, tiny)) + weight * np.log(np.maximum(lexical, tiny))) / temperature
    if keep is not None:
        z[..., keep] = -np.inf
    z -= z.max(-1, keepdims=True)
    e = np.exp(z)
    out = e / e.sum(-1, keepdims=True)
    if keep is not None:
        kept = neural[..., keep]
        out *= (1.0 - kept)[..., None]
        out[..., keep] = kept
    return out
