"""Fact-level provenance: every fact has a stating quote, documents are credited only for the
facts their quotes state, values are in their quotes, anchors select their quotes.

Fixtures: ``tests/facts/{valid,invalid}/*.ttl``, checked against the real seeds; each invalid
fixture names the message it must produce in ``# expected-message:`` lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.evidence import project_snapshot

from electionkg.provenance import facts, selectors, value_checks
from electionkg.provenance.snapshot import Snapshot, snapshot_of
from electionkg.rdf.loading import parse_rdf_file

FIXTURES = Path(__file__).resolve().parent / "facts"


def problems_of(snapshot: Snapshot) -> list[str]:
    found = [str(p) for p in facts.check_fact_provenance(snapshot)]
    found += value_checks.check_values(snapshot)[0]
    found += [str(p) for p in selectors.check_positions(snapshot)]
    return found


def expected_messages(path: Path) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expected-message:")
    ]


@pytest.mark.parametrize("path", sorted((FIXTURES / "valid").glob("*.ttl")), ids=lambda p: p.name)
def test_valid_fact_fixture_has_no_problems(path: Path) -> None:
    assert problems_of(snapshot_of(parse_rdf_file(path))) == []


@pytest.mark.parametrize("path", sorted((FIXTURES / "invalid").glob("*.ttl")), ids=lambda p: p.name)
def test_invalid_fact_fixture_reports_its_message(path: Path) -> None:
    found = problems_of(snapshot_of(parse_rdf_file(path)))
    assert expected_messages(path), f"{path.name}: no expected-message line"
    for expected in expected_messages(path):
        assert any(expected in problem for problem in found), "\n".join(found)


def test_the_project_graph_states_every_fact() -> None:
    snapshot = project_snapshot()
    assert problems_of(snapshot) == []
    assert sum(facts.fact_counts(snapshot).values()) > 400


def test_observer_mission_places_are_credited_to_seed_003_only() -> None:
    """Issue 10: only seed 003 names Baku, Shusha, Khankendi and Khojaly."""
    rows = project_snapshot().select(
        """SELECT DISTINCT ?doc WHERE {
        ?mission ekg:monitoredPlace ?place ; ekg:evidence ?ev .
        ?ev ekg:states ekg:monitoredPlace ; oa:hasSource ?doc }"""
    )
    assert [row[0].value.rsplit("/", 1)[1] for row in rows] == ["003_b66a12f209a253b3"]


def test_quote_finds_each_occurrence_with_its_anchors() -> None:
    seed, anchors = selectors.quote_anchors("000", "Azerbaijani President Ilham Aliyev")
    assert seed == "000_2af81fb8c01dd542.txt"
    assert [(a.start, a.end) for a in anchors] == [(17, 51), (301, 335)]
    assert anchors[1].prefix.endswith("8th Feb, 2024) ")


def test_quote_matches_across_the_hard_line_breaks_of_seed_003() -> None:
    _, anchors = selectors.quote_anchors("003", "observation mission was divided into groups")
    assert len(anchors) == 1
    assert anchors[0].exact == "observation mission was divided into groups"
