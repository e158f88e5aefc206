"""The typer hands the role tagger its states at the shared-layer boundary: same spans, fewer layers run."""

from __future__ import annotations

import copy

import pytest
import torch

from eventx.models.layers import run_layers, shared_depth


def _tiny_bert(seed: int = 0):
    from transformers import BertConfig, BertModel

    torch.manual_seed(seed)
    cfg = BertConfig(
        vocab_size=100,
        hidden_size=16,
        num_hidden_layers=4,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    return BertModel(cfg).eval()


def test_shared_depth_counts_identical_leading_layers() -> None:
    a = _tiny_bert()
    b = copy.deepcopy(a)
    assert shared_depth(a, b) == 4
    with torch.no_grad():
        b.encoder.layer[2].output.dense.bias.add_(0.1)
    assert shared_depth(a, b) == 2
    with torch.no_grad():
        b.embeddings.word_embeddings.weight[5].add_(0.1)
    assert shared_depth(a, b) == 0
    assert shared_depth(a, _tiny_bert(seed=1)) == 0
    assert shared_depth(a, None) == 0
    assert shared_depth(a, a) == 4


def test_running_the_upper_layers_on_lower_states_gives_the_full_forward() -> None:
    model = _tiny_bert()
    ids = torch.tensor([[2, 7, 9, 11, 3], [2, 8, 3, 0, 0]])
    mask = (ids != 0).long()
    with torch.inference_mode():
        out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
        upper = run_layers(model.encoder.layer[1:], out.hidden_states[1], mask)
    for r, n in enumerate(mask.sum(1).tolist()):
        torch.testing.assert_close(upper[r, :n], out.last_hidden_state[r, :n], atol=1e-5, rtol=1e-5)


@pytest.fixture(scope="module")
def shipped():
    from eventx.models.roles import RoleTagger
    from eventx.models.typing import EventTyper

    return EventTyper.load(), RoleTagger.load()


def test_the_shipped_tagger_reuses_the_typers_states_with_the_same_spans(shipped) -> None:
    typer, tagger = shipped
    depth = shared_depth(typer.model, tagger.model)
    assert depth == 3  # both keep the base encoder's embeddings and layers 0-2 (configs/train/*.yaml)
    texts = [
        "Police fired tear gas at students protesting in Nairobi on Monday, injuring 12.",
        "Al Shabaab militants attacked a military base near Kismayo, killing four soldiers.",
        "",
        "The weather was pleasant.",
        " ".join(["Rebels shelled the town of Bor."] * 30),  # longer than one window: read afresh
    ]
    plain = typer.predict(texts)
    preds, states = typer.predict_with_states(texts, depth)
    assert [(p.sub_event_type, round(p.prob, 6)) for p in preds] == [
        (p.sub_event_type, round(p.prob, 6)) for p in plain
    ]
    assert states[2] is None and states[4] is None
    assert states[0] is not None and states[0].shape[0] == len(typer.tokenizer(texts[0])["input_ids"])
    fresh = tagger.tag(texts)
    reused = tagger.tag(texts, lower=(depth, states))
    assert [[(s.role, s.start, s.end) for s in spans] for spans in reused] == [
        [(s.role, s.start, s.end) for s in spans] for spans in fresh
    ]
    for a, b in zip(fresh, reused, strict=True):
        assert [round(s.score, 4) for s in a] == [round(s.score, 4) for s in b]
    with pytest.raises(ValueError, match="lower states"):
        tagger.tag(texts, lower=(depth, states[:2]))


def test_the_extractor_shares_the_layers_and_records_match(shipped) -> None:
    from eventx.pipeline.extractor import Extractor
    from eventx.schema import Article

    typer, tagger = shipped
    art = Article(
        id="a1",
        text="Police fired tear gas at students protesting in Nairobi on Monday, injuring 12. "
        "The students had marched to demand lower fees.",
        published="2024-03-05",
    )
    shared = Extractor(typer=typer, tagger=tagger)
    assert shared.shared_depth == 3
    alone = Extractor(typer=typer, tagger=tagger)
    alone.shared_depth = 0
    dump = [r.model_dump(mode="json", exclude={"extracted_at"}) for r in shared.extract(art)]
    assert dump and dump == [r.model_dump(mode="json", exclude={"extracted_at"}) for r in alone.extract(art)]
