"""SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``): the query and its results.

The constraint's SELECT is joined to the focus nodes of its shape, so one query checks them
all; the rows are read back as pySHACL reads them (``?failure``, ``?path``, ``?value``, other
variables for ``{?var}`` message templates).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import OWL, RDF, SH
from rdflib.term import Node

from electionkg.rdf.terms import OxTerm, to_rdflib
from electionkg.shacl.report import short
from electionkg.shacl.sparql.join_order import join_order_in_exists
from electionkg.shacl.sparql.model import (
    SPARQL_CONSTRAINT_KEYS,
    RawResult,
    Shape,
    UnsupportedShapesError,
)
from electionkg.shacl.sparql.prebinding import prebind_this

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def sparql_query(compiler: Compiler, shape: Shape, constraint: Node, focus: str) -> str:
    """The constraint's SELECT joined to all focus nodes, with its prefixes declared."""
    name = compiler.name(shape.node)
    if shape.sparql_path is not None:
        raise UnsupportedShapesError(f"{name}: sh:sparql on a property shape")
    for predicate in compiler.shapes.predicates(constraint, None):
        if predicate not in SPARQL_CONSTRAINT_KEYS:
            raise UnsupportedShapesError(f"{name}: {short(predicate)} in a sh:sparql constraint")
    selects = list(compiler.shapes.objects(constraint, SH.select))
    if len(selects) != 1:
        raise UnsupportedShapesError(f"{name}: a sh:sparql constraint without one sh:select")
    text = str(selects[0])
    head = re.match(r"\s*SELECT\s+(?P<projection>.*?)\s*(WHERE\s*)?\{", text, re.I | re.S)
    if head is None:
        raise UnsupportedShapesError(f"{name}: a sh:select that does not start with SELECT")
    projection = head.group("projection")
    if "*" in projection or not re.search(r"[?$]this\b", projection):
        raise UnsupportedShapesError(f"{name}: a sh:select that does not project $this")
    body = text[head.end() :]
    if re.search(r"\b(LIMIT|OFFSET)\b", body.rsplit("}", 1)[-1], re.I):
        raise UnsupportedShapesError(f"{name}: a sh:select with LIMIT or OFFSET")
    for forbidden in ("$PATH", "?PATH", "$shapesGraph", "?shapesGraph", "$currentShape"):
        if forbidden in text:
            raise UnsupportedShapesError(f"{name}: {forbidden} in a sh:select")
    text = join_order_in_exists(prebind_this(text, focus, name))
    prefixes = dict(compiler.prefixes)
    prefixes.update(_declared_prefixes(compiler, constraint))
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    return f"{prologue}SELECT * WHERE {{ {focus} {{ {text} }} }}"


def _declared_prefixes(compiler: Compiler, constraint: Node) -> dict[str, str]:
    """The prefixes pySHACL's SPARQL helper collects for a constraint (sh:prefixes)."""
    graph = compiler.shapes
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    named = set(graph.objects(graph.identifier, SH.declare))
    ontology_declares = {d for o in ontologies for d in graph.objects(o, SH.declare)}
    everything = named | ontology_declares
    prefixes: dict[str, str] = {}
    for holder in graph.objects(constraint, SH.prefixes):
        own = set(graph.objects(holder, SH.declare))
        declares = own | named if own and holder in ontologies else everything | own
        for declaration in declares:
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise UnsupportedShapesError(
                    f"{compiler.name(holder)}: a sh:declare without sh:prefix and sh:namespace"
                )
            value = namespace.toPython() if isinstance(namespace, Literal) else namespace
            prefixes[str(prefix)] = str(value)
    return prefixes


def read_solutions(
    solutions: ox.QuerySolutions, shape: Shape, constraint: Node, extra: list[Literal], top: Node
) -> list[RawResult]:
    """One result per distinct row, ``?failure`` rows once per focus node."""
    results = []
    seen: set[tuple[object, ...]] = set()
    names = [v.value for v in solutions.variables]

    def add(focus: OxTerm, path: OxTerm | None, value: OxTerm, variables: dict[str, Node]) -> None:
        messages = _templated(shape, extra, variables)
        results.append(
            RawResult(
                top,
                shape.severity,
                shape.node,
                focus,
                path,
                value,
                messages,
                SH.SPARQLConstraintComponent,
                constraint,
            )  # fmt: skip
        )

    for row in solutions:
        bound = {n: row[n] for n in names if row[n] is not None}
        focus_node = bound.pop("this")
        failure = bound.pop("failure", None)
        if failure is not None:
            key: tuple[object, ...] = (str(focus_node), "failure")
            if key not in seen:
                seen.add(key)
                add(focus_node, None, focus_node, {n: to_rdflib(t) for n, t in bound.items()})
            continue
        path = bound.pop("path", None)
        value = bound.pop("value", None)
        key = (
            str(focus_node),
            str(path),
            str(value),
            tuple(sorted((n, str(t)) for n, t in bound.items())),
        )
        if key in seen:
            continue
        seen.add(key)
        value = value if value is not None else focus_node
        variables = {n: to_rdflib(t) for n, t in bound.items()}
        variables["this"] = to_rdflib(focus_node)
        if path is not None:
            variables["path"] = to_rdflib(path)
        variables["value"] = to_rdflib(value)
        add(focus_node, path, value, variables)
    return results


def _templated(shape: Shape, extra: list[Literal], variables: dict[str, Node]) -> list[Literal]:
    """The constraint's and the shape's messages, templated like pySHACL."""
    messages = []
    for message in [*extra, *[m for m in shape.messages if m not in extra]]:
        text = str(message.value)
        for var, val in variables.items():
            text = re.sub(f"{{[?$]{var}}}", str(val), text)
        messages.append(Literal(text))
    return messages
