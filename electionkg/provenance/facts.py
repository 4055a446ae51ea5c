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
  (:func:`value_problem`). Readings are not checked against the words; ``check`` lists them
  for a reviewer instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.namespace import PROV, SKOS, XSD
from rdflib.term import Node

from electionkg.provenance.values import states_number
from electionkg.rdf import namespaces
from electionkg.shacl.validation import short

EKG = Namespace(namespaces.EKG)
OA = Namespace(namespaces.PREFIXES["oa"])

EVIDENCE_LINKS = (EKG.evidence, EKG.directQuote, EKG.paraphrase)
BOOKKEEPING = frozenset(
    {RDF.type, RDFS.label, RDFS.comment, SKOS.altLabel, PROV.wasDerivedFrom, *EVIDENCE_LINKS}
)
# Our readings of the words rather than words: stated by any quote of the node that states
# the fact they qualify (the value, the date) or, for a statement's stance, its own quote.
QUALIFIERS = {
    EKG.bound: EKG.value,
    EKG.unit: EKG.value,
    EKG.dateStatedAs: EKG.date,
    EKG.dateResolvedAgainst: EKG.date,
}
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_FLAG_WORDS: dict[Node, tuple[str, ...]] = {
    EKG.isSnapElection: ("snap", "extraordinary", "early"),
    EKG.isIndependent: ("independent",),
    EKG.isFormer: ("former",),
}
_ELECTION_WORDS = ("election", "polls", "vote", "ballot", "parliament")
_STATUS_WORDS = ("partial", "preliminary", "early tallies", "after", "processing")


@dataclass(frozen=True, order=True)
class FactProblem:
    """One broken fact rule: the node, the rule's name and a one-line message."""

    node: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.node}: {self.rule}: {self.message}"


def sourced_nodes(graph: Graph) -> set[Node]:
    """Every node with at least one evidence link."""
    return {node for link in EVIDENCE_LINKS for node in graph.subjects(link, None)}


def evidence_of(graph: Graph, node: Node) -> list[Node]:
    return [ev for link in EVIDENCE_LINKS for ev in graph.objects(node, link)]


def facts_of(graph: Graph, node: Node) -> list[tuple[Node, Node]]:
    """The (property, value) pairs of a sourced node that need a stating quote."""
    return [(p, v) for p, v in graph.predicate_objects(node) if p not in BOOKKEEPING]


def stated_properties(graph: Graph, evidence: Node, *, readings: bool = True) -> set[Node]:
    """The properties the evidence's quote states (by its words, or also by a reading)."""
    found = set(graph.objects(evidence, EKG.states))
    if readings:
        found |= set(graph.objects(evidence, EKG.statesByReading))
    return found


def check_fact_provenance(graph: Graph) -> list[FactProblem]:
    """Every fact has a stating quote; the node credits exactly the documents that state its facts.

    A node without facts (an unnamed group the text only mentions) is grounded by all its
    quotes. A document relayed by a stating document (``ekg:relays``) may be credited too.
    """
    problems = []
    for node in sourced_nodes(graph):
        problems.extend(_node_problems(graph, node))
    return sorted(problems)


def _node_problems(graph: Graph, node: Node) -> list[FactProblem]:
    name = short(node)
    facts = facts_of(graph, node)
    problems = []
    stating: dict[Node, set[Node]] = {}
    for ev in evidence_of(graph, node):
        documents = set(graph.objects(ev, OA.hasSource))
        props = stated_properties(graph, ev)
        if facts and not props:
            problems.append(
                FactProblem(
                    name,
                    "quote that states no fact",
                    f'"{_cut(_quote(graph, ev))}" ({", ".join(map(short, documents))}) has no '
                    "ekg:states",
                )
            )
        for prop in props or {RDF.type}:
            stating.setdefault(prop, set()).update(documents)
    for prop, value in facts:
        if prop not in stating:
            problems.append(
                FactProblem(
                    name,
                    "fact without a stating quote",
                    f"no quote states {short(prop)} {_show(value)}",
                )
            )
    documents = set().union(*stating.values()) if stating else set()
    relayed = {relayed for document in documents for relayed in graph.objects(document, EKG.relays)}
    credited = set(graph.objects(node, PROV.wasDerivedFrom))
    for document in sorted(credited - documents - relayed, key=str):
        problems.append(
            FactProblem(
                name,
                "document credited for a fact it does not state",
                f"prov:wasDerivedFrom {short(document)}, but none of its quotes states a fact here",
            )
        )
    for document in sorted(documents - credited, key=str):
        problems.append(
            FactProblem(
                name,
                "stating document not credited",
                f"a quote of {short(document)} states a fact, but the node is not "
                "prov:wasDerivedFrom it",
            )
        )
    return problems


def check_values(graph: Graph) -> tuple[list[FactProblem], dict[str, int]]:
    """Each value a quote ``ekg:states`` is in its words; also the values checked, by kind."""
    problems = []
    counts: dict[str, int] = {}
    labels: dict[Node, set[str]] = {}
    for node in sourced_nodes(graph):
        for ev in evidence_of(graph, node):
            quote = _quote(graph, ev)
            for prop in graph.objects(ev, EKG.states):
                for value in graph.objects(node, prop):
                    kind, ok = value_check(graph, node, prop, value, quote, labels)
                    counts[kind] = counts.get(kind, 0) + 1
                    if not ok:
                        problems.append(
                            FactProblem(
                                short(node),
                                f"{kind} not in its quote",
                                f'{short(prop)} {_show(value)} is not stated by "{_cut(quote)}"',
                            )
                        )
    return sorted(problems), counts


