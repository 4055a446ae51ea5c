"""Credentials go out only when a server asks, in the scheme it asks for (issue 14).

A Fuseki started with ``--auth=digest`` refused ``--store fuseki``, which always sent Basic. The
client now waits for the 401 and answers its ``WWW-Authenticate`` challenge: Digest (RFC 7616,
SHA-256 preferred to MD5, ``qop=auth``) or Basic (RFC 7617). The digests are checked against the
worked examples printed in RFC 2617 section 3.5 and RFC 7616 section 3.9.1, and end to end against
a local server written here that demands Digest the way Fuseki's Jetty does (a real Fuseki is not
installable on the test machines: it is not in Debian, PyPI or npm).
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import CliRun
from remote_servers import threaded_servers

from electionkg.remote.http_auth import (
    Challenge,
    choose,
    digest_authorization,
    parse_challenges,
)
from electionkg.remote.http_client import Credentials, EndpointError, HttpRequest, send

RFC7616_CHALLENGE = (
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={algorithm}, '
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'
)
RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"


def response_field(header: str) -> str:
    match = re.search(r'response="([0-9a-f]+)"', header)
    assert match, header
    return match.group(1)


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [
        ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
        ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
    ],
)
def test_the_rfc_7616_examples(algorithm: str, expected: str) -> None:
    """RFC 7616 section 3.9.1: Mufasa / "Circle of Life", GET /dir/index.html."""
    [challenge] = parse_challenges([RFC7616_CHALLENGE.format(algorithm=algorithm)])
    header = digest_authorization(
        challenge,
        "GET",
        "http://www.example.org/dir/index.html",
        "Mufasa",
        "Circle of Life",
        cnonce=RFC7616_CNONCE,
    )
    assert response_field(header) == expected
    assert f"algorithm={algorithm}" in header
    assert "qop=auth, nc=00000001" in header
    assert 'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"' in header
    assert 'uri="/dir/index.html"' in header


def test_the_rfc_2617_example() -> None:
    """RFC 2617 section 3.5: MD5 without an algorithm parameter, two qop values offered."""
    [challenge] = parse_challenges(
        [
            'Digest realm="testrealm@host.com", qop="auth,auth-int", '
            'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
        ]
    )
    header = digest_authorization(
        challenge, "GET", "http://h/dir/index.html", "Mufasa", "Circle Of Life", cnonce="0a4f113b"
    )
    assert response_field(header) == "6629fae49393a05397450978507c4ef1"


def test_several_challenges_in_one_header_and_commas_inside_quotes() -> None:
    challenges = parse_challenges(
        ['Basic realm="a, b", Digest realm="x", nonce="n1", qop="auth", algorithm=MD5']
    )
    assert [c.scheme for c in challenges] == ["basic", "digest"]
    assert challenges[0].params == {"realm": "a, b"}
    assert challenges[1].params == {"realm": "x", "nonce": "n1", "qop": "auth", "algorithm": "MD5"}


def test_sha_256_is_chosen_over_md5_and_digest_over_basic() -> None:
    offered = [
        Challenge("basic", {"realm": "r"}),
        Challenge("digest", {"realm": "r", "nonce": "n", "algorithm": "MD5"}),
        Challenge("digest", {"realm": "r", "nonce": "n", "algorithm": "SHA-256"}),
    ]
    chosen = choose(offered, ("digest", "basic"))
    assert chosen is not None and chosen.params["algorithm"] == "SHA-256"
    chosen = choose(offered[:1], ("digest", "basic"))
    assert chosen is not None and chosen.scheme == "basic"
    assert choose(offered[:1], ("digest",)) is None


# --- against a server that demands authentication ---------------------------------------------


ONE_ROW = (
    b'{"head": {"vars": ["x"]}, '
    b'"results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}'
)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        server = self.server
        assert isinstance(server, AuthServer)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        authorization = self.headers.get("Authorization")
        server.seen.append((self.command, authorization))
        if server.accepts(self.command, self.path, authorization):
            body = b"" if self.command == "PUT" else ONE_ROW
            self.send_response(201 if self.command == "PUT" else 200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(401)
        for challenge in server.challenges:
            if server.scheme != "basic-silent":
                self.send_header("WWW-Authenticate", challenge)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = _answer
    do_GET = _answer
    do_POST = _answer  # a long query (the dataset's graphs named) goes as a form POST


class AuthServer(ThreadingHTTPServer):
    """Demands ``scheme`` of user admin/pw: digest with the given algorithms, basic, none, or
    ``basic-silent`` (a 401 without ``WWW-Authenticate``, Basic accepted). A GET gets one row."""

    daemon_threads = True
    realm = "Fuseki"
    nonce = "b2a8c6a1f0e94a5c9d7e6f5a4b3c2d1e"

    def __init__(self, scheme: str, algorithms: Sequence[str] = ("MD5",)) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.scheme = scheme
        self.seen: list[tuple[str, str | None]] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        if scheme == "digest":
            self.challenges = [
                f'Digest realm="{self.realm}", qop="auth", algorithm={algorithm}, '
                f'nonce="{self.nonce}"'
                for algorithm in algorithms
            ]
        else:
            self.challenges = [f'Basic realm="{self.realm}"']

    def accepts(self, method: str, path: str, header: str | None) -> bool:
        if self.scheme == "none":
            return True
        if self.scheme in ("basic", "basic-silent"):
            return header == "Basic YWRtaW46cHc="  # admin:pw
        if not header or not header.startswith("Digest "):
            return False
        fields: dict[str, str] = dict(re.findall(r'(\w+)="?([^",]*)"?', header))
        hash_function = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[fields["algorithm"]]

        def h(text: str) -> str:
            return hash_function(text.encode()).hexdigest()

        ha1 = h(f"admin:{self.realm}:pw")
        ha2 = h(f"{method}:{path}")
        expected = h(f"{ha1}:{self.nonce}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
        return (
            fields["username"] == "admin"
            and fields["uri"] == path
            and fields["qop"] == "auth"
            and fields["response"] == expected
        )


@pytest.fixture
def start_server() -> Iterator[Callable[..., AuthServer]]:
    with threaded_servers() as start:
        yield lambda scheme, algorithms=("MD5",): start(AuthServer(scheme, algorithms))


GRAPH = urllib.parse.quote("https://w3id.org/electionkg/graph/facts", safe="")


def put(server: AuthServer, password: str = "pw", scheme: str = "challenge") -> None:
    request = HttpRequest(
        "PUT", f"{server.url}/ds/data?graph={GRAPH}", {}, b"<a:s> <a:p> <a:o> .\n"
    )
    send(request, timeout=5, credentials=Credentials("admin", password, scheme))


@pytest.mark.parametrize(
    ("algorithms", "used"),
    [(["MD5"], "MD5"), (["SHA-256"], "SHA-256"), (["MD5", "SHA-256"], "SHA-256")],
)
def test_a_digest_challenge_is_answered_once_after_the_401(
    start_server: Callable[..., AuthServer], algorithms: list[str], used: str
) -> None:
    server = start_server("digest", algorithms)
    put(server)
    assert [authorization is None for _, authorization in server.seen] == [True, False]
    answer = server.seen[1][1]
    assert answer is not None and f"algorithm={used}," in answer
    assert f'uri="/ds/data?graph={GRAPH}"' in answer


def test_a_basic_challenge_is_answered_with_basic(
    start_server: Callable[..., AuthServer],
) -> None:
    server = start_server("basic")
    put(server)
    assert server.seen == [("PUT", None), ("PUT", "Basic YWRtaW46cHc=")]


def test_graphdb_basic_goes_with_the_first_request(
    start_server: Callable[..., AuthServer],
) -> None:
    """``--store graphdb`` sends Basic at once (GraphDB documents Basic for its REST API)."""
    server = start_server("basic")
    put(server, scheme="basic")
    assert server.seen == [("PUT", "Basic YWRtaW46cHc=")]


def test_a_server_that_asks_nothing_never_sees_the_password(
    start_server: Callable[..., AuthServer],
) -> None:
    server = start_server("none")
    put(server)
    assert server.seen == [("PUT", None)]


@pytest.mark.parametrize("scheme", ["digest", "basic"])
def test_a_wrong_password_is_one_401_line_after_one_answer(
    start_server: Callable[..., AuthServer], scheme: str
) -> None:
    server = start_server(scheme, ["SHA-256"])
    with pytest.raises(EndpointError) as raised:
        put(server, password="wrong")
    message = str(raised.value)
    assert "HTTP 401" in message and "check the user and the password" in message
    assert len(server.seen) == 2
    assert "wrong" not in str(raised.value)


def test_virtuoso_digest_does_not_fall_back_to_basic(
    start_server: Callable[..., AuthServer],
) -> None:
    """``--store virtuoso`` answers Digest only: a Basic challenge is not sent the password."""
    server = start_server("basic")
    with pytest.raises(EndpointError) as raised:
        put(server, scheme="digest")
    assert "the server asks for basic, which is not answered here" in str(raised.value)
    assert server.seen == [("PUT", None)]


def test_load_into_a_fuseki_that_demands_digest(
    start_server: Callable[..., AuthServer],
    run_cli: Callable[[Sequence[str]], CliRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``load --store fuseki`` as against ``fuseki-server --auth=digest``: each PUT answered."""
    server = start_server("digest", ["MD5", "SHA-256"])
    monkeypatch.setenv("FUSEKI_TEST_PASSWORD", "pw")
    run = run_cli(
        ["load", "--endpoint", f"{server.url}/ds", "--store", "fuseki", "--user", "admin"]
        + ["--password-env", "FUSEKI_TEST_PASSWORD", "--no-inferred"]
    )
    assert run.exit_code == 0, run.stderr
    # The second graph's PUT answers the remembered challenge at once: one body sent, not two.
    assert [a is not None for _, a in server.seen] == [False, True, True]
    answers = [a for _, a in server.seen if a is not None]
    assert all("algorithm=SHA-256" in a for a in answers)
    assert ["nc=00000001" in answers[0], "nc=00000002" in answers[1]] == [True, True]


