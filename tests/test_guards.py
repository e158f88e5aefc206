"""Codebook guards: a sub-event type whose definition the text does not meet falls back to the next type."""

from __future__ import annotations

import datetime as dt

from eventx.pipeline import guards
from eventx.pipeline.segment import split_sentences

PROBS = {"Protest with intervention": 0.5, "Peaceful protest": 0.4, "Violent demonstration": 0.05, "No event": 0.05}


def test_a_protest_with_no_intervening_side_is_peaceful() -> None:
    res = guards.check("Protest with intervention", PROBS, "Students staged a protest in Kandy on 8 May.")
    assert res is not None and res.sub_event_type == "Peaceful protest" and res.prob == 0.4
    assert "does not name" in res.reason


def test_an_intervening_side_or_act_keeps_the_type() -> None:
    for text in (
        "Police dispersed the protesters with tear gas.",
        "Members of the youth wing assaulted the demonstrators.",
        "Officers arrested 12 protesters.",
    ):
        assert guards.check("Protest with intervention", PROBS, text) is None


def test_the_side_a_protest_is_about_or_held_at_did_not_intervene() -> None:
    """Police named as the protest's subject or site, or the protesters blocking a road, tell of no intervention."""
    for text in (
        "Women demonstrated against police forces in Tombel against the mass arrest of their husbands.",
        "Hundreds of NDC supporters demonstrated at the District Police Station in Ashaiman.",
        "Residents demanded the removal of the police administrators.",
        "Students staged a protest and blocked the Dhaka-Noakhali highway against the detention of six coordinators.",
    ):
        res = guards.check("Protest with intervention", PROBS, text)
        assert res is not None and res.sub_event_type == "Peaceful protest", text
    # the same words as the side that acted still count
    for text in (
        "Protesters marched to the governor's office and police fired tear gas at them.",
        "Women demonstrated against the arrests in Tombel; soldiers arrested 12 of them.",
    ):
        assert guards.check("Protest with intervention", PROBS, text) is None, text


def test_blocking_a_road_alone_is_no_violence() -> None:
    """A road blocked by a sit-in is a peaceful protest in ACLED's notes as often as not; barricades, burning tyres
    and fights are what make it violent."""
    probs = {"Violent demonstration": 0.5, "Peaceful protest": 0.4, "Protest with intervention": 0.1}
    res = guards.check(
        "Violent demonstration", probs, "Boda Boda operators block roads in protest of poor road conditions."
    )
    assert res is not None and res.sub_event_type == "Peaceful protest"
    for text in ("Protesters blocked the road with barricades.", "Protesters burnt tyres and blocked the road."):
        assert guards.check("Violent demonstration", probs, text) is None, text


def test_types_without_a_need_are_left_alone() -> None:
    assert guards.check("Peaceful protest", PROBS, "Students staged a protest.") is None
    assert guards.check("Armed clash", {"Armed clash": 0.9}, "Gunmen and soldiers exchanged fire.") is None


def test_the_next_sentence_of_the_paragraph_counts() -> None:
    text = "Students staged a protest in Kandy on 8 May. Police dispersed them.\n\nThe university was closed."
    from eventx.pipeline.document import Doc
    from eventx.schema.article import Article

    doc = Doc(Article(id="a", text=text, published=dt.datetime(2024, 5, 9)), text, None)
    doc.sentences = split_sentences(text)
    assert "Police dispersed" in guards.context_text(doc, doc.sentences[0])
    assert "Police" not in guards.context_text(doc, doc.sentences[2])


def test_symbolic_burning_is_no_crowd_violence() -> None:
    probs = {"Violent demonstration": 0.6, "Peaceful protest": 0.35, "No event": 0.05}
    res = guards.check("Violent demonstration", probs, "Activists burnt an effigy of the minister in Colombo.")
    assert res is not None and res.sub_event_type == "Peaceful protest"
    assert "violence or disruption by the crowd" in res.reason
    held = "Monks held a torch-lit march and burned copies of the bill."
    assert guards.check("Violent demonstration", probs, held) is not None
    for text in ("Protesters burnt tyres and blocked the road.", "Rioters burned an effigy and stoned a bus."):
        assert guards.check("Violent demonstration", probs, text) is None


