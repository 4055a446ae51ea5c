"""The SPARQL validator in Oxigraph gives exactly pySHACL's report.

pySHACL (``pyshacl_engine.validate``) is the reference: every expected report here is computed by
it, never by the code under test. The data is put into an Oxigraph store the way the callers do
(ontology and facts in their named graphs, inferences in a third graph that must not be seen).
Blank nodes get fresh ids in the store, so reports are compared by their strings, which name
blank nodes by how they are reached, not by id.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from support.fixtures import ontology_files
from support.reference import (
    assert_same_by_value,
    fixture_data,
    project_report,
    reference_report,
    turbo_report,
)

from electionkg import paths
from electionkg.rdf import namespaces
from electionkg.rdf.loading import load_facts, load_ontology, load_shapes
from electionkg.shacl.pyshacl_engine import validate
from electionkg.shacl.report import ValidationReport
from electionkg.shacl.sparql import UnsupportedShapesError, validate_store
from electionkg.shacl.validator import validate_graph

TESTS = Path(__file__).resolve().parent
FIXTURES = sorted((TESTS / "shapes").glob("*/*.ttl")) + sorted((TESTS / "evidence").glob("*/*.ttl"))
ONTOLOGY = ox.NamedNode(namespaces.ONTOLOGY_GRAPH)
FACTS = ox.NamedNode(namespaces.FACTS_GRAPH)
INFERRED = ox.NamedNode(namespaces.INFERRED_GRAPH)
DATA_GRAPHS = [ONTOLOGY, FACTS]

PREFIXES = """\
@prefix ekg: <https://w3id.org/electionkg/ontology#> .
@prefix ekgsh: <https://w3id.org/electionkg/shapes#> .
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def store_of(ontology: Graph, facts: Graph, inferred: Graph | None = None) -> ox.Store:
    """A store laid out like the callers': ontology and facts in their own named graphs."""
    store = ox.Store()
    for graph, name in ((ontology, ONTOLOGY), (facts, FACTS), (inferred, INFERRED)):
        if graph is not None and len(graph):
            data = graph.serialize(format="nt", encoding="utf-8")
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    return store


_DECIMAL = re.compile(r'"(?P<number>[+-]?[0-9]*\.?[0-9]*)"\^\^xsd:decimal')


def _canonical_decimal(match: re.Match[str]) -> str:
    number = match.group("number").lstrip("+")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return f'"{number or "0"}"^^xsd:decimal'


def canonical_numbers(report: ValidationReport) -> ValidationReport:
    """The report with xsd:decimal values in canonical spelling ("130.00" becomes "130").

    The one difference allowed: Oxigraph stores a decimal as a number and writes it back in
    canonical form, and pySHACL's rdflib keeps (and sums with) the spelling of the input, so
    "65.00" + "65.00" is "130.00" there and "130" here. Nothing else is normalised.
    """
    results = [
        replace(result, value=_DECIMAL.sub(_canonical_decimal, result.value))
        for result in report.results
    ]
    return ValidationReport(conforms=report.conforms, results=sorted(results))


def assert_same_report(actual: ValidationReport, expected: ValidationReport) -> None:
    if actual.results != expected.results:
        actual, expected = canonical_numbers(actual), canonical_numbers(expected)
    assert actual.results == expected.results, (
        f"pySHACL:\n{expected.format_text()}\n\nOxigraph:\n{actual.format_text()}"
    )
    assert actual.conforms == expected.conforms


def test_project_graph_gives_pyshacl_report(ontology: Graph, shapes: Graph) -> None:
    facts = load_facts()
    expected = project_report()
    assert_same_report(validate_store(store_of(ontology, facts), shapes, DATA_GRAPHS), expected)
    assert_same_report(validate_graph(ontology + facts, shapes), expected)


def test_pyshacl_turbo_gives_pyshacl_report_on_the_project_graph() -> None:
    """pyshacl-turbo, a third reference beside pySHACL and Jena (issue 14)."""
    files = (*ontology_files(), *paths.turtle_files(paths.graph_dir()))
    assert_same_by_value(turbo_report(files), project_report())


@pytest.mark.parametrize(
    "path", FIXTURES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}"
)
def test_fixture_gives_pyshacl_report(path: Path, ontology: Graph, shapes: Graph) -> None:
    """The engine gives pySHACL's report, and so does the commands' path (validate_graph,
    which names terms from the rdflib graph, in its spelling: only numbers a SPARQL
    constraint computes, such as a sum, come out in canonical form). The facts are the
    fixture's case without the ontology: the shared context unless it opts out, and the fixture."""
    facts = fixture_data(path)
    data = ontology + facts
    expected = reference_report(path)
    assert_same_report(validate_store(store_of(ontology, facts), shapes, DATA_GRAPHS), expected)
    assert_same_report(validate_graph(data, shapes), expected)


