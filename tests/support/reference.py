"""pySHACL, the reference engine, run once per data graph and session.

Three test modules compare against pySHACL's report of the same fixtures (the project's
engine in ``test_sparql_validation``, the expected messages and pyshacl-turbo in
``test_shape_fixtures``, Jena in ``test_jena``). The report is computed here, by pySHACL and
never by the code under test, and kept for the session: the same files give the same report.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from decimal import Decimal
from pathlib import Path

from rdflib import Graph

from electionkg import paths
from electionkg.rdf.loading import load_shapes, parse_rdf_file
from electionkg.shacl import pyshacl_engine
from electionkg.shacl.report import ValidationReport, ValidationResult
from support.fixtures import case_files, data_files, ontology_files


@functools.cache
def parsed(file: Path) -> Graph:
    """One RDF file, parsed once per session (only read, never changed)."""
    return parse_rdf_file(file)


@functools.cache
def shapes() -> Graph:
    """The project's shapes, loaded once per session."""
    return load_shapes()


def fixture_data(fixture: Path) -> Graph:
    """A fixture's data without the ontology (context and fixture), as a fresh graph."""
    data = Graph()
    for file in data_files(fixture):
        data += parsed(file)
    return data


@functools.cache
def _run(files: tuple[Path, ...]) -> tuple[Graph, bool, Graph]:
    data = Graph()
    for file in files:
        data += parsed(file)
    conforms, results_graph = pyshacl_engine.run(data, shapes())
    return data, conforms, results_graph


def pyshacl_results(files: tuple[Path, ...]) -> tuple[bool, Graph]:
    """pySHACL's conformance flag and results graph for the union of ``files``."""
    _, conforms, results_graph = _run(files)
    return conforms, results_graph


def reference_report(fixture: Path) -> ValidationReport:
    """pySHACL's report of a fixture's case (``fixtures.case_files``), as the project reads it."""
    return report_of(case_files(fixture))


def project_report() -> ValidationReport:
    """pySHACL's report of the ontology plus the graph/ folder."""
    return report_of((*ontology_files(), *paths.turtle_files(paths.graph_dir())))


def report_of(files: tuple[Path, ...]) -> ValidationReport:
    """pySHACL's report of the union of ``files``, as the project reads reports."""
    data, conforms, results_graph = _run(files)
    return pyshacl_engine.read_report(conforms, results_graph, data, shapes())


# -- pyshacl-turbo, a third reference ---------------------------------------------------------

_DECIMAL = re.compile(r'^"(-?[0-9]+(?:\.[0-9]*)?)"\^\^xsd:decimal$')


def turbo_report(files: tuple[Path, ...]) -> ValidationReport:
    """pyshacl-turbo's report (a Rust engine with pySHACL's API) of the union of ``files``,
    with pySHACL's options, read as pySHACL's is."""
    import pyshacl_turbo

    data = Graph()
    for file in files:
        data += parsed(file)
    conforms, results_graph, _ = pyshacl_turbo.validate(
        data,
        shacl_graph=shapes(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    return pyshacl_engine.read_report(bool(conforms), results_graph, data, shapes())


def by_value(result: ValidationResult) -> ValidationResult:
    """The result with a decimal value in one canonical spelling: for a sum of vote shares
    pySHACL gives rdflib's ``"130.00"^^xsd:decimal`` where pyshacl-turbo gives ``"130"``, the
    same decimal (the only difference between the two over every fixture)."""
    found = _DECIMAL.match(result.value or "")
    if found is None:
        return result
    canonical = format(Decimal(found.group(1)).normalize(), "f")
    return dataclasses.replace(result, value=f'"{canonical}"^^xsd:decimal')


def assert_same_by_value(report: ValidationReport, expected: ValidationReport) -> None:
    """The two reports agree result by result, typed literals compared by value."""
    assert report.conforms == expected.conforms
    assert sorted(map(by_value, report.results)) == sorted(map(by_value, expected.results))
