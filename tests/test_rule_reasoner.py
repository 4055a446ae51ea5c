"""The rule reasoner infers exactly what owlrl infers (after the noise filter), or steps aside.

owlrl is the reference (tests/test_reasoning.py specifies what it infers and what is noise);
the build uses the rule engine because it scales. These tests make the choice invisible: same
triples on the project graph and on small graphs that exercise each rule, and an
UnsupportedOntologyError (so the build falls back to owlrl) for anything else.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from support.isomorphism import isomorphic  # Oxigraph's canonicalization: rdflib's takes 30 s
from test_reasoning import PREFIXES  # the same small vocabulary as owlrl's own tests

from electionkg import paths
from electionkg.build import pipeline
from electionkg.build.store import DataFolders
from electionkg.rdf import namespaces
from electionkg.rdf.loading import load_turtle_folder
from electionkg.reasoning.reasoning import materialise_inferences
from electionkg.reasoning.rule_reasoner import UnsupportedOntologyError, materialise

EVERY_RULE_ONTOLOGY = """
ekg:Statement a owl:Class ; rdfs:subClassOf ekg:Claim .
ekg:Claim a owl:Class .
ekg:Congratulation a owl:Class ; rdfs:subClassOf ekg:Statement .
ekg:Praise owl:equivalentClass ekg:Acclaim .
ekg:speaker a owl:ObjectProperty ; owl:inverseOf ekg:made ; rdfs:domain ekg:Statement ;
    rdfs:range ekg:Agent .
ekg:addressee a owl:ObjectProperty ; rdfs:subPropertyOf ekg:about .
ekg:about rdfs:subPropertyOf ekg:mentions ; rdfs:range ekg:Topic .
ekg:sharePercent a owl:DatatypeProperty ; rdfs:subPropertyOf ekg:value .
ekg:directQuote rdfs:subPropertyOf ekg:evidence .
ekg:evidenceSource a owl:ObjectProperty ; rdfs:subPropertyOf ekg:derivedFrom ;
    owl:inverseOf ekg:sourceOf ;
    owl:propertyChainAxiom ( ekg:evidence oa:hasSource ) .
ekg:country a owl:FunctionalProperty .
ekg:equalTo owl:equivalentProperty ekg:sameAsValue .
"""

EVERY_RULE_FACTS = """
stmt:c1 a ekg:Congratulation ;
    ekg:speaker person:putin ;
    ekg:addressee person:aliyev ;
    ekg:country person:russia ;
    ekg:directQuote [ a oa:SpecificResource ; oa:hasSource source:s1 ] .
