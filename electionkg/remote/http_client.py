"""One HTTP request to a triplestore, with every network fault turned into a one-line message.

The standard library's ``urllib.request`` does the HTTP (no extra dependency). What this module
adds is what a user needs when a request fails: the URL (never a password), what went wrong
(refused, unresolvable, timed out, dropped half way, an HTTP status) and what to check. Both the
Graph Store upload (:mod:`electionkg.remote.graph_store`) and the SPARQL client
(:mod:`electionkg.remote.endpoint`) send their requests through :func:`send`.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from electionkg.errors import InputError, RemoteError
from electionkg.remote.http_auth import (
    AuthenticationError,
    Challenge,
    ChallengeMemory,
    basic_answer,
    choose,
    digest_authorization,
    parse_challenges,
)

AUTH_SCHEMES = ("basic", "digest", "challenge")
"""``basic``: send the credentials with every request (GraphDB); ``digest``: answer the server's
Digest challenge only (Virtuoso); ``challenge``: wait for a 401 and answer the scheme it asks for,
Digest (SHA-256 or MD5) or Basic (Fuseki, any GSP server); see :mod:`http_auth`."""

PROGRESS_MIN_BYTES = 4 * 1024 * 1024
"""Bodies at least this large log their upload progress (INFO) in quarters."""

_BODY_CHUNK = 256 * 1024
_MAX_DETAIL = 160

_LOG = logging.getLogger(__name__)


class EndpointError(RemoteError):
    """A request to a remote endpoint failed; the message names the URL and what to check."""


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and how to present them. ``repr`` never shows the password."""

    user: str
    password: str = field(repr=False)
    scheme: str = "basic"


@dataclass(frozen=True)
class HttpRequest:
    """What to send: the method, the full URL, the headers and the body (if any)."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None = None


@dataclass(frozen=True)
class HttpResponse:
    """What came back from a successful (2xx) request."""

    status: int
    content_type: str
    body: bytes


def redact(url: str) -> str:
    """The URL without any ``user:password@`` part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def display_url(url: str) -> str:
    """The URL for a message: no credentials, and a SPARQL query in it shortened to ``...``."""
    parts = urllib.parse.urlsplit(redact(url))
    if "query=" not in parts.query:
        return parts.geturl()
    fields = [
        f"{name}=..." if name == "query" else urllib.parse.urlencode({name: value})
        for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ]
    return parts._replace(query="&".join(fields)).geturl()


