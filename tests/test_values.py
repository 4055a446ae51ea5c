"""Numbers as articles write them: digits or words, with the bound the words give."""

from __future__ import annotations

from decimal import Decimal

import pytest

from electionkg.provenance.values import numbers_in, states_number


@pytest.mark.parametrize(
    ("text", "value", "bound"),
    [
        ("Fazil Mustafa received two percent", "2", "Exact"),
        ("Seven candidates run in the election.", "7", "Exact"),
        ("it was scheduled one and a half years earlier", "1.5", "Exact"),
        ("a year ahead of schedule", "1", "Exact"),
        ("registered over 90,300 observers", "90300", "AtLeast"),
        ("over a thousand webcams were deployed", "1000", "AtLeast"),
        ("state propaganda has reported results exceeding 90%", "90", "AtLeast"),
        ("more than 100,000 people", "100000", "AtLeast"),
        ("with 92.05 percent of the votes", "92.05", "Exact"),
        ("secured a fifth consecutive term", "5", "Exact"),
    ],
)
def test_a_quote_states_its_number(text: str, value: str, bound: str) -> None:
    assert states_number(text, Decimal(value), bound)


@pytest.mark.parametrize(
    ("text", "value", "bound"),
    [
        ("with over 92 percent of the votes", "92", "Exact"),  # a lower bound, not exact
        ("with 92.05 percent of the votes", "92", "Exact"),  # no rounding
        ("Zahid Oruj received 2.19 percent", "2.2", "Exact"),
        ("the COP29 climate conference", "29", "Exact"),  # part of a name
    ],
)
def test_a_quote_does_not_state_another_number(text: str, value: str, bound: str) -> None:
    assert not states_number(text, Decimal(value), bound)


def test_an_article_is_not_a_number() -> None:
    assert numbers_in("a crackdown on independent media") == ()
