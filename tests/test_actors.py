"""Actor resolver: handwritten sentences against a small handwritten table, plus the shipped table's contract."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from eventx.resolve.actors import (
    ActorTable,
    default_table_path,
    display_case,
    find_actors,
    inter_code_of,
    norm_tokens,
    pick_roles,
    resolve_actor,
    split_actor_name,
)
from eventx.schema.evidence import FieldEvidence, Span

REPO = Path(__file__).resolve().parents[1]
COUNTRIES = {
    "kenya": "Kenya",
    "somalia": "Somalia",
    "philippines": "Philippines",
    "india": "India",
    "nigeria": "Nigeria",
    "russia": "Russia",
    "ukraine": "Ukraine",
    "iraq": "Iraq",
    "united states": "United States",
}


def _alias(key: str, count: int = 100, prec: float = 0.95, src: str = "learned", country: str | None = None) -> list:
    a: list = [key, count, prec, src]
    if country:
        a.append(country)
    return a


def _inst(name: str, country: str | None, start: int | None, end: int | None, inter: int, n: int = 10) -> list:
    return [name, country, start, end, inter, n]


def _table_data() -> dict:
    """A tiny table in the shipped format, written by hand (no ACLED text)."""
    return {
        "version": 1,
        "meta": {"scope": "test"},
        "countries": COUNTRIES,
        "demonyms": {"kenyan": "Kenya", "somali": "Somalia", "russian": "Russia", "nigerian": "Nigeria"},
        "the_countries": ["Philippines", "United States"],
        "role_priors": {
            "Protests|actor1": ["Protesters ({C})", 0.99, 1000],
            "Riots|actor1": ["Rioters ({C})", 0.97, 1000],
            "Violence against civilians|actor2": ["Civilians ({C})", 0.97, 1000],
        },
        "role_inters": {"Battles|actor1": [1, 0.4, 500]},
        "inter_words": {"insurgents": [2, 0.9, 40], "militia": [3, 0.8, 30]},
        "keys": {
            "Police Forces of {C}": {
                "count": 50,
                "inter_home": 1,
                "inter_abroad": 8,
                "seen_in": ["Kenya"],
                "instances": [
                    _inst("Police Forces of Kenya (2002-2013)", "Kenya", 2002, 2013, 1),
                    _inst("Police Forces of Kenya (2013-)", "Kenya", 2013, None, 1),
                ],
            },
            "Military Forces of {C}": {
                "count": 50,
                "inter_home": 1,
                "inter_abroad": 8,
                "seen_in": ["Ukraine", "Somalia"],
                "instances": [
                    _inst("Military Forces of Russia (2000-)", "Russia", 2000, None, 1),
                    _inst("Military Forces of Somalia (2022-)", "Somalia", 2022, None, 1),
                    _inst("Military Forces of the Philippines (2016-)", "Philippines", 2016, None, 1),
                ],
            },
            "Al Shabaab": {
                "count": 80,
                "inter_home": 2,
                "inter_abroad": None,
                "seen_in": ["Somalia", "Kenya"],
                "instances": [_inst("Al Shabaab", None, None, None, 2)],
            },
            "Islamic State ({C})": {
                "count": 20,
                "inter_home": 2,
                "inter_abroad": None,
                "seen_in": ["Iraq"],
                "instances": [_inst("Islamic State (Iraq)", "Iraq", None, None, 2)],
            },
            "Unidentified Armed Group ({C})": {
                "count": 20,
                "inter_home": 3,
                "inter_abroad": None,
                "seen_in": [],
                "instances": [_inst("Unidentified Armed Group (Kenya)", "Kenya", None, None, 3)],
            },
            "Civilians ({C})": {
                "count": 20,
                "inter_home": 7,
                "inter_abroad": None,
                "seen_in": [],
                "instances": [_inst("Civilians (Kenya)", "Kenya", None, None, 7)],
            },
            "Protesters ({C})": {
                "count": 20,
                "inter_home": 6,
                "inter_abroad": None,
                "seen_in": [],
                "instances": [_inst("Protesters (India)", "India", None, None, 6)],
            },
            "Rioters ({C})": {"count": 20, "inter_home": 5, "inter_abroad": None, "seen_in": [], "instances": []},
            "NPA: New People's Army": {
                "count": 30,
                "inter_home": 2,
                "inter_abroad": None,
                "seen_in": ["Philippines"],
                "instances": [_inst("NPA: New People's Army", None, None, None, 2)],
            },
        },
        "aliases": {
            "police": [_alias("Police Forces of {C}", 900, 0.99)],
            "policemen": [_alias("Police Forces of {C}", 90, 0.99)],
            "soldiers": [_alias("Military Forces of {C}", 500, 0.99)],
            "forces": [_alias("Military Forces of {C}", 500, 0.9)],
            "al shabab": [_alias("Al Shabaab", 800, 0.99, "name")],
            "IS": [_alias("Islamic State ({C})", 0, 0.9, "seed")],
            "isis": [_alias("Islamic State ({C})", 0, 0.9, "seed")],
            "daesh": [_alias("Islamic State ({C})", 0, 0.9, "seed")],
            "gunmen": [_alias("Unidentified Armed Group ({C})", 200, 0.85)],
            "unknown asailants": [_alias("Unidentified Armed Group ({C})", 0, 0.9, "seed")],
            "vilagers": [_alias("Civilians ({C})", 0, 0.9, "seed")],
            "residents": [_alias("Civilians ({C})", 0, 0.9, "seed")],
            "protesters": [_alias("Protesters ({C})", 300, 0.95, "name")],
            "students": [_alias("Protesters ({C})", 0, 0.9, "seed")],
            "rioters": [_alias("Rioters ({C})", 300, 0.95, "name")],
            "NPA": [_alias("NPA: New People's Army", 30, 0.95, "name")],
            "KDF": [_alias("Military Forces of {C}", 40, 0.9, "learned", "Kenya")],
        },
    }


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable.from_dict(_table_data())


def _group(count: int, seen_in: list[str], instances: list) -> dict:
    return {"count": count, "inter_home": 2, "inter_abroad": None, "seen_in": seen_in, "instances": instances}


def test_an_alias_shared_by_groups_goes_to_the_one_coded_most_often() -> None:
    data = _table_data()
    # both well attested and seen in Nigeria: equal scores, so the count decides, not the order in the table
    data["keys"]["Boko Haram - Faction A"] = _group(
        90, ["Nigeria"], [_inst("Boko Haram - Faction A", None, None, None, 2)]
    )
    data["keys"]["Boko Haram and/or Faction B"] = _group(
        1300, ["Nigeria"], [_inst("Boko Haram and/or Faction B", None, None, None, 2)]
    )
    data["aliases"]["boko haram"] = [
        _alias("Boko Haram - Faction A", 90, 0.95, "name"),
        _alias("Boko Haram and/or Faction B", 1300, 0.95, "name"),
    ]
    t = ActorTable.from_dict(data)
    assert resolve_actor("Boko Haram fighters", country="Nigeria", table=t).name == "Boko Haram and/or Faction B"
    data["aliases"]["boko haram"].reverse()
    t = ActorTable.from_dict(data)
    assert resolve_actor("Boko Haram fighters", country="Nigeria", table=t).name == "Boko Haram and/or Faction B"


def test_a_renamed_group_takes_the_name_it_had_at_the_event_date() -> None:
    data = _table_data()
    for name, n in (("Boko Haram - Old", 90), ("Islamic State (West Africa)", 200), ("Boko Haram and/or Old", 1300)):
        data["keys"][name] = _group(n, ["Nigeria"], [_inst(name, None, None, None, 2)])
    data["aliases"]["boko haram"] = [_alias("Boko Haram and/or Old", 1300, 0.95, "name")]
    data["renamed"] = {
        "Boko Haram and/or Old": [
            ["", "2015-03-31", "Boko Haram - Old"],
            ["2015-04-01", "2016-07-31", "Islamic State (West Africa)"],
        ]
    }
    t = ActorTable.from_dict(data)

    def name(day: dt.date | None) -> tuple[str | None, int | None]:
        r = resolve_actor("Boko Haram fighters", country="Nigeria", when=day, table=t)
        return r.name, r.inter

    assert name(dt.date(2014, 6, 1)) == ("Boko Haram - Old", 2)
    assert name(dt.date(2015, 3, 31)) == ("Boko Haram - Old", 2)
    assert name(dt.date(2015, 4, 1)) == ("Islamic State (West Africa)", 2)
    assert name(dt.date(2016, 7, 31)) == ("Islamic State (West Africa)", 2)
    assert name(dt.date(2016, 8, 1)) == ("Boko Haram and/or Old", 2)
    assert name(None) == ("Boko Haram and/or Old", 2)  # no date: the current name


def test_home_country_of_groups_and_of_single_country_templates() -> None:
    data = _table_data()
    data["keys"]["Ambazonian Separatists ({C})"] = _group(
        809, ["Kenya"], [_inst("Ambazonian Separatists (Kenya)", "Kenya", None, None, 2, 809)]
    )
    data["keys"]["Rare Front"] = _group(2, ["Kenya"], [_inst("Rare Front", None, None, None, 2, 2)])
    t = ActorTable.from_dict(data)
    assert t.home_country("NPA: New People's Army") == "Philippines"  # a name with no country: where its rows are
    assert t.home_country("Ambazonian Separatists ({C})") == "Kenya"  # a template only ever built on one country
    assert t.home_country("Islamic State ({C})") is None  # one country, but too few rows to call it home
    assert t.home_country("Al Shabaab") is None  # seen in two countries
    assert t.home_country("Rare Front") is None  # too few rows
    assert t.home_country("Police Forces of {C}") is None  # state forces: instances of one country are no home


def test_home_country_of_a_group_seen_mostly_in_one_country() -> None:
    """A group named with no country, seen in a second country a handful of times ("Anti-Balaka": 831 rows in the
    Central African Republic, 3 in Cameroon), still has a home; one split between two countries has none."""
    data = _table_data()
    data["keys"]["Village Front"] = _group(834, ["Chad", "Niger"], [_inst("Village Front", None, None, None, 2, 834)])
    data["keys"]["Village Front"]["seen_counts"] = [831, 3]
    data["keys"]["Border Front"] = _group(600, ["Chad", "Niger"], [_inst("Border Front", None, None, None, 2, 600)])
    data["keys"]["Border Front"]["seen_counts"] = [400, 200]
    t = ActorTable.from_dict(data)
    assert t.home_country("Village Front") == "Chad"
    assert t.home_country("Border Front") is None
    del data["keys"]["Village Front"]["seen_counts"]  # a table built before the counts: one country or none
    assert ActorTable.from_dict(data).home_country("Village Front") is None


# ------------------------------------------------------------------------------------------------------ names
def test_norm_tokens_folds_spelling_and_keeps_acronyms() -> None:
    assert norm_tokens("Al-Shabaab") == norm_tokens("al Shabab") == ("al", "shabab")
    assert norm_tokens("IS fighters") == ("IS", "fighters")
    assert norm_tokens("is") == ("is",)
    assert norm_tokens("Côte") == ("cote",)
    # an acronym keeps its letters: a Myanmar militia's initials are not Kenya's army's
    assert norm_tokens("KDDF") == ("KDDF",) != norm_tokens("KDF")
    assert norm_tokens("AUSSOM troops") == ("AUSSOM", "trops")


@pytest.mark.parametrize(
    ("name", "key", "country", "start", "end"),
    [
        ("Police Forces of Kenya (2013-)", "Police Forces of {C}", "Kenya", 2013, None),
        ("Military Forces of the Philippines (2016-)", "Military Forces of {C}", "Philippines", 2016, None),
        ("Protesters (India)", "Protesters ({C})", "India", None, None),
        ("Al Shabaab", "Al Shabaab", None, None, None),
        ("RIOTERS (UNITED STATES)", "Rioters ({C})", "United States", None, None),
        ("Police Forces of Kenya (2002-2013) Prison Guards", "Police Forces of {C} Prison Guards", "Kenya", 2002, 2013),
    ],
)
def test_split_actor_name(name: str, key: str, country: str | None, start: int | None, end: int | None) -> None:
    p = split_actor_name(name, COUNTRIES)
    assert (p.key, p.country, p.start, p.end) == (key, country, start, end)


# ------------------------------------------------------------------------------------------------- resolution
def test_demonym_and_pattern_give_police_of_kenya(table: ActorTable) -> None:
    r = resolve_actor("Kenyan police", country="Somalia", table=table)
    assert r.name == "Police Forces of Kenya (2013-)"
    assert r.inter == 8  # Kenyan police acting in Somalia are external forces
    assert isinstance(r.evidence, FieldEvidence)
    assert "police" in (r.evidence.reason or "")


def test_country_fills_the_pattern_and_date_picks_the_period(table: ActorTable) -> None:
    old = resolve_actor("policemen", country="Kenya", table=table, when=dt.date(2008, 3, 1))
    new = resolve_actor("policemen", country="Kenya", table=table, when=dt.date(2020, 3, 1))
    assert old.name == "Police Forces of Kenya (2002-2013)"
    assert new.name == "Police Forces of Kenya (2013-)"
    assert new.inter == 1


def test_a_date_before_every_known_period_takes_the_nearest(table: ActorTable) -> None:
    # no name is known for 1995: the nearest period, not today's name
    assert resolve_actor("policemen", country="Kenya", table=table, when=dt.date(1995, 3, 1)).name == (
        "Police Forces of Kenya (2002-2013)"
    )


def test_period_is_borrowed_from_the_countrys_other_state_actors(table: ActorTable) -> None:
    r = resolve_actor("policemen", country="Russia", table=table, when=dt.date(2021, 1, 1))
    assert r.name == "Police Forces of Russia (2000-)"
    assert r.inter == 1


def test_unseen_country_gets_the_pattern_without_period(table: ActorTable) -> None:
    r = resolve_actor("soldiers", country="Nigeria", table=table)
    assert r.name == "Military Forces of Nigeria"
    assert r.inter == 1
    assert (
        resolve_actor("soldiers", country="United States", table=table).name == "Military Forces of the United States"
    )


@pytest.mark.parametrize("mention", ["ISIS", "IS fighters", "Daesh militants", "isis"])
def test_islamic_state_aliases(table: ActorTable, mention: str) -> None:
    r = resolve_actor(mention, country="Iraq", table=table)
    assert r.name == "Islamic State (Iraq)"
    assert r.inter == 2


def test_lowercase_is_is_not_islamic_state(table: ActorTable) -> None:
    assert resolve_actor("is", country="Iraq", table=table).name is None


@pytest.mark.parametrize("mention", ["Al-Shabaab militants", "al Shabab", "Al Shabaab"])
def test_al_shabaab_spellings(table: ActorTable, mention: str) -> None:
    r = resolve_actor(mention, country="Somalia", table=table)
    assert (r.name, r.inter) == ("Al Shabaab", 2)


def test_people_words_follow_the_event_type(table: ActorTable) -> None:
    assert resolve_actor("unknown assailants", country="Kenya", table=table).name == "Unidentified Armed Group (Kenya)"
    assert resolve_actor("villagers", country="Kenya", table=table).name == "Civilians (Kenya)"
    protest = resolve_actor("residents", country="Kenya", role="actor1", event_type="Protests", table=table)
    assert (protest.name, protest.inter) == ("Protesters (Kenya)", 6)
    riot = resolve_actor("students", country="Kenya", role="actor1", event_type="Riots", table=table)
    assert (riot.name, riot.inter) == ("Rioters (Kenya)", 5)
    victims = resolve_actor(
        "students", country="Kenya", role="actor2", event_type="Violence against civilians", table=table
    )
    assert victims.name == "Civilians (Kenya)"


def test_reasons_quote_the_words_as_written(table: ActorTable) -> None:
    # the table folds spellings ("villagers" is stored as "vilagers"); the evidence quotes the text itself
    r = resolve_actor("angry Villagers", country="Kenya", table=table)
    assert r.name == "Civilians (Kenya)" and "'Villagers'" in (r.evidence.reason or ""), r.evidence.reason
    riot = resolve_actor("the Villagers", country="Kenya", role="actor1", event_type="Riots", table=table)
    assert "'Villagers' is people" in (riot.evidence.reason or ""), riot.evidence.reason


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("POLICE FORCES OF THE UNITED STATES (2017-2021) CAPITOL POLICE",
         "Police Forces of the United States (2017-2021) Capitol Police"),
        ("ACLU: AMERICAN CIVIL LIBERTIES UNION", "ACLU: American Civil Liberties Union"),
        ("RIOTERS (UNITED STATES)", "Rioters (United States)"),
        ("NPA: NEW PEOPLE'S ARMY", "NPA: New People's Army"),
        ("BLM757", "BLM757"),
        ("Military Forces of Kenya (2013-)", "Military Forces of Kenya (2013-)"),
    ],
)  # fmt: skip
def test_display_case_of_names_in_capitals(raw: str, shown: str) -> None:
    assert display_case(raw) == shown


def test_country_specific_alias_names_its_country(table: ActorTable) -> None:
    r = resolve_actor("KDF", country="Somalia", table=table)
    assert r.name == "Military Forces of Kenya (2013-)"  # period of Kenya's police, the same regime
    assert r.inter == 8


def test_canonical_name_given_verbatim(table: ActorTable) -> None:
    r = resolve_actor("Police Forces of Kenya (2002-2013)", country="Kenya", table=table)
    assert r.name == "Police Forces of Kenya (2002-2013)"
    assert r.evidence.reason == "canonical name"


def test_unknown_phrase_keeps_an_inter_guess_and_says_why(table: ActorTable) -> None:
    r = resolve_actor("the insurgents", country="Kenya", table=table)
    assert r.name is None
    assert r.inter == 2
    assert "no known actor" in (r.evidence.reason or "")
    nothing = resolve_actor("a bright morning", table=table)
    assert (nothing.name, nothing.inter) == (None, None)
    assert nothing.evidence.confidence == 0.0


def test_empty_phrase_falls_back_to_role_prior(table: ActorTable) -> None:
    r = resolve_actor("", country="India", role="actor1", event_type="Protests", table=table)
    assert r.name == "Protesters (India)"
    assert r.evidence.method == "fallback"


def test_empty_phrase_reads_the_context(table: ActorTable) -> None:
    note = "Two villagers were shot dead by gunmen near the river."
    r = resolve_actor("", country="Kenya", role="actor1", context=note, table=table)
    assert r.name == "Unidentified Armed Group (Kenya)"
    assert "context" in (r.evidence.reason or "")


def test_pattern_without_country_gives_no_name(table: ActorTable) -> None:
    r = resolve_actor("gunmen", table=table)
    assert r.name is None
    assert r.inter == 3
    assert "needs a country" in (r.evidence.reason or "")


def test_span_is_kept_and_bad_role_is_refused(table: ActorTable) -> None:
    span = Span(start=4, end=10, text="police")
    r = resolve_actor("police", country="Kenya", span=span, table=table)
    assert r.evidence.spans == [span]
    with pytest.raises(ValueError, match="role"):
        resolve_actor("police", role="victim", table=table)


# ----------------------------------------------------------------------------------------------------- finding
def test_find_actors_spans_and_order(table: ActorTable) -> None:
    text = "Late on Sunday, gunmen raided a market and shot two villagers before Kenyan police arrived."
    ms = find_actors(text, country="Kenya", table=table, offset=100)
    assert [m.name for m in ms] == [
        "Unidentified Armed Group (Kenya)",
        "Civilians (Kenya)",
        "Police Forces of Kenya (2013-)",
    ]
    for m in ms:
        assert text[m.start - 100 : m.end - 100] == m.text
    assert ms[2].text == "Kenyan police"
    assert [m.inter for m in ms] == [3, 7, 1]


def test_find_actors_empty_and_bad_input(table: ActorTable) -> None:
    assert find_actors("", table=table) == []
    assert find_actors("Nothing of note happened in the valley.", table=table) == []
    with pytest.raises(TypeError):
        find_actors(None, table=table)  # type: ignore[arg-type]


def test_pick_roles_by_event_type_and_passive_agent(table: ActorTable) -> None:
    text = "Two villagers were shot dead by gunmen near the river."
    ms = find_actors(text, country="Kenya", table=table)
    a1, a2 = pick_roles(ms, text, "Violence against civilians")
    assert (a1.text, a2.text) == ("gunmen", "villagers")  # type: ignore[union-attr]
    a1, a2 = pick_roles(ms, text, "Battles")
    assert a1.text == "gunmen"  # type: ignore[union-attr]
    demo = "Police fired tear gas at students who marched on the ministry."
    ms = find_actors(demo, country="Kenya", table=table)
    a1, a2 = pick_roles(ms, demo, "Protests")
    assert (a1.text, a2.text) == ("students", "Police")  # type: ignore[union-attr]
    assert pick_roles([], demo, "Protests") == (None, None)


def test_inter_code_of(table: ActorTable) -> None:
    assert inter_code_of("Police Forces of Kenya (2013-)", table=table) == 1
    assert inter_code_of("Military Forces of Russia (2000-)", "Ukraine", table=table) == 8
    assert inter_code_of("Al Shabaab", table=table) == 2
    assert inter_code_of("Military Forces of Nigeria (2015-)", table=table) == 1  # not in table: the pattern's rule
    assert inter_code_of("Some Unknown Front", table=table) is None


def test_table_version_is_checked() -> None:
    with pytest.raises(ValueError, match="version"):
        ActorTable.from_dict({"version": 999})


def test_load_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build_actor_table"):
        ActorTable.load(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON"):
        ActorTable.load(bad)


# --------------------------------------------------------------------------------------------- shipped table
@pytest.fixture(scope="module")
def shipped() -> ActorTable:
    if not default_table_path().is_file():
        pytest.skip("shipped actor table not built")
    return ActorTable.load()


def test_shipped_table_is_cached_small_and_has_no_long_phrases(shipped: ActorTable) -> None:
    assert ActorTable.load() is shipped
    assert default_table_path().stat().st_size < 3_500_000
    raw = json.loads(default_table_path().read_text(encoding="utf-8"))
    learned = [p for p, lst in raw["aliases"].items() if any(a[3] == "learned" for a in lst)]
    assert len(learned) > 200
    assert max(len(p.split(" ")) for p in learned) <= 5  # phrases, never sentences of notes


@pytest.mark.parametrize(
    ("mention", "country", "name", "inter"),
    [
        ("Kenyan police", "Kenya", "Police Forces of Kenya (2013-)", 1),
        ("Al-Shabaab militants", "Somalia", "Al Shabaab", 2),
        ("gunmen", "Kenya", "Unidentified Armed Group (Kenya)", 3),
        # militants no text names: ACLED's unnamed perpetrator ("Militants attacked the Kralgund police station")
        ("militants", "India", "Unidentified Armed Group (India)", 3),
        ("terrorists", "India", "Unidentified Armed Group (India)", 3),
        ("villagers", "Kenya", "Civilians (Kenya)", 7),
        ("demonstrators", "India", "Protesters (India)", 6),
        ("rioters", "Bangladesh", "Rioters (Bangladesh)", 5),
        ("ISIS", "Iraq", "Islamic State (Iraq)", 2),
        # a demonym and a state-force word name the state's forces (the learner had tied these to their enemies)
        ("Nigerian Army", "Nigeria", "Military Forces of Nigeria (2015-)", 1),
        ("Iraqi forces", "Iraq", "Military Forces of Iraq (2018-)", 1),
        # armies by their acronyms (national seeds: the name carries the country wherever the event is)
        ("KDF soldiers", "Kenya", "Military Forces of Kenya (2013-)", 1),
        ("FACA", "Central African Republic", "Military Forces of the Central African Republic (2016-)", 1),
        ("SNA", "Somalia", "Military Forces of Somalia (2017-)", 1),
        ("ENDF", "Ethiopia", "Military Forces of Ethiopia (2018-)", 1),
        ("3R combatants", "Central African Republic", "RRR: Return, Reclamation and Rehabilitation", 3),
        (
            "Boko Haram",
            "Cameroon",
            "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad",
            2,
        ),
    ],
)
def test_shipped_table_core_cases(shipped: ActorTable, mention: str, country: str, name: str, inter: int) -> None:
    et = {6: "Protests", 5: "Riots"}.get(inter)
    r = resolve_actor(mention, country=country, event_type=et, when=dt.date(2021, 5, 1))
    assert (r.name, r.inter) == (name, inter), r.evidence.reason


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2014, 9, 1), "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),
        (dt.date(2015, 11, 1), "Islamic State (West Africa)"),
        (
            dt.date(2019, 2, 1),
            "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad",
        ),
    ],
)
def test_shipped_table_names_boko_haram_by_date(shipped: ActorTable, day: dt.date, name: str) -> None:
    r = resolve_actor("Boko Haram fighters", country="Cameroon", when=day)
    assert (r.name, r.inter) == (name, 2), r.evidence.reason


# ------------------------------------------------------------------------------------------- builder on data
def test_builder_learns_aliases_from_a_real_export(data_path) -> None:
    path = data_path("acled_kenya_carol0128/acled_data.csv")
    sys.path.insert(0, str(REPO / "tools"))
    import build_actor_table as builder

    raw, places = builder.read_rows([path], log=lambda *a: None)
    raw = raw[:3000]
    countries = builder.country_map(r["country"] for r in raw if r["country"])
    rows = builder.prepare(raw, countries)
    data = builder.build_table(rows, countries, {p["place"] for p in places}, meta={}, log=lambda *a: None)
    t = ActorTable.from_dict(data)
    assert "Police Forces of {C}" in t.keys
    learned = Counter(a.key for lst in t.aliases.values() for a in lst if a.source == "learned")
    assert learned["Police Forces of {C}"] >= 1
    r = resolve_actor("police", country="Kenya", table=t, when=dt.date(2015, 1, 1))
    assert r.name is not None and r.name.startswith("Police Forces of Kenya")


# ------------------------------------------------------------------------------------- police words of the press
@pytest.mark.parametrize(
    "mention",
    [
        "cops",
        "the cops",
        "constables",
        "a head constable",
        "superintendent of police",
        "dy sp",
        "deputy SP",
        "DSP",
        "state reserve police",
        "rapid action force",
        "state troopers",
        "sheriff's deputies",
    ],
)
def test_shipped_table_knows_police_words_of_the_press(shipped: ActorTable, mention: str) -> None:
    country = "United States" if mention in ("state troopers", "sheriff's deputies") else "India"
    r = resolve_actor(mention, country=country, when=dt.date(2021, 5, 1))
    assert r.key == "Police Forces of {C}" and r.inter == 1, r.evidence.reason
    assert r.name is not None and r.name.startswith(
        f"Police Forces of {'the ' if 'States' in country else ''}{country}"
    )


@pytest.mark.parametrize("mention", ["a murder suspect", "the suspects", "an alleged thief", "thieves"])
def test_the_victims_of_mob_justice_are_civilians(shipped: ActorTable, mention: str) -> None:
    # "a mob lynched a murder suspect": ACLED codes the suspect a civilian (the mob, Rioters, is actor1)
    r = resolve_actor(mention, country="Kenya", role="actor2", event_type="Riots")
    assert (r.name, r.inter) == ("Civilians (Kenya)", 7), r.evidence.reason


def test_police_words_without_a_country_keep_inter_1(shipped: ActorTable) -> None:
    # lower-case text where no place resolves: no name, but still state forces
    r = resolve_actor("cops", country=None)
    assert r.name is None and r.inter == 1, r.evidence.reason


@pytest.mark.parametrize(
    ("mention", "unit"),
    [
        ("CRPF jawans", "Central Reserve Police Force"),
        ("crpf men", "Central Reserve Police Force"),
        ("Border Security Force (BSF)", "Border Security Force"),
        ("cisf personnel", "Central Industrial Security Force"),
    ],
)
def test_indian_central_forces_name_india_wherever_the_event_is(shipped: ActorTable, mention: str, unit: str) -> None:
    name = f"Police Forces of India (2014-) {unit}"
    r = resolve_actor(mention, country="India", when=dt.date(2021, 5, 1))
    assert (r.name, r.inter) == (name, 1), r.evidence.reason
    r = resolve_actor(mention, country=None)  # the alias names its country: lower-case text without places
    assert (r.name, r.inter) == (name, 1), r.evidence.reason
    r = resolve_actor(mention, country="Bangladesh", when=dt.date(2021, 5, 1))  # BSF at the border: foreign forces
    assert (r.name, r.inter) == (name, 8), r.evidence.reason


@pytest.mark.parametrize("mention", ["sp", "SP", "the sp", "sp leader", "SP MLA", "RAF", "paramilitary forces"])
def test_ambiguous_short_tokens_are_not_police(shipped: ActorTable, mention: str) -> None:
    # "SP" is as often the Samajwadi Party as a superintendent of police; "RAF" is also the Royal Air Force
    r = resolve_actor(mention, country="India", when=dt.date(2021, 5, 1))
    assert r.key not in ("Police Forces of {C}", "Police Forces of {C} Central Reserve Police Force"), r.evidence.reason


def test_find_actors_reads_cops_and_a_superintendent_of_police(shipped: ActorTable) -> None:
    text = "two persons were killed when cops opened fire on a rioting mob"
    ms = find_actors(text, country="India", when=dt.date(2002, 3, 1))
    cops = next(m for m in ms if m.text == "cops")
    assert cops.key == "Police Forces of {C}" and cops.inter == 1
    text = "the deputy superintendent of police ordered firing at mobs"
    assert any(m.key == "Police Forces of {C}" for m in find_actors(text, country="India"))


def test_builder_national_seeds_carry_their_country() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import build_actor_table as builder

    seeds = builder.load_seeds()
    assert "crpf" in seeds.national["India"]["Police Forces of {C} Central Reserve Police Force"]
    row = builder.Row(
        country="India",
        notes="On 3 May 2020, police fired on rioters in Bhopal.",
        event_type="Riots",
        keys=("Rioters ({C})", "Police Forces of {C}"),
        names=("Rioters (India)", "Police Forces of India (2014-)"),
        inters=(5, 1),
        assoc=(),
        year=2020,
    )
    countries = {"india": "India", "pakistan": "Pakistan"}
    data = builder.build_table([row] * 4, countries, set(), meta={}, log=lambda *a: None)
    assert ["Police Forces of {C} Central Reserve Police Force", 0, 0.9, "seed", "India"] in data["aliases"]["crpf"]
    assert any(a[0] == "Police Forces of {C}" and len(a) == 4 for a in data["aliases"]["cops"])  # generic: no country
    t = ActorTable.from_dict(data)
    r = resolve_actor("CRPF", country="Pakistan", table=t, when=dt.date(2020, 5, 3))
    assert (r.name, r.inter) == ("Police Forces of India (2014-) Central Reserve Police Force", 8), r.evidence.reason


def test_builder_names_a_state_unit_by_its_own_name() -> None:
    """'Police Forces of {C} Southwest Special Police Forces' is named in notes as 'Southwest Special Police Forces':
    the alias is the unit's name, not the template around it ('police forces of southwest ...')."""
    sys.path.insert(0, str(REPO / "tools"))
    import build_actor_table as builder

    got = builder.name_aliases("Police Forces of {C} Southwest Special Police Forces")
    assert "southwest special police forces" in got
    assert not any(p.startswith("police forces of") for p in got)
    assert builder.name_aliases("Military Forces of {C} Special Forces") == {"special forces"}
    assert "NISA" in builder.name_aliases("Military Forces of {C} NISA: National Intelligence and Security Agency")
    # the unit alias joins the table unless it is a place or plain descriptive words
    row = builder.Row(
        country="Somalia",
        notes="On 3 May 2025, Southwest Special Police Forces clashed with Al Shabaab near Baidoa.",
        event_type="Battles",
        keys=("Police Forces of {C} Southwest Special Police Forces", "Al Shabaab"),
        names=("Police Forces of Somalia (2022-) Southwest Special Police Forces", "Al Shabaab"),
        inters=(1, 2),
        assoc=(),
        year=2025,
    )
    state = dataclasses.replace(
        row,
        keys=("Military Forces of {C} State Security", "Al Shabaab"),
        names=("Military Forces of Somalia (2022-) State Security", "Al Shabaab"),
    )
    west = dataclasses.replace(
        row,
        keys=("Police Forces of {C} West Bank", "Al Shabaab"),
        names=("Police Forces of Somalia West Bank", "Al Shabaab"),
    )
    data = builder.build_table(
        [row, state, west] * 4, {"somalia": "Somalia"}, {"West Bank"}, meta={}, log=lambda *a: None
    )
    assert (
        data["aliases"]["southwest special police forces"][0][0]
        == "Police Forces of {C} Southwest Special Police Forces"
    )
    assert "state security" not in data["aliases"] and "west bank" not in data["aliases"]
    # other keys keep their whole name and the parts of an acronym name
    assert builder.name_aliases("Al Shabaab") == {"al shabab"}  # doubled letters folded, as notes are matched
    assert builder.name_aliases("ASG: Abu Sayyaf") == {"ASG", "abu sayaf"}


