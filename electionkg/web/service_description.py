"""The SPARQL 1.1 Service Description of ``/sparql`` (served there to RDF clients)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from electionkg.rdf import namespaces

if TYPE_CHECKING:
    from electionkg.web.publication import Publication

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def describe_service(publication: Publication) -> list[Any]:
    """sd:Service triples: the endpoint, language, formats, and the dataset with its graphs.

    The default graph is the union of the named graphs (``sd:UnionDefaultGraph``);
    ``default-graph-uri`` and ``named-graph-uri`` select graphs instead. Federation
    (``SERVICE``) is refused, so ``sd:BasicFederatedQuery`` is not claimed."""
    from pyoxigraph import BlankNode, Literal, NamedNode, Triple

    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = NamedNode(publication.rebase.base_url + "sparql")
    triples: list[Triple] = []

    def add(subject: Any, predicate: str, obj: Any) -> None:
        value = NamedNode(obj) if isinstance(obj, str) else obj
        triples.append(Triple(subject, NamedNode(predicate), value))

    add(service, rdf_type.value, SD + "Service")
    add(service, SD + "endpoint", service)
    add(service, SD + "supportedLanguage", SD + "SPARQL11Query")
    add(service, SD + "feature", SD + "UnionDefaultGraph")
    for name in RESULT_FORMATS:
        add(service, SD + "resultFormat", FORMATS_NS + name)
    add(service, "http://purl.org/dc/terms/license", "https://creativecommons.org/licenses/by/4.0/")
    description = BlankNode()
    default_graph = BlankNode()
    add(service, SD + "defaultDataset", description)
    add(description, rdf_type.value, SD + "Dataset")
    add(description, "http://rdfs.org/ns/void#inDataset", publication.rebase.dataset_iri)
    add(description, SD + "defaultGraph", default_graph)
    add(default_graph, rdf_type.value, SD + "Graph")
    add(
        default_graph,
        "http://www.w3.org/2000/01/rdf-schema#comment",
        Literal("the union of the named graphs: ontology, facts and inferences", language="en"),
    )
    for graph_iri in (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH, namespaces.INFERRED_GRAPH):
        named = BlankNode()
        add(description, SD + "namedGraph", named)
        add(named, rdf_type.value, SD + "NamedGraph")
        add(named, SD + "name", graph_iri)
    return triples
