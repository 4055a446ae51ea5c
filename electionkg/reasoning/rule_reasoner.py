"""OWL RL for the constructs our ontology uses, as SPARQL updates inside Oxigraph.

owlrl (:mod:`electionkg.reasoning.reasoning`) is the reference: it implements every OWL 2 RL
rule, but by
brute force in Python, which takes minutes at a hundred thousand triples. This module gives the
same inferences (after the same noise filter: a test compares the two on the project graph) in
seconds at a million triples, because it does the little schema reasoning in Python and leaves
the work proportional to the data to Oxigraph:

1. **Schema.** The schema triples (``rdfs:subClassOf``, ``rdfs:subPropertyOf``,
   ``rdfs:domain``, ``rdfs:range``, ``owl:inverseOf``, ``owl:equivalentClass``,
   ``owl:equivalentProperty``, ``owl:propertyChainAxiom``) are read from the store and closed in
   Python: rules scm-sco, scm-spo, scm-eqc1/2, scm-eqp1/2, scm-dom1/2, scm-rng1/2. The closure is
   written as inferences too, as owlrl does.
2. **Properties.** For each property the data uses, one ``INSERT ... WHERE`` per property it
   entails (prp-spo1 and prp-inv1/2, composed in Python, so one pass over the data suffices),
   then property chains (prp-spo2), repeated until nothing new comes (the chain's own
   super-properties and inverses included).
3. **Types.** Domains and ranges (prp-dom, prp-rng, with the closed schema: a domain's super
   classes are domains too), then super classes of asserted types (cax-sco, cax-eqc1/2).
4. **Clean-up.** Inferred triples that are asserted, or that :func:`reasoning.is_noise` would
   drop, are deleted.

Anything else owlrl would reason with (equality, restrictions, disjointness, transitive or
symmetric properties, keys, ...) raises :class:`UnsupportedOntologyError` naming it, and the
build falls back to owlrl; so does a functional property with two values, which owlrl turns
into ``owl:sameAs``. The choice of engine is never visible in the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from electionkg.rdf import namespaces
from electionkg.reasoning.schema_closure import (
    OWL,
    RDF,
    RDFS,
    SUB_CLASS,
    SUB_PROPERTY,
    TRIVIAL_CLASSES,
    XSD,
    Schema,
    UnsupportedOntologyError,
)

__all__ = ["UnsupportedOntologyError", "materialise"]

_TYPE = f"<{RDF}type>"

SUPPORTED_SCHEMA = (
    f"{RDFS}subClassOf",
    f"{RDFS}subPropertyOf",
    f"{RDFS}domain",
    f"{RDFS}range",
    f"{OWL}inverseOf",
    f"{OWL}equivalentClass",
    f"{OWL}equivalentProperty",
    f"{OWL}propertyChainAxiom",
)
"""The schema predicates this engine reasons with."""

UNSUPPORTED_PREDICATES = tuple(
    OWL + name
    for name in (
        "sameAs",
        "differentFrom",
        "members",
        "distinctMembers",
        "disjointWith",
        "disjointUnionOf",
        "propertyDisjointWith",
        "hasKey",
        "onProperty",
        "someValuesFrom",
        "allValuesFrom",
        "hasValue",
        "intersectionOf",
        "unionOf",
        "complementOf",
        "oneOf",
        "maxCardinality",
        "maxQualifiedCardinality",
        "cardinality",
        "minCardinality",
        "qualifiedCardinality",
        "onClass",
        "sourceIndividual",
        "assertionProperty",
        "targetIndividual",
        "targetValue",
        "withRestrictions",
        "onDatatype",
        "datatypeComplementOf",
    )
)
"""Predicates of OWL RL rules this engine does not implement (their presence means owlrl)."""

UNSUPPORTED_TYPES = tuple(
    OWL + name
    for name in (
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "IrreflexiveProperty",
        "InverseFunctionalProperty",
        "AllDifferent",
        "AllDisjointClasses",
        "AllDisjointProperties",
        "Restriction",
        "NegativePropertyAssertion",
    )
)
"""Classes whose instances trigger OWL RL rules this engine does not implement."""

_VOCABULARIES = (RDF, RDFS, OWL, XSD)


def materialise(store: ox.Store) -> int:
    """Write into ``namespaces.INFERRED_GRAPH`` what OWL RL entails from the ontology and facts.

    Reads ``namespaces.ONTOLOGY_GRAPH`` and ``namespaces.FACTS_GRAPH``; the inferred graph is
    emptied first. Returns the number of inferred triples. Raises UnsupportedOntologyError
    (and leaves the inferred graph empty) when the data needs a rule this engine lacks.
    """
    reasoner = _Reasoner(store)
    try:
        reasoner.check_supported()
        reasoner.run()
    except UnsupportedOntologyError:
        store.remove_graph(reasoner.inferred)
        raise
    return reasoner.count_inferred()


class _Reasoner:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.inferred = ox.NamedNode(namespaces.INFERRED_GRAPH)
        self.asserted = [
            ox.NamedNode(namespaces.ONTOLOGY_GRAPH),
            ox.NamedNode(namespaces.FACTS_GRAPH),
        ]
        self.asserted_from = " ".join(f"<{g.value}>" for g in self.asserted)
        if store.contains_named_graph(self.inferred):
            store.remove_graph(self.inferred)

    # -- reading ---------------------------------------------------------------------------

    def select(self, query: str, union_with_inferred: bool = False) -> Iterator[ox.QuerySolution]:
        graphs: list[ox.NamedNode] = list(self.asserted)
        if union_with_inferred:
            graphs.append(self.inferred)
        result = self.store.query(query, default_graph=graphs)  # type: ignore[arg-type]
        assert isinstance(result, ox.QuerySolutions)
        return iter(result)

    def ask(self, query: str) -> bool:
        graphs: list[ox.NamedNode] = [*self.asserted, self.inferred]
        return bool(self.store.query(query, default_graph=graphs))  # type: ignore[arg-type]

    def pairs(self, predicate: str) -> list[tuple[str, str]]:
        """(subject, object) IRIs of ``predicate`` in the asserted graphs."""
        rows = self.select(
            f"SELECT DISTINCT ?s ?o {{ ?s <{predicate}> ?o FILTER(isIRI(?s) && isIRI(?o)) }}"
        )
        return [(row["s"].value, row["o"].value) for row in rows]

    # -- the steps ------------------------------------------------------------------------

    def check_supported(self) -> None:
        for predicate in UNSUPPORTED_PREDICATES:
            if self.ask(f"ASK {{ ?s <{predicate}> ?o }}"):
                raise UnsupportedOntologyError(f"the data uses <{predicate}>")
        for cls in UNSUPPORTED_TYPES:
            if self.ask(f"ASK {{ ?s a <{cls}> }}"):
                raise UnsupportedOntologyError(f"the data uses <{cls}>")
        blank_schema = self.select(
            "SELECT ?p { VALUES ?p { "
            + " ".join(f"<{p}>" for p in SUPPORTED_SCHEMA[:-1])
            + " } ?s ?p ?o FILTER(!isIRI(?s) || !isIRI(?o)) } LIMIT 1"
        )
        for row in blank_schema:
            raise UnsupportedOntologyError(f"<{row['p'].value}> with a blank node or literal")

    def run(self) -> None:
        schema = Schema.read(self)
        self.insert(schema.inferred_triples())
        self.derive_properties(schema, schema.properties_with_entailments(), source="asserted")
        self.apply_chains(schema)
        self.check_functional_properties()
        self.derive_types(schema)
        self.clean_up(schema.targets_of_sub_properties())

    def derive_properties(self, schema: Schema, properties: Iterable[str], source: str) -> None:
        """prp-spo1 and prp-inv1/2, from every triple of ``properties`` in ``source`` graphs."""
        where_graph = (
            f"VALUES ?g {{ {self.asserted_from} }}"
            if source == "asserted"
            else f"VALUES ?g {{ <{self.inferred.value}> }}"
        )
        for p in sorted(properties):
            for q, flipped in sorted(schema.entailed_properties(p)):
                head = f"?o <{q}> ?s" if flipped else f"?s <{q}> ?o"
                guard = "FILTER(!isLiteral(?o))" if flipped else ""
                self.update(
                    f"INSERT {{ GRAPH <{self.inferred.value}> {{ {head} }} }} "
                    f"WHERE {{ {where_graph} GRAPH ?g {{ ?s <{p}> ?o }} {guard} }}"
                )

    def apply_chains(self, schema: Schema) -> None:
        """prp-spo2 to a fixpoint, each round followed by the chain's entailed properties."""
        if not schema.chains:
            return
        while True:
            before = self.count_inferred()
            for head, body in schema.chains:
                steps = []
                for index, step in enumerate(body):
                    steps.append(f"GRAPH ?g{index} {{ ?x{index} <{step}> ?x{index + 1} }}")
                last = len(body)
                self.update(
                    f"INSERT {{ GRAPH <{self.inferred.value}> {{ ?x0 <{head}> ?x{last} }} }} "
                    f"WHERE {{ {' '.join(steps)} }}"
                )
            self.derive_properties(schema, {head for head, _ in schema.chains}, "inferred")
            if not schema.chains_feed_chains() or self.count_inferred() == before:
                return

    def check_functional_properties(self) -> None:
        """prp-fp would make two values of a functional property owl:sameAs: owlrl's job."""
        rows = self.select(
            f"SELECT ?p {{ ?p a <{OWL}FunctionalProperty> . ?s ?p ?a , ?b "
            "FILTER(!sameTerm(?a, ?b) && (!isLiteral(?a) || !isLiteral(?b) || ?a != ?b)) } "
            "LIMIT 1",
            union_with_inferred=True,
        )
        for row in rows:
            raise UnsupportedOntologyError(f"functional property <{row['p'].value}> has two values")

    def derive_types(self, schema: Schema) -> None:
        """prp-dom and prp-rng (closed under super classes), then cax-sco for asserted types."""
        everything = f"VALUES ?g {{ {self.asserted_from} <{self.inferred.value}> }}"
        for p in sorted(set(schema.domains) | set(schema.ranges)):
            for position, classes in (("s", schema.domains.get(p)), ("o", schema.ranges.get(p))):
                kept = sorted(c for c in classes or () if c not in TRIVIAL_CLASSES)
                if not kept:
                    continue
                template = " ".join(f"?x a <{c}> ." for c in kept)
                node = "?x ?p ?o" if position == "s" else "?s ?p ?x"
                self.update(
                    f"INSERT {{ GRAPH <{self.inferred.value}> {{ {template} }} }} WHERE {{ "
                    f"SELECT DISTINCT ?x {{ {everything} "
                    f"GRAPH ?g {{ {node.replace('?p', f'<{p}>')} }} FILTER(!isLiteral(?x)) }} }}"
                )
        for cls, supers in sorted(schema.super_classes.items()):
            kept = sorted(c for c in supers if c not in TRIVIAL_CLASSES)
            if not kept:
                continue
            template = " ".join(f"?x a <{c}> ." for c in kept)
            self.update(
                f"INSERT {{ GRAPH <{self.inferred.value}> {{ {template} }} }} WHERE {{ "
                f"{everything} GRAPH ?g {{ ?x {_TYPE} <{cls}> }} }}"
            )

    def clean_up(self, copied_literals: set[str]) -> None:
        """Delete inferred triples that are asserted, or noise by ``reasoning.is_noise``."""
        inferred = f"<{self.inferred.value}>"
        # FILTER EXISTS, not a join: each inferred triple is looked up once, whichever of the
        # asserted graphs holds it (a third faster at a million triples).
        self.update(
            f"DELETE {{ GRAPH {inferred} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {inferred} "
            f"{{ ?s ?p ?o }} FILTER EXISTS {{ VALUES ?g {{ {self.asserted_from} }} "
            "GRAPH ?g { ?s ?p ?o } } }"
        )
        vocabularies = " || ".join(f'STRSTARTS(STR(?s), "{v}")' for v in _VOCABULARIES)
        reflexive = " ".join(
            f"<{p}>"
            for p in (
                f"{OWL}sameAs",
                f"{OWL}equivalentClass",
                f"{OWL}equivalentProperty",
                SUB_CLASS,
                SUB_PROPERTY,
            )
        )
        trivial = " ".join(f"<{c}>" for c in TRIVIAL_CLASSES)
        self.update(
            f"DELETE {{ GRAPH {inferred} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {inferred} "
            f"{{ ?s ?p ?o }} FILTER((isIRI(?s) && ({vocabularies})) "
            f"|| (sameTerm(?s, ?o) && ?p IN ({reflexive.replace(' ', ', ')})) "
            f"|| (?p IN ({_TYPE}, <{SUB_CLASS}>) && ?o IN ({trivial.replace(' ', ', ')}))) }}"
        )
        # A literal already asserted for the subject and predicate in another lexical form
        # (Oxigraph stores numbers in canonical form, so this is rare). Only a super-property
        # copies literals.
        if not copied_literals:
            return
        self.update(
            f"DELETE {{ GRAPH {inferred} {{ ?s ?p ?o }} }} WHERE {{ "
            f"VALUES ?p {{ {' '.join(f'<{p}>' for p in sorted(copied_literals))} }} "
            f"GRAPH {inferred} {{ ?s ?p ?o FILTER(isLiteral(?o)) }} "
            f"FILTER EXISTS {{ VALUES ?g {{ {self.asserted_from} }} "
            "GRAPH ?g { ?s ?p ?known } FILTER(isLiteral(?known) "
            "&& sameTerm(datatype(?known), datatype(?o)) && lang(?known) = lang(?o) "
            "&& ?known = ?o) } }"
        )

    # -- writing --------------------------------------------------------------------------

    def update(self, text: str) -> None:
        self.store.update(text)

    def insert(self, triples: Iterable[tuple[str, str, str]]) -> None:
        self.store.extend(
            ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), self.inferred)
            for s, p, o in triples
        )

    def count_inferred(self) -> int:
        rows = self.store.query(
            f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{self.inferred.value}> {{ ?s ?p ?o }} }}"
        )
        assert isinstance(rows, ox.QuerySolutions)
        return int(next(iter(rows))["n"].value)
