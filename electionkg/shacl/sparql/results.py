"""The SPARQL engine's results as reports: the project's readable report, or the W3C graph.

:func:`validate_store` runs the :class:`~electionkg.shacl.sparql.engine.Engine` and names the
results as pySHACL's report would (:class:`~electionkg.shacl.report.Namer`);
:func:`validate_store_rdf` gives them as a W3C ``sh:ValidationReport`` graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from electionkg.rdf.terms import OxTerm, to_oxigraph, to_rdflib
from electionkg.shacl.report import (
    SEVERITY_ORDER,
    Namer,
    ValidationReport,
    ValidationResult,
    local_name,
    render_message,
)
from electionkg.shacl.sparql.compiler import Compiler
from electionkg.shacl.sparql.engine import ALLOWED_SEVERITIES, DataGraph, Engine
from electionkg.shacl.sparql.model import RawResult


class _StoreData:
    """The two look-ups ``report.Namer`` makes in the data graph, answered by the store."""

    def __init__(self, store: ox.Store, graphs: Sequence[DataGraph]) -> None:
        self.store = store
        self.graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = list(graphs)

    def subject_predicates(self, object: Node | None = None) -> Iterator[tuple[Node, Node]]:
        seen = set()
        target = to_oxigraph(object) if object is not None else None
        for graph in self.graphs:
            for quad in self.store.quads_for_pattern(None, None, target, graph):
                arc = (to_rdflib(quad.subject), to_rdflib(quad.predicate))
                if arc not in seen:
                    seen.add(arc)
                    yield arc

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        seen = set()
        s = to_oxigraph(subject) if subject is not None else None
        p = to_oxigraph(predicate) if predicate is not None else None
        for graph in self.graphs:
            for quad in self.store.quads_for_pattern(s, p, None, graph):  # type: ignore[arg-type]
                term = to_rdflib(quad.object)
                if term not in seen:
                    seen.add(term)
                    yield term


def validate_store(
    store: ox.Store,
    shapes: Graph,
    data_graphs: Sequence[ox.NamedNode | ox.DefaultGraph],
    original: Graph | None = None,
    spelling: Callable[[], Graph] | None = None,
) -> ValidationReport:
    """Validate the union of `data_graphs` of `store` against `shapes`, with SPARQL in Oxigraph.

    ``original``: the rdflib graph the store was filled from (blank node ids kept), if any.
    The report then names terms from it, as pySHACL does, and gives literal values in its
    spelling ("177.0"^^xsd:decimal, where Oxigraph keeps "177"). Without it, ``spelling``
    gives such a graph for the spelling alone, read only if a result names a typed literal.

    No inference, like pySHACL with inference='none', advanced=True: ``sh:targetClass`` reaches
    instances of subclasses only through ``rdfs:subClassOf`` triples in the graphs passed (so
    pass the ontology graph along with the facts). Only the graphs passed are read, as one
    union graph. Raises :class:`UnsupportedShapesError` before reporting anything when a shape
    uses a feature this engine does not implement; validate those with
    ``validation.validate`` (pySHACL).
    """
    raw = Engine(store, data_graphs, Compiler(shapes)).run()
    namer = Namer(_StoreData(store, data_graphs) if original is None else original, shapes, Graph())

    spellings: list[Graph] = [original] if original is not None else []

    def spelled(term: OxTerm | None, focus: OxTerm) -> Node | None:
        node = to_rdflib(term) if term is not None else None
        if not isinstance(node, Literal) or node.datatype is None:
            return node
        if not spellings and spelling is not None:
            spellings.append(spelling())
        return _original_spelling(spellings[0], to_rdflib(focus), node) if spellings else node

    results = []
    for result in raw:
        path = result.path
        results.append(
            ValidationResult(
                focus_node=namer.node(spelled(result.focus, result.focus)),
                result_path=namer.path(to_rdflib(path) if _is_ox(path) else path),  # type: ignore[arg-type]
                message=render_message(result.messages),
                value=namer.node(spelled(result.value, result.focus)),
                severity=local_name(result.severity),
                source_shape=namer.shape(result.source_shape),
            )
        )
    results.sort(key=lambda r: (r.focus_node, SEVERITY_ORDER.get(r.severity, 3), r))
    return ValidationReport(conforms=_conforms(raw), results=results)


def validate_store_rdf(
    store: ox.Store,
    shapes: Graph,
    data_graphs: Sequence[ox.NamedNode | ox.DefaultGraph],
) -> Graph:
    """The same validation as :func:`validate_store`, as a W3C ``sh:ValidationReport`` graph.

    Terms are the store's and the shapes graph's own (blank nodes keep their ids), with
    ``sh:sourceConstraintComponent`` and, for SHACL-SPARQL, ``sh:sourceConstraint``: the
    report the W3C SHACL test suite compares. ``sh:conforms`` is the standard's: true only
    when there is no result at all (:func:`validate_store` allows warnings and infos, as the
    project's commands do).
    """
    raw = Engine(store, data_graphs, Compiler(shapes)).run()
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not raw)))
    for result in raw:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, to_rdflib(result.focus)))
        graph.add((node, SH.resultSeverity, result.severity))
        graph.add((node, SH.sourceShape, result.source_shape))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        if result.path is not None:
            path = to_rdflib(result.path) if _is_ox(result.path) else result.path
            assert isinstance(path, Node)
            graph.add((node, SH.resultPath, path))
        if result.value is not None:
            graph.add((node, SH.value, to_rdflib(result.value)))
        if result.constraint is not None:
            graph.add((node, SH.sourceConstraint, result.constraint))
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
    return graph


def _conforms(raw: list[RawResult]) -> bool:
    """False when a result of a Violation-level top shape is itself a Violation."""
    return all(
        r.top_severity in ALLOWED_SEVERITIES or r.severity in ALLOWED_SEVERITIES for r in raw
    )


def _original_spelling(original: Graph, focus: Node, value: Literal) -> Literal:
    """The literal as ``original`` spells it: the focus node itself, or one of its objects,
    of equal value and datatype (else the store's canonical spelling)."""
    candidates = [focus] if isinstance(focus, Literal) else original.objects(focus, None)
    for candidate in candidates:
        if (
            isinstance(candidate, Literal)
            and candidate.datatype == value.datatype
            and candidate.eq(value)
        ):
            return candidate
    return value


def _is_ox(term: object) -> bool:
    return isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal))
