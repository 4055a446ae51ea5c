"""The requests ``load`` and ``query --endpoint`` send are the ones each product documents.

* Fuseki: Graph Store Protocol at ``/{dataset}/data`` with ``?graph=`` (Fuseki's default
  ``data`` service), HTTP Basic authentication.
* GraphDB (RDF4J REST API): ``/repositories/{id}/rdf-graphs/service?graph=`` for indirectly
  named graphs; SPARQL at ``/repositories/{id}``; HTTP Basic authentication.
* Oxigraph server: ``/store?graph=`` and ``/query``; no authentication.
* Virtuoso: ``/sparql-graph-crud-auth?graph-uri=`` with HTTP Digest (the ``-auth`` variant of
  ``/sparql-graph-crud``); SPARQL at ``/sparql``.
* SPARQL 1.1 Protocol: ``query=`` in a GET, or in an ``application/x-www-form-urlencoded``
  POST when long; ``default-graph-uri`` repeated; never ``application/sparql-query``.
"""

from __future__ import annotations

import hashlib
import re
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from electionkg.remote.endpoint import ACCEPT, build_request
from electionkg.remote.graph_store import (
    CONTENT_TYPE,
    GRAPHS,
    GraphPayload,
    graph_payloads,
    guess_store,
    plan_requests,
    resolve_target,
    write_graph_files,
)
from electionkg.remote.http_client import Credentials, HttpRequest, basic_authorization, send
from electionkg.sparql.queries import bind_values, parse_param_value, values_block

ONTOLOGY = "https://w3id.org/electionkg/graph/ontology"
ENCODED = urllib.parse.quote(ONTOLOGY, safe="")
PAYLOADS = [GraphPayload(name, iri, b"<urn:s> <urn:p> <urn:o> .\n", 1) for name, iri in GRAPHS]


def put_urls(endpoint: str, **options: object) -> list[str]:
    target = resolve_target(endpoint, **options)  # type: ignore[arg-type]
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
        ("http://localhost:3030/", {"store": "fuseki", "dataset": "electionkg"}),
        ("http://localhost:3030/electionkg/sparql", {}),
    ],
)
def test_fuseki_puts_each_graph_to_the_datasets_data_service(
    endpoint: str, options: dict[str, str]
) -> None:
    assert put_urls(endpoint, **options)[0] == (
        f"http://localhost:3030/electionkg/data?graph={ENCODED}"
    )
    assert resolve_target(endpoint, **options).auth_scheme == "basic"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("endpoint", "options"),
    [
        ("http://localhost:7200", {"repository": "electionkg"}),
        ("http://localhost:7200/repositories/electionkg", {}),
        ("https://db.example.org/graphdb/repositories/electionkg", {}),
    ],
)
def test_graphdb_puts_each_graph_to_the_rdf4j_graph_store_service(
    endpoint: str, options: dict[str, str]
) -> None:
    root = endpoint.split("/repositories/")[0]
    assert put_urls(endpoint, **options) == [
        f"{root}/repositories/electionkg/rdf-graphs/service?graph="
        + urllib.parse.quote(iri, safe="")
        for _, iri in GRAPHS
    ]
    assert resolve_target(endpoint, **options).auth_scheme == "basic"  # type: ignore[arg-type]


def test_oxigraph_puts_to_store_without_authentication() -> None:
    assert put_urls("http://localhost:7878")[0] == f"http://localhost:7878/store?graph={ENCODED}"
    assert put_urls("http://h:1/store", store="oxigraph")[0] == f"http://h:1/store?graph={ENCODED}"
    assert put_urls("http://h:1/query", store="oxigraph")[0] == f"http://h:1/store?graph={ENCODED}"
    assert resolve_target("http://localhost:7878").auth_scheme == "none"


