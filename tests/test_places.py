"""Places: the GeoNames index, country aliases, resolution by ACLED's rules, mention finding.

The index is built once per test session for a dozen countries (a few seconds); the full world index is built
the same way, only bigger, and is measured by benchmarks/bench_places.py.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import pytest
import yaml

from eventx.paths import config_dir
from eventx.resolve.countries import lookup_country, normalize_name
from eventx.resolve.gazetteer import Gazetteer, cache_key, skeleton
from eventx.resolve.places import (
    PlaceContext,
    PlaceMention,
    PlaceResult,
    article_context,
    find_places,
    haversine_km,
    pick_event_place,
    resolve_place,
)
from eventx.schema.evidence import Span

SUBSET = ["SY", "LB", "LY", "IQ", "SO", "KE", "CI", "CD", "MM", "NG", "US", "GB"]


@pytest.fixture(scope="session")
def gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer")


@pytest.fixture(scope="session")
def gaz(gaz_dir: Path) -> Gazetteer:
    return Gazetteer.load(gaz_dir, countries=SUBSET)


def resolve(mention: str, gaz: Gazetteer, **ctx) -> PlaceResult:
    return resolve_place(mention, PlaceContext(**ctx) if ctx else None, gazetteer=gaz)


# --- names and countries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Dayr az-Zawr", "dayr az zawr"),
        ("DAYR AZ ZAWR", "dayr az zawr"),
        ("Côte d'Ivoire", "cote divoire"),
        ("Ḩalab", "halab"),
        ("Bu’aale", "buaale"),
        ("Łódź", "lodz"),
        ("حلب", ""),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_skeleton_joins_transliterations() -> None:
    assert skeleton("kabkabiyah") == skeleton("kabkabia")
    assert skeleton("deir ez zor") == skeleton("dayr az zawr")
    assert skeleton("aleppo") != skeleton("idlib")


@pytest.mark.parametrize(
    ("name", "iso2", "acled_name"),
    [
        ("DRC", "CD", "Democratic Republic of Congo"),
        ("Burma", "MM", "Myanmar"),
        ("Ivory Coast", "CI", "Ivory Coast"),
        ("Côte d'Ivoire", "CI", "Ivory Coast"),
        ("Swaziland", "SZ", "eSwatini"),
        ("UNITED STATES", "US", "United States"),
        ("SYR", "SY", "Syria"),
        (760, "SY", "Syria"),
    ],
)
def test_lookup_country_aliases(name: str | int, iso2: str, acled_name: str) -> None:
    c = lookup_country(name)
    assert c is not None and c.iso2 == iso2 and c.name == acled_name


def test_lower_case_codes_are_not_countries() -> None:
    assert lookup_country("in") is None  # the preposition, not India
    assert lookup_country("us") is None
    assert lookup_country("IN").iso2 == "IN"
    assert lookup_country("") is None


def test_acled_country_table_is_data() -> None:
    table = yaml.safe_load((config_dir() / "geo" / "acled_countries.yaml").read_text(encoding="utf-8"))
    assert table["SY"]["region"] == "Middle East"
    assert table["KE"]["region"] == "Eastern Africa"
    assert table["BD"]["region"] == "South Asia"
    assert table["MM"]["region"] == "Southeast Asia"  # older exports' "South-Eastern Asia" mapped to the current name
    assert all(e["region"] for e in table.values() if e["region_source"] == "acled")


# --- the index -------------------------------------------------------------------------------------------------


def test_index_is_cached_and_reloads_quickly(gaz: Gazetteer, gaz_dir: Path) -> None:
    path = gaz_dir / f"gazetteer-{cache_key(sorted(SUBSET))}.pkl"
    assert path.is_file()
    t0 = time.perf_counter()
    again = Gazetteer.load(gaz_dir, countries=SUBSET)
    assert time.perf_counter() - t0 < 5
    assert len(again) == len(gaz) > 10_000


def test_corrupt_cache_is_rebuilt(gaz: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import eventx.resolve.gazetteer as gazetteer_mod

    calls: list[object] = []

    def fake_build(subset: object = None) -> object:  # the real build is covered by the session fixture
        calls.append(subset)
        return gaz._t  # noqa: SLF001

    monkeypatch.setattr(gazetteer_mod, "build_tables", fake_build)
    path = tmp_path / f"gazetteer-{cache_key(['LB'])}.pkl"
    path.write_bytes(b"not a pickle")
    rebuilt = Gazetteer.load(tmp_path, countries=["LB"])
    assert calls == [["LB"]] and rebuilt.lookup("Beirut")
    with open(path, "rb") as fh:
        assert pickle.load(fh) is not None  # the rebuilt index was written back
    Gazetteer.load(tmp_path, countries=["LB"])
    assert len(calls) == 1  # and is read from the cache next time


def test_lookup_is_fast_and_case_insensitive(gaz: Gazetteer) -> None:
    assert [m.place for m in gaz.lookup("MOGADISHU")] == [m.place for m in gaz.lookup("mogadishu")]
    t0 = time.perf_counter()
    for _ in range(10_000):
        gaz.lookup("Mogadishu")
    per_call_us = (time.perf_counter() - t0) / 10_000 * 1e6
    assert per_call_us < 100  # ~4 µs measured; generous for a loaded CI machine


# --- resolution ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["Halab", "Aleppo", "ALEPPO"])
def test_exonyms_resolve_to_the_same_town(gaz: Gazetteer, spelling: str) -> None:
    r = resolve(spelling, gaz)
    assert (r.country, r.iso, r.region, r.location) == ("Syria", 760, "Middle East", "Aleppo")
    assert r.geo_precision == 1 and r.kind == "city"
    assert haversine_km(r.latitude, r.longitude, 36.20, 37.16) < 5


def test_deir_ez_zor_spellings(gaz: Gazetteer) -> None:
    a, b = resolve("Deir ez-Zor", gaz), resolve("Dayr az Zawr", gaz)
    assert a.geonameid == b.geonameid is not None
    assert a.country == "Syria" and a.geo_precision == 1


def test_admin1_exonym_is_precision_3_at_its_seat(gaz: Gazetteer) -> None:
    r = resolve("Nineveh", gaz)
    # written as ACLED writes it (configs/geo/acled_place_names.yaml), found by its English exonym
    assert (r.country, r.kind, r.admin1, r.geo_precision) == ("Iraq", "admin1", "Ninewa", 3)
    assert haversine_km(r.latitude, r.longitude, 36.34, 43.13) < 20  # Mosul
    r = resolve("Borno State", gaz)
    assert (r.country, r.admin1, r.geo_precision, r.location) == ("Nigeria", "Borno", 3, "Maiduguri")


@pytest.mark.parametrize(
    ("mention", "country", "capital"),
    [("Ivory Coast", "Ivory Coast", "Yamoussoukro"), ("Côte d'Ivoire", "Ivory Coast", "Yamoussoukro"),
     ("DRC", "Democratic Republic of Congo", "Kinshasa"), ("Burma", "Myanmar", "Naypyidaw"),  # ACLED's spelling
     ("Lebanon", "Lebanon", "Beirut")],
)  # fmt: skip
def test_country_mention_is_precision_3_at_the_capital(
    gaz: Gazetteer, mention: str, country: str, capital: str
) -> None:
    r = resolve(mention, gaz)
    assert (r.country, r.kind, r.geo_precision, r.location) == (country, "country", 3, capital)
    assert r.latitude is not None and r.iso == lookup_country(country).iso


def test_ambiguity_settled_by_context(gaz: Gazetteer) -> None:
    lb = resolve("Tripoli", gaz, countries=["Lebanon"])
    ly = resolve("Tripoli", gaz, countries=["LY"])
    assert lb.country == "Lebanon" and ly.country == "Libya"
    assert haversine_km(lb.latitude, lb.longitude, ly.latitude, ly.longitude) > 1000
    assert "context country LB" in lb.evidence.reason
    assert len(lb.evidence.candidates) >= 2 and any("Libya" in c for c in lb.evidence.candidates)
    # no context: the larger Tripoli, with lower confidence than when the context decided
    bare = resolve("Tripoli", gaz)
    assert bare.country == "Libya" and bare.evidence.confidence < lb.evidence.confidence


def test_province_context_beats_population(gaz: Gazetteer) -> None:
    # Two Lebanons in the US: the context state picks the smaller one
    r = resolve("Lebanon, Ohio", gaz)
    assert (r.country, r.admin1, r.kind) == ("United States", "Ohio", "city")


def test_source_country_is_a_weak_prior(gaz: Gazetteer) -> None:
    assert resolve("Tripoli", gaz, source_country="Lebanon").country == "Lebanon"
    assert resolve("Tripoli", gaz, countries=["Libya"], source_country="Lebanon").country == "Libya"


def test_near_and_parts_are_precision_2(gaz: Gazetteer) -> None:
    near = resolve("near Kismayo", gaz)
    assert (near.location, near.geo_precision, near.country) == ("Kismayo", 2, "Somalia")
    assert resolve("the outskirts of Mogadishu", gaz).geo_precision == 2
    part = resolve("Mogadishu - Hodan", gaz, countries=["Somalia"])
    assert (part.location, part.geo_precision) == ("Mogadishu - Hodan", 2)  # ACLED's name for the part
    assert resolve("Mogadishu", gaz).geo_precision == 1


def test_town_preferred_over_its_province(gaz: Gazetteer) -> None:
    r = resolve("Nairobi", gaz)
    assert (r.kind, r.geo_precision, r.country) == ("city", 1, "Kenya")
    assert resolve("Kano", gaz).kind == "city"
    assert resolve("Kano State", gaz).kind == "admin1"


def test_unknown_place_returns_reason_not_exception(gaz: Gazetteer) -> None:
    span = Span(start=10, end=20, text="Xyzzyville")
    r = resolve_place("Xyzzyville", gazetteer=gaz, span=span)
    assert r.country is None and r.latitude is None and r.geo_precision is None
    assert "Xyzzyville" in r.evidence.reason and r.evidence.confidence == 0
    assert r.evidence.spans == [span]
    for bad in ("", "   ", None, 42):
        out = resolve_place(bad, gazetteer=gaz)  # type: ignore[arg-type]
        assert isinstance(out, PlaceResult) and out.evidence.reason


def test_unknown_town_keeps_the_context_country(gaz: Gazetteer) -> None:
    r = resolve("Xyzzyville", gaz, countries=["Kenya"])
    assert (r.country, r.iso, r.region) == ("Kenya", 404, "Eastern Africa")
    assert r.latitude is None and "no coordinates" in r.evidence.reason
    # a town found only in another, small foreign place is not forced out of the context country
    r = resolve("Lebanon", gaz, countries=["Somalia"])  # a country name still names the country
    assert r.country == "Lebanon"


def test_unknown_town_with_context_province_is_coded_to_it(gaz: Gazetteer) -> None:
    r = resolve("Xyzzyville", gaz, countries=["Nigeria"], admin1s=["Borno"])
    assert (r.admin1, r.geo_precision, r.location) == ("Borno", 3, "Maiduguri")
    assert r.evidence.confidence <= 0.3


def test_evidence_has_span_and_candidates(gaz: Gazetteer) -> None:
    span = Span(start=5, end=11, text="Halab")
    r = resolve_place("Halab", PlaceContext(countries=["SY"]), gazetteer=gaz, span=span)
    assert r.evidence.spans == [span] and r.evidence.method == "gazetteer"
    assert r.evidence.candidates and r.evidence.candidates[0].startswith("Aleppo")
    assert 0 < r.evidence.confidence <= 1


# --- finding mentions ------------------------------------------------------------------------------------------

TEXT = (
    "On Tuesday, gunmen attacked a market in Maiduguri, Borno State, Nigeria, police said. "
    "President Joe Biden and John Smith spoke about it in Washington."
)


def test_find_places_spans_and_kinds(gaz: Gazetteer) -> None:
    found = find_places(TEXT, gazetteer=gaz)
    assert all(TEXT[m.start : m.end] == m.text for m in found)
    by_text = {m.text: m.kind for m in found}
    assert by_text.get("Maiduguri") == "city"
    assert by_text.get("Borno State") == "admin1"
    assert by_text.get("Nigeria") == "country"
    for false_friend in ("Tuesday", "On", "Smith", "Biden", "President"):
        assert false_friend not in by_text


def test_find_places_offset(gaz: Gazetteer) -> None:
    found = find_places("Clashes in Mogadishu.", gazetteer=gaz, offset=100)
    assert found == [PlaceMention(111, 120, "Mogadishu", "city")]


def test_find_places_on_empty_text(gaz: Gazetteer) -> None:
    assert find_places("", gazetteer=gaz) == []
    assert find_places("no capitals here at all", gazetteer=gaz) == []


def test_article_context(gaz: Gazetteer) -> None:
    ctx = article_context(TEXT, gazetteer=gaz)
    assert ctx.countries[0] == "NG"
    assert "Borno State" in ctx.admin1s
    # a dateline town alone says the country
    assert article_context("MOGADISHU - Fighting resumed on Monday.", gazetteer=gaz).countries == ["SO"]


def test_pick_event_place_prefers_the_located_town(gaz: Gazetteer) -> None:
    text = "Kenyan officials said on Monday that militants attacked a camp near Mandera, Mandera County, Kenya."
    mentions = find_places(text, gazetteer=gaz)
    best = pick_event_place(text, mentions)
    assert best is not None and best.text == "Mandera" and best.kind == "city"
    assert pick_event_place("", []) is None
    ctx = article_context(text, gazetteer=gaz, mentions=mentions)
    assert ctx.countries == ["KE"]


def test_possessive_country_is_found(gaz: Gazetteer) -> None:
    found = {m.text: m.kind for m in find_places("Troops moved into Nigeria's Borno State.", gazetteer=gaz)}
    assert found == {"Nigeria": "country", "Borno State": "admin1"}
    assert article_context("Kenya's police said two died.", gazetteer=gaz).countries == ["KE"]


def test_what_a_place_owns_lies_in_its_country(gaz: Gazetteer) -> None:
    # "Kenya's Garissa" is a town of Kenya; a word after a possessive that names no place of that country is not
    # taken ("Iran's Supreme Leader" -> no town called Supreme).
    found = [m.text for m in find_places("Kenya's Garissa county and Somalia's Maiduguri", gazetteer=gaz)]
    assert found == ["Kenya", "Garissa", "Somalia"]


def test_names_of_organisations_and_landmarks_are_not_towns(gaz: Gazetteer) -> None:
    # the end of a three-word name ("Tamil National Alliance") and a landmark named after a small town
    assert [m.text for m in find_places("an MP of the Tamil National Alliance spoke", gazetteer=gaz)] == []
    assert [m.text for m in find_places("a march from Campbell Park to the station", gazetteer=gaz)] == []
    # ... but a province after a direction word is still a place, and text in capitals is read as before
    assert [m.text for m in find_places("attacks in Southern Kaduna", gazetteer=gaz)] == ["Kaduna"]
    caps = "A MAN BROKE INTO HIS APARTMENT IN DECATUR (ILLINOIS)."
    assert "DECATUR" in [m.text for m in find_places(caps, gazetteer=gaz)]


def test_a_country_used_as_a_modifier_does_not_rule_out_the_towns_named(gaz: Gazetteer) -> None:
    text = "Monks protested in Mogadishu against the sale of a port to a US company."
    assert article_context(text, gazetteer=gaz).countries == ["SO"]
    # alone, the modifier still tells the country
    assert article_context("Protesters marched against a US company.", gazetteer=gaz).countries == ["US"]


def test_a_province_named_like_a_country_after_its_town(tmp_path: Path) -> None:
    g = Gazetteer.load(tmp_path, countries=["US", "GE"])
    for text in ("Shots were fired in Macon, Georgia.", "Shots were fired in Macon (Georgia)."):
        ctx = article_context(text, gazetteer=g)
        assert ctx.countries == ["US"] and "Georgia" in ctx.admin1s, ctx
    # the country itself is still the country
    assert article_context("Troops shelled Gori, Georgia.", gazetteer=g).countries == ["GE"]
    assert article_context("Elections were held in Georgia.", gazetteer=g).countries == ["GE"]


def test_equally_strong_clues_go_to_the_country_named_most_often(gaz: Gazetteer) -> None:
    # two provinces unique to one country each: the country named twice, not the first by its code (KE < NG)
    text = "Herders clashed in Turkana. Police deployed to Turkana. A market was looted in Borno."
    assert article_context(text, gazetteer=gaz).countries == ["KE"]
    text = "Herders clashed in Borno. Police deployed to Borno. A market was looted in Turkana."
    assert article_context(text, gazetteer=gaz).countries == ["NG"]


def test_places_in_text_written_all_in_lower_case(gaz: Gazetteer) -> None:
    # no capital marks a name: towns and countries are still found ...
    text = "mogadishu: two people were shot dead by police in nairobi, kenya, on tuesday."
    assert [m.text for m in find_places(text, gazetteer=gaz)] == ["mogadishu", "nairobi", "kenya"]
    assert article_context(text, gazetteer=gaz).countries == ["KE"]
    # ... but not words: a short word alone ("us"), a name opened by a function word, a word that cased prose
    # writes in lower case ("will": Will County), a small town after "in" ("in charge")
    text = "officials told us they will take the city back; the officer in charge was transferred."
    assert find_places(text, gazetteer=gaz) == []
    # a cased text is read by its case as before
    assert find_places("Officials said they will visit Nairobi.", gazetteer=gaz)[0].text == "Nairobi"


def test_home_country_of_a_named_group_is_a_clue_where_no_country_is_named() -> None:
    # the full gazetteer: Haiti and Cameroon are outside the test subset
    # "Nord-Ouest" is Haiti's department in GeoNames and Cameroon's region only by an alternate name: alone it is a
    # clue to neither; the group's home decides ...
    text = "Separatists burnt a bus in Nord-Ouest."
    assert article_context(text).countries == []
    assert article_context(text, actor_countries=["Cameroon"]).countries == ["CM"]
    # (with a town and a district named too, Cameroon holds more of the places named: see the next test)
    # ... but not a country named outright, nor a city of 100,000+ people in another country
    text = "Separatists burnt a bus in Kenya."
    assert article_context(text, actor_countries=["Cameroon"]).countries == ["KE"]
    text = "Fighters fired rockets from Beirut."
    assert article_context(text, actor_countries=["Palestine"]).countries == ["LB"]
    # an unknown country name is ignored
    assert article_context(text, actor_countries=["Atlantis"]).countries == ["LB"]


def test_group_homes_are_only_looked_up_where_no_country_is_named() -> None:
    calls: list[int] = []

    def homes() -> list[str]:
        calls.append(1)
        return ["Cameroon"]

    assert article_context("Separatists burnt a bus in Kenya.", actor_countries=homes).countries == ["KE"]
    assert calls == []  # a country named outright: the groups are never looked for
    assert article_context("Separatists burnt a bus in Santa (Nord-Ouest).", actor_countries=homes).countries == ["CM"]
    assert calls == [1]


def test_a_lower_case_word_opening_a_sentence_is_no_place(gaz: Gazetteer) -> None:
    # "first" is a word prose writes in lower case (configs/geo/common_words.txt); capitalised to open a sentence
    # it names no place, while a country opening a sentence still does
    assert find_places("First of three days of protests called by the opposition.", gazetteer=gaz) == []
    assert [m.text for m in find_places("Kenya deployed troops. First reports said two died.", gazetteer=gaz)] == [
        "Kenya"
    ]
    # words of three letters too: "Man" (a town of 240,000 in Ivory Coast) opening a headline is a man
    assert find_places("Man found dead following ritual killing", gazetteer=gaz) == []
    assert [m.text for m in find_places("Gunmen attacked a bus near Man on Monday.", gazetteer=gaz)] == ["Man"]


def test_the_country_holding_more_of_the_places_named_is_the_context() -> None:
    # the full gazetteer. The largest Tula is Russian (482,000 people), but Tlahuelilpan and Hidalgo are Mexican
    # and Mexico has a Tula too: one country holding more of the names than any other, and at least two, wins
    text = "On 28 April 2020, in Tlahuelilpan, Hidalgo, nearly 80 merchants held a march to the road to Tula."
    assert article_context(text).countries == ["MX"]
    # a Cameroonian town and district beside a province name that GeoNames gives Haiti
    assert article_context("Separatists burnt a bus in Santa town (Mezam, Nord-Ouest).").countries == ["CM"]
    # a namesake a hundred times smaller than the place a name most likely means is not counted: Dhaka (Bihar) and
    # Mirpur (India) do not make the capital of Bangladesh Indian
    text = "Students clashed with police at a police station in Dhaka - Mirpur (Mirpur)."
    assert article_context(text).countries == ["BD"]
    # one name each is no majority: the larger place decides as before
    assert article_context("Fighting was reported in Donetsk.").countries == ["UA"]


def test_a_small_town_opening_a_longer_unknown_name_is_not_found() -> None:
    from eventx.resolve.places import find_places

    # "Bulo" (Philippines) and "Shakhta" (Russia) open names the gazetteer lacks ("Bulo Marer", a Somali village)
    assert [m.text for m in find_places("Al Shabaab attacked Bulo Marer village.")] == []
    text = "Ukrainian forces fired grenade launchers in the area of Shakhta Trudovskaya, Donetsk."
    assert [m.text for m in find_places(text)] == ["Donetsk"]
    # a place followed by a word prose writes in lower case, or by another place name, is still a place
    assert [m.text for m in find_places("The Garissa Governor spoke in Kismayo Airport.")] == ["Garissa", "Kismayo"]


def test_the_gazetteer_knows_which_words_open_longer_names(gaz: Gazetteer) -> None:
    # find_places tries n-grams only from words that open some indexed name of several words
    assert gaz.may_open_name("New") and gaz.may_open_name("NEW")
    assert not gaz.may_open_name("Xqzvw") and not gaz.may_open_name("")
    # the shortcut changes nothing: a name of two words is still found whole, in capitals too
    text = "Troops entered NEW YORK and then Port Harcourt."
    assert [m.text for m in find_places(text, gazetteer=gaz)] == ["NEW YORK", "Port Harcourt"]


def test_district_and_province_names_count_by_every_name_they_have() -> None:
    # "Nord-Ouest" is Haiti's own name for a department and Cameroon's French name for a region: a clue to neither.
    # Bui division (GeoNames gives it no population: unknown, not small) and Nord-Ouest are both Cameroonian, so
    # Cameroon holds more of the places named; the Bui of the United States alone is no match for that
    text = "On 13 April 2020, soldiers arrested about 100 people in Mbve village, in Bui division (Nord-Ouest)."
    assert article_context(text).countries == ["CM"]


def test_a_town_named_like_its_own_province_is_a_strong_clue() -> None:
    # Marsabit is a Kenyan town and county; the larger Saku is Japanese (and Estonian): the province decides
    text = "Gunmen killed a teacher at his home in Marsabit town (Saku, Marsabit)."
    assert article_context(text).countries == ["KE"]


# --- ACLED's names of places (configs/geo/acled_place_names.yaml) ------------------------------------------------
@pytest.fixture(scope="module")
def acled_gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.load(tmp_path_factory.mktemp("acled_gaz"), countries=["SO", "CM", "UA", "GH"])


def test_provinces_carry_acleds_names_and_are_found_by_them(acled_gaz: Gazetteer) -> None:
    """GeoNames writes "Banaadir" and "North-West"; ACLED, and the users who compare with it, write "Banadir" and
    "Nord-Ouest"."""
    assert resolve_place("Mogadishu", None, gazetteer=acled_gaz).admin1 == "Banadir"
    assert resolve_place("Buea", PlaceContext(countries=["CM"]), gazetteer=acled_gaz).admin1 == "Sud-Ouest"
    unit = resolve_place("Nord-Ouest", PlaceContext(countries=["CM"]), gazetteer=acled_gaz)
    assert unit.kind == "admin1" and unit.admin1 == "Nord-Ouest" and unit.country == "Cameroon"


def test_a_town_qualified_by_a_province_that_holds_none_of_its_namesakes(acled_gaz: Gazetteer) -> None:
    """Ten towns called Pavlivka, none in Donetsk: "Pavlivka, Donetsk" is a village the gazetteer lacks, in Donetsk,
    not the largest namesake elsewhere."""
    ua = PlaceContext(countries=["UA"])
    res = resolve_place("Pavlivka, Donetsk", ua, gazetteer=acled_gaz)
    assert res.admin1 == "Donetsk" and res.geo_precision == 3
    assert "no place called 'Pavlivka' in Donetsk" in (res.evidence.reason or "")
    assert resolve_place("Pavlivka", ua, gazetteer=acled_gaz).admin1 != "Donetsk"
    # a bracket listing district and province is read the same way; a province of another country rules nothing out
    assert resolve_place("Beerhani village (Kismaayo, Lower Juba)", None, gazetteer=acled_gaz).admin1 == "Lower Juba"
    assert resolve_place("Bibiani (Western)", None, gazetteer=acled_gaz).country == "Ghana"


def test_a_place_written_with_its_province_outweighs_the_context_countries(acled_gaz: Gazetteer) -> None:
    """A story about Ethiopian troops in Somalia names Ethiopia; "Baidoa (Bay)" and "Bulo Burto, Hiraan" are still
    in Somalia, where the province written with them lies. Without the province the context rules, as before."""
    et = PlaceContext(countries=["ET"])
    assert resolve_place("Baidoa (Bay)", et, gazetteer=acled_gaz).country == "Somalia"
    res = resolve_place("Bulo Burto, Hiraan", PlaceContext(countries=["US"]), gazetteer=acled_gaz)
    assert (res.country, res.admin1) == ("Somalia", "Hiraan")
    assert "as written" in (res.evidence.reason or "")
    assert resolve_place("Bulo Burto", PlaceContext(countries=["US"]), gazetteer=acled_gaz).country != "Somalia"


def test_the_province_written_after_a_place_name_is_its_qualifier() -> None:
    from eventx.pipeline.assemble import _with_qualifier

    def q(text: str, name: str) -> str:
        return _with_qualifier(text, text.index(name) + len(name), name)

    assert q("the army shelled Pavlivka, Donetsk. Casualties unknown.", "Pavlivka") == "Pavlivka (Donetsk)"
    assert q("in Muturirwa hill (Burambi, Rumonge).", "Muturirwa hill") == "Muturirwa hill (Burambi, Rumonge)"
    assert q("clashes in Pavlivka, Marinka and Avdiivka", "Pavlivka") == "Pavlivka"  # a list of towns
    assert q("clashes in Pavlivka, Marinka, and Avdiivka", "Pavlivka") == "Pavlivka"
    assert q("in Kismayo, on Monday", "Kismayo") == "Kismayo"


def test_the_admin_names_builder_votes_by_coordinates(acled_gaz: Gazetteer) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import build_acled_place_names as builder

    mogadishu = (2.04, 45.34)
    rows = {"SO": [(*mogadishu, "Banadir", None, None)] * 4 + [(*mogadishu, "Banaadir", None, None)]}
    table = builder.vote(acled_gaz, rows, min_rows=3, min_share=0.6, max_km=25.0)
    [(gid, (name, geonames_name, share, n))] = table["SO"]["admin1"].items()
    assert (name, geonames_name, share, n) == ("Banadir", "Banaadir", 0.8, 5)
    # too few rows, or no clear majority: no name
    assert builder.vote(acled_gaz, {"SO": rows["SO"][:2]}, 3, 0.6, 25.0) == {}
    split = {"SO": [(*mogadishu, "Banadir", None, None)] * 3 + [(*mogadishu, "Lower Shabelle", None, None)] * 3}
    assert builder.vote(acled_gaz, split, 3, 0.6, 25.0) == {}
    # towns: a spelling of the town's own name; parts: "Town - Part", each part in its usual spelling
    jowhar = (2.78, 45.50)
    rows = {
        "SO": [(*jowhar, "Middle Shabelle", None, "Jowhar")] * 2
        + [(*mogadishu, "Banadir", None, "Mogadishu - Hodan")] * 2
        + [(*mogadishu, "Banadir", None, "Mogadishu-Hodan")]
        + [(*mogadishu, "Banadir", None, "Mogadishu - Karan")]  # once: not enough
    }
    table = builder.vote(acled_gaz, rows, min_rows=3, min_share=0.6, max_km=25.0)["SO"]
    assert [v[:2] for v in table["town"].values()] == [("Jowhar", "Jawhar")]
    assert list(table["part"].values()) == [[("Mogadishu - Hodan", 3)]]


def test_towns_and_parts_of_towns_carry_acleds_names(acled_gaz: Gazetteer) -> None:
    """ACLED writes "Jowhar" (GeoNames "Jawhar") and codes Mogadishu by its districts ("Mogadishu - Hodan"); the
    coordinates stay the town's, so a part is precision 2."""
    assert resolve_place("Jawhar", None, gazetteer=acled_gaz).location == "Jowhar"
    assert resolve_place("Jowhar", None, gazetteer=acled_gaz).location == "Jowhar"
    for mention in ("Hodan", "Hodan district", "Mogadishu - Hodan"):
        res = resolve_place(mention, None, gazetteer=acled_gaz)
        assert (res.location, res.geo_precision, res.admin1) == ("Mogadishu - Hodan", 2, "Banadir"), mention
    assert resolve_place("Mogadishu", None, gazetteer=acled_gaz).location == "Mogadishu"


