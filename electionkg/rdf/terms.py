"""RDF terms between pyoxigraph and rdflib, the two libraries the package joins.

The build, the persistent store and the queries work in pyoxigraph; the reference engines
(pySHACL, owlrl) and the JSON-LD writer work on rdflib graphs. A term crosses over unchanged:
a blank node keeps its identifier, and a simple literal is an rdflib ``Literal`` without a
datatype, as rdflib's own parsers make it (pyoxigraph gives it the datatype ``xsd:string``).
rdflib is imported where it is used, so that importing this module costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
"""A pyoxigraph term of RDF 1.1 (no triple terms)."""


def to_rdflib(term: object) -> Any:
    """The rdflib term (URIRef, BNode or Literal) for a pyoxigraph term.

    Raises ValueError for anything else (an RDF-star triple term).
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if not isinstance(term, ox.Literal):
        raise ValueError(f"not an RDF 1.1 term (an RDF-star triple term?): {term!r}")
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_oxigraph(node: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib term (URIRef, BNode or Literal)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if not isinstance(node, Literal):
        raise ValueError(f"not an RDF term: {node!r}")
    if node.language:
        return ox.Literal(str(node), language=node.language)
    datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
    return ox.Literal(str(node), datatype=datatype)
