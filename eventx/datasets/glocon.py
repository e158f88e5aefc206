"""GLOCON gold, public samples (Hürriyetoğlu et al. 2021): protest-event labels at three levels.

- documents (``Sabinet_R.json``): South African news, label 0 = no protest event, 1 = protest event, 2 = other
  (as published; 5 documents);
- sentences (``Sabinet.json``): the same labels per sentence;
- token level (``*.folia.xml``): 5 Indian news articles with event triggers, participants, places, times,
  organisers and targets annotated on tokens (FoLiA XML).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from eventx.datasets._common import resolve

_FOLIA = "{http://ilk.uvt.nl/folia}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True)
class GloconDocument:
    id: str
    url: str
    text: str
    label: int


@dataclass(frozen=True)
class GloconSentence:
    id: str
    url: str
    sent_num: int
    text: str
    label: int
    last: bool


@dataclass(frozen=True)
class GloconEntity:
    """An annotated span: ``layer`` is the annotation set (Event, Participant, Target, Organizer, ...),
    ``label`` its class (etype, emention, loc, ...); ``start``/``end`` are token indices in the sentence."""

    layer: str
    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class GloconTokenSentence:
    id: str
    label: str | None
    tokens: tuple[str, ...]
    entities: tuple[GloconEntity, ...]


@dataclass(frozen=True)
class GloconArticle:
    id: str
    sentences: tuple[GloconTokenSentence, ...]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(s.tokens) for s in self.sentences)


def _jsonl(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{i}: not valid JSON: {exc.msg}") from None
    return out


def load_glocon_documents(path: str | Path | None = None) -> list[GloconDocument]:
    p = resolve(path, "glocon_gold_sample", "Sabinet_R.json")
    return [
        GloconDocument(id=str(d["id"]), url=d.get("url", ""), text=d["text"], label=int(d["label"])) for d in _jsonl(p)
    ]


def load_glocon_sentences(path: str | Path | None = None) -> list[GloconSentence]:
    p = resolve(path, "glocon_gold_sample", "Sabinet.json")
    return [
        GloconSentence(
            id=str(d["id"]),
            url=d.get("url", ""),
            sent_num=int(d.get("sent_num", 0)),
            text=d["sentence"],
            label=int(d["label"]),
            last=bool(d.get("last", False)),
        )
        for d in _jsonl(p)
    ]


def _layer(set_url: str) -> str:
    # ".../protes6-Participant.foliaset.xml" -> "Participant"
    name = set_url.rsplit("/", 1)[-1].removesuffix(".foliaset.xml")
    return name.split("-", 1)[-1]


def parse_folia(path: str | Path) -> GloconArticle:
    """One FoLiA file: sentences with tokens and their annotated spans."""
    root = ET.parse(path).getroot()
    sentences = []
    for s in root.iter(f"{_FOLIA}s"):
        words = s.findall(f"{_FOLIA}w")
        index = {w.get(_XML_ID): i for i, w in enumerate(words)}
        tokens = tuple((w.findtext(f"{_FOLIA}t") or "") for w in words)
        ents = []
        for e in s.iter(f"{_FOLIA}entity"):
            positions = sorted(index[r.get("id")] for r in e.findall(f"{_FOLIA}wref") if r.get("id") in index)
            if not positions:
                continue
            start, end = positions[0], positions[-1] + 1
            ents.append(
                GloconEntity(_layer(e.get("set", "")), e.get("class", ""), start, end, " ".join(tokens[start:end]))
            )
        sentences.append(GloconTokenSentence(s.get(_XML_ID, ""), s.get("class"), tokens, tuple(ents)))
    return GloconArticle(id=root.get(_XML_ID, Path(path).stem), sentences=tuple(sentences))


def load_glocon_articles(path: str | Path | None = None) -> list[GloconArticle]:
    """The token-annotated articles (every ``*.folia.xml`` in the folder, sorted)."""
    p = resolve(path, "glocon_gold_sample")
    files = sorted(p.glob("*.folia.xml")) if p.is_dir() else [p]
    return [parse_folia(f) for f in files]
