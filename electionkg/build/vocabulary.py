"""Vocabulary rules: the facts use only terms the ontology declares, as the ontology declares them.

A typo in a predicate or a class (``ekg:speakr``, ``ekg:Congratulaton``) makes a triple that no
shape targets and no query reads: the fact silently drops out. So every ``ekg:`` term used in
graph/ (predicate, class, or value such as ``ekg:AtLeast``) must be declared (typed) in the
ontology graph. Then each ``ekg:`` property with a declared ``rdfs:domain`` or ``rdfs:range``
that is one of our classes is used on instances of that class (through asserted
``rdfs:subClassOf``): a congratulation that lost its type still has an ``ekg:speaker``, and is
caught here. Other vocabularies' terms are not checked: their class hierarchies are not loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib.namespace import RDF

from electionkg.build.integrity import FACTS, ONTOLOGY, describe
from electionkg.rdf import namespaces

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RDF_TYPE = str(RDF.type)
_XSD = "http://www.w3.org/2001/XMLSchema#"


def check_vocabulary(store: ox.Store) -> list[str]:
    """Undeclared terms, then domain and range misuse: one message per problem, sorted."""
    problems = _undeclared_terms(store) + _domain_and_range(store)
    return sorted(set(problems))


def _undeclared_terms(store: ox.Store) -> list[str]:
    # Declared in the ontology graph only: a term typed in graph/ ("ekg:speakr a
    # owl:ObjectProperty" beside the typo) is not declared by the ontology.
    declared = {row[0] for row in _rows(store, "SELECT DISTINCT ?t { ?t a ?c }", [ONTOLOGY])}
    used = (
        ("predicate", "SELECT DISTINCT ?t { ?s ?t ?o }"),
        ("class", "SELECT DISTINCT ?t { ?s a ?t }"),
        (
            "value",
            f'SELECT DISTINCT ?t {{ ?s ?p ?t FILTER STRSTARTS(STR(?t), "{namespaces.EKG}") }}',
        ),
    )
    problems = []
    for role, query in used:
        for (term,) in _rows(store, query, [FACTS]):
            if not isinstance(term, ox.NamedNode) or term.value == _RDF_TYPE:
                continue
            ours = term.value.startswith(namespaces.EKG)
            if not ours or term in declared:
                continue
            where = "the ontology does not declare"
            for user in _users(store, term, role):
                problems.append(
                    f"{user}: uses the {role} {describe(store, term)}, which {where} "
                    "(a typo? every term used must be declared) [declared terms]"
                )
    return problems


def _users(store: ox.Store, term: ox.NamedNode, role: str) -> list[str]:
    pattern = {"predicate": "?s $t ?o", "class": "?s a $t", "value": "?s ?p $t"}[role]
    rows = store.query(
        f"SELECT DISTINCT ?s {{ {pattern.replace('$t', f'<{term.value}>')} }} LIMIT 5",
        default_graph=[FACTS],
    )
    assert isinstance(rows, ox.QuerySolutions)
    return [describe(store, row["s"]) for row in rows]


def _domain_and_range(store: ox.Store) -> list[str]:
    superclasses = _superclasses(store)
    subclasses: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for sub, supers in superclasses.items():
        for sup in supers:
            subclasses[sup].add(sub)
    problems = []
    query = f"""SELECT ?p ?kind ?c {{ ?p ?kind ?c .
        VALUES ?kind {{ <{_RDFS}domain> <{_RDFS}range> }}
        FILTER (isIRI(?c) && STRSTARTS(STR(?p), "{namespaces.EKG}")
                && !STRSTARTS(STR(?c), "{_XSD}"))
    }}"""
    for prop, kind, cls in _rows(store, query, [ONTOLOGY]):
        if not cls.value.startswith(namespaces.EKG):
            continue  # other vocabularies' class hierarchies are not loaded
        allowed = ", ".join(f"<{c.value}>" for c in sorted(subclasses[cls] | {cls}, key=str))
        end = "?s" if kind.value.endswith("domain") else "?o"
        side = "subject" if end == "?s" else "value"
        # IN, not VALUES: the node's few types are tested against the list (twice as fast).
        rows = store.query(
            f"""SELECT DISTINCT ?s ?o {{ ?s <{prop.value}> ?o . FILTER (!isLiteral({end}))
                FILTER NOT EXISTS {{ {end} a ?type . FILTER (?type IN ({allowed})) }} }}""",
            default_graph=[ONTOLOGY, FACTS],
        )
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            problems.append(
                f"{describe(store, row['s'])}: {describe(store, prop)} {describe(store, row['o'])}"
                f" needs its {side} to be a {describe(store, cls)} (the ontology's "
                f"rdfs:{kind.value.rsplit('#', 1)[1]}), and it is not typed so [domain and range]"
            )
    return problems


def _superclasses(store: ox.Store) -> dict[ox.NamedNode, set[ox.NamedNode]]:
    """Each class with all its superclasses (asserted rdfs:subClassOf, transitively)."""
    rows = _rows(
        store,
        f"SELECT ?sub ?sup {{ ?sub <{_RDFS}subClassOf>+ ?sup "
        "FILTER (isIRI(?sub) && isIRI(?sup)) }",
        [ONTOLOGY, FACTS],
    )
    result: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for sub, sup in rows:
        result[sub].add(sup)
    return result


def _rows(
    store: ox.Store, query: str, graphs: Iterable[ox.NamedNode]
) -> list[tuple[ox.NamedNode, ...]]:
    solutions = store.query(query, default_graph=list(graphs))
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    return [tuple(row[name] for name in names) for row in solutions]
