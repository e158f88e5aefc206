"""Metric code of the benchmarks on hand-made gold/prediction pairs (numbers checked by hand or against sklearn)."""

from __future__ import annotations

import pytest

from eventx.bench.scoring import (
    PRF,
    FieldTallies,
    binary_scores,
    ceaf_ree,
    classification_scores,
    grit_normalise,
    haversine_km,
    norm_actor,
    stable_sample,
)


def test_prf_counts() -> None:
    s = PRF(tp=2, fp=1, fn=3)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 5)
    assert s.f1 == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    assert PRF(0, 0, 0).f1 == 0.0


def test_classification_scores_by_hand() -> None:
    gold = ["a", "a", "a", "b", "b", "c"]
    pred = ["a", "a", "b", "b", "c", "c"]
    s = classification_scores(gold, pred)
    assert s.accuracy == pytest.approx(4 / 6)
    # a: P 1, R 2/3 -> F1 0.8; b: P 1/2, R 1/2 -> 0.5; c: P 1/2, R 1 -> 2/3
    f = {"a": 0.8, "b": 0.5, "c": 2 / 3}
    assert s.macro_f1 == pytest.approx(sum(f.values()) / 3)
    assert s.weighted_f1 == pytest.approx((3 * 0.8 + 2 * 0.5 + 1 * 2 / 3) / 6)
    assert s.per_label["c"]["support"] == 1
    assert s.confusion == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]


def test_classification_scores_match_sklearn() -> None:
    from sklearn.metrics import accuracy_score, f1_score

    gold = ["x", "y", "z", "x", "y", "x", "w"]
    pred = ["x", "x", "z", "y", "y", "NO_EVENT", "w"]
    s = classification_scores(gold, pred)
    assert s.accuracy == pytest.approx(accuracy_score(gold, pred))
    assert s.weighted_f1 == pytest.approx(f1_score(gold, pred, average="weighted", zero_division=0))
    assert s.macro_f1 == pytest.approx(f1_score(gold, pred, average="macro", zero_division=0))
    assert s.micro_f1 == pytest.approx(f1_score(gold, pred, average="micro", zero_division=0))


def test_classification_scores_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="gold has 2"):
        classification_scores(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="not in the given label set"):
        classification_scores(["a"], ["z"], labels=["a"])


def test_binary_scores() -> None:
    out = binary_scores([True, True, False, False], [True, False, True, False])
    assert (out["tp"], out["fp"], out["fn"]) == (1, 1, 1)
    assert out["f1"] == pytest.approx(0.5)
    assert out["support"] == 2 and out["accuracy"] == 0.5


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)  # one degree on the equator
    # Nairobi -> Mombasa, about 440 km
    assert haversine_km(-1.2864, 36.8172, -4.0435, 39.6682) == pytest.approx(440, abs=15)


def test_actor_normalisation() -> None:
    assert norm_actor("Military Forces of Kenya (2013-2022)") == "military forces of kenya (2013-2022)"
    assert norm_actor("Military  Forces of Kenya (2013-2022)", loose=True) == "military forces of kenya"
    assert norm_actor("  ") is None


def test_field_tallies_gold_set() -> None:
    t = FieldTallies()
    t.add("actor2", True, gold_set=False)
    t.add("actor2", False, gold_set=True)
    t.add("actor2", True, gold_set=True)
    d = t.as_dict()["actor2"]
    assert d["accuracy"] == pytest.approx(2 / 3, abs=1e-4) and d["n"] == 3
    assert d["accuracy_gold_set"] == 0.5 and d["n_gold_set"] == 2


def test_grit_normalise() -> None:
    assert grit_normalise('The  "FMLN" guerrillas.') == "fmln guerrillas"
    assert grit_normalise("A CAR-BOMB") == "carbomb"


def test_ceaf_ree_strict_matching() -> None:
    roles = ("PerpInd", "Weapon")
    golds = {
        "d1": {"PerpInd": [["GUERRILLAS", "THE GUERRILLAS"], ["TERRORISTS"]], "Weapon": [["BOMB"]]},
        "d2": {"PerpInd": [], "Weapon": [["DYNAMITE"]]},
    }
    preds = {
        # one right (any mention of the entity), one wrong, and a duplicate of the same gold entity that cannot
        # be aligned twice
        "d1": {"PerpInd": [["the guerrillas"], ["soldiers"], ["Guerrillas"]], "Weapon": [["bomb"]]},
        # d2 predicts nothing
    }
    out = ceaf_ree(golds, preds, roles)
    assert out["PerpInd"]["matched"] == 1 and out["PerpInd"]["predicted"] == 3 and out["PerpInd"]["gold"] == 2
    assert out["PerpInd"]["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert out["PerpInd"]["recall"] == 0.5
    assert out["Weapon"]["precision"] == 1.0 and out["Weapon"]["recall"] == 0.5
    micro = out["micro_avg"]
    assert (micro["matched"], micro["predicted"], micro["gold"]) == (2, 4, 4)
    assert micro["f1"] == 0.5


def test_stable_sample_is_deterministic_and_nested() -> None:
    items = [f"id{i}" for i in range(50)]
    a = stable_sample(items, 10, key=lambda x: x)
    b = stable_sample(list(reversed(items)), 10, key=lambda x: x)
    assert a == b and len(a) == 10
    assert set(stable_sample(items, 5, key=lambda x: x)) <= set(a)
    assert sorted(stable_sample(items, None, key=lambda x: x)) == sorted(items)
