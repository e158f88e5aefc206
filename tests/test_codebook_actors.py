"""ACLED's actor coding rules that the words leave open (eventx.pipeline.assemble._codebook_actors) and the
country told by the actors when no place resolves, run end to end with a tiny typer biased to one sub-event type."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers_models import tiny_typer

from eventx.config import ExtractorConfig
from eventx.schema import Article


def _extract(label: str, text: str) -> list:
    from eventx.pipeline.extractor import Extractor

    cfg = ExtractorConfig.default()
    cfg.models.use_roles = False
    ex = Extractor(cfg, typer=tiny_typer(label))
    return ex.extract(Article(id="a", text=text, published=dt.datetime(2024, 3, 7, 10)))


def test_protest_actor1_is_protesters_of_the_country_and_the_named_group_is_associated() -> None:
    recs = _extract("Peaceful protest", "Teachers of the Kenya National Union of Teachers marched in Nakuru on Monday.")
    assert recs
    rec = recs[0]
    assert rec.country == "Kenya"
    assert rec.actor1 == "Protesters (Kenya)" and rec.inter1 == 6
    assert rec.evidence["actor1"].method == "rule"
    assert "Protesters" in rec.evidence["actor1"].reason
    assert rec.actor2 is None


def test_crowd_words_are_not_a_second_party_to_a_protest() -> None:
    rec = _extract("Peaceful protest", "Hundreds of residents and traders marched through Garissa on Monday.")[0]
    assert rec.actor1 == "Protesters (Kenya)" and rec.actor2 is None


def test_riot_with_police_as_first_actor_gives_rioters_against_police() -> None:
    recs = _extract("Violent demonstration", "Police clashed with stone-throwing youths in Kisumu on Monday.")
    rec = recs[0]
    assert rec.actor1 == "Rioters (Kenya)" and rec.inter1 == 5
    assert rec.actor2 is not None and rec.actor2.startswith("Police Forces of Kenya")


def test_unnamed_perpetrator_and_victims_of_an_attack() -> None:
    recs = _extract("Attack", "Three farmers were killed in Mandera on Monday.")
    rec = recs[0]
    assert rec.actor1 == "Unidentified Armed Group (Kenya)" and rec.inter1 == 3
    assert rec.actor2 == "Civilians (Kenya)" and rec.inter2 == 7
    assert rec.evidence["actor1"].confidence < 0.5


def test_no_class_actor_without_a_country() -> None:
    recs = _extract("Peaceful protest", "Hundreds of people marched on Monday to demand better pay.")
    assert recs and recs[0].country is None and recs[0].actor1 is None


@pytest.mark.parametrize("text", ["Pakistani troops exchanged fire with militants on Monday."])
def test_country_from_the_actors_when_no_place_resolves(text: str) -> None:
    rec = _extract("Armed clash", text)[0]
    assert rec.country == "Pakistan"
    assert rec.location is None and rec.latitude is None
    assert "no place resolved" in rec.evidence["location"].reason


def test_named_actor_without_an_inter_code_never_fails_the_record() -> None:
    # ACLED's rows never give the MNLF an inter code. Read as actor1 against the MILF (3), the record used to fail
    # validation (inter2 without inter1) and the article came back as an error; now inter2 is withheld, with why.
    text = "MNLF fighters clashed with the MILF in Matalam, Cotabato on Monday."
    rec = _extract("Armed clash", text)[0]
    assert rec.actor1 == "MNLF: Moro National Liberation Front" and rec.inter1 is None
    assert rec.actor2 == "MILF: Moro Islamic Liberation Front" and rec.inter2 is None
    assert "inter2 withheld" in (rec.evidence["actor2"].reason or "")


def test_forces_span_takes_the_name_that_follows() -> None:
    from eventx.pipeline.assemble import RoleHit, _grow_of_name

    text = "On 5 May, military forces of Artsakh fired on the positions of the military forces of Azerbaijan."
    start = text.index("military")
    grown = _grow_of_name(text, RoleHit("ACTOR1", start, start + len("military forces"), "military forces", 0.9))
    assert grown.text == "military forces of Artsakh" and text[grown.start : grown.end] == grown.text
    # only a force's span grows, and only over a capitalised name
    hit = RoleHit("ACTOR2", 0, 2, "On", 0.5)
    assert _grow_of_name(text, hit) is hit
    plain = "Soldiers of the unit fired."
    assert _grow_of_name(plain, RoleHit("ACTOR1", 0, 8, "Soldiers", 0.9)).text == "Soldiers"


def test_forces_span_takes_its_possessor() -> None:
    from eventx.pipeline.assemble import RoleHit, _grow_of_name

    text = "Demonstrators protested against the United States' military policies and Kenya's army."
    start = text.index("military")
    grown = _grow_of_name(text, RoleHit("ACTOR2", start, start + 8, "military", 0.9))
    assert grown.text == "United States' military"
    start = text.index("army")
    assert _grow_of_name(text, RoleHit("ACTOR2", start, start + 4, "army", 0.9)).text == "Kenya's army"


def test_the_arresting_state_force_is_actor1_of_an_arrest() -> None:
    # words in this order give the detainees first; ACLED's arrests are coded with the arresting side as actor1
    rec = _extract("Arrests", "Twelve students ended up in police custody in Nakuru on Monday.")[0]
    assert rec.actor1 is not None and rec.actor1.startswith("Police Forces of Kenya") and rec.inter1 == 1
    assert rec.actor2 is not None and rec.actor2 != rec.actor1


def test_state_forces_are_never_the_victims_of_violence_against_civilians() -> None:
    # the words give the villagers first and the police second; ACLED's actor2 of this event type is always civilians
    rec = _extract("Attack", "Three villagers died in police firing in Mandera on Monday.")[0]
    assert rec.actor1 is not None and rec.actor1.startswith("Police Forces of Kenya") and rec.inter1 == 1
    assert rec.actor2 == "Civilians (Kenya)" and rec.inter2 == 7


def test_a_state_force_span_inside_a_named_unit_takes_the_unit() -> None:
    from eventx.pipeline.assemble import RoleHit, _named_unit
    from eventx.resolve.actors import ActorTable, find_actors

    table = ActorTable.load()
    text = "On 4 December, Jubaland security forces clashed with Al Shabaab near Kismayo."
    named = find_actors(text, table=table)
    start = text.index("security forces")
    hit = RoleHit("ACTOR1", start, start + len("security forces"), "security forces", 0.9)
    grown = _named_unit(hit, named, text)
    assert grown.text == "Jubaland security forces" and grown.role == "ACTOR1"
    # so does a named group's "forces"
    text = "Al Shabab forces attacked the village of Damase and seized it."
    start = text.index("forces")
    hit = RoleHit("ACTOR1", start, start + len("forces"), "forces", 0.9)
    assert _named_unit(hit, find_actors(text, table=table), text).text == "Al Shabab forces"
    # a demonym before the force names no unit: the span stays as the tagger read it
    text = "On 4 December, Kenyan security forces clashed with Al Shabaab near Kismayo."
    start = text.index("security forces")
    hit = RoleHit("ACTOR1", start, start + len("security forces"), "security forces", 0.9)
    assert _named_unit(hit, find_actors(text, table=table), text) == hit


def test_no_alias_spans_a_comma() -> None:
    from eventx.resolve.actors import ActorTable, find_actors

    found = find_actors("The CAR military, police and gendarmerie launched an operation.", table=ActorTable.load())
    assert all("," not in m.text for m in found)
    assert not any(m.name and "Brazil" in m.name for m in found)


def test_the_place_closing_a_groups_name_does_not_name_the_group_alone() -> None:
    from eventx.resolve.actors import ActorTable, find_actors

    table = ActorTable.load()
    # "Yangon" closes "People's Defense Force - Yangon": alone it is where the explosion was, not who caused it
    text = "On 13 April, in Mayangone township (Yangon-West district, Yangon Region), there was an explosion."
    assert not any(m.name and "People's Defense Force" in m.name for m in find_actors(text, table=table))
    # names that are not a place after the dash still match ("Boko Haram - Jamatu ..." by its short name)
    found = find_actors("Boko Haram fighters attacked the village.", table=table)
    assert found and "Boko Haram" in (found[0].name or "")


def test_a_capitalised_people_word_opening_a_name_is_not_civilians() -> None:
    from eventx.resolve.actors import ActorTable, find_actors, resolve_actor

    table = ActorTable.load()
    # "People" of "People's Defense Force", "Youth" of "Youth Revolution Force": the start of a group's name
    text = "Youth Revolution Force fighters attacked a convoy near Pauk."
    assert not any(m.name == "Civilians (Myanmar)" for m in find_actors(text, table=table, country="Myanmar"))
    res = resolve_actor("People's Defense Force - Pauk", country="Myanmar", table=table)
    assert res.name != "Civilians (Myanmar)"
    # the common noun is still civilians, capitalised at the start of a sentence or not
    for text in ("People were killed in Monywa.", "Three people were killed."):
        assert [m.name for m in find_actors(text, table=table, country="Myanmar")] == ["Civilians (Myanmar)"]


def test_civilians_are_never_the_actor1_of_violence_nor_a_party_to_a_battle() -> None:
    # "airstrikes killed at least 30 people": the people are the victims; the strike is the forces' of the country
    # the sentence's demonym names
    [rec] = _extract("Air/drone strike", "Israeli airstrikes killed at least 30 people in Rafah overnight.")
    assert rec.actor1 == "Military Forces of Israel (2022-)" and rec.actor2 == "Civilians (Palestine)"
    assert "the country the sentence names (Israel)" in (rec.evidence["actor1"].reason or "")
    # ... but not the speaker's country ("..., the US military said")
    [rec] = _extract(
        "Air/drone strike", "Drones struck a market in Marib on Tuesday, killing 8 people, the US military said."
    )
    assert rec.actor1 is None or "United States" not in rec.actor1
    # with no perpetrator known, the civilians stay actor2: they are not promoted to actor1
    [rec] = _extract(
        "Suicide bomb", "A suicide bomber blew himself up at a mosque in Peshawar, killing 59 worshippers."
    )
    assert rec.actor1 is None and rec.actor2 == "Civilians (Pakistan)"
    # civilians killed in a battle are its toll, not a party to it
    [rec] = _extract("Armed clash", "Soldiers fought Al Shabaab militants in Garissa, killing 15 civilians.")
    assert rec.actor2 != "Civilians (Kenya)"


def test_a_unit_named_in_brackets_after_a_state_force_span_is_that_unit() -> None:
    """ "government security forces (Danab)": the bracket names the unit ACLED codes (Somalia's special forces)."""
    from eventx.pipeline.assemble import RoleHit, _named_unit
    from eventx.resolve.actors import ActorTable, find_actors

    table = ActorTable.load()
    text = "On 2 January 2026, government security forces (Danab) clashed with Al Shabaab in Buulo Fulaay town."
    start = text.index("government security forces")
    hit = RoleHit("ACTOR1", start, start + len("government security forces"), "government security forces", 0.9)
    grown = _named_unit(hit, find_actors(text, country="Somalia", table=table), text)
    assert grown.text == "Danab"
    # so does the unit's name right after the span ("Indonesian Police Detachment 88")
    text = "Indonesian Police Detachment 88 engaged in an armed clash with MIT in Poso."
    hit = RoleHit("ACTOR1", 0, len("Indonesian Police"), "Indonesian Police", 0.9)
    assert _named_unit(hit, find_actors(text, country="Indonesia", table=table), text).text == "Detachment 88"
    # and the unit's name right before it ("BIR soldiers": Cameroon's Rapid Intervention Battalion)
    text = "Boko Haram entered Cheripouri to loot the village and clashed with BIR soldiers."
    start = text.index("soldiers")
    hit = RoleHit("ACTOR2", start, start + len("soldiers"), "soldiers", 0.9)
    assert _named_unit(hit, find_actors(text, country="Cameroon", table=table), text).text == "BIR"
    # a bracket holding a place or a generic force changes nothing
    text = "On 2 January 2026, government security forces (SNA) clashed with Al Shabaab in Buulo Fulaay town."
    start = text.index("government security forces")
    hit = RoleHit("ACTOR1", start, start + len("government security forces"), "government security forces", 0.9)
    assert _named_unit(hit, find_actors(text, country="Somalia", table=table), text) == hit


def test_the_movement_of_forces_label_names_no_actor() -> None:
    from eventx.resolve.actors import ActorTable, find_actors

    table = ActorTable.load()
    text = "Movement of forces: On 27 March 2026, Al Shabaab militants were seen patrolling the main road."
    assert [m.name for m in find_actors(text, country="Somalia", table=table)] == ["Al Shabaab"]
    found = find_actors("Government forces moved into the town.", country="Somalia", table=table)
    assert [m.name for m in found] == ["Military Forces of Somalia (2022-)"]


class _SpanTagger:
    """Tags the given phrases with the given roles wherever they occur: the role model's output, fixed, so that the
    test checks what assembly does with it (the real tagger's accuracy is benchmarked, not tested here)."""

    def __init__(self, spans: dict[str, str]) -> None:
        self.spans = spans

    def tag(self, texts: list[str], batch_size: int = 32, *, lower=None) -> list[list]:
        from eventx.models.roles import RoleSpan

        out = []
        for t in texts:
            found = [RoleSpan(r, t.index(p), t.index(p) + len(p), p, 0.9) for p, r in self.spans.items() if p in t]
            out.append(sorted(found, key=lambda s: s.start))
        return out


def _extract_tagged(label: str, text: str, spans: dict[str, str]) -> list:
    """The extractor with a typer biased to ``label`` and the role spans fixed by ``spans``."""
    from eventx.pipeline.extractor import Extractor

    ex = Extractor(ExtractorConfig.default(), typer=tiny_typer(label), tagger=_SpanTagger(spans))
    return ex.extract(Article(id="a", text=text, published=dt.datetime(2024, 3, 7, 10)))


def test_protesters_are_never_a_second_party_to_their_own_riot() -> None:
    text = "Protesters blocked the main road in Limuru on Monday, deflating the tyres of more than 100 vehicles."
    rec = _extract_tagged("Violent demonstration", text, {"Protesters": "ACTOR2"})[0]
    assert rec.actor1 == "Rioters (Kenya)" and rec.actor2 is None
    # the police they fought stay the riot's actor2
    text = "Protesters blocked the main road in Limuru on Monday and fought with police."
    rec = _extract_tagged("Violent demonstration", text, {"Protesters": "ACTOR1", "police": "ACTOR2"})[0]
    assert (
        rec.actor1 == "Rioters (Kenya)" and rec.actor2 is not None and rec.actor2.startswith("Police Forces of Kenya")
    )


def test_an_abduction_in_which_people_were_killed_is_coded_as_an_attack() -> None:
    [rec] = _extract("Abduction/forced disappearance", "On 4 March, gunmen abducted and killed two traders in Garissa.")
    assert rec.sub_event_type == "Attack" and rec.event_type == "Violence against civilians"
    assert rec.evidence["sub_event_type"].method == "rule"
    assert "Attack" in (rec.evidence["sub_event_type"].reason or "")
    [rec] = _extract("Abduction/forced disappearance", "On 4 March, gunmen abducted two traders in Garissa.")
    assert rec.sub_event_type == "Abduction/forced disappearance"


def test_an_attack_on_soldiers_by_a_named_group_is_a_battle() -> None:
    text = "On 4 March, Al Shabaab fighters opened fire on soldiers of the Kenya Defence Forces in Mandera."
    [rec] = _extract_tagged(
        "Attack", text, {"Al Shabaab fighters": "ACTOR1", "soldiers of the Kenya Defence Forces": "ACTOR2"}
    )
    assert rec.sub_event_type == "Armed clash" and rec.event_type == "Battles"
    assert rec.actor1 == "Al Shabaab" and (rec.actor2 or "").startswith("Military Forces of Kenya")
    assert rec.evidence["sub_event_type"].method == "rule" and "battle" in (rec.evidence["sub_event_type"].reason or "")
    # the same group shooting villagers stays an Attack
    text = "On 4 March, Al Shabaab fighters opened fire on villagers in Mandera."
    [rec] = _extract_tagged("Attack", text, {"Al Shabaab fighters": "ACTOR1", "villagers": "ACTOR2"})
    assert rec.sub_event_type == "Attack"


def test_state_forces_attacked_off_duty_are_civilians() -> None:
    text = "On 4 March, Al Shabaab fighters shot dead an off-duty police officer in Mandera."
    spans = {"Al Shabaab fighters": "ACTOR1", "police officer": "ACTOR2"}
    [rec] = _extract_tagged("Attack", text, spans)
    assert rec.sub_event_type == "Attack" and rec.actor1 == "Al Shabaab" and rec.actor2 == "Civilians (Kenya)"
    assert "off duty" in (rec.evidence["actor2"].reason or "")
    # the typer's battle with such a victim is ruled out too
    [rec] = _extract_tagged("Armed clash", text, spans)
    assert rec.sub_event_type == "Attack" and rec.actor2 == "Civilians (Kenya)"
    # on duty, they stay a party to a battle
    [rec] = _extract_tagged("Attack", text.replace("an off-duty", "a"), spans)
    assert rec.sub_event_type == "Armed clash" and (rec.actor2 or "").startswith("Police Forces of Kenya")


def test_both_sides_of_a_coordinated_battle_subject() -> None:
    text = "On 4 March, Russian and Ukrainian forces clashed near Bakhmut."
    [rec] = _extract_tagged("Armed clash", text, {"Ukrainian forces": "ACTOR1"})
    assert (rec.actor1 or "").startswith("Military Forces of Russia")
    assert (rec.actor2 or "").startswith("Military Forces of Ukraine")
    assert "one side of 'Russian and Ukrainian forces'" in (rec.evidence["actor1"].reason or "")
    # a subject of another verb is no pair of sides
    text = "On 4 March, Russian and Ukrainian forces agreed to a ceasefire near Bakhmut."
    [rec] = _extract_tagged("Armed clash", text, {"Ukrainian forces": "ACTOR1"})
    assert (rec.actor1 or "").startswith("Military Forces of Ukraine") and rec.actor2 is None


def test_a_group_named_after_unnamed_militants_is_the_actor() -> None:
    text = "On 4 March, militants believed to be Al Shabaab fighters attacked a police post in Mandera."
    [rec] = _extract_tagged(
        "Armed clash", text, {"militants": "ACTOR1", "Al Shabaab fighters": "ACTOR1", "police": "ACTOR2"}
    )
    assert rec.actor1 == "Al Shabaab" and (rec.actor2 or "").startswith("Police Forces of Kenya")
    # unnamed, they stay ACLED's unidentified armed group
    text = "On 4 March, militants attacked a police post in Mandera."
    [rec] = _extract_tagged("Armed clash", text, {"militants": "ACTOR1", "police": "ACTOR2"})
    assert rec.actor1 == "Unidentified Armed Group (Kenya)"


def test_looting_and_arrests_with_no_target_named_target_civilians() -> None:
    """Whose property was looted, who was arrested: civilians in most of ACLED's such events (79 % and 76 %)."""
    [rec] = _extract("Looting/property destruction", "On 4 March, Al Shabaab fighters looted shops in Garissa.")
    assert rec.actor1 == "Al Shabaab" and rec.actor2 == "Civilians (Kenya)" and rec.inter2 == 7
    assert "no target named" in (rec.evidence["actor2"].reason or "")
    [rec] = _extract("Arrests", "On 4 March, police made several arrests in Garissa.")
    assert rec.actor2 == "Civilians (Kenya)"
    # a battle keeps no invented target
    [rec] = _extract("Armed clash", "On 4 March, Al Shabaab fighters attacked in Garissa.")
    assert rec.actor2 != "Civilians (Kenya)"


def test_the_state_force_a_violent_demonstration_met_is_its_actor2() -> None:
    """ "Residents burned tyres ... Police forces intervened and used teargas.": the police named in the next
    sentence of the paragraph are the riot's actor2."""
    text = (
        "On 4 March, residents of Garissa burned tyres and blocked a road. Police forces intervened and used teargas."
    )
    recs = _extract("Violent demonstration", text)
    assert recs[0].actor1 == "Rioters (Kenya)" and (recs[0].actor2 or "").startswith("Police Forces of Kenya")
    assert "met" in (recs[0].evidence["actor2"].reason or "")
    # no force named: no actor2 is made up
    [rec] = _extract("Violent demonstration", "On 4 March, residents of Garissa burned tyres and blocked a road.")
    assert rec.actor2 is None


def test_forces_span_takes_the_country_written_before_it() -> None:
    """The tagger often reads "security forces" of "Ethiopia security forces": alone, that span is the forces of the
    country the event is in (Somalia's), not Ethiopia's."""
    from eventx.pipeline.assemble import RoleHit, _grow_of_name
    from eventx.resolve.actors import ActorTable

    words = ActorTable.load().country_words
    text = "Al Shabaab clashed with Ethiopia security forces, then with South Sudanese troops and the Jubaland army."
    for head, whole in (
        ("security forces", "Ethiopia security forces"),
        ("troops", "South Sudanese troops"),
        ("army", "army"),  # Jubaland is no country: the unit's name is read elsewhere (_named_unit)
    ):
        start = text.index(head)
        grown = _grow_of_name(text, RoleHit("ACTOR2", start, start + len(head), head, 0.9), words)
        assert grown.text == whole and text[grown.start : grown.end] == whole


def test_a_demonym_before_a_noun_names_people_not_a_province() -> None:
    # Ethiopia has a Somali region: "Somali raiders" are people, and say nothing of where the clash was
    rec = _extract("Armed clash", "Police battled Somali raiders following an attack on herders.")[0]
    assert rec.country is None and rec.admin1 is None
    rec = _extract("Armed clash", "Clashes erupted in Somali region on Monday, killing five.")[0]
    assert (rec.country, rec.admin1) == ("Ethiopia", "Somali")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Opposition supporters marched in the Kenyan capital on Monday.", ("Kenya", "Nairobi")),
        (
            "FACA soldiers launched an operation to secure the capital on Monday.",
            ("Central African Republic", "Bangui"),
        ),
        ("Police fired tear gas at protesters in the capital, Nairobi.", ("Kenya", "Nairobi")),
    ],
)
def test_the_capital_is_the_capital_of_the_country_the_text_tells(text: str, where: tuple[str, str]) -> None:
    rec = _extract("Armed clash", text)[0]
    assert (rec.country, rec.location) == where
    assert rec.geo_precision == 1


