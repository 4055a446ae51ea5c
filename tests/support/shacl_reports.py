"""SHACL validation reports as comparable values, whichever engine wrote them (Jena, pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node


@dataclass(frozen=True)
class ShaclResult:
    """One ``sh:ValidationResult`` of a report, its path rendered in SPARQL property-path syntax."""

    focus_node: Node
    result_path: str | None
    source_shape: Node | None
    severity: URIRef
    message: str | None
    constraint_component: URIRef | None
    value: Node | None


def shacl_path_text(graph: Graph, path: Node) -> str:
    """Render a SHACL property path of ``graph`` in SPARQL property-path syntax."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in graph:
        steps = [shacl_path_text(graph, step) for step in Collection(graph, path)]
        return "(" + " / ".join(steps) + ")"
    unary = {
        SH.inversePath: "^{}",
        SH.zeroOrMorePath: "({})*",
        SH.oneOrMorePath: "({})+",
        SH.zeroOrOnePath: "({})?",
    }
    for predicate, template in unary.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(shacl_path_text(graph, inner))
    if graph.value(path, SH.alternativePath) is not None:
        return "(" + " | ".join(_alternative_options(graph, path)) + ")"
    raise ValueError(f"not a SHACL path: {path!r}")


def _alternative_options(graph: Graph, path: Node) -> list[str]:
    """The options of an alternative path, nested alternatives flattened.

    Jena reports a three-way ``sh:alternativePath`` as ``((a | b) | c)``, pySHACL as given.
    """
    options = graph.value(path, SH.alternativePath)
    if options is None:
        return [shacl_path_text(graph, path)]
    return [
        text for step in Collection(graph, options) for text in _alternative_options(graph, step)
    ]


def _result_message(graph: Graph, result: Node) -> str | None:
    """The result's ``sh:resultMessage`` texts joined, or None if it has none."""
    messages = sorted(str(message) for message in graph.objects(result, SH.resultMessage))
    return " | ".join(messages) if messages else None


def shacl_results(graph: Graph) -> frozenset[ShaclResult]:
    """The top-level results (``sh:result``, not nested ``sh:detail``) of a SHACL report graph."""
    results = set()
    for result in graph.objects(None, SH.result):
        path = graph.value(result, SH.resultPath)
        severity = graph.value(result, SH.resultSeverity)
        component = graph.value(result, SH.sourceConstraintComponent)
        focus = graph.value(result, SH.focusNode)
        if focus is None:
            raise ValueError(f"validation result without sh:focusNode: {result!r}")
        results.add(
            ShaclResult(
                focus_node=focus,
                result_path=None if path is None else shacl_path_text(graph, path),
                source_shape=graph.value(result, SH.sourceShape),
                severity=severity if isinstance(severity, URIRef) else SH.Violation,
                message=_result_message(graph, result),
                constraint_component=component if isinstance(component, URIRef) else None,
                value=graph.value(result, SH.value),
            )
        )
    return frozenset(results)
