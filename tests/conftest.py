"""Shared fixtures. Tests that need ../shared/data skip cleanly when it is absent (EVENTX_DATA overrides)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]


def _data_root() -> Path | None:
    env = os.environ.get("EVENTX_DATA")
    if env:
        return Path(env)
    cand = REPO.parent / "shared" / "data"
    return cand if cand.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    root = _data_root()
    if root is None or not root.is_dir():
        pytest.skip("../shared/data not available")
    return root


@pytest.fixture(scope="session")
def data_path(shared_data: Path):
    """``data_path("india_police_events/docs.jsonl")``: a path under the shared data, or skip."""

    def get(rel: str) -> Path:
        p = shared_data / rel
        if not p.exists():
            pytest.skip(f"{p} not available")
        return p

    return get


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the user's real cache out of tests, but share one cache per test session (gazetteer index).
    monkeypatch.setenv("EVENTX_CACHE", str(tmp_path_factory.getbasetemp() / "eventx-cache"))