def test_a_town_and_the_part_of_it_acled_names_are_one_place_for_merging() -> None:
    from eventx.pipeline.assemble import _same_place

    assert _same_place("Mogadishu", "Mogadishu - Wadajir") and _same_place("Mogadishu-Hodan", "Mogadishu")
    assert _same_place(None, "Kismayo") and not _same_place("Mogadishu", "Kismayo")
    assert not _same_place("Bangui", "Bangassou")


@pytest.fixture(scope="module")
def mixed_gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.load(tmp_path_factory.mktemp("mixed_gaz"), countries=["MM", "US", "SO", "CO", "ID", "AF", "IN"])


def test_acleds_spelling_of_a_town_is_one_of_its_own_names(mixed_gaz: Gazetteer) -> None:
    """GeoNames calls Myanmar's border town of 165,000 people "Mu-se" and a Pennsylvania hamlet "Muse"; ACLED writes
    the first "Muse". Its spelling counts as the town's own name, so the hamlet does not win on spelling alone."""
    res = resolve_place("Muse", None, gazetteer=mixed_gaz)
    assert res.country == "Myanmar" and res.location == "Muse"
    text = "On 30 June 2021, in Muse town, an explosion occurred near a casino."
    assert article_context(text, mixed_gaz).countries == ["MM"]


