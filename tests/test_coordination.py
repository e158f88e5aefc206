"""The two sides of a battle named as one coordinated subject (eventx.pipeline.coordination)."""

from __future__ import annotations

import pytest

from eventx.pipeline.coordination import coordinated_sides


def _sides(text: str, span: str) -> list[tuple[str, str]] | None:
    i = text.index(span)
    parts = coordinated_sides(text, i, i + len(span))
    return None if parts is None else [(p.phrase, text[p.start : p.end]) for p in parts]


@pytest.mark.parametrize(
    ("text", "span", "sides"),
    [
        # a head shared after both names: each side gets it, and the side named first comes first
        (
            "On 1 December 2023, Russian and Ukrainian military forces clashed in Krynky.",
            "Ukrainian military forces",
            [("Russian military forces", "Russian"), ("Ukrainian military forces", "Ukrainian military forces")],
        ),
        (
            "On 8 May 2020, GNA and LNA forces reportedly clashed in Salah.",
            "LNA forces",
            [("GNA forces", "GNA"), ("LNA forces", "LNA forces")],
        ),
        # words shared before an "of"
        (
            "On 4 May 2020, military forces of India and Pakistan exchanged fire across the LoC.",
            "military forces of India",
            [("military forces of India", "military forces of India"), ("military forces of Pakistan", "Pakistan")],
        ),
        # two full sides, the second up to the verb
        (
            "Nigerian military forces and Boko Haram members clash in Banki.",
            "Nigerian military forces",
            [("Nigerian military forces", "Nigerian military forces"), ("Boko Haram members", "Boko Haram members")],
        ),
        # a battle noun before the pair: "clashes between X and Y militias"
        (
            "17-19 March. Clashes between Chekosi and Konkomba militias continued in Chereponi district.",
            "Konkomba militias",
            [("Chekosi militias", "Chekosi"), ("Konkomba militias", "Konkomba militias")],
        ),
        # one span holding both
        (
            "On 30 January 2026, Hawiye-Habar Gedir-Ayr and Duduble sub-clan militia clashed on the outskirts.",
            "Hawiye-Habar Gedir-Ayr and Duduble sub-clan militia",
            [
                ("Hawiye-Habar Gedir-Ayr sub-clan militia", "Hawiye-Habar Gedir-Ayr"),
                ("Duduble sub-clan militia", "Duduble sub-clan militia"),
            ],
        ),
    ],
)
def test_a_coordinated_battle_subject_gives_both_sides(text: str, span: str, sides: list[tuple[str, str]]) -> None:
    assert _sides(text, span) == sides


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Kenyan police and soldiers arrested 12 people in Mandera.", "Kenyan police"),  # no battle verb
        ("Kenya and Somalia agreed to fight Al Shabaab together.", "Somalia"),  # a verb, but not right after
        ("Al Shabaab fighters clashed with soldiers in Afgooye.", "Al Shabaab fighters"),  # no coordination
        ("Talks between Kenya and Somalia resumed in Nairobi.", "Somalia"),  # "between" after no battle noun
    ],
)
def test_no_coordinated_battle_subject(text: str, span: str) -> None:
    assert _sides(text, span) is None
