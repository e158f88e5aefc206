"""The MUC-4 role head's data preparation and plumbing (its accuracy is a benchmark: eventx bench muc4)."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from eventx.datasets.muc4 import MUC_ROLES, unwrap_lines
from eventx.models.muc4_head import LABELS, Muc4Head
from eventx.models.muc4_train import piece_labels, sentences, silver_spans


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


def _grit_folder(tmp_path: Path) -> Path:
    docs = {
        "DEV-MUC3-0001": {
            "doc": "TERRORISTS OF THE FMLN BOMBED THE POWER STATION IN SAN SALVADOR.\nTWO GUARDS DIED.",
            "roles": {"perp_organization_id": [["FMLN"]], "phys_tgt_id": [["POWER STATION"]]},
        },
        "DEV-MUC3-0002": {"doc": "THE PRESIDENT MET THE AMBASSADOR TODAY.", "roles": {}},
    }
    (tmp_path / "train.json").write_text(json.dumps(docs), encoding="utf-8")
    return tmp_path


def test_training_windows_are_cut_and_labelled_as_inference_reads_them(tmp_path: Path) -> None:
    from eventx.models.encoder import load_tokenizer
    from eventx.models.muc4_train import Muc4HeadConfig, build_windows

    tok = load_tokenizer(None)
    cfg = Muc4HeadConfig(data=str(_grit_folder(tmp_path)), output_dir=str(tmp_path / "out"), trained_layers=1)
    windows = build_windows(cfg, tok, max_length=8, stride=2)
    # every window: [CLS] + at most 6 pieces + [SEP], the special tokens unlabelled
    assert all(ids[0] == tok.cls_token_id and ids[-1] == tok.sep_token_id and len(ids) <= 8 for ids, _ in windows)
    assert all(lab[0] == -100 and lab[-1] == -100 and len(lab) == len(ids) for ids, lab in windows)
    words = [
        (tok.convert_ids_to_tokens(i), LABELS[label])
        for ids, labs in windows
        for i, label in zip(ids, labs, strict=True)
        if label > 0
    ]
    assert ("fm", "B-PerpOrg") in words and ("power", "B-Target") in words and ("station", "I-Target") in words
    # one positive-free window kept per window with a filler, at most
    pos = sum(1 for _, lab in windows if any(x > 0 for x in lab))
    assert 0 < len(windows) - pos <= pos


def test_fine_tuned_layers_load_into_a_copy_of_the_tagger(tmp_path: Path) -> None:
    from safetensors.torch import save_file

    from eventx.models.roles import RoleTagger

    tagger = RoleTagger.load()
    last = len(tagger.model.encoder.layer) - 1
    before = {k: v.clone() for k, v in tagger.model.encoder.layer[last].state_dict().items()}
    state = {f"layers.0.{k}": torch.full_like(v, 0.01) for k, v in before.items()}
    state.update({"linear.weight": torch.zeros(len(LABELS), tagger.model.config.hidden_size)})
    state["linear.bias"] = torch.zeros(len(LABELS))
    state["linear.bias"][LABELS.index("B-PerpInd")] = 5.0
    save_file(state, str(tmp_path / "muc4_head.safetensors"))
    (tmp_path / "muc4_head.json").write_text(json.dumps({"trained_layers": [last]}), encoding="utf-8")
    head = Muc4Head.load(tmp_path, tagger=tagger)
    assert head.tagger is not tagger
    got = head.tagger.model.encoder.layer[last].state_dict()
    assert all(torch.allclose(got[k], torch.full_like(got[k], 0.01)) for k in got)
    # the shared tagger keeps its own weights
    assert all(torch.equal(tagger.model.encoder.layer[last].state_dict()[k], v) for k, v in before.items())
    assert [s.role for s in head.tag(["GUERRILLAS ATTACKED"])[0]] == ["PerpInd", "PerpInd"]


def test_words_are_decoded_whole_from_unsure_pieces() -> None:
    from eventx.models.muc4_head import decode_words

    text = "MAYOR ARMANSIO QUISPE DIED"
    # pieces: mayor | arm ##ans ##io | qui ##sp ##e | died; the name's pieces waver between O and I-Victim
    offsets = [(0, 5), (6, 9), (9, 12), (12, 14), (15, 18), (18, 20), (20, 21), (22, 26)]
    probs = torch.zeros(len(offsets), len(LABELS))
    o, b, i = 0, LABELS.index("B-Victim"), LABELS.index("I-Victim")
    for k, (po, pb, pi) in enumerate(
        [(0.99, 0.0, 0.01), (0.3, 0.6, 0.1), (0.44, 0.0, 0.56), (0.61, 0.0, 0.39)]
        + [(0.57, 0.0, 0.43), (0.73, 0.0, 0.27), (0.42, 0.0, 0.58), (0.99, 0.0, 0.01)]
    ):
        probs[k, o], probs[k, b], probs[k, i] = po, pb, pi
    # per-piece argmax keeps fragments of the name
    best, idx = probs.max(-1)
    from eventx.models.roles import decode_bio

    assert [s.text for s in decode_bio([LABELS[j] for j in idx.tolist()], offsets, text)] == ["ARMANSIO", "QUISPE"]
    spans = decode_words(probs, offsets, text, threshold=0.4)
    assert [(s.role, s.text) for s in spans] == [("Victim", "ARMANSIO QUISPE")]
    assert decode_words(probs, offsets, text, threshold=0.6) == []


def test_predicted_mentions_of_one_entity_are_one_entity() -> None:
    from eventx.bench.muc4 import entities_from_spans
    from eventx.models.roles import RoleSpan

    spans = [
        RoleSpan("Victim", 0, 9, "JARAMILLO", 0.9),
        RoleSpan("Victim", 20, 38, "BERNARDO JARAMILLO", 0.7),
        RoleSpan("Victim", 40, 45, "PEDRO", 0.5),
        RoleSpan("PerpOrg", 50, 54, "FMLN", 0.8),
    ]
    assert entities_from_spans(spans)["Victim"] == [["BERNARDO JARAMILLO"], ["PEDRO"]]
    got = entities_from_spans(spans, min_score=0.6)
    assert got["Victim"] == [["BERNARDO JARAMILLO"]] and got["PerpOrg"] == [["FMLN"]] and got["Target"] == []
