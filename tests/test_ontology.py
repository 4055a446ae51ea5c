"""The ontology is standard, documented and consistent with the shapes (design.md §2-§4)."""

from __future__ import annotations

import pytest
from rdflib import Graph
from support.query_rows import select_rows

from electionkg.rdf.loading import load_ontology, load_shapes

PREFIXES = """
PREFIX ekg:     <https://w3id.org/electionkg/ontology#>
PREFIX owl:     <http://www.w3.org/2002/07/owl#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX sh:      <http://www.w3.org/ns/shacl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX vann:    <http://purl.org/vocab/vann/>
"""

# Integrity rules as SPARQL that must return no rows (schema.org's test_graphs.py habit).
ONTOLOGY_RULES = {
    "every term of ours has an English rdfs:label": """
        SELECT ?term WHERE {
            VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
            ?term a ?kind .
            FILTER STRSTARTS(STR(?term), STR(ekg:))
            FILTER NOT EXISTS { ?term rdfs:label ?label FILTER (lang(?label) = "en") }
        }""",
    "every term of ours has an English definition": """
        SELECT ?term WHERE {
            VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
            ?term a ?kind .
            FILTER STRSTARTS(STR(?term), STR(ekg:))
            FILTER NOT EXISTS {
                { ?term skos:definition ?text } UNION { ?term rdfs:comment ?text }
                FILTER (lang(?text) = "en")
            }
        }""",
    "every property of ours has a domain or is a sub-property": """
        SELECT ?term WHERE {
            VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty }
            ?term a ?kind .
            FILTER STRSTARTS(STR(?term), STR(ekg:))
            FILTER NOT EXISTS { ?term rdfs:domain ?domain }
            FILTER NOT EXISTS { ?term rdfs:subPropertyOf ?super }
        }""",
    "every concept is in a scheme and has an English preferred label": """
        SELECT ?concept WHERE {
            ?concept a skos:Concept .
            FILTER (NOT EXISTS { ?concept skos:inScheme ?scheme }
                || NOT EXISTS { ?concept skos:prefLabel ?l FILTER (lang(?l) = "en") })
        }""",
    "every term used as a superclass of ours is declared or external": """
        SELECT ?super WHERE {
            ?class rdfs:subClassOf ?super .
            FILTER STRSTARTS(STR(?super), STR(ekg:))
            FILTER NOT EXISTS { ?super a owl:Class }
        }""",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.mark.parametrize("rule", sorted(ONTOLOGY_RULES))
def test_ontology_rule_has_no_offenders(ontology: Graph, rule: str) -> None:
    offenders = sorted(
        str(row[0]) for row in select_rows(ontology.query(PREFIXES + ONTOLOGY_RULES[rule]))
    )
    assert offenders == [], f"{rule}: " + ", ".join(offenders)


def test_ontology_metadata_is_complete(ontology: Graph) -> None:
    rows = select_rows(
        ontology.query(
            PREFIXES
            + """
        SELECT ?version ?info ?title ?description ?license ?created ?prefix ?uri WHERE {
            <https://w3id.org/electionkg/ontology> a owl:Ontology ;
                owl:versionIRI ?version ; owl:versionInfo ?info ; dcterms:title ?title ;
                dcterms:description ?description ; dcterms:license ?license ;
                dcterms:created ?created ; vann:preferredNamespacePrefix ?prefix ;
                vann:preferredNamespaceUri ?uri .
        }"""
        )
    )
    assert len(rows) == 1
    assert str(rows[0].prefix) == "ekg"
    assert str(rows[0].uri) == "https://w3id.org/electionkg/ontology#"


def test_every_class_of_ours_has_a_node_shape(ontology: Graph) -> None:
    classes = {
        str(row[0])
        for row in select_rows(
            ontology.query(
                PREFIXES + "SELECT ?c WHERE { ?c a owl:Class FILTER STRSTARTS(STR(?c), STR(ekg:)) }"
            )
        )
    }
    shapes = load_shapes()
    targeted = {
        str(row[0])
        for row in select_rows(
            shapes.query(PREFIXES + "SELECT ?c WHERE { ?shape a sh:NodeShape ; sh:targetClass ?c }")
        )
    }
    assert len(classes) > 40
    assert sorted(classes - targeted) == []


def test_statement_types_are_the_statement_subclasses(ontology: Graph) -> None:
    """The statement-type scheme puns the Statement subclasses: one IRI, class and concept."""
    rows = select_rows(
        ontology.query(
            PREFIXES
            + """
        SELECT ?type WHERE {
            ?type rdfs:subClassOf+ ekg:Statement .
            FILTER NOT EXISTS { ?type skos:inScheme ekg:StatementTypeScheme }
        }"""
        )
    )
    assert [str(row[0]) for row in rows] == []