def test_a_provincial_capital_or_a_capital_of_no_known_country_is_no_place() -> None:
    rec = _extract("Armed clash", "Gunmen attacked a bank in the provincial capital on Monday.")[0]
    assert rec.location is None
    rec = _extract("Armed clash", "Gunmen attacked a bank in the capital on Monday.")[0]
    assert rec.location is None and rec.country is None


def test_a_group_named_after_a_people_word_of_the_same_role_is_the_actor() -> None:
    from eventx.pipeline.assemble import Assembler, EventMention, RoleHit
    from eventx.pipeline.document import Doc, Sentence
    from eventx.resolve import places
    from eventx.resolve.actors import ActorTable
    from eventx.schema.evidence import ModelInfo

    text = "Suspected members of the Wagner group killed 18 people in Bambari."
    doc = Doc(article=Article(id="t", text=text), text=text, published=None)
    sent = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0)

    def hit(role: str, words: str) -> RoleHit:
        return RoleHit(role, text.index(words), text.index(words) + len(words), words, 0.9)

    assembler = Assembler(
        gazetteer=places.default_gazetteer(), actor_table=ActorTable.load(), model_info=ModelInfo(name="t", version="0")
    )

    def actor1(*spans: str) -> str | None:
        roles = [hit("ACTOR1", s) for s in spans] + [hit("ACTOR2", "people")]
        m = EventMention(doc, sent, "Attack", "Violence against civilians", 0.9, 0.9, roles=roles)
        a1, _ = assembler._actors(m, "Central African Republic")
        return a1.name if a1 is not None else None

    # the tagger read "Suspected members" (a word for people) and "Wagner group" as two ACTOR1 spans
    assert actor1("Suspected members", "Wagner group") == "Wagner Group"
    # another people word after it names no group: the first reading stands
    assert actor1("Suspected members", "people") == "Civilians (Central African Republic)"


