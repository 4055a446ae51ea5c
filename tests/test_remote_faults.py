"""Every fault of a remote endpoint is one line naming the URL and what to check, exit 2 (issue 5).

Tiny HTTP servers in a thread, on free loopback ports, misbehave on purpose: answer 500, 401,
403 or 404, hang, or drop the connection half way. ``load`` must also say which graphs it had
replaced before the failure, and never print a password.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CliRun
from remote_servers import threaded_servers

PASSWORD = "s3cret-Pa55"
HANG_SECONDS = 3.0


class _Handler(BaseHTTPRequestHandler):
    """Answers each request as the server's ``behaviour`` says; records what it received."""

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _answer(self) -> None:
        server = self.server
        assert isinstance(server, FaultServer)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server.received.append((self.command, self.path, dict(self.headers), body))
        behaviour = server.behaviour(len(server.received))
        if behaviour == "hang":
            time.sleep(HANG_SECONDS)
            return
        if behaviour == "drop":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if behaviour == "truncate":  # promise a body, send part of it, close
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"head": {"vars": ["x"]}, "res')
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if behaviour == "empty":  # a SELECT answer without rows
            text = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
            return
        status = int(behaviour)
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
        text = b"" if status < 300 else f"status {status} on purpose".encode()
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    do_GET = do_PUT = do_POST = _answer


