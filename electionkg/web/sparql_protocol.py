"""``/sparql``: the SPARQL 1.1 Protocol over HTTP (GET, POST of a form or of a query).

Reads the request (query, ``default-graph-uri``, ``named-graph-uri``, the format parameters,
``offset`` for the next page of a large answer),
hands it to :class:`~electionkg.web.sparql_endpoint.SparqlEndpoint` in a thread (the worker
process does the work), and answers. Without a query, a browser gets the query page and an RDF
client the SPARQL 1.1 Service Description of the endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from electionkg.web import sparql_endpoint
from electionkg.web.negotiation import negotiate
from electionkg.web.sparql_endpoint import MAX_QUERY_BYTES, QueryJob, SparqlError

if TYPE_CHECKING:
    from electionkg.web.publication import Publication

FORMAT_PARAMETERS = ("format", "output", "results")
MAX_GRAPH_PARAMETERS = 16


def sparql_handler(publication: Publication) -> Callable[[Request], Any]:
    """The Starlette endpoint for ``/sparql``."""
    import anyio

    async def handle(request: Request) -> Response:
        if request.method == "POST":
            params = await _posted_parameters(request)
        else:
            params = _query_string(request)
        if isinstance(params, Response):
            return params
        if "update" in params:
            return _plain(403, "Forbidden", "this endpoint is read-only")
        queries = params.get("query")
        if not queries:
            if request.method == "POST":
                return _plain(400, "Bad Request", "no query parameter")
            return _description_or_form(request, publication)
        try:
            job = QueryJob(
                queries[0],
                request.headers.get("accept"),
                _graphs(params, "default-graph-uri"),
                _graphs(params, "named-graph-uri"),
                tuple(value for name in FORMAT_PARAMETERS for value in params.get(name, [])),
                _offset(params),
            )
            client = request.client.host if request.client else ""
            result = await anyio.to_thread.run_sync(
                lambda: publication.endpoint.answer(job, client=client)
            )
        except SparqlError as error:
            return PlainTextResponse(f"{error.status} {error}\n", error.status, error.headers)
        headers = {"Vary": "Accept"}
        if result.next_offset is not None:
            # The next page, as a GET of the same parameters (a POSTed form or query too).
            following = urlencode({**params, "offset": [str(result.next_offset)]}, doseq=True)
            headers["Link"] = f'<{request.url.path}?{following}>; rel="next"'
            headers["X-SPARQL-MaxRows"] = str(sparql_endpoint.MAX_ROWS)
        return Response(result.body, media_type=result.media_type, headers=headers)

    return handle


def _offset(params: dict[str, list[str]]) -> int:
    """The ``offset`` parameter: where the page starts (0 without one)."""
    values = params.get("offset", ["0"])
    if len(values) != 1 or not values[0].isdigit() or len(values[0]) > 12:
        raise SparqlError(400, "offset must be one whole number of rows, 0 or more")
    return int(values[0])


def _plain(status: int, title: str, message: str) -> Response:
    return PlainTextResponse(f"{status} {title}: {message}\n", status)


def _query_string(request: Request) -> dict[str, list[str]] | Response:
    raw = request.url.query
    if len(raw) > MAX_QUERY_BYTES:
        return _plain(413, "Content Too Large", "the query is too long")
    return parse_qs(raw)


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    import pyoxigraph

    values = params.get(name, [])
    if len(values) > MAX_GRAPH_PARAMETERS:
        raise SparqlError(400, f"at most {MAX_GRAPH_PARAMETERS} {name} parameters")
    for value in values:
        try:
            pyoxigraph.NamedNode(value)
        except ValueError:
            raise SparqlError(400, f"{name} is not an absolute IRI: {value[:100]!r}") from None
    return tuple(values)


async def _posted_parameters(request: Request) -> dict[str, list[str]] | Response:
    """The parameters of a POST: a form, or a query as the body (with the URL's parameters)."""
    length = request.headers.get("content-length")
    too_long = _plain(413, "Content Too Large", f"at most {MAX_QUERY_BYTES} bytes")
    if length is not None and (not length.isdigit() or int(length) > MAX_QUERY_BYTES):
        return too_long
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_QUERY_BYTES:
            return too_long
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        return _plain(403, "Forbidden", "this endpoint is read-only")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _plain(400, "Bad Request", "the body is not UTF-8")
    url_params = _query_string(request)
    if isinstance(url_params, Response):
        return url_params
    if media == "application/sparql-query":
        return url_params | {"query": [text]}
    if media == "application/x-www-form-urlencoded":
        return url_params | parse_qs(text)
    return _plain(
        415,
        "Unsupported Media Type",
        "POST application/sparql-query or a form with query=",
    )


def _description_or_form(request: Request, publication: Publication) -> Response:
    from electionkg.web.routes_common import BY_MEDIA_TYPE, HTML, PAGE_OFFERS, media_with_charset
    from electionkg.web.service_description import describe_service

    media = negotiate(request.headers.get("accept"), [HTML, *PAGE_OFFERS[:-1]])
    headers = {"Vary": "Accept"}
    if media is None or media == HTML:
        from electionkg.web.query_page import query_page

        page = publication.cached(("sparql", "form"), lambda: query_page(publication))
        return Response(page, media_type=media_with_charset(HTML), headers=headers)
    info = BY_MEDIA_TYPE[media]
    body = publication.cached(
        ("sparql", info.name),
        lambda: publication.rdf(describe_service(publication), info.name),
    )
    return Response(body, media_type=media_with_charset(info.media_type), headers=headers)
