"""The W3C SHACL test suite (core and SPARQL) against our SPARQL validator in Oxigraph.

The suite is not committed: `.ci/run` unpacks it from pySHACL's sdist on PyPI (which ships
the W3C data-shapes tests as ``test/resources/sht_tests``) into ``.cache/w3c-shacl``, or
``ELECTIONKG_W3C_SHACL_DIR`` names the folder holding its ``manifest.ttl``. When it is missing
the tests skip, and fail when ``CI`` is set.

Every case must either give the expected report, compared as pySHACL's own W3C runner compares
them (``pyshacl.validator_conformance.check_sht_result``: conforms, and the results with their
focus node, path, value, severity, source shape and constraint component), or be refused with
:class:`UnsupportedShapesError` (the build then validates with pySHACL). A case that expects
a failure (``sht:Failure``) passes when it is refused. Any other answer is a wrong answer.

    python tests/test_w3c_shacl.py [--engine ours|pyshacl] [-v]

prints the counts (passed / refused / wrong, core and SPARQL) for the table in the issue note.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, Namespace
from rdflib.term import Node

from electionkg.rdf.terms import to_oxigraph, to_rdflib
from electionkg.shacl.sparql import UnsupportedShapesError, validate_store_rdf

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
REPO = Path(__file__).resolve().parent.parent
SUITE = Path(os.environ.get("ELECTIONKG_W3C_SHACL_DIR", REPO / ".cache" / "w3c-shacl"))
# Issue 14 asks for 95 of the 98 core cases natively (96 pass: shacl-shacl needs recursive
# shapes and personexample's closed shape nests sh:property, both refused).
CORE_PASSED_AT_LEAST = 95


@dataclass(frozen=True)
class Case:
    """One ``sht:Validate`` entry: its id, family (core/sparql) and files."""

    id: str
    family: str
    manifest: Path
    entry: URIRef
    data: Path
    shapes: Path


def _file(iri: Node | None) -> Path:
    assert iri is not None, "a manifest names a file it does not give"
    return Path(unquote(urlparse(str(iri)).path))


@cache
def _graph(path: Path) -> Graph:
    """The file as written: rdflib would otherwise rewrite "1"^^xsd:boolean to "true" on
    parsing, which no engine downstream could tell apart (W3C case uniqueLang-002)."""
    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        return Graph().parse(path, format="turtle")
    finally:
        rdflib.NORMALIZE_LITERALS = previous


def collect(suite: Path) -> list[Case]:
    """Every ``sht:Validate`` case reachable from the suite's top manifest."""
    cases: list[Case] = []
    seen: set[Path] = set()

    def visit(path: Path) -> None:
        if path in seen:
            return
        seen.add(path)
        graph = _graph(path)
        for include in graph.objects(None, MF.include):
            visit(_file(include))
        for entries in graph.objects(None, MF.entries):
            for entry in Collection(graph, entries):
                if (entry, RDF.type, SHT.Validate) not in graph:
                    continue
                assert isinstance(entry, URIRef)
                action = graph.value(entry, MF.action)
                data = _file(graph.value(action, SHT.dataGraph))
                shapes = _file(graph.value(action, SHT.shapesGraph))
                relative = path.relative_to(suite)
                case_id = f"{relative.with_suffix('')}#{str(entry).rsplit('/', 1)[-1]}"
                cases.append(Case(case_id, relative.parts[0], path, entry, data, shapes))

    visit(suite / "manifest.ttl")
    return sorted(cases, key=lambda c: c.id)


def _store_spelling(graph: Graph) -> Graph:
    """The graph with every literal as Oxigraph stores it (canonical numbers and datatypes).

    The one difference allowed, as in test_sparql_validation: Oxigraph keeps "4.0"^^xsd:decimal
    as "4" and the ill-formed "300"^^xsd:byte as "300"^^xsd:integer, so the engine names the
    value as the store holds it. Expected and actual reports both pass through here; which
    nodes and values fail, and how many, is still compared.
    """
    store = ox.Store()
    names = ox.NamedNode("urn:x:s")
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    for s, p, o in graph:
        if isinstance(o, Literal):
            store.clear()
            store.add(ox.Quad(names, names, to_oxigraph(o)))
            o = to_rdflib(next(iter(store)).object)
        out.add((s, p, o))
    return out


