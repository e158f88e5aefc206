"""Writing a benchmark's results: ``metrics.json``, ``report.md`` and PNG plots in one output folder.

Every benchmark returns a :class:`BenchResult`; :func:`write_result` is the only code that touches the disk, so the
file layout is the same for all of them: ``{"benchmark": NAME, "n": N, "metrics": {...}, ...}`` in
``metrics.json``, a readable report with the method (mappings, matching rules) beside the numbers, and plots drawn
with matplotlib's Agg backend (no display needed).
"""

from __future__ import annotations

import datetime as dt
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Table:
    """A table for the report: a title, column names and rows of cells."""

    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass
class Confusion:
    """A confusion matrix to plot: rows gold, columns predicted, in ``labels`` order."""

    title: str
    labels: list[str]
    matrix: list[list[int]]
    file: str = "confusion.png"


@dataclass
class Bars:
    """A bar chart (one bar per label), e.g. per-field accuracy or per-role F1."""

    title: str
    values: dict[str, float]
    file: str = "fields.png"
    xlabel: str = ""


@dataclass
class BenchResult:
    """What a benchmark measured and how: the metrics, the method notes, and what to draw."""

    benchmark: str
    n: int
    metrics: dict[str, Any]
    method: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    confusions: list[Confusion] = field(default_factory=list)
    bars: list[Bars] = field(default_factory=list)
    data: str | None = None
    command: str | None = None
    seconds: float | None = None
    model: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "n": self.n,
            "metrics": self.metrics,
            "data": self.data,
            "command": self.command,
            "seconds": None if self.seconds is None else round(self.seconds, 2),
            "model": self.model,
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": _cpus()},
            "method": self.method,
        }


def _cpus() -> int | None:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count()


def write_result(result: BenchResult, out_dir: str | Path) -> list[Path]:
    """Write metrics.json, report.md and the plots into ``out_dir`` (created); returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    payload = result.to_json()
    written = [out / "metrics.json", out / "report.md"]
    (out / "metrics.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    pngs = []
    for c in result.confusions:
        pngs.append(plot_confusion(c, out / c.file))
    for b in result.bars:
        pngs.append(plot_bars(b, out / b.file))
    (out / "report.md").write_text(render_markdown(result, payload, [p.name for p in pngs]), encoding="utf-8")
    return written + pngs


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) or abs(v) < 1 else f"{v:.4g}"
    return str(v)


def render_markdown(result: BenchResult, payload: dict[str, Any], images: list[str]) -> str:
    lines = [f"# Benchmark: {result.benchmark}", ""]
    lines.append(f"- date (UTC): {payload['date']}")
    lines.append(f"- n: {result.n}")
    if result.data:
        lines.append(f"- data: `{result.data}`")
    if result.command:
        lines.append(f"- command: `{result.command}`")
    if result.model:
        lines.append(f"- model: {result.model}")
    if result.seconds is not None:
        lines.append(f"- wall time: {result.seconds:.1f} s on {payload['machine']['cpus']} CPU(s)")
    lines.append("")
    headline = {k: v for k, v in result.metrics.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    if headline:
        lines += ["## Headline", "", "| metric | value |", "|---|---|"]
        lines += [f"| {k} | {_fmt(v)} |" for k, v in headline.items()]
        lines.append("")
    for t in result.tables:
        lines += [f"## {t.title}", "", "| " + " | ".join(t.header) + " |", "|" + "---|" * len(t.header)]
        lines += ["| " + " | ".join(_fmt(c) for c in row) + " |" for row in t.rows]
        lines.append("")
    if result.method:
        lines += ["## Method", ""]
        lines += [f"- {m}" for m in result.method]
        lines.append("")
    if images:
        lines += ["## Plots", ""]
        lines += [f"![{name}]({name})" for name in images]
        lines.append("")
    lines += ["All metrics (including per-label blocks) are in `metrics.json`.", ""]
    return "\n".join(lines)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(c: Confusion, path: Path) -> Path:
    """A confusion matrix as a heat map with counts; rows are gold, columns predicted."""
    plt = _pyplot()
    k = len(c.labels)
    size = max(4.0, 0.38 * k + 2.5)
    fig, ax = plt.subplots(figsize=(size + 1.0, size))
    try:
        im = ax.imshow(c.matrix if k else [[0]], cmap="Blues", aspect="auto")
        ax.set_xticks(range(k))
        ax.set_yticks(range(k))
        ax.set_xticklabels([_short(lab) for lab in c.labels], rotation=90, fontsize=7)
        ax.set_yticklabels([_short(lab) for lab in c.labels], fontsize=7)
        top = max((v for row in c.matrix for v in row), default=0)
        for i, row in enumerate(c.matrix):
            for j, v in enumerate(row):
                if v:
                    ax.text(
                        j, i, str(v), ha="center", va="center", fontsize=6, color="white" if v > top / 2 else "black"
                    )
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(c.title, fontsize=10)
        fig.colorbar(im, ax=ax, fraction=0.04)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)
    return path


def plot_bars(b: Bars, path: Path) -> Path:
    """Horizontal bars (values in 0..1 are drawn on a 0..1 axis)."""
    plt = _pyplot()
    labels = list(b.values)
    vals = [float(b.values[k]) for k in labels]
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.32 * len(labels) + 1.2)))
    try:
        ax.barh(range(len(labels)), vals, color="#4477aa")
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels(labels, fontsize=8)
        ax.invert_yaxis()
        if vals and all(0 <= v <= 1 for v in vals):
            ax.set_xlim(0, 1)
        for i, v in enumerate(vals):
            ax.text(v, i, f" {v:.2f}", va="center", fontsize=7)
        ax.set_xlabel(b.xlabel)
        ax.set_title(b.title, fontsize=10)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)
    return path


def _short(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
