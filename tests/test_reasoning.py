"""OWL RL materialisation: what is inferred, what is kept apart, and what is filtered as noise."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from electionkg.reasoning.reasoning import (
    VOCABULARY_NAMESPACES,
    InconsistentDataError,
    materialise_inferences,
)

PREFIXES = """\
@prefix ekg:    <https://w3id.org/electionkg/ontology#> .
@prefix person: <https://w3id.org/electionkg/id/person/> .
@prefix stmt:   <https://w3id.org/electionkg/id/statement/> .
@prefix source: <https://w3id.org/electionkg/id/source/> .
@prefix fig:    <https://w3id.org/electionkg/id/figure/> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
"""

ONTOLOGY = (
    PREFIXES
    + """
ekg:Statement a owl:Class .
ekg:Congratulation a owl:Class ; rdfs:subClassOf ekg:Statement .
ekg:speaker a owl:ObjectProperty ; owl:inverseOf ekg:made .
ekg:addressee a owl:ObjectProperty ; rdfs:subPropertyOf ekg:about .
ekg:sharePercent a owl:DatatypeProperty ; rdfs:subPropertyOf ekg:value .
ekg:evidenceSource a owl:ObjectProperty ;
    owl:propertyChainAxiom ( ekg:evidence oa:hasSource ) .
"""
)

FACTS = (
    PREFIXES
    + """
stmt:c1 a ekg:Congratulation ;
    ekg:speaker person:putin ;
    ekg:addressee person:aliyev ;
    ekg:evidence [ a oa:SpecificResource ; oa:hasSource source:s1 ] .
fig:f1 ekg:sharePercent 92.050 ; ekg:value 92.05 .
person:aliyev rdfs:label "Ilham Aliyev"@en ; owl:sameAs person:ilham-aliyev .
"""
)

EKG = "https://w3id.org/electionkg/ontology#"
ID = "https://w3id.org/electionkg/id/"


def ekg(name: str) -> URIRef:
    return URIRef(EKG + name)


def node(path: str) -> URIRef:
    return URIRef(ID + path)


def parse(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def graphs() -> tuple[Graph, Graph, Graph]:
    """Ontology, facts and what OWL RL infers from them (computed once for the module)."""
    ontology, facts = parse(ONTOLOGY), parse(FACTS)
    return ontology, facts, materialise_inferences(facts, ontology)


def test_class_hierarchy_types_a_congratulation_as_a_statement(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    _, _, inferred = graphs
    assert (node("statement/c1"), RDF.type, ekg("Statement")) in inferred


def test_inverse_property_gives_the_speaker_the_statement(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    _, _, inferred = graphs
    assert (node("person/putin"), ekg("made"), node("statement/c1")) in inferred


def test_subproperty_makes_the_addressee_what_the_statement_is_about(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    _, _, inferred = graphs
    assert (node("statement/c1"), ekg("about"), node("person/aliyev")) in inferred


def test_property_chain_links_a_claim_to_the_source_of_its_evidence(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    _, _, inferred = graphs
    assert (node("statement/c1"), ekg("evidenceSource"), node("source/s1")) in inferred


def test_sameas_is_symmetric_but_never_reflexive(graphs: tuple[Graph, Graph, Graph]) -> None:
    _, _, inferred = graphs
    assert (node("person/ilham-aliyev"), OWL.sameAs, node("person/aliyev")) in inferred
    assert not [s for s, o in inferred.subject_objects(OWL.sameAs) if s == o]


def test_asserted_triples_never_appear_among_the_inferred(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    ontology, facts, inferred = graphs
    assert not set(inferred) & (set(facts) | set(ontology))


def test_the_inputs_are_left_as_they_were() -> None:
    ontology, facts = parse(ONTOLOGY), parse(FACTS)
    before = (set(ontology), set(facts))
    materialise_inferences(facts, ontology)
    assert (set(ontology), set(facts)) == before


def test_no_axioms_about_the_rdf_rdfs_owl_and_xsd_vocabularies(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    _, _, inferred = graphs
    about_vocabularies = [
        s for s in inferred.subjects() if str(s).startswith(VOCABULARY_NAMESPACES)
    ]
    assert about_vocabularies == []


def test_no_literal_subjects_and_no_trivial_or_reflexive_schema_triples(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    _, _, inferred = graphs
    assert not [t for t in inferred if isinstance(t[0], Literal)]
    assert not list(inferred.subjects(RDF.type, OWL.Thing))
    assert not list(inferred.subjects(RDF.type, RDFS.Resource))
    assert not list(inferred.subjects(RDFS.subClassOf, OWL.Thing))
    for predicate in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass):
        assert not [s for s, o in inferred.subject_objects(predicate) if s == o], predicate


def test_a_value_already_asserted_in_another_lexical_form_is_not_restated(
    graphs: tuple[Graph, Graph, Graph],
) -> None:
    _, facts, inferred = graphs
    # ekg:sharePercent 92.050 entails ekg:value 92.050, which only restates the asserted 92.05.
    assert (node("figure/f1"), ekg("value"), Literal("92.05", datatype=XSD.decimal)) in facts
    assert list(inferred.objects(node("figure/f1"), ekg("value"))) == []


def test_a_contradiction_is_an_error_not_an_inference() -> None:
    ontology = parse(PREFIXES + "ekg:Person owl:disjointWith ekg:Organisation .")
    facts = parse(PREFIXES + "person:x a ekg:Person, ekg:Organisation .")
    with pytest.raises(InconsistentDataError) as raised:
        materialise_inferences(facts, ontology)
    assert "disjoint" in str(raised.value).lower()
    assert raised.value.messages
