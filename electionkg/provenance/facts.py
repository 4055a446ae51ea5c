"""Fact-level provenance: which quote states which fact, and is it really stated there.

A *fact* is one triple (node, property, value) of a sourced node (a node with evidence), for
every property but the bookkeeping ones (type, label, evidence links, provenance links). An
evidence node says which of its node's facts its quote states::

    ?node ekg:evidence ?ev .
    ?ev oa:hasSource ?doc ; ekg:states ekg:value , ekg:bound ;    # the quote's words say it
        ekg:statesByReading ekg:reportedBy ;                      # read from the words around it
        ekg:readingNote "..." .

The rules (each problem names the node, the rule and a one-line message):

* every fact has a quote that states it (``ekg:states`` or ``ekg:statesByReading``);
* ``prov:wasDerivedFrom`` credits exactly the documents of the quotes that state the node's facts;
* a value a quote ``ekg:states`` is in its words: a number in digits or words with the same
  bound, a date by its stated words or month and day, an entity by a label or recorded alias
  (:mod:`~electionkg.provenance.value_checks`). Readings are not checked against the words;
  ``check`` lists them for a reviewer instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from electionkg.provenance.snapshot import EVIDENCE_OF, Snapshot, Term, name

BOOKKEEPING = (
    "rdf:type rdfs:label rdfs:comment skos:altLabel prov:wasDerivedFrom ekg:evidence "
    "ekg:directQuote ekg:paraphrase"
)
_SOURCED = f"{{ SELECT DISTINCT ?node WHERE {{ {EVIDENCE_OF} }} }}"
_FACTS = f"""{_SOURCED} ?node ?p ?v .
    FILTER (?p NOT IN ({", ".join(BOOKKEEPING.split())}))
    FILTER (?p != prov:wasAttributedTo || NOT EXISTS {{ ?node prov:wasDerivedFrom ?v }})"""
"""The facts of the sourced nodes: every triple but the bookkeeping ones; a statement made in
a document's own voice is attributed to that document (``prov:wasAttributedTo`` one of its
credited documents): provenance, like the credit itself."""


@dataclass(frozen=True, order=True)
class FactProblem:
    """One broken fact rule: the node, the rule's name and a one-line message."""

    node: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.node}: {self.rule}: {self.message}"


def fact_counts(snapshot: Snapshot) -> dict[Term, int]:
    """How many facts each sourced node has (nodes without facts left out)."""
    rows = snapshot.select(f"SELECT ?node (COUNT(*) AS ?n) WHERE {{ {_FACTS} }} GROUP BY ?node")
    return {node: int(count.value) for node, count in rows}


def check_fact_provenance(
    snapshot: Snapshot, counts: dict[Term, int] | None = None
) -> list[FactProblem]:
    """Every fact has a stating quote; the node credits exactly the documents that state its facts.

    A node without facts (an unnamed group the text only mentions) is grounded by all its
    quotes. A document relayed by a stating document (``ekg:relays``) may be credited too.
    """
    with_facts = counts if counts is not None else fact_counts(snapshot)
    problems = []
    documents: dict[Term, set[Term]] = {}
    for evidence in snapshot.evidence.values():
        for node in evidence.claims:
            documents.setdefault(node, set()).update(evidence.sources)
            if node in with_facts and not evidence.states and not evidence.by_reading:
                shown = ", ".join(map(name, evidence.sources))
                problems.append(
                    FactProblem(
                        name(node),
                        "quote that states no fact",
                        f'"{_cut(evidence.quote())}" ({shown}) has no ekg:states',
                    )
                )
    for node, prop, value in snapshot.select(
        f"""SELECT ?node ?p ?v WHERE {{ {_FACTS}
            MINUS {{ {EVIDENCE_OF} VALUES ?how {{ ekg:states ekg:statesByReading }} ?ev ?how ?p }}
        }}"""  # MINUS, not FILTER NOT EXISTS: one anti-join, not a lookup per fact (50x faster)
    ):
        problems.append(
            FactProblem(
                name(node),
                "fact without a stating quote",
                f"no quote states {name(prop)} {show(value)}",
            )
        )
    credited: dict[Term, set[Term]] = {}
    for node, document in snapshot.select(
        f"SELECT ?node ?doc WHERE {{ {_SOURCED} ?node prov:wasDerivedFrom ?doc }}"
    ):
        credited.setdefault(node, set()).add(document)
    for node, stating in documents.items():
        problems += _credit_problems(snapshot, node, stating, credited.get(node, set()))
    return sorted(problems)


def _credit_problems(
    snapshot: Snapshot, node: Term, documents: set[Term], credited: set[Term]
) -> list[FactProblem]:
    relayed = {r for document in documents for r in snapshot.document(document).relays}
    problems = []
    for document in sorted(credited - documents - relayed, key=str):
        problems.append(
            FactProblem(
                name(node),
                "document credited for a fact it does not state",
                f"prov:wasDerivedFrom {name(document)}, but none of its quotes states a fact here",
            )
        )
    for document in sorted(documents - credited, key=str):
        problems.append(
            FactProblem(
                name(node),
                "stating document not credited",
                f"a quote of {name(document)} states a fact, but the node is not "
                "prov:wasDerivedFrom it",
            )
        )
    return problems


def readings_for_review(snapshot: Snapshot) -> list[str]:
    """One line per fact read from the words around a quote (a pronoun, a list, a heading)."""
    lines = []
    for evidence in snapshot.evidence.values():
        if not evidence.by_reading:
            continue
        props = sorted(name(ox.NamedNode(p)) for p in evidence.by_reading)
        note = f": {evidence.notes[0]}" if evidence.notes else ""
        for node in evidence.claims:
            lines.append(
                f'{name(node)}: {", ".join(props)} read from "{_cut(evidence.quote())}"{note}'
            )
    return sorted(lines)


def show(value: Term) -> str:
    """A value as messages show it: a literal by its lexical form in quotes."""
    return f'"{value.value}"' if isinstance(value, ox.Literal) else name(value)


def _cut(text: str, size: int = 50) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."
