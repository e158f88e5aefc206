"""The typer's lexical expert: scikit-learn-identical features, file round trip, the product with the neural typer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventx.models.lexical import LexicalModelError, LexicalTyper, combine

CORPUS = [
    ("Police fired tear gas at protesters in the capital.", "Protest with intervention"),
    ("Protesters marched peacefully to parliament; police watched.", "Peaceful protest"),
    ("A grenade was thrown into a crowded market, wounding four.", "Grenade"),
    ("Two grenades exploded near the police station.", "Grenade"),
    ("Teachers staged a peaceful sit-in demanding their salaries.", "Peaceful protest"),
    ("Riot police used tear gas and batons to disperse the protest.", "Protest with intervention"),
    ("The central bank kept its interest rate unchanged.", "No event"),
    ("The football club signed a new striker on Monday.", "No event"),
]
LABELS = ["Grenade", "Peaceful protest", "Protest with intervention", "No event"]


def _fit(max_features: int | None = None) -> tuple[LexicalTyper, object, object]:
    pytest.importorskip("sklearn")
    from eventx.models.lexical_train import LexicalTrainConfig, fit_lexical

    cfg = LexicalTrainConfig(min_df=1, max_features=max_features, C=5.0)
    return fit_lexical([t for t, _ in CORPUS], [y for _, y in CORPUS], LABELS, cfg)


def test_features_and_probabilities_are_scikit_learns() -> None:
    model, vec, clf = _fit()
    texts = [
        "Police fired TEAR GAS at protesters; the protesters fled.",
        "A grenade, then another grenade, exploded.",
        "Nothing known here at all",
        "",
    ]
    ref = vec.transform(texts).toarray()
    for r, text in enumerate(texts):
        idx, vals = model.features(text)
        dense = np.zeros(len(model.terms))
        dense[idx] = vals
        np.testing.assert_allclose(dense, ref[r], atol=1e-12)
    cols = [list(clf.classes_).index(x) for x in LABELS]
    # the coefficients are kept as fp16, as they are stored
    np.testing.assert_allclose(model.predict_proba(texts), clf.predict_proba(vec.transform(texts))[:, cols], atol=2e-3)
    assert model.predict_proba(["A grenade exploded near the station."]).argmax() == LABELS.index("Grenade")


def test_save_and_load_round_trip(tmp_path) -> None:
    model, _, _ = _fit(max_features=30)
    assert len(model.terms) == 30
    written = model.save(tmp_path)
    assert {p.name for p in written} == {
        "typing_lexical.safetensors",
        "typing_lexical_vocab.txt.gz",
        "typing_lexical.json",
    }
    again = LexicalTyper.load(tmp_path)
    assert again.terms == model.terms and again.labels == LABELS
    texts = [t for t, _ in CORPUS]
    np.testing.assert_allclose(again.predict_proba(texts), model.predict_proba(texts), atol=1e-9)
    first = (tmp_path / "typing_lexical_vocab.txt.gz").read_bytes()
    model.save(tmp_path)
    assert (tmp_path / "typing_lexical_vocab.txt.gz").read_bytes() == first  # reproducible bytes (no mtime)


def test_missing_or_inconsistent_files_give_clear_errors(tmp_path) -> None:
    with pytest.raises(LexicalModelError, match="typing_lexical.yaml"):
        LexicalTyper.load(tmp_path)
    with pytest.raises(LexicalModelError, match="shapes disagree"):
        LexicalTyper(["A", "B"], ["x", "y"], np.ones(2), np.zeros((3, 2)), np.zeros(2))


def test_product_of_experts() -> None:
    neural = np.array([[0.6, 0.3, 0.1], [0.5, 0.49, 0.01]])
    lexical = np.array([[0.2, 0.7, 0.1], [0.001, 0.5, 0.499]])
    np.testing.assert_allclose(combine(neural, lexical, 0.0), neural)
    np.testing.assert_allclose(combine(neural, lexical, 1.0), lexical)
    both = combine(neural, lexical, 0.5)
    np.testing.assert_allclose(both.sum(1), 1.0)
    # the geometric mean: a type one expert all but rules out stays unlikely (row 2: type 0)
    assert both[1].argmax() == 1 and both[1, 0] < 0.05
    sharper = combine(neural, lexical, 0.5, temperature=0.5)
    assert sharper[0].max() > both[0].max()
    with pytest.raises(ValueError):
        combine(neural, lexical, 1.5)
    # keep=2: column 2 (the typer's "no event") stays the neural model's; the product shares out the rest
    kept = combine(neural, lexical, 0.5, keep=2)
    np.testing.assert_allclose(kept[:, 2], neural[:, 2])
    np.testing.assert_allclose(kept.sum(1), 1.0)
    free = combine(neural[:, :2], lexical[:, :2], 0.5)
    np.testing.assert_allclose(kept[:, :2], free * (1 - neural[:, 2:]), atol=1e-12)


def _one_word_expert(labels: list[str], word: str, label: str, strength: float) -> tuple[LexicalTyper, np.ndarray]:
    """A lexical expert with one term, pushing ``label`` by ``strength`` wherever ``word`` occurs."""
    coef = np.zeros((1, len(labels)), dtype=np.float32)
    coef[0, labels.index(label)] = strength
    return LexicalTyper(labels, [word], np.ones(1), coef, np.zeros(len(labels)), meta={"weight": 0.5}), coef


def test_event_typer_multiplies_in_the_lexical_expert() -> None:
    from helpers_models import tiny_typer

    from eventx.models.typing import EventTyper, TypingModelError

    base = tiny_typer("Armed clash")
    labels = base.labels
    # a one-term expert that is sure of Grenade whenever the word "grenade" occurs
    lexical, coef = _one_word_expert(labels, "grenade", "Grenade", 40.0)
    text = ["A grenade was thrown at the market.", "Soldiers fought rebels."]
    alone = base.predict(text)
    assert [p.sub_event_type for p in alone] == ["Armed clash", "Armed clash"]
    both = EventTyper(base.model, base.tokenizer, base.head, base.meta, lexical=lexical)
    assert both.lexical_weight == 0.5
    grenade, clash = both.predict(text)
    assert grenade.sub_event_type == "Grenade" and clash.sub_event_type == "Armed clash"
    # the expert helps choose the type, not whether there is an event
    assert grenade.no_event_prob == pytest.approx(alone[0].no_event_prob, abs=1e-9)
    assert abs(sum(grenade.probs.values()) + grenade.no_event_prob - 1) < 1e-6
    off = EventTyper(base.model, base.tokenizer, base.head, base.meta, lexical=lexical, lexical_weight=0.0)
    assert off.lexical is None and off.predict(text)[0].sub_event_type == "Armed clash"
    wrong = LexicalTyper(labels[:3], ["grenade"], np.ones(1), coef[:, :3], np.zeros(3))
    with pytest.raises(TypingModelError, match="labels differ"):
        EventTyper(base.model, base.tokenizer, base.head, base.meta, lexical=wrong)


def test_the_lexical_gate_spares_the_encoder_only_what_the_expert_calls_no_event() -> None:
    from helpers_models import tiny_typer

    from eventx.models.typing import EventTyper

    base = tiny_typer("Armed clash")
    # an expert sure of "no event" whenever the word "weather" occurs, undecided otherwise
    lexical, _ = _one_word_expert(base.labels, "weather", "No event", 60.0)
    typer = EventTyper(base.model, base.tokenizer, base.head, base.meta, lexical=lexical)
    texts = ["The weather was fine all week.", "Soldiers fought rebels near the river.", "", "Weather"]
    seen: list[int] = []
    hook = typer.model.register_forward_hook(lambda m, args, kw_out: seen.append(0), with_kwargs=False)
    try:
        full = typer.predict(texts)
        n_full = len(seen)
        seen.clear()
        gated = typer.predict(texts, gate=0.95, batch_size=1)
    finally:
        hook.remove()
    assert [p.gated for p in gated] == [True, False, False, True]
    assert len(seen) == 1  # one text of four went to the encoder (batch size 1)
    assert n_full >= 1
    weather, clash, empty, alone = gated
    assert weather.sub_event_type is None and weather.no_event_prob >= 0.95
    assert weather.n_tokens == len(base.tokenizer(texts[0], add_special_tokens=False)["input_ids"])
    assert clash == full[1]  # texts the gate lets through are typed exactly as without it
    assert empty == full[2] and empty.n_tokens == 0 and not empty.gated
    assert alone.sub_event_type is None
    assert [p.gated for p in typer.predict(texts)] == [False] * 4
    with pytest.raises(ValueError, match="gate"):
        typer.predict(texts, gate=0.2)
    # an expert stored with weight 0 (its training run found the product no better) still answers for the gate,
    # and has no say in the types; a caller's explicit weight 0 leaves it out altogether
    lexical.meta["weight"] = 0.0
    quiet = EventTyper(base.model, base.tokenizer, base.head, base.meta, lexical=lexical)
    assert quiet.lexical is None and quiet.lexical_weight == 0.0
    assert [p.gated for p in quiet.predict(texts, gate=0.95)] == [True, False, False, True]
    assert quiet.predict(texts, gate=0.95)[1] == base.predict(texts)[1]
    off = EventTyper(base.model, base.tokenizer, base.head, base.meta, lexical=lexical, lexical_weight=0.0)
    assert [p.gated for p in off.predict(texts, gate=0.95)] == [False] * 4


def test_an_expert_fitted_beside_other_typing_weights_is_not_used(tmp_path) -> None:
    import json
    import shutil
    import warnings

    from eventx.models.lexical import LEXICAL_META
    from eventx.models.typing import EventTyper

    shipped = Path(__file__).resolve().parents[1] / "eventx" / "weights" / "typing"
    if not LexicalTyper.exists(shipped):
        pytest.skip("no shipped lexical expert")
    folder = tmp_path / "typing"
    shutil.copytree(shipped, folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert EventTyper.load(folder).gate_expert is not None  # loaded (its weight in the product may be 0)
    meta = json.loads((folder / LEXICAL_META).read_text())
    meta["neural_sha256"] = "0" * 64  # as if the typer had been retrained since
    (folder / LEXICAL_META).write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match="typing_lexical.yaml"):
        typer = EventTyper.load(folder)
    assert typer.lexical is None and typer.lexical_weight == 0.0 and typer.gate_expert is None
