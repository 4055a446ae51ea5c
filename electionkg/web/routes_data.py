"""The linked-data routes: things (303), their documents (RDF and HTML), and named documents.

Following "Cool URIs for the Semantic Web" (W3C note, §4.3) the IRIs of things,
``/id/{kind}/{slug}``, are never documents themselves: they answer ``303 See Other`` to a
document chosen by content negotiation, ``/page/{kind}/{slug}`` (HTML) or
``/data/{kind}/{slug}.{ext}`` (RDF). We picked 303 over serving the thing's IRI directly with
``Vary: Accept`` because the person Ilham Aliyev and a Turtle file about him are different
things that deserve different IRIs (a document's licence, date or format are not the person's),
every document then has its own stable URL that caches and browsers can keep, and the extra
round trip costs a few hundred microseconds on this data. Each data document says so about
itself: ``foaf:primaryTopic`` the thing, ``dcterms:license``, ``void:inDataset``.

The documents that are not things (ontology, its version IRI, the shapes, the three named
graphs, the dataset) are negotiated in place, with ``Vary: Accept`` and ``Content-Location``,
as the "Best Practice Recipes for Publishing RDF Vocabularies" (recipe 3) suggest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from electionkg.web.describe import describe_resource, has_description
from electionkg.web.html_pages import resource_page
from electionkg.web.publication import Publication
from electionkg.web.routes_common import (
    BY_EXTENSION,
    BY_MEDIA_TYPE,
    FORMAT_NAMES,
    HTML,
    PAGE_OFFERS,
    PAGE_OFFERS_ALIASED,
    RDF_OFFERS,
    RDF_OFFERS_ALIASED,
    choose,
    media_with_charset,
    not_acceptable,
    not_found,
)

LOCAL_PATH = re.compile(r"^[a-z]+/[a-z0-9_-]+$")
"""``{kind}/{slug}``: the only shape a data IRI has here (slugs are lower-case ASCII)."""
FOAF_PRIMARY_TOPIC = "http://xmlns.com/foaf/0.1/primaryTopic"
DCTERMS_LICENSE = "http://purl.org/dc/terms/license"
VOID_IN_DATASET = "http://rdfs.org/ns/void#inDataset"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"


def split_extension(path: str) -> tuple[str, str | None]:
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension in BY_EXTENSION:
        return stem, extension
    return path, None


def resource_iri(publication: Publication, path: str) -> str | None:
    """The IRI a request path names, if it is one of ours that the data describes."""
    if not LOCAL_PATH.match(path) or ".." in path:
        return None
    iri = publication.rebase.data_namespace + path
    return iri if has_description(publication.store, iri) else None


def format_override(request: Request) -> tuple[bool, Any]:
    """``?format=ttl`` (or a format name): (given, the format or None for html)."""
    value = request.query_params.get("format")
    if value is None:
        return False, None
    if value not in FORMAT_NAMES:
        raise HTTPException(
            400, f"unknown format {value[:40]!r}: use one of " + ", ".join(sorted(FORMAT_NAMES))
        )
    return True, FORMAT_NAMES[value]


def thing(request: Request, publication: Publication) -> Response:
    path, extension = split_extension(request.path_params["path"])
    iri = resource_iri(publication, path)
    if iri is None:
        return not_found(request, "no resource of this dataset has this IRI")
    given, chosen = format_override(request)
    if extension is not None:
        target = f"/data/{path}.{extension}"
    elif given:
        target = f"/page/{path}" if chosen is None else f"/data/{path}.{chosen.extension}"
    else:
        media = choose(request, PAGE_OFFERS_ALIASED)
        if media is None:
            return not_acceptable(PAGE_OFFERS)
        target = (
            f"/page/{path}" if media == HTML else f"/data/{path}.{BY_MEDIA_TYPE[media].extension}"
        )
    return RedirectResponse(target, 303, headers={"Vary": "Accept"})


def self_description(publication: Publication, document: str, topic: str) -> list[Any]:
    """What a data document says about itself: its topic, licence and dataset."""
    from pyoxigraph import NamedNode, Triple

    from electionkg.publish.dataset_description import LICENSE

    subject = NamedNode(document)
    return [
        Triple(subject, NamedNode(RDF_TYPE), NamedNode(FOAF_DOCUMENT)),
        Triple(subject, NamedNode(FOAF_PRIMARY_TOPIC), NamedNode(topic)),
        Triple(subject, NamedNode(DCTERMS_LICENSE), NamedNode(LICENSE)),
        Triple(subject, NamedNode(VOID_IN_DATASET), NamedNode(publication.rebase.dataset_iri)),
    ]


def data(request: Request, publication: Publication) -> Response:
    path, extension = split_extension(request.path_params["path"])
    iri = resource_iri(publication, path)
    if iri is None:
        return not_found(request, "no resource of this dataset has this IRI")
    headers = {"Link": f'<{iri}>; rel="describes"'}
    if extension is not None:
        info = BY_EXTENSION[extension]
    else:
        media = choose(request, RDF_OFFERS_ALIASED)
        if media is None:
            return not_acceptable(RDF_OFFERS)
        info = BY_MEDIA_TYPE[media]
        headers |= {"Vary": "Accept", "Content-Location": f"/data/{path}.{info.extension}"}
    document = f"{publication.rebase.base_url}data/{path}"  # the same triples in every format

    def make() -> bytes:
        triples = describe_resource(publication.store, iri)
        return publication.rdf([*triples, *self_description(publication, document, iri)], info.name)

    body = publication.cached(("data", iri, info.name), make)
    return Response(body, media_type=media_with_charset(info.media_type), headers=headers)


def page(request: Request, publication: Publication) -> Response:
    path = request.path_params["path"]
    iri = resource_iri(publication, path)
    if iri is None:
        return not_found(request, "no resource of this dataset has this IRI")
    body = publication.cached(
        ("page", iri), lambda: resource_page(publication.store, iri, publication.rebase)
    )
    return Response(body, media_type=media_with_charset(HTML))


def negotiated_document(
    request: Request,
    extension: str | None,
    name: str,
    html: Callable[[], str],
    triples: Callable[[], list[Any]],
    publication: Publication,
    prefixes: dict[str, str] | None = None,
) -> Response:
    """A document served at ``/{name}`` (negotiated) and ``/{name}.{ext}``."""
    given, chosen = format_override(request)
    headers: dict[str, str] = {}
    if extension is not None:
        if extension == "html":
            body = publication.cached((name, "html"), html)
            return Response(body, media_type=media_with_charset(HTML))
        if extension not in BY_EXTENSION:
            return not_found(request)
        info: Any = BY_EXTENSION[extension]
    elif given:
        info = chosen
    else:
        media = choose(request, PAGE_OFFERS_ALIASED)
        if media is None:
            return not_acceptable(PAGE_OFFERS)
        info = None if media == HTML else BY_MEDIA_TYPE[media]
        location = f"/{name}.{'html' if info is None else info.extension}"
        headers = {"Vary": "Accept", "Content-Location": location}
    if info is None:
        body = publication.cached((name, "html"), html)
        return Response(body, media_type=media_with_charset(HTML), headers=headers)
    return Response(
        publication.cached(
            (name, info.name), lambda: publication.rdf(triples(), info.name, prefixes)
        ),
        media_type=media_with_charset(info.media_type),
        headers=headers,
    )


def redirect(target: str, status: int = 303) -> Callable[[Request], Response]:
    return lambda request: RedirectResponse(target, status)
