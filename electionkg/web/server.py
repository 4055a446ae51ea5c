"""``electionkg serve``: the linked-data server on uvicorn, with a limit on slow clients.

uvicorn has no timeout for receiving a request: ``timeout_keep_alive`` covers only the idle
time between requests and is reset by every byte, so a client that trickles its headers one
byte at a time (slowloris) holds a connection for ever. :class:`DeadlineH11Protocol` closes a
connection whose request (headers and body) is not complete within ``REQUEST_DEADLINE_SECONDS``
of its first byte (or of the connection, for the first request); answers are not affected.
``limit_concurrency`` caps open connections (more get 503) and the keep-alive is short.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from electionkg.web.app import create_app
from electionkg.web.publication import Publication, load_publication

__all__ = ["DeadlineH11Protocol", "Publication", "create_app", "load_publication", "serve"]

REQUEST_DEADLINE_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 1000

_LOG = logging.getLogger(__name__)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose request does not arrive in time."""

    deadline_seconds = REQUEST_DEADLINE_SECONDS

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._request_timer: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        if self._request_timer is None:
            self._request_timer = self.loop.call_later(self.deadline_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._request_timer is not None:
            self._request_timer.cancel()
            self._request_timer = None

    def _too_slow(self) -> None:
        """Close the connection unless its request has fully arrived (its answer is on the way)."""
        import h11

        self._request_timer = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        import h11

        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()  # the request is in: the deadline is over

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()
        self._arm()  # the next request on this connection has its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    base_url: str | None = None,
    allowed_services: Sequence[str] = (),
) -> None:
    """Run the server until interrupted (uvicorn, with its access log); logs when it is ready."""
    import uvicorn

    started = time.perf_counter()
    publication = load_publication(
        base_url or f"http://{_host_for_url(host)}:{port}/", allowed_services
    )
    app = create_app(publication)
    _LOG.info(
        "serving %d quads at %s (ready in %.2f s)",
        len(publication.store),
        publication.rebase.base_url,
        time.perf_counter() - started,
    )
    try:
        uvicorn.run(app, **server_options(host, port), log_level="info", access_log=True)
    finally:
        publication.endpoint.workers.close()


def server_options(host: str, port: int) -> dict[str, Any]:
    """uvicorn's settings for a public server (also used by the tests' live server)."""
    return {
        "host": host,
        "port": port,
        "http": DeadlineH11Protocol,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "limit_concurrency": MAX_CONNECTIONS,
    }


def _host_for_url(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "localhost"
    return f"[{host}]" if ":" in host else host