def test_a_peoples_name_takes_the_fighters_after_it_and_its_victims_are_civilians() -> None:
    text = "On 5 July 2020, two Pokot herders were injured after Turkana raiders attacked Atirir village near Kapedo."
    [rec] = _extract_tagged("Attack", text, {"Turkana": "ACTOR1", "Pokot": "ACTOR2"})
    assert rec.actor1 == "Turkana Ethnic Militia (Kenya)" and rec.evidence["actor1"].spans[0].text == "Turkana raiders"
    # the community the victims belong to is no party to an attack: its people are civilians
    assert rec.actor2 == "Civilians (Kenya)" and "community" in (rec.evidence["actor2"].reason or "")
    # the same two peoples' militias fighting each other stay the two sides
    text = "On 5 July 2020, Pokot and Turkana militias clashed near Kapedo."
    [rec] = _extract_tagged("Armed clash", text, {"Turkana militias": "ACTOR1"})
    assert (rec.actor1, rec.actor2) == ("Pokot Ethnic Militia (Kenya)", "Turkana Ethnic Militia (Kenya)")


def test_an_armed_group_read_as_the_target_of_an_unnamed_attack_is_its_perpetrator() -> None:
    # the tagger read the group as the target and no perpetrator: violence against civilians targets civilians
    text = "On 4 March, Al Shabaab fighters killed two herders near Mandera."
    [rec] = _extract_tagged("Attack", text, {"Al Shabaab fighters": "ACTOR2"})
    assert (rec.actor1, rec.actor2) == ("Al Shabaab", "Civilians (Kenya)")


def test_the_unnamed_other_side_of_a_rebel_groups_battle_is_the_states_military() -> None:
    text = "On 4 March, Al Shabaab fighters attacked a base near Mandera."
    [rec] = _extract_tagged("Armed clash", text, {"Al Shabaab fighters": "ACTOR1"})
    assert rec.actor1 == "Al Shabaab" and (rec.actor2 or "").startswith("Military Forces of Kenya")
    assert rec.evidence["actor2"].method == "rule" and "73 %" in (rec.evidence["actor2"].reason or "")
    # the state's side alone tells nothing of who fought it
    [rec] = _extract_tagged("Armed clash", "On 4 March, soldiers came under fire near Mandera.", {"soldiers": "ACTOR1"})
    assert (rec.actor1 or "").startswith("Military Forces of Kenya") and rec.actor2 is None