def test_a_part_of_a_hyphenated_name_is_no_place_of_its_own(mixed_gaz: Gazetteer) -> None:
    """ "Cali-Kamiin Junction" and "Bali-Dhiddin" are Somali places the gazetteer lacks: their first parts are not
    the Colombian city or the Indonesian island."""
    so = PlaceContext(countries=["SO"])
    assert resolve_place("Bali-Dhiddin", so, gazetteer=mixed_gaz).country in ("Somalia", None)
    assert resolve_place("Cali-Kamiin Junction", None, gazetteer=mixed_gaz).country is None
    # a part written apart still names the town ("Mogadishu - Hodan"), and so does a part in the article's country
    assert resolve_place("Mogadishu - Xamar Weyne", None, gazetteer=mixed_gaz).location == "Mogadishu"
    assert resolve_place("Mogadishu-Xamar Weyne", so, gazetteer=mixed_gaz).location == "Mogadishu"
    # parts that are places of one country: a road between two towns, a unit and a compass point
    assert resolve_place("Muse-Lashio", None, gazetteer=mixed_gaz).country == "Myanmar"
    assert resolve_place("Shan-South state", None, gazetteer=mixed_gaz).admin1 == "Shan"
    # two countries joined name their border or their relations, not a place in either
    for pair in ("Somalia-Myanmar", "India-Afghanistan"):
        for ctx in (None, PlaceContext(countries=["SO", "IN"])):
            assert resolve_place(pair, ctx, gazetteer=mixed_gaz).location is None, pair


