"""The evidence rules: quotes are verbatim spans of their seed, seed files keep their hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph
from support.evidence import project_snapshot

from electionkg.provenance.evidence import (
    EvidenceProblem,
    check_evidence,
    check_quotes,
    check_seed_hashes,
    collapse_white_space,
    digest_difference,
)
from electionkg.provenance.snapshot import snapshot_of

SEED = (
    "BAKU, February 8. The Organization\n"
    "of Turkic States (OTS) observation mission expresses proud in\n"
    "Azerbaijan's inaugural election, Trend reports.\n"
    "\n"
    "The  mission  saw the “carousel” scheme. The mission observed no violations.\n"
)
SEED_NAME = "003_test.txt"
SEED_SHA = hashlib.sha256(SEED.encode()).hexdigest()


def graph_with(selector: str, *, seed_file: str = SEED_NAME, sha: str = SEED_SHA) -> Graph:
    text = f"""
@prefix ekg: <https://w3id.org/electionkg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix source: <https://w3id.org/electionkg/id/source/> .
<https://w3id.org/electionkg/id/claim/c1> ekg:evidence [ a oa:SpecificResource ;
    oa:hasSource source:003_test ;
    oa:hasSelector [ a oa:TextQuoteSelector ; {selector} ] ] .
source:003_test ekg:seedFile "{seed_file}" ; ekg:sha256 "{sha}" .
"""
    return Graph().parse(data=text, format="turtle")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    (tmp_path / SEED_NAME).write_bytes(SEED.encode())
    return tmp_path


def problems_of(selector: str, seeds: Path) -> list[str]:
    return [problem.problem for problem in check_quotes(snapshot_of(graph_with(selector), seeds))]


def test_white_space_runs_collapse_to_one_space() -> None:
    assert collapse_white_space("a\n  b\t\r\nc  ") == "a b c "


@pytest.mark.parametrize(
    "exact",
    [
        "The Organization of Turkic States (OTS) observation mission",  # across a hard line break
        "The mission saw the “carousel” scheme.",  # double spaces in the seed, curly quotes kept
        "The   mission\nsaw",  # white space in the quote collapses too
    ],
)
def test_a_verbatim_quote_passes(exact: str, seeds: Path) -> None:
    assert problems_of(f'oa:exact """{exact}"""', seeds) == []


@pytest.mark.parametrize(
    "exact",
    [
        'The mission saw the "carousel" scheme.',  # straight quotes are not the seed's curly ones
        "The Organisation of Turkic States",  # spelling changed
        "the organization of turkic states",  # case changed
    ],
)
def test_a_quote_that_is_not_verbatim_fails(exact: str, seeds: Path) -> None:
    assert problems_of(f'oa:exact """{exact}"""', seeds) == [
        "quote not in the seed (white space collapsed)"
    ]


def test_prefix_and_suffix_must_surround_the_same_occurrence(seeds: Path) -> None:
    # "The mission" occurs twice; prefix and suffix fit the second occurrence only
    selector = 'oa:prefix "scheme. " ; oa:exact "The mission" ; oa:suffix " observed"'
    assert problems_of(selector, seeds) == []


def test_a_prefix_that_does_not_come_right_before_fails(seeds: Path) -> None:
    selector = 'oa:prefix "BAKU, February 9. " ; oa:exact "The Organization"'
    assert problems_of(selector, seeds) == [
        'oa:prefix "BAKU, February 9. " does not come right before the quote in the seed'
    ]


def test_a_suffix_that_does_not_come_right_after_fails(seeds: Path) -> None:
    selector = 'oa:exact "The Organization" ; oa:suffix " of Turkish States"'
    assert problems_of(selector, seeds) == [
        'oa:suffix " of Turkish States" does not come right after the quote in the seed'
    ]


def test_prefix_and_suffix_of_different_occurrences_fail(seeds: Path) -> None:
    selector = 'oa:prefix "scheme. " ; oa:exact "The mission" ; oa:suffix " saw"'
    assert problems_of(selector, seeds) == [
        "oa:prefix and oa:suffix match different occurrences of the quote in the seed"
    ]


def test_a_problem_names_claim_document_seed_and_quote(seeds: Path) -> None:
    graph = graph_with('oa:exact "The Organization of Turkic States (OTS) observation team"')
    [problem] = check_quotes(snapshot_of(graph, seeds))
    assert problem == EvidenceProblem(
        claim="id:claim/c1",
        document="source:003_test",
        seed_file=SEED_NAME,
        quote="The Organization of Turkic States (OTS) observation team",
        problem="quote not in the seed (white space collapsed)",
    )
    assert str(problem) == (
        "id:claim/c1: quote not in the seed (white space collapsed): "
        '"The Organization of Turkic States (OTS) observation team" '
        "(source source:003_test, seeds/003_test.txt)"
    )


def test_a_long_quote_is_shortened_in_the_problem(seeds: Path) -> None:
    graph = graph_with(f'oa:exact "{"x" * 200}"')
    [problem] = check_quotes(snapshot_of(graph, seeds))
    assert problem.quote == "x" * 57 + "..."


def test_a_seed_file_that_does_not_exist(seeds: Path) -> None:
    graph = graph_with('oa:exact "The mission"', seed_file="999_missing.txt")
    assert [p.problem for p in check_evidence(snapshot_of(graph, seeds))] == [
        "seed file not found",
        "seed file not found",
    ]


def test_a_seed_file_name_may_not_leave_the_seeds_folder(seeds: Path) -> None:
    (seeds / "inner").mkdir()
    # ../003_test.txt exists (one level up) but is outside the seeds folder given
    graph = graph_with('oa:exact "The mission"', seed_file=f"../{SEED_NAME}")
    problems = check_quotes(snapshot_of(graph, seeds / "inner"))
    assert [p.problem for p in problems] == ["seed file not found"]


def test_evidence_without_a_source(seeds: Path) -> None:
    graph = graph_with('oa:exact "The mission"')
    graph.remove((None, graph.namespace_manager.expand_curie("oa:hasSource"), None))
    problems = check_quotes(snapshot_of(graph, seeds))
    assert [p.problem for p in problems] == ["evidence has no oa:hasSource"]


def test_the_seed_hash_matches(seeds: Path) -> None:
    assert check_seed_hashes(snapshot_of(graph_with('oa:exact "The mission"'), seeds)) == []


def test_a_changed_seed_file_fails_its_hash(seeds: Path) -> None:
    (seeds / SEED_NAME).write_bytes(SEED.replace("proud", "pride").encode())
    [problem] = check_seed_hashes(snapshot_of(graph_with('oa:exact "The mission"'), seeds))
    changed = hashlib.sha256((seeds / SEED_NAME).read_bytes()).hexdigest()
    assert str(problem).startswith("SHA-256 differs from character ")
    assert f"recorded {SEED_SHA}, the file has {changed}" in str(problem)
    assert str(problem).endswith("(source source:003_test, seeds/003_test.txt)")


def test_a_missing_hash(seeds: Path) -> None:
    graph = graph_with('oa:exact "The mission"')
    graph.remove((None, graph.namespace_manager.expand_curie("ekg:sha256"), None))
    assert [p.problem for p in check_seed_hashes(snapshot_of(graph, seeds))] == [
        "source document has no ekg:sha256"
    ]


def test_the_project_evidence_is_verbatim_and_its_seeds_unchanged() -> None:
    problems = check_evidence(project_snapshot())
    assert problems == [], "\n".join(str(problem) for problem in problems)


def test_a_changed_hash_shows_both_digests_in_full_and_where_they_differ() -> None:
    recorded = "ab" * 6 + "0" + "c" * 51
    actual = "ab" * 6 + "1" + "c" * 51
    assert digest_difference(recorded, actual) == (
        f"SHA-256 differs from character 13: recorded {recorded}, the file has {actual}"
    )


@pytest.mark.parametrize("link", ["ekg:paraphrase", "ekg:directQuote"])
def test_a_quote_failure_on_a_statement_names_the_statement(link: str, seeds: Path) -> None:
    graph = graph_with('oa:exact "The mission saw no violations"')
    graph.update(
        "PREFIX ekg: <https://w3id.org/electionkg/ontology#> "
        "DELETE { ?c ekg:evidence ?e } "
        f"INSERT {{ <https://w3id.org/electionkg/id/statement/s1> {link} ?e }} "
        "WHERE { ?c ekg:evidence ?e }"
    )
    [problem] = check_quotes(snapshot_of(graph, seeds))
    assert problem.claim == "statement:s1"
    assert problem.problem == "quote not in the seed (white space collapsed)"
