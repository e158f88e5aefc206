"""Dataset loaders: parsers on invented inputs always; on ../shared/data when it is there (skipped otherwise)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventx.datasets._text import repair_mojibake
from eventx.datasets.case2021 import ACLED_LABELS, UNSEEN_LABELS, load_case2021
from eventx.datasets.conll import iob1_to_bio, load_conll2003
from eventx.datasets.glocon import load_glocon_articles, load_glocon_documents, load_glocon_sentences
from eventx.datasets.ipe import LABELS, load_ipe_documents, load_ipe_sentences
from eventx.datasets.muc4 import load_muc4
from eventx.datasets.plover import load_plover
from eventx.ontology import load_ontology

# --- parsers on invented inputs ---------------------------------------------------------------------------------


def test_case_labels_cover_the_codebook():
    assert sorted(ACLED_LABELS.values()) == sorted(load_ontology().sub_event_type_names)
    assert not set(UNSEEN_LABELS) & set(ACLED_LABELS)


def test_case_loader_on_invented_file(tmp_path: Path):
    (tmp_path / "dev_sample.tsv").write_text(
        "id\tEventSnippet\tSubType\n1\tTroops shelled a village.\tART_MISS_ATTACK\n2\tA flood hit the valley.\tNATURAL_DISASTER\n",
        encoding="utf-8",
    )
    a, b = load_case2021(tmp_path)
    assert a.sub_event_type == "Shelling/artillery/missile attack" and a.event_type == "Explosions/Remote violence"
    assert b.sub_event_type is None and not b.seen
    (tmp_path / "dev_sample.tsv").write_text("id\tEventSnippet\tSubType\n1\tx\tNOPE\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r":2: unknown CASE label"):
        load_case2021(tmp_path)


def test_conll_iob1_to_bio_and_loader(tmp_path: Path):
    assert iob1_to_bio(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == (
        "B-PER",
        "I-PER",
        "O",
        "B-LOC",
        "B-LOC",
        "B-ORG",
    )
    p = tmp_path / "train.txt"
    p.write_text(
        "-DOCSTART- -X- -X- O\n\nAnna NNP B-NP I-PER\nran VBD B-VP O\n\nOslo NNP B-NP I-LOC\n", encoding="utf-8"
    )
    s1, s2 = load_conll2003(p)
    assert s1.tokens == ("Anna", "ran") and s1.bio == ("B-PER", "O") and s2.ner == ("I-LOC",)
    p.write_text("Anna NNP I-PER\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":1: expected 4 columns"):
        load_conll2003(p)


def test_muc4_loader_on_invented_file(tmp_path: Path):
    doc = {
        "D1": {
            "doc": "GUERRILLAS BOMBED THE POWER STATION IN TOWNX.",
            "roles": {
                "perp_individual_id": [["GUERRILLAS"]],
                "phys_tgt_id": [["POWER STATION", "STATION"]],
                "hum_tgt_name": [],
                "incident_instrument_id": [],
                "perp_organization_id": [],
            },
        }
    }
    (tmp_path / "train.json").write_text(json.dumps(doc), encoding="utf-8")
    (d,) = load_muc4(tmp_path)
    assert d.entities("PerpInd") == (("GUERRILLAS",),)
    assert d.mention_spans("Target")[0] == (22, 35, "POWER STATION")
    with pytest.raises(KeyError):
        d.entities("Nope")


def test_plover_markup(tmp_path: Path):
    recs = [
        {"id": "H", "event": "DOCUMENT"},
        {
            "id": "P1",
            "event": "PROTEST",
            "text": "Farmers protested in Xtown.",
            "source": [{"actorText": "Farmers", "code": "XLD", "sector": "AGR"}],
            "target": "",
            "textInfo": {"markup": "(SRC: Farmers) (EVT: protested) in (SRC/LOC: Xtown)."},
        },
    ]
    (tmp_path / "PLOVER_GSR_CAMEO.txt").write_text(json.dumps(recs), encoding="utf-8")
    (r,) = load_plover(tmp_path)
    assert r.source[0].code == "XLD" and r.target == ()
    assert r.marked("SRC") == ["Farmers", "Xtown"] and r.marked("EVT") == ["protested"] and r.marked("LOC") == ["Xtown"]


def test_repair_mojibake():
    assert (
        repair_mojibake("the â€˜bhoomi pujanâ€™ and â€œquotesâ€\ufffd")
        == "the \u2018bhoomi pujan\u2019 and \u201cquotes\u201d"
    )
    assert repair_mojibake("caf\u00e9 Zürich \u2014 plain") == "caf\u00e9 Zürich \u2014 plain"


def test_missing_path_says_so(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        load_muc4(tmp_path / "nowhere")


# --- the real data (skipped without ../shared/data) ----------------------------------------------------------


@pytest.mark.data
def test_case2021_dev_sample(data_path):
    ex = load_case2021(data_path("case2021_task2"))
    assert len(ex) == 120 and len({e.label for e in ex}) == 30
    assert sum(e.seen for e in ex) == 100


@pytest.mark.data
def test_muc4(data_path):
    folder = data_path("conflibert_eval/muc4")
    train, dev = load_muc4(folder, "train"), load_muc4(folder, "dev")
    assert (len(train), len(dev)) == (1300, 200)
    assert sum(bool(d.entities("PerpInd")) for d in train) > 300
    found = [s for d in train[:100] for s in d.mention_spans("Target")]
    assert found and all(
        d.text[s:e].casefold() == m.casefold() for d in train[:100] for s, e, m in d.mention_spans("Target")
    )


@pytest.mark.data
def test_plover(data_path):
    recs = load_plover(data_path("plover_gsr_cameo"))
    assert len(recs) == 322 and sum(r.event == "AGREE" for r in recs) == 40
    assert all(r.text for r in recs) and sum(bool(r.marked("EVT")) for r in recs) > 300


@pytest.mark.data
def test_ipe(data_path):
    folder = data_path("india_police_events")
    docs = load_ipe_documents(folder)
    assert len(docs) == 1257 and sum("KILL" in d.labels for d in docs) == 50
    assert all(d.date is not None for d in docs) and not any("\u00e2\u20ac" in d.text for d in docs)
    sents = load_ipe_sentences(folder)
    assert len(sents) == 21391 and sum("ARREST" in s.labels for s in sents) == 301
    assert {lab for s in sents for lab in s.labels} <= set(LABELS)


@pytest.mark.data
def test_glocon(data_path):
    folder = data_path("glocon_gold_sample")
    docs, sents, arts = load_glocon_documents(folder), load_glocon_sentences(folder), load_glocon_articles(folder)
    assert len(docs) == 1050 and sum(d.label == 1 for d in docs) == 107
    assert len(sents) == 1952 and sum(s.label == 1 for s in sents) == 398
    assert len(arts) == 5 and all(a.sentences for a in arts)
    ents = [e for a in arts for s in a.sentences for e in s.entities]
    assert {"Event", "Participant"} <= {e.layer for e in ents}
    assert all(e.text for e in ents)


@pytest.mark.data
def test_conll2003(data_path):
    folder = data_path("conll2003_en")
    train = load_conll2003(folder, "train")
    assert len(train) == 14041 and sum(len(s.tokens) for s in train) == 203621
    assert len(load_conll2003(folder, "valid")) == 3250 and len(load_conll2003(folder, "test")) == 3453


@pytest.mark.data
def test_acled_exports_found_and_read(shared_data):
    import itertools

    from eventx.datasets.acled import find_acled_exports, iter_acled_exports

    files = find_acled_exports(shared_data)
    assert len(files) >= 80
    sample = list(itertools.islice(iter_acled_exports(files[0]), 200))
    assert sample and sum(i.result.record is not None for i in sample) >= 190
