"""The Ray engine on a local Ray of 2 model actors (skipped when Ray is absent).

Input: two JSONL shards and one Parquet shard, with an invalid JSON line and an id repeated across shards. Checks:
every input row has exactly one status row (by key), the first occurrence of the repeated id is processed and the
repeat is an error, the events equal the local engine's on the same articles, and resume after a batch whose status
shard never got written (the crash window between the events shard and its checkpoint) redoes exactly that batch.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a local Ray starts in ~25 s and runs two jobs: ~90 s on the shared 2-core machine

ray = pytest.importorskip("ray")

from eventx.engines.ray_engine import events_dir, iter_status, run_ray, status_dir  # noqa: E402
from eventx.io.articles import iter_articles  # noqa: E402
from eventx.pipeline.batch import run_batch  # noqa: E402

TESTS = Path(__file__).resolve().parent
TEXT = "Soldiers clashed with rebels near Goma on Sunday, killing {n} fighters, the army said."


def tiny_extractor(label: str = "Armed clash") -> object:
    """The Extractor each Ray actor builds: tiny typer, one thread, no role model."""
    from helpers_models import tiny_typer

    from eventx.config import ExtractorConfig
    from eventx.pipeline.extractor import Extractor
    from eventx.resolve.actors import ActorTable, default_table_path

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    cfg.models.threads = 1
    table = (
        ActorTable.load()
        if default_table_path().is_file()
        else ActorTable.from_dict({"version": 1, "keys": {}, "aliases": {}, "countries": {}, "demonyms": {}})
    )
    return Extractor(cfg, typer=tiny_typer(label), actor_table=table)


@pytest.fixture(scope="module")
def extractor():
    return tiny_extractor()


@pytest.fixture(scope="module")
def local_ray(extractor):
    """A local Ray with 2 CPUs; workers see the tests folder and the gazetteer index the fixture built."""
    from eventx.paths import cache_dir

    saved = {k: os.environ.get(k) for k in ("RAY_AUTH_MODE", "PYTHONPATH", "EVENTX_CACHE")}
    os.environ["RAY_AUTH_MODE"] = "disabled"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), saved["PYTHONPATH"]]))
    os.environ["EVENTX_CACHE"] = str(cache_dir())
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    yield
    ray.shutdown()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _shards(root: Path) -> tuple[Path, list[str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root.mkdir(parents=True)
    a = [json.dumps({"id": f"a{i}", "text": TEXT.format(n=i + 2), "published": "2024-03-07"}) for i in range(7)]
    a.insert(3, '{"id": "torn", "text": ')
    (root / "a.jsonl").write_text("\n".join(a) + "\n", encoding="utf-8")
    b = [json.dumps({"id": f"b{i}", "text": TEXT.format(n=i + 3), "published": "2024-03-07"}) for i in range(5)]
    b.append(json.dumps({"id": "a2", "text": "Police arrested two men in Mandera.", "published": "2024-03-07"}))
    (root / "b.jsonl").write_text("\n".join(b) + "\n", encoding="utf-8")
    rows = [{"id": f"c{i}", "text": TEXT.format(n=i + 4), "published": "2024-03-07"} for i in range(4)]
    pq.write_table(pa.Table.from_pylist(rows), root / "c.parquet")
    keys = [f"a.jsonl:{i}" for i in range(1, 9)] + [f"b.jsonl:{i}" for i in range(1, 7)]
    return root, keys + [f"c.parquet:row{i}" for i in range(1, 5)]


def _events(out: Path) -> dict[str, list[dict]]:
    import pyarrow.parquet as pq

    from eventx.io.parquet import iter_parquet_records

    got: dict[str, list[dict]] = {}
    for f in sorted(events_dir(out).glob("*.parquet")):
        assert pq.read_metadata(f).num_rows > 0
        for res in iter_parquet_records(f):
            assert res.record is not None
            got.setdefault(res.record.article_id, []).append(res.record.model_dump(mode="json"))
    return {k: sorted(v, key=json.dumps) for k, v in got.items()}


def test_ray_engine_accounts_for_every_row_and_resumes(local_ray, extractor, tmp_path) -> None:
    src, keys = _shards(tmp_path / "in")
    out = tmp_path / "out"
    factory = partial(tiny_extractor, "Armed clash")
    summary = run_ray(src, out, factory, workers=2, cpus_per_worker=0.5, batch_size=4)
    rows = list(iter_status(out))
    assert sorted(r["key"] for r in rows) == sorted(keys), "one status row per input row"
    assert summary.articles == len(keys) and summary.errors == 2 and summary.shards == 3
    by_key = {r["key"]: r for r in rows}
    assert "not valid JSON" in by_key["a.jsonl:4"]["error"]
    assert by_key["a.jsonl:3"]["status"] == "ok", "the first a2 is processed"
    assert "duplicate id 'a2'" in by_key["b.jsonl:6"]["error"]

    # The same articles through the local engine give the same records.
    local_out = tmp_path / "local.jsonl"
    items = [it for name in ("a.jsonl", "b.jsonl") for it in iter_articles(src / name)]
    run_batch(items, extractor, local_out, batch_size=4)
    local: dict[str, list[dict]] = {}
    for line in local_out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        local.setdefault(rec["article_id"], []).append(rec)
    got = _events(out)
    assert {k: v for k, v in got.items() if not k.startswith("c")} == {
        k: sorted(v, key=json.dumps) for k, v in local.items()
    }
    assert {"c0", "c1", "c2", "c3"} <= set(got)
    assert summary.events == sum(len(v) for v in got.values())

    # A batch whose checkpoint never landed: its status shard is gone, its events shard is left behind.
    victim = next(f for f in sorted(status_dir(out).glob("*.status.jsonl")) if '"n_events": 1' in f.read_text())
    lost = [json.loads(x)["key"] for x in victim.read_text().splitlines()]
    victim.unlink()
    resumed = run_ray(src, out, factory, workers=2, cpus_per_worker=0.5, batch_size=4, resume=True)
    assert resumed.skipped_done == len(keys) - len(lost)
    assert resumed.articles == len(lost)
    rows = list(iter_status(out))
    assert sorted(r["key"] for r in rows) == sorted(keys), "after resume: still exactly one status row per input"
    assert _events(out) == got, "no event lost or written twice"