def test_builder_keeps_a_country_only_on_aliases_that_name_something() -> None:
    """'Police kill' occurred only in Kenyan notes and 'police raid' only in Philippine ones, but they are words: a
    learned alias ties a template to one country only when a word of it is a name (an acronym, a demonym, a word the
    notes write capitalised), as 'FARDC soldiers' and 'Pokot raiders' do."""
    sys.path.insert(0, str(REPO / "tools"))
    import build_actor_table as builder

    def row(notes: str) -> object:
        return builder.Row("Kenya", notes, "Battles", (None, None), (None, None), (None, None), (), 2020)

    notes = ["Pokot raiders attacked a village; the Pokot fled."] * 3 + ["Police Kill Two Robbers In Nairobi."] * 5
    names = builder.name_words([row(n) for n in notes])
    assert "pokot" in names
    assert "kil" not in names  # title-case notes do not count
    assert "infantry" not in builder.name_words([row("the 5th Infantry Battalion moved.")] * 3)  # unit words
    aliases = {
        "police kil": [["Police Forces of {C}", 8, 0.98, "learned", "Kenya"]],
        "pokot raiders": [["Pokot Ethnic Militia ({C})", 15, 0.9, "learned", "Kenya"]],
        "FARDC soldiers": [["Military Forces of {C}", 12, 0.9, "learned", "Democratic Republic of Congo"]],
        "kenyan police": [["Police Forces of {C}", 17, 0.9, "learned", "Kenya"]],
        "crpf": [["Police Forces of {C} Central Reserve Police Force", 0, 0.9, "seed", "India"]],
    }
    builder.drop_incidental_countries(aliases, names, {"kenyan", "kenya"})
    assert aliases["police kil"] == [["Police Forces of {C}", 8, 0.98, "learned"]]
    assert aliases["pokot raiders"][0][4] == "Kenya"
    assert aliases["FARDC soldiers"][0][4] == "Democratic Republic of Congo"
    assert aliases["kenyan police"][0][4] == "Kenya"
    assert aliases["crpf"][0][4] == "India"  # hand-written national seeds are left as written