def test_fixtures_exist() -> None:
    assert len(FIXTURES) > 100


def test_only_the_given_graphs_are_validated(ontology: Graph, shapes: Graph) -> None:
    """A label-less state in the inferred graph is not seen unless that graph is passed."""
    bad = Graph().parse(data=PREFIXES + "ex:nowhere a ekg:State .", format="turtle")
    store = store_of(ontology, load_facts(), inferred=bad)
    assert "ex:nowhere" not in validate_store(store, shapes, DATA_GRAPHS).format_text()
    with_inferred = validate_store(store, shapes, [*DATA_GRAPHS, INFERRED])
    assert not with_inferred.conforms
    assert any("nowhere" in result.focus_node for result in with_inferred.results)


SYNTHETIC_SHAPES = (
    PREFIXES
    + """
ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:size ; sh:minCount 2 ; sh:maxCount 3 ; sh:datatype xsd:integer ;
                  sh:minExclusive 0 ; sh:maxExclusive 10 ; sh:message "size"@en ] ,
      [ sh:path ( ex:part ex:name ) ; sh:minLength 2 ; sh:maxLength 5 ; sh:pattern "^[a-z]" ;
        sh:message "name" ] ,
      [ sh:path [ sh:inversePath ex:owns ] ; sh:nodeKind sh:IRI ; sh:class ex:Owner ;
        sh:message "owner" ] ,
      [ sh:path ex:kind ; sh:in ( ex:a ex:b "c" ) ; sh:hasValue ex:a ; sh:message "kind" ] ,
      [ sh:path ex:part ; sh:and ( ex:PartShape [ sh:not [ sh:class ex:Broken ] ] ) ;
        sh:severity sh:Warning ; sh:message "part" ] ,
      [ sh:path ex:label ; sh:uniqueLang true ] .

ex:PartShape a sh:NodeShape ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ] ,
      [ sh:path ex:weight ; sh:maxCount 2 ; sh:or ( [ sh:datatype xsd:decimal ]
                                                  [ sh:datatype xsd:date ] ) ] .

ex:Sub rdfs:subClassOf ex:Thing .
"""
)

SYNTHETIC_DATA = (
    PREFIXES
    + """
ex:Sub rdfs:subClassOf ex:Thing .
ex:t1 a ex:Sub ; ex:size 1 ; ex:kind ex:b , "c"@en ; ex:label "x"@en , "y"@EN , "z"@fr ;
    ex:part ex:p1 , ex:p2 , [ ex:name "ok" ] .
ex:t2 a ex:Thing ; ex:size 3 , 4 , 5 , "11"^^xsd:integer , "abc"^^xsd:integer ; ex:kind ex:a ;
    ex:part [ a ex:Broken ; ex:name "Zed" , "zz" ] .
ex:p1 ex:name "a" , "toolongname" ; ex:weight "1.5"^^xsd:decimal , "2024-13-01"^^xsd:date .
ex:p2 ex:name "fine" ; ex:weight "nope"^^xsd:decimal .
ex:o1 ex:owns ex:t1 .
_:anon ex:owns ex:t2 .
ex:o1 a ex:Owner .
ex:t3 a ex:Thing ; ex:low 1 , 5 ; ex:high 3 , 5.0 .
"""
)


def test_synthetic_shapes_give_pyshacl_report() -> None:
    """Components the project's shapes do not use (or use little) agree with pySHACL too."""
    shapes = Graph().parse(data=SYNTHETIC_SHAPES, format="turtle")
    data = Graph().parse(data=SYNTHETIC_DATA, format="turtle")
    expected = validate(data, shapes)
    assert len(expected.results) > 8
    assert_same_report(validate_store(store_of(Graph(), data), shapes, DATA_GRAPHS), expected)


NEWLY_SUPPORTED = [
    'ex:part ; sh:qualifiedValueShape [ sh:class ex:Broken ] ; sh:qualifiedMaxCount 0 ; sh:message "q"',  # noqa: E501
    'ex:part ; sh:qualifiedValueShape [ sh:nodeKind sh:IRI ] ; sh:qualifiedMinCount 2 ; sh:message "q"',  # noqa: E501
    'ex:kind ; sh:languageIn ( "en" ) ; sh:message "lang"',
    'ex:part ; sh:equals ex:kind ; sh:message "eq"',
    'ex:kind ; sh:disjoint ex:kind ; sh:message "dis"',
    'ex:low ; sh:lessThan ex:high ; sh:message "lt"',
    'ex:low ; sh:lessThanOrEquals ex:high ; sh:message "le"',
    '( ex:part ex:name ) ; sh:pattern "^Z" ; sh:flags "i" ; sh:message "flags"',
    'ex:part ; sh:property [ sh:path ex:name ; sh:maxCount 1 ; sh:message "nested" ]',
]