def test_a_retired_nonce_is_answered_afresh(start_server: Callable[..., AuthServer]) -> None:
    """The server changes its nonce: the remembered answer is refused once, then answered."""
    server = start_server("digest", ["MD5"])
    put(server)
    server.nonce = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    server.challenges = [c.replace(AuthServer.nonce, server.nonce) for c in server.challenges]
    put(server)
    assert [a is not None for _, a in server.seen] == [False, True, True, True]
    last = server.seen[-1][1]
    assert last is not None and server.nonce in last and "nc=00000001" in last


def test_a_401_that_names_no_scheme_gets_basic_once(
    start_server: Callable[..., AuthServer],
) -> None:
    server = start_server("basic-silent")
    put(server)
    assert server.seen == [("PUT", None), ("PUT", "Basic YWRtaW46cHc=")]


def test_query_endpoint_answers_a_digest_challenge(
    start_server: Callable[..., AuthServer],
    run_cli: Callable[[Sequence[str]], CliRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``query --endpoint --user`` against a SPARQL service behind Digest, as Fuseki's can be."""
    server = start_server("digest", ["SHA-256"])
    monkeypatch.setenv("FUSEKI_TEST_PASSWORD", "pw")
    run = run_cli(
        ["query", "winner", "--endpoint", f"{server.url}/ds/sparql", "--format", "csv"]
        + ["--user", "admin", "--password-env", "FUSEKI_TEST_PASSWORD", "--server-default-graph"]
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == ["x", "1"]
    assert [a is not None for _, a in server.seen] == [False, True]