def test_builder_drops_template_aliases_that_open_with_a_preposition() -> None:
    """'along the border' had been learned as an alias of 'Police Forces of {C}': read as a party, it made a peaceful
    march in Garissa a protest against the police. Phrases of place name no actor; 'between police' opens a clash's
    parties and stays, as do seeds and named groups."""
    sys.path.insert(0, str(REPO / "tools"))
    import build_actor_table as builder

    aliases = {
        "along the border": [["Police Forces of {C}", 6, 0.99, "learned"]],
        "throughout the country": [["Protesters ({C})", 7, 1.0, "learned"]],
        "betwen police": [["Police Forces of {C}", 25, 0.9, "learned"]],
        "across border raiders": [["Pokot Ethnic Militia", 5, 0.9, "learned"]],
    }
    assert builder.drop_locative_template_aliases(aliases) == 2
    assert set(aliases) == {"betwen police", "across border raiders"}


def test_the_shipped_example_march_is_against_no_one() -> None:
    # examples/garissa_attack.txt: residents march "to demand better security along the border road"
    assert not ActorTable.load().aliases.get(("along", "the", "border"))


@pytest.mark.parametrize("text", ["Police kill two Maoists in Dantewada", "Police raid a house in Ranchi"])
def test_shipped_table_words_seen_in_one_country_do_not_carry_it(shipped: ActorTable, text: str) -> None:
    """These had named Kenya's and the Philippines' police in an Indian report."""
    got = find_actors(text, country="India", table=shipped, when=dt.date(2021, 5, 1))
    assert got[0].name == "Police Forces of India (2014-)"


