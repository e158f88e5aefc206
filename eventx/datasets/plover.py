"""PLOVER gold-standard records (Open Event Data Alliance, CC BY-SA 4.0): sentences coded with a PLOVER event
category, source and target actors, and inline span markup. Used as a benchmark for actor roles.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from eventx.datasets._common import resolve

_MARK = re.compile(r"\(([A-Z]+(?:/[A-Z]+)*):\s*([^()]*?)\)")


@dataclass(frozen=True)
class PloverActor:
    text: str
    code: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class PloverRecord:
    """One coded sentence. ``markup`` marks spans inline: ``(SRC: ...)``, ``(TAR: ...)``, ``(EVT: ...)``."""

    id: str
    text: str
    event: str
    event_text: str | None
    context: str | None
    mode: str | None
    date: str | None
    source: tuple[PloverActor, ...]
    target: tuple[PloverActor, ...]
    markup: str | None
    location: str | None
    language: str | None

    def marked(self, kind: str) -> list[str]:
        """Texts marked ``kind`` (SRC, TAR or EVT) in the markup; SRC/TAR spans count for both."""
        if not self.markup:
            return []
        return [m.group(2).strip() for m in _MARK.finditer(self.markup) if kind in m.group(1).split("/")]


def _actors(value: object) -> tuple[PloverActor, ...]:
    if not isinstance(value, list):  # the file writes "" or null for "no target"
        return ()
    out = []
    for a in value:
        if isinstance(a, dict) and a.get("actorText"):
            out.append(
                PloverActor(text=str(a["actorText"]), code=a.get("code") or None, sector=a.get("sector") or None)
            )
    return tuple(out)


def load_plover(path: str | Path | None = None) -> list[PloverRecord]:
    """Read ``PLOVER_GSR_CAMEO.txt`` (a JSON array); the DOCUMENT header record is left out."""
    p = resolve(path, "plover_gsr_cameo", "PLOVER_GSR_CAMEO.txt")
    with open(p, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, list):
        raise ValueError(f"{p}: expected a JSON array of records")
    out = []
    for i, rec in enumerate(data):
        if not isinstance(rec, dict) or rec.get("event") == "DOCUMENT":
            continue
        if not rec.get("text") or not rec.get("event"):
            raise ValueError(f"{p}: record {i} ({rec.get('id')!r}) has no text or event")
        loc = rec.get("eventLoc")
        info = rec.get("textInfo")
        out.append(
            PloverRecord(
                id=str(rec.get("id", i)),
                text=rec["text"],
                event=rec["event"],
                event_text=rec.get("eventText") or None,
                context=rec.get("context") or None,
                mode=rec.get("mode") or None,
                date=rec.get("date") or None,
                source=_actors(rec.get("source")),
                target=_actors(rec.get("target")),
                markup=info.get("markup") if isinstance(info, dict) else None,
                location=loc.get("name") if isinstance(loc, dict) else None,
                language=rec.get("language") or None,
            )
        )
    return out
