"""The linked-data server: every IRI of the data dereferences, for people and for machines.

Starlette on uvicorn. Following "Cool URIs for the Semantic Web" (W3C note, §4.3) the IRIs of
things, ``/id/{kind}/{slug}``, are never documents themselves: they answer ``303 See Other`` to a
document chosen by content negotiation, ``/page/{kind}/{slug}`` (HTML) or
``/data/{kind}/{slug}.{ext}`` (RDF). We picked 303 over serving the thing's IRI directly with
``Vary: Accept`` because the person Ilham Aliyev and a Turtle file about him are different
things that deserve different IRIs (a document's licence, date or format are not the person's),
every document then has its own stable URL that caches and browsers can keep, and the
extra round trip costs a few hundred microseconds on this data. The ontology is a hash
namespace (``/ontology#Term``), so its document is negotiated in place (with ``Vary: Accept``
and ``Content-Location``), as the "Best Practice Recipes for Publishing RDF Vocabularies"
(recipe 3) suggests.

Everything served comes from the in-memory store (rebased to the address served) or from
generated pages: no file is read from a request path, so nothing outside the dataset can leak.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from electionkg.rdf import namespaces
from electionkg.rdf.serialise import FORMATS, Rebase, canonical_quads, context_document, serialise
from electionkg.web.describe import describe_resource, graph_triples, has_description
from electionkg.web.html_pages import error_page, layout, resource_page
from electionkg.web.negotiation import BadAcceptHeader, negotiate
from electionkg.web.sparql_endpoint import FORMAT_PARAM, MAX_QUERY_BYTES, SparqlError, answer

if TYPE_CHECKING:
    import pyoxigraph

HTML = "text/html"
RDF_OFFERS = [
    FORMATS[name].media_type for name in ("turtle", "nt", "jsonld", "xml", "nquads", "trig")
]
"""RDF media types in our order of preference (ties go to the earlier one)."""
PAGE_OFFERS = [*RDF_OFFERS, HTML]
BY_MEDIA_TYPE = {info.media_type: info for info in FORMATS.values()}
BY_EXTENSION = {info.extension: info for info in FORMATS.values()} | {
    "ttl": FORMATS["turtle"],
    "json": FORMATS["jsonld"],
    "xml": FORMATS["xml"],
}
FORMAT_NAMES = (
    {name: info for name, info in FORMATS.items()}
    | {info.extension: info for info in FORMATS.values()}
    | {"html": None}
)
LOCAL_PATH = re.compile(r"^[a-z]+/[a-z0-9_-]+$")
"""``{kind}/{slug}``: the only shape a data IRI has here (slugs are lower-case ASCII)."""


MAX_CACHED = 10_000


class Publication:
    """What the server publishes: the rebased store and what is derived from it, built once."""

    def __init__(self, store: pyoxigraph.Store, rebase: Rebase) -> None:
        self.store = store
        self.rebase = rebase
        self._dumps: dict[str, bytes] = {}
        self._cache: dict[tuple[str, ...], bytes | str] = {}
        self._lock = threading.Lock()
        self.started = time.time()

    def cached(self, key: tuple[str, ...], make: Callable[[], bytes | str]) -> bytes | str:
        """A rendered page or document, made once: the data does not change while serving.

        Bounded by :data:`MAX_CACHED` entries (the seed graph has a few hundred resources)."""
        found = self._cache.get(key)
        if found is None:
            found = make()
            with self._lock:
                if len(self._cache) < MAX_CACHED:
                    self._cache[key] = found
        return found

    def dump(self, rdf_format: str) -> bytes:
        """The whole dataset (with the inferences, in their own named graph) in one format."""
        with self._lock:
            if rdf_format not in self._dumps:
                quads = canonical_quads(self.store)
                self._dumps[rdf_format] = serialise(quads, rdf_format)
            return self._dumps[rdf_format]

    def rdf(
        self, triples: list[Any], rdf_format: str, prefixes: dict[str, str] | None = None
    ) -> bytes:
        import pyoxigraph

        quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples]
        return serialise(canonical_quads(quads), rdf_format, self.rebase, prefixes)


def load_publication(base_url: str) -> Publication:
    """The default store (built from the cache), rebased to ``base_url``."""
    import pyoxigraph

    from electionkg.build.store import open_default_store

    rebase = Rebase(base_url)
    source = open_default_store(inference=True)
    if rebase.identity:
        return Publication(source, rebase)
    store = pyoxigraph.Store()
    store.extend([rebase.quad(quad) for quad in source])
    return Publication(store, rebase)


def create_app(publication: Publication) -> Starlette:
    """The ASGI application serving ``publication``."""
    app = Starlette(
        routes=[
            Route("/", lambda request: _home(request, publication), methods=["GET", "HEAD"]),
            Route(
                "/id/{path:path}",
                lambda request: _thing(request, publication),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/data/{path:path}",
                lambda request: _data(request, publication),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/page/{path:path}",
                lambda request: _page(request, publication),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/ontology",
                lambda request: _ontology(request, publication, None),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/ontology.{ext}",
                lambda request: _ontology(request, publication, request.path_params["ext"]),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/dataset",
                lambda request: _dataset(request, publication, None),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/dataset.{ext}",
                lambda request: _dataset(request, publication, request.path_params["ext"]),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/.well-known/void",
                lambda request: RedirectResponse("/dataset", 303),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/context.jsonld",
                lambda request: Response(
                    context_document(publication.rebase), media_type="application/ld+json"
                ),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/dumps/",
                lambda request: _dumps_index(request, publication),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/dumps", lambda request: RedirectResponse("/dumps/", 301), methods=["GET", "HEAD"]
            ),
            Route(
                "/dumps/{name}",
                lambda request: _dump(request, publication),
                methods=["GET", "HEAD"],
            ),
            Route("/sparql", _sparql_handler(publication), methods=["GET", "HEAD", "POST"]),
            Route(
                "/health",
                lambda request: JSONResponse({"status": "ok", "quads": len(publication.store)}),
                methods=["GET", "HEAD"],
            ),
        ],
        exception_handlers={HTTPException: _http_error, BadAcceptHeader: _bad_accept},  # type: ignore[dict-item]
    )
    return app


# --- responses -------------------------------------------------------------------------------


def _wants_html(request: Request) -> bool:
    try:
        return negotiate(request.headers.get("accept"), [HTML, "text/plain"]) == HTML
    except BadAcceptHeader:
        return False


def _error(
    request: Request,
    status: int,
    title: str,
    message: str,
    hint: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_html(request):
        return Response(
            error_page(status, title, message, hint), status, headers=headers, media_type=HTML
        )
    return PlainTextResponse(f"{status} {title}: {message}\n", status, headers=headers)


async def _http_error(request: Request, error: HTTPException) -> Response:
    if error.status_code == 404:
        return _not_found(request)
    if error.status_code == 405:
        return _error(
            request,
            405,
            "Method Not Allowed",
            "this server answers GET and HEAD (and POST at /sparql) only",
            headers={"Allow": "GET, HEAD, POST"},
        )
    return _error(request, error.status_code, "Error", str(error.detail))


async def _bad_accept(request: Request, error: Exception) -> Response:
    return PlainTextResponse(f"400 Bad Request: {error}\n", 400)


def _not_found(request: Request, what: str = "") -> Response:
    hint = (
        "Resources live at <code>/id/{kind}/{slug}</code>, for example "
        '<a href="/id/election/az-2024-presidential">the 2024 presidential election</a>; '
        'see <a href="/">the home page</a>, <a href="/dataset">the dataset</a> or ask <a href="/sparql">the SPARQL endpoint</a>.'
    )
    return _error(request, 404, "Not Found", what or "nothing is published at this address", hint)


def _not_acceptable(request: Request, offers: list[str]) -> Response:
    message = "none of the formats in your Accept header is offered here; offered: " + ", ".join(
        offers
    )
    return PlainTextResponse(f"406 Not Acceptable: {message}\n", 406, headers={"Vary": "Accept"})


def _split_extension(path: str) -> tuple[str, str | None]:
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension in BY_EXTENSION:
        return stem, extension
    return path, None


def _resource_iri(publication: Publication, path: str) -> str | None:
    """The IRI a request path names, if it is one of ours that the data describes."""
    if not LOCAL_PATH.match(path) or ".." in path:
        return None
    iri = publication.rebase.data_namespace + path
    return iri if has_description(publication.store, iri) else None


def _format_override(request: Request) -> tuple[bool, Any]:
    """``?format=ttl`` (or a format name): (given, the format or None for html)."""
    value = request.query_params.get("format")
    if value is None:
        return False, None
    if value not in FORMAT_NAMES:
        raise HTTPException(
            400, f"unknown format {value!r}: use one of " + ", ".join(sorted(FORMAT_NAMES))
        )
    return True, FORMAT_NAMES[value]


def _thing(request: Request, publication: Publication) -> Response:
    path, extension = _split_extension(request.path_params["path"])
    iri = _resource_iri(publication, path)
    if iri is None:
        return _not_found(request, "no resource of this dataset has this IRI")
    given, chosen = _format_override(request)
    if extension is not None:
        target = f"/data/{path}.{extension}"
    elif given:
        target = f"/page/{path}" if chosen is None else f"/data/{path}.{chosen.extension}"
    else:
        media = negotiate(request.headers.get("accept"), PAGE_OFFERS)
        if media is None:
            return _not_acceptable(request, PAGE_OFFERS)
        target = (
            f"/page/{path}" if media == HTML else f"/data/{path}.{BY_MEDIA_TYPE[media].extension}"
        )
    return RedirectResponse(target, 303, headers={"Vary": "Accept"})


def _data(request: Request, publication: Publication) -> Response:
    path, extension = _split_extension(request.path_params["path"])
    iri = _resource_iri(publication, path)
    if iri is None:
        return _not_found(request, "no resource of this dataset has this IRI")
    headers = {"Link": f'<{iri}>; rel="describes"'}
    if extension is not None:
        info = BY_EXTENSION[extension]
    else:
        media = negotiate(request.headers.get("accept"), RDF_OFFERS)
        if media is None:
            return _not_acceptable(request, RDF_OFFERS)
        info = BY_MEDIA_TYPE[media]
        headers |= {"Vary": "Accept", "Content-Location": f"/data/{path}.{info.extension}"}
    body = publication.cached(
        ("data", iri, info.name),
        lambda: publication.rdf(describe_resource(publication.store, iri), info.name),
    )
    return Response(body, media_type=_media(info.media_type), headers=headers)


def _media(media_type: str) -> str:
    return media_type + "; charset=utf-8" if media_type.startswith("text/") else media_type


def _page(request: Request, publication: Publication) -> Response:
    path = request.path_params["path"]
    iri = _resource_iri(publication, path)
    if iri is None:
        return _not_found(request, "no resource of this dataset has this IRI")
    page = publication.cached(
        ("page", iri), lambda: resource_page(publication.store, iri, publication.rebase)
    )
    return Response(page, media_type=_media(HTML))


def _negotiated_document(
    request: Request,
    extension: str | None,
    name: str,
    html: Callable[[], str],
    triples: Callable[[], list[Any]],
    publication: Publication,
    prefixes: dict[str, str] | None = None,
) -> Response:
    given, chosen = _format_override(request)
    headers: dict[str, str] = {}
    if extension is not None:
        if extension == "html":
            return Response(publication.cached((name, "html"), html), media_type=_media(HTML))
        if extension not in BY_EXTENSION:
            return _not_found(request)
        info: Any = BY_EXTENSION[extension]
    elif given:
        info = chosen
    else:
        media = negotiate(request.headers.get("accept"), PAGE_OFFERS)
        if media is None:
            return _not_acceptable(request, PAGE_OFFERS)
        info = None if media == HTML else BY_MEDIA_TYPE[media]
        headers = {
            "Vary": "Accept",
            "Content-Location": f"/{name}.{'html' if info is None else info.extension}",
        }
    if info is None:
        page = publication.cached((name, "html"), html)
        return Response(page, media_type=_media(HTML), headers=headers)
    return Response(
        publication.cached(
            (name, info.name), lambda: publication.rdf(triples(), info.name, prefixes)
        ),
        media_type=_media(info.media_type),
        headers=headers,
    )


def _ontology(request: Request, publication: Publication, extension: str | None) -> Response:
    from electionkg.web.ontology_docs import ontology_page

    return _negotiated_document(
        request,
        extension,
        "ontology",
        lambda: ontology_page(publication.store, publication.rebase),
        lambda: graph_triples(publication.store, namespaces.ONTOLOGY_GRAPH),
        publication,
    )


def _dataset(request: Request, publication: Publication, extension: str | None) -> Response:
    from electionkg.publish.dataset_description import DESCRIPTION_PREFIXES, describe_dataset

    def triples() -> list[Any]:
        return describe_dataset(publication.store, publication.rebase)

    return _negotiated_document(
        request,
        extension,
        "dataset",
        lambda: _dataset_html(publication, triples()),
        triples,
        publication,
        DESCRIPTION_PREFIXES,
    )


def _dataset_html(publication: Publication, triples: list[Any]) -> str:
    from html import escape

    from electionkg.publish.dataset_description import DESCRIPTION, TITLE

    rows = "".join(
        f"<tr><td>{escape(t.predicate.value)}</td><td>{escape(t.object.value)}</td></tr>"
        for t in triples
        if t.subject.value == publication.rebase.dataset_iri
    )
    body = (
        f"<h1>{escape(TITLE)}</h1><p>{escape(DESCRIPTION)}</p>"
        '<p>Query it at <a href="/sparql">/sparql</a>; download it from <a href="/dumps/">/dumps/</a>; '
        'the JSON-LD context is at <a href="/context.jsonld">/context.jsonld</a>.</p>'
        '<p class="formats">This description as data: '
        + "".join(
            f'<a href="/dataset.{i.extension}">{i.name}</a>'
            for i in FORMATS.values()
            if not i.quads
        )
        + f'</p><h2>VoID and DCAT</h2><table><thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return layout("Dataset", body)


def _dumps_index(request: Request, publication: Publication) -> Response:
    from electionkg.publish.dataset_description import DUMP_NAME

    items = "".join(
        f'<li><a href="/dumps/{DUMP_NAME}.{info.extension}" type="{info.media_type}">{DUMP_NAME}.{info.extension}</a> ({info.media_type})</li>'
        for info in FORMATS.values()
    )
    body = (
        "<h1>Data dumps</h1><p>The whole dataset: ontology, facts and OWL RL inferences. N-Quads "
        "and TriG keep them in three named graphs; the other formats hold their union.</p>"
        f"<ul>{items}</ul>"
    )
    return Response(layout("Dumps", body), media_type=_media(HTML))


def _dump(request: Request, publication: Publication) -> Response:
    from electionkg.publish.dataset_description import DUMP_NAME

    name = request.path_params["name"]
    stem, _, extension = name.rpartition(".")
    info = {i.extension: i for i in FORMATS.values()}.get(extension)
    if stem != DUMP_NAME or info is None:
        return _not_found(request, "no such dump; see /dumps/")
    return Response(
        publication.dump(info.name),
        media_type=_media(info.media_type),
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


def _home(request: Request, publication: Publication) -> Response:
    from electionkg.web.html_pages import Page

    page = Page(publication.store, publication.rebase)
    import pyoxigraph

    elections = sorted(
        {
            q.subject
            for q in publication.store.quads_for_pattern(
                None,
                pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                pyoxigraph.NamedNode(namespaces.EKG + "Election"),
                None,
            )
        },
        key=str,
    )
    items = "".join(f"<li>{page.link(e)}</li>" for e in elections)
    body = (
        "<h1>electionkg</h1><p>An open knowledge graph of elections: every fact traceable to the "
        f"exact words of its source.</p><h2>Elections</h2><ul>{items}</ul>"
        '<p>Also: <a href="/ontology">the ontology</a>, <a href="/sparql">the SPARQL endpoint</a>, '
        '<a href="/dataset">the dataset description</a>, <a href="/dumps/">data dumps</a>.</p>'
    )
    return Response(layout("Home", body), media_type=_media(HTML))


# --- SPARQL ----------------------------------------------------------------------------------


def _sparql_handler(publication: Publication) -> Callable[[Request], Any]:
    import anyio

    async def handle(request: Request) -> Response:
        query: str | Response | None
        if request.method == "POST":
            query = await _posted_query(request)
        else:
            raw = request.url.query
            if len(raw) > MAX_QUERY_BYTES:
                return PlainTextResponse("413 Content Too Large: the query is too long\n", 413)
            params = parse_qs(raw)
            if "update" in params:
                return PlainTextResponse("403 Forbidden: this endpoint is read-only\n", 403)
            query = params.get("query", [None])[0]
            if query is None:
                return Response(_query_form(), media_type=_media(HTML))
        if isinstance(query, Response):
            return query
        accept = request.headers.get("accept")
        given = request.query_params.get("format")
        if given is not None:
            if given not in FORMAT_PARAM:
                return PlainTextResponse(f"400 Bad Request: unknown format {given[:40]!r}\n", 400)
            accept = FORMAT_PARAM[given]
        try:
            result = await anyio.to_thread.run_sync(
                lambda: answer(publication.store, query, accept, graph_writer=publication.rdf)
            )
        except SparqlError as error:
            return PlainTextResponse(f"{error.status} {error}\n", error.status)
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    return handle


async def _posted_query(request: Request) -> str | Response:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_QUERY_BYTES):
        return PlainTextResponse(f"413 Content Too Large: at most {MAX_QUERY_BYTES} bytes\n", 413)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_QUERY_BYTES:
            return PlainTextResponse(
                f"413 Content Too Large: at most {MAX_QUERY_BYTES} bytes\n", 413
            )
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        return PlainTextResponse("403 Forbidden: this endpoint is read-only\n", 403)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return PlainTextResponse("400 Bad Request: the body is not UTF-8\n", 400)
    if media == "application/sparql-query":
        return text
    if media == "application/x-www-form-urlencoded":
        params = parse_qs(text)
        if "update" in params:
            return PlainTextResponse("403 Forbidden: this endpoint is read-only\n", 403)
        if "query" in params:
            return params["query"][0]
        return PlainTextResponse("400 Bad Request: no query parameter\n", 400)
    return PlainTextResponse(
        "415 Unsupported Media Type: POST application/sparql-query or a form with query=\n", 415
    )


def _query_form() -> str:
    from html import escape
    from urllib.parse import urlencode

    from electionkg.sparql.queries import list_stored_queries

    examples = []
    for stored in list_stored_queries():
        text = stored.path.read_text(encoding="utf-8")
        link = "/sparql?" + urlencode({"query": text, "format": "html"})
        examples.append(
            f"<li><details><summary><strong>{escape(stored.title)}</strong>: {escape(stored.question)}</summary>"
            f'<pre>{escape(text)}</pre><p><a href="{escape(link)}">Run it</a></p></details></li>'
        )
    body = (
        "<h1>SPARQL endpoint</h1><p>SPARQL 1.1 Protocol, read-only. GET or POST a query; results "
        "as JSON, XML, CSV or TSV by <code>Accept</code> (or <code>format=</code>), CONSTRUCT as "
        "Turtle or JSON-LD. The default graph is the union of the ontology, the facts and the "
        f"inferences. Queries are limited in time and to {MAX_QUERY_BYTES // 1024} KB.</p>"
        '<form method="get" action="/sparql"><p><label for="query">Query</label><br>'
        '<textarea id="query" name="query" rows="12" cols="90" required>SELECT ?s ?label WHERE { ?s &lt;http://www.w3.org/2000/01/rdf-schema#label&gt; ?label } LIMIT 20</textarea></p>'
        '<p><label for="format">Results format</label> <select id="format" name="format">'
        '<option value="html">table (HTML)</option><option value="csv">CSV</option><option value="json">JSON</option><option value="tsv">TSV</option>'
        '<option value="xml">XML</option><option value="turtle">Turtle (CONSTRUCT)</option></select> '
        '<button type="submit">Run query</button></p></form>'
        f"<h2>Stored queries</h2><ul>{''.join(examples)}</ul>"
    )
    return layout("SPARQL", body)


def serve(host: str = "127.0.0.1", port: int = 8080, base_url: str | None = None) -> None:
    """Run the server until interrupted (uvicorn, with its access log)."""
    import uvicorn

    started = time.perf_counter()
    publication = load_publication(base_url or f"http://{_host_for_url(host)}:{port}/")
    app = create_app(publication)
    print(
        f"electionkg: serving {len(publication.store)} quads at {publication.rebase.base_url} "
        f"(ready in {time.perf_counter() - started:.2f} s)",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True)


def _host_for_url(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "localhost"
    return f"[{host}]" if ":" in host else host
