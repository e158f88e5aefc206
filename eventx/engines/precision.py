"""Reduced precision, applied around the Extractor rather than inside the model code.

* ``bf16`` / ``fp16``: ``torch.autocast`` runs the matrix products of every model the Extractor calls (typer, role
  tagger) in 16 bits while keeping softmax and reductions in fp32, so the same weights and code serve CPU and GPU.
  ``auto`` picks bf16 (else fp16) on CUDA. On CPU, bf16 is opt-in: it measured ~1.9x faster than fp32 for the typer
  on this machine's AVX-512-BF16 cores, but is slower than fp32 on CPUs without bf16 instructions.
* ``int8`` (CPU only): dynamic int8 quantisation of the encoders' Linear layers (``torch.ao.quantization``);
  measured ~2.6x faster than fp32 for the typer on AVX-512-VNNI cores. Probabilities move slightly (see
  benchmarks/results/throughput.md for the label agreement with fp32), so it is opt-in.

The default stays fp32 on CPU: records are then exactly those of the reference pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

PRECISIONS = ("auto", "fp32", "bf16", "fp16", "int8")


def resolve_precision(device: str, precision: str = "auto") -> Any:
    """The torch dtype to autocast to on ``device`` (None = plain fp32). ValueError for a combination that cannot
    run: fp16 on CPU, or a CUDA device when torch sees none."""
    import torch

    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; one of {', '.join(PRECISIONS)}")
    kind = device.split(":")[0]
    if kind == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' was asked for but torch sees no CUDA GPU (torch.cuda.is_available() is False)")
    if precision == "fp32":
        return None
    if precision == "int8":
        if kind == "cuda":
            raise ValueError("int8 is a CPU option; on cuda use bf16 or fp16 (default: auto)")
        return torch.qint8
    if precision == "auto":
        if kind != "cuda":
            return None
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if kind != "cuda" and precision == "fp16":
        raise ValueError("fp16 autocast needs a CUDA device; on CPU use fp32 (default) or bf16")
    return torch.bfloat16 if precision == "bf16" else torch.float16


class PrecisionExtractor:
    """An Extractor whose model calls run under ``torch.autocast``; same ``extract_many`` contract, same results
    order. Other attributes (``config``, ``model_info``) are the wrapped Extractor's."""

    def __init__(self, extractor: Any, dtype: Any) -> None:
        self.inner = extractor
        self.dtype = dtype
        self.device_type = str(extractor.config.models.device).split(":")[0]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def extract_many(self, articles: Iterable[Any], batch_size: int = 16) -> Iterator[Any]:
        import torch

        # Materialised inside the context: autocast state is per thread and must not leak into the caller's code
        # while a generator is suspended.
        with torch.autocast(device_type=self.device_type, dtype=self.dtype):
            results = list(self.inner.extract_many(articles, batch_size=batch_size))
        yield from results


def quantize_int8(extractor: Any) -> Any:
    """Replace the encoders of the Extractor's typer and role tagger by int8 dynamically quantised copies (CPU).

    The task heads stay fp32. Returns the same Extractor, changed in place (it was built for this run)."""
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic

    for name in ("typer", "tagger"):
        model_holder = getattr(extractor, name, None)
        model = getattr(model_holder, "model", None)
        if isinstance(model, torch.nn.Module):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch announces a successor API; this one is what ships today
                model_holder.model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return extractor


def with_precision(extractor: Any, precision: str = "auto") -> Any:
    """``extractor`` itself for fp32, quantised for int8, else wrapped in :class:`PrecisionExtractor`."""
    import torch

    dtype = resolve_precision(str(extractor.config.models.device), precision)
    if dtype is None:
        return extractor
    if dtype == torch.qint8:
        return quantize_int8(extractor)
    return PrecisionExtractor(extractor, dtype)
