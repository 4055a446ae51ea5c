"""SHACL property paths: one walker, written either for people or as a SPARQL 1.1 path.

A SHACL path is an IRI or a blank node (a list for a sequence, or one of ``sh:inversePath``,
``sh:alternativePath``, ``sh:zeroOrMorePath``, ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``).
Reports print it readably (prefixed names, ``^p``); the SPARQL engine needs it as a property
path (full IRIs, every operand parenthesised). Both come from :func:`render_path`.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

_UNARY = (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)


class NotAPathError(ValueError):
    """The node is not a well-formed SHACL path."""


def render_path(term: Node, graph: Graph, iri: Callable[[URIRef], str], *, sparql: bool) -> str:
    """The path at ``term`` of ``graph``, IRIs written by ``iri``.

    ``sparql`` parenthesises sequences and inverse operands, as a SPARQL property path needs;
    otherwise the path is written for a report (``ex:a/ex:b``, ``^ex:p``).
    Raises :class:`NotAPathError` for a node that is no SHACL path.
    """
    if isinstance(term, URIRef):
        return iri(term)
    if not isinstance(term, BNode):
        raise NotAPathError(str(term))
    if graph.value(term, RDF.first) is not None:
        steps = "/".join(render_path(s, graph, iri, sparql=sparql) for s in Collection(graph, term))
        return f"({steps})" if sparql else steps
    templates = ("^({})" if sparql else "^{}", "({})*", "({})+", "({})?")
    for predicate, template in zip(_UNARY, templates, strict=True):
        inner = graph.value(term, predicate)
        if inner is not None:
            return template.format(render_path(inner, graph, iri, sparql=sparql))
    alternatives = graph.value(term, SH.alternativePath)
    if alternatives is not None:
        options = [
            render_path(a, graph, iri, sparql=sparql) for a in Collection(graph, alternatives)
        ]
        return "(" + "|".join(options) + ")"
    raise NotAPathError(str(term))


def path_domain(path: Node, graph: Graph) -> frozenset[str] | None:
    """The predicates whose objects are the path's values (None: the focus may be one too).

    Used to look for ill-typed literals only among the objects of those predicates.
    """
    if isinstance(path, URIRef):
        return frozenset({str(path)})
    if graph.value(path, RDF.first) is not None:
        steps = list(Collection(graph, path))
        return path_domain(steps[-1], graph) if steps else None
    if graph.value(path, SH.inversePath) is not None:
        return frozenset()  # values are subjects: never literals
    inner = graph.value(path, SH.oneOrMorePath)
    if inner is not None:
        return path_domain(inner, graph)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        domains = [path_domain(a, graph) for a in Collection(graph, alternatives)]
        if any(d is None for d in domains):
            return None
        return frozenset().union(*(d for d in domains if d is not None))
    return None  # zero-length paths: the focus node itself is a value