stmt:p1 a ekg:Praise ; ekg:equalTo "x" .
fig:f1 ekg:sharePercent 92.050 ; ekg:value 92.05 .
person:aliyev rdfs:label "Ilham Aliyev"@en .
"""


def parse(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def store_of(ontology: Graph, facts: Graph) -> ox.Store:
    store = ox.Store()
    for graph, name in ((ontology, namespaces.ONTOLOGY_GRAPH), (facts, namespaces.FACTS_GRAPH)):
        store.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(name))  # fmt: skip
    return store


def marked_union(asserted: list[Graph], inferred: Graph) -> Graph:
    """Asserted and inferred triples in one graph, inferred predicates marked: two such graphs
    are isomorphic exactly when both engines infer the same triples about the same nodes
    (blank nodes included)."""
    union = Graph()
    for graph in asserted:
        union += graph
    for s, p, o in inferred:
        union.add((s, URIRef("urn:inferred:" + str(p)), o))
    return union


def assert_same_inferences(ontology: Graph, facts: Graph) -> None:
    store = store_of(ontology, facts)
    # Both engines get the same input: the graphs as the store holds them (Oxigraph keeps
    # numbers in canonical form: 92.050 is stored as 92.05).
    ontology = pipeline.rdflib_graph(store, pipeline.ONTOLOGY)
    facts = pipeline.rdflib_graph(store, pipeline.FACTS)
    reference = marked_union([ontology, facts], materialise_inferences(facts, ontology))
    materialise(store)
    ours = marked_union([ontology, facts], pipeline.rdflib_graph(store, pipeline.INFERRED))
    if not isomorphic(reference, ours):
        _, only_owlrl, only_rules = graph_diff(to_isomorphic(reference), to_isomorphic(ours))
        pytest.fail(
            "the engines disagree\nonly owlrl:\n"
            + "\n".join(sorted(f"  {t}" for t in only_owlrl if "urn:inferred:" in str(t[1])))
            + "\nonly the rules:\n"
            + "\n".join(sorted(f"  {t}" for t in only_rules if "urn:inferred:" in str(t[1])))
        )


def test_on_the_project_graph_the_rules_infer_exactly_what_owlrl_infers() -> None:
    ontology = load_turtle_folder(paths.ontology_dir())
    facts = load_turtle_folder(paths.graph_dir())
    assert_same_inferences(ontology, facts)


def test_each_supported_rule_infers_what_owlrl_infers() -> None:
    # sub-classes and sub-properties (transitively), equivalence, inverses, domains and
    # ranges (and their closure), a chain whose first step is a sub-property, a chain result
    # with super-properties and an inverse, and a functional property with one value.
    assert_same_inferences(parse(EVERY_RULE_ONTOLOGY), parse(EVERY_RULE_FACTS))


def test_a_chain_that_feeds_another_chain_is_followed_to_the_end() -> None:
    ontology = parse(
        "ekg:grandparentOf owl:propertyChainAxiom ( ekg:parentOf ekg:parentOf ) .\n"
        "ekg:ancestorOf3 owl:propertyChainAxiom ( ekg:grandparentOf ekg:parentOf ) .\n"
        "ekg:childOf owl:inverseOf ekg:parentOf .\n"
    )
    facts = parse(
        "person:a ekg:parentOf person:b . person:b ekg:parentOf person:c .\n"
        "person:d ekg:childOf person:c .\n"  # parentOf by the inverse, then two chains
    )
    assert_same_inferences(ontology, facts)


def test_the_project_graph_has_inferences_of_every_kind_the_queries_use() -> None:
    store = ox.Store()
    pipeline.parse_into_store(DataFolders.default(), store)
    materialise(store)
    predicates = {
        q.predicate.value for q in store.quads_for_pattern(None, None, None, pipeline.INFERRED)
    }
    assert {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/ns/prov#wasDerivedFrom",  # the evidence chain
        "http://www.w3.org/ns/prov#wasAttributedTo",  # a super-property
        "https://w3id.org/electionkg/ontology#hasCandidacy",  # an inverse
    } <= predicates


def test_running_twice_gives_the_same_inferred_graph() -> None:
    store = store_of(parse(EVERY_RULE_ONTOLOGY), parse(EVERY_RULE_FACTS))
    first = materialise(store)
    before = set(store.quads_for_pattern(None, None, None, pipeline.INFERRED))
    assert materialise(store) == first == len(before)
    assert set(store.quads_for_pattern(None, None, None, pipeline.INFERRED)) == before


@pytest.mark.parametrize(
    ("ontology", "facts", "named"),
    [
        ("", "person:a owl:sameAs person:b .", "sameAs"),
        ("ekg:Person owl:disjointWith ekg:Organisation .", "", "disjointWith"),
        ("ekg:partOf a owl:TransitiveProperty .", "", "TransitiveProperty"),
        ("ekg:knows a owl:SymmetricProperty .", "", "SymmetricProperty"),
        (
            "ekg:R a owl:Restriction ; owl:onProperty ekg:p ; owl:someValuesFrom ekg:C .",
            "",
            "onProperty",
        ),  # fmt: skip
        (
            "ekg:country a owl:FunctionalProperty .",
            "stmt:c1 ekg:country person:a , person:b .",
            "functional",
        ),  # fmt: skip
    ],
)
def test_a_rule_the_engine_lacks_is_refused_and_nothing_is_inferred(
    ontology: str, facts: str, named: str
) -> None:
    store = store_of(parse(ontology), parse(facts + "\nstmt:c1 a ekg:Statement ."))
    with pytest.raises(UnsupportedOntologyError, match=named):
        materialise(store)
    assert not list(store.quads_for_pattern(None, None, None, pipeline.INFERRED))


def test_the_build_falls_back_to_owlrl_for_what_the_rules_lack() -> None:
    ontology = parse("ekg:knows a owl:SymmetricProperty .")
    store = store_of(ontology, parse("person:a ekg:knows person:b ."))
    engine = pipeline.reason_in_store(store)
    assert engine.startswith("owlrl")
    inferred = pipeline.rdflib_graph(store, pipeline.INFERRED)
    person = "https://w3id.org/electionkg/id/person/"
    assert (
        URIRef(person + "b"),
        URIRef(namespaces.EKG + "knows"),
        URIRef(person + "a"),
    ) in inferred
