"""Documents that are not things of the data: the ontology (and its version IRI), the shapes,
the three named graphs, the dataset description and the dumps. Each IRI the data or the dataset
description mentions under our base answers here."""

from __future__ import annotations

from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from electionkg.rdf import namespaces
from electionkg.rdf.serialise import FORMATS
from electionkg.web.describe import graph_triples
from electionkg.web.html_base import layout
from electionkg.web.publication import Publication
from electionkg.web.routes_common import HTML, media_with_charset, not_found
from electionkg.web.routes_data import negotiated_document

OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"
GRAPHS = {
    "ontology": (namespaces.ONTOLOGY_GRAPH, "the ontology and its SKOS concept schemes"),
    "facts": (namespaces.FACTS_GRAPH, "the asserted facts, each with its sources and quotes"),
    "inferred": (namespaces.INFERRED_GRAPH, "the triples OWL RL reasoning adds to them"),
}


def _formats_line(name: str) -> str:
    links = "".join(
        f'<a href="/{name}.{info.extension}">{info.name}</a> '
        for info in FORMATS.values()
        if not info.quads
    )
    return f'<p class="formats">As data: {links}</p>'


def ontology(request: Request, publication: Publication, extension: str | None) -> Response:
    from electionkg.web.ontology_docs import ontology_page

    return negotiated_document(
        request,
        extension,
        "ontology",
        lambda: ontology_page(publication.store, publication.rebase),
        lambda: graph_triples(publication.store, namespaces.ONTOLOGY_GRAPH),
        publication,
    )


def ontology_version(request: Request, publication: Publication) -> Response:
    """``/ontology/{version}``: the version IRI of the current ontology, 303 to it."""
    import pyoxigraph

    wanted = namespaces.ONTOLOGY + "/" + request.path_params["version"]
    versions = {
        str(quad.object)[1:-1]
        for quad in publication.store.quads_for_pattern(
            pyoxigraph.NamedNode(namespaces.ONTOLOGY), pyoxigraph.NamedNode(OWL_VERSION_IRI), None
        )
    }
    if wanted not in versions:
        return not_found(request, "no version of the ontology has this IRI")
    return RedirectResponse("/ontology", 303, headers={"Vary": "Accept"})


def shapes(request: Request, publication: Publication, extension: str | None) -> Response:
    """The SHACL shapes the build validates with (read from the shapes folder once)."""

    def triples() -> list[Any]:
        import pyoxigraph

        from electionkg import paths

        found: set[Any] = set()
        for file in sorted(paths.shapes_dir().glob("*.ttl")):
            for quad in pyoxigraph.parse(path=str(file), format=pyoxigraph.RdfFormat.TURTLE):
                found.add(pyoxigraph.Triple(quad.subject, quad.predicate, quad.object))
        return sorted(found, key=str)

    def html() -> str:
        count = len(triples())
        body = (
            "<h1>SHACL shapes</h1><p>The shapes every build is validated against "
            f"({count} triples): a node shape per class of the ontology, cardinalities, "
            "datatypes, ranges, and SHACL-SPARQL rules across nodes. Data that fails them is "
            'never built, so never served. See also <a href="/ontology">the ontology</a>.</p>'
            + _formats_line("shapes")
        )
        return layout("Shapes", body)

    return negotiated_document(request, extension, "shapes", html, triples, publication)


def graph(request: Request, publication: Publication) -> Response:
    """``/graph/{name}[.ext]``: one of the three named graphs of the dataset."""
    from electionkg.web.routes_data import split_extension

    name, extension = split_extension(request.path_params["name"])
    if name.endswith(".html"):
        name, extension = name[: -len(".html")], "html"
    if name not in GRAPHS:
        return not_found(request, "the dataset has three named graphs: ontology, facts, inferred")
    iri, what = GRAPHS[name]

    def html() -> str:
        count = len(graph_triples(publication.store, iri))
        body = (
            f"<h1>Named graph: {escape(name)}</h1><p>{escape(iri)} holds {what}: {count} "
            'triples. It is part of <a href="/dataset">the dataset</a>; query it at '
            f'<a href="/sparql">/sparql</a> with <code>default-graph-uri={escape(iri)}</code> '
            "or <code>GRAPH &lt;...&gt;</code>; the dumps in N-Quads and TriG keep the three "
            'graphs apart (<a href="/dumps/">dumps</a>).</p>' + _formats_line(f"graph/{name}")
        )
        return layout(f"Graph {name}", body)

    return negotiated_document(
        request,
        extension,
        f"graph/{name}",
        html,
        lambda: graph_triples(publication.store, iri),
        publication,
    )


def dataset(request: Request, publication: Publication, extension: str | None) -> Response:
    from electionkg.publish.dataset_description import DESCRIPTION_PREFIXES, describe_dataset
    from electionkg.web.pages_site import dataset_page

    def triples() -> list[Any]:
        return describe_dataset(publication.store, publication.rebase)

    return negotiated_document(
        request,
        extension,
        "dataset",
        lambda: dataset_page(publication, triples()),
        triples,
        publication,
        DESCRIPTION_PREFIXES,
    )


def dumps_index(request: Request, publication: Publication) -> Response:
    from electionkg.publish.dataset_description import DUMP_NAME

    items = "".join(
        f'<li><a href="/dumps/{DUMP_NAME}.{info.extension}" type="{info.media_type}">'
        f"{DUMP_NAME}.{info.extension}</a> ({info.media_type})</li>"
        for info in FORMATS.values()
    )
    body = (
        "<h1>Data dumps</h1><p>The whole dataset: ontology, facts and OWL RL inferences. N-Quads "
        "and TriG keep them in three named graphs; the other formats hold their union.</p>"
        f"<ul>{items}</ul>"
    )
    return Response(layout("Dumps", body), media_type=media_with_charset(HTML))


def dump(request: Request, publication: Publication) -> Response:
    from electionkg.publish.dataset_description import DUMP_NAME

    name = request.path_params["name"]
    stem, _, extension = name.rpartition(".")
    info = {i.extension: i for i in FORMATS.values()}.get(extension)
    if stem != DUMP_NAME or info is None:
        return not_found(request, "no such dump; see /dumps/")
    return Response(
        publication.dump(info.name),
        media_type=media_with_charset(info.media_type),
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
