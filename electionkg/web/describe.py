"""What the server says about one resource: its concise bounded description, and a bit more.

The description of an IRI is what a linked-data client needs to understand it without a second
request: its own asserted triples with every blank node they reach closed (so a claim comes with
its evidence: the source and the verbatim quote), the triples of named resources linking to it
(incoming links), and the labels of every named resource mentioned, so that each link can be
shown by name. Inferred triples are left out (they are in the SPARQL endpoint and the dumps):
a description says what was asserted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from electionkg.rdf import namespaces

if TYPE_CHECKING:
    import pyoxigraph

LABEL_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
)
ASSERTED_GRAPHS = (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH)
MAX_INCOMING = 500
"""At most this many incoming links (a bounded description stays bounded)."""


def has_description(store: pyoxigraph.Store, iri: str) -> bool:
    """Whether the data says anything about ``iri`` as a subject."""
    import pyoxigraph

    node = pyoxigraph.NamedNode(iri)
    return any(True for _ in _asserted(store, node, None, None))


def describe_resource(store: pyoxigraph.Store, iri: str) -> list[pyoxigraph.Triple]:
    """The description of ``iri`` (see the module docstring), sorted; empty if it is unknown."""
    import pyoxigraph

    node = pyoxigraph.NamedNode(iri)
    triples: set[pyoxigraph.Triple] = set()
    _close(store, node, triples)
    if not triples:
        return []
    incoming = 0
    for quad in _asserted(store, None, None, node):
        if isinstance(quad.subject, pyoxigraph.NamedNode) and incoming < MAX_INCOMING:
            triples.add(pyoxigraph.Triple(quad.subject, quad.predicate, quad.object))
            incoming += 1
    mentioned = {
        term
        for triple in list(triples)
        for term in (triple.subject, triple.object)
        if isinstance(term, pyoxigraph.NamedNode) and term != node
    }
    for other in mentioned:
        for predicate in LABEL_PREDICATES:
            for quad in _asserted(store, other, pyoxigraph.NamedNode(predicate), None):
                triples.add(pyoxigraph.Triple(quad.subject, quad.predicate, quad.object))
    return sorted(triples, key=str)


def graph_triples(store: pyoxigraph.Store, graph_iri: str) -> list[pyoxigraph.Triple]:
    """Every triple of one named graph (the ontology document is its graph), sorted."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(graph_iri)
    return sorted(
        {
            pyoxigraph.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, graph)
        },
        key=str,
    )


def _close(
    store: pyoxigraph.Store,
    subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode,
    triples: set[pyoxigraph.Triple],
) -> None:
    """Add the triples of ``subject`` and, recursively, of the blank nodes they reach."""
    import pyoxigraph

    pending = [subject]
    seen = {subject}
    while pending:
        current = pending.pop()
        for quad in _asserted(store, current, None, None):
            triples.add(pyoxigraph.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, pyoxigraph.BlankNode) and quad.object not in seen:
                seen.add(quad.object)
                pending.append(quad.object)


def _asserted(
    store: pyoxigraph.Store, subject: object, predicate: object, obj: object
) -> list[pyoxigraph.Quad]:
    import pyoxigraph

    found: list[pyoxigraph.Quad] = []
    for graph in ASSERTED_GRAPHS:
        found.extend(
            store.quads_for_pattern(subject, predicate, obj, pyoxigraph.NamedNode(graph))  # type: ignore[arg-type]
        )
    return found
