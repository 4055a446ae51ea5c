"""``load`` asks the server what it is instead of guessing from the port (issue 14).

Each fake server here answers like one product does, on a free port that is not the product's
default: the ``Server`` header Oxigraph 0.5 and Virtuoso 7.2 send (both seen on the real servers
of ``test_remote_oxigraph`` and ``test_remote_virtuoso``, which also run this detection), Fuseki's
``Fuseki-Request-Id`` header (a release Fuseki hides its ``Server`` header), Fuseki's ``/$/ping``
(the time) and ``/$/datasets`` under a context path, and GraphDB's ``/rest/repositories``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import CliRun
from remote_servers import threaded_servers

from electionkg.remote.discovery import identify_store

Route = tuple[int, dict[str, str], bytes]


@dataclass
class Behaviour:
    """Headers on every answer, and the answers of some paths (others: 404)."""

    headers: dict[str, str] = field(default_factory=dict)
    routes: dict[str, Route] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def version_string(self) -> str:
        """The ``Server`` header: the product's, else a name no product matches."""
        server = self.server
        assert isinstance(server, FakeServer)
        return server.behaviour.headers.get("Server", "fake/1.0")

    def _answer(self) -> None:
        server = self.server
        assert isinstance(server, FakeServer)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server.seen.append(f"{self.command} {self.path}")
        path = self.path.split("?", 1)[0]
        status, headers, body = server.behaviour.routes.get(path, (404, {}, b"not found"))
        if self.command == "PUT":
            status, headers, body = (201, {}, b"") if server.accept_put(path) else (404, {}, b"")
        self.send_response(status)
        for name, value in {**server.behaviour.headers, **headers}.items():
            if name != "Server":  # sent by send_response (version_string)
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_PUT = _answer


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, behaviour: Behaviour, put_prefix: str = "") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.put_prefix = put_prefix
        self.seen: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def accept_put(self, path: str) -> bool:
        return bool(self.put_prefix) and path == self.put_prefix


@pytest.fixture
def fake() -> Iterator[Callable[..., FakeServer]]:
    with threaded_servers() as start:
        yield lambda behaviour, put_prefix="": start(FakeServer(behaviour, put_prefix))


JSON = {"Content-Type": "application/json"}
GRAPHDB_LISTING = json.dumps(
    [
        {
            "id": "electionkg",
            "title": "",
            "uri": "http://localhost:7200/repositories/electionkg",
            "type": "graphdb",
            "sesameType": "graphdb:SailRepository",
            "readable": True,
            "writable": True,
        }
    ]
).encode()
FUSEKI_DATASETS = json.dumps(
    {
        "datasets": [
            {
                "ds.name": "/electionkg",
                "ds.state": True,
                "ds.services": [{"srv.type": "gsp-rw", "srv.endpoints": ["data"]}],
            }
        ]
    }
).encode()


@pytest.mark.parametrize(
    ("server_header", "store"),
    [
        ("Oxigraph/0.5.13", "oxigraph"),
        ("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu", "virtuoso"),
        ("Apache Jena Fuseki (5.1.0)", "fuseki"),
        ("GraphDB/10.6", "graphdb"),
    ],
)
def test_the_server_header_names_the_product(
    fake: Callable[..., FakeServer], server_header: str, store: str
) -> None:
    server = fake(Behaviour(headers={"Server": server_header}))
    found = identify_store(server.url)
    assert found.store == store
    assert server.seen == ["HEAD /"]


def test_a_release_fuseki_is_named_by_its_request_id_header(
    fake: Callable[..., FakeServer],
) -> None:
    server = fake(Behaviour(headers={"Fuseki-Request-Id": "7", "Server": "Jetty(10.0.20)"}))
    assert identify_store(f"{server.url}/ds").store == "fuseki"


def test_fuseki_under_a_context_path_answers_its_ping(fake: Callable[..., FakeServer]) -> None:
    ping: Route = (200, {"Content-Type": "text/plain"}, b"2026-11-30T03:12:45.123+00:00\n")
    server = fake(Behaviour(routes={"/fuseki/$/ping": ping}))
    found = identify_store(f"{server.url}/fuseki")
    assert (found.store, found.root) == ("fuseki", f"{server.url}/fuseki")


def test_graphdb_answers_its_repository_listing(fake: Callable[..., FakeServer]) -> None:
    server = fake(Behaviour(routes={"/rest/repositories": (200, JSON, GRAPHDB_LISTING)}))
    found = identify_store(server.url)
    assert (found.store, found.names) == ("graphdb", ("electionkg",))


