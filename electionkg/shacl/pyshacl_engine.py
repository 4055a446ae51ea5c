"""SHACL validation with pySHACL: the reference engine, read into the project's report.

The data graph passed in already holds the ontology (see ``loading.load_project_graph``), so
``sh:targetClass`` reaches instances of subclasses through the asserted ``rdfs:subClassOf``
triples without any inference step.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import SH

from electionkg.errors import InputError
from electionkg.shacl.report import (
    SEVERITY_ORDER,
    Namer,
    ValidationReport,
    ValidationResult,
    local_name,
    render_message,
)


def validate(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (by default the project's shapes/ folder)."""
    if shapes is None:
        from electionkg.rdf.loading import load_shapes

        shapes = load_shapes()
    conforms, results_graph = run(data, shapes)
    return read_report(conforms, results_graph, data, shapes)


def run(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """pySHACL's conformance flag and results graph (warnings and infos do not fail)."""
    import pyshacl  # imported here: pySHACL takes a while to import

    try:
        conforms, results_graph, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
        )
    except pyshacl.errors.ReportableRuntimeError as error:
        message = " ".join(str(getattr(error, "message", error)).split())
        raise InputError(f"the SHACL shapes cannot be used: {message}") from None
    assert isinstance(results_graph, Graph)
    return bool(conforms), results_graph


def read_report(
    conforms: bool, results_graph: Graph, data: Graph, shapes: Graph
) -> ValidationReport:
    """pySHACL's results graph as the project's report, terms named from ``data``/``shapes``."""
    return ValidationReport(conforms=conforms, results=_read_results(results_graph, data, shapes))


def _read_results(report: Graph, data: Graph, shapes: Graph) -> list[ValidationResult]:
    namer = Namer(data, shapes, report)
    results = []
    # Only the report's own results: nested sh:detail results explain them, and are not counted.
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        results.append(
            ValidationResult(
                focus_node=namer.node(report.value(node, SH.focusNode)),
                result_path=namer.path(report.value(node, SH.resultPath)),
                message=render_message(report.objects(node, SH.resultMessage)),
                value=namer.node(report.value(node, SH.value)),
                severity=local_name(severity) if severity is not None else "Violation",
                source_shape=namer.shape(report.value(node, SH.sourceShape)),
            )
        )
    return sorted(results, key=lambda r: (r.focus_node, SEVERITY_ORDER.get(r.severity, 3), r))
