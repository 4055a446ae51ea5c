"""The ASGI application: the routes of the server, wrapped in its HTTP guards.

Starlette. The routes are grouped by concern: things and their documents
(:mod:`~electionkg.web.routes_data`), the other documents (:mod:`~electionkg.web.routes_documents`),
the site's pages for people (:mod:`~electionkg.web.pages_site`) and the SPARQL Protocol
(:mod:`~electionkg.web.sparql_protocol`); CORS, ETags, gzip and the no-500 guard are in
:mod:`~electionkg.web.http_guard`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from electionkg.rdf.serialise import context_document
from electionkg.web import pages_site, routes_data, routes_documents
from electionkg.web.http_guard import wrap
from electionkg.web.negotiation import BadAcceptHeader
from electionkg.web.publication import Publication
from electionkg.web.routes_common import bad_accept, http_error, unexpected
from electionkg.web.sparql_protocol import sparql_handler

READ = ["GET", "HEAD"]


def create_app(publication: Publication) -> ASGIApp:
    """The ASGI application serving ``publication``."""

    # The handlers are called on the event loop, not in Starlette's thread pool: nearly every
    # answer is a cached document, and the hop to a thread cost more than the answer (a first
    # rendering is CPU work that would hold the GIL in a thread all the same).
    def bound(handler: Callable[..., Response], *args: Any) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            return handler(request, publication, *args)

        return endpoint

    def ext(handler: Callable[..., Response]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            return handler(request, publication, request.path_params["ext"])

        return endpoint

    routes = [
        Route("/", bound(pages_site.home), methods=READ),
        Route("/search", bound(pages_site.search), methods=READ),
        Route("/id/{path:path}", bound(routes_data.thing), methods=READ),
        Route("/data/{path:path}", bound(routes_data.data), methods=READ),
        Route("/page/{path:path}", bound(routes_data.page), methods=READ),
        Route("/ontology", bound(routes_documents.ontology, None), methods=READ),
        Route("/ontology.{ext}", ext(routes_documents.ontology), methods=READ),
        Route("/ontology/{version}", bound(routes_documents.ontology_version), methods=READ),
        Route("/shapes", bound(routes_documents.shapes, None), methods=READ),
        Route("/shapes.{ext}", ext(routes_documents.shapes), methods=READ),
        Route("/graph/{name}", bound(routes_documents.graph), methods=READ),
        Route("/dataset", bound(routes_documents.dataset, None), methods=READ),
        Route("/dataset.{ext}", ext(routes_documents.dataset), methods=READ),
        Route("/.well-known/void", routes_data.redirect("/dataset"), methods=READ),
        Route(
            "/context.jsonld",
            lambda request: Response(
                context_document(publication.rebase), media_type="application/ld+json"
            ),
            methods=READ,
        ),
        Route("/dumps/", bound(routes_documents.dumps_index), methods=READ),
        Route("/dumps", routes_data.redirect("/dumps/", 301), methods=READ),
        Route("/dumps/{name}", bound(routes_documents.dump), methods=READ),
        Route("/sparql", sparql_handler(publication), methods=["GET", "HEAD", "POST"]),
        Route("/assets/{path:path}", bound(pages_site.asset), methods=READ),
        Route(
            "/health",
            lambda request: JSONResponse(
                {
                    "status": "ok",
                    "quads": len(publication.store),
                    "busy_query_slots": publication.endpoint.workers.busy(),
                },
                headers={"Cache-Control": "no-store"},
            ),
            methods=READ,
        ),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: http_error,
            BadAcceptHeader: bad_accept,
            Exception: unexpected,
        },
    )
    return wrap(app, publication.version, publication.built)