def readings_for_review(graph: Graph) -> list[str]:
    """One line per fact read from the words around a quote (a pronoun, a list, a heading)."""
    lines = []
    for node in sourced_nodes(graph):
        for ev in evidence_of(graph, node):
            props = sorted(short(p) for p in graph.objects(ev, EKG.statesByReading))
            if props:
                note = graph.value(ev, EKG.readingNote)
                lines.append(
                    f'{short(node)}: {", ".join(props)} read from "{_cut(_quote(graph, ev))}"'
                    + (f": {note}" if note is not None else "")
                )
    return sorted(lines)


def value_check(
    graph: Graph,
    node: Node,
    prop: Node,
    value: Node,
    quote: str,
    labels: dict[Node, set[str]] | None = None,
) -> tuple[str, bool]:
    """The value's kind (number, date, flag, entity, reading) and whether ``quote`` states it."""
    lowered = quote.lower()
    if prop in QUALIFIERS:
        if prop in (EKG.bound, EKG.unit):
            number = graph.value(node, EKG.value)
            return "reading", number is not None and _number_stated(graph, node, number, quote)
        return "reading", True
    if prop == EKG.value or prop == EKG.progressValue:
        return "number", _number_stated(graph, node, value, quote)
    if prop == EKG.countProgress:
        progress = graph.value(value, EKG.progressValue)
        return "number", progress is not None and states_number(quote, _decimal(progress))
    if prop == EKG.resultsStatus:
        return "reading", any(word in lowered for word in _STATUS_WORDS)
    if prop == EKG.stance:
        return "reading", True
    if isinstance(value, Literal):
        return _literal_check(graph, node, prop, value, quote)
    if prop in (EKG.aboutElection, EKG.inElection, EKG.observes):
        return "entity", any(word in lowered for word in _ELECTION_WORDS)
    known = labels if labels is not None else {}
    if value not in known:
        known[value] = entity_labels(graph, value)
    return "entity", any(_has_words(lowered, label) for label in known[value])


def entity_labels(graph: Graph, entity: Node) -> set[str]:
    """Lower-case labels and recorded aliases; a person's family name; a candidacy's candidate."""
    labels = {
        str(label).lower()
        for prop in (RDFS.label, SKOS.altLabel, SKOS.prefLabel)
        for label in graph.objects(entity, prop)
    }
    if "/id/person/" in str(entity):
        labels |= {label.split()[-1] for label in labels if label}
    for candidate in graph.objects(entity, EKG.candidate):
        labels |= entity_labels(graph, candidate)
    for state in graph.objects(entity, EKG.leadershipOf):
        labels |= entity_labels(graph, state)
    return {label for label in labels if label}


def _literal_check(
    graph: Graph, node: Node, prop: Node, value: Literal, quote: str
) -> tuple[str, bool]:
    lowered = quote.lower()
    if value.datatype == XSD.boolean:
        return "flag", any(word in lowered for word in _FLAG_WORDS.get(prop, ()))
    if value.datatype == XSD.gYear:
        return "date", str(value) in quote
    if value.datatype in (XSD.date, XSD.gYearMonth):
        stated = graph.value(node, EKG.dateStatedAs)
        if stated is not None and str(stated).lower() in lowered:
            return "date", _weekday_agrees(str(stated), value)
        parts = str(value).split("-")
        month = _MONTHS[int(parts[1]) - 1] if len(parts) > 1 else ""
        day = f" {int(parts[2])}" if len(parts) > 2 else ""
        return "date", f"{month}{day}" in lowered
    if isinstance(value.toPython(), (int, float, Decimal)):
        return "number", states_number(quote, _decimal(value))
    return "text", str(value).lower() in lowered


def _weekday_agrees(words: str, value: Literal) -> bool:
    """A weekday the words name ("on Wednesday", "later Monday") is the date's weekday."""
    named = [day for day in _WEEKDAYS if day in words.lower()]
    if not named or value.datatype != XSD.date:
        return True
    return _WEEKDAYS[value.toPython().weekday()] in named


def _has_words(text: str, words: str) -> bool:
    """``words`` occur in ``text`` as whole words ("Aliyev" is not in "Aliyeva")."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _number_stated(graph: Graph, node: Node, value: Node, quote: str) -> bool:
    bound = graph.value(node, EKG.bound)
    name = str(bound).rsplit("#", 1)[-1] if bound is not None else "Exact"
    return states_number(quote, _decimal(value), name)


def _decimal(value: Node) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal("NaN")


def _quote(graph: Graph, evidence: Node) -> str:
    for selector in graph.objects(evidence, OA.hasSelector):
        exact = graph.value(selector, OA.exact)
        if exact is not None:
            return str(exact)
    return ""


def _show(value: Node) -> str:
    return f'"{value}"' if isinstance(value, Literal) else short(value)


def _cut(text: str, size: int = 50) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."