def test_a_province_of_another_country_tells_where_the_town_is(mixed_gaz: Gazetteer) -> None:
    """ "Ghaziabad district, Kunar": Kunar is an Afghan province and holds no Ghaziabad; the big Ghaziabad is
    Indian. The event is in Kunar."""
    res = resolve_place("Ghaziabad (Kunar)", None, gazetteer=mixed_gaz)
    assert res.country == "Afghanistan" and res.admin1 == "Kunar" and res.geo_precision == 3


def test_a_qualifier_after_the_places_generic_word() -> None:
    from eventx.pipeline.assemble import _with_qualifier

    def q(text: str, name: str) -> str:
        return _with_qualifier(text, text.index(name) + len(name), name)

    assert q("Taliban militants attacked in Ghaziabad district, Kunar.", "Ghaziabad") == "Ghaziabad (Kunar)"
    text = "a hideout near Bali-Dhiddin town (Qandala district, Bari)."
    assert q(text, "Bali-Dhiddin") == "Bali-Dhiddin (Qandala district, Bari)"
    assert q("in Muse town (Muse township, Shan-North State).", "Muse") == "Muse (Muse township, Shan-North State)"


def test_a_span_inside_a_hyphenated_name_is_read_as_the_whole_name() -> None:
    from eventx.pipeline.assemble import RoleHit, _whole_compound

    text = "an outpost in Cali-Kamiin Junction (Wardhiigley District) and near Bali-Dhiddin town"
    for part, whole in (("Cali", "Cali-Kamiin"), ("Dhiddin", "Bali-Dhiddin")):
        a = text.index(part)
        assert _whole_compound(RoleHit("LOC", a, a + len(part), part, 0.9), text).text == whole
    a = text.index("Junction")
    assert _whole_compound(RoleHit("LOC", a, a + 8, "Junction", 0.9), text).text == "Junction"


