"""CASE 2021 Task 2: fine-grained event classification of news-like snippets (ACLED's 25 sub-event types +
5 "unseen" types).

The folder holds a 120-row dev sample of the official test set. It is for evaluation only: never train or tune
on it (the other 899 rows are kept out as a hidden evaluation).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from eventx.datasets._common import resolve
from eventx.ontology import load_ontology

#: CASE label code -> ACLED sub-event type.
ACLED_LABELS: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
#: Labels outside ACLED's codebook (subtasks 2 and 3).
UNSEEN_LABELS: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
CODE_OF: dict[str, str] = {v: k for k, v in ACLED_LABELS.items()}


@dataclass(frozen=True)
class CaseExample:
    """One snippet with its gold label; ``sub_event_type`` is None for the unseen (non-ACLED) labels."""

    id: str
    text: str
    label: str
    sub_event_type: str | None
    event_type: str | None

    @property
    def seen(self) -> bool:
        return self.sub_event_type is not None


def load_case2021(path: str | Path | None = None) -> list[CaseExample]:
    """Read the dev sample (``dev_sample.tsv``: id, EventSnippet, SubType). ``path``: the file or its folder.

    ValueError names the line of a row with an unknown label or a missing cell.
    """
    p = resolve(path, "case2021_task2", "dev_sample.tsv")
    onto = load_ontology()
    out = []
    with open(p, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            line = reader.line_num
            label = (row.get("SubType") or "").strip()
            text = (row.get("EventSnippet") or "").strip()
            if not text or not label:
                raise ValueError(f"{p}:{line}: missing EventSnippet or SubType")
            if label in ACLED_LABELS:
                sub = ACLED_LABELS[label]
                et: str | None = onto.event_type_of(sub)
            elif label in UNSEEN_LABELS:
                sub, et = None, None
            else:
                raise ValueError(f"{p}:{line}: unknown CASE label {label!r}")
            out.append(
                CaseExample(
                    id=str(row.get("id", "")).strip(), text=text, label=label, sub_event_type=sub, event_type=et
                )
            )
    return out
