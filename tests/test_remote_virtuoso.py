"""Virtuoso (Debian ``virtuoso-opensource``): bulk load with ``ld_dir``, query with ``--endpoint``.

A fresh Virtuoso is started on free loopback ports with a configuration written by the test
(DBA password ``dba``). The README's recipe loads the files of ``load --write-files``:
``ld_dir`` registers them (each ``NAME.nt.graph`` names its graph), ``rdf_loader_run`` loads
them, and ``DB.DBA.load_list`` must show no ``ll_error`` (where Virtuoso reports parse errors).
Every stored query through ``query --endpoint http://.../sparql`` must give the expected answers,
both as the command asks by default (the dataset's three graphs as ``default-graph-uri``) and with
``--server-default-graph`` (Virtuoso's default graph: the union of all graphs); then the Graph
Store upload with digest authentication (``load``, the product recognised from Virtuoso's
``Server`` header) must leave the same triples.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence

import pytest
from conftest import CliRun
from query_results import STORED, describe, read_expected
from remote_servers import VirtuosoServer, remote_answer

from electionkg.remote.endpoint import build_request
from electionkg.remote.graph_store import GRAPHS, graph_payloads, write_graph_files
from electionkg.remote.http_client import send

pytestmark = pytest.mark.virtuoso

COUNT_BY_GRAPH = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    "VALUES ?g { " + " ".join(f"<{iri}>" for _, iri in GRAPHS) + " } } GROUP BY ?g"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    folder = tmp_path_factory.mktemp("virtuoso")
    files = folder / "files"
    write_graph_files(files, graph_payloads())
    running = VirtuosoServer(folder, load_dir=files)
    try:
        running.isql(f"ld_dir('{files}', '*.nt', NULL); rdf_loader_run(); checkpoint;")
        yield running
    finally:
        running.stop()


def triples_by_graph(server: VirtuosoServer) -> dict[str, int]:
    response = send(build_request(server.query_url, COUNT_BY_GRAPH), timeout=30)
    rows = json.loads(response.body)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def test_the_bulk_loader_reports_no_errors(server: VirtuosoServer) -> None:
    listing = server.isql("SELECT ll_file, ll_graph, ll_state, ll_error FROM DB.DBA.load_list;")
    for name, iri in GRAPHS:
        assert f"{name}.nt" in listing and iri in listing
    errors = server.isql("SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
    assert "\n0\n" in errors.replace(" ", ""), errors
    assert triples_by_graph(server) == {p.iri: p.triples for p in graph_payloads()}


VIRTUOSO_DEVIATIONS = {
    ("observer-missions", False): (
        "Virtuoso 7.2.5 leaves OPTIONAL { ?mission ekg:spokesperson ?spokesperson } unbound in "
        "the rows of the UNION branch reached through ekg:onBehalfOf, wherever the OPTIONAL "
        "stands (2 rows lack the OTS spokesperson); with the server's default graph instead of "
        "the dataset's graphs named as default-graph-uri, it answers this query right"
    ),
}
"""Stored queries Virtuoso answers wrongly (name, server's default graph): product bugs, kept
visible as strict xfails (a fixed Virtuoso makes them pass, and so fail the test run until this
list is updated)."""


@pytest.mark.parametrize(
    ("name", "server_default_graph"),
    [
        pytest.param(
            name,
            default,
            id=f"{name}-{'server-default' if default else 'named'}",
            marks=[pytest.mark.xfail(strict=True, reason=VIRTUOSO_DEVIATIONS[name, default])]
            if (name, default) in VIRTUOSO_DEVIATIONS
            else [],
        )
        for name in STORED
        for default in (False, True)
    ],
)
def test_virtuoso_answers_every_stored_query_as_expected(
    server: VirtuosoServer, name: str, server_default_graph: bool
) -> None:
    header, expected, params = read_expected(name)
    variables, actual = remote_answer(
        server.query_url, name, params, server_default_graph=server_default_graph
    )
    assert variables == header
    assert actual == expected, describe(expected, actual)


def test_virtuosos_observer_missions_bug_is_exactly_the_one_described(
    server: VirtuosoServer,
) -> None:
    """The strict xfail above must not hide another fault: the only difference from the
    expected rows is rows whose spokesperson is unbound (those of the UNION branches after the
    OPTIONAL: the OTS mission's places and conclusions), equal to expected rows otherwise."""
    header, expected, params = read_expected("observer-missions")
    _, actual = remote_answer(server.query_url, "observer-missions", params)
    missing, extra = expected - actual, actual - expected
    assert sum(missing.values()) == sum(extra.values()) > 0, describe(expected, actual)
    column = header.index("spokesperson")
    for row in extra.elements():
        assert row[column] is None
        assert any(
            candidate[:column] + candidate[column + 1 :] == row[:column] + row[column + 1 :]
            for candidate in missing
        ), describe(expected, actual)


def test_the_graph_store_upload_with_digest_leaves_the_same_triples(
    server: VirtuosoServer,
    run_cli: Callable[[Sequence[str]], CliRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = triples_by_graph(server)
    monkeypatch.setenv("VIRTUOSO_DBA_PASSWORD", "dba")
    run = run_cli(
        [
            "load",
            "--endpoint",
            server.root,
            "--user",
            "dba",
            "--password-env",
            "VIRTUOSO_DBA_PASSWORD",
        ]
    )
    assert run.exit_code == 0, run.stderr
    assert f"loading into virtuoso at {server.root}/sparql-graph-crud-auth" in run.stderr
    assert "recognised by its Server header 'Virtuoso/" in run.stderr
    assert triples_by_graph(server) == before
    _, expected, _ = read_expected("who-congratulated-the-winner")
    _, actual = remote_answer(server.query_url, "who-congratulated-the-winner", {})
    assert actual == expected, describe(expected, actual)


def test_a_wrong_password_is_a_401_naming_what_to_check(
    server: VirtuosoServer,
    run_cli: Callable[[Sequence[str]], CliRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VIRTUOSO_WRONG_PASSWORD", "not-the-password")
    run = run_cli(
        [
            "load",
            "--endpoint",
            server.root,
            "--user",
            "dba",
            "--password-env",
            "VIRTUOSO_WRONG_PASSWORD",
            "--store",
            "virtuoso",
        ]
    )
    assert run.exit_code == 3
    error = run.stderr.splitlines()[-1]
    assert "HTTP 401" in error and "check --user and the password" in error
    assert "not-the-password" not in run.stderr