def test_a_province_name_the_text_calls_a_village_is_no_clue(tmp_path: Path) -> None:
    """Bururi is a province of Burundi; "Bururi Village in Tana River District" is a Kenyan village the gazetteer
    lacks. The text's own word for it rules the province reading out, and Tana River decides."""
    gaz = Gazetteer.load(tmp_path, countries=["BI", "KE"])
    text = "2 killed by cattle raiders. LOCATION: Bururi Village in Tana River District (district capital = Hola)."
    assert article_context(text, gaz).countries == ["KE"]
    assert article_context("Clashes in Bururi left two dead.", gaz).countries == ["BI"]


@pytest.fixture(scope="module")
def bd_gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.load(tmp_path_factory.mktemp("bd_gaz"), countries=["BD", "IN"])


def test_a_unit_word_one_countrys_press_alone_uses_names_the_country(bd_gaz: Gazetteer) -> None:
    """ "upazila" is Bangladesh's word: the largest Ratanpur is Indian, but "Ratanpur village under Habiganj sadar
    upazila" is in Bangladesh (the gazetteer lacks the village); "barangay" is the Philippines'."""
    from eventx.resolve.places import admin_term_countries

    assert admin_term_countries("clashes at Ratanpur village under Habiganj sadar upazila") == ["BD"]
    assert admin_term_countries("a raid in Barangay San Roque") == ["PH"]
    assert admin_term_countries("police in the Mandal family's village, a union council and a tehsil") == []
    text = "Clashes between two groups of villagers at Ratanpur village under Habiganj sadar upazila left 9 injured."
    assert article_context(text, bd_gaz).countries == ["BD"]
    # a country named outright still decides
    text = "Clashes at Ratanpur village in India left 9 injured; the upazila chairman of a Bangladeshi town spoke."
    assert article_context(text, bd_gaz).countries == ["IN"]


