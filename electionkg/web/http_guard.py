"""HTTP-level guards around the application: CORS, gzip, ETags and 304, and no 500.

* CORS: data, the context, pages and ``/sparql`` may be read by JavaScript on any origin (they
  are public and need no credentials); preflights are answered (Starlette's CORSMiddleware).
* Caching: every GET answer is a function of the request and of the build, so its strong ETag
  is a hash of the build's content key, the path and query, and the representation chosen
  (media type and encoding); ``If-None-Match`` gets ``304``. ``Last-Modified`` is the time the
  build was made (``If-Modified-Since`` is read only without ``If-None-Match``, RFC 9110). ``Cache-Control`` lets caches keep
  documents for an hour and revalidate.
* gzip for bodies over 1 kB when the client accepts it (:class:`Gzip`): the documents are
  cached, so each one is compressed once and the compressed bytes are kept beside it.
* A bug of ours that escapes a route is logged and answered ``503`` (never a 500 page with a
  traceback; the client is told to retry).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

CACHE_CONTROL = "public, max-age=3600, must-revalidate"
CORS_EXPOSED = ["ETag", "Content-Location", "Link", "Vary", "Retry-After"]


class ETags:
    """Strong ETags from the build's content key, and 304 for a matching ``If-None-Match``."""

    def __init__(self, app: ASGIApp, version: str, built: float | None = None) -> None:
        from email.utils import formatdate

        self.app = app
        self.version = version
        self.built = int(built) if built else None
        self.last_modified = formatdate(self.built, usegmt=True).encode() if self.built else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        wanted = _header(scope, b"if-none-match")
        since = _header(scope, b"if-modified-since") if wanted is None else None
        request_key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")

        not_modified = False

        async def send_with_etag(message: Message) -> None:
            nonlocal not_modified
            if not_modified:
                return  # the body of a 304 is not sent
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = list(message.get("headers", []))
                found = {name.lower(): value for name, value in headers}
                representation = (
                    found.get(b"content-type", b"") + b"|" + found.get(b"content-encoding", b"")
                )
                digest = hashlib.sha256(
                    f"{self.version}|{request_key}|".encode() + representation
                ).hexdigest()[:32]
                etag = f'"{digest}"'.encode()
                headers.append((b"etag", etag))
                if b"cache-control" not in found:
                    headers.append((b"cache-control", CACHE_CONTROL.encode()))
                if self.last_modified is not None:
                    headers.append((b"last-modified", self.last_modified))
                if (wanted is not None and etag in _etags(wanted)) or self._unchanged_since(since):
                    kept = {b"etag", b"cache-control", b"vary", b"content-location"}
                    headers = [(n, v) for n, v in headers if n.lower() in kept]
                    not_modified = True
                    await send({"type": "http.response.start", "status": 304, "headers": headers})
                    await send({"type": "http.response.body", "body": b""})
                    return
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_etag)

    def _unchanged_since(self, since: bytes | None) -> bool:
        """``If-Modified-Since`` (used only without ``If-None-Match``) at or after the build."""
        from email.utils import parsedate_to_datetime

        if since is None or self.built is None:
            return False
        try:
            return parsedate_to_datetime(since.decode("latin-1")).timestamp() >= self.built
        except (TypeError, ValueError):
            return False


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


def _etags(header: bytes) -> set[bytes]:
    return {part.strip().removeprefix(b"W/") for part in header.split(b",")} | (
        {b"*"} if header.strip() == b"*" else set()
    )


GZIP_MINIMUM = 1024
MAX_COMPRESSED = 4096
MAX_KEPT_BYTES = 128 * 1024 * 1024
"""Bounds on the compressed bodies kept (pages, documents, dumps, kept SPARQL answers)."""
COMPRESSIBLE = (b"text/", b"application/")


class Gzip:
    """gzip a whole body (every route here answers in one piece), compressing each distinct
    body once: the same cached bytes object is found again by identity in ``_compressed``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._compressed: dict[bytes, bytes] = {}
        self._kept_bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        accepts = _header(scope, b"accept-encoding") if scope["type"] == "http" else None
        if accepts is None or b"gzip" not in accepts.lower():
            await self.app(scope, receive, send)
            return
        start: Message | None = None

        async def compressing_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            held, start = start, None
            body = message.get("body", b"")
            headers = list(held.get("headers", []))
            found = {name.lower(): value for name, value in headers}
            if (
                message.get("more_body", False)
                or len(body) < GZIP_MINIMUM
                or b"content-encoding" in found
                or not found.get(b"content-type", b"").startswith(COMPRESSIBLE)
            ):
                await send(held)
                await send(message)
                return
            zipped = self._gzip(body)
            headers = [(n, v) for n, v in headers if n.lower() not in (b"content-length", b"vary")]
            vary = found.get(b"vary")
            headers += [
                (b"content-encoding", b"gzip"),
                (b"content-length", str(len(zipped)).encode()),
                (b"vary", vary + b", Accept-Encoding" if vary else b"Accept-Encoding"),
            ]
            await send({**held, "headers": headers})
            await send({"type": "http.response.body", "body": zipped})

        await self.app(scope, receive, compressing_send)

    def _gzip(self, body: bytes) -> bytes:
        import gzip

        zipped = self._compressed.get(body)
        if zipped is None:
            zipped = gzip.compress(body, compresslevel=6, mtime=0)
            size = len(body) + len(zipped)
            if len(self._compressed) < MAX_COMPRESSED and self._kept_bytes + size < MAX_KEPT_BYTES:
                self._compressed[body] = zipped
                self._kept_bytes += size
        return zipped


class NoServerErrors:
    """Whatever escapes the application becomes a logged ``503``, never a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            log.error("unexpected error on %s: %r", scope.get("path"), error)
            if started or scope["type"] != "http":
                return
            body = b"503 Service Unavailable: this request could not be answered; try again\n"
            headers: list[tuple[bytes, bytes]] = [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"5"),
            ]
            await send({"type": "http.response.start", "status": 503, "headers": headers})
            await send({"type": "http.response.body", "body": body})


def wrap(app: Any, version: str, built: float | None = None) -> ASGIApp:
    """The application with CORS, ETags, gzip and the 500 guard around it (outermost last)."""
    from starlette.middleware.cors import CORSMiddleware

    wrapped: ASGIApp = CORSMiddleware(
        app,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        expose_headers=CORS_EXPOSED,
        max_age=86400,
    )
    wrapped = Gzip(wrapped)
    wrapped = ETags(wrapped, version, built)
    return NoServerErrors(wrapped)