def check_endpoint_url(url: str, parameter: str = "endpoint") -> str:
    """An http(s) URL with a host and no credentials in it, without a trailing slash.

    Messages name the URL as the value of ``parameter`` (``endpoint=URL: ...``).
    """
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{parameter}={redact(url)}: not an http:// or https:// URL with a host")
    if parts.username or parts.password:
        raise InputError(
            f"{parameter}={redact(url)}: do not put credentials in the URL (they end up in logs "
            "and shell history); use credentials=Credentials(USER, PASSWORD)"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise InputError(f"{parameter}={url}: the port is not a number from 0 to 65535") from None
    return urllib.parse.urlunsplit(parts).rstrip("/")


def basic_authorization(credentials: Credentials) -> str:
    """The ``Authorization`` header value of HTTP Basic authentication (RFC 7617)."""
    return basic_answer(credentials.user, credentials.password)


CHALLENGES = ChallengeMemory()
"""The challenges answered in this process, per server and user (see :class:`ChallengeMemory`)."""


def send(
    request: HttpRequest,
    *,
    timeout: float,
    credentials: Credentials | None = None,
    not_found_hint: str = "check the path of the URL",
    label: str = "",
) -> HttpResponse:
    """Send the request; return a 2xx response or raise :class:`EndpointError` (one line).

    ``timeout`` (seconds) bounds connecting and each wait for data. ``not_found_hint`` says
    what a 404 most likely means for this endpoint (a wrong dataset or repository name).
    ``label`` names the body in progress lines (large bodies only).
    """
    headers = dict(request.headers)
    if credentials is not None and credentials.scheme == "basic":
        headers["Authorization"] = basic_authorization(credentials)
    elif credentials is not None:
        known = CHALLENGES.authorization(
            request.method, request.url, credentials.user, credentials.password
        )
        if known is not None:
            headers["Authorization"] = known
    data: bytes | _ProgressBody | None = request.body
    if request.body is not None:
        headers["Content-Length"] = str(len(request.body))
        if len(request.body) >= PROGRESS_MIN_BYTES:
            data = _ProgressBody(request.body, label or display_url(request.url))
    shown = display_url(request.url)
    answered: Challenge | None = None
    try:
        while True:
            try:
                response = _open(request, headers, data, timeout)
                if answered is not None and credentials is not None:
                    CHALLENGES.remember(request.url, credentials.user, answered)
                return response
            except urllib.error.HTTPError as error:
                try:
                    answer = _answer_challenge(request, error, credentials, answered)
                except AuthenticationError:
                    error.close()
                    raise
                if answer is None:
                    raise
                error.close()
                headers["Authorization"], answered = answer
    except AuthenticationError as error:
        raise EndpointError(f"{request.method} {shown}: HTTP 401, and {error}") from None
    except urllib.error.HTTPError as error:
        message = _status_message(request.method, shown, error, credentials, not_found_hint)
        error.close()  # its socket, or it leaks until garbage collection
        raise EndpointError(message) from None
    except urllib.error.URLError as error:
        raise EndpointError(
            _network_message(request.method, shown, error.reason, timeout)
        ) from None
    except (OSError, http.client.HTTPException) as error:
        raise EndpointError(_network_message(request.method, shown, error, timeout)) from None
    except ValueError as error:  # urllib refuses the URL itself
        raise EndpointError(f"{shown}: not a URL that can be requested ({error})") from None


def _open(
    request: HttpRequest,
    headers: dict[str, str],
    data: bytes | _ProgressBody | None,
    timeout: float,
) -> HttpResponse:
    prepared = urllib.request.Request(
        request.url,
        data=data,  # an iterable of bytes is allowed with a length
        headers=headers,
        method=request.method,
    )
    with urllib.request.urlopen(prepared, timeout=timeout or None) as response:
        body = response.read()
        return HttpResponse(response.status, response.headers.get("Content-Type", "") or "", body)


def _answer_challenge(
    request: HttpRequest,
    error: urllib.error.HTTPError,
    credentials: Credentials | None,
    answered: Challenge | None,
) -> tuple[str, Challenge] | None:
    """The ``Authorization`` answering a 401's challenge (and the challenge), or None to report
    the 401 as it is. One answer per request, plus one more when the server says the nonce was
    ``stale`` (a remembered answer sent at once does not count)."""
    if error.code != 401 or credentials is None or credentials.scheme == "basic":
        return None
    challenges = parse_challenges(error.headers.get_all("WWW-Authenticate") or [])
    allowed = ("digest",) if credentials.scheme == "digest" else ("digest", "basic")
    if not challenges and answered is None and credentials.scheme == "challenge":
        # A 401 that names no scheme (some servers skip the header to avoid a browser's
        # password dialog): Basic, the one scheme that needs no challenge, once.
        return basic_authorization(credentials), Challenge("basic", {})
    challenge = choose(challenges, allowed)
    if challenge is None:
        if answered is None and challenges:
            offered = ", ".join(sorted({c.scheme for c in challenges}))
            raise AuthenticationError(f"the server asks for {offered}, which is not answered here")
        return None
    stale = challenge.params.get("stale", "").lower() == "true"
    if answered is not None and (not stale or answered.params.get("stale") == "true"):
        return None
    if challenge.scheme == "basic":
        return basic_authorization(credentials), challenge
    authorization = digest_authorization(
        challenge, request.method, request.url, credentials.user, credentials.password
    )
    return authorization, challenge


def _status_message(
    method: str,
    url: str,
    error: urllib.error.HTTPError,
    credentials: Credentials | None,
    not_found_hint: str,
) -> str:
    code = error.code
    head = f"{method} {url}: HTTP {code} {error.reason}"
    try:
        detail = _first_line(error.read())
    except (OSError, http.client.HTTPException):
        detail = ""
    finally:
        error.close()
    said = f" (the server said: {detail})" if detail else ""
    if code == 401:
        check = (
            "check the user and the password of credentials=Credentials(USER, PASSWORD)"
            if credentials
            else "the server wants credentials: give credentials=Credentials(USER, PASSWORD)"
        )
    elif code == 403:
        check = (
            "the user is not allowed to do this: check its rights (GraphDB: write access to "
            "the repository; Virtuoso: the SPARQL_UPDATE role; Fuseki: the service is read-only?)"
        )
    elif code == 404:
        check = not_found_hint
    elif code == 405:
        check = (
            "the server does not accept this method at this URL: check the product "
            "(store=NAME) and the path"
        )
    elif code in (413,):
        check = "the body is too large for the server: use a bulk loader (README)"
    elif 500 <= code < 600:
        check = "the server failed: check its log"
    else:
        check = "check the request against the server's documentation"
    return f"{head}{said}; {check}"


def _network_message(method: str, url: str, reason: object, timeout: float) -> str:
    host = urllib.parse.urlsplit(url).netloc
    if isinstance(reason, ConnectionRefusedError):
        return (
            f"{method} {url}: connection refused by {host}; check that the server is running "
            "and listening on that host and port"
        )
    if isinstance(reason, socket.gaierror):
        return f"{method} {url}: cannot resolve the host name of {host}; check the URL"
    if isinstance(reason, TimeoutError | socket.timeout):
        return (
            f"{method} {url}: no answer within {timeout:g} s; check that the server is not "
            "stuck or overloaded, or allow more with timeout=SECONDS"
        )
    if isinstance(
        reason,
        http.client.RemoteDisconnected
        | http.client.IncompleteRead
        | ConnectionResetError
        | BrokenPipeError
        | ConnectionAbortedError,
    ):
        return (
            f"{method} {url}: the server closed the connection before a complete answer; "
            "check the server's log (did it crash or restart, or refuse a large body?)"
        )
    if isinstance(reason, ssl.SSLError):
        return f"{method} {url}: TLS failed ({reason}); check the certificate and the scheme"
    if isinstance(reason, http.client.HTTPException):
        return f"{method} {url}: not a valid HTTP answer ({type(reason).__name__}); is it HTTP?"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"{method} {url}: {text}; check the URL and that the server is reachable"


def _first_line(body: bytes) -> str:
    """The first meaningful line of an error body, tags stripped, shortened."""
    import re

    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<[^>]+>", " ", text)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= _MAX_DETAIL else line[: _MAX_DETAIL - 3] + "..."
    return ""


class _ProgressBody:
    """A request body sent in chunks, logging (INFO) when each quarter has gone out.

    Iterable again from the start, so that a retry after an authentication challenge resends it.
    """

    def __init__(self, body: bytes, label: str) -> None:
        self.body = body
        self.label = label

    def __iter__(self) -> Iterator[bytes]:
        size = len(self.body)
        next_quarter = 1
        for start in range(0, size, _BODY_CHUNK):
            chunk = self.body[start : start + _BODY_CHUNK]
            yield chunk
            sent = start + len(chunk)
            while next_quarter <= 3 and sent * 4 >= size * next_quarter:
                _LOG.info("  %s: %d%% sent", self.label, 25 * next_quarter)
                next_quarter += 1
