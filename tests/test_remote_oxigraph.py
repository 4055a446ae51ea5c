"""``electionkg load`` and ``query --endpoint`` against a real Oxigraph server (issue 5).

The server is started by this module on a free loopback port and stopped at its end. After one
``load``, every stored query through ``--endpoint`` must give the expected multiset of results
(``tests/expected``), both with the server's union default graph and with the three graphs named
by ``--default-graph-uri``; loading again must leave the same triples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from conftest import CliRun
from query_results import STORED, describe, read_expected
from remote_servers import OxigraphServer, remote_answer

from electionkg.remote.endpoint import build_request
from electionkg.remote.graph_store import GRAPHS, graph_payloads
from electionkg.remote.http_client import send

pytestmark = pytest.mark.oxigraph

GRAPH_IRIS = tuple(iri for _, iri in GRAPHS)

COUNT_BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An Oxigraph server whose default graph is the union of its named graphs."""
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph"), union_default_graph=True)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def loaded(server: OxigraphServer) -> OxigraphServer:
    """The server after ``electionkg load --endpoint URL`` (store guessed: gsp is not enough)."""
    from electionkg import cli

    assert cli.main(["load", "--endpoint", server.root, "--store", "oxigraph"]) == 0
    return server


def triples_by_graph(server: OxigraphServer) -> dict[str, int]:
    """How many triples each named graph of the server holds."""
    import json

    response = send(build_request(server.query_url, COUNT_BY_GRAPH), timeout=10)
    rows = json.loads(response.body)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


@pytest.mark.parametrize("name", STORED)
def test_stored_query_through_the_endpoint_answers_as_expected(
    loaded: OxigraphServer, name: str
) -> None:
    header, expected, params = read_expected(name)
    variables, actual = remote_answer(loaded.query_url, name, params)
    assert variables == header
    assert actual == expected, describe(expected, actual)


@pytest.mark.parametrize("name", STORED)
def test_naming_the_three_graphs_as_the_default_graph_gives_the_same_answers(
    loaded: OxigraphServer, name: str
) -> None:
    _, expected, params = read_expected(name)
    _, actual = remote_answer(loaded.query_url, name, params, default_graphs=GRAPH_IRIS)
    assert actual == expected, describe(expected, actual)


def test_the_three_graphs_hold_what_the_cache_holds(loaded: OxigraphServer) -> None:
    expected = {payload.iri: payload.triples for payload in graph_payloads()}
    assert triples_by_graph(loaded) == expected
    assert sum(expected.values()) > 3000


def test_loading_twice_leaves_the_same_triples(
    loaded: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    before = triples_by_graph(loaded)
    run = run_cli(["load", "--endpoint", loaded.root, "--store", "oxigraph"])
    assert run.exit_code == 0, run.stderr
    assert triples_by_graph(loaded) == before
    for name, iri in GRAPHS:
        assert f"replacing graph <{iri}>" in run.stderr
        assert f"{name}: replaced in" in run.stderr


def test_the_store_is_guessed_from_the_store_path(
    loaded: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    run = run_cli(["load", "--endpoint", f"{loaded.root}/store", "--no-inferred"])
    assert run.exit_code == 0, run.stderr
    assert "loading into oxigraph" in run.stderr
    assert "loaded 2912 triples into 2 graphs" in run.stderr


def test_the_query_command_prints_a_table_from_the_endpoint(
    loaded: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    remote = run_cli(["query", "seat-distribution", "--endpoint", loaded.query_url])
    embedded = run_cli(["query", "seat-distribution"])
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == embedded.stdout


def test_without_a_union_default_graph_the_default_graph_is_empty(
    tmp_path: Path, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    """Oxigraph's documented default: named graphs are not in the default graph."""
    plain = OxigraphServer(tmp_path)
    try:
        assert run_cli(["load", "--endpoint", plain.root, "--store", "oxigraph"]).exit_code == 0
        run = run_cli(["query", "winner", "--endpoint", plain.query_url])
        assert run.exit_code == 0, run.stderr
        assert run.stdout.endswith("(0 rows)\n")
        named = ["--default-graph-uri=" + iri for iri in GRAPH_IRIS]
        run = run_cli(["query", "winner", "--endpoint", plain.query_url, *named])
        assert run.stdout == run_cli(["query", "winner"]).stdout
    finally:
        plain.stop()


def test_a_stopped_server_is_named_with_what_to_check(
    tmp_path: Path, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    stopped = OxigraphServer(tmp_path)
    stopped.stop()
    run = run_cli(["load", "--endpoint", stopped.root, "--store", "oxigraph"])
    assert run.exit_code == 3
    lines = run.stderr.splitlines()
    error = lines[-1]
    assert error.startswith("electionkg: error: PUT http://127.0.0.1:")
    assert "connection refused" in error and "check that the server is running" in error
    assert "[replaced before the failure: none; not replaced: ontology, facts, inferred]" in error
    assert "Traceback" not in run.stderr
    query = run_cli(["query", "winner", "--endpoint", stopped.query_url])
    assert query.exit_code == 3
    assert query.stderr.count("\n") == 1 and "connection refused" in query.stderr


def test_a_wrong_path_gives_a_404_with_what_to_check(
    loaded: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    run = run_cli(["load", "--endpoint", f"{loaded.root}/no-such-service", "--store", "gsp"])
    assert run.exit_code == 3
    error = run.stderr.splitlines()[-1]
    assert "/no-such-service?graph=" in error and "HTTP 404" in error
    assert "name the product with --store" in error
    query = run_cli(["query", "winner", "--endpoint", f"{loaded.root}/no-such-query"])
    assert query.exit_code == 3
    assert "HTTP 404" in query.stderr and "check the SPARQL endpoint URL" in query.stderr


def test_no_inference_queries_the_asserted_graphs_only(
    loaded: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    remote = run_cli(
        ["query", "observer-missions", "--endpoint", loaded.query_url, "--no-inference"]
    )
    embedded = run_cli(["query", "observer-missions", "--no-inference"])
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == embedded.stdout
    assert remote.stdout != run_cli(["query", "observer-missions"]).stdout


def test_the_readme_bulk_load_recipe_for_oxigraph(
    tmp_path: Path, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    """``oxigraph load --graph IRI --file NAME.nt`` per file, then ``serve --union-default-graph``.

    The recipe of the README, run as written.
    """
    import subprocess

    from remote_servers import oxigraph_command

    assert run_cli(["load", "--write-files", str(tmp_path / "graphs")]).exit_code == 0
    command = oxigraph_command()
    assert command
    for name, iri in GRAPHS:
        file = tmp_path / "graphs" / f"{name}.nt"
        args = ["load", "--location", str(tmp_path / "db"), "--graph", iri, "--file", str(file)]
        done = subprocess.run([command, *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    bulk = OxigraphServer(tmp_path, union_default_graph=True)
    try:
        _, expected, params = read_expected("observer-missions")
        _, actual = remote_answer(bulk.query_url, "observer-missions", params)
        assert actual == expected, describe(expected, actual)
        assert triples_by_graph(bulk) == {p.iri: p.triples for p in graph_payloads()}
    finally:
        bulk.stop()
