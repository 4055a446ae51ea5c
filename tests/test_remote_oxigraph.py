"""``electionkg load`` and ``query --endpoint`` against real Oxigraph servers (issues 5 and 14).

Two servers are started by this module on free loopback ports (never Oxigraph's 7878, so the
product must be recognised from the server, not the port) and stopped at its end: a plain
``oxigraph serve``, whose default graph is not the union of its named graphs, and one with
``--union-default-graph``. After one ``load`` without ``--store``, every stored query through
``--endpoint`` must give the expected multiset of results (``tests/expected``) on both (the query
names the dataset's graphs), and on the union server also with ``--server-default-graph``;
loading again must leave the same triples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from conftest import CliRun
from query_results import STORED, describe, read_expected
from remote_servers import OxigraphServer, remote_answer
from support.triple_counts import project_counts

from electionkg.remote.endpoint import build_request
from electionkg.remote.graph_store import GRAPHS, graph_payloads
from electionkg.remote.http_client import send

pytestmark = pytest.mark.oxigraph

GRAPH_IRIS = tuple(iri for _, iri in GRAPHS)

COUNT_BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _loaded_server(folder: Path, union_default_graph: bool) -> Iterator[OxigraphServer]:
    """A server after ``electionkg load --endpoint ROOT``: the product recognised, not named."""
    from electionkg import cli

    running = OxigraphServer(folder, union_default_graph=union_default_graph)
    try:
        assert cli.main(["load", "--endpoint", running.root]) == 0
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """``oxigraph serve``: the default graph is its own, empty graph."""
    yield from _loaded_server(tmp_path_factory.mktemp("oxigraph-plain"), False)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """``oxigraph serve --union-default-graph``: the default graph is the union."""
    yield from _loaded_server(tmp_path_factory.mktemp("oxigraph-union"), True)


def triples_by_graph(server: OxigraphServer) -> dict[str, int]:
    """How many triples each named graph of the server holds."""
    import json

    response = send(build_request(server.query_url, COUNT_BY_GRAPH), timeout=10)
    rows = json.loads(response.body)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


@pytest.mark.parametrize("name", STORED)
def test_a_plain_oxigraph_answers_every_stored_query_as_expected(
    plain: OxigraphServer, name: str
) -> None:
    header, expected, params = read_expected(name)
    variables, actual = remote_answer(plain.query_url, name, params)
    assert variables == header
    assert actual == expected, describe(expected, actual)


@pytest.mark.parametrize("name", STORED)
def test_a_union_oxigraph_answers_every_stored_query_as_expected(
    loaded: OxigraphServer, name: str
) -> None:
    header, expected, params = read_expected(name)
    variables, actual = remote_answer(loaded.query_url, name, params)
    assert variables == header
    assert actual == expected, describe(expected, actual)


@pytest.mark.parametrize("name", STORED)
def test_the_union_as_the_servers_default_graph_gives_the_same_answers(
    loaded: OxigraphServer, name: str
) -> None:
    _, expected, params = read_expected(name)
    _, actual = remote_answer(loaded.query_url, name, params, server_default_graph=True)
    assert actual == expected, describe(expected, actual)


def test_the_product_is_recognised_from_the_server_on_any_port(
    plain: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    run = run_cli(["load", "--endpoint", plain.root, "--no-inferred"])
    assert run.exit_code == 0, run.stderr
    assert f"loading into oxigraph at {plain.root}/store" in run.stderr
    assert "recognised by its Server header 'Oxigraph/" in run.stderr


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
    ontology, facts = project_counts()  # 975 + 3,981 on 2026-11-30
    assert f"loaded {ontology + facts} triples into 2 graphs" in run.stderr


def test_the_query_command_prints_a_table_from_the_endpoint(
    loaded: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    remote = run_cli(["query", "seat-distribution", "--endpoint", loaded.query_url])
    embedded = run_cli(["query", "seat-distribution"])
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == embedded.stdout


def test_the_servers_own_default_graph_is_empty_and_the_warning_says_so(
    plain: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    """Oxigraph's documented default: named graphs are not in the default graph."""
    run = run_cli(["query", "winner", "--endpoint", plain.query_url, "--server-default-graph"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.endswith("(0 rows)\n")
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("electionkg: warning: the answer is empty and so is the server's")
    run = run_cli(["query", "winner", "--endpoint", plain.query_url])
    assert (run.stdout, run.stderr) == (run_cli(["query", "winner"]).stdout, "")


def test_an_empty_server_answers_nothing_and_the_warning_names_the_missing_graphs(
    tmp_path: Path, run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    empty = OxigraphServer(tmp_path)
    try:
        run = run_cli(["query", "winner", "--endpoint", empty.query_url, "--format", "csv"])
        assert run.exit_code == 0, run.stderr
        assert run.stdout.count("\n") == 1  # the header line only
        [warning] = run.stderr.splitlines()
        assert warning.startswith("electionkg: warning: the answer is empty, and the server ")
        assert all(f"<{iri}>" in warning for iri in GRAPH_IRIS)
        assert "electionkg load --endpoint" in warning
    finally:
        empty.stop()


def test_an_empty_answer_from_loaded_graphs_is_not_warned_about(
    plain: OxigraphServer, run_cli: Callable[[Sequence[str]], CliRun], tmp_path: Path
) -> None:
    query = tmp_path / "nothing.rq"
    query.write_text("SELECT ?s WHERE { ?s a <https://w3id.org/electionkg/ontology#Nothing> }")
    run = run_cli(["query", str(query), "--endpoint", plain.query_url])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.endswith("(0 rows)\n") and run.stderr == ""


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
