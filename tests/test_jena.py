"""Apache Jena as an independent engine: riot accepts every Turtle file, SHACL agrees with pySHACL.

Jena runs as a few batched JVM calls (one ``riot`` for all files, one ``riot`` to parse every
SHACL input, then one JVM that validates every data graph: ``support/JenaShaclBatch.java``);
the results are cached per session, and pySHACL parses each file once a session.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node
from support import jena, shacl_reports
from support.fixtures import CONTEXT_NAME, SHAPE_FIXTURES, case_files
from support.reference import pyshacl_results

from electionkg import paths

pytestmark = pytest.mark.jena

TESTS_DIR = Path(__file__).resolve().parent
VALID_FIXTURES_DIR = TESTS_DIR / "shapes" / "valid"
INVALID_FIXTURES_DIR = TESTS_DIR / "shapes" / "invalid"
PROJECT_GRAPH = "project-graph"

BLANK_SHAPE = "[blank shape]"
"""Stands for a blank-node source shape, which the two engines cannot name alike."""

EX = "http://example.org/"

ViolationKey = tuple[str, str | None, str | None]


# --- which files ------------------------------------------------------------------------------


def turtle_folders() -> dict[str, Path]:
    """The folders whose Turtle files Jena must accept, keyed by a short display name."""
    return {
        "ontology": paths.ontology_dir(),
        "graph": paths.graph_dir(),
        "shapes": paths.shapes_dir(),
        "tests/shapes/valid": VALID_FIXTURES_DIR,
        "tests/shapes/invalid": INVALID_FIXTURES_DIR,
    }


def display_name(path: Path) -> str:
    """A file's test id: its folder's display name and its file name."""
    for name, folder in turtle_folders().items():
        if path.parent == folder:
            return f"{name}/{path.name}"
    if path == SHAPE_FIXTURES / CONTEXT_NAME:
        return f"tests/shapes/{CONTEXT_NAME}"
    return str(path)


def all_turtle_files() -> list[Path]:
    """Every Turtle file of every checked folder, and the fixtures' shared context."""
    files = [file for folder in turtle_folders().values() for file in paths.turtle_files(folder)]
    return [*files, SHAPE_FIXTURES / CONTEXT_NAME]


def shacl_cases() -> dict[str, list[Path]]:
    """The data graphs to validate, by name: ontology + graph, then each fixture's case files
    (ontology, the shared context unless the fixture opts out, the fixture)."""
    ontology = paths.turtle_files(paths.ontology_dir())
    cases = {PROJECT_GRAPH: ontology + paths.turtle_files(paths.graph_dir())}
    for folder in (VALID_FIXTURES_DIR, INVALID_FIXTURES_DIR):
        for fixture in paths.turtle_files(folder):
            cases[display_name(fixture)] = list(case_files(fixture))
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise by file or case name at collection time, so that a failure names its file."""
    if "folder_name" in metafunc.fixturenames:
        metafunc.parametrize("folder_name", list(turtle_folders()))
    if "turtle_file" in metafunc.fixturenames:
        files = all_turtle_files()
        metafunc.parametrize("turtle_file", files, ids=[display_name(f) for f in files])
    if "shacl_case" in metafunc.fixturenames:
        metafunc.parametrize("shacl_case", list(shacl_cases()))


# --- Jena runs, once per session ----------------------------------------------------------------


def _riot_alone(file: Path) -> list[str]:
    """Validate one file with riot; its problems, or riot's whole output if it names none."""
    ok, output = jena.riot_validate([file])
    return [] if ok else jena.riot_problems_by_file(output, [file])[file] or [output]


@functools.cache
def riot_problems() -> dict[Path, list[str]] | jena.JenaError:
    """Each file's riot warnings and errors from one JVM, per-file JVMs only if it names none."""
    files = all_turtle_files()
    try:
        ok, output = jena.riot_validate(files)
        problems = jena.riot_problems_by_file(output, files)
        if ok or any(problems.values()):
            return problems
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            return dict(zip(files, pool.map(_riot_alone, files), strict=True))
    except jena.JenaError as error:
        return error


def shapes_files() -> list[Path]:
    """The files of the shapes graph."""
    return paths.turtle_files(paths.shapes_dir())


@functools.cache
def jena_reports() -> dict[str, jena.JenaShaclReport] | jena.JenaError:
    """Jena's SHACL report of every case: all files parsed in one JVM, validated in another."""
    cases = shacl_cases()
    try:
        reports = jena.shacl_validate_many(list(cases.values()), shapes_files())
    except jena.JenaError as error:
        return error
    return dict(zip(cases, reports, strict=True))


# --- comparing two SHACL engines ------------------------------------------------------------------


