"""The dataset's own description in VoID and DCAT, with counts computed from the data.

It is served at the dataset IRI, ``{base}dataset`` (``/dataset`` on the server, also reached
from ``/.well-known/void``). Not an ``id/`` IRI: the data namespace names things the articles
talk about, and the dataset is not one of them. The description is written from the store at
hand, so its counts always match what is served and exported, and its links (endpoint, dumps)
use the address actually served.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from electionkg.rdf import namespaces
from electionkg.rdf.serialise import FORMATS, Rebase

if TYPE_CHECKING:
    import pyoxigraph

TITLE = "electionkg: an open knowledge graph of elections"
DESCRIPTION = (
    "Elections, candidacies, reported results and turnout, observer missions and statements "
    "about Azerbaijan's 2024 presidential and parliamentary elections, each claim traceable to "
    "the verbatim words of its source article (W3C Web Annotation quotes)."
)
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
"""The data and the ontology are CC BY 4.0 (README); the code is Apache-2.0."""
DUMP_NAME = "electionkg"
"""Dumps are ``/dumps/electionkg.{extension}`` (the whole dataset with its inferences)."""

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA_NEWS_ARTICLE = "https://schema.org/NewsArticle"

DESCRIPTION_PREFIXES = {
    "void": VOID,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": XSD,
}


def describe_dataset(store: pyoxigraph.Store, rebase: Rebase) -> list[pyoxigraph.Triple]:
    """VoID and DCAT triples for the data in ``store`` (already rebased), sorted."""
    from pyoxigraph import Literal, NamedNode, Triple

    from electionkg import __version__

    dataset = NamedNode(rebase.dataset_iri)
    triples: list[Triple] = []

    def add(subject: NamedNode | pyoxigraph.BlankNode, predicate: str, obj: object) -> None:
        term = obj if not isinstance(obj, str) else NamedNode(obj)
        triples.append(Triple(subject, NamedNode(predicate), term))  # type: ignore[arg-type]

    def integer(value: int) -> Literal:
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))

    add(dataset, RDF_TYPE, VOID + "Dataset")
    add(dataset, RDF_TYPE, DCAT + "Dataset")
    add(dataset, DCTERMS + "title", Literal(TITLE, language="en"))
    add(dataset, DCTERMS + "description", Literal(DESCRIPTION, language="en"))
    add(dataset, DCTERMS + "license", LICENSE)
    add(dataset, DCAT + "version", Literal(__version__))
    add(dataset, "http://www.w3.org/2002/07/owl#versionInfo", Literal(__version__))
    add(dataset, VOID + "uriSpace", Literal(rebase.data_namespace))
    add(dataset, VOID + "sparqlEndpoint", rebase.base_url + "sparql")
    add(dataset, VOID + "rootResource", rebase.data_namespace + "election/az-2024-presidential")
    add(dataset, VOID + "exampleResource", rebase.data_namespace + "election/az-2024-presidential")
    add(dataset, VOID + "exampleResource", rebase.data_namespace + "person/ilham-aliyev")

    all_quads = list(store)
    triples_in = {(q.subject, q.predicate, q.object) for q in all_quads}
    subjects = {q.subject for q in all_quads}
    entities = {
        s
        for s in subjects
        if isinstance(s, NamedNode) and s.value.startswith(rebase.data_namespace)
    }
    classes = {q.object for q in all_quads if q.predicate.value == RDF_TYPE}
    predicates = {q.predicate for q in all_quads}
    add(dataset, VOID + "triples", integer(len(triples_in)))
    add(dataset, VOID + "entities", integer(len(entities)))
    add(dataset, VOID + "classes", integer(len(classes)))
    add(dataset, VOID + "properties", integer(len(predicates)))
    add(dataset, VOID + "distinctSubjects", integer(len(subjects)))

    for graph_iri in (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH, namespaces.INFERRED_GRAPH):
        graph = NamedNode(graph_iri)
        count = sum(1 for q in all_quads if q.graph_name == graph)
        add(dataset, VOID + "subset", graph)
        add(graph, RDF_TYPE, VOID + "Dataset")
        add(graph, VOID + "triples", integer(count))
        add(
            graph, DCTERMS + "title", Literal(graph_iri.rsplit("/", 1)[1] + " graph", language="en")
        )

    used = {p.value for p in predicates} | {c.value for c in classes if isinstance(c, NamedNode)}
    for vocabulary in sorted({_namespace(iri) for iri in used}):
        add(dataset, VOID + "vocabulary", vocabulary)

    for q in all_quads:
        if q.predicate.value == RDF_TYPE and q.object.value == SCHEMA_NEWS_ARTICLE:
            add(dataset, DCTERMS + "source", q.subject)

    service = NamedNode(rebase.base_url + "sparql")
    add(dataset, DCAT + "accessService", service)
    add(service, RDF_TYPE, DCAT + "DataService")
    add(service, DCAT + "endpointURL", service)
    add(service, DCTERMS + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
    add(service, DCAT + "servesDataset", dataset)

    for info in FORMATS.values():
        dump = NamedNode(f"{rebase.base_url}dumps/{DUMP_NAME}.{info.extension}")
        add(dataset, VOID + "dataDump", dump)
        add(dataset, DCAT + "distribution", dump)
        add(dump, RDF_TYPE, DCAT + "Distribution")
        add(dump, DCAT + "downloadURL", dump)
        add(
            dump,
            DCAT + "mediaType",
            "https://www.iana.org/assignments/media-types/" + info.media_type,
        )
        add(dump, DCTERMS + "format", Literal(info.media_type))
        add(dump, DCTERMS + "license", LICENSE)
    return sorted(set(triples), key=str)


def _namespace(iri: str) -> str:
    """The vocabulary an IRI belongs to: up to and including its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