class FaultServer(ThreadingHTTPServer):
    """A loopback HTTP server whose n-th request gets ``behaviour(n)``."""

    daemon_threads = True

    def __init__(self, behaviour: Callable[[int], str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.received: list[tuple[str, str, dict[str, str], bytes]] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def fault_server() -> Iterator[Callable[[Callable[[int], str]], FaultServer]]:
    """Start fault servers for a test; shut each down at its end."""
    with threaded_servers() as start:
        yield lambda behaviour: start(FaultServer(behaviour))


def one_error_line(run: CliRun) -> str:
    """The run failed with exit 3 (a server failed) and one ``electionkg: error:`` line (after
    progress lines)."""
    assert run.exit_code == 3, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    errors = [line for line in lines if line.startswith("electionkg: error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], run.stderr
    return errors[0]


def test_a_server_answering_500_is_named_with_its_words(
    fault_server: Callable[..., FaultServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    server = fault_server(lambda n: "500")
    error = one_error_line(run_cli(["load", "--endpoint", server.url, "--store", "oxigraph"]))
    assert (
        f"PUT {server.url}/store?graph=https%3A%2F%2Fw3id.org%2Felectionkg%2Fgraph%2Fontology"
        in (error)
    )
    assert "HTTP 500" in error and "status 500 on purpose" in error
    assert "the server failed: check its log" in error
    assert "replaced before the failure: none; not replaced: ontology, facts, inferred" in error


def test_the_graphs_replaced_before_a_failure_are_named(
    fault_server: Callable[..., FaultServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    server = fault_server(lambda n: "204" if n <= 2 else "500")
    run = run_cli(["load", "--endpoint", server.url, "--store", "oxigraph"])
    error = one_error_line(run)
    assert "graph%2Finferred: HTTP 500" in error
    assert "[replaced before the failure: ontology, facts; not replaced: inferred]" in error
    assert [method for method, *_ in server.received] == ["PUT", "PUT", "PUT"]


@pytest.mark.parametrize(
    ("status", "check"),
    [
        ("401", "check --user and the password in the --password-env variable"),
        ("403", "the user is not allowed to do this"),
        ("404", "check the dataset name (electionkg)"),
    ],
)
def test_refusals_say_what_to_check_and_never_show_the_password(
    fault_server: Callable[..., FaultServer],
    run_cli: Callable[[Sequence[str]], CliRun],
    monkeypatch: pytest.MonkeyPatch,
    status: str,
    check: str,
) -> None:
    monkeypatch.setenv("EKG_TEST_PASSWORD", PASSWORD)
    server = fault_server(lambda n: status)
    run = run_cli(
        [
            "load",
            "--endpoint",
            server.url,
            "--store",
            "fuseki",
            "--dataset",
            "electionkg",
            "--user",
            "admin",
            "--password-env",
            "EKG_TEST_PASSWORD",
        ]
    )
    error = one_error_line(run)
    assert f"PUT {server.url}/electionkg/data?graph=" in error
    assert f"HTTP {status}" in error and check in error
    assert PASSWORD not in run.stderr + run.stdout


def test_a_401_without_credentials_asks_for_them(
    fault_server: Callable[..., FaultServer],
    run_cli: Callable[[Sequence[str]], CliRun],
    tmp_path: Path,
) -> None:
    server = fault_server(lambda n: "401")
    url = f"{server.url}/sparql"
    short = tmp_path / "ask.rq"  # short enough to go as a GET (a stored query may be a POST)
    short.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    error = one_error_line(
        run_cli(["query", str(short), "--endpoint", url, "--server-default-graph"])
    )
    assert f"GET {server.url}/sparql?query=...: HTTP 401" in error
    assert "the server wants credentials: give --user and --password-env" in error


def test_an_empty_answer_stands_when_the_probe_for_its_graphs_fails(
    fault_server: Callable[..., FaultServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    """The ASK per graph that explains an empty answer is a courtesy: its failure is silent."""
    server = fault_server(lambda n: "empty" if n == 1 else "500")
    run = run_cli(["query", "winner", "--endpoint", f"{server.url}/sparql", "--format", "csv"])
    assert (run.exit_code, run.stdout.splitlines(), run.stderr) == (0, ["x"], "")
    assert len(server.received) == 2  # the query, then the first ASK (refused)


def test_a_server_that_hangs_times_out(
    fault_server: Callable[..., FaultServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    server = fault_server(lambda n: "hang")
    started = time.monotonic()
    run = run_cli(["load", "--endpoint", server.url, "--store", "oxigraph", "--timeout", "0.5"])
    assert time.monotonic() - started < HANG_SECONDS
    error = one_error_line(run)
    assert f"PUT {server.url}/store?graph=" in error
    assert "no answer within 0.5 s" in error and "allow more with --timeout" in error
    query = run_cli(["query", "winner", "--endpoint", server.url, "--timeout", "0.5"])
    assert "no answer within 0.5 s" in one_error_line(query)


@pytest.mark.parametrize("behaviour", ["drop", "truncate"])
def test_a_dropped_connection_is_reported(
    fault_server: Callable[..., FaultServer],
    run_cli: Callable[[Sequence[str]], CliRun],
    behaviour: str,
) -> None:
    server = fault_server(lambda n: behaviour)
    error = one_error_line(run_cli(["query", "winner", "--endpoint", f"{server.url}/sparql"]))
    assert f"{server.url}/sparql" in error
    assert "the server closed the connection before a complete answer" in error


def test_a_drop_during_a_load_says_nothing_was_replaced(
    fault_server: Callable[..., FaultServer], run_cli: Callable[[Sequence[str]], CliRun]
) -> None:
    server = fault_server(lambda n: "204" if n == 1 else "drop")
    run = run_cli(["load", "--endpoint", server.url, "--store", "oxigraph"])
    error = one_error_line(run)
    assert "the server closed the connection" in error
    assert "[replaced before the failure: ontology; not replaced: facts, inferred]" in error


def test_a_port_nobody_listens_on_is_refused(
    run_cli: Callable[[Sequence[str]], CliRun],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = run_cli(["query", "winner", "--endpoint", f"http://127.0.0.1:{port}/sparql"])
    error = one_error_line(run)
    assert f"127.0.0.1:{port}" in error and "connection refused" in error


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["load", "--endpoint", "ftp://example.org/"], "not an http:// or https:// URL"),
        (
            ["load", "--endpoint", "http://admin:pw@127.0.0.1:1/store"],
            "do not put credentials in the URL",
        ),
        (
            ["load", "--endpoint", "http://127.0.0.1:3030", "--store", "fuseki"],
            "Fuseki needs the dataset",
        ),
        (
            ["load", "--endpoint", "http://127.0.0.1:7200", "--store", "graphdb"],
            "GraphDB needs the repository",
        ),
        (
            ["load", "--endpoint", "http://127.0.0.1:1", "--user", "u"],
            "--user needs --password-env",
        ),
        (
            ["load", "--endpoint", "http://127.0.0.1:1", "--user", "u", "--password-env", "NOPE_X"],
            "the environment variable NOPE_X is not set",
        ),
        (["query", "winner", "--user", "u"], "need --endpoint URL"),
        (
            ["query", "winner", "--endpoint", "http://127.0.0.1:1/q", "--default-graph-uri", "x"],
            "not an absolute IRI",
        ),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    run_cli: Callable[[Sequence[str]], CliRun], argv: list[str], message: str
) -> None:
    run = run_cli(argv)
    assert run.exit_code == 2
    assert message in run.stderr
    assert "pw" not in run.stderr.replace("password", "")
