"""The codebook as data: its content matches ACLED's, it validates, and a second ontology is just a file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from eventx.ontology import load_ontology, load_ontology_file
from eventx.paths import config_dir

GUIDE_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": [
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other",
    ],
}  # fmt: skip


def test_six_types_and_25_sub_types():
    onto = load_ontology()
    assert {et.name: [s.name for s in et.sub_event_types] for et in onto.event_types} == GUIDE_TYPES
    assert len(onto.sub_event_type_names) == 25
    assert all(s.definition for et in onto.event_types for s in et.sub_event_types)


@pytest.mark.parametrize(
    ("sub", "disorder"),
    [
        ("Armed clash", "Political violence"),
        ("Mob violence", "Political violence"),
        ("Violent demonstration", "Demonstrations"),
        ("Peaceful protest", "Demonstrations"),
        ("Excessive force against protesters", "Political violence; Demonstrations"),
        ("Arrests", "Strategic developments"),
    ],
)
def test_disorder_follows_sub_event_type(sub, disorder):
    assert load_ontology().disorder_type_of(sub) == disorder


def test_inter_codes_words_and_digits():
    onto = load_ontology()
    assert onto.inter_codes == {
        1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
        5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
    }  # fmt: skip
    assert onto.inter_code("3") == 3 and onto.inter_code("3.0") == 3 and onto.inter_code(7) == 7
    assert onto.inter_code("Rebel group") == 2 and onto.inter_code("political militia") == 3
    with pytest.raises(ValueError, match="unknown inter code"):
        onto.inter_code("Students (Xland)")
    with pytest.raises(ValueError):
        onto.inter_code(9)


def test_lookups_are_tolerant_of_case_and_spacing():
    onto = load_ontology()
    assert onto.canonical_event_type("  explosions/remote   VIOLENCE ") == "Explosions/Remote violence"
    assert onto.canonical_sub_event_type("air/drone strike") == "Air/drone strike"
    assert onto.canonical_sub_event_type("drone") is None
    assert onto.event_type_of("Grenade") == "Explosions/Remote violence"


def test_vague_counts_follow_the_codebook():
    v = load_ontology().vague_counts
    assert (v["dozens"], v["hundreds"], v["tens"]) == (12, 100, 10)
    assert load_ontology().unknown_fatalities == 0


def test_loaded_once():
    assert load_ontology() is load_ontology()


def test_a_second_ontology_is_a_file(tmp_path: Path):
    doc = {
        "name": "mini",
        "version": "1",
        "event_types": [
            {
                "name": "PROTEST",
                "definition": "d",
                "sub_event_types": [{"name": "Demonstrate", "disorder_type": "Demonstrations", "definition": "d"}],
            }
        ],
        "inter_codes": {1: "Government", 2: "Civil society"},
    }
    p = tmp_path / "mini.yaml"
    p.write_text(yaml.safe_dump(doc), encoding="utf-8")
    onto = load_ontology_file(p)
    assert onto.event_type_names == ["PROTEST"] and onto.inter_code("civil society") == 2


def test_invalid_ontology_is_rejected(tmp_path: Path):
    doc = yaml.safe_load((config_dir() / "ontology" / "acled.yaml").read_text(encoding="utf-8"))
    doc["event_types"][1]["sub_event_types"].append(dict(doc["event_types"][0]["sub_event_types"][0]))
    p = tmp_path / "dup.yaml"
    p.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ValidationError, match="unique"):
        load_ontology_file(p)
    doc = yaml.safe_load((config_dir() / "ontology" / "acled.yaml").read_text(encoding="utf-8"))
    doc["legacy_event_types"]["Old"] = {"event_type": "Nope"}
    p.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ValidationError, match="unknown event type"):
        load_ontology_file(p)
