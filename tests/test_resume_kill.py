"""A real ``kill -9`` in the middle of a batch run, then ``resume``: the result must equal an uninterrupted run.

A child process runs :func:`run_batch` over a JSONL corpus (with a bad line and a repeated id in it) with the tiny
random-weight typer, slowed a little per window so the kill lands mid-run. The test waits until the status file has
some lines, sends SIGKILL (no handler, no flush, no cleanup can run), resumes in this process, and compares the
status lines and the events file byte for byte with a run that was never interrupted: nothing duplicated, nothing
missing, no torn line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers_models import tiny_typer

from eventx.config import ExtractorConfig
from eventx.io.articles import iter_articles
from eventx.pipeline.batch import parts_dir_for, run_batch, status_path_for

TESTS = Path(__file__).resolve().parent
N_ARTICLES = 48
BATCH = 3

TEXT = (
    "Al Shabaab militants attacked a police post in Mandera on Tuesday, killing {n} officers, police said.\n\n"
    "Residents fled the town after the attack."
)

CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from helpers_models import tiny_typer
    from eventx.config import ExtractorConfig
    from eventx.io.articles import iter_articles
    from eventx.pipeline.batch import run_batch
    from eventx.pipeline.extractor import Extractor
    from test_resume_kill import actor_table

    class Slow:
        def __init__(self, inner):
            self.inner = inner
        def extract_many(self, articles, batch_size=16):
            time.sleep(0.15)
            return self.inner.extract_many(articles, batch_size=batch_size)

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    cfg.models.threads = 1
    ex = Extractor(cfg, typer=tiny_typer("Armed clash"), actor_table=actor_table())
    print("ready", flush=True)
    run_batch(iter_articles({corpus!r}), Slow(ex), {out!r}, batch_size={batch})
    print("finished", flush=True)
    """
)


def actor_table():
    """The shipped actor table, or an empty one where it is not built (actors are then left unnamed)."""
    from eventx.resolve.actors import ActorTable, default_table_path

    if default_table_path().is_file():
        return ActorTable.load()
    return ActorTable.from_dict({"version": 1, "keys": {}, "aliases": {}, "countries": {}, "demonyms": {}})


def _corpus(path: Path) -> Path:
    lines = []
    for i in range(N_ARTICLES):
        lines.append(json.dumps({"id": f"a{i:03d}", "text": TEXT.format(n=i % 7 + 2), "published": "2024-03-07"}))
        if i == 10:
            lines.append('{"id": "broken", "text": ')  # invalid JSON: an error status, never a crash
        if i == 30:
            lines.append(json.dumps({"id": "a005", "text": "Police arrested two men in Mandera."}))  # repeated id
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _status_ids(out: Path) -> list[str]:
    return [json.loads(x)["article_id"] for x in status_path_for(out).read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def extractor():
    from eventx.pipeline.extractor import Extractor

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    cfg.models.threads = 1  # one thread: the tiny model gains nothing from more, and a busy machine loses a lot
    return Extractor(cfg, typer=tiny_typer("Armed clash"), actor_table=actor_table())


@pytest.fixture(scope="module")
def index_cache(extractor) -> str:
    """The cache folder whose gazetteer index the module's Extractor loaded; the child reads the same one instead
    of rebuilding the index (a minute) in the per-test cache."""
    from eventx.paths import cache_dir

    return str(cache_dir())


def test_kill_9_then_resume_equals_an_uninterrupted_run(extractor, index_cache, tmp_path) -> None:
    corpus = _corpus(tmp_path / "corpus.jsonl")
    clean = tmp_path / "clean" / "events.jsonl"
    clean.parent.mkdir()
    clean_summary = run_batch(iter_articles(corpus), extractor, clean, batch_size=BATCH)
    assert clean_summary.articles == N_ARTICLES + 2 and clean_summary.errors == 2

    out = tmp_path / "killed" / "events.jsonl"
    out.parent.mkdir()
    script = CHILD.format(tests=str(TESTS), corpus=str(corpus), out=str(out), batch=BATCH)
    env = {
        **os.environ,
        "EVENTX_CACHE": index_cache,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    status = status_path_for(out)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and child.poll() is None:
            if status.exists() and status.read_text(encoding="utf-8").count("\n") >= 4 * BATCH:
                break
            time.sleep(0.02)
        assert child.poll() is None, f"child ended before the kill: {child.stderr.read().decode()[-2000:]}"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    lines_at_kill = status.read_text(encoding="utf-8").count("\n")
    assert 4 * BATCH <= lines_at_kill < N_ARTICLES + 2, "the kill must land mid-run"
    assert not out.exists(), "a killed run never wrote the joined output"
    assert parts_dir_for(out).is_dir()

    summary = run_batch(iter_articles(corpus), extractor, out, batch_size=BATCH, resume=True)
    assert summary.skipped_done == lines_at_kill
    assert summary.articles == N_ARTICLES + 2 - lines_at_kill

    ids = _status_ids(out)
    assert ids == _status_ids(clean), "status lines: same inputs, same order, none twice, none missing"
    assert sorted(x for x in set(ids)) == sorted({f"a{i:03d}" for i in range(N_ARTICLES)} | {ids[11]})
    assert ids.count("a005") == 2  # the first occurrence and its repeat, each accounted once
    assert status_path_for(out).read_bytes() == status_path_for(clean).read_bytes()
    assert out.read_bytes() == clean.read_bytes(), "events: byte-identical to the uninterrupted run"
    events = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len({(e["article_id"], e["notes"]) for e in events}) == len(events) > 0
    assert not parts_dir_for(out).exists()