def test_virtuoso_puts_with_graph_uri_to_the_digest_authenticated_service() -> None:
    assert put_urls("http://localhost:8890", authenticated=True)[0] == (
        f"http://localhost:8890/sparql-graph-crud-auth?graph-uri={ENCODED}"
    )
    assert put_urls("http://localhost:8890")[0] == (
        f"http://localhost:8890/sparql-graph-crud?graph-uri={ENCODED}"
    )
    assert resolve_target("http://localhost:8890").auth_scheme == "digest"


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
        ("http://localhost:3030/ds", "fuseki"),
        ("http://host/fuseki/ds/data", "fuseki"),
        ("http://localhost:7200", "graphdb"),
        ("https://host/repositories/x", "graphdb"),
        ("http://localhost:7878", "oxigraph"),
        ("http://host:9999/store", "oxigraph"),
        ("http://localhost:8890", "virtuoso"),
        ("http://host/sparql-graph-crud-auth", "virtuoso"),
        ("http://host:9999/anything", "gsp"),
    ],
)
def test_the_store_is_guessed_from_default_ports_and_paths(url: str, store: str) -> None:
    assert guess_store(url) == store


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


# --- authentication on the wire --------------------------------------------------------------


class _AuthHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_PUT(self) -> None:
        server: _AuthServer = self.server  # type: ignore[assignment]
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        authorization = self.headers.get("Authorization")
        server.seen.append(authorization)
        if server.scheme == "digest" and not server.digest_ok(self.command, authorization):
            self.send_response(401)
            self.send_header(
                "WWW-Authenticate",
                f'Digest realm="SPARQL", nonce="{server.nonce}", qop="auth", algorithm="MD5"',
            )
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _AuthServer(ThreadingHTTPServer):
    daemon_threads = True
    nonce = "6e1df3edb51389debbe9648a9edd9baa"

    def __init__(self, scheme: str) -> None:
        super().__init__(("127.0.0.1", 0), _AuthHandler)
        self.scheme = scheme
        self.seen: list[str | None] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def digest_ok(self, method: str, header: str | None) -> bool:
        """Check an RFC 7616 MD5 digest response for user dba, password dba."""
        if not header or not header.startswith("Digest "):
            return False
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header))

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        ha1 = md5(f"{fields['username']}:SPARQL:dba")
        ha2 = md5(f"{method}:{fields['uri']}")
        expected = md5(
            f"{ha1}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}"
        )
        return fields["username"] == "dba" and fields["response"] == expected


@pytest.fixture
def auth_server(request: pytest.FixtureRequest) -> Iterator[_AuthServer]:
    server = _AuthServer(request.param)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("auth_server", ["basic"], indirect=True)
def test_basic_credentials_go_with_the_first_request(auth_server: _AuthServer) -> None:
    request = HttpRequest("PUT", f"{auth_server.url}/ds/data?graph=urn:g", {}, b"")
    send(request, timeout=5, credentials=Credentials("admin", "pw", "basic"))
    assert auth_server.seen == ["Basic YWRtaW46cHc="]


@pytest.mark.parametrize("auth_server", ["digest"], indirect=True)
def test_virtuoso_digest_answers_the_challenge_and_resends_the_body(
    auth_server: _AuthServer,
) -> None:
    url = f"{auth_server.url}/sparql-graph-crud-auth?graph-uri=urn%3Ag"
    response = send(
        HttpRequest("PUT", url, {"Content-Type": CONTENT_TYPE}, b"<urn:s> <urn:p> <urn:o> .\n"),
        timeout=5,
        credentials=Credentials("dba", "dba", "digest"),
    )
    assert response.status == 201
    assert auth_server.seen[0] is None
    assert auth_server.seen[1] is not None and auth_server.seen[1].startswith(
        'Digest username="dba"'
    )
    assert len(auth_server.seen) == 2


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
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Sent in chunks with a line per quarter; iterable again for a retry after a challenge."""
    from electionkg.remote.http_client import PROGRESS_MIN_BYTES, _ProgressBody

    body = bytes(range(256)) * (PROGRESS_MIN_BYTES // 256 + 1)
    sender = _ProgressBody(body, "facts")
    assert b"".join(sender) == body
    assert capsys.readouterr().err.splitlines() == [
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
