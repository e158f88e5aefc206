"""The extractor end to end with a tiny random-weight typer (its head biased to one label), real resolvers and
the real tokenizer: this checks the pipeline's plumbing, statuses and evidence, not a trained model's accuracy."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers_models import tiny_typer

from eventx.config import ExtractorConfig
from eventx.io.articles import ArticleItem
from eventx.pipeline.batch import run_batch, status_path_for
from eventx.schema import Article, EventRecord

ARTICLE = (
    "NAIROBI, Kenya\n\n"
    "Al Shabaab militants attacked a police post in Mandera on Tuesday, killing three officers and wounding 12, "
    "police said.\n\n"
    "Residents fled the town after the attack."
)


@pytest.fixture(scope="module")
def extractor():
    from eventx.pipeline.extractor import Extractor

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    return Extractor(cfg, typer=tiny_typer("Armed clash"))


def test_article_gives_valid_records_with_evidence(extractor) -> None:
    art = Article(id="a1", text=ARTICLE, published=dt.datetime(2024, 3, 7, 10), source="Daily Nation")
    records = extractor.extract(art)
    assert records, "a biased typer must report the body sentences as events"
    for rec in records:
        EventRecord.model_validate(rec.model_dump(mode="json"))
        assert rec.article_id == "a1" and rec.source == "Daily Nation"
        for ev in rec.evidence.values():
            for span in ev.spans:
                assert ARTICLE[span.start : span.end] == span.text
    first = records[0]
    assert first.sub_event_type == "Armed clash" and first.event_type == "Battles"
    assert first.event_date == dt.date(2024, 3, 5)  # the Tuesday before publication
    assert first.country == "Kenya" and first.location == "Mandera"
    assert first.fatalities == 3
    assert {f.kind for f in first.figures} >= {"fatalities", "injured"}
    assert "reported_by" in first.evidence


def test_statuses_cover_every_input(extractor) -> None:
    arts = [
        Article(id="ok", text=ARTICLE, published=dt.datetime(2024, 3, 7)),
        Article(id="empty", text="   "),
        Article(
            id="fr", text="La police a arrêté des manifestants dans la ville de Paris pour les empêcher de marcher."
        ),
        Article(id="head", text="Markets close higher"),
        Article(id="long", text="Police arrested two men. " * 60, published=dt.datetime(2024, 3, 7)),
    ]
    cfg = extractor.config.model_copy(deep=True)
    cfg.limits.max_chars = 1000
    extractor.config, old = cfg, extractor.config
    try:
        results = {r.article_id: r for r in extractor.extract_many(arts, batch_size=2)}
    finally:
        extractor.config = old
    assert list(results) == ["ok", "empty", "fr", "head", "long"]
    assert results["ok"].status == "ok"
    assert results["empty"].status == "error" and "empty" in results["empty"].error
    assert results["fr"].status == "error" and "language 'fr'" in results["fr"].error
    # A text that is only a headline has no body to defer to: it is read (and this typer calls everything an event).
    assert results["head"].status == "ok"
    assert results["long"].status == "error" and "max_chars" in results["long"].error


def test_an_article_without_events_has_status_no_event() -> None:
    from eventx.pipeline.extractor import Extractor

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    quiet = Extractor(cfg, typer=tiny_typer("No event"))
    (res,) = quiet.extract_many([Article(id="q", text=ARTICLE, published=dt.datetime(2024, 3, 7))])
    assert res.status == "no_event" and res.events == [] and res.error is None


def _items(n: int) -> list[ArticleItem]:
    items = [
        ArticleItem(f"corpus:{i}", Article(id=f"a{i}", text=ARTICLE, published=dt.datetime(2024, 3, 7)))
        for i in range(n)
    ]
    items.insert(2, ArticleItem("corpus:bad", None, "line 3: invalid JSON"))
    items.append(ArticleItem("corpus:dup", Article(id="a0", text="Police arrested two men in Mandera.")))
    return items


def _status(out) -> list[dict]:
    return [json.loads(x) for x in status_path_for(out).read_text().splitlines()]


def test_batch_accounts_for_every_input_once(extractor, tmp_path) -> None:
    out = tmp_path / "events.jsonl"
    summary = run_batch(_items(5), extractor, out, batch_size=2)
    lines = _status(out)
    assert [x["article_id"] for x in lines] == ["a0", "a1", "corpus:bad", "a2", "a3", "a4", "a0"]
    assert [x["status"] for x in lines][-1] == "error" and "duplicate id" in lines[-1]["error"]
    assert lines[2]["status"] == "error" and "invalid JSON" in lines[2]["error"]
    events = [json.loads(x) for x in out.read_text().splitlines()]
    assert summary.events == len(events) == sum(x["n_events"] for x in lines)
    assert summary.articles == 7 and summary.errors == 2
    assert {e["article_id"] for e in events} == {"a0", "a1", "a2", "a3", "a4"}


@pytest.mark.parametrize("fmt", ["jsonl", "acled-csv", "parquet"])
def test_resume_after_a_crash_gives_the_same_output(extractor, tmp_path, fmt) -> None:
    clean = tmp_path / f"clean.{fmt}"
    run_batch(_items(6), extractor, clean, fmt=fmt, batch_size=2)

    crashed = tmp_path / f"crashed.{fmt}"

    def dying():
        for k, item in enumerate(_items(6)):
            if k == 5:
                raise KeyboardInterrupt  # the process dies mid-run
            yield item

    with pytest.raises(KeyboardInterrupt):
        run_batch(dying(), extractor, crashed, fmt=fmt, batch_size=2)
    assert len(_status(crashed)) == 4  # two complete windows were checkpointed
    summary = run_batch(_items(6), extractor, crashed, fmt=fmt, batch_size=2, resume=True)
    assert summary.skipped_done == 4
    assert [x["article_id"] for x in _status(crashed)] == [x["article_id"] for x in _status(clean)]
    if fmt == "parquet":
        from eventx.io.parquet import read_parquet_records

        assert read_parquet_records(crashed) == read_parquet_records(clean)
    else:
        assert crashed.read_text() == clean.read_text()


def test_codebook_guard_replaces_an_unsupported_type_and_says_why() -> None:
    from eventx.pipeline.extractor import Extractor

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    ex = Extractor(cfg, typer=tiny_typer("Protest with intervention"))
    art = Article(
        id="p", text="Students staged a sit-in at the university on Monday.", published=dt.datetime(2024, 3, 7)
    )
    [rec] = ex.extract(art)
    assert rec.sub_event_type != "Protest with intervention"
    ev = rec.evidence["sub_event_type"]
    assert ev.method == "rule" and "Protest with intervention" in (ev.reason or "")
    cfg.detection.codebook_guards = False
    [rec] = Extractor(cfg, typer=tiny_typer("Protest with intervention")).extract(art)
    assert rec.sub_event_type == "Protest with intervention"


def test_a_toll_told_in_a_later_sentence_that_reports_no_event_is_the_events() -> None:
    """ "Gunmen shot a nurse ... The nurse died.": the second sentence reports no event of its own; its toll is the
    first one's, unless the event told its own, or the sentence is in another paragraph or announces another event."""
    from helpers_models import tiny_typer

    from eventx.config import ExtractorConfig
    from eventx.pipeline.assemble import EventMention
    from eventx.pipeline.document import Doc, Sentence
    from eventx.pipeline.extractor import Extractor
    from eventx.resolve.figures import extract_figures
    from eventx.schema import Article, EventRecord, FieldEvidence

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    ex = Extractor(cfg, typer=tiny_typer("Attack"))

    def later(second: str, paragraph: int = 0, **rec_kw):
        text = "Gunmen shot a nurse in Garissa on Monday. " + second
        cut = text.index(second)
        published = dt.datetime(2024, 3, 7, 10)
        doc = Doc(Article(id="a", text=text, published=published), text, published)
        s0, s1 = Sentence(0, 0, cut - 1, text[: cut - 1], 0), Sentence(1, cut, len(text), second, paragraph)
        doc.sentences = [s0, s1]
        m = EventMention(doc, s0, "Attack", "Violence against civilians", 0.9, 0.9)
        base = dict(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            fatalities=0,
            evidence={"fatalities": FieldEvidence(method="fallback", reason="no fatality figure in text")},
        )
        rec = EventRecord(**{**base, **rec_kw})
        return ex._later_toll(doc, m, rec, s1, extract_figures(second, offset=cut))

    got = later("The nurse died.")
    assert got is not None and got.fatalities == 1
    assert "later sentence" in (got.evidence["fatalities"].reason or "")
    assert later("The nurse died.", paragraph=1) is None
    assert later("Meanwhile, a guard died in Wajir.") is None
    assert later("On 9 March, a guard died.") is None  # a day of its own: maybe another event
    told = FieldEvidence(method="rule", reason="'no one was killed'")
    assert later("The nurse died.", evidence={"fatalities": told}) is None


