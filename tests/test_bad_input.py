"""Bad input under load: a corpus of everything that goes wrong in real feeds, run as one batch.

The corpus (built in tmp_path, JSONL plus a folder of files) holds good English articles and: empty and blank texts,
binary junk (as a JSON string and as raw bytes), a 5 MB text, French / Spanish / Arabic articles, broken HTML,
invalid JSON lines (truncated, not JSON, not an object), unparseable publication dates, repeated ids and an unknown
file type. The checks: the run completes; every input (a JSONL line or a file) has exactly one status line, matched
by its ``ref``; every error names its reason; repeats of an id are errors and the first occurrence is processed; the
5 MB text and the non-English ones are refused with the reason (the models read English only, and a text over
``limits.max_chars`` is never cut silently); and each good article gives the same records as when run alone.

The runs use the tiny random-weight typer (plumbing, not accuracy); one ``slow`` test runs the real CLI with the
shipped weights and skips when they are absent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from helpers_models import tiny_typer

from eventx.config import ExtractorConfig
from eventx.io.articles import iter_articles
from eventx.pipeline.batch import run_batch, status_path_for
from eventx.schema import Article

GOOD = {
    "g1": (
        "MANDERA, Kenya\n\nAl Shabaab militants attacked a police post in Mandera on Tuesday, killing three officers "
        "and wounding 12, police said.\n\nResidents fled the town after the attack."
    ),
    "g2": "Police arrested 14 protesters in Lagos on Monday after a march against fuel prices turned violent.",
    "g3": "Soldiers clashed with rebels near Goma on Sunday. At least five fighters were killed, the army said.",
    "g4": "Markets closed higher on Friday as investors weighed new inflation figures.",
}
NON_ENGLISH = {
    "fr": "La police a arrêté des dizaines de manifestants à Paris mardi, selon le ministère de l'Intérieur.",
    "es": "La policía detuvo a decenas de manifestantes en Caracas el martes, según fuentes oficiales del gobierno.",
    "ar": "اعتقلت الشرطة عشرات المتظاهرين في القاهرة يوم الثلاثاء بحسب مصادر رسمية في وزارة الداخلية.",
}
BROKEN_HTML = "<html><head><title>Clash</title><body><div><p>Soldiers <b>clashed with rebels near Goma on Sunday</div"
PUBLISHED = "2024-03-07"


def tiny_extractor(label: str = "Armed clash") -> object:
    """Extractor with the tiny typer, one torch thread, no role model (a picklable factory for worker processes)."""
    from eventx.pipeline.extractor import Extractor

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    cfg.models.threads = 1
    return Extractor(cfg, typer=tiny_typer(label), actor_table=_actor_table())


def _actor_table() -> object:
    from eventx.resolve.actors import ActorTable, default_table_path

    if default_table_path().is_file():
        return ActorTable.load()
    return ActorTable.from_dict({"version": 1, "keys": {}, "aliases": {}, "countries": {}, "demonyms": {}})


@pytest.fixture(scope="module")
def extractor():
    return tiny_extractor()


@pytest.fixture(scope="module")
def index_cache(extractor) -> str:
    from eventx.paths import cache_dir

    return str(cache_dir())


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def build_corpus(root: Path) -> tuple[Path, dict[str, str]]:
    """Write the bad-input corpus under ``root``; returns the folder and, per input ref, what must happen to it
    ("ok" = processed: ok or no_event; otherwise a fragment the error must contain)."""
    root.mkdir(parents=True, exist_ok=True)
    corpus = root / "corpus.jsonl"
    lines: list[tuple[str | bytes, str]] = [
        (_line(id="g1", text=GOOD["g1"], published=PUBLISHED, source="Daily Nation"), "ok"),
        (_line(id="empty", text="", published=PUBLISHED), "neither 'text' nor 'html'"),
        (_line(id="blank", text=" \n\t \n", published=PUBLISHED), "neither 'text' nor 'html'"),
        (_line(id="g2", text=GOOD["g2"], published=PUBLISHED), "ok"),
        (_line(id="junk", text="".join(chr(c) for c in range(1, 32)) * 20 + "\ufffd\x7f" * 50), "empty text|language"),
        (
            _line(id="huge", text=("Police arrested two men in Mandera on Tuesday. " * 110_000), published=PUBLISHED),
            "max_chars",
        ),
        *[(_line(id=k, text=v, published=PUBLISHED), f"language {k!r}|language 'und'") for k, v in NON_ENGLISH.items()],
        (_line(id="html_broken", html=BROKEN_HTML, published=PUBLISHED), "ok|html"),
        (_line(id="html_empty", html="<html><script>var x = 1;</script></html>"), "no main text"),
        ('{"id": "truncated", "text": "Police arrested', "not valid JSON"),
        ("this is not JSON at all", "not valid JSON"),
        ("[1, 2, 3]", "expected a JSON object"),
        (b'{"id": "bytes", "text": "\xff\xfe\x00\x81 raw bytes"}' + b"\x00\x9c", "not valid JSON"),
        (_line(id="baddate", text=GOOD["g2"], published="sometime last spring"), "cannot read publication date"),
        (_line(id="g3", text=GOOD["g3"], published=PUBLISHED), "ok"),
        (_line(id="g1", text="Police arrested two men in Mandera.", published=PUBLISHED), "duplicate id 'g1'"),
        (_line(id="g4", text=GOOD["g4"], published=PUBLISHED), "ok"),
        (_line(id="g3", text=GOOD["g3"], published=PUBLISHED), "duplicate id 'g3'"),
    ]
    expected: dict[str, str] = {}
    with open(corpus, "wb") as fh:
        for lineno, (raw, want) in enumerate(lines, start=1):
            fh.write((raw if isinstance(raw, bytes) else raw.encode("utf-8")) + b"\n")
            expected[f"{corpus}:{lineno}"] = want
    files = {
        "t1.txt": (GOOD["g3"].encode(), "ok"),
        "t2_empty.txt": (b"", "the file is empty"),
        "t3_binary.txt": (bytes(range(256)) * 8, "empty text|language"),
        "t4.html": (b"<html><body><article><p>" + GOOD["g2"].encode() + b"</p></article></body></html>", "ok"),
        "t5.pdf": (b"%PDF-1.4 junk", "unsupported file type"),
        "g2.txt": (b"Police arrested two men in Mandera.", "duplicate id 'g2'"),
    }
    for name, (data, want) in files.items():
        (root / name).write_bytes(data)
        expected[str(root / name)] = want
    return root, expected


def _status(out: Path) -> list[dict]:
    return [json.loads(x) for x in status_path_for(out).read_text(encoding="utf-8").splitlines()]


def _check_accounting(out: Path, expected: dict[str, str]) -> list[dict]:
    lines = _status(out)
    refs = [x["ref"] for x in lines]
    assert sorted(refs) == sorted(expected), "every input has exactly one status line"
    assert len(refs) == len(set(refs))
    for x in lines:
        want = expected[x["ref"]]
        if want == "ok":
            assert x["status"] in ("ok", "no_event"), x
        elif want == "ok|html":  # broken markup: read when trafilatura recovers a text, else a clear HTML error
            assert x["status"] in ("ok", "no_event") or "html" in (x["error"] or "").lower(), x
        else:
            assert x["status"] == "error", x
            assert any(w in x["error"] for w in want.split("|")), (want, x)
    return lines


def _records_by_article(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out.setdefault(rec["article_id"], []).append(rec)
    return out


def test_bad_corpus_every_input_accounted_for_once(extractor, tmp_path) -> None:
    folder, expected = build_corpus(tmp_path / "corpus")
    out = tmp_path / "events.jsonl"
    summary = run_batch(iter_articles(folder), extractor, out, batch_size=4)
    lines = _check_accounting(out, expected)
    assert summary.articles == len(expected) == len(lines)
    assert summary.ok + summary.no_event + summary.errors == summary.articles
    assert summary.events == sum(x["n_events"] for x in lines) == len(out.read_text().splitlines())
    by_id = {x["article_id"]: x for x in lines if x["status"] != "error"}
    assert {"g1", "g2", "g3", "g4"} <= set(by_id)
    first_g1 = next(x for x in lines if x["article_id"] == "g1")
    assert first_g1["status"] == "ok", "the first occurrence of a repeated id is the one processed"

    # Good inputs give the same records as when run alone.
    together = _records_by_article(out)
    for aid in ("g1", "g2", "g3", "g4"):
        art = Article(id=aid, text=GOOD[aid], published=dt.datetime.fromisoformat(PUBLISHED))
        if aid == "g1":
            art = art.model_copy(update={"source": "Daily Nation"})
        alone = [r.model_dump(mode="json") for r in extractor.extract(art)]
        assert together.get(aid, []) == alone, aid


def test_worker_processes_give_the_same_output(extractor, index_cache, tmp_path, monkeypatch) -> None:
    """Two worker processes behind the same batch writer: identical status and events files, in input order."""
    from functools import partial

    from eventx.engines.workers import WorkerPool

    folder, expected = build_corpus(tmp_path / "corpus")
    single = tmp_path / "single.jsonl"
    run_batch(iter_articles(folder), extractor, single, batch_size=6)
    monkeypatch.setenv("EVENTX_CACHE", index_cache)  # the workers read the index the fixture built
    pooled = tmp_path / "pooled.jsonl"
    with WorkerPool(partial(tiny_extractor, "Armed clash"), 2, threads=1) as pool:
        summary = run_batch(iter_articles(folder), pool, pooled, batch_size=6)
        pids = {w.process.pid for w in pool._workers if w is not None}
    assert len(pids) == 2 and os.getpid() not in pids
    _check_accounting(pooled, expected)
    assert summary.articles == len(expected)
    assert status_path_for(pooled).read_bytes() == status_path_for(single).read_bytes()
    assert pooled.read_bytes() == single.read_bytes()


@pytest.mark.slow
def test_cli_batch_with_the_shipped_weights(tmp_path) -> None:
    """The real ``eventx batch`` with the trained typer (skips when eventx/weights/typing is absent)."""
    from click.testing import CliRunner

    from eventx.cli.batch_cmd import batch
    from eventx.models.typing_train import META_FILE, WEIGHTS_FILE, default_output_dir

    folder = default_output_dir()
    if not (folder / WEIGHTS_FILE).is_file() or not (folder / META_FILE).is_file():
        pytest.skip(f"no trained typing weights in {folder}")
    corpus, expected = build_corpus(tmp_path / "corpus")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(batch, [str(corpus), "-o", str(out), "--no-progress", "--batch-size", "8"])
    assert result.exit_code == 0, result.output
    lines = _check_accounting(out, expected)
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["articles"] == len(lines) == len(expected)
    for key in ("events", "no_event", "errors", "seconds", "articles_per_s"):
        assert key in summary
    events = _records_by_article(out)
    assert "g1" in events and events["g1"][0]["country"] == "Kenya"
