"""MUC-4 terrorism templates in the GRIT format (Du et al. 2021): documents with role-filler entities.

Each document maps five roles to entities; an entity is a list of coreferent mentions (strings as they appear in
the upper-case text). The roles map onto ACLED's: PerpInd/PerpOrg are actor1 candidates, Target/Victim actor2
candidates, Weapon a clue to the sub-event type. The test split is kept out of the shared folder as a hidden
evaluation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from eventx.datasets._common import resolve

#: GRIT role keys in file order, and the MUC-4 names they stand for.
ROLES: dict[str, str] = {
    "perp_individual_id": "PerpInd",
    "perp_organization_id": "PerpOrg",
    "phys_tgt_id": "Target",
    "hum_tgt_name": "Victim",
    "incident_instrument_id": "Weapon",
}
#: The five MUC-4 role names, in GRIT's file order.
MUC_ROLES: tuple[str, ...] = tuple(ROLES.values())
Split = Literal["train", "dev"]
_LINE_WRAP = re.compile(r"[ \t]*(?<!\n)\n(?!\n)[ \t]*")


def unwrap_lines(text: str) -> str:
    """Join the hard-wrapped lines of a paragraph (MUC-4 wire text breaks lines at ~70 columns); blank-line
    paragraph breaks stay. Without this every line of the all-capitals text reads as a paragraph of its own."""
    return _LINE_WRAP.sub(" ", text)


@dataclass(frozen=True)
class Muc4Document:
    """One MUC-4 document and its gold role fillers (role -> entities -> mentions)."""

    id: str
    text: str
    roles: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def entities(self, role: str) -> tuple[tuple[str, ...], ...]:
        """Entities of a role, by GRIT key (``perp_individual_id``) or MUC-4 name (``PerpInd``)."""
        key = {v: k for k, v in ROLES.items()}.get(role, role)
        if key not in ROLES:
            raise KeyError(f"unknown MUC-4 role {role!r}; expected one of {list(ROLES)} or {list(ROLES.values())}")
        return self.roles.get(key, ())

    def mention_spans(self, role: str) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, mention)`` of the first occurrence of every mention of a role.

        GRIT gives mentions as strings, not offsets: this finds them in the text (case-insensitively),
        for span-labelling by distant supervision. Mentions not found in the text are left out.
        """
        low = self.text.casefold()
        spans = []
        for entity in self.entities(role):
            for mention in entity:
                at = low.find(mention.casefold())
                if at >= 0:
                    spans.append((at, at + len(mention), mention))
        return spans


def load_muc4(path: str | Path | None = None, split: Split = "train") -> list[Muc4Document]:
    """Read ``train.json`` or ``dev.json`` (a JSON object: doc id -> {doc, roles}). ``path``: file or folder."""
    p = resolve(path, "conflibert_eval/muc4", f"{split}.json")
    with open(p, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{p}: expected a JSON object of documents keyed by id (GRIT format)")
    out = []
    for doc_id, item in data.items():
        if not isinstance(item, dict) or not isinstance(item.get("doc"), str):
            raise ValueError(f"{p}: document {doc_id!r} has no 'doc' text")
        raw_roles = item.get("roles") or item.get("extracts") or {}
        roles: dict[str, tuple[tuple[str, ...], ...]] = {}
        for key in ROLES:
            entities = raw_roles.get(key) or []
            roles[key] = tuple(tuple(str(m) for m in ent) for ent in entities if ent)
        out.append(Muc4Document(id=str(doc_id), text=item["doc"], roles=roles))
    return out
