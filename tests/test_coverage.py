"""The coverage ledger: every sentence of every seed is quoted by some evidence, or excused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from support.evidence import project_snapshot

from electionkg import paths
from electionkg.provenance.coverage import Excuse, check_coverage, sentences
from electionkg.provenance.selectors import read_seed
from electionkg.provenance.snapshot import snapshot_of

SEED_004 = "004_e1baffdf63e13df4.txt"


def seed_text(name: str) -> str:
    return read_seed(paths.seeds_dir() / name)


def one_quote(start: int, end: int) -> Graph:
    """A graph with one quote of seed 004 at these offsets."""
    return Graph().parse(
        format="turtle",
        data=f"""
        @prefix ekg: <https://w3id.org/electionkg/ontology#> .
        @prefix oa: <http://www.w3.org/ns/oa#> .
        <urn:doc> ekg:seedFile "{SEED_004}" .
        <urn:ev> oa:hasSource <urn:doc> ;
            oa:hasSelector [ a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} ] .
        """,
    )


def excuse(opening: str, number: str = "") -> Excuse:
    return Excuse(SEED_004, opening, number, "a reason", 2)


def test_seed_003_is_read_across_its_wrapped_lines() -> None:
    # Counted by hand from the text: the dateline ending "February 8.", then 14 sentences.
    found = sentences("003", seed_text("003_b66a12f209a253b3.txt"))
    assert len(found) == 15
    assert found[1].text.startswith("The Organization of Turkic States (OTS) observation mission")
    assert found[-1].text.endswith("lands liberated from Armenian occupation.")


def test_seed_004_breaks_sentences_at_its_line_breaks() -> None:
    found = [s.text for s in sentences("004", seed_text(SEED_004))]
    assert len(found) == 17
    assert found[:2] == ["date 2024-09-02 Azerbaijan ruling party wins polls", "BAKU"]
    assert "Message from Türkiye" in found


def test_an_uncovered_sentence_fails() -> None:
    text = seed_text(SEED_004)
    start = text.index("The opposition Musavat")
    problems, _ = check_coverage(snapshot_of(one_quote(start, start + 20)), ledger=[])
    assert any('sentence not quoted nor excused: "BAKU"' in p for p in problems)


def test_a_number_outside_every_quote_fails_unless_excused() -> None:
    text = seed_text(SEED_004)
    start = text.index("The electoral commission said")
    graph = one_quote(start, start + len("The electoral commission said Aliyev's Yeni"))
    problems, _ = check_coverage(snapshot_of(graph), ledger=[])
    assert any('number "68" is in no quote' in p for p in problems)
    assert any('number "125" is in no quote' in p for p in problems)
    problems, _ = check_coverage(
        snapshot_of(graph), ledger=[excuse("The electoral commission said", "68")]
    )
    assert not any('number "68"' in p for p in problems)


def test_a_ledger_line_that_matches_nothing_fails() -> None:
    text = seed_text(SEED_004)
    start = text.index("BAKU")
    problems, _ = check_coverage(snapshot_of(one_quote(start, start + 4)), ledger=[excuse("BAKU")])
    assert any("line 2: matches no uncovered sentence" in p for p in problems)


@pytest.mark.parametrize("seed", sorted(p.name for p in paths.seeds_dir().glob("*.txt")))
def test_every_sentence_of_the_project_seeds_is_accounted_for(seed: str) -> None:
    problems, counts = check_coverage(project_snapshot())
    assert [p for p in problems if seed in p] == []
    assert [c.covered + c.excused == c.total for c in counts if c.seed == seed] == [True]


def test_page_noise_of_seed_001_is_excused_not_quoted() -> None:
    _, counts = check_coverage(project_snapshot())
    by_seed = {c.seed: c for c in counts}
    assert by_seed["001_f909973e3a71212b.txt"].excused == 8  # "News", the sidebar and 6 items
    assert Path(paths.data_root() / "ledger" / "coverage.csv").is_file()
