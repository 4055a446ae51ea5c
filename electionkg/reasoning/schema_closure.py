"""The schema side of the rule reasoner: OWL RL's scm-* rules, closed in Python.

The schema axioms (``rdfs:subClassOf``, ``rdfs:subPropertyOf``, ``rdfs:domain``,
``rdfs:range``, ``owl:inverseOf``, ``owl:equivalentClass``, ``owl:equivalentProperty``,
``owl:propertyChainAxiom``) are few (hundreds, not millions), so they are read from the store and
closed here; :mod:`electionkg.reasoning.rule_reasoner` then writes one SPARQL update per
entailment the data needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Protocol

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

SUB_CLASS = f"{RDFS}subClassOf"
SUB_PROPERTY = f"{RDFS}subPropertyOf"
TRIVIAL_CLASSES = (f"{OWL}Thing", f"{RDFS}Resource")


class UnsupportedOntologyError(Exception):
    """The data uses an OWL construct outside this engine's rules: use owlrl instead."""


class AssertedGraphs(Protocol):
    """What the schema is read from: the store, and queries over its asserted graphs."""

    store: ox.Store

    def select(self, query: str, union_with_inferred: bool = False) -> Iterator[ox.QuerySolution]:
        """Solutions of a SELECT over the asserted graphs."""
        ...

    def pairs(self, predicate: str) -> list[tuple[str, str]]:
        """(subject, object) IRIs of ``predicate`` in the asserted graphs."""
        ...


class Schema:
    """The schema axioms, closed in Python (they are few: hundreds, not millions)."""

    def __init__(self) -> None:
        self.super_classes: dict[str, set[str]] = defaultdict(set)
        self.super_properties: dict[str, set[str]] = defaultdict(set)
        self.inverses: dict[str, set[str]] = defaultdict(set)
        self.domains: dict[str, set[str]] = defaultdict(set)
        self.ranges: dict[str, set[str]] = defaultdict(set)
        self.chains: list[tuple[str, tuple[str, ...]]] = []
        self._asserted: set[tuple[str, str, str]] = set()

    @classmethod
    def read(cls, reasoner: AssertedGraphs) -> Schema:
        schema = cls()
        for predicate, relation, symmetric in (
            (SUB_CLASS, schema.super_classes, False),
            (f"{OWL}equivalentClass", schema.super_classes, True),  # cax-eqc1/2, scm-eqc1
            (SUB_PROPERTY, schema.super_properties, False),
            (f"{OWL}equivalentProperty", schema.super_properties, True),  # scm-eqp1
        ):
            for s, o in reasoner.pairs(predicate):
                relation[s].add(o)
                if symmetric:
                    relation[o].add(s)
                schema._asserted.add((s, predicate, o))
        for s, o in reasoner.pairs(f"{OWL}inverseOf"):
            schema.inverses[s].add(o)
            schema.inverses[o].add(s)
        for name, target in ((f"{RDFS}domain", schema.domains), (f"{RDFS}range", schema.ranges)):
            for s, o in reasoner.pairs(name):
                target[s].add(o)
                schema._asserted.add((s, name, o))
        for row in reasoner.select(f"SELECT DISTINCT ?c {{ ?c a <{OWL}Class> FILTER(isIRI(?c)) }}"):
            # scm-cls: every class is a subclass of owl:Thing. Only noise itself, but through
            # scm-dom1/scm-rng1 it makes owl:Thing a domain or range of the class's properties.
            schema.super_classes[row["c"].value].add(f"{OWL}Thing")
        schema.chains = read_chains(reasoner)
        schema._close()
        return schema

    def _close(self) -> None:
        self.super_classes = _transitive(self.super_classes)
        self.super_properties = _transitive(self.super_properties)
        for relation in (self.domains, self.ranges):
            closed: dict[str, set[str]] = defaultdict(set)
            for p in set(relation) | set(self.super_properties):
                classes = set(relation.get(p, ()))
                for q in self.super_properties.get(p, ()):  # scm-dom2 / scm-rng2
                    classes |= relation.get(q, set())
                for c in list(classes):  # scm-dom1 / scm-rng1
                    classes |= self.super_classes.get(c, set())
                if classes:
                    closed[p] = classes
            relation.clear()
            relation.update(closed)

    def inferred_triples(self) -> list[tuple[str, str, str]]:
        """The closed schema as triples: what owlrl adds to the schema (before the filter)."""
        triples: set[tuple[str, str, str]] = set()
        for relation, predicate, equivalent in (
            (self.super_classes, SUB_CLASS, f"{OWL}equivalentClass"),
            (self.super_properties, SUB_PROPERTY, f"{OWL}equivalentProperty"),
        ):
            for s, supers in relation.items():
                for o in supers:
                    triples.add((s, predicate, o))
                    if s in relation.get(o, ()):  # scm-eqc2 / scm-eqp2
                        triples.add((s, equivalent, o))
        for relation, predicate in ((self.domains, f"{RDFS}domain"), (self.ranges, f"{RDFS}range")):
            for p, classes in relation.items():
                triples.update((p, predicate, c) for c in classes)
        return sorted(
            (s, p, o)
            for s, p, o in triples
            if s != o
            and (s, p, o) not in self._asserted
            and not (p == SUB_CLASS and o in TRIVIAL_CLASSES)
        )

    def chains_feed_chains(self) -> bool:
        """Whether a chain's result (or what it entails) is a step of a chain: only then can
        another round of prp-spo2 find anything new."""
        steps = {step for _, body in self.chains for step in body}
        for head, _ in self.chains:
            produced = {head} | {q for q, _ in self.entailed_properties(head)}
            if produced & steps:
                return True
        return False

    def properties_with_entailments(self) -> set[str]:
        """Properties whose triples entail triples of other properties."""
        return set(self.super_properties) | set(self.inverses)

    def targets_of_sub_properties(self) -> set[str]:
        """Properties that get triples (maybe with literal values) from a sub-property."""
        return {q for supers in self.super_properties.values() for q in supers}

    def entailed_properties(self, p: str) -> set[tuple[str, bool]]:
        """(q, flipped): ``x p y`` entails ``x q y`` (or ``y q x`` when flipped), q != p."""
        seen: set[tuple[str, bool]] = set()
        frontier = [(p, False)]
        while frontier:
            q, flipped = frontier.pop()
            if (q, flipped) in seen:
                continue
            seen.add((q, flipped))
            frontier.extend((s, flipped) for s in self.super_properties.get(q, ()))
            frontier.extend((i, not flipped) for i in self.inverses.get(q, ()))
        seen.discard((p, False))
        return seen


