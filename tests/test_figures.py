"""Figures: kinds, number words, vague counts, qualifiers, money, whose figure, double counting, ACLED's rule."""

from __future__ import annotations

import itertools

import pytest

from eventx.resolve.figures import extract_figures, fatalities_from, parse_money
from eventx.schema.evidence import Figure


def _kv(text: str) -> list[tuple[str, float]]:
    return [(f.kind, f.value) for f in extract_figures(text)]


def _fatal(text: str) -> int:
    return fatalities_from(extract_figures(text))[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked the village, killing 5 and wounding 12.", [("fatalities", 5), ("injured", 12)]),
        ("2 civilians killed, 7 injured by warplanes.", [("fatalities", 2), ("injured", 7)]),
        ("Police arrested 20 protesters.", [("arrested", 20)]),
        ("At least 75 suspects were detained in raids.", [("arrested", 75)]),
        ("Al Shabaab abducted three civilians near the town.", [("abducted", 3)]),
        ("The fighting displaced 1.2 million people.", [("displaced", 1_200_000)]),
        ("Twenty-five people were killed and two hundred injured.", [("fatalities", 25), ("injured", 200)]),
        ("a dozen soldiers were abducted", [("abducted", 12)]),
        ("half a dozen soldiers were killed", [("fatalities", 6)]),
        ("Dozens of people were killed.", [("fatalities", 12)]),
        ("Hundreds were displaced by the floods of violence.", [("displaced", 100)]),
        ("5-7 people killed in the ambush.", [("fatalities", 5)]),
        ("between 5 and 7 people were killed", [("fatalities", 5)]),
        ("Clashes resulted in the deaths of six militia members.", [("fatalities", 6)]),
        ("Three men were allegedly tortured and killed by troops.", [("fatalities", 3)]),
        ("Six militants belonging to the banned group were killed.", [("fatalities", 6)]),
        ("Two soldiers on Wednesday lost their lives in a landmine blast.", [("fatalities", 2)]),
        ("The suicide attack claimed the lives of 16 people.", [("fatalities", 16)]),
        ("Militia kill 2 and injure 1 in Guldo.", [("fatalities", 2), ("injured", 1)]),
    ],
)
def test_kinds_and_values(text: str, expected: list[tuple[str, float]]) -> None:
    assert _kv(text) == expected


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # whose figure: lists, breakdowns and parentheses are not counted twice
        ("Militants attacked, killing 2 soldiers and 3 civilians.", 5),
        ("2 soldiers and 3 civilians were killed.", 5),
        ("A blast killed 3 people, including 2 children.", 3),
        ("At least five persons, including three women, were killed in a clash.", 5),
        ("Suicide attack in Mora: 3 dead (2 kamikazes and 1 civilian) and 3 wounded.", 3),
        ("A blast in a bus killed at least 10 people, two of them children.", 10),
        ("Militants killed 3 soldiers. The 3 soldiers were killed near the base.", 3),
        ("At least 15 militants were killed. Officials said at least 15 fighters died in the raid on the base.", 15),
        ("The military said four troops were killed in action, with 21 injured.", 4),
        # one victim without a numeral
        ("A villager was shot dead by a soldier.", 1),
        ("A drug suspect and village councillor was killed during a police raid.", 1),
        ("Gunmen opened fire, killing a civilian.", 1),
        ("Unknown men shot him dead.", 1),
        ("Farmer killed in Selea.", 1),
        ("On 23 June, a herder was killed during a raid.", 1),
        ("A man was shot and killed by the group.", 1),
        ("A bomb exploded near a school, killing a man and his daughter and wounding eight others.", 2),
        ("A JCD activist and a Jubo Dal man were killed in a gunfight with police.", 2),
        ("Five policemen and a soldier were killed by separatists.", 6),
        ("The doctor and two bystanders were killed in the blast.", 3),
        ("A man was found dead in the colony. The victim was beheaded.", 1),
        # attackers are not victims
        ("Two unidentified armed men killed a community elder.", 1),
        ("A group of nine gunmen shot and killed a military major.", 1),
        ("An organizer was fatally shot by an unidentified group.", 1),
        ("The FC personnel retaliated and gunned-down three militants.", 3),
        ("The Seleka says they lost three men in the collision.", 3),
        ("Soldiers exchanged fire across the LoC, in which one soldier was killed.", 1),
        ("On 24 July a villager was kidnapped and killed by militants.", 1),
        ("A suicide bomber killed herself and two others at a mosque.", 3),
        # ACLED notes that state how the count was coded
        ("At least 100 militants were killed in operations (58 fatalities coded in other events).", 42),
        ("20 fighters were killed during two days of fighting (fatalities split across two events).", 10),
        ("A man was found dead; later two more bodies were found. 1 fatality.", 1),
        ("Clashes left several people dead (coded as 3).", 3),
        # zero and unknown
        ("No fatalities were reported.", 0),
        ("Police dispersed the crowd. No casualties reported.", 0),
        ("Police dispersed the crowd.", 0),
        # not figures of this event
        ("Relatives protested after 3 youths were killed in a traffic accident.", 0),
        ("Militants have killed more than 44 workers since 2014.", 0),
        ("The military fired artillery, killing two cows and destroying three houses.", 0),
        ("Five people aged 20-25 were injured.", 0),
        ("A 13-year-old boy was killed in the crossfire.", 1),
        ("Between 20 and 30 soldiers were killed or injured in the fighting.", 0),
        ("Residents blocked the road after two women were killed in a traffic accident.", 0),
        ("The military reportedly killed 4 people in the village. Other reports mention 8 killed.", 4),
        ("Gunmen killed 3 soldiers (coded separately). Two drivers were also killed.", 2),
        ("The man responsible for killing 9 villagers was arrested.", 0),
        # a hyphenated word inside the noun phrase is no main verb; a hedge may sit on a range's upper end
        ("Five militants belonging to the self-styled Islamic State group were killed in a shootout.", 5),
        ("The farmers killed between six and about ten people.", 6),
        # a part of a group already counted is no new count, unless a later cue counts it
        ("Ten people were killed in the attack. Five of the dead were soldiers.", 10),
        ("Two of the injured later died in hospital.", 2),
        # one victim put to death in the active voice; a plural object without a count is no figure
        ("Rioting street children stone man to death", 1),
        ("A mob beat a suspected thief to death in Kano.", 1),
        ("Residents captured a suspected thief and burnt him to death at the market.", 1),
        ("Soldiers burned the villagers to death.", 0),
        ("Villagers hacked two farmers to death.", 2),
        # the month of a date is no protest march whose motive the count would be
        (
            "On 17 March 2022, forces shelled the town, as a result of which houses were damaged and one civilian died.",
            1,
        ),
        ("Hundreds marched after 3 youths were killed by police.", 0),
        # a number word after a full date is a count, not the day ("14 March one"); days are written in digits
        ("On 14 March one soldier was killed by armed separatists in Kumba.", 1),
        ("On March 3 two people were killed in Bui.", 2),
        # a dash set apart by spaces joins no compound ("1 - it", unlike "12-year-old")
        ("Mungiki attacked matatu drivers killing 1 - it can be assumed to be linked to the violence.", 1),
        # headline verbs in -s before one victim
        ("18 January. Boko Haram kills a young member of a local vigilante group in Talla Mada.", 1),
        ("An unidentified armed group kills a catholic priest in Ngaoundere.", 1),
    ],
)
def test_fatalities_rule(text: str, fatalities: int) -> None:
    assert _fatal(text) == fatalities


