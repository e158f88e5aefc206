"""Date resolver: the relative-expression table, guards, fallbacks, spans and a smoke run on real ACLED notes."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml

from eventx.resolve.dates import DateMention, DateResult, find_dates, resolve_date
from eventx.schema.evidence import Span

TABLE = Path(__file__).resolve().parents[1] / "benchmarks" / "relative_dates.yaml"
_ROWS = yaml.safe_load(TABLE.read_text())
BASE = dt.datetime(2020, 5, 13, 9, 30)  # a Wednesday


@pytest.mark.parametrize("row", _ROWS["cases"], ids=lambda r: f"{r['base']}:{r['text'][:40]}")
def test_relative_table(row: dict) -> None:
    res = resolve_date(row["text"], row["base"])
    assert (res.date, res.time_precision) == (row["date"], row["precision"]), res.evidence.reason


def test_relative_table_is_large_enough() -> None:
    assert len(_ROWS["cases"]) >= 40
    assert len({r["base"] for r in _ROWS["cases"]}) >= 4


@pytest.mark.parametrize("row", _ROWS["no_date"], ids=lambda r: r["text"][:40])
def test_guards_find_no_date(row: dict) -> None:
    assert find_dates(row["text"], row["base"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 9 May 2020, Al Shabaab militants attacked a police post.", dt.date(2020, 5, 9)),
        ("On May 9, 2020, protesters gathered.", dt.date(2020, 5, 9)),
        ("Clashes on 2020-05-09 left two dead.", dt.date(2020, 5, 9)),
        ("Clashes on 09/05/2020 left two dead.", dt.date(2020, 5, 9)),
        ("Clashes on 25/12/2019 left two dead.", dt.date(2019, 12, 25)),
        ("In May 2020, the group took the town.", dt.date(2020, 5, 15)),
        ("On 1st of March 2019 a bomb went off.", dt.date(2019, 3, 1)),
        ("On 3 Sept. 2019 a bomb went off.", dt.date(2019, 9, 3)),
    ],
)
def test_absolute_dates_need_no_publication_date(text: str, expected: dt.date) -> None:
    assert resolve_date(text, None).date == expected


def test_year_from_another_mention_when_unpublished() -> None:
    text = "On 5 May 2020, soldiers raided the village; on 6 May they burned the market."
    mentions = find_dates(text, None)
    assert [m.date for m in mentions] == [dt.date(2020, 5, 5), dt.date(2020, 5, 6)]


def test_day_month_without_year_or_publication_is_not_guessed() -> None:
    assert find_dates("On 5 May, soldiers raided the village.", None) == []
    res = resolve_date("On 5 May, soldiers raided the village.", None)
    assert res.date is None and res.time_precision is None
    assert "no publication date" in (res.evidence.reason or "")


def test_fallback_to_publication_date_is_explained() -> None:
    res = resolve_date("Soldiers raided the village.", BASE)
    assert res.date == dt.date(2020, 5, 13)
    assert res.time_precision == 2
    assert res.evidence.method == "fallback"
    assert res.evidence.reason is not None and res.evidence.reason.startswith("no date in text: used publication date")
    assert res.evidence.confidence < 0.5


def test_no_text_date_and_no_publication_date() -> None:
    res = resolve_date("Soldiers raided the village.", None)
    assert isinstance(res, DateResult)
    assert res.date is None
    assert res.evidence.reason == "no date in text and no publication date: no date"


def test_background_dates_are_not_the_event() -> None:
    res = resolve_date("The group has held the town since 3 March.", BASE)
    assert res.evidence.method == "fallback"
    assert any("3 March" in c for c in res.evidence.candidates)
    old = resolve_date("They protested the coup of July 5, 1977.", dt.date(2017, 7, 6))
    assert old.date == dt.date(2017, 7, 6) and old.evidence.method == "fallback"


def test_weekday_used_as_adjective_is_not_a_date() -> None:
    assert find_dates("They condemned Monday's attack on the office.", BASE) == []
    assert find_dates("It ran in a Sunday newspaper.", BASE) == []


def test_span_preference_and_nearest() -> None:
    text = "On 3 May 2020 police arrested two men. On 7 May 2020 the court freed them."
    second = text.index("On 7 May")
    res = resolve_date(text, BASE, span=Span(start=second, end=len(text)))
    assert res.date == dt.date(2020, 5, 7)
    assert res.evidence.spans[0].text == "7 May 2020"
    # A span with no date in it takes the nearest mention.
    freed = text.index("freed")
    near = resolve_date(text, BASE, span=Span(start=freed, end=freed + 5))
    assert near.date == dt.date(2020, 5, 7)
    assert "nearest" in (near.evidence.reason or "")
    # Without a span the first mention wins, the other is a candidate.
    first = resolve_date(text, BASE)
    assert first.date == dt.date(2020, 5, 3)
    assert any("2020-05-07" in c for c in first.evidence.candidates)


def test_context_is_used_when_the_passage_has_no_date() -> None:
    res = resolve_date(
        "Two men were arrested.", None, context="On 3 May 2020 police raided a house. Two men were arrested."
    )
    assert res.date == dt.date(2020, 5, 3)
    assert res.evidence.spans == []
    assert "context" in (res.evidence.reason or "")


def test_offsets_are_added_and_spans_match_the_text() -> None:
    article = "KABUL, May 12 (Reuters) - Gunmen killed two guards on Tuesday. " * 1
    sentence_start = article.index("Gunmen")
    sentence = article[sentence_start:]
    mentions = find_dates(sentence, BASE, offset=sentence_start)
    assert len(mentions) == 1
    m = mentions[0]
    assert isinstance(m, DateMention)
    assert article[m.start : m.end] == m.text == "on Tuesday"
    assert m.kind == "weekday" and m.date == dt.date(2020, 5, 12)


def test_dateline_stands_in_for_a_missing_publication_date() -> None:
    text = "KABUL, May 12, 2020 (Reuters) - Gunmen killed two guards on Monday."
    mentions = find_dates(text, None)
    assert [m.kind for m in mentions] == ["dateline", "weekday"]
    res = resolve_date(text, None)
    assert res.date == dt.date(2020, 5, 11)


def test_accepts_date_and_datetime_and_rejects_other_types() -> None:
    assert resolve_date("yesterday", dt.date(2020, 5, 13)).date == dt.date(2020, 5, 12)
    assert resolve_date("yesterday", BASE).date == dt.date(2020, 5, 12)
    with pytest.raises(TypeError):
        resolve_date("yesterday", "2020-05-13")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        find_dates(None, BASE)  # type: ignore[arg-type]


def test_long_text_is_fast_enough() -> None:
    text = "On 9 May 2020, militants attacked a police post near the market, killing two officers. " * 200
    mentions = find_dates(text, BASE)
    assert len(mentions) == 200


def test_acled_notes_smoke(data_path) -> None:
    """On real notes that spell out their date, the resolver reads it (a quick sample; the full run is the benchmark)."""
    from eventx.io.acled_csv import iter_acled_csv

    path = data_path("acled_2020_global_rpanlilio/acled.csv")
    rows = [r.record for r in itertools.islice(iter_acled_csv(path), 400) if r.record and r.record.notes]
    dated = [r for r in rows if r.notes.startswith("On ")]
    assert len(dated) >= 100
    ok = sum(resolve_date(r.notes, None).date == r.event_date for r in dated)
    assert ok / len(dated) >= 0.95


def test_a_background_year_does_not_date_a_day_and_month() -> None:
    # "since February 2017" and "scheduled on 31 Dec 2018" are other dates; with a publication date the day and
    # month take the year that date gives. Without one, a year in the text is still better than none.
    pub = dt.datetime(2019, 1, 27, 12)
    text = "On 26 Jan, Tamils moved their protest; the release was scheduled on 31 Dec 2018."
    assert find_dates(text, pub)[0].date == dt.date(2019, 1, 26)
    text = "On May 22, farmers protested the occupation of their land since February 2017."
    assert find_dates(text, dt.datetime(2019, 5, 23, 12))[0].date == dt.date(2019, 5, 22)
    assert find_dates("On 9 May 2020, gunmen attacked. On 10 May, they returned.", None)[1].date == dt.date(2020, 5, 10)


def test_weekday_with_its_day_in_brackets() -> None:
    # "on Wednesday (13)": the Wednesday that fell on the 13th, not merely the last Wednesday
    pub = dt.datetime(2017, 12, 18, 12)
    assert find_dates("The protest began on Wednesday (13) in Borella.", pub)[0].date == dt.date(2017, 12, 13)
    # a day that fits no recent month leaves the plain weekday reading
    assert find_dates("It began on Wednesday (31) in Borella.", pub)[0].date == dt.date(2017, 12, 13)


def test_text_all_in_lower_case_still_gives_its_dates() -> None:
    """Some feeds lower-case everything ("police arrested two persons on sunday"): capitals cannot guard "may" and
    "march" there, so a month counts with its day or year, alone only when it is no English word, and weekdays count."""
    pub = dt.datetime(2002, 3, 11, 6, 0)

    def found(text: str) -> list[tuple[str, dt.date]]:
        return [(m.text, m.date) for m in find_dates(text, pub)]

    assert found("police arrested two persons in the old city on sunday.") == [("on sunday", dt.date(2002, 3, 10))]
    assert found("militants attacked the camp on march 2, police said.") == [("march 2", dt.date(2002, 3, 2))]
    assert found("these restrictions were imposed in november.") == [("in november", dt.date(2001, 11, 15))]
    assert found("the vhp may hold a rally in may, its leaders said.") == []
    assert found("police stopped the march near the temple this march.") == []
    # in cased text the guards stand as before
    assert found("Police arrested two persons in the old city on sunday.") == []


def test_a_day_still_to_come_dates_no_event() -> None:
    """ "the march 15 programme" in a paper of 13 March is two days ahead, not a day of the year before: it is read
    as that coming day and, being after publication, never dates the event."""
    pub = dt.datetime(2002, 3, 13, 6, 0)
    (m,) = find_dates("security was tightened ahead of the March 15 programme.", pub)
    assert m.date == dt.date(2002, 3, 15)
    res = resolve_date("Security was tightened ahead of the March 15 programme.", pub)
    assert (res.date, res.time_precision, res.evidence.method) == (dt.date(2002, 3, 13), 2, "fallback")
    span = Span(start=36, end=44, text="March 15")
    assert resolve_date("Security was tightened ahead of the March 15 programme.", pub, span=span).date == pub.date()
    # further ahead it is the same day of the year before, as the table says
    assert find_dates("Villagers were attacked on 30 March.", pub)[0].date == dt.date(2001, 3, 30)
