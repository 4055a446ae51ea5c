"""pySHACL, the reference engine, run once per data graph and session.

Three test modules compare against pySHACL's report of the same fixtures (the project's
engine in ``test_sparql_validation``, the expected messages in ``test_shape_fixtures``, Jena in
``test_jena``). The report is computed here, by pySHACL and never by the code under test, and
kept for the session: the same files give the same report.
"""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph

from electionkg import paths
from electionkg.rdf.loading import load_shapes, parse_rdf_file
from electionkg.shacl import pyshacl_engine
from electionkg.shacl.report import ValidationReport
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
