"""Shape-based components beyond ``sh:node``: ``sh:qualifiedValueShape`` with
``sh:qualifiedMinCount``/``sh:qualifiedMaxCount`` (and ``sh:qualifiedValueShapesDisjoint``),
and ``sh:closed`` (with ``sh:ignoredProperties``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from electionkg.shacl.sparql.components.logical import fails
from electionkg.shacl.sparql.model import Shape, UnsupportedShapesError, is_true

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def qualified_query(
    compiler: Compiler, shape: Shape, parameter: Node, count: int, focus: str
) -> str:
    """The focus nodes with too few or too many values conforming to the qualified shape."""
    name = compiler.name(shape.node)
    qualified = compiler.shapes.value(shape.node, SH.qualifiedValueShape)
    if qualified is None or shape.path is None or shape.sparql_path is None:
        raise UnsupportedShapesError(f"{name}: a qualified count without sh:qualifiedValueShape")
    domain = compiler.path_domain(shape.path)
    conditions = ["!" + fails(compiler, qualified, "?_q", domain, (shape.node,))]
    disjoint = compiler.shapes.value(shape.node, SH.qualifiedValueShapesDisjoint)
    if disjoint is not None and is_true(disjoint, strict=True):
        for sibling in _siblings(compiler, shape.node, qualified):
            conditions.append(fails(compiler, sibling, "?_q", domain, (shape.node,)))
    condition = " && ".join(conditions)
    path = shape.sparql_path
    if parameter == SH.qualifiedMinCount:
        return (
            f"SELECT ?this WHERE {{ {focus} "
            f"OPTIONAL {{ ?this {path} ?_q . FILTER({condition}) }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_q) < {count})"
        )
    return (
        f"SELECT ?this WHERE {{ {focus} ?this {path} ?_q . FILTER({condition}) }} "
        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_q) > {count})"
    )


def _siblings(compiler: Compiler, node: Node, own: Node) -> list[Node]:
    """The qualified shapes of the other property shapes of the same parent shapes."""
    siblings = []
    for parent in compiler.shapes.subjects(SH.property, node):
        for other in compiler.shapes.objects(parent, SH.property):
            if other == node:
                continue
            for shape in compiler.shapes.objects(other, SH.qualifiedValueShape):
                if shape != own and shape not in siblings:
                    siblings.append(shape)
    return siblings


def closed_query(compiler: Compiler, shape: Shape, focus: str) -> str:
    """Each triple of a focus node whose predicate no property shape of the shape (with an IRI
    path) nor ``sh:ignoredProperties`` allows: ``?path`` and ``?value``."""
    name = compiler.name(shape.node)
    allowed: list[Node] = []
    for child in shape.properties:
        if isinstance(child.path, URIRef):
            allowed.append(child.path)
    for ignored in compiler.shapes.objects(shape.node, SH.ignoredProperties):
        if ignored != RDF.nil and compiler.shapes.value(ignored, RDF.first) is None:
            raise UnsupportedShapesError(f"{name}: sh:ignoredProperties that is not a list")
        allowed.extend(Collection(compiler.shapes, ignored))
    terms = ", ".join(compiler.term(p, shape.node) for p in allowed)
    where = f"FILTER(?path NOT IN ({terms}))" if terms else ""
    return f"SELECT ?this ?path ?value WHERE {{ {focus} ?this ?path ?value . {where} }}"
