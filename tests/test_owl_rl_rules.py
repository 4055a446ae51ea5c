"""One case per OWL 2 RL rule the rule reasoner claims, each against owlrl (issue 14).

For every rule named in :mod:`electionkg.reasoning.rule_reasoner`'s docstring, a small
ontology and data that fire it: the triple the rule's consequent gives (written here from
the OWL 2 RL rule tables, https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules,
not by running either engine) must be inferred by the rules, and the rules must infer
exactly what owlrl infers (after the shared noise filter). Rules the engine lacks are refused:
see ``test_rule_reasoner.test_a_rule_the_engine_lacks_is_refused_and_nothing_is_inferred``.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox
import pytest
from test_reasoning import PREFIXES
from test_rule_reasoner import assert_same_inferences, parse, store_of

from electionkg.build import pipeline
from electionkg.reasoning.rule_reasoner import materialise

EKG = "https://w3id.org/electionkg/ontology#"
PERSON = "https://w3id.org/electionkg/id/person/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"


class Case(NamedTuple):
    rule: str
    ontology: str
    facts: str
    consequent: tuple[str, str, str]


def x(name: str) -> str:
    return PERSON + name


def e(name: str) -> str:
    return EKG + name


CASES = [
    Case(
        "cax-sco", "ekg:A rdfs:subClassOf ekg:B .", "person:x a ekg:A .", (x("x"), RDF_TYPE, e("B"))
    ),
    Case(
        "cax-eqc1",
        "ekg:A owl:equivalentClass ekg:B .",
        "person:x a ekg:A .",
        (x("x"), RDF_TYPE, e("B")),
    ),
    Case(
        "cax-eqc2",
        "ekg:A owl:equivalentClass ekg:B .",
        "person:x a ekg:B .",
        (x("x"), RDF_TYPE, e("A")),
    ),
    Case(
        "prp-dom",
        "ekg:p rdfs:domain ekg:A .",
        "person:x ekg:p person:y .",
        (x("x"), RDF_TYPE, e("A")),
    ),
    Case(
        "prp-rng",
        "ekg:p rdfs:range ekg:A .",
        "person:x ekg:p person:y .",
        (x("y"), RDF_TYPE, e("A")),
    ),
    Case(
        "prp-spo1",
        "ekg:p rdfs:subPropertyOf ekg:q .",
        "person:x ekg:p person:y .",
        (x("x"), e("q"), x("y")),
    ),
    Case(
        "prp-spo2",
        "ekg:r owl:propertyChainAxiom ( ekg:p ekg:q ) .",
        "person:x ekg:p person:y . person:y ekg:q person:z .",
        (x("x"), e("r"), x("z")),
    ),
    Case(
        "prp-inv1",
        "ekg:p owl:inverseOf ekg:q .",
        "person:x ekg:p person:y .",
        (x("y"), e("q"), x("x")),
    ),
    Case(
        "prp-inv2",
        "ekg:p owl:inverseOf ekg:q .",
        "person:x ekg:q person:y .",
        (x("y"), e("p"), x("x")),
    ),
    Case(
        "prp-eqp1",
        "ekg:p owl:equivalentProperty ekg:q .",
        "person:x ekg:p person:y .",
        (x("x"), e("q"), x("y")),
    ),
    Case(
        "prp-eqp2",
        "ekg:p owl:equivalentProperty ekg:q .",
        "person:x ekg:q person:y .",
        (x("x"), e("p"), x("y")),
    ),
    Case(
        "scm-sco",
        "ekg:A rdfs:subClassOf ekg:B . ekg:B rdfs:subClassOf ekg:C .",
        "person:x a ekg:A .",
        (e("A"), RDFS + "subClassOf", e("C")),
    ),
    Case(
        "scm-spo",
        "ekg:p rdfs:subPropertyOf ekg:q . ekg:q rdfs:subPropertyOf ekg:r .",
        "person:x ekg:p person:y .",
        (e("p"), RDFS + "subPropertyOf", e("r")),
    ),
    Case(
        "scm-eqc1",
        "ekg:A owl:equivalentClass ekg:B .",
        "person:x a ekg:A .",
        (e("B"), RDFS + "subClassOf", e("A")),
    ),
    Case(
        "scm-eqc2",
        "ekg:A rdfs:subClassOf ekg:B . ekg:B rdfs:subClassOf ekg:A .",
        "person:x a ekg:A .",
        (e("A"), OWL + "equivalentClass", e("B")),
    ),
    Case(
        "scm-eqp1",
        "ekg:p owl:equivalentProperty ekg:q .",
        "person:x ekg:p person:y .",
        (e("q"), RDFS + "subPropertyOf", e("p")),
    ),
    Case(
        "scm-eqp2",
        "ekg:p rdfs:subPropertyOf ekg:q . ekg:q rdfs:subPropertyOf ekg:p .",
        "person:x ekg:p person:y .",
        (e("p"), OWL + "equivalentProperty", e("q")),
    ),
    Case(
        "scm-dom1",
        "ekg:p rdfs:domain ekg:A . ekg:A rdfs:subClassOf ekg:B .",
        "person:x ekg:p person:y .",
        (e("p"), RDFS + "domain", e("B")),
    ),
    Case(
        "scm-dom2",
        "ekg:p rdfs:domain ekg:A . ekg:q rdfs:subPropertyOf ekg:p .",
        "person:x ekg:q person:y .",
        (e("q"), RDFS + "domain", e("A")),
    ),
    Case(
        "scm-rng1",
        "ekg:p rdfs:range ekg:A . ekg:A rdfs:subClassOf ekg:B .",
        "person:x ekg:p person:y .",
        (e("p"), RDFS + "range", e("B")),
    ),
    Case(
        "scm-rng2",
        "ekg:p rdfs:range ekg:A . ekg:q rdfs:subPropertyOf ekg:p .",
        "person:x ekg:q person:y .",
        (e("q"), RDFS + "range", e("A")),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.rule)
def test_the_rule_fires_and_the_rules_infer_what_owlrl_infers(case: Case) -> None:
    store = store_of(parse(case.ontology), parse(case.facts))
    materialise(store)
    inferred = {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in store.quads_for_pattern(None, None, None, pipeline.INFERRED)
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
    }
    assert case.consequent in inferred, f"{case.rule} did not fire: {sorted(inferred)}"
    assert_same_inferences(parse(case.ontology), parse(case.facts))


def test_every_rule_the_reasoner_names_has_a_case() -> None:
    """The docstring lists the rules the engine implements; each has a case above."""
    import re

    from electionkg.reasoning import rule_reasoner

    doc = rule_reasoner.__doc__ or ""
    named = set()
    for match in re.finditer(r"\b(scm|prp|cax)-([a-z]+)(\d(?:/\d)*)?", doc):
        prefix, name, numbers = match.groups()
        for number in (numbers or "").split("/") if numbers else [""]:
            named.add(f"{prefix}-{name}{number}")
    assert named <= {case.rule for case in CASES}, sorted(named - {c.rule for c in CASES})
    assert PREFIXES  # the cases use test_reasoning's prefixes
