"""Event typing: rewrites, split, training loop on a tiny random BERT, save/load round trip, chunking, shipped weights."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from eventx.models.typing_data import (
    NO_EVENT,
    CountrySplit,
    Example,
    clean_note,
    hash_fraction,
    is_clean_negative,
    make_country_split,
    newsify,
    note_views,
)
from eventx.models.typing_train import (
    META_FILE,
    WEIGHTS_FILE,
    cache_lower,
    encode_labels,
    fit_temperature,
    label_list,
    predict_logits,
    save_typing_model,
    softmax,
    split_encoder,
    train_upper,
)

SHIPPED = Path(__file__).resolve().parents[1] / "eventx" / "weights" / "typing"


# --------------------------------------------------------------------------- data rewrites and split


def test_newsify_drops_lead_dates_and_tags() -> None:
    note = "On 3 March 2021, soldiers clashed with rebels near Townville on 3 March 2021. [size=no report]"
    assert clean_note(note) == "On 3 March 2021, soldiers clashed with rebels near Townville on 3 March 2021."
    assert newsify(note) == "Soldiers clashed with rebels near Townville."
    assert newsify("Around 1 August 2020, a crowd gathered.") == "A crowd gathered."
    assert newsify("On or around 12 May 2019 (month of), police arrested 3 men.") == "Police arrested 3 men."
    assert newsify("A march took place in Springfield.") == "A march took place in Springfield."


def test_note_views_distinct_and_first_sentence() -> None:
    views = note_views("On 2 May 2020, gunmen attacked a bus in Hilltown. Two passengers were killed in the attack.")
    assert len(views) == len(set(views)) == 3
    assert views[-1] == "Gunmen attacked a bus in Hilltown."


def test_country_split_is_stable_and_recorded(tmp_path: Path) -> None:
    countries = [f"Country {i}" for i in range(200)]
    dev = make_country_split(countries, salt="s", fraction=0.25)
    assert dev == make_country_split(list(reversed(countries)), salt="s", fraction=0.25)
    assert 20 < len(dev) < 80
    assert all(hash_fraction(c, "s") < 0.25 for c in dev)
    split = CountrySplit("s", 0.25, frozenset(dev))
    split.dump(tmp_path / "split.yaml", comment="test")
    again = CountrySplit.load(tmp_path / "split.yaml")
    assert again == split and again.is_dev(dev[0].upper())


def test_recorded_split_file_loads() -> None:
    split = CountrySplit.load(
        Path(__file__).resolve().parents[1] / "configs" / "splits" / "acled_typing_dev_countries.yaml"
    )
    assert split.dev_countries and not split.is_dev("Somalia")


def test_negative_filter_rejects_event_sentences() -> None:
    assert is_clean_negative("The central bank left its interest rate unchanged at the meeting on Thursday.")
    assert not is_clean_negative("Police fired tear gas at protesters gathered outside the parliament building.")
    assert not is_clean_negative("Too short.")


# --------------------------------------------------------------------------- tiny model: training + round trip


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 3-layer BERT saved with the real MiniLM tokenizer: exercises the code with no trained weights."""
    from transformers import BertConfig, BertModel

    from eventx.models.encoder import load_tokenizer

    tok = load_tokenizer()
    torch.manual_seed(0)
    cfg = BertConfig(
        vocab_size=tok.vocab_size,
        hidden_size=32,
        num_hidden_layers=3,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    folder = tmp_path_factory.mktemp("tiny_bert")
    BertModel(cfg).save_pretrained(folder, safe_serialization=True)
    tok.save_pretrained(folder)
    return folder


def _synthetic(n: int) -> list[Example]:
    rng = random.Random(1)
    words = {
        "Armed clash": "soldiers fought rebels",
        "Peaceful protest": "crowd marched peacefully",
        NO_EVENT: "shares rose on markets",
    }
    out = []
    for i in range(n):
        label = list(words)[i % 3]
        out.append(
            Example(f"{words[label]} {' '.join(rng.choice(['a', 'b', 'c']) for _ in range(i % 7))}", label, "syn")
        )
    return out


def test_training_loop_learns_and_round_trips(tiny_folder: Path, tmp_path: Path) -> None:
    from eventx.models.encoder import load_encoder, load_tokenizer
    from eventx.models.typing import EventTyper

    enc, tok = load_encoder(str(tiny_folder)).eval(), load_tokenizer(str(tiny_folder))
    labels = label_list()
    data = _synthetic(48)
    cache = cache_lower(enc, tok, [e.text for e in data], frozen_layers=2, max_length=32)
    assert len(cache) == 48 and cache[0].dtype == np.float16 and cache[0].shape[1] == 32
    y = encode_labels(data, labels)
    model = split_encoder(enc, 2, len(labels))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    hist = train_upper(
        model,
        cache,
        y,
        epochs=4,
        batch_size=8,
        lr=1e-3,
        head_lr=1e-2,
        seed=0,
        evaluate=lambda m: float((predict_logits(m, cache).argmax(1) == np.array(y)).mean()),
    )
    assert hist["best_epoch"] is not None and len(hist["epochs"]) == 4
    assert hist["epochs"][-1]["loss"] < hist["epochs"][0]["loss"]
    assert any(not torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert hist["best_score"] > 0.6  # three separable synthetic classes; chance is 1/3

    cut = train_upper(
        split_encoder(enc, 2, len(labels)), cache, y, epochs=4, batch_size=8, lr=1e-3, head_lr=1e-2, stop_after_epoch=1
    )
    assert len(cut["epochs"]) == 1 and cut["stopped_early"] is True

    logits = predict_logits(model, cache)
    t = fit_temperature(logits, np.array(y))
    assert 0.05 <= t <= 20
    meta = {
        "labels": labels,
        "no_event_label": NO_EVENT,
        "encoder": str(tiny_folder),
        "temperature": t,
        "max_length": 16,
        "trained_layers": [2],
    }
    wpath, _ = save_typing_model(model, tmp_path, frozen_layers=2, meta=meta)
    from safetensors.torch import load_file

    saved = load_file(str(wpath))
    assert all(v.dtype == torch.float16 for v in saved.values())
    assert any(k.startswith("encoder.layer.2.") for k in saved) and not any(".layer.1." in k for k in saved)

    typer = EventTyper.load(tmp_path)
    preds = typer.predict([e.text for e in data[:6]], batch_size=4)
    expected = softmax(logits[:6] / t)
    for p, row, e in zip(preds, expected, data[:6], strict=True):
        got = p.sub_event_type or NO_EVENT
        assert got == labels[int(row.argmax())]
        assert abs(p.prob - float(row.max())) < 2e-2  # fp16 weights vs fp32 training copy
        assert abs(sum(p.probs.values()) + p.no_event_prob - 1) < 1e-4
        assert p.n_tokens == len(tok(e.text, add_special_tokens=False)["input_ids"])
        assert not p.truncated


def test_chunking_reads_every_token(tiny_folder: Path, tmp_path: Path) -> None:
    from eventx.models.encoder import load_encoder, load_tokenizer
    from eventx.models.typing import EventTyper

    enc = load_encoder(str(tiny_folder))
    labels = label_list()
    model = split_encoder(enc, 2, len(labels))
    meta = {
        "labels": labels,
        "no_event_label": NO_EVENT,
        "encoder": str(tiny_folder),
        "temperature": 1.0,
        "max_length": 16,
    }
    save_typing_model(model, tmp_path, frozen_layers=2, meta=meta)
    typer = EventTyper.load(tmp_path)
    tok = load_tokenizer(str(tiny_folder))
    long_text = " ".join(f"word{i}" for i in range(300))
    n = len(tok(long_text, add_special_tokens=False)["input_ids"])
    assert n > 16 * 10
    short, long_, empty = typer.predict(["soldiers fought", long_text, "   "], overlap=4)
    assert long_.n_tokens == n and not long_.truncated
    assert short.n_tokens == 2
    assert empty.n_tokens == 0 and empty.sub_event_type is None and empty.no_event_prob == 1.0
    capped = typer.predict([long_text], max_chunks=2, overlap=4)[0]
    assert capped.truncated and capped.n_tokens == 14 + (14 - 4)  # two chunks of 14, overlap 4 counted once
    assert typer.predict([]) == []
    with pytest.raises(TypeError):
        typer.predict("a single string")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        typer.predict(["fine", None])  # type: ignore[list-item]


def test_load_missing_weights_gives_clear_error(tmp_path: Path) -> None:
    from eventx.models.typing import EventTyper, TypingModelError

    with pytest.raises(TypingModelError, match="eventx train"):
        EventTyper.load(tmp_path)


# --------------------------------------------------------------------------- shipped weights


@pytest.mark.skipif(not (SHIPPED / WEIGHTS_FILE).is_file(), reason="typing weights not trained yet")
def test_shipped_weights_type_clear_sentences() -> None:
    from eventx.models.typing import EventTyper

    meta = json.loads((SHIPPED / META_FILE).read_text())
    assert (SHIPPED / WEIGHTS_FILE).stat().st_size <= 11 * 1024 * 1024  # 3 layers + head in fp16
    assert meta["labels"][-1] == NO_EVENT and len(meta["labels"]) == 26
    t0 = time.monotonic()
    typer = EventTyper.load()
    battle, protest, none = typer.predict(
        [
            "Government troops clashed with rebel fighters outside the town on Monday; six soldiers were killed.",
            "Thousands of teachers marched peacefully through the capital on Tuesday to demand higher pay.",
            "The central bank left its benchmark interest rate unchanged, citing stable inflation.",
        ]
    )
    assert battle.sub_event_type == "Armed clash" and battle.event_type == "Battles"
    assert protest.sub_event_type == "Peaceful protest" and protest.event_type == "Protests"
    assert none.sub_event_type is None and none.no_event_prob > 0.5
    assert 0.0 < battle.prob <= 1.0 and abs(sum(battle.probs.values()) + battle.no_event_prob - 1) < 1e-4
    assert time.monotonic() - t0 < 20


def test_shipped_dir_free_of_stray_files() -> None:
    if not SHIPPED.is_dir():
        pytest.skip("no shipped weights")
    from eventx.models.lexical import LEXICAL_META, LEXICAL_VOCAB, LEXICAL_WEIGHTS

    known = {"typing_head.safetensors", "typing_meta.json", "typing_train_metrics.json"}
    known |= {LEXICAL_WEIGHTS, LEXICAL_VOCAB, LEXICAL_META}
    assert {p.name for p in SHIPPED.iterdir()} <= known
    neural = sum(p.stat().st_size for p in SHIPPED.iterdir() if not p.name.startswith("typing_lexical"))
    assert neural <= 11.5 * 1024 * 1024
    assert not any(p.suffix in {".bin", ".pt", ".pkl"} for p in SHIPPED.iterdir())
    # every shipped model together stays inside the project's 25 MB budget
    assert sum(p.stat().st_size for p in SHIPPED.parent.rglob("*") if p.is_file()) <= 25_000_000


def test_prior_adjustment_is_the_log_ratio_of_natural_to_training_shares() -> None:
    import math

    from eventx.models.typing_data import NO_EVENT, prior_adjustment

    labels = ["A", "B", "C", NO_EVENT]
    adj = prior_adjustment(["A"] * 90 + ["B"] * 10, ["A"] * 50 + ["B"] * 40 + ["C"] * 10, labels, floor=0.05)
    assert adj[NO_EVENT] == 0.0
    z = 0.9 + 0.1 + 0.05  # C never occurs naturally: floored to 0.05, shares renormalised
    assert adj["A"] == pytest.approx(math.log((0.9 / z) / 0.5), abs=1e-4)
    assert adj["B"] == pytest.approx(math.log((0.1 / z) / 0.4), abs=1e-4)
    assert adj["C"] == pytest.approx(math.log((0.05 / z) / 0.1), abs=1e-4)
    with pytest.raises(ValueError):
        prior_adjustment([], ["A"], labels)


def test_prior_correction_shifts_scores_and_strength_zero_turns_it_off() -> None:
    from helpers_models import tiny_typer

    from eventx.models.typing import EventTyper

    base = tiny_typer("Grenade")
    meta = dict(base.meta)
    meta["prior_adjustment"] = {x: 0.0 for x in base.labels} | {"Grenade": -20.0, "Armed clash": 2.0}
    text = ["Two grenades were thrown at a market."]
    assert base.predict(text)[0].sub_event_type == "Grenade"
    corrected = EventTyper(base.model, base.tokenizer, base.head, meta, prior_strength=1.0)
    assert corrected.prior_applied
    shifted = corrected.predict(text)[0]
    assert shifted.sub_event_type == "Armed clash"
    # the prior moves mass between event types only: whether the sentence reports an event is the model's call
    assert shifted.no_event_prob == pytest.approx(base.predict(text)[0].no_event_prob, abs=1e-6)
    assert sum(shifted.probs.values()) + shifted.no_event_prob == pytest.approx(1.0, abs=1e-5)
    off = EventTyper(base.model, base.tokenizer, base.head, meta, prior_strength=0.0)
    assert off.predict(text)[0].sub_event_type == "Grenade" and not off.prior_applied
    meta["prior_adjustment"] = {"Grenade": 1.0}
    with pytest.raises(Exception, match="lacks labels"):
        EventTyper(base.model, base.tokenizer, base.head, meta)


def test_shipped_model_carries_a_prior_for_every_label() -> None:
    from eventx.models.typing_train import default_output_dir

    meta = json.loads((default_output_dir() / "typing_meta.json").read_text())
    assert set(meta["prior_adjustment"]) == set(meta["labels"])
    assert meta["prior_adjustment"]["No event"] == 0.0


def test_prior_fields_come_from_training_country_notes_and_training_examples() -> None:
    from eventx.models.typing_data import NO_EVENT, Example
    from eventx.models.typing_pipeline import prior_fields

    data = {
        "natural_labels": ["Attack"] * 8 + ["Grenade"] * 2,
        "train": [Example("t", "Attack", "acled", "X")] * 5
        + [Example("t", "Grenade", "acled", "X")] * 5
        + [Example("n", NO_EVENT, "conll", "conll")] * 3,
    }
    out = prior_fields(data, ["Attack", "Grenade", NO_EVENT], floor=0.01)
    adj = out["prior_adjustment"]
    assert adj[NO_EVENT] == 0.0 and adj["Attack"] > 0 > adj["Grenade"]
    assert "10 notes" in out["prior_note"]
