"""The SHACL validation report both engines produce, and the names it gives to terms.

pySHACL (:mod:`electionkg.shacl.pyshacl_engine`) and the SPARQL engine
(:mod:`electionkg.shacl.sparql`) both end in a :class:`ValidationReport` of short readable
strings, named by one :class:`Namer`, so that the two reports can be compared string for string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from electionkg.rdf import namespaces
from electionkg.shacl.paths import NotAPathError, render_path

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_MAX_LITERAL = 60


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL result, every field a short readable string (IRIs shortened by prefix)."""

    focus_node: str
    result_path: str
    message: str
    value: str
    severity: str
    source_shape: str


@dataclass
class ValidationReport:
    """Whether the data conforms, and the results in a deterministic order."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)

    def count(self, severity: str) -> int:
        """The number of results of one severity: "Violation", "Warning" or "Info"."""
        return sum(1 for result in self.results if result.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    def summary(self) -> str:
        """One line: whether the data conforms and how many results of each severity."""
        counts = [
            _plural(self.count(severity), severity.lower())
            for severity in SEVERITY_ORDER
            if self.count(severity)
        ]
        focus = _plural(len({result.focus_node for result in self.results}), "focus node")
        if self.conforms:
            return "Conforms." if not counts else f"Conforms, with {', '.join(counts)} on {focus}."
        return f"Does not conform: {', '.join(counts) or 'no results'} on {focus}."

    def format_text(self) -> str:
        """The summary, then one block per focus node with a line per result.

        Each line names the path (``(node)`` for a result about the node itself), the
        plain-words message and the offending value; warnings and infos are marked.
        """
        lines = [self.summary()]
        focus_node = None
        for result in self.results:
            if result.focus_node != focus_node:
                focus_node = result.focus_node
                lines += ["", focus_node]
            mark = "" if result.severity == "Violation" else f"[{result.severity.lower()}] "
            value = f" (value: {result.value})" if result.value else ""
            lines.append(f"  {mark}{result.result_path or '(node)'}: {result.message}{value}")
        return "\n".join(lines)


def render_message(messages: Iterable[Node]) -> str:
    """The English (or untagged) message if there is one, else the first in a stable order."""
    literals = sorted((m for m in messages if isinstance(m, Literal)), key=lambda m: str(m))
    for literal in literals:
        if literal.language in (None, "en") or str(literal.language).startswith("en-"):
            return " ".join(str(literal).split())
    return " ".join(str(literals[0]).split()) if literals else ""


class DataLookups(Protocol):
    """The two look-ups naming a blank node needs: an rdflib graph, or a store seen as one."""

    def subject_predicates(self, object: Node | None = None) -> Iterator[tuple[Node, Node]]: ...

    def objects(
        self, subject: Node | None = None, predicate: Node | None = None
    ) -> Iterator[Node]: ...


class Namer:
    """Short, stable names for the terms of a report: prefixed IRIs, described blank nodes.

    ``data`` is the data graph, or (for the SPARQL engine) an Oxigraph store answering the
    same two look-ups, so that both engines name blank nodes identically.
    """

    def __init__(self, data: Graph | DataLookups, shapes: Graph, report: Graph) -> None:
        self.data = data
        self.shapes = shapes
        self.report = report

    def node(self, term: Node | None) -> str:
        if term is None:
            return ""
        if isinstance(term, BNode):
            return self._blank(term, depth=0, seen=set())
        return short(term)

    def _blank(self, node: BNode, depth: int, seen: set[Node]) -> str:
        """A blank node named by the way it is reached from an IRI, or by its types."""
        seen.add(node)
        arcs = [] if depth >= 4 else list(self.data.subject_predicates(node))
        arcs = [(subject, predicate) for subject, predicate in arcs if subject not in seen]
        arcs.sort(key=lambda arc: (isinstance(arc[0], BNode), short(arc[0]), short(arc[1])))
        if arcs:
            subject, predicate = arcs[0]
            if isinstance(subject, BNode):
                named = self._blank(subject, depth + 1, seen)
                if " via " in named:
                    return f"{named}/{short(predicate)}"
                return f"[] from {named} via {short(predicate)}"
            return f"[] from {short(subject)} via {short(predicate)}"
        types = sorted(short(t) for t in self.data.objects(node, RDF.type))
        return f"[] a {', '.join(types)}" if types else "[] (a blank node)"

    def path(self, term: Node | None) -> str:
        """A SHACL property path in SPARQL property-path syntax."""
        if term is None:
            return ""
        if not isinstance(term, BNode):
            return short(term)
        for graph in (self.report, self.shapes):
            try:
                return render_path(term, graph, short, sparql=False)
            except NotAPathError:
                continue
        return "(complex path)"

    def shape(self, term: Node | None) -> str:
        if term is None:
            return ""
        if not isinstance(term, BNode):
            return short(term)
        parent = self.shapes.value(predicate=SH.property, object=term)
        path = self.path(self.shapes.value(term, SH.path))
        if parent is not None and not isinstance(parent, BNode):
            return f"{short(parent)} property {path}".rstrip()
        return f"[] property shape {path}".rstrip()


def short(term: Node) -> str:
    """An IRI as prefix:rest with the project's prefixes (longest match), a literal as Turtle."""
    if isinstance(term, Literal):
        text = " ".join(str(term).split())
        if len(text) > _MAX_LITERAL:
            text = text[: _MAX_LITERAL - 1] + "…"
        text = '"' + text.replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{short(term.datatype)}"
        return text
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, namespace in _PREFIXES_LONGEST_FIRST:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"
    return str(term)


_PREFIXES_LONGEST_FIRST = sorted(namespaces.PREFIXES.items(), key=lambda item: -len(item[1]))


def local_name(term: Node) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
