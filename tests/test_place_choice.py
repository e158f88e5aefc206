"""Which place an event is coded to, read with the shipped models: a village the gazetteer lacks, the town or
province named beside it, and the home country of a group where the text names no country.

Handwritten sentences (no third-party text). Skipped when the trained weights are absent.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventx.paths import weights_dir

pytestmark = pytest.mark.slow

PUBLISHED = dt.datetime(2021, 10, 18, 9, 0)


@pytest.fixture(scope="module")
def extract():
    if not (weights_dir() / "typing").is_dir() or not (weights_dir() / "roles").is_dir():
        pytest.skip("trained weights not built")
    from eventx import Article, Extractor

    ex = Extractor()

    def run(text: str):
        recs = ex.extract(Article(id="t", text=text, published=PUBLISHED))
        assert recs, text
        return recs[0]

    return run


def test_a_town_named_beside_an_unknown_village_is_used(extract) -> None:
    # "Kobolaku" is in no gazetteer; Bambari (Ouaka) is: the record takes the town, not the country alone (the
    # MPC acts in the Central African Republic only, so the context names the country)
    rec = extract("On 16 October, MPC fighters killed four civilians in the village of Kobolaku (Ngougbia, Bambari).")
    assert (rec.country, rec.admin1, rec.admin2) == ("Central African Republic", "Ouaka", "Bambari")
    # the village keeps the name the text gives it, at the town's coordinates: near it (precision 2), not at it
    assert rec.location == "Kobolaku" and rec.geo_precision == 2
    assert rec.latitude is not None and abs(rec.latitude - 5.76) < 0.1, rec.latitude
    assert "Kobolaku" in (rec.evidence["location"].reason or "")


def test_a_village_whose_namesakes_lie_in_other_provinces_keeps_its_name(extract) -> None:
    # the gazetteer's Bohdanivkas are all outside Donetsk province: the one near Donetsk is not among them
    rec = extract("On 4 March, the rebels fired mortars at the government's positions near Bohdanivka, Donetsk.")
    assert (rec.country, rec.admin1, rec.location, rec.geo_precision) == ("Ukraine", "Donetsk", "Bohdanivka", 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "On 16 October, MPC fighters killed four civilians in Bambari (Bambari, Ouaka).",  # the place is the town
        "On 16 October, MPC fighters killed four civilians in Ouaka (Bambari).",  # a unit the gazetteer knows
    ],
)
def test_a_known_place_before_its_units_stays_as_resolved(extract, sentence: str) -> None:
    rec = extract(sentence)
    assert rec.location == "Bambari" and rec.admin1 == "Ouaka", (rec.location, rec.evidence["location"].reason)


def test_an_unknown_village_in_a_named_country_is_not_coded_to_its_capital(extract) -> None:
    rec = extract("Gunmen attacked Kamuthe village in Kenya on Saturday, killing two people.")
    assert rec.country == "Kenya"
    assert rec.location is None and rec.latitude is None, "a capital would put the event in the wrong place"


def test_a_group_of_one_country_places_an_event_whose_province_name_is_shared(extract) -> None:
    # French "Nord-Ouest" is also a Haitian department; the separatists act in Cameroon only
    rec = extract("On 16 October, Ambazonian separatists burnt a bus in Kogham village (Mezam, Nord-Ouest).")
    assert rec.country == "Cameroon"
    assert rec.actor1 == "Ambazonian Separatists (Cameroon)"


def test_words_the_tagger_reads_as_a_place_that_name_none(extract) -> None:
    # a word in lower case in cased prose, and a lone common word in a text all in lower case, are no place names
    rec = extract("Police in Nairobi said robbers were killed in a shootout on Saturday.")
    assert rec.country == "Kenya" and rec.location == "Nairobi"
    rec = extract("two people were killed by an unknown group using panga knives on saturday.")
    assert rec.country is None and rec.location is None, "panga knives put the event in Thailand (Phang Nga)"


def test_a_town_named_beside_an_unknown_village_beats_the_province_fallback(extract) -> None:
    # "Kamasho" is in no gazetteer; coded to its province's largest town it would be Jilib, while the sentence
    # names the town it lies by (Bu'aale): its coordinates, with the village's own name as the location
    rec = extract("On 10 October, residents protested in Kamasho village (Bu'aale, Middle Juba) against taxes.")
    assert (rec.country, rec.location, rec.geo_precision) == ("Somalia", "Kamasho", 2)
    assert "Bu'aale" in (rec.evidence["location"].reason or "")


def test_a_country_named_as_an_owner_does_not_overrule_the_places_named(extract) -> None:
    # "Israel's recognition": whose recognition, not where the protest was
    rec = extract(
        "On 10 October, residents protested in Bu'aale town (Middle Juba) against Israel's recognition of it."
    )
    assert rec.country == "Somalia"
    assert rec.actor1 == "Protesters (Somalia)"


def test_spans_that_are_part_of_a_group_name_or_an_article_are_no_places(extract) -> None:
    # "Boko" (of Boko Haram) is a town in Congo; "Al" (of Al-Swani) a village in Norway
    rec = extract("Three vigilantes and one civilian were killed in a Boko Haram attack on Saturday.")
    assert rec.country != "Republic of Congo" and rec.location != "Boko"
    rec = extract("On 16 October, LNA forces shelled GNA positions in Al-Swani (Aljfara).")
    assert rec.country != "Norway"


def test_the_dateline_town_gives_way_to_the_place_of_the_event(extract) -> None:
    rec = extract(
        "NAIROBI, March 3 (Reuters) - Kenyan police fired tear gas on Tuesday at hundreds of opposition supporters "
        "protesting in Kisumu against the election results, witnesses said."
    )
    assert (rec.country, rec.location) == ("Kenya", "Kisumu")


def test_a_place_span_cut_short_takes_the_whole_name() -> None:
    from eventx.pipeline.assemble import RoleHit, _whole_name

    # the role layer marked "Shabelle" (alone a district of Ethiopia), the entity layer "Lower Shabelle"
    text = "Militants stormed a base near Bulo Marer in Lower Shabelle on Wednesday."
    a, b = text.index("Shabelle"), text.index("Shabelle") + len("Shabelle")
    hit = RoleHit("LOC", a, b, "Shabelle", 0.9)
    name = RoleHit("PLACE", text.index("Lower"), b, "Lower Shabelle", 0.9)
    assert _whole_name(hit, [name], text).text == "Lower Shabelle"
    # a longer entity span that adds a common word or another name is not the place's name
    text = "On 1 November, in Tatkon town of Tatkon township, a bomb exploded."
    hit = RoleHit("LOC", 18, 24, "Tatkon", 0.9)
    assert _whole_name(hit, [RoleHit("PLACE", 18, 29, "Tatkon town", 0.9)], text) == hit


def test_a_national_force_named_by_its_own_acronym_gives_the_country(extract) -> None:
    # no place resolves ("Mbwelenge" is in no gazetteer), but "FARDC" is Congo's army wherever it is read: the record
    # is coded to the country the name says, at country level, and the army gets its full name
    rec = extract("On 16 October, FARDC soldiers clashed with Mai-Mai militiamen near Mbwelenge hill.")
    assert rec.country == "Democratic Republic of Congo"
    assert rec.location is None and rec.latitude is None
    assert rec.actor1 is not None and rec.actor1.startswith("Military Forces of the Democratic Republic of Congo")


def test_a_forces_own_name_is_a_place_clue_a_demonym_is_not() -> None:
    from eventx import Extractor

    if not (weights_dir() / "typing").is_dir():
        pytest.skip("trained weights not built")
    homes = Extractor().assembler._group_homes
    assert homes("FACA soldiers shot two herders near the river.") == ["Central African Republic"]
    assert homes("Kenyan soldiers shot two herders near the river.") == []  # a demonym says whose, not where


def test_a_demonym_inside_a_groups_alias_is_not_the_events_country(extract) -> None:
    # "Russian mercenaries" is ACLED's Wagner Group, coded where it fights (here: its home in the table), not Russia
    rec = extract("Russian mercenaries killed three herders near a river on Sunday.")
    assert rec.actor1 == "Wagner Group"
    assert rec.country != "Russia"


def test_a_town_inside_the_province_the_tagger_read_is_the_place(extract) -> None:
    # the tagger reads the qualifying province as the place; ACLED codes the town the sentence names inside it,
    # not the province's largest town (Bekasi) at precision 3
    rec = extract("On 16 October, hundreds of students held a peaceful protest in Bandung city (West Java province).")
    assert (rec.country, rec.admin1, rec.location) == ("Indonesia", "West Java", "Bandung")
    assert rec.geo_precision == 1
    # the same holds when another country named in the article narrows nothing about the town
    rec = extract(
        "On 16 October, government forces clashed with Al Shabaab near Jamaame town (Jamaame, Lower Juba), "
        "backed by US drones."
    )
    assert (rec.country, rec.location) == ("Somalia", "Jamaame")


@pytest.mark.parametrize(
    ("sentence", "unit", "expected"),
    [
        ("Troops from Garissa clashed with Al Shabaab in Lower Juba.", "Lower Juba", "Kismayo"),  # Kenyan town
        ("Troops clashed with Al Shabaab in Jamaame, Lower Juba.", "Lower Juba", "Jamaame"),
        ("Troops clashed with Al Shabaab in Somalia, near Garissa.", "Somalia", "Mogadishu"),  # not in Somalia
    ],
)
def test_only_a_town_inside_the_unit_read_as_the_place_replaces_it(sentence: str, unit: str, expected: str) -> None:
    from eventx import Article
    from eventx.pipeline.assemble import Assembler, EventMention, RoleHit
    from eventx.pipeline.document import Doc, Sentence
    from eventx.resolve import places
    from eventx.schema.evidence import ModelInfo

    g = places.default_gazetteer()
    doc = Doc(article=Article(id="t", text=sentence), text=sentence, published=None)
    sent = Sentence(index=0, start=0, end=len(sentence), text=sentence, paragraph=0)
    start = sentence.index(unit)
    hit = RoleHit("LOC", start, start + len(unit), unit, 0.9)
    m = EventMention(doc, sent, "Armed clash", "Battles", 0.9, 0.9, roles=[hit])
    assembler = Assembler(gazetteer=g, actor_table=None, model_info=ModelInfo(name="t", version="0"))
    res = places.resolve_place(unit, gazetteer=g)
    assert assembler._finer_place(res, m, hit).location == expected