def _shape_key(shape: Node | None) -> str | None:
    """A source shape in N3 syntax, or a placeholder for a blank one."""
    if shape is None:
        return None
    return BLANK_SHAPE if isinstance(shape, BNode) else shape.n3()


def sorted_keys(keys: Iterable[ViolationKey]) -> list[ViolationKey]:
    """Violation keys in a stable order."""
    return sorted(keys, key=lambda key: tuple(part or "" for part in key))


@dataclass(frozen=True)
class ViolationSummary:
    """What two engines must agree on: the conforms flag and the keyed ``sh:Violation`` results."""

    conforms: bool
    named: frozenset[ViolationKey]
    blank_focus_counts: tuple[tuple[tuple[str | None, str | None], int], ...]

    def describe(self) -> str:
        """The summary as readable lines."""
        lines = [f"conforms: {self.conforms}", f"violations, named focus ({len(self.named)}):"]
        lines += [f"  {f} | path {p} | shape {s}" for f, p, s in sorted_keys(self.named)]
        lines.append("violations, blank focus, counted by (path, shape):")
        lines += [f"  {n} x path {p} | shape {s}" for (p, s), n in self.blank_focus_counts]
        return "\n".join(lines)


def summarise(conforms: bool, results: Iterable[shacl_reports.ShaclResult]) -> ViolationSummary:
    """Key violations by (focus, path, shape); count the distinct blank foci per (path, shape)."""
    named: set[ViolationKey] = set()
    blank: set[tuple[Node, str | None, str | None]] = set()
    for result in results:
        if result.severity != SH.Violation:
            continue
        shape = _shape_key(result.source_shape)
        if isinstance(result.focus_node, BNode):
            blank.add((result.focus_node, result.result_path, shape))
        else:
            named.add((result.focus_node.n3(), result.result_path, shape))
    counts = Counter((path, shape) for _, path, shape in blank)
    ordered = sorted(counts.items(), key=lambda item: (item[0][0] or "", item[0][1] or ""))
    return ViolationSummary(conforms, frozenset(named), tuple(ordered))


def describe_disagreement(name: str, py_side: ViolationSummary, jena_side: ViolationSummary) -> str:
    """A failure message with what only one engine reported, then both summaries."""
    return "\n".join(
        [
            f"pySHACL and Jena disagree on {name}",
            f"only pySHACL: {sorted_keys(py_side.named - jena_side.named)}",
            f"only Jena: {sorted_keys(jena_side.named - py_side.named)}",
            "--- pySHACL ---",
            py_side.describe(),
            "--- Jena ---",
            jena_side.describe(),
        ]
    )


# --- the project's files ------------------------------------------------------------------------


def test_folder_has_turtle_files(folder_name: str) -> None:
    """Each checked folder holds Turtle files, so the tests below cannot pass vacuously."""
    folder = turtle_folders()[folder_name]
    assert paths.turtle_files(folder), f"{folder_name} ({folder}) holds no .ttl file"


def test_riot_accepts(turtle_file: Path) -> None:
    """Jena's ``riot --validate --strict`` reports no warning and no error for the file."""
    problems = riot_problems()
    if isinstance(problems, jena.JenaError):
        pytest.fail(f"Jena riot could not run: {problems}")
    found = problems[turtle_file]
    assert not found, f"riot rejects {display_name(turtle_file)}:\n" + "\n".join(found)


def test_shacl_engines_agree(shacl_case: str) -> None:
    """Jena and pySHACL agree on conformance and on the violations of the data graph.

    pySHACL runs with ``allow_warnings=True``, so Jena's flag is compared the same way: conforming
    means no result other than ``sh:Warning``/``sh:Info``.
    """
    data_files, shapes = shacl_cases()[shacl_case], shapes_files()
    assert shapes, "shapes/ holds no .ttl file"
    assert paths.turtle_files(paths.ontology_dir()), "ontology/ holds no .ttl file"
    reports = jena_reports()
    if isinstance(reports, jena.JenaError):
        pytest.fail(f"Jena SHACL could not run: {reports}")
    jena_report = reports[shacl_case]
    assert jena_report.conforms == (not jena_report.results), jena_report.report_turtle
    py_conforms, py_report = pyshacl_results(tuple(data_files))  # shapes/ as above
    py_side = summarise(py_conforms, shacl_reports.shacl_results(py_report))
    jena_side = summarise(jena_report.conforms_allowing_warnings, jena_report.results)
    assert py_side == jena_side, describe_disagreement(shacl_case, py_side, jena_side)


# --- the harness itself -------------------------------------------------------------------------

GOOD_TURTLE = f"""@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:alice ex:name "Alice"@en ; ex:born "1970-01-01"^^xsd:date .
"""

BROKEN_TURTLE = f"""@prefix ex: <{EX}> .
ex:alice ex:name "Alice ;
ex:bob ex:name "Bob" .
"""

