"""The public endpoint cannot be abused (issue 12): SERVICE makes no connection, runaway queries
are stopped and free their slot, busy is 503 with Retry-After, slow clients are cut off, and
results of every term kind and character are written or refused cleanly (never a 500)."""

from __future__ import annotations

import socket
import threading
import time
import xml.dom.minidom

import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.testclient import TestClient

from electionkg.web import sparql_endpoint
from electionkg.web.publication import Publication
from electionkg.web.server import create_app, load_publication

BASE = "http://testserver/"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
NORMAL = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(load_publication(BASE)))


class Listener:
    """A loopback TCP listener that records every connection it receives."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.socket.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX x: <{url}>\nSELECT * WHERE {{ SERVICE x:y {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_the_listener_receives_nothing(
    client: TestClient, template: str
) -> None:
    listener = Listener()
    try:
        query = template.format(url=f"http://127.0.0.1:{listener.port}/x")
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400, response.text
        assert "SERVICE" in response.text and "allow-list" in response.text
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_the_word_service_in_a_string_or_iri_is_not_a_service_call(client: TestClient) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1/>" AS ?x) } # SERVICE'
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text


def test_a_query_worker_has_no_network_even_past_the_check() -> None:
    """The second guard: the worker's own network namespace has no interface up."""
    listener = Listener()
    publication = load_publication(BASE)
    endpoint = publication.endpoint
    try:
        # The first guard switched off for this endpoint only (a plain attribute, not patched).
        endpoint.check = lambda query: None  # type: ignore[method-assign]
        url = f"http://127.0.0.1:{listener.port}/x"
        job = sparql_endpoint.QueryJob(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", None)
        with pytest.raises(sparql_endpoint.SparqlError) as raised:
            endpoint.answer(job, time_limit=5)
        assert raised.value.status == 400
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        endpoint.workers.close()
        listener.close()


def test_runaway_queries_are_stopped_their_slots_freed_and_busy_is_503(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publication = load_publication(BASE)
    app = create_app(publication)
    clients = {
        name: TestClient(app, client=(name, 5000)) for name in ("10.0.0.1", "10.0.0.2", "10.0.0.3")
    }
    monkeypatch.setattr(sparql_endpoint, "QUERY_TIME_LIMIT_SECONDS", 2.0)
    results: list[tuple[int, str, float]] = []

    def runaway(client: TestClient, n: int) -> None:
        started = time.monotonic()
        response = client.get("/sparql", params={"query": f"{RUNAWAY} # {n}"})
        results.append((response.status_code, response.text, time.monotonic() - started))

    first, second, third = clients.values()
    threads = [
        threading.Thread(target=runaway, args=(c, n))
        for n, c in enumerate((first, first, second, second))
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.8)
    one_client_too_many = first.get("/sparql", params={"query": NORMAL})
    assert one_client_too_many.status_code == 503 and "already have 2" in one_client_too_many.text
    busy = third.get("/sparql", params={"query": NORMAL})
    assert busy.status_code == 503 and busy.headers["retry-after"].isdigit()
    assert "busy" in busy.text
    for thread in threads:
        thread.join(30)
    assert [status for status, _, _ in results] == [400] * 4
    assert all("time limit of 2 s" in text for _, text, _ in results)
    assert all(elapsed < 6 for _, _, elapsed in results)
    assert publication.endpoint.workers.busy() == 0
    answered = third.get("/sparql", params={"query": NORMAL})
    assert answered.status_code == 200 and "true" in answered.text
    assert publication.endpoint.workers.replaced == 4
    publication.endpoint.workers.close()


def test_the_same_query_arriving_while_it_runs_shares_one_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publication = load_publication(BASE)
    client = TestClient(create_app(publication))
    monkeypatch.setattr(sparql_endpoint, "QUERY_TIME_LIMIT_SECONDS", 1.0)
    statuses: list[int] = []

    def send() -> None:
        statuses.append(client.get("/sparql", params={"query": RUNAWAY + " # shared"}).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [400] * 6  # six answers, one run: no 503 for the same client
    assert publication.endpoint.workers.replaced == 1
    publication.endpoint.workers.close()


TERMS = """SELECT ?iri ?bnode ?plain ?lang ?typed ?odd ?triple WHERE {
  BIND(<http://example.org/a> AS ?iri) BIND(BNODE() AS ?bnode) BIND("tab\\there, \\"q\\"" AS ?plain)
  BIND("Bakı"@az AS ?lang) BIND(92.1 AS ?typed) BIND("a\\u000Bb" AS ?odd)
  BIND(TRIPLE(<http://example.org/s>, <http://example.org/p>, "o") AS ?triple) }"""


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+json", '"type": "triple"'),
        ("text/csv", '"<<( <http://example.org/s> <http://example.org/p> ""o"" )>>"'),
        ("text/tab-separated-values", '"Bakı"@az\t'),
    ],
)
def test_every_term_kind_is_written_in_json_csv_and_tsv(
    client: TestClient, accept: str, expected: str
) -> None:
    response = client.get("/sparql", params={"query": TERMS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert expected in response.text


def test_xml_results_are_well_formed_and_refuse_what_xml_cannot_carry(client: TestClient) -> None:
    query = TERMS.replace('BIND("a\\u000Bb" AS ?odd)', "")
    response = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert response.status_code == 200, response.text
    document = xml.dom.minidom.parseString(response.content)
    assert document.getElementsByTagName("triple")
    for odd in ("a\\u0000b", "a\\u000Bb"):
        refused = client.get(
            "/sparql",
            params={"query": f'SELECT ?x WHERE {{ BIND("{odd}" AS ?x) }}'},
            headers={"Accept": "application/sparql-results+xml"},
        )
        assert refused.status_code == 406 and "XML 1.0 cannot carry" in refused.text


def test_a_slow_client_is_cut_off_at_the_request_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    from live_server import running_server

    from electionkg.web.server import DeadlineH11Protocol

    monkeypatch.setattr(DeadlineH11Protocol, "deadline_seconds", 1.0)
    with running_server() as base:
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        slow = socket.create_connection(("127.0.0.1", port))
        slow.settimeout(5)
        started = time.monotonic()
        slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        received = b""
        try:
            while chunk := slow.recv(100):  # trickle one header line a while, then wait
                received += chunk
        except TimeoutError:
            pytest.fail("the connection stayed open past the deadline")
        assert time.monotonic() - started < 3 and received == b""
        slow.close()
        with socket.create_connection(("127.0.0.1", port)) as fine:
            fine.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert fine.recv(100).startswith(b"HTTP/1.1 200")


def test_a_bug_in_a_route_is_a_503_never_a_500(monkeypatch: pytest.MonkeyPatch) -> None:
    from electionkg.web import routes_data

    def broken(request: Request, publication: Publication) -> Response:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(routes_data, "page", broken)
    client = TestClient(create_app(load_publication(BASE)), raise_server_exceptions=False)
    response = client.get("/page/person/ilham-aliyev")
    assert response.status_code == 503 and "Traceback" not in response.text
    assert client.get("/health").status_code == 200