def test_money_and_vehicle_makes_are_no_places() -> None:
    from eventx.resolve.places import find_places

    text = "Protesters blocked the road against the high US dollar exchange rate."
    assert [m.text for m in find_places(text)] == []
    text = "A soldier opened fire on a Toyota vehicle at a checkpoint in Baidoa."
    assert [m.text for m in find_places(text)] == ["Baidoa"]
    # the country and the town themselves still are
    assert [m.text for m in find_places("Protests in the US and in Toyota.")] == ["US", "Toyota"]


@pytest.mark.parametrize(
    ("text", "unit", "name"),
    [
        ("Al Shabaab clashed with SNA near Laantabuur village (Afgooye, Lower Shabelle).", "Afgooye", "Laantabuur"),
        ("Al Shabaab clashed with SNA near Laantabuur village (Afgooye, Lower Shabelle).", "Lower", "Laantabuur"),
        ("ADF militiamen killed 2 civilians in the locality of Tchanichani (Beni, Nord-Kivu).", "Beni", "Tchanichani"),
        ("Three civilians were shot in Abe Dongoro Woreda (Horo Gudru Wellega, Oromia).", "Horo", "Abe Dongoro"),
        # a building, a part of a town, a bracket the unit is not first or second in, and no place word before
        ("Locals protested in front of Pirganj Press Club (Pirganj, Rangpur).", "Pirganj, R", None),
        ("Youths marched to State House, Nairobi, on Monday.", "Nairobi", None),
        ("A protest in front of National Museum, Dhaka - Shahbagh (Shahbagh), on Monday.", "Dhaka -", None),
        ("A fire fight at Sitio Datal Pitak in Barangay Colonsabak, Matanao in Davao del Sur.", "Matanao", None),
        # after a comma, with a place word before it
        ("Russian forces clashed with Ukrainian forces near Hrushuvakha, Kharkiv.", "Kharkiv", "Hrushuvakha"),
        ("On 13 March 2022, Russian forces shelled Pisky, Donetsk.", "Donetsk", None),
        ("Villagers protested in Bantarkawung district, Brebes regency, Central Java.", "Brebes", "Bantarkawung"),
        ("Students protested in Tidung sub-district, Rappocini district, Makassar City.", "Makassar", "Tidung"),
        ("A grenade hit police in Hawo Tako neighbourhood (Afgooye) at night.", "Afgooye", None),
        ("Fighting in Jabad Geele village (Afgooye, Lower Shabelle, Somalia).", "Somalia", None),
        ("Al Shabaab clashed with Jubaland forces (Kismayo, Lower Juba).", "Kismayo", None),
    ],
)
def test_a_place_written_before_the_units_it_lies_in(text: str, unit: str, name: str | None) -> None:
    from eventx.resolve.places import written_before_units

    found = written_before_units(text, text.index(unit))
    assert (found[2] if found else None) == name
    if found:
        assert text[found[0] : found[1]] == name


def test_a_district_is_named_as_the_district_at_its_largest_towns_coordinates() -> None:
    from eventx.resolve.places import PlaceContext, resolve_place

    # GeoNames' largest town of Gangaw district is Kyaw; the district's seat, which bears its name, is not listed
    r = resolve_place("Gangaw District", PlaceContext(countries=["Myanmar"]))
    assert (r.location, r.admin2, r.geo_precision) == ("Gangaw", "Gangaw", 2)
    assert "Kyaw" in (r.evidence.reason or "")
