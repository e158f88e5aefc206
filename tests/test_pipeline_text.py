"""Segmentation, language check, cleaning and configuration: the pipeline's model-free stages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from eventx.config import ExtractorConfig
from eventx.pipeline.clean import clean_article, normalise_text
from eventx.pipeline.language import detect_language
from eventx.pipeline.segment import split_sentences
from eventx.schema.article import Article


def test_sentences_keep_exact_offsets() -> None:
    text = 'NAIROBI, May 3 (Wire) - Gen. Otieno said 2.5 tonnes were seized.  Police in the U.S. arrested him on Jan. 5.\n\n"We will fight," he said. Then they left!'
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "NAIROBI, May 3 (Wire) - Gen. Otieno said 2.5 tonnes were seized.",
        "Police in the U.S. arrested him on Jan. 5.",
        '"We will fight," he said.',
        "Then they left!",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text
    assert [s.paragraph for s in sents] == [0, 0, 1, 1]
    assert [s.index for s in sents] == [0, 1, 2, 3]


def test_headlines_are_marked_and_body_is_not() -> None:
    text = "Site slogan here\n\nRebels seize town\n\nRebels seized the town of Kidal on Monday, officials said.\n\nRelated: Army vows to retake north"
    sents = split_sentences(text)
    assert [s.headline for s in sents] == [True, True, False, True]


def test_a_list_of_links_to_other_stories_is_marked_as_headlines() -> None:
    """A scraped page's "related stories" run on in the last paragraph: other articles' titles, each of which the
    typer had read as an event of this article ("one dead in bengal police-vhp clash")."""
    text = (
        "the situation was peaceful on the third night, police added. related storiesÂ one dead in bengal "
        "police-vhp clashÂ curfew in old city\n\nRebels seized the town on Monday.\nAlso read: Five killed in "
        "Mandera attack\nHe also read the statement to reporters."
    )
    sents = split_sentences(text)
    assert [(s.text[:20], s.headline) for s in sents] == [
        ("the situation was pe", False),
        ("related storiesÂ one", True),
        ("Rebels seized the to", False),
        ("Also read: Five kill", True),
        ("He also read the sta", False),  # prose, not a link list
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_tables_and_rulers_are_never_read_as_prose() -> None:
    """A weather table's leader dots and a ruler under a header are no prose: each had become a "Change to
    group/activity" of nobody. A censored word ("F----G") and an ellipsis ("said....") are prose."""
    text = (
        "CAPE TOWN: ---------- Partly cloudy. Port Elizabeth.......18 27 Grahamstown..........16 25\n\n"
        "Men yelled 'STUPID F----G' at him. He said.... nothing."
    )
    assert [s.headline for s in split_sentences(text)] == [True, True, False, False]
    # a text that is only a table is still not read (a text of headlines alone is)
    assert [s.headline for s in split_sentences("Port Elizabeth.......18 27 Grahamstown..........16 25")] == [True]


def test_a_text_of_headline_lines_only_is_read_as_body() -> None:
    # A one-line summary without a final period is all the text there is: skipping it would lose the article.
    sents = split_sentences("Three persons were killed in a clash between two groups over a land dispute in Surab")
    assert [s.headline for s in sents] == [False]
    sents = split_sentences("Rebels seize town\n\nArmy vows to retake north")
    assert [s.headline for s in sents] == [False, False]


def test_lower_cased_text_is_still_split() -> None:
    text = "police arrested two men in patna on monday. the men were produced in court. mr. singh said the probe is on."
    assert [s.text for s in split_sentences(text)] == [
        "police arrested two men in patna on monday.",
        "the men were produced in court.",
        "mr. singh said the probe is on.",
    ]


def test_hard_wrapped_capitals_split_at_sentences_not_lines() -> None:
    text = "SAN SALVADOR, 12 JAN 90 -- GUERRILLAS ATTACKED A\nMILITARY POST IN THE TOWN. THREE SOLDIERS\nWERE KILLED.\n\nTHE ARMY SAID IT REPELLED THE ATTACK."
    sents = split_sentences(text)
    assert len(sents) == 3
    assert sents[0].text.endswith("IN THE TOWN.") and not sents[0].headline
    assert [s.paragraph for s in sents] == [0, 0, 1]


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Police said three people were killed in the attack on the market, and that more than ten were hurt.", "en"),
        ("La police a arrêté des manifestants dans la ville pour les empêcher de marcher sur le palais.", "fr"),
        ("Die Polizei hat in der Stadt die Demonstranten festgenommen, und die Lage ist ruhig.", "de"),
        ("警察在市中心逮捕了数十名抗议者", "und"),
        ("12345 678", None),
    ],
)
def test_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_normalise_keeps_visible_text() -> None:
    assert normalise_text("a\r\nb\u200bc\x00d") == "a\nbc d"


def test_clean_plain_text_keeps_publication_date() -> None:
    art = Article(text="Rebels attacked.\r\n", published="2020-05-09T10:00:00")
    text, published = clean_article(art)
    assert text == "Rebels attacked.\n"
    assert published is not None and published.day == 9


def test_default_config_loads_and_rejects_unknown_keys(tmp_path) -> None:
    cfg = ExtractorConfig.default()
    assert cfg.ontology == "acled" and 0 < cfg.detection.min_event_prob < 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("detection:\n  min_event_prob: 2\n")
    with pytest.raises(ValidationError):
        ExtractorConfig.from_yaml(bad)
    typo = tmp_path / "typo.yaml"
    typo.write_text("modles: {}\n")
    with pytest.raises(ValidationError):
        ExtractorConfig.from_yaml(typo)
