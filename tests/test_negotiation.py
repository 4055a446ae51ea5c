"""Content negotiation by q-value: what each real client's Accept header gets."""

from __future__ import annotations

import pytest

from electionkg.web.negotiation import BadAcceptHeader, negotiate, parse_accept
from electionkg.web.routes_common import PAGE_OFFERS, RDF_OFFERS

RDFLIB_ACCEPT = (
    "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
    "application/n-quads, application/trix, application/trig"
)
COMUNICA_ACCEPT = (
    "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
    "application/n-triples;q=0.8,text/turtle;q=0.6,application/rdf+xml;q=0.5,text/n3;q=0.35"
)
FIREFOX_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (RDFLIB_ACCEPT, "text/turtle"),  # all q=1: our preference, not the first listed
        (COMUNICA_ACCEPT, "application/n-quads"),
        (FIREFOX_ACCEPT, "text/html"),
        ("*/*", "text/turtle"),
        (None, "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("text/*;q=0.5, application/rdf+xml", "application/rdf+xml"),
        ("text/*", "text/turtle"),
        ("text/html;q=0, */*", "text/turtle"),
        ("text/turtle;q=0.1, text/html;q=0.2", "text/html"),
    ],
)
def test_the_client_gets_what_it_ranks_highest_and_ties_go_to_our_preference(
    accept: str | None, expected: str
) -> None:
    assert negotiate(accept, PAGE_OFFERS) == expected


def test_nothing_acceptable_gives_none() -> None:
    assert negotiate("image/png, text/html;q=0", RDF_OFFERS) is None


@pytest.mark.parametrize("accept", ["a" * 5000, ",".join(["a/b"] * 100)])
def test_huge_accept_headers_are_refused(accept: str) -> None:
    with pytest.raises(BadAcceptHeader):
        parse_accept(accept)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text", [("*", "*", 1.0)]),
        ("text/turtle;q=2, text/html", [("text", "html", 1.0)]),
        ("text/turtle;q=abc", [("*", "*", 1.0)]),
        ("*/turtle, text/csv;q=.5", [("text", "csv", 0.5)]),
        ("*; q=.2, */*; q=.2", [("*", "*", 0.2)]),
        ("text/html;q=0.8000", [("text", "html", 0.8)]),
    ],
)
def test_unreadable_ranges_are_left_out_and_q_values_read_leniently(
    accept: str, expected: list[tuple[str, str, float]]
) -> None:
    assert [tuple(r) for r in parse_accept(accept)] == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/html, application/xhtml+xml, image/jxr, */*", "text/html"),  # legacy browser
        ("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", "text/html"),  # Java
        ("application/ld+json, */*", "application/ld+json"),
        ("*/*, text/html;q=1", "text/html"),
    ],
)
def test_a_type_named_explicitly_beats_a_wildcard_at_the_same_q(accept: str, expected: str) -> None:
    assert negotiate(accept, PAGE_OFFERS) == expected