def test_qualifiers_and_vague_flag() -> None:
    figs = {f.text: f for f in extract_figures("At least 12 were killed, up to 40 injured and about 30 arrested.")}
    assert figs["At least 12"].qualifier == "at_least"
    assert figs["up to 40"].qualifier == "at_most"
    assert figs["about 30"].qualifier == "approx"
    vague = extract_figures("Dozens of people were killed.")[0]
    assert vague.vague and vague.value == 12
    ranged = extract_figures("5 to 7 people were killed.")[0]
    assert ranged.value == 5 and ranged.qualifier == "at_least"


def test_whose_and_spans_with_offset() -> None:
    article = "Header text. 5 Al Shabaab militants were killed by soldiers."
    start = article.index("5 Al")
    figs = extract_figures(article[start:], offset=start)
    assert len(figs) == 1
    fig = figs[0]
    assert fig.whose == "Al Shabaab militants"
    assert fig.span is not None and article[fig.span.start : fig.span.end] == fig.text == "5"
    assert fig.unit == "people"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Losses were put at $ 500 billion.", 500e9, "USD"),
        ("Property worth Rs 5 crore was destroyed.", 5e7, "INR"),
        ("The company lost USD 3.5m in the looting.", 3.5e6, "USD"),
        ("Damage of Rs. 12 lakh was reported.", 1.2e6, "INR"),
        ("Rioters destroyed goods worth 2 million naira.", 2e6, "NGN"),
        ("A ransom of KSh 300,000 was paid.", 3e5, "KES"),
        ("Shops lost €1.5 million.", 1.5e6, "EUR"),
    ],
)
def test_money(text: str, value: float, unit: str) -> None:
    money = parse_money(text)
    assert len(money) == 1
    assert money[0].value == pytest.approx(value)
    assert money[0].unit == unit
    assert extract_figures(text)[0].unit == unit


