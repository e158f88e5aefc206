"""The MUC-4 role head's data preparation and plumbing (its accuracy is a benchmark: eventx bench muc4)."""

from __future__ import annotations

import torch

from eventx.datasets.muc4 import MUC_ROLES, unwrap_lines
from eventx.models.muc4_head import LABELS, Muc4Head, piece_labels, sentences, silver_spans


def test_unwrap_and_sentences_keep_paragraphs() -> None:
    text = unwrap_lines("GUERRILLAS ATTACKED THE\nPOWER STATION.  TWO DIED.\n\nPOLICE\nARRIVED.")
    assert text == "GUERRILLAS ATTACKED THE POWER STATION.  TWO DIED.\n\nPOLICE ARRIVED."
    assert [text[a:b] for a, b in sentences(text)] == [
        "GUERRILLAS ATTACKED THE POWER STATION.",
        "TWO DIED.",
        "POLICE ARRIVED.",
    ]


def test_silver_spans_are_whole_words_and_longest_first() -> None:
    sent = "URBAN GUERRILLAS OF THE FMLN BOMBED THE POWER STATION; THE GUERRILLAS FLED."
    spans = silver_spans(
        sent, {"PerpInd": ["GUERRILLAS", "URBAN GUERRILLAS"], "PerpOrg": ["FMLN"], "Target": ["STATION"]}
    )
    assert [(sent[a:b], r) for a, b, r in spans] == [
        ("URBAN GUERRILLAS", "PerpInd"),
        ("FMLN", "PerpOrg"),
        ("STATION", "Target"),
        ("GUERRILLAS", "PerpInd"),
    ]
    assert silver_spans("THE FMLNX", {"PerpOrg": ["FMLN"]}) == []


def test_piece_labels_follow_spans() -> None:
    # pieces: [CLS] the fm ##ln fled [SEP]
    offsets = [(0, 0), (0, 3), (4, 6), (6, 8), (9, 13), (0, 0)]
    labels = piece_labels(offsets, [(4, 8, "PerpOrg")])
    assert [LABELS[i] for i in labels] == ["O", "O", "B-PerpOrg", "I-PerpOrg", "O", "O"]


def test_head_tags_whole_words_with_muc_roles() -> None:
    from eventx.models.roles import RoleTagger

    tagger = RoleTagger.load()
    linear = torch.nn.Linear(tagger.model.config.hidden_size, len(LABELS))
    with torch.no_grad():
        linear.weight.zero_()
        linear.bias.zero_()
        linear.bias[LABELS.index("B-Weapon")] = 5.0  # every piece opens a Weapon span
    head = Muc4Head(tagger, linear, {})
    text = "TERRORISTS DETONATED DYNAMITE"
    spans = head.tag([text, ""])
    assert spans[1] == []
    assert [s.text for s in spans[0]] == text.split()
    assert {s.role for s in spans[0]} <= set(MUC_ROLES)
