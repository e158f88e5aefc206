"""CoNLL-2003 English NER (``TOKEN POS CHUNK NER`` per line, IOB1 tags). Reuters-derived, research use only:
never copy or ship it; users obtain it themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from eventx.datasets._common import resolve

Split = Literal["train", "valid", "test"]


@dataclass(frozen=True)
class ConllSentence:
    tokens: tuple[str, ...]
    pos: tuple[str, ...]
    chunk: tuple[str, ...]
    ner: tuple[str, ...]
    doc: int  # index of the document (-DOCSTART- blocks) the sentence belongs to

    @property
    def bio(self) -> tuple[str, ...]:
        return iob1_to_bio(self.ner)


def iob1_to_bio(tags: Sequence[str]) -> tuple[str, ...]:
    """IOB1 (I- opens a span unless it continues the same type) to BIO (every span opens with B-)."""
    out = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return tuple(out)


def load_conll2003(path: str | Path | None = None, split: Split = "train") -> list[ConllSentence]:
    """Sentences of one split; ValueError names the line of a malformed token line."""
    p = resolve(path, "conll2003_en", f"{split}.txt")
    sentences: list[ConllSentence] = []
    rows: list[list[str]] = []
    doc = -1

    def flush() -> None:
        if rows:
            cols = list(zip(*rows, strict=True))
            sentences.append(ConllSentence(cols[0], cols[1], cols[2], cols[3], max(doc, 0)))
            rows.clear()

    with open(p, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            parts = line.split()
            if not parts:
                flush()
                continue
            if parts[0] == "-DOCSTART-":
                flush()
                doc += 1
                continue
            if len(parts) != 4:
                raise ValueError(f"{p}:{lineno}: expected 4 columns (token POS chunk NER), got {len(parts)}")
            rows.append(parts)
    flush()
    return sentences