def test_money_kind_depends_on_damage_words() -> None:
    assert parse_money("Property worth Rs 5 crore was destroyed.")[0].kind == "damage"
    assert parse_money("A ransom of KSh 300,000 was paid.")[0].kind == "other"


def test_money_numbers_are_not_people() -> None:
    assert [f.kind for f in extract_figures("Looters stole USD 3.5m and killed 2 guards.")] == ["damage", "fatalities"]


def test_fatalities_evidence() -> None:
    n, ev = fatalities_from([])
    assert n == 0 and ev.reason == "no fatality figure in text" and ev.method == "fallback"
    n, ev = fatalities_from(extract_figures("No one was killed in the attack."))
    assert n == 0 and ev.reason == "text says no one was killed"
    n, ev = fatalities_from(extract_figures("Militants attacked, killing 2 soldiers and 3 civilians."))
    assert n == 5 and len(ev.spans) == 2 and "sum" in (ev.reason or "")
    n, ev = fatalities_from(extract_figures("Dozens of people were killed."))
    assert n == 12 and "vague" in (ev.reason or "")


def test_stated_total_over_its_parts() -> None:
    figs = [
        Figure(kind="fatalities", value=7, whose="people"),
        Figure(kind="fatalities", value=4, whose="soldiers"),
        Figure(kind="fatalities", value=3, whose="civilians"),
    ]
    assert fatalities_from(figs)[0] == 7


def test_bad_input() -> None:
    with pytest.raises(TypeError):
        extract_figures(None)  # type: ignore[arg-type]
    assert extract_figures("") == []


def test_acled_notes_smoke(data_path) -> None:
    """Fatalities read from real notes match the column for most rows (the full run is the benchmark)."""
    from eventx.io.acled_csv import iter_acled_csv

    path = data_path("acled_2020_global_rpanlilio/acled.csv")
    rows = [r.record for r in itertools.islice(iter_acled_csv(path), 400) if r.record and r.record.notes]
    assert len(rows) >= 300
    ok = sum(_fatal(r.notes) == r.fatalities for r in rows)
    assert ok / len(rows) >= 0.9


def test_fleeing_a_place_is_no_count_and_money_keeps_its_qualifier() -> None:
    from eventx.resolve.figures import extract_figures

    assert extract_figures("Residents fled the town after the raid.") == []
    [fig] = extract_figures("Damage amounted to at least $ 500 billion.")
    assert (fig.kind, fig.value, fig.unit, fig.qualifier) == ("damage", 500e9, "USD", "at_least")
    [fig] = extract_figures("Losses of about USD 3.5m were reported.")
    assert fig.qualifier == "approx" and fig.value == 3.5e6
