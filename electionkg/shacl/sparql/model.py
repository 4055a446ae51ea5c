"""What the SPARQL engine reads shapes into, and the parameter families it knows.

A :class:`Shape` is a shape as pySHACL reads it; a :class:`RawResult` is one result before
its terms are named; a :class:`TermTest` is a per-value test decided in Python (datatypes,
ranges, strings) whose failing terms are written into the SPARQL. Anything outside the families
listed here makes the compiler raise :class:`UnsupportedShapesError`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from electionkg.rdf.terms import OxTerm, to_oxigraph
from electionkg.shacl.report import short


class UnsupportedShapesError(Exception):
    """A shape uses a SHACL feature this engine does not implement (validate with pySHACL)."""


# Parameters a shape may carry that do not constrain anything (or are read elsewhere).
DESCRIPTIVE = {
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.path,
    SH.property,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.declare,
    SH.prefixes,
    SH.flags,
    SH.ignoredProperties,
    SH.qualifiedValueShape,
    SH.qualifiedValueShapesDisjoint,
}
VALUE_TESTS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH.node,
    SH["or"],
    SH["and"],
    SH.xone,
    SH["not"],
}
FOCUS_TESTS = {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang}
# Tests of a focus node as a whole, run only on targeted shapes (refused inside sh:node...).
WHOLE_FOCUS_TESTS = {
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.closed,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}
SUPPORTED = DESCRIPTIVE | VALUE_TESTS | FOCUS_TESTS | WHOLE_FOCUS_TESTS | {SH.sparql}
SPARQL_CONSTRAINT_KEYS = {SH.select, SH.message, SH.prefixes, SH.deactivated, RDF.type}
NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
SHAPE_LIST_PARAMETERS = (SH["or"], SH["and"], SH.xone)


@dataclass
class Shape:
    """One shape as pySHACL reads it: its path (property shapes), severity, messages, params."""

    node: Node
    path: Node | None
    sparql_path: str | None
    severity: Node
    messages: list[Literal]
    deactivated: bool
    parameters: list[tuple[Node, Node]]
    properties: list[Shape] = field(default_factory=list)


@dataclass
class RawResult:
    """A result before naming: Oxigraph terms from the store, rdflib terms from the shapes."""

    top_severity: Node
    severity: Node
    source_shape: Node
    focus: OxTerm
    path: Node | OxTerm | None
    value: OxTerm | None
    messages: list[Literal]
    component: Node  # the constraint component (sh:MinCountConstraintComponent...)
    constraint: Node | None = None  # the sh:sparql constraint node, for SHACL-SPARQL results


@dataclass
class TermTest:
    """A per-value test pySHACL decides in Python (datatype, ranges, strings).

    It is run once on every distinct candidate term and the failing terms are written into
    the SPARQL as a ``sameTerm`` list: set-at-a-time, yet exactly rdflib's and pySHACL's verdict.
    The candidates are the values the constraint reaches (``source``, for a targeted shape's own
    test), else every object of the predicates the values come through (``domain``, for tests
    in nested shapes). Judging only the reached values keeps the list short: over the whole
    domain, it held every value other shapes allow and this one does not, and the query's cost
    grew with the square of the data.
    """

    ok: Callable[[Node], bool]
    prefilter: str  # SPARQL expression over ?v selecting the terms the Python test must judge
    domain: frozenset[str] | None  # predicate IRIs whose objects hold the values; None: any
    outside: str  # SPARQL verdict (with {v}) for the terms the prefilter leaves out: "true"/...
    source: str | None = None  # a SPARQL pattern binding ?v to the values the test judges


def component_of(parameter: Node) -> URIRef:
    """The constraint component a parameter belongs to (``sh:minCount`` ->
    ``sh:MinCountConstraintComponent``)."""
    if parameter == SH.sparql:
        return SH.SPARQLConstraintComponent
    local = str(parameter)[len(str(SH)) :]
    return SH[local[0].upper() + local[1:] + "ConstraintComponent"]


def is_true(literal: Node, *, strict: bool = False) -> bool:
    """``literal`` is the boolean true (``sh:deactivated true``, ``sh:uniqueLang true``).

    ``strict``: only the literal ``true`` itself, as the standard says for ``sh:uniqueLang``
    ("1"^^xsd:boolean is another term; pySHACL reads it as true, which loses a W3C case).
    """
    if strict:
        return isinstance(literal, Literal) and literal == Literal(True)
    return isinstance(literal, Literal) and literal.toPython() is True


def count_of(value: Node, name: str, parameter: Node) -> int:
    """The non-negative integer of ``sh:minCount``/``sh:maxCount``, else a refusal."""
    if not isinstance(value, Literal) or value.datatype != XSD.integer:
        raise UnsupportedShapesError(f"{name}: {short(parameter)} must be an xsd:integer")
    count = int(value.toPython())
    if count < 0:
        raise UnsupportedShapesError(f"{name}: {short(parameter)} must not be negative")
    return count


def literal_text(literal: Literal) -> str:
    """A literal as SPARQL text (N-Triples escaping)."""
    return str(to_oxigraph(literal))


def same_term_any(var: str, terms: Sequence[str]) -> str:
    """``var`` is one of ``terms`` by RDF term identity (``IN`` compares values, and errs)."""
    if not terms:
        return "false"
    return "(" + " || ".join(f"sameTerm({var}, {t})" for t in terms) + ")"


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback and warns for every ill-typed literal it is asked to read."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = previous