def test_a_sentence_that_is_only_a_date_reports_no_event() -> None:
    """ "21 June. Police fired tear gas ...": the date line is read as the next sentence's day, never typed as an
    event of its own (typed alone it took a type into which the real event was folded)."""
    from helpers_models import tiny_typer

    from eventx.pipeline.extractor import Extractor, date_only

    for text in (
        "21 June.",
        "Night of 18 to early 19 January.",
        "On 5 May.",
        "Around 12 September 2020 (as reported).",
    ):
        assert date_only(text), text
    for text in ("Boko Haram attacked Kolofata on 21 June.", "Police arrested 3.", "Casualties unknown."):
        assert not date_only(text), text

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    ex = Extractor(cfg, typer=tiny_typer("Armed clash"))
    text = "21 June. Soldiers clashed with Al Shabaab fighters in Mandera."
    [rec] = ex.extract(Article(id="a", text=text, published=dt.datetime(2024, 6, 25, 10)))
    assert [s.text for s in rec.evidence["event_type"].spans] == [text[len("21 June. ") :]]
    assert rec.event_date == dt.date(2024, 6, 21)


def test_on_the_same_day_takes_the_day_told_before(extractor) -> None:
    """ "... arrested on the same day for joining a march in December 2019": the day is the previous sentence's, and
    the date in the sentence belongs to something else."""
    text = (
        "On 6 May 2020, soldiers clashed with militants in Mandera. On the same day, militants attacked a police post "
        "that had been shelled in December 2019."
    )
    records = extractor.extract(Article(id="a", text=text, published=dt.datetime(2020, 5, 9, 10)))
    # one day, one place, one type: ACLED's aggregation merges the two mentions (with December 2019 they were two)
    assert [r.event_date for r in records] == [dt.date(2020, 5, 6)]
    # a sentence that gives its own day before the phrase keeps it
    text = "On 7 May 2020, soldiers clashed with militants in Mandera twice in the same day."
    [rec] = extractor.extract(Article(id="a", text=text, published=dt.datetime(2020, 5, 9, 10)))
    assert rec.event_date == dt.date(2020, 5, 7)