def test_a_crowd_that_disperses_of_itself_is_no_intervention() -> None:
    probs = {"Protest with intervention": 0.45, "Peaceful protest": 0.42, "No event": 0.05}
    for text in (
        "The protest was peaceful, and the demonstrators dispersed after the governor addressed them.",
        "Hundreds marched to the town hall; the rally dispersed without incident.",
        "The crowd later dispersed peacefully.",
    ):
        res = guards.check("Protest with intervention", probs, text)
        assert res is not None and res.sub_event_type == "Peaceful protest", text
    for text in (
        "Police dispersed the protesters with tear gas.",
        "The protesters were dispersed by the police.",
        "The protesters were dispersed peacefully by the UN.",
        "Students marched on the ministry until they were dispersed.",
    ):
        assert guards.check("Protest with intervention", probs, text) is None, text


def test_ground_changing_hands_is_needed_for_a_territorial_type() -> None:
    probs = {"Government regains territory": 0.78, "Armed clash": 0.18, "No event": 0.04}
    res = guards.check("Government regains territory", probs, "Government troops clashed with rebels near Bucha.")
    assert res is not None and res.sub_event_type == "Armed clash" and "ground changing hands" in res.reason
    for text in (
        "The army recaptured the town from the rebels.",
        "Troops took control of the district after two days of fighting.",
        "The rebels withdrew and government forces entered the town.",
    ):
        assert guards.check("Government regains territory", probs, text) is None
    nsa = {"Non-state actor overtakes territory": 0.6, "Armed clash": 0.3, "No event": 0.1}
    assert guards.check("Non-state actor overtakes territory", nsa, "Militants overran a military base.") is None
    res = guards.check("Non-state actor overtakes territory", nsa, "Militants and soldiers exchanged fire.")
    assert res is not None and res.sub_event_type == "Armed clash"
    # ground only fought for changes no hands
    text = "UPC rebels clashed with the army in Obo in another attempt of the rebels to regain control of the town."
    res = guards.check("Non-state actor overtakes territory", nsa, text)
    assert res is not None and res.sub_event_type == "Armed clash"
    assert guards.check("Non-state actor overtakes territory", nsa, text + " They took control of the town.") is None


def test_an_abduction_with_harm_done_is_an_attack() -> None:
    probs = {"Abduction/forced disappearance": 0.7, "Attack": 0.2}
    for text, fatalities in (
        ("Gunmen abducted a trader in Bria.", 1),  # the toll says someone was killed
        ("Al Shabaab beat and abducted a civilian in Beerhani village.", 0),
        ("Militiamen kidnapped two farmers and later killed them near Kaga-Bandoro.", 0),
        ("3R militiamen attacked and detained a Fulani herder.", 0),  # attacked first: detained alone would not do
    ):
        res = guards.abduction_harm("Abduction/forced disappearance", probs, text, fatalities)
        assert res is not None and res.sub_event_type == "Attack" and res.prob == 0.2, text
        assert "ACLED codes it as an Attack" in res.reason
    # no harm told: the abduction stands; other types are not this check's business
    assert (
        guards.abduction_harm("Abduction/forced disappearance", probs, "Gunmen abducted a trader in Bria.", 0) is None
    )
    assert (
        guards.abduction_harm("Abduction/forced disappearance", probs, "Rebels detained and released 3 men.", 0) is None
    )
    assert guards.abduction_harm("Attack", probs, "Gunmen beat and abducted a trader.", 0) is None
    # harm told in the sentence beside it
    text = "On 28 July, the son of the local chief was kidnapped by BH militants in Maigobouri."
    context = text + " His body was found on 30 July, he had been shot."
    res = guards.abduction_harm("Abduction/forced disappearance", probs, text, 0, context)
    assert res is not None and res.sub_event_type == "Attack" and "'shot' beside it" in res.reason
    assert guards.abduction_harm("Abduction/forced disappearance", probs, text, 0, text) is None


def test_an_attack_on_state_forces_by_a_non_state_side_is_an_armed_clash() -> None:
    probs = {"Attack": 0.6, "Armed clash": 0.3}
    res = guards.armed_target("Attack", probs, 2, 1)  # a rebel group opened fire on soldiers
    assert res is not None and res.sub_event_type == "Armed clash" and res.prob == 0.3
    assert "battle" in res.reason
    assert guards.armed_target("Attack", probs, 8, 1) is not None  # an external force
    # civilians the target, state forces on both sides, or another type: left alone
    assert guards.armed_target("Attack", probs, 3, 7) is None
    assert guards.armed_target("Attack", probs, 1, 1) is None
    assert guards.armed_target("Attack", probs, 7, 1) is None  # "villagers died in police firing": roles reversed
    assert guards.armed_target("Attack", probs, None, 1) is None
    assert guards.armed_target("Attack", probs, 2, None) is None
    assert guards.armed_target("Mob violence", probs, 5, 1) is None