def test_an_unknown_server_is_plain_graph_store_protocol(fake: Callable[..., FakeServer]) -> None:
    server = fake(Behaviour(headers={"Server": "nginx"}))
    assert identify_store(f"{server.url}/rdf/gsp").store == "gsp"
    assert identify_store(f"{server.url}/rdf/store").store == "oxigraph"  # the path still says


def load(run_cli: Callable[[Sequence[str]], CliRun], url: str) -> CliRun:
    return run_cli(["load", "--endpoint", url, "--no-inferred"])


def test_load_finds_graphdbs_only_repository(
    fake: Callable[..., FakeServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    routes = {"/rest/repositories": (200, JSON, GRAPHDB_LISTING)}
    server = fake(Behaviour(routes=routes), "/repositories/electionkg/rdf-graphs/service")
    run = load(run_cli, server.url)
    assert run.exit_code == 0, run.stderr
    assert "loading into graphdb at " in run.stderr
    assert "recognised by" in run.stderr and "/rest/repositories" in run.stderr
    puts = [line for line in server.seen if line.startswith("PUT")]
    assert len(puts) == 2 and all("/repositories/electionkg/rdf-graphs/service?" in p for p in puts)


def test_load_finds_fusekis_only_dataset(
    fake: Callable[..., FakeServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    behaviour = Behaviour(
        headers={"Fuseki-Request-Id": "1"}, routes={"/$/datasets": (200, JSON, FUSEKI_DATASETS)}
    )
    server = fake(behaviour, "/electionkg/data")
    run = load(run_cli, server.url)
    assert run.exit_code == 0, run.stderr
    assert f"loading into fuseki at {server.url}/electionkg/data" in run.stderr


def test_a_failure_says_what_the_server_was_taken_for_and_suggests_store(
    fake: Callable[..., FakeServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    server = fake(Behaviour(headers={"Server": "Oxigraph/0.5.13"}))  # refuses every PUT
    run = load(run_cli, server.url)
    assert run.exit_code == 3  # the server refused: a remote error
    error = run.stderr.splitlines()[-1]
    assert "HTTP 404" in error
    assert "the server was taken for oxigraph, recognised by its Server header 'Oxigraph" in error
    assert "name it with --store" in error
    assert "Traceback" not in run.stderr


def test_an_explicit_store_is_not_second_guessed(
    fake: Callable[..., FakeServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    server = fake(Behaviour(headers={"Server": "Oxigraph/0.5.13"}), "/anything")
    run = run_cli(
        ["load", "--endpoint", f"{server.url}/anything", "--store", "gsp", "--no-inferred"]
    )
    assert run.exit_code == 0, run.stderr
    assert not any(line.startswith("HEAD") or line.startswith("GET") for line in server.seen)


def test_an_explicit_fuseki_on_its_root_url_finds_the_only_dataset(
    fake: Callable[..., FakeServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    server = fake(
        Behaviour(routes={"/$/datasets": (200, JSON, FUSEKI_DATASETS)}), "/electionkg/data"
    )
    run = run_cli(["load", "--endpoint", server.url, "--store", "fuseki", "--no-inferred"])
    assert run.exit_code == 0, run.stderr
    assert f"loading into fuseki at {server.url}/electionkg/data" in run.stderr
    assert [line.split("?")[0] for line in server.seen] == ["GET /$/datasets"] + 2 * [
        "PUT /electionkg/data"
    ]


@pytest.mark.parametrize(
    ("route", "body", "message"),
    [
        (
            "/$/datasets",
            {"datasets": [{"ds.name": "/a"}, {"ds.name": "/b"}]},
            "this Fuseki has 2 datasets (a, b): give --dataset NAME",
        ),
        (
            "/rest/repositories",
            [{"id": "a"}, {"id": "b"}],
            "this GraphDB has 2 repositories (a, b): give --repository ID",
        ),
    ],
)
def test_several_datasets_or_repositories_are_named_not_chosen(
    fake: Callable[..., FakeServer],
    run_cli: Callable[[Sequence[str]], CliRun],
    route: str,
    body: object,
    message: str,
) -> None:
    headers = {"Fuseki-Request-Id": "1"} if route == "/$/datasets" else {}
    server = fake(Behaviour(headers, {route: (200, JSON, json.dumps(body).encode())}))
    run = load(run_cli, server.url)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-1] == f"electionkg: error: --endpoint {server.url}: {message}"
    assert not any(line.startswith("PUT") for line in server.seen)