def _transitive(relation: dict[str, set[str]]) -> dict[str, set[str]]:
    closed: dict[str, set[str]] = defaultdict(set)
    for start in list(relation):
        stack = list(relation[start])
        while stack:
            node = stack.pop()
            if node not in closed[start]:
                closed[start].add(node)
                stack.extend(relation.get(node, ()))
    return closed


def read_chains(reasoner: AssertedGraphs) -> list[tuple[str, tuple[str, ...]]]:
    """``q owl:propertyChainAxiom (p1 ... pn)`` as (q, (p1, ..., pn))."""
    rows = reasoner.select(f"SELECT ?q ?list {{ ?q <{OWL}propertyChainAxiom> ?list }}")
    first, rest, nil = (ox.NamedNode(RDF + name) for name in ("first", "rest", "nil"))
    chains = []
    for row in rows:
        head, node = row["q"], row["list"]
        steps: list[str] = []
        while node != nil and len(steps) < 100:
            firsts = [q.object for q in reasoner.store.quads_for_pattern(node, first, None)]
            rests = [q.object for q in reasoner.store.quads_for_pattern(node, rest, None)]
            if len(firsts) != 1 or len(rests) != 1 or not isinstance(firsts[0], ox.NamedNode):
                break
            steps.append(firsts[0].value)
            node = rests[0]
        if node != nil or not isinstance(head, ox.NamedNode) or not steps:
            raise UnsupportedOntologyError(f"a malformed property chain of {head}")
        chains.append((head.value, tuple(steps)))
    return sorted(chains)