def test_security_forces_are_no_ground_changing_hands() -> None:
    """ "Security" is not "secured": a clash by government security forces names no change of control."""
    probs = {"Government regains territory": 0.6, "Armed clash": 0.3}
    text = "Government security forces (SNA) clashed with Al Shabaab in Busley village. There were injuries."
    res = guards.check("Government regains territory", probs, text)
    assert res is not None and res.sub_event_type == "Armed clash"
    assert (
        guards.check("Government regains territory", probs, "Security forces secured the town after a battle.") is None
    )


def test_shelling_answered_with_fire_is_an_armed_clash() -> None:
    probs = {"Shelling/artillery/missile attack": 0.6, "Armed clash": 0.3}
    text = "Ukrainian forces fired tanks at LPR forces near Molochnyi. LPR forces fired back."
    res = guards.check("Shelling/artillery/missile attack", probs, text)
    assert res is not None and res.sub_event_type == "Armed clash" and res.prob == 0.3
    assert "fired back" in res.reason
    text = "Russian forces shelled residential areas of Kharkiv, damaging a school."
    assert guards.check("Shelling/artillery/missile attack", probs, text) is None


def test_captives_taken_in_a_clash_are_part_of_the_clash() -> None:
    probs = {"Abduction/forced disappearance": 0.6, "Armed clash": 0.3}
    text = "Puntland Dervish Forces clashed with Islamic State fighters in Anghor village. They captured two ISSP."
    res = guards.check("Abduction/forced disappearance", probs, text)
    assert res is not None and res.sub_event_type == "Armed clash" and "clashed" in res.reason
    assert guards.check("Abduction/forced disappearance", probs, "Gunmen abducted two traders in Bria.") is None


def test_a_crowd_that_exchanges_gunfire_is_an_armed_clash() -> None:
    probs = {"Mob violence": 0.6, "Armed clash": 0.3, "Attack": 0.1}
    text = "Villagers engaged in a fire fight with Ambazonian separatists in Ngolo Metoko village."
    res = guards.check("Mob violence", probs, text)
    assert res is not None and res.sub_event_type == "Armed clash" and "fire fight" in res.reason
    # a crowd that beats or clashes, with no gunfire exchanged, stays mob violence ...
    assert guards.check("Mob violence", probs, "A mob lynched a suspected thief in Meru.") is None
    assert guards.check("Mob violence", probs, "Residents clashed with traders over market stalls.") is None
    # ... and a crowd that does nothing violent still fails the crowd-violence need
    res = guards.check("Mob violence", probs, "Residents gathered at the chief's office.")
    assert res is not None and "needs violence" in res.reason


def test_a_victim_off_duty_or_at_home_makes_an_attack() -> None:
    probs = {"Armed clash": 0.6, "Attack": 0.3}
    res = guards.check("Armed clash", probs, "Gunmen shot dead an off-duty soldier in Kibokoni.")
    assert res is not None and res.sub_event_type == "Attack" and "off-duty" in res.reason
    res = guards.check("Armed clash", probs, "Separatists killed a police inspector at his home in Kumba.")
    assert res is not None and res.sub_event_type == "Attack"
    assert guards.check("Armed clash", probs, "Militants attacked a police post in Mandera.") is None
    # nor does an attack on such a victim become a battle
    probs = {"Attack": 0.6, "Armed clash": 0.3}
    assert guards.armed_target("Attack", probs, 2, 1, "Al Shabaab killed an off-duty soldier.") is None
    assert guards.armed_target("Attack", probs, 2, 1, "Al Shabaab attacked soldiers.") is not None


def test_detainees_whose_release_is_demanded_and_police_who_watch_did_not_intervene() -> None:
    probs = {"Protest with intervention": 0.6, "Peaceful protest": 0.3}
    for text in (
        "Students staged a protest in Tangail demanding release of students detained by police forces.",
        "Lawyers marched in Kakamega. The demonstrators accused police of being responsible for the insecurity.",
        "Farmers demonstrated at the weighbridge. Police officers monitored the protest from a distance.",
        "Nasa demonstrators took to the streets. Police watched them and did not interfere with the demos.",
    ):
        res = guards.check("Protest with intervention", probs, text)
        assert res is not None and res.sub_event_type == "Peaceful protest", text
    # police who detain or disperse them still intervene
    text = "Students protested in Tangail. Police detained twelve of them."
    assert guards.check("Protest with intervention", probs, text) is None
    text = "Farmers demonstrated at the weighbridge. Police watched, then fired tear gas to disperse them."
    assert guards.check("Protest with intervention", probs, text) is None