def _report_with_terms(report: Graph, data: Graph, shapes: Graph) -> Graph:
    """The report plus the descriptions of the blank nodes it names (shapes, paths, nodes),
    as the comparison follows blank nodes into the graph that holds them. The prefixes are
    the test file's, as the comparison writes IRIs with the graph's prefixes."""
    for graph in (shapes, data):
        for prefix, namespace in graph.namespaces():
            report.bind(prefix, namespace, override=False)
    for predicate in (SH.sourceShape, SH.resultPath, SH.focusNode, SH.value, SH.sourceConstraint):
        for term in list(report.objects(None, predicate)):
            if isinstance(term, BNode) and (term, None, None) not in report:
                for graph in (shapes, data):
                    for triple in graph.cbd(term):
                        report.add(triple)
    return report


@cache
def run_case(case: Case, engine: str = "ours") -> tuple[str, str]:
    """("passed" | "refused" | "wrong", why) for one case."""
    from pyshacl.validator_conformance import check_sht_result

    expected_graph = _graph(case.manifest)
    expected = expected_graph.value(case.entry, MF.result)
    assert isinstance(expected, (URIRef, BNode)), f"{case.entry}: no mf:result"
    expects_failure = expected == SHT.Failure
    data = _graph(case.data)
    shapes = _graph(case.shapes)
    if engine == "pyshacl":
        import pyshacl

        try:
            _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
        except Exception as error:  # noqa: BLE001 - any failure of the reference is counted
            return ("passed" if expects_failure else "refused", f"{type(error).__name__}")
    else:
        store = ox.Store()
        store.extend(
            # rdflib types every term as Node: a parsed graph's subjects and predicates are IRIs
            # or blank nodes, which to_oxigraph's return type does not say.
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())  # type: ignore[arg-type]
            for s, p, o in data
        )
        try:
            report = validate_store_rdf(store, shapes, [ox.DefaultGraph()])
        except UnsupportedShapesError as error:
            return ("passed" if expects_failure else "refused", str(error))
        except Exception as error:  # noqa: BLE001 - a crash is a wrong answer, reported as such
            return ("wrong", f"crashed: {type(error).__name__}: {error}")
    if expects_failure:
        return ("wrong", "the suite expects a failure (refusal), the engine gave a report")
    assert isinstance(report, Graph)
    report = _store_spelling(_report_with_terms(report, data, shapes))
    if check_sht_result(report, _store_spelling(expected_graph), expected):
        return ("passed", "")
    return ("wrong", "the report differs from the expected one")


def _cases_or_none() -> list[Case]:
    return collect(SUITE) if (SUITE / "manifest.ttl").is_file() else []


CASES = _cases_or_none()


def _require_suite() -> None:
    if CASES:
        return
    message = (
        f"the W3C SHACL test suite is missing at {SUITE}: run the line of .ci/run that unpacks "
        "it, or set ELECTIONKG_W3C_SHACL_DIR"
    )
    if "CI" in os.environ:
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.parametrize("case", CASES or [None], ids=lambda c: c.id if c else "suite-missing")
def test_case_passes_or_is_refused(case: Case | None) -> None:
    """No silently wrong answer: the expected report, or a refusal with a reason."""
    _require_suite()
    assert case is not None
    outcome, why = run_case(case)
    assert outcome != "wrong", f"{case.id}: {why}"
    if outcome == "refused":
        assert why, f"{case.id}: refused without a reason"


def test_core_cases_pass_natively() -> None:
    """At least CORE_PASSED_AT_LEAST of the 98 core cases give the expected report natively."""
    _require_suite()
    core = [c for c in CASES if c.family == "core"]
    assert len(core) == 98
    passed = [c.id for c in core if run_case(c)[0] == "passed"]
    assert len(passed) >= CORE_PASSED_AT_LEAST, sorted({c.id for c in core} - set(passed))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["ours", "pyshacl"], default="ours")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case")
    args = parser.parse_args()
    if not CASES:
        print(f"no W3C SHACL suite at {SUITE}", file=sys.stderr)
        return 2
    counts: Counter[tuple[str, str]] = Counter()
    for case in CASES:
        outcome, why = run_case(case, args.engine)
        counts[(case.family, outcome)] += 1
        if args.verbose or outcome == "wrong":
            print(f"{outcome:8} {case.id}  {why}")
    print(f"engine: {args.engine}")
    for family in ("core", "sparql"):
        total = sum(n for (f, _), n in counts.items() if f == family)
        row = ", ".join(f"{o} {counts[(family, o)]}" for o in ("passed", "refused", "wrong"))
        print(f"{family}: {total} cases: {row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