SHAPES_TURTLE = f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <{EX}> .
@prefix ekgsh: <https://w3id.org/electionkg/shapes#> .

<https://w3id.org/electionkg/shapes> a owl:Ontology ;
    sh:declare [ sh:prefix "ex" ; sh:namespace "{EX}"^^xsd:anyURI ] .

ekgsh:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property [ sh:path ex:born ; sh:datatype xsd:date ] ;
    sh:sparql [
        sh:message "{{$this}} has no name" ;
        sh:prefixes <https://w3id.org/electionkg/shapes> ;
        sh:select "SELECT $this WHERE {{ FILTER NOT EXISTS {{ $this ex:name ?name }} }}" ;
    ] .
"""

VIOLATING_DATA = f"""@prefix ex: <{EX}> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:born "yesterday" .
ex:bob a ex:Person .
"""


def test_riot_rejects_broken_turtle(tmp_path: Path) -> None:
    """riot fails on a broken file, names it, and does not blame the good file beside it."""
    good, broken = tmp_path / "good.ttl", tmp_path / "broken.ttl"
    good.write_text(GOOD_TURTLE, encoding="utf-8")
    broken.write_text(BROKEN_TURTLE, encoding="utf-8")
    ok, output = jena.riot_validate([good, broken])
    assert not ok, output
    problems = jena.riot_problems_by_file(output, [good, broken])
    assert problems[good] == [], output
    assert any(line.startswith("ERROR") for line in problems[broken]), output


def test_jena_shacl_reports_violations(tmp_path: Path) -> None:
    """Jena flags a core and a SHACL-SPARQL violation (prefixes by ``sh:declare``); both parsed."""
    shapes, data, good = tmp_path / "shapes.ttl", tmp_path / "data.ttl", tmp_path / "good.ttl"
    shapes.write_text(SHAPES_TURTLE, encoding="utf-8")
    data.write_text(VIOLATING_DATA, encoding="utf-8")
    good.write_text(GOOD_TURTLE + "ex:alice a ex:Person .\n", encoding="utf-8")
    violating, conforming = jena.shacl_validate_many([data, good], shapes)
    assert violating.conforms is False, violating.report_turtle
    found = {(r.focus_node, r.result_path, r.constraint_component) for r in violating.violations}
    assert found == {
        (URIRef(EX + "alice"), f"<{EX}born>", SH.DatatypeConstraintComponent),
        (URIRef(EX + "bob"), None, SH.SPARQLConstraintComponent),
    }, violating.report_turtle
    messages = {r.message for r in violating.results}
    assert f"<{EX}bob> has no name" in messages, violating.report_turtle  # Jena renders {$this}
    assert conforming.conforms is True and not conforming.results, conforming.report_turtle


def test_sparql_select_and_ask(tmp_path: Path) -> None:
    """ARQ answers a SELECT (with an unbound OPTIONAL) and an ASK as expected."""
    data = tmp_path / "data.ttl"
    data.write_text(GOOD_TURTLE + 'ex:bob ex:name "Bob" .\n', encoding="utf-8")
    query = f"""PREFIX ex: <{EX}>
SELECT ?person ?name ?born WHERE {{ ?person ex:name ?name OPTIONAL {{ ?person ex:born ?born }} }}
ORDER BY ?person"""
    assert jena.sparql_select(query, data) == [
        {
            "person": URIRef(EX + "alice"),
            "name": Literal("Alice", lang="en"),
            "born": Literal("1970-01-01", datatype=XSD.date),
        },
        {"person": URIRef(EX + "bob"), "name": Literal("Bob")},
    ]
    assert jena.sparql_ask(f"ASK {{ <{EX}bob> ?p ?o }}", data) is True


def test_summaries_tell_engines_apart() -> None:
    """The comparison sees a differing violation and counts blank focus nodes, not their labels."""
    alice = shacl_reports.ShaclResult(
        URIRef(EX + "alice"), "<p>", BNode(), SH.Violation, None, None, None
    )
    blank_a = shacl_reports.ShaclResult(
        BNode("a"), None, URIRef(EX + "S"), SH.Violation, None, None, None
    )
    blank_b = shacl_reports.ShaclResult(
        BNode("b"), None, URIRef(EX + "S"), SH.Violation, None, None, None
    )
    warning = shacl_reports.ShaclResult(
        URIRef(EX + "bob"), None, BNode(), SH.Warning, None, None, None
    )
    one_side = summarise(False, [alice, blank_a, warning])
    assert one_side == summarise(False, [alice, blank_b])
    assert one_side != summarise(False, [alice, blank_a, blank_b])
    assert one_side != summarise(False, [blank_a])
    assert "only Jena" in describe_disagreement("x", one_side, summarise(False, [blank_a]))