def test_a_word_for_a_group_of_one_country_names_no_such_group_elsewhere(shipped: ActorTable) -> None:
    """ACLED builds "Ambazonian Separatists ({C})" on Cameroon and "Southern Muslim Separatists ({C})" on Thailand
    only; the words learned for them there name no "Ambazonian Separatists (Pakistan)", an actor that does not exist."""
    text = "Separatists and insurgents attacked a checkpoint."
    for country in ("Pakistan", "India"):
        names = [m.name for m in find_actors(text, country=country, table=shipped)]
        assert not any("Ambazonian" in (n or "") or "Southern Muslim" in (n or "") for n in names), names
    assert [m.name for m in find_actors(text, country="Cameroon", table=shipped)][0] == (
        "Ambazonian Separatists (Cameroon)"
    )
    # a name of the group itself still names it abroad
    got = find_actors("Ambazonian separatists crossed into Nigeria.", country="Nigeria", table=shipped)
    assert got[0].key == "Ambazonian Separatists ({C})"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("U.S. troops clashed with Taliban fighters.", "Military Forces of the United States"),
        ("South Sudanese troops clashed with rebels.", "Military Forces of South Sudan"),
        ("In Kenya, police clashed with rebels.", "Police Forces of Afghanistan"),  # a comma between: not Kenya's
    ],
)
def test_find_actors_reads_the_country_written_before_a_force(shipped: ActorTable, text: str, name: str) -> None:
    from eventx.resolve.actors import find_actors

    first = find_actors(text, country="Afghanistan", table=shipped, when=dt.date(2015, 5, 3))[0]
    assert (first.name or "").startswith(name), first


