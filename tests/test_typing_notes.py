"""The labelled-notes loader on real ACLED exports (skips without ../shared/data) and the train command dispatch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventx.datasets.acled_notes import LoadStats, find_acled_exports, load_acled_notes, normalise_note
from eventx.ontology import load_ontology

PRE_2019 = "acled_more/AschHarwood__acled/acled.csv"  # old schema: legacy event types, no sub_event_type
NO_COUNTRY = "acled_more/pegenaran__ACLED-processing2/2016_01_PhilEvents.csv"  # no country / id columns


def _root_with(tmp_path: Path, files: dict[str, Path]) -> Path:
    for rel, src in files.items():
        dst = tmp_path / "acled_more" / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.symlink_to(src)
    return tmp_path


def test_loader_labels_dedupes_and_maps_legacy(data_path, tmp_path: Path) -> None:
    old, phil = data_path(PRE_2019), data_path(NO_COUNTRY)
    # The Philippine file twice under two names: every row of the copy must be a duplicate.
    root = _root_with(tmp_path, {"a/old.csv": old, "b/phil.csv": phil, "c/phil_copy.csv": phil})
    stats = LoadStats()
    notes = load_acled_notes(root, stats=stats)
    onto = load_ontology()
    assert stats.files == 3
    per_file = {p.name: sum(n.source_file == str(p) for n in notes) for p in find_acled_exports(root)}
    assert per_file["phil.csv"] > 30 and per_file["phil_copy.csv"] == 0
    assert stats.duplicates >= per_file["phil.csv"]
    assert all(n.sub_event_type in onto.sub_event_type_names for n in notes)
    assert all(onto.event_type_of(n.sub_event_type) == n.event_type for n in notes)
    assert all(n.country for n in notes)
    assert {n.country for n in notes if n.source_file.endswith("phil.csv")} == {"Philippines"}
    legacy = [n for n in notes if n.mapped_from_legacy]
    assert legacy and {n.sub_event_type for n in legacy} <= {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
        "Headquarters or base established",
    }
    assert stats.no_label > 0  # "Riots/Protests", "Remote violence": no sound sub-event type, left out
    keys = [normalise_note(n.text) for n in notes]
    assert len(keys) == len(set(keys))


def test_loader_needs_a_root(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_acled_notes(tmp_path / "missing")
    assert load_acled_notes(tmp_path) == []


def test_train_command_rejects_unknown_task(tmp_path: Path) -> None:
    from eventx.cli.train_cmd import train

    cfg = tmp_path / "x.yaml"
    cfg.write_text("task: nonsense\n")
    res = CliRunner().invoke(train, [str(cfg)])
    assert res.exit_code != 0 and "unknown task" in res.output
    cfg.write_text("epochs: 3\n")
    res = CliRunner().invoke(train, [str(cfg)])
    assert res.exit_code != 0 and "task" in res.output


def test_train_config_rejects_unknown_keys(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from eventx.models.typing_train import TypingTrainConfig

    cfg = tmp_path / "t.yaml"
    cfg.write_text("task: typing\nepochz: 3\n")
    with pytest.raises(ValidationError):
        TypingTrainConfig.load(cfg)
    shipped = Path(__file__).resolve().parents[1] / "configs" / "train" / "typing.yaml"
    assert TypingTrainConfig.load(shipped).seed == 13
