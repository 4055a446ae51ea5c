"""What every route shares: the formats offered, and the error answers (4xx, never a traceback)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from electionkg.rdf.serialise import FORMATS
from electionkg.web.html_base import error_page
from electionkg.web.negotiation import BadAcceptHeader, negotiate

HTML = "text/html"
RDF_OFFERS = [
    FORMATS[name].media_type for name in ("turtle", "nt", "jsonld", "xml", "nquads", "trig")
]
"""RDF media types in our order of preference (ties go to the earlier one)."""
PAGE_OFFERS = [*RDF_OFFERS, HTML]
ALIASES = {"application/json": FORMATS["jsonld"].media_type, "application/xhtml+xml": HTML}
"""Types a client may ask for that we answer with another: JSON-LD is JSON, our HTML is
what an XHTML client reads (as DBpedia serves it); offered after everything else."""
RDF_OFFERS_ALIASED = [*RDF_OFFERS, "application/json"]
PAGE_OFFERS_ALIASED = [*PAGE_OFFERS, *ALIASES]
BY_MEDIA_TYPE = {info.media_type: info for info in FORMATS.values()}
BY_EXTENSION = {info.extension: info for info in FORMATS.values()} | {
    "ttl": FORMATS["turtle"],
    "json": FORMATS["jsonld"],
    "xml": FORMATS["xml"],
}
FORMAT_NAMES: dict[str, Any] = (
    {name: info for name, info in FORMATS.items()}
    | {info.extension: info for info in FORMATS.values()}
    | {"html": None}
)


def choose(request: Request, offers: list[str]) -> str | None:
    """The offer the request's Accept prefers, aliases resolved (None: nothing acceptable)."""
    media = negotiate(request.headers.get("accept"), offers)
    return ALIASES.get(media, media) if media is not None else None


def media_with_charset(media_type: str) -> str:
    return media_type + "; charset=utf-8" if media_type.startswith("text/") else media_type


def wants_html(request: Request) -> bool:
    try:
        return negotiate(request.headers.get("accept"), [HTML, "text/plain"]) == HTML
    except BadAcceptHeader:
        return False


def error(
    request: Request,
    status: int,
    title: str,
    message: str,
    hint: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_html(request):
        return Response(
            error_page(status, title, message, hint), status, headers=headers, media_type=HTML
        )
    return PlainTextResponse(f"{status} {title}: {message}\n", status, headers=headers)


async def http_error(request: Request, exception: Exception) -> Response:
    assert isinstance(exception, HTTPException)
    if exception.status_code == 404:
        return not_found(request)
    if exception.status_code == 405:
        return error(
            request,
            405,
            "Method Not Allowed",
            "this server answers GET and HEAD (and POST at /sparql; OPTIONS for CORS) only",
            headers={"Allow": "GET, HEAD, POST, OPTIONS"},
        )
    return error(request, exception.status_code, "Error", str(exception.detail))


async def bad_accept(request: Request, exception: Exception) -> Response:
    return PlainTextResponse(f"400 Bad Request: {exception}\n", 400)


async def unexpected(request: Request, exception: Exception) -> Response:
    """A bug of ours is logged and answered as a plain 503 (never a 500 with a traceback);
    Starlette re-raises it afterwards, and :class:`~electionkg.web.http_guard.NoServerErrors`
    swallows it there."""
    import logging

    logging.getLogger(__name__).error("unexpected error on %s: %r", request.url.path, exception)
    return PlainTextResponse(
        "503 Service Unavailable: this request could not be answered; try again later\n", 503
    )


def not_found(request: Request, what: str = "") -> Response:
    hint = (
        "Resources live at <code>/id/{kind}/{slug}</code>, for example "
        '<a href="/id/election/az-2024-presidential">the 2024 presidential election</a>; '
        'see <a href="/">the home page</a>, <a href="/dataset">the dataset</a> or ask '
        '<a href="/sparql">the SPARQL endpoint</a>.'
    )
    return error(request, 404, "Not Found", what or "nothing is published at this address", hint)


def not_acceptable(offers: list[str]) -> Response:
    message = "none of the formats in your Accept header is offered here; offered: " + ", ".join(
        offers
    )
    return PlainTextResponse(f"406 Not Acceptable: {message}\n", 406, headers={"Vary": "Accept"})