@pytest.mark.parametrize(
    ("mention", "country", "name"),
    [
        ("Turkana raiders", "Kenya", "Turkana Ethnic Militia (Kenya)"),
        ("Afar militiamen", "Ethiopia", "Afar Ethnic Militia (Ethiopia)"),
        ("Konkomba militias", "Ghana", "Konkomba Ethnic Militia (Ghana)"),
        ("Tiv militia", "Nigeria", "Tiv Ethnic Militia (Nigeria)"),
        ("PK5 militia", "Central African Republic", "PK5 Communal Militia (Central African Republic)"),
    ],
)
def test_a_peoples_fighters_are_its_militia(shipped: ActorTable, mention: str, country: str, name: str) -> None:
    """The people's name alone is a place too (Turkana county, the Afar region), so the notes taught no alias."""
    r = resolve_actor(mention, country=country, role="actor1", event_type="Violence against civilians")
    assert (r.name, r.inter) == (name, 4), r.evidence.reason


@pytest.mark.parametrize("mention", ["Turkana", "turkana raiders", "Turkana herders", "Somali militiamen"])
def test_a_peoples_name_alone_or_its_herders_name_no_militia(shipped: ActorTable, mention: str) -> None:
    # a county; lower case is no name; herders are as often the victims; "Somali" says whose country
    r = resolve_actor(mention, country="Kenya", role="actor1", event_type="Battles")
    assert "Ethnic Militia" not in (r.name or ""), r.evidence.reason
