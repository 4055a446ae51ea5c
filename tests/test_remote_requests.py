"""The requests ``load`` and ``query --endpoint`` send are the ones each product documents.

* Fuseki: Graph Store Protocol at ``/{dataset}/data`` with ``?graph=`` (Fuseki's default
  ``data`` service), Basic or Digest as the server asks (``test_remote_auth``).
* GraphDB (RDF4J REST API): ``/repositories/{id}/rdf-graphs/service?graph=`` for indirectly
  named graphs; SPARQL at ``/repositories/{id}``; HTTP Basic authentication.
* Oxigraph server: ``/store?graph=`` and ``/query``; no authentication.
* Virtuoso: ``/sparql-graph-crud-auth?graph-uri=`` with HTTP Digest (the ``-auth`` variant of
  ``/sparql-graph-crud``); SPARQL at ``/sparql``.
* SPARQL 1.1 Protocol: ``query=`` in a GET, or in an ``application/x-www-form-urlencoded``
  POST when long; ``default-graph-uri`` repeated; never ``application/sparql-query``.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import TypedDict

import pytest

from electionkg.remote.discovery import guess_from_path
from electionkg.remote.endpoint import ACCEPT, build_request
from electionkg.remote.graph_store import (
    CONTENT_TYPE,
    GRAPHS,
    GraphPayload,
    graph_payloads,
    plan_requests,
    resolve_target,
    write_graph_files,
)
from electionkg.remote.http_client import Credentials, basic_authorization
from electionkg.sparql.parameters import bind_values, parse_param_value, values_block

ONTOLOGY = "https://w3id.org/electionkg/graph/ontology"
ENCODED = urllib.parse.quote(ONTOLOGY, safe="")
PAYLOADS = [GraphPayload(name, iri, b"<urn:s> <urn:p> <urn:o> .\n", 1) for name, iri in GRAPHS]


class Location(TypedDict, total=False):
    """The dataset or repository, when the endpoint URL does not name it."""

    dataset: str
    repository: str


def put_urls(
    endpoint: str,
    store: str | None = None,
    *,
    dataset: str | None = None,
    repository: str | None = None,
    authenticated: bool = False,
) -> list[str]:
    target = resolve_target(
        endpoint, store, dataset=dataset, repository=repository, authenticated=authenticated
    )
    requests = [request for _, request in plan_requests(target, PAYLOADS)]
    assert {request.method for request in requests} == {"PUT"}
    assert all(request.headers == {"Content-Type": CONTENT_TYPE} for request in requests)
    assert [request.body for request in requests] == [p.ntriples for p in PAYLOADS]
    return [request.url for request in requests]


@pytest.mark.parametrize(
    ("endpoint", "options"),
    [
        ("http://localhost:3030", {"dataset": "electionkg"}),
        ("http://localhost:3030/electionkg", {}),
        ("http://localhost:3030/electionkg/data", {}),
        ("http://localhost:3030/", {"dataset": "electionkg"}),
        ("http://localhost:3030/electionkg/sparql", {}),
    ],
)
def test_fuseki_puts_each_graph_to_the_datasets_data_service(
    endpoint: str, options: Location
) -> None:
    assert put_urls(endpoint, store="fuseki", **options)[0] == (
        f"http://localhost:3030/electionkg/data?graph={ENCODED}"
    )
    target = resolve_target(endpoint, store="fuseki", **options)
    assert target.auth_scheme == "challenge"


@pytest.mark.parametrize(
    ("endpoint", "options"),
    [
        ("http://localhost:7200", {"repository": "electionkg"}),
        ("http://localhost:7200/repositories/electionkg", {}),
        ("https://db.example.org/graphdb/repositories/electionkg", {}),
    ],
)
def test_graphdb_puts_each_graph_to_the_rdf4j_graph_store_service(
    endpoint: str, options: Location
) -> None:
    root = endpoint.split("/repositories/")[0]
    assert put_urls(endpoint, **options) == [
        f"{root}/repositories/electionkg/rdf-graphs/service?graph="
        + urllib.parse.quote(iri, safe="")
        for _, iri in GRAPHS
    ]
    assert resolve_target(endpoint, **options).auth_scheme == "basic"


def test_oxigraph_puts_to_store_without_authentication() -> None:
    assert put_urls("http://localhost:7878", store="oxigraph")[0] == (
        f"http://localhost:7878/store?graph={ENCODED}"
    )
    assert put_urls("http://h:1/store", store="oxigraph")[0] == f"http://h:1/store?graph={ENCODED}"
    assert put_urls("http://h:1/query", store="oxigraph")[0] == f"http://h:1/store?graph={ENCODED}"
    assert resolve_target("http://localhost:7878", "oxigraph").auth_scheme == "none"


def test_virtuoso_puts_with_graph_uri_to_the_digest_authenticated_service() -> None:
    assert put_urls("http://localhost:8890", store="virtuoso", authenticated=True)[0] == (
        f"http://localhost:8890/sparql-graph-crud-auth?graph-uri={ENCODED}"
    )
    assert put_urls("http://localhost:8890", store="virtuoso")[0] == (
        f"http://localhost:8890/sparql-graph-crud?graph-uri={ENCODED}"
    )
    assert resolve_target("http://localhost:8890", "virtuoso").auth_scheme == "digest"


def test_plain_gsp_uses_the_url_as_given() -> None:
    assert (
        put_urls("http://example.org/rdf/gsp")[0] == f"http://example.org/rdf/gsp?graph={ENCODED}"
    )
    assert put_urls("http://example.org/gsp?key=1")[0] == (
        f"http://example.org/gsp?key=1&graph={ENCODED}"
    )


@pytest.mark.parametrize(
    ("url", "store"),
    [
        ("http://host/fuseki/ds/data", "fuseki"),
        ("https://host/repositories/x", "graphdb"),
        ("http://host:9999/store", "oxigraph"),
        ("http://host/sparql-graph-crud-auth", "virtuoso"),
        ("http://host:9999/anything", "gsp"),
        # A port says nothing: Oxigraph may listen on 3030, Fuseki on 7878.
        ("http://localhost:3030/ds", "gsp"),
        ("http://localhost:7878", "gsp"),
        ("http://localhost:8890", "gsp"),
        ("http://localhost:7200", "gsp"),
    ],
)
def test_without_asking_the_server_only_the_path_names_a_product(url: str, store: str) -> None:
    assert guess_from_path(url) == store


def test_basic_authorization_is_rfc_7617() -> None:
    # RFC 7617 section 2's example: Aladdin / open sesame
    assert basic_authorization(Credentials("Aladdin", "open sesame")) == (
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    )
    assert "open sesame" not in repr(Credentials("Aladdin", "open sesame"))


# --- SPARQL 1.1 Protocol ---------------------------------------------------------------------


def test_a_short_query_is_a_get_with_query_and_default_graph_uri() -> None:
    request = build_request("http://h/sparql", "ASK {}", ["urn:g1", "urn:g2"])
    assert request.method == "GET"
    assert request.body is None
    assert request.url == (
        "http://h/sparql?query=ASK+%7B%7D&default-graph-uri=urn%3Ag1&default-graph-uri=urn%3Ag2"
    )
    assert request.headers["Accept"] == ACCEPT
    assert ACCEPT.startswith("application/sparql-results+json")


def test_a_long_query_is_a_form_post_never_a_direct_sparql_query_post() -> None:
    text = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 3000
    request = build_request("http://h/sparql", text, ["urn:g"])
    assert request.method == "POST"
    assert request.url == "http://h/sparql"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.body is not None
    assert urllib.parse.parse_qs(request.body.decode()) == {
        "query": [text],
        "default-graph-uri": ["urn:g"],
    }
    assert "application/sparql-query" not in str(request.headers)


def test_parameters_are_bound_in_a_values_block_of_escaped_terms() -> None:
    hostile = 'x" } ; DROP ALL ; SELECT * { "'
    terms = {
        "resource": parse_param_value("person:zahid-oruj", {"person": "https://w3id.org/p/"}),
        "text": parse_param_value(hostile, {}),
    }
    block = values_block(terms)
    assert block == (
        " VALUES (?resource ?text) { (<https://w3id.org/p/zahid-oruj> "
        '"x\\" } ; DROP ALL ; SELECT * { \\"") } '
    )
    assert values_block({}) == ""


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        (
            "SELECT ?x WHERE { ?x ?p ?o }",
            "SELECT ?x WHERE { VALUES (?o) { (<urn:o>) }  ?x ?p ?o }",
        ),
        ("ASK { ?x ?p ?o }", "ASK { VALUES (?o) { (<urn:o>) }  ?x ?p ?o }"),
        (
            'SELECT * # a { in a comment\nWHERE { ?x ?p "{" , ?o }',
            'SELECT * # a { in a comment\nWHERE { VALUES (?o) { (<urn:o>) }  ?x ?p "{" , ?o }',
        ),
        (
            "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
            "CONSTRUCT { ?x ?p ?o } WHERE { VALUES (?o) { (<urn:o>) }  ?x ?p ?o }",
        ),
        ("DESCRIBE ?o", "DESCRIBE ?o VALUES (?o) { (<urn:o>) } "),
    ],
)
def test_the_values_block_opens_the_outermost_group(query: str, bound: str) -> None:
    assert bind_values(query, {"o": parse_param_value("<urn:o>", {})}) == bound
    assert bind_values(query, {}) == query


def test_files_written_for_the_bulk_loaders(tmp_path: Path) -> None:
    """Without the inferences: two graph files, and the N-Quads file holds just those two."""
    files = write_graph_files(tmp_path, graph_payloads(inferred=False))
    assert [f.name for f in files] == ["ontology.nt", "facts.nt", "electionkg.nq"]
    graphs = {line.rsplit(" ", 2)[-2] for line in files[-1].read_text().splitlines()}
    assert graphs == {f"<{iri}>" for _, iri in GRAPHS[:2]}


def test_a_large_body_reports_its_progress_and_can_be_sent_twice(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sent in chunks with a line per quarter (logged); iterable again for a retry."""
    from electionkg.remote.http_client import PROGRESS_MIN_BYTES, _ProgressBody

    body = bytes(range(256)) * (PROGRESS_MIN_BYTES // 256 + 1)
    sender = _ProgressBody(body, "facts")
    with caplog.at_level("INFO", logger="electionkg.remote.http_client"):
        assert b"".join(sender) == body
    assert caplog.messages == [
        "  facts: 25% sent",
        "  facts: 50% sent",
        "  facts: 75% sent",
    ]
    assert b"".join(sender) == body


def test_messages_show_a_query_url_without_the_query_text() -> None:
    from electionkg.remote.http_client import display_url

    url = build_request("http://h:1/sparql", "SELECT * { ?s ?p ?o }", ["urn:g"]).url
    assert display_url(url) == "http://h:1/sparql?query=...&default-graph-uri=urn%3Ag"
    assert display_url("http://u:pw@h/store?graph=urn%3Ag") == "http://h/store?graph=urn%3Ag"