@pytest.mark.parametrize("constraint", NEWLY_SUPPORTED)
def test_newly_supported_component_gives_pyshacl_report(constraint: str) -> None:
    """Components added for the W3C suite agree with pySHACL on the synthetic data."""
    assert_property_shape_agrees(constraint, SYNTHETIC_DATA)


def assert_property_shape_agrees(constraint: str, data_text: str) -> None:
    """A property shape ``[ sh:path CONSTRAINT ]`` on every ex:Thing of ``data_text`` gives
    pySHACL's report."""
    assert_shape_agrees(
        "ex:PickyShape a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        f"  sh:property [ sh:path {constraint} ] .",
        data_text,
    )


def assert_shape_agrees(shape: str, data_text: str) -> None:
    """``shape`` (Turtle) on ``data_text`` gives pySHACL's report, which must not be empty
    (the data has to break the shape)."""
    shapes = Graph().parse(data=PREFIXES + shape, format="turtle")
    data = Graph().parse(data=data_text, format="turtle")
    expected = validate(data, shapes)
    assert expected.results, "the data must break the shape"
    assert_same_report(validate_store(store_of(Graph(), data), shapes, DATA_GRAPHS), expected)


def test_closed_shape_gives_pyshacl_report() -> None:
    assert_shape_agrees(
        "ex:ClosedShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ;\n"
        '  sh:ignoredProperties ( rdf:type ex:label ) ; sh:message "closed" ;\n'
        "  sh:property [ sh:path ex:size ] , [ sh:path ex:kind ] .",
        SYNTHETIC_DATA,
    )


EDGE_VALUES = (
    PREFIXES
    + """
ex:e1 a ex:Thing ; ex:n 0 , 5 , -1 , 007 , "+3"^^xsd:integer , 2.5 , 3.0 , 10.25 , 1e1 ,
    "abc"^^xsd:integer , "9,21"^^xsd:decimal , "x" ;
  ex:s "ab" , "abc" , "abcd"@en , "" , ex:iri , "123"^^xsd:integer , "12.50"^^xsd:decimal ,
    "été" , true .
"""
)

EDGE_CONSTRAINTS = [
    'ex:n ; sh:minInclusive 0 ; sh:message "min"',
    'ex:n ; sh:maxExclusive 5 ; sh:message "max"',
    'ex:n ; sh:minExclusive 2.5 ; sh:message "min decimal"',
    'ex:n ; sh:maxInclusive 3.0 ; sh:message "max decimal"',
    'ex:n ; sh:minInclusive 1e0 ; sh:message "min double"',
    'ex:n ; sh:datatype xsd:integer ; sh:message "integer"',
    'ex:n ; sh:datatype xsd:decimal ; sh:message "decimal"',
    'ex:s ; sh:minLength 3 ; sh:message "short"',
    'ex:s ; sh:maxLength 3 ; sh:message "long"',
]


@pytest.mark.parametrize("constraint", EDGE_CONSTRAINTS)
def test_values_judged_in_sparql_give_pyshacl_report(constraint: str) -> None:
    """Ranges, integer and decimal datatypes and lengths are decided in SPARQL for the values
    whose verdict is certain (well-typed exact numbers, strings and IRIs) and in Python as
    pySHACL decides for the rest: ill-typed, other types, other bounds."""
    assert_property_shape_agrees(constraint, EDGE_VALUES)


@pytest.mark.parametrize(
    ("constraint", "feature"),
    [
        ("sh:node [ sh:closed true ]", "sh:closed"),
        ("sh:or ( [ sh:path ex:name ; sh:equals ex:label ] )", "sh:equals"),
        ('sh:sparql [ sh:select "SELECT $this WHERE { }" ]', "sh:sparql on a property shape"),
        (
            'sh:node [ sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] ]',
            "sh:sparql in a shape used by sh:node",
        ),
    ],
)
def test_unsupported_feature_is_refused_by_name(constraint: str, feature: str) -> None:
    shapes = Graph().parse(
        data=PREFIXES
        + "ex:PickyShape a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + f"  sh:property [ sh:path ex:part ; {constraint} ] .",
        format="turtle",
    )
    with pytest.raises(UnsupportedShapesError) as error:
        validate_store(ox.Store(), shapes, DATA_GRAPHS)
    assert feature in str(error.value)
